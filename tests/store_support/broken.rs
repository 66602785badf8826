//! Backlog files po must refuse, small and large, and the sample files
//! they are made from: shared by the tests of every read path, which must
//! all give the same message for each.

use chrono::NaiveDate;
use po::model::sample;
use po::store;
use serde_json::{Value, json};

use super::{fixture_text, fixture_value, fixture_with};

/// A generated sample backlog of `stories` stories, as po saves it.
pub fn sample_file(stories: usize) -> Vec<u8> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    store::encode(&sample::generate("Acme", stories, 7, today)).unwrap()
}

pub fn sample_value(stories: usize) -> Value {
    serde_json::from_slice(&sample_file(stories)).unwrap()
}

/// A value as serde's pretty printer writes it, with a final newline.
pub fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

/// Broken files, small (the fixture) and large (the sample, broken in the
/// second half so the error is in the other core's half).
pub fn broken_files() -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        (
            "wrong type",
            fixture_with("/stories/3/points", json!("three")),
        ),
        (
            "unknown status",
            fixture_with("/stories/2/status", json!("blocked")),
        ),
        (
            "bad date",
            fixture_with("/stories/1/created", json!("yesterday")),
        ),
        ("negative", fixture_with("/sprints/0/capacity", json!(-5))),
        ("version", fixture_with("/version", json!("1"))),
        ("format", fixture_with("/format", json!("kanban"))),
        (
            "broken json",
            fixture_text().replacen("\"requests\": 4,", "\"requests\": 4", 1),
        ),
        ("trailing garbage", format!("{}}}", fixture_text())),
        (
            "comma after the last story",
            fixture_text().replacen(
                "\n    }\n  ],\n  \"sprints\"",
                "\n    },\n  ],\n  \"sprints\"",
                1,
            ),
        ),
        (
            "stories twice",
            fixture_text().replacen("\"sprints\": [", "\"stories\": [], \"sprints\": [", 1),
        ),
    ]
    .into_iter()
    .map(|(what, text)| (what.to_string(), text.into_bytes()))
    .collect::<Vec<_>>();
    let mut missing = fixture_value();
    missing["stories"][1]
        .as_object_mut()
        .unwrap()
        .remove("title");
    files.push(("missing title".into(), pretty(&missing).into_bytes()));
    let text = fixture_text();
    files.push((
        "truncated".into(),
        text.as_bytes()[..text.len() * 2 / 3].to_vec(),
    ));
    let mut bad_utf8 = text.clone().into_bytes();
    let at = text.find("Half a point").unwrap();
    bad_utf8[at] = 0xff;
    files.push(("invalid utf-8".into(), bad_utf8));

    for (what, pointer, value) in [
        ("large: wrong type", "/stories/2500/points", json!("three")),
        (
            "large: unknown status",
            "/stories/1/status",
            json!("blocked"),
        ),
        ("large: bad date", "/stories/2999/updated", json!("soon")),
    ] {
        let mut v = sample_value(3000);
        *v.pointer_mut(pointer).unwrap() = value;
        files.push((what.into(), pretty(&v).into_bytes()));
    }
    let large = String::from_utf8(sample_file(3000)).unwrap();
    let second_half = large.len() * 3 / 4;
    let comma = second_half + large[second_half..].find("\",\n").unwrap() + 1;
    let mut dropped = large.clone();
    dropped.remove(comma);
    files.push(("large: a comma missing".into(), dropped.into_bytes()));
    files
}
