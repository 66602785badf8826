//! The TUI driven through its keys, checked on the App's state.

mod fixtures;

use fixtures::{app, keys, press, selected_key, type_text};
use po::model::{Moscow, Status, StoryFilter};
use po::tui::app::{App, Effect};
use po::tui::popup::Popup;
use po::tui::saver::FileReport;

#[test]
fn shift_k_moves_the_story_up_and_the_cursor_follows_it() {
    let mut app = app(5);
    let before = keys(&app);
    press(&mut app, "j j K");
    let after = keys(&app);
    assert_eq!(after[1], before[2]);
    assert_eq!(after[2], before[1]);
    assert_eq!(selected_key(&app), before[2]);
    assert_eq!(app.list.cursor, 1);
}

#[test]
fn top_and_bottom_moves_are_undoable_in_order() {
    let mut app = app(6);
    let original = keys(&app);
    press(&mut app, "j j j T");
    assert_eq!(keys(&app)[0], original[3]);
    assert_eq!(app.list.cursor, 0);
    press(&mut app, "B");
    assert_eq!(keys(&app).last(), Some(&original[3]));
    assert_eq!(selected_key(&app), original[3]);
    press(&mut app, "u");
    assert_eq!(keys(&app)[0], original[3]);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("undid: moved")
    );
    press(&mut app, "u");
    assert_eq!(keys(&app), original);
    press(&mut app, "C-r");
    assert_eq!(keys(&app)[0], original[3]);
}

#[test]
fn moving_on_a_filtered_list_passes_the_visible_neighbour() {
    let mut app = app(6);
    // Epic E-2 holds stories at ranks 2, 4, 6 (odd indices).
    let filter = StoryFilter {
        epic: Some("E-2".into()),
        ..StoryFilter::default()
    };
    let mut list = std::mem::take(&mut app.list);
    list.set_filter(&app.backlog, filter);
    app.list = list;
    let before = keys(&app);
    press(&mut app, "j J");
    let after = keys(&app);
    // The second visible story (rank 4) now sits just below the third (rank 6).
    let pos = |k: &str| after.iter().position(|x| x == k).unwrap();
    assert_eq!(pos(&before[3]), pos(&before[5]) + 1);
    assert_eq!(selected_key(&app), before[3]);
    assert_eq!(app.list.cursor, 2);
}

#[test]
fn adding_a_story_puts_it_below_the_cursor_and_opens_the_form() {
    let mut app = app(3);
    press(&mut app, "j a");
    type_text(&mut app, "Split the bill 🍕 with 友達");
    press(&mut app, "Enter");
    let new = &app.backlog.stories[2];
    assert_eq!(new.title, "Split the bill 🍕 with 友達");
    assert!(matches!(app.popup, Some(Popup::Form(_))));
    // Fill "As a" and save.
    press(&mut app, "Tab");
    type_text(&mut app, "diner");
    press(&mut app, "Enter");
    assert!(app.popup.is_none(), "form closed after save");
    assert_eq!(app.backlog.stories[2].as_a, "diner");
    assert_eq!(app.changes, 2);
    press(&mut app, "u u");
    assert_eq!(app.backlog.stories.len(), 3);
}

#[test]
fn an_invalid_form_keeps_what_was_typed_and_says_why() {
    let mut app = app(2);
    press(&mut app, "e");
    // Points is the sixth field.
    press(&mut app, "Tab Tab Tab Tab Tab C-u");
    type_text(&mut app, "lots");
    press(&mut app, "Enter");
    match &app.popup {
        Some(Popup::Form(f)) => assert!(
            f.error.as_deref().unwrap().contains("Points"),
            "{:?}",
            f.error
        ),
        other => panic!("form should stay open, got {other:?}"),
    }
    press(&mut app, "Esc");
    assert!(app.popup.is_none());
    assert_eq!(app.changes, 0);
}

