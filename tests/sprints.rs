//! Sprint operations on the model: start, close with carry-over, stories in
//! and out, goal stories, edits; every one undoable and refusals change nothing.

mod model_support;

use chrono::NaiveDate;
use model_support::{assert_undoes, backlog_with, day, ranks, sprint};
use po::model::{Backlog, Change, ModelError, SprintState, Status};

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// Six stories S-1..S-6 with 1..6 points, and two planned sprints SP-7, SP-8.
fn planned() -> Backlog {
    let mut b = backlog_with(&["one", "two", "three", "four", "five", "six"]);
    for (i, s) in b.stories.iter_mut().enumerate() {
        std::sync::Arc::make_mut(s).points = Some(i as f64 + 1.0);
    }
    // The sprint keys these tests have always used, from when every kind
    // shared one counter: counters may start anywhere.
    b.next_keys.sprints = 7;
    b.add_sprint(sprint("Sprint 1")).unwrap();
    b.add_sprint(sprint("Sprint 2")).unwrap();
    b
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| k.to_string()).collect()
}

fn sprint_of<'a>(b: &'a Backlog, key: &str) -> Option<&'a str> {
    b.story(key).and_then(|s| s.sprint.as_deref())
}

fn mark_done(b: &mut Backlog, key: &str) {
    b.update_story(key, day(5), |s| s.status = Status::Done)
        .unwrap();
}

#[test]
fn starting_a_sprint_records_its_commitment_and_is_undoable() {
    let mut b = planned();
    b.add_to_sprint("SP-7", &["S-2", "S-4"], day(2)).unwrap();
    let before = b.clone();
    let change = b.start_sprint("SP-7", day(2)).unwrap();
    let sp = b.sprint("SP-7").unwrap();
    assert_eq!(sp.state, SprintState::Active);
    assert_eq!(sp.start, None, "no plan is made up");
    assert_eq!(
        sp.actual_start(),
        Some(date(2)),
        "a sprint without dates starts today"
    );
    let record = sp.record.clone();
    assert_eq!(record.committed_stories, Some(keys(&["S-2", "S-4"])));
    assert_eq!(record.committed_points, Some(6.0));
    assert_eq!(record.started_at, Some(day(2)));
    assert_eq!(change.describe(), "started SP-7");
    assert_undoes(&mut b, &change, &before);
}

#[test]
fn only_one_sprint_is_active_at_a_time() {
    let mut b = planned();
    b.start_sprint("SP-7", day(2)).unwrap();
    let before = b.clone();
    let err = b.start_sprint("SP-8", day(3)).unwrap_err();
    assert!(err.to_string().contains("SP-7 is still active"), "{err}");
    assert!(b.start_sprint("SP-7", day(3)).is_err(), "already active");
    assert_eq!(b, before);
}

#[test]
fn closing_sends_unfinished_stories_to_the_top_in_their_rank_order() {
    let mut b = planned();
    b.add_to_sprint("SP-7", &["S-5", "S-2", "S-6", "S-3"], day(1))
        .unwrap();
    b.start_sprint("SP-7", day(2)).unwrap();
    mark_done(&mut b, "S-3");
    b.update_story("S-6", day(5), |s| s.status = Status::InProgress)
        .unwrap();
    let before = b.clone();

    let change = b.close_sprint("SP-7", None, day(13)).unwrap();

    assert_eq!(ranks(&b), ["S-2", "S-5", "S-6", "S-1", "S-3", "S-4"]);
    for k in ["S-2", "S-5", "S-6"] {
        assert_eq!(sprint_of(&b, k), None, "{k} is back in the backlog");
    }
    assert_eq!(
        sprint_of(&b, "S-3"),
        Some("SP-7"),
        "done work stays in the sprint"
    );
    // Nothing works on it in the backlog: in progress becomes todo.
    assert_eq!(b.story("S-6").unwrap().status, Status::Todo);
    assert_eq!(po::model::reset_to_todo(&change), keys(&["S-6"]));
    let sp = b.sprint("SP-7").unwrap();
    assert_eq!(sp.state, SprintState::Closed);
    let record = sp.record.clone();
    assert_eq!(record.done_stories, Some(keys(&["S-3"])));
    assert_eq!(record.done_points, Some(3.0));
    assert_eq!(record.carried_over, Some(keys(&["S-2", "S-5", "S-6"])));
    assert_eq!(record.closed_at, Some(day(13)));
    assert_eq!(
        change.describe(),
        "closed SP-7: 3 unfinished stories back to the top of the backlog; \
         1 in progress set back to todo (S-6)"
    );
    assert_undoes(&mut b, &change, &before);
}

