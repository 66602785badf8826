//! Unknown fields through a load and a save: kept as the file had them, at
//! any depth, by the store's own encoder (not serde's fallback).

mod cli_support;

use std::path::Path;

use po::model::Backlog;
use po::store;
use serde_json::{Value, json};

/// What serde's derived `Serialize` writes: the reference for the encoder.
fn reference_encoding(backlog: &Backlog) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(backlog).unwrap();
    bytes.push(b'\n');
    bytes
}

/// Objects and arrays nested `depth` levels deep, alternating.
fn nested(depth: usize) -> Value {
    (0..depth).fold(json!("leaf"), |inner, level| {
        if level % 2 == 0 {
            json!([inner, level])
        } else {
            json!({ "level": level, "inner": inner })
        }
    })
}

#[test]
fn unknown_fields_nested_deeper_than_the_indent_table_are_written_as_serde_writes_them() {
    // The encoder indents from a table good for 16 levels and builds deeper
    // indentation by hand: a story's unknown field 40 levels down goes
    // through that second path at every level past 16.
    let mut backlog = Backlog::new("Deep");
    let mut story = backlog.new_story("Deep", po::model::now());
    story.extra.insert("x_deep".into(), nested(40));
    backlog.insert_story(0, story).unwrap();
    backlog.extra.insert("x_deep".into(), nested(40));

    let bytes = store::encode(&backlog).unwrap();
    assert_eq!(
        String::from_utf8(bytes.clone()).unwrap(),
        String::from_utf8(reference_encoding(&backlog)).unwrap()
    );
    let deepest = " ".repeat(2 * 43);
    assert!(
        String::from_utf8_lossy(&bytes).contains(&format!("\n{deepest}\"leaf\"")),
        "the leaf of the story's field sits 43 levels deep"
    );
    let back = store::parse(Path::new("/t/backlog.json"), &bytes).unwrap();
    assert_eq!(back, backlog);
}

/// A po file whose unknown fields hold what a `Value` of f64 and u64 could
/// not keep: integers beyond 64 bits, more digits than an f64 has, trailing
/// zeros, minus zero, exponents (in the form serde_json writes: `e`, a sign).
fn file_with_exact_numbers() -> String {
    let mut backlog = Backlog::new("Exact");
    let story = backlog.new_story("Exact", po::model::now());
    backlog.insert_story(0, story).unwrap();
    let mut text = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    let numbers = r#"{
        "big": 123456789012345678901234567890,
        "negative_big": -98765432109876543210,
        "hundred": 1e+2,
        "precise": 0.10000000000000000000000001,
        "trailing": 1.50,
        "minus_zero": -0,
        "list": [
          1e-7,
          18446744073709551616
        ]
      }"#;
    let done_at = "\"done_at\": null\n";
    let at = text.find(done_at).unwrap() + done_at.len() - 1;
    text.insert_str(at, &format!(",\n      \"x_numbers\": {numbers}"));
    text
}

#[test]
fn unknown_numbers_keep_their_exact_text_through_a_load_and_a_save() {
    let text = file_with_exact_numbers();
    let backlog = store::parse(Path::new("/t/backlog.json"), text.as_bytes()).unwrap();
    let saved = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    assert_eq!(saved, text);
    // Through the store too: open and save rewrite the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    std::fs::write(&path, &text).unwrap();
    let mut opened = store::Store::open(&path, store::Access::Write, false).unwrap();
    opened.store.save(&opened.backlog).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// Opens `text` as a file through the store, saves it unchanged, and returns
/// what the file then holds.
fn saved_through_the_store(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    std::fs::write(&path, text).unwrap();
    let mut opened = store::Store::open(&path, store::Access::Write, false).unwrap();
    opened.store.save(&opened.backlog).unwrap();
    std::fs::read_to_string(&path).unwrap()
}

/// A po file with one story whose unknown field `x_other` holds `value`,
/// written in po's layout, so that a save must give back the same bytes.
fn file_with_unknown(value: &str) -> String {
    let mut backlog = Backlog::new("Spelled");
    let story = backlog.new_story("Spelled", po::model::now());
    backlog.insert_story(0, story).unwrap();
    let mut text = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    let done_at = "\"done_at\": null\n";
    let at = text.find(done_at).unwrap() + done_at.len() - 1;
    text.insert_str(at, &format!(",\n      \"x_other\": {value}"));
    text
}

#[test]
fn unknown_values_keep_the_files_spelling_of_exponents_escapes_and_repeated_keys() {
    // Each of these serde_json alone would write differently: `1e+2`, `0.002`
    // as `2e-3`, `é` for its escape, and one `a` for the two.
    let value = r#"{
        "hundred": 1e2,
        "upper": 1E2,
        "small": 2E-3,
        "escaped": "caf\u00e9 \/ done",
        "twice": {
          "a": 1,
          "a": 2
        },
        "list": [
          1E2,
          {
            "inner": 5e0
          }
        ],
        "plain": 1e+2
      }"#;
    let text = file_with_unknown(value);
    assert_eq!(saved_through_the_store(&text), text);
}

#[test]
fn unknown_values_written_compactly_keep_their_spelling_in_pos_layout() {
    let compact = file_with_unknown(r#"{"n":1E2,"twice":{"a":1,"a":[]},"e":{}}"#);
    let expected = file_with_unknown(
        r#"{
        "n": 1E2,
        "twice": {
          "a": 1,
          "a": []
        },
        "e": {}
      }"#,
    );
    assert_eq!(saved_through_the_store(&compact), expected);
}

#[test]
fn an_unknown_value_changed_in_memory_is_written_in_serde_jsons_spelling() {
    let text = file_with_unknown("1E2");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    std::fs::write(&path, &text).unwrap();
    let mut opened = store::Store::open(&path, store::Access::Write, false).unwrap();
    let mut story = (*opened.backlog.stories[0]).clone();
    story
        .extra
        .insert("x_other".into(), serde_json::from_str("3E1").unwrap());
    opened.backlog.stories[0] = std::sync::Arc::new(story);
    opened.store.save(&opened.backlog).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\"x_other\": 3e+1"), "{saved}");
}

#[test]
fn a_cli_edit_keeps_the_spelling_of_unknown_values_it_did_not_touch() {
    let text = file_with_unknown(r#"{"n": 1E2, "twice": {"a": 1, "a": 2}}"#);
    let sb = cli_support::Sandbox::new();
    let file = sb.path("b.json");
    std::fs::write(&file, &text).unwrap();
    let key = store::parse(&file, text.as_bytes()).unwrap().stories[0]
        .key
        .clone();
    sb.ok(&file, &["edit", &key, "--points", "3"]);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"n\": 1E2"), "{saved}");
    assert!(saved.contains("\"a\": 1,\n          \"a\": 2"), "{saved}");
}
