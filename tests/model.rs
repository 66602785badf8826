//! Adding and ranking stories (src/model/ops.rs): where a story lands, what
//! is refused, and that every move undoes exactly.

mod model_support;

use model_support::{assert_undoes, backlog_with, day, ranks};
use po::model::{Backlog, Change, ModelError, Position, Story};

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
fn a_story_is_ready_exactly_when_it_has_no_reason_not_to_be() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let sample = po::model::sample::generate("Ready", 400, 7, today);
    let mut blank = Story::new("S-1".into(), "Blank", day(1));
    blank.as_a = "  ".into();
    let stories = sample.stories.iter().map(|s| (**s).clone()).chain([blank]);
    let (mut ready, mut not_ready) = (0, 0);
    for s in stories {
        assert_eq!(s.is_ready(), s.not_ready_reasons().is_empty(), "{}", s.key);
        if s.is_ready() {
            ready += 1;
        } else {
            not_ready += 1;
        }
    }
    assert!(ready > 0 && not_ready > 0, "the sample has both kinds");
}

#[test]
fn the_story_sentence_picks_a_or_an_and_keeps_a_written_determiner() {
    let sentence = |role: &str| {
        let mut s = Story::new("S-1".into(), "x", day(1));
        s.as_a = role.into();
        s.i_want = "to act".into();
        s.sentence().unwrap()
    };
    assert_eq!(sentence("admin"), "As an admin, I want to act");
    assert_eq!(sentence("busy parent"), "As a busy parent, I want to act");
    assert_eq!(sentence("user"), "As a user, I want to act");
    assert_eq!(
        sentence("hourly worker"),
        "As an hourly worker, I want to act"
    );
    assert_eq!(
        sentence("the finance team"),
        "As the finance team, I want to act"
    );
    assert_eq!(
        sentence("an EU customer"),
        "As an EU customer, I want to act"
    );
}