#[test]
fn quick_keys_set_points_moscow_and_status() {
    let mut app = app(2);
    press(&mut app, "p C-u");
    type_text(&mut app, "13");
    press(&mut app, "Enter");
    assert_eq!(app.backlog.stories[0].points, Some(13.0));
    let moscow = app.backlog.stories[0].moscow;
    press(&mut app, "m");
    assert_eq!(app.backlog.stories[0].moscow, Moscow::cycle(moscow));
    press(&mut app, "s s");
    assert_eq!(app.backlog.stories[0].status, Status::Done);
    assert!(app.backlog.stories[0].done_at.is_some());
}

#[test]
fn delete_asks_first_and_no_keeps_the_story() {
    let mut app = app(3);
    press(&mut app, "d n");
    assert_eq!(app.backlog.stories.len(), 3);
    press(&mut app, "d y");
    assert_eq!(app.backlog.stories.len(), 2);
    press(&mut app, "u");
    assert_eq!(app.backlog.stories.len(), 3);
}

#[test]
fn criteria_are_ticked_added_and_reordered_in_the_detail() {
    let mut app = app(1);
    press(&mut app, "Enter Space");
    assert!(app.backlog.stories[0].acceptance[0].done);
    press(&mut app, "c");
    type_text(&mut app, "Given a receipt, then it is emailed");
    press(&mut app, "Enter");
    assert_eq!(app.backlog.stories[0].acceptance.len(), 3);
    assert_eq!(app.detail.as_ref().unwrap().criterion, 2);
    press(&mut app, "K");
    assert_eq!(
        app.backlog.stories[0].acceptance[1].text,
        "Given a receipt, then it is emailed"
    );
    press(&mut app, "x");
    assert_eq!(app.backlog.stories[0].acceptance.len(), 2);
    press(&mut app, "Esc");
    assert!(app.detail.is_none());
}

#[test]
fn search_jumps_to_matches_and_wraps() {
    let mut app = app(12);
    press(&mut app, "/");
    type_text(&mut app, "voucher");
    press(&mut app, "Enter");
    assert!(selected_key(&app).len() > 1);
    let first = app.list.cursor;
    assert!(app.backlog.stories[first].title.contains("voucher"));
    press(&mut app, "n");
    assert!(app.list.cursor > first);
    press(&mut app, "n");
    assert_eq!(app.list.cursor, first, "wraps around");
    press(&mut app, "N");
    assert!(app.list.cursor > first);
}

#[test]
fn the_filter_form_narrows_the_list_and_f_clears_it() {
    let mut app = app(10);
    press(&mut app, "f Right Enter");
    assert_eq!(app.list.filter().epic.as_deref(), Some("E-1"));
    assert_eq!(app.list.len(&app.backlog), 5);
    press(&mut app, "F");
    assert_eq!(app.list.len(&app.backlog), 10);
}

#[test]
fn epics_can_be_added_renamed_and_assigned() {
    let mut app = app(2);
    press(&mut app, "A");
    type_text(&mut app, "Payments");
    press(&mut app, "Enter");
    let key = app.backlog.epics.last().unwrap().key.clone();
    press(&mut app, "2");
    assert_eq!(app.epic_cursor, 2);
    press(&mut app, "r C-u");
    type_text(&mut app, "Payments and refunds");
    press(&mut app, "Enter");
    assert_eq!(app.backlog.epics[2].title, "Payments and refunds");
    press(&mut app, "1 @ G");
    // G is not bound in the picker; walk down to the last entry instead.
    press(&mut app, "j j j Enter");
    assert_eq!(app.backlog.stories[0].epic.as_deref(), Some(key.as_str()));
}

#[test]
fn the_palette_runs_an_action_by_name() {
    let mut app = app(3);
    press(&mut app, ":");
    type_text(&mut app, "bottom of the backlog");
    let first = keys(&app)[0].clone();
    press(&mut app, "Enter");
    assert_eq!(keys(&app).last(), Some(&first));
}

#[test]
fn read_only_refuses_changes_with_the_reason() {
    let mut app = App::new(
        fixtures::backlog(3),
        Some("it is open in another po".into()),
        &[],
    );
    let before = keys(&app);
    press(&mut app, "j K T d a e p m s");
    assert_eq!(keys(&app), before);
    assert_eq!(app.changes, 0);
    assert!(app.message.as_ref().unwrap().text.contains("read-only"));
}

