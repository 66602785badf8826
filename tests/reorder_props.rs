//! Property tests of applying an order to the backlog (the score order),
//! which is kept as the moves it makes rather than as two copies of the
//! ranking: random reorders, undos and redos give back exactly the order
//! and the file they started from, and the TUI's lists follow each one.

mod fixtures;

use std::sync::Arc;

use chrono::NaiveDate;
use po::model::rice::{score_moves, score_order, score_ranking};
use po::model::{Backlog, Change, Story, sample};
use proptest::prelude::*;

fn generated(n: usize, seed: u64) -> Backlog {
    sample::generate(
        "Props",
        n,
        seed,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
}

/// One step of a random session of reorders.
#[derive(Clone, Debug)]
enum Step {
    /// Puts the stories in an order: a permutation drawn by the seed.
    Shuffle(u64),
    /// The score order of the stories the seed picks (about half).
    ScoreOrder(u64),
    /// The score order of all stories.
    ScoreOrderAll,
    /// The score order of the stories the seed picks, applied as the TUI
    /// applies it: as the moves of a ranking (no order of every story).
    ScoreMoves(u64),
    Undo,
    Redo,
}

fn steps() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => any::<u64>().prop_map(Step::Shuffle),
        2 => any::<u64>().prop_map(Step::ScoreOrder),
        2 => any::<u64>().prop_map(Step::ScoreMoves),
        1 => Just(Step::ScoreOrderAll),
        3 => Just(Step::Undo),
        2 => Just(Step::Redo),
    ]
}

/// A permutation of `0..n` from a seed (xorshift, Fisher–Yates), that
/// sometimes leaves most stories where they are, as one epic's order does.
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut order: Vec<usize> = (0..n).collect();
    let swaps = if seed.is_multiple_of(3) { n.min(3) } else { n };
    for _ in 0..swaps {
        if n < 2 {
            break;
        }
        let a = usize::try_from(next() % n as u64).unwrap();
        let b = usize::try_from(next() % n as u64).unwrap();
        order.swap(a, b);
    }
    order
}

