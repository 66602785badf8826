//! View 7, the board: render snapshots at 80×24 and 160×50 with blocked,
//! ageing and since-yesterday cards in swim lanes (the clock pinned), the
//! narrow layout, and the keys: moving cards (undoable, with the status
//! history), re-ranking, adding into the sprint, blocking, assigning.

mod fixtures;
mod render_support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fixtures::{press, selected_key, type_text};
use po::model::{Backlog, Sprint, Status};
use po::tui::app::App;
use po::tui::views::View;
use ratatui::style::{Color, Modifier};
use render_support::{bg, draw, fg, screen};

fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

/// Tuesday 1 December 2026; the previous working day is Monday 30 November.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// A running sprint (23 Nov – 4 Dec) of six stories over two epics and two
/// assignees: S-1 in progress since 24 Nov (ageing), S-2 started and S-3
/// finished yesterday, S-4 blocked yesterday, S-6 to do, S-7 done last
/// week; S-5 is in the backlog, between the two to do cards in rank.
fn sprint_backlog() -> Backlog {
    let mut b = Backlog::new("Acme Groceries");
    b.add_epic("Checkout", "").unwrap();
    b.add_epic("Delivery", "").unwrap();
    b.add_sprint(Sprint {
        goal: "Checkout in one tap".into(),
        start: NaiveDate::from_ymd_opt(2026, 11, 23),
        end: NaiveDate::from_ymd_opt(2026, 12, 4),
        capacity: Some(30.0),
        ..Sprint::named("Sprint 9")
    })
    .unwrap();
    let stories = [
        ("Pay with saved card", 3.0, Some("Maya"), Some("E-1")),
        ("Apply a voucher code", 2.0, Some("Bob"), Some("E-1")),
        ("Track delivery on a map", 5.0, Some("Maya"), Some("E-2")),
        ("Choose a delivery slot", 3.0, None, Some("E-2")),
        ("Reorder last basket", 1.0, Some("Bob"), None),
        ("Sign up with email", 8.0, Some("Maya"), Some("E-1")),
    ];
    for (i, (title, points, who, epic)) in stories.into_iter().enumerate() {
        let mut s = b.new_story(title, at(11, 20, 9));
        s.points = Some(points);
        s.assignee = who.map(str::to_string);
        s.epic = epic.map(str::to_string);
        s.sprint = Some("SP-1".into());
        b.insert_story(usize::MAX, s).unwrap();
        if i == 3 {
            let outside = b.new_story("Export invoices as PDF", at(11, 20, 9));
            b.insert_story(usize::MAX, outside).unwrap();
        }
    }
    b.start_sprint("SP-1", at(11, 23, 8)).unwrap();
    let status = |b: &mut Backlog, key: &str, status: Status, when| {
        b.update_story(key, when, |s| s.status = status).unwrap();
    };
    status(&mut b, "S-1", Status::InProgress, at(11, 24, 10));
    status(&mut b, "S-2", Status::InProgress, at(11, 30, 10));
    status(&mut b, "S-3", Status::InProgress, at(11, 25, 10));
    status(&mut b, "S-3", Status::Done, at(11, 30, 15));
    status(&mut b, "S-7", Status::Done, at(11, 26, 16));
    b.block_story("S-4", "waiting for API keys", at(11, 30, 11))
        .unwrap();
    b
}

fn board_app() -> App {
    let mut app = App::new(sprint_backlog(), None, &[]);
    app.today = Some(today());
    press(&mut app, "7");
    assert_eq!(app.view, View::Board);
    app
}

#[test]
fn the_board_at_80x24_shows_blocked_ageing_and_moved_cards_in_swim_lanes_by_assignee() {
    let mut app = board_app();
    press(&mut app, "v y");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
    let shown = draw(&mut app, 80, 24);
    assert_eq!(
        fg(shown.style_of("⊘S-4")),
        Color::Red,
        "blocked cards are red"
    );
    let ageing = shown.style_of("5d");
    assert!(
        fg(ageing) == Color::Yellow && ageing.add_modifier.contains(Modifier::BOLD),
        "S-1 has been in progress 5 working days: {ageing:?}"
    );
    assert_eq!(
        bg(shown.style_of("•S-2")),
        Color::LightCyan,
        "moved yesterday"
    );
    assert_eq!(bg(shown.style_of(" S-6")), Color::Reset, "S-6 did not move");
}

