//! Inside one sprint: the burndown (ideal line against remaining points per
//! day, from the stories' done timestamps) and the scope change since it
//! started (from the commitment recorded by `start_sprint`).

use std::collections::HashSet;

use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

use super::board::is_working_day;
use super::{Backlog, Sprint, SprintState, Status, Story};

/// The longest burndown drawn, in days; a sprint with absurd dates (a typo
/// such as 2062 for 2026) is cut there instead of making a huge series.
const MAX_DAYS: i64 = 366;

/// A sprint's burndown: one entry per working day from its actual start to
/// its actual (else planned) end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Burndown {
    pub sprint: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Estimated points of every story in the sprint now (or at close).
    pub scope_points: f64,
    /// Where the ideal line starts: the committed points at start if po
    /// recorded them, else the scope.
    pub ideal_from: f64,
    pub days: Vec<BurndownDay>,
    /// Whether the dates spanned more than a year and the series was cut.
    pub truncated: bool,
}

/// One day of a burndown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BurndownDay {
    pub date: NaiveDate,
    /// The ideal remaining points at the end of the day: a straight line
    /// from `ideal_from` on the first day to 0 on the planned last day (0
    /// after it; a sprint closed early stops before reaching 0).
    pub ideal: f64,
    /// Points not yet done at the end of the day; `None` for days after today.
    pub remaining: Option<f64>,
    /// Points done that day.
    pub done: f64,
}

/// Stories that came into or left a sprint after it started.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScopeChange {
    pub sprint: String,
    /// The stories in the sprint when it started.
    pub committed: Vec<String>,
    pub committed_points: f64,
    /// In the sprint now (or at close) but not at start, in rank order.
    pub added: Vec<String>,
    /// In it at start but taken out since (not counting carry-over at close).
    pub removed: Vec<String>,
    pub added_points: f64,
    pub removed_points: f64,
}

impl ScopeChange {
    /// Added minus removed points: how much the sprint grew (negative: shrank).
    pub fn net_points(&self) -> f64 {
        self.added_points - self.removed_points
    }
}

impl Backlog {
    /// The sprint's burndown as of `today`, over its working days (Monday to
    /// Friday, and the day it started) from its actual start to its actual
    /// end (the planned end while it runs; today without one). `None` when
    /// there is no such sprint or it has no start (a planned sprint without
    /// dates).
    pub fn burndown(&self, key: &str, today: NaiveDate) -> Option<Burndown> {
        let sprint = self.sprint(key)?;
        Burndown::of(sprint, &self.members(sprint), today)
    }

    /// What came into and left the sprint since it started. `None` when
    /// there is no such sprint or po did not record its start.
    pub fn scope_change(&self, key: &str) -> Option<ScopeChange> {
        let sprint = self.sprint(key)?;
        let record = &sprint.record;
        let committed = record.committed_stories.clone()?;
        let members = self.members(sprint);
        let now: HashSet<&str> = members.iter().map(|(s, _)| s.key.as_str()).collect();
        let at_start: HashSet<&str> = committed.iter().map(String::as_str).collect();
        let added: Vec<&Story> = members
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| !at_start.contains(s.key.as_str()))
            .collect();
        let removed: Vec<String> = committed
            .iter()
            .filter(|k| !now.contains(k.as_str()))
            .cloned()
            .collect();
        let removed_points = self.points_of_keys(&removed.iter().map(String::as_str).collect());
        let committed_points = match record.committed_points {
            Some(p) => p,
            None => self.points_of_keys(&at_start),
        };
        Some(ScopeChange {
            sprint: sprint.key.clone(),
            committed,
            committed_points,
            added_points: Backlog::points_of(added.iter().copied()),
            added: added.iter().map(|s| s.key.clone()).collect(),
            removed,
            removed_points,
        })
    }

    /// The stories that belong to a sprint's work, in rank order, each with
    /// whether it was done in the sprint. For a closed sprint that po
    /// closed, that is what it recorded: the done stories and those carried
    /// over (which stay not done here even if finished later elsewhere).
    pub(crate) fn members<'a>(&'a self, sprint: &Sprint) -> Vec<(&'a Story, bool)> {
        let record = &sprint.record;
        let closed = sprint.state == SprintState::Closed;
        let carried: HashSet<&str> = match (&record.carried_over, closed) {
            (Some(keys), true) => keys.iter().map(String::as_str).collect(),
            _ => HashSet::new(),
        };
        let done_keys: Option<HashSet<&str>> = match (&record.done_stories, closed) {
            (Some(keys), true) => Some(keys.iter().map(String::as_str).collect()),
            _ => None,
        };
        self.stories
            .iter()
            .filter_map(|s| {
                let key = s.key.as_str();
                if carried.contains(key) {
                    return Some((&**s, false));
                }
                if s.sprint.as_deref() != Some(sprint.key.as_str()) {
                    return None;
                }
                let done = match &done_keys {
                    Some(keys) => keys.contains(key),
                    None => s.status == Status::Done,
                };
                Some((&**s, done))
            })
            .collect()
    }

    /// Points of the stories with these keys, in one pass; a deleted story counts 0.
    fn points_of_keys(&self, keys: &HashSet<&str>) -> f64 {
        self.stories
            .iter()
            .filter(|s| keys.contains(s.key.as_str()))
            .filter_map(|s| s.points)
            .fold(0.0, |sum, p| sum + p)
    }
}

