//! Operations on a backlog. Each one checks its input, changes the backlog
//! and returns the [`Change`] it made (or changes nothing and returns an error).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{
    Backlog, Change, Epic, Item, Kind, ModelError, Moscow, NextKeys, Request, RequestState, Sprint,
    SprintState, Status, Story, deps, keys, rice,
};

/// Where to move a story in the ranking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    Top,
    Bottom,
    Up(usize),
    Down(usize),
    Before(String),
    After(String),
    /// An absolute 0-based rank.
    Index(usize),
}

/// Which sprint a story must be in to pass a filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SprintFilter {
    #[default]
    Any,
    /// Not in any sprint: the product backlog proper.
    Backlog,
    In(String),
}

/// A conjunction of conditions on stories; the default passes every story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryFilter {
    pub epic: Option<String>,
    pub sprint: SprintFilter,
    pub status: Option<Status>,
    pub moscow: Option<Moscow>,
    pub unestimated: bool,
    pub not_ready: bool,
    /// Only stories that are not done.
    pub open_only: bool,
    /// Lower-case text to find in the key, title or story text.
    pub text: String,
}

impl StoryFilter {
    /// Whether the filter lets every story through.
    pub fn is_empty(&self) -> bool {
        *self == StoryFilter::default()
    }

    /// Whether a story passes.
    pub fn matches(&self, story: &Story) -> bool {
        self.epic
            .as_ref()
            .is_none_or(|e| story.epic.as_ref() == Some(e))
            && match &self.sprint {
                SprintFilter::Any => true,
                SprintFilter::Backlog => story.sprint.is_none(),
                SprintFilter::In(k) => story.sprint.as_ref() == Some(k),
            }
            && self.status.is_none_or(|s| story.status == s)
            && self.moscow.is_none_or(|m| story.moscow == Some(m))
            && (!self.unestimated || story.points.is_none())
            && (!self.not_ready || !story.is_ready())
            && (!self.open_only || story.status != Status::Done)
            && story.matches(&self.text)
    }

    /// A short description for a status line: "epic E-1, status todo".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(e) = &self.epic {
            parts.push(format!("epic {e}"));
        }
        match &self.sprint {
            SprintFilter::Any => {}
            SprintFilter::Backlog => parts.push("not in a sprint".to_string()),
            SprintFilter::In(k) => parts.push(format!("sprint {k}")),
        }
        if let Some(s) = self.status {
            parts.push(format!("status {s}"));
        }
        if let Some(m) = self.moscow {
            parts.push(format!("{m}"));
        }
        if self.unestimated {
            parts.push("unestimated".to_string());
        }
        if self.open_only {
            parts.push("open".to_string());
        }
        if self.not_ready {
            parts.push("not ready".to_string());
        }
        if !self.text.is_empty() {
            parts.push(format!("\"{}\"", self.text));
        }
        parts.join(", ")
    }
}

impl Backlog {
    /// A new story with a fresh key; not yet in the backlog (see [`Backlog::insert_story`]).
    pub fn new_story(&mut self, title: &str, now: DateTime<Utc>) -> Story {
        let key = self.allocate_key(Kind::Story);
        Story::new(key, title.trim(), now)
    }

    /// Inserts a story at a rank (clamped to the end), after checking it.
    /// A key from elsewhere (above the stories' counter) moves the counter
    /// past it, so the key is never handed out again.
    pub fn insert_story(&mut self, index: usize, mut story: Story) -> Result<Change, ModelError> {
        check_rice(&mut story)?;
        self.check_story(&story)?;
        if keys::number(&story.key).is_none() {
            return Err(ModelError::Invalid(format!(
                "'{}' is not a story key (expected e.g. S-12)",
                story.key
            )));
        }
        if self.story_index(&story.key).is_some() {
            return Err(ModelError::Invalid(format!("{} already exists", story.key)));
        }
        let story_key = story.key.clone();
        let change = Change::Insert {
            index: index.min(self.stories.len()),
            item: Item::Story(Arc::new(story)),
        };
        self.apply(&change)?;
        if let Some((kind, number)) = Kind::of_key(&story_key) {
            let counter = self.next_keys.get_mut(kind);
            *counter = (*counter).max(number.saturating_add(1));
        }
        Ok(change)
    }

    /// Moves a story in the ranking. `None` when it is already there.
    pub fn move_story(&mut self, key: &str, to: &Position) -> Result<Option<Change>, ModelError> {
        let from = self.require_story(key)?;
        self.move_story_at(from, to)
    }

