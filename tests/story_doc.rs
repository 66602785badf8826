//! The `$EDITOR` document of a story: rendered readable, applied back with
//! errors that say which line is wrong and how to fix it.

use chrono::{TimeZone, Utc};
use po::model::{Backlog, Criterion, Moscow, Rice, Sprint, Status, Story};
use po::tui::story_doc::{DocError, apply, render, with_error};
use proptest::prelude::*;
use serde_json::{Map, json};

/// A backlog with two epics, a sprint and three stories; `S-6` is the one edited.
fn backlog() -> Backlog {
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 30, 0).unwrap();
    let mut b = Backlog::new("Acme");
    b.add_epic("Checkout", "").unwrap();
    b.add_epic("Search", "").unwrap();
    // The keys these tests have always used (SP-3, S-4…), from when every
    // kind shared one counter: counters may start anywhere.
    b.next_keys.sprints = 3;
    b.next_keys.stories = 4;
    b.add_sprint(Sprint {
        key: String::new(),
        name: "Sprint 1".into(),
        goal: String::new(),
        start: None,
        end: None,
        capacity: None,
        state: Default::default(),
        record: Default::default(),
        goal_stories: Vec::new(),
        extra: Map::new(),
    })
    .unwrap();
    for title in ["Log in", "Search by name", "Pay with saved card"] {
        let story = b.new_story(title, now);
        let len = b.stories.len();
        b.insert_story(len, story).unwrap();
    }
    b.update_story("S-6", now, |s| {
        s.as_a = "returning customer".into();
        s.i_want = "to pay with my saved card".into();
        s.so_that = "checkout takes one tap".into();
        s.points = Some(3.0);
        s.moscow = Some(Moscow::Must);
        s.epic = Some("E-1".into());
        s.sprint = Some("SP-3".into());
        s.labels = vec!["payments".into(), "mobile".into()];
        s.requested_by = "Sales".into();
        s.depends_on = vec!["S-4".into()];
        s.rice = Some(Rice {
            reach: 800.0,
            impact: 2.0,
            confidence: 0.8,
            effort: 2.0,
            extra: Map::new(),
        });
        s.description = "Customers who saved a card.\n\n# Notes\nNo 3-D Secure yet.".into();
        s.acceptance = vec![
            Criterion::new("Given a saved card, when I tap Pay, then the order is placed"),
            Criterion {
                text: "The card's last four digits are shown".into(),
                done: true,
                extra: Map::from_iter([("id".to_string(), json!(7))]),
            },
        ];
        s.extra.insert("x-custom".into(), json!({"kept": true}));
    })
    .unwrap();
    b
}

fn story(b: &Backlog) -> Story {
    b.story("S-6").unwrap().clone()
}

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

// ---- property tests -------------------------------------------------------

/// Text fragments that are hard on the document format.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,6}",
        2 => prop::sample::select(vec![
            "- [ ] ", "- [x] ", "* ", "#", "# ", "\\", "Acceptance criteria:", "Description:",
            "Title:", ":", ",", " ", "  ", "\t", "\n", "\n\n", "\r", "\u{FEFF}", "\u{202E}",
            "中文", "👨\u{200D}👩\u{200D}👧", "🇺🇸", "e\u{301}", "\x1b[31m", "S-4", "E-1",
        ])
        .prop_map(str::to_string),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..max).prop_map(|v| v.concat())
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..1000.0f64,
        prop::sample::select(vec![0.0, 0.1, 0.5, 1.0 / 3.0, 13.0, 1e20, 2.5e-7]),
    ]
}

