//! Everyday moves in the TUI that must not surprise: prompts, adding a
//! story under a filter, cancelling a new story, planning and the palette.

mod fixtures;

use fixtures::{app, press, type_text};
use po::tui::app::App;
use po::tui::popup::Popup;
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn selected_key(app: &App) -> String {
    app.selected_story()
        .map(|s| s.key.clone())
        .unwrap_or_default()
}

/// Draws the app and returns the buffer, for text and cell styles.
fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

/// The cells of the first occurrence of `text` on screen at or below row
/// `from`: (x, y) of its first cell.
fn find(buffer: &Buffer, text: &str, from: u16) -> Option<(u16, u16)> {
    let area = buffer.area;
    for y in from..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        let line = row.concat();
        if let Some(byte) = line.find(text) {
            // Every cell here holds one narrow character, so bytes map to cells
            // by counting characters.
            let x = line[..byte].chars().count();
            return Some((u16::try_from(x).unwrap(), y));
        }
    }
    None
}

// Item 10: prompts pre-fill their current value selected.

#[test]
fn typing_in_the_points_prompt_replaces_the_old_estimate() {
    let mut app = app(3);
    // The third story has 3 points.
    press(&mut app, "j j");
    let key = selected_key(&app);
    assert_eq!(app.story_by_key(&key).unwrap().points, Some(3.0));
    press(&mut app, "p 5 Enter");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(app.story_by_key(&key).unwrap().points, Some(5.0));
}

#[test]
fn a_cursor_key_keeps_the_prefilled_value_for_editing() {
    let mut app = app(3);
    press(&mut app, "j j p Right 5 Enter");
    assert_eq!(app.selected_story().unwrap().points, Some(35.0));
    press(&mut app, "p Left 1 Enter");
    assert_eq!(app.selected_story().unwrap().points, Some(315.0));
}

#[test]
fn a_new_search_starts_from_the_old_text_selected() {
    let mut app = app(6);
    press(&mut app, "/");
    type_text(&mut app, "voucher");
    press(&mut app, "Enter");
    assert_eq!(app.search, "voucher");
    press(&mut app, "/");
    match &app.popup {
        Some(Popup::Prompt(p)) => {
            assert_eq!(p.input.value(), "voucher");
            assert!(p.input.is_selected());
        }
        other => panic!("expected the search prompt, got {other:?}"),
    }
    type_text(&mut app, "slot");
    press(&mut app, "Enter");
    assert_eq!(app.search, "slot");
}

#[test]
fn the_prefilled_value_is_drawn_selected_until_a_cursor_key() {
    let mut app = app(3);
    press(&mut app, "j j");
    press(&mut app, "/");
    type_text(&mut app, "reorder");
    press(&mut app, "Enter /");
    let buffer = draw(&mut app, 100, 30);
    // The prompt's input is the line under its title.
    let (_, title) = find(&buffer, " Search ", 0).expect("the search prompt");
    let (x, y) = find(&buffer, "reorder", title + 1).expect("the old search text is shown");
    assert_eq!(y, title + 1);
    let selected = po::tui::ui::theme::selected().bg;
    assert!(selected.is_some() && selected != Some(Color::Reset));
    for dx in 0..7 {
        assert_eq!(
            buffer[(x + dx, y)].bg,
            selected.unwrap(),
            "cell {dx} of the selection"
        );
    }
    // The cell after the text is not part of the selection.
    assert_ne!(buffer[(x + 7, y)].bg, selected.unwrap());
    press(&mut app, "Right");
    let buffer = draw(&mut app, 100, 30);
    let (x, y) = find(&buffer, "reorder", title + 1).unwrap();
    assert_ne!(
        buffer[(x, y)].bg,
        selected.unwrap(),
        "a cursor key deselects"
    );
}

// Item 9: Esc on the form of a story just added removes it.

