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

// Item 12: planning.

/// The sample backlog (closed sprints, an active one, a planned one) on a
/// pinned day.
fn sample_backlog() -> po::model::Backlog {
    po::model::sample::generate("Acme", 60, 3, today())
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn app_on(backlog: po::model::Backlog) -> App {
    let mut app = App::new(backlog, None, &[]);
    app.today = Some(today());
    app.resize(120, 40);
    app
}

fn question(app: &App) -> String {
    match &app.popup {
        Some(Popup::Confirm(c)) => c.question.clone(),
        other => panic!("expected a question, got {other:?}"),
    }
}

#[test]
fn a_new_sprint_is_named_dated_and_sized_after_the_last_one() {
    let mut app = app_on(sample_backlog());
    let last = app.backlog.sprints.last().unwrap().clone();
    let number: u32 = last.name.trim_start_matches("Sprint ").parse().unwrap();
    let velocity = app.planning.budget.clone().unwrap();
    assert!(matches!(
        velocity.source,
        po::model::BudgetSource::Velocity { .. }
    ));
    press(&mut app, "3 N");
    match &app.popup {
        Some(Popup::Prompt(p)) => assert_eq!(p.input.value(), format!("Sprint {}", number + 1)),
        other => panic!("expected the name prompt, got {other:?}"),
    }
    // Accept the name, then the form as it is.
    press(&mut app, "Enter Enter");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let new = app.backlog.sprints.last().unwrap().clone();
    assert_eq!(new.name, format!("Sprint {}", number + 1));
    let (start, end) = (new.start.unwrap(), new.end.unwrap());
    let (last_start, last_end) = (last.start.unwrap(), last.end.unwrap());
    assert!(start > last_end && (start - last_end).num_days() <= 7);
    use chrono::Datelike;
    assert_eq!(start.weekday(), last_start.weekday(), "same rhythm");
    assert_eq!(end - start, last_end - last_start, "same length");
    let capacity = new.capacity.unwrap();
    assert!(
        (capacity - velocity.points).abs() <= 0.05,
        "capacity {capacity} at the average velocity {}",
        velocity.points
    );
    // Planning shows the new sprint.
    assert_eq!(app.planning.target.as_deref(), Some(new.key.as_str()));
}

#[test]
fn brackets_switch_planning_between_the_open_sprints() {
    let mut app = app_on(sample_backlog());
    let active = app.backlog.active_sprint().unwrap().key.clone();
    let planned = app.backlog.next_planned_sprint().unwrap().key.clone();
    press(&mut app, "3");
    assert_eq!(app.planning.target.as_deref(), Some(planned.as_str()));
    press(&mut app, "N Enter Enter");
    let second = app.backlog.sprints.last().unwrap().key.clone();
    assert_eq!(app.planning.target.as_deref(), Some(second.as_str()));
    press(&mut app, "[");
    assert_eq!(app.planning.target.as_deref(), Some(planned.as_str()));
    assert!(
        app.message.as_ref().unwrap().text.contains("2 of 3"),
        "{:?}",
        app.message
    );
    press(&mut app, "[");
    assert_eq!(app.planning.target.as_deref(), Some(active.as_str()));
    press(&mut app, "[");
    assert_eq!(
        app.planning.target.as_deref(),
        Some(second.as_str()),
        "wraps"
    );
    press(&mut app, "]");
    assert_eq!(app.planning.target.as_deref(), Some(active.as_str()));
    press(&mut app, "] ]");
    // Space plans the top backlog story into the second planned sprint.
    let top = selected_key(&app);
    press(&mut app, "Space");
    assert_eq!(
        app.story_by_key(&top).unwrap().sprint.as_deref(),
        Some(second.as_str())
    );
    assert_eq!(app.planning.target.as_deref(), Some(second.as_str()));
}

#[test]
fn enter_in_planning_opens_the_story_and_esc_returns_to_planning() {
    let mut app = app_on(sample_backlog());
    press(&mut app, "3");
    let key = selected_key(&app);
    let in_sprint = app.planning.sprint.len(&app.backlog);
    press(&mut app, "Enter");
    assert_eq!(
        app.detail.as_ref().map(|d| d.key.clone()),
        Some(key.clone())
    );
    assert_eq!(
        app.planning.sprint.len(&app.backlog),
        in_sprint,
        "not moved"
    );
    assert!(app.contexts().contains(&po::tui::keymap::Context::Detail));
    press(&mut app, "Esc");
    assert!(app.detail.is_none());
    assert_eq!(app.view, po::tui::action::View::Planning);
    assert_eq!(selected_key(&app), key);
    press(&mut app, "Space");
    assert_eq!(app.planning.sprint.len(&app.backlog), in_sprint + 1);
}

#[test]
fn the_start_question_names_what_is_risky() {
    let mut b = sample_backlog();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 9, 0, 0).unwrap();
    let active = b.active_sprint().unwrap().key.clone();
    b.close_sprint(&active, None, now).unwrap();
    let planned = b.next_planned_sprint().unwrap().key.clone();
    // Over capacity, a story that is not ready, and a start a week ahead.
    let open: Vec<String> = b
        .stories
        .iter()
        .filter(|s| s.is_plannable())
        .take(3)
        .map(|s| s.key.clone())
        .collect();
    b.add_to_sprint(&planned, &open, now).unwrap();
    b.update_story(&open[0], now, |s| s.points = None).unwrap();
    b.edit_sprint(&planned, |s| {
        s.capacity = Some(1.0);
        s.start = chrono::NaiveDate::from_ymd_opt(2026, 11, 30);
        s.end = chrono::NaiveDate::from_ymd_opt(2026, 12, 11);
    })
    .unwrap();
    let mut app = app_on(b);
    press(&mut app, "3 S");
    let q = question(&app);
    assert!(q.contains(&format!("Start {planned}")), "{q}");
    assert!(q.contains("over its capacity of 1"), "{q}");
    assert!(q.contains("not ready") && q.contains(&open[0]), "{q}");
    assert!(q.contains("7 days early (planned for 2026-11-30)"), "{q}");
    press(&mut app, "y");
    assert_eq!(
        app.backlog.active_sprint().map(|s| s.key.clone()),
        Some(planned)
    );
}

