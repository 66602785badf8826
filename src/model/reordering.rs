//! A new order of the stories kept as the moves it makes, not as two copies
//! of the whole ranking: applying the score order to 100,000 stories must
//! fit in a keystroke, and so must its undo. Only the ranks that change
//! hands are recorded; applying (either way) swaps pointers along the
//! permutation's cycles, and the views follow it through [`Reordering::new_index`]
//! and [`Reordering::follow_sorted`] without looking at a story.

use std::sync::Arc;

use super::{Position, Story};

/// Why the stories were put in a new order, so that the change, its undo
/// and its redo are told as what the user did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The score order applied (`O` in the TUI).
    ScoreOrder,
    /// Several stories moved together (`po move KEY… --top`).
    Together { stories: usize, to: Position },
}

/// The ranks a reorder changes, with where each one's new story comes from.
///
/// Going forward, the story at `places[i]` afterwards is the one that stood
/// at `places[from[i]]`; `to` is the inverse of `from`, so going back needs
/// no work to set up.
///
/// `before` names the stories that stood at `places` by their address
/// (`Arc::as_ptr`), so that a change that no longer fits the backlog is
/// refused by identity, as `Arc::ptr_eq` on the whole order used to. Holding
/// the stories themselves would cost an atomic increment per moved story
/// when the change is made and a decrement when it is forgotten (0.3–0.4 ms
/// each at 100,000 stories). An address is as good as the `Arc` while the
/// story lives, and the undo history only applies a change to the backlog
/// it was made from or leads back to, where every story it names is alive.
/// Used against any other backlog, the worst it can do is permute stories:
/// it never loses or duplicates one.
#[derive(Debug, PartialEq, Eq)]
pub struct Reordering {
    /// The ranks that change hands, ascending.
    places: Vec<usize>,
    /// Forward: `places[i]` receives the story from `places[from[i]]`.
    from: Vec<usize>,
    /// The inverse of `from`: going back, `places[i]` receives the story
    /// from `places[to[i]]`.
    to: Vec<usize>,
    /// The addresses of the stories at `places` before, in the same order.
    before: Vec<usize>,
    /// What the user did, for the change's description.
    reason: Reason,
}

/// A story's identity while it lives: where its `Arc` points.
fn id(story: &Arc<Story>) -> usize {
    Arc::as_ptr(story) as usize
}

impl Reordering {
    /// The moves that put `stories` in `order` (story indices, a permutation
    /// of `0..stories.len()` that the caller has checked); `None` when it
    /// moves nothing.
    pub(crate) fn of(
        stories: &[Arc<Story>],
        order: &[usize],
        reason: Reason,
    ) -> Option<Reordering> {
        // Listed without a branch on whether a rank moved: under a score
        // order most do, in no pattern a branch predictor could learn.
        let mut places = vec![0; order.len() + 1];
        let mut k = 0;
        for (at, &i) in order.iter().enumerate() {
            places[k] = at;
            k += usize::from(at != i);
        }
        places.truncate(k);
        if places.is_empty() {
            return None;
        }
        // A moved story comes from a rank that is itself moved, so each
        // source is one of `places`: looked up in a table by rank.
        let slot_of = slots(&places);
        let from: Vec<usize> = places.iter().map(|&at| slot_of[order[at]]).collect();
        let mut to = vec![0; from.len()];
        for (i, &f) in from.iter().enumerate() {
            to[f] = i;
        }
        let before = places.iter().map(|&at| id(&stories[at])).collect();
        Some(Reordering {
            places,
            from,
            to,
            before,
            reason,
        })
    }

    /// What the user did.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }

    /// How many stories change rank.
    pub fn moved(&self) -> usize {
        self.places.len()
    }

    /// Where each of `places` takes its story from, going forward or back.
    fn sources(&self, back: bool) -> &[usize] {
        if back { &self.to } else { &self.from }
    }

    /// Where the story at each of `places` goes, going forward or back.
    fn targets(&self, back: bool) -> &[usize] {
        if back { &self.from } else { &self.to }
    }

    /// Whether `stories` are as this reorder expects them before it is
    /// applied (forward, or `back` to undo it): the same stories, by
    /// identity, at every rank it changes.
    pub(crate) fn fits(&self, stories: &[Arc<Story>], back: bool) -> bool {
        if self.places.last().is_none_or(|&last| last >= stories.len()) {
            return false;
        }
        self.places.iter().enumerate().all(|(i, &at)| {
            // Going back, the story at places[i] is the one forward put there.
            let expected = if back {
                self.before[self.from[i]]
            } else {
                self.before[i]
            };
            id(&stories[at]) == expected
        })
    }

    /// Applies the moves (forward, or `back` to undo them) to stories that
    /// [`Reordering::fits`]. The stories are moved, never cloned (no
    /// reference count is touched), and gathered in one pass with loads
    /// that do not wait for each other, where following the permutation's
    /// cycles would chase one cache miss after another.
    pub(crate) fn apply_to(&self, stories: &mut Vec<Arc<Story>>, back: bool) {
        let sources = self.sources(back);
        let mut source: Vec<usize> = (0..stories.len()).collect();
        for (&at, &s) in self.places.iter().zip(sources) {
            source[at] = self.places[s];
        }
        let mut slots: Vec<Option<Arc<Story>>> =
            std::mem::take(stories).into_iter().map(Some).collect();
        *stories = source
            .iter()
            .map(|&from| {
                slots[from]
                    .take()
                    .expect("a reordering takes each story once")
            })
            .collect();
    }

    /// The new rank of every rank up to the last one the moves change
    /// (forward, or `back`), for following many ranks at once.
    fn new_indices(&self, back: bool) -> Vec<usize> {
        let len = self.places.last().map_or(0, |&last| last + 1);
        let mut new: Vec<usize> = (0..len).collect();
        for (&at, &to) in self.places.iter().zip(self.targets(back)) {
            new[at] = self.places[to];
        }
        new
    }

