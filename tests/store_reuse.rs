//! A command's save copies the stories it left alone from the file as read
//! (`store/reuse.rs`): the file it writes is byte for byte the one a whole
//! encode writes, on random backlogs and random edits, on the sample, and
//! on files it must not copy from (another layout, a story the load
//! changed), where it encodes the whole file instead.

mod store_support;

use std::fs;
use std::path::Path;
use std::sync::Arc;

use po::model::{Backlog, LEGACY_GOAL_LABEL, Moscow, Story};
use po::store::{self, Access, Store};
use proptest::prelude::*;
use store_support::broken::sample_file;
use store_support::random;

/// One change a command might make to the backlog it loaded.
#[derive(Clone, Debug)]
enum Edit {
    Retitle(usize, String),
    Moscow(usize),
    Move(usize, usize),
    Delete(usize),
    Insert(usize, Box<Story>),
}

fn apply(backlog: &mut Backlog, edits: &[Edit]) {
    for edit in edits {
        let n = backlog.stories.len();
        match edit.clone() {
            Edit::Retitle(i, title) if n > 0 => {
                Arc::make_mut(&mut backlog.stories[i % n]).title = title
            }
            Edit::Moscow(i) if n > 0 => {
                let s = Arc::make_mut(&mut backlog.stories[i % n]);
                s.moscow = match s.moscow {
                    Some(Moscow::Must) => Some(Moscow::Wont),
                    _ => Some(Moscow::Must),
                };
            }
            Edit::Move(from, to) if n > 0 => {
                let story = backlog.stories.remove(from % n);
                backlog.stories.insert(to % n, story);
            }
            Edit::Delete(i) if n > 0 => {
                backlog.stories.remove(i % n);
            }
            Edit::Insert(i, mut story) => {
                story.key = format!("S-{}", 900_000 + n);
                backlog.stories.insert(i % (n + 1), Arc::new(*story));
            }
            _ => {}
        }
    }
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        3 => (0usize..64, "[a-z ]{0,12}").prop_map(|(i, t)| Edit::Retitle(i, t)),
        3 => (0usize..64).prop_map(Edit::Moscow),
        2 => (0usize..64, 0usize..64).prop_map(|(a, b)| Edit::Move(a, b)),
        1 => (0usize..64).prop_map(Edit::Delete),
        1 => (0usize..64, random::story()).prop_map(|(i, s)| Edit::Insert(i, Box::new(s))),
    ];
    prop::collection::vec(edit, 0..4)
}

/// The file after `edits`, saved by a command's store (which copies what
/// it can) and by a store that encodes the whole backlog (a reload drops
/// the bytes it would copy from), and how many stories the first copied.
/// A save that fails must fail with the same message both ways and leave
/// the file as it was. `None` when the file does not open (a random
/// backlog with a key twice).
fn saved_both_ways(file: &[u8], edits: &[Edit]) -> Option<Saved> {
    let dir = tempfile::tempdir().unwrap();
    let (copying, whole) = (dir.path().join("a.json"), dir.path().join("b.json"));
    fs::write(&copying, file).unwrap();
    fs::write(&whole, file).unwrap();

    let opened = Store::open(&copying, Access::Write, false).ok()?;
    let (mut store, mut backlog) = (opened.store, opened.backlog);
    apply(&mut backlog, edits);
    let saved = store.save(&backlog).map_err(|e| e.to_string());

    let mut reference = Store::open(&whole, Access::Write, false).unwrap().store;
    let (mut backlog, _) = reference.reload().unwrap();
    apply(&mut backlog, edits);
    let reference_saved = reference.save(&backlog).map_err(|e| e.to_string());
    assert_eq!(reference.stories_copied(), None);
    let message = |e: String| e.replace("b.json", "a.json");
    assert_eq!(saved, reference_saved.map_err(message), "the same outcome");
    if saved.is_err() {
        assert_eq!(
            fs::read(&copying).unwrap(),
            file,
            "a failed save leaves the file"
        );
    }
    Some((
        fs::read(&copying).unwrap(),
        fs::read(&whole).unwrap(),
        saved.is_ok().then(|| store.stories_copied()),
    ))
}

/// The file saved copying, saved whole, and, if the save worked, how many
/// stories it copied.
type Saved = (Vec<u8>, Vec<u8>, Option<Option<usize>>);

