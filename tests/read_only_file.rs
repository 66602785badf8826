//! A backlog file the user made read-only (`chmod 444`) stays exactly as it
//! is, though its directory would let a rename replace it: every writing
//! command refuses in one line that says how to allow changes, and the app
//! opens read-only with a banner saying so. Run as an unprivileged user
//! (`nobody` when the tests run as root), and as root too: root is not
//! exempt from the file's own write bits.

mod privilege_support;
mod tmux_support;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use privilege_support::{hand_over, open_up, runnable_by_nobody, shell_prefix, unprivileged};
use tmux_support::{PO, Tmux, init_sample, keys_of, listed};

/// A sample backlog in a directory of its own that the unprivileged user
/// owns (so a rename into it would be allowed), the file made 0444.
fn read_only_backlog(home: &Path) -> PathBuf {
    open_up(home);
    let dir = home.join("mine");
    fs::create_dir(&dir).unwrap();
    let file = dir.join("backlog.json");
    init_sample(&file, home, "12");
    for leftover in ["backlog.json.lock", "backlog.json.bak"] {
        let _ = fs::remove_file(dir.join(leftover));
    }
    hand_over(&dir);
    hand_over(&file);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    file
}

/// What must not change: the bytes, the mode, the inode (not replaced).
fn snapshot(file: &Path) -> (Vec<u8>, u32, u64) {
    let meta = fs::metadata(file).unwrap();
    (fs::read(file).unwrap(), meta.mode() & 0o7777, meta.ino())
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn po(args: &[&str], home: &Path, drop_privileges: bool) -> Output {
    let exe = if drop_privileges {
        runnable_by_nobody(Path::new(PO), home)
    } else {
        PathBuf::from(PO)
    };
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("PO_FILE");
    if drop_privileges {
        unprivileged(&mut cmd);
    }
    cmd.output().unwrap()
}

fn refuses_every_change(drop_privileges: bool) {
    let home = tempfile::tempdir().unwrap();
    let file = read_only_backlog(home.path());
    let f = file.to_str().unwrap();
    let before = snapshot(&file);
    let first = keys_of(&listed(&file, home.path()))[0].clone();
    let changes: [&[&str]; 6] = [
        &["add", "One more"],
        &["edit", &first, "--points", "8"],
        &["move", &first, "--bottom"],
        &["rm", &first, "--yes"],
        &["epic", "new", "Another epic"],
        &["sprint", "new", "Sprint 99"],
    ];
    for args in changes {
        let mut all = args.to_vec();
        all.extend(["--file", f]);
        let out = po(&all, home.path(), drop_privileges);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("read-only (r--r--r--)"),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("chmod u+w {f}")),
            "{args:?}: {stderr}"
        );
        assert_eq!(snapshot(&file), before, "{args:?} replaced the file");
        assert_eq!(
            listing(file.parent().unwrap()),
            ["backlog.json"],
            "{args:?}"
        );
    }
    // Reading is fine.
    let out = po(&["list", "--file", f], home.path(), drop_privileges);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unprivileged_user_s_read_only_file_is_never_replaced_by_a_command() {
    refuses_every_change(true);
}

#[test]
fn root_is_not_exempt_from_the_file_s_own_write_bits() {
    // As whoever runs the tests (root in CI's container).
    refuses_every_change(false);
}

#[test]
fn the_app_opens_a_read_only_file_read_only_and_says_how_to_allow_changes() {
    let Some(tmux) = Tmux::start("read-only-file") else {
        return;
    };
    let home = tmux.home();
    let file = read_only_backlog(&home);
    let f = file.to_str().unwrap();
    let before = snapshot(&file);
    let exe = runnable_by_nobody(Path::new(PO), &home);
    tmux.shell(&format!(
        "{}{} --file {f}; echo PO-EXIT=$?",
        shell_prefix(),
        exe.display()
    ));
    let screen = tmux.wait_for("READ-ONLY");
    assert!(
        screen.contains("the file is read-only (r--r--r--)"),
        "{screen}"
    );
    assert!(screen.contains(&format!("chmod u+w {f}")), "{screen}");
    // Changes are refused in the app, and nothing reaches the file.
    tmux.keys(&["J"]);
    tmux.wait_for("read-only:");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_eq!(snapshot(&file), before);
    assert_eq!(listing(file.parent().unwrap()), ["backlog.json"]);
}

/// A directory mounted as a small tmpfs; unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn mount(args: &[&str], dir: &Path) -> bool {
    Command::new("mount")
        .args(args)
        .arg(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_backlog_on_a_read_only_mount_is_refused_in_one_clear_line() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("ro");
    fs::create_dir(&dir).unwrap();
    if !mount(&["-t", "tmpfs", "-o", "size=1m", "tmpfs"], &dir) {
        tmux_support::skip_support::skipped(
            "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)",
        );
        return;
    }
    let mounted = Mount(dir.clone());
    let file = dir.join("backlog.json");
    let f = file.to_str().unwrap();
    init_sample(&file, home.path(), "12");
    assert!(
        mount(&["-o", "remount,ro"], &mounted.0),
        "remount read-only"
    );
    let before = snapshot(&file);
    let files = listing(&dir);

    let out = po(&["add", "One more", "--file", f], home.path(), false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("read-only file system"), "{stderr}");
    assert_eq!(snapshot(&file), before);
    assert_eq!(listing(&dir), files);
    let out = po(&["list", "--file", f], home.path(), false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
