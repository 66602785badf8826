//! Refinement from the command line: `po check --ready` gates planning on
//! the Definition of Ready, `po deps` prints dependency trees, a dependency
//! cycle is refused by `po edit` and `po import`, and `po list --json
//! --computed` adds what po works out per story.

mod cli_support;

use std::fs;
use std::path::{Path, PathBuf};

use cli_support::{Sandbox, with_file};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// Adds a story that passes every rule; returns its key.
fn add_ready(sb: &Sandbox, file: &Path, title: &str) -> String {
    sb.ok(
        file,
        &[
            "add",
            title,
            "--as-a",
            "shopper",
            "--i-want",
            "to pay",
            "--so-that",
            "I get my food",
            "--ac",
            "Given a cart, when I pay, then the order is placed",
            "--points",
            "3",
        ],
    )
    .trim()
    .to_string()
}

/// S-1 and S-2 ready, S-3 without criteria, S-4 unestimated.
fn backlog(sb: &Sandbox) -> PathBuf {
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Shop"]);
    add_ready(sb, &file, "Pay by card");
    add_ready(sb, &file, "Pay by voucher");
    let s3 = add_ready(sb, &file, "Pay by invoice");
    sb.ok(&file, &["edit", &s3, "--ac-rm", "1"]);
    let s4 = add_ready(sb, &file, "Pay in instalments");
    sb.ok(&file, &["edit", &s4, "--points", "none"]);
    file
}

#[test]
fn check_ready_exits_0_when_the_top_stories_are_ready() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    let out = sb.ok(&file, &["check", "--ready", "--top", "2"]);
    assert_eq!(out, "ready: the top 2 open stories are\n");
}

#[test]
fn check_ready_exits_1_and_lists_why_when_one_of_the_top_is_not_ready() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    // The default top (10) reaches S-3 and S-4.
    let run = sb.run(&with_file(&file, &["check", "--ready"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "S-3 (rank 3) Pay by invoice\n  - no acceptance criteria\n\
         S-4 (rank 4) Pay in instalments\n  - no estimate\n"
    );
    assert_eq!(
        run.stderr,
        "po: 2 of the 4 open stories (all there are) are not ready\n"
    );
    let run = sb.run(&with_file(&file, &["check", "--ready", "--top", "3"]));
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr, "po: 1 of the top 3 open stories is not ready\n");
}

#[test]
fn check_ready_json_names_each_rule_and_the_field_that_fixes_it() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    let run = sb.run(&with_file(
        &file,
        &["check", "--ready", "--top", "3", "--json"],
    ));
    assert_eq!(run.code, Some(1));
    let v = json(&run.stdout);
    assert_eq!(v["top"], 3);
    assert_eq!(v["checked"], 3);
    assert_eq!(v["ready"], false);
    let story = &v["not_ready"][0];
    assert_eq!(story["key"], "S-3");
    assert_eq!(story["rank"], 3);
    assert_eq!(story["reasons"][0]["rule"], "no_criteria");
    assert_eq!(story["reasons"][0]["field"], "acceptance criteria");
    assert_eq!(story["reasons"][0]["message"], "no acceptance criteria");
}

#[test]
fn check_ready_refuses_a_top_of_zero_or_below_as_a_usage_error() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    for top in ["0", "-1", "ten"] {
        let run = sb.run(&with_file(&file, &["check", "--ready", "--top", top]));
        assert_eq!(run.code, Some(2), "--top {top}: {}", run.stderr);
        run.assert_refused(&format!("--top {top}"));
        assert!(run.stderr.contains("--top"), "{}", run.stderr);
    }
    // --top means nothing without --ready.
    let run = sb.run(&with_file(&file, &["check", "--top", "3"]));
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn a_story_depending_on_an_open_story_ranked_below_is_not_ready() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(&file, &["edit", "S-1", "--depends-on", "S-2"]);
    let run = sb.run(&with_file(&file, &["check", "--ready", "--top", "2"]));
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .contains("S-1 (rank 1) Pay by card\n  - depends on S-2 ranked below it\n"),
        "{}",
        run.stdout
    );
    // Ranked above what it depends on, it is ready.
    sb.ok(&file, &["move", "S-2", "--top"]);
    sb.ok(&file, &["check", "--ready", "--top", "2"]);
}

#[test]
fn edit_refuses_a_dependency_cycle_naming_it() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(&file, &["edit", "S-2", "--depends-on", "S-3"]);
    sb.ok(&file, &["edit", "S-3", "--depends-on", "S-4"]);
    let err = sb.refused(&file, &["edit", "S-4", "--depends-on", "S-2"]);
    assert_eq!(
        err,
        "po: dependency cycle S-4 → S-2 → S-3 → S-4: S-4 cannot depend on S-2\n"
    );
}

