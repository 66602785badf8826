//! `store::write_json`, the read path of `po list --json` and `po export
//! --format json`: straight from the file, story by story, it writes what
//! serde's pretty printer writes for the loaded backlog, byte for byte, on
//! one core and cut in two; and wherever a load would read the file
//! differently or refuse it, it declines having written nothing, so that
//! the load gives the output or the message it always gave.

mod store_support;

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use po::model::{Backlog, LEGACY_GOAL_LABEL, Status, Story, sample};
use po::store::{self, Json, Keep};
use serde_json::json;
use store_support::broken::{broken_files, pretty, sample_file, sample_value};
use store_support::{fixture_text, fixture_with, list_json_reference, random};

type Filter = Keep<fn(&Story) -> bool>;

/// Every story, copied where it can be; and every story, each read by serde.
const ALL: [Filter; 2] = [Keep::All, Keep::Those(|_| true)];

/// Both ways the stories are read: on one core, and cut in two whatever the size.
const SPLITS: [usize; 2] = [usize::MAX, 0];

/// The output of `write_json`, or `None` when it declined (having written nothing).
fn written(file: &Path, what: Json, keep: Filter, split_from: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let done =
        store::write_json_splitting_from(file, what, |_| Some(keep), &mut out, split_from).unwrap();
    if !done {
        assert!(out.is_empty(), "declined after writing {} bytes", out.len());
    }
    done.then_some(out)
}

/// What `po export --format json` wrote before: the whole loaded backlog.
fn backlog_reference(backlog: &Backlog) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(backlog).unwrap();
    bytes.push(b'\n');
    bytes
}

fn loaded(file: &Path) -> Result<Backlog, String> {
    store::Store::open(file, store::Access::Read, false)
        .map(|o| o.backlog)
        .map_err(|e| e.to_string())
}

/// Every way of writing gives the reference, on one core and on two.
fn assert_same_as_the_load(file: &Path) {
    let backlog = loaded(file).unwrap();
    let todo: fn(&Story) -> bool = |s| s.status == Status::Todo;
    for split_from in SPLITS {
        let say = |what: &str| format!("{}, split from {split_from}: {what}", file.display());
        for all in ALL {
            let out = written(file, Json::Stories, all, split_from)
                .unwrap_or_else(|| panic!("{}", say("declined")));
            assert!(
                out == list_json_reference(&backlog, |_| true),
                "{}",
                say(&format!("{all:?}"))
            );
            let out = written(file, Json::Backlog, all, split_from).unwrap();
            assert!(out == backlog_reference(&backlog), "{}", say("backlog"));
        }
        let out = written(file, Json::Stories, Keep::Those(todo), split_from).unwrap();
        assert!(
            out == list_json_reference(&backlog, todo),
            "{}",
            say("todo")
        );
    }
}

#[test]
fn write_json_gives_what_the_load_gives_on_the_fixture_and_sample_backlogs() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut files = vec![
        ("fixture.json", fixture_text().into_bytes()),
        (
            "odd.json",
            fixture_with(
                "/stories/0/title",
                json!("quote \" backslash \\ tab \t bell \u{7} é 日 \u{202e}"),
            )
            .into_bytes(),
        ),
    ];
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(fixture_text().as_bytes());
    files.push(("bom.json", bom));
    for n in [0, 1, 2, 250, 3000] {
        let name: &'static str = Box::leak(format!("sample-{n}.json").into_boxed_str());
        files.push((
            name,
            store::encode(&sample::generate("S", n, 3, today)).unwrap(),
        ));
    }
    for (name, bytes) in files {
        let file = dir.path().join(name);
        fs::write(&file, bytes).unwrap();
        assert_same_as_the_load(&file);
    }
}

#[test]
fn a_broken_file_is_left_to_the_load_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    for (what, bytes) in broken_files() {
        fs::write(&file, &bytes).unwrap();
        for split_from in SPLITS {
            for (kind, all) in [Json::Stories, Json::Backlog].into_iter().zip(ALL) {
                let out = written(&file, kind, all, split_from);
                // A wrong format is well-formed JSON, refused after the parse.
                assert!(
                    out.is_none(),
                    "{what}: written ({kind:?}, split from {split_from})"
                );
            }
        }
    }
}

