//! The stories that serve a sprint's goal: marked on the sprint
//! (`goal_stories`), and converted from the label older files used.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Backlog, Change, ModelError};

/// The label older po builds used to mark a story as serving the goal of
/// whatever sprint it was in; files that have it are converted on load
/// ([`Backlog::adopt_goal_labels`]).
pub const LEGACY_GOAL_LABEL: &str = "sprint-goal";

impl Backlog {
    /// Marks a story as serving (or not) the goal of the sprint it is in.
    /// The mark is the sprint's (`goal_stories`), so it does not follow the
    /// story into another sprint. `None` when it already was as asked.
    pub fn set_serves_goal(
        &mut self,
        key: &str,
        serves: bool,
        _now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        let story = self
            .story(key)
            .ok_or_else(|| ModelError::NoSuchStory(key.to_string()))?;
        let Some(sprint) = story.sprint.clone() else {
            return Err(ModelError::Invalid(format!(
                "{key} is in no sprint, so it serves no sprint goal: put it in a sprint first"
            )));
        };
        self.require_open_sprint(&sprint)?;
        let index = self.require_sprint(&sprint)?;
        let before = self.sprints[index].clone();
        if before.serves_goal(key) == serves {
            return Ok(None);
        }
        let mut after = before.clone();
        if serves {
            after.goal_stories.push(key.to_string());
        } else {
            after.goal_stories.retain(|k| k != key);
        }
        self.replace_sprint(index, before, after).map(Some)
    }

    /// Converts the goal label of older files into the sprints' typed goal
    /// marks: a story labelled `sprint-goal` serves the goal of the sprint it
    /// is in and of a closed sprint that carried it over (where the label was
    /// set). The label is removed. Returns whether anything changed.
    pub fn adopt_goal_labels(&mut self) -> bool {
        let labelled: Vec<(String, Option<String>)> = self
            .stories
            .iter()
            .filter(|s| s.labels.iter().any(|l| l == LEGACY_GOAL_LABEL))
            .map(|s| (s.key.clone(), s.sprint.clone()))
            .collect();
        if labelled.is_empty() {
            return false;
        }
        for story in &mut self.stories {
            if story.labels.iter().any(|l| l == LEGACY_GOAL_LABEL) {
                Arc::make_mut(story)
                    .labels
                    .retain(|l| l != LEGACY_GOAL_LABEL);
            }
        }
        for (key, in_sprint) in labelled {
            for sprint in &mut self.sprints {
                let carried = sprint
                    .record
                    .carried_over
                    .as_ref()
                    .is_some_and(|c| c.contains(&key));
                if (in_sprint.as_deref() == Some(sprint.key.as_str()) || carried)
                    && !sprint.serves_goal(&key)
                {
                    sprint.goal_stories.push(key.clone());
                }
            }
        }
        true
    }
}
