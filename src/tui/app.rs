//! The TUI's state and the one place it changes: `App::update(Action)`.
//! Rendering reads an `&App`; the runtime performs the returned `Effect`.

use crossterm::event::{KeyCode, KeyEvent};

use crate::model::{self, Backlog, Change, ModelError, Moscow, Story};

use super::action::{Action, View};
use super::board::Board;
pub use super::dep_ranks::DepRanks;
pub use super::derived::{EpicProgress, KeyIndex, Totals};
use super::form;
use super::jobs::Computed;
use super::keymap::{self, Context, Key};
use super::list::StoryList;
use super::metrics::Metrics;
use super::planning::Pane;
use super::planning::Planning;
use super::popup::{Confirm, ConfirmFor, Palette, Popup, Prompt, PromptFor};
use super::refine::Refine;
use super::requests::Requests;
use super::ui::layout;
use super::undo::History;
use super::update_file::FileState;
use crate::model::rice::ScoreRanking;

/// The story detail screen over the backlog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub key: String,
    /// Selected acceptance criterion.
    pub criterion: usize,
    /// The view it was opened from, where `Esc` returns.
    pub back: View,
}

/// A line for the user at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Suspend the TUI and edit `doc` for story `key` in `$EDITOR`.
    Editor {
        key: String,
        doc: String,
    },
    /// Save now, even if this state was handed to the saver before.
    Save,
    /// Read the file again (the user chose the other program's version).
    Reload,
    /// Save over the other program's version (the user chose ours).
    Overwrite,
}

/// The sums and the key index of a freshly opened backlog. Each is a pass
/// over every story, bound by memory latency; on two cores they overlap, which
/// takes a good part off opening a 100,000-story backlog.
pub(super) fn derive(backlog: &Backlog) -> (Totals, KeyIndex, DepRanks) {
    std::thread::scope(|scope| {
        let indexes = scope.spawn(|| (KeyIndex::of(backlog), DepRanks::of(backlog)));
        // The sums judge readiness on two cores themselves.
        let totals = Totals::of(backlog);
        let (by_key, dep_ranks) = indexes
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (totals, by_key, dep_ranks)
    })
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    pub backlog: Backlog,
    pub view: View,
    pub detail: Option<Detail>,
    pub list: StoryList,
    pub epic_cursor: usize,
    pub planning: Planning,
    /// The requests view's rows, cursor, filter and accept preview.
    pub requests: Requests,
    /// The board of the running sprint (view 7).
    pub board: Board,
    /// Figures of the metrics view, computed in the background when it opens
    /// and after changes.
    pub metrics: Computed<Metrics>,
    /// Figures of the roadmap view, computed in the background like the metrics.
    pub roadmap: Computed<model::Roadmap>,
    /// The selected row of the roadmap view.
    pub roadmap_cursor: usize,
    /// Score rank against hand rank for the backlog's markers, computed in
    /// the background after changes (a sort of every story is too slow for
    /// the key path at 100,000 stories).
    pub ranking: Computed<ScoreRanking>,
    /// Views whose background job (`tui::jobs`) is out, its result not back yet.
    pub(super) jobs_out: Vec<View>,
    /// The date metrics are computed for; `None` is today (tests pin it).
    pub today: Option<chrono::NaiveDate>,
    pub popup: Option<Popup>,
    /// Lower-case search text; empty when not searching.
    pub search: String,
    pub message: Option<Message>,
    /// Why changes cannot be saved, when they cannot.
    pub read_only: Option<String>,
    /// Terminal size in cells (width, height).
    pub size: (u16, u16),
    /// Counts changes to the backlog; the runtime saves when it moves.
    pub changes: u64,
    /// Why the last save failed, until a save succeeds.
    pub save_error: Option<String>,
    /// Saves, reloads and outside changes.
    pub file: FileState,
    /// Sums for the header and the epics view, kept up to date on every change.
    pub totals: Totals,
    /// Stories by key, kept up to date on every change.
    pub by_key: KeyIndex,
    /// Ranks of the stories in dependencies, kept up to date on every change.
    pub dep_ranks: DepRanks,
    /// The refinement queue (view 8).
    pub refine: Refine,
    /// How many stories the re-score grid shows (`+`/`-` in it change it).
    pub grid_rows: usize,
    pub(super) history: History,
    /// The user's settings (config.toml), the defaults until told otherwise.
    pub config: crate::config::Config,
}

