//! Unknown fields through a load and a save: kept as the file had them, at
//! any depth, by the store's own encoder (not serde's fallback).

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

    // An exponent keeps its value and stays an exponent; only its spelling
    // becomes serde_json's (`1e2` and `1E+2` are written `1e+2`).
    let other = text.replace("1e+2", "1e2").replace("1e-7", "1E-7");
    let backlog = store::parse(Path::new("/t/backlog.json"), other.as_bytes()).unwrap();
    let saved = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    assert_eq!(saved, text);
}
