//! `po merge` as git's merge driver, driven through the real `git` in a
//! temporary repository, and `po conflicts` / `po resolve` on the result.
//! (The full matrix of team scenarios is in tests/git_team*.rs.)

mod cli_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cli_support::{Sandbox, load, with_file};

/// A git repository in the sandbox with a backlog of three stories on
/// `main`, committed. With `driver`, po is set up as the merge driver.
struct Repo {
    sandbox: Sandbox,
    dir: PathBuf,
}

impl Repo {
    fn new(driver: bool) -> Repo {
        let sandbox = Sandbox::new();
        let dir = sandbox.path("repo");
        fs::create_dir_all(&dir).unwrap();
        let repo = Repo { sandbox, dir };
        repo.git(&["init", "-q", "-b", "main"]);
        if driver {
            let po = env!("CARGO_BIN_EXE_po");
            repo.git(&[
                "config",
                "merge.po.driver",
                &format!("'{po}' merge %O %A %B %P"),
            ]);
            repo.git(&["config", "merge.po.name", "po backlog merge"]);
            fs::write(
                dir_join(&repo.dir, ".gitattributes"),
                "backlog.json merge=po\n",
            )
            .unwrap();
        }
        repo.po(&["init", "--name", "Shop"]);
        for title in ["Pay by card", "Track my order", "Save my address"] {
            repo.po(&["add", title]);
        }
        repo.commit("base");
        repo
    }

    fn file(&self) -> PathBuf {
        self.dir.join("backlog.json")
    }

