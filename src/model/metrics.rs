//! Looking back: velocity and throughput per closed sprint, lead and cycle time,
//! done and remaining points per epic, and [`Stats`] that bundles them for
//! `po stats` and the metrics view. Every function is one pass over the
//! stories (plus a sort of the done ones for percentiles). The formulas are
//! explained in docs/metrics.md.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::moscow::MoscowStats;
use super::{Backlog, Burndown, ScopeChange, SprintLoad, SprintState, Status, Story, number};

/// The velocity window: how many recent closed sprints every velocity po
/// shows averages (planning's cut-line, `sprint show`, the metrics view,
/// `stats`, `forecast`, the sprint review) unless `--last N` says otherwise.
pub const VELOCITY_WINDOW: usize = 6;

/// What a closed sprint delivered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SprintVelocity {
    pub key: String,
    pub name: String,
    /// The day it actually started (when po started it, else as planned).
    pub start: Option<NaiveDate>,
    /// The day it actually ended (when po closed it, else as planned).
    pub end: Option<NaiveDate>,
    /// When po closed it, if po did.
    pub closed_at: Option<DateTime<Utc>>,
    pub capacity: Option<f64>,
    /// Points in the sprint when it started, if po started it.
    pub committed_points: Option<f64>,
    /// Points of the stories done in it: the velocity.
    pub done_points: f64,
    /// How many stories were done in it: the throughput.
    pub done_stories: usize,
}

/// Count, mean, standard deviation and range of a series.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub count: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1); 0 for a single value.
    pub stdev: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    /// The summary of a series, or `None` when it is empty.
    pub fn of(values: &[f64]) -> Option<Summary> {
        if values.is_empty() {
            return None;
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let stdev = if values.len() > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Some(Summary {
            count: values.len(),
            mean,
            stdev,
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

/// Velocity and throughput over the last closed sprints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VelocityStats {
    /// The window asked for: at most this many sprints are in `sprints`.
    pub window: usize,
    /// The last closed sprints, oldest first.
    pub sprints: Vec<SprintVelocity>,
    /// Of their done points.
    pub points: Option<Summary>,
    /// Of their done story counts (throughput).
    pub stories: Option<Summary>,
}

impl VelocityStats {
    /// The velocity: mean done points of the sprints in the window.
    pub fn mean(&self) -> Option<f64> {
        self.points.map(|p| p.mean)
    }

    /// The velocity named with its window, as every view and command shows
    /// it: "14.5 (last 4 sprints)". `None` without a closed sprint.
    pub fn describe(&self) -> Option<String> {
        self.points.map(|p| velocity_label(p.mean, p.count))
    }
}

/// "14.5 (last 4 sprints)": a mean velocity, rounded to one decimal, with
/// the number of sprints it is the mean of.
pub fn velocity_label(mean: f64, sprints: usize) -> String {
    format!(
        "{} (last {sprints} {})",
        number::display((mean * 10.0).round() / 10.0),
        if sprints == 1 { "sprint" } else { "sprints" }
    )
}

/// How long done stories took, in days: from creation to done (lead time)
/// or from their first move to in progress to done (cycle time).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Durations {
    pub count: usize,
    pub mean_days: f64,
    pub median_days: f64,
    /// 85% of the stories were done within this many days.
    pub p85_days: f64,
    pub max_days: f64,
    /// A histogram for a bar chart; every bucket is present, even when empty.
    pub buckets: Vec<DurationBucket>,
}

/// One bar of a lead- or cycle-time histogram: stories done within `up_to_days`
/// (and above the previous bucket's bound).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DurationBucket {
    pub label: &'static str,
    /// Upper bound in days; `None` for the last, open-ended bucket.
    pub up_to_days: Option<f64>,
    pub count: usize,
}

/// The histogram's upper bounds in days, with their labels.
const BUCKETS: [(&str, Option<f64>); 7] = [
    ("<1d", Some(1.0)),
    ("1-3d", Some(3.0)),
    ("3-7d", Some(7.0)),
    ("1-2w", Some(14.0)),
    ("2-4w", Some(28.0)),
    ("1-2mo", Some(61.0)),
    (">2mo", None),
];

/// Done and remaining work of one epic (or of the stories without an epic).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpicProgress {
    /// `None` for the stories in no epic.
    pub key: Option<String>,
    pub title: String,
    pub done_points: f64,
    pub remaining_points: f64,
    pub done_stories: usize,
    pub remaining_stories: usize,
    /// Remaining stories without an estimate (not in `remaining_points`).
    pub unestimated: usize,
}