#[test]
fn esc_on_the_new_story_form_removes_the_story_and_leaves_no_undo_step() {
    let mut app = app(3);
    let before = fixtures::keys(&app);
    // One ordinary change first: after the cancel, u must undo that one.
    press(&mut app, "j j p 8 Enter");
    assert_eq!(app.undo_depth(), 1);
    press(&mut app, "a");
    type_text(&mut app, "Split the bill");
    press(&mut app, "Enter");
    match &app.popup {
        Some(Popup::Form(f)) => assert!(f.title.contains("Esc removes it"), "{}", f.title),
        other => panic!("expected the story form, got {other:?}"),
    }
    assert_eq!(app.backlog.stories.len(), 4);
    let saves_before = app.changes;
    press(&mut app, "Esc");
    assert!(app.popup.is_none());
    assert_eq!(fixtures::keys(&app), before, "no title-only story is left");
    assert!(app.changes > saves_before, "the removal is saved");
    assert!(
        app.message.as_ref().unwrap().text.contains("not added"),
        "{:?}",
        app.message
    );
    assert_eq!(
        app.undo_depth(),
        1,
        "the addition left nothing in the history"
    );
    press(&mut app, "u");
    assert_eq!(
        app.backlog.stories[2].points,
        Some(3.0),
        "u undid the points"
    );
    press(&mut app, "C-r");
    assert_eq!(fixtures::keys(&app), before, "redo brings back no story");
    assert_eq!(app.backlog.stories[2].points, Some(8.0));
}

#[test]
fn saving_the_new_story_form_keeps_the_story() {
    let mut app = app(3);
    press(&mut app, "a");
    type_text(&mut app, "Split the bill");
    press(&mut app, "Enter Tab");
    type_text(&mut app, "diner");
    press(&mut app, "Enter");
    assert!(app.popup.is_none());
    assert_eq!(app.backlog.stories.len(), 4);
    assert_eq!(app.backlog.stories[1].as_a, "diner");
}

// Item 8: a story added under a filter shows up where it was added.

#[test]
fn a_story_added_from_an_epics_stories_takes_the_epic_and_stays_in_view() {
    let mut app = app(6);
    // Epics view, the second epic (E-2), Enter shows its stories.
    press(&mut app, "2 j Enter");
    assert_eq!(app.list.filter().epic.as_deref(), Some("E-2"));
    let shown = app.list.len(&app.backlog);
    press(&mut app, "a");
    type_text(&mut app, "Pay by bank transfer");
    press(&mut app, "Enter");
    let key = selected_key(&app);
    let story = app.story_by_key(&key).unwrap();
    assert_eq!(story.title, "Pay by bank transfer");
    assert_eq!(story.epic.as_deref(), Some("E-2"));
    assert!(
        app.message.as_ref().unwrap().text.contains("epic E-2"),
        "{:?}",
        app.message
    );
    // Save the form as it is: the story is still in the filtered list.
    press(&mut app, "Enter");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(app.list.len(&app.backlog), shown + 1);
    assert_eq!(selected_key(&app), key);
    assert!(app.list.is_consistent(&app.backlog));
}

#[test]
fn a_story_added_under_a_sprint_filter_joins_the_sprint() {
    let mut app = app(6);
    press(&mut app, "f");
    // Epic, Status, MoSCoW, Sprint: the sprint field's second option is
    // "not in a sprint", the third the active SP-3.
    press(&mut app, "Down Down Down Right Right Enter");
    assert_eq!(
        app.list.filter().sprint,
        po::model::SprintFilter::In("SP-3".into())
    );
    press(&mut app, "a");
    type_text(&mut app, "Refund a missing item");
    press(&mut app, "Enter Enter");
    let key = selected_key(&app);
    assert_eq!(
        app.story_by_key(&key).unwrap().sprint.as_deref(),
        Some("SP-3")
    );
    assert_eq!(
        app.story_by_key(&key).unwrap().title,
        "Refund a missing item"
    );
}

#[test]
fn a_story_that_cannot_pass_the_filter_clears_it_and_says_so() {
    let mut app = app(6);
    // Only done stories: a new story is todo.
    press(&mut app, "f Down Right Right Right Enter");
    assert_eq!(app.list.filter().status, Some(po::model::Status::Done));
    press(&mut app, "a");
    type_text(&mut app, "Gift cards");
    press(&mut app, "Enter");
    let key = selected_key(&app);
    assert_eq!(app.story_by_key(&key).unwrap().title, "Gift cards");
    assert!(app.list.filter().is_empty());
    let message = &app.message.as_ref().unwrap().text;
    assert!(message.contains("cleared"), "{message}");
}
