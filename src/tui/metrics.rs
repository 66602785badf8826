//! Figures for the metrics view. They take a pass over every story (tens of
//! milliseconds at 100,000), so they are computed off the input thread: the
//! App asks for them with a [`MetricsJob`] (a cheap snapshot) when the view
//! opens or the backlog changed under it, and shows the previous figures, or
//! "computing", until the [`MetricsDone`] comes back. Never per frame.

use chrono::NaiveDate;

use super::action::View;
use super::app::App;

use crate::model::{
    Backlog, Burndown, CycleTimes, Forecast, ForecastOptions, ModelError, ScopeChange,
    VELOCITY_WINDOW, VelocityStats,
};

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
            velocity: backlog.velocity(VELOCITY_WINDOW),
            burndown: active.as_deref().and_then(|k| backlog.burndown(k, today)),
            scope: active.as_deref().and_then(|k| backlog.scope_change(k)),
            cycle: backlog.cycle_times(None),
            forecast: backlog.forecast(&options),
        }
    }
}

/// A request to compute the figures for the backlog as it was at `stamp`
/// (the App's change counter).
#[derive(Debug)]
pub struct MetricsJob {
    pub backlog: Backlog,
    pub today: NaiveDate,
    pub stamp: u64,
}

/// Figures computed for the backlog as it was at `stamp`.
#[derive(Debug)]
pub struct MetricsDone {
    pub metrics: Metrics,
    pub stamp: u64,
}

impl MetricsJob {
    /// Does the work (on the metrics worker, or inline in tests).
    pub fn run(self) -> MetricsDone {
        MetricsDone {
            metrics: Metrics::of(&self.backlog, self.today),
            stamp: self.stamp,
        }
    }
}

/// The App's side: asking for figures and taking them back.
impl App {
    /// Whether the metrics view shows figures for the backlog as it is now.
    pub fn metrics_are_current(&self) -> bool {
        self.metrics_stamp == Some(self.changes)
    }

    /// The computation the metrics view is waiting for, if it is open, its
    /// figures are out of date and none is under way. The runtime asks after
    /// drawing a frame, so taking the snapshot never delays one.
    pub fn metrics_job(&mut self) -> Option<MetricsJob> {
        if self.view != View::Metrics || self.metrics_pending || self.metrics_are_current() {
            return None;
        }
        self.metrics_pending = true;
        Some(MetricsJob {
            backlog: self.backlog.clone(),
            today: self
                .today
                .unwrap_or_else(|| crate::model::now().date_naive()),
            stamp: self.changes,
        })
    }

    /// Takes figures back from a [`MetricsJob`]. Figures for an older state
    /// are still shown (close enough while the next ones are computed).
    pub fn metrics_done(&mut self, done: MetricsDone) {
        self.metrics_pending = false;
        self.metrics = Some(done.metrics);
        self.metrics_stamp = Some(done.stamp);
    }

    /// Computes the metrics view's figures on this thread, if they are due:
    /// for tests and benchmarks, which have no runtime.
    pub fn compute_metrics_now(&mut self) {
        if let Some(job) = self.metrics_job() {
            self.metrics_done(job.run());
        }
    }

    /// Whether a metrics computation is out.
    pub fn metrics_pending(&self) -> bool {
        self.metrics_pending
    }
}
