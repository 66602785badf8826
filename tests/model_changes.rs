//! Changes as data (apply, inverse, stale changes, batches), keys that are never
//! reused, and the consistency checks of `Backlog::problems`.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use po::model::{
    Backlog, Change, Epic, Item, Kind, ModelError, NextKeys, Product, Request, RequestState,
    Sprint, SprintState, Story,
};

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 9, 30, 0).unwrap()
}

fn backlog_with(n: usize) -> Backlog {
    let mut backlog = Backlog::new("Acme");
    for i in 0..n {
        let story = backlog.new_story(&format!("story {i}"), day(1));
        backlog.insert_story(usize::MAX, story).unwrap();
    }
    backlog
}

fn story_item(key: &str, title: &str) -> Item {
    Item::Story(Arc::new(Story::new(key.to_string(), title, day(1))))
}

fn epic(key: &str) -> Epic {
    Epic {
        key: key.to_string(),
        title: "Epic".to_string(),
        description: String::new(),
        outcome: None,
        extra: serde_json::Map::new(),
    }
}

fn sprint(key: &str, state: SprintState) -> Sprint {
    Sprint {
        key: key.to_string(),
        name: key.to_string(),
        goal: String::new(),
        start: None,
        end: None,
        capacity: None,
        state,
        record: Default::default(),
        goal_stories: Vec::new(),
        extra: serde_json::Map::new(),
    }
}

fn request(key: &str, story: Option<&str>) -> Request {
    Request {
        key: key.to_string(),
        text: "please".to_string(),
        from: String::new(),
        received: day(1),
        state: RequestState::Accepted,
        story: story.map(str::to_string),
        reason: String::new(),
        decided: None,
        extra: serde_json::Map::new(),
    }
}

/// One change of every kind, each fitting `backlog_with(3)` plus an epic E-4.
fn one_of_each(backlog: &Backlog) -> Vec<Change> {
    let s2 = Arc::clone(&backlog.stories[1]);
    let mut edited = Story::clone(&s2);
    edited.title = "edited".into();
    let mut product = backlog.product.clone();
    product.vision = "faster".into();
    vec![
        Change::Insert {
            index: 1,
            item: story_item("S-1000", "new"),
        },
        Change::Remove {
            index: 1,
            item: Item::Story(Arc::clone(&s2)),
        },
        Change::Update {
            index: 1,
            before: Item::Story(s2),
            after: Item::Story(Arc::new(edited)),
        },
        Change::MoveStory {
            key: "S-1".into(),
            from: 0,
            to: 2,
        },
        Change::Product {
            before: Box::new(backlog.product.clone()),
            after: Box::new(product),
        },
        Change::Insert {
            index: 0,
            item: Item::Sprint(sprint("SP-1001", SprintState::Planned)),
        },
        Change::Insert {
            index: 0,
            item: Item::Request(request("R-1002", None)),
        },
        Change::Remove {
            index: 0,
            item: Item::Epic(backlog.epics[0].clone()),
        },
    ]
}

fn fixture() -> Backlog {
    let mut backlog = backlog_with(3);
    backlog.add_epic("Checkout", "").unwrap();
    backlog
}

#[test]
fn every_kind_of_change_is_undone_by_its_inverse() {
    let original = fixture();
    for change in one_of_each(&original) {
        let mut backlog = original.clone();
        backlog.apply(&change).unwrap();
        assert_ne!(backlog, original, "{change:?} changed nothing");
        backlog.apply(&change.inverse()).unwrap();
        assert_eq!(backlog, original, "inverse of {change:?}");
        assert_eq!(change.inverse().inverse(), change);
    }
}

#[test]
fn a_batch_is_undone_by_its_inverse_in_reverse_order() {
    let original = fixture();
    let mut backlog = original.clone();
    // Each part depends on the one before: the move needs the insert.
    let batch = Change::Batch(vec![
        Change::Insert {
            index: 3,
            item: story_item("S-1000", "new"),
        },
        Change::MoveStory {
            key: "S-1000".into(),
            from: 3,
            to: 0,
        },
        Change::Batch(vec![Change::MoveStory {
            key: "S-1000".into(),
            from: 0,
            to: 1,
        }]),
    ]);
    backlog.apply(&batch).unwrap();
    assert_eq!(backlog.stories[1].key, "S-1000");
    assert_eq!(batch.describe(), "added S-1000 (+2 more)");
    backlog.apply(&batch.inverse()).unwrap();
    assert_eq!(backlog, original);
    assert_eq!(Change::Batch(vec![]).describe(), "nothing");
}

#[test]
fn applying_a_change_twice_is_refused_and_leaves_the_backlog_untouched() {
    let original = fixture();
    for change in one_of_each(&original) {
        let mut backlog = original.clone();
        backlog.apply(&change).unwrap();
        let once = backlog.clone();
        let again = backlog.apply(&change);
        assert!(
            matches!(again, Err(ModelError::Stale(_))),
            "{change:?} applied twice: {again:?}"
        );
        assert_eq!(backlog, once, "a refused {change:?} changed the backlog");
    }
}

