//! End-to-end: prioritizing in a real terminal (issue 14). Three stories
//! are re-scored in the grid (`R`), the score order is applied (`O`) and
//! undone, and a story is split by its criteria and the split undone; the
//! saved file is checked after each step.
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::Value;
use tmux_support::{PO, Tmux, assert_terminal_restored, keys_of, listed, po_ok};

/// The saved stories once `check` holds for them (the TUI saves in the
/// background once keys pause).
fn saved_until(
    file: &Path,
    home: &Path,
    what: &str,
    check: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stories = listed(file, home);
        if check(&stories) {
            return stories;
        }
        assert!(
            Instant::now() < deadline,
            "never saved: {what}; the file holds {:?}",
            keys_of(&stories)
        );
        sleep(Duration::from_millis(100));
    }
}

fn reach_of(stories: &[Value], key: &str) -> Option<f64> {
    stories
        .iter()
        .find(|s| s["key"] == key)
        .and_then(|s| s["rice"]["reach"].as_f64())
}

#[test]
fn rescoring_three_stories_applying_the_score_order_and_splitting_are_each_undone() {
    let Some(tmux) = Tmux::start("rescore") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    let ok = |args: &[&str]| po_ok(&file, &home, args);
    ok(&["init", "--name", "Shop"]);
    for title in ["Pay by card", "Pay by invoice", "Gift cards"] {
        ok(&["add", title]);
    }
    ok(&[
        "add",
        "Checkout redesign",
        "--ac",
        "Given a basket, when I check out, then one page shows",
        "--ac",
        "Given a saved card, when I pay, then no card form shows",
    ]);
    let original = keys_of(&listed(&file, &home));
    assert_eq!(original, ["S-1", "S-2", "S-3", "S-4"]);

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");

    // Re-score: reach 10, 20, 30 down the first column (the other inputs
    // start neutral, so the scores are the reaches: the reverse of the
    // hand order).
    tmux.keys(&["R"]);
    tmux.wait_for("Re-score the top 4 open stories");
    for reach in ["10", "20", "30"] {
        tmux.type_text(reach);
        // Previewed under the grid before it is committed.
        tmux.wait_for(&format!(
            "{reach} reach × 1 impact × 100% confidence / 1 effort = {reach}"
        ));
        tmux.keys(&["Enter"]);
    }
    let stories = saved_until(&file, &home, "three reaches", |s| {
        reach_of(s, "S-3") == Some(30.0)
    });
    assert_eq!(reach_of(&stories, "S-1"), Some(10.0));
    assert_eq!(reach_of(&stories, "S-2"), Some(20.0));
    assert_eq!(reach_of(&stories, "S-4"), None, "S-4 was not scored");
    tmux.keys(&["Escape"]);
    // Esc and the next key sent together read as Alt-key: wait for the
    // grid to close first.
    tmux.wait_gone("Re-score the top");

    // Apply the score order to the whole backlog: S-3, S-2, S-1 by score;
    // S-4, unscored, keeps its place.
    tmux.keys(&["O"]);
    tmux.wait_for("Apply the score order to");
    tmux.keys(&["Enter"]);
    tmux.wait_for("applied the score order");
    saved_until(&file, &home, "the score order", |s| {
        keys_of(s) == ["S-3", "S-2", "S-1", "S-4"]
    });
    tmux.keys(&["u"]);
    tmux.wait_for("undid: applied the score order");
    saved_until(&file, &home, "the hand order back", |s| {
        keys_of(s) == original
    });

    // Split S-4 (the last story) by its two criteria, the parent removed.
    tmux.keys(&["G"]);
    tmux.keys(&["S"]);
    tmux.wait_for("Split S-4 into 2 stories");
    tmux.keys(&["Enter"]);
    tmux.wait_for("split S-4 into S-5, S-6");
    let stories = saved_until(&file, &home, "the split", |s| {
        keys_of(s) == ["S-1", "S-2", "S-3", "S-5", "S-6"]
    });
    assert_eq!(
        stories[3]["title"],
        "Given a basket, when I check out, then one page shows"
    );
    tmux.keys(&["u"]);
    tmux.wait_for("undid:");
    let stories = saved_until(&file, &home, "S-4 back", |s| keys_of(s) == original);
    assert_eq!(stories[3]["title"], "Checkout redesign");
    assert_eq!(stories[3]["acceptance"].as_array().map(Vec::len), Some(2));

    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);
}

#[test]
fn the_refinement_queue_opens_the_grid_on_its_stories_and_a_cell_changes_the_score() {
    let Some(tmux) = Tmux::start("rescore-refine") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    let ok = |args: &[&str]| po_ok(&file, &home, args);
    ok(&["init", "--name", "Shop"]);
    // S-1 is ready (story, criterion, points); S-2 and S-3 are not, so the
    // queue is S-2, S-3 and its grid leaves S-1 out.
    ok(&[
        "add",
        "Pay by card",
        "--as-a",
        "shopper",
        "--i-want",
        "to pay by card",
        "--so-that",
        "I need no cash",
        "--points",
        "3",
        "--ac",
        "Given a card, when I pay, then the order is placed",
    ]);
    ok(&["add", "Pay by invoice"]);
    ok(&["add", "Gift cards"]);

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["8"]);
    tmux.wait_for("2 open stories are not ready");
    tmux.keys(&["R"]);
    tmux.wait_for("Re-score the top 2 stories of the refinement queue");
    let grid = tmux.screen();
    assert!(
        !grid.contains("S-1 "),
        "S-1 is ready: not in the queue\n{grid}"
    );
    // Reach 40 on S-2, then impact 2: the score follows each cell.
    tmux.type_text("40");
    tmux.wait_for("40 reach × 1 impact × 100% confidence / 1 effort = 40");
    tmux.keys(&["Tab"]);
    tmux.type_text("2");
    tmux.wait_for("40 reach × 2 impact × 100% confidence / 1 effort = 80");
    tmux.keys(&["Enter"]);
    let shown = tmux.wait_settled(|s| {
        s.lines()
            .any(|l| l.contains("S-2") && l.split_whitespace().any(|w| w == "80"))
    });
    assert!(shown.contains("of the refinement queue"), "{shown}");
    let stories = saved_until(&file, &home, "S-2 re-scored", |s| {
        s.iter()
            .find(|s| s["key"] == "S-2")
            .is_some_and(|s| s["rice"]["impact"].as_f64() == Some(2.0))
    });
    assert_eq!(reach_of(&stories, "S-2"), Some(40.0));
    assert_eq!(reach_of(&stories, "S-1"), None);
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Re-score the top");
    tmux.wait_for("2 open stories are not ready");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);
}
