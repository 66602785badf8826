//! The `po` binary in a sandbox, shared by the command-line tests: HOME and
//! XDG_DATA_HOME point into a temp dir, so the user's real backlog is never
//! touched.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use po::model::Backlog;
use po::store;
use tempfile::TempDir;

/// A temp dir that serves as HOME and data dir for one test.
pub struct Sandbox {
    dir: TempDir,
}

/// What one run of `po` did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn data_home(&self) -> PathBuf {
        self.path("data")
    }

    /// `po` with a clean environment pointing into the sandbox.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_po"));
        cmd.env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.data_home())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env_remove("PO_FILE")
            .env_remove("PO_CONFIG")
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(self.command().args(args))
    }

    pub fn run_with(&self, cmd: &mut Command) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = cmd.output().expect("po runs");
        Run {
            code: status.code(),
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        }
    }

    /// Runs `po --file <file> args...`, which must succeed.
    pub fn ok(&self, file: &Path, args: &[&str]) -> String {
        let run = self.run(&with_file(file, args));
        assert_eq!(run.code, Some(0), "po {args:?} failed: {}", run.stderr);
        run.stdout
    }

    /// Runs `po --file <file> args...`, which must fail in one line and leave
    /// the file as it was; returns stderr.
    pub fn refused(&self, file: &Path, args: &[&str]) -> String {
        let before = fs::read(file).expect("read");
        let run = self.run(&with_file(file, args));
        run.assert_refused(&format!("po {args:?}"));
        assert_eq!(
            fs::read(file).expect("read"),
            before,
            "po {args:?} changed the file"
        );
        run.stderr
    }

    /// A backlog file with a generated sample of `n` stories.
    pub fn sample(&self, name: &str, n: usize) -> PathBuf {
        let file = self.path(name);
        let n = n.to_string();
        self.ok(&file, &["init", "--sample", "--stories", &n, "--seed", "9"]);
        file
    }
}

impl Run {
    /// Asserts the run failed the way every failure must: a non-zero exit and
    /// exactly one line on stderr, starting with "po: ".
    pub fn assert_refused(&self, what: &str) {
        assert!(
            matches!(self.code, Some(c) if c != 0),
            "{what}: expected failure, got {:?}; stdout: {}",
            self.code,
            self.stdout
        );
        assert!(
            self.stderr.starts_with("po: ") && self.stderr.lines().count() == 1,
            "{what}: stderr should be one 'po: ' line, was {:?}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{what}: {}", self.stderr);
    }
}

pub fn with_file<'a>(file: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--file", file.to_str().expect("UTF-8 temp path")];
    all.extend_from_slice(args);
    all
}

pub fn load(file: &Path) -> Backlog {
    let bytes = fs::read(file).expect("file exists");
    store::parse(file, &bytes).expect("file parses")
}

/// The story keys in rank order.
pub fn keys(backlog: &Backlog) -> Vec<String> {
    backlog.stories.iter().map(|s| s.key.clone()).collect()
}

/// Parses a command's JSON output.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON")
}