    /// Moves the story at rank index `from`; for callers that already know
    /// where the story is (the TUI), so no key has to be looked up.
    pub fn move_story_at(
        &mut self,
        from: usize,
        to: &Position,
    ) -> Result<Option<Change>, ModelError> {
        let key = self.story_at(from)?.key.clone();
        let key = key.as_str();
        let target = self.move_target(from, to)?;
        if target == from {
            return Ok(None);
        }
        let change = Change::MoveStory {
            key: key.to_string(),
            from,
            to: target,
        };
        self.apply(&change)?;
        Ok(Some(change))
    }

    /// The rank index the story at `from` would have after a move to `to`,
    /// without moving it (the what-if asks this too).
    pub fn move_target(&self, from: usize, to: &Position) -> Result<usize, ModelError> {
        let key = self.story_at(from)?.key.as_str();
        let last = self.stories.len() - 1;
        Ok(match to {
            Position::Top => 0,
            Position::Bottom => last,
            Position::Up(n) => from.saturating_sub(*n),
            Position::Down(n) => from.saturating_add(*n).min(last),
            Position::Index(i) => (*i).min(last),
            Position::Before(other) | Position::After(other) => {
                let other_index = self.require_story(other)?;
                if other_index == from {
                    return Err(ModelError::Invalid(format!(
                        "cannot move {key} relative to itself"
                    )));
                }
                // Index of `other` once `key` has been taken out of the list.
                let other_index = if other_index > from {
                    other_index - 1
                } else {
                    other_index
                };
                if matches!(to, Position::Before(_)) {
                    other_index
                } else {
                    other_index + 1
                }
            }
        })
    }

    /// Edits a story through a closure; the result is checked before it is kept,
    /// and `updated` is set. `None` when the closure changed nothing.
    pub fn update_story(
        &mut self,
        key: &str,
        now: DateTime<Utc>,
        edit: impl FnOnce(&mut Story),
    ) -> Result<Option<Change>, ModelError> {
        let index = self.require_story(key)?;
        self.update_story_at(index, now, edit)
    }

    /// The story at rank index `index`, or an error that names the rank.
    pub(super) fn story_at(&self, index: usize) -> Result<&Arc<Story>, ModelError> {
        self.stories.get(index).ok_or_else(|| {
            ModelError::Invalid(format!(
                "there is no story at rank {}",
                index.saturating_add(1)
            ))
        })
    }

    /// Edits the story at rank index `index`; see [`Backlog::update_story`].
    pub fn update_story_at(
        &mut self,
        index: usize,
        now: DateTime<Utc>,
        edit: impl FnOnce(&mut Story),
    ) -> Result<Option<Change>, ModelError> {
        let before = Arc::clone(self.story_at(index)?);
        let mut after = Story::clone(&before);
        edit(&mut after);
        if after == *before {
            return Ok(None);
        }
        if after.key != before.key {
            return Err(ModelError::Invalid(
                "a story's key cannot change".to_string(),
            ));
        }
        if after.status != before.status {
            // Keep done_at in step with the status whatever the closure did.
            let status = after.status;
            after.status = before.status;
            after.done_at = before.done_at;
            after.status_history.clone_from(&before.status_history);
            after.set_status(status, now);
        }
        if after.rice != before.rice {
            // Only a change of the inputs is checked: a hand-edited story with
            // odd inputs can still be edited otherwise (its score shows as none).
            check_rice(&mut after)?;
        }
        self.check_story(&after)?;
        if after.depends_on != before.depends_on
            && let Some(cycle) = self.dependency_cycle(&after)
        {
            return Err(deps::cycle_error(&cycle));
        }
        after.updated = now;
        let change = Change::Update {
            index,
            before: Item::Story(before),
            after: Item::Story(Arc::new(after)),
        };
        self.apply(&change)?;
        Ok(Some(change))
    }

    /// Deletes a story and removes it from other stories' dependencies and
    /// from the requests that became it, so no reference dangles.
    pub fn delete_story(&mut self, key: &str, now: DateTime<Utc>) -> Result<Change, ModelError> {
        let index = self.require_story(key)?;
        self.delete_story_at(index, now)
    }

