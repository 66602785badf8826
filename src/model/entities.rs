//! The things around stories: the product, epics, sprints and stakeholder requests.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{number, timestamp};

/// The product the backlog is for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Product {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub vision: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A large piece of work that groups stories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Epic {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a sprint is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SprintState {
    #[default]
    Planned,
    Active,
    Closed,
}

impl fmt::Display for SprintState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SprintState::Planned => "planned",
            SprintState::Active => "active",
            SprintState::Closed => "closed",
        })
    }
}

/// A time-box with a goal and a capacity in points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sprint {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    #[serde(default, with = "number::optional")]
    pub capacity: Option<f64>,
    #[serde(default)]
    pub state: SprintState,
    /// What po recorded when the sprint started and closed.
    #[serde(flatten)]
    pub record: SprintRecord,
    /// The stories marked as serving this sprint's goal. The mark belongs to
    /// the sprint: a story that moves to another sprint does not serve that
    /// one's goal unless it is marked there too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goal_stories: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What po records on a sprint: its commitment at start, its outcome at
/// close. A sprint started or closed by hand (or by an older po) has fields
/// missing; metrics then fall back to what the stories say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SprintRecord {
    /// When the sprint actually started (`po sprint start`); its planned
    /// start stays in `start`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "timestamp::optional"
    )]
    pub started_at: Option<DateTime<Utc>>,
    /// The stories in the sprint when it started, in rank order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_stories: Option<Vec<String>>,
    /// Their estimated points.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "number::flattened"
    )]
    pub committed_points: Option<f64>,
    /// When the sprint actually ended (`po sprint close`); its planned end
    /// stays in `end`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "timestamp::optional"
    )]
    pub closed_at: Option<DateTime<Utc>>,
    /// The stories done when it closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_stories: Option<Vec<String>>,
    /// Their estimated points: the sprint's velocity.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "number::flattened"
    )]
    pub done_points: Option<f64>,
    /// The unfinished stories that left the sprint when it closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over: Option<Vec<String>>,
}

/// What became of a stakeholder request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    #[default]
    New,
    Accepted,
    Declined,
}

impl fmt::Display for RequestState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequestState::New => "new",
            RequestState::Accepted => "accepted",
            RequestState::Declined => "declined",
        })
    }
}

/// A request from a stakeholder, triaged into a story or declined with a reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub key: String,
    pub text: String,
    #[serde(default)]
    pub from: String,
    #[serde(with = "timestamp")]
    pub received: DateTime<Utc>,
    #[serde(default)]
    pub state: RequestState,
    #[serde(default)]
    pub story: Option<String>,
    #[serde(default)]
    pub reason: String,
    /// When it was accepted or declined; the stakeholder report tells the
    /// decisions made since a date by it. Not written while it is new.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "timestamp::optional"
    )]
    pub decided: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
