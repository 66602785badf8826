//! View 3, sprint planning: the product backlog and the sprint being
//! planned side by side (`App::planning`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};
use crate::tui::app::App;
use crate::tui::jobs::{Done, Job};
use crate::tui::keymap::Context;
use crate::tui::list::StoryList;
use crate::tui::planning::Planning;
use crate::tui::ui;

use super::ViewPart;

pub struct PlanningView;

impl ViewPart for PlanningView {
    fn title(&self) -> &'static str {
        "Planning"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Planning]
    }

    fn context(&self, _: &App) -> Context {
        Context::Planning
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        app.planning.focused_mut().move_cursor(&app.backlog, delta);
    }

    fn story_list<'a>(&self, app: &'a App) -> Option<&'a StoryList> {
        Some(app.planning.focused())
    }

    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story> {
        app.list_story(app.planning.focused())
    }

    fn follow(&self, app: &mut App, change: &Change) {
        app.planning.follow(&app.backlog, change);
    }

    fn reload(&self, app: &mut App, _: Option<usize>) {
        let (focus, chosen) = (app.planning.focus, app.planning.chosen.take());
        app.planning = Planning::new(&app.backlog);
        app.planning.focus = focus;
        app.planning.chosen = chosen;
        app.planning.retarget(&app.backlog);
    }

    fn scroll(&self, app: &mut App) {
        let height = ui::planning::list_height(app);
        app.planning.backlog.scroll_to_cursor(height);
        app.planning.sprint.scroll_to_cursor(height);
    }

    fn min_body(&self) -> (u16, u16) {
        // Its panes shorten their titles down to po's minimum.
        (0, 0)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::planning::render(app, frame, area);
    }

    fn job(&self, app: &App) -> Option<Job> {
        // It draws straight from the backlog; a re-score grid opened over
        // it needs the score ranking for its markers.
        app.grid_ranking_job()
    }

    fn done(&self, _: &mut App, _: Done) {
        // It asks for no jobs.
    }
}