    /// [`Backlog::delete_story`] of the story at `index`, for a caller that
    /// knows where it is (no search by key).
    pub fn delete_story_at(
        &mut self,
        index: usize,
        now: DateTime<Utc>,
    ) -> Result<Change, ModelError> {
        let key = self.story_at(index)?.key.clone();
        let key = key.as_str();
        // The removal comes first, so that the change (and its undo) is
        // described as "deleted S-n" and is about that story; the indexes of
        // the updates after it are those once the story is gone.
        let mut changes = vec![Change::Remove {
            index,
            item: Item::Story(self.stories[index].clone()),
        }];
        for (i, story) in self.stories.iter().enumerate() {
            // i == index: a hand-edited file may let a story depend on itself.
            if i != index && story.depends_on.iter().any(|d| d == key) {
                let mut after = Story::clone(story);
                after.depends_on.retain(|d| d != key);
                after.updated = now;
                changes.push(Change::Update {
                    index: if i > index { i - 1 } else { i },
                    before: Item::Story(Arc::clone(story)),
                    after: Item::Story(Arc::new(after)),
                });
            }
        }
        for (i, request) in self.requests.iter().enumerate() {
            if request.story.as_deref() == Some(key) {
                let mut after = request.clone();
                after.story = None;
                changes.push(Change::Update {
                    index: i,
                    before: Item::Request(request.clone()),
                    after: Item::Request(after),
                });
            }
        }
        let change = single_or_batch(changes);
        self.apply(&change)?;
        Ok(change)
    }

    /// Adds an epic at the end of the epic list.
    pub fn add_epic(&mut self, title: &str, description: &str) -> Result<Change, ModelError> {
        let title = non_empty(title, "an epic's title")?;
        let next_keys = self.next_keys.clone();
        let epic = Epic {
            key: self.allocate_key(Kind::Epic),
            title,
            description: description.to_string(),
            outcome: None,
            extra: serde_json::Map::new(),
        };
        self.insert_new(self.epics.len(), Item::Epic(epic), next_keys)
    }

    /// Edits an epic through a closure. `None` when nothing changed.
    pub fn update_epic(
        &mut self,
        key: &str,
        edit: impl FnOnce(&mut Epic),
    ) -> Result<Option<Change>, ModelError> {
        let index = self
            .epics
            .iter()
            .position(|e| e.key == key)
            .ok_or_else(|| ModelError::NoSuchEpic(key.to_string()))?;
        let before = self.epics[index].clone();
        let mut after = before.clone();
        edit(&mut after);
        if after == before {
            return Ok(None);
        }
        after.title = non_empty(&after.title, "an epic's title")?;
        if let Some(outcome) = &mut after.outcome {
            outcome.metric = non_empty(&outcome.metric, "an epic outcome's metric")?;
        }
        if after.key != before.key {
            return Err(ModelError::Invalid(
                "an epic's key cannot change".to_string(),
            ));
        }
        let change = Change::Update {
            index,
            before: Item::Epic(before),
            after: Item::Epic(after),
        };
        self.apply(&change)?;
        Ok(Some(change))
    }

    /// Deletes an epic; its stories stay, without an epic.
    pub fn delete_epic(&mut self, key: &str, now: DateTime<Utc>) -> Result<Change, ModelError> {
        let index = self
            .epics
            .iter()
            .position(|e| e.key == key)
            .ok_or_else(|| ModelError::NoSuchEpic(key.to_string()))?;
        // The removal first, so the change is described as "deleted E-n".
        let mut changes = vec![Change::Remove {
            index,
            item: Item::Epic(self.epics[index].clone()),
        }];
        changes.extend(self.unlink_stories(
            now,
            |s| s.epic.as_deref() == Some(key),
            |s| {
                s.epic = None;
            },
        ));
        let change = single_or_batch(changes);
        self.apply(&change)?;
        Ok(change)
    }

    /// Adds a planned sprint at the end of the sprint list.
    pub fn add_sprint(&mut self, mut sprint: Sprint) -> Result<Change, ModelError> {
        sprint.name = non_empty(&sprint.name, "a sprint's name")?;
        non_negative(sprint.capacity, "a sprint's capacity")?;
        if let (Some(start), Some(end)) = (sprint.start, sprint.end)
            && end < start
        {
            return Err(ModelError::Invalid(format!(
                "the sprint ends ({end}) before it starts ({start})"
            )));
        }
        let next_keys = self.next_keys.clone();
        sprint.key = self.allocate_key(Kind::Sprint);
        sprint.state = SprintState::Planned;
        self.insert_new(self.sprints.len(), Item::Sprint(sprint), next_keys)
    }

    /// Records a stakeholder request.
    pub fn add_request(
        &mut self,
        text: &str,
        from: &str,
        now: DateTime<Utc>,
    ) -> Result<Change, ModelError> {
        // Check before allocating: a refused request must not use up a key.
        let text = non_empty(text, "a request's text")?;
        let next_keys = self.next_keys.clone();
        let request = Request {
            key: self.allocate_key(Kind::Request),
            text,
            from: from.trim().to_string(),
            received: now,
            state: RequestState::New,
            story: None,
            reason: String::new(),
            decided: None,
            extra: serde_json::Map::new(),
        };
        self.insert_new(self.requests.len(), Item::Request(request), next_keys)
    }

