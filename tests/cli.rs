//! The `po` command line end to end: the real binary on files in temp dirs,
//! with HOME and XDG_DATA_HOME pointing into the sandbox so the user's real
//! backlog is never touched.

mod cli_support;

use std::fs;
use std::io::Read;
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use cli_support::{Sandbox, load, with_file};
use po::model::{Backlog, Status};
use po::store;
use serde_json::Value;

fn keys(backlog: &Backlog) -> Vec<String> {
    backlog.stories.iter().map(|s| s.key.clone()).collect()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

#[test]
fn a_sample_of_50_lists_as_50_stories_in_rank_order() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 50);
    let listed = json(&sb.ok(&file, &["list", "--json"]));
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 50);
    let listed_keys: Vec<&str> = listed
        .iter()
        .map(|s| s["key"].as_str().expect("key"))
        .collect();
    assert_eq!(listed_keys, keys(&load(&file)));
    // Exactly the objects of the file, field for field.
    let on_disk = json(&fs::read_to_string(&file).expect("read"));
    assert_eq!(listed, on_disk["stories"].as_array().expect("stories"));
    assert!(sb.ok(&file, &["check"]).starts_with("ok: 50 stories"));
}

#[test]
fn an_added_story_goes_to_the_bottom_unless_asked_for_the_top() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let epic = sb.ok(
        &file,
        &["epic", "new", "Checkout", "--description", "Paying"],
    );
    assert_eq!(epic.trim(), "E-1");
    let first = sb.ok(
        &file,
        &[
            "add",
            "Pay with a saved card",
            "--as-a",
            "returning customer",
            "--i-want",
            "to pay with my saved card",
            "--so-that",
            "checkout takes one tap",
            "--points",
            "3",
            "--epic",
            "1",
            "--moscow",
            "must",
            "--ac",
            "Given a card, when I pay, then it works",
            "--ac",
            "Given no card, when I pay, then I am asked",
            "--label",
            "payments",
            "--requested-by",
            "Sales",
        ],
    );
    let first = first.trim();
    let second = sb.ok(&file, &["add", "Second"]);
    let top = sb.ok(&file, &["add", "Urgent", "--top"]);
    let b = load(&file);
    assert_eq!(keys(&b), [top.trim(), first, second.trim()]);
    let s = b.story(first).expect("added");
    assert_eq!(s.points, Some(3.0));
    assert_eq!(s.epic.as_deref(), Some("E-1"));
    assert_eq!(s.acceptance.len(), 2);
    assert_eq!(s.labels, ["payments"]);
    assert_eq!(s.requested_by, "Sales");
    assert_eq!(b.product.name, "Acme");

    let shown = sb.ok(&file, &["show", &first.to_lowercase()]);
    assert!(shown.contains("As a returning customer, I want to pay with my saved card"));
    assert!(shown.contains("1. [ ] Given a card"), "{shown}");
    assert!(shown.contains("E-1 Checkout"), "{shown}");
    let as_json = json(&sb.ok(&file, &["show", first, "--json"]));
    assert_eq!(as_json["key"], first);
}

#[test]
fn edit_changes_exactly_the_fields_given() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 30);
    let b = load(&file);
    let target = b
        .stories
        .iter()
        .find(|s| s.status == Status::Todo && s.sprint.is_none() && !s.acceptance.is_empty())
        .expect("a backlog story");
    let key = target.key.clone();
    sb.ok(
        &file,
        &[
            "edit",
            &key,
            "--title",
            "Renamed",
            "--points",
            "8",
            "--status",
            "done",
            "--moscow",
            "could",
            "--reach",
            "300",
            "--confidence",
            "0.5",
            "--label",
            "a",
            "--label",
            "b",
            "--ac-add",
            "Given x, when y, then z",
            "--ac-done",
            "1",
        ],
    );
    let after = load(&file);
    let s = after.story(&key).expect("still there");
    assert_eq!(s.title, "Renamed");
    assert_eq!(s.points, Some(8.0));
    assert_eq!(s.status, Status::Done);
    assert!(s.done_at.is_some(), "done_at follows the status");
    assert_eq!(s.labels, ["a", "b"]);
    let rice = s.rice.as_ref().expect("rice set");
    assert_eq!((rice.reach, rice.confidence), (300.0, 0.5));
    assert_eq!(s.acceptance.len(), target.acceptance.len() + 1);
    assert!(s.acceptance[0].done);
    assert_eq!(s.as_a, target.as_a, "untouched fields stay");
    assert_eq!(after.story_index(&key), b.story_index(&key), "rank stays");

    sb.ok(
        &file,
        &[
            "edit", &key, "--points", "none", "--moscow", "-", "--status", "todo", "--ac-rm", "1",
        ],
    );
    let s = load(&file).story(&key).cloned().expect("still there");
    assert_eq!((s.points, s.moscow, s.done_at), (None, None, None));
    assert_eq!(s.acceptance.len(), target.acceptance.len());
}

