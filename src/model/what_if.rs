//! The trade-off preview: what a move in the ranking would push out, before
//! it is made. Both roadmaps (as ranked now, and with the move) run the
//! simulation with the same seed, so any difference in dates comes from the
//! move, not from the randomness.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::forecast::{ForecastOptions, fit};
use super::roadmap::{Finish, Roadmap};
use super::{Backlog, ModelError, Position, Status, Story};

/// What a move would do to every epic's dates and to the running sprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhatIf {
    /// The story moved (or inserted, for a request being accepted).
    pub story: String,
    pub title: String,
    pub epic: Option<String>,
    /// Its rank (1-based) now; `None` for a story not in the backlog yet.
    pub from_rank: Option<usize>,
    /// Its rank (1-based) after the move.
    pub to_rank: usize,
    pub runs: usize,
    pub seed: u64,
    /// The percentiles each epic's shift reports; the first two are shown.
    pub percentiles: Vec<u8>,
    /// Why there are no dates to compare (too little history), if so.
    pub no_dates: Option<String>,
    /// Every epic, in the roadmap's order before the move.
    pub epics: Vec<EpicShift>,
    /// The running sprint's commitment before and after, if a sprint runs.
    pub sprint: Option<SprintShift>,
}

/// One epic's finish before and after the move.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpicShift {
    pub key: String,
    pub title: String,
    pub before: Finish,
    pub after: Finish,
    /// Days the p50 date moves (positive: later); `None` without both dates.
    pub p50_days: Option<i64>,
    pub p85_days: Option<i64>,
    /// Sprints the p50 finish moves (positive: later).
    pub p50_sprints: Option<i64>,
    pub p85_sprints: Option<i64>,
    /// The configured percentiles' moves, in order; the first two are shown.
    pub percentiles: Vec<LevelShift>,
}

/// One percentile's finish before and after the move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LevelShift {
    pub percentile: u8,
    pub before: Option<NaiveDate>,
    pub after: Option<NaiveDate>,
    /// Days it moves (positive: later); `None` without both dates.
    pub days: Option<i64>,
    /// Sprints it moves (positive: later).
    pub sprints: Option<i64>,
}

impl LevelShift {
    /// The move as people read it: "+14 days (+1 sprint)", "-3 days", "no
    /// change", or "" without dates on both sides.
    pub fn difference(&self) -> String {
        difference(self.days, self.sprints)
    }
}

impl EpicShift {
    /// Whether either shown date moves.
    pub fn moved(&self) -> bool {
        self.shown()
            .is_some_and(|(a, b)| a.days.is_some_and(|d| d != 0) || b.days.is_some_and(|d| d != 0))
    }

    /// The two percentiles shown (the roadmap's two), when both sides have dates.
    pub fn shown(&self) -> Option<(LevelShift, LevelShift)> {
        match self.percentiles[..] {
            [a, b, ..] => Some((a, b)),
            [a] => Some((a, a)),
            [] => None,
        }
    }

    /// The shown two moves as people read them ([`LevelShift::difference`]).
    pub fn differences(&self) -> (String, String) {
        self.shown()
            .map(|(a, b)| (a.difference(), b.difference()))
            .unwrap_or_default()
    }
}

/// "+14 days (+1 sprint)" from a move in days and sprints.
fn difference(days: Option<i64>, sprints: Option<i64>) -> String {
    let plural =
        |n: i64, one: &str, many: &str| format!("{n:+} {}", if n.abs() == 1 { one } else { many });
    match (days, sprints) {
        (Some(0), _) => "no change".to_string(),
        (Some(d), Some(s)) if s != 0 => {
            format!(
                "{} ({})",
                plural(d, "day", "days"),
                plural(s, "sprint", "sprints")
            )
        }
        (Some(d), _) => plural(d, "day", "days"),
        (None, _) => String::new(),
    }
}

/// What the running sprint would deliver before and after the move: the
/// open stories that fit, in rank order, in the points its open stories
/// add up to (its commitment still ahead).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SprintShift {
    pub key: String,
    pub name: String,
    /// The open points of the sprint's stories.
    pub points: f64,
    /// Stories that would come into what the sprint delivers.
    pub joins: Vec<String>,
    /// Stories the move would push out of it.
    pub leaves: Vec<String>,
}

impl SprintShift {
    /// Whether the running sprint's commitment changes.
    pub fn changes(&self) -> bool {
        !self.joins.is_empty() || !self.leaves.is_empty()
    }
}

impl Backlog {
    /// What moving story `key` to `to` would do to every epic's forecast
    /// finish and to the running sprint, without moving it. `options` as for
    /// [`Backlog::roadmap`]; both sides use `options.seed`. Refused for an
    /// unknown story or a position relative to an unknown or the same story.
    pub fn what_if(
        &self,
        key: &str,
        to: &Position,
        options: &ForecastOptions,
    ) -> Result<WhatIf, ModelError> {
        let from = self
            .story_index(key)
            .ok_or_else(|| ModelError::NoSuchStory(key.to_string()))?;
        let target = self.move_target(from, to)?;
        Ok(self.compare(&self.stories[from], Some(from), target, options))
    }