#[test]
fn the_board_at_160x50_in_swim_lanes_by_epic() {
    let mut app = board_app();
    press(&mut app, "v v y");
    insta::assert_snapshot!(screen(&mut app, 160, 50));
}

#[test]
fn a_narrow_board_shows_one_column_at_a_time_and_a_tiny_one_says_too_small() {
    let mut app = board_app();
    let narrow = screen(&mut app, 60, 20);
    assert!(narrow.contains("S-6 Reorder"), "to do first:\n{narrow}");
    assert!(!narrow.contains("S-1 Pay"), "one column only:\n{narrow}");
    press(&mut app, "]");
    let narrow = screen(&mut app, 60, 20);
    assert!(
        narrow.contains("S-1 Pay") && !narrow.contains("S-6 Reorder"),
        "{narrow}"
    );
    assert!(screen(&mut app, 39, 7).contains("Terminal too small"));
}

#[test]
fn l_moves_a_card_to_the_next_column_and_u_and_redo_restore_the_status_history() {
    let mut app = board_app();
    press(&mut app, "j");
    assert_eq!(selected_key(&app), "S-6");
    let before = app.backlog.story("S-6").unwrap().clone();
    press(&mut app, "l");
    let after = app.backlog.story("S-6").unwrap().clone();
    assert_eq!(after.status, Status::InProgress);
    assert_eq!(after.status_history.len(), before.status_history.len() + 1);
    assert_eq!(
        (app.board.column, selected_key(&app).as_str()),
        (1, "S-6"),
        "the cursor follows the card"
    );
    press(&mut app, "Right");
    assert_eq!(app.backlog.story("S-6").unwrap().status, Status::Done);
    press(&mut app, "u u");
    assert_eq!(
        app.backlog.story("S-6").unwrap(),
        &before,
        "undo leaves no history behind"
    );
    press(&mut app, "C-r");
    assert_eq!(
        app.backlog.story("S-6").unwrap(),
        &after,
        "redo brings back the same move"
    );
    press(&mut app, "h");
    assert_eq!(app.backlog.story("S-6").unwrap().status, Status::Todo);
    press(&mut app, "h");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "S-6 is already in to do"
    );
}

#[test]
fn shift_j_and_k_rerank_a_card_within_its_column_past_stories_outside_the_sprint() {
    let mut app = board_app();
    // To do holds S-4 then S-6, in rank order, with S-5 (not in the
    // sprint) between them in the backlog.
    let rank = |app: &App, key: &str| app.backlog.story_index(key).unwrap();
    assert!(rank(&app, "S-4") < rank(&app, "S-5") && rank(&app, "S-5") < rank(&app, "S-6"));
    press(&mut app, "j");
    assert_eq!(selected_key(&app), "S-6");
    press(&mut app, "K");
    assert!(
        rank(&app, "S-6") < rank(&app, "S-4"),
        "S-6 moved above S-4 in one key"
    );
    assert_eq!(selected_key(&app), "S-6");
    press(&mut app, "K");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "already at the top of the column"
    );
}

#[test]
fn a_adds_a_story_straight_into_the_sprint() {
    let mut app = board_app();
    press(&mut app, "a");
    type_text(&mut app, "Save a card for later");
    press(&mut app, "Enter Enter");
    let story = app
        .backlog
        .stories
        .iter()
        .find(|s| s.title == "Save a card for later")
        .unwrap();
    assert_eq!(story.sprint.as_deref(), Some("SP-1"));
    assert_eq!(selected_key(&app), story.key, "the new card is selected");
    assert!(screen(&mut app, 120, 30).contains("Save a card"));
}

