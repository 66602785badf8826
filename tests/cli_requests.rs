//! `po request` end to end: capture, list, accept into a linked story,
//! decline with a reason, reopen; every bad input refused in one line with
//! the file byte-identical.

mod cli_support;

use std::path::PathBuf;

use cli_support::{Sandbox, load};
use po::model::RequestState;
use serde_json::Value;

/// A backlog with three stories (S-1..S-3) and one epic (E-1).
fn backlog(sb: &Sandbox) -> PathBuf {
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Shop"]);
    for title in ["First", "Second", "Third"] {
        sb.ok(&file, &["add", title]);
    }
    sb.ok(&file, &["epic", "new", "Onboarding"]);
    file
}

#[test]
fn a_request_is_recorded_and_listed_oldest_first_with_its_sender() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    let r1 = sb.ok(
        &file,
        &["request", "new", "SSO for the Acme deal", "--from", "Sales"],
    );
    assert_eq!(r1.trim(), "R-1");
    let r2 = sb.ok(
        &file,
        &[
            "request",
            "new",
            "Export invoices",
            "--from",
            "Finance",
            "--received",
            "2026-01-05",
        ],
    );
    assert_eq!(r2.trim(), "R-2");
    let listed = sb.ok(&file, &["request", "list"]);
    let rows: Vec<&str> = listed.lines().skip(1).collect();
    assert!(
        rows[0].starts_with("R-2") && rows[0].contains("Finance"),
        "{listed}"
    );
    assert!(
        rows[1].starts_with("R-1") && rows[1].contains("today"),
        "{listed}"
    );
    assert!(rows[1].contains("new") && rows[1].contains("SSO for the Acme deal"));

    let only_sales = sb.ok(&file, &["request", "list", "--from", "sales", "--json"]);
    let only_sales: Value = serde_json::from_str(&only_sales).unwrap();
    assert_eq!(only_sales.as_array().unwrap().len(), 1);
    assert_eq!(only_sales[0]["key"], "R-1");
    assert_eq!(
        only_sales[0]["received"].as_str().map(|t| t.len()),
        Some(20)
    );
    let b = load(&file);
    assert_eq!(
        b.requests[1].received.to_rfc3339(),
        "2026-01-05T12:00:00+00:00"
    );
}

#[test]
fn accepting_a_request_at_the_top_makes_a_story_linked_both_ways() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(
        &file,
        &["request", "new", "SSO for the Acme deal", "--from", "Sales"],
    );
    let story = sb.ok(&file, &["request", "accept", "1", "--top", "--epic", "1"]);
    assert_eq!(story.trim(), "S-4");
    let b = load(&file);
    let s = &b.stories[0];
    assert_eq!(s.key, "S-4");
    assert_eq!(s.title, "SSO for the Acme deal");
    assert_eq!(s.requested_by, "Sales");
    assert_eq!(s.request.as_deref(), Some("R-1"));
    assert_eq!(s.epic.as_deref(), Some("E-1"));
    let r = &b.requests[0];
    assert_eq!(r.state, RequestState::Accepted);
    assert_eq!(r.story.as_deref(), Some("S-4"));
    assert!(r.decided.is_some());

    let shown = sb.ok(&file, &["show", "S-4"]);
    assert!(
        shown.contains("Request:") && shown.contains("R-1 from Sales"),
        "{shown}"
    );
    let shown = sb.ok(&file, &["request", "show", "R-1"]);
    assert!(
        shown.contains("Story:") && shown.contains("S-4 SSO for the Acme deal"),
        "{shown}"
    );
    let listed = sb.ok(&file, &["request", "list", "--state", "accepted"]);
    assert!(listed.contains("S-4"), "{listed}");
}

#[test]
fn accept_places_the_story_at_a_rank_or_beside_another_with_its_own_title() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    for text in ["One", "Two", "Three"] {
        sb.ok(&file, &["request", "new", text, "--from", "Support"]);
    }
    sb.ok(
        &file,
        &[
            "request", "accept", "R-1", "--rank", "2", "--title", "Ranked",
        ],
    );
    sb.ok(&file, &["request", "accept", "R-2", "--before", "S-1"]);
    sb.ok(&file, &["request", "accept", "R-3"]);
    let b = load(&file);
    let order: Vec<&str> = b.stories.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        order,
        ["Two", "First", "Ranked", "Second", "Third", "Three"]
    );
}

#[test]
fn declining_needs_a_reason_and_a_refusal_leaves_the_file_byte_identical() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(
        &file,
        &["request", "new", "Dark mode", "--from", "Marketing"],
    );
    let err = sb.refused(&file, &["request", "decline", "R-1"]);
    assert!(err.contains("needs a reason"), "{err}");
    let err = sb.refused(&file, &["request", "decline", "R-1", "--reason", "  "]);
    assert!(err.contains("needs a reason"), "{err}");
    let said = sb.ok(
        &file,
        &["request", "decline", "R-1", "--reason", "Not this year"],
    );
    assert_eq!(said.trim(), "declined R-1: Not this year");
    let b = load(&file);
    assert_eq!(b.requests[0].state, RequestState::Declined);
    assert_eq!(b.requests[0].reason, "Not this year");
    assert_eq!(b.stories.len(), 3);
}

