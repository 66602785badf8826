//! The TUI and its file: saves through the real background saver, a file
//! changed by another program under a running po (reload when nothing here
//! is unsaved, otherwise ask; never overwrite silently), and retrying a
//! failed save. The runtime's part (passing jobs and reports) is done here
//! by hand, step by step.

mod fixtures;

use std::fs;
use std::path::Path;

use fixtures::{backlog, keys, press, wait_for_report};
use po::store::{Access, Store, backup_path};
use po::tui::app::{App, Effect};
use po::tui::popup::Popup;
use po::tui::saver::{FileJob, FileReport, Saver};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

/// An App on a real file of five stories, with its saver.
fn open(dir: &Path) -> (App, Saver) {
    let path = dir.join("backlog.json");
    Store::create(&path, &backlog(5)).unwrap();
    let opened = Store::open(&path, Access::PreferWrite, false).unwrap();
    let mut app = App::new(opened.backlog, None, &[]);
    app.resize(120, 40);
    (app, Saver::spawn(opened.store))
}

/// Sends a job and feeds the reports back to the App, as the runtime does,
/// including jobs the App asks for in answer; returns the reports' names.
fn run(app: &mut App, saver: &Saver, job: FileJob) -> Vec<String> {
    let mut names = Vec::new();
    let mut next = Some(job);
    while let Some(job) = next.take() {
        saver.send(job);
        let report = wait_for_report(saver);
        names.push(
            format!("{report:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap()
                .to_string(),
        );
        next = app.file_report(report);
    }
    names
}

/// Another program rewrites the file: the first story gets a new title.
fn edit_outside(dir: &Path, title: &str) {
    let path = dir.join("backlog.json");
    let mut value: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    value["stories"][0]["title"] = Value::from(title);
    fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

/// The screen as text.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| po::tui::ui::render(app, f)).unwrap();
    terminal.backend().to_string()
}

fn titles_on_disk(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join("backlog.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    value["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_outside_change_is_reloaded_when_nothing_here_is_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, saver) = open(dir.path());
    press(&mut app, "J");
    let job = app.save_job(false).unwrap();
    assert_eq!(run(&mut app, &saver, job), ["Saved"]);
    let undoable = app.undo_depth();
    assert!(undoable > 0);

    edit_outside(dir.path(), "Renamed in another program");
    let check = app
        .check_job()
        .expect("an idle po looks for outside changes");
    app.message = None;
    saver.send(check);
    let report = wait_for_report(&saver);
    assert!(matches!(report, FileReport::ChangedOnDisk), "{report:?}");
    let reload = app.file_report(report).expect("nothing unsaved: reload");
    // While it reloads, edits wait rather than getting lost.
    let before = keys(&app);
    press(&mut app, "K");
    assert_eq!(keys(&app), before);
    assert!(app.message.as_ref().unwrap().text.contains("reloading"));
    assert_eq!(run(&mut app, &saver, reload), ["Reloaded"]);

    assert_eq!(app.backlog.stories[0].title, "Renamed in another program");
    assert!(app.list.is_consistent(&app.backlog));
    assert!(app.by_key.is_consistent(&app.backlog));
    assert_eq!(
        app.undo_depth(),
        0,
        "undo does not reach into the old version"
    );
    assert!(!app.has_unsaved_changes());
    // Editing goes on from the reloaded version, and saves keep both.
    press(&mut app, "g m");
    let job = app.save_job(false).unwrap();
    assert_eq!(run(&mut app, &saver, job), ["Saved"]);
    assert_eq!(titles_on_disk(dir.path())[0], "Renamed in another program");
    assert_eq!(keys(&app), before);
    assert!(saver.finish().is_empty());
}

#[test]
fn an_outside_change_under_unsaved_changes_asks_and_keeping_ours_saves_theirs_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, saver) = open(dir.path());
    edit_outside(dir.path(), "Theirs");
    press(&mut app, "J");
    let ours = keys(&app);
    let job = app.save_job(false).unwrap();
    assert_eq!(run(&mut app, &saver, job), ["ChangedOnDisk"]);

    assert!(matches!(app.popup, Some(Popup::Conflict)));
    assert_eq!(
        titles_on_disk(dir.path())[0],
        "Theirs",
        "theirs is untouched"
    );
    assert!(app.has_unsaved_changes());
    // Putting the choice off keeps our change in memory and saves nothing.
    press(&mut app, "Esc");
    assert!(app.popup.is_none());
    press(&mut app, "K J");
    assert!(!app.save_due());
    assert!(app.save_job(false).is_none());
    let banner = screen(&app);
    assert!(
        banner.contains("NOT SAVED, kept in memory · Ctrl-s to choose · the file was changed"),
        "{banner}"
    );
    // Quitting now asks first.
    assert_eq!(press(&mut app, "q"), Effect::None);
    assert!(matches!(app.popup, Some(Popup::Confirm(_))));
    press(&mut app, "n");
    // Ctrl-s asks again; `o` keeps ours.
    assert_eq!(press(&mut app, "C-s"), Effect::None);
    assert!(matches!(app.popup, Some(Popup::Conflict)));
    assert_eq!(press(&mut app, "o"), Effect::Overwrite);
    let job = app.overwrite_job();
    assert_eq!(run(&mut app, &saver, job), ["Saved"]);

    assert!(!app.has_unsaved_changes());
    let on_disk = titles_on_disk(dir.path());
    let in_app: Vec<String> = app
        .backlog
        .stories
        .iter()
        .map(|s| s.title.clone())
        .collect();
    assert_eq!(on_disk, in_app);
    assert_eq!(keys(&app), ours);
    let bak = fs::read_to_string(backup_path(&dir.path().join("backlog.json"))).unwrap();
    assert!(
        bak.contains("\"Theirs\""),
        "their version is kept as the .bak"
    );
    assert_eq!(press(&mut app, "q"), Effect::Quit);
}

