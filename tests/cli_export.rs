//! `po export` end to end through the real binary: the Markdown document
//! grouped by epic, and `po list`'s filters (`--epic`, `--sprint`,
//! `--status`) applied alike to md, csv and json.

mod cli_support;

use cli_support::{Sandbox, load, with_file};

/// The story keys of a Markdown export, in the order of its `### ` headings.
fn md_keys(md: &str) -> Vec<String> {
    md.lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|l| l.split(' ').nth(1).expect("rank, key, title").to_string())
        .collect()
}

/// The `po key` of each Story row of a CSV export, in file order.
fn csv_keys(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "po key")
        .expect("a po key column");
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| r.get(1) == Some("Story"))
        .map(|r| r[at].to_string())
        .collect()
}

fn json_keys(text: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    value
        .as_array()
        .expect("a JSON array of stories")
        .iter()
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_markdown_export_groups_stories_by_epic_in_rank_order_with_sentence_and_criteria() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    sb.ok(&file, &["epic", "new", "Checkout"]); // E-1
    sb.ok(&file, &["epic", "new", "Search"]); // E-2
    sb.ok(&file, &["add", "Loose end", "--points", "1"]); // S-1, no epic
    sb.ok(&file, &["add", "Find by name", "--epic", "E-2"]); // S-2
    sb.ok(
        &file,
        &[
            "add",
            "Pay with saved card",
            "--epic",
            "E-1",
            "--as-a",
            "returning customer",
            "--i-want",
            "to pay with my saved card",
            "--so-that",
            "checkout takes one tap",
            "--ac",
            "Given a saved card, when I tap Pay, then the order is placed",
            "--ac",
            "Given an expired card, then I am asked for a new one",
            "--points",
            "5",
            "--moscow",
            "must",
            "--description",
            "Cards are tokenised.",
        ],
    ); // S-3
    sb.ok(&file, &["add", "Filter by price", "--epic", "E-2"]); // S-4
    sb.ok(
        &file,
        &["edit", "S-3", "--status", "in_progress", "--ac-done", "1"],
    );

    let md = sb.ok(&file, &["export", "--format", "md"]);
    // Search's first story (rank 2) outranks Checkout's (rank 3), so Search
    // comes first although Checkout was made first; no epic comes last.
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("no {s:?} in\n{md}"));
    assert!(at("## E-2 Search") < at("## E-1 Checkout"), "{md}");
    assert!(at("## E-1 Checkout") < at("## No epic"), "{md}");
    assert_eq!(md_keys(&md), ["S-2", "S-4", "S-3", "S-1"], "{md}");
    assert!(md.contains("### 3. S-3 Pay with saved card\n"), "{md}");
    assert!(
        md.contains("4 stories (0 done), 6 points, grouped by epic"),
        "{md}"
    );
    let s3 = &md[at("### 3. S-3")..at("## No epic")];
    for part in [
        "*As a returning customer, I want to pay with my saved card, so that checkout takes one tap*",
        "Cards are tokenised.",
        "- [x] Given a saved card, when I tap Pay, then the order is placed\n\
         - [ ] Given an expired card, then I am asked for a new one",
        "**Points:** 5 · **Status:** in_progress · **MoSCoW:** must",
    ] {
        assert!(s3.contains(part), "missing {part:?} in\n{s3}");
    }
    let loose = &md[at("### 1. S-1")..];
    assert!(
        loose.contains("**Points:** 1 · **Status:** todo · **MoSCoW:** none"),
        "{loose}"
    );
    assert!(!md.contains("| # |"), "no table any more\n{md}");
}

#[test]
fn each_export_filter_picks_the_stories_po_list_picks_in_every_format() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 60);
    let b = load(&file);
    let active = b.active_sprint().expect("the sample has an active sprint");
    let epic = b.stories[5]
        .epic
        .clone()
        .expect("the sample's stories have epics");
    let filters: Vec<Vec<&str>> = vec![
        vec!["--epic", &epic],
        vec!["--sprint", "backlog"],
        vec!["--sprint", &active.key, "--status", "todo"],
        vec!["--status", "done"],
        vec!["--epic", &epic, "--status", "todo"],
    ];
    for filter in &filters {
        let list = sb.ok(&file, &[&["list", "--json"], &filter[..]].concat());
        let want = json_keys(&list);
        assert!(!want.is_empty(), "{filter:?} picks nothing in the sample");
        assert!(want.len() < b.stories.len(), "{filter:?} picks everything");

        let json = sb.ok(
            &file,
            &[&["export", "--format", "json"], &filter[..]].concat(),
        );
        assert_eq!(json, list, "json {filter:?} is `po list --json`");
        let csv = sb.ok(
            &file,
            &[&["export", "--format", "csv"], &filter[..]].concat(),
        );
        assert_eq!(csv_keys(&csv), want, "csv {filter:?}");
        let md = sb.ok(
            &file,
            &[&["export", "--format", "md"], &filter[..]].concat(),
        );
        let mut got = md_keys(&md);
        let mut sorted = want.clone();
        got.sort();
        sorted.sort();
        assert_eq!(got, sorted, "md {filter:?}\n{md}");
        assert!(
            md.contains("), grouped by epic"),
            "the filter is named\n{md}"
        );
    }
    // `--sprint KEY` alone: csv gives the sprint's stories...
    let list = json_keys(&sb.ok(&file, &["list", "--json", "--sprint", &active.key]));
    let csv = sb.ok(
        &file,
        &["export", "--format", "csv", "--sprint", &active.key],
    );
    assert_eq!(csv_keys(&csv), list);
    // ...while md and json still give its review report.
    let md = sb.ok(
        &file,
        &["export", "--format", "md", "--sprint", &active.key],
    );
    assert!(md.starts_with("# Sprint review: "), "{md}");
    let review: serde_json::Value = serde_json::from_str(&sb.ok(
        &file,
        &["export", "--format", "json", "--sprint", &active.key],
    ))
    .unwrap();
    assert_eq!(review["sprint"], active.key.as_str());
    // With no filter, json stays the whole file (it round-trips through import).
    let whole: serde_json::Value =
        serde_json::from_str(&sb.ok(&file, &["export", "--format", "json"])).unwrap();
    assert_eq!(whole["stories"].as_array().unwrap().len(), b.stories.len());
}

#[test]
fn a_filter_that_matches_nothing_says_so_in_markdown() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    sb.ok(&file, &["add", "Only story"]);
    let md = sb.ok(&file, &["export", "--format", "md", "--status", "done"]);
    assert!(md.contains("No stories match (status done)."), "{md}");
    let csv = sb.ok(&file, &["export", "--format", "csv", "--status", "done"]);
    assert!(csv_keys(&csv).is_empty(), "{csv}");
    let json = sb.ok(&file, &["export", "--format", "json", "--status", "done"]);
    assert!(json_keys(&json).is_empty(), "{json}");
}

#[test]
fn a_bad_export_filter_is_refused_with_nothing_written_and_the_file_unchanged() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 30);
    for format in ["md", "csv", "json"] {
        for (flag, value, said) in [
            ("--epic", "E-99", "no epic E-99"),
            ("--sprint", "SP-99", "no sprint SP-99"),
            ("--status", "bogus", "unknown status 'bogus'"),
        ] {
            let args = ["export", "--format", format, flag, value];
            let stderr = sb.refused(&file, &args);
            assert!(stderr.contains(said), "{args:?}: {stderr}");
            let run = sb.run(&with_file(&file, &args));
            assert_eq!(run.stdout, "", "{args:?} wrote output");
        }
    }
}
