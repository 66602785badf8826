//! End-to-end, the daily standup (journey 5): on the board of the running
//! sprint, move a card across to done, block it with a reason, see both in
//! `po standup` run beside the open TUI, undo the block, quit cleanly.
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::Value;
use tmux_support::{PO, Tmux, assert_terminal_restored, init_sample, listed, po};

/// `po standup` on the file, once its output contains `needle` (the TUI
/// saves a moment after the keys stop).
fn standup_showing(file: &Path, home: &Path, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = po(&["standup", "--file", file.to_str().unwrap()], home);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if text.contains(needle) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "no {needle:?} in po standup:\n{text}"
        );
        sleep(Duration::from_millis(100));
    }
}

/// The story `key` as saved, once `check` holds for it.
fn saved_until(file: &Path, home: &Path, key: &str, check: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let story = listed(file, home)
            .into_iter()
            .find(|s| s["key"] == key)
            .unwrap();
        if check(&story) {
            return story;
        }
        assert!(
            Instant::now() < deadline,
            "{key} never saved as expected: {story}"
        );
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn standup_on_the_board_moves_a_card_blocks_it_reports_it_and_undoes() {
    let Some(tmux) = Tmux::start("board") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "40");
    let sprints = po(&["sprint", "list", "--json", "--file", f], &home);
    let sprints: Value = serde_json::from_slice(&sprints.stdout).unwrap();
    let active = sprints
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "active")
        .expect("the sample runs a sprint")["key"]
        .as_str()
        .unwrap()
        .to_string();
    let stories = listed(&file, &home);
    let blocked_before = stories
        .iter()
        .filter(|s| s.get("blocked").is_some())
        .count();
    // The board opens on the first card to do, in rank order.
    let key = stories
        .into_iter()
        .find(|s| s["sprint"] == active.as_str() && s["status"] == "todo")
        .expect("the running sprint has work to do")["key"]
        .as_str()
        .unwrap()
        .to_string();

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["7"]);
    tmux.wait_for("working days left");
    tmux.keys(&["l"]);
    tmux.wait_for(&format!("status of {key} todo → in progress"));
    tmux.keys(&["l"]);
    tmux.wait_for(&format!("status of {key} in progress → done"));
    tmux.keys(&["b"]);
    tmux.wait_for(&format!("Block {key}: what does it wait for?"));
    tmux.type_text("waiting for API keys");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("blocked {key}: waiting for API keys"));
    let blocked = blocked_before + 1;
    tmux.wait_for(&format!("⊘ {blocked} blocked"));

    let standup = standup_showing(&file, &home, "waiting for API keys");
    assert!(
        standup.contains(&format!("{key} → done, blocked: waiting for API keys")),
        "{standup}"
    );
    assert!(
        standup.contains(&format!("Blocked ({blocked}):")),
        "{standup}"
    );

    tmux.keys(&["u"]);
    tmux.wait_for(&format!("undid: unblocked {key}"));
    let story = saved_until(&file, &home, &key, |s| s.get("blocked").is_none());
    assert_eq!(story["status"], "done", "only the block was undone");
    let unblocked = match blocked_before {
        0 => "Blocked: none".to_string(),
        n => format!("Blocked ({n}):"),
    };
    let standup = standup_showing(&file, &home, &unblocked);
    assert!(standup.contains(&format!("{key} → done")), "{standup}");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);
}
