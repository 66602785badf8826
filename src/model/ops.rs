//! Operations on a backlog. Each one checks its input, changes the backlog
//! and returns the [`Change`] it made (or changes nothing and returns an error).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Backlog, Change, Item, Kind, ModelError, Scan, Story, StoryLookup, deps, keys, rice};

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

impl Backlog {
    /// A new story with a fresh key; not yet in the backlog (see [`Backlog::insert_story`]).
    pub fn new_story(&mut self, title: &str, now: DateTime<Utc>) -> Story {
        let key = self.allocate_key(Kind::Story);
        Story::new(key, title.trim(), now)
    }

    /// Inserts a story at a rank (clamped to the end), after checking it.
    /// A key from elsewhere (above the stories' counter) moves the counter
    /// past it, so the key is never handed out again.
    pub fn insert_story(&mut self, index: usize, story: Story) -> Result<Change, ModelError> {
        let change = self.insert_change(index, story, &Scan(&self.stories))?;
        self.apply(&change)?;
        self.count_key(change.story_key().unwrap_or_default());
        Ok(change)
    }

    /// [`Backlog::insert_story`], asking `lookup` whether the story's key
    /// and the keys it depends on exist instead of scanning the stories.
    pub fn insert_story_indexed(
        &mut self,
        index: usize,
        story: Story,
        lookup: &dyn StoryLookup,
    ) -> Result<Change, ModelError> {
        let change = self.insert_change(index, story, lookup)?;
        self.apply_indexed(&change, lookup)?;
        self.count_key(change.story_key().unwrap_or_default());
        Ok(change)
    }

    /// The checked insertion of a story, not yet applied.
    fn insert_change(
        &self,
        index: usize,
        mut story: Story,
        lookup: &dyn StoryLookup,
    ) -> Result<Change, ModelError> {
        check_rice(&mut story)?;
        self.check_story_with(&story, |dep| self.has_story_in(lookup, dep))?;
        if keys::number(&story.key).is_none() {
            return Err(ModelError::Invalid(format!(
                "'{}' is not a story key (expected e.g. S-12)",
                story.key
            )));
        }
        if self.has_story_in(lookup, &story.key) {
            return Err(ModelError::Invalid(format!("{} already exists", story.key)));
        }
        Ok(Change::Insert {
            index: index.min(self.stories.len()),
            item: Item::Story(Arc::new(story)),
        })
    }

    /// Moves the counter of a key's kind past it, so a key from elsewhere
    /// is never handed out again.
    fn count_key(&mut self, key: &str) {
        if let Some((kind, number)) = Kind::of_key(key) {
            let counter = self.next_keys.get_mut(kind);
            *counter = (*counter).max(number.saturating_add(1));
        }
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
        let change = self.delete_change(index, now, &Scan(&self.stories))?;
        self.apply(&change)?;
        Ok(change)
    }

    /// [`Backlog::delete_story_at`], asking `lookup` which stories depend
    /// on the story instead of scanning them all.
    pub fn delete_story_at_indexed(
        &mut self,
        index: usize,
        now: DateTime<Utc>,
        lookup: &dyn StoryLookup,
    ) -> Result<Change, ModelError> {
        let change = self.delete_change(index, now, lookup)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The removal of the story at `index` with the updates that take it
    /// out of other stories' dependencies and requests; not yet applied.
    fn delete_change(
        &self,
        index: usize,
        now: DateTime<Utc>,
        lookup: &dyn StoryLookup,
    ) -> Result<Change, ModelError> {
        let key = self.story_at(index)?.key.as_str();
        // The removal comes first, so that the change (and its undo) is
        // described as "deleted S-n" and is about that story; the indexes of
        // the updates after it are those once the story is gone.
        let mut changes = vec![Change::Remove {
            index,
            item: Item::Story(self.stories[index].clone()),
        }];
        let depends = |i: usize| {
            self.stories
                .get(i)
                .is_some_and(|s| s.depends_on.iter().any(|d| d == key))
        };
        let mut dependents = lookup.dependents(key);
        if !dependents.iter().all(|&i| depends(i)) {
            // An index that lists a story not depending on the key is out
            // of step with the backlog (a bug): the scan is right whatever
            // the index says.
            dependents = Scan(&self.stories).dependents(key);
        }
        // In rank order, as a scan finds them, so the change is the same
        // with an index or without.
        dependents.sort_unstable();
        dependents.dedup();
        // One the index left out would dangle: debug builds (every test)
        // hold the index to what a scan finds.
        debug_assert_eq!(
            dependents,
            Scan(&self.stories).dependents(key),
            "the index's dependents of {key} are out of step"
        );
        // i == index: a hand-edited file may let a story depend on itself.
        for i in dependents.into_iter().filter(|&i| i != index) {
            let story = &self.stories[i];
            let mut after = Story::clone(story);
            after.depends_on.retain(|d| d != key);
            after.updated = now;
            changes.push(Change::Update {
                index: if i > index { i - 1 } else { i },
                before: Item::Story(Arc::clone(story)),
                after: Item::Story(Arc::new(after)),
            });
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
        Ok(single_or_batch(changes))
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

pub(super) fn single_or_batch(mut changes: Vec<Change>) -> Change {
    if changes.len() == 1 {
        changes.remove(0)
    } else {
        Change::Batch(changes)
    }
}

/// The file can only hold finite, non-negative numbers (NaN would be written as null).
pub(super) fn non_negative(value: Option<f64>, what: &str) -> Result<(), ModelError> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(ModelError::Invalid(format!(
            "{what} must be a non-negative number, not {v}"
        ))),
        _ => Ok(()),
    }
}