#[test]
fn accepting_a_declined_or_accepted_request_is_refused_with_the_file_unchanged() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(
        &file,
        &["request", "new", "Dark mode", "--from", "Marketing"],
    );
    sb.ok(&file, &["request", "new", "Bulk edit", "--from", "Ops"]);
    sb.ok(
        &file,
        &["request", "decline", "R-1", "--reason", "Not this year"],
    );
    sb.ok(&file, &["request", "accept", "R-2"]);
    let err = sb.refused(&file, &["request", "accept", "R-1"]);
    assert!(err.contains("R-1 was declined"), "{err}");
    let err = sb.refused(&file, &["request", "accept", "R-2"]);
    assert!(err.contains("R-2 is already accepted as S-4"), "{err}");
    let err = sb.refused(&file, &["request", "decline", "R-2", "--reason", "No"]);
    assert!(err.contains("reopen it"), "{err}");
    let err = sb.refused(&file, &["request", "decline", "R-1", "--reason", "Again"]);
    assert!(err.contains("already declined"), "{err}");
}

#[test]
fn unknown_keys_empty_or_multi_line_text_and_bad_dates_are_refused() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(
        &file,
        &["request", "new", "Dark mode", "--from", "Marketing"],
    );
    let cases: &[(&[&str], &str)] = &[
        (&["request", "accept", "R-9"], "no request R-9"),
        (
            &["request", "decline", "9", "--reason", "x"],
            "no request R-9",
        ),
        (&["request", "reopen", "R-9"], "no request R-9"),
        (&["request", "show", "R-9"], "no request R-9"),
        (
            &["request", "accept", "R-1", "--epic", "E-7"],
            "no epic E-7",
        ),
        (
            &["request", "accept", "R-1", "--before", "S-99"],
            "no story S-99",
        ),
        (
            &["request", "accept", "R-1", "--rank", "0"],
            "counts from 1",
        ),
        (
            &["request", "accept", "R-1", "--title", " "],
            "--title cannot be empty",
        ),
        (
            &["request", "accept", "R-1", "--top", "--rank", "2"],
            "cannot be used with",
        ),
        (
            &["request", "new", "   ", "--from", "Sales"],
            "text cannot be empty",
        ),
        (
            &["request", "new", "Two\nlines", "--from", "Sales"],
            "must be one line",
        ),
        (
            &["request", "new", "SSO", "--from", " "],
            "--from (who asked) cannot be empty",
        ),
        (&["request", "new", "SSO"], "--from"),
        (
            &[
                "request",
                "new",
                "SSO",
                "--from",
                "Sales",
                "--received",
                "1800-01-01",
            ],
            "between 1900",
        ),
        (
            &[
                "request",
                "new",
                "SSO",
                "--from",
                "Sales",
                "--received",
                "2026-13-01",
            ],
            "a date like",
        ),
        (
            &[
                "request",
                "new",
                "SSO",
                "--from",
                "Sales",
                "--received",
                "9999-01-01",
            ],
            "in the future",
        ),
        (&["request", "reopen", "R-1"], "nothing to reopen"),
        (
            &["request", "list", "--state", "open-ish"],
            "unknown request state",
        ),
    ];
    for (args, expected) in cases {
        let err = sb.refused(&file, args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(load(&file).requests.len(), 1);
    assert_eq!(
        load(&file).next_keys.requests,
        2,
        "no key used up by a refusal"
    );
}

#[test]
fn reopening_an_accepted_request_keeps_its_story_unlinked_and_it_can_be_decided_again() {
    let sb = Sandbox::new();
    let file = backlog(&sb);
    sb.ok(
        &file,
        &["request", "new", "Dark mode", "--from", "Marketing"],
    );
    sb.ok(&file, &["request", "accept", "R-1", "--top"]);
    let said = sb.ok(&file, &["request", "reopen", "R-1"]);
    assert_eq!(said.trim(), "reopened R-1 (S-4 stays in the backlog)");
    let b = load(&file);
    assert_eq!(b.requests[0].state, RequestState::New);
    assert_eq!(b.requests[0].story, None);
    assert_eq!(b.requests[0].decided, None);
    let s = b.story("S-4").expect("the story stays");
    assert_eq!(s.request, None);
    assert_eq!(s.requested_by, "Marketing");
    sb.ok(
        &file,
        &[
            "request",
            "decline",
            "R-1",
            "--reason",
            "Done as S-4 already",
        ],
    );
    sb.ok(&file, &["request", "reopen", "R-1"]);
    assert_eq!(load(&file).requests[0].reason, "");
}
