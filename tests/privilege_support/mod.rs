//! Tests of what permissions forbid, whoever runs them: root writes through
//! permissions, so when the tests run as root the po under test (or a test's
//! own child process) drops to `nobody` (uid and gid 65534). And the one way
//! a test may say it could not run: a visible `SKIPPED:` line, which
//! `.ci/run` counts and lists.
#![allow(dead_code)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
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

/// Says that a test could not run, and why, where it is seen: straight to
/// the standard error descriptor, since the test harness hides what passing
/// tests print with `eprintln!`.
pub fn skipped(test: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {why}");
}