fn open_write(path: &Path) -> (Store, Backlog) {
    let opened = Store::open(path, Access::Write, false).unwrap();
    (opened.store, opened.backlog)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_command_s_save_writes_the_bytes_of_a_whole_encode(b in random::backlog(), edits in edits()) {
        let Ok(file) = store::encode(&b) else {
            return Err(TestCaseError::reject("a backlog the encoder refuses"));
        };
        let Some((copied, whole, count)) = saved_both_ways(&file, &edits) else {
            return Err(TestCaseError::reject("a file that does not open"));
        };
        prop_assert_eq!(String::from_utf8_lossy(&copied), String::from_utf8_lossy(&whole));
        // Written by po's encoder, so its stories can be copied (when the
        // save did not refuse a value of an inserted story).
        if !b.stories.is_empty() && let Some(count) = count {
            prop_assert!(count.is_some(), "the stories were encoded again");
        }
    }
}

#[test]
fn a_command_s_save_copies_the_stories_it_left_alone() {
    // Large enough to be compared on two threads.
    let file = sample_file(300);
    assert!(file.len() > 256 * 1024);
    let edits = [Edit::Moscow(150), Edit::Move(250, 0), Edit::Delete(10)];
    let (copied, whole, count) = saved_both_ways(&file, &edits).unwrap();
    assert!(copied == whole, "the bytes differ from a whole encode");
    // 299 stories left, one of them changed; the moved one is copied.
    assert_eq!(count, Some(Some(298)));

    // Nothing changed: the file comes back as it was.
    let (copied, _, count) = saved_both_ways(&file, &[]).unwrap();
    assert_eq!(copied, file);
    assert_eq!(count, Some(Some(300)));
}

#[test]
fn a_file_laid_out_otherwise_is_saved_as_a_whole_encode() {
    let file = sample_file(40);
    let text = String::from_utf8(file.clone()).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&file).unwrap();
    // A whole number of points written with a decimal point.
    let at = text.rfind("\"points\": ").unwrap() + 10;
    let digits = text[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    assert!(digits > 0, "a story with whole points last");
    let respelled = format!("{}.0{}", &text[..at + digits], &text[at + digits..]);
    let compact = serde_json::to_vec(&value).unwrap();
    // One story's key indented a space more (epics before it keep theirs).
    let stories = text.find("\"stories\": [").unwrap();
    let indented = format!(
        "{}{}",
        &text[..stories],
        text[stories..].replacen("{\n      \"key\"", "{\n       \"key\"", 1)
    );
    for (what, other) in [
        ("5.0", respelled.into_bytes()),
        ("one line", compact),
        ("indent", indented.into_bytes()),
    ] {
        assert_ne!(other, file, "{what}");
        let (copied, whole, count) = saved_both_ways(&other, &[Edit::Moscow(3)]).unwrap();
        assert!(
            copied == whole,
            "{what}: the bytes differ from a whole encode"
        );
        assert_eq!(
            count,
            Some(None),
            "{what}: stories copied from a file po did not lay out"
        );
    }
}

#[test]
fn a_story_the_load_changed_is_not_copied_from_the_file() {
    // A legacy sprint-goal label: the load moves it to the sprint, so the
    // story's bytes in the file are no longer the story's.
    let mut value: serde_json::Value = serde_json::from_slice(&sample_file(40)).unwrap();
    let story = value["stories"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["sprint"].is_string())
        .expect("a story in a sprint");
    story["labels"] = serde_json::json!([LEGACY_GOAL_LABEL]);
    let mut file = serde_json::to_vec_pretty(&value).unwrap();
    file.push(b'\n');
    let (copied, whole, count) = saved_both_ways(&file, &[]).unwrap();
    assert!(copied == whole, "the bytes differ from a whole encode");
    assert_eq!(count, Some(None));
}

#[test]
fn a_second_save_of_a_command_encodes_the_whole_file() {
    let (_dir, path) = store_support::temp();
    fs::write(&path, sample_file(20)).unwrap();
    let (mut store, mut backlog) = open_write(&path);
    apply(&mut backlog, &[Edit::Moscow(1)]);
    store.save(&backlog).unwrap();
    assert_eq!(store.stories_copied(), Some(19));
    // The file on disk is now another one than the bytes read.
    apply(&mut backlog, &[Edit::Moscow(2)]);
    store.save(&backlog).unwrap();
    assert_eq!(store.stories_copied(), None);
    assert_eq!(fs::read(&path).unwrap(), store::encode(&backlog).unwrap());
}
