//! Consistency checks over a whole backlog, for `po check` and after loading.

use std::collections::HashSet;
use std::fmt;

use super::{Backlog, Kind, SprintState, keys};

/// One inconsistency found in a backlog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: a key such as `S-12`, or a top-level field.
    pub at: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl Backlog {
    /// Every inconsistency in the backlog: duplicate keys, dangling references,
    /// keys at or above their kind's counter, several active sprints, empty titles.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut push = |at: &str, message: String| {
            problems.push(Problem {
                at: at.to_string(),
                message,
            });
        };
        let mut seen = HashSet::new();
        for key in self.all_keys() {
            if !seen.insert(key) {
                push(key, "the key is used twice".to_string());
            }
            if keys::number(key).is_none() {
                push(
                    key,
                    "the key has no number (expected e.g. S-12)".to_string(),
                );
            }
            if let Some((kind, n)) = Kind::of_key(key)
                && n >= self.next_keys.get(kind)
            {
                push(
                    key,
                    format!(
                        "next_keys.{} is {} but this key is already in use",
                        kind.counter_name(),
                        self.next_keys.get(kind)
                    ),
                );
            }
        }
        let epics: HashSet<&str> = self.epics.iter().map(|e| e.key.as_str()).collect();
        let sprints: HashSet<&str> = self.sprints.iter().map(|s| s.key.as_str()).collect();
        let stories: HashSet<&str> = self.stories.iter().map(|s| s.key.as_str()).collect();
        for s in &self.stories {
            if s.title.trim().is_empty() {
                push(&s.key, "the title is empty".to_string());
            }
            if let Some(e) = &s.epic
                && !epics.contains(e.as_str())
            {
                push(&s.key, format!("epic {e} does not exist"));
            }
            if let Some(sp) = &s.sprint
                && !sprints.contains(sp.as_str())
            {
                push(&s.key, format!("sprint {sp} does not exist"));
            }
            for d in &s.depends_on {
                if !stories.contains(d.as_str()) {
                    push(&s.key, format!("depends on {d}, which does not exist"));
                }
            }
        }
        for r in &self.requests {
            if let Some(st) = &r.story
                && !stories.contains(st.as_str())
            {
                push(&r.key, format!("links story {st}, which does not exist"));
            }
        }
        let active = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Active)
            .count();
        if active > 1 {
            push(
                "sprints",
                format!("{active} sprints are active; at most one may be"),
            );
        }
        problems
    }
}
