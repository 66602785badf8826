//! View 8, refinement: the queue of the highest-ranked stories that are not
//! ready (`App::refine`, computed by the job runner: `tui::refine`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};
use crate::tui::app::App;
use crate::tui::jobs::{Done, Figures, Job};
use crate::tui::keymap::Context;
use crate::tui::list::StoryList;
use crate::tui::ui;

use super::ViewPart;

pub struct RefineView;

impl ViewPart for RefineView {
    fn title(&self) -> &'static str {
        "Refine"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Refine]
    }

    fn context(&self, _: &App) -> Context {
        Context::Refine
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        app.refine.move_cursor(delta);
    }

    fn story_list<'a>(&self, _: &'a App) -> Option<&'a StoryList> {
        // The queue is an order of its own; ranking is done in the backlog.
        None
    }

    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story> {
        app.refine
            .selected()
            .and_then(|entry| app.story_by_key(&entry.key))
    }

    fn follow(&self, _: &mut App, _: &Change) {
        // The queue carries the change counter it was computed at; a newer
        // counter asks for a new one (`job`).
    }

    fn reload(&self, _: &mut App, _: Option<usize>) {
        // As after a change: the reload moves the change counter.
    }

    fn scroll(&self, app: &mut App) {
        // The queue's window is the list's, less its one-line heading.
        let height = app.list_height().saturating_sub(1);
        let heights = app
            .refine
            .queue
            .latest
            .as_ref()
            .map_or_else(Vec::new, |q| ui::refine::row_heights(q, app.size.0));
        app.refine.scroll_to_cursor(height, &heights);
    }

    fn min_body(&self) -> (u16, u16) {
        // What a story lacks wraps; the rows fit po's minimum.
        (0, 0)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::refine::render(app, frame, area);
    }

    fn job(&self, app: &App) -> Option<Job> {
        app.refine_job().or_else(|| app.grid_ranking_job())
    }

    fn done(&self, app: &mut App, done: Done) {
        let result = done.figures.and_then(|f| match f {
            Figures::Refine(q) => Ok(*q),
            other => Err(format!("the refinement queue got other figures: {other:?}")),
        });
        app.refine.queue.finish(done.stamp, result);
        app.refine.move_cursor(0);
    }
}