#[test]
fn closing_into_the_next_sprint_moves_unfinished_work_there_and_keeps_ranks() {
    let mut b = planned();
    b.add_to_sprint("SP-7", &["S-4", "S-6"], day(1)).unwrap();
    b.start_sprint("SP-7", day(2)).unwrap();
    mark_done(&mut b, "S-4");
    b.update_story("S-6", day(5), |s| s.status = Status::InProgress)
        .unwrap();
    let ranked = ranks(&b).iter().map(|k| k.to_string()).collect::<Vec<_>>();
    let before = b.clone();
    let change = b.close_sprint("SP-7", Some("SP-8"), day(13)).unwrap();
    assert_eq!(ranks(&b), ranked);
    assert_eq!(sprint_of(&b, "S-6"), Some("SP-8"));
    // Still worked on, in the next sprint.
    assert_eq!(b.story("S-6").unwrap().status, Status::InProgress);
    assert!(po::model::reset_to_todo(&change).is_empty());
    assert_undoes(&mut b, &change, &before);
}

#[test]
fn closing_is_refused_for_sprints_that_are_not_active_or_a_target_that_is_not_planned() {
    let mut b = planned();
    assert!(b.close_sprint("SP-7", None, day(3)).is_err(), "planned");
    b.start_sprint("SP-7", day(2)).unwrap();
    let before = b.clone();
    let to_itself = b.close_sprint("SP-7", Some("SP-7"), day(3)).unwrap_err();
    assert!(
        to_itself.to_string().contains("planned sprint"),
        "{to_itself}"
    );
    assert_eq!(
        b.close_sprint("SP-7", Some("SP-99"), day(3)),
        Err(ModelError::NoSuchSprint("SP-99".into()))
    );
    assert_eq!(b, before);
    b.close_sprint("SP-7", None, day(3)).unwrap();
    assert!(
        b.close_sprint("SP-7", None, day(4)).is_err(),
        "closed twice"
    );
}

#[test]
fn stories_go_in_and_out_of_a_sprint_undoably() {
    let mut b = planned();
    let before = b.clone();
    let added = b
        .add_to_sprint("SP-8", &["S-1", "S-3", "S-1"], day(2))
        .unwrap()
        .expect("a change");
    assert_eq!(b.stories_in("SP-8").count(), 2);
    assert_undoes(&mut b, &added, &before);

    b.apply(&added).unwrap();
    assert_eq!(
        b.add_to_sprint("SP-8", &["S-1"], day(2)).unwrap(),
        None,
        "already in it"
    );
    let moved = b
        .add_to_sprint("SP-7", &["S-1"], day(2))
        .unwrap()
        .expect("moved from SP-8");
    assert_eq!(sprint_of(&b, "S-1"), Some("SP-7"));
    b.apply(&moved.inverse()).unwrap();

    let with_both = b.clone();
    let removed = b
        .remove_from_sprint("SP-8", &["S-3"], day(3))
        .unwrap()
        .expect("a change");
    assert_eq!(sprint_of(&b, "S-3"), None);
    assert_eq!(ranks(&b), ranks(&with_both), "ranks stay");
    assert_undoes(&mut b, &removed, &with_both);
}

