//! Editing and deleting stories, epics, sprints and requests (src/model/ops.rs):
//! what each does to the rest of the backlog, what it refuses, and undo.

mod model_support;

use model_support::{assert_undoes, backlog_with, day, ranks, sprint};
use po::model::{Change, Criterion, Item, ModelError, Rice, SprintState, Status, Story};

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
    assert_eq!(
        change.describe(),
        "edited S-2: title, criteria 0 → 1, points unestimated → 0.5, RICE"
    );
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
        ("E-1", "Checkout")
    );
    let mut steps = vec![add];
    for key in ["S-1", "S-3"] {
        let change = backlog
            .update_story(key, day(2), |s| s.epic = Some("E-1".into()))
            .unwrap()
            .unwrap();
        steps.push(change);
    }
    let edit = backlog
        .update_epic("E-1", |e| e.title = "Payments".into())
        .unwrap()
        .unwrap();
    assert_eq!(backlog.epic("E-1").unwrap().title, "Payments");
    steps.push(edit);
    assert_eq!(backlog.update_epic("E-1", |_| {}), Ok(None));
    assert!(
        backlog
            .update_epic("E-1", |e| e.title = " ".into())
            .is_err()
    );
    assert!(
        backlog
            .update_epic("E-1", |e| e.key = "E-9".into())
            .is_err()
    );
    assert_eq!(
        backlog.update_epic("E-9", |e| e.title = "x".into()),
        Err(ModelError::NoSuchEpic("E-9".into()))
    );

    let before_delete = backlog.clone();
    let delete = backlog.delete_epic("E-1", day(3)).unwrap();
    assert_eq!(delete.describe(), "deleted E-1 (+2 more)");
    assert!(backlog.epics.is_empty());
    assert!(backlog.stories.iter().all(|s| s.epic.is_none()));
    assert_eq!(backlog.story("S-1").unwrap().updated, day(3));
    assert_eq!(backlog.story("S-2").unwrap().updated, day(1));
    assert!(backlog.problems().is_empty());
    assert_undoes(&mut backlog, &delete, &before_delete);

    for change in steps.iter().rev() {
        backlog.apply(&change.inverse()).unwrap();
    }
    // Everything is back except the counter: E-1 is never handed out again.
    assert_eq!(backlog.next_keys.epics, 2);
    backlog.next_keys = start.next_keys.clone();
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
    assert_eq!(added.key, "SP-1");
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
        ("R-1", "Export invoices", "Finance")
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
        .update_story("S-1", day(2), |s| s.sprint = Some("SP-1".into()))
        .unwrap();
    assert!(planned.is_some());
    assert_eq!(
        backlog.update_story("S-1", day(2), |s| s.sprint = Some("SP-2".into())),
        Err(ModelError::NoSuchSprint("SP-2".into()))
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

#[test]
fn stories_moved_together_are_told_as_a_move_not_as_the_score_order() {
    let mut backlog = backlog_with(&["a", "b", "c", "d", "e"]);
    let before = backlog.clone();
    let at = |b: &po::model::Backlog, key: &str| b.story_index(key).unwrap();
    let indexes = [at(&backlog, "S-3"), at(&backlog, "S-5")];
    let change = backlog
        .move_stories(&indexes, &po::model::Position::Top)
        .unwrap()
        .unwrap();
    assert_eq!(ranks(&backlog), ["S-3", "S-5", "S-1", "S-2", "S-4"]);
    assert_eq!(change.describe(), "moved 2 stories to the top");
    assert_eq!(
        change.describe_undone(),
        "undid: moved 2 stories to the top"
    );
    assert_eq!(
        change.describe_redone(),
        "redid: moved 2 stories to the top"
    );
    assert_undoes(&mut backlog, &change, &before);

    let indexes = [at(&backlog, "S-1"), at(&backlog, "S-2")];
    let change = backlog
        .move_stories(&indexes, &po::model::Position::After("S-4".into()))
        .unwrap()
        .unwrap();
    assert_eq!(change.describe(), "moved 2 stories after S-4");
}
