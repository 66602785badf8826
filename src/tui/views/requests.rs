//! View 5, stakeholder requests: the list by age with state, sender and
//! story, the per-stakeholder summary, and triage. State: `App::requests`.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};
use crate::tui::app::App;
use crate::tui::jobs::{Done, Figures, Job};
use crate::tui::keymap::Context;
use crate::tui::list::StoryList;
use crate::tui::ui;

use super::ViewPart;

pub struct RequestsView;

impl ViewPart for RequestsView {
    fn title(&self) -> &'static str {
        "Requests"
    }

    fn contexts(&self) -> &'static [Context] {
        &[Context::Requests]
    }

    fn context(&self, _: &App) -> Context {
        Context::Requests
    }

    fn cursor(&self, app: &mut App, delta: isize) {
        let last = app.requests.rows.len().saturating_sub(1);
        app.requests.cursor = app.requests.cursor.saturating_add_signed(delta).min(last);
    }

    fn story_list<'a>(&self, _: &'a App) -> Option<&'a StoryList> {
        None
    }

    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story> {
        // Story actions run from the palette here act on the backlog's cursor.
        app.list_story(&app.list)
    }

    fn follow(&self, app: &mut App, change: &Change) {
        if touches_requests(change) {
            app.requests.refresh(&app.backlog);
        }
    }

    fn reload(&self, app: &mut App, _: Option<usize>) {
        app.requests.refresh(&app.backlog);
    }

    fn scroll(&self, _: &mut App) {
        // The table scrolls to the cursor as it draws.
    }

    fn min_body(&self) -> (u16, u16) {
        // A row with room for some of the text, and the selected one whole.
        (50, 6)
    }

    fn render(&self, app: &App, frame: &mut Frame, area: Rect) {
        ui::requests::render(app, frame, area);
    }

    fn job(&self, app: &App) -> Option<Job> {
        app.preview_job()
    }

    fn done(&self, app: &mut App, done: Done) {
        let result = done.figures.and_then(|f| match f {
            Figures::RequestPreview(w) => Ok(*w),
            other => Err(format!("the preview got other figures: {other:?}")),
        });
        app.preview_done(done.stamp, result);
    }
}

/// Whether a change adds, removes or edits a request; only then do the
/// rows need rebuilding (a story edit cannot change them).
fn touches_requests(change: &Change) -> bool {
    match change {
        Change::Insert { item, .. }
        | Change::Remove { item, .. }
        | Change::Update { after: item, .. } => {
            matches!(item, crate::model::Item::Request(_))
        }
        Change::Batch(changes) => changes.iter().any(touches_requests),
        Change::MoveStory { .. }
        | Change::Product { .. }
        | Change::Reorder { .. }
        | Change::Conflicts { .. } => false,
    }
}
