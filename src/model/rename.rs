//! Renaming a key and every reference to it: what a merge does to a story
//! (epic, sprint, request) created on both sides under the same key.
//!
//! Every field that holds another entity's key must be listed here; the
//! test below fills each of them and fails if a renamed key survives.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Backlog, Kind, ModelError};

impl Backlog {
    /// Renames the `kind` entity `old` to `new` and rewrites every reference
    /// to it. Refused (nothing changed) when `old` does not exist or `new`
    /// is already used.
    pub fn rename_key(&mut self, kind: Kind, old: &str, new: &str) -> Result<(), ModelError> {
        self.rename_keys(kind, &[(old.to_string(), new.to_string())])
    }

    /// [`Backlog::rename_key`] for several keys of one kind at once, in one
    /// pass over the backlog (a merge may renumber hundreds).
    pub fn rename_keys(
        &mut self,
        kind: Kind,
        renames: &[(String, String)],
    ) -> Result<(), ModelError> {
        let map: HashMap<&str, &str> = renames
            .iter()
            .map(|(old, new)| (old.as_str(), new.as_str()))
            .collect();
        let in_use: HashSet<&str> = self.all_keys().collect();
        let of_kind: HashSet<&str> = match kind {
            Kind::Story => self.stories.iter().map(|s| s.key.as_str()).collect(),
            Kind::Epic => self.epics.iter().map(|e| e.key.as_str()).collect(),
            Kind::Sprint => self.sprints.iter().map(|s| s.key.as_str()).collect(),
            Kind::Request => self.requests.iter().map(|r| r.key.as_str()).collect(),
        };
        let mut news = HashSet::new();
        for (old, new) in renames {
            if in_use.contains(new.as_str()) || !news.insert(new.as_str()) {
                return Err(ModelError::Invalid(format!("{new} is already in use")));
            }
            if !of_kind.contains(old.as_str()) || map.len() != renames.len() {
                return Err(match kind {
                    Kind::Story => ModelError::NoSuchStory(old.clone()),
                    Kind::Epic => ModelError::NoSuchEpic(old.clone()),
                    Kind::Sprint => ModelError::NoSuchSprint(old.clone()),
                    Kind::Request => ModelError::NoSuchRequest(old.clone()),
                });
            }
        }
        let renamed = |key: &str| map.get(key).map(|new| (*new).to_string());
        match kind {
            Kind::Story => {
                for s in &mut self.stories {
                    if let Some(new) = renamed(&s.key) {
                        Arc::make_mut(s).key = new;
                    }
                }
            }
            Kind::Epic => self.epics.iter_mut().for_each(|e| {
                if let Some(new) = renamed(&e.key) {
                    e.key = new;
                }
            }),
            Kind::Sprint => self.sprints.iter_mut().for_each(|s| {
                if let Some(new) = renamed(&s.key) {
                    s.key = new;
                }
            }),
            Kind::Request => self.requests.iter_mut().for_each(|r| {
                if let Some(new) = renamed(&r.key) {
                    r.key = new;
                }
            }),
        }
        self.rewrite_references(kind, &map);
        Ok(())
    }

