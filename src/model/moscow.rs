//! MoSCoW shares: how much of a sprint's or an epic's points is Must,
//! Should, Could and Won't, and the DSDM warning when Must takes more than
//! 60% of a sprint's capacity (the rest is the contingency that lets a team
//! drop Could and Should work and still deliver every Must).

use std::collections::HashMap;

use serde::Serialize;

use super::{Backlog, Moscow, Sprint, SprintState, Story};

/// Must may take at most this share of a sprint's capacity (DSDM's guidance).
/// A named constant until the config file makes it a setting.
pub const MUST_SHARE_LIMIT: f64 = 0.6;

/// Estimated points by MoSCoW priority.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Shares {
    pub must: f64,
    pub should: f64,
    pub could: f64,
    pub wont: f64,
    /// Points of stories without a MoSCoW priority.
    pub unset: f64,
}

impl Shares {
    /// The points of these stories by priority; unestimated stories add nothing.
    pub fn of<'a>(stories: impl IntoIterator<Item = &'a Story>) -> Shares {
        let mut shares = Shares::default();
        for s in stories {
            if let Some(points) = s.points {
                *shares.slot(s.moscow) += points;
            }
        }
        shares
    }

    fn slot(&mut self, moscow: Option<Moscow>) -> &mut f64 {
        match moscow {
            Some(Moscow::Must) => &mut self.must,
            Some(Moscow::Should) => &mut self.should,
            Some(Moscow::Could) => &mut self.could,
            Some(Moscow::Wont) => &mut self.wont,
            None => &mut self.unset,
        }
    }

    /// Points of one priority (`None`: no priority set).
    pub fn points(&self, moscow: Option<Moscow>) -> f64 {
        match moscow {
            Some(Moscow::Must) => self.must,
            Some(Moscow::Should) => self.should,
            Some(Moscow::Could) => self.could,
            Some(Moscow::Wont) => self.wont,
            None => self.unset,
        }
    }

    /// All estimated points.
    pub fn total(&self) -> f64 {
        self.must + self.should + self.could + self.wont + self.unset
    }

    /// The share (0 to 1) of all points that one priority has; 0 when there are no points.
    pub fn share(&self, moscow: Option<Moscow>) -> f64 {
        let total = self.total();
        if total > 0.0 {
            self.points(moscow) / total
        } else {
            0.0
        }
    }

    /// "Must 55% · Should 25% · Could 15% · Won't 5%", with "none" when some
    /// points have no priority; "no estimated points" when there are none.
    pub fn describe(&self) -> String {
        if self.total() <= 0.0 {
            return "no estimated points".to_string();
        }
        let mut parts: Vec<String> = Moscow::ALL
            .iter()
            .map(|&m| format!("{} {}", label(m), percent(self.share(Some(m)))))
            .collect();
        if self.unset > 0.0 {
            parts.push(format!("none {}", percent(self.share(None))));
        }
        parts.join(" · ")
    }
}

/// The name as people write it: Must, Should, Could, Won't.
pub fn label(m: Moscow) -> &'static str {
    match m {
        Moscow::Must => "Must",
        Moscow::Should => "Should",
        Moscow::Could => "Could",
        Moscow::Wont => "Won't",
    }
}

/// A share as a whole percentage: 0.554 → "55%".
pub fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).round())
}

/// A planned or active sprint's shares and whether Must is over the limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SprintShares {
    pub sprint: String,
    pub state: SprintState,
    pub capacity: Option<f64>,
    pub shares: Shares,
    /// Must points as a share of the capacity (of the sprint's points when
    /// it has no capacity); `None` when both are zero.
    pub must_of_capacity: Option<f64>,
    /// Whether Must takes more than [`MUST_SHARE_LIMIT`] of it.
    pub must_over_limit: bool,
}

impl SprintShares {
    /// A sprint's shares from the points of its stories.
    pub fn new(sprint: &Sprint, shares: Shares) -> SprintShares {
        let base = sprint.capacity.unwrap_or_else(|| shares.total());
        let must_of_capacity = (base > 0.0).then(|| shares.must / base);
        SprintShares {
            sprint: sprint.key.clone(),
            state: sprint.state,
            capacity: sprint.capacity,
            must_over_limit: must_of_capacity.is_some_and(|m| m > MUST_SHARE_LIMIT),
            must_of_capacity,
            shares,
        }
    }

    /// The warning to show, if Must is over the limit.
    pub fn warning(&self) -> Option<String> {
        let share = self.must_of_capacity.filter(|_| self.must_over_limit)?;
        let of = if self.capacity.is_some() {
            "capacity"
        } else {
            "points (no capacity set)"
        };
        Some(format!(
            "Must is {} of {}'s {of}, over {}",
            percent(share),
            self.sprint,
            percent(MUST_SHARE_LIMIT)
        ))
    }
}

/// An epic's shares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpicShares {
    pub epic: String,
    pub title: String,
    pub shares: Shares,
}

/// MoSCoW shares for `po stats`: every planned or active sprint, every epic.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MoscowStats {
    pub must_limit: f64,
    pub sprints: Vec<SprintShares>,
    pub epics: Vec<EpicShares>,
}

impl Backlog {
    /// The shares of one sprint, from its stories (done ones included: the
    /// commitment is what the limit is about).
    pub fn sprint_shares(&self, key: &str) -> Option<SprintShares> {
        let sprint = self.sprint(key)?;
        let stories = self
            .stories
            .iter()
            .filter(|s| s.sprint.as_deref() == Some(key));
        Some(SprintShares::new(sprint, Shares::of(stories.map(|s| &**s))))
    }

    /// Shares of every planned and active sprint and of every epic, in one
    /// pass over the stories.
    pub fn moscow_stats(&self) -> MoscowStats {
        let mut epics: Vec<EpicShares> = self
            .epics
            .iter()
            .map(|e| EpicShares {
                epic: e.key.clone(),
                title: e.title.clone(),
                shares: Shares::default(),
            })
            .collect();
        let at: HashMap<&str, usize> = self
            .epics
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.as_str(), i))
            .collect();
        for s in &self.stories {
            let (Some(epic), Some(points)) = (&s.epic, s.points) else {
                continue;
            };
            if let Some(&i) = at.get(epic.as_str()) {
                *epics[i].shares.slot(s.moscow) += points;
            }
        }
        let sprints = self
            .sprints
            .iter()
            .filter(|s| s.state != SprintState::Closed)
            .filter_map(|s| self.sprint_shares(&s.key))
            .collect();
        MoscowStats {
            must_limit: MUST_SHARE_LIMIT,
            sprints,
            epics,
        }
    }
}
