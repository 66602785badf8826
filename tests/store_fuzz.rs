//! The loader under attack: random bytes, truncations, byte mutations, deep
//! nesting and wrong types in every field. Every input either loads or gives
//! a clear one-line error; nothing panics; what loads saves back stably.
//!
//! The default run is quick. `PO_FUZZ_CASES=20000 cargo test --release --test
//! store_fuzz` runs more random cases and mutates every byte of the fixture.

mod store_support;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use po::model::Backlog;
use po::store::{self, Access, Store, StoreError};
use proptest::prelude::*;
use serde_json::{Value, json};
use store_support::{fixture_text, fixture_value, temp};

/// How many random cases to run; also widens the exhaustive loops.
fn cases() -> u32 {
    std::env::var("PO_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Whether to run the exhaustive variants (every byte, every mutation).
fn thorough() -> bool {
    cases() > 1000
}

/// Parses `bytes`, turning a panic into a test failure that names the input.
fn load(bytes: &[u8], what: &dyn Fn() -> String) -> Result<Backlog, StoreError> {
    let path = Path::new("/fuzz/backlog.json");
    match catch_unwind(AssertUnwindSafe(|| store::parse(path, bytes))) {
        Ok(result) => result,
        Err(_) => panic!("the loader panicked on {}", what()),
    }
}

/// What every outcome must satisfy.
fn assert_sound(result: &Result<Backlog, StoreError>, what: &dyn Fn() -> String) {
    match result {
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains("/fuzz/backlog.json"),
                "{}: {message}",
                what()
            );
            assert!(!message.contains('\n'), "{}: {message}", what());
            assert!(message.len() < 1000, "{}: {} bytes", what(), message.len());
            if let StoreError::Parse { line, column, .. } = e {
                assert!(*line >= 1 && *column >= 1, "{}: {message}", what());
            }
        }
        Ok(backlog) => {
            // What loads can be saved, and saving is stable.
            let once = store::encode(backlog).unwrap_or_else(|e| panic!("{}: {e}", what()));
            let again = load(&once, what).unwrap_or_else(|e| panic!("{}: {e}", what()));
            assert_eq!(store::encode(&again).unwrap(), once, "{}: unstable", what());
        }
    }
}

#[test]
fn every_truncation_of_a_valid_file_is_refused_cleanly() {
    let text = fixture_text();
    let bytes = text.as_bytes();
    let step = if thorough() { 1 } else { 3 };
    let mut refused = 0;
    for cut in (0..bytes.len()).step_by(step) {
        let what = || format!("the fixture cut at byte {cut}");
        let result = load(&bytes[..cut], &what);
        assert_sound(&result, &what);
        // Only a cut inside the final newline can still be a whole backlog.
        if result.is_err() {
            refused += 1;
        } else {
            assert!(cut >= bytes.len() - 1, "{} loaded", what());
        }
    }
    assert!(refused > bytes.len() / step - 2);
}

#[test]
fn single_byte_mutations_never_panic() {
    let text = fixture_text();
    let original = text.as_bytes();
    let replacements: &[u8] = if thorough() {
        b"\"{}[],:0-9.eE+nulltrfas\\ \n\x00\x1b\xff\xc3"
    } else {
        b"\"{}[],:0-e\\\xff"
    };
    let step = if thorough() { 1 } else { 13 };
    let mut bytes = original.to_vec();
    let mut runs = 0;
    for at in (0..original.len()).step_by(step) {
        for &b in replacements {
            bytes[at] = b;
            let what = || format!("byte {at} set to {b:#04x}");
            assert_sound(&load(&bytes, &what), &what);
            runs += 1;
        }
        // Dropping and doubling the byte shifts everything after it.
        let mut dropped = original.to_vec();
        dropped.remove(at);
        let what = || format!("byte {at} dropped");
        assert_sound(&load(&dropped, &what), &what);
        let mut doubled = original.to_vec();
        doubled.insert(at, original[at]);
        let what = || format!("byte {at} doubled");
        assert_sound(&load(&doubled, &what), &what);
        bytes[at] = original[at];
        runs += 2;
    }
    assert!(runs > 2000, "{runs}");
}

