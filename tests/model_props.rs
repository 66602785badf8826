//! Property tests: random sequences of operations on random backlogs keep every
//! story exactly once, keep a consistent backlog consistent, and undoing every
//! change in reverse order gives back the original backlog.
//!
//! `PO_PROP_CASES=5000 cargo test --test model_props` runs more cases.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use po::model::{
    Backlog, Change, Criterion, Kind, Moscow, NextKeys, Position, Request, RequestState, Rice,
    Sprint, SprintState, Status, Story,
};
use proptest::prelude::*;

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 9, 30, 0).unwrap()
}

fn cases() -> u32 {
    std::env::var("PO_PROP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Points, status, epic, sprint and dependencies of a story, as indexes.
type StorySeed = (Option<f64>, u8, Option<usize>, Option<usize>, Vec<usize>);

/// The shape of a starting backlog; turned into a consistent one by `build`.
#[derive(Clone, Debug)]
struct Seed {
    stories: Vec<StorySeed>,
    epics: usize,
    sprints: usize,
    requests: Vec<Option<usize>>,
}

fn seed() -> impl Strategy<Value = Seed> {
    let story = (
        prop::option::of(prop_oneof![Just(0.5), Just(1.0), Just(3.0), Just(13.0)]),
        0u8..3,
        prop::option::of(0usize..8),
        prop::option::of(0usize..8),
        prop::collection::vec(0usize..32, 0..3),
    );
    (
        prop::collection::vec(story, 0..12),
        0usize..4,
        0usize..3,
        prop::collection::vec(prop::option::of(0usize..32), 0..3),
    )
        .prop_map(|(stories, epics, sprints, requests)| Seed {
            stories,
            epics,
            sprints,
            requests,
        })
}

fn build(seed: &Seed) -> Backlog {
    let mut b = Backlog::new("Prop");
    for i in 0..seed.epics {
        b.add_epic(&format!("epic {i}"), "").unwrap();
    }
    for i in 0..seed.sprints {
        b.add_sprint(sprint(&format!("sprint {i}"))).unwrap();
    }
    for (i, (points, status, epic, sprint, deps)) in seed.stories.iter().enumerate() {
        let mut s = b.new_story(&format!("story {i}"), day(1));
        s.points = *points;
        s.status = Status::ALL[usize::from(*status)];
        s.done_at = (s.status == Status::Done).then(|| day(2));
        s.epic = epic.and_then(|e| b.epics.get(e % 8).map(|e| e.key.clone()));
        s.sprint = sprint.and_then(|sp| b.sprints.get(sp % 8).map(|s| s.key.clone()));
        s.depends_on = deps
            .iter()
            .filter(|_| !b.stories.is_empty())
            .map(|d| b.stories[d % b.stories.len()].key.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if i % 3 == 0 {
            s.acceptance.push(Criterion::new("it works"));
            s.rice = Some(Rice::default());
            s.moscow = Some(Moscow::Should);
        }
        b.insert_story(usize::MAX, s).unwrap();
    }
    for link in &seed.requests {
        let key = b.allocate_key(Kind::Request);
        let story = link.and_then(|l| b.stories.get(l % 32).map(|s| s.key.clone()));
        b.requests.push(Request {
            key,
            text: "please".into(),
            from: "Sales".into(),
            received: day(1),
            state: if story.is_some() {
                RequestState::Accepted
            } else {
                RequestState::New
            },
            story,
            reason: String::new(),
            decided: None,
            extra: serde_json::Map::new(),
        });
    }
    b
}

fn sprint(name: &str) -> Sprint {
    Sprint {
        key: String::new(),
        name: name.into(),
        goal: String::new(),
        start: None,
        end: None,
        capacity: Some(10.0),
        state: SprintState::Planned,
        record: Default::default(),
        goal_stories: Vec::new(),
        extra: serde_json::Map::new(),
    }
}

#[derive(Clone, Debug)]
enum Op {
    Insert(usize, bool),
    Move(usize, u8, usize),
    Edit(usize, u8, usize),
    Delete(usize),
    AddEpic(bool),
    RenameEpic(usize, bool),
    DeleteEpic(usize),
    AddSprint(bool),
    AddRequest(bool),
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0usize..64;
    prop_oneof![
        1 => (i.clone(), any::<bool>()).prop_map(|(a, b)| Op::Insert(a, b)),
        3 => (i.clone(), 0u8..7, 0usize..20).prop_map(|(a, b, c)| Op::Move(a, b, c)),
        3 => (i.clone(), 0u8..8, 0usize..64).prop_map(|(a, b, c)| Op::Edit(a, b, c)),
        1 => i.clone().prop_map(Op::Delete),
        1 => any::<bool>().prop_map(Op::AddEpic),
        1 => (i.clone(), any::<bool>()).prop_map(|(a, b)| Op::RenameEpic(a, b)),
        1 => i.clone().prop_map(Op::DeleteEpic),
        1 => any::<bool>().prop_map(Op::AddSprint),
        1 => any::<bool>().prop_map(Op::AddRequest),
    ]
}

/// A key of the list by index, or an unknown key when the list is empty.
fn pick<'a>(keys: impl ExactSizeIterator<Item = &'a str>, i: usize) -> String {
    let keys: Vec<&str> = keys.collect();
    if keys.is_empty() {
        "S-999999".to_string()
    } else {
        keys[i % keys.len()].to_string()
    }
}

/// Runs one operation; returns its change, if any. A refused operation must
/// leave the backlog exactly as it was (only `new_story` consumes a key).
fn run(b: &mut Backlog, op: &Op) -> Option<Change> {
    let before = b.clone();
    let story_key = |b: &Backlog, i| pick(b.stories.iter().map(|s| s.key.as_str()), i);
    let epic_key = |b: &Backlog, i| pick(b.epics.iter().map(|e| e.key.as_str()), i);
    let result = match op {
        Op::Insert(at, titled) => {
            let title = if *titled { "new story" } else { "  " };
            let story = b.new_story(title, day(3));
            let consumed = b.clone();
            let r = b.insert_story(*at, story).map(Some);
            if r.is_err() {
                assert_eq!(*b, consumed, "refused insert changed the backlog");
            }
            return r.ok().flatten();
        }
        Op::Move(s, kind, n) => {
            let key = story_key(b, *s);
            let other = story_key(b, s + n);
            let to = match kind {
                0 => Position::Top,
                1 => Position::Bottom,
                2 => Position::Up(*n),
                3 => Position::Down(*n),
                4 => Position::Before(other),
                5 => Position::After(other),
                _ => Position::Index(*n),
            };
            b.move_story(&key, &to)
        }
        Op::Edit(s, field, v) => {
            let key = story_key(b, *s);
            let epic = b.epics.get(v % 8).map(|e| e.key.clone());
            let sprint = b.sprints.get(v % 8).map(|s| s.key.clone());
            let dep = story_key(b, *v);
            b.update_story(&key, day(4), |s: &mut Story| match field {
                0 => s.title = format!("title {v}"),
                1 => s.points = (v % 5 != 0).then(|| *v as f64 / 2.0),
                2 => s.status = Status::ALL[v % 3],
                3 => s.epic = epic,
                4 => s.sprint = sprint,
                5 => s.depends_on = vec![dep],
                6 => s.moscow = Moscow::cycle(s.moscow),
                _ => s.title = String::new(),
            })
        }
        Op::Delete(s) => {
            let key = story_key(b, *s);
            b.delete_story(&key, day(5)).map(Some)
        }
        Op::AddEpic(titled) => b
            .add_epic(if *titled { "epic" } else { "" }, "why")
            .map(Some),
        Op::RenameEpic(e, titled) => {
            let key = epic_key(b, *e);
            let title = if *titled { "renamed" } else { " " };
            b.update_epic(&key, |e| e.title = title.into())
        }
        Op::DeleteEpic(e) => {
            let key = epic_key(b, *e);
            b.delete_epic(&key, day(5)).map(Some)
        }
        Op::AddSprint(named) => b
            .add_sprint(sprint(if *named { "next" } else { "" }))
            .map(Some),
        Op::AddRequest(texted) => b
            .add_request(if *texted { "export" } else { " " }, "Ops", day(6))
            .map(Some),
    };
    match result {
        Ok(change) => change,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(*b, before, "refused {op:?} ({e}) changed the backlog");
            None
        }
    }
}

fn story_keys(b: &Backlog) -> Vec<String> {
    b.stories.iter().map(|s| s.key.clone()).collect()
}

fn assert_each_story_once(b: &Backlog, expected: &BTreeSet<String>) {
    let keys = story_keys(b);
    let unique: BTreeSet<String> = keys.iter().cloned().collect();
    assert_eq!(unique.len(), keys.len(), "a story appears twice: {keys:?}");
    assert_eq!(&unique, expected, "stories lost or invented");
}

/// Tracks which stories should exist after a change.
fn track(change: &Change, expected: &mut BTreeSet<String>) {
    match change {
        Change::Insert {
            item: po::model::Item::Story(s),
            ..
        } => {
            expected.insert(s.key.clone());
        }
        Change::Remove {
            item: po::model::Item::Story(s),
            ..
        } => {
            expected.remove(&s.key);
        }
        Change::Batch(parts) => parts.iter().for_each(|p| track(p, expected)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_operations_keep_every_story_once_and_undo_restores_the_original(
        seed in seed(),
        ops in prop::collection::vec(op(), 0..40),
        batch_size in 1usize..4,
    ) {
        let original = build(&seed);
        prop_assert_eq!(original.problems(), vec![]);
        let mut b = original.clone();
        let mut expected: BTreeSet<String> = story_keys(&b).into_iter().collect();
        let mut changes = Vec::new();
        for op in &ops {
            if let Some(change) = run(&mut b, op) {
                track(&change, &mut expected);
                changes.push(change);
            }
            assert_each_story_once(&b, &expected);
            prop_assert_eq!(b.problems(), vec![], "after {:?}", op);
        }
        let end = b.clone();

        // Undo in groups, as a user action made of several changes would.
        let groups: Vec<Change> = changes
            .chunks(batch_size)
            .map(|c| Change::Batch(c.to_vec()))
            .collect();
        for group in groups.iter().rev() {
            b.apply(&group.inverse()).unwrap();
        }
        for kind in Kind::ALL {
            prop_assert!(b.next_keys.get(kind) >= original.next_keys.get(kind));
        }
        let mut restored = b.clone();
        restored.next_keys = original.next_keys.clone();
        prop_assert_eq!(&restored, &original);

        // Redo everything: the same end state, and keys still not reused.
        for group in &groups {
            b.apply(group).unwrap();
        }
        prop_assert_eq!(&b, &end);
    }

    #[test]
    fn applying_a_recorded_change_at_the_wrong_time_never_corrupts(
        seed in seed(),
        ops in prop::collection::vec(op(), 1..30),
        replay in prop::collection::vec((0usize..64, any::<bool>()), 1..10),
    ) {
        let mut b = build(&seed);
        let mut changes = Vec::new();
        for op in &ops {
            changes.extend(run(&mut b, op));
        }
        prop_assume!(!changes.is_empty());
        for (i, inverse) in replay {
            let change = &changes[i % changes.len()];
            let change = if inverse { change.inverse() } else { change.clone() };
            let before = b.clone();
            if b.apply(&change).is_err() {
                prop_assert_eq!(&b, &before);
            } else {
                // Whatever was accepted is exactly undoable.
                b.apply(&change.inverse()).unwrap();
                prop_assert_eq!(&b, &before);
                b.apply(&change).unwrap();
            }
            let keys = story_keys(&b);
            let unique: BTreeSet<&String> = keys.iter().collect();
            prop_assert_eq!(unique.len(), keys.len(), "duplicate story after {:?}", change);
        }
    }
}

/// Damage a hand edit could do to a file: the model must cope without
/// panicking, and whatever it accepts must still undo exactly.
fn mess_up(b: &mut Backlog, damage: &[(u8, usize)]) {
    for (kind, i) in damage {
        let n = b.stories.len();
        if n == 0 {
            return;
        }
        let mut s = Story::clone(&b.stories[i % n]);
        match kind {
            0 => s.depends_on.push(s.key.clone()),
            1 => s.depends_on.push("S-424242".into()),
            2 => s.epic = Some("E-424242".into()),
            3 => s.sprint = Some("SP-424242".into()),
            4 => s.title = String::new(),
            5 => {
                // The same key twice.
                b.stories.push(Arc::new(s));
                continue;
            }
            _ => b.next_keys = NextKeys::default(),
        }
        b.stories[i % n] = Arc::new(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn operations_on_a_hand_damaged_backlog_never_panic_and_still_undo(
        seed in seed(),
        damage in prop::collection::vec((0u8..7, 0usize..32), 1..4),
        ops in prop::collection::vec(op(), 0..30),
    ) {
        let mut b = build(&seed);
        mess_up(&mut b, &damage);
        let original = b.clone();
        let mut changes = Vec::new();
        for op in &ops {
            changes.extend(run(&mut b, op));
        }
        let duplicates = damage.iter().any(|(kind, _)| *kind == 5);
        for change in changes.iter().rev() {
            let before = b.clone();
            match b.apply(&change.inverse()) {
                Ok(()) => {}
                // With a key twice, undoing a delete looks like adding a key
                // that exists; it is refused (never a second copy). po check
                // reports the duplicate.
                Err(_) if duplicates => {
                    prop_assert_eq!(&b, &before);
                    return Ok(());
                }
                Err(e) => panic!("undo of {change:?} refused: {e}"),
            }
        }
        b.next_keys = original.next_keys.clone();
        prop_assert_eq!(&b, &original);
    }
}

#[test]
fn stories_are_shared_not_copied_by_moves() {
    let mut b = build(&Seed {
        stories: vec![(None, 0, None, None, vec![]); 3],
        epics: 0,
        sprints: 0,
        requests: vec![],
    });
    let top = Arc::clone(&b.stories[0]);
    b.move_story("S-1", &Position::Bottom).unwrap();
    assert!(Arc::ptr_eq(&top, &b.stories[2]));
}