    /// Points every reference to a renamed key at its new key. Each field is
    /// only rewritten for the kind it holds, so a hand-made key such as an
    /// epic called `S-3` is safe.
    fn rewrite_references(&mut self, kind: Kind, map: &HashMap<&str, &str>) {
        let swap = |slot: &mut String| {
            if let Some(new) = map.get(slot.as_str()) {
                *slot = (*new).to_string();
            }
        };
        let swap_all = |list: &mut Vec<String>| list.iter_mut().for_each(swap);
        let renamed = |key: &String| map.contains_key(key.as_str());
        for story in &mut self.stories {
            let refers = match kind {
                Kind::Story => {
                    story.depends_on.iter().any(renamed)
                        || story.split_from.as_ref().is_some_and(renamed)
                }
                Kind::Epic => story.epic.as_ref().is_some_and(renamed),
                Kind::Sprint => story.sprint.as_ref().is_some_and(renamed),
                Kind::Request => story.request.as_ref().is_some_and(renamed),
            };
            if !refers {
                continue;
            }
            let story = Arc::make_mut(story);
            match kind {
                Kind::Story => {
                    swap_all(&mut story.depends_on);
                    story.split_from.iter_mut().for_each(swap);
                }
                Kind::Epic => story.epic.iter_mut().for_each(swap),
                Kind::Sprint => story.sprint.iter_mut().for_each(swap),
                Kind::Request => story.request.iter_mut().for_each(swap),
            }
        }
        if kind == Kind::Story {
            for sprint in &mut self.sprints {
                swap_all(&mut sprint.goal_stories);
                let r = &mut sprint.record;
                for list in [
                    &mut r.committed_stories,
                    &mut r.done_stories,
                    &mut r.carried_over,
                ] {
                    list.iter_mut().for_each(swap_all);
                }
            }
            for request in &mut self.requests {
                request.story.iter_mut().for_each(swap);
            }
        }
        for conflict in &mut self.conflicts {
            if conflict.entity.kind() == Some(kind) {
                swap(&mut conflict.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;
    use chrono::{DateTime, Utc};

    use crate::model::{
        Conflict, Entity, Epic, Request, RequestState, Sprint, SprintRecord, SprintState, Story,
    };

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap()
    }

    /// A backlog in which every field that can hold a key holds one. The
    /// struct patterns below have no `..`: a new field does not compile
    /// until its author decides here whether it holds a key.
    fn everything_referring_to(story: &str, epic: &str, sprint: &str, request: &str) -> Backlog {
        let mut b = Backlog::new("x");
        b.epics.push(Epic {
            key: epic.into(),
            title: "e".into(),
            description: String::new(),
            outcome: None,
            extra: Map::new(),
        });
        let mut s = Story::new(story.into(), "target", now());
        s.epic = Some(epic.into());
        s.sprint = Some(sprint.into());
        s.request = Some(request.into());
        s.split_from = Some(story.into());
        let mut other = Story::new("S-99".into(), "other", now());
        other.depends_on = vec![story.into()];
        other.epic = Some(epic.into());
        other.sprint = Some(sprint.into());
        b.stories = vec![Arc::new(s), Arc::new(other)];
        let keys = Some(vec![story.to_string()]);
        b.sprints.push(Sprint {
            key: sprint.into(),
            name: "n".into(),
            goal: String::new(),
            start: None,
            end: None,
            capacity: None,
            state: SprintState::Closed,
            record: SprintRecord {
                started_at: None,
                committed_stories: keys.clone(),
                committed_points: None,
                closed_at: None,
                done_stories: keys.clone(),
                done_points: None,
                carried_over: keys,
            },
            goal_stories: vec![story.into()],
            extra: Map::new(),
        });
        b.requests.push(Request {
            key: request.into(),
            text: "r".into(),
            from: String::new(),
            received: now(),
            state: RequestState::Accepted,
            story: Some(story.into()),
            reason: String::new(),
            decided: None,
            extra: Map::new(),
        });
        for (entity, key) in [
            (Entity::Story, story),
            (Entity::Epic, epic),
            (Entity::Sprint, sprint),
            (Entity::Request, request),
        ] {
            b.conflicts.push(Conflict {
                entity,
                key: key.into(),
                field: "title".into(),
                base: Value::Null,
                ours: json!("a"),
                theirs: json!("b"),
                extra: Map::new(),
            });
        }
        b
    }

    /// Compile-time guard: adding a field to any of these types breaks this
    /// function until the field is named here (and, if it holds a key, in
    /// `everything_referring_to` and `rewrite_references`).
    #[allow(dead_code)]
    fn every_field_is_considered(b: &Backlog) {
        let Backlog {
            format: _,
            version: _,
            product: _,
            next_keys: _,
            epics,
            stories,
            sprints,
            requests,
            conflicts,
            extra: _,
        } = b;
        for Epic {
            key: _,
            title: _,
            description: _,
            outcome: _,
            extra: _,
        } in epics
        {}
        for s in stories {
            let Story {
                key: _,
                title: _,
                as_a: _,
                i_want: _,
                so_that: _,
                description: _,
                acceptance: _,
                points: _,
                status: _,
                moscow: _,
                rice: _,
                epic: _,
                sprint: _,
                labels: _,
                requested_by: _,
                depends_on: _,
                created: _,
                updated: _,
                done_at: _,
                source: _,
                status_history: _,
                request: _,
                split_from: _,
                // Free text and a reason: no keys.
                assignee: _,
                blocked: _,
                extra: _,
            } = &**s;
        }
        for Sprint {
            key: _,
            name: _,
            goal: _,
            start: _,
            end: _,
            capacity: _,
            state: _,
            record:
                SprintRecord {
                    started_at: _,
                    committed_stories: _,
                    committed_points: _,
                    closed_at: _,
                    done_stories: _,
                    done_points: _,
                    carried_over: _,
                },
            goal_stories: _,
            extra: _,
        } in sprints
        {}
        for Request {
            key: _,
            text: _,
            from: _,
            received: _,
            state: _,
            story: _,
            reason: _,
            decided: _,
            extra: _,
        } in requests
        {}
        for Conflict {
            entity: _,
            key: _,
            field: _,
            base: _,
            ours: _,
            theirs: _,
            extra: _,
        } in conflicts
        {}
    }

    #[test]
    fn renaming_a_key_rewrites_every_field_that_holds_it() {
        let mut b = everything_referring_to("S-7", "E-7", "SP-7", "R-7");
        b.rename_key(Kind::Story, "S-7", "S-70").unwrap();
        b.rename_key(Kind::Epic, "E-7", "E-70").unwrap();
        b.rename_key(Kind::Sprint, "SP-7", "SP-70").unwrap();
        b.rename_key(Kind::Request, "R-7", "R-70").unwrap();
        let text = serde_json::to_string(&b).unwrap();
        for old in ["\"S-7\"", "\"E-7\"", "\"SP-7\"", "\"R-7\""] {
            assert!(!text.contains(old), "{old} survived the rename: {text}");
        }
        assert_eq!(
            b,
            everything_referring_to("S-70", "E-70", "SP-70", "R-70"),
            "a field was rewritten that should not have been, or missed"
        );
    }

    #[test]
    fn renaming_to_a_key_in_use_or_from_a_missing_one_changes_nothing() {
        let mut b = everything_referring_to("S-7", "E-7", "SP-7", "R-7");
        let before = b.clone();
        assert!(b.rename_key(Kind::Story, "S-7", "S-99").is_err());
        assert!(b.rename_key(Kind::Story, "S-8", "S-80").is_err());
        // A key of the wrong kind is not found either.
        assert!(b.rename_key(Kind::Epic, "S-7", "E-80").is_err());
        assert_eq!(b, before);
    }
}
