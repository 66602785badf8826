//! View 1, the backlog: the ranked story list (`App::list`) and, over it,
//! one story's detail (`App::detail`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};
use crate::tui::app::App;
use crate::tui::jobs::{Done, Figures, Job};
use crate::tui::keymap::Context;
use crate::tui::list::StoryList;
use crate::tui::popup::Popup;
use crate::tui::ui;

use super::ViewPart;

pub struct BacklogView;

impl ViewPart for BacklogView {
    fn title(&self) -> &'static str {
        "Backlog"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Backlog, Context::Detail]
    }

    fn context(&self, app: &App) -> Context {
        match app.detail {
            Some(_) => Context::Detail,
            None => Context::Backlog,
        }
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        // In the detail the cursor is on the acceptance criteria.
        match app.detail {
            Some(_) => app.move_criterion_cursor(delta),
            None => app.list.move_cursor(&app.backlog, delta),
        }
    }

    fn story_list<'a>(&self, app: &'a App) -> Option<&'a StoryList> {
        // The detail shows one story; ranking waits for the list.
        match app.detail {
            Some(_) => None,
            None => Some(&app.list),
        }
    }

    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story> {
        match &app.detail {
            Some(d) => app.story_by_key(&d.key),
            None => app.list_story(&app.list),
        }
    }

    fn follow(&self, app: &mut App, change: &Change) {
        app.list.follow(&app.backlog, change);
        keep_detail(app);
    }

    fn reload(&self, app: &mut App, selected: Option<usize>) {
        app.list.refresh(&app.backlog, selected);
        keep_detail(app);
    }

    fn scroll(&self, app: &mut App) {
        let height = app.list_height();
        app.list.scroll_to_cursor(height);
    }

    fn min_body(&self) -> (u16, u16) {
        // Its columns give way one by one down to po's minimum.
        (0, 0)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        match &app.detail {
            Some(d) => ui::detail::render(app, d, frame, area),
            None => ui::backlog::render(app, frame, area),
        }
    }

    fn job(&self, app: &App) -> Option<Job> {
        // It draws straight from the backlog; the score markers and the
        // trade-off preview over it wait for figures, the open preview first.
        app.what_if_job().or_else(|| app.ranking_job())
    }

    fn done(&self, app: &mut App, done: Done) {
        match done.figures {
            Ok(Figures::Ranking(r)) => app.ranking.finish(done.stamp, Ok(*r)),
            Ok(figures) => app.what_if_done(Done {
                figures: Ok(figures),
                ..done
            }),
            Err(_) if matches!(app.popup, Some(Popup::Preview(_))) => app.what_if_done(done),
            Err(e) => app.ranking.finish(done.stamp, Err(e)),
        }
    }
}

/// Keeps the detail on its story with the criterion cursor in range, or
/// closes it (back to the view it was opened from) when the story is gone.
fn keep_detail(app: &mut App) {
    let Some(key) = app.detail.as_ref().map(|d| d.key.clone()) else {
        return;
    };
    let criteria = app.story_by_key(&key).map(|s| s.acceptance.len());
    match (criteria, &mut app.detail) {
        (Some(n), Some(d)) => d.criterion = d.criterion.min(n.saturating_sub(1)),
        _ => {
            if let Some(d) = app.detail.take() {
                app.view = d.back;
            }
        }
    }
}
