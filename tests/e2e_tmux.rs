//! End-to-end: the real `po` binary in a real terminal (tmux), with a
//! temporary HOME and XDG_DATA_HOME so no real data is touched.
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tmux_support::{PO, Tmux, assert_terminal_restored, init_sample, keys_of, listed, po};

#[test]
fn grooming_session_moves_adds_edits_and_undoes_then_quits_cleanly() {
    let Some(tmux) = Tmux::start("groom") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    let out = po(
        &[
            "init",
            "--sample",
            "--stories",
            "30",
            "--seed",
            "7",
            "--file",
            f,
        ],
        &home,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = keys_of(&listed(&file, &home));

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");

    // K on the third story: it becomes second.
    tmux.keys(&["j", "j", "K"]);
    tmux.wait_for("to rank 2");
    // T: to the top. B on the (new) second story: to the bottom.
    tmux.keys(&["T"]);
    tmux.wait_for("to rank 1");
    tmux.keys(&["j", "B"]);
    tmux.wait_for(&format!("to rank {}", original.len()));

    // a: add below the cursor (now on the last row), title then the form.
    tmux.keys(&["a"]);
    tmux.wait_for("New story: title");
    tmux.type_text("Export invoices as PDF");
    tmux.keys(&["Enter"]);
    tmux.wait_for("New story S-");
    tmux.keys(&["Tab"]);
    tmux.type_text("accountant");
    tmux.keys(&["Enter"]);
    tmux.wait_for("edited the user-story sentence of S-");
    tmux.wait_gone("Enter saves");
    // e: edit it again, then undo that edit.
    tmux.keys(&["e"]);
    tmux.wait_for("Enter saves");
    tmux.keys(&["Tab", "Tab"]);
    tmux.type_text("to download invoices");
    tmux.keys(&["Enter"]);
    tmux.wait_gone("Enter saves");
    tmux.keys(&["u"]);
    tmux.wait_for("undid: edited the user-story sentence of S-");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);

    let stories = listed(&file, &home);
    let keys = keys_of(&stories);
    assert_eq!(keys.len(), original.len() + 1);
    assert_eq!(keys[0], original[2], "T put the K-moved story on top");
    assert_eq!(keys[1], original[1]);
    assert_eq!(
        keys[keys.len() - 2],
        original[0],
        "B sent the old top story to the bottom"
    );
    let added = stories.last().unwrap();
    assert_eq!(added["title"], "Export invoices as PDF");
    assert_eq!(added["as_a"], "accountant");
    assert_eq!(added["i_want"], "", "the second edit was undone");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_the_last_change() {
    for signal in ["TERM", "HUP"] {
        let Some(tmux) = Tmux::start(&format!("sig{signal}")) else {
            return;
        };
        let home = tmux.home();
        let file = tmux.file();
        let f = file.to_str().unwrap();
        init_sample(&file, &home, "10");
        let original = keys_of(&listed(&file, &home));

        tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
        tmux.wait_for("1 Backlog");
        tmux.keys(&["j", "T"]);
        tmux.wait_for("to rank 1");
        let pid = tmux.po_pid();
        assert!(
            Command::new("kill")
                .args([&format!("-{signal}"), &pid])
                .status()
                .unwrap()
                .success()
        );
        // "PO-EXIT=0", not "PO-EXIT=": the typed command line holds "PO-EXIT=$?".
        let exited = tmux.wait_for("PO-EXIT=0");
        if signal == "TERM" {
            assert_terminal_restored(&tmux);
        }
        let keys = keys_of(&listed(&file, &home));
        assert_eq!(
            keys[0], original[1],
            "the move before SIG{signal} was saved; the screen:\n{exited}"
        );
    }
}

/// Writes an executable editor script that rewrites the document with `sed`.
fn fake_editor(dir: &Path, name: &str, sed: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\nsed -i '{sed}' \"$1\"\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn capital_e_edits_in_the_editor_and_a_bad_edit_can_be_fixed() {
    let Some(tmux) = Tmux::start("editor") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "5");
    // First round: retitles the story but misspells the status. Second round
    // (the text comes back with the problem noted): fixes the status.
    let editor = fake_editor(
        &home,
        "editor",
        "s/^Status: doen/Status: done/; t; s/^Title: .*/Title: Edited in the editor/; s/^Status: .*/Status: doen/",
    );
    // The sample lists done work first; edit the first story that is not done.
    let stories = listed(&file, &home);
    let row = stories.iter().position(|s| s["status"] != "done").unwrap();
    let before = stories[row].clone();

    tmux.shell(&format!(
        "EDITOR={} {PO} --file {f}; echo PO-EXIT=$?",
        editor.display()
    ));
    tmux.wait_for("1 Backlog");
    for _ in 0..row {
        tmux.keys(&["j"]);
    }
    tmux.keys(&["E"]);
    tmux.wait_for("has a problem");
    tmux.wait_for("Edit it again?");
    tmux.keys(&["y"]);
    tmux.wait_for("Edited in the editor");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    let after = listed(&file, &home);
    let story = after.iter().find(|s| s["key"] == before["key"]).unwrap();
    assert_eq!(
        story["title"], "Edited in the editor",
        "the first round's edit was kept"
    );
    assert_eq!(story["status"], "done");
}

