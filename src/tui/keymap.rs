//! Keys are data: this one table drives dispatch, the footer hints, the `?`
//! help screen and the command palette, so they can never disagree.

use crossterm::event::KeyCode;

use super::action::{Action, TextOp, View};

mod key;
mod remap;
pub use key::Key;
use key::{alt_key, ch, ctrl, ctrl_key, key};
pub use remap::{
    Remap, RemapError, bindings, context_name, install, key_name, name_of, parse_key, reset,
    resolve,
};

/// Where a binding applies. Dispatch tries the active contexts in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Backlog,
    Detail,
    Epics,
    Planning,
    Metrics,
    Requests,
    Roadmap,
    Preview,
    Board,
    Refine,
    Prompt,
    Form,
    Choice,
    Confirm,
    Picker,
    DepPicker,
    Grid,
    Palette,
    Help,
    Conflict,
    Merge,
    Text,
}

impl Context {
    /// Heading of the context's section in the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Backlog => "Backlog",
            Context::Detail => "Story detail",
            Context::Epics => "Epics",
            Context::Planning => "Sprint planning",
            Context::Metrics => "Metrics",
            Context::Requests => "Requests",
            Context::Roadmap => "Roadmap",
            Context::Preview => "Trade-off preview (what if it moved?)",
            Context::Board => "Board (the running sprint)",
            Context::Refine => "Refinement queue",
            Context::Prompt => "Prompts",
            Context::Form => "Forms",
            Context::Choice => "Choice fields in forms",
            Context::Confirm => "Questions",
            Context::Picker => "Pick lists",
            Context::DepPicker => "Dependency picker",
            Context::Grid => {
                "Re-score grid (RICE of the top open stories of the view R was pressed in)"
            }
            Context::Palette => "Command palette",
            Context::Help => "This help",
            Context::Conflict => "The file was changed by another program",
            Context::Merge => "Merge conflicts (fields both sides of a git merge changed)",
            Context::Text => "Text fields",
        }
    }
}

/// A key (or several) bound to an action in a context.
#[derive(Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// Short label for the footer: "move".
    pub label: &'static str,
    /// Sentence for the help screen and the palette.
    pub help: &'static str,
    /// Whether the footer shows it.
    pub footer: bool,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        label,
        help,
        footer,
    }
}

use Context as C;
use KeyCode as K;

