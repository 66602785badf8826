//! The file's bytes through the fast load and save paths: the same bytes as
//! serde's derived output, unknown fields kept in their order at every level,
//! and errors that still name the line, column and field path.

mod store_support;

use std::fs;
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use po::model::{Backlog, sample};
use po::store::{self, Access, Store, StoreError, backup_path};
use serde_json::{Map, Value, json};
use store_support::{fixture_text, fixture_value, random, temp};

/// What serde's derived `Serialize` writes for a backlog: the reference the
/// store's encoder must match byte for byte.
fn reference_encoding(backlog: &Backlog) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(backlog).unwrap();
    bytes.push(b'\n');
    bytes
}

fn parse(text: &str) -> Result<Backlog, StoreError> {
    store::parse(Path::new("/t/backlog.json"), text.as_bytes())
}

fn parse_error(text: &str) -> (usize, String, String) {
    match parse(text) {
        Err(StoreError::Parse {
            line, at, message, ..
        }) => (line, at, message),
        Err(other) => panic!("expected a parse error, got {other}"),
        Ok(_) => panic!("parsed a bad file"),
    }
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + 1
}

/// Every object of the fixture that has an `extra` map, as JSON pointers.
const OBJECTS: [&str; 8] = [
    "",
    "/product",
    "/epics/0",
    "/stories/0",
    "/stories/0/acceptance/0",
    "/stories/0/rice",
    "/sprints/0",
    "/requests/0",
];

/// The fixture with three more unknown fields in every object: one before
/// the known fields, one among them and one after, in non-alphabetical order.
fn fixture_with_unknowns_everywhere() -> Value {
    let mut value = fixture_value();
    for pointer in OBJECTS {
        let object = value.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
        let mut reordered = Map::new();
        reordered.insert("zz_first".into(), json!({"deep": [1, {"x": null}]}));
        let middle = object.len() / 2;
        for (i, (k, v)) in std::mem::take(object).into_iter().enumerate() {
            if i == middle {
                reordered.insert("mm_middle".into(), json!("text \"quoted\"\n"));
            }
            reordered.insert(k, v);
        }
        reordered.insert("aa_last".into(), json!(-2.5));
        *object = reordered;
    }
    value
}

fn unknown_keys(object: &Value) -> Vec<&str> {
    object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| k.starts_with("x_") || ["zz_first", "mm_middle", "aa_last"].contains(k))
        .collect()
}

#[test]
fn unknown_fields_at_every_level_survive_a_save_in_their_order() {
    let (_dir, path) = temp();
    let value = fixture_with_unknowns_everywhere();
    fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    let mut backlog = opened.backlog.clone();
    backlog.product.vision = "Changed, so the file is written again".into();
    opened.store.save(&backlog).unwrap();

    let saved: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    for pointer in OBJECTS {
        let before = value.pointer(pointer).unwrap();
        let after = saved.pointer(pointer).unwrap();
        assert_eq!(unknown_keys(after), unknown_keys(before), "at {pointer:?}");
        assert!(unknown_keys(after).len() >= 3, "at {pointer:?}");
        for key in unknown_keys(before) {
            assert_eq!(after[key], before[key], "{pointer}/{key}");
        }
    }
    // Saving again changes nothing: the order is stable, not just kept once.
    drop(opened);
    let once = fs::read(&path).unwrap();
    let mut again = Store::open(&path, Access::Write, false).unwrap();
    again.store.save(&again.backlog).unwrap();
    assert!(fs::read(&path).unwrap() == once, "a second save differs");
}

