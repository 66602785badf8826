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
    /// The metric the epic should move: the why behind it. Not written
    /// when unset, so files without outcomes stay as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<EpicOutcome>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What an epic should change, measured: e.g. checkout conversion from a
/// baseline of 2.1 % to a target of 3 %, last measured at 2.4 % on a date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpicOutcome {
    /// What is measured, e.g. "checkout conversion".
    pub metric: String,
    /// The unit the values are in, e.g. "%" or "s"; may be empty.
    #[serde(default)]
    pub unit: String,
    /// The value before the epic.
    #[serde(default, with = "number::optional")]
    pub baseline: Option<f64>,
    /// The value the epic aims for.
    #[serde(default, with = "number::optional")]
    pub target: Option<f64>,
    /// The latest measured value ...
    #[serde(default, with = "number::optional")]
    pub measured: Option<f64>,
    /// ... and the day it was measured.
    #[serde(default)]
    pub measured_on: Option<NaiveDate>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl EpicOutcome {
    /// How far the latest measurement has come from the baseline toward the
    /// target (0.0 at the baseline, 1.0 at the target; beyond either end
    /// when the metric overshoots or went the wrong way). `None` without a
    /// baseline, a target and a measurement, or when they are equal.
    pub fn progress(&self) -> Option<f64> {
        let (base, target, now) = (self.baseline?, self.target?, self.measured?);
        let span = target - base;
        (span != 0.0).then(|| (now - base) / span)
    }

    /// One line: "checkout conversion: 2.1% → 3% (2.4% on 2026-11-01)".
    pub fn summary(&self) -> String {
        let value = |v: f64| format!("{}{}", number::display(v), self.unit);
        let mut line = self.metric.clone();
        match (self.baseline, self.target) {
            (Some(b), Some(t)) => line += &format!(": {} → {}", value(b), value(t)),
            (None, Some(t)) => line += &format!(": to {}", value(t)),
            (Some(b), None) => line += &format!(": from {}", value(b)),
            (None, None) => {}
        }
        match (self.measured, self.measured_on) {
            (Some(m), Some(on)) => line += &format!(" (latest {} on {on})", value(m)),
            (Some(m), None) => line += &format!(" (latest {})", value(m)),
            _ => {}
        }
        line
    }
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