#[test]
fn import_refuses_stories_that_depend_on_each_other_in_a_circle() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    let other = sb.path("other.json");
    sb.ok(&other, &["init", "--name", "Other"]);
    sb.ok(&other, &["add", "One"]);
    sb.ok(&other, &["add", "Two"]);
    sb.ok(&other, &["edit", "S-1", "--depends-on", "S-2"]);
    // A cycle can only be written by hand: po itself refuses it.
    let mut v = json(&fs::read_to_string(&other).unwrap());
    v["stories"][1]["depends_on"] = json("[\"S-1\"]");
    fs::write(&other, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let other = other.to_str().unwrap();
    let err = sb.refused(&file, &["import", other, "--format", "po"]);
    assert!(
        err.contains("dependency cycle") && err.contains("→"),
        "{err}"
    );
}

#[test]
fn deps_prints_what_a_story_depends_on_and_what_depends_on_it() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(&file, &["edit", "S-2", "--depends-on", "S-3"]);
    sb.ok(&file, &["edit", "S-3", "--depends-on", "S-4"]);
    sb.ok(&file, &["edit", "S-1", "--depends-on", "S-2"]);
    let out = sb.ok(&file, &["deps", "3"]);
    assert_eq!(
        out,
        "S-3 Pay by invoice\n\
         depends on:\n  S-4 Pay in instalments [rank 4, todo]\n\
         depended on by:\n  S-2 Pay by voucher [rank 2, todo]\n    S-1 Pay by card [rank 1, todo]\n"
    );
    let v = json(&sb.ok(&file, &["deps", "S-4", "--json"]));
    assert_eq!(v["depended_on_by"][0]["key"], "S-3");
    assert_eq!(v["depended_on_by"][0]["children"][0]["key"], "S-2");
    assert!(
        sb.refused(&file, &["deps", "S-99"])
            .contains("no story S-99")
    );
}

#[test]
fn list_json_computed_adds_readiness_and_blockers_and_plain_json_stays_the_file() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(&file, &["edit", "S-1", "--depends-on", "S-3"]);
    sb.ok(
        &file,
        &[
            "edit",
            "S-1",
            "--reach",
            "10",
            "--impact",
            "1",
            "--confidence",
            "1",
            "--effort",
            "1",
        ],
    );
    sb.ok(
        &file,
        &[
            "edit",
            "S-2",
            "--reach",
            "100",
            "--impact",
            "2",
            "--confidence",
            "0.5",
            "--effort",
            "2",
        ],
    );
    let computed = json(&sb.ok(&file, &["list", "--json", "--computed"]));
    let stories = computed.as_array().unwrap();
    assert_eq!(stories.len(), 4);
    let c1 = &stories[0]["computed"];
    assert_eq!(c1["ready"], false);
    assert_eq!(c1["blocked_by"], json("[\"S-3\"]"));
    assert_eq!(c1["not_ready"][0]["rule"], "depends_on_lower");
    // RICE: 10×1×1/1 = 10 and 100×2×0.5/2 = 50, so S-2 is first by score.
    assert_eq!(c1["rice_score"].as_f64(), Some(10.0));
    assert_eq!(c1["score_rank"], 2);
    assert_eq!(stories[1]["computed"]["rice_score"].as_f64(), Some(50.0));
    assert_eq!(stories[1]["computed"]["score_rank"], 1);
    assert_eq!(stories[2]["computed"]["rice_score"], Value::Null);
    assert_eq!(stories[2]["computed"]["score_rank"], Value::Null);
    assert_eq!(stories[1]["computed"]["ready"], true);
    assert_eq!(stories[1]["computed"]["not_ready"], json("[]"));
    assert_eq!(
        stories[2]["computed"]["not_ready"][0]["rule"],
        "no_criteria"
    );
    assert_eq!(
        stories[3]["computed"]["not_ready"][0]["rule"],
        "unestimated"
    );
    // The story's own fields are the file's, with `computed` after them.
    let on_disk = json(&fs::read_to_string(&file).unwrap());
    let mut first = stories[0].clone();
    first.as_object_mut().unwrap().remove("computed");
    assert_eq!(first, on_disk["stories"][0]);
    // Without --computed, the objects are exactly the file's, byte for byte.
    let plain = sb.ok(&file, &["list", "--json"]);
    assert!(!plain.contains("computed"));
    let v = json(&plain);
    assert_eq!(v, on_disk["stories"]);
    // --computed needs --json.
    let run = sb.run(&with_file(&file, &["list", "--computed"]));
    assert_eq!(run.code, Some(2));
}
