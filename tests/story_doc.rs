//! The `$EDITOR` document of a story: rendered readable, applied back with
//! errors that say which line is wrong and how to fix it. The property
//! tests are in story_doc_props.rs.

mod story_doc_support;

use chrono::{TimeZone, Utc};
use po::model::{Criterion, Moscow, Status};
use po::tui::story_doc::{DocError, apply, render, with_error};
use serde_json::json;
use story_doc_support::{backlog, story};

/// The document with the first text starting a line (so never in the header
/// comments) replaced.
fn edit(doc: &str, from: &str, to: &str) -> String {
    let at = if doc.starts_with(from) {
        0
    } else {
        let found = doc.find(&format!("\n{from}"));
        found.unwrap_or_else(|| panic!("{from:?} not in\n{doc}")) + 1
    };
    format!("{}{to}{}", &doc[..at], &doc[at + from.len()..])
}

/// The number of the first line that starts with `needle`.
fn line_of(doc: &str, needle: &str) -> usize {
    doc.lines().position(|l| l.starts_with(needle)).unwrap() + 1
}

#[test]
fn the_document_reads_like_a_form() {
    let b = backlog();
    let doc = render(&story(&b), &b);
    for line in [
        "Title: Pay with saved card",
        "As a: returning customer",
        "I want: to pay with my saved card",
        "So that: checkout takes one tap",
        "Points: 3",
        "Status: todo",
        "MoSCoW: must",
        "Epic: E-1 (Checkout)",
        "Sprint: SP-3 (Sprint 1)",
        "Labels: payments, mobile",
        "Requested by: Sales",
        "Depends on: S-4",
        "Reach: 800",
        "Confidence: 0.8",
        "Description:",
        "# Notes",
        "Acceptance criteria:",
        "- [ ] Given a saved card, when I tap Pay, then the order is placed",
        "- [x] The card's last four digits are shown",
    ] {
        assert!(doc.lines().any(|l| l == line), "missing {line:?} in\n{doc}");
    }
    assert!(doc.starts_with("# po · story S-6"));
    assert!(doc.contains("# Epics: E-1 (Checkout), E-2 (Search)"));
}

#[test]
fn an_untouched_document_gives_back_the_same_story() {
    let b = backlog();
    let s = story(&b);
    assert_eq!(apply(&render(&s, &b), &s, &b), Ok(s));
}

#[test]
fn an_empty_document_changes_nothing() {
    let b = backlog();
    let s = story(&b);
    assert_eq!(apply("", &s, &b), Ok(s.clone()));
    assert_eq!(apply("# only a comment\n\n", &s, &b), Ok(s));
}

#[test]
fn edited_fields_are_read_back_and_the_rest_is_kept() {
    let b = backlog();
    let s = story(&b);
    let mut doc = render(&s, &b);
    doc = edit(&doc, "Points: 3", "Points: 5.5");
    doc = edit(&doc, "Status: todo", "Status: in progress");
    doc = edit(&doc, "MoSCoW: must", "MoSCoW: Won't");
    doc = edit(&doc, "Epic: E-1 (Checkout)", "Epic: search");
    doc = edit(&doc, "Sprint: SP-3 (Sprint 1)", "Sprint:");
    doc = edit(&doc, "Labels: payments, mobile", "Labels: 支払い , , 💳");
    doc = edit(&doc, "Depends on: S-4", "Depends on: s-5, 4, S-5");
    doc = edit(
        &doc,
        "Title: Pay with saved card",
        "Title:   Pay with a saved card  ",
    );
    let edited = apply(&doc, &s, &b).unwrap();
    assert_eq!(edited.title, "Pay with a saved card");
    assert_eq!(edited.points, Some(5.5));
    assert_eq!(edited.status, Status::InProgress);
    assert_eq!(edited.moscow, Some(Moscow::Wont));
    assert_eq!(edited.epic.as_deref(), Some("E-2"));
    assert_eq!(edited.sprint, None);
    assert_eq!(edited.labels, ["支払い", "💳"]);
    assert_eq!(edited.depends_on, ["S-5", "S-4"]);
    // Untouched: the key, the timestamps, the text fields and unknown fields.
    assert_eq!(edited.key, s.key);
    assert_eq!((edited.created, edited.updated), (s.created, s.updated));
    assert_eq!(edited.as_a, s.as_a);
    assert_eq!(edited.description, s.description);
    assert_eq!(edited.acceptance, s.acceptance);
    assert_eq!(edited.extra, s.extra);
}

#[test]
fn the_edit_is_accepted_by_the_backlog() {
    let mut b = backlog();
    let s = story(&b);
    let doc = edit(&render(&s, &b), "Status: todo", "Status: done");
    let edited = apply(&doc, &s, &b).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 5, 12, 0, 0).unwrap();
    let change = b.update_story("S-6", now, move |x| *x = edited).unwrap();
    assert!(change.is_some());
    let after = b.story("S-6").unwrap();
    assert_eq!(after.status, Status::Done);
    assert_eq!(after.done_at, Some(now));
}

