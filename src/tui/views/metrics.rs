//! View 4, metrics: velocity, burndown, cycle time and the forecast, whose
//! figures are computed off the input thread (`tui::metrics`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::jobs::{Done, Figures, Job};
use crate::tui::keymap::Context;
use crate::tui::ui;

use super::ViewPart;

pub struct MetricsView;

impl ViewPart for MetricsView {
    fn title(&self) -> &'static str {
        "Metrics"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Metrics]
    }

    fn context(&self, _: &App) -> Context {
        Context::Metrics
    }

    fn cursor(&self, _: &mut App, _: isize) {
        // Nothing to select: the view is a page of figures.
    }

    figures_page!();

    fn min_body(&self) -> (u16, u16) {
        // The forecast's dates on a full-width panel at the least.
        (50, 8)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::metrics::render(app, frame, area);
    }

    fn job(&self, app: &App) -> Option<Job> {
        app.metrics_job()
    }

    fn done(&self, app: &mut App, done: Done) {
        let result = done.figures.and_then(|f| match f {
            Figures::Metrics(m) => Ok(*m),
            other => Err(format!("metrics got other figures: {other:?}")),
        });
        app.metrics.finish(done.stamp, result);
    }
}
