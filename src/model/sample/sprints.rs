//! The sample's sprints: closed ones with the work the team did, the
//! running one and the next, each with a goal and a capacity.

use std::sync::Arc;

use super::Generator;
use super::catalog::{CHORES, GOALS};
use super::plan::{Calendar, Groups};
use crate::model::{Sprint, SprintState, Story};

impl Generator {
    /// The sprints, with capacities a little above what the team then did.
    pub(super) fn sprints(
        &mut self,
        cal: &Calendar,
        keys: &[String],
        focus: &[usize],
        groups: &Groups,
    ) -> Vec<Sprint> {
        let velocity =
            |stories: &[Arc<Story>]| -> f64 { stories.iter().filter_map(|s| s.points).sum() };
        let mut done_so_far = Vec::new();
        let mut sprints = Vec::new();
        let first_goal = self.rng.below(GOALS.len());
        for (j, (key, &(start, end))) in keys.iter().zip(&cal.windows).enumerate() {
            let (state, planned_points) = if j < cal.closed {
                let v = velocity(&groups.closed[j]);
                done_so_far.push(v);
                (SprintState::Closed, v)
            } else if j == cal.closed {
                (SprintState::Active, velocity(&groups.active))
            } else {
                (SprintState::Planned, velocity(&groups.planned))
            };
            let average = done_so_far.iter().sum::<f64>() / done_so_far.len().max(1) as f64;
            let capacity = (planned_points.max(average) * (1.0 + self.rng.unit() * 0.3))
                .ceil()
                .max(5.0);
            let theme = self.themes.get(focus[j]).copied().unwrap_or(&CHORES);
            sprints.push(Sprint {
                key: key.clone(),
                name: format!("Sprint {}", j + 1),
                goal: GOALS[(first_goal + j) % GOALS.len()].replace("{epic}", theme.title),
                start: Some(start),
                end: Some(end),
                capacity: Some(capacity),
                state,
                ..Sprint::named("")
            });
        }
        sprints
    }
}
