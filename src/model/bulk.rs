//! Many stories at once, as one change: what an import adds. Checking each
//! story against the backlog one by one costs a scan of every story per
//! story; here the keys are gathered once, so 100,000 stories take as long
//! to check as to copy.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::keys::{self, Kind};
use super::{Backlog, Change, Item, ModelError, Story, deps};

impl Backlog {
    /// Inserts new stories at rank index `index` (clamped to the end), in
    /// their order, as one change. Every story is checked first (a title,
    /// a key of its own, existing epic, sprint and dependencies, which may
    /// be among the new stories); nothing changes when one is refused.
    pub fn insert_stories(
        &mut self,
        index: usize,
        mut stories: Vec<Story>,
    ) -> Result<Change, ModelError> {
        for story in &mut stories {
            super::ops::check_rice(story)?;
        }
        let mut keys_in_use: HashSet<&str> = self.stories.iter().map(|s| s.key.as_str()).collect();
        let mut highest: Vec<(Kind, u64)> = Vec::new();
        for story in &stories {
            if keys::number(&story.key).is_none() {
                return Err(ModelError::Invalid(format!(
                    "'{}' is not a story key (expected e.g. S-12)",
                    story.key
                )));
            }
            if let Some((kind, number)) = Kind::of_key(&story.key) {
                match highest.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n = (*n).max(number),
                    None => highest.push((kind, number)),
                }
            }
            if !keys_in_use.insert(story.key.as_str()) {
                return Err(ModelError::Invalid(format!("{} already exists", story.key)));
            }
        }
        for story in &stories {
            self.check_story_with(story, |dep| keys_in_use.contains(dep))?;
        }
        // The backlog's stories cannot depend on new keys, so a cycle can
        // only run through the new stories.
        if stories.iter().any(|s| !s.depends_on.is_empty()) {
            let new: HashMap<&str, &[String]> = stories
                .iter()
                .map(|s| (s.key.as_str(), s.depends_on.as_slice()))
                .collect();
            if let Some(cycle) = deps::any_cycle(stories.iter().map(|s| s.key.as_str()), |k| {
                new.get(k).copied()
            }) {
                return Err(deps::cycle_error(&cycle));
            }
        }
        let index = index.min(self.stories.len());
        let stories: Vec<Arc<Story>> = stories.into_iter().map(Arc::new).collect();
        let change = Change::Batch(
            stories
                .iter()
                .enumerate()
                .map(|(i, story)| Change::Insert {
                    index: index + i,
                    item: Item::Story(Arc::clone(story)),
                })
                .collect(),
        );
        // Checked above: one splice instead of an insert (and a scan) per story.
        self.stories.splice(index..index, stories);
        // As insert_story does: a key from elsewhere moves its counter past it.
        for (kind, number) in highest {
            let counter = self.next_keys.get_mut(kind);
            *counter = (*counter).max(number.saturating_add(1));
        }
        Ok(change)
    }
}