/// The active sprint at a glance: its load, burndown and scope change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActiveSprintStats {
    pub load: SprintLoad,
    pub burndown: Option<Burndown>,
    pub scope: Option<ScopeChange>,
}

/// Everything `po stats` prints and the metrics view draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// How many recent closed sprints velocity, lead and cycle time look at.
    pub last: usize,
    pub velocity: VelocityStats,
    /// Created → done, of stories done since the first of those sprints
    /// started (all done stories when there is no closed sprint).
    pub lead_time: Option<Durations>,
    /// First move to in progress → done, of the same stories, for those
    /// whose status history has that move.
    pub cycle_time: Option<Durations>,
    pub active: Option<ActiveSprintStats>,
    pub epics: Vec<EpicProgress>,
    /// MoSCoW shares of the planned and active sprints and of the epics.
    pub moscow: MoscowStats,
}

impl Backlog {
    /// Every closed sprint's velocity, oldest first (by the day po closed it,
    /// else its end date; sprints with neither keep their place in the list,
    /// after the dated ones).
    ///
    /// Done points and stories come from what po recorded at close; for a
    /// sprint closed without po, from its stories that are done.
    pub fn velocities(&self) -> Vec<SprintVelocity> {
        let mut counted: HashMap<&str, (f64, usize)> = HashMap::new();
        for s in &self.stories {
            if s.status == Status::Done
                && let Some(sprint) = &s.sprint
            {
                let entry = counted.entry(sprint.as_str()).or_default();
                entry.0 += s.points.unwrap_or(0.0);
                entry.1 += 1;
            }
        }
        let mut closed: Vec<SprintVelocity> = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .map(|sprint| {
                let record = &sprint.record;
                let (points, stories) = counted
                    .get(sprint.key.as_str())
                    .copied()
                    .unwrap_or_default();
                SprintVelocity {
                    key: sprint.key.clone(),
                    name: sprint.name.clone(),
                    start: sprint.actual_start(),
                    end: sprint.actual_end(),
                    closed_at: record.closed_at,
                    capacity: sprint.capacity,
                    committed_points: record.committed_points,
                    done_points: record.done_points.unwrap_or(points),
                    done_stories: record.done_stories.as_ref().map_or(stories, Vec::len),
                }
            })
            .collect();
        // A sprint closed early still counts from when it was closed.
        let closed_on = |v: &SprintVelocity| v.closed_at.map(|t| t.date_naive()).or(v.end);
        closed.sort_by_key(|v| (closed_on(v).is_none(), closed_on(v)));
        closed
    }

    /// Velocity and throughput of the last `last` closed sprints: the one
    /// definition of velocity, used by every view and command.
    pub fn velocity(&self, last: usize) -> VelocityStats {
        window(self.velocities(), last)
    }

    /// The points done in each of the last `last` closed sprints (at least
    /// one), in [`Backlog::velocity`]'s order: the history the forecast and
    /// the roadmap resample.
    pub fn past_velocities(&self, last: usize) -> Vec<f64> {
        self.velocity(last.max(1))
            .sprints
            .iter()
            .map(|v| v.done_points)
            .collect()
    }

    /// [`Backlog::velocity`] as it was before `sprint` closed: the window of
    /// the closed sprints before it (all closed sprints if it is not closed).
    pub fn velocity_before(&self, sprint: &str, last: usize) -> VelocityStats {
        let mut sprints = self.velocities();
        if let Some(i) = sprints.iter().position(|v| v.key == sprint) {
            sprints.truncate(i);
        }
        window(sprints, last)
    }

    /// Lead times (created → done) of the done stories, optionally only of
    /// those done on or after `since`. `None` when no story qualifies.
    pub fn lead_times(&self, since: Option<NaiveDate>) -> Option<Durations> {
        self.time_to_done(since, |s| Some(s.created))
    }

    /// Cycle times (first move to in progress → done, from the status
    /// history) of the done stories, optionally only of those done on or
    /// after `since`. `None` when no done story has that move recorded.
    pub fn cycle_times(&self, since: Option<NaiveDate>) -> Option<Durations> {
        self.time_to_done(since, Story::started_at)
    }

