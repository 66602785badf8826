//! The `po` command line end to end: the real binary on files in temp dirs,
//! with HOME and XDG_DATA_HOME pointing into the sandbox so the user's real
//! backlog is never touched. This file: the story commands (list, add,
//! edit, move, rm, epic list); cli_files.rs: the backlog file and bad input;
//! cli_shell.rs: the terminal, pipes and help.

mod cli_support;

use std::fs;

use cli_support::{Sandbox, json, keys, load, with_file};
use po::model::Status;

#[test]
fn a_sample_of_50_lists_as_50_stories_in_rank_order() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 50);
    let listed = json(&sb.ok(&file, &["list", "--json"]));
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 50);
    let listed_keys: Vec<&str> = listed
        .iter()
        .map(|s| s["key"].as_str().expect("key"))
        .collect();
    assert_eq!(listed_keys, keys(&load(&file)));
    // Exactly the objects of the file, field for field.
    let on_disk = json(&fs::read_to_string(&file).expect("read"));
    assert_eq!(listed, on_disk["stories"].as_array().expect("stories"));
    assert!(sb.ok(&file, &["check"]).starts_with("ok: 50 stories"));
}

#[test]
fn an_added_story_goes_to_the_bottom_unless_asked_for_the_top() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let epic = sb.ok(
        &file,
        &["epic", "new", "Checkout", "--description", "Paying"],
    );
    assert_eq!(epic.trim(), "E-1");
    let first = sb.ok(
        &file,
        &[
            "add",
            "Pay with a saved card",
            "--as-a",
            "returning customer",
            "--i-want",
            "to pay with my saved card",
            "--so-that",
            "checkout takes one tap",
            "--points",
            "3",
            "--epic",
            "1",
            "--moscow",
            "must",
            "--ac",
            "Given a card, when I pay, then it works",
            "--ac",
            "Given no card, when I pay, then I am asked",
            "--label",
            "payments",
            "--requested-by",
            "Sales",
        ],
    );
    let first = first.trim();
    let second = sb.ok(&file, &["add", "Second"]);
    let top = sb.ok(&file, &["add", "Urgent", "--top"]);
    let b = load(&file);
    assert_eq!(keys(&b), [top.trim(), first, second.trim()]);
    let s = b.story(first).expect("added");
    assert_eq!(s.points, Some(3.0));
    assert_eq!(s.epic.as_deref(), Some("E-1"));
    assert_eq!(s.acceptance.len(), 2);
    assert_eq!(s.labels, ["payments"]);
    assert_eq!(s.requested_by, "Sales");
    assert_eq!(b.product.name, "Acme");

    let shown = sb.ok(&file, &["show", &first.to_lowercase()]);
    assert!(shown.contains("As a returning customer, I want to pay with my saved card"));
    assert!(shown.contains("1. [ ] Given a card"), "{shown}");
    assert!(shown.contains("E-1 Checkout"), "{shown}");
    let as_json = json(&sb.ok(&file, &["show", first, "--json"]));
    assert_eq!(as_json["key"], first);
}

#[test]
fn edit_changes_exactly_the_fields_given() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 30);
    let b = load(&file);
    let target = b
        .stories
        .iter()
        .find(|s| s.status == Status::Todo && s.sprint.is_none() && !s.acceptance.is_empty())
        .expect("a backlog story");
    let key = target.key.clone();
    sb.ok(
        &file,
        &[
            "edit",
            &key,
            "--title",
            "Renamed",
            "--points",
            "8",
            "--status",
            "done",
            "--moscow",
            "could",
            "--reach",
            "300",
            "--confidence",
            "0.5",
            "--label",
            "a",
            "--label",
            "b",
            "--ac-add",
            "Given x, when y, then z",
            "--ac-done",
            "1",
        ],
    );
    let after = load(&file);
    let s = after.story(&key).expect("still there");
    assert_eq!(s.title, "Renamed");
    assert_eq!(s.points, Some(8.0));
    assert_eq!(s.status, Status::Done);
    assert!(s.done_at.is_some(), "done_at follows the status");
    assert_eq!(s.labels, ["a", "b"]);
    let rice = s.rice.as_ref().expect("rice set");
    assert_eq!((rice.reach, rice.confidence), (300.0, 0.5));
    assert_eq!(s.acceptance.len(), target.acceptance.len() + 1);
    assert!(s.acceptance[0].done);
    assert_eq!(s.as_a, target.as_a, "untouched fields stay");
    assert_eq!(after.story_index(&key), b.story_index(&key), "rank stays");

    sb.ok(
        &file,
        &[
            "edit", &key, "--points", "none", "--moscow", "-", "--status", "todo", "--ac-rm", "1",
        ],
    );
    let s = load(&file).story(&key).cloned().expect("still there");
    assert_eq!((s.points, s.moscow, s.done_at), (None, None, None));
    assert_eq!(s.acceptance.len(), target.acceptance.len());
}