/// The default keys (DESIGN §5). One line per binding reads best as a table.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Backlog list.
    bind(C::Backlog, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "cursor down", false),
    bind(C::Backlog, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "cursor up", false),
    bind(C::Backlog, &[ch('g'), key(K::Home)], Action::CursorTop, "top", "cursor to the top", false),
    bind(C::Backlog, &[ch('G'), key(K::End)], Action::CursorBottom, "bottom", "cursor to the bottom", false),
    bind(C::Backlog, &[key(K::PageDown), ctrl('d')], Action::PageDown, "page", "page down", false),
    bind(C::Backlog, &[key(K::PageUp), ctrl('u')], Action::PageUp, "page", "page up", false),
    bind(C::Backlog, &[ch('J'), alt_key(K::Down)], Action::MoveDown, "rank", "move the story down one rank", true),
    bind(C::Backlog, &[ch('K'), alt_key(K::Up)], Action::MoveUp, "rank", "move the story up one rank", false),
    bind(C::Backlog, &[ch('T')], Action::MoveTop, "top", "move the story to the top of the backlog", true),
    bind(C::Backlog, &[ch('B')], Action::MoveBottom, "bottom", "move the story to the bottom of the backlog", true),
    bind(C::Backlog, &[key(K::Enter)], Action::OpenDetail, "open", "open the story's detail", true),
    bind(C::Backlog, &[ch('a')], Action::AddStory, "add", "add a story below the cursor", true),
    bind(C::Backlog, &[ch('e')], Action::EditForm, "edit", "edit the story in a form", true),
    bind(C::Backlog, &[ch('E')], Action::EditInEditor, "$EDITOR", "edit the whole story in $EDITOR", false),
    bind(C::Backlog, &[ch('d'), key(K::Delete)], Action::Delete, "delete", "delete the story (asks first)", false),
    bind(C::Backlog, &[ch('p')], Action::SetPoints, "points", "set the story's points", true),
    bind(C::Backlog, &[ch('m')], Action::CycleMoscow, "MoSCoW", "cycle MoSCoW: must, should, could, won't, none", false),
    bind(C::Backlog, &[ch('s')], Action::CycleStatus, "status", "cycle status: todo, in progress, done", false),
    bind(C::Backlog, &[ch('@')], Action::PickEpic, "epic", "assign the story to an epic", false),
    bind(C::Backlog, &[ch('b')], Action::ToggleBlocked, "block", "block the story (asks what it waits for), or unblock it", false),
    bind(C::Backlog, &[ch('o')], Action::SetAssignee, "assignee", "set who works on the story (Tab completes names already used)", false),
    bind(C::Backlog, &[ch('/')], Action::Search, "search", "search titles and story text", true),
    bind(C::Backlog, &[ch('n')], Action::NextMatch, "next", "next search match", false),
    bind(C::Backlog, &[ch('N')], Action::PrevMatch, "prev", "previous search match", false),
    bind(C::Backlog, &[ch('f')], Action::Filter, "filter", "filter by epic, status, MoSCoW, sprint, readiness", true),
    bind(C::Backlog, &[ch('F'), key(K::Esc)], Action::ClearFilter, "clear", "clear the filter and the search", false),
    bind(C::Backlog, &[ch('D')], Action::PickDependency, "depends", "pick the stories it depends on (type to search by key or title)", false),
    bind(C::Backlog, &[ch('H')], Action::ToggleDone, "done", "show or hide the done stories of closed sprints", false),
    bind(C::Backlog, &[ch('w')], Action::WhatIf, "what if", "what if this story went to the top? every epic's dates before → after (j/k pick another rank, Enter moves it)", false),
    // Prioritizing (RICE) and splitting.
    bind(C::Backlog, &[ch('O')], Action::ApplyScoreOrder, "score order", "apply the RICE score order to the whole backlog, the story's epic, or the marked stories (undoable)", false),
    bind(C::Backlog, &[ch('S')], Action::SplitStory, "split", "split the story: one new story per acceptance criterion, at its rank", false),
    bind(C::Backlog, &[ch('R')], Action::RescoreGrid, "re-score", "re-score the top open stories: their RICE inputs in a grid, cell by cell", false),
    // Story detail.
    bind(C::Detail, &[key(K::Esc), key(K::Backspace)], Action::Back, "back", "back to the list", true),
    bind(C::Detail, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next acceptance criterion", false),
    bind(C::Detail, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous acceptance criterion", false),
    bind(C::Detail, &[ch(' ')], Action::ToggleCriterion, "done", "tick the criterion done / not done", true),
    bind(C::Detail, &[ch('c')], Action::AddCriterion, "add AC", "add an acceptance criterion", true),
    bind(C::Detail, &[ch('r')], Action::EditCriterion, "edit AC", "edit the criterion's text", true),
    bind(C::Detail, &[ch('x')], Action::DeleteCriterion, "del AC", "delete the criterion", false),
    bind(C::Detail, &[ch('J')], Action::CriterionDown, "AC down", "move the criterion down", false),
    bind(C::Detail, &[ch('K')], Action::CriterionUp, "AC up", "move the criterion up", false),
    bind(C::Detail, &[ch('e')], Action::EditForm, "edit", "edit the story in a form", true),
    bind(C::Detail, &[ch('E')], Action::EditInEditor, "$EDITOR", "edit the whole story in $EDITOR", false),
    bind(C::Detail, &[ch('d')], Action::Delete, "delete", "delete the story (asks first)", false),
    bind(C::Detail, &[ch('p')], Action::SetPoints, "points", "set the story's points", false),
    bind(C::Detail, &[ch('m')], Action::CycleMoscow, "MoSCoW", "cycle MoSCoW", false),
    bind(C::Detail, &[ch('s')], Action::CycleStatus, "status", "cycle status", false),
    bind(C::Detail, &[ch('D')], Action::PickDependency, "depends", "pick the stories it depends on (type to search by key or title)", false),
    bind(C::Detail, &[ch('@')], Action::PickEpic, "epic", "assign the story to an epic", false),
    bind(C::Detail, &[ch('b')], Action::ToggleBlocked, "block", "block the story (asks what it waits for), or unblock it", false),
    bind(C::Detail, &[ch('o')], Action::SetAssignee, "assignee", "set who works on the story", false),
    // Epics.
    bind(C::Epics, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next epic", false),
    bind(C::Epics, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous epic", false),
    bind(C::Epics, &[key(K::Enter)], Action::ShowEpicStories, "stories", "show the epic's stories in the backlog", true),
    bind(C::Epics, &[ch('A'), ch('a')], Action::AddEpic, "add", "add an epic", true),
    bind(C::Epics, &[ch('r'), ch('e')], Action::RenameEpic, "rename", "rename the epic", true),
    bind(C::Epics, &[ch('d'), key(K::Delete)], Action::DeleteEpic, "delete", "delete the epic (its stories stay)", false),
    bind(C::Epics, &[ch('o')], Action::EditOutcome, "outcome", "edit the epic's outcome: the metric it should move, baseline, target, latest value", true),
    // Sprint planning.
    bind(C::Planning, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "cursor down", false),
    bind(C::Planning, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "cursor up", false),
    bind(C::Planning, &[ch('g'), key(K::Home)], Action::CursorTop, "top", "cursor to the top", false),
    bind(C::Planning, &[ch('G'), key(K::End)], Action::CursorBottom, "bottom", "cursor to the bottom", false),
    bind(C::Planning, &[key(K::PageDown), ctrl('d')], Action::PageDown, "page", "page down", false),
    bind(C::Planning, &[key(K::PageUp), ctrl('u')], Action::PageUp, "page", "page up", false),
    bind(C::Planning, &[ch('h'), key(K::Left)], Action::FocusLeft, "backlog", "focus the product backlog", false),
    bind(C::Planning, &[ch('l'), key(K::Right)], Action::FocusRight, "sprint", "focus the sprint", false),
    bind(C::Planning, &[ch(' ')], Action::ToggleInSprint, "in/out", "move the story into the sprint, or back out", true),
    bind(C::Planning, &[key(K::Enter)], Action::OpenDetail, "open", "open the story's detail", false),
    bind(C::Planning, &[ch(']')], Action::NextSprint, "next sprint", "show the next open sprint (the active one, then the planned ones)", true),
    bind(C::Planning, &[ch('[')], Action::PrevSprint, "prev sprint", "show the previous open sprint", false),
    bind(C::Planning, &[ch('J')], Action::MoveDown, "rank", "move the story down one rank", false),
    bind(C::Planning, &[ch('K')], Action::MoveUp, "rank", "move the story up one rank", false),
    bind(C::Planning, &[ch('T')], Action::MoveTop, "top", "move the story to the top of the backlog", false),
    bind(C::Planning, &[ch('*')], Action::ToggleGoal, "goal", "mark the story as serving the sprint goal", true),
    bind(C::Planning, &[ch('i')], Action::EditSprint, "sprint", "edit the sprint: name, goal, dates, capacity", true),
    bind(C::Planning, &[ch('N')], Action::NewSprint, "new", "plan a new sprint (named, dated and sized after the last one)", true),
    bind(C::Planning, &[ch('S')], Action::StartSprint, "start", "start the planned sprint", true),
    bind(C::Planning, &[ch('C')], Action::CloseSprint, "close", "close the active sprint (asks where unfinished work goes)", true),
    bind(C::Planning, &[ch('p')], Action::SetPoints, "points", "set the story's points", false),
    bind(C::Planning, &[ch('s')], Action::CycleStatus, "status", "cycle status", false),
    bind(C::Planning, &[ch('b')], Action::ToggleBlocked, "block", "block the story (asks what it waits for), or unblock it", false),
    bind(C::Planning, &[ch('R')], Action::RescoreGrid, "re-score", "re-score the top open stories of the focused list (the product backlog or the sprint): their RICE inputs in a grid", false),
    // Metrics.
    bind(C::Metrics, &[ch('S')], Action::StartSprint, "start", "start the planned sprint", false),
    bind(C::Metrics, &[ch('C')], Action::CloseSprint, "close", "close the active sprint", true),
    // Requests.
    bind(C::Requests, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next request", false),
    bind(C::Requests, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous request", false),
    bind(C::Requests, &[ch('g'), key(K::Home)], Action::CursorTop, "top", "first request", false),
    bind(C::Requests, &[ch('G'), key(K::End)], Action::CursorBottom, "bottom", "last request", false),
    bind(C::Requests, &[key(K::PageDown), ctrl('d')], Action::PageDown, "page", "page down", false),
    bind(C::Requests, &[key(K::PageUp), ctrl('u')], Action::PageUp, "page", "page up", false),
    bind(C::Requests, &[ch('a')], Action::NewRequest, "capture", "capture a stakeholder request: its text, then who asked", true),
    bind(C::Requests, &[key(K::Enter)], Action::Triage, "triage", "triage the request: accept it at a rank (with the trade-off preview) or decline it; on an accepted one, open its story", true),
    bind(C::Requests, &[ch('d')], Action::DeclineRequest, "decline", "decline the request with a reason", true),
    bind(C::Requests, &[ch('o')], Action::ReopenRequest, "reopen", "reopen the request: take its decision back", false),
    bind(C::Requests, &[ch('f')], Action::FilterRequests, "filter", "filter the requests by state and stakeholder", true),
    bind(C::Requests, &[ch('F'), key(K::Esc)], Action::ClearRequestFilter, "clear", "clear the requests' filter", false),
    // Roadmap.
    bind(C::Roadmap, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next epic", false),
    bind(C::Roadmap, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous epic", false),
    bind(C::Roadmap, &[key(K::Enter)], Action::ShowEpicStories, "stories", "show the epic's stories in the backlog", true),
    bind(C::Roadmap, &[ch('v')], Action::EditVision, "vision", "edit the product's name and vision", true),
    bind(C::Roadmap, &[ch('o')], Action::EditOutcome, "outcome", "edit the epic's outcome: the metric it should move, baseline, target, latest value", true),
    // Trade-off preview.
    bind(C::Preview, &[ch('k'), key(K::Up), ch('K')], Action::CursorUp, "rank up", "what if it went one rank higher?", true),
    bind(C::Preview, &[ch('j'), key(K::Down), ch('J')], Action::CursorDown, "rank down", "what if it went one rank lower?", true),
    bind(C::Preview, &[ch('g'), key(K::Home), ch('T')], Action::CursorTop, "top", "what if it went to the top?", false),
    bind(C::Preview, &[key(K::Enter)], Action::Submit, "move", "move the story to that rank", true),
    bind(C::Preview, &[key(K::Esc), ch('q')], Action::Cancel, "close", "close without moving", true),
    // Board: the active sprint by column.
    bind(C::Board, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next card in the column", false),
    bind(C::Board, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous card in the column", false),
    bind(C::Board, &[ch('g'), key(K::Home)], Action::CursorTop, "top", "first card in the column", false),
    bind(C::Board, &[ch('G'), key(K::End)], Action::CursorBottom, "bottom", "last card in the column", false),
    bind(C::Board, &[ch('[')], Action::ColumnLeft, "column", "cursor to the previous column", false),
    bind(C::Board, &[ch(']')], Action::ColumnRight, "column", "cursor to the next column", false),
    bind(C::Board, &[ch('h'), key(K::Left)], Action::CardLeft, "move", "move the card to the previous column (its status; u undoes)", true),
    bind(C::Board, &[ch('l'), key(K::Right)], Action::CardRight, "move", "move the card to the next column (its status; u undoes)", true),
    bind(C::Board, &[ch('J')], Action::MoveDown, "rank", "move the card down its column (re-rank)", false),
    bind(C::Board, &[ch('K')], Action::MoveUp, "rank", "move the card up its column (re-rank)", false),
    bind(C::Board, &[key(K::Enter)], Action::OpenDetail, "open", "open the story's detail", true),
    bind(C::Board, &[ch('a')], Action::AddStory, "add", "add a story straight into the sprint", true),
    bind(C::Board, &[ch('b')], Action::ToggleBlocked, "block", "block the story (asks what it waits for), or unblock it", true),
    bind(C::Board, &[ch('o')], Action::SetAssignee, "assignee", "set who works on the story (Tab completes names already used)", false),
    bind(C::Board, &[ch('y')], Action::ToggleSince, "since", "highlight what moved since the previous working day, and say what", true),
    bind(C::Board, &[ch('v')], Action::CycleLanes, "lanes", "swim lanes: none, by assignee, by epic", true),
    bind(C::Board, &[ch('e')], Action::EditForm, "edit", "edit the story in a form", false),
    bind(C::Board, &[ch('p')], Action::SetPoints, "points", "set the story's points", false),
    // Refinement queue.
    bind(C::Refine, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next story in the queue", false),
    bind(C::Refine, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous story in the queue", false),
    bind(C::Refine, &[ch('g'), key(K::Home)], Action::CursorTop, "top", "first story in the queue", false),
    bind(C::Refine, &[ch('G'), key(K::End)], Action::CursorBottom, "bottom", "last story in the queue", false),
    bind(C::Refine, &[key(K::PageDown), ctrl('d')], Action::PageDown, "page", "page down", false),
    bind(C::Refine, &[key(K::PageUp), ctrl('u')], Action::PageUp, "page", "page up", false),
    bind(C::Refine, &[key(K::Enter)], Action::FixStory, "fix", "open the story at the field that needs the fix", true),
    bind(C::Refine, &[ch('e')], Action::EditForm, "edit", "edit the story in a form", true),
    bind(C::Refine, &[ch('D')], Action::PickDependency, "depends", "pick the stories it depends on", false),
    bind(C::Refine, &[ch('R')], Action::RescoreGrid, "re-score", "re-score the top stories of the queue: their RICE inputs in a grid, cell by cell", true),
    // Everywhere outside popups.
    bind(C::Global, &[ch('A')], Action::AddEpic, "epic+", "add an epic", false),
    bind(C::Global, &[ch('u')], Action::Undo, "undo", "undo the last change", true),
    bind(C::Global, &[ctrl('r')], Action::Redo, "redo", "redo what was undone", false),
    bind(C::Global, &[ch('1')], Action::ShowView(View::Backlog), "backlog", "show the backlog", false),
    bind(C::Global, &[ch('2')], Action::ShowView(View::Epics), "epics", "show the epics", false),
    bind(C::Global, &[ch('3')], Action::ShowView(View::Planning), "planning", "show sprint planning", false),
    bind(C::Global, &[ch('4')], Action::ShowView(View::Metrics), "metrics", "show velocity, burndown and forecast", false),
    bind(C::Global, &[ch('5')], Action::ShowView(View::Requests), "requests", "show the stakeholder requests", false),
    bind(C::Global, &[ch('6')], Action::ShowView(View::Roadmap), "roadmap", "show the roadmap: epics with their forecast dates, the vision", false),
    bind(C::Global, &[ch('7')], Action::ShowView(View::Board), "board", "show the board of the running sprint", false),
    bind(C::Global, &[ch('8')], Action::ShowView(View::Refine), "refine", "show the refinement queue: the top stories not ready, and what each lacks", false),
    bind(C::Global, &[key(K::Tab)], Action::NextView, "view", "next view", false),
    bind(C::Global, &[ch('I')], Action::Import, "import", "import a file… (Jira, GitHub, Linear, taskwarrior, po or any CSV; shows what it would add, y imports)", false),
    bind(C::Global, &[ch('M')], Action::MergeConflicts, "conflicts", "resolve the conflicts a git merge left (pick ours or theirs per field)", false),
    bind(C::Global, &[ch(':')], Action::Palette, "commands", "command palette: every action by name", true),
    bind(C::Global, &[ch('?')], Action::Help, "help", "show all keys", true),
    bind(C::Global, &[ch('q'), ctrl('c')], Action::Quit, "quit", "quit (everything is already saved)", true),
    bind(C::Global, &[ctrl('s')], Action::Save, "save", "save now (changes are saved as you go; this retries a failed save)", false),
    // Popups.
    bind(C::Prompt, &[key(K::Enter)], Action::Submit, "ok", "accept", true),
    bind(C::Prompt, &[key(K::Esc), ctrl('c')], Action::Cancel, "cancel", "cancel", true),
    bind(C::Prompt, &[key(K::Tab)], Action::Complete, "complete", "complete a name from those already used (assignee, stakeholder)", false),
    bind(C::Form, &[key(K::Tab), key(K::Down)], Action::NextField, "next", "next field", true),
    bind(C::Form, &[key(K::BackTab), key(K::Up)], Action::PrevField, "prev", "previous field", true),
    bind(C::Form, &[key(K::Enter), ctrl('s')], Action::Submit, "save", "save the form", true),
    bind(C::Form, &[key(K::Esc), ctrl('c')], Action::Cancel, "cancel", "cancel without saving", true),
    bind(C::Choice, &[key(K::Right), ch(' '), ch('l')], Action::ChoiceNext, "change", "next choice", true),
    bind(C::Choice, &[key(K::Left), ch('h')], Action::ChoicePrev, "change", "previous choice", false),
    bind(C::Confirm, &[ch('y'), ch('Y')], Action::Yes, "yes", "yes", true),
    bind(C::Confirm, &[ch('n'), ch('N'), key(K::Esc)], Action::No, "no", "no", true),
    bind(C::Conflict, &[ch('r')], Action::ReloadTheirs, "reload theirs", "reload the file, dropping your unsaved changes", true),
    bind(C::Conflict, &[ch('o')], Action::KeepOurs, "keep yours", "overwrite the file with your version; theirs is kept as the .bak file", true),
    bind(C::Conflict, &[key(K::Esc)], Action::Cancel, "later", "decide later: your changes stay in memory, unsaved (Ctrl-s asks again)", true),
    bind(C::Merge, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next conflict", false),
    bind(C::Merge, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous conflict", false),
    bind(C::Merge, &[ch('o')], Action::PickOurs, "keep ours", "keep our value (the one in the file now)", true),
    bind(C::Merge, &[ch('t')], Action::PickTheirs, "take theirs", "take their value", true),
    bind(C::Merge, &[ch('u')], Action::Undo, "undo", "undo the last pick", true),
    bind(C::Merge, &[key(K::Esc), ch('q')], Action::Cancel, "later", "close; the rest stay listed in the file (M opens this again)", true),
    bind(C::Picker, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "next entry", false),
    bind(C::Picker, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "previous entry", false),
    bind(C::Picker, &[key(K::Enter)], Action::Submit, "pick", "pick the entry", true),
    bind(C::Picker, &[key(K::Esc), ch('q')], Action::Cancel, "cancel", "cancel", true),
    bind(C::DepPicker, &[key(K::Down), ctrl('n')], Action::CursorDown, "down", "next story", false),
    bind(C::DepPicker, &[key(K::Up), ctrl('p')], Action::CursorUp, "up", "previous story", false),
    bind(C::DepPicker, &[key(K::Enter)], Action::Submit, "add/remove", "add the story as a dependency, or remove it if it is one (✓)", true),
    bind(C::DepPicker, &[key(K::Esc), ctrl('c')], Action::Cancel, "close", "close the picker", true),
    // The re-score grid; other keys type into the cell.
    bind(C::Grid, &[key(K::Tab), key(K::Right)], Action::NextCell, "next", "commit the cell and go to the next one", true),
    bind(C::Grid, &[key(K::BackTab), key(K::Left)], Action::PrevCell, "prev", "commit the cell and go to the previous one", false),
    bind(C::Grid, &[key(K::Down)], Action::CursorDown, "down", "commit the cell and go to the story below", false),
    bind(C::Grid, &[key(K::Up)], Action::CursorUp, "up", "commit the cell and go to the story above", false),
    bind(C::Grid, &[key(K::Enter)], Action::Submit, "commit", "commit the value typed in the cell (the score and marker show it as you type) and go to the story below", true),
    bind(C::Grid, &[key(K::Backspace)], Action::Text(TextOp::Backspace), "⌫", "delete the last character of the cell's value", false),
    bind(C::Grid, &[ch('+')], Action::MoreRows, "more", "one story more in the grid (up to 50)", true),
    bind(C::Grid, &[ch('-')], Action::FewerRows, "fewer", "one story fewer in the grid", true),
    bind(C::Grid, &[ch('u')], Action::Undo, "undo", "undo the last change (a committed cell)", true),
    bind(C::Grid, &[ctrl('r')], Action::Redo, "redo", "redo what was undone", false),
    bind(C::Grid, &[key(K::Esc)], Action::Cancel, "close", "drop what is typed in the cell; with nothing typed, close the grid", true),
    bind(C::Palette, &[key(K::Down), ctrl('n')], Action::CursorDown, "down", "next command", false),
    bind(C::Palette, &[key(K::Up), ctrl('p')], Action::CursorUp, "up", "previous command", false),
    bind(C::Palette, &[key(K::Enter)], Action::Submit, "run", "run the command", true),
    bind(C::Palette, &[key(K::Esc), ctrl('c')], Action::Cancel, "cancel", "close the palette", true),
    bind(C::Help, &[ch('j'), key(K::Down)], Action::CursorDown, "down", "scroll down", false),
    bind(C::Help, &[ch('k'), key(K::Up)], Action::CursorUp, "up", "scroll up", false),
    bind(C::Help, &[key(K::PageDown), ch(' ')], Action::PageDown, "page", "page down", false),
    bind(C::Help, &[key(K::PageUp)], Action::PageUp, "page", "page up", false),
    bind(C::Help, &[key(K::Esc), ch('?'), ch('q')], Action::Cancel, "close", "close the help", true),
    // Editing text in prompts, forms and the palette; other keys type.
    bind(C::Text, &[key(K::Left), ctrl('b')], Action::Text(TextOp::Left), "←", "cursor left", false),
    bind(C::Text, &[key(K::Right), ctrl('f')], Action::Text(TextOp::Right), "→", "cursor right", false),
    bind(C::Text, &[ctrl_key(K::Left), alt_key(K::Left), Key { code: K::Char('b'), ctrl: false, alt: true }], Action::Text(TextOp::WordLeft), "word←", "word left", false),
    bind(C::Text, &[ctrl_key(K::Right), alt_key(K::Right), Key { code: K::Char('f'), ctrl: false, alt: true }], Action::Text(TextOp::WordRight), "word→", "word right", false),
    bind(C::Text, &[key(K::Home), ctrl('a')], Action::Text(TextOp::Home), "home", "start of the text", false),
    bind(C::Text, &[key(K::End), ctrl('e')], Action::Text(TextOp::End), "end", "end of the text", false),
    bind(C::Text, &[key(K::Backspace), ctrl('h')], Action::Text(TextOp::Backspace), "⌫", "delete the character before the cursor", false),
    bind(C::Text, &[key(K::Delete), ctrl('d')], Action::Text(TextOp::Delete), "del", "delete the character under the cursor", false),
    bind(C::Text, &[ctrl('w'), alt_key(K::Backspace)], Action::Text(TextOp::DeleteWordBack), "del word", "delete the word before the cursor", false),
    bind(C::Text, &[ctrl('u')], Action::Text(TextOp::KillToStart), "kill", "delete to the start", false),
    bind(C::Text, &[ctrl('k')], Action::Text(TextOp::KillToEnd), "kill", "delete to the end", false),
];

/// The action bound to a key in the first of `contexts` that binds it.
pub fn lookup(contexts: &[Context], key: Key) -> Option<Action> {
    contexts.iter().find_map(|&context| {
        bindings()
            .find(|(b, keys)| b.context == context && keys.contains(&key))
            .map(|(b, _)| b.action)
    })
}

/// The first key bound to `action` in `context`, as shown to the user.
pub fn first_key(context: Context, action: Action) -> Option<String> {
    bindings()
        .find(|(b, _)| b.context == context && b.action == action)
        .map(|(_, keys)| keys[0].to_string())
}

/// The key a hint in the text names for `action` ("Press a to add the
/// first story"): its first key as remapped in config.toml, so that the
/// words never promise a key that does something else; `:` when nothing
/// binds it, as the palette finds every action by name.
pub fn hint_key(context: Context, action: Action) -> String {
    first_key(context, action).unwrap_or_else(|| ":".to_string())
}

/// The bindings the footer shows for the active contexts, in table order.
pub fn footer_hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    contexts
        .iter()
        .flat_map(|&context| bindings().filter(move |(b, _)| b.context == context && b.footer))
        .map(|(b, keys)| (keys[0].to_string(), b.label))
        .collect()
}

/// The help screen: one section per context, each line "keys  what they do".
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let mut sections: Vec<(Context, Vec<(String, &'static str)>)> = Vec::new();
    for (b, keys) in bindings() {
        let keys = keys
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join(" / ");
        match sections.iter_mut().find(|(c, _)| *c == b.context) {
            Some((_, lines)) => lines.push((keys, b.help)),
            None => sections.push((b.context, vec![(keys, b.help)])),
        }
    }
    sections
        .into_iter()
        .map(|(c, lines)| (c.title(), lines))
        .collect()
}

/// A command the palette offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaletteEntry {
    /// The binding's sentence, which the query matches.
    pub help: &'static str,
    /// Its first key, as shown.
    pub key: String,
    pub action: Action,
    /// The view to show first, when the action works there and not here.
    pub switch_to: Option<View>,
}

/// What the palette offers where the `active` contexts apply: the actions
/// bound in them (they work here, on what is selected here), then the
/// actions of the other views, each run in the view it belongs to: the one
/// whose opening context binds it (the palette switches there first and the
/// action works on that view's selection). An action bound only in a context
/// no view opens in (the story detail's) is offered only there. Each action
/// once, with the description and first key of the binding that applies.
pub fn palette_entries(active: &[Context]) -> Vec<PaletteEntry> {
    let here = bindings()
        .filter(|(b, _)| active.contains(&b.context))
        .map(|(b, keys)| (b, keys, None));
    let elsewhere = bindings().filter_map(|(b, keys)| {
        View::ALL
            .iter()
            .find(|v| v.part().contexts().first() == Some(&b.context))
            .map(|v| (b, keys, Some(*v)))
    });
    let mut entries: Vec<PaletteEntry> = Vec::new();
    for (b, keys, switch_to) in here.chain(elsewhere) {
        if b.action != Action::Palette && !entries.iter().any(|e| e.action == b.action) {
            entries.push(PaletteEntry {
                help: b.help,
                key: keys[0].to_string(),
                action: b.action,
                switch_to,
            });
        }
    }
    entries
}

#[cfg(test)]
mod tests;