#[test]
fn files_a_load_reads_differently_are_left_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    let large = sample_value(600);
    let mut cases = Vec::new();
    // A key twice: the load refuses the file, naming both places.
    let mut twice = large.clone();
    twice["stories"][500]["key"] = twice["stories"][3]["key"].clone();
    cases.push(("a story key twice", twice));
    let mut epic_key = large.clone();
    epic_key["stories"][400]["key"] = epic_key["epics"][0]["key"].clone();
    cases.push(("a story with an epic's key", epic_key));
    // An older format version is migrated; a newer one read as it is.
    let mut old = large.clone();
    old["version"] = json!(1);
    cases.push(("version 1", old));
    let mut newer = large.clone();
    newer["version"] = json!(99);
    cases.push(("version 99", newer));
    // The legacy goal label moves to the sprint's goal stories on load.
    let mut goal = large.clone();
    goal["stories"][450]["labels"] = json!([LEGACY_GOAL_LABEL]);
    cases.push(("the legacy goal label", goal));
    // A filter naming what the backlog lacks is the load's to refuse.
    for (what, value) in cases {
        fs::write(&file, pretty(&value)).unwrap();
        for split_from in SPLITS {
            for (kind, all) in [Json::Stories, Json::Backlog].into_iter().zip(ALL) {
                let out = written(&file, kind, all, split_from);
                assert!(out.is_none(), "{what}: written ({kind:?})");
            }
        }
    }
    fs::write(&file, sample_file(50)).unwrap();
    let mut out = Vec::new();
    let pick = |_: &Backlog| None::<Filter>;
    assert!(!store::write_json(&file, Json::Stories, pick, &mut out).unwrap());
    assert!(out.is_empty());
}

#[test]
fn next_keys_behind_the_stories_are_exported_as_the_load_repairs_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    let mut value = sample_value(300);
    value["next_keys"]["stories"] = json!(2);
    fs::write(&file, pretty(&value)).unwrap();
    let backlog = loaded(&file).unwrap();
    assert!(backlog.next_keys.get(po::model::Kind::Story) > 300);
    for split_from in SPLITS {
        let out = written(&file, Json::Backlog, Keep::All, split_from).unwrap();
        assert!(out == backlog_reference(&backlog));
    }
}

#[test]
fn a_missing_file_is_left_to_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("none.json");
    assert_eq!(written(&file, Json::Stories, Keep::All, 0), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Random backlogs (every kind of text, number, time and unknown
    /// field), with stories enough to cut: whatever is written is what the
    /// load gives, and only a file the load refuses is declined.
    #[test]
    fn write_json_gives_what_the_load_gives_on_random_backlogs(
        backlog in random::backlog(),
        more in proptest::collection::vec(random::story(), 2..8),
    ) {
        let mut backlog = backlog;
        backlog.stories.extend(more.into_iter().map(std::sync::Arc::new));
        let Ok(bytes) = store::encode(&backlog) else {
            return Ok(());
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("random.json");
        fs::write(&file, &bytes).unwrap();
        let load = loaded(&file);
        for split_from in SPLITS {
            for all in ALL {
                let out = written(&file, Json::Stories, all, split_from);
                match (&load, out) {
                    (Ok(b), Some(out)) => proptest::prop_assert!(out == list_json_reference(b, |_| true)),
                    (Ok(_), None) => proptest::prop_assert!(false, "declined a file the load reads"),
                    (Err(_), out) => proptest::prop_assert!(out.is_none(), "wrote a file the load refuses"),
                }
                if let (Ok(b), Some(out)) = (&load, written(&file, Json::Backlog, all, split_from)) {
                    proptest::prop_assert!(out == backlog_reference(b));
                }
            }
        }
    }
}

/// A story as po writes one it made itself: no unknown fields anywhere.
fn without_unknown_fields(mut story: Story) -> Story {
    story.extra.clear();
    if let Some(rice) = &mut story.rice {
        rice.extra.clear();
    }
    for criterion in &mut story.acceptance {
        criterion.extra.clear();
    }
    if let Some(blocked) = &mut story.blocked {
        blocked.extra.clear();
    }
    story
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Random stories in po's own layout (every kind of text, escape,
    /// number and time, no unknown field), which `list --json` copies from
    /// the file where it can: the copy is what serde writes.
    #[test]
    fn stories_in_po_s_own_layout_are_copied_as_serde_writes_them(
        stories in proptest::collection::vec(random::story(), 1..12),
    ) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut backlog = sample::generate("S", 0, 1, today);
        backlog.stories = stories
            .into_iter()
            .map(|s| std::sync::Arc::new(without_unknown_fields(s)))
            .collect();
        let Ok(bytes) = store::encode(&backlog) else {
            return Ok(());
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("own.json");
        fs::write(&file, &bytes).unwrap();
        let Ok(load) = loaded(&file) else {
            return Ok(());
        };
        for split_from in SPLITS {
            let out = written(&file, Json::Stories, Keep::All, split_from);
            proptest::prop_assert!(out == Some(list_json_reference(&load, |_| true)));
            let out = written(&file, Json::Backlog, Keep::All, split_from);
            proptest::prop_assert!(out == Some(backlog_reference(&load)));
        }
    }
}