    /// Applies the insertion of an element whose key was just allocated. If
    /// the key is taken (a counter behind the keys of a hand-edited file),
    /// the key is given back: a refused operation changes nothing.
    fn insert_new(
        &mut self,
        index: usize,
        item: Item,
        next_keys: NextKeys,
    ) -> Result<Change, ModelError> {
        let key = item.key().to_string();
        let change = Change::Insert { index, item };
        if let Err(e) = self.apply(&change) {
            self.next_keys = next_keys;
            return Err(match e {
                ModelError::Stale(_) => ModelError::Invalid(format!(
                    "{key} is already in use: next_keys is behind the keys in the file"
                )),
                other => other,
            });
        }
        Ok(change)
    }

    /// Updates of every story matching `pick`, edited by `edit`; not yet applied.
    pub(super) fn unlink_stories(
        &self,
        now: DateTime<Utc>,
        pick: impl Fn(&Story) -> bool,
        edit: impl Fn(&mut Story),
    ) -> Vec<Change> {
        self.stories
            .iter()
            .enumerate()
            .filter(|(_, s)| pick(s))
            .map(|(i, s)| {
                let mut after = Story::clone(s);
                edit(&mut after);
                after.updated = now;
                Change::Update {
                    index: i,
                    before: Item::Story(Arc::clone(s)),
                    after: Item::Story(Arc::new(after)),
                }
            })
            .collect()
    }

    fn require_story(&self, key: &str) -> Result<usize, ModelError> {
        self.story_index(key)
            .ok_or_else(|| ModelError::NoSuchStory(key.to_string()))
    }

    /// Checks a story's fields and references against the backlog.
    fn check_story(&self, story: &Story) -> Result<(), ModelError> {
        self.check_story_with(story, |dep| self.story_index(dep).is_some())
    }

    /// [`Backlog::check_story`], with the test of whether a story it
    /// depends on exists given (for many new stories at once).
    pub(super) fn check_story_with(
        &self,
        story: &Story,
        story_exists: impl Fn(&str) -> bool,
    ) -> Result<(), ModelError> {
        if story.title.trim().is_empty() {
            return Err(ModelError::Invalid("a story needs a title".to_string()));
        }
        if let Some(epic) = &story.epic
            && self.epic(epic).is_none()
        {
            return Err(ModelError::NoSuchEpic(epic.clone()));
        }
        if let Some(sprint) = &story.sprint
            && self.sprint(sprint).is_none()
        {
            return Err(ModelError::NoSuchSprint(sprint.clone()));
        }
        for dep in &story.depends_on {
            if *dep == story.key {
                return Err(ModelError::Invalid(format!(
                    "{} cannot depend on itself",
                    story.key
                )));
            }
            if !story_exists(dep) {
                return Err(ModelError::NoSuchStory(dep.clone()));
            }
        }
        if story
            .blocked
            .as_ref()
            .is_some_and(|b| b.reason.trim().is_empty())
        {
            return Err(ModelError::Invalid(
                "a blocked story needs a reason: say what it waits for".to_string(),
            ));
        }
        if story.assignee.as_ref().is_some_and(|a| a.trim().is_empty()) {
            return Err(ModelError::Invalid(
                "an assignee cannot be blank: leave it unset instead".to_string(),
            ));
        }
        non_negative(story.points, "points")?;
        if let Some(rice) = &story.rice {
            non_negative(Some(rice.reach), "RICE reach")?;
            non_negative(Some(rice.impact), "RICE impact")?;
            non_negative(Some(rice.confidence), "RICE confidence")?;
            non_negative(Some(rice.effort), "RICE effort")?;
        }
        Ok(())
    }
}

/// Refuses invalid RICE inputs, naming the story and the field, and keeps
/// confidence as a fraction however it was given.
pub(super) fn check_rice(story: &mut Story) -> Result<(), ModelError> {
    if let Some(rice) = &story.rice {
        let valid =
            rice::validate(rice).map_err(|e| ModelError::Invalid(format!("{}: {e}", story.key)))?;
        story.rice = Some(valid);
    }
    Ok(())
}

fn single_or_batch(mut changes: Vec<Change>) -> Change {
    if changes.len() == 1 {
        changes.remove(0)
    } else {
        Change::Batch(changes)
    }
}

/// The file can only hold finite, non-negative numbers (NaN would be written as null).
fn non_negative(value: Option<f64>, what: &str) -> Result<(), ModelError> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(ModelError::Invalid(format!(
            "{what} must be a non-negative number, not {v}"
        ))),
        _ => Ok(()),
    }
}

fn non_empty(text: &str, what: &str) -> Result<String, ModelError> {
    let text = text.trim();
    if text.is_empty() {
        Err(ModelError::Invalid(format!("{what} cannot be empty")))
    } else {
        Ok(text.to_string())
    }
}
