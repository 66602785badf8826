//! Files po cannot read: every one gives a one-line error that names the file
//! and where the problem is, never a panic, and the file is left byte-identical.

mod store_support;

use std::fs;
use std::path::Path;

use po::store::{Access, Store, StoreError, backup_path};
use serde_json::json;
use store_support::{fixture_text, fixture_with, listing, temp};

/// Opens `bytes` as a backlog file in every access mode; each must fail
/// without touching the file. Returns the message (the same for every mode).
fn refused(bytes: &[u8]) -> (StoreError, String) {
    let (dir, path) = temp();
    fs::write(&path, bytes).unwrap();
    let mut first = None;
    for access in [Access::Read, Access::Write, Access::PreferWrite] {
        let err = match Store::open(&path, access, true) {
            Ok(_) => panic!("opened a bad file with {access:?}"),
            Err(e) => e,
        };
        let message = err.to_string();
        assert_file_untouched(dir.path(), &path, bytes);
        assert_one_clear_line(&message, &path);
        match &first {
            None => first = Some((err, message)),
            Some((_, m)) => assert_eq!(m, &message, "{access:?} says something else"),
        }
    }
    first.unwrap()
}

fn assert_file_untouched(dir: &Path, path: &Path, bytes: &[u8]) {
    assert!(fs::read(path).unwrap() == bytes, "the file was changed");
    assert!(!backup_path(path).exists(), "a backup was written");
    for name in listing(dir) {
        assert!(
            name == "backlog.json" || name == "backlog.json.lock",
            "left behind: {name}"
        );
    }
}

fn assert_one_clear_line(message: &str, path: &Path) {
    assert!(!message.is_empty());
    assert!(!message.contains('\n'), "not one line: {message}");
    assert!(
        message.contains(&*path.to_string_lossy()),
        "no file name in: {message}"
    );
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + 1
}

