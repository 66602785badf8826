//! `[forecast] runs` in config.toml sets the TUI's simulations too: the
//! metrics view's forecast, the roadmap and the what-if preview run as many
//! futures as `po forecast` and `po roadmap` do.

mod fixtures;

use fixtures::{press, sample_app};
use po::model::Outcome;
use po::tui::popup::Popup;

#[test]
fn the_tui_forecasts_run_as_many_futures_as_config_toml_says() {
    let loaded = po::config::parse("[forecast]\nruns = 700\n", "config.toml");
    assert_eq!(loaded.errors, Vec::<String>::new());
    let mut app = sample_app();
    app.config = loaded.config;

    let forecast = fixtures::metrics_forecast(&mut app);
    match forecast.outcome {
        Outcome::MonteCarlo { runs, .. } => assert_eq!(runs, 700, "metrics"),
        other => panic!("the sample forecasts: {other:?}"),
    }

    press(&mut app, "6");
    app.compute_figures_now();
    assert_eq!(app.roadmap.latest.as_ref().unwrap().runs, 700, "roadmap");

    press(&mut app, "1 w");
    app.compute_figures_now();
    let Some(Popup::Preview(p)) = &app.popup else {
        panic!("{:?}", app.popup)
    };
    assert_eq!(p.figures.as_ref().unwrap().runs, 700, "what-if");
}