/// Every place in the fixture, as a JSON pointer and as the path po reports.
fn places(value: &Value, pointer: String, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                places(v, format!("{pointer}/{k}"), p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                places(v, format!("{pointer}/{i}"), format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
    out.push((pointer, path));
}

#[test]
fn a_wrong_type_anywhere_is_refused_at_that_field() {
    let fixture = fixture_value();
    let mut all = Vec::new();
    places(&fixture, String::new(), String::new(), &mut all);
    let wrong = [
        json!(null),
        json!(true),
        json!(-1),
        json!(2.5),
        json!(18_446_744_073_709_551_615_u64),
        json!("text"),
        json!([]),
        json!([1]),
        json!({}),
        json!({"a": 1}),
    ];
    let mut refused = 0;
    for (pointer, path) in all.iter().filter(|(p, _)| !p.is_empty()) {
        for value in &wrong {
            let mut v = fixture.clone();
            *v.pointer_mut(pointer).unwrap() = value.clone();
            let bytes = serde_json::to_vec_pretty(&v).unwrap();
            let what = || format!("{pointer} set to {value}");
            let result = load(&bytes, &what);
            assert_sound(&result, &what);
            if let Err(StoreError::Parse { at, .. }) = &result {
                refused += 1;
                // The error points at the field, or at the element holding it
                // (for a missing or misplaced part of it).
                let at = at.trim_start_matches(", at ");
                assert!(
                    path.starts_with(at) || at.starts_with(path.as_str()),
                    "{}: reported at '{at}', not '{path}'",
                    what()
                );
            }
            if pointer.contains("/x_") {
                assert!(result.is_ok(), "{}: an unknown field was read", what());
            }
        }
    }
    assert!(refused > 200, "only {refused} refused");
}

#[test]
fn deep_nesting_anywhere_is_refused_not_a_stack_overflow() {
    let fixture = fixture_value();
    let mut all = Vec::new();
    places(&fixture, String::new(), String::new(), &mut all);
    let depth = if thorough() { 1_000_000 } else { 20_000 };
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    for (pointer, _) in all.iter().filter(|(p, _)| !p.is_empty()) {
        let mut v = fixture.clone();
        *v.pointer_mut(pointer).unwrap() = json!("NESTED");
        let text = serde_json::to_string(&v)
            .unwrap()
            .replacen("\"NESTED\"", &nested, 1);
        let what = || format!("{pointer} nested {depth} deep");
        let result = load(text.as_bytes(), &what);
        assert!(result.is_err(), "{} loaded", what());
        assert_sound(&result, &what);
    }
}

#[test]
fn a_ten_megabyte_string_in_a_checked_field_is_refused_briefly() {
    // A 10 MB title that loads is in store_errors.rs; here the value is wrong.
    let big = format!("\"{}\"", "é".repeat(5 << 20));
    let text = fixture_text();
    for (field, value) in [
        ("points", "3"),
        ("status", "\"todo\""),
        ("created", "\"2026-11-01T09:30:00Z\""),
        ("format", "\"po-backlog\""),
    ] {
        let from = format!("\"{field}\": {value}");
        let bytes = text.replacen(&from, &format!("\"{field}\": {big}"), 1);
        assert!(bytes.len() > 10 << 20, "{field} not replaced");
        let what = || format!("{field} set to 10 MB of text");
        let result = load(bytes.as_bytes(), &what);
        assert!(result.is_err(), "{} loaded", what());
        assert_sound(&result, &what);
    }
}

#[test]
fn bad_files_on_disk_are_left_byte_identical() {
    let text = fixture_text();
    let (_dir, path) = temp();
    let step = if thorough() { 1 } else { text.len() / 40 };
    for cut in (0..text.len() - 2).step_by(step) {
        let bytes = &text.as_bytes()[..cut];
        fs::write(&path, bytes).unwrap();
        for access in [Access::Write, Access::PreferWrite] {
            assert!(Store::open(&path, access, true).is_err(), "cut {cut}");
            assert!(
                fs::read(&path).unwrap() == bytes,
                "cut {cut} changed the file"
            );
        }
    }
}

/// Fragments that make random input look enough like a backlog to get deep
/// into the loader instead of failing at the first byte.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"format\":\"po-backlog\"".to_string()),
        Just("\"version\":1".to_string()),
        Just("\"version\":2".to_string()),
        Just("\"stories\":".to_string()),
        Just("\"key\":\"S-1\"".to_string()),
        Just("\"title\":\"t\"".to_string()),
        Just("\"points\":".to_string()),
        Just("\"created\":\"2026-11-01T09:30:00Z\"".to_string()),
        Just("\"updated\":\"2026-11-01T09:30:00Z\"".to_string()),
        Just("\"next_keys\":".to_string()),
        Just("null".to_string()),
        Just("18446744073709551615".to_string()),
        Just("-0.5e3".to_string()),
        "\"[^\"\\\\]{0,8}\"",
        "[0-9]{1,25}",
        any::<u8>().prop_map(|b| char::from(b).to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let what = || format!("{bytes:?}");
        assert_sound(&load(&bytes, &what), &what);
    }

    #[test]
    fn random_json_like_text_never_panics(parts in prop::collection::vec(fragment(), 0..80)) {
        let text = parts.concat();
        let what = || format!("{text:?}");
        assert_sound(&load(text.as_bytes(), &what), &what);
    }

    #[test]
    fn random_edits_of_a_valid_file_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), fragment()), 1..6)
    ) {
        let mut text = fixture_text().into_bytes();
        for (at, fragment) in &edits {
            let at = at.index(text.len());
            let end = (at + fragment.len().min(3)).min(text.len());
            text.splice(at..end, fragment.bytes());
        }
        let what = || String::from_utf8_lossy(&text).into_owned();
        assert_sound(&load(&text, &what), &what);
    }
}
