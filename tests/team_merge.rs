//! Working as a team, with the real git binary: two clones of one base
//! repository (each set up once with `po git setup`), concurrent edits on
//! both, then `git pull` (a merge), `git rebase` or `git cherry-pick`. The
//! merge driver `po merge` must combine them by story and field: nothing
//! lost, every story once, keys unique, `po check` clean; a true conflict
//! stops git and is resolved with `po conflicts` / `po resolve`.

mod git_support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use git_support::{Ran, Team};
use serde_json::Value;

/// The base repository with a 30-story sample, and two teammates' clones.
fn two_clones(team: &Team) -> (PathBuf, PathBuf) {
    let base = team.base("origin", 30);
    (team.clone(&base, "ana"), team.clone(&base, "ben"))
}

/// `git pull` of the other clone's main into `into` (a merge, never a rebase).
fn pull(team: &Team, into: &Path, from: &Path) -> Ran {
    team.git(
        into,
        &[
            "pull",
            "--no-rebase",
            "--no-edit",
            from.to_str().unwrap(),
            "main",
        ],
    )
}

fn stories(team: &Team, dir: &Path) -> Vec<Value> {
    let json = team.po_ok(dir, &["list", "--json"]);
    serde_json::from_str(&json).expect("po list --json is a JSON array")
}

fn story(team: &Team, dir: &Path, key: &str) -> Value {
    serde_json::from_str(&team.po_ok(dir, &["show", key, "--json"])).expect("story JSON")
}

/// What every merged backlog must be: readable, every key once, `po check` clean.
fn assert_sound(team: &Team, dir: &Path) -> Vec<Value> {
    let all = stories(team, dir);
    let keys: HashSet<&str> = all.iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), all.len(), "a key used twice");
    let check = team.po(dir, &["check"]);
    assert_eq!(
        check.code,
        Some(0),
        "po check: {}{}",
        check.stdout,
        check.stderr
    );
    let status = team.git_ok(dir, &["status", "--porcelain"]);
    assert!(
        status.trim().is_empty(),
        "clean work tree after the merge: {status}"
    );
    all
}

fn titles(all: &[Value]) -> Vec<&str> {
    all.iter().map(|s| s["title"].as_str().unwrap()).collect()
}

#[test]
fn both_add_stories_with_the_same_next_key_and_both_are_kept_under_distinct_keys() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    let a = team.po_ok(&ana, &["add", "Ana's story"]);
    let b = team.po_ok(&ben, &["add", "Ben's story"]);
    assert_eq!(a, b, "both clones hand out the same next key");
    team.commit(&ana, "add Ana's story");
    team.commit(&ben, "add Ben's story");

    let run = pull(&team, &ana, &ben);
    assert_eq!(
        run.code,
        Some(0),
        "merge stopped: {}{}",
        run.stdout,
        run.stderr
    );
    let all = assert_sound(&team, &ana);
    assert_eq!(all.len(), 32);
    let titles = titles(&all);
    assert!(titles.contains(&"Ana's story") && titles.contains(&"Ben's story"));
    let ours = all.iter().find(|s| s["title"] == "Ana's story").unwrap();
    assert_eq!(ours["key"].as_str(), Some(a.trim()), "ours keeps its key");
    let next = team.po_ok(&ana, &["add", "After the merge"]);
    assert!(
        !all.iter().any(|s| s["key"] == next.trim()),
        "next key is fresh: {next}"
    );
}

#[test]
fn edits_to_different_stories_both_survive() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    team.po_ok(&ana, &["edit", "S-3", "--points", "40"]);
    team.po_ok(&ben, &["edit", "S-7", "--title", "Ben retitled this"]);
    team.commit(&ana, "re-estimate S-3");
    team.commit(&ben, "retitle S-7");
    let run = pull(&team, &ana, &ben);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_sound(&team, &ana);
    assert_eq!(story(&team, &ana, "S-3")["points"], 40);
    assert_eq!(story(&team, &ana, "S-7")["title"], "Ben retitled this");
}

#[test]
fn edits_to_different_fields_of_one_story_both_survive() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    team.po_ok(&ana, &["edit", "S-5", "--points", "20"]);
    team.po_ok(
        &ben,
        &[
            "edit",
            "S-5",
            "--title",
            "Sharper title",
            "--moscow",
            "could",
        ],
    );
    team.commit(&ana, "points");
    team.commit(&ben, "title and MoSCoW");
    let run = pull(&team, &ana, &ben);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_sound(&team, &ana);
    let s5 = story(&team, &ana, "S-5");
    assert_eq!(
        (&s5["points"], &s5["title"], &s5["moscow"]),
        (
            &Value::from(20),
            &Value::from("Sharper title"),
            &Value::from("could")
        )
    );
}