#[test]
fn refused_sprint_membership_changes_change_nothing() {
    let mut b = planned();
    mark_done(&mut b, "S-2");
    let before = b.clone();
    let cases: Vec<(&str, Result<Option<Change>, ModelError>)> = vec![
        (
            "unknown story",
            b.clone().add_to_sprint("SP-7", &["S-1", "S-99"], day(2)),
        ),
        (
            "done story",
            b.clone().add_to_sprint("SP-7", &["S-1", "S-2"], day(2)),
        ),
        (
            "unknown sprint",
            b.clone().add_to_sprint("SP-99", &["S-1"], day(2)),
        ),
        (
            "not in the sprint",
            b.clone().remove_from_sprint("SP-7", &["S-1"], day(2)),
        ),
    ];
    for (what, result) in cases {
        assert!(result.is_err(), "{what} is refused");
    }
    assert!(b.add_to_sprint("SP-7", &["S-1", "S-2"], day(2)).is_err());
    assert_eq!(b, before, "a refused batch applies none of its stories");

    b.start_sprint("SP-7", day(2)).unwrap();
    b.close_sprint("SP-7", None, day(3)).unwrap();
    let closed = b.add_to_sprint("SP-7", &["S-1"], day(4)).unwrap_err();
    assert!(closed.to_string().contains("closed"), "{closed}");
}

#[test]
fn stories_are_marked_as_serving_the_goal_of_their_sprint() {
    let mut b = planned();
    let outside = b.set_serves_goal("S-2", true, day(2)).unwrap_err();
    assert!(outside.to_string().contains("in no sprint"), "{outside}");
    b.add_to_sprint("SP-7", &["S-2"], day(2)).unwrap();
    let before = b.clone();
    let change = b
        .set_serves_goal("S-2", true, day(2))
        .unwrap()
        .expect("a change");
    assert!(b.sprint("SP-7").unwrap().serves_goal("S-2"));
    assert_eq!(b.sprint("SP-7").unwrap().goal_stories, ["S-2"]);
    assert!(
        b.story("S-2").unwrap().labels.is_empty(),
        "no label any more"
    );
    assert_eq!(b.set_serves_goal("S-2", true, day(2)).unwrap(), None);
    assert_undoes(&mut b, &change, &before);
    b.apply(&change).unwrap();
    b.set_serves_goal("S-2", false, day(3)).unwrap();
    assert!(!b.sprint("SP-7").unwrap().serves_goal("S-2"));
}

#[test]
fn editing_a_sprint_checks_its_fields_and_cannot_start_or_close_it() {
    let mut b = planned();
    let before = b.clone();
    let change = b
        .edit_sprint("SP-7", |s| {
            s.goal = "  Pay in one tap ".into();
            s.start = Some(date(2));
            s.end = Some(date(13));
            s.capacity = Some(21.0);
        })
        .unwrap()
        .expect("a change");
    assert_eq!(b.sprint("SP-7").unwrap().goal, "Pay in one tap");
    assert_undoes(&mut b, &change, &before);

    let refused = [
        b.clone().edit_sprint("SP-7", |s| s.name = " ".into()),
        b.clone().edit_sprint("SP-7", |s| s.capacity = Some(-1.0)),
        b.clone().edit_sprint("SP-7", |s| {
            s.start = Some(date(13));
            s.end = Some(date(2));
        }),
        b.clone()
            .edit_sprint("SP-7", |s| s.state = SprintState::Active),
        b.clone().edit_sprint("SP-7", |s| s.key = "SP-1".into()),
        b.clone().edit_sprint("SP-99", |s| s.name = "x".into()),
    ];
    for (i, r) in refused.iter().enumerate() {
        assert!(r.is_err(), "edit {i} is refused");
    }
    assert_eq!(b.edit_sprint("SP-7", |_| {}).unwrap(), None);
}

