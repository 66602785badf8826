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
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