#[test]
fn criteria_can_be_ticked_reordered_added_and_removed() {
    let b = backlog();
    let s = story(&b);
    let doc = render(&s, &b);
    let old = "- [ ] Given a saved card, when I tap Pay, then the order is placed\n\
               - [x] The card's last four digits are shown\n";
    let new = "- [ ] The card's last four digits are shown\n\
               * [X] Given a saved card, when I tap Pay, then the order is placed\n\
               - An expired card is refused\n  with a message\n\n  that says why\n";
    let edited = apply(&edit(&doc, old, new), &s, &b).unwrap();
    let got: Vec<(&str, bool)> = edited
        .acceptance
        .iter()
        .map(|c| (c.text.as_str(), c.done))
        .collect();
    assert_eq!(
        got,
        [
            ("The card's last four digits are shown", false),
            (
                "Given a saved card, when I tap Pay, then the order is placed",
                true
            ),
            (
                "An expired card is refused\nwith a message\n\nthat says why",
                false
            ),
        ]
    );
    // The moved criterion keeps the fields another tool stored on it.
    assert_eq!(edited.acceptance[0].extra.get("id"), Some(&json!(7)));

    let none = apply(&edit(&doc, old, ""), &s, &b).unwrap();
    assert!(none.acceptance.is_empty());
}

#[test]
fn a_criterion_edited_in_place_keeps_its_unknown_fields() {
    let b = backlog();
    let s = story(&b);
    let doc = edit(
        &render(&s, &b),
        "- [x] The card's last four digits are shown",
        "- [x] The last four digits are shown",
    );
    let edited = apply(&doc, &s, &b).unwrap();
    assert_eq!(edited.acceptance[1].text, "The last four digits are shown");
    assert_eq!(edited.acceptance[1].extra.get("id"), Some(&json!(7)));
}

