//! A user story and the small value types it is made of.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{number, timestamp};

/// Where a story is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    /// The name used in the file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// The next status in the workflow, wrapping around.
    pub fn next(self) -> Status {
        match self {
            Status::Todo => Status::InProgress,
            Status::InProgress => Status::Done,
            Status::Done => Status::Todo,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "todo" => Ok(Status::Todo),
            "in_progress" | "doing" | "wip" => Ok(Status::InProgress),
            "done" => Ok(Status::Done),
            _ => Err(format!(
                "unknown status '{s}': use todo, in_progress or done"
            )),
        }
    }
}

/// MoSCoW priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moscow {
    Must,
    Should,
    Could,
    Wont,
}

impl Moscow {
    /// Every priority, strongest first.
    pub const ALL: [Moscow; 4] = [Moscow::Must, Moscow::Should, Moscow::Could, Moscow::Wont];

    /// The name used in the file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Moscow::Must => "must",
            Moscow::Should => "should",
            Moscow::Could => "could",
            Moscow::Wont => "wont",
        }
    }

    /// Cycles none → must → should → could → won't → none.
    pub fn cycle(current: Option<Moscow>) -> Option<Moscow> {
        match current {
            None => Some(Moscow::Must),
            Some(Moscow::Must) => Some(Moscow::Should),
            Some(Moscow::Should) => Some(Moscow::Could),
            Some(Moscow::Could) => Some(Moscow::Wont),
            Some(Moscow::Wont) => None,
        }
    }
}

impl fmt::Display for Moscow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Moscow {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('\'', "").as_str() {
            "must" | "m" => Ok(Moscow::Must),
            "should" | "s" => Ok(Moscow::Should),
            "could" | "c" => Ok(Moscow::Could),
            "wont" | "w" => Ok(Moscow::Wont),
            _ => Err(format!(
                "unknown MoSCoW priority '{s}': use must, should, could or wont"
            )),
        }
    }
}

/// The inputs of a RICE score: reach × impact × confidence / effort.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rice {
    #[serde(with = "number")]
    pub reach: f64,
    #[serde(with = "number")]
    pub impact: f64,
    #[serde(with = "number")]
    pub confidence: f64,
    #[serde(with = "number")]
    pub effort: f64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Rice {
    fn default() -> Self {
        Rice {
            reach: 0.0,
            impact: 1.0,
            confidence: 1.0,
            effort: 1.0,
            extra: Map::new(),
        }
    }
}

impl Rice {
    /// The RICE score, or `None` when an input is invalid; see [`super::rice::score`].
    pub fn score(&self) -> Option<f64> {
        super::rice::score(self)
    }
}

/// One acceptance criterion, ticked off when met.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub text: String,
    #[serde(default)]
    pub done: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Criterion {
    /// A new, unmet criterion.
    pub fn new(text: impl Into<String>) -> Self {
        Criterion {
            text: text.into(),
            done: false,
            extra: Map::new(),
        }
    }
}

/// A user story: "As a <as_a>, I want <i_want>, so that <so_that>".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub as_a: String,
    #[serde(default)]
    pub i_want: String,
    #[serde(default)]
    pub so_that: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub acceptance: Vec<Criterion>,
    #[serde(default, with = "number::optional")]
    pub points: Option<f64>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub moscow: Option<Moscow>,
    #[serde(default)]
    pub rice: Option<Rice>,
    #[serde(default)]
    pub epic: Option<String>,
    #[serde(default)]
    pub sprint: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub requested_by: String,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(with = "timestamp")]
    pub created: DateTime<Utc>,
    #[serde(with = "timestamp")]
    pub updated: DateTime<Utc>,
    #[serde(default, with = "timestamp::optional")]
    pub done_at: Option<DateTime<Utc>>,
    /// Where an imported story came from (`jira:SHOP-2`, `github:#12`);
    /// `po import --update` finds the story again by it. Not written when
    /// unset, so files of stories made in po stay as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Every status change since po began recording them, oldest first:
    /// the status the story moved to and when. Cycle time reads it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_history: Vec<StatusChange>,
    /// The stakeholder request this story was accepted from (`R-3`); the
    /// request names the story back. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The story this one was split from (`S-12`), kept when that story is
    /// removed. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<String>,
    /// Who works on it, as free text ("Maya"); the board's swim lanes group
    /// by it. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Why the story is stuck and since when; not written when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A story's blocker: what it waits for and since when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Blocked {
    pub reason: String,
    #[serde(with = "timestamp")]
    pub since: DateTime<Utc>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Blocked {
    /// A blocker with a reason, from `since`.
    pub fn new(reason: impl Into<String>, since: DateTime<Utc>) -> Self {
        Blocked {
            reason: reason.into(),
            since,
            extra: Map::new(),
        }
    }
}