impl Burndown {
    /// The burndown of `sprint` from its members (each with whether it was
    /// done in the sprint, as [`Backlog::members`] gives them), so that a
    /// caller that already holds them (the board) need not scan the backlog.
    pub fn of(sprint: &Sprint, members: &[(&Story, bool)], today: NaiveDate) -> Option<Burndown> {
        let start = sprint.actual_start()?;
        let mut end = sprint.actual_end().unwrap_or(today).max(start);
        let truncated = (end - start).num_days() >= MAX_DAYS;
        if truncated {
            end = start + TimeDelta::days(MAX_DAYS - 1);
        }
        let dates: Vec<NaiveDate> = start
            .iter_days()
            .take_while(|d| *d <= end)
            .filter(|d| *d == start || is_working_day(*d))
            .collect();
        let len = dates.len();
        let scope_points = Backlog::points_of(members.iter().map(|(s, _)| *s));
        let mut done_per_day = vec![0.0; len];
        for (s, done) in members {
            if let (true, Some(at)) = (*done, s.done_at) {
                // Work done before the start counts on the first day, on a
                // weekend on the next working day, after the end (but before
                // closing) on the last.
                let day = dates.partition_point(|d| *d < at.date_naive()).min(len - 1);
                done_per_day[day] += s.points.unwrap_or(0.0);
            }
        }
        let ideal_from = sprint.record.committed_points.unwrap_or(scope_points);
        // The ideal line aims at the planned end, as the board and the
        // standup drew it while the sprint ran; closing early or late ends
        // the days shown, not the line (else the review would redraw what
        // the team saw each morning). Without a planned end, the last day.
        let ideal_days = match sprint.end {
            Some(planned) if planned >= start => start
                .iter_days()
                .take_while(|d| *d <= planned)
                .take(usize::try_from(MAX_DAYS).unwrap_or(usize::MAX))
                .filter(|d| *d == start || is_working_day(*d))
                .count(),
            _ => len,
        };
        let mut remaining = scope_points;
        let days = done_per_day
            .iter()
            .zip(&dates)
            .enumerate()
            .map(|(i, (&done, &date))| {
                remaining -= done;
                let ideal = if ideal_days > 1 {
                    let left = (ideal_days - 1).saturating_sub(i);
                    ideal_from * left as f64 / (ideal_days - 1) as f64
                } else {
                    0.0
                };
                BurndownDay {
                    date,
                    ideal,
                    remaining: (date <= today).then_some(remaining.max(0.0)),
                    done,
                }
            })
            .collect();
        Some(Burndown {
            sprint: sprint.key.clone(),
            start,
            end,
            scope_points,
            ideal_from,
            days,
            truncated,
        })
    }
}