fn parse_error(err: &StoreError) -> (usize, usize, &str, &str) {
    match err {
        StoreError::Parse {
            line,
            column,
            at,
            message,
            ..
        } => (*line, *column, at.as_str(), message.as_str()),
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn a_wrong_type_names_the_line_column_and_field_path() {
    let text = fixture_with("/stories/3/points", json!("three"));
    let (err, message) = refused(text.as_bytes());
    let (line, column, at, what) = parse_error(&err);
    assert_eq!(line, line_of(&text, "\"points\": \"three\""));
    assert!(column > 0);
    assert_eq!(at, ", at stories[3].points");
    assert!(what.contains("invalid type"), "{what}");
    assert!(
        message.contains(&format!(
            "line {line}, column {column}, at stories[3].points"
        )),
        "{message}"
    );
    assert!(message.contains(".bak"), "{message}");
}

#[test]
fn a_negative_number_is_refused_with_its_field() {
    let text = fixture_with("/sprints/0/capacity", json!(-5));
    let (err, _) = refused(text.as_bytes());
    let (line, _, at, what) = parse_error(&err);
    assert_eq!(line, line_of(&text, "\"capacity\": -5"));
    assert_eq!(at, ", at sprints[0].capacity");
    assert!(what.contains("non-negative"), "{what}");
}

#[test]
fn a_missing_required_field_names_the_element() {
    let mut value = store_support::fixture_value();
    value["stories"][1].as_object_mut().unwrap().remove("title");
    let text = serde_json::to_string_pretty(&value).unwrap();
    let (err, _) = refused(text.as_bytes());
    let (_, _, at, what) = parse_error(&err);
    assert_eq!(at, ", at stories[1]");
    assert!(what.contains("missing field `title`"), "{what}");
}

#[test]
fn an_unknown_status_names_the_allowed_values() {
    let text = fixture_with("/stories/2/status", json!("blocked"));
    let (err, _) = refused(text.as_bytes());
    let (line, _, at, what) = parse_error(&err);
    assert_eq!(line, line_of(&text, "\"blocked\""));
    assert_eq!(at, ", at stories[2].status");
    assert!(
        what.contains("todo") && what.contains("in_progress"),
        "{what}"
    );
}

#[test]
fn a_bad_date_names_its_field() {
    let text = fixture_with("/requests/0/received", json!("yesterday"));
    let (err, _) = refused(text.as_bytes());
    assert_eq!(parse_error(&err).2, ", at requests[0].received");
}

#[test]
fn broken_json_names_the_line_and_column() {
    let text = fixture_text().replacen("\"requests\": 4,", "\"requests\": 4", 1);
    let (err, message) = refused(text.as_bytes());
    let (line, column, _, what) = parse_error(&err);
    assert_eq!(line, line_of(&text, "\"x_next\""));
    assert!(column > 0, "{message}");
    assert!(what.contains("expected"), "{what}");
}

#[test]
fn a_truncated_file_says_where_it_ends() {
    let text = fixture_text();
    let cut = &text.as_bytes()[..text.len() / 2];
    let (err, _) = refused(cut);
    let (line, _, _, what) = parse_error(&err);
    assert_eq!(line, String::from_utf8_lossy(cut).lines().count());
    assert!(what.contains("EOF"), "{what}");
}

#[test]
fn trailing_garbage_after_the_backlog_is_refused() {
    let text = format!("{}}}", fixture_text());
    let (err, _) = refused(text.as_bytes());
    assert!(parse_error(&err).3.contains("trailing"), "{err}");
}

#[test]
fn an_empty_file_says_it_is_empty() {
    let (err, message) = refused(b"");
    assert!(matches!(err, StoreError::Empty { .. }), "{message}");
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn a_file_that_is_not_a_po_backlog_says_so() {
    let (err, message) = refused(br#"{"format": "todo-txt", "version": 1}"#);
    assert!(
        matches!(&err, StoreError::WrongFormat { found, .. } if found == "todo-txt"),
        "{message}"
    );
    let (err, _) = refused(br#"{"version": 1, "stories": []}"#);
    assert!(matches!(err, StoreError::WrongFormat { .. }), "{err}");
    let (err, _) = refused(br#"{"format": 7, "version": 1}"#);
    assert!(matches!(err, StoreError::WrongFormat { .. }), "{err}");
    // The format is checked even when everything else would parse.
    let text = fixture_with("/format", json!("po-backlog-v2"));
    let (err, _) = refused(text.as_bytes());
    assert!(matches!(err, StoreError::WrongFormat { .. }), "{err}");
}

#[test]
fn a_file_that_is_not_an_object_is_refused() {
    for text in ["[]", "[1, 2]", "\"text\"", "null", "42", "true"] {
        let (err, message) = refused(text.as_bytes());
        assert!(matches!(err, StoreError::Parse { .. }), "{text}: {message}");
        assert!(message.contains("expected a JSON object"), "{message}");
    }
}

#[test]
fn invalid_utf8_names_the_line() {
    let text = fixture_text();
    let mut bytes = text.clone().into_bytes();
    let at = text.find("Half a point").unwrap();
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    let (err, _) = refused(&bytes);
    let (line, _, _, what) = parse_error(&err);
    assert_eq!(line, line_of(&text, "Half a point"));
    assert!(what.contains("unicode") || what.contains("UTF-8"), "{what}");
}

#[test]
fn a_version_of_the_wrong_type_is_a_parse_error_at_version() {
    for version in [json!("1"), json!(-1), json!(1.5), json!(null)] {
        let text = fixture_with("/version", version.clone());
        let (err, _) = refused(text.as_bytes());
        assert_eq!(parse_error(&err).2, ", at version", "{version}");
    }
}

#[test]
fn a_ten_megabyte_title_is_read_and_written_back() {
    let (_dir, path) = temp();
    let big = "x".repeat(10 << 20);
    let text = fixture_with("/stories/0/title", json!(big));
    fs::write(&path, &text).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    assert_eq!(opened.backlog.stories[0].title.len(), 10 << 20);
    opened.store.save(&opened.backlog).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn text_from_the_file_in_a_message_cannot_drive_the_terminal() {
    let text = fixture_with(
        "/stories/2/status",
        json!("\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}"),
    );
    let (_, message) = refused(text.as_bytes());
    assert!(
        !message.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "raw control characters in: {message:?}"
    );
}

#[test]
fn a_huge_wrong_value_gives_a_short_message() {
    let text = fixture_with("/stories/0/points", json!("9".repeat(10 << 20)));
    let (err, message) = refused(text.as_bytes());
    assert_eq!(parse_error(&err).2, ", at stories[0].points");
    assert!(message.len() < 600, "{} bytes", message.len());
}

#[test]
fn deep_nesting_is_refused_with_a_short_message() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", "{\"\\u001b\": ".repeat(depth), "}".repeat(depth));
    for (field, start, nested) in [("x_rice", "1e-7", &arrays), ("x_story", "{", &objects)] {
        let text = fixture_text().replacen(
            &format!("\"{field}\": {start}"),
            &format!("\"{field}\": {nested}, \"was\": {start}"),
            1,
        );
        assert!(text.len() > 2 * depth, "{field} not replaced");
        let (err, message) = refused(text.as_bytes());
        let (line, column, at, what) = parse_error(&err);
        assert_eq!(line, line_of(&text, &format!("\"{field}\"")));
        assert!(column > 0);
        assert!(at.starts_with(", at stories[0]."), "{at}");
        assert!(what.contains("recursion limit"), "{what}");
        assert!(message.len() < 600, "{} bytes: {message}", message.len());
        assert!(!message.contains('\u{1b}'), "{message}");
    }
}

#[test]
fn every_syntax_error_has_a_real_position_and_no_placeholder_path() {
    let text = fixture_text();
    for bad in [
        "[]",
        "{",
        "{\"format\": \"po-backlog\", \"vers",
        &text[..text.find("Half a point").unwrap() + 4],
    ] {
        let (err, message) = refused(bad.as_bytes());
        let (line, column, at, _) = parse_error(&err);
        assert!(line >= 1 && column >= 1, "{message}");
        assert!(!at.contains('?'), "{message}");
    }
}

#[test]
fn a_file_of_only_whitespace_is_called_empty_without_claiming_zero_bytes() {
    let (err, message) = refused(b"  \n\t\r\n ");
    assert!(matches!(err, StoreError::Empty { .. }), "{message}");
    assert!(!message.contains("0 bytes"), "{message}");
}

#[test]
fn a_version_beyond_any_real_one_is_not_shown_as_a_different_number() {
    let text = fixture_with("/version", json!(99_999_999_999_u64));
    let (err, message) = refused(text.as_bytes());
    assert!(!message.contains("4294967295"), "{message}");
    assert_eq!(parse_error(&err).2, ", at version", "{message}");
}

#[test]
fn the_format_is_judged_before_the_version_and_the_version_before_the_fields() {
    let (err, _) = refused(br#"{"format": "kanban", "version": 99, "stories": 3}"#);
    assert!(matches!(err, StoreError::WrongFormat { .. }), "{err}");
    let (err, _) = refused(br#"{"format": "po-backlog", "version": 99, "stories": 3}"#);
    assert!(
        matches!(err, StoreError::TooNew { version: 99, .. }),
        "{err}"
    );
    let (err, _) = refused(br#"{"format": "po-backlog", "version": 1, "stories": 3}"#);
    assert_eq!(parse_error(&err).2, ", at stories");
}
