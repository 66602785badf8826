//! The real `git` binary in temporary repositories, for the team tests:
//! HOME and the XDG dirs point into a temp dir, no system or global git
//! config is read, and every commit names its author with `-c user.*`.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// A temp dir holding HOME, the XDG dirs and any number of repositories.
pub struct Team {
    dir: TempDir,
}

/// What one run of git or po did.
#[derive(Debug)]
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Team {
    pub fn new() -> Team {
        let team = Team {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for dir in ["home", "config", "data", "cache"] {
            fs::create_dir_all(team.path(dir)).expect("mkdir");
        }
        team
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn sandboxed(&self, mut cmd: Command, dir: &Path) -> Command {
        cmd.current_dir(dir)
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.path("home/.gitconfig"))
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("GIT_PAGER", "cat")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("PO_FILE")
            .stdin(Stdio::null());
        cmd
    }

    /// git in `dir`, with an author and a default branch given on the command line.
    pub fn git(&self, dir: &Path, args: &[&str]) -> Ran {
        let mut cmd = self.sandboxed(Command::new("git"), dir);
        cmd.args([
            "-c",
            "user.name=Test Teammate",
            "-c",
            "user.email=teammate@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "advice.detachedHead=false",
        ])
        .args(args);
        ran(&mut cmd, &format!("git {args:?}"))
    }

    /// git that must succeed; its stdout.
    pub fn git_ok(&self, dir: &Path, args: &[&str]) -> String {
        let run = self.git(dir, args);
        assert_eq!(
            run.code,
            Some(0),
            "git {args:?} in {} failed:\n{}\n{}",
            dir.display(),
            run.stdout,
            run.stderr
        );
        run.stdout
    }

    /// po in `dir` (the backlog is `backlog.json` there unless `args` say otherwise).
    pub fn po(&self, dir: &Path, args: &[&str]) -> Ran {
        let mut cmd = self.sandboxed(Command::new(env!("CARGO_BIN_EXE_po")), dir);
        cmd.env("PO_FILE", dir.join("backlog.json")).args(args);
        ran(&mut cmd, &format!("po {args:?}"))
    }

    /// po that must succeed; its stdout.
    pub fn po_ok(&self, dir: &Path, args: &[&str]) -> String {
        let run = self.po(dir, args);
        assert_eq!(
            run.code,
            Some(0),
            "po {args:?} in {} failed:\n{}\n{}",
            dir.display(),
            run.stdout,
            run.stderr
        );
        run.stdout
    }

    /// A repository `name` with a sample backlog of `stories` stories,
    /// committed, and `po git setup` run and committed.
    pub fn base(&self, name: &str, stories: usize) -> PathBuf {
        let repo = self.path(name);
        fs::create_dir_all(&repo).expect("mkdir");
        self.git_ok(&repo, &["init", "-q"]);
        let n = stories.to_string();
        self.po_ok(&repo, &["init", "--sample", "--stories", &n, "--seed", "5"]);
        self.po_ok(&repo, &["git", "setup"]);
        self.git_ok(&repo, &["add", "."]);
        self.git_ok(&repo, &["commit", "-q", "-m", "base backlog"]);
        repo
    }

    /// A clone of `from` as teammate `name`, set up the way each teammate
    /// does once (`po git setup`: the driver config is per clone).
    pub fn clone(&self, from: &Path, name: &str) -> PathBuf {
        let to = self.path(name);
        self.git_ok(
            &self.path("."),
            &[
                "clone",
                "-q",
                from.to_str().expect("UTF-8"),
                to.to_str().expect("UTF-8"),
            ],
        );
        self.po_ok(&to, &["git", "setup"]);
        to
    }

    /// Commits everything in `dir` with a message.
    pub fn commit(&self, dir: &Path, message: &str) {
        self.git_ok(dir, &["add", "."]);
        self.git_ok(dir, &["commit", "-q", "-m", message]);
    }
}

fn ran(cmd: &mut Command, what: &str) -> Ran {
    let output = cmd.output().unwrap_or_else(|e| panic!("{what} runs: {e}"));
    Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