    /// What adding `story` (not in the backlog yet, e.g. a request being
    /// accepted) at rank index `index` would do; an index past the end
    /// adds it at the bottom.
    pub fn what_if_insert(&self, story: &Story, index: usize, options: &ForecastOptions) -> WhatIf {
        self.compare(story, None, index.min(self.stories.len()), options)
    }

    fn compare(
        &self,
        story: &Story,
        from: Option<usize>,
        to: usize,
        options: &ForecastOptions,
    ) -> WhatIf {
        let now: Vec<&Story> = self.stories.iter().map(|s| &**s).collect();
        let mut moved = now.clone();
        if let Some(from) = from {
            moved.remove(from);
        }
        moved.insert(to, story);
        let before = self.roadmap_in_order(now.iter().copied(), options);
        let after = self.roadmap_in_order(moved.iter().copied(), options);
        let sprint = self.sprint_shift(&now, &moved);
        WhatIf {
            story: story.key.clone(),
            title: story.title.clone(),
            epic: story.epic.clone(),
            from_rank: from.map(|i| i + 1),
            to_rank: to + 1,
            runs: before.runs,
            seed: before.seed,
            percentiles: before.percentiles.clone(),
            no_dates: before.no_dates.clone(),
            epics: shifts(&before, &after),
            sprint,
        }
    }

    /// The running sprint's deliverable stories in both orders.
    fn sprint_shift(&self, now: &[&Story], moved: &[&Story]) -> Option<SprintShift> {
        let sprint = self.active_sprint()?;
        let points = now
            .iter()
            .filter(|s| s.status != Status::Done && s.sprint.as_deref() == Some(&sprint.key))
            .fold(0.0, |sum, s| sum + s.points.unwrap_or(0.0));
        let before = delivered(now, points);
        let after = delivered(moved, points);
        let only = |a: &[String], b: &[String]| {
            let b: HashSet<&String> = b.iter().collect();
            a.iter().filter(|k| !b.contains(k)).cloned().collect()
        };
        Some(SprintShift {
            key: sprint.key.clone(),
            name: sprint.name.clone(),
            points,
            joins: only(&after, &before),
            leaves: only(&before, &after),
        })
    }
}

/// The open stories, in rank order, that fit in `points`.
fn delivered(order: &[&Story], points: f64) -> Vec<String> {
    let open: Vec<(&str, f64)> = order
        .iter()
        .filter(|s| s.status != Status::Done)
        .map(|s| (s.key.as_str(), s.points.unwrap_or(0.0)))
        .collect();
    let fits = fit("", points, &open).stories;
    open[..fits].iter().map(|(k, _)| k.to_string()).collect()
}

/// Each epic's finish before and after, in the order before.
pub(super) fn shifts(before: &Roadmap, after: &Roadmap) -> Vec<EpicShift> {
    before
        .epics
        .iter()
        .map(|b| {
            let a = after.epics.iter().find(|a| a.key == b.key);
            let after = a.map_or(Finish::NoStories, |a| a.finish.clone());
            let (days50, days85) = diff(b.finish.dates(), after.dates(), |x, y| (y - x).num_days());
            let (sprints50, sprints85) = diff(b.finish.sprints(), after.sprints(), |x, y| {
                i64::from(y) - i64::from(x)
            });
            let percentiles = level_shifts(&b.finish, &after);
            EpicShift {
                key: b.key.clone(),
                title: b.title.clone(),
                before: b.finish.clone(),
                after,
                p50_days: days50,
                p85_days: days85,
                p50_sprints: sprints50,
                p85_sprints: sprints85,
                percentiles,
            }
        })
        .collect()
}

/// Each configured percentile of `before` with its value in `after`; none
/// unless both are forecast.
fn level_shifts(before: &Finish, after: &Finish) -> Vec<LevelShift> {
    let (
        Finish::Forecast {
            percentiles: b_levels,
            ..
        },
        Finish::Forecast {
            percentiles: a_levels,
            ..
        },
    ) = (before, after)
    else {
        return Vec::new();
    };
    b_levels
        .iter()
        .zip(a_levels)
        .map(|(b, a)| LevelShift {
            percentile: b.percentile,
            before: b.date,
            after: a.date,
            days: b.date.zip(a.date).map(|(b, a)| (a - b).num_days()),
            sprints: b
                .sprints
                .zip(a.sprints)
                .map(|(b, a)| i64::from(a) - i64::from(b)),
        })
        .collect()
}

/// The p50 and p85 differences of two optional pairs.
fn diff<T: Copy>(
    before: Option<(Option<T>, Option<T>)>,
    after: Option<(Option<T>, Option<T>)>,
    minus: impl Fn(T, T) -> i64,
) -> (Option<i64>, Option<i64>) {
    let (Some((b50, b85)), Some((a50, a85))) = (before, after) else {
        return (None, None);
    };
    let one = |b: Option<T>, a: Option<T>| Some(minus(b?, a?));
    (one(b50, a50), one(b85, a85))
}