/// One entry of a story's status history: it moved to `status` at `at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: Status,
    #[serde(with = "timestamp")]
    pub at: DateTime<Utc>,
}

impl Story {
    /// A new story with only a key, a title and timestamps set.
    pub fn new(key: String, title: impl Into<String>, now: DateTime<Utc>) -> Self {
        Story {
            key,
            title: title.into(),
            as_a: String::new(),
            i_want: String::new(),
            so_that: String::new(),
            description: String::new(),
            acceptance: Vec::new(),
            points: None,
            status: Status::Todo,
            moscow: None,
            rice: None,
            epic: None,
            sprint: None,
            labels: Vec::new(),
            requested_by: String::new(),
            depends_on: Vec::new(),
            created: now,
            updated: now,
            done_at: None,
            source: None,
            status_history: Vec::new(),
            request: None,
            split_from: None,
            assignee: None,
            blocked: None,
            extra: Map::new(),
        }
    }

    /// "As a …, I want …, so that …", or `None` while the parts are empty.
    pub fn sentence(&self) -> Option<String> {
        if self.as_a.is_empty() && self.i_want.is_empty() && self.so_that.is_empty() {
            return None;
        }
        let mut s = format!("As {}, I want {}", with_article(&self.as_a), self.i_want);
        if !self.so_that.is_empty() {
            s.push_str(", so that ");
            s.push_str(&self.so_that);
        }
        Some(s)
    }

    /// Why the story is not ready for a sprint by its own fields (the
    /// Definition of Ready, `model::ready`), as short labels; empty when it is.
    pub fn not_ready_reasons(&self) -> Vec<&'static str> {
        super::ready::story_reasons(self)
            .iter()
            .map(super::ready::Reason::label)
            .collect()
    }

    /// Whether the story passes the Definition of Ready's rules on its own
    /// fields (the ranking of its dependencies is the backlog's to judge).
    pub fn is_ready(&self) -> bool {
        super::ready::story_is_ready(self)
    }

    /// Sets the status, keeps `done_at` in step with it and records the
    /// change in the status history.
    pub fn set_status(&mut self, status: Status, now: DateTime<Utc>) {
        if status != self.status {
            self.status_history.push(StatusChange { status, at: now });
        }
        if status == Status::Done && self.status != Status::Done {
            self.done_at = Some(now);
        } else if status != Status::Done {
            self.done_at = None;
        }
        self.status = status;
    }

    /// When the story first moved to in progress, if the history says.
    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.status_history
            .iter()
            .find(|c| c.status == Status::InProgress)
            .map(|c| c.at)
    }

    /// Whether `needle` (already lower-case) occurs in the key, title or story text.
    pub fn matches(&self, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        [
            &self.key,
            &self.title,
            &self.as_a,
            &self.i_want,
            &self.so_that,
            &self.description,
        ]
        .iter()
        .any(|field| contains_lowercase(field, needle))
            || self
                .acceptance
                .iter()
                .any(|c| contains_lowercase(&c.text, needle))
    }
}

/// Case-insensitive substring test that avoids allocating for ASCII text.
fn contains_lowercase(haystack: &str, needle_lower: &str) -> bool {
    if haystack.is_ascii() && needle_lower.is_ascii() {
        let h = haystack.as_bytes();
        let n = needle_lower.as_bytes();
        n.len() <= h.len()
            && h.windows(n.len())
                .any(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b))
    } else {
        haystack.to_lowercase().contains(needle_lower)
    }
}

/// Formats points without a needless ".0": 3, 0.5, 13.
pub fn format_points(points: Option<f64>) -> String {
    match points {
        None => "-".to_string(),
        Some(p) => number::display(p),
    }
}

/// "admin" → "an admin", "user" → "a user"; a role that already starts with
/// a determiner ("the buyer", "an EU customer") is kept as written.
fn with_article(role: &str) -> String {
    let lower = role.trim_start().to_lowercase();
    let determiners = [
        "a ", "an ", "the ", "my ", "our ", "any ", "every ", "each ",
    ];
    if role.trim().is_empty() || determiners.iter().any(|d| lower.starts_with(d)) {
        return role.to_string();
    }
    // Spelling, not sound: the usual exceptions either way.
    let sounds_like_you = ["us", "uni", "ut", "eu", "ew", "one", "once"];
    let silent_h = ["hour", "honest", "honor", "honour", "heir"];
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !sounds_like_you.iter().any(|p| lower.starts_with(p));
    let article = if vowel || silent_h.iter().any(|p| lower.starts_with(p)) {
        "an"
    } else {
        "a"
    };
    format!("{article} {role}")
}