#[test]
fn pasted_text_lands_in_the_title_as_one_line() {
    let Some(tmux) = Tmux::start("paste") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    assert!(
        po(&["init", "--name", "Paste", "--file", f], &home)
            .status
            .success()
    );
    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("The backlog is empty");
    tmux.keys(&["a"]);
    tmux.wait_for("New story: title");
    // A bracketed paste (-p) with a line break and CJK: it must not submit early.
    let status = Command::new("tmux")
        .args([
            "-S",
            &tmux.socket,
            "set-buffer",
            "Ship 出荷 labels\nfor parcels",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new("tmux")
        .args(["-S", &tmux.socket, "paste-buffer", "-p", "-t", "0"])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("for parcels");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Enter saves");
    // Enter saves the form (Esc would cancel the new story).
    tmux.keys(&["Enter"]);
    tmux.wait_gone("Enter saves");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    let stories = listed(&file, &home);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["title"], "Ship 出荷 labels for parcels");
}

fn po_json(args: &[&str], home: &Path) -> Value {
    let out = po(args, home);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_sprint_is_planned_started_worked_and_closed_from_the_tui() {
    let Some(tmux) = Tmux::start("sprint") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    assert!(
        po(
            &[
                "init",
                "--sample",
                "--stories",
                "40",
                "--seed",
                "3",
                "--file",
                f
            ],
            &home
        )
        .status
        .success()
    );
    let velocities = |home: &Path| {
        po_json(&["stats", "--json", "--last", "100", "--file", f], home)["velocity"]["sprints"]
            .as_array()
            .unwrap()
            .len()
    };
    let closed_before = velocities(&home);

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    // Planning: put the top backlog story into the planned sprint.
    tmux.keys(&["3"]);
    tmux.wait_for("planned ");
    tmux.keys(&["Space"]);
    tmux.wait_for(" into SP-");
    // Close the sprint that is still running, then start the planned one.
    // C asks where the unfinished stories go; Enter: the top of the backlog.
    tmux.keys(&["C"]);
    tmux.wait_for("unfinished stor");
    tmux.keys(&["Enter"]);
    tmux.wait_gone("Close SP-");
    tmux.keys(&["S"]);
    tmux.wait_for("Start SP-");
    tmux.keys(&["y"]);
    tmux.wait_gone("Start SP-");
    tmux.wait_for("(active)");
    // Work: finish the first story of the sprint (status: todo → in progress → done).
    tmux.keys(&["l", "g", "s", "s"]);
    tmux.wait_for("status of S-");
    // Close it: the unfinished stories go back to the top of the backlog.
    tmux.keys(&["C"]);
    tmux.wait_for("go to…");
    tmux.keys(&["Enter"]);
    tmux.wait_for("back to the top of the backlog");
    tmux.keys(&["4"]);
    tmux.wait_for("sprints), range");
    let screen = tmux.screen();
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");

    assert_eq!(
        velocities(&home),
        closed_before + 2,
        "two sprints closed: {screen}"
    );
    let sprints = po_json(&["sprint", "list", "--json", "--file", f], &home);
    let last_closed = sprints
        .as_array()
        .unwrap()
        .iter()
        .rfind(|s| s["state"] == "closed")
        .unwrap()
        .clone();
    let key = last_closed["key"].as_str().unwrap().to_string();
    // Carry-over: none of its unfinished stories stayed in it, and they lead the backlog.
    let stories = listed(&file, &home);
    assert!(
        stories
            .iter()
            .all(|s| s["sprint"] != key.as_str() || s["status"] == "done"),
        "unfinished work left in the closed sprint"
    );
    let first_open = stories.iter().find(|s| s["status"] != "done").unwrap();
    assert!(
        first_open["sprint"].is_null(),
        "carried-over work is back in the backlog: {first_open}"
    );
}

#[test]
fn planning_switches_sprints_plans_the_next_one_and_carries_leftovers_over() {
    let Some(tmux) = Tmux::start("plan") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "40");
    let sprints = |home: &Path| {
        po_json(&["sprint", "list", "--json", "--file", f], home)
            .as_array()
            .unwrap()
            .clone()
    };
    let before = sprints(&home);
    let key_in = |state: &str| {
        before.iter().find(|s| s["state"] == state).unwrap()["key"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (active, planned) = (key_in("active"), key_in("planned"));
    let next_name = format!("Sprint {}", before.len() + 1);
    let unfinished: Vec<String> = listed(&file, &home)
        .iter()
        .filter(|s| s["sprint"] == active.as_str() && s["status"] != "done")
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect();
    assert!(!unfinished.is_empty());

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["3"]);
    tmux.wait_for("planned ");
    // N: the name is proposed; Enter takes it, Enter saves the proposed dates and capacity.
    tmux.keys(&["N"]);
    tmux.wait_for(&next_name);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Capacity");
    tmux.keys(&["Enter"]);
    tmux.wait_for("3 of 3 open");
    // [ goes back to the first planned sprint.
    tmux.keys(&["["]);
    tmux.wait_for("2 of 3 open");
    // Enter opens the top story, Esc comes back to planning.
    tmux.keys(&["Enter"]);
    tmux.wait_for("Acceptance");
    tmux.keys(&["Escape"]);
    tmux.wait_for("2 of 3 open");
    // Close the active sprint: its leftovers go to the first planned sprint.
    tmux.keys(&["C"]);
    tmux.wait_for("go to…");
    tmux.keys(&["j", "Enter"]);
    tmux.wait_for(&format!("moved to {planned}"));
    // Start it: the question says what is risky, or that nothing is.
    tmux.keys(&["S"]);
    let question = tmux.wait_for(&format!("Start {planned}"));
    assert!(
        question.contains("Risks:") || question.contains("No risks"),
        "{question}"
    );
    tmux.keys(&["y"]);
    tmux.wait_for("(active)");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");

    let after = sprints(&home);
    let state_of = |key: &str| {
        after.iter().find(|s| s["key"] == key).unwrap()["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(state_of(&active), "closed");
    assert_eq!(state_of(&planned), "active");
    let new = after.last().unwrap();
    assert_eq!(new["name"], next_name.as_str());
    assert_eq!(new["state"], "planned");
    let last_end = before
        .iter()
        .filter_map(|s| s["end"].as_str())
        .max()
        .unwrap()
        .to_string();
    assert!(new["start"].as_str().unwrap() > last_end.as_str(), "{new}");
    assert!(new["capacity"].as_f64().unwrap() > 0.0, "{new}");
    let stories = listed(&file, &home);
    for key in &unfinished {
        let story = stories.iter().find(|s| s["key"] == key.as_str()).unwrap();
        assert_eq!(story["sprint"], planned.as_str(), "{story}");
    }
}

#[test]
fn the_editor_gets_a_private_file_that_is_gone_afterwards() {
    let Some(tmux) = Tmux::start("editor-file") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "5");
    // An editor that only notes the modes of the file and its directory.
    let saw = home.join("saw");
    let editor = home.join("noting-editor");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstat -c %a \"$1\" \"$(dirname \"$1\")\" > {saw}.tmp\necho \"$1\" >> {saw}.tmp\nmv {saw}.tmp {saw}\n",
            saw = saw.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    tmux.shell(&format!(
        "EDITOR={} {PO} --file {f}; echo PO-EXIT=$?",
        editor.display()
    ));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["E"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !saw.exists() {
        assert!(std::time::Instant::now() < deadline, "the editor never ran");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    let noted = std::fs::read_to_string(&saw).unwrap();
    let lines: Vec<&str> = noted.lines().collect();
    assert_eq!(lines[..2], ["600", "700"], "file and directory are private");
    let path = Path::new(lines[2]);
    assert!(!path.exists(), "the file is removed: {}", path.display());
    assert!(!path.parent().unwrap().exists(), "and its directory");
}

/// Every tmux test runs a shell in a temporary HOME. The shell used to
/// write its history there when the test's end hung it up, racing the
/// removal of that HOME, and left a directory in /tmp per test.
#[test]
fn a_finished_session_leaves_no_home_behind() {
    for round in 0..3 {
        let Some(t) = Tmux::start("leaves-no-home") else {
            return;
        };
        let file = t.file();
        init_sample(&file, &t.home(), "5");
        // As the other tests do: po in the shell, quit, the shell's prompt back.
        t.shell(&format!("{PO} --file {}; echo PO-EXIT=$?", file.display()));
        t.wait_for("Backlog");
        t.keys(&["q"]);
        t.wait_for("PO-EXIT=0");
        let home = t.home();
        drop(t);
        // Give a shell that is still exiting the time to write what it writes.
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert!(
            !home.exists(),
            "round {round}: the session left {} behind, holding {:?}",
            home.display(),
            std::fs::read_dir(&home)
                .map(|d| d
                    .filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .collect::<Vec<_>>())
                .unwrap_or_default()
        );
    }
}
