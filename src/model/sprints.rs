//! Sprint operations: edit, start, close (with carry-over), stories in and out,
//! and stories marked as serving the sprint goal. Each one returns the
//! [`Change`] it made, so the TUI can undo it.
//!
//! What po learns when a sprint starts and closes is kept in a [`SprintRecord`],
//! written as extra fields of the sprint object in the file (`started_at`,
//! `committed_stories`, `done_points`, ...), so files stay readable by older
//! builds, which keep unknown fields as they are.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Backlog, Change, Item, ModelError, Sprint, SprintState, Status, Story};

/// The label that marks a story as serving its sprint's goal.
pub const GOAL_LABEL: &str = "sprint-goal";

/// What po records on a sprint: its commitment at start, its outcome at close.
/// A sprint started or closed by hand (or by an older po) has fields missing;
/// metrics then fall back to what the stories say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SprintRecord {
    /// When `po sprint start` ran.
    pub started_at: Option<DateTime<Utc>>,
    /// The stories in the sprint when it started, in rank order.
    pub committed_stories: Option<Vec<String>>,
    /// Their estimated points.
    pub committed_points: Option<f64>,
    /// When the sprint was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The stories done when it closed.
    pub done_stories: Option<Vec<String>>,
    /// Their estimated points: the sprint's velocity.
    pub done_points: Option<f64>,
    /// The unfinished stories that left the sprint when it closed.
    pub carried_over: Option<Vec<String>>,
}

/// Field names of the record in the sprint object, in the order they are written.
const STARTED_AT: &str = "started_at";
const COMMITTED_STORIES: &str = "committed_stories";
const COMMITTED_POINTS: &str = "committed_points";
const CLOSED_AT: &str = "closed_at";
const DONE_STORIES: &str = "done_stories";
const DONE_POINTS: &str = "done_points";
const CARRIED_OVER: &str = "carried_over";

impl Sprint {
    /// A planned sprint with a name and nothing else; give it to [`Backlog::add_sprint`].
    pub fn named(name: &str) -> Sprint {
        Sprint {
            key: String::new(),
            name: name.to_string(),
            goal: String::new(),
            start: None,
            end: None,
            capacity: None,
            state: SprintState::Planned,
            extra: Map::new(),
        }
    }

    /// What po recorded at start and close. A field that a hand edit made
    /// unreadable counts as missing rather than failing.
    pub fn record(&self) -> SprintRecord {
        SprintRecord {
            started_at: field(&self.extra, STARTED_AT),
            committed_stories: field(&self.extra, COMMITTED_STORIES),
            committed_points: field::<f64>(&self.extra, COMMITTED_POINTS)
                .filter(|p| p.is_finite() && *p >= 0.0),
            closed_at: field(&self.extra, CLOSED_AT),
            done_stories: field(&self.extra, DONE_STORIES),
            done_points: field::<f64>(&self.extra, DONE_POINTS)
                .filter(|p| p.is_finite() && *p >= 0.0),
            carried_over: field(&self.extra, CARRIED_OVER),
        }
    }

