//! Importing a file from the TUI: `I` (or "import a file…" in the palette),
//! a path, the dry-run summary as a question, `y` imports as one change.

mod fixtures;
mod render_support;

use fixtures::{app, press, type_text};
use po::tui::app::App;
use po::tui::popup::{ConfirmFor, Popup};

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The backlog as it would be saved, to compare two states exactly; but for
/// the key counters, which undo leaves moved on because keys are never reused.
fn saved(app: &App) -> serde_json::Value {
    let mut value = serde_json::to_value(&app.backlog).unwrap();
    value.as_object_mut().unwrap().remove("next_keys");
    value
}

fn question(app: &App) -> String {
    match &app.popup {
        Some(Popup::Confirm(c)) => {
            assert!(
                matches!(c.purpose, ConfirmFor::Import(_)),
                "{:?}",
                c.purpose
            );
            c.question.clone()
        }
        other => panic!("no import question open: {other:?}"),
    }
}

fn message(app: &App) -> (String, bool) {
    let m = app.message.as_ref().expect("a message");
    (m.text.clone(), m.error)
}

#[test]
fn importing_from_the_palette_asks_with_the_dry_run_summary_then_y_imports_as_one_undoable_change()
{
    let mut app = app(3);
    let before = saved(&app);
    let depth = app.undo_depth();
    press(&mut app, ":");
    type_text(&mut app, "import a file");
    press(&mut app, "Enter");
    assert!(
        matches!(&app.popup, Some(Popup::Prompt(p)) if p.input.value().is_empty()),
        "{:?}",
        app.popup
    );
    let path = fixture("jira_cloud.csv");
    type_text(&mut app, &path);
    press(&mut app, "Enter");
    let q = question(&app);
    assert!(q.contains("Jira CSV export"), "{q}");
    // Its epic is the fixture's "Checkout", found by name; its sprints are new.
    assert!(
        q.contains("would add: 0 epics, 3 sprints, 5 stories with 3 acceptance criteria"),
        "{q}"
    );
    // At the first row in that sprint, naming the story it became.
    assert!(
        q.contains("5 warnings:\n- line 12 (S-8 Apply a voucher code): sprint \"SHOP Sprint 3\" looks active"),
        "{q}"
    );
    assert!(q.contains("Import it?"), "{q}");
    // Nothing happens before the yes.
    assert_eq!(saved(&app), before);

    press(&mut app, "y");
    assert!(app.popup.is_none());
    assert_eq!(app.backlog.stories.len(), 3 + 5);
    assert!(
        app.backlog
            .stories
            .iter()
            .any(|s| s.title == "Pay with saved card" && s.source.as_deref() == Some("jira:SHOP-2"))
    );
    assert_eq!(app.backlog.epics.len(), 2);
    assert_eq!(app.backlog.sprints.len(), 1 + 3);
    assert_eq!(app.undo_depth(), depth + 1);
    let (text, error) = message(&app);
    assert!(!error);
    assert!(
        text.starts_with("imported 5 stories, 3 sprints from")
            && text.ends_with(&format!("from {path} (u undoes)")),
        "{text}"
    );

    press(&mut app, "u");
    assert_eq!(saved(&app), before);
    press(&mut app, "C-r");
    assert_eq!(app.backlog.stories.len(), 3 + 5);
}

#[test]
fn shift_i_opens_the_import_prompt_and_n_or_esc_on_the_summary_changes_nothing() {
    let mut app = app(3);
    let before = saved(&app);
    let depth = app.undo_depth();
    for answer in ["n", "Esc"] {
        press(&mut app, "I");
        type_text(&mut app, &fixture("github.json"));
        press(&mut app, "Enter");
        assert!(question(&app).contains("GitHub issues JSON"));
        press(&mut app, answer);
        assert!(app.popup.is_none());
        assert_eq!(saved(&app), before);
        assert_eq!(app.undo_depth(), depth);
    }
}