#[test]
fn both_move_stories_and_both_moves_are_applied() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    // S-22 is at rank 18 and S-10 at rank 2 in the sample.
    team.po_ok(&ana, &["move", "S-22", "--top"]);
    team.po_ok(&ben, &["move", "S-10", "--bottom"]);
    team.commit(&ana, "S-22 to the top");
    team.commit(&ben, "S-10 to the bottom");
    let run = pull(&team, &ana, &ben);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let all = assert_sound(&team, &ana);
    assert_eq!(all.len(), 30, "every story exactly once");
    assert_eq!(all[0]["key"], "S-22");
    assert_eq!(all[29]["key"], "S-10");
}

#[test]
fn a_sprint_closed_on_one_side_while_its_stories_are_edited_on_the_other() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    let sprints = team.po_ok(&ana, &["sprint", "list"]);
    let active = sprints
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("active"))
        .and_then(|l| l.split_whitespace().next())
        .expect("the sample has an active sprint")
        .to_string();
    let in_sprint: Vec<Value> =
        serde_json::from_str(&team.po_ok(&ben, &["list", "--json", "--sprint", &active])).unwrap();
    let edited = in_sprint[0]["key"].as_str().unwrap().to_string();
    team.po_ok(&ana, &["sprint", "close", &active, "--force"]);
    team.po_ok(&ben, &["edit", &edited, "--points", "34", "--label", "ben"]);
    team.commit(&ana, "close the sprint");
    team.commit(&ben, "edit a story of the sprint");
    let run = pull(&team, &ana, &ben);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_sound(&team, &ana);
    let list = team.po_ok(&ana, &["sprint", "list"]);
    let row = list
        .lines()
        .find(|l| l.starts_with(&format!("{active} ")))
        .unwrap();
    assert!(row.contains("closed"), "{list}");
    let s = story(&team, &ana, &edited);
    assert_eq!(s["points"], 34, "{s}");
    assert_eq!(s["labels"], serde_json::json!(["ben"]), "{s}");
}

#[test]
fn a_story_deleted_on_one_side_and_edited_on_the_other_is_kept_edited() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    team.po_ok(&ana, &["rm", "S-8", "--yes"]);
    team.po_ok(&ben, &["edit", "S-8", "--title", "Still needed"]);
    team.commit(&ana, "drop S-8");
    team.commit(&ben, "retitle S-8");
    let run = pull(&team, &ana, &ben);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_sound(&team, &ana);
    assert_eq!(story(&team, &ana, "S-8")["title"], "Still needed");
    assert!(
        run.stdout.contains("S-8"),
        "the merge report says so: {}",
        run.stdout
    );
}

/// Both retitle S-12: git stops, the file holds ours and the conflict.
fn retitle_both(team: &Team, ana: &Path, ben: &Path) {
    team.po_ok(ana, &["edit", "S-12", "--title", "Ana's title"]);
    team.po_ok(ben, &["edit", "S-12", "--title", "Ben's title"]);
    team.commit(ana, "Ana retitles S-12");
    team.commit(ben, "Ben retitles S-12");
}

/// After git stopped on a conflict: it is listed, resolved with theirs,
/// and `po check` is clean again.
fn resolve_with_theirs(team: &Team, dir: &Path) {
    let unmerged = team.git_ok(dir, &["diff", "--name-only", "--diff-filter=U"]);
    assert_eq!(unmerged.trim(), "backlog.json");
    let text = std::fs::read_to_string(dir.join("backlog.json")).unwrap();
    assert!(
        !text.contains("<<<<<<<"),
        "no line-merge markers: po wrote it"
    );
    let check = team.po(dir, &["check"]);
    assert_ne!(check.code, Some(0), "po check fails while conflicts remain");
    let listed = team.po_ok(dir, &["conflicts"]);
    assert!(
        listed.contains("S-12") && listed.contains("title"),
        "{listed}"
    );
    assert_eq!(
        story(team, dir, "S-12")["title"],
        "Ana's title",
        "ours kept meanwhile"
    );
    team.po_ok(dir, &["resolve", "S-12", "title", "--theirs"]);
    team.po_ok(dir, &["check"]);
    assert_eq!(story(team, dir, "S-12")["title"], "Ben's title");
    team.git_ok(dir, &["add", "backlog.json"]);
}

