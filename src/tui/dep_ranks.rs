//! Where the stories that take part in a dependency stand, kept in step
//! with each change: the backlog's "ranked above what it depends on"
//! marker and the detail's hints ask for the rank of a dependency per
//! visible row, and a scan of 100,000 stories per row would not fit in a
//! keystroke. Only stories that depend on something or are depended on are
//! tracked (about one in ten in a typical backlog), so a move shifts those,
//! not every story.

use std::collections::HashMap;

use crate::model::{Backlog, Change, Item};

/// Batches longer than this are followed by counting again: one pass over
/// the backlog beats shifting every tracked story once per change.
const LONG_BATCH: usize = 64;

/// Rank indices of the stories in dependencies, by key, and who depends
/// on whom the other way round (a delete takes the story out of its
/// dependents' lists without reading every story).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepRanks {
    ranks: HashMap<String, usize>,
    /// Per key, the keys of the stories whose `depends_on` names it (once
    /// per naming), whether or not a story has that key.
    dependents: HashMap<String, Vec<String>>,
}

impl DepRanks {
    /// Counted from scratch: two passes (which keys are depended on, then
    /// where they and their dependents are).
    pub fn of(backlog: &Backlog) -> Self {
        let mut tracked: HashMap<String, usize> = HashMap::new();
        for s in &backlog.stories {
            for d in &s.depends_on {
                tracked.entry(d.clone()).or_insert(usize::MAX);
            }
        }
        for (i, s) in backlog.stories.iter().enumerate() {
            if let Some(at) = tracked.get_mut(&s.key) {
                *at = i;
            } else if !s.depends_on.is_empty() {
                tracked.insert(s.key.clone(), i);
            }
        }
        // A dependency on a story that does not exist has no rank.
        tracked.retain(|_, at| *at != usize::MAX);
        let mut dependents = HashMap::new();
        for s in &backlog.stories {
            add_edges(&mut dependents, &s.key, &s.depends_on);
        }
        DepRanks {
            ranks: tracked,
            dependents,
        }
    }

    /// The rank index of a tracked story.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.ranks.get(key).copied()
    }

    /// The rank indexes of the stories that depend on `key`. A dependent
    /// is always tracked; should one not be, `usize::MAX` stands for it,
    /// which no story has, so the model sees the index is wrong.
    pub fn dependents(&self, key: &str) -> Vec<usize> {
        self.dependents.get(key).map_or_else(Vec::new, |keys| {
            keys.iter()
                .map(|k| self.get(k).unwrap_or(usize::MAX))
                .collect()
        })
    }

    /// Follows a change just applied to `backlog`.
    pub fn follow(&mut self, backlog: &Backlog, change: &Change) {
        let long = match change {
            Change::Batch(changes) => changes.len() > LONG_BATCH,
            _ => false,
        };
        if long {
            *self = DepRanks::of(backlog);
            return;
        }
        let mut missing = Vec::new();
        self.shift(change, &mut missing);
        // Dependencies new to the tracking are looked up in the backlog as
        // it is now, after the whole change: rare (a dependency edited).
        for key in missing {
            if !self.ranks.contains_key(&key)
                && let Some(i) = backlog.story_index(&key)
            {
                self.ranks.insert(key, i);
            }
        }
    }

    fn shift(&mut self, change: &Change, missing: &mut Vec<String>) {
        match change {
            // The same stories at new ranks: each tracked one follows the
            // moves (no story is looked at).
            Change::Reorder { moves, back } => moves.follow_all(self.ranks.values_mut(), *back),
            Change::MoveStory { from, to, .. } => {
                let (from, to) = (*from, *to);
                for at in self.ranks.values_mut() {
                    if *at == from {
                        *at = to;
                    } else if from < to && (from + 1..=to).contains(at) {
                        *at -= 1;
                    } else if to < from && (to..from).contains(at) {
                        *at += 1;
                    }
                }
            }
            Change::Insert {
                index,
                item: Item::Story(s),
            } => {
                for at in self.ranks.values_mut() {
                    if *at >= *index {
                        *at += 1;
                    }
                }
                add_edges(&mut self.dependents, &s.key, &s.depends_on);
                if !s.depends_on.is_empty() {
                    self.ranks.insert(s.key.clone(), *index);
                    missing.extend(s.depends_on.iter().cloned());
                }
            }
            Change::Remove {
                index,
                item: Item::Story(s),
            } => {
                self.ranks.remove(&s.key);
                for at in self.ranks.values_mut() {
                    if *at > *index {
                        *at -= 1;
                    }
                }
                remove_edges(&mut self.dependents, &s.key, &s.depends_on);
            }
            Change::Update {
                index,
                before: Item::Story(b),
                after: Item::Story(a),
            } if a.depends_on != b.depends_on => {
                remove_edges(&mut self.dependents, &b.key, &b.depends_on);
                add_edges(&mut self.dependents, &a.key, &a.depends_on);
                if !a.depends_on.is_empty() {
                    self.ranks.insert(a.key.clone(), *index);
                    missing.extend(a.depends_on.iter().cloned());
                }
            }
            Change::Batch(changes) => {
                for c in changes {
                    self.shift(c, missing);
                }
            }
            // Epics, sprints, requests and the product hold no rank, and a
            // story's other fields do not move it.
            Change::Insert { .. }
            | Change::Remove { .. }
            | Change::Update { .. }
            | Change::Product { .. }
            | Change::Conflicts { .. } => {}
        }
    }

    /// Whether every tracked story is where the backlog has it, every
    /// story in a dependency is tracked, and the dependents are those a
    /// fresh count finds; for tests.
    pub fn is_consistent(&self, backlog: &Backlog) -> bool {
        let fresh = DepRanks::of(backlog);
        let sorted = |m: &HashMap<String, Vec<String>>| {
            let mut edges: Vec<(String, String)> = m
                .iter()
                .flat_map(|(to, from)| from.iter().map(|f| (to.clone(), f.clone())))
                .collect();
            edges.sort();
            edges
        };
        fresh
            .ranks
            .iter()
            .all(|(k, at)| self.ranks.get(k) == Some(at))
            && self
                .ranks
                .iter()
                .all(|(k, at)| backlog.stories.get(*at).is_some_and(|s| s.key == *k))
            && sorted(&self.dependents) == sorted(&fresh.dependents)
    }
}

