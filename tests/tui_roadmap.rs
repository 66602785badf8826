//! View 6 (the roadmap), the vision and epic outcome forms, and the
//! trade-off preview over the backlog: drawn from figures the job runner
//! computes, never on the key.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app, type_text};
use po::model::{Finish, Position};
use po::tui::action::View;
use po::tui::app::App;
use po::tui::popup::Popup;
use ratatui::style::Color;
use render_support::{draw, fg, screen};

/// The roadmap view with its figures in.
fn roadmap_app() -> App {
    let mut app = sample_app();
    press(&mut app, "6");
    assert_eq!(app.view, View::Roadmap);
    app.compute_figures_now();
    app
}

#[test]
fn roadmap_view_shows_the_vision_and_each_epics_dates_on_a_month_timeline() {
    let mut app = roadmap_app();
    insta::assert_snapshot!(screen(&mut app, 120, 36));
    let shown = draw(&mut app, 120, 36);
    let roadmap = app.roadmap.latest.as_ref().unwrap();
    let first = &roadmap.epics[0];
    let Finish::Forecast { dates, .. } = &first.finish else {
        panic!("{:?}", first.finish)
    };
    let p50 = dates.p50.unwrap().format("%d %b %y").to_string();
    let row = shown.row_of(&format!("{} ", first.key));
    assert!(shown.line(row).contains(&p50), "{}", shown.line(row));
    assert!(shown.line(row).contains('█'), "a bar: {}", shown.line(row));
    // Today is marked on the axis and down the rows where no bar is.
    let today_marks = (0..36)
        .flat_map(|y| shown.row_cells(y))
        .filter(|(c, style)| (c == "│" || c == "▼") && fg(*style) == Color::Yellow)
        .count();
    assert!(
        today_marks >= 3,
        "today is marked on the rows: {today_marks}"
    );
    assert!(shown.text().contains("Acme Groceries — vision (v edit)"));
}

#[test]
fn an_epic_with_no_stories_says_so_once_across_both_date_columns_uncut() {
    let mut app = sample_app();
    app.backlog.add_epic("Loyalty card", "").unwrap();
    press(&mut app, "6");
    app.compute_figures_now();
    let shown = draw(&mut app, 120, 36);
    let row = shown.line(shown.row_of("Loyalty card"));
    assert_eq!(row.matches("no stories").count(), 1, "{row}");
    assert!(!row.contains('…'), "nothing cut off: {row}");
}

#[test]
fn month_names_on_a_narrow_timeline_never_run_together() {
    let mut app = roadmap_app();
    let shown = draw(&mut app, 80, 24);
    let header = shown.line(shown.row_of("Epic "));
    let axis: Vec<char> = header[header.find("p85").unwrap() + 3..].chars().collect();
    assert!(
        axis.iter().any(char::is_ascii_uppercase),
        "some month is named: {header}"
    );
    for pair in axis.windows(2) {
        assert!(
            !(pair[0].is_ascii_alphanumeric() && pair[1].is_ascii_uppercase()),
            "a month name starts right after another: {header}"
        );
    }
}

#[test]
fn the_roadmap_is_computed_by_the_job_runner_not_on_the_key() {
    let mut app = sample_app();
    press(&mut app, "6");
    assert!(app.roadmap.latest.is_none(), "the key does not compute it");
    assert!(screen(&mut app, 100, 30).contains("Computing the roadmap over 60 stories"));
    let job = app
        .figures_job()
        .expect("the roadmap view asks for its figures");
    assert_eq!(job.view, View::Roadmap);
    app.figures_done(job.run());
    assert!(app.roadmap.latest.is_some());
    press(&mut app, "1 m 6");
    assert!(
        screen(&mut app, 100, 30).contains("updating…"),
        "old figures stay up"
    );
}

#[test]
fn v_on_the_roadmap_edits_the_vision_and_slash_starts_a_new_line() {
    let mut app = roadmap_app();
    press(&mut app, "v C-u");
    type_text(&mut app, "Groceries without the queue / for busy families");
    press(&mut app, "Enter");
    assert!(app.popup.is_none(), "{:?}", app.message);
    assert_eq!(
        app.backlog.product.vision,
        "Groceries without the queue\nfor busy families"
    );
    app.compute_figures_now();
    let shown = screen(&mut app, 120, 36);
    assert!(shown.contains("Groceries without the queue"), "{shown}");
    press(&mut app, "u");
    assert_ne!(
        app.backlog.product.vision,
        "Groceries without the queue\nfor busy families"
    );
}

