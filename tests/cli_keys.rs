//! The command line on keys and file integrity: sample size limits, key
//! counters, duplicate keys and their repair, one-line fields.

mod cli_support;

use std::fs;

use cli_support::{Sandbox, load};
use po::model::VERSION;
use po::store;
use serde_json::{Value, json};

#[test]
fn init_refuses_a_sample_above_the_maximum_size() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    let file_arg = file.to_str().expect("UTF-8 temp path");
    for n in ["1000001", &usize::MAX.to_string()] {
        let run = sb.run(&["--file", file_arg, "init", "--sample", "--stories", n]);
        run.assert_refused(&format!("init --stories {n}"));
        assert!(
            run.stderr.contains("at most 1000000 stories") && run.stderr.contains(n),
            "{}",
            run.stderr
        );
        assert!(!file.exists(), "a refused init created {}", file.display());
    }
}

/// A version 1 file, when all kinds shared one counter: stories up to S-58
/// among epics, sprints and requests numbered from the same counter, and
/// `next_id` at 67.
fn version_1_file() -> String {
    let story = |key: &str| {
        format!(
            r#"{{ "key": "{key}", "title": "Story {key}", "created": "2026-11-01T09:30:00Z", "updated": "2026-11-01T09:30:00Z" }}"#
        )
    };
    let sprint = |key: &str, n: u32| {
        format!(
            r#"{{ "key": "{key}", "name": "Sprint {n}", "start": null, "end": null, "capacity": null, "state": "closed" }}"#
        )
    };
    format!(
        r#"{{
  "format": "po-backlog",
  "version": 1,
  "product": {{ "name": "Acme", "vision": "" }},
  "next_id": 67,
  "epics": [ {{ "key": "E-1", "title": "Checkout" }}, {{ "key": "E-30", "title": "Search" }} ],
  "stories": [ {}, {}, {} ],
  "sprints": [ {}, {} ],
  "requests": [ {{ "key": "R-66", "text": "PDF", "from": "Finance", "received": "2026-11-02T10:00:00Z", "state": "new", "story": null, "reason": "" }} ],
  "x_tool": 1
}}
"#,
        story("S-2"),
        story("S-58"),
        story("S-41"),
        sprint("SP-59", 5),
        sprint("SP-64", 6),
    )
}

#[test]
fn a_version_1_file_gets_one_counter_per_kind_so_new_keys_follow_the_last_of_their_kind() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    let old = version_1_file();
    fs::write(&file, &old).expect("write");

    assert_eq!(sb.ok(&file, &["add", "Next story"]).trim(), "S-59");
    assert_eq!(sb.ok(&file, &["sprint", "new", "Sprint 7"]).trim(), "SP-65");
    assert_eq!(sb.ok(&file, &["epic", "new", "Admin"]).trim(), "E-31");
    assert_eq!(sb.ok(&file, &["add", "Another"]).trim(), "S-60");

    let saved: Value = serde_json::from_slice(&fs::read(&file).expect("read")).expect("JSON");
    assert_eq!(saved["version"], json!(VERSION));
    assert_eq!(
        saved["next_keys"],
        json!({ "stories": 61, "epics": 32, "sprints": 66, "requests": 67 })
    );
    assert!(saved.get("next_id").is_none(), "next_id is gone: {saved}");
    assert_eq!(saved["x_tool"], json!(1), "unknown fields stay");

    // The old file is kept whole, even after later sessions moved `.bak` on.
    let kept = store::version_backup_path(&file, 1);
    assert_eq!(fs::read_to_string(&kept).expect("v1 backup"), old);
    assert_ne!(
        fs::read_to_string(store::backup_path(&file)).expect("bak"),
        old
    );
}