    /// Follows the moves (forward, or `back`) in rank indices kept
    /// elsewhere (e.g. the ranks of the stories in dependencies).
    pub fn follow_all<'a>(&self, ranks: impl Iterator<Item = &'a mut usize>, back: bool) {
        let new = self.new_indices(back);
        for at in ranks {
            if let Some(&to) = new.get(*at) {
                *at = to;
            }
        }
    }

    /// Where the story at rank index `old` stands after the moves (forward,
    /// or `back`).
    pub fn new_index(&self, old: usize, back: bool) -> usize {
        match self.places.binary_search(&old) {
            Ok(i) => self.places[self.targets(back)[i]],
            Err(_) => old,
        }
    }

    /// Follows the moves (forward, or `back`) in an ascending list of rank
    /// indices (a view's rows): the same stories, at their new ranks, still
    /// ascending. Never looks at a story: the ranks it does not change keep
    /// their rows, and each rank it changes is shown when the story it
    /// receives was.
    pub fn follow_sorted(&self, rows: &mut [usize], back: bool) {
        // Few rows among many moves (a sprint's rows): move each and sort.
        if rows.len().saturating_mul(16) < self.places.len() {
            self.follow_few(rows, back);
        } else {
            self.follow_many(rows, back);
        }
    }

    fn follow_few(&self, rows: &mut [usize], back: bool) {
        for row in rows.iter_mut() {
            *row = self.new_index(*row, back);
        }
        rows.sort_unstable();
    }

    /// Linear, and without a branch on which rows are shown (a filtered
    /// list's rows are as good as random): the ranks up to the last moved
    /// one are marked, the marks moved with the stories, and the marked
    /// ranks listed again; rows past the last moved rank stay as they are.
    fn follow_many(&self, rows: &mut [usize], back: bool) {
        let Some(&last) = self.places.last() else {
            return;
        };
        let mut shown = vec![false; last + 1];
        let within = rows.partition_point(|&r| r <= last);
        for &r in &rows[..within] {
            shown[r] = true;
        }
        let was: Vec<bool> = self.places.iter().map(|&at| shown[at]).collect();
        for (&at, &from) in self.places.iter().zip(self.sources(back)) {
            shown[at] = was[from];
        }
        // The same number of rows is shown before and after: write each
        // rank, and keep it by moving on only when it is shown.
        let mut listed = vec![0; within + 1];
        let mut n = 0;
        for (at, &on) in shown.iter().enumerate() {
            listed[n] = at;
            n += usize::from(on);
        }
        listed.truncate(n);
        rows[..within].copy_from_slice(&listed);
    }
}

/// Per rank up to the last of `places` (ascending): its position in them.
fn slots(places: &[usize]) -> Vec<usize> {
    let len = places.last().map_or(0, |&last| last + 1);
    let mut slot = vec![usize::MAX; len];
    for (i, &at) in places.iter().enumerate() {
        slot[at] = i;
    }
    slot
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Backlog;
    use chrono::{TimeZone, Utc};

    fn stories(n: usize) -> Vec<Arc<Story>> {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let mut b = Backlog::new("t");
        (0..n)
            .map(|i| Arc::new(b.new_story(&format!("story {i}"), now)))
            .collect()
    }

    /// Every order of four stories, and a few rows of each: applying and
    /// following match putting the stories in order by hand, both ways.
    #[test]
    fn every_order_of_four_applies_follows_and_goes_back() {
        let start = stories(4);
        let mut orders = Vec::new();
        for a in 0..4 {
            for b in 0..4 {
                for c in 0..4 {
                    for d in 0..4 {
                        let o = [a, b, c, d];
                        if (0..4).all(|x| o.contains(&x)) {
                            orders.push(o);
                        }
                    }
                }
            }
        }
        assert_eq!(orders.len(), 24);
        for order in orders {
            let Some(r) = Reordering::of(&start, &order, Reason::ScoreOrder) else {
                assert_eq!(order, [0, 1, 2, 3]);
                continue;
            };
            let wanted: Vec<Arc<Story>> = order.iter().map(|&i| Arc::clone(&start[i])).collect();
            let mut now = start.clone();
            assert!(r.fits(&now, false) && !r.fits(&now, true));
            r.apply_to(&mut now, false);
            assert!(now.iter().zip(&wanted).all(|(a, b)| Arc::ptr_eq(a, b)));
            for old in 0..4 {
                assert!(Arc::ptr_eq(&now[r.new_index(old, false)], &start[old]));
            }
            for rows in [vec![], vec![0], vec![1, 3], vec![0, 1, 2], vec![0, 1, 2, 3]] {
                let mut by_hand: Vec<usize> = rows
                    .iter()
                    .map(|&i| order.iter().position(|&o| o == i).unwrap())
                    .collect();
                by_hand.sort_unstable();
                // Both ways of following, whatever the sizes would choose.
                let mut few = rows.clone();
                r.follow_few(&mut few, false);
                let mut many = rows.clone();
                r.follow_many(&mut many, false);
                assert_eq!(few, by_hand, "order {order:?} rows {rows:?}");
                assert_eq!(many, by_hand, "order {order:?} rows {rows:?}");
                r.follow_few(&mut few, true);
                r.follow_many(&mut many, true);
                assert_eq!((few, many), (rows.clone(), rows));
            }
            assert!(r.fits(&now, true) && !r.fits(&now, false));
            r.apply_to(&mut now, true);
            assert!(now.iter().zip(&start).all(|(a, b)| Arc::ptr_eq(a, b)));
        }
    }
}