#[test]
fn a_sprints_load_counts_points_against_capacity_and_flags_what_is_not_ready() {
    let mut b = planned();
    b.update_story("S-3", day(1), |s| s.points = None).unwrap();
    b.add_to_sprint("SP-7", &["S-3", "S-5", "S-6"], day(2))
        .unwrap();
    b.set_serves_goal("S-5", true, day(2)).unwrap();
    let load = b.sprint_load("SP-7").unwrap();
    assert_eq!(load.stories, 3);
    assert_eq!(load.points, 11.0);
    assert_eq!(load.capacity, Some(20.0));
    assert_eq!(load.room(), Some(9.0));
    assert!(!load.over_capacity());
    assert_eq!(load.unestimated, ["S-3"]);
    // The test stories have no sentence or criteria, so none is ready.
    assert_eq!(load.not_ready.len(), 3);
    assert!(load.not_ready[0].reasons.contains(&"no estimate"));
    assert_eq!(load.goal_stories, ["S-5"]);
    b.edit_sprint("SP-7", |s| s.capacity = Some(10.0)).unwrap();
    let load = b.sprint_load("SP-7").unwrap();
    assert!(load.over_capacity());
    assert_eq!(load.room(), Some(-1.0));
    assert_eq!(b.sprint_load("SP-99"), None);
}

#[test]
fn the_cut_line_falls_at_the_first_backlog_story_that_does_not_fit() {
    let mut b = planned();
    // S-1 is in a sprint and S-2 is done: neither is in the product backlog.
    b.add_to_sprint("SP-7", &["S-1"], day(2)).unwrap();
    mark_done(&mut b, "S-2");
    let line = b.cut_line(7.0);
    assert_eq!(
        line.index,
        Some(4),
        "S-3 and S-4 (7) fit, S-5 (rank 5) does not"
    );
    let line = b.cut_line(8.0);
    assert_eq!(line.key.as_deref(), Some("S-5"));
    assert_eq!((line.stories, line.points), (2, 7.0));
    assert_eq!(b.cut_line(2.0).index, Some(2), "not even S-3 fits");
    let all = b.cut_line(1000.0);
    assert_eq!((all.index, all.stories, all.points), (None, 4, 18.0));
}

#[test]
fn the_budget_is_the_average_velocity_or_else_the_capacity() {
    let mut b = planned();
    let budget = b.planning_budget(6).unwrap();
    assert_eq!(budget.points, 20.0, "no history: SP-7's capacity");
    b.add_to_sprint("SP-7", &["S-2", "S-4"], day(1)).unwrap();
    b.start_sprint("SP-7", day(2)).unwrap();
    mark_done(&mut b, "S-2");
    mark_done(&mut b, "S-4");
    b.close_sprint("SP-7", None, day(13)).unwrap();
    let budget = b.planning_budget(6).unwrap();
    assert_eq!(budget.points, 6.0);
    assert!(matches!(
        budget.source,
        po::model::BudgetSource::Velocity { sprints: 1 }
    ));
}

#[test]
fn what_a_sprint_recorded_is_written_as_sprint_fields_and_read_back() {
    let mut b = planned();
    b.add_to_sprint("SP-7", &["S-2"], day(1)).unwrap();
    b.start_sprint("SP-7", day(2)).unwrap();
    mark_done(&mut b, "S-2");
    b.close_sprint("SP-7", None, day(13)).unwrap();
    let text = serde_json::to_string_pretty(&b).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sp = &json["sprints"][0];
    assert_eq!(
        sp["done_points"],
        serde_json::json!(2),
        "whole numbers stay whole"
    );
    assert_eq!(sp["committed_stories"], serde_json::json!(["S-2"]));
    assert_eq!(sp["started_at"], "2026-11-02T09:30:00Z");
    let back: Backlog = serde_json::from_str(&text).unwrap();
    assert_eq!(back, b);
    assert_eq!(back.sprint("SP-7").unwrap().record.done_points, Some(2.0));
}

#[test]
fn a_hand_damaged_record_is_refused_with_its_field_named() {
    let b = planned();
    let mut json = serde_json::to_value(&b).unwrap();
    json["sprints"][0]["done_points"] = "lots".into();
    let text = serde_json::to_vec_pretty(&json).unwrap();
    let err = po::store::parse(std::path::Path::new("b.json"), &text).unwrap_err();
    assert!(
        err.to_string().contains("sprints[0]") && err.to_string().contains("\"lots\""),
        "{err}"
    );
}