#[test]
fn choosing_theirs_reloads_and_drops_the_unsaved_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, saver) = open(dir.path());
    let original = keys(&app);
    edit_outside(dir.path(), "Theirs");
    press(&mut app, "J");
    let job = app.save_job(false).unwrap();
    assert_eq!(run(&mut app, &saver, job), ["ChangedOnDisk"]);
    assert_eq!(press(&mut app, "r"), Effect::Reload);
    assert_eq!(run(&mut app, &saver, FileJob::Reload), ["Reloaded"]);

    assert_eq!(keys(&app), original, "our unsaved move is gone, as chosen");
    assert_eq!(app.backlog.stories[0].title, "Theirs");
    assert!(!app.has_unsaved_changes());
    assert_eq!(press(&mut app, "q"), Effect::Quit);
}

#[test]
fn a_failed_save_keeps_the_change_and_ctrl_s_tries_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _saver) = open(dir.path());
    press(&mut app, "J");
    let job = app.save_job(false).unwrap();
    assert!(matches!(job, FileJob::Save { .. }));
    app.file_report(FileReport::SaveFailed("No space left on device".into()));
    let message = &app.message.as_ref().unwrap().text;
    assert!(message.contains("No space left on device"), "{message}");
    assert!(
        message.contains("kept in memory") && message.contains("Ctrl-s"),
        "{message}"
    );
    assert!(app.has_unsaved_changes());
    // Nothing new to save, but Ctrl-s hands the same state over again.
    assert!(app.save_job(false).is_none());
    assert_eq!(press(&mut app, "C-s"), Effect::Save);
    assert!(app.save_job(true).is_some());
    app.file_report(FileReport::Saved { at: app.changes });
    assert!(!app.has_unsaved_changes());
    assert_eq!(app.message.as_ref().unwrap().text, "saved");
}
