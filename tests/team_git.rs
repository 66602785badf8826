//! `po git setup` with the real git binary: what it writes, that a second
//! run changes nothing, that `git add .` leaves po's lock and backups out,
//! and that `git diff`, `git show` and `git log -p` read as story changes.

mod git_support;

use std::fs;

use git_support::Team;

#[test]
fn git_setup_writes_attributes_drivers_and_ignores_and_a_second_run_changes_nothing() {
    let team = Team::new();
    let repo = team.path("repo");
    fs::create_dir_all(repo.join("plans")).unwrap();
    team.git_ok(&repo, &["init", "-q"]);
    team.po_ok(
        &repo,
        &["--file", "plans/backlog.json", "init", "--name", "Shop"],
    );
    let first = team.po_ok(&repo, &["--file", "plans/backlog.json", "git", "setup"]);
    assert!(first.contains(".gitattributes"), "{first}");

    let attributes = fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "plans/backlog.json merge=po diff=po\n");
    let ignore = fs::read_to_string(repo.join(".gitignore")).unwrap();
    for pattern in [
        "plans/backlog.json.lock",
        "plans/backlog.json.bak",
        "plans/backlog.json.v*.bak",
        "plans/backlog.json.tmp-*",
    ] {
        assert!(
            ignore.lines().any(|l| l == pattern),
            "{pattern} in {ignore}"
        );
    }
    let po = env!("CARGO_BIN_EXE_po");
    let config = |name: &str| {
        team.git_ok(&repo, &["config", "--local", name])
            .trim()
            .to_string()
    };
    assert_eq!(config("merge.po.driver"), format!("{po} merge %O %A %B %P"));
    assert!(!config("merge.po.name").is_empty());
    assert_eq!(config("diff.po.command"), format!("{po} diff --git"));
    assert_eq!(config("diff.po.textconv"), format!("{po} diff --textconv"));
    let attr = team.git_ok(
        &repo,
        &["check-attr", "merge", "diff", "--", "plans/backlog.json"],
    );
    assert!(
        attr.contains("merge: po") && attr.contains("diff: po"),
        "{attr}"
    );

    let git_config = fs::read(repo.join(".git/config")).unwrap();
    let second = team.po_ok(&repo, &["--file", "plans/backlog.json", "git", "setup"]);
    assert!(
        second.starts_with("already set up: nothing changed"),
        "{second}"
    );
    assert_eq!(
        fs::read_to_string(repo.join(".gitattributes")).unwrap(),
        attributes
    );
    assert_eq!(fs::read_to_string(repo.join(".gitignore")).unwrap(), ignore);
    assert_eq!(fs::read(repo.join(".git/config")).unwrap(), git_config);
}

#[test]
fn git_setup_keeps_what_the_files_already_say() {
    let team = Team::new();
    let repo = team.path("repo");
    fs::create_dir_all(&repo).unwrap();
    team.git_ok(&repo, &["init", "-q"]);
    fs::write(repo.join(".gitignore"), "target/").unwrap();
    fs::write(repo.join(".gitattributes"), "*.png binary\n").unwrap();
    team.po_ok(&repo, &["init"]);
    team.po_ok(&repo, &["git", "setup"]);
    let ignore = fs::read_to_string(repo.join(".gitignore")).unwrap();
    assert!(ignore.starts_with("target/\n# po: "), "{ignore}");
    let attributes = fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.png binary\nbacklog.json merge=po diff=po\n");
}

#[test]
fn git_setup_outside_a_repository_says_so_and_writes_nothing() {
    let team = Team::new();
    let dir = team.path("plain");
    fs::create_dir_all(&dir).unwrap();
    team.po_ok(&dir, &["init"]);
    let run = team.po(&dir, &["git", "setup"]);
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.starts_with("po: ") && run.stderr.contains("not inside a git work tree"),
        "{}",
        run.stderr
    );
    assert!(!dir.join(".gitattributes").exists() && !dir.join(".gitignore").exists());
}

#[test]
fn git_setup_refuses_a_backlog_outside_the_repository() {
    let team = Team::new();
    let repo = team.path("repo");
    fs::create_dir_all(&repo).unwrap();
    team.git_ok(&repo, &["init", "-q"]);
    let outside = team.path("elsewhere.json");
    team.po_ok(&repo, &["--file", outside.to_str().unwrap(), "init"]);
    let run = team.po(
        &repo,
        &["--file", outside.to_str().unwrap(), "git", "setup"],
    );
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.contains("is not inside the git repository"),
        "{}",
        run.stderr
    );
    assert!(!repo.join(".gitattributes").exists());
}

