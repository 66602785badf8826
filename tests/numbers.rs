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
