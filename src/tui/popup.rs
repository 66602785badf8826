//! The popups over a view: what the user is doing besides browsing.

use super::form::Form;
use super::keymap::{self, PaletteEntry};
use super::text_input::TextInput;
pub use super::update_import::PendingImport;

/// The popup on top of the view, if any; it gets the keys first.
#[derive(Debug)]
pub enum Popup {
    Prompt(Prompt),
    Confirm(Confirm),
    Form(Form),
    Picker(Picker),
    /// The stories the selected one depends on, searched by key or title.
    DepPicker(super::dep_picker::DepPicker),
    /// The re-score grid: the top open stories' RICE inputs, cell by cell.
    Grid(Box<super::grid::Grid>),
    Palette(Palette),
    Help {
        scroll: usize,
    },
    /// Another program changed the file while changes here are unsaved:
    /// reload theirs or keep ours?
    Conflict,
    /// The trade-off preview: what moving a story would do to every epic.
    Preview(Box<super::preview::Preview>),
    /// The conflicts a git merge left in the file, to pick ours or theirs;
    /// the cursor is on one of `backlog.conflicts`.
    Merge {
        cursor: usize,
    },
}

/// A one-line question with a text answer.
#[derive(Debug)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub title: String,
    pub input: TextInput,
    /// Why the last answer was refused; the answer stays for fixing.
    pub error: Option<String>,
    /// A line under the answer: what Tab would complete it to.
    pub hint: Option<String>,
    /// What was typed before Tab completed it, while Tab cycles names.
    pub completing: Option<String>,
}

/// What a prompt's answer is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptFor {
    /// A new story's title; it goes to rank `at` (0-based).
    NewStory {
        at: usize,
    },
    Points(String),
    Search,
    NewEpic,
    RenameEpic(String),
    NewSprint,
    NewCriterion(String),
    EditCriterion(String, usize),
    /// The path of a file to import.
    Import,
    /// A stakeholder request's text; who sent it is asked next.
    NewRequest,
    /// Who sent the request with this text.
    RequestFrom(String),
    /// Why this request is declined.
    DeclineRequest(String),
    /// The rank (1-based, as the backlog shows it) to accept this request at.
    AcceptAtRank(String),
    /// A new story's title, added straight into `sprint` at rank `at`.
    SprintStory {
        at: usize,
        sprint: String,
    },
    /// What the story with this key waits for.
    BlockReason(String),
    /// Who works on the story with this key.
    Assignee(String),
}

impl Prompt {
    /// A prompt with a title and an initial answer, selected: typing
    /// replaces it, a cursor key keeps it for editing.
    pub fn new(purpose: PromptFor, title: impl Into<String>, value: &str) -> Self {
        Prompt {
            purpose,
            title: title.into(),
            input: TextInput::selected(value),
            error: None,
            hint: None,
            completing: None,
        }
    }
}

/// A yes/no question.
#[derive(Debug)]
pub struct Confirm {
    pub purpose: ConfirmFor,
    pub question: String,
}

/// What a yes means.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmFor {
    DeleteStory(String),
    DeleteEpic(String),
    QuitUnsaved,
    StartSprint(String),
    CloseSprint(String),
    /// The sprint has barely started and nothing is done: yes goes on to
    /// closing it (where leftovers go), no keeps it running.
    CloseEarly(String),
    /// The `$EDITOR` text did not apply; yes edits it again, no drops it.
    EditAgain {
        key: String,
        doc: String,
    },
    /// A file read and summed up: yes imports it as one change.
    Import(Box<PendingImport>),
    /// Accept a request as a story at rank index `index`; the question
    /// shows the trade-off preview once it is computed.
    AcceptRequest {
        key: String,
        index: usize,
    },
}

/// A list to pick one entry from.
#[derive(Debug)]
pub struct Picker {
    pub purpose: PickFor,
    pub title: String,
    /// Shown labels and the value each stands for.
    pub entries: Vec<(String, Option<String>)>,
    pub cursor: usize,
}

/// What a picked value is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickFor {
    /// The epic of a story; `None` removes it from its epic.
    Epic(String),
    /// Where the unfinished work of the active sprint goes when it closes:
    /// a planned sprint, or `None` for the top of the backlog.
    CloseSprint(String),
    /// Which stories "apply score order" re-ranks: `all`, `epic:E-2`, `marked`.
    ScoreOrder,
    /// What becomes of a story split by its criteria: `remove` or `keep`.
    Split(String),
    /// What to do with a request: accept it at a rank, or decline it.
    Triage(String),
}

/// The command palette: every action by name, narrowed by fuzzy matching.
#[derive(Debug)]
pub struct Palette {
    pub input: TextInput,
    /// Indices into the entries that match, best first.
    pub matches: Vec<usize>,
    pub cursor: usize,
    entries: Vec<PaletteEntry>,
}

impl Palette {
    /// The palette over a view whose keymap contexts are `active`.
    pub fn new(active: &[keymap::Context]) -> Self {
        let entries = keymap::palette_entries(active);
        let mut palette = Palette {
            input: TextInput::new(""),
            matches: Vec::new(),
            cursor: 0,
            entries,
        };
        palette.refresh();
        palette
    }

    /// Recomputes the matches after the query changed.
    pub fn refresh(&mut self) {
        let query = self.input.value().to_lowercase();
        let mut scored: Vec<(usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| fuzzy_score(&query, e.help).map(|s| (s, i)))
            .collect();
        scored.sort_by_key(|&(score, i)| (score, i));
        self.matches = scored.into_iter().map(|(_, i)| i).collect();
        self.cursor = self.cursor.min(self.matches.len().saturating_sub(1));
    }

    /// The entries shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &PaletteEntry> {
        self.matches.iter().filter_map(|&i| self.entries.get(i))
    }

    /// The entry under the cursor.
    pub fn selected(&self) -> Option<&PaletteEntry> {
        self.matches
            .get(self.cursor)
            .and_then(|&i| self.entries.get(i))
    }
}

/// Whether every character of `query` occurs in `text` in order; lower is a
/// better match. A contiguous match beats a scattered one, an earlier one a
/// later one, and a scattered match is ranked by how spread out it is.
pub fn fuzzy_score(query: &str, text: &str) -> Option<usize> {
    let text = text.to_lowercase();
    let query: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(at) = compact.find(&query) {
        return Some(at);
    }
    let mut chars = compact.char_indices();
    let mut first = None;
    let mut last = 0;
    for q in query.chars() {
        let (i, _) = chars.find(|&(_, c)| c == q)?;
        first.get_or_insert(i);
        last = i;
    }
    let first = first.unwrap_or(0);
    Some(1000 + (last - first) * 4 + first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;

    #[test]
    fn fuzzy_matching_prefers_tight_matches() {
        assert!(fuzzy_score("undo", "undo the last change").is_some());
        assert!(fuzzy_score("xyz", "undo the last change").is_none());
        let tight = fuzzy_score("top", "move the story to the top").unwrap();
        let loose = fuzzy_score("top", "the story of the pony").unwrap();
        assert!(tight < loose);
    }

    #[test]
    fn the_palette_narrows_to_matching_commands() {
        let mut p = Palette::new(&[keymap::Context::Backlog, keymap::Context::Global]);
        let all = p.matches.len();
        p.input = TextInput::new("undo");
        p.refresh();
        assert!(p.matches.len() < all);
        assert_eq!(p.selected().map(|e| e.action), Some(Action::Undo));
    }
}