#[test]
fn counters_behind_the_keys_are_moved_past_them_on_load() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 12);
    let mut v: Value = serde_json::from_slice(&fs::read(&file).expect("read")).expect("JSON");
    let stories = v["next_keys"]["stories"].clone();
    v["next_keys"] = json!({ "stories": 1, "epics": 1, "sprints": 1, "requests": 1 });
    fs::write(&file, serde_json::to_vec_pretty(&v).expect("JSON")).expect("write");

    assert_eq!(
        sb.ok(&file, &["add", "After the rest"]).trim(),
        format!("S-{stories}")
    );
    let epics = load(&file).epics.len();
    assert_eq!(
        sb.ok(&file, &["epic", "new", "New"]).trim(),
        format!("E-{}", epics + 1)
    );
}

#[test]
fn a_newer_version_still_opens_read_only() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 3);
    let text = fs::read_to_string(&file).expect("read").replacen(
        &format!("\"version\": {VERSION}"),
        "\"version\": 99",
        1,
    );
    fs::write(&file, &text).expect("write");
    assert!(sb.ok(&file, &["list"]).contains("S-"));
    let err = sb.refused(&file, &["add", "x"]);
    assert!(err.contains("newer"), "{err}");
}

/// A sample of 5 stories whose fourth story has the key of the second
/// (a bad merge, a hand edit); returns the file and the duplicated key.
fn file_with_a_duplicate_key(sb: &Sandbox) -> (std::path::PathBuf, String) {
    let file = sb.sample("b.json", 5);
    let mut v: Value = serde_json::from_slice(&fs::read(&file).expect("read")).expect("JSON");
    let key = v["stories"][1]["key"].clone();
    v["stories"][3]["key"] = key.clone();
    let mut bytes = serde_json::to_vec_pretty(&v).expect("JSON");
    bytes.push(b'\n');
    fs::write(&file, bytes).expect("write");
    (file, key.as_str().expect("a key").to_string())
}