#[test]
fn o_on_the_epics_view_sets_an_outcome_that_the_roadmap_shows() {
    let mut app = sample_app();
    press(&mut app, "2 o");
    type_text(&mut app, "checkout conversion");
    press(&mut app, "Tab");
    type_text(&mut app, "%");
    press(&mut app, "Tab");
    type_text(&mut app, "abc");
    press(&mut app, "Enter");
    let Some(Popup::Form(form)) = &app.popup else {
        panic!("a bad baseline keeps the form open: {:?}", app.popup)
    };
    assert!(
        form.error.as_deref().unwrap().contains("Baseline"),
        "{:?}",
        form.error
    );
    let key = app.backlog.epics[0].key.clone();
    assert_eq!(app.backlog.epics[0].outcome, None, "nothing saved");
    press(&mut app, "C-u");
    type_text(&mut app, "2");
    press(&mut app, "Tab");
    type_text(&mut app, "3");
    press(&mut app, "Tab");
    type_text(&mut app, "2.5");
    press(&mut app, "Enter");
    let outcome = app.backlog.epic(&key).unwrap().outcome.clone().unwrap();
    assert_eq!(
        (
            outcome.baseline,
            outcome.target,
            outcome.measured,
            outcome.measured_on
        ),
        (Some(2.0), Some(3.0), Some(2.5), app.today)
    );
    press(&mut app, "6");
    app.compute_figures_now();
    let row = app
        .roadmap
        .latest
        .as_ref()
        .unwrap()
        .epics
        .iter()
        .position(|e| e.key == key)
        .unwrap();
    for _ in 0..row {
        press(&mut app, "j");
    }
    let shown = screen(&mut app, 120, 36);
    assert!(
        shown.contains("checkout conversion: 2% → 3% (latest 2.5% on 2026-11-23) — 50% of the way"),
        "{shown}"
    );
}

/// The backlog with the cursor on the lowest-ranked open, estimated story
/// of an epic.
fn on_a_low_story(app: &mut App) -> (String, usize) {
    let i = app
        .backlog
        .stories
        .iter()
        .rposition(|s| {
            s.status != po::model::Status::Done
                && s.points.unwrap_or(0.0) >= 3.0
                && s.epic.is_some()
        })
        .unwrap();
    let key = app.backlog.stories[i].key.clone();
    press(app, "g");
    while app.selected_story().unwrap().key != key {
        press(app, "j");
    }
    (key, i)
}

#[test]
fn w_previews_the_trade_off_off_the_key_path_and_enter_makes_the_move() {
    let mut app = sample_app();
    let (key, from) = on_a_low_story(&mut app);
    press(&mut app, "w");
    assert!(screen(&mut app, 120, 40).contains("Computing the trade-off"));
    app.compute_figures_now();
    let Some(Popup::Preview(p)) = &app.popup else {
        panic!("{:?}", app.popup)
    };
    let w = p.figures.clone().unwrap();
    let expected = app
        .backlog
        .what_if(
            &key,
            &Position::Top,
            &po::tui::roadmap::roadmap_options(app.today.unwrap(), app.config.forecast.runs),
        )
        .unwrap();
    assert_eq!(w, expected, "the same seed as the model's what-if");
    insta::assert_snapshot!(screen(&mut app, 120, 40));
    let shown = draw(&mut app, 120, 40);
    if let Some(later) = w.epics.iter().find(|e| e.p50_days.is_some_and(|d| d > 0)) {
        let (d50, _) = later.differences();
        assert_eq!(fg(shown.style_of(&d50)), Color::Red, "a later date is red");
    }
    // j picks the next rank down; the figures follow off the key path.
    press(&mut app, "j");
    assert!(screen(&mut app, 120, 40).contains(&format!("What if {key} went to rank 2?")));
    app.compute_figures_now();
    press(&mut app, "Enter");
    assert!(app.popup.is_none());
    assert_eq!(app.backlog.stories[1].key, key, "moved to rank 2");
    assert_ne!(from, 1);
    press(&mut app, "u w Esc");
    assert!(app.popup.is_none());
    assert_eq!(app.backlog.stories[from].key, key, "Esc moves nothing");
}
