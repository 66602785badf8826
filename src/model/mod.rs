//! The backlog model: plain data, serde, and total operations that return the
//! [`Change`] they made. No terminal or file code lives here.

pub mod board;
mod bulk;
mod burndown;
mod change;
mod conflicts;
pub mod deps;
mod describe;
pub mod diff;
mod entities;
mod entity_ops;
mod filter;
pub mod forecast;
pub mod keys;
mod lookup;
pub mod merge;
pub mod metrics;
pub mod moscow;
mod next_sprint;
pub mod number;
mod ops;
mod planning;
mod product;
pub mod ready;
mod rename;
mod reordering;
mod report;
mod requests;
pub mod rescore;
mod review;
pub mod rice;
pub mod roadmap;
pub mod sample;
mod simulate;
mod split;
mod sprints;
pub mod standup;
mod story;
pub(crate) mod timestamp;
mod validate;
pub mod what_if;

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use board::{AGEING_IN_PROGRESS, Moved};
pub use burndown::{Burndown, BurndownDay, ScopeChange};
pub use change::{Change, Item};
pub use conflicts::{Conflict, Entity};
pub use entities::{
    Epic, EpicOutcome, Product, Request, RequestState, Sprint, SprintRecord, SprintState,
};
pub use filter::{SprintFilter, StoryFilter};
pub use forecast::{Fit, FitsBy, Forecast, ForecastOptions, Level, Outcome, Percentiles};
pub use keys::{Kind, NextKeys};
pub use lookup::{Scan, StoryLookup};
pub use metrics::{
    ActiveSprintStats, DurationBucket, Durations, EpicProgress, SprintVelocity, Stats, Summary,
    VELOCITY_WINDOW, VelocityStats,
};
pub use ops::Position;
pub use planning::{Budget, BudgetSource, CutLine, NotReady, SprintLoad};
pub use reordering::{Reason, Reordering};
pub use report::{Report, Shipped};
pub use requests::{Stakeholder, request_age};
pub use review::{ReviewRequest, ReviewStory, SprintReview};
pub use roadmap::{EpicForecast, Finish, Roadmap, RunningSprint, SprintStory};
pub use split::{SplitChild, SplitParent, children_by_criteria};
pub use sprints::{LEGACY_GOAL_LABEL, is_history, reset_to_todo};
pub use standup::Standup;
pub use story::{Blocked, Criterion, Moscow, Rice, Status, StatusChange, Story, format_points};
pub use validate::{DuplicateKey, Place, Problem, Renumbered};
pub use what_if::{EpicShift, LevelShift, SprintShift, WhatIf};

/// The `format` field every backlog file carries.
pub const FORMAT: &str = "po-backlog";
/// The newest file format version this build reads and writes. Version 2
/// counts keys per kind (`next_keys`); version 1 had one shared `next_id`.
pub const VERSION: u32 = 2;

/// A whole backlog: what one file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backlog {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub product: Product,
    /// The next number of each kind of key (`next_keys` in the file).
    #[serde(default)]
    pub next_keys: NextKeys,
    #[serde(default)]
    pub epics: Vec<Epic>,
    /// Rank order: index 0 is the top priority. Shared pointers, so that moving
    /// a story shifts pointers rather than whole stories, undo records share
    /// the stories they name, and a snapshot for a background save is cheap.
    #[serde(default)]
    pub stories: Vec<Arc<Story>>,
    #[serde(default)]
    pub sprints: Vec<Sprint>,
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Fields a merge could not decide (`po merge`), until `po resolve`
    /// picks a value. Not written when empty, so other files stay as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a model operation was refused. Nothing changed when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("no story {0}")]
    NoSuchStory(String),
    #[error("no epic {0}")]
    NoSuchEpic(String),
    #[error("no sprint {0}")]
    NoSuchSprint(String),
    #[error("no request {0}")]
    NoSuchRequest(String),
    #[error("{0}")]
    Invalid(String),
    #[error("cannot apply '{0}': the backlog changed since")]
    Stale(String),
}

impl Default for Backlog {
    fn default() -> Self {
        Backlog::new("")
    }
}

impl Backlog {
    /// An empty backlog for a product.
    pub fn new(name: &str) -> Self {
        Backlog {
            format: FORMAT.to_string(),
            version: VERSION,
            product: Product {
                name: name.to_string(),
                ..Product::default()
            },
            next_keys: NextKeys::default(),
            epics: Vec::new(),
            stories: Vec::new(),
            sprints: Vec::new(),
            requests: Vec::new(),
            conflicts: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Index (rank - 1) of a story.
    pub fn story_index(&self, key: &str) -> Option<usize> {
        self.stories.iter().position(|s| s.key == key)
    }

    /// A story by key.
    pub fn story(&self, key: &str) -> Option<&Story> {
        self.stories.iter().find(|s| s.key == key).map(|s| &**s)
    }

    /// An epic by key.
    pub fn epic(&self, key: &str) -> Option<&Epic> {
        self.epics.iter().find(|e| e.key == key)
    }

    /// A sprint by key.
    pub fn sprint(&self, key: &str) -> Option<&Sprint> {
        self.sprints.iter().find(|s| s.key == key)
    }

    /// The sprint in progress, if any.
    pub fn active_sprint(&self) -> Option<&Sprint> {
        self.sprints.iter().find(|s| s.state == SprintState::Active)
    }

    /// Sum of the estimated points of the given stories.
    pub fn points_of<'a>(stories: impl IntoIterator<Item = &'a Story>) -> f64 {
        // Not `sum()`: an empty f64 sum is -0.0, which prints as "-0".
        stories
            .into_iter()
            .filter_map(|s| s.points)
            .fold(0.0, |sum, p| sum + p)
    }

    /// Allocates the next key of a kind (`S-`, `E-`, `SP-`, `R-`); keys are never reused.
    pub fn allocate_key(&mut self, kind: Kind) -> String {
        let counter = self.next_keys.get_mut(kind);
        let key = format!("{}-{counter}", kind.prefix());
        // A hand-edited file may hold u64::MAX; stop there rather than panic
        // (problems() then reports the key in use at the counter).
        *counter = counter.saturating_add(1);
        key
    }

    /// Every key in the backlog, whatever list it is in.
    pub fn all_keys(&self) -> impl Iterator<Item = &str> {
        self.stories
            .iter()
            .map(|s| s.key.as_str())
            .chain(self.epics.iter().map(|e| e.key.as_str()))
            .chain(self.sprints.iter().map(|s| s.key.as_str()))
            .chain(self.requests.iter().map(|r| r.key.as_str()))
    }

    /// Makes sure each counter is above every key of its kind in use, so no
    /// key is ever reused even when a file was edited by hand. Returns the
    /// kinds whose counter had to move.
    pub fn repair_next_keys(&mut self) -> Vec<Kind> {
        let mut wanted = NextKeys::default();
        for (kind, n) in self.all_keys().filter_map(Kind::of_key) {
            let w = wanted.get_mut(kind);
            *w = (*w).max(n.saturating_add(1));
        }
        let mut moved = Vec::new();
        for kind in Kind::ALL {
            let counter = self.next_keys.get_mut(kind);
            if *counter < wanted.get(kind) {
                *counter = wanted.get(kind);
                moved.push(kind);
            }
        }
        moved
    }
}

/// The current time, truncated to whole seconds so the file stays readable.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}
