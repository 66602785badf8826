//! The TUI and a file that another program gave a key twice: the reload is
//! refused with the key and both places, and po keeps its own version, so
//! no edit can land on the wrong copy.

mod fixtures;

use std::fs;

use fixtures::{backlog, keys, press, wait_for_report};
use po::store::{Access, Store};
use po::tui::app::App;
use po::tui::saver::{FileReport, Saver};
use serde_json::Value;

#[test]
fn a_reload_that_would_bring_a_key_twice_is_refused_and_po_keeps_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    Store::create(&path, &backlog(5)).unwrap();
    let opened = Store::open(&path, Access::PreferWrite, false).unwrap();
    let mut app = App::new(opened.backlog, None, &[]);
    app.resize(120, 40);
    let saver = Saver::spawn(opened.store);
    let ours = keys(&app);

    // A bad merge: the fourth story gets the second one's key, with other criteria.
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v["stories"][3]["key"] = v["stories"][1]["key"].clone();
    v["stories"][3]["acceptance"] = serde_json::json!([]);
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();

    saver.send(
        app.check_job()
            .expect("an idle po looks for outside changes"),
    );
    let report = wait_for_report(&saver);
    assert!(matches!(report, FileReport::ChangedOnDisk), "{report:?}");
    let reload = app.file_report(report).expect("nothing unsaved: reload");
    saver.send(reload);
    let report = wait_for_report(&saver);
    match &report {
        FileReport::ReloadFailed(e) => assert!(
            e.contains(&format!("key {} twice", ours[1]))
                && e.contains("stories[1] and stories[3]"),
            "{e}"
        ),
        other => panic!("expected a refused reload, got {other:?}"),
    }
    assert!(app.file_report(report).is_none());
    assert_eq!(keys(&app), ours, "po keeps its own version");
    assert!(app.by_key.is_consistent(&app.backlog));
    assert!(
        app.message.as_ref().unwrap().text.contains("twice"),
        "the user is told why"
    );
    // An edit still goes to the one story with that key, and saves wait for
    // the user's choice rather than overwriting the other program's file.
    press(&mut app, "j p 8 Enter");
    assert_eq!(app.backlog.stories[1].points, Some(8.0));
    drop(saver.finish());
}
