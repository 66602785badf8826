//! View 6, the roadmap: the vision on top, then the epics with their
//! progress and forecast finish as bars on a month timeline. The figures
//! come from the job runner (`tui::roadmap`); the cursor is
//! `App::roadmap_cursor`, over the epics in the roadmap's order.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::jobs::{Done, Figures, Job};
use crate::tui::keymap::Context;
use crate::tui::ui;

use super::ViewPart;

pub struct RoadmapView;

impl ViewPart for RoadmapView {
    fn title(&self) -> &'static str {
        "Roadmap"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Roadmap]
    }

    fn context(&self, _: &App) -> Context {
        Context::Roadmap
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        let rows = app.roadmap.latest.as_ref().map_or(0, |r| r.epics.len());
        app.roadmap_cursor = app
            .roadmap_cursor
            .saturating_add_signed(delta)
            .min(rows.saturating_sub(1));
    }

    figures_page!();

    fn min_body(&self) -> (u16, u16) {
        // The vision and at least one epic's bar under it.
        (50, 10)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::roadmap::render(app, frame, area);
    }

    fn job(&self, app: &App) -> Option<Job> {
        app.roadmap_job()
    }

    fn done(&self, app: &mut App, done: Done) {
        let result = done.figures.and_then(|f| match f {
            Figures::Roadmap(r) => Ok(*r),
            other => Err(format!("not a roadmap: {other:?}")),
        });
        app.roadmap.finish(done.stamp, result);
        // Epics may have come or gone: keep the cursor on a row.
        let rows = app.roadmap.latest.as_ref().map_or(0, |r| r.epics.len());
        app.roadmap_cursor = app.roadmap_cursor.min(rows.saturating_sub(1));
    }
}