#[test]
fn a_key_used_twice_is_refused_on_open_naming_the_key_and_both_places() {
    let sb = Sandbox::new();
    let (file, key) = file_with_a_duplicate_key(&sb);
    for args in [
        vec!["list"],
        vec!["show", &key],
        vec!["edit", &key, "--points", "8"],
        vec!["add", "x"],
    ] {
        let err = sb.refused(&file, &args);
        assert!(
            err.contains(&format!("key {key} twice"))
                && err.contains("stories[1] and stories[3]")
                && err.contains("po --file")
                && err.contains("check --fix"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn the_tui_refuses_a_key_used_twice_before_it_takes_the_terminal() {
    let sb = Sandbox::new();
    let (file, key) = file_with_a_duplicate_key(&sb);
    let before = fs::read(&file).expect("read");
    // `po` with no command is the TUI; it opens the file before the terminal.
    let run = sb.run(&["--file", file.to_str().expect("UTF-8")]);
    run.assert_refused("the TUI on a key used twice");
    assert!(
        run.stderr.contains(&format!("key {key} twice")) && run.stderr.contains("stories[3]"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read(&file).expect("read"), before);
}

#[test]
fn check_fix_renumbers_the_later_copy_and_keeps_the_old_file_as_bak() {
    let sb = Sandbox::new();
    let (file, key) = file_with_a_duplicate_key(&sb);
    let before = fs::read(&file).expect("read");
    let first_title = {
        let v: Value = serde_json::from_slice(&before).expect("JSON");
        v["stories"][1]["title"].clone()
    };

    // Plain `check` lists the problem, says how to fix it and changes nothing.
    let err = sb.refused(&file, &["check"]);
    assert!(err.contains("check --fix"), "{err}");
    let listed = sb.run(&["--file", file.to_str().expect("UTF-8"), "check"]);
    assert!(
        listed.stdout.contains(&format!(
            "{key}: the key is used twice, at stories[1] and stories[3]"
        )),
        "{}",
        listed.stdout
    );

    let out = sb.ok(&file, &["check", "--fix"]);
    let next = load_unchecked(&before).next_keys.stories;
    assert!(
        out.contains(&format!("renumbered stories[3]: {key} → S-{next}")),
        "{out}"
    );
    assert!(out.contains("ok: 5 stories"), "{out}");
    assert_eq!(fs::read(store::backup_path(&file)).expect("bak"), before);

    let fixed = load(&file);
    assert_eq!(fixed.stories[1].key, key);
    assert_eq!(fixed.stories[1].title, first_title.as_str().expect("title"));
    assert_eq!(fixed.stories[3].key, format!("S-{next}"));
    assert!(fixed.problems().is_empty(), "{:?}", fixed.problems());
    // Edits now land on the one story with the key.
    sb.ok(&file, &["edit", &key, "--points", "8"]);
    assert_eq!(load(&file).stories[1].points, Some(8.0));

    // Nothing left to renumber: --fix says only that the file is fine.
    let again = sb.ok(&file, &["check", "--fix"]);
    assert!(!again.contains("renumbered"), "{again}");
}

fn load_unchecked(bytes: &[u8]) -> po::model::Backlog {
    store::parse(std::path::Path::new("b.json"), bytes).expect("parses")
}

#[test]
fn a_line_break_in_a_one_line_field_is_refused_by_every_command_that_sets_one() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 3);
    let story = load(&file).stories[0].key.clone();
    let sprint = load(&file).sprints.last().expect("a sprint").key.clone();
    let two_lines = "Line1\nLine2";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["add", two_lines], "the title"),
        (vec!["add", "ok", "--as-a", two_lines], "--as-a"),
        (vec!["add", "ok", "--i-want", "a\r\nb"], "--i-want"),
        (vec!["add", "ok", "--so-that", "a\u{2028}b"], "--so-that"),
        (vec!["add", "ok", "--ac", two_lines], "--ac"),
        (vec!["add", "ok", "--label", two_lines], "--label"),
        (
            vec!["add", "ok", "--requested-by", two_lines],
            "--requested-by",
        ),
        (vec!["edit", &story, "--title", two_lines], "--title"),
        (vec!["edit", &story, "--as-a", two_lines], "--as-a"),
        (vec!["edit", &story, "--i-want", two_lines], "--i-want"),
        (vec!["edit", &story, "--so-that", two_lines], "--so-that"),
        (
            vec!["edit", &story, "--label", "x", "--label", two_lines],
            "--label",
        ),
        (
            vec!["edit", &story, "--requested-by", two_lines],
            "--requested-by",
        ),
        (vec!["edit", &story, "--ac-add", two_lines], "--ac-add"),
        (vec!["epic", "new", two_lines], "the epic's title"),
        (vec!["sprint", "new", two_lines], "the sprint's name"),
        (vec!["sprint", "new", "ok", "--goal", two_lines], "--goal"),
        (
            vec!["sprint", "edit", &sprint, "--name", two_lines],
            "--name",
        ),
        (
            vec!["sprint", "edit", &sprint, "--goal", two_lines],
            "--goal",
        ),
    ];
    for (args, flag) in cases {
        let err = sb.refused(&file, &args);
        assert!(
            err.contains(&format!("{flag} must be one line")),
            "{args:?}: {err}"
        );
    }
    let err = sb.refused(&file, &["add", "tab\there"]);
    assert!(err.contains("control characters"), "{err}");

    // A description may have several lines.
    let key = sb.ok(&file, &["add", "Fine", "--description", two_lines]);
    let added = load(&file);
    let added = added.story(key.trim()).expect("added");
    assert_eq!(added.description, two_lines);

    // `init --name` too, before any file is created.
    let new = sb.path("new.json");
    let run = sb.run(&[
        "--file",
        new.to_str().expect("UTF-8"),
        "init",
        "--name",
        two_lines,
    ]);
    run.assert_refused("init --name with a line break");
    assert!(
        run.stderr.contains("--name must be one line"),
        "{}",
        run.stderr
    );
    assert!(!new.exists());
}
