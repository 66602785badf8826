//! The backlog operations in src/model/ops.rs, one story at a time: what each
//! does, what it refuses, and that its change undoes exactly.

use chrono::{DateTime, TimeZone, Utc};
use po::model::{
    Backlog, Change, Criterion, Item, ModelError, Position, Rice, Sprint, SprintState, Status,
    Story,
};

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 9, 30, 0).unwrap()
}

/// A backlog whose stories are S-1.. in rank order, one per title.
fn backlog_with(titles: &[&str]) -> Backlog {
    let mut backlog = Backlog::new("Acme");
    for title in titles {
        let story = backlog.new_story(title, day(1));
        backlog.insert_story(usize::MAX, story).unwrap();
    }
    backlog
}

fn ranks(backlog: &Backlog) -> Vec<&str> {
    backlog.stories.iter().map(|s| s.key.as_str()).collect()
}

/// Applies the inverse of `change` and checks the backlog is `before` again.
fn assert_undoes(backlog: &mut Backlog, change: &Change, before: &Backlog) {
    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog, before, "undoing '{}'", change.describe());
}

fn sprint(name: &str) -> Sprint {
    Sprint {
        key: String::new(),
        name: name.to_string(),
        goal: String::new(),
        start: None,
        end: None,
        capacity: Some(20.0),
        state: SprintState::Planned,
        extra: serde_json::Map::new(),
    }
}

#[test]
fn a_new_story_gets_a_fresh_key_and_goes_where_it_is_inserted() {
    let mut backlog = backlog_with(&["one", "two"]);
    let story = backlog.new_story("  three  ", day(2));
    assert_eq!(story.key, "S-3");
    assert_eq!(story.title, "three");
    let before = backlog.clone();
    let change = backlog.insert_story(0, story).unwrap();
    assert_eq!(ranks(&backlog), ["S-3", "S-1", "S-2"]);
    assert_eq!(change.story_key(), Some("S-3"));
    assert_undoes(&mut backlog, &change, &before);
}

#[test]
fn inserting_past_the_end_appends() {
    let mut backlog = backlog_with(&["one"]);
    let story = backlog.new_story("two", day(2));
    let change = backlog.insert_story(99, story).unwrap();
    assert!(matches!(change, Change::Insert { index: 1, .. }));
    assert_eq!(ranks(&backlog), ["S-1", "S-2"]);
}

#[test]
fn inserting_a_story_without_title_or_with_unknown_links_is_refused() {
    let mut backlog = backlog_with(&["one"]);
    let before = backlog.clone();
    let blank = Story::new("S-9".to_string(), "   ", day(1));
    assert!(matches!(
        backlog.insert_story(0, blank),
        Err(ModelError::Invalid(_))
    ));
    let mut in_epic = Story::new("S-9".to_string(), "x", day(1));
    in_epic.epic = Some("E-7".to_string());
    assert_eq!(
        backlog.insert_story(0, in_epic),
        Err(ModelError::NoSuchEpic("E-7".to_string()))
    );
    let mut in_sprint = Story::new("S-9".to_string(), "x", day(1));
    in_sprint.sprint = Some("SP-7".to_string());
    assert_eq!(
        backlog.insert_story(0, in_sprint),
        Err(ModelError::NoSuchSprint("SP-7".to_string()))
    );
    let mut dangling = Story::new("S-9".to_string(), "x", day(1));
    dangling.depends_on = vec!["S-42".to_string()];
    assert_eq!(
        backlog.insert_story(0, dangling),
        Err(ModelError::NoSuchStory("S-42".to_string()))
    );
    let duplicate = Story::new("S-1".to_string(), "again", day(1));
    assert!(matches!(
        backlog.insert_story(0, duplicate),
        Err(ModelError::Invalid(m)) if m.contains("S-1")
    ));
    assert_eq!(backlog, before);
}

#[test]
fn moving_a_story_to_the_top_is_undoable() {
    let mut backlog = backlog_with(&["a", "b", "c", "d"]);
    let before = backlog.clone();
    let change = backlog.move_story("S-3", &Position::Top).unwrap().unwrap();
    assert_eq!(ranks(&backlog), ["S-3", "S-1", "S-2", "S-4"]);
    assert_eq!(change.describe(), "moved S-3 to rank 1");
    assert_undoes(&mut backlog, &change, &before);
}

