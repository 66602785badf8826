//! End-to-end: the refinement journey (JOURNEYS.md, 2) in a real terminal.
//! The queue opens, Enter on a story without acceptance criteria opens it
//! to write one, and afterwards the queue is empty and `po check --ready`
//! passes.
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use tmux_support::{PO, Tmux, assert_terminal_restored, po, po_ok};

#[test]
fn refinement_opens_the_queue_fixes_a_story_without_criteria_and_the_queue_empties() {
    let Some(tmux) = Tmux::start("refine") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    let ok = |args: &[&str]| po_ok(&file, &home, args);
    ok(&["init", "--name", "Shop"]);
    ok(&[
        "add",
        "Pay by card",
        "--as-a",
        "shopper",
        "--i-want",
        "to pay by card",
        "--so-that",
        "I check out fast",
        "--points",
        "3",
        "--ac",
        "Given a card, when I pay, then the order is placed",
    ]);
    ok(&[
        "add",
        "Pay by invoice",
        "--as-a",
        "business buyer",
        "--i-want",
        "to pay by invoice",
        "--so-that",
        "my accounts team pays",
        "--points",
        "5",
    ]);
    let check = po(&["check", "--ready", "--file", f], &home);
    assert_eq!(check.status.code(), Some(1), "S-2 has no criteria yet");

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["8"]);
    tmux.wait_for("1 open story is not ready");
    tmux.wait_for("no acceptance criteria");
    tmux.keys(&["Enter"]);
    tmux.wait_for("New acceptance criterion");
    tmux.type_text("Given an invoice, when I pay it, then it is marked paid");
    tmux.keys(&["Enter"]);
    tmux.wait_for("then it is marked paid");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Every open story is ready");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);

    let check = po(&["check", "--ready", "--file", f], &home);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