#[test]
fn the_encoder_writes_what_serde_would_for_the_fixture_and_the_sample() {
    let with_unknowns = serde_json::to_string(&fixture_with_unknowns_everywhere()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for backlog in [
        parse(&fixture_text()).unwrap(),
        parse(&with_unknowns).unwrap(),
        sample::generate("Sample", 300, 7, today),
        Backlog::new("Empty"),
    ] {
        assert!(
            store::encode(&backlog).unwrap() == reference_encoding(&backlog),
            "{} differs",
            backlog.product.name
        );
        let stories: Vec<&po::model::Story> = backlog.stories.iter().map(|s| &**s).collect();
        let mut listed = serde_json::to_vec_pretty(&stories).unwrap();
        listed.push(b'\n');
        assert!(
            store::encode_stories(&stories).unwrap() == listed,
            "the stories of {} differ",
            backlog.product.name
        );
    }
}

#[test]
fn a_blocker_and_an_assignee_are_read_and_written_as_serde_would_and_old_files_have_none() {
    let old = parse(&fixture_text()).unwrap();
    assert!(
        old.stories
            .iter()
            .all(|s| s.blocked.is_none() && s.assignee.is_none())
    );
    let written = String::from_utf8(store::encode(&old).unwrap()).unwrap();
    assert!(!written.contains("\"blocked\"") && !written.contains("\"assignee\""));
    let mut value = fixture_value();
    let story = value
        .pointer_mut("/stories/0")
        .unwrap()
        .as_object_mut()
        .unwrap();
    story.insert("assignee".into(), json!("Maya"));
    story.insert(
        "blocked".into(),
        json!({"reason": "waiting for \"API\" keys", "since": "2026-11-27T10:00:00Z", "ticket": 7}),
    );
    let mut text = serde_json::to_string_pretty(&value).unwrap();
    text.push('\n');
    let backlog = parse(&text).unwrap();
    let story = &backlog.stories[0];
    assert_eq!(story.assignee.as_deref(), Some("Maya"));
    let blocked = story.blocked.as_ref().unwrap();
    assert_eq!(blocked.reason, "waiting for \"API\" keys");
    assert_eq!(blocked.since.to_rfc3339(), "2026-11-27T10:00:00+00:00");
    assert_eq!(
        blocked.extra["ticket"],
        json!(7),
        "unknown fields of a blocker are kept"
    );
    assert!(store::encode(&backlog).unwrap() == reference_encoding(&backlog));
    assert_eq!(
        parse(&String::from_utf8(store::encode(&backlog).unwrap()).unwrap()).unwrap(),
        backlog
    );
}

#[test]
fn timestamps_outside_the_plain_form_are_written_as_chrono_writes_them() {
    let mut backlog = parse(&fixture_text()).unwrap();
    let times: Vec<DateTime<Utc>> = vec![
        Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
        Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
        Utc.timestamp_opt(1_800_000_000, 500_000_000).unwrap(),
        Utc.timestamp_opt(1_800_000_000, 123_456_789).unwrap(),
        Utc.timestamp_opt(1_800_000_000, 1_000).unwrap(),
        // A leap second, as chrono keeps it.
        Utc.timestamp_opt(1_483_228_799, 1_000_000_000).unwrap(),
    ];
    for time in times {
        let mut story = (*backlog.stories[0]).clone();
        story.created = time;
        story.done_at = Some(time);
        backlog.stories[0] = story.into();
        backlog.requests[0].received = time;
        let bytes = store::encode(&backlog).unwrap();
        assert!(bytes == reference_encoding(&backlog), "{time:?} differs");
        let back = store::parse(Path::new("/t/b.json"), &bytes).unwrap();
        assert_eq!(back.stories[0].created, time);
        assert_eq!(back.requests[0].received, time);
    }
}

#[test]
fn timestamps_in_other_rfc_3339_forms_are_read_as_before() {
    for (text, expected) in [
        ("2026-11-01T09:30:00Z", "2026-11-01T09:30:00Z"),
        ("2026-11-01t09:30:00z", "2026-11-01T09:30:00Z"),
        ("2026-11-01 09:30:00Z", "2026-11-01T09:30:00Z"),
        ("2026-11-01T09:30:00+02:00", "2026-11-01T07:30:00Z"),
        ("2026-11-01T09:30:00.250-01:30", "2026-11-01T11:00:00.250Z"),
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ] {
        let file = fixture_value_with("/stories/0/created", json!(text));
        let backlog = parse(&file).unwrap_or_else(|e| panic!("{text}: {e}"));
        let written = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
        assert!(
            written.contains(&format!("\"created\": \"{expected}\"")),
            "{text} was written differently"
        );
    }
}

fn fixture_value_with(pointer: &str, value: Value) -> String {
    let mut v = fixture_value();
    *v.pointer_mut(pointer).unwrap() = value;
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn bad_timestamps_name_their_field_and_say_what_is_wrong() {
    for (value, says) in [
        (json!("2026-02-30T09:30:00Z"), "out of range"),
        (json!("2026-11-01T24:00:00Z"), "out of range"),
        (json!("2026-11-01T09:30:00"), "premature end"),
        (json!("2026-11-01T09:30:00Zx"), "trailing input"),
        (json!("yesterday"), "invalid"),
        (
            json!(5),
            "expected an RFC 3339 formatted date and time string",
        ),
        (
            json!(null),
            "expected an RFC 3339 formatted date and time string",
        ),
    ] {
        for (pointer, path) in [
            ("/stories/1/updated", "stories[1].updated"),
            ("/stories/0/done_at", "stories[0].done_at"),
            ("/requests/0/received", "requests[0].received"),
        ] {
            if value.is_null() && pointer.ends_with("done_at") {
                continue; // null is "not done"
            }
            let text = fixture_value_with(pointer, value.clone());
            let (_, at, message) = parse_error(&text);
            assert_eq!(at, format!(", at {path}"), "{value}");
            assert!(message.contains(says), "{value} at {path}: {message}");
        }
    }
}

#[test]
fn a_duplicate_field_names_the_object_it_is_in() {
    let text = fixture_text();
    for (known, doubled, expected_at) in [
        (
            "\"title\": \"Half a point\",",
            "\"title\": \"Half a point\", \"title\": \"Again\",",
            ", at stories[1]",
        ),
        (
            "\"done\": false,",
            "\"done\": false, \"done\": true,",
            ", at stories[0].acceptance[0]",
        ),
        (
            "\"capacity\": 30,",
            "\"capacity\": 30, \"capacity\": 31,",
            ", at sprints[0]",
        ),
        (
            "\"stories\": 43,",
            "\"stories\": 43, \"stories\": 44,",
            ", at next_keys",
        ),
    ] {
        let bad = text.replacen(known, doubled, 1);
        let (line, at, message) = parse_error(&bad);
        assert_eq!(line, line_of(&bad, doubled), "{doubled}");
        assert_eq!(at, expected_at, "{doubled}");
        assert!(message.starts_with("duplicate field `"), "{message}");
    }
}

#[test]
fn a_wrong_type_names_its_path_at_every_level() {
    for (pointer, value, at) in [
        ("/next_keys/stories", json!("43"), "next_keys.stories"),
        ("/product/name", json!(7), "product.name"),
        ("/epics/0/title", json!([]), "epics[0].title"),
        ("/stories/0/labels/1", json!(2), "stories[0].labels[1]"),
        (
            "/stories/0/acceptance/0/done",
            json!("no"),
            "stories[0].acceptance[0].done",
        ),
        (
            "/stories/0/rice/effort",
            json!("2"),
            "stories[0].rice.effort",
        ),
        ("/stories/3/moscow", json!("maybe"), "stories[3].moscow"),
        ("/sprints/0/start", json!("soon"), "sprints[0].start"),
        ("/sprints/0/state", json!(1), "sprints[0].state"),
        ("/requests/0/state", json!("lost"), "requests[0].state"),
    ] {
        let text = fixture_value_with(pointer, value.clone());
        let (line, got, _) = parse_error(&text);
        assert_eq!(got, format!(", at {at}"), "{pointer} = {value}");
        assert!(line > 1, "{pointer}");
    }
}

#[test]
fn the_fast_and_the_explaining_parse_agree_on_the_message() {
    // The same bad value read once as UTF-8 text and once with an invalid
    // byte elsewhere (which only the explaining parser reads): the message
    // for the first error in the file is the same.
    let text = fixture_value_with("/stories/2/points", json!(-1));
    let (line, at, message) = parse_error(&text);
    let mut bytes = text.clone().into_bytes();
    let late = text.rfind("Export invoices").unwrap();
    bytes[late] = 0xff;
    match store::parse(Path::new("/t/backlog.json"), &bytes) {
        Err(StoreError::Parse {
            line: l,
            at: a,
            message: m,
            ..
        }) => assert_eq!((l, a, m), (line, at, message)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_first_save_keeps_the_previous_file_as_bak_and_later_saves_leave_it() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    let mut backlog = opened.backlog.clone();
    for name in ["one", "two", "three"] {
        backlog.product.name = name.into();
        opened.store.save(&backlog).unwrap();
        assert_eq!(
            fs::read_to_string(backup_path(&path)).unwrap(),
            fixture_text()
        );
    }
    // The backup is a file of its own: changing the backlog in place (as an
    // editor may) does not change it.
    drop(opened);
    fs::write(&path, "changed in place").unwrap();
    assert_eq!(
        fs::read_to_string(backup_path(&path)).unwrap(),
        fixture_text()
    );
}

proptest::proptest! {
    #[test]
    fn any_backlog_is_encoded_as_serde_would_and_reads_back_equal(backlog in random::backlog()) {
        match store::encode(&backlog) {
            Ok(bytes) => {
                proptest::prop_assert!(bytes == reference_encoding(&backlog));
                // `po list --json` writes its stories the same way.
                let stories: Vec<&po::model::Story> = backlog.stories.iter().map(|s| &**s).collect();
                let mut listed = serde_json::to_vec_pretty(&stories).unwrap();
                listed.push(b'\n');
                proptest::prop_assert!(store::encode_stories(&stories).unwrap() == listed);
                let back = store::parse(Path::new("/t/b.json"), &bytes).unwrap();
                proptest::prop_assert_eq!(back, backlog);
            }
            // Only a number the file cannot hold is refused, as serde refuses it.
            Err(e) => {
                proptest::prop_assert!(serde_json::to_vec_pretty(&backlog).is_err(), "{}", e);
            }
        }
    }
}

#[test]
fn conflicts_are_written_only_when_there_are_some_and_read_back() {
    let mut backlog = parse(&fixture_text()).unwrap();
    let without = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    assert!(!without.contains("\"conflicts\""), "{without}");
    backlog.conflicts.push(po::model::Conflict {
        entity: po::model::Entity::Story,
        key: "S-1".into(),
        field: "title".into(),
        base: json!("Old"),
        ours: json!("Ours"),
        theirs: json!(null),
        extra: Map::new(),
    });
    let bytes = store::encode(&backlog).unwrap();
    assert!(bytes == reference_encoding(&backlog));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"conflicts\": [\n    {\n      \"entity\": \"story\",\n      \"key\": \"S-1\",\n      \"field\": \"title\",\n      \"base\": \"Old\",\n      \"ours\": \"Ours\",\n      \"theirs\": null\n    }\n  ]"), "{text}");
    assert_eq!(parse(&text).unwrap(), backlog);
}

#[test]
fn an_epic_outcome_is_written_only_when_set_and_an_old_file_still_opens() {
    let mut backlog = parse(&fixture_text()).unwrap();
    assert!(backlog.epics.iter().all(|e| e.outcome.is_none()));
    let without = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    assert!(!without.contains("\"outcome\""), "{without}");
    backlog.epics[0].outcome = Some(po::model::EpicOutcome {
        metric: "checkout conversion".into(),
        unit: "%".into(),
        baseline: Some(2.1),
        target: Some(3.0),
        measured: Some(2.4),
        measured_on: NaiveDate::from_ymd_opt(2026, 11, 1),
        extra: Map::new(),
    });
    let bytes = store::encode(&backlog).unwrap();
    assert!(bytes == reference_encoding(&backlog));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"outcome\": {\n        \"metric\": \"checkout conversion\",\n        \"unit\": \"%\",\n        \"baseline\": 2.1,\n        \"target\": 3,\n        \"measured\": 2.4,\n        \"measured_on\": \"2026-11-01\"\n      }"), "{text}");
    assert_eq!(parse(&text).unwrap(), backlog);
}

#[test]
fn split_from_is_read_and_written_as_serde_would_and_old_files_have_none() {
    let old = parse(&fixture_text()).unwrap();
    assert!(old.stories.iter().all(|s| s.split_from.is_none()));
    let written = String::from_utf8(store::encode(&old).unwrap()).unwrap();
    assert!(!written.contains("\"split_from\""));
    let mut value = fixture_value();
    let story = value
        .pointer_mut("/stories/0")
        .unwrap()
        .as_object_mut()
        .unwrap();
    story.insert("split_from".into(), json!("S-1"));
    let mut text = serde_json::to_string_pretty(&value).unwrap();
    text.push('\n');
    let backlog = parse(&text).unwrap();
    assert_eq!(backlog.stories[0].split_from.as_deref(), Some("S-1"));
    let ours = store::encode(&backlog).unwrap();
    let serdes = serde_json::to_vec_pretty(&backlog).unwrap();
    assert_eq!(
        String::from_utf8(ours).unwrap().trim_end(),
        String::from_utf8(serdes).unwrap().trim_end()
    );
}
