//! The message line says what happened, in words, and only until the next
//! action.

mod fixtures;

use fixtures::{press, type_text};
use po::tui::app::{App, Effect};
use po::tui::saver::FileReport;

fn message(app: &App) -> Option<&str> {
    app.message.as_ref().map(|m| m.text.as_str())
}

#[test]
fn a_points_edit_and_its_undo_say_which_points_went_where() {
    let mut app = fixtures::app(6);
    press(&mut app, "p");
    type_text(&mut app, "5");
    press(&mut app, "Enter");
    assert_eq!(message(&app), Some("points of S-4 1 → 5"));
    press(&mut app, "u");
    assert_eq!(message(&app), Some("undid: points of S-4 5 → 1"));
    press(&mut app, "C-r");
    assert_eq!(message(&app), Some("redid: points of S-4 1 → 5"));
}

#[test]
fn cycling_a_field_names_the_field_and_both_values() {
    let mut app = fixtures::app(6);
    press(&mut app, "m");
    assert_eq!(message(&app), Some("MoSCoW of S-4 must → should"));
    press(&mut app, "s");
    assert_eq!(message(&app), Some("status of S-4 todo → in progress"));
}

#[test]
fn a_stale_message_clears_on_the_next_key() {
    let mut app = fixtures::app(6);
    press(&mut app, "m");
    assert!(message(&app).is_some());
    press(&mut app, "j");
    assert_eq!(message(&app), None);
}

#[test]
fn ctrl_s_says_saved_once_the_save_is_done() {
    let mut app = fixtures::app(6);
    assert_eq!(press(&mut app, "C-s"), Effect::Save);
    assert_eq!(message(&app), Some("saving…"));
    let job = app.save_job(true);
    assert!(job.is_some());
    app.file_report(FileReport::Saved { at: app.changes });
    assert_eq!(message(&app), Some("saved"));
    // A save after an ordinary edit stays silent.
    press(&mut app, "m");
    app.file_report(FileReport::Saved { at: app.changes });
    assert_eq!(message(&app), Some("MoSCoW of S-4 must → should"));
}

#[test]
fn closing_a_sprint_says_where_its_unfinished_stories_went() {
    let mut b = fixtures::backlog(4);
    let change = b.close_sprint("SP-3", None, fixtures::t0()).unwrap();
    assert_eq!(
        change.describe(),
        "closed SP-3: 2 unfinished stories back to the top of the backlog"
    );
    let mut b = fixtures::backlog(4);
    let next = b.add_sprint(po::model::Sprint::named("Next")).unwrap();
    let next = next_key(&next);
    let change = b.close_sprint("SP-3", Some(&next), fixtures::t0()).unwrap();
    assert_eq!(
        change.describe(),
        format!("closed SP-3: 2 unfinished stories moved to {next}")
    );
    assert_eq!(
        change.describe_undone(),
        format!("undid: closed SP-3: 2 unfinished stories moved to {next}")
    );
}

fn next_key(change: &po::model::Change) -> String {
    match change {
        po::model::Change::Insert { item, .. } => item.key().to_string(),
        other => panic!("not an insert: {other:?}"),
    }
}