#[test]
fn undoing_twice_is_refused_and_leaves_the_backlog_untouched() {
    let original = fixture();
    for change in one_of_each(&original) {
        let mut backlog = original.clone();
        backlog.apply(&change).unwrap();
        backlog.apply(&change.inverse()).unwrap();
        let again = backlog.apply(&change.inverse());
        assert!(
            matches!(again, Err(ModelError::Stale(_))),
            "inverse of {change:?} applied twice: {again:?}"
        );
        assert_eq!(backlog, original);
    }
}

#[test]
fn a_change_out_of_range_is_refused() {
    let mut backlog = fixture();
    let original = backlog.clone();
    let stale = [
        Change::Insert {
            index: 4,
            item: story_item("S-1000", "x"),
        },
        Change::Remove {
            index: 3,
            item: story_item("S-3", "x"),
        },
        Change::MoveStory {
            key: "S-1".into(),
            from: 0,
            to: 3,
        },
        Change::MoveStory {
            key: "S-1".into(),
            from: 7,
            to: 0,
        },
        Change::MoveStory {
            key: "S-2".into(),
            from: 0,
            to: 1,
        },
        Change::Update {
            index: 5,
            before: Item::Epic(epic("E-4")),
            after: Item::Epic(epic("E-4")),
        },
    ];
    for change in stale {
        let result = backlog.apply(&change);
        assert!(
            matches!(&result, Err(ModelError::Stale(m)) if !m.is_empty()),
            "{change:?}: {result:?}"
        );
        assert_eq!(backlog, original);
    }
}

#[test]
fn a_batch_whose_later_part_does_not_fit_rolls_back_completely() {
    let original = fixture();
    let mut backlog = original.clone();
    let s1 = Arc::clone(&backlog.stories[0]);
    let mut edited = Story::clone(&s1);
    edited.points = Some(5.0);
    let batch = Change::Batch(vec![
        Change::Update {
            index: 0,
            before: Item::Story(s1),
            after: Item::Story(Arc::new(edited)),
        },
        Change::MoveStory {
            key: "S-1".into(),
            from: 0,
            to: 2,
        },
        Change::Batch(vec![
            Change::Insert {
                index: 0,
                item: story_item("S-1000", "x"),
            },
            // Does not fit: S-3 is not at rank 0.
            Change::Remove {
                index: 0,
                item: story_item("S-3", "x"),
            },
        ]),
    ]);
    let result = backlog.apply(&batch);
    assert!(matches!(result, Err(ModelError::Stale(_))), "{result:?}");
    assert_eq!(backlog, original);
}

#[test]
fn keys_are_never_reused_even_after_deletes() {
    let mut backlog = backlog_with(2);
    backlog.delete_story("S-2", day(2)).unwrap();
    let story = backlog.new_story("again", day(2));
    assert_eq!(story.key, "S-3");
    // Each kind counts on its own: no gaps from the other kinds' keys.
    assert_eq!(backlog.allocate_key(Kind::Epic), "E-1");
    assert_eq!(backlog.allocate_key(Kind::Sprint), "SP-1");
    assert_eq!(backlog.allocate_key(Kind::Request), "R-1");
    assert_eq!(backlog.next_keys.stories, 4);
    assert_eq!(backlog.next_keys.epics, 2);
}

#[test]
fn repairing_the_counters_moves_each_above_every_key_of_its_kind() {
    let mut backlog = backlog_with(2);
    assert_eq!(backlog.repair_next_keys(), vec![]);
    backlog.next_keys = NextKeys::default();
    backlog.epics.push(epic("E-40"));
    backlog.sprints.push(sprint("SP-7", SprintState::Planned));
    backlog.requests.push(request("R-12", None));
    assert_eq!(
        backlog.repair_next_keys(),
        vec![Kind::Story, Kind::Epic, Kind::Sprint, Kind::Request]
    );
    assert_eq!(backlog.next_keys.epics, 41);
    assert_eq!(backlog.next_keys.sprints, 8);
    assert_eq!(backlog.next_keys.requests, 13);
    assert_eq!(backlog.repair_next_keys(), vec![]);
    assert_eq!(backlog.new_story("x", day(1)).key, "S-3");
}

#[test]
fn a_consistent_backlog_has_no_problems() {
    let mut backlog = backlog_with(3);
    backlog.add_epic("E", "").unwrap();
    let mut s = sprint("", SprintState::Planned);
    s.name = "Sprint".into();
    backlog.add_sprint(s).unwrap();
    backlog
        .update_story("S-1", day(2), |s| {
            s.epic = Some("E-1".into());
            s.sprint = Some("SP-1".into());
            s.depends_on = vec!["S-2".into()];
        })
        .unwrap();
    backlog.add_request("text", "me", day(2)).unwrap();
    assert_eq!(backlog.problems(), vec![]);
}

