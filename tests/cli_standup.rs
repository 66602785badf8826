//! `po block`, `po unblock`, `po standup` and `po edit --assignee` through
//! the real binary: what they print, what they save, and bad input refused
//! with the file unchanged.

mod cli_support;

use std::path::PathBuf;

use cli_support::{Sandbox, load};
use serde_json::Value;

/// A backlog with three stories in an active sprint that ends in a month.
fn sprint_file(sb: &Sandbox) -> PathBuf {
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    for (title, points) in [("Pay with card", "3"), ("Ship it", "5"), ("Keys", "2")] {
        sb.ok(&file, &["add", title, "--points", points]);
    }
    let end = (chrono::Local::now().date_naive() + chrono::TimeDelta::days(30)).to_string();
    sb.ok(
        &file,
        &[
            "sprint",
            "new",
            "Sprint 1",
            "--goal",
            "Checkout works",
            "--end",
            &end,
        ],
    );
    sb.ok(&file, &["sprint", "add", "SP-1", "S-1", "S-2", "S-3"]);
    sb.ok(&file, &["sprint", "start"]);
    file
}

#[test]
fn block_and_unblock_save_the_reason_and_say_what_they_did() {
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    let out = sb.ok(
        &file,
        &["block", "3", "--reason", "  waiting for API keys "],
    );
    assert_eq!(out, "blocked S-3: waiting for API keys\n");
    let story = load(&file).story("S-3").unwrap().clone();
    let blocked = story.blocked.unwrap();
    assert_eq!(blocked.reason, "waiting for API keys");
    let shown = sb.ok(&file, &["show", "S-3"]);
    assert!(
        shown.contains("Blocked:      waiting for API keys (since"),
        "{shown}"
    );
    let json: Value = serde_json::from_str(&sb.ok(&file, &["show", "S-3", "--json"])).unwrap();
    assert_eq!(json["blocked"]["reason"], "waiting for API keys");
    assert_eq!(
        sb.ok(&file, &["block", "S-3", "--reason", "waiting for API keys"]),
        "S-3 unchanged: already blocked for that reason\n"
    );
    assert_eq!(sb.ok(&file, &["unblock", "S-3"]), "unblocked S-3\n");
    assert!(load(&file).story("S-3").unwrap().blocked.is_none());
    assert_eq!(
        sb.ok(&file, &["unblock", "S-3"]),
        "S-3 unchanged: it was not blocked\n"
    );
}

#[test]
fn bad_block_unblock_and_standup_input_is_refused_and_changes_nothing() {
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    let err = sb.refused(&file, &["block", "S-99", "--reason", "keys"]);
    assert!(err.contains("S-99"), "{err}");
    let err = sb.refused(&file, &["block", "S-1", "--reason", "   "]);
    assert!(err.contains("--reason") && err.contains("empty"), "{err}");
    let err = sb.refused(&file, &["block", "S-1", "--reason", "two\nlines"]);
    assert!(err.contains("--reason"), "{err}");
    sb.refused(&file, &["block", "S-1"]);
    let err = sb.refused(&file, &["unblock", "S-42"]);
    assert!(err.contains("S-42"), "{err}");
    let err = sb.refused(&file, &["standup", "--since", "yesterday-ish"]);
    assert!(
        err.contains("--since") && err.contains("2026-11-02"),
        "{err}"
    );
    let err = sb.refused(&file, &["edit", "S-1", "--assignee", "Maya\u{1b}[2J"]);
    assert!(err.contains("--assignee"), "{err}");
    let empty = sb.path("empty.json");
    sb.ok(&empty, &["init"]);
    let err = sb.refused(&empty, &["standup"]);
    assert!(err.contains("no sprint is active"), "{err}");
}

