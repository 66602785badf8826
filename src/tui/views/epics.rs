//! View 2, the epics with their progress; the cursor is `App::epic_cursor`.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};
use crate::tui::app::App;
use crate::tui::jobs::{Done, Job};
use crate::tui::keymap::Context;
use crate::tui::list::StoryList;
use crate::tui::ui;

use super::ViewPart;

pub struct EpicsView;

impl ViewPart for EpicsView {
    fn title(&self) -> &'static str {
        "Epics"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Epics]
    }

    fn context(&self, _: &App) -> Context {
        Context::Epics
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        let last = app.backlog.epics.len().saturating_sub(1);
        app.epic_cursor = app.epic_cursor.saturating_add_signed(delta).min(last);
    }

    fn story_list<'a>(&self, _: &'a App) -> Option<&'a StoryList> {
        None
    }

    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story> {
        // Story actions run from the palette here act on the backlog's cursor.
        app.list_story(&app.list)
    }

    fn follow(&self, app: &mut App, _: &Change) {
        keep_cursor(app);
    }

    fn reload(&self, app: &mut App, _: Option<usize>) {
        keep_cursor(app);
    }

    fn scroll(&self, _: &mut App) {
        // The table scrolls to the cursor as it draws.
    }

    fn min_body(&self) -> (u16, u16) {
        // Its names shorten down to po's minimum.
        (0, 0)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::epics::render(app, frame, area);
    }

    fn job(&self, _: &App) -> Option<Job> {
        // It draws straight from the backlog.
        None
    }

    fn done(&self, _: &mut App, _: Done) {
        // It asks for no jobs.
    }
}

fn keep_cursor(app: &mut App) {
    app.epic_cursor = app
        .epic_cursor
        .min(app.backlog.epics.len().saturating_sub(1));
}