#[test]
fn move_puts_a_story_where_asked() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    for t in ["a", "b", "c", "d"] {
        sb.ok(&file, &["add", t]);
    }
    let order = |_: &Sandbox| -> Vec<String> {
        load(&file)
            .stories
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let k: Vec<String> = keys(&load(&file));
    let out = sb.ok(&file, &["move", &k[3], "--top"]);
    assert_eq!(out.trim(), format!("moved {} to rank 1", k[3]));
    assert_eq!(order(&sb), ["d", "a", "b", "c"]);
    sb.ok(&file, &["move", &k[3], "--bottom"]);
    assert_eq!(order(&sb), ["a", "b", "c", "d"]);
    sb.ok(&file, &["move", &k[3], "--up", "2"]);
    assert_eq!(order(&sb), ["a", "d", "b", "c"]);
    sb.ok(&file, &["move", &k[0], "--down", "99"]);
    assert_eq!(order(&sb), ["d", "b", "c", "a"]);
    sb.ok(&file, &["move", &k[0], "--before", &k[1]]);
    assert_eq!(order(&sb), ["d", "a", "b", "c"]);
    sb.ok(&file, &["move", &k[3], "--after", &k[2]]);
    assert_eq!(order(&sb), ["a", "b", "c", "d"]);
    let unchanged = sb.ok(&file, &["move", &k[0], "--top"]);
    assert!(unchanged.contains("already at rank 1"), "{unchanged}");
}

#[test]
fn rm_asks_for_yes_when_nobody_can_answer_and_cleans_up_dependencies() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    let a = sb.ok(&file, &["add", "a"]).trim().to_string();
    let b = sb.ok(&file, &["add", "b"]).trim().to_string();
    sb.ok(&file, &["edit", &b, "--depends-on", &a]);
    let before = fs::read(&file).expect("read");
    let run = sb.run(&with_file(&file, &["rm", &a]));
    run.assert_refused("rm without --yes");
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(fs::read(&file).expect("read"), before);

    sb.ok(&file, &["rm", &a, "--yes"]);
    let after = load(&file);
    assert_eq!(keys(&after), [b.as_str()]);
    assert!(after.story(&b).expect("b").depends_on.is_empty());
}

#[test]
fn epic_list_counts_stories_and_points() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init"]);
    sb.ok(&file, &["epic", "new", "Search"]);
    sb.ok(&file, &["add", "one", "--epic", "E-1", "--points", "3"]);
    let two = sb.ok(&file, &["add", "two", "--epic", "e-1", "--points", "5"]);
    sb.ok(&file, &["edit", two.trim(), "--status", "done"]);
    sb.ok(&file, &["add", "loose"]);
    let listed = json(&sb.ok(&file, &["epic", "list", "--json"]));
    assert_eq!(listed[0]["key"], "E-1");
    assert_eq!(listed[0]["title"], "Search");
    assert_eq!(listed[0]["stories"], 2);
    assert_eq!(listed[0]["points_done"], 5.0);
    assert_eq!(listed[0]["points_total"], 8.0);
    let table = sb.ok(&file, &["epic", "list"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("E-1") && l.contains("5/8")),
        "{table}"
    );
}

