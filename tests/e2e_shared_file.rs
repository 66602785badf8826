//! End-to-end: the app and scripts on one file at the same time. The app
//! takes the lock only around its saves, so `po edit` works while it is
//! open; the app picks the change up (reloads when nothing here is
//! unsaved, asks otherwise) and never saves over a version it has not read.

mod tmux_support;

use std::fs;
use std::thread::sleep;
use std::time::{Duration, Instant};

use po::store::{Access, Store};
use tmux_support::{PO, Tmux, init_sample, keys_of, listed, po};

/// A session with po open on a 30-story sample, and the sample's keys in
/// rank order; the shell says PO-EXIT=<code> when po ends.
fn app_on_a_sample(name: &str) -> Option<(Tmux, Vec<String>)> {
    let tmux = Tmux::start(name)?;
    let (home, file) = (tmux.home(), tmux.file());
    init_sample(&file, &home, "30");
    let original = keys_of(&listed(&file, &home));
    tmux.shell(&format!("{PO} --file {}; echo PO-EXIT=$?", file.display()));
    tmux.wait_for("1 Backlog");
    Some((tmux, original))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_script_edits_the_file_while_the_app_is_open_and_the_app_shows_the_change() {
    let Some((tmux, original)) = app_on_a_sample("script-while-open") else {
        return;
    };
    let (home, file) = (tmux.home(), tmux.file());
    let f = file.to_str().unwrap();

    // A script (or a second terminal) changes a story while the app is open.
    let out = po(
        &[
            "edit",
            &original[0],
            "--title",
            "Retitled by a script",
            "--file",
            f,
        ],
        &home,
    );
    assert!(
        out.status.success(),
        "po edit while the app is open: {}",
        stderr(&out)
    );
    tmux.wait_for("Retitled by a script");
    tmux.wait_for("reloaded");

    // The app works on from that version; both changes end up in the file.
    tmux.keys(&["J"]);
    tmux.wait_for("to rank 2");
    // Once that is saved (had the script written first, the app would ask).
    let deadline = Instant::now() + Duration::from_secs(15);
    while keys_of(&listed(&file, &home))[1] != original[0] {
        assert!(Instant::now() < deadline, "the move was never saved");
        sleep(Duration::from_millis(50));
    }
    let out = po(&["add", "Added by a script", "--file", f], &home);
    assert!(out.status.success(), "{}", stderr(&out));
    tmux.wait_for("Added by a script");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    let stories = listed(&file, &home);
    assert_eq!(stories[1]["key"].as_str(), Some(original[0].as_str()));
    assert_eq!(stories[1]["title"], "Retitled by a script");
    assert_eq!(stories.last().unwrap()["title"], "Added by a script");
    assert_eq!(stories.len(), original.len() + 1);
}

#[test]
fn a_script_that_writes_while_the_app_saves_is_never_overwritten_the_app_asks() {
    let Some((tmux, original)) = app_on_a_sample("script-during-save") else {
        return;
    };
    let (home, file) = (tmux.home(), tmux.file());

    // A script holds the lock, from its read to its save, as `po edit` does.
    let mut script = Store::open(&file, Access::Write, false).unwrap();
    tmux.keys(&["J"]);
    tmux.wait_for("to rank 2");
    // The app's save waits for the lock meanwhile.
    sleep(Duration::from_millis(600));
    let mut theirs = script.backlog.clone();
    let index = theirs.story_index(&original[5]).unwrap();
    let mut story = po::model::Story::clone(&theirs.stories[index]);
    story.title = "Changed by the script".into();
    theirs.stories[index] = story.into();
    script.store.save(&theirs).unwrap();
    let after_script = fs::read(&file).unwrap();
    drop(script);

    // The app found the file changed since it read it: it asks, and has
    // written nothing.
    tmux.wait_for("changed by another program");
    assert_eq!(
        fs::read(&file).unwrap(),
        after_script,
        "the script's change stands"
    );
    // Reload theirs, then make the move again: both are in the file.
    tmux.keys(&["r"]);
    tmux.wait_for("Changed by the script");
    tmux.keys(&["g", "J"]);
    tmux.wait_for("to rank 2");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    let stories = listed(&file, &home);
    assert_eq!(keys_of(&stories)[1], original[0], "the app's move");
    let changed = stories
        .iter()
        .find(|s| s["key"] == original[5].as_str())
        .unwrap();
    assert_eq!(changed["title"], "Changed by the script");
}

#[test]
fn two_apps_on_one_file_can_both_save_and_each_picks_up_the_other() {
    let Some(tmux) = Tmux::start("two-apps") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "10");
    let original = keys_of(&listed(&file, &home));
    tmux.second_window(&format!("{PO} --file {f}; echo FIRST-EXIT=$?; sleep 30"));
    tmux.second_wait_for("1 Backlog");
    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    let screen = tmux.screen();
    assert!(!screen.contains("READ-ONLY"), "{screen}");

    // The second app moves a story; the first, idle, reloads and shows it.
    tmux.keys(&["j", "T"]);
    tmux.wait_for("to rank 1");
    tmux.second_wait_for("reloaded");
    // The first app then works on from that version.
    tmux.second_keys(&["G", "T"]);
    tmux.second_wait_for("to rank 1");
    tmux.wait_for("reloaded");
    tmux.second_keys(&["q"]);
    tmux.second_wait_for("FIRST-EXIT=0");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");

    let keys = keys_of(&listed(&file, &home));
    assert_eq!(keys[0], *original.last().unwrap(), "the first app's move");
    assert_eq!(keys[1], original[1], "the second app's move, kept");
}