#[test]
fn moving_a_story_to_the_bottom_is_undoable() {
    let mut backlog = backlog_with(&["a", "b", "c", "d"]);
    let before = backlog.clone();
    let change = backlog
        .move_story("S-1", &Position::Bottom)
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-2", "S-3", "S-4", "S-1"]);
    assert_undoes(&mut backlog, &change, &before);
}

#[test]
fn moving_up_and_down_stops_at_the_ends() {
    let mut backlog = backlog_with(&["a", "b", "c", "d"]);
    backlog
        .move_story("S-3", &Position::Up(1))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-1", "S-3", "S-2", "S-4"]);
    backlog
        .move_story("S-3", &Position::Up(10))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-3", "S-1", "S-2", "S-4"]);
    backlog
        .move_story("S-1", &Position::Down(2))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-3", "S-2", "S-4", "S-1"]);
    backlog
        .move_story("S-3", &Position::Down(usize::MAX))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-2", "S-4", "S-1", "S-3"]);
    backlog
        .move_story("S-1", &Position::Up(usize::MAX))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-1", "S-2", "S-4", "S-3"]);
}

#[test]
fn moving_where_a_story_already_is_changes_nothing() {
    let mut backlog = backlog_with(&["a", "b", "c"]);
    let before = backlog.clone();
    assert_eq!(backlog.move_story("S-1", &Position::Top), Ok(None));
    assert_eq!(backlog.move_story("S-3", &Position::Bottom), Ok(None));
    assert_eq!(backlog.move_story("S-1", &Position::Up(1)), Ok(None));
    assert_eq!(backlog.move_story("S-3", &Position::Down(1)), Ok(None));
    assert_eq!(backlog.move_story("S-2", &Position::Up(0)), Ok(None));
    assert_eq!(backlog.move_story("S-2", &Position::Index(1)), Ok(None));
    assert_eq!(
        backlog.move_story("S-2", &Position::Before("S-3".into())),
        Ok(None)
    );
    assert_eq!(
        backlog.move_story("S-2", &Position::After("S-1".into())),
        Ok(None)
    );
    assert_eq!(backlog, before);
}

#[test]
fn a_single_story_cannot_move_anywhere() {
    let mut backlog = backlog_with(&["alone"]);
    let before = backlog.clone();
    for to in [
        Position::Top,
        Position::Bottom,
        Position::Up(3),
        Position::Down(3),
        Position::Index(5),
    ] {
        assert_eq!(backlog.move_story("S-1", &to), Ok(None), "{to:?}");
    }
    assert_eq!(backlog, before);
}

#[test]
fn moving_before_and_after_another_story_lands_next_to_it() {
    let mut backlog = backlog_with(&["a", "b", "c", "d", "e"]);
    let before = backlog.clone();
    // Downwards: the other story is below.
    let c1 = backlog
        .move_story("S-1", &Position::Before("S-4".into()))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-2", "S-3", "S-1", "S-4", "S-5"]);
    let c2 = backlog
        .move_story("S-2", &Position::After("S-5".into()))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-3", "S-1", "S-4", "S-5", "S-2"]);
    // Upwards: the other story is above.
    let c3 = backlog
        .move_story("S-5", &Position::Before("S-3".into()))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-5", "S-3", "S-1", "S-4", "S-2"]);
    let c4 = backlog
        .move_story("S-2", &Position::After("S-3".into()))
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-5", "S-3", "S-2", "S-1", "S-4"]);
    for change in [c4, c3, c2, c1] {
        backlog.apply(&change.inverse()).unwrap();
    }
    assert_eq!(backlog, before);
}

#[test]
fn moving_to_an_index_clamps_to_the_last_rank() {
    let mut backlog = backlog_with(&["a", "b", "c"]);
    backlog.move_story("S-1", &Position::Index(1)).unwrap();
    assert_eq!(ranks(&backlog), ["S-2", "S-1", "S-3"]);
    backlog.move_story("S-2", &Position::Index(1000)).unwrap();
    assert_eq!(ranks(&backlog), ["S-1", "S-3", "S-2"]);
}