fn same_stories(a: &[Arc<Story>], b: &[Arc<Story>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PO_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    /// Every reorder puts the stories exactly in the order asked; undoing
    /// and redoing in any sequence gives back the orders seen before, the
    /// same stories (not copies); undoing everything gives back the
    /// original order and a file identical byte for byte.
    #[test]
    fn random_reorders_undos_and_redos_give_back_the_exact_order_and_file(
        n in 0usize..60,
        seed in 0u64..1000,
        steps in proptest::collection::vec(steps(), 0..40),
    ) {
        let mut backlog = generated(n, seed);
        let original = backlog.clone();
        let original_file = po::store::encode(&original).unwrap();
        // The order after each change that can be undone, to compare undos
        // and redos with.
        let mut orders: Vec<Vec<Arc<Story>>> = vec![backlog.stories.clone()];
        let mut undo: Vec<Change> = Vec::new();
        let mut redo: Vec<(Change, Vec<Arc<Story>>)> = Vec::new();
        for step in &steps {
            let order = match step {
                Step::Shuffle(s) => Some(permutation(backlog.stories.len(), *s)),
                Step::ScoreOrder(s) => Some(score_order(&backlog.stories, |i, _| (s >> (i % 64)) & 1 == 1)),
                Step::ScoreOrderAll => Some(score_order(&backlog.stories, |_, _| true)),
                Step::ScoreMoves(s) => Some(score_order(&backlog.stories, |i, _| (s >> (i % 64)) & 1 == 1)),
                Step::Undo | Step::Redo => None,
            };
            if let Some(order) = order {
                let wanted: Vec<Arc<Story>> = order.iter().map(|&i| Arc::clone(&backlog.stories[i])).collect();
                let applied = match step {
                    Step::ScoreMoves(s) => {
                        let ranking = score_ranking(&backlog.stories);
                        let moves = score_moves(&ranking, |i| (s >> (i % 64)) & 1 == 1);
                        backlog.reorder_moves(&moves)
                    }
                    _ => backlog.reorder(&order),
                };
                match applied.unwrap() {
                    Some(change) => {
                        undo.push(change);
                        redo.clear();
                        orders.push(wanted.clone());
                    }
                    None => prop_assert!(same_stories(&wanted, &backlog.stories)),
                }
                prop_assert!(same_stories(&backlog.stories, &wanted), "not in the order asked after {:?}", step);
                continue;
            }
            if matches!(step, Step::Undo) {
                if let Some(change) = undo.pop() {
                    backlog.apply(&change.inverse()).unwrap();
                    let left = orders.pop().unwrap();
                    prop_assert!(same_stories(&backlog.stories, orders.last().unwrap()), "undo did not restore the order");
                    // Undone already: a second undo no longer fits and
                    // leaves the order alone.
                    prop_assert!(backlog.apply(&change.inverse()).is_err());
                    prop_assert!(same_stories(&backlog.stories, orders.last().unwrap()));
                    redo.push((change, left));
                }
            } else if let Some((change, order)) = redo.pop() {
                backlog.apply(&change).unwrap();
                prop_assert!(same_stories(&backlog.stories, &order), "redo did not restore the order");
                prop_assert!(backlog.apply(&change).is_err(), "a reorder applied twice");
                orders.push(order);
                undo.push(change);
            }
        }
        while let Some(change) = undo.pop() {
            backlog.apply(&change.inverse()).unwrap();
        }
        prop_assert!(same_stories(&backlog.stories, &original.stories));
        prop_assert_eq!(po::store::encode(&backlog).unwrap(), original_file);
    }
}

const KEYS: &[&str] = &[
    // Splits (the parent removed, or kept as done), deletes, additions
    // and dependency edits: each asks the App's key and dependents index
    // instead of scanning, so the index must follow every one of them.
    "S Enter",
    "S Down Enter",
    "d y",
    "a x Enter",
    "D Enter Esc",
    "D Down Enter Esc",
    "O Enter",
    "O Down Enter",
    "O Down Down Enter",
    "u",
    "C-r",
    "j",
    "k",
    "J",
    "G",
    "H",
    "f Right Enter",
    "F",
    "3",
    "7",
    "1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PO_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    /// The score order applied to the whole backlog, an epic or the marked
    /// stories, splits, deletes, additions and dependency edits, undone
    /// and redone, in any view and under a filter or with closed sprints'
    /// done stories shown: every list and index the TUI keeps (the
    /// backlog's rows and hidden stories, planning's two lists, the
    /// board's, the ranks of stories in dependencies and who depends on
    /// whom, the stories by key) is what a fresh count of the backlog
    /// gives, and undoing everything gives back the file it started from.
    /// (Debug builds also hold the index's answers to a scan's inside the
    /// model, at every split, delete, insert, undo and redo.)
    #[test]
    fn score_orders_splits_and_their_undo_keep_every_list_and_index_in_step(
        n in 0usize..80,
        seed in 0u64..1000,
        keys in proptest::collection::vec(proptest::sample::select(KEYS), 0..30),
    ) {
        let mut app = po::tui::app::App::new(generated(n, seed), None, &[]);
        app.resize(120, 40);
        let next_keys = app.backlog.next_keys.clone();
        let original = po::store::encode(&app.backlog).unwrap();
        for k in &keys {
            fixtures::press(&mut app, k);
            app.compute_figures_now();
            prop_assert!(app.list.is_consistent(&app.backlog), "backlog rows out of step after {}", k);
            prop_assert!(app.planning.backlog.is_consistent(&app.backlog), "planning's backlog out of step after {}", k);
            prop_assert!(app.planning.sprint.is_consistent(&app.backlog), "planning's sprint out of step after {}", k);
            prop_assert!(app.board.list.is_consistent(&app.backlog), "board out of step after {}", k);
            prop_assert!(app.dep_ranks.is_consistent(&app.backlog), "dependency ranks or dependents out of step after {}", k);
            prop_assert!(app.by_key.is_consistent(&app.backlog), "key index out of step after {}", k);
        }
        // A popup left open (a prompt, a picker) would take `u` as text.
        fixtures::press(&mut app, "Esc Esc Esc 1");
        while app.undo_depth() > 0 {
            let depth = app.undo_depth();
            fixtures::press(&mut app, "u");
            prop_assert!(app.undo_depth() < depth, "u undid nothing: {:?}", app.message);
        }
        // Keys handed out (an addition, a split) are never given again, so
        // only the counters may differ from the file it started from.
        prop_assert!(app.backlog.next_keys.stories >= next_keys.stories);
        let mut undone = app.backlog.clone();
        undone.next_keys = next_keys;
        prop_assert!(po::store::encode(&undone).unwrap() == original, "undoing everything did not give back the file");
    }
}
