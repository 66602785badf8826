//! What po would have recorded for the sample's sprints had the team used it
//! all along: the commitment at start, the outcome at close, and the stories
//! that serve each sprint's goal. Uses no random numbers, so the rest of the
//! sample is the same as without it.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime, TimeDelta};

use super::plan::Groups;
use crate::model::{Backlog, Sprint, SprintState, Story};

/// Records start and close on the sprints, and marks the stories of each
/// sprint's focus epic (`goal_epics`, by sprint) as serving its goal.
pub(super) fn record(sprints: &mut [Sprint], groups: &mut Groups, goal_epics: &[Option<String>]) {
    let mut closed = groups.closed.iter_mut();
    for (sprint, epic) in sprints.iter_mut().zip(goal_epics) {
        let stories = match sprint.state {
            SprintState::Closed => match closed.next() {
                Some(stories) => stories,
                None => continue,
            },
            SprintState::Active => &mut groups.active,
            SprintState::Planned => &mut groups.planned,
        };
        mark_goal(sprint, stories, epic.as_deref());
        if sprint.state == SprintState::Planned {
            continue;
        }
        let mut stories: Vec<&Story> = stories.iter().map(|s| &**s).collect();
        stories.sort_by_key(|s| s.done_at);
        let record = &mut sprint.record;
        record.started_at = sprint.start.map(|d| at(d, 9));
        let committed: &[&Story] = if sprint.state == SprintState::Active && stories.len() >= 3 {
            // One story came in after the start, so the sample shows scope change.
            &stories[..stories.len() - 1]
        } else {
            &stories
        };
        record.committed_stories = Some(committed.iter().map(|s| s.key.clone()).collect());
        record.committed_points = Some(Backlog::points_of(committed.iter().copied()));
        if sprint.state == SprintState::Closed {
            record.closed_at = sprint.end.map(|d| at(d, 17));
            record.done_stories = Some(stories.iter().map(|s| s.key.clone()).collect());
            record.done_points = Some(Backlog::points_of(stories.iter().copied()));
            record.carried_over = Some(Vec::new());
        }
    }
}

fn mark_goal(sprint: &mut Sprint, stories: &[Arc<Story>], epic: Option<&str>) {
    for story in stories {
        if epic.is_some() && story.epic.as_deref() == epic {
            sprint.goal_stories.push(story.key.clone());
        }
    }
}

fn at(day: NaiveDate, hour: i64) -> chrono::DateTime<chrono::Utc> {
    day.and_time(NaiveTime::MIN).and_utc() + TimeDelta::hours(hour)
}
