//! One test per rule of the merge (docs/team.md, "How po merges").

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::*;
use crate::model::{Criterion, Position, Sprint, SprintRecord, SprintState};

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap() + Duration::minutes(minutes)
}

/// A base of `n` stories S-1…S-n in rank order, one epic E-1 and one sprint SP-1.
fn base(n: usize) -> Backlog {
    let mut b = Backlog::new("Shop");
    b.add_epic("Checkout", "").unwrap();
    b.add_sprint(Sprint {
        key: String::new(),
        name: "Sprint 1".into(),
        goal: String::new(),
        start: None,
        end: None,
        capacity: Some(20.0),
        state: SprintState::Planned,
        record: SprintRecord::default(),
        goal_stories: Vec::new(),
        extra: Map::new(),
    })
    .unwrap();
    for i in 0..n {
        let s = b.new_story(&format!("story {}", i + 1), at(0));
        b.insert_story(usize::MAX, s).unwrap();
    }
    b
}

fn story<'a>(b: &'a mut Backlog, key: &str) -> &'a mut Story {
    let i = b.story_index(key).unwrap();
    Arc::make_mut(&mut b.stories[i])
}

fn add(b: &mut Backlog, title: &str) -> String {
    let s = b.new_story(title, at(5));
    let key = s.key.clone();
    b.insert_story(usize::MAX, s).unwrap();
    key
}

fn ranks(b: &Backlog) -> Vec<&str> {
    b.stories.iter().map(|s| s.key.as_str()).collect()
}

fn said(m: &Merged) -> Vec<String> {
    m.report.notes.iter().map(ToString::to_string).collect()
}

#[test]
fn a_field_changed_on_one_side_takes_that_side() {
    let b = base(3);
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").title = "ours' title".into();
    story(&mut t, "S-2").points = Some(5.0);
    let m = merge(&b, &o, t);
    assert_eq!(m.backlog.story("S-1").unwrap().title, "ours' title");
    assert_eq!(m.backlog.story("S-2").unwrap().points, Some(5.0));
    assert!(m.backlog.conflicts.is_empty());
    assert_eq!(said(&m), ["took theirs' changes to story S-2"]);
}

#[test]
fn different_fields_of_one_story_merge_and_updated_takes_the_later_time() {
    let b = base(1);
    let mut o = b.clone();
    let mut t = b.clone();
    let s = story(&mut o, "S-1");
    s.title = "new title".into();
    s.updated = at(10);
    let s = story(&mut t, "S-1");
    s.points = Some(3.0);
    s.updated = at(20);
    let m = merge(&b, &o, t);
    let s = m.backlog.story("S-1").unwrap();
    assert_eq!(
        (s.title.as_str(), s.points, s.updated),
        ("new title", Some(3.0), at(20))
    );
    assert!(m.backlog.conflicts.is_empty());
    assert_eq!(said(&m), ["merged changes of both sides to story S-1"]);
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let b = base(2);
    let mut o = b.clone();
    story(&mut o, "S-1").points = Some(8.0);
    story(&mut o, "S-2").title = "both".into();
    let mut t = b.clone();
    story(&mut t, "S-1").points = Some(8.0);
    story(&mut t, "S-2").title = "both".into();
    story(&mut t, "S-2").description = "only theirs".into();
    let m = merge(&b, &o, t);
    assert!(m.backlog.conflicts.is_empty(), "{:?}", m.backlog.conflicts);
    assert_eq!(m.backlog.story("S-1").unwrap().points, Some(8.0));
    assert_eq!(m.backlog.story("S-2").unwrap().description, "only theirs");
}

#[test]
fn a_true_conflict_keeps_ours_and_is_recorded_with_all_three_values() {
    let b = base(1);
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").title = "ours".into();
    story(&mut t, "S-1").title = "theirs".into();
    let m = merge(&b, &o, t);
    assert_eq!(m.backlog.story("S-1").unwrap().title, "ours");
    let c = &m.backlog.conflicts;
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].entity, c[0].key.as_str(), c[0].field.as_str()),
        (Entity::Story, "S-1", "title")
    );
    assert_eq!(
        (&c[0].base, &c[0].ours, &c[0].theirs),
        (&json!("story 1"), &json!("ours"), &json!("theirs"))
    );
    assert_eq!(m.report.conflicts().count(), 1);
    assert!(
        said(&m)[0].starts_with("CONFLICT story S-1 title"),
        "{:?}",
        said(&m)
    );
}