#[test]
fn problems_finds_duplicates_dangling_references_and_used_keys() {
    let mut backlog = backlog_with(2);
    let mut broken = Story::clone(&backlog.stories[0]);
    broken.epic = Some("E-9".into());
    broken.sprint = Some("SP-9".into());
    broken.depends_on = vec!["S-9".into()];
    broken.title = " ".into();
    backlog.stories.push(Arc::new(broken));
    backlog
        .stories
        .push(Arc::new(Story::new("S-50".into(), "high", day(1))));
    backlog
        .stories
        .push(Arc::new(Story::new("nonsense".into(), "odd", day(1))));
    backlog.requests.push(request("R-2", Some("S-77")));
    backlog.sprints.push(sprint("SP-1", SprintState::Active));
    backlog.sprints.push(sprint("SP-2", SprintState::Active));
    backlog.next_keys.requests = 3;
    backlog.next_keys.sprints = 3;

    let found: Vec<String> = backlog.problems().iter().map(ToString::to_string).collect();
    let expect = [
        "S-1: the key is used twice, at stories[0] and stories[2]",
        "S-1: epic E-9 does not exist",
        "S-1: sprint SP-9 does not exist",
        "S-1: depends on S-9, which does not exist",
        "S-1: the title is empty",
        "S-50: next_keys.stories is 3 but this key is already in use",
        "nonsense: the key has no number (expected e.g. S-12)",
        "R-2: links story S-77, which does not exist",
        "sprints: 2 sprints are active; at most one may be",
    ];
    for e in expect {
        assert!(found.iter().any(|f| f == e), "missing {e:?} in {found:#?}");
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
}

#[test]
fn one_active_sprint_is_fine() {
    let mut backlog = backlog_with(1);
    backlog.sprints.push(sprint("SP-1", SprintState::Closed));
    backlog.sprints.push(sprint("SP-2", SprintState::Active));
    backlog.next_keys.sprints = 3;
    backlog.stories.clear();
    assert_eq!(backlog.problems(), vec![]);
    assert_eq!(
        backlog.active_sprint().map(|s| s.key.as_str()),
        Some("SP-2")
    );
}

#[test]
fn a_product_change_is_undoable() {
    let mut backlog = backlog_with(1);
    let original = backlog.clone();
    let change = Change::Product {
        before: Box::new(backlog.product.clone()),
        after: Box::new(Product {
            name: "New".into(),
            vision: "Big".into(),
            extra: serde_json::Map::new(),
        }),
    };
    backlog.apply(&change).unwrap();
    assert_eq!(backlog.product.name, "New");
    assert_eq!(change.describe(), "edited the product");
    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog, original);
}

#[test]
fn an_undo_of_an_edit_made_stale_by_another_edit_is_refused() {
    let mut backlog = fixture();
    let first = backlog
        .update_story("S-1", day(2), |s| s.title = "first".into())
        .unwrap()
        .unwrap();
    backlog
        .update_story("S-1", day(3), |s| s.points = Some(8.0))
        .unwrap()
        .unwrap();
    let edited_twice = backlog.clone();
    // Undoing the first edit now would silently drop the second one.
    assert!(matches!(
        backlog.apply(&first.inverse()),
        Err(ModelError::Stale(_))
    ));
    assert_eq!(backlog, edited_twice);
}

#[test]
fn an_update_that_swaps_the_kind_of_item_is_refused_not_a_panic() {
    let mut backlog = fixture();
    let original = backlog.clone();
    let s3 = Arc::clone(&backlog.stories[2]);
    let odd = Change::Update {
        index: 2,
        before: Item::Story(s3),
        after: Item::Epic(epic("E-4")),
    };
    assert!(matches!(backlog.apply(&odd), Err(ModelError::Stale(_))));
    let renamed = Change::Update {
        index: 0,
        before: Item::Epic(backlog.epics[0].clone()),
        after: Item::Epic(epic("E-99")),
    };
    assert!(matches!(backlog.apply(&renamed), Err(ModelError::Stale(_))));
    assert_eq!(backlog, original);
}

#[test]
fn an_absurdly_high_counter_or_key_from_a_file_does_not_panic() {
    let mut backlog = backlog_with(1);
    backlog.next_keys.stories = u64::MAX;
    assert_eq!(backlog.allocate_key(Kind::Story), format!("S-{}", u64::MAX));
    assert_eq!(backlog.next_keys.stories, u64::MAX);

    let mut backlog = backlog_with(1);
    backlog.epics.push(epic(&format!("E-{}", u64::MAX)));
    assert_eq!(backlog.repair_next_keys(), vec![Kind::Epic]);
    assert_eq!(backlog.next_keys.epics, u64::MAX);
    // The counter cannot go higher; the checks say so instead of panicking.
    assert!(!backlog.problems().is_empty());
}

#[test]
fn adding_with_a_counter_behind_the_keys_is_refused_without_a_duplicate() {
    let mut backlog = backlog_with(0);
    backlog.add_epic("First", "").unwrap();
    // As a hand edit (or a caller that skipped Store::open's repair) can leave it.
    backlog.next_keys.epics = 1;
    let before = backlog.clone();
    let err = backlog.add_epic("Second", "").unwrap_err();
    assert!(
        matches!(&err, ModelError::Invalid(m) if m.contains("E-1") && m.contains("next_keys")),
        "{err}"
    );
    assert_eq!(backlog, before);
}
