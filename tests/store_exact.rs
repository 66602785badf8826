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