impl App {
    /// An app on a loaded backlog. `notices` are shown once at the start.
    pub fn new(backlog: Backlog, read_only: Option<String>, notices: &[String]) -> Self {
        let message = notices.first().map(|n| Message {
            text: n.clone(),
            error: read_only.is_some(),
        });
        let (totals, by_key, dep_ranks) = derive(&backlog);
        App {
            view: View::Backlog,
            detail: None,
            list: StoryList::hiding_closed_done(&backlog),
            epic_cursor: 0,
            planning: Planning::new(&backlog),
            requests: Requests::new(&backlog),
            board: Board::new(&backlog),
            metrics: Computed::default(),
            roadmap: Computed::default(),
            roadmap_cursor: 0,
            ranking: Computed::default(),
            jobs_out: Vec::new(),
            today: None,
            popup: None,
            search: String::new(),
            message,
            read_only,
            size: (80, 24),
            changes: 0,
            save_error: None,
            file: FileState::default(),
            totals,
            by_key,
            dep_ranks,
            refine: Refine::default(),
            grid_rows: super::grid::DEFAULT_ROWS,
            history: History::default(),
            config: crate::config::Config::default(),
            backlog,
        }
    }

    /// The keymap contexts that are active, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.popup {
            Some(Popup::Prompt(_)) => vec![Context::Prompt, Context::Text],
            Some(Popup::Form(f)) if f.focus_is_choice() => vec![Context::Form, Context::Choice],
            Some(Popup::Form(_)) => vec![Context::Form, Context::Text],
            Some(Popup::Confirm(_)) => vec![Context::Confirm],
            Some(Popup::Conflict) => vec![Context::Conflict],
            Some(Popup::Merge { .. }) => vec![Context::Merge],
            Some(Popup::Picker(_)) => vec![Context::Picker],
            Some(Popup::DepPicker(_)) => vec![Context::DepPicker, Context::Text],
            Some(Popup::Palette(_)) => vec![Context::Palette, Context::Text],
            Some(Popup::Help { .. }) => vec![Context::Help],
            Some(Popup::Preview(_)) => vec![Context::Preview],
            Some(Popup::Grid(_)) => vec![Context::Grid],
            None => vec![self.view.part().context(self), Context::Global],
        }
    }

    /// Handles a key press: the keymap turns it into an action; in a text
    /// field, an unbound printable key types itself.
    pub fn handle_key(&mut self, event: &KeyEvent) -> Effect {
        // A message is about the last action: the next one clears it, or
        // replaces it with its own.
        self.message = None;
        let key = Key::from(event);
        let contexts = self.contexts();
        let effect = if let Some(action) = keymap::lookup(&contexts, key) {
            self.update(action)
        } else if let (KeyCode::Char(c), false, false, true) =
            (key.code, key.ctrl, key.alt, takes_text(&contexts))
        {
            self.type_text(&c.to_string());
            Effect::None
        } else {
            Effect::None
        };
        self.scroll();
        effect
    }

    /// Pasted text goes into the focused text field, if any.
    pub fn handle_paste(&mut self, text: &str) {
        if takes_text(&self.contexts()) {
            self.type_text(text);
        }
    }

    /// Takes the user's settings: those read on every use, and the
    /// re-score grid's row count, which `+`/`-` then change for the session.
    pub fn configure(&mut self, config: crate::config::Config) {
        self.grid_rows = config.grid.rows;
        self.config = config;
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.scroll();
    }

    /// Rows of stories the list shows at the current size.
    pub fn list_height(&self) -> usize {
        layout::list_height(self.size.0, self.size.1)
    }

    /// The story under the cursor (or open in the detail), as the view says.
    pub fn selected_story(&self) -> Option<&Story> {
        self.view.part().selected_story(self)
    }

    /// The story under `list`'s cursor.
    pub fn list_story(&self, list: &StoryList) -> Option<&Story> {
        list.story_index(&self.backlog)
            .and_then(|i| self.backlog.stories.get(i))
            .map(|s| &**s)
    }

    /// Where a story stands. The cursor's story is tried first (the view's
    /// list, else the backlog's, whose cursor the detail was opened from):
    /// nearly every action is about it, and this keeps a 100,000-story
    /// backlog from being scanned on every key.
    pub fn locate(&self, key: &str) -> Option<usize> {
        self.view
            .part()
            .story_list(self)
            .unwrap_or(&self.list)
            .story_index(&self.backlog)
            .filter(|&i| self.backlog.stories[i].key == key)
            .or_else(|| self.backlog.story_index(key))
    }

    /// A story by key.
    pub fn story_by_key(&self, key: &str) -> Option<&Story> {
        self.by_key.get(key)
    }

    /// Edits a story through the model (checked, `updated` set).
    pub(super) fn update_story(
        &mut self,
        key: &str,
        edit: impl FnOnce(&mut Story),
    ) -> Result<Option<Change>, ModelError> {
        match self.locate(key) {
            Some(index) => self.backlog.update_story_at(index, model::now(), edit),
            None => Err(ModelError::NoSuchStory(key.to_string())),
        }
    }

    /// How many changes `u` can undo.
    pub fn undo_depth(&self) -> usize {
        self.history.undo_len()
    }

    /// Acts on an action. The only place the TUI's state changes.
    pub fn update(&mut self, action: Action) -> Effect {
        if let Some(popup) = self.popup.take() {
            return self.update_popup(popup, action);
        }
        let page = isize::try_from(self.list_height().max(1)).unwrap_or(1);
        match action {
            Action::CursorDown => self.cursor(1),
            Action::CursorUp => self.cursor(-1),
            Action::PageDown => self.cursor(page),
            Action::PageUp => self.cursor(-page),
            Action::CursorTop => self.cursor(isize::MIN),
            Action::CursorBottom => self.cursor(isize::MAX),
            Action::MoveDown => self.move_selected(Step::Down),
            Action::MoveUp => self.move_selected(Step::Up),
            Action::MoveTop => self.move_selected(Step::Top),
            Action::MoveBottom => self.move_selected(Step::Bottom),
            Action::OpenDetail => self.open_detail(),
            Action::Back => {
                if let Some(d) = self.detail.take() {
                    self.view = d.back;
                }
            }
            Action::AddStory => self.start_add_story(),
            Action::EditForm => self.start_edit_form(),
            Action::EditInEditor => return self.start_editor(),
            Action::Delete => self.start_delete_story(),
            Action::SetPoints => self.start_set_points(),
            Action::CycleMoscow => {
                self.edit_selected(|s| s.moscow = Moscow::cycle(s.moscow));
            }
            Action::CycleStatus => self.edit_selected(|s| s.status = s.status.next()),
            Action::PickEpic => self.start_pick_epic(),
            Action::ApplyScoreOrder => self.start_score_order(),
            Action::SplitStory => self.start_split(),
            Action::RescoreGrid => self.start_rescore_grid(),
            Action::ToggleCriterion => self.toggle_criterion(),
            Action::AddCriterion => self.start_add_criterion(),
            Action::EditCriterion => self.start_edit_criterion(),
            Action::DeleteCriterion => self.delete_criterion(),
            Action::CriterionDown => self.move_criterion(1),
            Action::CriterionUp => self.move_criterion(-1),
            Action::AddEpic => self.open_prompt(PromptFor::NewEpic, "New epic: title", ""),
            Action::Import => self.start_import(),
            Action::MergeConflicts => self.open_merge_conflicts(),
            Action::RenameEpic => self.start_rename_epic(),
            Action::DeleteEpic => self.start_delete_epic(),
            Action::ShowEpicStories => self.show_epic_stories(),
            Action::EditOutcome => self.start_edit_outcome(),
            Action::EditVision => self.start_edit_vision(),
            Action::WhatIf => self.start_preview(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Search => {
                let current = self.search.clone();
                self.open_prompt(PromptFor::Search, "Search", &current);
            }
            Action::NextMatch => self.jump_to_match(true, false),
            Action::PrevMatch => self.jump_to_match(false, false),
            Action::Filter => {
                self.popup = Some(Popup::Form(form::filter_form(
                    self.list.filter(),
                    &self.backlog,
                )));
            }
            Action::ClearFilter => self.clear_filter(),
            Action::ToggleDone => self.toggle_closed_done(),
            Action::FocusLeft => self.focus_pane(Pane::Backlog),
            Action::FocusRight => self.focus_pane(Pane::Sprint),
            Action::ToggleInSprint => self.toggle_in_sprint(),
            Action::ToggleGoal => self.toggle_goal(),
            Action::NewSprint => self.start_new_sprint(),
            Action::PrevSprint => self.step_sprint(false),
            Action::NextSprint => self.step_sprint(true),
            Action::EditSprint => self.start_edit_sprint(),
            Action::StartSprint => self.start_start_sprint(),
            Action::CloseSprint => self.start_close_sprint(),
            Action::NewRequest => self.start_new_request(),
            Action::Triage => self.start_triage(),
            Action::DeclineRequest => self.start_decline_request(),
            Action::ReopenRequest => self.reopen_selected_request(),
            Action::FilterRequests => self.start_filter_requests(),
            Action::ClearRequestFilter => self.clear_request_filter(),
            Action::ColumnLeft => self.board_column(false),
            Action::ColumnRight => self.board_column(true),
            Action::CardLeft => self.move_card(false),
            Action::CardRight => self.move_card(true),
            Action::ToggleBlocked => self.toggle_blocked(),
            Action::SetAssignee => self.start_set_assignee(),
            Action::ToggleSince => self.toggle_since(),
            Action::CycleLanes => self.cycle_lanes(),
            Action::ShowView(view) => self.show_view(view),
            Action::NextView => {
                let i = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
                self.show_view(View::ALL[(i + 1) % View::ALL.len()]);
            }
            Action::FixStory => self.fix_selected(),
            Action::PickDependency => self.start_pick_dependency(),
            Action::Palette => self.popup = Some(Popup::Palette(Palette::new(&self.contexts()))),
            Action::Help => {
                // Opens at the keys of the view (or detail) it was asked from.
                let (width, height) = self.size;
                let scroll = super::ui::help::scroll_to(self.contexts()[0], width, height);
                self.popup = Some(Popup::Help { scroll });
            }
            Action::Quit => return self.quit(),
            Action::Save => return self.save_now(),
            // Popup actions mean nothing outside a popup.
            Action::Submit
            | Action::Cancel
            | Action::Yes
            | Action::No
            | Action::NextField
            | Action::PrevField
            | Action::ChoiceNext
            | Action::ChoicePrev
            | Action::NextCell
            | Action::PrevCell
            | Action::MoreRows
            | Action::FewerRows
            | Action::Complete
            | Action::ReloadTheirs
            | Action::KeepOurs
            | Action::PickOurs
            | Action::PickTheirs
            | Action::Text(_) => {}
        }
        Effect::None
    }

    fn quit(&mut self) -> Effect {
        if self.has_unsaved_changes() {
            self.ask(
                ConfirmFor::QuitUnsaved,
                format!(
                    "Your last changes are not saved ({}). Quit anyway and lose them?",
                    self.unsaved_reason()
                ),
            );
            Effect::None
        } else {
            Effect::Quit
        }
    }

    pub(super) fn show_view(&mut self, view: View) {
        self.view = view;
        self.detail = None;
    }

    fn cursor(&mut self, delta: isize) {
        self.view.part().cursor(self, delta);
    }

    /// Keeps every view's cursor on screen.
    pub(super) fn scroll(&mut self) {
        for view in View::ALL {
            view.part().scroll(self);
        }
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    pub(super) fn open_prompt(&mut self, purpose: PromptFor, title: &str, value: &str) {
        if purpose != PromptFor::Search && !self.writable() {
            return;
        }
        self.popup = Some(Popup::Prompt(Prompt::new(purpose, title, value)));
    }

    pub(super) fn ask(&mut self, purpose: ConfirmFor, question: String) {
        self.popup = Some(Popup::Confirm(Confirm { purpose, question }));
    }
}

/// Whether unbound printable keys type into what is open: a text field,
/// or the re-score grid's cell.
fn takes_text(contexts: &[Context]) -> bool {
    contexts.contains(&Context::Text) || contexts.contains(&Context::Grid)
}

/// A one-rank or to-the-end move of the selected story.
/// Where `J`/`K`/`T`/`B` move the selected story.
#[derive(Clone, Copy)]
pub(super) enum Step {
    Up,
    Down,
    Top,
    Bottom,
}