#[test]
fn quit_is_immediate_when_everything_is_saved() {
    let mut app = app(1);
    assert_eq!(press(&mut app, "q"), Effect::Quit);
    let mut app = fixtures::app(1);
    app.file_report(FileReport::SaveFailed("disk full".into()));
    assert_eq!(press(&mut app, "q"), Effect::None);
    assert!(matches!(app.popup, Some(Popup::Confirm(_))));
    assert_eq!(press(&mut app, "y"), Effect::Quit);
}

#[test]
fn capital_e_hands_the_story_to_the_editor() {
    let mut app = app(1);
    match press(&mut app, "E") {
        Effect::Editor { key, doc } => {
            assert_eq!(key, app.backlog.stories[0].key);
            assert!(doc.contains(&app.backlog.stories[0].title));
        }
        other => panic!("expected the editor, got {other:?}"),
    }
}

fn sample_app() -> App {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut app = App::new(po::model::sample::generate("Acme", 60, 3, today), None, &[]);
    app.today = Some(today);
    app.resize(120, 40);
    app
}

#[test]
fn planning_moves_stories_in_and_out_and_runs_the_sprint_cycle() {
    let mut app = sample_app();
    press(&mut app, "3");
    let target = app.planning.target.clone().unwrap();
    let in_sprint = app.planning.sprint.len(&app.backlog);
    let top = app.selected_story().unwrap().key.clone();
    press(&mut app, "Space");
    assert_eq!(app.planning.sprint.len(&app.backlog), in_sprint + 1);
    assert_eq!(
        app.story_by_key(&top).unwrap().sprint.as_deref(),
        Some(target.as_str())
    );
    // Back out from the sprint side.
    press(&mut app, "l");
    let row = (0..app.planning.sprint.len(&app.backlog))
        .find(|&r| {
            app.backlog.stories[app.planning.sprint.index_at(&app.backlog, r).unwrap()].key == top
        })
        .unwrap();
    app.planning.sprint.cursor = row;
    press(&mut app, "Space");
    assert_eq!(app.story_by_key(&top).unwrap().sprint, None);
    press(&mut app, "u");
    assert_eq!(
        app.story_by_key(&top).unwrap().sprint.as_deref(),
        Some(target.as_str())
    );

    // The sample has an active sprint: starting is refused until it is closed.
    let active = app.backlog.active_sprint().unwrap().key.clone();
    press(&mut app, "S");
    assert!(app.message.as_ref().unwrap().text.contains("still active"));
    let closed_before = app.backlog.velocities().len();
    // C asks where unfinished work goes; Enter picks the top of the backlog.
    press(&mut app, "C Enter");
    assert_eq!(
        app.backlog.velocities().len(),
        closed_before + 1,
        "closing adds a velocity"
    );
    assert!(
        app.backlog
            .stories_in(&active)
            .all(|s| s.status == po::model::Status::Done)
    );
    press(&mut app, "S y");
    assert_eq!(
        app.backlog.active_sprint().map(|s| s.key.clone()),
        Some(target.clone())
    );
    // The planning target moves on: no planned sprint is left, so it is the active one.
    assert_eq!(app.planning.target.as_deref(), Some(target.as_str()));
    press(&mut app, "4");
    assert!(
        app.metrics.latest.is_none(),
        "figures are computed off the input thread"
    );
    app.compute_figures_now();
    let m = app.metrics.latest.as_ref().unwrap();
    assert_eq!(m.burndown.as_ref().unwrap().sprint, target);
}

#[test]
fn a_new_sprint_is_named_then_filled_in_a_form() {
    let mut app = sample_app();
    press(&mut app, "3 N");
    type_text(&mut app, "Sprint 9");
    press(&mut app, "Enter");
    // Name, Goal, Start, End, Capacity.
    press(&mut app, "Tab");
    type_text(&mut app, "Checkout in one tap");
    press(&mut app, "Tab Tab Tab C-u");
    type_text(&mut app, "40");
    press(&mut app, "Enter");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let sprint = app.backlog.sprints.last().unwrap();
    assert_eq!(sprint.name, "Sprint 9");
    assert_eq!(sprint.goal, "Checkout in one tap");
    assert_eq!(sprint.capacity, Some(40.0));
}
