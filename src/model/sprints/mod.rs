//! Sprint operations: edit, start, close (with carry-over), stories in and out,
//! and stories marked as serving the sprint goal. Each one returns the
//! [`Change`] it made, so the TUI can undo it.
//!
//! What po learns when a sprint starts and closes is kept in its typed
//! [`SprintRecord`] (`started_at`, `committed_stories`, `done_points`, ...),
//! and the stories that serve its goal in `goal_stories` (see
//! docs/file-format.md).

mod goal;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::Map;

use super::{Backlog, Change, Item, ModelError, Sprint, SprintRecord, SprintState, Status, Story};
pub use goal::LEGACY_GOAL_LABEL;

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
            record: SprintRecord::default(),
            goal_stories: Vec::new(),
            extra: Map::new(),
        }
    }

    /// The day the sprint actually started: when po started it, else its
    /// planned start.
    pub fn actual_start(&self) -> Option<NaiveDate> {
        self.record
            .started_at
            .map(|t| t.date_naive())
            .or(self.start)
    }

    /// The day the sprint actually ended: when po closed it, else its
    /// planned end.
    pub fn actual_end(&self) -> Option<NaiveDate> {
        self.record.closed_at.map(|t| t.date_naive()).or(self.end)
    }

    /// Whether the story with this key is marked as serving this sprint's goal.
    pub fn serves_goal(&self, story: &str) -> bool {
        self.goal_stories.iter().any(|k| k == story)
    }
}

impl Backlog {
    /// Keys of the closed sprints, for `is_history`.
    pub fn closed_sprint_keys(&self) -> HashSet<String> {
        self.sprints
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .map(|s| s.key.clone())
            .collect()
    }

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
        if after.record != before.record || after.goal_stories != before.goal_stories {
            return Err(ModelError::Invalid(
                "what a sprint recorded at start and close, and its goal stories, change only through start, close and the goal mark".to_string(),
            ));
        }
        check_sprint(&mut after)?;
        self.replace_sprint(index, before, after).map(Some)
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
        // The planned dates stay as planned (or unset); the actual start is
        // `started_at`. A planned end before the day it starts is a mistake.
        let starts = after.start.unwrap_or(now.date_naive());
        if after.end.is_some_and(|end| end < starts) {
            return Err(ModelError::Invalid(format!(
                "{key} would end ({}) before it starts; set its dates first",
                after.end.map(|d| d.to_string()).unwrap_or_default()
            )));
        }
        after.record.started_at = Some(now);
        after.record.committed_stories = Some(committed.iter().map(|s| s.key.clone()).collect());
        after.record.committed_points = Some(Backlog::points_of(committed.iter().copied()));
        let change = Change::Update {
            index,
            before: Item::Sprint(before),
            after: Item::Sprint(after),
        };
        self.apply(&change)?;
        Ok(change)
    }

    /// Why closing the active sprint `key` now deserves a second thought:
    /// it has run for less than a day and nothing in it is done, so closing
    /// would record a 0-point sprint and drag the velocity down. `None` when
    /// closing is unremarkable (or the sprint is not active).
    pub fn premature_close(&self, key: &str, now: DateTime<Utc>) -> Option<String> {
        let sprint = self.sprint(key)?;
        if sprint.state != SprintState::Active {
            return None;
        }
        let young = match (sprint.record.started_at, sprint.actual_start()) {
            (Some(at), _) => now - at < TimeDelta::days(1),
            (None, Some(day)) => day >= now.date_naive(),
            (None, None) => false,
        };
        let nothing_done = self.stories_in(key).all(|s| s.status != Status::Done);
        (young && nothing_done).then(|| {
            format!(
                "{key} started less than a day ago and nothing in it is done: \
                 closing it now records a 0-point sprint and lowers the velocity"
            )
        })
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
        let record = &mut after.record;
        record.closed_at = Some(now);
        record.done_stories = Some(done.iter().map(|s| s.key.clone()).collect());
        record.done_points = Some(Backlog::points_of(done.iter().copied()));
        record.carried_over = Some(
            unfinished
                .iter()
                .map(|&i| self.stories[i].key.clone())
                .collect(),
        );

        let mut changes = vec![Change::Update {
            index,
            before: Item::Sprint(before),
            after: Item::Sprint(after),
        }];
        for &i in &unfinished {
            changes.push(self.story_update(i, now, |s| {
                s.sprint = carry_to.map(str::to_string);
                if carry_to.is_none() && s.status == Status::InProgress {
                    s.set_status(Status::Todo, now);
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

    /// Applies the change of the sprint at `index` from `before` to `after`.
    fn replace_sprint(
        &mut self,
        index: usize,
        before: Sprint,
        after: Sprint,
    ) -> Result<Change, ModelError> {
        let change = Change::Update {
            index,
            before: Item::Sprint(before),
            after: Item::Sprint(after),
        };
        self.apply(&change)?;
        Ok(change)
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
    pub fn indexes_of(&self, keys: &[impl AsRef<str>]) -> Result<Vec<usize>, ModelError> {
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

/// Whether `story` is history, not work ahead: done in one of the `closed`
/// sprints (`Backlog::closed_sprint_keys`). The TUI's backlog leaves such
/// stories out and counts ranks without them; an import ranks them below
/// the work ahead, so `po list`'s ranks agree with the TUI's.
pub fn is_history(closed: &HashSet<String>, story: &Story) -> bool {
    story.status == Status::Done
        && story
            .sprint
            .as_ref()
            .is_some_and(|k| closed.contains(k.as_str()))
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