#[test]
fn move_puts_a_story_where_asked() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    for t in ["a", "b", "c", "d"] {
        sb.ok(&file, &["add", t]);
    }
    let order = |_: &Sandbox| -> Vec<String> {
        load(&file)
            .stories
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let k: Vec<String> = keys(&load(&file));
    let out = sb.ok(&file, &["move", &k[3], "--top"]);
    assert_eq!(out.trim(), format!("moved {} to rank 1", k[3]));
    assert_eq!(order(&sb), ["d", "a", "b", "c"]);
    sb.ok(&file, &["move", &k[3], "--bottom"]);
    assert_eq!(order(&sb), ["a", "b", "c", "d"]);
    sb.ok(&file, &["move", &k[3], "--up", "2"]);
    assert_eq!(order(&sb), ["a", "d", "b", "c"]);
    sb.ok(&file, &["move", &k[0], "--down", "99"]);
    assert_eq!(order(&sb), ["d", "b", "c", "a"]);
    sb.ok(&file, &["move", &k[0], "--before", &k[1]]);
    assert_eq!(order(&sb), ["d", "a", "b", "c"]);
    sb.ok(&file, &["move", &k[3], "--after", &k[2]]);
    assert_eq!(order(&sb), ["a", "b", "c", "d"]);
    let unchanged = sb.ok(&file, &["move", &k[0], "--top"]);
    assert!(unchanged.contains("already at rank 1"), "{unchanged}");
}

#[test]
fn rm_asks_for_yes_when_nobody_can_answer_and_cleans_up_dependencies() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    let a = sb.ok(&file, &["add", "a"]).trim().to_string();
    let b = sb.ok(&file, &["add", "b"]).trim().to_string();
    sb.ok(&file, &["edit", &b, "--depends-on", &a]);
    let before = fs::read(&file).expect("read");
    let run = sb.run(&with_file(&file, &["rm", &a]));
    run.assert_refused("rm without --yes");
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(fs::read(&file).expect("read"), before);

    sb.ok(&file, &["rm", &a, "--yes"]);
    let after = load(&file);
    assert_eq!(keys(&after), [b.as_str()]);
    assert!(after.story(&b).expect("b").depends_on.is_empty());
}

#[test]
fn epic_list_counts_stories_and_points() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    sb.ok(&file, &["epic", "new", "Search"]);
    sb.ok(&file, &["add", "one", "--epic", "E-1", "--points", "3"]);
    let two = sb.ok(&file, &["add", "two", "--epic", "e-1", "--points", "5"]);
    sb.ok(&file, &["edit", two.trim(), "--status", "done"]);
    sb.ok(&file, &["add", "loose"]);
    let listed = json(&sb.ok(&file, &["epic", "list", "--json"]));
    assert_eq!(listed[0]["key"], "E-1");
    assert_eq!(listed[0]["title"], "Search");
    assert_eq!(listed[0]["stories"], 2);
    assert_eq!(listed[0]["points_done"], 5.0);
    assert_eq!(listed[0]["points_total"], 8.0);
    let table = sb.ok(&file, &["epic", "list"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("E-1") && l.contains("5/8")),
        "{table}"
    );
}