    fn git(&self, args: &[&str]) -> std::process::Output {
        let out = self.git_may_fail(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn git_may_fail(&self, args: &[&str]) -> std::process::Output {
        Command::new("git")
            .args(args)
            .current_dir(&self.dir)
            .env("HOME", self.sandbox.path("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "PO")
            .env("GIT_AUTHOR_EMAIL", "po@example.com")
            .env("GIT_COMMITTER_NAME", "PO")
            .env("GIT_COMMITTER_EMAIL", "po@example.com")
            .output()
            .expect("git runs (install git to run these tests)")
    }

    fn po(&self, args: &[&str]) -> String {
        self.sandbox.ok(&self.file(), args)
    }

    fn commit(&self, message: &str) {
        // Only the backlog (and attributes): the lock and .bak stay out.
        self.git(&["add", "backlog.json"]);
        if self.dir.join(".gitattributes").exists() {
            self.git(&["add", ".gitattributes"]);
        }
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Two branches from the base: `theirs` with `theirs_edits`, and main
    /// with `ours_edits`, then `git merge theirs` on main.
    fn merge_after(
        &self,
        theirs_edits: &[&[&str]],
        ours_edits: &[&[&str]],
    ) -> std::process::Output {
        self.git(&["checkout", "-q", "-b", "theirs"]);
        for args in theirs_edits {
            self.po(args);
        }
        self.commit("theirs");
        self.git(&["checkout", "-q", "main"]);
        for args in ours_edits {
            self.po(args);
        }
        self.commit("ours");
        self.git_may_fail(&["merge", "--no-edit", "theirs"])
    }
}

fn dir_join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

fn titles(file: &Path) -> Vec<(String, String)> {
    load(file)
        .stories
        .iter()
        .map(|s| (s.key.clone(), s.title.clone()))
        .collect()
}

const THEIRS: &[&[&str]] = &[
    &["add", "Theirs' new story"],
    &["edit", "S-2", "--points", "5"],
];
const OURS: &[&[&str]] = &[&["add", "Ours' new story"], &["move", "S-3", "--top"]];

#[test]
fn git_alone_breaks_a_backlog_where_both_added_a_story_and_with_the_driver_it_merges_clean() {
    // Git's own line merge: both new stories are S-4. Git either stops with
    // a conflict or (as git 2.47 does) joins the lines into a file that
    // uses S-4 twice, which po refuses to open.
    let plain = Repo::new(false);
    let out = plain.merge_after(THEIRS, OURS);
    if out.status.success() {
        let check = plain.sandbox.run(&with_file(&plain.file(), &["check"]));
        assert_ne!(check.code, Some(0), "git's line merge made a good backlog");
        assert!(
            check.stdout.contains("S-4: the key is used twice"),
            "{}",
            check.stdout
        );
    }

    let repo = Repo::new(true);
    let out = repo.merge_after(THEIRS, OURS);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "git merge failed: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("po merge: backlog.json:"), "{said}");
    assert!(
        said.contains("renumbered theirs' new story S-4 → S-5"),
        "{said}"
    );
    let t = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(
        titles(&repo.file()),
        [
            t("S-3", "Save my address"),
            t("S-1", "Pay by card"),
            t("S-2", "Track my order"),
            t("S-4", "Ours' new story"),
            t("S-5", "Theirs' new story"),
        ]
    );
    let merged = load(&repo.file());
    assert_eq!(merged.story("S-2").unwrap().points, Some(5.0));
    assert_eq!(merged.next_keys.stories, 6);
    repo.po(&["check"]);
    // Committed by the merge, and nothing left for git to complain about.
    let status = repo.git(&["status", "--porcelain", "--untracked-files=no"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
}

#[test]
fn a_true_conflict_stops_git_is_recorded_and_resolving_it_makes_check_pass() {
    let repo = Repo::new(true);
    let out = repo.merge_after(
        &[&["edit", "S-1", "--title", "Pay with a saved card"]],
        &[&["edit", "S-1", "--title", "Pay by card or wallet"]],
    );
    assert!(!out.status.success(), "git merged a true conflict silently");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("CONFLICT story S-1 title"), "{said}");
    // Ours kept, the conflict recorded, and check fails until resolved.
    let merged = load(&repo.file());
    assert_eq!(merged.story("S-1").unwrap().title, "Pay by card or wallet");
    let listed = repo.po(&["conflicts"]);
    assert_eq!(
        listed,
        "S-1 title: ours \"Pay by card or wallet\" · theirs \"Pay with a saved card\" · base \"Pay by card\"\n"
    );
    let json: serde_json::Value = serde_json::from_str(&repo.po(&["conflicts", "--json"])).unwrap();
    assert_eq!(json[0]["field"], "title");
    let check = repo.sandbox.run(&with_file(&repo.file(), &["check"]));
    assert_ne!(check.code, Some(0));
    assert!(
        check.stdout.contains("S-1: merge conflict on title"),
        "{}",
        check.stdout
    );

    let resolved = repo.po(&["resolve", "s-1", "title", "--theirs"]);
    assert_eq!(
        resolved,
        format!(
            "resolved S-1 title: \"Pay with a saved card\" (theirs); 0 conflicts left: `git add {}` and commit to finish the merge\n",
            repo.file().display()
        )
    );
    assert_eq!(
        load(&repo.file()).story("S-1").unwrap().title,
        "Pay with a saved card"
    );
    repo.po(&["check"]);
    assert_eq!(repo.po(&["conflicts"]), "no conflicts\n");
    repo.commit("merged");
}

#[test]
fn resolving_with_a_value_is_checked_like_an_edit_and_a_bad_one_changes_nothing() {
    let repo = Repo::new(true);
    let out = repo.merge_after(
        &[&["edit", "S-2", "--points", "3"]],
        &[&["edit", "S-2", "--points", "8"]],
    );
    assert!(!out.status.success());
    let file = repo.file();
    for args in [
        &["resolve", "S-2", "points", "--value", "-1"][..],
        &["resolve", "S-2", "points", "--value", "lots"],
        &["resolve", "S-2", "title", "--theirs"],
        &["resolve", "S-9", "points", "--ours"],
        &["resolve", "S-2", "points"],
    ] {
        repo.sandbox.refused(&file, args);
    }
    let said = repo
        .sandbox
        .refused(&file, &["resolve", "S-2", "title", "--ours"]);
    assert!(
        said.contains("S-2 has no conflict on title; its conflicts are on points"),
        "{said}"
    );
    repo.po(&["resolve", "S-2", "points", "--value", "5"]);
    assert_eq!(load(&file).story("S-2").unwrap().points, Some(5.0));
    repo.po(&["check"]);
}

#[test]
fn a_side_that_is_not_a_po_backlog_is_named_and_ours_is_left_untouched() {
    let sandbox = Sandbox::new();
    let base = sandbox.path("base.json");
    sandbox.ok(&base, &["init", "--name", "Shop"]);
    let ours = sandbox.path("ours.json");
    fs::copy(&base, &ours).unwrap();
    let before = fs::read(&ours).unwrap();
    for (name, text) in [
        ("theirs.json", "<<<<<<< HEAD\n{ not json"),
        (
            "other.json",
            "{\"format\": \"something-else\", \"version\": 1}",
        ),
        (
            "newer.json",
            "{\"format\": \"po-backlog\", \"version\": 99}",
        ),
    ] {
        let theirs = sandbox.path(name);
        fs::write(&theirs, text).unwrap();
        let args = [
            "merge",
            base.to_str().unwrap(),
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ];
        let run = sandbox.run(&args);
        run.assert_refused(name);
        assert!(run.stderr.contains("THEIRS"), "{}", run.stderr);
        assert!(run.stderr.contains(name), "{}", run.stderr);
        assert!(
            run.stderr.contains("ours.json was left as it was"),
            "{}",
            run.stderr
        );
        assert_eq!(fs::read(&ours).unwrap(), before, "{name}: ours changed");
    }
    // No lock or backup is left beside git's temporary files.
    let mut names: Vec<String> = fs::read_dir(sandbox.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ours"))
        .collect();
    names.sort();
    assert_eq!(names, ["ours.json"]);
}

#[test]
fn an_empty_base_means_both_sides_added_the_file() {
    let sandbox = Sandbox::new();
    let base = sandbox.path("base.json");
    fs::write(&base, "").unwrap();
    let ours = sandbox.path("ours.json");
    let theirs = sandbox.path("theirs.json");
    sandbox.ok(&ours, &["init", "--name", "Shop"]);
    sandbox.ok(&ours, &["add", "ours"]);
    sandbox.ok(&theirs, &["init", "--name", "Shop"]);
    sandbox.ok(&theirs, &["add", "theirs"]);
    let run = sandbox.run(&[
        "merge",
        base.to_str().unwrap(),
        ours.to_str().unwrap(),
        theirs.to_str().unwrap(),
        "backlog.json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let t = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(titles(&ours), [t("S-1", "ours"), t("S-2", "theirs")]);
}
