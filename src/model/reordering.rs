//! A new order of the stories kept as the moves it makes, not as two copies
//! of the whole ranking: applying the score order to 100,000 stories must
//! fit in a keystroke, and so must its undo. Only the ranks that change
//! hands are recorded; applying (either way) moves the pointers at those
//! ranks and no others, and the views follow it through
//! [`Reordering::new_index`] and [`Reordering::follow_sorted`] without
//! looking at a story. Each costs the number of stories moved, plus one
//! bit per rank up to the last moved one: nothing is a pass over every
//! story, so one epic's order at a million stories costs what it moves.

use std::mem::ManuallyDrop;
use std::sync::Arc;

use super::{ModelError, Position, Story};

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
    /// Which ranks are among `places`, and where: a rank's slot in O(1).
    slots: Slots,
    /// Forward: the rank whose story `places[i]` receives (`places[from[i]]`),
    /// so that applying loads each story with no load before it to wait on.
    from_rank: Vec<usize>,
    /// The same going back (`places[to[i]]`).
    to_rank: Vec<usize>,
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
    ) -> Result<Option<Reordering>, ModelError> {
        let moves = order
            .iter()
            .enumerate()
            .filter(|&(at, &i)| at != i)
            .map(|(at, &i)| (at, i));
        Reordering::of_moves(stories, moves, reason)
    }

    /// The reordering in which each rank `at` of `moves` receives the
    /// story that stood at rank `from`, for `(at, from)` ascending by `at`;
    /// every other story stays. Refused unless the stories moved are those
    /// at the ranks listed, each received once. `None` when `moves` is
    /// empty.
    pub(crate) fn of_moves(
        stories: &[Arc<Story>],
        moves: impl IntoIterator<Item = (usize, usize)>,
        reason: Reason,
    ) -> Result<Option<Reordering>, ModelError> {
        let not_an_order =
            || ModelError::Invalid("the new order is not an order of the stories".to_string());
        let (places, sources): (Vec<usize>, Vec<usize>) = moves.into_iter().unzip();
        let Some(&last) = places.last() else {
            return Ok(None);
        };
        if last >= stories.len() || places.windows(2).any(|w| w[0] >= w[1]) {
            return Err(not_an_order());
        }
        let slots = Slots::new(&places);
        // Each source must be one of `places` (a story that stays cannot
        // also move) and be taken once: then `from` is a permutation of the
        // slots, which `apply_to` relies on.
        let mut to = vec![usize::MAX; places.len()];
        let mut from = Vec::with_capacity(places.len());
        for (i, &source) in sources.iter().enumerate() {
            let slot = slots.of(source).ok_or_else(not_an_order)?;
            if to[slot] != usize::MAX {
                return Err(not_an_order());
            }
            to[slot] = i;
            from.push(slot);
        }
        let before = places.iter().map(|&at| id(&stories[at])).collect();
        let to_rank = to.iter().map(|&slot| places[slot]).collect();
        Ok(Some(Reordering {
            places,
            from,
            to,
            before,
            slots,
            from_rank: sources,
            to_rank,
            reason,
        }))
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
    /// [`Reordering::fits`]. Only the stories at `places` are touched: each
    /// is moved, never cloned (no reference count changes), gathered with
    /// loads that do not wait for each other (following the permutation's
    /// cycles would chase one cache miss after another) and written to the
    /// rank that receives it.
    pub(crate) fn apply_to(&self, stories: &mut [Arc<Story>], back: bool) {
        let sources = if back { &self.to_rank } else { &self.from_rank };
        let last = self.places.last().copied().unwrap_or_default();
        assert!(
            last < stories.len(),
            "a reordering applied where it does not fit"
        );
        // Read out, not cloned: while they are out, `stories` holds copies
        // of the same pointers, so nothing below may panic (every rank read
        // and written is one of `places`, at most `last`, checked above),
        // and a panic here would only leak them.
        let gathered: Vec<ManuallyDrop<Arc<Story>>> = sources
            .iter()
            // SAFETY: `at` is in bounds; the value read is written back
            // below to exactly one rank, as the sources are the `places`
            // each taken once (checked in `of_moves`).
            .map(|&at| ManuallyDrop::new(unsafe { std::ptr::read(&raw const stories[at]) }))
            .collect();
        for (&at, story) in self.places.iter().zip(gathered) {
            // SAFETY: every value at `places` was read out above, so this
            // overwrites a moved-from slot: no story is dropped or doubled.
            unsafe { std::ptr::write(&raw mut stories[at], ManuallyDrop::into_inner(story)) };
        }
    }

    /// Follows the moves (forward, or `back`) in rank indices kept
    /// elsewhere (e.g. the ranks of the stories in dependencies).
    pub fn follow_all<'a>(&self, ranks: impl ExactSizeIterator<Item = &'a mut usize>, back: bool) {
        // A moved rank looked up alone costs loads that wait on each other;
        // for many, one table of new ranks (a pass up to the last moved
        // rank, then a load each) is cheaper.
        if ranks.len().saturating_mul(4) < self.places.len() {
            for at in ranks {
                *at = self.new_index(*at, back);
            }
            return;
        }
        let len = self.places.last().map_or(0, |&last| last + 1);
        let mut new: Vec<usize> = (0..len).collect();
        for (&at, &to) in self.places.iter().zip(self.targets(back)) {
            new[at] = self.places[to];
        }
        for at in ranks {
            if let Some(&to) = new.get(*at) {
                *at = to;
            }
        }
    }

    /// Where the story at rank index `old` stands after the moves (forward,
    /// or `back`).
    pub fn new_index(&self, old: usize, back: bool) -> usize {
        match self.slots.of(old) {
            Some(i) => self.places[self.targets(back)[i]],
            None => old,
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

    /// [`Reordering::follow_sorted`] of two lists at once (a view's rows
    /// and the stories it leaves out): one marking and one listing pass
    /// over the ranks instead of two.
    pub fn follow_sorted_both(&self, rows: &mut [usize], others: &mut [usize], back: bool) {
        let few = |r: &[usize]| r.len().saturating_mul(16) < self.places.len();
        let Some(&last) = self.places.last() else {
            return;
        };
        if few(rows) || few(others) {
            self.follow_sorted(rows, back);
            self.follow_sorted(others, back);
            return;
        }
        // Bit 0: a row; bit 1: one of the others.
        let mut shown = vec![0u8; last + 1];
        let within = rows.partition_point(|&r| r <= last);
        let others_within = others.partition_point(|&r| r <= last);
        for &r in &rows[..within] {
            shown[r] = 1;
        }
        for &r in &others[..others_within] {
            shown[r] |= 2;
        }
        let was: Vec<u8> = self.places.iter().map(|&at| shown[at]).collect();
        for (&at, &from) in self.places.iter().zip(self.sources(back)) {
            shown[at] = was[from];
        }
        // Each list keeps its length: write every rank to both, and move on
        // in the one whose bit is set.
        let mut listed = vec![0; within + 1];
        let mut listed_others = vec![0; others_within + 1];
        let (mut n, mut m) = (0, 0);
        for (at, &on) in shown.iter().enumerate() {
            listed[n] = at;
            listed_others[m] = at;
            n += usize::from(on & 1);
            m += usize::from(on >> 1);
        }
        rows[..within].copy_from_slice(&listed[..within]);
        others[..others_within].copy_from_slice(&listed_others[..others_within]);
    }

    fn follow_few(&self, rows: &mut [usize], back: bool) {
        for row in rows.iter_mut() {
            *row = self.new_index(*row, back);
        }
        rows.sort_unstable();
    }

    /// Linear in the ranks up to the last moved one (a byte each: bits
    /// would chain every update of a word on the one before), and without
    /// a branch on which rows are shown (a filtered
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

/// Which ranks are moved, as one bit per rank up to the last moved one,
/// with the count of moved ranks before each word: a rank's place among
/// the moved ones without a table as long as the backlog.
#[derive(Debug, PartialEq, Eq)]
struct Slots {
    bits: Vec<u64>,
    before: Vec<usize>,
}

impl Slots {
    /// The slots of ascending `places`.
    fn new(places: &[usize]) -> Slots {
        let words = places.last().map_or(0, |&last| last / 64 + 1);
        let mut bits = vec![0u64; words];
        for &at in places {
            bits[at / 64] |= 1 << (at % 64);
        }
        let mut before = Vec::with_capacity(words);
        let mut n = 0;
        for &word in &bits {
            before.push(n);
            n += word.count_ones() as usize;
        }
        Slots { bits, before }
    }

    /// The position of rank `at` among the moved ranks, if it is one.
    fn of(&self, at: usize) -> Option<usize> {
        let word = *self.bits.get(at / 64)?;
        let bit = 1u64 << (at % 64);
        (word & bit != 0).then(|| self.before[at / 64] + (word & (bit - 1)).count_ones() as usize)
    }
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
            let Some(r) = Reordering::of(&start, &order, Reason::ScoreOrder).unwrap() else {
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
                let (mut both, mut all) = (rows.clone(), vec![0, 1, 2, 3]);
                r.follow_sorted_both(&mut both, &mut all, false);
                assert_eq!((&both, &all), (&by_hand, &vec![0, 1, 2, 3]));
                r.follow_few(&mut few, true);
                r.follow_many(&mut many, true);
                assert_eq!((few, many), (rows.clone(), rows));
            }
            assert!(r.fits(&now, true) && !r.fits(&now, false));
            r.apply_to(&mut now, true);
            assert!(now.iter().zip(&start).all(|(a, b)| Arc::ptr_eq(a, b)));
        }
    }

    /// Moves that are not an order of the stories are refused before
    /// anything is applied: a story that stays taken as moved, a rank
    /// received twice, ranks out of order or past the end.
    #[test]
    fn moves_that_are_not_an_order_are_refused() {
        let start = stories(6);
        let of = |moves: &[(usize, usize)]| {
            Reordering::of_moves(&start, moves.iter().copied(), Reason::ScoreOrder)
        };
        assert!(of(&[]).unwrap().is_none());
        assert!(of(&[(1, 3), (3, 1)]).unwrap().is_some());
        for bad in [
            &[(1, 2), (3, 1)][..],
            &[(1, 3), (3, 3)],
            &[(3, 1), (1, 3)],
            &[(1, 6), (6, 1)],
            &[(1, 1), (1, 1)],
        ] {
            assert!(of(bad).is_err(), "{bad:?} accepted");
        }
    }

    /// A rank's slot from the bit set is its position among the moved
    /// ranks, for ranks around and across word boundaries.
    #[test]
    fn a_ranks_slot_is_its_position_among_the_moved_ranks() {
        let places: Vec<usize> = vec![0, 1, 63, 64, 65, 127, 128, 200, 1000];
        let slots = Slots::new(&places);
        for at in 0..1100 {
            assert_eq!(slots.of(at), places.binary_search(&at).ok(), "rank {at}");
        }
        assert_eq!(Slots::new(&[]).of(0), None);
    }
}
