//! Figures for the metrics view. They take a pass over every story (tens of
//! milliseconds at 100,000), so they are computed off the input thread by
//! the job runner (`tui::jobs`): the view asks for them when it opens or the
//! backlog changed under it, and shows the previous figures, or
//! "computing", until they come back. Never per frame.

use chrono::NaiveDate;

use super::action::View;
use super::app::App;
use super::jobs::{Figures, Job, Snapshot};

use crate::model::{
    Backlog, Burndown, Durations, Forecast, ForecastOptions, ModelError, ScopeChange,
    VELOCITY_WINDOW, VelocityStats,
};

/// Everything the metrics view shows.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub velocity: VelocityStats,
    /// Burndown of the active sprint, if there is one.
    pub burndown: Option<Burndown>,
    /// The active sprint ("SP-3 Sprint 3"), so that one without a burndown
    /// (no start date, as after an import) is not called missing.
    pub active: Option<String>,
    pub scope: Option<ScopeChange>,
    /// Created → done.
    pub lead: Option<Durations>,
    /// First move to in progress → done, where the status history has it.
    pub cycle: Option<Durations>,
    pub forecast: Result<Forecast, ModelError>,
}

impl Metrics {
    /// Computes the figures as of `today`, the forecast over `runs` futures.
    pub fn of(backlog: &Backlog, today: NaiveDate, runs: usize) -> Self {
        let active_sprint = backlog.active_sprint();
        let active = active_sprint.map(|s| s.key.clone());
        let mut options = ForecastOptions::new(today);
        options.runs = runs;
        Metrics {
            velocity: backlog.velocity(VELOCITY_WINDOW),
            burndown: active.as_deref().and_then(|k| backlog.burndown(k, today)),
            scope: active.as_deref().and_then(|k| backlog.scope_change(k)),
            lead: backlog.lead_times(None),
            cycle: backlog.cycle_times(None),
            forecast: backlog.forecast(&options),
            active: active_sprint.map(|s| format!("{} {}", s.key, s.name)),
        }
    }
}

/// The App's side of the metrics view's figures.
impl App {
    /// Whether the metrics view shows figures for the backlog as it is now.
    pub fn metrics_are_current(&self) -> bool {
        self.metrics.is_current(self.changes)
    }

    /// The job computing the figures, when they are out of date.
    pub(super) fn metrics_job(&self) -> Option<Job> {
        if self.metrics.is_current(self.changes) {
            return None;
        }
        Some(Job::new(
            View::Metrics,
            self.changes,
            self.snapshot(),
            |s: &Snapshot| Figures::Metrics(Box::new(Metrics::of(&s.backlog, s.today, s.runs))),
        ))
    }
}
