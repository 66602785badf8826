//! Property tests of the `$EDITOR` document of a story: any story
//! round-trips untouched, the parser reads back what render wrote, and any
//! text is applied or refused with a line.

mod story_doc_support;

use po::model::{Backlog, Criterion, Moscow, Rice, Status, Story};
use po::tui::story_doc::{apply, render};
use proptest::prelude::*;
use serde_json::Map;
use story_doc_support::{backlog, story};

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