#[test]
fn a_file_that_is_not_importable_is_an_error_naming_the_line_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open.csv");
    std::fs::write(
        &path,
        b"title,description,points\nFirst,fine,1\nSecond,\"never closed,2\nThird,x,3\n",
    )
    .unwrap();
    let mut app = app(3);
    let before = saved(&app);
    press(&mut app, "I");
    type_text(&mut app, path.to_str().unwrap());
    press(&mut app, "Enter");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let (text, error) = message(&app);
    assert!(error);
    assert!(
        text.contains("open.csv: line 3, column \"description\": a quoted cell is never closed")
            && text.ends_with("nothing imported"),
        "{text}"
    );
    assert_eq!(saved(&app), before);
    assert_eq!(app.undo_depth(), 0);
}

#[test]
fn a_path_that_cannot_be_read_keeps_the_prompt_open_with_the_reason() {
    let mut app = app(3);
    let before = saved(&app);
    press(&mut app, "I");
    type_text(&mut app, "no/such/export.csv");
    press(&mut app, "Enter");
    match &app.popup {
        Some(Popup::Prompt(p)) => {
            let error = p.error.as_deref().unwrap_or_default();
            assert!(
                error.starts_with("cannot read no/such/export.csv"),
                "{error}"
            );
            assert_eq!(p.input.value(), "no/such/export.csv");
        }
        other => panic!("the prompt closed: {other:?}"),
    }
    assert_eq!(saved(&app), before);
}

#[test]
fn importing_the_same_file_twice_says_there_is_nothing_new() {
    let mut app = app(0);
    let path = fixture("taskwarrior.json");
    press(&mut app, "I");
    type_text(&mut app, &path);
    press(&mut app, "Enter y");
    let added = app.backlog.stories.len();
    assert!(added > 0);
    press(&mut app, "I");
    type_text(&mut app, &path);
    press(&mut app, "Enter");
    assert!(
        question(&app).contains("Nothing to add"),
        "{}",
        question(&app)
    );
    press(&mut app, "y");
    assert_eq!(app.backlog.stories.len(), added);
    assert_eq!(app.undo_depth(), 1);
    let (text, _) = message(&app);
    assert!(text.ends_with("nothing new to import"), "{text}");
}

#[test]
fn after_an_import_the_burndown_names_the_active_sprint_it_lacks_dates_for() {
    let mut app = App::new(po::model::Backlog::default(), None, &[]);
    press(&mut app, "I");
    type_text(&mut app, &fixture("jira_cloud.csv"));
    press(&mut app, "Enter");
    press(&mut app, "y");
    let active = app
        .backlog
        .active_sprint()
        .expect("Jira's open sprint is active");
    assert_eq!((active.key.as_str(), active.start), ("SP-3", None));
    press(&mut app, "4");
    app.compute_figures_now();
    let shown = render_support::screen(&mut app, 120, 40);
    assert!(
        !shown.contains("No active sprint"),
        "the header says SP-3 is active:\n{shown}"
    );
    assert!(
        shown.contains("SP-3 SHOP Sprint 3 has no start date to burn down from"),
        "{shown}"
    );
}

#[test]
fn after_an_import_the_refinement_queue_ranks_stories_as_the_backlog_shows_them() {
    let mut app = App::new(po::model::Backlog::default(), None, &[]);
    press(&mut app, "I");
    type_text(&mut app, &fixture("jira_cloud.csv"));
    press(&mut app, "Enter");
    press(&mut app, "y");
    // S-1, done in a closed sprint, ranked above the work ahead (as Jira's
    // Rank ASC has it) is hidden there: S-2 shows as rank 1.
    let mut moved = app.backlog.clone();
    moved.move_story("S-1", &po::model::Position::Top).unwrap();
    let mut app = App::new(moved, None, &[]);
    let backlog = render_support::screen(&mut app, 120, 20);
    let row = |screen: &str, key: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!(" {key} ")))
            .unwrap_or_else(|| panic!("{key} not shown:\n{screen}"))
            .split_whitespace()
            .find(|w| w.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no rank for {key}:\n{screen}"))
            .to_string()
    };
    assert_eq!(row(&backlog, "S-2"), "1", "{backlog}");
    press(&mut app, "8");
    app.compute_figures_now();
    let queue = render_support::screen(&mut app, 120, 20);
    assert_eq!(row(&queue, "S-2"), "1", "as the backlog shows it:\n{queue}");
    assert_eq!(row(&queue, "S-5"), "4", "{queue}");
}
