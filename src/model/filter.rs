//! Which stories a list shows: the filters of `po list` and of the TUI's
//! lists, as a conjunction of conditions on one story.

use super::{Moscow, Status, Story};

/// Which sprint a story must be in to pass a filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SprintFilter {
    #[default]
    Any,
    /// Not in any sprint: the product backlog proper.
    Backlog,
    In(String),
}

/// A conjunction of conditions on stories; the default passes every story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryFilter {
    pub epic: Option<String>,
    pub sprint: SprintFilter,
    pub status: Option<Status>,
    pub moscow: Option<Moscow>,
    pub unestimated: bool,
    pub not_ready: bool,
    /// Only stories that are not done.
    pub open_only: bool,
    /// Lower-case text to find in the key, title or story text.
    pub text: String,
}

impl StoryFilter {
    /// Whether the filter lets every story through.
    pub fn is_empty(&self) -> bool {
        *self == StoryFilter::default()
    }

    /// Whether a story passes.
    pub fn matches(&self, story: &Story) -> bool {
        self.epic
            .as_ref()
            .is_none_or(|e| story.epic.as_ref() == Some(e))
            && match &self.sprint {
                SprintFilter::Any => true,
                SprintFilter::Backlog => story.sprint.is_none(),
                SprintFilter::In(k) => story.sprint.as_ref() == Some(k),
            }
            && self.status.is_none_or(|s| story.status == s)
            && self.moscow.is_none_or(|m| story.moscow == Some(m))
            && (!self.unestimated || story.points.is_none())
            && (!self.not_ready || !story.is_ready())
            && (!self.open_only || story.status != Status::Done)
            && story.matches(&self.text)
    }

    /// A short description for a status line: "epic E-1, status todo".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(e) = &self.epic {
            parts.push(format!("epic {e}"));
        }
        match &self.sprint {
            SprintFilter::Any => {}
            SprintFilter::Backlog => parts.push("not in a sprint".to_string()),
            SprintFilter::In(k) => parts.push(format!("sprint {k}")),
        }
        if let Some(s) = self.status {
            parts.push(format!("status {s}"));
        }
        if let Some(m) = self.moscow {
            parts.push(format!("{m}"));
        }
        if self.unestimated {
            parts.push("unestimated".to_string());
        }
        if self.open_only {
            parts.push("open".to_string());
        }
        if self.not_ready {
            parts.push("not ready".to_string());
        }
        if !self.text.is_empty() {
            parts.push(format!("\"{}\"", self.text));
        }
        parts.join(", ")
    }
}
