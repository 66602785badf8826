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
