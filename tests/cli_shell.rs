//! The `po` command line in a terminal and a shell, end to end: stored
//! control characters never reach the terminal, a closed pipe is no panic,
//! and help, version and completions work.

mod cli_support;

use std::fs;
use std::io::Read;
use std::process::Stdio;

use cli_support::{Sandbox, with_file};

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    let key = sb.ok(&file, &["add", "placeholder"]);
    let key = key.trim();
    // The command line refuses control characters in a title, so they come
    // from a hand edit or another tool.
    let text = fs::read_to_string(&file).expect("read").replace(
        "placeholder",
        "evil\\u001b]0;owned\\u0007\\u001b[2J title\u{202e}",
    );
    fs::write(&file, text).expect("write");
    for args in [vec!["list"], vec!["show", key]] {
        let out = sb.ok(&file, &args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(out.contains("evil"), "{out}");
    }
    // The JSON keeps the text as stored, escaped by the JSON encoder.
    let raw = sb.ok(&file, &["show", key, "--json"]);
    assert!(raw.contains("\\u001b"), "{raw}");
}

#[test]
fn a_closed_pipe_does_not_make_po_panic() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 2000);
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["completions", "bash"],
    ] {
        let mut child = sb
            .command()
            .args(with_file(&file, &args))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("read stderr");
        let status = child.wait().expect("wait");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn help_version_and_completions_work() {
    let sb = Sandbox::new();
    let help = sb.run(&["--help"]);
    assert_eq!(help.code, Some(0));
    for sub in [
        "init",
        "add",
        "list",
        "show",
        "edit",
        "rm",
        "move",
        "epic",
        "check",
        "completions",
    ] {
        assert!(help.stdout.contains(sub), "--help lists {sub}");
        let run = sb.run(&[sub, "--help"]);
        assert_eq!(run.code, Some(0), "{sub} --help");
    }
    let edit = sb.run(&["edit", "--help"]).stdout;
    for flag in ["--ac-add", "--depends-on", "--requested-by", "--confidence"] {
        assert!(edit.contains(flag), "edit --help shows {flag}");
    }
    let version = sb.run(&["--version"]);
    assert_eq!(
        version.stdout.trim(),
        format!("po {}", env!("CARGO_PKG_VERSION"))
    );
    let bash = sb.run(&["completions", "bash"]);
    assert!(bash.stdout.contains("_po()"), "bash completion script");
}
