//! The first `po` on a machine offers the sample backlog: the question on its
//! own (`first_run::ask`), and the real binary in tmux with an empty data
//! directory, as a newcomer's `cargo run --release` meets it.

mod tmux_support;

use std::io::Cursor;

use po::cli::first_run::{Start, ask};
use tmux_support::{PO, Tmux, assert_terminal_restored, listed};

fn answer(text: &str) -> (Start, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("po").join("backlog.json");
    let mut out = Vec::new();
    let start = ask(&path, &mut Cursor::new(text.as_bytes()), &mut out).unwrap();
    (start, String::from_utf8(out).unwrap(), dir)
}

#[test]
fn enter_on_the_first_run_creates_the_sample_and_opens_it() {
    let (start, said, dir) = answer("\n");
    assert_eq!(start, Start::Open);
    assert!(said.contains("There is no backlog at"), "{said}");
    assert!(said.contains("created "), "{said}");
    let text = std::fs::read_to_string(dir.path().join("po").join("backlog.json")).unwrap();
    let backlog: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(backlog["stories"].as_array().unwrap().len(), 40);
}

#[test]
fn choosing_empty_on_the_first_run_creates_nothing_until_the_first_change() {
    let (start, said, dir) = answer("e\n");
    assert_eq!(start, Start::Open);
    assert!(!said.contains("created "), "{said}");
    assert!(!dir.path().join("po").exists());
}

#[test]
fn quitting_or_closing_input_on_the_first_run_creates_nothing() {
    for text in ["q\n", ""] {
        let (start, _, dir) = answer(text);
        assert_eq!(start, Start::Quit, "answer {text:?}");
        assert!(!dir.path().join("po").exists(), "answer {text:?}");
    }
}

#[test]
fn an_unknown_answer_on_the_first_run_asks_again() {
    let (start, said, _dir) = answer("yes please\nq\n");
    assert_eq!(start, Start::Quit);
    assert!(
        said.contains("'yes please' is not one of s, e, i or q."),
        "{said}"
    );
    assert_eq!(said.matches("Your choice").count(), 2, "{said}");
}

#[test]
fn moving_in_on_the_first_run_imports_a_file_into_the_new_backlog() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/jira_cloud.csv"
    );
    let (start, said, dir) = answer(&format!("i\n{fixture}\n\n"));
    assert_eq!(start, Start::Open, "{said}");
    // The summary stays on screen until Enter opens the TUI over it.
    assert!(said.ends_with("Enter opens the backlog: "), "{said}");
    assert!(said.contains("  i  import another tool's export"), "{said}");
    assert!(said.contains("Jira CSV export"), "{said}");
    assert!(
        said.contains("added: 1 epic, 3 sprints, 5 stories"),
        "{said}"
    );
    assert!(
        said.contains("line 13 (S-3 Show delivery slots): points"),
        "{said}"
    );
    let text = std::fs::read_to_string(dir.path().join("po").join("backlog.json")).unwrap();
    let backlog: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(backlog["stories"].as_array().unwrap().len(), 5);
}

#[test]
fn a_first_run_import_that_cannot_be_read_says_why_and_asks_again() {
    let (start, said, dir) = answer("i\n/no/such/export.csv\nq\n");
    assert_eq!(start, Start::Quit);
    assert!(said.contains("cannot read /no/such/export.csv"), "{said}");
    assert_eq!(said.matches("Your choice").count(), 2, "{said}");
    assert!(!dir.path().join("po").exists(), "nothing created");
}

#[test]
fn first_po_on_a_new_machine_offers_the_sample_and_opens_it() {
    let Some(tmux) = Tmux::start("first-run") else {
        return;
    };
    let home = tmux.home();
    let default_file = home.join("data").join("po").join("backlog.json");
    tmux.shell(&format!("{PO}; echo PO-EXIT=$?"));
    tmux.wait_for("There is no backlog at");
    tmux.wait_for("Your choice");
    tmux.keys(&["Enter"]);
    tmux.wait_for("1 Backlog");
    tmux.wait_for("Acme Groceries");
    // The header's totals (their short form once the tabs take the room);
    // the story count is checked in the file below.
    tmux.wait_for(" open · ");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);
    assert_eq!(listed(&default_file, &home).len(), 40);

    // The second po finds the file and asks nothing.
    tmux.shell("clear");
    tmux.shell(&format!("{PO}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    assert!(!tmux.screen().contains("There is no backlog"));
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
}