#[test]
fn git_add_dot_after_setup_does_not_stage_the_lock_or_backups() {
    let team = Team::new();
    let repo = team.base("repo", 10);
    // A write takes the lock (backlog.json.lock) and keeps a .bak.
    team.po_ok(&repo, &["edit", "S-1", "--points", "8"]);
    assert!(repo.join("backlog.json.lock").exists() && repo.join("backlog.json.bak").exists());
    team.git_ok(&repo, &["add", "."]);
    let staged = team.git_ok(&repo, &["diff", "--cached", "--name-only"]);
    assert_eq!(staged.trim(), "backlog.json");
    let tracked = team.git_ok(&repo, &["ls-files"]);
    assert!(
        !tracked.contains(".lock") && !tracked.contains(".bak"),
        "{tracked}"
    );
}

#[test]
fn git_diff_show_and_log_read_as_story_changes() {
    let team = Team::new();
    let repo = team.base("repo", 10);
    // An estimated story other than 21 points, found in the file: the
    // sample follows today's date, so which stories are estimated changes
    // from day to day.
    let listed = team.po_ok(&repo, &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let story = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["points"].is_number() && s["points"] != 21)
        .expect("the sample estimates some stories");
    let key = story["key"].as_str().unwrap();
    team.po_ok(&repo, &["edit", key, "--points", "21"]);
    team.po_ok(&repo, &["add", "Pay by invoice"]);

    let diff = team.git_ok(&repo, &["diff"]);
    assert!(
        diff.starts_with("po diff a/backlog.json b/backlog.json\n"),
        "{diff}"
    );
    let change = format!("  {key} points: {} → 21", story["points"]);
    assert!(diff.lines().any(|l| l == change), "{change} in:\n{diff}");
    assert!(
        diff.lines()
            .any(|l| l == "+ S-11 added at rank 11: Pay by invoice"),
        "{diff}"
    );

    team.commit(&repo, "re-estimate a story, add S-11");
    let show = team.git_ok(&repo, &["show"]);
    let textconv = format!("+{key}   points: 21");
    assert!(show.lines().any(|l| l == textconv), "{show}");
    assert!(
        show.lines().any(|l| l == "+S-11 story: Pay by invoice"),
        "{show}"
    );
    assert!(!show.contains("\"points\""), "no JSON lines: {show}");
    let log = team.git_ok(&repo, &["log", "-p"]);
    assert!(log.lines().any(|l| l == textconv), "{log}");
    let semantic = team.git_ok(&repo, &["log", "-p", "--ext-diff", "-1"]);
    assert!(semantic.lines().any(|l| l == change), "{semantic}");
}

#[test]
fn git_setup_untracks_a_committed_lock_and_backup_and_keeps_the_files() {
    let team = Team::new();
    let repo = team.path("repo");
    fs::create_dir_all(&repo).unwrap();
    team.git_ok(&repo, &["init", "-q"]);
    team.po_ok(
        &repo,
        &["init", "--sample", "--stories", "5", "--seed", "5"],
    );
    team.po_ok(&repo, &["edit", "S-1", "--points", "0.5"]);
    // Committed before any setup: the lock and the backup went in too.
    team.commit(&repo, "backlog with its lock and backup");
    let tracked = team.git_ok(&repo, &["ls-files"]);
    assert!(tracked.contains("backlog.json.lock") && tracked.contains("backlog.json.bak"));
    let lock = fs::read(repo.join("backlog.json.lock")).unwrap();
    let bak = fs::read(repo.join("backlog.json.bak")).unwrap();

    let said = team.po_ok(&repo, &["git", "setup"]);
    assert!(
        said.contains("git rm --cached backlog.json.bak backlog.json.lock"),
        "{said}"
    );
    let tracked = team.git_ok(&repo, &["ls-files"]);
    assert_eq!(tracked.trim(), "backlog.json", "{tracked}");
    // Never the working files: both are still there, unchanged.
    assert_eq!(fs::read(repo.join("backlog.json.lock")).unwrap(), lock);
    assert_eq!(fs::read(repo.join("backlog.json.bak")).unwrap(), bak);
    // The untracking is staged, ready to commit with the setup.
    let staged = team.git_ok(&repo, &["diff", "--cached", "--name-status"]);
    assert!(staged.contains("D\tbacklog.json.lock"), "{staged}");

    team.commit(&repo, "po git setup");
    let again = team.po_ok(&repo, &["git", "setup"]);
    assert!(
        again.starts_with("already set up: nothing changed"),
        "{again}"
    );
}