#[test]
fn standup_says_what_moved_what_is_blocked_and_where_the_sprint_stands() {
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    sb.ok(&file, &["edit", "S-1", "--status", "in_progress"]);
    sb.ok(&file, &["edit", "S-2", "--status", "done"]);
    sb.ok(&file, &["block", "S-3", "--reason", "waiting for API keys"]);
    let text = sb.ok(&file, &["standup"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Standup ") && lines[0].ends_with("· SP-1 Sprint 1"),
        "{text}"
    );
    assert_eq!(lines[1], "Goal: Checkout works");
    assert!(
        lines[2].contains("working days left") && lines[2].contains("burndown"),
        "{text}"
    );
    assert_eq!(
        lines[3],
        "To do 1 (2 pts) · In progress 1 (3 pts) · Done 1 (5 pts) · committed 10 pts"
    );
    assert!(
        lines[4].ends_with(": S-1 → in progress, S-2 → done, S-3 blocked: waiting for API keys"),
        "{text}"
    );
    assert_eq!(lines[5], "Blocked (1):");
    assert!(
        lines[6].starts_with("  S-3 Keys: waiting for API keys (since "),
        "{text}"
    );
    assert_eq!(lines[7], "Ageing: none");
    // Counting from a later day, nothing has moved yet.
    let later = sb.ok(&file, &["standup", "--since", "2999-01-01"]);
    assert!(
        later.contains("Since Tue 1 Jan 2999: nothing moved"),
        "{later}"
    );
    let md = sb.ok(&file, &["standup", "--md"]);
    assert!(md.starts_with("### Standup "), "{md}");
    assert!(md.contains("**Goal:** Checkout works"), "{md}");
    assert!(md.contains("\n- S-3 Keys: waiting for API keys"), "{md}");
}

#[test]
fn edit_sets_and_clears_the_assignee() {
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    assert_eq!(
        sb.ok(&file, &["edit", "S-1", "--assignee", " Maya "]),
        "assignee of S-1 none → Maya\n"
    );
    assert!(
        sb.ok(&file, &["show", "S-1"])
            .contains("Assignee:     Maya")
    );
    sb.ok(&file, &["edit", "S-1", "--assignee", "none"]);
    assert_eq!(load(&file).story("S-1").unwrap().assignee, None);
}

#[test]
fn check_reports_a_blocker_without_a_reason_written_by_hand() {
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    sb.ok(&file, &["block", "S-2", "--reason", "keys"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"reason\": \"keys\""), "{text}");
    std::fs::write(
        &file,
        text.replace("\"reason\": \"keys\"", "\"reason\": \" \""),
    )
    .unwrap();
    let run = sb.run(&cli_support::with_file(&file, &["check"]));
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.contains("S-2: blocked without a reason"),
        "{}",
        run.stdout
    );
}

#[test]
fn standup_says_how_far_the_stories_serving_the_goal_are_as_the_board_does() {
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    let plain = sb.ok(&file, &["standup"]);
    assert!(plain.contains("\nGoal: Checkout works\n"), "{plain}");
    sb.ok(&file, &["sprint", "goal", "S-1", "S-2"]);
    sb.ok(&file, &["block", "S-2", "--reason", "waiting for API keys"]);
    let said = "Checkout works (0 of 2 stories serving it done, 8 pts open, 1 blocked)";
    let plain = sb.ok(&file, &["standup"]);
    assert!(plain.contains(&format!("\nGoal: {said}\n")), "{plain}");
    let md = sb.ok(&file, &["standup", "--md"]);
    assert!(md.contains(&format!("**Goal:** {said}\n")), "{md}");
    sb.ok(&file, &["edit", "S-1", "--status", "done"]);
    let plain = sb.ok(&file, &["standup"]);
    assert!(
        plain.contains(
            "Goal: Checkout works (1 of 2 stories serving it done, 5 pts open, 1 blocked)"
        ),
        "{plain}"
    );
}

#[test]
fn standup_names_the_day_it_counts_from_as_the_board_does() {
    use chrono::Datelike;
    let sb = Sandbox::new();
    let file = sprint_file(&sb);
    let today = chrono::Local::now().date_naive();
    let since = po::model::board::previous_working_day(today);
    let text = sb.ok(&file, &["standup"]);
    // "Since Mon 30 Nov", the board's "since Mon 30 Nov" (the year only
    // when it is another one).
    let label = if since.year() == today.year() {
        since.format("%a %-d %b").to_string()
    } else {
        since.format("%a %-d %b %Y").to_string()
    };
    assert!(text.contains(&format!("\nSince {label}: ")), "{text}");
}