#[test]
fn moving_relative_to_itself_or_to_an_unknown_story_is_refused() {
    let mut backlog = backlog_with(&["a", "b"]);
    let before = backlog.clone();
    assert!(matches!(
        backlog.move_story("S-1", &Position::Before("S-1".into())),
        Err(ModelError::Invalid(m)) if m.contains("itself")
    ));
    assert!(matches!(
        backlog.move_story("S-2", &Position::After("S-2".into())),
        Err(ModelError::Invalid(_))
    ));
    assert_eq!(
        backlog.move_story("S-1", &Position::After("S-9".into())),
        Err(ModelError::NoSuchStory("S-9".into()))
    );
    assert_eq!(
        backlog.move_story("S-9", &Position::Top),
        Err(ModelError::NoSuchStory("S-9".into()))
    );
    let mut empty = Backlog::new("empty");
    assert_eq!(
        empty.move_story("S-1", &Position::Bottom),
        Err(ModelError::NoSuchStory("S-1".into()))
    );
    assert_eq!(backlog, before);
}

#[test]
fn editing_a_story_sets_updated_and_is_undoable() {
    let mut backlog = backlog_with(&["a", "b"]);
    let before = backlog.clone();
    let change = backlog
        .update_story("S-2", day(5), |s| {
            s.title = "better".into();
            s.points = Some(0.5);
            s.acceptance.push(Criterion::new("works"));
            s.rice = Some(Rice::default());
        })
        .unwrap()
        .unwrap();
    let story = backlog.story("S-2").unwrap();
    assert_eq!(story.title, "better");
    assert_eq!(story.updated, day(5));
    assert_eq!(story.created, day(1));
    assert_eq!(change.describe(), "edited S-2");
    assert_undoes(&mut backlog, &change, &before);
}

#[test]
fn an_edit_that_changes_nothing_returns_none_and_keeps_updated() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    assert_eq!(backlog.update_story("S-1", day(9), |_| {}), Ok(None));
    assert_eq!(
        backlog.update_story("S-1", day(9), |s| s.title = "a".into()),
        Ok(None)
    );
    assert_eq!(backlog, before);
}

#[test]
fn done_at_follows_the_status() {
    let mut backlog = backlog_with(&["a"]);
    backlog
        .update_story("S-1", day(3), |s| s.status = Status::InProgress)
        .unwrap();
    assert_eq!(backlog.story("S-1").unwrap().done_at, None);
    // Whatever the edit writes into done_at, finishing stamps it with now.
    backlog
        .update_story("S-1", day(4), |s| {
            s.status = Status::Done;
            s.done_at = Some(day(20));
        })
        .unwrap();
    assert_eq!(backlog.story("S-1").unwrap().done_at, Some(day(4)));
    // Editing something else keeps the date the story was done.
    backlog
        .update_story("S-1", day(6), |s| s.title = "renamed".into())
        .unwrap();
    assert_eq!(backlog.story("S-1").unwrap().done_at, Some(day(4)));
    // Reopening clears it.
    backlog
        .update_story("S-1", day(7), |s| s.status = Status::Todo)
        .unwrap();
    assert_eq!(backlog.story("S-1").unwrap().done_at, None);
}

#[test]
fn an_invalid_edit_is_refused_and_changes_nothing() {
    let mut backlog = backlog_with(&["a", "b"]);
    let before = backlog.clone();
    type Edit = Box<dyn FnOnce(&mut Story)>;
    let refused: [(&str, Edit); 6] = [
        ("key", Box::new(|s| s.key = "S-77".into())),
        ("title", Box::new(|s| s.title = " ".into())),
        ("points", Box::new(|s| s.points = Some(-1.0))),
        ("epic", Box::new(|s| s.epic = Some("E-5".into()))),
        (
            "self dependency",
            Box::new(|s| s.depends_on = vec!["S-1".into()]),
        ),
        (
            "dependency",
            Box::new(|s| s.depends_on = vec!["S-8".into()]),
        ),
    ];
    for (what, edit) in refused {
        assert!(
            backlog.update_story("S-1", day(2), edit).is_err(),
            "{what} edit was accepted"
        );
    }
    assert_eq!(
        backlog.update_story("S-9", day(2), |s| s.title = "x".into()),
        Err(ModelError::NoSuchStory("S-9".into()))
    );
    assert_eq!(backlog, before);
}