#[test]
fn the_description_is_free_text_where_hash_lines_are_not_comments() {
    let b = backlog();
    let s = story(&b);
    let doc = edit(
        &render(&s, &b),
        "No 3-D Secure yet.",
        "No 3-D Secure yet.\n## Later\nTitle: not a field here\n\\Acceptance criteria:\n\n\n",
    );
    let edited = apply(&doc, &s, &b).unwrap();
    assert_eq!(
        edited.description,
        "Customers who saved a card.\n\n# Notes\nNo 3-D Secure yet.\n## Later\nTitle: not a field here\nAcceptance criteria:"
    );
    assert_eq!(edited.title, s.title);
    // And the escaped line survives another round.
    let again = apply(&render(&edited, &b), &edited, &b).unwrap();
    assert_eq!(again, edited);
    let mut base = edited.clone();
    base.description.clear();
    assert_eq!(apply(&render(&edited, &b), &base, &b).unwrap(), edited);
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_read() {
    let b = backlog();
    let s = story(&b);
    let doc = edit(&render(&s, &b), "Points: 3", "Points: 8");
    let crlf = format!("\u{FEFF}{}", doc.replace('\n', "\r\n"));
    let edited = apply(&crlf, &s, &b).unwrap();
    assert_eq!(edited.points, Some(8.0));
    assert_eq!(edited.description, s.description);
    assert_eq!(edited.acceptance, s.acceptance);
}

#[test]
fn a_deleted_field_line_leaves_the_field_as_it_was() {
    let b = backlog();
    let s = story(&b);
    let doc = edit(&render(&s, &b), "Epic: E-1 (Checkout)\n", "");
    let doc = edit(&doc, "Status: todo", "Status: done");
    let edited = apply(&doc, &s, &b).unwrap();
    assert_eq!(edited.epic.as_deref(), Some("E-1"));
    assert_eq!(edited.status, Status::Done);
}

#[test]
fn rice_is_cleared_when_all_four_are_empty_and_defaults_fill_gaps() {
    let b = backlog();
    let s = story(&b);
    let doc = render(&s, &b);
    let cleared = ["Reach: 800", "Impact: 2", "Confidence: 0.8", "Effort: 2"]
        .iter()
        .fold(doc.clone(), |d, l| {
            edit(&d, l, &format!("{}:", l.split(':').next().unwrap()))
        });
    assert_eq!(apply(&cleared, &s, &b).unwrap().rice, None);

    let mut plain = s.clone();
    plain.rice = None;
    let doc = edit(&render(&plain, &b), "Reach:", "Reach: 500");
    let rice = apply(&doc, &plain, &b).unwrap().rice.unwrap();
    assert_eq!(
        (rice.reach, rice.impact, rice.confidence, rice.effort),
        (500.0, 1.0, 1.0, 1.0)
    );
}

/// The error for a document with one line replaced, checked to point at that line.
fn error_for(from: &str, to: &str) -> DocError {
    let b = backlog();
    let s = story(&b);
    let doc = edit(&render(&s, &b), from, to);
    let err = apply(&doc, &s, &b).unwrap_err();
    let last_line_of_edit = to.lines().last().unwrap_or_default();
    assert_eq!(err.line, line_of(&doc, last_line_of_edit), "{err}");
    err
}

#[test]
fn bad_values_are_refused_with_the_line_and_the_fix() {
    let cases = [
        (
            "Status: todo",
            "Status: someday",
            "use todo, in_progress or done",
        ),
        ("Points: 3", "Points: lots", "write a number such as 3"),
        ("Points: 3", "Points: -2", "non-negative"),
        ("Confidence: 0.8", "Confidence: NaN", "RICE confidence"),
        (
            "Impact: 2",
            "Impact: 1.5",
            "RICE impact: must be one of 0.25, 0.5, 1, 2, 3",
        ),
        ("Effort: 2", "Effort: 0", "RICE effort: must be more than 0"),
        (
            "MoSCoW: must",
            "MoSCoW: maybe",
            "use must, should, could or wont",
        ),
        (
            "Epic: E-1 (Checkout)",
            "Epic: E-99",
            "write one of E-1 (Checkout), E-2 (Search)",
        ),
        (
            "Sprint: SP-3 (Sprint 1)",
            "Sprint: Sprint 9",
            "write one of SP-3 (Sprint 1)",
        ),
        (
            "Depends on: S-4",
            "Depends on: S-4, S-99",
            "there is no story S-99",
        ),
        (
            "Depends on: S-4",
            "Depends on: S-6",
            "cannot depend on itself",
        ),
        (
            "Title: Pay with saved card",
            "Title:   ",
            "every story needs a title",
        ),
        (
            "Requested by: Sales",
            "Priority: high",
            "unknown field 'Priority'; the fields are Title, As a",
        ),
        (
            "Requested by: Sales",
            "Sales asked for it",
            "is not a field",
        ),
        (
            "Requested by: Sales",
            "- [ ] a criterion",
            "below the 'Acceptance criteria:' line",
        ),
    ];
    for (from, to, hint) in cases {
        let err = error_for(from, to);
        assert!(err.message.contains(hint), "{to:?}: {err}");
        assert!(err.to_string().starts_with(&format!("line {}: ", err.line)));
    }
}

#[test]
fn a_field_given_twice_is_refused() {
    let err = error_for("Points: 3", "Points: 3\nPoints: 5");
    let first = line_of(&render(&story(&backlog()), &backlog()), "Points: 3");
    let expected = format!("Points appears twice (first on line {first}); keep one");
    assert_eq!(err.message, expected);
}

#[test]
fn a_line_in_the_criteria_that_is_neither_criterion_nor_field_is_refused() {
    let err = error_for(
        "- [x] The card's last four digits are shown",
        "- [x] The card's last four digits are shown\nwhoops",
    );
    assert!(err.message.contains("neither a criterion"), "{err}");
}

#[test]
fn the_error_is_written_into_the_document_for_the_next_try() {
    let b = backlog();
    let s = story(&b);
    let doc = edit(&render(&s, &b), "Status: todo", "Status: someday");
    let err = apply(&doc, &s, &b).unwrap_err();
    let annotated = with_error(&doc, &err);
    assert!(annotated.starts_with("# ERROR on line "));
    // The line number in the comment is the offending line of the new document.
    let said: usize = annotated["# ERROR on line ".len()..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(said, line_of(&annotated, "Status: someday"));
    // A second error replaces the first comment instead of piling up.
    let err2 = apply(&annotated, &s, &b).unwrap_err();
    assert_eq!(err2.line, said);
    let twice = with_error(&annotated, &err2);
    assert_eq!(twice.matches("# ERROR").count(), 1);
    assert_eq!(twice, annotated);
    // Fixed, it applies; the comment is ignored.
    let fixed = edit(&twice, "Status: someday", "Status: done");
    assert_eq!(apply(&fixed, &s, &b).unwrap().status, Status::Done);
}

#[test]
fn values_the_document_cannot_show_survive_when_untouched() {
    let b = backlog();
    let mut s = story(&b);
    s.title = "two\nlines\r".into();
    s.as_a = "  padded  ".into();
    s.points = Some(1.0 / 3.0);
    s.epic = Some("E-404".into());
    s.labels = vec!["a,b".into(), " c".into()];
    s.description = "\n\nstarts blank\r\nends blank\n\n".into();
    s.acceptance = vec![Criterion::new("trailing break\n"), Criterion::new("  ")];
    assert_eq!(apply(&render(&s, &b), &s, &b), Ok(s.clone()));
    let doc = edit(&render(&s, &b), "Status: todo", "Status: done");
    let edited = apply(&doc, &s, &b).unwrap();
    assert_eq!(edited.status, Status::Done);
    s.status = Status::Done;
    assert_eq!(edited, s);
}
