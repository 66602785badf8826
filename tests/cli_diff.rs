//! `po diff OLD NEW [--json]` through the real binary: changes told by
//! story and field, moves only for stories whose relative order changed,
//! and bad input refused naming the file.

mod cli_support;

use std::fs;

use cli_support::{Sandbox, load, with_file};
use serde_json::Value;

/// A sample backlog `a.json` and a copy `b.json` to change.
fn two_versions(sandbox: &Sandbox) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = sandbox.sample("a.json", 20);
    let b = sandbox.path("b.json");
    fs::copy(&a, &b).unwrap();
    (a, b)
}

/// The key of the story ranked last, found in the file: the sample follows
/// today's date, so which story is where changes from day to day.
fn last_ranked(file: &std::path::Path) -> String {
    load(file).stories.last().unwrap().key.clone()
}

fn diff(sandbox: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let run = sandbox.run(&all);
    assert_eq!(run.code, Some(0), "po {all:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn po_diff_tells_added_removed_moved_and_changed_fields() {
    let sandbox = Sandbox::new();
    let (a, b) = two_versions(&sandbox);
    sandbox.ok(&b, &["add", "Export invoices"]);
    sandbox.ok(&b, &["rm", "S-20", "--yes"]);
    // The last-ranked story of the old version that stays: never at the top.
    let last = load(&a)
        .stories
        .iter()
        .rev()
        .map(|s| s.key.clone())
        .find(|k| k != "S-20")
        .unwrap();
    sandbox.ok(&b, &["move", &last, "--top"]);
    // Points S-5 does not have on any day the sample is made.
    let had = |points: f64| load(&a).story("S-5").unwrap().points == Some(points);
    let points = if had(13.0) { "21" } else { "13" };
    sandbox.ok(
        &b,
        &[
            "edit",
            "S-5",
            "--points",
            points,
            "--title",
            "Track the driver",
        ],
    );
    let before = sandbox.ok(&a, &["show", "S-5", "--json"]);
    let old_title = serde_json::from_str::<Value>(&before).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let old_points = match &serde_json::from_str::<Value>(&before).unwrap()["points"] {
        Value::Null => "none".to_string(),
        points => points.to_string(),
    };
    let text = diff(&sandbox, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("- S-20 removed (was rank ")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("+ S-21 added at rank ") && l.ends_with(": Export invoices")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("~ {last} moved rank ")) && l.contains(" → 1: ")),
        "{text}"
    );
    assert!(
        lines.contains(&format!("  S-5 title: {old_title} → Track the driver").as_str()),
        "{text}"
    );
    assert!(
        lines.contains(&format!("  S-5 points: {old_points} → {points}").as_str()),
        "{text}"
    );
    // Nothing else: the `updated` stamps and the key counters are bookkeeping.
    assert_eq!(lines.len(), 5, "{text}");
}

