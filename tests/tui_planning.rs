//! Sprint planning in the TUI, as a product owner plans: switching between
//! open sprints, opening a story, planning the next sprint with defaults,
//! starting with the risks named, closing with a choice of where leftovers go.

mod fixtures;
mod render_support;

use fixtures::{press, selected_key};
use po::tui::app::App;
use po::tui::popup::Popup;
use render_support::draw;

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

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 9, 0, 0).unwrap()
}

/// The sample with its active sprint closed, and the planned sprint that
/// can start next.
fn active_closed() -> (po::model::Backlog, String) {
    let mut b = sample_backlog();
    let active = b.active_sprint().unwrap().key.clone();
    b.close_sprint(&active, None, now()).unwrap();
    let planned = b.next_planned_sprint().unwrap().key.clone();
    (b, planned)
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
    let (mut b, planned) = active_closed();
    let now = now();
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
    let (mut b, planned) = active_closed();
    let now = now();
    let in_it: Vec<String> = b.stories_in(&planned).map(|s| s.key.clone()).collect();
    b.remove_from_sprint(&planned, &in_it, now).unwrap();
    let ready = b
        .stories
        .iter()
        .find(|s| s.is_plannable() && s.is_ready() && s.blocked.is_none())
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
    let now = now();
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
    let screen = draw(&mut app, 160, 30);
    assert!(screen.find("(planned) 2 of 2 open · 2026-").is_some());
    press(&mut app, "[");
    let screen = draw(&mut app, 160, 30);
    assert!(screen.find("(active) 1 of 2 open · 2026-").is_some());
}

#[test]
fn planning_shows_moscow_shares_and_warns_in_red_when_must_is_over_sixty_percent() {
    let mut b = sample_backlog();
    let target = po::tui::planning::Planning::target_of(&b, None).unwrap();
    for s in b.stories.iter_mut() {
        if s.sprint.as_deref() == Some(target.as_str()) {
            let s = std::sync::Arc::make_mut(s);
            s.moscow = Some(po::model::Moscow::Must);
            s.points = Some(8.0);
        }
    }
    let mut app = app_on(b.clone());
    press(&mut app, "3");
    let screen = draw(&mut app, 120, 40);
    assert!(
        screen.text().contains("MoSCoW: Must 100%"),
        "{}",
        screen.text()
    );
    let warning = "⚠ Must is";
    assert!(
        screen.text().contains(&format!("of {target}'s")),
        "{}",
        screen.text()
    );
    assert_eq!(
        render_support::fg(screen.style_of(warning)),
        render_support::fg(po::tui::ui::theme::error()),
        "{}",
        screen.text()
    );

    for s in b.stories.iter_mut() {
        std::sync::Arc::make_mut(s).moscow = Some(po::model::Moscow::Could);
    }
    let mut app = app_on(b);
    press(&mut app, "3");
    let screen = draw(&mut app, 120, 40);
    assert!(screen.text().contains("Could 100%"), "{}", screen.text());
    assert!(!screen.text().contains("⚠ Must is"), "{}", screen.text());
}

#[test]
fn capital_g_in_planning_goes_to_the_bottom_as_in_every_other_list() {
    let mut app = app_on(sample_backlog());
    press(&mut app, "3 G");
    let last = app.planning.backlog.len(&app.backlog) - 1;
    assert_eq!(app.planning.backlog.cursor, last);
    press(&mut app, "g l G");
    let last = app.planning.sprint.len(&app.backlog) - 1;
    assert!(last > 0, "the sample's planned sprint has several stories");
    assert_eq!(app.planning.sprint.cursor, last);
}

#[test]
fn marking_a_goal_story_says_which_story_and_sprint_and_so_does_its_undo() {
    let mut app = app_on(sample_backlog());
    press(&mut app, "3 l");
    let target = app.planning.target.clone().unwrap();
    let key = selected_key(&app);
    let serves = app.backlog.sprint(&target).unwrap().serves_goal(&key);
    press(&mut app, "*");
    let (now, then) = if serves {
        ("no longer serves", "serves")
    } else {
        ("serves", "no longer serves")
    };
    assert_eq!(
        app.message.as_ref().unwrap().text,
        format!("{key} {now} the goal of {target}")
    );
    press(&mut app, "u");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        format!("undid: {key} {then} the goal of {target}")
    );
}

