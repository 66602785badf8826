//! The settings file through the real binary (`po config`, settings that
//! change commands) and the terminal conventions: `po man`, `--quiet`,
//! `po add` on no backlog, and "1 story" rather than "1 stories".

mod cli_support;

use std::fs;
use std::io::Write;
use std::process::Stdio;

use cli_support::{Sandbox, load};

/// Writes config.toml where the sandbox's po looks for it by default.
fn write_config(sb: &Sandbox, text: &str) {
    let dir = sb.path("config").join("po");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn the_default_config_checks_clean_through_a_pipe() {
    let sb = Sandbox::new();
    let default = sb.run(&["config", "default"]);
    assert_eq!(default.code, Some(0), "{}", default.stderr);
    assert!(
        default.stdout.contains("[keys]")
            && default
                .stdout
                .contains("# backlog.move_up = [\"K\", \"alt-up\"]")
    );
    let mut check = sb
        .command()
        .args(["config", "check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    check
        .stdin
        .take()
        .unwrap()
        .write_all(default.stdout.as_bytes())
        .unwrap();
    let out = check.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok: standard input\n");
}

#[test]
fn config_check_names_the_line_of_each_error_and_fails() {
    let sb = Sandbox::new();
    let file = sb.path("bad.toml");
    fs::write(
        &file,
        "[keys]\nbacklog.move_up = [\"J\"]\n\n[theme]\nname = \"neon\"\n",
    )
    .unwrap();
    let run = sb.run(&["config", "check", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("line 2: key `J` would do both"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("line 5: unknown theme `neon`"),
        "{}",
        run.stdout
    );
}

#[test]
fn config_path_follows_the_flag_then_po_config_then_the_default() {
    let sb = Sandbox::new();
    let default = sb.run(&["config", "path"]);
    let expected = sb.path("config").join("po").join("config.toml");
    assert_eq!(
        default.stdout,
        format!(
            "{} (not there yet: po uses the defaults)\n",
            expected.display()
        )
    );
    let env = sb.run_with(
        sb.command()
            .args(["config", "path"])
            .env("PO_CONFIG", "/x/env.toml"),
    );
    assert!(env.stdout.starts_with("/x/env.toml"), "{}", env.stdout);
    let flag = sb.run_with(
        sb.command()
            .args(["--config", "/x/flag.toml", "config", "path"])
            .env("PO_CONFIG", "/x/env.toml"),
    );
    assert!(flag.stdout.starts_with("/x/flag.toml"), "{}", flag.stdout);
}

#[test]
fn settings_change_what_commands_do() {
    let sb = Sandbox::new();
    write_config(
        &sb,
        "[sprint]\nlength_days = 7\ncapacity = 12\n[forecast]\nruns = 321\n",
    );
    let file = sb.sample("b.json", 30);
    let key = sb.ok(&file, &["sprint", "new", "Short", "--start", "2027-01-04"]);
    let b = load(&file);
    let sprint = b.sprint(key.trim()).unwrap();
    assert_eq!(sprint.end.unwrap().to_string(), "2027-01-10");
    assert_eq!(sprint.capacity, Some(12.0));
    let forecast = sb.ok(&file, &["forecast", "--json"]);
    assert!(forecast.contains("\"runs\": 321"), "{forecast}");
}

#[test]
fn a_config_error_is_a_note_and_the_command_still_runs_on_the_defaults() {
    let sb = Sandbox::new();
    write_config(&sb, "[forecast]\nruns = 0\n");
    let file = sb.sample("b.json", 30);
    let run = sb.run(&["--file", file.to_str().unwrap(), "forecast", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("line 2: forecast.runs"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\"runs\": 10000"), "{}", run.stdout);
}

#[test]
fn po_man_prints_a_manual_page() {
    let sb = Sandbox::new();
    let run = sb.run(&["man"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with(".ie"), "roff: {}", &run.stdout[..40]);
    assert!(run.stdout.contains(".TH po 1"));
    assert!(run.stdout.contains("backlog manager"));
    assert!(run.stdout.contains("completions"));
}

#[test]
fn quiet_keeps_the_data_and_drops_the_chatter() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 10);
    let f = file.to_str().unwrap();
    let key = sb.ok(&file, &["--quiet", "add", "Quiet story"]);
    assert!(key.trim().starts_with("S-"), "the key is data: {key:?}");
    let said = sb.run(&["--file", f, "-q", "edit", key.trim(), "--points", "3"]);
    assert_eq!(
        (said.code, said.stdout.as_str(), said.stderr.as_str()),
        (Some(0), "", "")
    );
    let loud = sb.ok(&file, &["edit", key.trim(), "--points", "5"]);
    assert!(!loud.is_empty(), "without --quiet the change is told");
    assert_eq!(load(&file).story(key.trim()).unwrap().points, Some(5.0));
}

#[test]
fn po_add_on_no_backlog_starts_one_at_the_default_path_and_says_where() {
    let sb = Sandbox::new();
    let run = sb.run(&["add", "The very first story"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let path = sb.data_home().join("po").join("backlog.json");
    assert!(
        run.stderr.contains(&path.display().to_string()),
        "{}",
        run.stderr
    );
    let b = load(&path);
    assert_eq!(b.stories.len(), 1);
    assert_eq!(b.stories[0].title, "The very first story");
    // A refused add makes no backlog.
    let other = sb.path("other.json");
    sb.run(&["--file", other.to_str().unwrap(), "add", " "])
        .assert_refused("empty title");
    assert!(!other.exists());
}

#[test]
fn one_of_a_thing_is_singular() {
    let sb = Sandbox::new();
    let file = sb.path("one.json");
    let f = file.to_str().unwrap();
    sb.ok(&file, &["init", "--name", "One"]);
    let key = sb.ok(&file, &["add", "Only story", "--points", "1"]);
    sb.ok(&file, &["epic", "new", "Only epic"]);
    let sprint = sb.ok(&file, &["sprint", "new", "Only sprint", "--capacity", "1"]);
    sb.ok(&file, &["sprint", "add", sprint.trim(), key.trim()]);
    let mut said = String::new();
    for args in [
        vec!["check"],
        vec!["sprint", "show"],
        vec!["sprint", "list"],
        vec!["stats"],
        vec!["list"],
    ] {
        let run = sb.run(&[&["--file", f][..], &args[..]].concat());
        said.push_str(&run.stdout);
        said.push_str(&run.stderr);
    }
    for plural in [
        "1 stories",
        "1 points",
        "1 epics",
        "1 sprints",
        "1 requests",
    ] {
        assert!(!said.contains(plural), "{plural:?} in:\n{said}");
    }
    assert!(said.contains("1 story"), "{said}");
}

#[test]
fn the_ready_settings_change_what_is_ready() {
    let sb = Sandbox::new();
    let file = sb.path("ready.json");
    sb.ok(&file, &["init", "--name", "Ready"]);
    let story = |title: &str, points: &str| {
        let key = sb.ok(
            &file,
            &[
                "add",
                title,
                "--as-a",
                "shopper",
                "--i-want",
                "to pay",
                "--so-that",
                "I can leave",
                "--points",
                points,
                "--ac",
                "Given a card, it is charged",
            ],
        );
        key.trim().to_string()
    };
    let eight = story("Pay by card", "8");
    let maybe = story("Pay maybe by voucher", "3");
    // The defaults: 8 points is fine, "maybe" is not a vague word.
    sb.ok(&file, &["check", "--ready"]);
    write_config(
        &sb,
        "[ready]\npoints_limit = 5\nvague_words = [\"Maybe\"]\n",
    );
    let run = sb.run(&[
        "--file",
        file.to_str().unwrap(),
        "check",
        "--ready",
        "--json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains(&eight) && text.contains("too_big"), "{text}");
    assert!(
        text.contains(&maybe) && text.contains("vague_words"),
        "{text}"
    );
}

#[test]
fn configured_percentiles_show_in_the_forecast_the_roadmap_and_the_what_if() {
    let sb = Sandbox::new();
    write_config(&sb, "[forecast]\nruns = 2000\npercentiles = [30, 70, 90]\n");
    let file = sb.sample("b.json", 40);

    let text = sb.ok(&file, &["forecast"]);
    let likely: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("% likely done"))
        .collect();
    assert_eq!(likely.len(), 3, "{text}");
    for (line, p) in likely.iter().zip(["30%", "70%", "90%"]) {
        assert!(line.trim_start().starts_with(p), "{text}");
    }

    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&file, &["forecast", "--json"])).unwrap();
    let outcome = &json["outcome"];
    // The fixed fields stay for scripts that read them.
    assert!(outcome["dates"]["p50"].is_string(), "{outcome}");
    assert!(outcome["dates"]["p95"].is_string(), "{outcome}");
    let levels = outcome["percentiles"].as_array().unwrap();
    let ps: Vec<u64> = levels
        .iter()
        .map(|l| l["percentile"].as_u64().unwrap())
        .collect();
    assert_eq!(ps, vec![30, 70, 90], "{outcome}");
    for l in levels {
        assert!(l["date"].is_string() && l["sprints"].is_u64(), "{l}");
    }
    let dates: Vec<&str> = levels.iter().map(|l| l["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(text.contains(dates[0]) && text.contains(dates[2]), "{text}");

    let roadmap = sb.ok(&file, &["roadmap"]);
    assert!(
        roadmap.contains("p30 is 30% likely, p70 is 70% likely"),
        "{roadmap}"
    );
    let header = roadmap.lines().find(|l| l.starts_with("epic ")).unwrap();
    assert!(
        header.contains(" p30 ") && header.contains(" p70 "),
        "{header}"
    );
    assert!(!header.contains("p50"), "{header}");
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&file, &["roadmap", "--json"])).unwrap();
    assert_eq!(json["percentiles"], serde_json::json!([30, 70, 90]));
    let epic = json["epics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["finish"]["state"] == "forecast")
        .unwrap();
    assert_eq!(epic["finish"]["percentiles"].as_array().unwrap().len(), 3);

    let last = load(&file)
        .stories
        .iter()
        .rev()
        .find(|s| s.status != po::model::Status::Done)
        .unwrap()
        .key
        .clone();
    let what_if = sb.ok(&file, &["forecast", "--what-if", &last, "--top"]);
    let header = what_if.lines().find(|l| l.starts_with("epic ")).unwrap();
    assert!(
        header.contains(" p30 ") && header.contains(" p70 "),
        "{header}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&file, &["forecast", "--what-if", &last, "--top", "--json"]))
            .unwrap();
    let shift = &json["epics"][0];
    assert!(shift.get("p50_days").is_some(), "{shift}");
    let ps: Vec<u64> = shift["percentiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["percentile"].as_u64().unwrap())
        .collect();
    assert_eq!(ps, vec![30, 70, 90], "{shift}");
}

#[test]
fn bad_percentiles_are_a_note_naming_the_line_and_the_forecast_keeps_the_defaults() {
    let sb = Sandbox::new();
    write_config(&sb, "[forecast]\nruns = 500\n\npercentiles = [85, 50]\n");
    let file = sb.sample("b.json", 30);
    let run = sb.run(&["--file", file.to_str().unwrap(), "forecast"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("line 4: forecast.percentiles must go up"),
        "{}",
        run.stderr
    );
    for p in ["50%", "85%", "95%"] {
        assert!(
            run.stdout.contains(&format!("{p} likely done")),
            "{}",
            run.stdout
        );
    }
    let check = sb.run(&[
        "config",
        "check",
        sb.path("config/po/config.toml").to_str().unwrap(),
    ]);
    assert_ne!(check.code, Some(0));
    assert!(
        check.stderr.contains("line 4: forecast.percentiles"),
        "{}",
        check.stderr
    );
}

#[test]
fn forecast_runs_set_the_roadmap_the_what_if_and_the_report_too() {
    let sb = Sandbox::new();
    write_config(&sb, "[forecast]\nruns = 321\n");
    let file = sb.sample("b.json", 30);
    let runs = |args: &[&str]| {
        let json: serde_json::Value = serde_json::from_str(&sb.ok(&file, args)).unwrap();
        json["runs"].as_u64()
    };
    assert_eq!(runs(&["roadmap", "--json"]), Some(321));
    let key = load(&file)
        .stories
        .iter()
        .rev()
        .find(|s| s.status != po::model::Status::Done)
        .unwrap()
        .key
        .clone();
    assert_eq!(
        runs(&["forecast", "--what-if", &key, "--top", "--json"]),
        Some(321)
    );
    // --runs still wins.
    assert_eq!(runs(&["roadmap", "--json", "--runs", "500"]), Some(500));
    let report = sb.ok(&file, &["report", "--since", "2026-01-01"]);
    assert!(report.contains("321 runs"), "{report}");
}
