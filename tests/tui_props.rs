//! Property tests: random key sequences on random backlogs.

mod fixtures;

use po::tui::app::App;
use proptest::prelude::*;

const KEYS: &[&str] = &[
    "f Right Enter",
    "f Down Right Enter",
    "f Down Down Down Right Enter",
    "j",
    "k",
    "J",
    "K",
    "T",
    "B",
    "g",
    "G",
    "PageDown",
    "PageUp",
    "a",
    "e",
    "d",
    "p",
    "m",
    "s",
    "u",
    "C-r",
    "/",
    "n",
    "N",
    "f",
    "F",
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Space",
    "c",
    "r",
    "x",
    "@",
    ":",
    "?",
    "1",
    "2",
    "A",
    "y",
    "Left",
    "Right",
    "Backspace",
    "Up",
    "Down",
    "C-u",
    "3",
    "字",
    "🍕",
    "q",
];

fn sorted_keys(app: &App) -> Vec<String> {
    let mut keys = fixtures::keys(app);
    keys.sort();
    keys
}

/// Closes whatever popup is open, without confirming anything.
fn close_popups(app: &mut App) {
    for _ in 0..4 {
        if app.popup.is_some() {
            fixtures::press(app, "Esc");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PO_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn random_keys_never_panic_keep_every_story_once_and_undo_all_restores(
        size in 0usize..25,
        keys in proptest::collection::vec(proptest::sample::select(KEYS), 0..120),
        width in 20u16..160,
        height in 5u16..50,
    ) {
        let mut app = fixtures::app(size);
        app.resize(width, height);
        let original = app.backlog.clone();
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        let stories_before: usize = app.backlog.stories.len();
        for k in &keys {
            fixtures::press(&mut app, k);
            terminal.draw(|f| po::tui::ui::render(&app, f)).unwrap();
            let sorted = sorted_keys(&app);
            let mut unique = sorted.clone();
            unique.dedup();
            prop_assert_eq!(&sorted, &unique, "a story appears twice");
            prop_assert!(app.list.is_consistent(&app.backlog), "filtered rows out of step after {}", k);
            prop_assert!(app.by_key.is_consistent(&app.backlog), "key index out of step after {}", k);
            prop_assert_eq!(&app.totals, &po::tui::app::Totals::of(&app.backlog), "totals out of step after {}", k);
            if let Some(row) = app.list.story_index(&app.backlog) {
                prop_assert!(row < app.backlog.stories.len());
            }
        }
        close_popups(&mut app);
        prop_assert!(app.popup.is_none(), "popup still open: {:?}", app.popup);
        while app.undo_depth() > 0 {
            fixtures::press(&mut app, "u");
        }
        prop_assert_eq!(app.backlog.stories.len(), stories_before);
        prop_assert_eq!(&app.backlog.stories, &original.stories);
        prop_assert_eq!(&app.backlog.epics, &original.epics);
        prop_assert_eq!(&app.backlog.sprints, &original.sprints);
    }
}

/// What can come back from the file worker, or a key, in one step.
#[derive(Clone, Debug)]
enum Step {
    Key(&'static str),
    SaveFailed,
    ChangedOnDisk,
    Saved,
    Reloaded(usize),
    Metrics,
}

fn steps() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => proptest::sample::select(KEYS).prop_map(Step::Key),
        1 => proptest::sample::select(&["C-s", "o", "r", "4", "Esc", "q", "n"][..]).prop_map(Step::Key),
        1 => Just(Step::SaveFailed),
        1 => Just(Step::ChangedOnDisk),
        1 => Just(Step::Saved),
        1 => (0usize..25).prop_map(Step::Reloaded),
        1 => Just(Step::Metrics),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PO_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    /// Saves failing, outside changes, reloads and the metrics worker
    /// arriving between keys never panic, never lose track of a story, and
    /// never let a save through while the user has not chosen.
    #[test]
    fn file_events_between_keys_keep_the_views_consistent(
        size in 0usize..25,
        steps in proptest::collection::vec(steps(), 0..120),
        width in 20u16..160,
        height in 5u16..50,
    ) {
        use po::tui::saver::FileReport;
        let mut app = fixtures::app(size);
        app.resize(width, height);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        for step in &steps {
            match step {
                Step::Key(k) => {
                    fixtures::press(&mut app, k);
                }
                Step::SaveFailed => {
                    app.file_report(FileReport::SaveFailed("No space left on device".into()));
                }
                Step::ChangedOnDisk => {
                    app.file_report(FileReport::ChangedOnDisk);
                }
                Step::Saved => {
                    let at = app.changes;
                    app.file_report(FileReport::Saved { at });
                }
                Step::Reloaded(n) => {
                    let backlog = Box::new(fixtures::backlog(*n));
                    app.file_report(FileReport::Reloaded { backlog, notices: Vec::new() });
                    prop_assert_eq!(app.backlog.stories.len(), *n);
                    prop_assert!(!app.has_unsaved_changes());
                }
                Step::Metrics => app.compute_figures_now(),
            }
            terminal.draw(|f| po::tui::ui::render(&app, f)).unwrap();
            if app.file.conflict {
                prop_assert!(app.save_job(false).is_none(), "a save got past an open conflict");
                prop_assert!(app.has_unsaved_changes());
            }
            let sorted = sorted_keys(&app);
            let mut unique = sorted.clone();
            unique.dedup();
            prop_assert_eq!(&sorted, &unique, "a story appears twice");
            prop_assert!(app.list.is_consistent(&app.backlog), "filtered rows out of step after {:?}", step);
            prop_assert!(app.by_key.is_consistent(&app.backlog), "key index out of step after {:?}", step);
            prop_assert_eq!(&app.totals, &po::tui::app::Totals::of(&app.backlog), "totals out of step after {:?}", step);
        }
    }
}
