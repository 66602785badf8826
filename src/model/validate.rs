//! Consistency checks over a whole backlog, for `po check` and after loading.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use super::{Backlog, Kind, SprintState, deps, keys};

/// At most this many dependency cycles are listed: past a few, the list
/// would only repeat the same tangle.
const MAX_CYCLES_REPORTED: usize = 10;

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
    /// keys at or above their kind's counter, several active sprints, empty titles,
    /// dependency cycles.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut push = |at: &str, message: String| {
            problems.push(Problem {
                at: at.to_string(),
                message,
            });
        };
        let mut seen: HashMap<&str, Place> = HashMap::new();
        for (key, place) in self.keyed_places() {
            match seen.get(key) {
                Some(first) => push(
                    key,
                    format!("the key is used twice, at {first} and {place}"),
                ),
                None => {
                    seen.insert(key, place);
                }
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
        // Each story's dependencies by key: what references are checked
        // against, and the graph the cycle search walks.
        let stories: HashMap<&str, &[String]> = self
            .stories
            .iter()
            .map(|s| (s.key.as_str(), s.depends_on.as_slice()))
            .collect();
        for s in &self.stories {
            if s.title.trim().is_empty() {
                push(&s.key, "the title is empty".to_string());
            }
            // Edits refuse both (`check_story`), so only a hand edit gets here.
            if s.blocked
                .as_ref()
                .is_some_and(|b| b.reason.trim().is_empty())
            {
                push(&s.key, "blocked without a reason".to_string());
            }
            if s.assignee.as_ref().is_some_and(|a| a.trim().is_empty()) {
                push(&s.key, "the assignee is blank".to_string());
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
                if !stories.contains_key(d.as_str()) {
                    push(&s.key, format!("depends on {d}, which does not exist"));
                }
            }
        }
        // Edits refuse a new cycle; a hand-edited or merged file can hold one.
        let cycles = deps::cycles(
            self.stories.iter().map(|s| s.key.as_str()),
            |k| stories.get(k).copied(),
            MAX_CYCLES_REPORTED,
        );
        for cycle in cycles {
            let at = cycle.first().cloned().unwrap_or_default();
            push(
                &at,
                format!(
                    "dependency cycle {}: remove one of these dependencies",
                    cycle.join(" → ")
                ),
            );
        }
        for r in &self.requests {
            if let Some(st) = &r.story
                && !stories.contains_key(st.as_str())
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
        for c in &self.conflicts {
            push(
                &c.key,
                format!(
                    "merge conflict on {} (ours {}, theirs {}): `po resolve {} {} --ours` or `--theirs`",
                    c.field, c.ours, c.theirs, c.key, c.field
                ),
            );
        }
        problems
    }
}

/// Where an element sits in the file: `stories[3]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The list: `epics`, `stories`, `sprints` or `requests`.
    pub list: &'static str,
    pub index: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.list, self.index)
    }
}

/// A key used by two elements; `first` comes before `second` in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Place,
    pub second: Place,
}

/// One later copy given a fresh key by [`Backlog::renumber_duplicates`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renumbered {
    pub at: Place,
    pub old: String,
    pub new: String,
}

impl Backlog {
    /// Every element's key with its place, in the file's order (epics,
    /// stories, sprints, requests), which is what "first" and "later" mean.
    fn keyed_places(&self) -> impl Iterator<Item = (&str, Place)> {
        let place = |list| move |(index, key)| (key, Place { list, index });
        let epics = self.epics.iter().map(|e| e.key.as_str()).enumerate();
        let stories = self.stories.iter().map(|s| s.key.as_str()).enumerate();
        let sprints = self.sprints.iter().map(|s| s.key.as_str()).enumerate();
        let requests = self.requests.iter().map(|r| r.key.as_str()).enumerate();
        epics
            .map(place("epics"))
            .chain(stories.map(place("stories")))
            .chain(sprints.map(place("sprints")))
            .chain(requests.map(place("requests")))
    }

    /// The first key that two elements share, if any. A backlog with one
    /// cannot be edited safely (which copy does `S-12` mean?), so the store
    /// refuses to open it until `po check --fix` renumbers the copy.
    pub fn duplicate_key(&self) -> Option<DuplicateKey> {
        let count =
            self.epics.len() + self.stories.len() + self.sprints.len() + self.requests.len();
        let mut seen: HashMap<&str, Place> = HashMap::with_capacity(count);
        for (key, place) in self.keyed_places() {
            if let Some(&first) = seen.get(key) {
                return Some(DuplicateKey {
                    key: key.to_string(),
                    first,
                    second: place,
                });
            }
            seen.insert(key, place);
        }
        None
    }

