//! Splitting a story that is too big into smaller ones: the children take
//! the parent's place in the ranking and its user-story parts, and name it
//! in `split_from`; the parent is removed or kept as done. One change, so
//! one undo brings the parent back exactly.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::lookup::Overlay;
use super::{Backlog, Change, Criterion, ModelError, Status, Story, StoryLookup};

/// What happens to the story that is split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitParent {
    /// The parent leaves the backlog; the children still name it.
    Remove,
    /// The parent stays, marked done, below its children.
    KeepDone,
}

/// One story to split off: its title and its acceptance criteria.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitChild {
    pub title: String,
    pub acceptance: Vec<Criterion>,
}

impl SplitChild {
    /// A child with only a title.
    pub fn titled(title: impl Into<String>) -> SplitChild {
        SplitChild {
            title: title.into(),
            acceptance: Vec::new(),
        }
    }
}

/// One child per acceptance criterion of `story`, titled by the criterion
/// and carrying it (unmet: the child's work starts afresh).
pub fn children_by_criteria(story: &Story) -> Vec<SplitChild> {
    story
        .acceptance
        .iter()
        .map(|c| SplitChild {
            title: c.text.clone(),
            acceptance: vec![Criterion {
                done: false,
                ..c.clone()
            }],
        })
        .collect()
}

impl Backlog {
    /// Splits the story `key` into `children`, which take its rank in the
    /// given order. Each child gets the parent's user-story parts, epic,
    /// sprint, MoSCoW, labels, requester and dependencies, no estimate and
    /// no RICE (a smaller story needs both again), and `split_from` = `key`.
    /// Returns the change and the children's keys; nothing changes when the
    /// split is refused.
    pub fn split_story(
        &mut self,
        key: &str,
        children: Vec<SplitChild>,
        parent: SplitParent,
        now: DateTime<Utc>,
    ) -> Result<(Change, Vec<String>), ModelError> {
        let index = self
            .story_index(key)
            .ok_or_else(|| ModelError::NoSuchStory(key.to_string()))?;
        self.split_story_at(index, children, parent, now)
    }

    /// [`Backlog::split_story`] of the story at `index`, for a caller that
    /// knows where it is (the TUI's cursor), as edits go through
    /// `update_story_at`: no search by key. The children start at `index`.
    pub fn split_story_at(
        &mut self,
        index: usize,
        children: Vec<SplitChild>,
        parent: SplitParent,
        now: DateTime<Utc>,
    ) -> Result<(Change, Vec<String>), ModelError> {
        self.split_in(index, children, parent, now, None)
    }

    /// [`Backlog::split_story_at`], asking `lookup` which stories depend on
    /// the parent and whether the children's keys are free, instead of
    /// scanning every story (three passes at a split and one at its undo).
    pub fn split_story_at_indexed(
        &mut self,
        index: usize,
        children: Vec<SplitChild>,
        parent: SplitParent,
        now: DateTime<Utc>,
        lookup: &dyn StoryLookup,
    ) -> Result<(Change, Vec<String>), ModelError> {
        self.split_in(index, children, parent, now, Some(lookup))
    }

    fn split_in(
        &mut self,
        index: usize,
        children: Vec<SplitChild>,
        parent: SplitParent,
        now: DateTime<Utc>,
        lookup: Option<&dyn StoryLookup>,
    ) -> Result<(Change, Vec<String>), ModelError> {
        let original = Arc::clone(self.story_at(index)?);
        let key = original.key.as_str();
        if original.status == Status::Done {
            return Err(ModelError::Invalid(format!(
                "{key} is done: only open work is split"
            )));
        }
        if children.is_empty() {
            return Err(ModelError::Invalid(format!(
                "a split of {key} needs at least one new story"
            )));
        }
        if let Some(n) = children.iter().position(|c| c.title.trim().is_empty()) {
            return Err(ModelError::Invalid(format!(
                "new story {} of the split has no title",
                n + 1
            )));
        }
        let counters = self.next_keys.clone();
        let stories: Vec<Story> = children
            .into_iter()
            .map(|c| {
                let mut s = self.new_story(&c.title, now);
                s.as_a.clone_from(&original.as_a);
                s.i_want.clone_from(&original.i_want);
                s.so_that.clone_from(&original.so_that);
                s.acceptance = c.acceptance;
                s.epic.clone_from(&original.epic);
                s.sprint.clone_from(&original.sprint);
                s.moscow = original.moscow;
                s.labels.clone_from(&original.labels);
                s.requested_by.clone_from(&original.requested_by);
                s.depends_on.clone_from(&original.depends_on);
                s.split_from = Some(key.to_string());
                s
            })
            .collect();
        let keys: Vec<String> = stories.iter().map(|s| s.key.clone()).collect();
        let first = match (parent, lookup) {
            (SplitParent::Remove, Some(lookup)) => self.delete_story_at_indexed(index, now, lookup),
            (SplitParent::Remove, None) => self.delete_story_at(index, now),
            (SplitParent::KeepDone, _) => self
                .update_story_at(index, now, |s| s.status = Status::Done)
                .map(|c| c.unwrap_or(Change::Batch(Vec::new()))),
        };
        let first = match first {
            Ok(change) => change,
            Err(e) => {
                self.next_keys = counters;
                return Err(e);
            }
        };
        let inserted = match lookup {
            Some(lookup) => {
                // The lookup still counts the parent a removal just took out.
                let mut keys = Overlay::on(lookup);
                if parent == SplitParent::Remove {
                    keys.forget(key);
                }
                self.insert_stories_indexed(index, stories, &keys)
            }
            None => self.insert_stories(index, stories),
        };
        match inserted {
            Ok(inserts) => Ok((Change::Batch(vec![first, inserts]), keys)),
            Err(e) => {
                // Checked by the model after the parent changed: put it back.
                self.apply(&first.inverse())
                    .expect("the inverse of a change just made fits");
                self.next_keys = counters;
                Err(e)
            }
        }
    }
}
