//! The two questions a change to one story asks about all the others:
//! does a story with this key exist, and which stories depend on this one.
//! Without help each is a pass over every story (about 1 ms at 100,000
//! stories, reading each story's memory); a caller that keeps an index in
//! step with every change (the TUI) answers them through [`StoryLookup`],
//! and the operations named `…_indexed` ask it instead of scanning.
//!
//! An index answers for the backlog as it is before the operation; what
//! the operation itself inserts or removes on the way (the parts of a
//! batch, the parent a split removes before its children go in) is kept
//! in an [`Overlay`] on top of it, so the answers stay exact.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Backlog, Change, Item, Story};

/// Answers about the backlog's stories, as they are before an operation.
pub trait StoryLookup {
    /// Whether a story with this key is in the backlog.
    fn has_story(&self, key: &str) -> bool;
    /// The rank indexes of the stories whose `depends_on` names `key`, in
    /// any order. The operation checks each one; one left out would leave
    /// a dangling dependency, so an index must list them all.
    fn dependents(&self, key: &str) -> Vec<usize>;
}

/// No index: every answer is a pass over the stories.
pub struct Scan<'a>(pub &'a [Arc<Story>]);

impl StoryLookup for Scan<'_> {
    fn has_story(&self, key: &str) -> bool {
        self.0.iter().any(|s| s.key == key)
    }

    fn dependents(&self, key: &str) -> Vec<usize> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, s)| s.depends_on.iter().any(|d| d == key))
            .map(|(i, _)| i)
            .collect()
    }
}

/// A lookup and the story keys inserted and removed since it was right.
/// Only the keys are followed: asked for dependents, it passes the
/// question on, which is right as long as no story was inserted, removed
/// or moved since (the one place that asks, a delete, asks first).
pub(super) struct Overlay<'a> {
    base: &'a dyn StoryLookup,
    added: HashSet<&'a str>,
    removed: HashSet<&'a str>,
}

impl<'a> Overlay<'a> {
    pub(super) fn on(base: &'a dyn StoryLookup) -> Self {
        Overlay {
            base,
            added: HashSet::new(),
            removed: HashSet::new(),
        }
    }

    /// Notes the story keys a change just applied inserted or removed.
    pub(super) fn follow(&mut self, change: &'a Change) {
        match change {
            Change::Insert {
                item: Item::Story(s),
                ..
            } => {
                self.removed.remove(s.key.as_str());
                self.added.insert(&s.key);
            }
            Change::Remove {
                item: Item::Story(s),
                ..
            } => self.forget(&s.key),
            Change::Batch(changes) => changes.iter().for_each(|c| self.follow(c)),
            _ => {}
        }
    }

    /// Notes that the story with this key is gone.
    pub(super) fn forget(&mut self, key: &'a str) {
        self.added.remove(key);
        self.removed.insert(key);
    }
}

impl StoryLookup for Overlay<'_> {
    fn has_story(&self, key: &str) -> bool {
        self.added.contains(key) || (!self.removed.contains(key) && self.base.has_story(key))
    }

    fn dependents(&self, key: &str) -> Vec<usize> {
        self.base.dependents(key)
    }
}

impl Backlog {
    /// Whether `lookup` says a story with `key` exists. Debug builds (every
    /// test) hold the answer to what a scan of the stories finds, so an
    /// index out of step with the backlog fails there and then.
    pub(super) fn has_story_in(&self, lookup: &dyn StoryLookup, key: &str) -> bool {
        let has = lookup.has_story(key);
        debug_assert_eq!(
            has,
            self.stories.iter().any(|s| s.key == key),
            "the index is out of step about {key}"
        );
        has
    }
}
