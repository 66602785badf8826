//! What the command line prints for people: numbers, times and exports.

mod cli_support;

use cli_support::Sandbox;

#[test]
fn a_sprint_filled_exactly_to_its_capacity_never_says_minus_zero() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "X"]);
    let sprint = sb.ok(&file, &["sprint", "new", "Sprint 1", "--capacity", "3"]);
    let story = sb.ok(&file, &["add", "Thing", "--points", "3"]);
    sb.ok(&file, &["sprint", "add", sprint.trim(), story.trim()]);
    let shown = sb.ok(&file, &["sprint", "show", sprint.trim()]);
    assert!(!shown.contains("-0"), "{shown}");
    assert!(shown.contains("exactly at SP-1's capacity 3"), "{shown}");
}

#[test]
fn the_markdown_export_carries_the_story_sentence_description_and_criteria() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let key = sb.ok(
        &file,
        &[
            "add",
            "Pay with saved card",
            "--as-a",
            "returning customer",
            "--i-want",
            "to pay with my saved card",
            "--so-that",
            "checkout takes one tap",
            "--ac",
            "Given a saved card, when I tap Pay, then the order is placed",
            "--ac",
            "Given an expired card, when I tap Pay, then I am asked for a new one",
        ],
    );
    let key = key.trim();
    sb.ok(
        &file,
        &[
            "edit",
            key,
            "--description",
            "Cards are tokenised.\nNo card numbers are stored.",
        ],
    );
    sb.ok(&file, &["add", "Bare story"]);
    let md = sb.ok(&file, &["export", "--format", "md"]);
    assert!(
        md.contains(&format!("### 1. {key} Pay with saved card")),
        "{md}"
    );
    assert!(
        md.contains(
            "*As a returning customer, I want to pay with my saved card, \
             so that checkout takes one tap*"
        ),
        "{md}"
    );
    assert!(
        md.contains("Cards are tokenised.\nNo card numbers are stored."),
        "{md}"
    );
    assert!(
        md.contains("- [ ] Given a saved card, when I tap Pay, then the order is placed\n- [ ] Given an expired card"),
        "{md}"
    );
    assert!(md.contains("Bare story\n\n_No user-story sentence"), "{md}");
}

#[test]
fn show_prints_times_in_local_time_without_a_raw_offset() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let key = sb.ok(&file, &["add", "Thing"]);
    let key = key.trim();
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&file, &["show", key, "--json"])).unwrap();
    let created: chrono::DateTime<chrono::Utc> = json["created"].as_str().unwrap().parse().unwrap();
    // Nine hours east of UTC, as a POSIX TZ string (no zoneinfo needed).
    let tokyo = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    let expected = created
        .with_timezone(&tokyo)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let file_arg = file.to_str().unwrap();
    let run = sb.run_with(
        sb.command()
            .env("TZ", "JST-9")
            .args(["--file", file_arg, "show", key]),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("Created:      {expected}")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("+00:00"), "{}", run.stdout);
}