/// Any story, including text the document cannot show as it is.
fn any_story(b: &Backlog) -> impl Strategy<Value = Story> {
    let base = story(b);
    let keys = vec!["S-4".to_string(), "S-5".to_string()];
    (
        (text(6), text(4), text(4), text(4), text(4), text(12)),
        prop::collection::vec((text(6), any::<bool>()), 0..4),
        (
            prop::option::of(number()),
            prop::sample::select(Status::ALL.to_vec()),
            prop::option::of(prop::sample::select(Moscow::ALL.to_vec())),
            prop::option::of(prop::sample::select(vec!["E-1", "E-2", "E-77"])),
            prop::option::of(prop::sample::select(vec!["SP-3", "SP-9"])),
        ),
        prop::collection::vec(text(3), 0..3),
        prop::sample::subsequence(keys, 0..=2),
        prop::option::of((
            number(),
            prop::sample::select(po::model::rice::IMPACTS.to_vec()),
            prop_oneof![0.0..=1.0f64, prop::sample::select(vec![0.0, 0.5, 1.0])],
            prop_oneof![
                0.01..1000.0f64,
                prop::sample::select(vec![0.1, 13.0, 1e20, 2.5e-7])
            ],
        )),
    )
        .prop_map(
            move |(t, criteria, (points, status, moscow, epic, sprint), labels, deps, rice)| {
                let mut s = base.clone();
                (
                    s.title,
                    s.as_a,
                    s.i_want,
                    s.so_that,
                    s.requested_by,
                    s.description,
                ) = t;
                s.acceptance = criteria
                    .into_iter()
                    .map(|(text, done)| Criterion {
                        text,
                        done,
                        extra: Map::new(),
                    })
                    .collect();
                (s.points, s.status, s.moscow) = (points, status, moscow);
                s.epic = epic.map(str::to_string);
                s.sprint = sprint.map(str::to_string);
                s.labels = labels;
                s.depends_on = deps;
                s.rice = rice.map(|(reach, impact, confidence, effort)| Rice {
                    reach,
                    impact,
                    confidence,
                    effort,
                    extra: Map::new(),
                });
                s
            },
        )
}

/// Text a one-line field can hold as typed: no line breaks, trimmed.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], "").trim().to_string()
}

/// A multi-line text as the document reads it back: no `\r` at line ends, no
/// blank lines at the start or end.
fn block(s: &str, keep_blank_inner: bool) -> String {
    let s = s.replace('\r', "");
    let lines: Vec<&str> = s.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(f), Some(l)) => lines[f..=l]
            .iter()
            .map(|line| {
                if keep_blank_inner || !line.trim().is_empty() {
                    *line
                } else {
                    ""
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The story reduced to what an edited document can express exactly.
fn representable(mut s: Story) -> Story {
    for field in [
        &mut s.title,
        &mut s.as_a,
        &mut s.i_want,
        &mut s.so_that,
        &mut s.requested_by,
    ] {
        *field = one_line(field);
    }
    if s.title.is_empty() {
        s.title = "untitled".into();
    }
    if s.epic.as_deref() == Some("E-77") {
        s.epic = None;
    }
    if s.sprint.as_deref() == Some("SP-9") {
        s.sprint = None;
    }
    s.labels = s
        .labels
        .iter()
        .map(|l| one_line(&l.replace(',', "")))
        .filter(|l| !l.is_empty())
        .collect();
    s.description = block(&s.description, true);
    for c in &mut s.acceptance {
        // The first line is kept as written; later blank lines come back empty.
        let text = c.text.replace('\r', "");
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let rest = block(rest, false);
        c.text = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}\n{rest}")
        };
        if c.text.trim().is_empty() && c.text.contains('\n') {
            c.text.clear();
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Opening the editor and saving without a change never alters a story.
    #[test]
    fn an_untouched_document_round_trips_any_story(s in any_story(&backlog())) {
        let b = backlog();
        prop_assert_eq!(apply(&render(&s, &b), &s, &b), Ok(s));
    }

    /// Every field read from text (nothing kept from the stored story) gives
    /// back the story, for everything the document can express.
    #[test]
    fn the_parser_reads_back_what_render_wrote(s in any_story(&backlog())) {
        let b = backlog();
        let s = representable(s);
        let mut blank = Story::new(s.key.clone(), "blank", s.created);
        blank.updated = s.updated;
        blank.extra = s.extra.clone();
        let doc = render(&s, &b);
        prop_assert_eq!(apply(&doc, &blank, &b), Ok(s), "{}", doc);
    }

    /// Arbitrary text never panics the parser; an error names a line of the document.
    #[test]
    fn any_document_is_applied_or_refused_with_a_line(doc in text(30)) {
        let b = backlog();
        let s = story(&b);
        if let Err(e) = apply(&doc, &s, &b) {
            prop_assert!(e.line >= 1 && e.line <= doc.split('\n').count(), "{}", e);
        }
    }
}