#[test]
fn nested_fields_merge_one_by_one_and_conflict_by_their_path() {
    let mut b = base(1);
    story(&mut b, "S-1").rice = Some(crate::model::Rice::default());
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").rice.as_mut().unwrap().reach = 100.0;
    story(&mut t, "S-1").rice.as_mut().unwrap().confidence = 0.5;
    let m = merge(&b, &o, t.clone());
    let rice = m.backlog.story("S-1").unwrap().rice.clone().unwrap();
    assert_eq!((rice.reach, rice.confidence), (100.0, 0.5));
    story(&mut t, "S-1").rice.as_mut().unwrap().reach = 7.0;
    let m = merge(&b, &o, t);
    let fields: Vec<&str> = m
        .backlog
        .conflicts
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["rice.reach"]);
}

#[test]
fn moves_on_both_sides_are_applied_and_every_story_appears_once() {
    let b = base(5);
    let mut o = b.clone();
    let mut t = b.clone();
    o.move_story("S-5", &Position::Top).unwrap();
    t.move_story("S-2", &Position::Bottom).unwrap();
    let m = merge(&b, &o, t);
    assert_eq!(ranks(&m.backlog), ["S-5", "S-1", "S-3", "S-4", "S-2"]);
    assert!(m.report.notes.is_empty(), "{:?}", said(&m));
}

#[test]
fn a_story_moved_differently_on_both_sides_keeps_ours_rank_and_is_reported() {
    let b = base(4);
    let mut o = b.clone();
    let mut t = b.clone();
    o.move_story("S-4", &Position::Top).unwrap();
    t.move_story("S-4", &Position::Index(1)).unwrap();
    let m = merge(&b, &o, t);
    assert_eq!(ranks(&m.backlog), ["S-4", "S-1", "S-2", "S-3"]);
    assert_eq!(
        said(&m),
        ["kept ours' rank of story S-4: both sides moved it to different places"]
    );
}

#[test]
fn stories_created_on_both_sides_with_one_key_are_renumbered_on_theirs_with_references() {
    let b = base(2);
    let mut o = b.clone();
    let mut t = b.clone();
    assert_eq!(add(&mut o, "ours' new"), "S-3");
    assert_eq!(add(&mut t, "theirs' new"), "S-3");
    assert_eq!(add(&mut t, "theirs' second"), "S-4");
    // Theirs points at its new stories from everywhere a story key can be.
    story(&mut t, "S-4").depends_on = vec!["S-3".into()];
    story(&mut t, "S-1").depends_on = vec!["S-3".into()];
    story(&mut t, "S-3").sprint = Some("SP-1".into());
    t.sprints[0].goal_stories = vec!["S-3".into()];
    t.add_request("please", "Sales", at(1)).unwrap();
    t.requests[0].story = Some("S-3".into());
    let m = merge(&b, &o, t);
    let mb = &m.backlog;
    assert_eq!(mb.story("S-3").unwrap().title, "ours' new");
    assert_eq!(mb.story("S-5").unwrap().title, "theirs' new");
    // S-4 was new on theirs only: it keeps its key.
    assert_eq!(mb.story("S-4").unwrap().title, "theirs' second");
    assert_eq!(mb.story("S-4").unwrap().depends_on, ["S-5"]);
    assert_eq!(mb.story("S-1").unwrap().depends_on, ["S-5"]);
    assert_eq!(mb.story("S-5").unwrap().sprint.as_deref(), Some("SP-1"));
    assert_eq!(mb.sprints[0].goal_stories, ["S-5"]);
    assert_eq!(mb.requests[0].story.as_deref(), Some("S-5"));
    assert!(said(&m).contains(
        &"renumbered theirs' new story S-3 → S-5 (both sides created S-3); references rewritten"
            .to_string()
    ));
    assert_eq!(ranks(mb), ["S-1", "S-2", "S-3", "S-5", "S-4"]);
    assert_eq!(mb.next_keys.stories, 6);
    assert!(mb.problems().is_empty(), "{:?}", mb.problems());
}