    /// Days from `from` to done of the done stories that have both.
    fn time_to_done(
        &self,
        since: Option<NaiveDate>,
        from: impl Fn(&Story) -> Option<DateTime<Utc>>,
    ) -> Option<Durations> {
        let mut days: Vec<f64> = self
            .stories
            .iter()
            .filter(|s| s.status == Status::Done)
            .filter_map(|s| {
                let done = s.done_at?;
                if since.is_some_and(|d| done.date_naive() < d) {
                    return None;
                }
                let from = from(s)?;
                Some(((done - from).num_seconds().max(0) as f64) / 86_400.0)
            })
            .collect();
        if days.is_empty() {
            return None;
        }
        days.sort_by(f64::total_cmp);
        let mut buckets: Vec<DurationBucket> = BUCKETS
            .iter()
            .map(|&(label, up_to_days)| DurationBucket {
                label,
                up_to_days,
                count: 0,
            })
            .collect();
        for &d in &days {
            let i = BUCKETS
                .iter()
                .position(|(_, bound)| bound.is_none_or(|b| d <= b))
                .unwrap_or(BUCKETS.len() - 1);
            buckets[i].count += 1;
        }
        Some(Durations {
            count: days.len(),
            mean_days: days.iter().sum::<f64>() / days.len() as f64,
            median_days: percentile(&days, 0.5),
            p85_days: percentile(&days, 0.85),
            max_days: days[days.len() - 1],
            buckets,
        })
    }

    /// Done and remaining points and stories per epic, in epic order, then a
    /// row for stories without an epic (when there are any).
    pub fn epic_progress(&self) -> Vec<EpicProgress> {
        let mut rows: Vec<EpicProgress> = self
            .epics
            .iter()
            .map(|e| EpicProgress {
                key: Some(e.key.clone()),
                title: e.title.clone(),
                done_points: 0.0,
                remaining_points: 0.0,
                done_stories: 0,
                remaining_stories: 0,
                unestimated: 0,
            })
            .chain([EpicProgress {
                key: None,
                title: "(no epic)".to_string(),
                done_points: 0.0,
                remaining_points: 0.0,
                done_stories: 0,
                remaining_stories: 0,
                unestimated: 0,
            }])
            .collect();
        let no_epic = rows.len() - 1;
        let index: HashMap<&str, usize> = self
            .epics
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.as_str(), i))
            .collect();
        for s in &self.stories {
            // A story naming a missing epic (a hand edit) counts as in no epic.
            let row = &mut rows[s
                .epic
                .as_deref()
                .and_then(|e| index.get(e).copied())
                .unwrap_or(no_epic)];
            if s.status == Status::Done {
                row.done_points += s.points.unwrap_or(0.0);
                row.done_stories += 1;
            } else {
                row.remaining_points += s.points.unwrap_or(0.0);
                row.remaining_stories += 1;
                row.unestimated += usize::from(s.points.is_none());
            }
        }
        if rows[no_epic].done_stories + rows[no_epic].remaining_stories == 0 {
            rows.pop();
        }
        rows
    }

    /// Velocity, throughput, lead and cycle time over the last `last` closed
    /// sprints, the active sprint's burndown (as of `today`) and scope
    /// change, and progress per epic.
    pub fn stats(&self, last: usize, today: NaiveDate) -> Stats {
        let velocity = self.velocity(last);
        let since = velocity.sprints.first().and_then(|v| v.start);
        let active = self.active_sprint().and_then(|sprint| {
            Some(ActiveSprintStats {
                load: self.sprint_load(&sprint.key)?,
                burndown: self.burndown(&sprint.key, today),
                scope: self.scope_change(&sprint.key),
            })
        });
        Stats {
            last,
            lead_time: self.lead_times(since),
            cycle_time: self.cycle_times(since),
            velocity,
            active,
            epics: self.epic_progress(),
            moscow: self.moscow_stats(),
        }
    }
}

/// The last `last` of the velocities (at least one), summarized.
fn window(mut sprints: Vec<SprintVelocity>, last: usize) -> VelocityStats {
    let last = last.max(1);
    sprints.drain(..sprints.len().saturating_sub(last));
    let points: Vec<f64> = sprints.iter().map(|v| v.done_points).collect();
    let stories: Vec<f64> = sprints.iter().map(|v| v.done_stories as f64).collect();
    VelocityStats {
        window: last,
        points: Summary::of(&points),
        stories: Summary::of(&stories),
        sprints,
    }
}

/// Nearest-rank percentile of sorted values: the smallest value with at least
/// `p` of the values at or below it. `p` in `0.0..=1.0`; the slice must not be empty.
pub(crate) fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