    /// Writes the record into the sprint's extra fields; `None` removes a field.
    pub fn set_record(&mut self, record: &SprintRecord) {
        let keys = |k: &Option<Vec<String>>| {
            k.as_ref()
                .map(|v| Value::Array(v.iter().cloned().map(Value::String).collect()))
        };
        // As the rest of the file writes times: `2026-11-02T09:30:00Z`.
        let time = |t: &Option<DateTime<Utc>>| {
            t.map(|t| Value::String(t.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
        };
        put(&mut self.extra, STARTED_AT, time(&record.started_at));
        put(
            &mut self.extra,
            COMMITTED_STORIES,
            keys(&record.committed_stories),
        );
        put(
            &mut self.extra,
            COMMITTED_POINTS,
            record.committed_points.map(points_value),
        );
        put(&mut self.extra, CLOSED_AT, time(&record.closed_at));
        put(&mut self.extra, DONE_STORIES, keys(&record.done_stories));
        put(
            &mut self.extra,
            DONE_POINTS,
            record.done_points.map(points_value),
        );
        put(&mut self.extra, CARRIED_OVER, keys(&record.carried_over));
    }
}

impl Story {
    /// Whether the story is marked as serving its sprint's goal.
    pub fn serves_goal(&self) -> bool {
        self.labels.iter().any(|l| l == GOAL_LABEL)
    }

    /// Adds or removes the [`GOAL_LABEL`] label.
    pub fn set_serves_goal(&mut self, serves: bool) {
        if serves && !self.serves_goal() {
            self.labels.push(GOAL_LABEL.to_string());
        } else if !serves {
            self.labels.retain(|l| l != GOAL_LABEL);
        }
    }
}

fn field<T: DeserializeOwned>(extra: &Map<String, Value>, name: &str) -> Option<T> {
    extra
        .get(name)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn put(extra: &mut Map<String, Value>, name: &str, value: Option<Value>) {
    match value {
        Some(v) => {
            extra.insert(name.to_string(), v);
        }
        None => {
            extra.remove(name);
        }
    }
}

/// Points as the file writes them: whole numbers without ".0".
fn points_value(p: f64) -> Value {
    if p.fract() == 0.0 && (0.0..9.0e15).contains(&p) {
        // Whole and in range, so the conversion is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Value::from(p as u64)
    } else {
        serde_json::Number::from_f64(p).map_or(Value::Null, Value::Number)
    }
}

impl Backlog {
    /// The first planned sprint in the list: the one `po sprint start` starts by default.
    pub fn next_planned_sprint(&self) -> Option<&Sprint> {
        self.sprints
            .iter()
            .find(|s| s.state == SprintState::Planned)
    }

    /// Edits a sprint's name, goal, dates or capacity through a closure. The
    /// key, state and record cannot change this way (use start and close).
    /// `None` when nothing changed.
    pub fn edit_sprint(
        &mut self,
        key: &str,
        edit: impl FnOnce(&mut Sprint),
    ) -> Result<Option<Change>, ModelError> {
        let index = self.require_sprint(key)?;
        let before = self.sprints[index].clone();
        let mut after = before.clone();
        edit(&mut after);
        if after == before {
            return Ok(None);
        }
        if after.key != before.key || after.state != before.state {
            return Err(ModelError::Invalid(
                "a sprint's key and state change only by starting or closing it".to_string(),
            ));
        }
        if after.record() != before.record() {
            return Err(ModelError::Invalid(
                "what a sprint recorded at start and close cannot be edited".to_string(),
            ));
        }
        check_sprint(&mut after)?;
        let change = Change::Update {
            index,
            before: Item::Sprint(before),
            after: Item::Sprint(after),
        };
        self.apply(&change)?;
        Ok(Some(change))
    }

    /// Starts a planned sprint: it becomes the one active sprint, and its
    /// stories and points are recorded as the commitment (to measure scope
    /// change later). A sprint without a start date starts today.
    pub fn start_sprint(&mut self, key: &str, now: DateTime<Utc>) -> Result<Change, ModelError> {
        let index = self.require_sprint(key)?;
        let before = self.sprints[index].clone();
        if before.state != SprintState::Planned {
            return Err(ModelError::Invalid(format!(
                "{key} is {}; only a planned sprint can start",
                before.state
            )));
        }
        if let Some(active) = self.active_sprint() {
            return Err(ModelError::Invalid(format!(
                "{} is still active; close it first",
                active.key
            )));
        }
        let committed: Vec<&Story> = self.stories_in(key).collect();
        let mut after = before.clone();
        after.state = SprintState::Active;
        let today = now.date_naive();
        if after.start.is_none() {
            after.start = Some(today);
        }
        if after.end.is_some_and(|end| Some(end) < after.start) {
            return Err(ModelError::Invalid(format!(
                "{key} would end ({}) before it starts; set its dates first",
                after.end.map(|d| d.to_string()).unwrap_or_default()
            )));
        }
        let mut record = after.record();
        record.started_at = Some(now);
        record.committed_stories = Some(committed.iter().map(|s| s.key.clone()).collect());
        record.committed_points = Some(Backlog::points_of(committed.iter().copied()));
        after.set_record(&record);
        let change = Change::Update {
            index,
            before: Item::Sprint(before),
            after: Item::Sprint(after),
        };
        self.apply(&change)?;
        Ok(change)
    }

    /// Closes the active sprint: records its done stories and points, and
    /// sends the unfinished stories back to the top of the backlog in their
    /// rank order, or into the planned sprint `carry_to` (keeping their ranks).
    /// Work that goes back to the backlog is no longer being done, so an
    /// "in progress" story there becomes "todo" again ([`reset_to_todo`]
    /// lists them); carried into the next sprint it stays in progress.
    pub fn close_sprint(
        &mut self,
        key: &str,
        carry_to: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Change, ModelError> {
        let index = self.require_sprint(key)?;
        let before = self.sprints[index].clone();
        if before.state != SprintState::Active {
            return Err(ModelError::Invalid(format!(
                "{key} is {}; only the active sprint can be closed",
                before.state
            )));
        }
        if let Some(next) = carry_to {
            let target = self
                .sprint(next)
                .ok_or_else(|| ModelError::NoSuchSprint(next.to_string()))?;
            if target.state != SprintState::Planned {
                return Err(ModelError::Invalid(format!(
                    "unfinished work can only go to a planned sprint, and {next} is {}",
                    target.state
                )));
            }
        }
        let mut done = Vec::new();
        let mut unfinished = Vec::new();
        for (i, s) in self.stories.iter().enumerate() {
            if s.sprint.as_deref() == Some(key) {
                if s.status == Status::Done {
                    done.push(&**s);
                } else {
                    unfinished.push(i);
                }
            }
        }
        let mut after = before.clone();
        after.state = SprintState::Closed;
        if after.end.is_none() {
            after.end = Some(
                now.date_naive()
                    .max(after.start.unwrap_or(now.date_naive())),
            );
        }
        let mut record = after.record();
        record.closed_at = Some(now);
        record.done_stories = Some(done.iter().map(|s| s.key.clone()).collect());
        record.done_points = Some(Backlog::points_of(done.iter().copied()));
        record.carried_over = Some(
            unfinished
                .iter()
                .map(|&i| self.stories[i].key.clone())
                .collect(),
        );
        after.set_record(&record);

        let mut changes = vec![Change::Update {
            index,
            before: Item::Sprint(before),
            after: Item::Sprint(after),
        }];
        for &i in &unfinished {
            changes.push(self.story_update(i, now, |s| {
                s.sprint = carry_to.map(str::to_string);
                if carry_to.is_none() && s.status == Status::InProgress {
                    s.status = Status::Todo;
                }
            }));
        }
        if carry_to.is_none() {
            // Moving the k-th unfinished story (in rank order) to rank k keeps
            // their order: the ones before it are already above it.
            for (to, &from) in unfinished.iter().enumerate() {
                if from != to {
                    changes.push(Change::MoveStory {
                        key: self.stories[from].key.clone(),
                        from,
                        to,
                    });
                }
            }
        }
        let change = Change::Batch(changes);
        self.apply(&change)?;
        Ok(change)
    }

    /// Puts stories into a planned or active sprint (taking them out of any
    /// other sprint). Done stories are refused. `None` when all were in it.
    pub fn add_to_sprint(
        &mut self,
        sprint: &str,
        stories: &[impl AsRef<str>],
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        let indexes = self.indexes_of(stories)?;
        self.add_to_sprint_at(sprint, &indexes, now)
    }

    /// [`Backlog::add_to_sprint`] for the stories at these ranks, for callers
    /// that already know where they are (no pass over the backlog).
    pub fn add_to_sprint_at(
        &mut self,
        sprint: &str,
        indexes: &[usize],
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        self.require_open_sprint(sprint)?;
        let mut changes = Vec::new();
        for &i in indexes {
            let s = self.story_at(i)?;
            if s.sprint.as_deref() == Some(sprint) {
                continue;
            }
            if s.status == Status::Done {
                return Err(ModelError::Invalid(format!(
                    "{} is already done; only open work goes into a sprint",
                    s.key
                )));
            }
            changes.push(self.story_update(i, now, |s| s.sprint = Some(sprint.to_string())));
        }
        self.apply_all(changes)
    }

    /// Takes stories out of a planned or active sprint; they keep their rank.
    pub fn remove_from_sprint(
        &mut self,
        sprint: &str,
        stories: &[impl AsRef<str>],
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        let indexes = self.indexes_of(stories)?;
        self.remove_from_sprint_at(sprint, &indexes, now)
    }

    /// [`Backlog::remove_from_sprint`] for the stories at these ranks.
    pub fn remove_from_sprint_at(
        &mut self,
        sprint: &str,
        indexes: &[usize],
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        self.require_open_sprint(sprint)?;
        let mut changes = Vec::new();
        for &i in indexes {
            let s = self.story_at(i)?;
            if s.sprint.as_deref() != Some(sprint) {
                return Err(ModelError::Invalid(format!("{} is not in {sprint}", s.key)));
            }
            changes.push(self.story_update(i, now, |s| s.sprint = None));
        }
        self.apply_all(changes)
    }

    /// Marks a story as serving (or not) its sprint's goal, with the
    /// [`GOAL_LABEL`] label. `None` when it already was as asked.
    pub fn set_serves_goal(
        &mut self,
        key: &str,
        serves: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        self.update_story(key, now, |s| s.set_serves_goal(serves))
    }

    /// The stories of a sprint, in rank order.
    pub fn stories_in<'a>(&'a self, sprint: &'a str) -> impl Iterator<Item = &'a Story> + 'a {
        self.stories
            .iter()
            .filter(move |s| s.sprint.as_deref() == Some(sprint))
            .map(|s| &**s)
    }

    fn require_sprint(&self, key: &str) -> Result<usize, ModelError> {
        self.sprints
            .iter()
            .position(|s| s.key == key)
            .ok_or_else(|| ModelError::NoSuchSprint(key.to_string()))
    }

    fn require_open_sprint(&self, key: &str) -> Result<(), ModelError> {
        let index = self.require_sprint(key)?;
        if self.sprints[index].state == SprintState::Closed {
            return Err(ModelError::Invalid(format!(
                "{key} is closed; its stories are history"
            )));
        }
        Ok(())
    }

    /// Ranks of the given stories in the order given, in one pass over the
    /// backlog; duplicates count once.
    fn indexes_of(&self, keys: &[impl AsRef<str>]) -> Result<Vec<usize>, ModelError> {
        let wanted: HashSet<&str> = keys.iter().map(AsRef::as_ref).collect();
        let found: HashMap<&str, usize> = self
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| wanted.contains(s.key.as_str()))
            .map(|(i, s)| (s.key.as_str(), i))
            .collect();
        let mut seen = HashSet::new();
        let mut indexes = Vec::new();
        for key in keys {
            let key = key.as_ref();
            let i = *found
                .get(key)
                .ok_or_else(|| ModelError::NoSuchStory(key.to_string()))?;
            if seen.insert(i) {
                indexes.push(i);
            }
        }
        Ok(indexes)
    }

    /// An update of the story at `index`, not yet applied.
    fn story_update(
        &self,
        index: usize,
        now: DateTime<Utc>,
        edit: impl FnOnce(&mut Story),
    ) -> Change {
        let before = Arc::clone(&self.stories[index]);
        let mut after = Story::clone(&before);
        edit(&mut after);
        after.updated = now;
        Change::Update {
            index,
            before: Item::Story(before),
            after: Item::Story(Arc::new(after)),
        }
    }

    fn apply_all(&mut self, changes: Vec<Change>) -> Result<Option<Change>, ModelError> {
        let change = match changes.len() {
            0 => return Ok(None),
            1 => changes.into_iter().next().expect("one change"),
            _ => Change::Batch(changes),
        };
        self.apply(&change)?;
        Ok(Some(change))
    }
}

/// The stories a sprint close (or any change) set back from "in progress"
/// to "todo", in the order it touched them: for the message that says so.
pub fn reset_to_todo(change: &Change) -> Vec<String> {
    match change {
        Change::Update {
            before: Item::Story(b),
            after: Item::Story(a),
            ..
        } if b.status == Status::InProgress && a.status == Status::Todo => vec![a.key.clone()],
        Change::Batch(changes) => changes.iter().flat_map(reset_to_todo).collect(),
        _ => Vec::new(),
    }
}

/// Checks an edited sprint's fields, trimming the name.
fn check_sprint(sprint: &mut Sprint) -> Result<(), ModelError> {
    let name = sprint.name.trim();
    if name.is_empty() {
        return Err(ModelError::Invalid(
            "a sprint's name cannot be empty".to_string(),
        ));
    }
    sprint.name = name.to_string();
    sprint.goal = sprint.goal.trim().to_string();
    if let Some(c) = sprint.capacity
        && !(c.is_finite() && c >= 0.0)
    {
        return Err(ModelError::Invalid(format!(
            "a sprint's capacity must be a non-negative number, not {c}"
        )));
    }
    if let (Some(start), Some(end)) = (sprint.start, sprint.end)
        && end < start
    {
        return Err(ModelError::Invalid(format!(
            "the sprint ends ({end}) before it starts ({start})"
        )));
    }
    Ok(())
}