#[test]
fn bad_input_is_refused_in_one_line_and_leaves_the_file_untouched() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 20);
    let first = keys(&load(&file))[0].clone();
    let cases: Vec<Vec<&str>> = vec![
        vec!["show", "S-99999"],
        vec!["edit", "99999", "--points", "3"],
        vec!["edit", &first, "--points", "three"],
        vec!["edit", &first, "--points", "-2"],
        vec!["edit", &first, "--points", "NaN"],
        vec!["edit", &first, "--status", "finished"],
        vec!["edit", &first, "--moscow", "maybe"],
        vec!["edit", &first, "--epic", "E-999"],
        vec!["edit", &first, "--sprint", "999"],
        vec!["edit", &first, "--confidence", "180"],
        vec!["edit", &first, "--title", "  "],
        vec!["edit", &first, "--ac-done", "99"],
        vec!["edit", &first, "--depends-on", &first],
        vec!["edit", &first, "--depends-on", "S-99999"],
        vec!["edit", &first, "--title", "ok", "--points", "bad"],
        vec!["edit", &first],
        vec!["add", ""],
        vec!["add", "x", "--points", "lots"],
        vec!["add", "x", "--epic", "E-404"],
        vec!["move", &first, "--before", &first],
        vec!["move", "S-99999", "--top"],
        vec!["move", &first],
        vec!["move", &first, "--top", "--bottom"],
        vec!["rm", "S-99999", "--yes"],
        vec!["list", "--status", "nope"],
        vec!["list", "--epic", "E-404"],
        vec!["epic", "new", " "],
        vec!["init"],
        vec!["frobnicate"],
        vec!["edit", &first, "--no-such-flag"],
    ];
    let before = fs::read(&file).expect("read");
    for args in cases {
        let run = sb.run(&with_file(&file, &args));
        run.assert_refused(&format!("{args:?}"));
        assert_eq!(
            fs::read(&file).expect("read"),
            before,
            "{args:?} changed the file"
        );
    }
    assert!(!store::backup_path(&file).exists(), "nothing was saved");
}

/// Files po must not overwrite, with what the error must mention.
fn broken_files() -> Vec<(&'static str, String, &'static str)> {
    let good = serde_json::to_string_pretty(&po::model::sample::generate(
        "Acme",
        5,
        1,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
    ))
    .expect("encode");
    vec![
        ("empty", String::new(), "empty"),
        ("truncated", good[..good.len() / 2].to_string(), "line"),
        ("not JSON", "hello".to_string(), "line 1"),
        (
            "wrong type",
            good.replacen("\"points\": ", "\"points\": \"three\", \"was\": ", 1),
            "points",
        ),
        (
            "not a backlog",
            "{\"format\": \"other\"}".to_string(),
            "not a po backlog",
        ),
        (
            "newer version",
            good.replacen(
                &format!("\"version\": {}", po::model::VERSION),
                "\"version\": 99",
                1,
            ),
            "newer",
        ),
    ]
}

#[test]
fn a_broken_or_newer_file_is_reported_and_never_overwritten() {
    let sb = Sandbox::new();
    for (what, content, mention) in broken_files() {
        let file = sb.path(&format!("{}.json", what.replace(' ', "-")));
        fs::write(&file, &content).expect("write");
        for args in [
            vec!["add", "x"],
            vec!["edit", "1", "--points", "3"],
            vec!["move", "1", "--top"],
            vec!["rm", "1", "--yes"],
            vec!["epic", "new", "E"],
        ] {
            let run = sb.run(&with_file(&file, &args));
            run.assert_refused(&format!("{what}: {args:?}"));
            assert!(
                run.stderr.contains(mention) && run.stderr.contains(&*file.to_string_lossy()),
                "{what}: {args:?}: {}",
                run.stderr
            );
            assert_eq!(
                fs::read_to_string(&file).expect("read"),
                content,
                "{what}: {args:?}"
            );
        }
        if what != "newer version" {
            for args in [vec!["list"], vec!["check"], vec!["show", "1"]] {
                sb.run(&with_file(&file, &args))
                    .assert_refused(&format!("{what}: {args:?}"));
            }
        }
    }
}

#[test]
fn check_lists_problems_and_fails_on_them() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 10);
    let mut value = json(&fs::read_to_string(&file).expect("read"));
    value["stories"][0]["epic"] = Value::from("E-999");
    fs::write(&file, serde_json::to_string_pretty(&value).expect("encode")).expect("write");
    let run = sb.run(&with_file(&file, &["check"]));
    run.assert_refused("check with a dangling epic");
    assert!(
        run.stdout.contains("epic E-999 does not exist"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("1 problem"), "{}", run.stderr);
}

#[test]
fn check_fails_on_a_dependency_cycle_in_a_hand_edited_file_naming_it() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 10);
    let mut value = json(&fs::read_to_string(&file).expect("read"));
    let key = |i: usize| {
        value["stories"][i]["key"]
            .as_str()
            .expect("key")
            .to_string()
    };
    let (a, b, c) = (key(1), key(4), key(6));
    // a → b → c → a, written by hand: no edit would have let it in.
    value["stories"][1]["depends_on"] = serde_json::json!([b]);
    value["stories"][4]["depends_on"] = serde_json::json!([c]);
    value["stories"][6]["depends_on"] = serde_json::json!([a]);
    fs::write(&file, serde_json::to_string_pretty(&value).expect("encode")).expect("write");
    let run = sb.run(&with_file(&file, &["check"]));
    run.assert_refused("check with a dependency cycle");
    let named = format!("{a}: dependency cycle {a} → {b} → {c} → {a}");
    assert!(run.stdout.contains(&named), "{named} in {}", run.stdout);
    assert!(run.stderr.contains("1 problem"), "{}", run.stderr);
}

