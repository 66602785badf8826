//! End-to-end, the real `po` in tmux: capture a request in view 5 (the
//! stakeholder completed with Tab), accept it at the top while the preview
//! shows which epics' dates move, and find the story at rank 1 of the
//! backlog with its requester and the request it came from.
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use tmux_support::{PO, Tmux, assert_terminal_restored, init_sample, listed, po};

#[test]
fn a_request_captured_and_accepted_at_the_top_shows_in_the_backlog_with_its_requester() {
    let Some(tmux) = Tmux::start("requests") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "40");
    // A stakeholder po knows, for Tab to complete.
    let out = po(
        &[
            "request",
            "new",
            "Bulk discounts",
            "--from",
            "Sales",
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

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["5"]);
    tmux.wait_for("By stakeholder");
    tmux.keys(&["a"]);
    tmux.wait_for("New request");
    tmux.type_text("SSO for the Acme deal");
    tmux.keys(&["Enter"]);
    tmux.wait_for("From whom?");
    tmux.type_text("Sa");
    tmux.wait_for("Tab: Sales");
    tmux.keys(&["Tab", "Enter"]);
    tmux.wait_for("added R-");

    // The new request is selected: triage it, at the top.
    tmux.keys(&["Enter"]);
    tmux.wait_for("Accept at the top of the backlog");
    tmux.keys(&["Enter"]);
    let preview = tmux.wait_for("If it is");
    assert!(preview.contains("as a story at rank 1?"), "{preview}");
    assert!(
        preview.contains("p85"),
        "the preview names the epics' dates:\n{preview}"
    );
    assert!(
        preview.contains(" → "),
        "some epic's date moves:\n{preview}"
    );
    tmux.keys(&["y"]);
    tmux.wait_for("the rest of the story");
    tmux.keys(&["Escape"]);
    // Sent at once, Esc and 1 arrive as one Alt-1: let the form close first.
    tmux.wait_gone("the rest of the story");

    tmux.keys(&["1"]);
    // The backlog's column titles, then the story among its rows.
    tmux.wait_for("#  Key  R  Title");
    let backlog = tmux.wait_for("SSO for the Acme deal");
    let first_row = backlog
        .lines()
        .find(|l| l.contains("SSO for the Acme deal"))
        .unwrap();
    assert!(first_row.contains(" 1 S-"), "at rank 1: {first_row}");
    tmux.keys(&["Enter"]);
    let detail = tmux.wait_for("Requested by");
    assert!(detail.contains("Sales"), "{detail}");
    assert!(detail.contains("Request: R-"), "{detail}");
    // Apart: Escape and q in one burst read as Alt-q.
    tmux.keys(&["Escape"]);
    tmux.wait_for("#  Key  R  Title");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);

    let stories = listed(&file, &home);
    assert_eq!(stories[0]["title"], "SSO for the Acme deal");
    assert_eq!(stories[0]["requested_by"], "Sales");
    assert!(
        stories[0]["request"]
            .as_str()
            .is_some_and(|r| r.starts_with("R-"))
    );
}