#[test]
fn one_story_moved_to_the_top_is_one_move_not_every_story_shifting() {
    let sandbox = Sandbox::new();
    let (a, b) = two_versions(&sandbox);
    let last = last_ranked(&b);
    sandbox.ok(&b, &["move", &last, "--top"]);
    sandbox.ok(&b, &["add", "On top", "--top"]);
    let text = diff(&sandbox, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    let moved: Vec<&str> = text.lines().filter(|l| l.starts_with("~ ")).collect();
    assert_eq!(moved.len(), 1, "{text}");
    assert!(
        moved[0].starts_with(&format!("~ {last} moved rank ")),
        "{text}"
    );
    assert!(
        moved[0].contains(" → 2: "),
        "the new story is above it: {text}"
    );
}

#[test]
fn criterion_ticks_and_sprint_close_read_as_such() {
    let sandbox = Sandbox::new();
    let a = sandbox.path("a.json");
    sandbox.ok(&a, &["init", "--name", "Shop"]);
    sandbox.ok(
        &a,
        &[
            "add",
            "Pay",
            "--ac",
            "Given a card",
            "--ac",
            "Given no card",
            "--points",
            "3",
        ],
    );
    let sprint = sandbox.ok(&a, &["sprint", "new", "Sprint 1"]);
    let sprint = sprint.trim();
    sandbox.ok(&a, &["sprint", "add", sprint, "S-1"]);
    sandbox.ok(&a, &["sprint", "start", sprint]);
    let b = sandbox.path("b.json");
    fs::copy(&a, &b).unwrap();
    sandbox.ok(
        &b,
        &[
            "edit",
            "S-1",
            "--ac-done",
            "1",
            "--ac-rm",
            "2",
            "--ac-add",
            "Given cash",
        ],
    );
    sandbox.ok(&b, &["sprint", "close", sprint, "--force"]);
    let text = diff(&sandbox, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    for expected in [
        "  S-1 criterion ticked: Given a card",
        "  S-1 criterion removed: Given no card",
        "  S-1 criterion added: Given cash",
        &format!("  {sprint} closed: Sprint 1"),
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "{expected:?} missing in:\n{text}"
        );
    }
}

#[test]
fn po_diff_json_gives_each_change_with_old_and_new_values() {
    let sandbox = Sandbox::new();
    let (a, b) = two_versions(&sandbox);
    // The sample's dates follow today, and its MoSCoW values with them:
    // pick a value S-3 does not have.
    let shown: Value = serde_json::from_str(&sandbox.ok(&a, &["show", "S-3", "--json"])).unwrap();
    let moscow_now = shown["moscow"].as_str().unwrap_or("");
    let new = if moscow_now == "wont" { "must" } else { "wont" };
    sandbox.ok(&b, &["edit", "S-3", "--moscow", new]);
    sandbox.ok(&b, &["epic", "new", "Payments"]);
    let text = diff(
        &sandbox,
        &["--json", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    let changes: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    let moscow = changes
        .iter()
        .find(|c| c["change"] == "field" && c["key"] == "S-3")
        .expect("the MoSCoW change");
    assert_eq!(moscow["entity"], "story");
    assert_eq!(moscow["field"], "moscow");
    assert_eq!(moscow["new"], new);
    assert_ne!(moscow["old"], new);
    let epic = changes
        .iter()
        .find(|c| c["change"] == "added")
        .expect("the new epic");
    assert_eq!(epic["entity"], "epic");
    assert_eq!(epic["title"], "Payments");
    assert!(
        epic.get("rank").is_none(),
        "only stories have ranks: {epic}"
    );
    assert_eq!(changes.len(), 2, "{text}");
}

#[test]
fn identical_files_have_no_changes() {
    let sandbox = Sandbox::new();
    let (a, b) = two_versions(&sandbox);
    let text = diff(&sandbox, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(text, "no changes\n");
    let json = diff(
        &sandbox,
        &["--json", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    assert_eq!(json.trim(), "[]");
}

#[test]
fn long_text_is_shortened_in_a_change_line() {
    let sandbox = Sandbox::new();
    let (a, b) = two_versions(&sandbox);
    let long = "word ".repeat(100);
    sandbox.ok(&b, &["edit", "S-2", "--description", &long]);
    let text = diff(&sandbox, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    let line = text
        .lines()
        .find(|l| l.starts_with("  S-2 description: "))
        .expect("the description change");
    assert!(line.ends_with('…') && line.chars().count() < 160, "{line}");
}

#[test]
fn po_diff_refuses_a_file_that_is_not_a_backlog_naming_it() {
    let sandbox = Sandbox::new();
    let a = sandbox.sample("a.json", 5);
    let broken = sandbox.path("broken.json");
    fs::write(&broken, "{\"format\": \"po-backlog\",").unwrap();
    let run = sandbox.run(&["diff", a.to_str().unwrap(), broken.to_str().unwrap()]);
    run.assert_refused("po diff with a broken file");
    assert!(run.stderr.contains("broken.json"), "{}", run.stderr);
    let missing = sandbox.path("missing.json");
    let run = sandbox.run(&["diff", missing.to_str().unwrap(), a.to_str().unwrap()]);
    run.assert_refused("po diff with a missing file");
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
    let run = sandbox.run(&["diff", a.to_str().unwrap()]);
    run.assert_refused("po diff with one file");
    assert!(run.stderr.contains("OLD NEW"), "{}", run.stderr);
}

#[test]
fn textconv_prints_a_line_per_field_starting_with_the_key() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("a.json");
    sandbox.ok(&file, &["init", "--name", "Shop"]);
    sandbox.ok(
        &file,
        &[
            "add",
            "Pay",
            "--points",
            "3",
            "--ac",
            "Given a card",
            "--label",
            "money",
        ],
    );
    let run = sandbox.run(&with_file(
        &file,
        &["diff", "--textconv", file.to_str().unwrap()],
    ));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for expected in [
        "product name: Shop",
        "S-1 story: Pay",
        "S-1   points: 3",
        "S-1   [ ] Given a card",
        "S-1   labels: money",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == expected),
            "{expected:?} in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn textconv_of_a_file_that_is_not_a_backlog_prints_it_as_it_is() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("notes.json");
    fs::write(&file, "just some text\n").unwrap();
    let run = sandbox.run(&["diff", "--textconv", file.to_str().unwrap()]);
    assert_eq!(
        run.code,
        Some(0),
        "git log -p must not stop here: {}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("(not a po backlog: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("just some text\n"), "{}", run.stdout);
}