#[test]
fn a_sprint_without_risks_says_so_before_it_starts() {
    let mut b = sample_backlog();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 9, 0, 0).unwrap();
    let active = b.active_sprint().unwrap().key.clone();
    b.close_sprint(&active, None, now).unwrap();
    let planned = b.next_planned_sprint().unwrap().key.clone();
    let in_it: Vec<String> = b.stories_in(&planned).map(|s| s.key.clone()).collect();
    b.remove_from_sprint(&planned, &in_it, now).unwrap();
    let ready = b
        .stories
        .iter()
        .find(|s| s.is_plannable() && s.is_ready())
        .unwrap()
        .key
        .clone();
    b.add_to_sprint(&planned, &[ready], now).unwrap();
    b.edit_sprint(&planned, |s| {
        s.capacity = Some(100.0);
        s.start = Some(today());
    })
    .unwrap();
    let mut app = app_on(b);
    press(&mut app, "3 S");
    let q = question(&app);
    assert!(q.contains("No risks"), "{q}");
}

#[test]
fn closing_asks_where_leftovers_go_and_the_next_sprint_takes_them() {
    let mut b = sample_backlog();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 9, 0, 0).unwrap();
    let active = b.active_sprint().unwrap().key.clone();
    let planned = b.next_planned_sprint().unwrap().key.clone();
    let unfinished: Vec<String> = b
        .stories_in(&active)
        .filter(|s| s.status != po::model::Status::Done)
        .map(|s| s.key.clone())
        .collect();
    assert!(unfinished.len() > 1);
    b.update_story(&unfinished[0], now, |s| {
        s.status = po::model::Status::InProgress;
    })
    .unwrap();
    let in_progress: Vec<String> = b
        .stories_in(&active)
        .filter(|s| s.status == po::model::Status::InProgress)
        .map(|s| s.key.clone())
        .collect();
    for to_next in [true, false] {
        let mut app = app_on(b.clone());
        press(&mut app, "3 C");
        match &app.popup {
            Some(Popup::Picker(p)) => {
                assert!(p.title.contains("unfinished"), "{}", p.title);
                assert!(p.entries[0].0.contains("top of the backlog"));
                let todo = format!("{} in progress become todo", in_progress.len());
                assert!(p.entries[0].0.contains(&todo), "{:?}", p.entries[0]);
                assert_eq!(p.entries[1].1.as_deref(), Some(planned.as_str()));
            }
            other => panic!("expected where to, got {other:?}"),
        }
        press(&mut app, if to_next { "j Enter" } else { "Enter" });
        assert!(app.popup.is_none());
        let message = app.message.as_ref().unwrap().text.clone();
        let first = app.story_by_key(&unfinished[0]).unwrap().clone();
        if to_next {
            assert!(
                message.contains(&format!("moved to {planned}")),
                "{message}"
            );
            for k in &unfinished {
                assert_eq!(
                    app.story_by_key(k).unwrap().sprint.as_deref(),
                    Some(planned.as_str())
                );
            }
            assert_eq!(first.status, po::model::Status::InProgress);
        } else {
            assert!(message.contains("back to the top"), "{message}");
            let reset = format!(
                "{} in progress set back to todo ({})",
                in_progress.len(),
                in_progress.join(", ")
            );
            assert!(message.contains(&reset), "{message} / {reset}");
            assert_eq!(first.sprint, None);
            assert_eq!(first.status, po::model::Status::Todo);
            assert_eq!(app.backlog.stories[0].key, unfinished[0], "on top");
        }
        // One undo puts everything back.
        press(&mut app, "u");
        assert_eq!(
            app.story_by_key(&unfinished[0]).unwrap().status,
            po::model::Status::InProgress
        );
        assert_eq!(
            app.backlog.active_sprint().map(|s| s.key.clone()),
            Some(active.clone())
        );
    }
}

#[test]
fn esc_on_where_leftovers_go_closes_nothing() {
    let mut app = app_on(sample_backlog());
    let active = app.backlog.active_sprint().unwrap().key.clone();
    press(&mut app, "3 C Esc");
    assert!(app.popup.is_none());
    assert_eq!(
        app.backlog.active_sprint().map(|s| s.key.clone()),
        Some(active)
    );
    assert_eq!(app.changes, 0);
}

#[test]
fn planning_shows_which_open_sprint_it_plans_and_how_to_switch() {
    let mut app = app_on(sample_backlog());
    press(&mut app, "3");
    let buffer = draw(&mut app, 160, 30);
    assert!(find(&buffer, "(planned) 2 of 2 open · 2026-", 0).is_some());
    press(&mut app, "[");
    let buffer = draw(&mut app, 160, 30);
    assert!(find(&buffer, "(active) 1 of 2 open · 2026-", 0).is_some());
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
    let buffer_moscow = draw(&mut app, 100, 30);
    assert!(find(&buffer_moscow, "cycle MoSCoW: must", 0).is_some());
    assert!(find(&buffer_moscow, "→ Backlog", 0).is_some());
}
