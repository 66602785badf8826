//! Splitting a story (src/model/split.rs): children at the parent's rank
//! with its user-story parts and a link to it; the parent removed or kept as
//! done; one undo restores it exactly; a refused split changes nothing.

mod model_support;

use std::sync::Arc;

use model_support::{assert_undoes, backlog_with, day, ranks};
use po::model::{Criterion, Moscow, SplitChild, SplitParent, Status, children_by_criteria};

fn with_big_story() -> po::model::Backlog {
    let mut b = backlog_with(&["top", "big", "bottom"]);
    let s = Arc::make_mut(&mut b.stories[1]);
    s.as_a = "returning customer".into();
    s.i_want = "to pay fast".into();
    s.so_that = "checkout takes one tap".into();
    s.points = Some(13.0);
    s.moscow = Some(Moscow::Must);
    s.labels = vec!["payments".into()];
    s.acceptance = vec![
        Criterion::new("Pay with a saved card"),
        Criterion {
            done: true,
            ..Criterion::new("Pay with Apple Pay")
        },
    ];
    b
}

#[test]
fn splitting_by_criteria_puts_one_linked_child_per_criterion_at_the_parents_rank() {
    let mut b = with_big_story();
    let before = b.clone();
    let children = children_by_criteria(b.story("S-2").unwrap());
    let (change, keys) = b
        .split_story("S-2", children, SplitParent::Remove, day(3))
        .unwrap();
    assert_eq!(keys, ["S-4", "S-5"]);
    assert_eq!(ranks(&b), ["S-1", "S-4", "S-5", "S-3"]);
    let child = b.story("S-5").unwrap();
    assert_eq!(child.title, "Pay with Apple Pay");
    assert_eq!(child.split_from.as_deref(), Some("S-2"));
    assert_eq!(
        (
            child.as_a.as_str(),
            child.i_want.as_str(),
            child.so_that.as_str()
        ),
        (
            "returning customer",
            "to pay fast",
            "checkout takes one tap"
        )
    );
    assert_eq!(child.acceptance.len(), 1);
    assert!(!child.acceptance[0].done, "a child's work starts afresh");
    assert_eq!(child.points, None);
    assert_eq!(child.moscow, Some(Moscow::Must));
    assert_eq!(child.labels, ["payments"]);
    // Keys are never reused: the counters stay past the children's keys.
    let before = po::model::Backlog {
        next_keys: b.next_keys.clone(),
        ..before
    };
    assert_undoes(&mut b, &change, &before);
}

#[test]
fn a_kept_parent_is_done_below_its_children_and_one_undo_restores_it() {
    let mut b = with_big_story();
    let before = b.clone();
    let children = vec![SplitChild::titled("Card"), SplitChild::titled("Wallet")];
    let (change, keys) = b
        .split_story("S-2", children, SplitParent::KeepDone, day(3))
        .unwrap();
    assert_eq!(ranks(&b), ["S-1", "S-4", "S-5", "S-2", "S-3"]);
    assert_eq!(b.story("S-2").unwrap().status, Status::Done);
    assert!(
        keys.iter()
            .all(|k| b.story(k).unwrap().split_from.as_deref() == Some("S-2"))
    );
    // Keys are never reused: the counters stay past the children's keys.
    let before = po::model::Backlog {
        next_keys: b.next_keys.clone(),
        ..before
    };
    assert_undoes(&mut b, &change, &before);
}

#[test]
fn a_split_without_children_or_titles_or_of_done_work_is_refused_and_changes_nothing() {
    let mut b = with_big_story();
    let before = b.clone();
    let cases = [
        ("S-2", vec![]),
        (
            "S-2",
            vec![SplitChild::titled("ok"), SplitChild::titled("  ")],
        ),
        ("S-9", vec![SplitChild::titled("ok")]),
    ];
    for (key, children) in cases {
        assert!(
            b.split_story(key, children, SplitParent::Remove, day(3))
                .is_err()
        );
        assert_eq!(b, before);
    }
    b.update_story("S-1", day(3), |s| s.status = Status::Done)
        .unwrap();
    let done = b.clone();
    let err = b
        .split_story(
            "S-1",
            vec![SplitChild::titled("x")],
            SplitParent::Remove,
            day(3),
        )
        .unwrap_err();
    assert!(err.to_string().contains("S-1 is done"), "{err}");
    assert_eq!(b, done);
}

#[test]
fn renaming_the_parent_renames_the_link() {
    let mut b = with_big_story();
    let children = vec![SplitChild::titled("Card")];
    b.split_story("S-2", children, SplitParent::KeepDone, day(3))
        .unwrap();
    b.rename_key(po::model::Kind::Story, "S-2", "S-20").unwrap();
    assert_eq!(b.story("S-4").unwrap().split_from.as_deref(), Some("S-20"));
}

#[test]
fn splitting_or_deleting_past_the_last_rank_names_the_rank_the_same_way() {
    let mut backlog = backlog_with(&["a", "b"]);
    let before = backlog.clone();
    let split = backlog
        .split_story_at(
            2,
            vec![SplitChild::titled("x")],
            SplitParent::Remove,
            day(3),
        )
        .unwrap_err();
    let delete = backlog.delete_story_at(2, day(3)).unwrap_err();
    assert_eq!(split.to_string(), "there is no story at rank 3");
    assert_eq!(delete.to_string(), split.to_string());
    assert_eq!(backlog, before, "a refusal changes nothing");
}
