//! The numbers a product owner shows stakeholders, as the model and the TUI
//! compute them: one velocity everywhere, named with its window.

mod fixtures;
mod numbers_support;

use numbers_support::{date, eight_sprints, planned, story};
use po::model::{BudgetSource, VELOCITY_WINDOW};
use po::tui::app::App;
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.trim_end().to_string() + "\n"
        })
        .collect()
}

#[test]
fn velocity_is_one_mean_over_one_window_for_planning_review_and_forecast() {
    let mut b = eight_sprints();
    planned(&mut b, date(2026, 5, 4), 12);
    story(&mut b, Some(5.0), None);
    let velocity = b.velocity(VELOCITY_WINDOW);
    assert_eq!(velocity.mean(), Some(15.0));
    assert_eq!(velocity.describe().as_deref(), Some("15 (last 6 sprints)"));

    let budget = b.planning_budget(VELOCITY_WINDOW).unwrap();
    assert_eq!(budget.points, 15.0);
    assert_eq!(budget.source, BudgetSource::Velocity { sprints: 6 });
    assert_eq!(budget.describe(), "velocity 15 (last 6 sprints)");

    let forecast = b
        .forecast(&po::model::ForecastOptions::new(date(2026, 5, 1)))
        .unwrap();
    assert_eq!(forecast.velocity().as_deref(), Some("15 (last 6 sprints)"));

    // The review compares with the window of sprints before the reviewed one.
    let last = b.sprints[7].key.clone();
    let review = b.sprint_review(&last, date(2026, 5, 1)).unwrap();
    let before = review.average.unwrap();
    assert_eq!(before.count, 6);
    assert_eq!(
        before.mean,
        110.0 / 6.0,
        "40, 10, 12, 14, 16, 18: the six before"
    );
}

#[test]
fn planning_and_metrics_views_show_the_same_velocity_with_its_window() {
    let mut b = eight_sprints();
    planned(&mut b, date(2026, 5, 4), 12);
    story(&mut b, Some(5.0), None);
    let mut app = App::new(b, None, &[]);
    fixtures::press(&mut app, "3");
    let planning = screen(&mut app, 200, 30);
    assert!(
        planning.contains("cut at velocity 15 (last 6 sprints)"),
        "{planning}"
    );
    fixtures::press(&mut app, "4");
    app.compute_figures_now();
    let metrics = screen(&mut app, 200, 40);
    assert!(
        metrics.contains("Velocity 15 (last 6 sprints)"),
        "{metrics}"
    );
}

#[test]
fn a_forecast_at_the_end_of_the_calendar_saturates_instead_of_panicking() {
    use chrono::{NaiveDate, TimeDelta};
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    story(&mut b, Some(400.0), None);
    let sp = planned(&mut b, NaiveDate::MAX - TimeDelta::days(20), 21);
    b.start_sprint(&sp, numbers_support::at(date(2026, 5, 4), 9))
        .unwrap();
    let mut options = po::model::ForecastOptions::new(NaiveDate::MAX - TimeDelta::days(3));
    options.by = Some(NaiveDate::MAX);
    let f = b.forecast(&options).unwrap();
    match f.outcome {
        po::model::Outcome::MonteCarlo { sprints, dates, .. } => {
            assert!(sprints.p50.is_some_and(|n| n > 1), "{sprints:?}");
            assert_eq!(dates.p50, None, "past the calendar's end");
        }
        other => panic!("expected a simulation, got {other:?}"),
    }
    assert_eq!(f.sprint_end(1), Some(NaiveDate::MAX));
    assert_eq!(f.sprint_end(2), None);

    // A new backlog whose "today" is the calendar's last day.
    let mut empty = po::model::Backlog::new("Acme");
    story(&mut empty, Some(3.0), None);
    let f = empty
        .forecast(&po::model::ForecastOptions::new(NaiveDate::MAX))
        .unwrap();
    assert_eq!(f.first_end, NaiveDate::MAX);
}

#[test]
fn an_epic_with_only_unestimated_open_stories_is_not_forecast_as_done() {
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    let epic = b.epics[0].key.clone();
    let first = story(&mut b, None, Some(&epic));
    let second = story(&mut b, None, Some(&epic));
    let mut options = po::model::ForecastOptions::new(date(2026, 5, 1));
    options.epic = Some(epic);
    let f = b.forecast(&options).unwrap();
    assert_eq!(
        f.outcome,
        po::model::Outcome::Unestimated {
            stories: vec![first, second]
        }
    );
    assert_eq!((f.remaining_stories, f.unestimated), (2, 2));
}
