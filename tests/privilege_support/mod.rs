//! Tests of what permissions forbid, whoever runs them: root writes through
//! permissions, so when the tests run as root the po under test (or a test's
//! own child process) drops to `nobody` (uid and gid 65534).
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const NOBODY: u32 = 65534;

pub fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Makes `cmd` run as `nobody` when the tests run as root (unchanged otherwise).
pub fn unprivileged(cmd: &mut Command) -> &mut Command {
    // SAFETY: geteuid/setgroups/setgid/setuid are async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            if libc::geteuid() == 0
                && (libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(NOBODY) != 0
                    || libc::setuid(NOBODY) != 0)
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// The shell words that run a command as `nobody` when root ("" otherwise),
/// for a command line typed into tmux.
pub fn shell_prefix() -> &'static str {
    if is_root() {
        "setpriv --reuid=65534 --regid=65534 --clear-groups "
    } else {
        ""
    }
}

/// A copy of `exe` in `dir` that `nobody` can run, when the tests run as
/// root (`exe` itself otherwise). The build's own target directory may lie
/// under a directory only root can enter (a checkout in /root, say), and
/// then `nobody` could not start the binary there. `dir` must be reachable
/// by `nobody` (see [`open_up`]).
pub fn runnable_by_nobody(exe: &Path, dir: &Path) -> PathBuf {
    if !is_root() {
        return exe.to_path_buf();
    }
    let copy = dir.join(exe.file_name().expect("an executable has a file name"));
    if !copy.exists() {
        // Copied by `cp`, not by this process: a test on another thread
        // that forks while this process holds the copy open for writing
        // passes the handle to its child until that child execs, and Linux
        // refuses to run a file open for writing ("text file busy").
        let copied = std::process::Command::new("cp")
            .arg(exe)
            .arg(&copy)
            .status()
            .unwrap();
        assert!(copied.success(), "cp {} {}", exe.display(), copy.display());
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    copy
}

/// Lets the unprivileged user reach into `dir` (a temp dir is made 0700).
pub fn open_up(dir: &Path) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Gives `path` to the user the unprivileged commands run as, so that what
/// they may do is what its owner may do.
pub fn hand_over(path: &Path) {
    if is_root() {
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
    }
}

/// Runs the calling test again, in a child process as `nobody`, when the
/// tests run as root (permissions do not hold for root, so the test would
/// prove nothing); returns true when it did, and the caller is done. The
/// child must have run and passed exactly this test.
pub fn rerun_as_nobody() -> bool {
    const CHILD: &str = "PO_TEST_UNPRIVILEGED_CHILD";
    if !is_root() || std::env::var_os(CHILD).is_some() {
        return false;
    }
    let current = std::thread::current();
    let test = current
        .name()
        .expect("the test thread is named after the test");
    let reachable = tempfile::tempdir().unwrap();
    open_up(reachable.path());
    let exe = runnable_by_nobody(&std::env::current_exe().unwrap(), reachable.path());
    let out = unprivileged(
        Command::new(exe)
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .current_dir(reachable.path())
            .env(CHILD, "1"),
    )
    .output()
    .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{test} as nobody failed:\n{said}");
    assert!(
        said.contains("1 passed"),
        "{test} did not run as nobody:\n{said}"
    );
    // A skip in the child is a skip of this test: pass it on, visibly.
    if let Some(line) = said.lines().find(|l| l.contains("SKIPPED: ")) {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            &line[line.find("SKIPPED: ").unwrap()..]
        );
    }
    true
}
