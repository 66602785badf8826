//! End-to-end, the real `po` in tmux: capture a request in view 5 (the
//! stakeholder completed with Tab), accept it at the top while the preview
//! shows which epics' dates move, and find the story at rank 1 of the
//! backlog with its requester and the request it came from, then its epic's
//! dates in the roadmap (view 6).
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use serde_json::Value;
use tmux_support::{PO, Tmux, assert_terminal_restored, init_sample, listed, po};

/// `po roadmap --json`: the TUI's simulation (config.toml's runs, here the
/// default, seed 1), so its dates are the ones view 6 draws.
fn roadmap_json(file: &std::path::Path, home: &std::path::Path) -> Value {
    let out = po(
        &["roadmap", "--json", "--file", file.to_str().unwrap()],
        home,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The first table row inside a box that starts with `start`.
fn row<'a>(screen: &'a str, start: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.starts_with(&format!("│{start}")))
}

/// A date of the JSON as view 6 writes it: "16 Apr 27".
fn shown_date(date: &Value) -> String {
    let date = chrono::NaiveDate::parse_from_str(date.as_str().unwrap(), "%Y-%m-%d").unwrap();
    date.format("%d %b %y").to_string()
}

#[test]
fn a_request_captured_and_accepted_at_the_top_shows_in_the_backlog_and_its_epic_on_the_roadmap() {
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
    // In the story form: 8 points (Points is the sixth field) and the first
    // epic (three fields on), so the story moves that epic's dates.
    tmux.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    tmux.type_text("8");
    tmux.keys(&["Tab", "Tab", "Tab", "Right"]);
    tmux.wait_for("E-1 ");
    tmux.keys(&["Enter"]);
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

    // The roadmap: the story's epic comes first (its top story is rank 1),
    // drawn with its dates once the figures are in.
    tmux.keys(&["6"]);
    tmux.wait_for("│E-1 ");
    let roadmap_screen = tmux.wait_settled(|s| row(s, "E-1 ").is_some_and(|r| r.contains('█')));
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);

    // The dates are the simulation's for the file as po left it.
    let roadmap = roadmap_json(&file, &home);
    let epic = &roadmap["epics"][0];
    assert_eq!(epic["key"], "E-1", "{epic}");
    assert_eq!(epic["rank"], 1, "{epic}");
    assert_eq!(epic["finish"]["state"], "forecast", "{epic}");
    let p50 = shown_date(&epic["finish"]["dates"]["p50"]);
    let p85 = shown_date(&epic["finish"]["dates"]["p85"]);
    let e1 = row(&roadmap_screen, "E-1 ").unwrap();
    let first = row(&roadmap_screen, "E-").unwrap();
    assert_eq!(
        first, e1,
        "E-1 is the roadmap's first epic:\n{roadmap_screen}"
    );
    assert!(
        e1.contains(&format!("{p50} {p85}")),
        "E-1's p50 {p50} and p85 {p85}: {e1}"
    );

    let stories = listed(&file, &home);
    assert_eq!(stories[0]["title"], "SSO for the Acme deal");
    assert_eq!(stories[0]["requested_by"], "Sales");
    assert_eq!(stories[0]["epic"], "E-1");
    assert_eq!(stories[0]["points"], 8);
    assert!(
        stories[0]["request"]
            .as_str()
            .is_some_and(|r| r.starts_with("R-"))
    );
}