#[test]
fn the_default_file_lives_in_the_data_dir() {
    let sb = Sandbox::new();
    // Reading commands need a backlog; `po add` starts one (tests/cli_config.rs).
    let run = sb.run(&["edit", "1", "--points", "3"]);
    run.assert_refused("edit before init");
    assert!(run.stderr.contains("po init"), "{}", run.stderr);
    assert!(!sb.data_home().exists(), "a refused edit creates nothing");
    let run = sb.run(&["init", "--sample", "--stories", "3"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let default = sb.data_home().join("po").join("backlog.json");
    assert_eq!(load(&default).stories.len(), 3);
    let run = sb.run(&["list", "--json"]);
    assert_eq!(json(&run.stdout).as_array().map(Vec::len), Some(3));
    // An empty PO_FILE counts as unset.
    let run = sb.run_with(sb.command().env("PO_FILE", "").args(["list", "--json"]));
    assert_eq!(
        json(&run.stdout).as_array().map(Vec::len),
        Some(3),
        "{}",
        run.stderr
    );
}

#[test]
fn po_file_is_used_and_file_beats_it() {
    let sb = Sandbox::new();
    let from_env = sb.path("env.json");
    let from_flag = sb.path("flag.json");
    let run = sb.run_with(sb.command().env("PO_FILE", &from_env).args(["init"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(from_env.exists());
    let run = sb.run_with(
        sb.command()
            .env("PO_FILE", &from_env)
            .args(with_file(&from_flag, &["init", "--name", "Flag"])),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(load(&from_flag).product.name, "Flag");
    assert_eq!(load(&from_env).stories.len(), 0);
    sb.run_with(
        sb.command()
            .env("PO_FILE", &from_env)
            .args(["add", "via env"]),
    );
    assert_eq!(load(&from_env).stories.len(), 1);
    assert!(
        !sb.data_home().join("po").exists(),
        "the default file was not used"
    );
}

#[test]
fn init_refuses_to_overwrite_an_existing_file() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 5);
    let before = fs::read(&file).expect("read");
    for args in [vec!["init"], vec!["init", "--sample"]] {
        let run = sb.run(&with_file(&file, &args));
        run.assert_refused("init over a file");
        assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    }
    assert_eq!(fs::read(&file).expect("read"), before);
}

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

#[test]
fn killing_po_while_it_saves_always_leaves_a_readable_file() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 2000);
    let target = keys(&load(&file))[0].clone();
    let po = |args: &[&str]| {
        sb.command()
            .args(with_file(&file, args))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn")
    };
    // Kill after a delay anywhere in the life of one uninterrupted run, so that
    // some runs die while loading, some while saving and some finish.
    let started = Instant::now();
    assert!(po(&["add", "timing run"]).wait().expect("wait").success());
    let span = started.elapsed().as_micros() as u64 + 1;
    let mut count = load(&file).stories.len();
    // A small LCG: varied delays without another crate. The assertion must hold
    // whatever the timing.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let (mut finished, mut changed) = (0, 0);
    for round in 0..100 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_micros((state >> 33) % (span * 6 / 5));
        let title = format!("round {round}");
        let adding = round % 2 == 0;
        let mut child = if adding {
            po(&["add", &title])
        } else {
            po(&["edit", &target, "--title", &title])
        };
        thread::sleep(delay);
        child.kill().expect("kill -9");
        if child.wait().expect("wait").success() {
            finished += 1;
        }
        let after = load(&file);
        let now = after.stories.len();
        assert!(
            now == count || (adding && now == count + 1),
            "round {round}: {count} stories before, {now} after"
        );
        if now != count || (!adding && after.story(&target).is_some_and(|s| s.title == title)) {
            changed += 1;
        }
        count = now;
    }
    eprintln!(
        "one run takes {span} µs; {finished} of 100 finished before the kill, \
         {changed} changed the file, and it was valid after each"
    );
    sb.ok(&file, &["check"]);
}