/// Notes that the story `from` depends on each of `to`.
fn add_edges(dependents: &mut HashMap<String, Vec<String>>, from: &str, to: &[String]) {
    for t in to {
        match dependents.get_mut(t) {
            Some(keys) => keys.push(from.to_string()),
            None => {
                dependents.insert(t.clone(), vec![from.to_string()]);
            }
        }
    }
}

/// Takes back [`add_edges`] of the same story and keys.
fn remove_edges(dependents: &mut HashMap<String, Vec<String>>, from: &str, to: &[String]) {
    for t in to {
        if let Some(keys) = dependents.get_mut(t.as_str()) {
            if let Some(at) = keys.iter().position(|k| k == from) {
                keys.swap_remove(at);
            }
            if keys.is_empty() {
                dependents.remove(t.as_str());
            }
        }
    }
}

/// What the model asks a split, a delete, an insert or an undo about the
/// stories, answered from the App's indexes (kept in step with every
/// change) instead of a pass over 100,000 stories.
pub struct Lookup<'a> {
    pub keys: &'a super::derived::KeyIndex,
    pub deps: &'a DepRanks,
}

impl crate::model::StoryLookup for Lookup<'_> {
    fn has_story(&self, key: &str) -> bool {
        self.keys.get(key).is_some()
    }

    fn dependents(&self, key: &str) -> Vec<usize> {
        self.deps.dependents(key)
    }
}

/// The App's questions about dependencies, answered from the index.
impl crate::tui::app::App {
    /// Rank index and openness of a story, for the dependency rule.
    pub fn dependency(&self, key: &str) -> Option<(usize, bool)> {
        let story = self.story_by_key(key)?;
        Some((
            self.dep_ranks.get(key)?,
            story.status != crate::model::Status::Done,
        ))
    }

    /// Whether the story at rank index `index` depends on an open story
    /// ranked below it.
    pub fn depends_on_lower(&self, story: &crate::model::Story, index: usize) -> bool {
        !story.depends_on.is_empty()
            && !crate::model::ready::lower_dependencies(story, index, |k| self.dependency(k))
                .is_empty()
    }
}