#[test]
fn epics_sprints_and_requests_created_on_both_sides_are_renumbered_too() {
    let b = base(1);
    let mut o = b.clone();
    let mut t = b.clone();
    o.add_epic("ours", "").unwrap();
    t.add_epic("theirs", "").unwrap();
    story(&mut t, "S-1").epic = Some("E-2".into());
    o.add_request("a", "x", at(1)).unwrap();
    t.add_request("b", "y", at(2)).unwrap();
    let m = merge(&b, &o, t);
    let mb = &m.backlog;
    assert_eq!(mb.epic("E-2").unwrap().title, "ours");
    assert_eq!(mb.epic("E-3").unwrap().title, "theirs");
    assert_eq!(mb.story("S-1").unwrap().epic.as_deref(), Some("E-3"));
    let texts: Vec<(&str, &str)> = mb
        .requests
        .iter()
        .map(|r| (r.key.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(texts, [("R-1", "a"), ("R-2", "b")]);
    assert_eq!((mb.next_keys.epics, mb.next_keys.requests), (4, 3));
}

#[test]
fn a_story_deleted_on_one_side_and_edited_on_the_other_is_kept_and_reported() {
    let b = base(3);
    let mut o = b.clone();
    let mut t = b.clone();
    o.delete_story("S-2", at(1)).unwrap();
    story(&mut t, "S-2").points = Some(2.0);
    let m = merge(&b, &o, t.clone());
    assert_eq!(ranks(&m.backlog), ["S-1", "S-2", "S-3"]);
    assert_eq!(m.backlog.story("S-2").unwrap().points, Some(2.0));
    assert_eq!(
        said(&m),
        ["kept story S-2: deleted on ours but changed on theirs"]
    );
    // The other way round.
    let m = merge(&b, &t, o);
    assert_eq!(ranks(&m.backlog), ["S-1", "S-2", "S-3"]);
    assert_eq!(
        said(&m),
        ["kept story S-2: deleted on theirs but changed on ours"]
    );
}

#[test]
fn a_story_deleted_on_one_side_and_left_alone_on_the_other_is_deleted() {
    let b = base(3);
    let o = b.clone();
    let mut t = b.clone();
    t.delete_story("S-2", at(1)).unwrap();
    let m = merge(&b, &o, t);
    assert_eq!(ranks(&m.backlog), ["S-1", "S-3"]);
    assert_eq!(said(&m), ["deleted story S-2 (as theirs did)"]);
}

#[test]
fn criteria_and_labels_merge_as_lists() {
    let mut b = base(1);
    story(&mut b, "S-1").acceptance = vec![Criterion::new("one"), Criterion::new("two")];
    story(&mut b, "S-1").labels = vec!["a".into()];
    let mut o = b.clone();
    let mut t = b.clone();
    let s = story(&mut o, "S-1");
    s.acceptance[0].done = true;
    s.acceptance.push(Criterion::new("ours"));
    s.labels.push("ours".into());
    let s = story(&mut t, "S-1");
    s.acceptance.remove(1);
    s.acceptance.insert(0, Criterion::new("theirs"));
    s.labels = vec!["theirs".into()];
    let m = merge(&b, &o, t);
    let s = m.backlog.story("S-1").unwrap();
    let criteria: Vec<(&str, bool)> = s
        .acceptance
        .iter()
        .map(|c| (c.text.as_str(), c.done))
        .collect();
    assert_eq!(
        criteria,
        [("theirs", false), ("one", true), ("ours", false)]
    );
    assert_eq!(s.labels, ["theirs", "ours"]);
    assert!(m.backlog.conflicts.is_empty());
}

#[test]
fn key_counters_end_above_every_key_of_either_side() {
    let b = base(2);
    let mut o = b.clone();
    let mut t = b.clone();
    for _ in 0..3 {
        add(&mut t, "theirs");
    }
    add(&mut o, "ours");
    // A hand-edited side whose counter lags behind its keys.
    t.next_keys.stories = 1;
    let m = merge(&b, &o, t);
    assert_eq!(m.backlog.stories.len(), 6);
    // S-1…S-6: ours' S-3 and theirs' S-3, S-4, S-5, the first renumbered S-6.
    assert_eq!(m.backlog.next_keys.stories, 7, "{:?}", m.backlog.next_keys);
    assert!(
        m.backlog.problems().is_empty(),
        "{:?}",
        m.backlog.problems()
    );
}

#[test]
fn unknown_fields_survive_and_merge_like_known_ones() {
    let mut b = base(1);
    story(&mut b, "S-1")
        .extra
        .insert("x_team".into(), json!("blue"));
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").title = "ours".into();
    story(&mut t, "S-1")
        .extra
        .insert("x_team".into(), json!("red"));
    story(&mut t, "S-1")
        .extra
        .insert("x_new".into(), json!({"deep": [1]}));
    t.extra.insert("x_top".into(), json!(1));
    t.product.extra.insert("x_brand".into(), json!("po"));
    let m = merge(&b, &o, t);
    let s = m.backlog.story("S-1").unwrap();
    assert_eq!(s.title, "ours");
    assert_eq!(s.extra["x_team"], json!("red"));
    assert_eq!(s.extra["x_new"], json!({"deep": [1]}));
    assert_eq!(m.backlog.extra["x_top"], json!(1));
    assert_eq!(m.backlog.product.extra["x_brand"], json!("po"));
}

#[test]
fn a_reference_to_a_story_the_merge_deleted_is_dropped_and_reported() {
    let b = base(3);
    let mut o = b.clone();
    let mut t = b.clone();
    o.delete_story("S-3", at(1)).unwrap();
    story(&mut t, "S-1").depends_on = vec!["S-3".into()];
    let m = merge(&b, &o, t);
    assert!(m.backlog.story("S-1").unwrap().depends_on.is_empty());
    assert!(
        said(&m).contains(&"dropped S-1's depends_on S-3: the merge deleted S-3".to_string()),
        "{:?}",
        said(&m)
    );
    assert!(m.backlog.problems().is_empty());
}

#[test]
fn a_conflict_resolved_on_one_side_stays_resolved_and_open_ones_are_kept() {
    let mut b = base(2);
    for key in ["S-1", "S-2"] {
        b.conflicts.push(Conflict {
            entity: Entity::Story,
            key: key.into(),
            field: "title".into(),
            base: json!("a"),
            ours: json!("b"),
            theirs: json!("c"),
            extra: Map::new(),
        });
    }
    let o = b.clone();
    let mut t = b.clone();
    t.conflicts.remove(0);
    let m = merge(&b, &o, t);
    let keys: Vec<&str> = m.backlog.conflicts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["S-2"]);
}

#[test]
fn a_sprint_closed_on_one_side_while_its_stories_are_edited_on_the_other_keeps_both() {
    let mut b = base(3);
    b.add_to_sprint("SP-1", &["S-1", "S-2"], at(1)).unwrap();
    b.start_sprint("SP-1", at(1)).unwrap();
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").set_status(crate::model::Status::Done, at(2));
    o.close_sprint("SP-1", None, at(3)).unwrap();
    story(&mut t, "S-2").title = "renamed meanwhile".into();
    let m = merge(&b, &o, t);
    assert!(m.backlog.conflicts.is_empty(), "{:?}", m.backlog.conflicts);
    assert_eq!(m.backlog.sprint("SP-1").unwrap().state, SprintState::Closed);
    assert_eq!(m.backlog.story("S-2").unwrap().title, "renamed meanwhile");
    assert_eq!(
        m.backlog.story("S-1").unwrap().status,
        crate::model::Status::Done
    );
}

fn conflicted() -> Backlog {
    let b = base(1);
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").title = "ours".into();
    story(&mut o, "S-1").points = Some(1.0);
    story(&mut t, "S-1").title = "theirs".into();
    story(&mut t, "S-1").points = Some(2.0);
    let m = merge(&b, &o, t);
    assert_eq!(m.backlog.conflicts.len(), 2);
    m.backlog
}

#[test]
fn resolving_a_conflict_sets_the_field_and_clears_it_and_then_the_backlog_checks_clean() {
    let mut b = conflicted();
    let c = b
        .resolve_conflict("S-1", "title", json!("theirs"), at(30))
        .unwrap();
    assert_eq!(c.field, "title");
    assert_eq!(b.story("S-1").unwrap().title, "theirs");
    assert_eq!(b.story("S-1").unwrap().updated, at(30));
    assert_eq!(b.problems().len(), 1);
    b.resolve_conflict("S-1", "points", json!(5), at(30))
        .unwrap();
    assert_eq!(b.story("S-1").unwrap().points, Some(5.0));
    assert!(b.conflicts.is_empty());
    assert!(b.problems().is_empty());
}

#[test]
fn a_bad_value_or_an_unknown_conflict_is_refused_and_changes_nothing() {
    let mut b = conflicted();
    let before = b.clone();
    for (key, field, value) in [
        ("S-1", "points", json!(-3)),
        ("S-1", "points", json!("many")),
        ("S-1", "title", json!("")),
        ("S-1", "status", json!("nearly")),
        ("S-2", "title", json!("x")),
        ("S-1", "moscow", json!("must")),
    ] {
        let e = b.resolve_conflict(key, field, value.clone(), at(30));
        assert!(e.is_err(), "{key} {field} {value} was accepted");
        assert_eq!(b, before);
    }
    let e = b
        .resolve_conflict("S-1", "moscow", json!("must"), at(30))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "S-1 has no conflict on moscow; its conflicts are on title, points"
    );
}

#[test]
fn a_status_conflict_keeps_ours_and_done_at_follows_the_status_kept() {
    let b = base(1);
    let mut o = b.clone();
    let mut t = b.clone();
    story(&mut o, "S-1").set_status(crate::model::Status::InProgress, at(1));
    story(&mut t, "S-1").set_status(crate::model::Status::Done, at(2));
    let mut m = merge(&b, &o, t).backlog;
    let s = m.story("S-1").unwrap();
    assert_eq!(
        (s.status, s.done_at),
        (crate::model::Status::InProgress, None)
    );
    assert_eq!(m.conflicts[0].field, "status");
    m.resolve_conflict("S-1", "status", json!("done"), at(9))
        .unwrap();
    assert_eq!(m.story("S-1").unwrap().done_at, Some(at(9)));
}
