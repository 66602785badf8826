//! View 7, the board: the running sprint's stories by column, for the
//! daily standup (`App::board`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};
use crate::tui::app::App;
use crate::tui::board::Board;
use crate::tui::jobs::{Done, Job};
use crate::tui::keymap::Context;
use crate::tui::list::StoryList;
use crate::tui::ui;

use super::ViewPart;

pub struct BoardView;

impl ViewPart for BoardView {
    fn title(&self) -> &'static str {
        "Board"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Board]
    }

    fn context(&self, _: &App) -> Context {
        Context::Board
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        app.board.move_cursor(&app.backlog, delta);
    }

    fn story_list<'a>(&self, app: &'a App) -> Option<&'a StoryList> {
        // Its cursor is kept on the selected card, so that finding the
        // story an action is about costs no search of the backlog.
        Some(&app.board.list)
    }

    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story> {
        app.board
            .selected_index(&app.backlog)
            .map(|i| &*app.backlog.stories[i])
    }

    fn follow(&self, app: &mut App, change: &Change) {
        app.board.follow(&app.backlog, change);
    }

    fn reload(&self, app: &mut App, _: Option<usize>) {
        let (lanes, since, selected) =
            (app.board.lanes, app.board.since, app.board.selected.take());
        app.board = Board::new(&app.backlog);
        app.board.lanes = lanes;
        app.board.since = since;
        app.board.selected = selected;
        app.board.retarget(&app.backlog);
    }

    fn scroll(&self, app: &mut App) {
        let height = ui::board::card_height(app);
        app.board.scroll_to_cursor(&app.backlog, height);
    }

    fn min_body(&self) -> (u16, u16) {
        // It shows one column at a time when narrow.
        (0, 0)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::board::render(app, frame, area);
    }

    fn job(&self, _: &App) -> Option<Job> {
        // A sprint's few hundred stories are drawn straight from the backlog.
        None
    }

    fn done(&self, _: &mut App, _: Done) {
        // It asks for no jobs.
    }
}
