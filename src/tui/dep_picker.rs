//! The dependency picker: the stories a story depends on, chosen by typing
//! part of a key or title. Enter adds the story under the cursor as a
//! dependency, or removes it when it already is one; a dependency that
//! would close a cycle is refused by the model with the cycle named.

use crate::model::{Backlog, Status, Story};

use super::app::App;
use super::popup::Popup;
use super::text_input::TextInput;

/// At most this many stories are listed: a few screens, found in one pass
/// that stops once they are there.
const SHOWN: usize = 50;

/// One story the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub key: String,
    pub title: String,
    /// Already a dependency: Enter removes it.
    pub chosen: bool,
    pub done: bool,
}

/// An open dependency picker for `story`.
#[derive(Debug)]
pub struct DepPicker {
    pub story: String,
    pub input: TextInput,
    pub shown: Vec<Candidate>,
    pub cursor: usize,
}

impl DepPicker {
    /// The picker for a story, listing its dependencies, then the top of
    /// the backlog.
    pub fn new(story: &Story, backlog: &Backlog) -> Self {
        let mut picker = DepPicker {
            story: story.key.clone(),
            input: TextInput::new(""),
            shown: Vec::new(),
            cursor: 0,
        };
        picker.refresh(backlog);
        picker
    }

    /// Lists the stories matching what is typed (key or title, any case),
    /// in rank order; with nothing typed, the current dependencies first.
    pub fn refresh(&mut self, backlog: &Backlog) {
        let query = self.input.value().trim().to_lowercase();
        let deps: Vec<String> = backlog
            .story(&self.story)
            .map(|s| s.depends_on.clone())
            .unwrap_or_default();
        let candidate = |s: &Story| Candidate {
            key: s.key.clone(),
            title: s.title.clone(),
            chosen: deps.contains(&s.key),
            done: s.status == Status::Done,
        };
        let mut shown: Vec<Candidate> = Vec::new();
        if query.is_empty() {
            shown.extend(deps.iter().filter_map(|d| backlog.story(d)).map(candidate));
        }
        let matching = backlog
            .stories
            .iter()
            .filter(|s| s.key != self.story && !(query.is_empty() && deps.contains(&s.key)))
            .filter(|s| query.is_empty() || matches(s, &query))
            .take(SHOWN.saturating_sub(shown.len()));
        shown.extend(matching.map(|s| candidate(s)));
        self.shown = shown;
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    /// The story under the cursor.
    pub fn selected(&self) -> Option<&Candidate> {
        self.shown.get(self.cursor)
    }
}

/// Whether a key or title holds `query` (lower-case).
fn matches(story: &Story, query: &str) -> bool {
    story.key.to_lowercase().contains(query) || story.title.to_lowercase().contains(query)
}

/// The App's side of the picker.
impl App {
    /// `D`: opens the picker for the selected story.
    pub(super) fn start_pick_dependency(&mut self) {
        let picker = self
            .selected_story()
            .map(|s| DepPicker::new(s, &self.backlog));
        if let Some(picker) = picker
            && self.writable()
        {
            self.popup = Some(Popup::DepPicker(picker));
        }
    }

    /// Enter in the picker: adds or removes the dependency, through the
    /// model (which refuses a cycle and says which).
    pub(super) fn pick_dependency(&mut self, picker: &DepPicker) {
        let Some(picked) = picker.selected() else {
            return;
        };
        let dep = picked.key.clone();
        let result = self.update_story(&picker.story, |s| {
            if s.depends_on.contains(&dep) {
                s.depends_on.retain(|d| *d != dep);
            } else {
                s.depends_on.push(dep.clone());
            }
        });
        self.commit(result);
    }
}
