//! The views, registered in one list. A view is one module with a unit type
//! implementing [`ViewPart`]: its title, its keymap contexts, what is
//! selected, how its state follows a change or a reload, and how it draws.
//! The trait has no default methods and the registry below generates the
//! `View` enum, its tab order and the dispatch, so a view that misses a part
//! does not compile. docs/architecture.md says how to add one.

/// The parts every page of figures computed by the job runner shares
/// (metrics, roadmap), written in its `impl ViewPart` so that the trait
/// keeps no defaults: no story list of its own, story actions (from the
/// palette) on the backlog's cursor, and nothing to follow, reload or
/// scroll, since the figures carry the change counter they were computed
/// at and a newer counter asks for new ones (`job`).
// Defined before the view modules: a macro is seen only below it.
macro_rules! figures_page {
    () => {
        fn story_list<'a>(
            &self,
            _: &'a $crate::tui::app::App,
        ) -> Option<&'a $crate::tui::list::StoryList> {
            None
        }

        fn selected_story<'a>(
            &self,
            app: &'a $crate::tui::app::App,
        ) -> Option<&'a $crate::model::Story> {
            app.list_story(&app.list)
        }

        fn follow(&self, _: &mut $crate::tui::app::App, _: &$crate::model::Change) {}

        fn reload(&self, _: &mut $crate::tui::app::App, _: Option<usize>) {}

        fn scroll(&self, _: &mut $crate::tui::app::App) {}
    };
}

mod backlog;
mod board;
mod epics;
mod metrics;
mod planning;
mod refine;
mod requests;
mod roadmap;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Change, Story};

use super::app::App;
use super::jobs::{Done, Job};
use super::keymap::Context;
use super::list::StoryList;

/// What every view declares. The methods take the whole `App` because a
/// view's state lives in it (one field per view, as gitui holds its
/// components), next to the backlog they all show.
pub trait ViewPart {
    /// The name shown in the header tabs.
    fn title(&self) -> &'static str;
    /// Every keymap context the view ever uses, the one it opens in first:
    /// the palette offers that one's actions from other views (switching
    /// here first), and a test checks the help lists their keys.
    fn contexts(&self) -> &'static [Context];
    /// The context its keys are looked up in now (before `Global`).
    fn context(&self, app: &App) -> Context;
    /// Moves its cursor by `delta` rows (`isize::MIN`/`MAX`: to the ends).
    fn cursor(&self, app: &mut App, delta: isize);
    /// The story list whose cursor story `J`/`K`/`T`/`B` re-rank, if any.
    fn story_list<'a>(&self, app: &'a App) -> Option<&'a StoryList>;
    /// The story that story actions (edit, points, delete…) act on.
    fn selected_story<'a>(&self, app: &'a App) -> Option<&'a Story>;
    /// Brings its state in step after `change` was applied to the backlog.
    /// Every view follows every change, shown or not.
    fn follow(&self, app: &mut App, change: &Change);
    /// Rebuilds its state for a freshly read backlog; `selected` is the
    /// index of the story that was selected before, if it still exists.
    fn reload(&self, app: &mut App, selected: Option<usize>);
    /// Keeps its cursor on screen at the current terminal size.
    fn scroll(&self, app: &mut App);
    /// The smallest body (width, height) it can be drawn in; below that the
    /// body says the terminal is too small for it (`(0, 0)`: any body).
    fn min_body(&self) -> (u16, u16);
    /// Draws the view into the body of the screen.
    fn render(&self, app: &App, frame: &mut Frame, area: Rect);
    /// The background computation it waits for while open, if any: figures
    /// over the whole backlog, off the input thread (`tui::jobs`).
    fn job(&self, app: &App) -> Option<Job>;
    /// Takes the result of a job it asked for.
    fn done(&self, app: &mut App, done: Done);
}

/// Generates `View` (one variant per registered view), `View::ALL` in tab
/// order and `View::part`, from one list, so they cannot disagree.
macro_rules! registry {
    ($($view:ident => $part:expr,)+) => {
        /// A top-level view, switched with its number key and `Tab`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum View {
            $($view,)+
        }

        impl View {
            /// Views in tab order. A view's number key is bound in the keymap
            /// (`ShowView`): the design numbers them, and the header shows it.
            pub const ALL: &'static [View] = &[$(View::$view,)+];

            /// The module that implements the view.
            pub fn part(self) -> &'static dyn ViewPart {
                match self {
                    $(View::$view => &$part,)+
                }
            }
        }
    };
}

// The one list of views. Adding a view: docs/architecture.md.
registry! {
    Backlog => backlog::BacklogView,
    Epics => epics::EpicsView,
    Planning => planning::PlanningView,
    Metrics => metrics::MetricsView,
    Requests => requests::RequestsView,
    Roadmap => roadmap::RoadmapView,
    Board => board::BoardView,
    Refine => refine::RefineView,
}

impl View {
    /// The name shown in the header tabs.
    pub fn title(self) -> &'static str {
        self.part().title()
    }
}
