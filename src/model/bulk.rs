//! Many stories at once, as one change: what an import adds. Checking each
//! story against the backlog one by one costs a scan of every story per
//! story; here the keys are gathered once, so 100,000 stories take as long
//! to check as to copy.

use std::collections::HashSet;
use std::sync::Arc;

use super::keys::{self, Kind};
use super::ops::non_negative;
use super::{Backlog, Change, Item, ModelError, Story};

impl Backlog {
    /// Inserts new stories at rank index `index` (clamped to the end), in
    /// their order, as one change. Every story is checked first (a title,
    /// a key of its own, existing epic, sprint and dependencies, which may
    /// be among the new stories); nothing changes when one is refused.
    pub fn insert_stories(
        &mut self,
        index: usize,
        stories: Vec<Story>,
    ) -> Result<Change, ModelError> {
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
            self.check_new_story(story, &keys_in_use)?;
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

    fn check_new_story(
        &self,
        story: &Story,
        keys_in_use: &HashSet<&str>,
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
            if !keys_in_use.contains(dep.as_str()) {
                return Err(ModelError::NoSuchStory(dep.clone()));
            }
        }
        non_negative(story.points, "points")?;
        if let Some(rice) = &story.rice {
            for (value, what) in [
                (rice.reach, "RICE reach"),
                (rice.impact, "RICE impact"),
                (rice.confidence, "RICE confidence"),
                (rice.effort, "RICE effort"),
            ] {
                non_negative(Some(value), what)?;
            }
        }
        Ok(())
    }
}
