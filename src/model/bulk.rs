//! Many stories at once, as one change: what an import adds. Checking each
//! story against the backlog one by one costs a scan of every story per
//! story; here the keys are gathered once, so 100,000 stories take as long
//! to check as to copy.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::keys::{self, Kind};
use super::reordering::Reason;
use super::{Backlog, Change, Item, ModelError, Position, Story, StoryLookup, deps};

/// Up to this many new stories (a split's children), the keys they need
/// are looked for in one pass instead of hashing every key of the backlog:
/// hashing 100,000 keys takes ~10 ms, longer than a keystroke.
const FEW: usize = 16;

/// The keys in use that matter to a few new stories, gathered in one pass.
struct KeysInUse<'a>(HashSet<&'a str>);

impl StoryLookup for KeysInUse<'_> {
    fn has_story(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    fn dependents(&self, _: &str) -> Vec<usize> {
        unreachable!("inserting stories asks only about keys")
    }
}

impl Backlog {
    /// The keys in use that matter to inserting `new`: every story key for
    /// many new stories; for a few, only those among their keys and the
    /// keys they depend on (the rest cannot clash or be depended on).
    fn keys_in_use(&self, new: &[Story]) -> KeysInUse<'_> {
        if new.len() > FEW {
            return KeysInUse(self.stories.iter().map(|s| s.key.as_str()).collect());
        }
        let wanted: Vec<&str> = new
            .iter()
            .flat_map(|s| std::iter::once(&s.key).chain(&s.depends_on))
            .map(String::as_str)
            .collect();
        KeysInUse(
            self.stories
                .iter()
                .map(|s| s.key.as_str())
                .filter(|k| wanted.contains(k))
                .collect(),
        )
    }

    /// Inserts new stories at rank index `index` (clamped to the end), in
    /// their order, as one change. Every story is checked first (a title,
    /// a key of its own, existing epic, sprint and dependencies, which may
    /// be among the new stories); nothing changes when one is refused.
    pub fn insert_stories(
        &mut self,
        index: usize,
        stories: Vec<Story>,
    ) -> Result<Change, ModelError> {
        let change = {
            let in_use = self.keys_in_use(&stories);
            self.insert_stories_change(index, stories, &in_use)?
        };
        Ok(self.splice_in(change))
    }

    /// [`Backlog::insert_stories`], asking `lookup` whether a key is in use
    /// instead of scanning the stories.
    pub fn insert_stories_indexed(
        &mut self,
        index: usize,
        stories: Vec<Story>,
        lookup: &dyn StoryLookup,
    ) -> Result<Change, ModelError> {
        let change = self.insert_stories_change(index, stories, lookup)?;
        Ok(self.splice_in(change))
    }

    /// The checked insertion of new stories, not yet applied: a batch of
    /// inserts at consecutive ranks.
    fn insert_stories_change(
        &self,
        index: usize,
        mut stories: Vec<Story>,
        lookup: &dyn StoryLookup,
    ) -> Result<Change, ModelError> {
        for story in &mut stories {
            super::ops::check_rice(story)?;
        }
        let mut new_keys: HashSet<&str> = HashSet::with_capacity(stories.len());
        for story in &stories {
            if keys::number(&story.key).is_none() {
                return Err(ModelError::Invalid(format!(
                    "'{}' is not a story key (expected e.g. S-12)",
                    story.key
                )));
            }
            let taken = self.has_story_in(lookup, &story.key);
            if taken || !new_keys.insert(story.key.as_str()) {
                return Err(ModelError::Invalid(format!("{} already exists", story.key)));
            }
        }
        for story in &stories {
            self.check_story_with(story, |dep| {
                new_keys.contains(dep) || self.has_story_in(lookup, dep)
            })?;
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
        Ok(Change::Batch(
            stories
                .into_iter()
                .enumerate()
                .map(|(i, story)| Change::Insert {
                    index: index + i,
                    item: Item::Story(Arc::new(story)),
                })
                .collect(),
        ))
    }

    /// Applies a checked [`Backlog::insert_stories_change`]: one splice
    /// instead of an insert (and a scan) per story. A key from elsewhere
    /// moves its kind's counter past it, as `insert_story` does.
    fn splice_in(&mut self, change: Change) -> Change {
        let Change::Batch(inserts) = &change else {
            unreachable!("insert_stories_change makes a batch");
        };
        let mut new = Vec::with_capacity(inserts.len());
        let mut at = self.stories.len();
        for insert in inserts {
            if let Change::Insert {
                index,
                item: Item::Story(story),
            } = insert
            {
                at = at.min(*index);
                new.push(Arc::clone(story));
            }
        }
        let mut highest: Vec<(Kind, u64)> = Vec::new();
        for story in &new {
            if let Some((kind, number)) = Kind::of_key(&story.key) {
                match highest.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n = (*n).max(number),
                    None => highest.push((kind, number)),
                }
            }
        }
        self.stories.splice(at..at, new);
        for (kind, number) in highest {
            let counter = self.next_keys.get_mut(kind);
            *counter = (*counter).max(number.saturating_add(1));
        }
        change
    }

    /// Replaces the stories at these rank indexes with edited copies, as
    /// one change, each checked as [`Backlog::update_story_at`] checks one
    /// (later ones against the earlier ones' results, so that, say, two
    /// edits cannot close a dependency cycle between them). All or none:
    /// on a refusal nothing has changed, and the error comes with the key
    /// of the story refused. `None` when no story changed.
    pub fn update_stories(
        &mut self,
        edits: Vec<(usize, Story)>,
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, (String, ModelError)> {
        let mut changes = Vec::with_capacity(edits.len());
        for (index, edited) in edits {
            let key = edited.key.clone();
            match self.update_story_at(index, now, |s| *s = edited) {
                Ok(Some(change)) => changes.push(change),
                Ok(None) => {}
                Err(e) => {
                    for applied in changes.iter().rev() {
                        // Each was applied just now, so its inverse fits.
                        let _ = self.apply(&applied.inverse());
                    }
                    return Err((key, e));
                }
            }
        }
        Ok(match changes.len() {
            0 => None,
            1 => changes.pop(),
            _ => Some(Change::Batch(changes)),
        })
    }

    /// Moves the stories at these rank indexes together to `to` (top,
    /// bottom, before or after another story), keeping their rank order
    /// among themselves, as one change: one pass over the ranking, however
    /// many move. `None` when they already stand there.
    pub fn move_stories(
        &mut self,
        indexes: &[usize],
        to: &Position,
    ) -> Result<Option<Change>, ModelError> {
        let mut moving = vec![false; self.stories.len()];
        for &i in indexes {
            self.story_at(i)?;
            moving[i] = true;
        }
        let anchor = match to {
            Position::Before(other) | Position::After(other) => {
                let at = self
                    .story_index(other)
                    .ok_or_else(|| ModelError::NoSuchStory(other.clone()))?;
                if moving[at] {
                    return Err(ModelError::Invalid(format!(
                        "cannot move {other} relative to itself"
                    )));
                }
                Some(at)
            }
            Position::Top | Position::Bottom => None,
            Position::Up(_) | Position::Down(_) | Position::Index(_) => {
                return Err(ModelError::Invalid(
                    "stories move together only to the top, the bottom, or before or after another story"
                        .to_string(),
                ));
            }
        };
        let (block, rest): (Vec<_>, Vec<_>) = self
            .stories
            .iter()
            .enumerate()
            .partition(|(i, _)| moving[*i]);
        // Where the block goes among the stories that stay.
        let at = match (to, anchor) {
            (Position::Top, _) => 0,
            (Position::Before(_), Some(a)) => rest.partition_point(|(i, _)| *i < a),
            (Position::After(_), Some(a)) => rest.partition_point(|(i, _)| *i <= a),
            _ => rest.len(),
        };
        let order: Vec<usize> = rest[..at]
            .iter()
            .chain(&block)
            .chain(&rest[at..])
            .map(|(i, _)| *i)
            .collect();
        let reason = Reason::Together {
            stories: indexes.len(),
            to: to.clone(),
        };
        self.reorder_for(&order, reason)
    }
}