#[test]
fn a_true_conflict_stops_the_merge_and_is_resolved_with_po_resolve() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    retitle_both(&team, &ana, &ben);
    let run = pull(&team, &ana, &ben);
    assert_ne!(
        run.code,
        Some(0),
        "git must stop: {}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains("CONFLICT") && run.stdout.contains("backlog.json"),
        "{}",
        run.stdout
    );
    resolve_with_theirs(&team, &ana);
    team.git_ok(&ana, &["commit", "--no-edit"]);
    assert_sound(&team, &ana);
}

#[test]
fn a_rebase_replays_concurrent_edits_through_the_driver() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    team.po_ok(&ana, &["add", "Ana's story"]);
    team.po_ok(&ana, &["edit", "S-4", "--points", "55"]);
    team.commit(&ana, "Ana: add and re-estimate");
    team.po_ok(&ben, &["add", "Ben's story"]);
    team.po_ok(&ben, &["move", "S-30", "--top"]);
    team.commit(&ben, "Ben: add and re-rank");
    team.git_ok(&ana, &["fetch", "-q", ben.to_str().unwrap(), "main"]);
    let run = team.git(&ana, &["rebase", "FETCH_HEAD"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let all = assert_sound(&team, &ana);
    assert_eq!(all.len(), 32);
    assert_eq!(all[0]["key"], "S-30");
    assert_eq!(story(&team, &ana, "S-4")["points"], 55);
    let titles = titles(&all);
    assert!(titles.contains(&"Ana's story") && titles.contains(&"Ben's story"));
}

#[test]
fn a_rebase_that_meets_a_true_conflict_stops_and_continues_after_po_resolve() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    retitle_both(&team, &ana, &ben);
    team.git_ok(&ana, &["fetch", "-q", ben.to_str().unwrap(), "main"]);
    let run = team.git(&ana, &["rebase", "FETCH_HEAD"]);
    assert_ne!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    // During a rebase "ours" is the branch being rebased onto (Ben's side),
    // so the file keeps Ben's title and the conflict offers Ana's as theirs.
    let unmerged = team.git_ok(&ana, &["diff", "--name-only", "--diff-filter=U"]);
    assert_eq!(unmerged.trim(), "backlog.json");
    assert_eq!(story(&team, &ana, "S-12")["title"], "Ben's title");
    team.po_ok(&ana, &["resolve", "S-12", "title", "--theirs"]);
    team.po_ok(&ana, &["check"]);
    team.git_ok(&ana, &["add", "backlog.json"]);
    team.git_ok(&ana, &["rebase", "--continue"]);
    assert_sound(&team, &ana);
    assert_eq!(story(&team, &ana, "S-12")["title"], "Ana's title");
}

#[test]
fn a_cherry_pick_brings_one_commit_through_the_driver() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    team.po_ok(&ana, &["add", "Ana's story"]);
    team.commit(&ana, "Ana adds");
    team.po_ok(&ben, &["add", "Ben's story"]);
    team.po_ok(&ben, &["edit", "S-6", "--moscow", "wont"]);
    team.commit(&ben, "Ben adds and descopes S-6");
    team.git_ok(&ana, &["fetch", "-q", ben.to_str().unwrap(), "main"]);
    let run = team.git(&ana, &["cherry-pick", "FETCH_HEAD"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let all = assert_sound(&team, &ana);
    assert_eq!(all.len(), 32);
    assert_eq!(story(&team, &ana, "S-6")["moscow"], "wont");
    let titles = titles(&all);
    assert!(titles.contains(&"Ana's story") && titles.contains(&"Ben's story"));
}

#[test]
fn a_cherry_pick_that_meets_a_true_conflict_is_resolved_with_po_resolve() {
    let team = Team::new();
    let (ana, ben) = two_clones(&team);
    retitle_both(&team, &ana, &ben);
    team.git_ok(&ana, &["fetch", "-q", ben.to_str().unwrap(), "main"]);
    let run = team.git(&ana, &["cherry-pick", "FETCH_HEAD"]);
    assert_ne!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    resolve_with_theirs(&team, &ana);
    team.git_ok(&ana, &["cherry-pick", "--continue"]);
    assert_sound(&team, &ana);
}