#[test]
fn b_asks_what_the_story_waits_for_and_b_again_unblocks_it() {
    let mut app = board_app();
    press(&mut app, "j b Enter");
    assert!(
        app.popup.is_some(),
        "an empty reason is refused and the prompt stays"
    );
    assert!(app.backlog.story("S-6").unwrap().blocked.is_none());
    type_text(&mut app, "legal review");
    press(&mut app, "Enter");
    assert_eq!(
        app.backlog
            .story("S-6")
            .unwrap()
            .blocked
            .as_ref()
            .unwrap()
            .reason,
        "legal review"
    );
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "blocked S-6: legal review"
    );
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("⊘ 2 blocked: S-4 waiting for API keys · S-6 legal review"),
        "{shown}"
    );
    press(&mut app, "b");
    assert!(app.backlog.story("S-6").unwrap().blocked.is_none());
    press(&mut app, "u");
    assert!(
        app.backlog.story("S-6").unwrap().blocked.is_some(),
        "undoable"
    );
}

#[test]
fn o_sets_the_assignee_and_tab_completes_the_names_already_used() {
    let mut app = board_app();
    press(&mut app, "o");
    type_text(&mut app, "b");
    press(&mut app, "Tab");
    press(&mut app, "Enter");
    assert_eq!(
        app.backlog.story("S-4").unwrap().assignee.as_deref(),
        Some("Bob")
    );
    press(&mut app, "j o");
    type_text(&mut app, "m");
    press(&mut app, "Tab Enter");
    assert_eq!(
        app.backlog.story("S-6").unwrap().assignee.as_deref(),
        Some("Maya")
    );
}

#[test]
fn y_says_what_moved_since_the_previous_working_day() {
    let mut app = board_app();
    press(&mut app, "y");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "since Mon 30 Nov: S-2 → in progress, S-3 → done, S-4 blocked: waiting for API keys"
    );
    assert!(app.board.since);
    press(&mut app, "y");
    assert!(!app.board.since);
}

#[test]
fn blocked_stories_are_marked_in_the_backlog_and_in_planning() {
    let mut app = board_app();
    press(&mut app, "1");
    let shown = draw(&mut app, 120, 30);
    let row = shown.row_of("Choose a delivery slot");
    assert_eq!(
        shown.line(row).chars().next(),
        Some('⊘'),
        "{}",
        shown.text()
    );
    assert_eq!(fg(shown.style_at(0, row)), Color::Red);
    press(&mut app, "3");
    assert!(screen(&mut app, 120, 30).contains('⊘'));
}

#[test]
fn enter_opens_the_detail_with_the_blocker_and_esc_returns_to_the_board() {
    let mut app = board_app();
    press(&mut app, "Enter");
    let shown = screen(&mut app, 100, 30);
    assert!(
        shown.contains("⊘ Blocked since 2026-11-30: waiting for API keys"),
        "{shown}"
    );
    press(&mut app, "Esc");
    assert_eq!(app.view, View::Board);
    press(&mut app, "] Enter");
    assert!(screen(&mut app, 100, 30).contains("Assignee: Maya"));
}

#[test]
fn at_the_smallest_size_the_board_keeps_its_cards_and_the_cursor_on_screen() {
    let mut app = board_app();
    press(&mut app, "] j");
    assert_eq!(selected_key(&app), "S-2");
    let shown = screen(&mut app, 40, 8);
    assert!(
        shown.contains("S-2"),
        "the selected card is shown:\n{shown}"
    );
}

#[test]
fn the_board_says_how_far_the_stories_serving_the_goal_are() {
    let mut b = sprint_backlog();
    for key in ["S-1", "S-3", "S-4"] {
        b.set_serves_goal(key, true, at(11, 23, 9)).unwrap();
    }
    let mut app = App::new(b, None, &[]);
    app.today = Some(today());
    press(&mut app, "7");
    let shown = screen(&mut app, 200, 30);
    assert!(
        shown.contains(
            "goal: Checkout in one tap (1 of 3 stories serving it done, 6 pts open, 1 blocked)"
        ),
        "{shown}"
    );
    // Without marks the stories cannot tell, and the board says nothing.
    let shown = screen(&mut board_app(), 200, 30);
    assert!(shown.contains("goal: Checkout in one tap\n"), "{shown}");
    assert!(!shown.contains("serving it"), "{shown}");
}