    /// Gives every later copy of a key a fresh key of its list's kind (a
    /// story gets the next `S-` number), leaving the first copy and every
    /// reference to the key as they were. Returns what it renumbered.
    pub fn renumber_duplicates(&mut self) -> Vec<Renumbered> {
        let mut seen = HashSet::new();
        let later: Vec<Place> = self
            .keyed_places()
            .filter(|&(key, _)| !seen.insert(key))
            .map(|(_, place)| place)
            .collect();
        // Fresh keys must not meet a key in use, however far behind the
        // counters of a hand-edited file are.
        self.repair_next_keys();
        let mut renumbered = Vec::with_capacity(later.len());
        for at in later {
            let (kind, old) = match at.list {
                "epics" => (Kind::Epic, &mut self.epics[at.index].key),
                "stories" => (
                    Kind::Story,
                    &mut Arc::make_mut(&mut self.stories[at.index]).key,
                ),
                "sprints" => (Kind::Sprint, &mut self.sprints[at.index].key),
                _ => (Kind::Request, &mut self.requests[at.index].key),
            };
            let counter = self.next_keys.get_mut(kind);
            let new = format!("{}-{counter}", kind.prefix());
            *counter = counter.saturating_add(1);
            renumbered.push(Renumbered {
                at,
                old: std::mem::replace(old, new.clone()),
                new,
            });
        }
        renumbered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Epic, now};

    #[test]
    fn every_later_copy_gets_a_fresh_key_of_its_own_list_s_kind() {
        let mut b = Backlog::new("x");
        for _ in 0..3 {
            let s = b.new_story("s", now());
            b.insert_story(usize::MAX, s).unwrap();
        }
        // S-2 three times: in the stories, and once as an epic's key.
        Arc::make_mut(&mut b.stories[2]).key = "S-2".into();
        b.epics.push(Epic {
            key: "S-2".into(),
            title: "odd".into(),
            description: String::new(),
            outcome: None,
            extra: serde_json::Map::new(),
        });
        let d = b.duplicate_key().unwrap();
        // The file's order puts the epics first.
        assert_eq!(
            (d.first.to_string(), d.second.to_string()),
            ("epics[0]".into(), "stories[1]".into())
        );

        let renumbered = b.renumber_duplicates();
        let said: Vec<String> = renumbered
            .iter()
            .map(|r| format!("{} {} {}", r.at, r.old, r.new))
            .collect();
        assert_eq!(said, ["stories[1] S-2 S-4", "stories[2] S-2 S-5"]);
        assert_eq!(b.epics[0].key, "S-2");
        assert_eq!(b.duplicate_key(), None);
        assert!(b.renumber_duplicates().is_empty());
    }

    #[test]
    fn an_unresolved_merge_conflict_is_a_problem() {
        let mut b = Backlog::new("x");
        let s = b.new_story("s", now());
        b.insert_story(usize::MAX, s).unwrap();
        assert!(b.problems().is_empty());
        b.conflicts.push(crate::model::Conflict {
            entity: crate::model::Entity::Story,
            key: "S-1".into(),
            field: "title".into(),
            base: serde_json::json!("s"),
            ours: serde_json::json!("a"),
            theirs: serde_json::json!("b"),
            extra: serde_json::Map::new(),
        });
        let found: Vec<String> = b.problems().iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("S-1: merge conflict on title"),
            "{found:?}"
        );
    }

    fn with_deps(edges: &[(&str, &[&str])]) -> Backlog {
        let mut b = Backlog::new("x");
        for (key, deps) in edges {
            let mut s = crate::model::Story::new((*key).to_string(), format!("story {key}"), now());
            s.depends_on = deps.iter().map(|d| (*d).to_string()).collect();
            b.stories.push(s.into());
        }
        b.next_keys.stories = 100;
        b
    }

    #[test]
    fn a_dependency_cycle_in_the_file_is_a_problem_naming_it() {
        let b = with_deps(&[
            ("S-1", &[]),
            ("S-3", &["S-7"]),
            ("S-5", &["S-1"]),
            ("S-7", &["S-3"]),
            ("S-9", &["S-9"]),
        ]);
        let found: Vec<String> = b.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "S-3: dependency cycle S-3 → S-7 → S-3: remove one of these dependencies",
                "S-9: dependency cycle S-9 → S-9: remove one of these dependencies",
            ]
        );
        assert!(
            with_deps(&[("S-1", &["S-2"]), ("S-2", &[])])
                .problems()
                .is_empty()
        );
    }

    #[test]
    fn the_cycle_check_walks_a_chain_of_100_000_stories_once() {
        // S-1 → S-2 → … → S-100000 → S-1: a search per story would take
        // 10^10 steps; one pass finds the cycle at once.
        let n = 100_000;
        let mut b = Backlog::new("x");
        for i in 1..=n {
            let mut s = crate::model::Story::new(format!("S-{i}"), "s", now());
            let next = if i == n { 1 } else { i + 1 };
            s.depends_on = vec![format!("S-{next}")];
            b.stories.push(s.into());
        }
        b.next_keys.stories = n as u64 + 1;
        let problems = b.problems();
        assert_eq!(problems.len(), 1, "{:?}", problems.first());
        assert!(
            problems[0]
                .message
                .starts_with("dependency cycle S-1 → S-2 → S-3")
        );
        assert!(problems[0].message.contains("S-100000 → S-1:"));
    }
}
