//! A tmux server of its own running the real `po` binary, for end-to-end
//! tests, with a temporary HOME and XDG_DATA_HOME so no real data is touched.
#![allow(dead_code)]

#[path = "../skip_support/mod.rs"]
pub mod skip_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::Value;

pub const PO: &str = env!("CARGO_BIN_EXE_po");

/// A tmux server of its own (private socket) running a shell in a temp HOME.
pub struct Tmux {
    pub socket: String,
    pub dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts a 120×40 session running bash, or returns None when skipped.
    pub fn start(name: &str) -> Option<Tmux> {
        if std::env::var_os("PO_SKIP_TMUX").is_some() {
            skip_support::skipped(&format!("PO_SKIP_TMUX is set (tmux session {name})"));
            return None;
        }
        let found = Command::new("tmux").arg("-V").output();
        assert!(
            found.is_ok_and(|o| o.status.success()),
            "tmux is needed for the end-to-end tests (apt-get install tmux), or set PO_SKIP_TMUX=1"
        );
        let dir = tempfile::tempdir().unwrap();
        // The server's socket lives in the temp dir, so nothing is left in
        // /tmp/tmux-<uid> when the test ends, however it ends.
        let socket = dir.path().join("tmux.sock").to_string_lossy().into_owned();
        let tmux = Tmux { socket, dir };
        let home = tmux.home();
        std::fs::create_dir_all(home.join("data")).unwrap();
        let status = Command::new("tmux")
            .args([
                "-S",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
            ])
            .arg("-e")
            .arg(format!("HOME={}", home.display()))
            .arg("-e")
            .arg(format!("XDG_DATA_HOME={}", home.join("data").display()))
            .arg("-e")
            .arg(format!("XDG_CONFIG_HOME={}", home.join("config").display()))
            .args([
                "-e",
                "PS1=$ ",
                // A shell hung up at the test's end writes its history into
                // HOME while the TempDir is being removed, so the directory
                // comes back holding .bash_history: an empty HISTFILE keeps
                // the shell from saving any.
                "-e",
                "HISTFILE=",
                "-e",
                "TERM=xterm-256color",
                "bash",
                "--norc",
                "--noprofile",
            ])
            .status()
            .unwrap();
        assert!(status.success(), "tmux could not start");
        Some(tmux)
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub fn file(&self) -> PathBuf {
        self.home().join("backlog.json")
    }

    /// Sends keys as tmux key names ("j", "Enter", "C-c", or literal text with `-l`).
    pub fn keys(&self, keys: &[&str]) {
        self.keys_to("0", keys);
    }

    /// Sends keys to a pane of the session ("0", or ":1" for the second window).
    fn keys_to(&self, target: &str, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-S", &self.socket, "send-keys", "-t", target])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Types literal text.
    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-S", &self.socket, "send-keys", "-t", "0", "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Runs a shell command line in the session.
    pub fn shell(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        self.screen_of("0")
    }

    fn screen_of(&self, target: &str) -> String {
        let out = Command::new("tmux")
            .args(["-S", &self.socket, "capture-pane", "-p", "-t", target])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen contains `text`; fails with the screen after 15 s.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_in("0", text)
    }

    fn wait_in(&self, target: &str, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen_of(target);
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {text:?} in {target}; the screen shows:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer contains `text`.
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {text:?} to go; the screen shows:\n{}",
                self.screen()
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Ends the session as closing its window would: the pty goes away and
    /// its processes get SIGHUP. The temp HOME stays until the Tmux drops.
    pub fn close_window(&self) {
        let _ = Command::new("tmux")
            .args(["-S", &self.socket, "kill-server"])
            .status();
    }

    /// The pid of the po running under the session's shell.
    pub fn po_pid(&self) -> String {
        let shell = self.pane_pid();
        let out = Command::new("pgrep")
            .args(["-P", &shell, "-x", "po"])
            .output()
            .unwrap();
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "po is not running under the shell");
        pid
    }

    pub fn pane_pid(&self) -> String {
        let out = Command::new("tmux")
            .args([
                "-S",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "0",
                "#{pane_pid}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-S", &self.socket, "kill-server"])
            .status();
    }
}

/// Runs `po ARGS --file FILE`; fails the test, with po's stderr, if po fails.
pub fn po_ok(file: &Path, home: &Path, args: &[&str]) {
    let mut all = args.to_vec();
    all.extend(["--file", file.to_str().unwrap()]);
    let out = po(&all, home);
    assert!(
        out.status.success(),
        "po {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn po(args: &[&str], home: &Path) -> Output {
    Command::new(PO)
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("PO_FILE")
        .env_remove("PO_CONFIG")
        .output()
        .unwrap()
}

/// `po init --sample --stories N` into `file`; fails the test if it fails.
pub fn init_sample(file: &Path, home: &Path, stories: &str) {
    let out = po(
        &[
            "init",
            "--sample",
            "--stories",
            stories,
            "--file",
            file.to_str().unwrap(),
        ],
        home,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn listed(file: &Path, home: &Path) -> Vec<Value> {
    let out = po(&["list", "--json", "--file", file.to_str().unwrap()], home);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

pub fn keys_of(stories: &[Value]) -> Vec<String> {
    stories
        .iter()
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect()
}

/// Checks that the shell got its terminal back: canonical mode and echo on.
pub fn assert_terminal_restored(tmux: &Tmux) {
    tmux.shell(
        "stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo MODES-END",
    );
    let screen = tmux.wait_for("MODES-END\n");
    let line = screen
        .lines()
        .rev()
        .find(|l| l.contains("icanon"))
        .unwrap_or_default();
    assert!(
        line.contains("icanon") && !line.contains("-icanon"),
        "raw mode left on: {screen}"
    );
    assert!(
        line.contains("echo") && !line.contains("-echo "),
        "echo left off: {screen}"
    );
}

impl Tmux {
    /// Starts `command` in a second window of the session (window 1).
    pub fn second_window(&self, command: &str) {
        let home = self.home();
        let status = Command::new("tmux")
            .args(["-S", &self.socket, "new-window", "-d"])
            .arg("-e")
            .arg(format!("HOME={}", home.display()))
            .arg("-e")
            .arg(format!("XDG_DATA_HOME={}", home.join("data").display()))
            .args([
                "-e",
                "TERM=xterm-256color",
                "bash",
                "--norc",
                "--noprofile",
                "-c",
                command,
            ])
            .status()
            .unwrap();
        assert!(status.success(), "tmux could not open a second window");
    }

    /// Sends keys to the second window.
    pub fn second_keys(&self, keys: &[&str]) {
        self.keys_to(":1", keys);
    }

    /// Waits until the second window shows `text`.
    pub fn second_wait_for(&self, text: &str) -> String {
        self.wait_in(":1", text)
    }
}

impl Tmux {
    /// The screen once `ready` holds for it and two captures in a row agree,
    /// so that no half-drawn frame is read; fails with the screen after 15 s.
    pub fn wait_settled(&self, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if ready(&screen) && screen == last {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for a settled screen; it shows:\n{screen}"
            );
            last = screen;
            sleep(Duration::from_millis(100));
        }
    }
}
