//! Sums and lookups derived from the backlog for the views, kept in step
//! with each change (from the `Change` itself) instead of being recomputed
//! over 100,000 stories per key or per frame.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Backlog, Change, Item, Status, Story};

/// Sums shown in the header and the epics view, kept in step with every
/// change instead of being recomputed over the whole backlog per frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub stories: usize,
    /// Points of every story, done or not.
    pub points: f64,
    /// Points of the done stories.
    pub done_points: f64,
    pub unestimated: usize,
    /// Per epic key.
    pub epics: HashMap<String, EpicProgress>,
}

impl Totals {
    /// Points of the stories not done yet.
    pub fn open_points(&self) -> f64 {
        self.points - self.done_points
    }
}

/// Sums over one epic's stories.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpicProgress {
    pub stories: usize,
    pub points: f64,
    pub done_points: f64,
    /// Stories not done and not ready for a sprint.
    pub not_ready: usize,
}

impl Totals {
    /// Sums over the whole backlog.
    pub fn of(backlog: &Backlog) -> Self {
        let stories = &backlog.stories;
        // Judging readiness (the vague-word scan of every text) is most of
        // the cost, so it runs on two cores; the sums stay one pass in
        // rank order, so they come out exactly as `adjust` would make them.
        let ready = |part: &[Arc<Story>]| -> Vec<bool> {
            part.iter()
                .map(|s| s.epic.is_some() && s.status != Status::Done && s.is_ready())
                .collect()
        };
        let (first, second) = stories.split_at(stories.len() / 2);
        let ready = std::thread::scope(|scope| {
            let later = scope.spawn(|| ready(second));
            let mut flags = ready(first);
            flags.extend(
                later
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
            flags
        });
        let mut t = Totals::default();
        for (s, ready) in stories.iter().zip(ready) {
            t.count_judged(s, true, Some(ready));
        }
        t
    }

    /// Updates the sums for a change just applied, without a pass over the backlog.
    pub fn adjust(&mut self, change: &Change) {
        match change {
            Change::Insert {
                item: Item::Story(s),
                ..
            } => self.count(s, true),
            Change::Remove {
                item: Item::Story(s),
                ..
            } => self.count(s, false),
            Change::Update {
                before: Item::Story(b),
                after: Item::Story(a),
                ..
            } => {
                self.count(b, false);
                self.count(a, true);
            }
            Change::Batch(changes) => changes.iter().for_each(|c| self.adjust(c)),
            _ => {}
        }
    }

    /// Adds a story to the sums, or takes it out.
    fn count(&mut self, story: &Story, add: bool) {
        self.count_judged(story, add, None);
    }

    /// [`Totals::count`], with the story's readiness when already judged.
    fn count_judged(&mut self, story: &Story, add: bool, ready: Option<bool>) {
        let sign = if add { 1.0 } else { -1.0 };
        step(&mut self.stories, add);
        match story.points {
            Some(p) => {
                self.points += sign * p;
                if story.status == Status::Done {
                    self.done_points += sign * p;
                }
            }
            None => step(&mut self.unestimated, add),
        }
        if let Some(epic) = &story.epic {
            // Look up before inserting: cloning the key for every story is
            // most of the cost of summing a large backlog when it opens.
            if let Some(e) = self.epics.get_mut(epic) {
                e.count(story, add, ready);
                if e.stories == 0 {
                    self.epics.remove(epic);
                }
            } else if add {
                let mut e = EpicProgress::default();
                e.count(story, add, ready);
                self.epics.insert(epic.clone(), e);
            }
        }
    }
}

impl EpicProgress {
    /// Adds a story of this epic to the sums, or takes it out.
    fn count(&mut self, story: &Story, add: bool, ready: Option<bool>) {
        let sign = if add { 1.0 } else { -1.0 };
        step(&mut self.stories, add);
        let points = story.points.unwrap_or(0.0);
        self.points += sign * points;
        if story.status == Status::Done {
            self.done_points += sign * points;
        } else if !ready.unwrap_or_else(|| story.is_ready()) {
            step(&mut self.not_ready, add);
        }
    }
}

/// One more, or one less (never below zero).
fn step(n: &mut usize, add: bool) {
    *n = if add { *n + 1 } else { n.saturating_sub(1) };
}

/// Stories by key: the same `Arc`s as the backlog, so it costs a pointer per story.
#[derive(Debug, Clone, Default)]
pub struct KeyIndex(HashMap<String, Arc<Story>>);

impl KeyIndex {
    /// Every story of the backlog.
    pub fn of(backlog: &Backlog) -> Self {
        let mut index = HashMap::with_capacity(backlog.stories.len());
        for s in &backlog.stories {
            index.insert(s.key.clone(), Arc::clone(s));
        }
        KeyIndex(index)
    }

    /// The story with this key.
    pub fn get(&self, key: &str) -> Option<&Story> {
        self.0.get(key).map(|s| &**s)
    }

    /// Updates the index for a change just applied.
    pub fn follow(&mut self, change: &Change) {
        match change {
            Change::Insert {
                item: Item::Story(s),
                ..
            }
            | Change::Update {
                after: Item::Story(s),
                ..
            } => {
                self.0.insert(s.key.clone(), Arc::clone(s));
            }
            Change::Remove {
                item: Item::Story(s),
                ..
            } => {
                self.0.remove(&s.key);
            }
            Change::Batch(changes) => changes.iter().for_each(|c| self.follow(c)),
            _ => {}
        }
    }

    /// Whether the index holds exactly the backlog's stories, for tests.
    pub fn is_consistent(&self, backlog: &Backlog) -> bool {
        self.0.len() == backlog.stories.len()
            && backlog
                .stories
                .iter()
                .all(|s| self.0.get(&s.key).is_some_and(|t| Arc::ptr_eq(s, t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_judged_on_two_cores_equal_one_pass_in_rank_order() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // Odd sizes put the split in the middle of an epic's stories.
        for n in [0, 1, 7, 501] {
            let backlog = crate::model::sample::generate("Acme", n, 3, today);
            let mut one_pass = Totals::default();
            for s in &backlog.stories {
                one_pass.count(s, true);
            }
            assert_eq!(Totals::of(&backlog), one_pass, "{n} stories");
        }
    }
}
