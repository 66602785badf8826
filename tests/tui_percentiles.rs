//! `[forecast] percentiles` in the TUI: the metrics view lists every
//! configured percentile, the roadmap draws the first two (column titles,
//! legend, dates) and the what-if preview compares those two.
//!
//! A test binary of its own: the percentiles are set once per process, as
//! po does at start from config.toml, so no other test sees them.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app};
use po::model::{Finish, Outcome};
use po::tui::popup::Popup;
use render_support::screen;

#[test]
fn configured_percentiles_show_in_the_metrics_the_roadmap_and_the_preview() {
    let loaded = po::config::parse("[forecast]\npercentiles = [30, 70, 90]\n", "config.toml");
    assert_eq!(loaded.errors, Vec::<String>::new());
    po::model::forecast::configure(&loaded.config.forecast.percentiles);

    // Metrics: all three, in order, with their dates.
    let mut app = sample_app();
    press(&mut app, "4");
    app.compute_figures_now();
    let shown = screen(&mut app, 120, 50);
    let forecast = app
        .metrics
        .latest
        .as_ref()
        .unwrap()
        .forecast
        .as_ref()
        .unwrap();
    let Outcome::MonteCarlo { percentiles, .. } = &forecast.outcome else {
        panic!("{:?}", forecast.outcome)
    };
    let at: Vec<usize> = percentiles
        .iter()
        .map(|l| {
            let line = format!("{}% likely: ", l.percentile);
            assert!(
                shown.contains(&format!(
                    "{line}{} sprints, by {}",
                    l.sprints.unwrap(),
                    l.date.unwrap()
                )),
                "{line}\n{shown}"
            );
            shown.find(&line).unwrap()
        })
        .collect();
    assert_eq!(percentiles.len(), 3);
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in order:\n{shown}");
    assert!(!shown.contains("50% likely"), "{shown}");

    // The roadmap: p30 solid, p70 shaded, and their dates in the columns.
    press(&mut app, "6");
    app.compute_figures_now();
    let shown = screen(&mut app, 120, 36);
    assert!(shown.contains(" to p30 (30% likely)"), "{shown}");
    assert!(shown.contains(" to p70 (70% likely)"), "{shown}");
    let header = shown.lines().find(|l| l.contains("Epic ")).unwrap();
    assert!(header.contains("p30") && header.contains("p70"), "{header}");
    assert!(!header.contains("p50"), "{header}");
    let roadmap = app.roadmap.latest.as_ref().unwrap();
    assert_eq!(roadmap.percentiles, vec![30, 70, 90]);
    let first = &roadmap.epics[0];
    let Some((p30, p70)) = first.finish.drawn() else {
        panic!("{:?}", first.finish)
    };
    assert_eq!((p30.percentile, p70.percentile), (30, 70));
    let Finish::Forecast { dates, .. } = &first.finish else {
        unreachable!()
    };
    assert!(p30.date <= dates.p50, "p30 is no later than p50");
    let day = |d: Option<chrono::NaiveDate>| d.unwrap().format("%d %b %y").to_string();
    let row = shown
        .lines()
        .find(|l| l.contains(&format!("{} ", first.key)))
        .unwrap();
    assert!(
        row.contains(&format!("{} {}", day(p30.date), day(p70.date))),
        "{row}"
    );

    // The preview compares the same two.
    press(&mut app, "1 G");
    while app
        .selected_story()
        .is_some_and(|s| s.status == po::model::Status::Done)
    {
        press(&mut app, "k");
    }
    press(&mut app, "w");
    app.compute_figures_now();
    let Some(Popup::Preview(p)) = &app.popup else {
        panic!("{:?}", app.popup)
    };
    let w = p.figures.clone().unwrap();
    assert_eq!(w.percentiles, vec![30, 70, 90]);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("p30 before → after"), "{shown}");
    assert!(shown.contains("p70 before → after"), "{shown}");
    let e = &w.epics[0];
    let (a, b) = e.shown().unwrap();
    assert_eq!((a.percentile, b.percentile), (30, 70));
    let row = shown
        .lines()
        .find(|l| l.contains(&format!("│{} ", e.key)))
        .unwrap();
    // A date the move leaves where it is is said once.
    let dates = if a.before == a.after {
        day(a.after)
    } else {
        format!("{} → {}", day(a.before), day(a.after))
    };
    assert!(row.contains(&dates), "{row}");
}
