//! Sprint planning aids: a sprint's load against its capacity with the
//! stories that need attention, the points budget of the next sprint, and
//! the cut-line where that budget ends in the ranked backlog.

use serde::Serialize;

use super::metrics::velocity_label;
use super::{Backlog, SprintState, Status, Story};

/// A sprint's plan against its capacity, with the stories that need attention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SprintLoad {
    pub sprint: String,
    pub state: SprintState,
    pub capacity: Option<f64>,
    /// How many stories are in the sprint.
    pub stories: usize,
    /// Their estimated points: what the sprint commits to.
    pub points: f64,
    /// Points of those already done.
    pub done_points: f64,
    /// Stories without an estimate (they add nothing to `points`).
    pub unestimated: Vec<String>,
    /// Stories that are not ready, with why (unestimated ones included).
    pub not_ready: Vec<NotReady>,
    /// Stories marked as serving the sprint goal.
    pub goal_stories: Vec<String>,
}

/// A story in a sprint that is not ready, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotReady {
    pub key: String,
    pub reasons: Vec<&'static str>,
}

impl SprintLoad {
    /// Capacity minus committed points: room left (negative when over). `None` without a capacity.
    pub fn room(&self) -> Option<f64> {
        self.capacity.map(|c| c - self.points)
    }

    /// Whether the sprint holds more points than its capacity.
    pub fn over_capacity(&self) -> bool {
        self.room().is_some_and(|r| r < 0.0)
    }
}

/// Where the points budget of the next sprint comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum BudgetSource {
    /// The mean velocity of this many recent closed sprints.
    Velocity { sprints: usize },
    /// No closed sprint yet: the capacity of this sprint.
    Capacity { sprint: String },
}

/// How many points the next sprint can take.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Budget {
    pub points: f64,
    pub source: BudgetSource,
}

impl Budget {
    /// What the budget is, named with its source: "velocity 14.5 (last 4
    /// sprints)" or "SP-7's capacity 20 (no closed sprint yet)".
    pub fn describe(&self) -> String {
        match &self.source {
            BudgetSource::Velocity { sprints } => {
                format!("velocity {}", velocity_label(self.points, *sprints))
            }
            BudgetSource::Capacity { sprint } => format!(
                "{sprint}'s capacity {} (no closed sprint yet)",
                super::number::display(self.points)
            ),
        }
    }
}

/// Where a points budget ends in the product backlog (the open stories in
/// no sprint, in rank order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CutLine {
    pub budget: f64,
    /// Index in `Backlog::stories` of the first story that does not fit;
    /// `None` when the whole product backlog fits.
    pub index: Option<usize>,
    /// That story's key.
    pub key: Option<String>,
    /// How many product-backlog stories fit above the line.
    pub stories: usize,
    /// Their points.
    pub points: f64,
}

impl Story {
    /// Whether the story is in the product backlog proper: open and in no
    /// sprint, so it can be planned.
    pub fn is_plannable(&self) -> bool {
        self.sprint.is_none() && self.status != Status::Done
    }
}

impl Backlog {
    /// A sprint's committed points against its capacity, with its
    /// unestimated, not-ready and goal stories. `None` when there is no such sprint.
    pub fn sprint_load(&self, key: &str) -> Option<SprintLoad> {
        let sprint = self.sprint(key)?;
        let mut load = SprintLoad {
            sprint: sprint.key.clone(),
            state: sprint.state,
            capacity: sprint.capacity,
            stories: 0,
            points: 0.0,
            done_points: 0.0,
            unestimated: Vec::new(),
            not_ready: Vec::new(),
            goal_stories: Vec::new(),
        };
        for s in self.stories_in(key) {
            load.stories += 1;
            let points = s.points.unwrap_or(0.0);
            load.points += points;
            if s.status == Status::Done {
                load.done_points += points;
            }
            if s.points.is_none() {
                load.unestimated.push(s.key.clone());
            }
            let reasons = s.not_ready_reasons();
            if !reasons.is_empty() {
                load.not_ready.push(NotReady {
                    key: s.key.clone(),
                    reasons,
                });
            }
            if sprint.serves_goal(&s.key) {
                load.goal_stories.push(s.key.clone());
            }
        }
        Some(load)
    }

    /// The points the next sprint can take: the velocity (the mean of the
    /// last `last` closed sprints, see [`Backlog::velocity`]), or without any, the capacity of the active or
    /// next planned sprint. `None` when neither is known.
    pub fn planning_budget(&self, last: usize) -> Option<Budget> {
        let velocity = self.velocity(last);
        if let Some(summary) = velocity.points {
            return Some(Budget {
                points: summary.mean,
                source: BudgetSource::Velocity {
                    sprints: summary.count,
                },
            });
        }
        let sprint = self
            .next_planned_sprint()
            .filter(|s| s.capacity.is_some())
            .or_else(|| self.active_sprint().filter(|s| s.capacity.is_some()))?;
        Some(Budget {
            points: sprint.capacity?,
            source: BudgetSource::Capacity {
                sprint: sprint.key.clone(),
            },
        })
    }

    /// Where `budget` points end in the product backlog: walking the open
    /// stories in no sprint in rank order, the first whose points would take
    /// the total above the budget. Unestimated stories count as 0 points.
    /// To draw the line for a sprint that already holds stories, pass the
    /// budget minus its committed points.
    pub fn cut_line(&self, budget: f64) -> CutLine {
        let mut line = CutLine {
            budget,
            index: None,
            key: None,
            stories: 0,
            points: 0.0,
        };
        for (i, s) in self.stories.iter().enumerate() {
            if !s.is_plannable() {
                continue;
            }
            let points = s.points.unwrap_or(0.0);
            if line.points + points > budget {
                line.index = Some(i);
                line.key = Some(s.key.clone());
                break;
            }
            line.points += points;
            line.stories += 1;
        }
        line
    }
}