#[test]
fn a_blank_column_keeps_the_backlog_marks_apart_from_the_sprints_ranks() {
    let mut app = app_on(sample_backlog());
    press(&mut app, "3");
    let screen = draw(&mut app, 120, 40);
    let header = screen.row_of("#  Key");
    // The header row is ASCII, so its byte index is the column.
    let titles = screen.line(header);
    let right = u16::try_from(titles.rfind('#').unwrap()).unwrap();
    assert!(right > 40, "two panes side by side: {titles}");
    let cell = |x: u16, y: u16| screen.buffer[(x, y)].symbol().to_string();
    let marked = (header + 1..38)
        .filter(|y| (right - 4..right).any(|x| cell(x, *y) == "?"))
        .count();
    assert!(marked > 0, "the sample has unestimated backlog stories");
    for y in header + 1..38 {
        assert_eq!(cell(right - 1, y), " ", "row {y}: {}", screen.line(y));
    }
}

#[test]
fn closing_in_the_tui_says_what_the_sprint_did_against_the_velocity_before() {
    let b = sample_backlog();
    let active = b.active_sprint().unwrap().key.clone();
    let before = b
        .velocity(po::model::metrics::VELOCITY_WINDOW)
        .describe()
        .unwrap();
    let done: f64 = b
        .stories_in(&active)
        .filter(|s| s.status == po::model::Status::Done)
        .filter_map(|s| s.points)
        .sum();
    let outcome = format!(
        "closed {active}: {} done, velocity before {before}; ",
        po::model::number::points(done)
    );
    let close = |width: u16| {
        let mut app = app_on(b.clone());
        app.resize(width, 40);
        press(&mut app, "3 C");
        assert!(
            matches!(app.popup, Some(Popup::Picker(_))),
            "{:?}",
            app.popup
        );
        press(&mut app, "Enter");
        app.message.as_ref().unwrap().text.clone()
    };
    let wide = close(200);
    assert!(wide.starts_with(&outcome), "{wide}");
    assert!(wide.contains("back to the top"), "{wide}");
    // Where the work went is never cut off for the figures.
    let narrow = close(120);
    assert!(po::text::width(&narrow) <= 118, "{narrow}");
    assert!(narrow.contains("back to the top"), "{narrow}");
}

#[test]
fn space_says_the_sprints_load_and_how_far_over_capacity_it_went() {
    let mut app = app_on(sample_backlog());
    press(&mut app, "3");
    let target = app.planning.target.clone().unwrap();
    let capacity = app.backlog.sprint(&target).unwrap().capacity.unwrap();
    let show = po::model::number::display;
    let mut over = false;
    for _ in 0..12 {
        let key = selected_key(&app);
        press(&mut app, "Space");
        let committed = app.planning.committed(&app.backlog);
        let mut said = format!(
            "{key} into {target}: {} of {} points",
            show(committed),
            show(capacity)
        );
        if committed > capacity {
            said.push_str(&format!(", {} over capacity", show(committed - capacity)));
            over = true;
        }
        assert_eq!(app.message.as_ref().unwrap().text, said);
    }
    assert!(over, "twelve more stories go over the sample's capacity");
    press(&mut app, "l");
    let key = selected_key(&app);
    press(&mut app, "Space");
    let text = app.message.as_ref().unwrap().text.clone();
    assert!(
        text.starts_with(&format!("{key} out of {target}: ")),
        "{text}"
    );
}

#[test]
fn the_start_question_names_blocked_stories_as_a_risk() {
    let (mut b, planned) = active_closed();
    let stuck = b.stories_in(&planned).next().unwrap().key.clone();
    b.block_story(&stuck, "waiting for legal", now()).unwrap();
    let mut app = app_on(b);
    press(&mut app, "3 S");
    let q = question(&app);
    assert!(q.contains(&format!("1 story blocked ({stuck})")), "{q}");
}