#[test]
fn deleting_a_story_removes_it_from_dependencies_and_is_undoable() {
    let mut backlog = backlog_with(&["a", "b", "c"]);
    for key in ["S-1", "S-3"] {
        backlog
            .update_story(key, day(2), |s| s.depends_on = vec!["S-2".into()])
            .unwrap();
    }
    let before = backlog.clone();
    let change = backlog.delete_story("S-2", day(3)).unwrap();
    assert_eq!(ranks(&backlog), ["S-1", "S-3"]);
    for s in &backlog.stories {
        assert!(s.depends_on.is_empty(), "{} still depends on S-2", s.key);
        assert_eq!(s.updated, day(3));
    }
    assert!(backlog.problems().is_empty(), "{:?}", backlog.problems());
    // Undo reports the delete and puts the cursor back on the deleted story.
    assert_eq!(change.describe(), "deleted S-2 (+2 more)");
    assert_eq!(change.story_key(), Some("S-2"));
    assert_undoes(&mut backlog, &change, &before);
}

#[test]
fn deleting_a_story_nobody_depends_on_is_a_single_removal() {
    let mut backlog = backlog_with(&["a", "b"]);
    let change = backlog.delete_story("S-1", day(3)).unwrap();
    assert!(matches!(
        change,
        Change::Remove {
            index: 0,
            item: Item::Story(_)
        }
    ));
    assert_eq!(
        backlog.delete_story("S-1", day(3)),
        Err(ModelError::NoSuchStory("S-1".into()))
    );
}

#[test]
fn epics_are_added_edited_and_deleted_with_their_stories_unlinked() {
    let mut backlog = backlog_with(&["a", "b", "c"]);
    let start = backlog.clone();
    let add = backlog.add_epic("  Checkout ", "pay fast").unwrap();
    let epic = backlog.epics[0].clone();
    assert_eq!(
        (epic.key.as_str(), epic.title.as_str()),
        ("E-4", "Checkout")
    );
    let mut steps = vec![add];
    for key in ["S-1", "S-3"] {
        let change = backlog
            .update_story(key, day(2), |s| s.epic = Some("E-4".into()))
            .unwrap()
            .unwrap();
        steps.push(change);
    }
    let edit = backlog
        .update_epic("E-4", |e| e.title = "Payments".into())
        .unwrap()
        .unwrap();
    assert_eq!(backlog.epic("E-4").unwrap().title, "Payments");
    steps.push(edit);
    assert_eq!(backlog.update_epic("E-4", |_| {}), Ok(None));
    assert!(
        backlog
            .update_epic("E-4", |e| e.title = " ".into())
            .is_err()
    );
    assert!(
        backlog
            .update_epic("E-4", |e| e.key = "E-9".into())
            .is_err()
    );
    assert_eq!(
        backlog.update_epic("E-9", |e| e.title = "x".into()),
        Err(ModelError::NoSuchEpic("E-9".into()))
    );

    let before_delete = backlog.clone();
    let delete = backlog.delete_epic("E-4", day(3)).unwrap();
    assert_eq!(delete.describe(), "deleted E-4 (+2 more)");
    assert!(backlog.epics.is_empty());
    assert!(backlog.stories.iter().all(|s| s.epic.is_none()));
    assert_eq!(backlog.story("S-1").unwrap().updated, day(3));
    assert_eq!(backlog.story("S-2").unwrap().updated, day(1));
    assert!(backlog.problems().is_empty());
    assert_undoes(&mut backlog, &delete, &before_delete);

    for change in steps.iter().rev() {
        backlog.apply(&change.inverse()).unwrap();
    }
    // Everything is back except the counter: E-4 is never handed out again.
    assert_eq!(backlog.next_id, 5);
    backlog.next_id = start.next_id;
    assert_eq!(backlog, start);
}

#[test]
fn an_epic_needs_a_title_and_unknown_epics_cannot_be_deleted() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    assert!(matches!(
        backlog.add_epic("  ", ""),
        Err(ModelError::Invalid(_))
    ));
    assert_eq!(
        backlog.delete_epic("E-1", day(1)),
        Err(ModelError::NoSuchEpic("E-1".into()))
    );
    assert_eq!(backlog, before);
}

#[test]
fn a_sprint_is_added_planned_with_a_fresh_key() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    let mut s = sprint(" Sprint 1 ");
    s.key = "SP-99".into();
    s.state = SprintState::Active;
    let change = backlog.add_sprint(s).unwrap();
    let added = &backlog.sprints[0];
    assert_eq!(added.key, "SP-2");
    assert_eq!(added.name, "Sprint 1");
    assert_eq!(added.state, SprintState::Planned);
    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog.sprints, before.sprints);
}

