//! After a merge: references to elements the merge deleted are dropped,
//! each with a note.

use std::collections::HashSet;
use std::sync::Arc;

use super::Note;
use crate::model::Backlog;

impl Backlog {
    /// Removes references to stories, epics, sprints and requests that do not exist
    /// (a merge deleted them while the other side pointed at them).
    pub(super) fn drop_dangling_references(&mut self) -> Vec<Note> {
        let stories: HashSet<String> = self.stories.iter().map(|s| s.key.clone()).collect();
        let epics: HashSet<String> = self.epics.iter().map(|e| e.key.clone()).collect();
        let sprints: HashSet<String> = self.sprints.iter().map(|s| s.key.clone()).collect();
        let requests: HashSet<String> = self.requests.iter().map(|r| r.key.clone()).collect();
        let mut notes = Vec::new();
        let mut dropped = |key: &str, field: &'static str, target: &str| {
            notes.push(Note::DroppedReference {
                key: key.to_string(),
                field,
                target: target.to_string(),
            });
        };
        for story in &mut self.stories {
            let dangling_epic = story.epic.as_ref().is_some_and(|e| !epics.contains(e));
            let dangling_sprint = story.sprint.as_ref().is_some_and(|s| !sprints.contains(s));
            let dangling_dep = story.depends_on.iter().any(|d| !stories.contains(d));
            let dangling_request = story
                .request
                .as_ref()
                .is_some_and(|r| !requests.contains(r));
            if !(dangling_epic || dangling_sprint || dangling_dep || dangling_request) {
                continue;
            }
            let story = Arc::make_mut(story);
            if dangling_epic && let Some(e) = story.epic.take() {
                dropped(&story.key, "epic", &e);
            }
            if dangling_sprint && let Some(s) = story.sprint.take() {
                dropped(&story.key, "sprint", &s);
            }
            if dangling_request && let Some(r) = story.request.take() {
                dropped(&story.key, "request", &r);
            }
            let key = story.key.clone();
            story.depends_on.retain(|d| {
                let keep = stories.contains(d);
                if !keep {
                    dropped(&key, "depends_on", d);
                }
                keep
            });
        }
        for sprint in &mut self.sprints {
            let key = sprint.key.clone();
            sprint.goal_stories.retain(|s| {
                let keep = stories.contains(s);
                if !keep {
                    dropped(&key, "goal_stories", s);
                }
                keep
            });
        }
        for request in &mut self.requests {
            if let Some(s) = &request.story
                && !stories.contains(s)
            {
                dropped(&request.key, "story", s);
                request.story = None;
            }
        }
        notes
    }
}
