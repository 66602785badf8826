//! Background figures (`tui::jobs`): a view's job runs on the runner thread
//! and its result goes back to the view; a job that panics comes back as a
//! failure the view shows instead of "computing" forever.

mod fixtures;

use std::time::{Duration, Instant};

use fixtures::press;
use po::model::sample;
use po::tui::app::App;
use po::tui::jobs::{Done, Job, Jobs};
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn sample_app() -> App {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut app = App::new(sample::generate("Acme", 60, 3, today), None, &[]);
    app.today = Some(today);
    app
}

fn screen(app: &mut App) -> String {
    app.resize(100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|c| c.symbol()).collect()
}

/// The runner's next result, waiting for it a while.
fn next_result(jobs: &Jobs) -> Done {
    let start = Instant::now();
    loop {
        if let Some(done) = jobs.results().pop() {
            return done;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no result from the runner"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_runner_computes_the_figures_the_open_view_asks_for() {
    let mut app = sample_app();
    press(&mut app, "4");
    let job = app
        .figures_job()
        .expect("the metrics view asks for figures");
    assert!(app.figures_pending());
    assert!(app.figures_job().is_none(), "one job out per view");
    let jobs = Jobs::spawn();
    jobs.send(job);
    app.figures_done(next_result(&jobs));
    assert!(!app.figures_pending());
    assert!(app.metrics.latest.is_some());
    assert!(app.metrics_are_current());
    assert!(app.figures_job().is_none(), "nothing is due until a change");
    assert!(screen(&mut app).contains("Velocity"));
}

#[test]
fn a_panicking_job_comes_back_as_a_failure_the_view_shows() {
    let mut app = sample_app();
    press(&mut app, "4");
    assert!(screen(&mut app).contains("Computing metrics over"));
    let asked = app
        .figures_job()
        .expect("the metrics view asks for figures");
    // The same job with a bug in its computation.
    let buggy = Job::new(asked.view, asked.stamp, app.snapshot(), |_| {
        panic!("date out of range")
    });
    let jobs = Jobs::spawn();
    jobs.send(buggy);
    app.figures_done(next_result(&jobs));
    assert!(!app.figures_pending(), "the view no longer waits");
    let shown = screen(&mut app);
    assert!(
        shown.contains("Could not compute the metrics: date out of range"),
        "{shown}"
    );
    assert!(!shown.contains("Computing"), "{shown}");
    assert!(
        app.figures_job().is_none(),
        "a failure is not retried until the backlog changes"
    );

    // The runner survived the panic: after a change, good figures replace the failure.
    press(&mut app, "1 m 4");
    let job = app.figures_job().expect("a change asks again");
    jobs.send(job);
    app.figures_done(next_result(&jobs));
    assert!(app.metrics.failure.is_none());
    let shown = screen(&mut app);
    assert!(!shown.contains("Could not compute"), "{shown}");
    assert!(shown.contains("Velocity"), "{shown}");
}
