//! Figures for the metrics view, computed from the model's metrics when the
//! view opens (and after a change while it is open), never per frame.

use chrono::NaiveDate;

use crate::model::{
    Backlog, Burndown, CycleTimes, Forecast, ForecastOptions, ModelError, ScopeChange,
    VelocityStats,
};

/// How many closed sprints the velocity chart and its average cover.
pub const VELOCITY_SPRINTS: usize = 8;
/// Monte Carlo runs for the view (the CLI offers more with --runs).
const FORECAST_RUNS: usize = 2_000;

/// Everything the metrics view shows.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub velocity: VelocityStats,
    /// Burndown of the active sprint, if there is one.
    pub burndown: Option<Burndown>,
    pub scope: Option<ScopeChange>,
    pub cycle: Option<CycleTimes>,
    pub forecast: Result<Forecast, ModelError>,
}

impl Metrics {
    /// Computes the figures as of `today`.
    pub fn of(backlog: &Backlog, today: NaiveDate) -> Self {
        let active = backlog.active_sprint().map(|s| s.key.clone());
        let mut options = ForecastOptions::new(today);
        options.runs = FORECAST_RUNS;
        Metrics {
            velocity: backlog.velocity(VELOCITY_SPRINTS),
            burndown: active.as_deref().and_then(|k| backlog.burndown(k, today)),
            scope: active.as_deref().and_then(|k| backlog.scope_change(k)),
            cycle: backlog.cycle_times(None),
            forecast: backlog.forecast(&options),
        }
    }
}