#[test]
fn a_sprint_without_name_or_ending_before_it_starts_is_refused() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    assert!(backlog.add_sprint(sprint("")).is_err());
    let mut backwards = sprint("S");
    backwards.start = chrono::NaiveDate::from_ymd_opt(2026, 11, 10);
    backwards.end = chrono::NaiveDate::from_ymd_opt(2026, 11, 2);
    assert!(matches!(
        backlog.add_sprint(backwards),
        Err(ModelError::Invalid(m)) if m.contains("before it starts")
    ));
    assert_eq!(backlog, before);
}

#[test]
fn a_request_is_recorded_as_new_with_a_fresh_key() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    let change = backlog
        .add_request(" Export invoices ", " Finance ", day(2))
        .unwrap();
    let r = &backlog.requests[0];
    assert_eq!(
        (r.key.as_str(), r.text.as_str(), r.from.as_str()),
        ("R-2", "Export invoices", "Finance")
    );
    assert_eq!(r.received, day(2));
    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog.requests, before.requests);
}

#[test]
fn a_story_can_be_planned_into_an_existing_sprint_only() {
    let mut backlog = backlog_with(&["a"]);
    backlog.add_sprint(sprint("Sprint 1")).unwrap();
    let planned = backlog
        .update_story("S-1", day(2), |s| s.sprint = Some("SP-2".into()))
        .unwrap();
    assert!(planned.is_some());
    assert_eq!(
        backlog.update_story("S-1", day(2), |s| s.sprint = Some("SP-3".into())),
        Err(ModelError::NoSuchSprint("SP-3".into()))
    );
}

#[test]
fn a_refused_request_does_not_use_up_a_key() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    assert!(matches!(
        backlog.add_request("  ", "Sales", day(2)),
        Err(ModelError::Invalid(_))
    ));
    assert_eq!(backlog, before);
}

#[test]
fn deleting_a_story_unlinks_the_requests_it_came_from() {
    let mut backlog = backlog_with(&["a", "b"]);
    backlog.add_request("Export", "Finance", day(2)).unwrap();
    let mut request = backlog.requests[0].clone();
    request.state = po::model::RequestState::Accepted;
    request.story = Some("S-2".into());
    backlog.requests[0] = request;
    let before = backlog.clone();
    let change = backlog.delete_story("S-2", day(3)).unwrap();
    assert_eq!(backlog.requests[0].story, None);
    assert_eq!(backlog.problems(), vec![]);
    assert_undoes(&mut backlog, &change, &before);
}

#[test]
fn inserting_a_story_with_a_key_from_elsewhere_keeps_keys_unique() {
    let mut backlog = backlog_with(&["a", "b"]);
    let change = backlog
        .insert_story(0, Story::new("S-50".into(), "pasted", day(2)))
        .unwrap();
    assert_eq!(backlog.problems(), vec![]);
    assert_eq!(backlog.new_story("next", day(2)).key, "S-51");
    // Undo takes the story out but never hands out its key again.
    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog.new_story("later", day(2)).key, "S-52");

    let before = backlog.clone();
    let odd = Story::new("story".into(), "no number", day(2));
    assert!(matches!(
        backlog.insert_story(0, odd),
        Err(ModelError::Invalid(m)) if m.contains("story")
    ));
    assert_eq!(backlog, before);
}

#[test]
fn rice_inputs_and_capacity_must_be_non_negative_numbers() {
    let mut backlog = backlog_with(&["a"]);
    let before = backlog.clone();
    for bad in [f64::NAN, f64::INFINITY, -1.0] {
        let result = backlog.update_story("S-1", day(2), |s| {
            s.rice = Some(Rice {
                effort: bad,
                ..Rice::default()
            });
        });
        assert!(matches!(result, Err(ModelError::Invalid(_))), "{bad}");
        let mut s = sprint("Sprint");
        s.capacity = Some(bad);
        assert!(backlog.add_sprint(s).is_err(), "{bad}");
    }
    assert_eq!(backlog, before);
}

#[test]
fn a_story_that_depends_on_itself_in_a_hand_edited_file_can_be_deleted() {
    let mut backlog = backlog_with(&["a", "b"]);
    let mut odd = Story::clone(&backlog.stories[0]);
    odd.depends_on = vec!["S-1".into()];
    backlog.stories[0] = odd.into();
    let before = backlog.clone();
    let change = backlog.delete_story("S-1", day(3)).unwrap();
    assert_eq!(ranks(&backlog), ["S-2"]);
    assert_undoes(&mut backlog, &change, &before);
}
