//! Everyday moves in the TUI that must not surprise: prompts, adding a
//! story under a filter, cancelling a new story, and the palette (planning:
//! tests/tui_planning.rs).

mod fixtures;
mod render_support;

use fixtures::{app, press, selected_key, type_text};
use po::tui::app::App;
use po::tui::popup::Popup;
use render_support::{bg, draw};

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
    // The prompt's input starts right after its left border: "│reorder"
    // is the prompt's, not the header's or the list's.
    let selected = bg(po::tui::ui::theme::selected());
    assert_ne!(selected, ratatui::style::Color::Reset);
    let cells = draw(&mut app, 100, 30).styles_of("│reorder ");
    for (i, style) in cells[1..8].iter().enumerate() {
        assert_eq!(bg(*style), selected, "cell {i} of the selection");
    }
    assert_ne!(bg(cells[8]), selected, "the selection ends with the text");
    press(&mut app, "Right");
    let cells = draw(&mut app, 100, 30).styles_of("│reorder");
    assert_ne!(bg(cells[1]), selected, "a cursor key deselects");
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

// Item 13: the palette offers what works here, or switches first.

fn palette_entries(app: &App) -> Vec<po::tui::keymap::PaletteEntry> {
    match &app.popup {
        Some(Popup::Palette(p)) => p.shown().cloned().collect(),
        other => panic!("expected the palette, got {other:?}"),
    }
}

#[test]
fn cycle_status_from_the_epics_palette_switches_to_the_backlog_first() {
    let mut app = app(6);
    // The backlog cursor on the second story, then the Epics view.
    press(&mut app, "j 2 :");
    let status = palette_entries(&app)
        .into_iter()
        .find(|e| e.action == po::tui::action::Action::CycleStatus)
        .expect("offered");
    assert_eq!(status.switch_to, Some(po::tui::action::View::Backlog));
    let key = app.backlog.stories[1].key.clone();
    let before = app.backlog.stories[1].status;
    type_text(&mut app, "cycle status");
    press(&mut app, "Enter");
    assert_eq!(
        app.view,
        po::tui::action::View::Backlog,
        "the story it edits is in view"
    );
    assert_eq!(selected_key(&app), key);
    assert_ne!(app.story_by_key(&key).unwrap().status, before);
}

#[test]
fn the_palette_offers_what_works_here_first_and_marks_the_rest() {
    let mut app = app(6);
    press(&mut app, "2 :");
    let entries = palette_entries(&app);
    // The Epics view's own actions come first and need no switch.
    let first_switch = entries.iter().position(|e| e.switch_to.is_some()).unwrap();
    assert!(
        entries[..first_switch]
            .iter()
            .any(|e| e.action == po::tui::action::Action::RenameEpic)
    );
    assert!(
        entries[first_switch..]
            .iter()
            .all(|e| e.switch_to.is_some())
    );
    // Detail-only actions need an open story: not offered from here.
    assert!(
        !entries
            .iter()
            .any(|e| e.action == po::tui::action::Action::ToggleCriterion)
    );
    // In planning, cycle status works on planning's own selection.
    press(&mut app, "Esc 3 :");
    let status = palette_entries(&app)
        .into_iter()
        .find(|e| e.action == po::tui::action::Action::CycleStatus)
        .unwrap();
    assert_eq!(status.switch_to, None);
    // The list says where an action goes.
    type_text(&mut app, "MoSCoW");
    let screen = draw(&mut app, 100, 30);
    assert!(screen.find("cycle MoSCoW: must").is_some());
    assert!(screen.find("→ Backlog").is_some());
}
