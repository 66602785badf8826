//! The `po` command line and its backlog file, end to end: bad input and
//! broken or newer files are refused and never overwritten, `po check`,
//! where the default file lives, PO_FILE and --file, init never overwrites,
//! and a save killed midway always leaves a readable file.

mod cli_support;

use std::fs;
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use cli_support::{Sandbox, json, keys, load, with_file};
use po::store;
use serde_json::Value;

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
