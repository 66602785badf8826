//! The roadmap: per epic, how far along it is and when it should finish.
//!
//! One Monte Carlo simulation (the forecast's, see [`super::simulate`]) runs
//! over the whole backlog in rank order: every open story, whatever its
//! epic, takes its points from the simulated sprints in turn, and an epic
//! finishes when its last open story does. Unestimated stories count as no
//! work and are flagged. With fewer than [`MIN_HISTORY`] closed sprints the
//! roadmap says "not enough history" instead of guessing dates.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::forecast::{ForecastOptions, Level, MAX_RUNS, MIN_HISTORY, Percentiles};
use super::simulate::{Rng, finish_sprints, levels, spread};
use super::{Backlog, Epic, EpicOutcome, Status, Story};

/// Every epic's progress and forecast finish, plus the running sprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Roadmap {
    /// The day the roadmap was made.
    pub today: NaiveDate,
    /// The past velocities resampled, oldest first.
    pub velocities: Vec<f64>,
    /// Days from one sprint's start to the next.
    pub cadence_days: i64,
    /// The end of the first sprint counted (the running sprint's, if any).
    pub first_end: NaiveDate,
    pub runs: usize,
    pub seed: u64,
    /// The percentiles each epic's finish reports; the first two are drawn.
    pub percentiles: Vec<u8>,
    /// Why there are no dates ("not enough history: ..."); `None` when the
    /// epics with open work have forecast dates.
    pub no_dates: Option<String>,
    /// In the order of each epic's highest-ranked open story; epics with no
    /// open story follow in the epic list's order.
    pub epics: Vec<EpicForecast>,
    /// The sprint in progress and its open stories.
    pub sprint: Option<RunningSprint>,
}

impl Roadmap {
    /// The names of the two percentiles drawn: "p50", "p85" by default.
    pub fn drawn_names(&self) -> (String, String) {
        drawn_names(&self.percentiles)
    }
}

/// The names of the first two of `percentiles` (the one twice if alone;
/// p50 and p85 if none).
pub fn drawn_names(percentiles: &[u8]) -> (String, String) {
    let name = |p: &u8| format!("p{p}");
    match percentiles {
        [a, b, ..] => (name(a), name(b)),
        [a] => (name(a), name(a)),
        [] => ("p50".to_string(), "p85".to_string()),
    }
}

/// One epic on the roadmap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpicForecast {
    pub key: String,
    pub title: String,
    /// The rank (1-based) of its highest-ranked open story.
    pub rank: Option<usize>,
    pub done_points: f64,
    pub total_points: f64,
    /// Points of its open stories (unestimated ones count 0).
    pub remaining_points: f64,
    pub stories: usize,
    pub open_stories: usize,
    /// Its open stories without an estimate, in rank order: the forecast
    /// counts them as no work, so the dates are early by their size.
    pub unestimated: Vec<String>,
    /// The open story it finishes with: the lowest-ranked one.
    pub last_story: Option<String>,
    pub finish: Finish,
    /// The metric the epic should move, if it says.
    pub outcome: Option<EpicOutcome>,
}

/// When an epic should finish.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Finish {
    /// It has stories and all of them are done.
    Done,
    /// It has no stories at all.
    NoStories,
    /// Open work, but too little velocity history for dates
    /// ([`Roadmap::no_dates`] says why).
    NotEnoughHistory,
    /// Sprints needed and the dates they end at p50/p85/p95, and at the
    /// configured percentiles; `None` means beyond
    /// [`super::forecast::MAX_SPRINTS`] sprints.
    Forecast {
        sprints: Percentiles<Option<u32>>,
        dates: Percentiles<Option<NaiveDate>>,
        /// The configured percentiles, in order; the first two are drawn.
        percentiles: Vec<Level>,
        /// When work on it likely starts (p50): the start of the sprint in
        /// which the open work ranked above its first open story is done.
        /// For drawing its bar; `None` beyond the horizon.
        start: Option<NaiveDate>,
    },
}

impl Finish {
    /// The two percentiles the roadmap draws and the what-if compares: the
    /// first two configured (p50 and p85 by default), when forecast.
    pub fn drawn(&self) -> Option<(Level, Level)> {
        let Finish::Forecast {
            sprints,
            dates,
            percentiles,
            ..
        } = self
        else {
            return None;
        };
        let fixed = |percentile, sprints, date| Level {
            percentile,
            sprints,
            date,
        };
        Some(match percentiles[..] {
            [first, second, ..] => (first, second),
            [only] => (only, only),
            [] => (
                fixed(50, sprints.p50, dates.p50),
                fixed(85, sprints.p85, dates.p85),
            ),
        })
    }

    /// The p50 and p85 finish dates, when forecast.
    pub fn dates(&self) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        match self {
            Finish::Forecast { dates, .. } => Some((dates.p50, dates.p85)),
            _ => None,
        }
    }

    /// The drawn two finishes ([`Finish::drawn`]) as people read them:
    /// dates, or "done", "no stories", "no history", "beyond" (past the
    /// simulation's horizon).
    pub fn labels(&self) -> (String, String) {
        let date = |d: Option<NaiveDate>| d.map_or_else(|| "beyond".to_string(), |d| d.to_string());
        if let Some((a, b)) = self.drawn() {
            return (date(a.date), date(b.date));
        }
        match self {
            Finish::Forecast { .. } => (String::new(), String::new()),
            Finish::Done => ("done".into(), "done".into()),
            Finish::NoStories => ("no stories".into(), "no stories".into()),
            Finish::NotEnoughHistory => ("no history".into(), "no history".into()),
        }
    }

    /// The p50 and p85 sprint counts, when forecast.
    pub fn sprints(&self) -> Option<(Option<u32>, Option<u32>)> {
        match self {
            Finish::Forecast { sprints, .. } => Some((sprints.p50, sprints.p85)),
            _ => None,
        }
    }
}

/// The sprint in progress, for "what is in the running sprint".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunningSprint {
    pub key: String,
    pub name: String,
    pub goal: String,
    pub end: Option<NaiveDate>,
    /// Its stories in rank order, done ones included.
    pub stories: Vec<SprintStory>,
}

/// A story of the running sprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SprintStory {
    pub key: String,
    pub title: String,
    pub points: Option<f64>,
    pub status: Status,
    pub epic: Option<String>,
}

/// Per epic: its totals so far while walking the ranking.
struct Tally<'a> {
    epic: &'a Epic,
    rank: Option<usize>,
    done_points: f64,
    total_points: f64,
    remaining_points: f64,
    stories: usize,
    open_stories: usize,
    unestimated: Vec<String>,
    last_story: Option<&'a str>,
    /// Open points ranked above and at its last open story.
    threshold: f64,
    /// Open points ranked above its first open story.
    ahead: f64,
}

impl Backlog {
    /// The roadmap of the backlog as ranked. `options.epic` and
    /// `options.by` are ignored; `runs`, `seed`, `history` and `today` are
    /// used as by [`Backlog::forecast`], so the same seed gives the same dates.
    pub fn roadmap(&self, options: &ForecastOptions) -> Roadmap {
        self.roadmap_in_order(self.stories.iter().map(|s| &**s), options)
    }

    /// The roadmap as if the stories were ranked in `order` (every story of
    /// the backlog once); the what-if uses it for a move not yet made.
    pub(super) fn roadmap_in_order<'a>(
        &'a self,
        order: impl Iterator<Item = &'a Story>,
        options: &ForecastOptions,
    ) -> Roadmap {
        let tallies = self.tally(order);
        let velocities = self.past_velocities(options.history);
        let timeline = self.timeline(options.today);
        let runs = options.runs.clamp(1, MAX_RUNS);
        let no_dates = history_problem(&velocities);
        let open: Vec<usize> = (0..tallies.len())
            .filter(|i| tallies[*i].open_stories > 0)
            .collect();
        let mut finishes: Vec<Finish> = tallies
            .iter()
            .map(|t| match (t.stories, t.open_stories) {
                (0, _) => Finish::NoStories,
                (_, 0) => Finish::Done,
                _ => Finish::NotEnoughHistory,
            })
            .collect();
        if no_dates.is_none() && !open.is_empty() {
            // Finishes first, then starts: one simulation for both.
            let thresholds: Vec<f64> = (open.iter().map(|i| tallies[*i].threshold))
                // Just past the work ahead: when it is done exactly at a
                // sprint's end, the epic starts in the next one.
                .chain(open.iter().map(|i| next_up(tallies[*i].ahead)))
                .collect();
            let mut rng = Rng(options.seed);
            let mut needed = finish_sprints(&velocities, &thresholds, &timeline, runs, &mut rng);
            let starts = needed.split_off(open.len());
            for ((i, runs), start) in open.iter().zip(needed).zip(starts) {
                let (sprints, dates) = spread(&runs, &timeline);
                let percentiles = levels(&runs, &timeline, &options.percentiles);
                let start = spread(&start, &timeline).0.p50.and_then(|n| {
                    let end = timeline.end_of(n)?;
                    let begin = end - chrono::TimeDelta::days(timeline.cadence - 1);
                    Some(begin.max(options.today))
                });
                finishes[*i] = Finish::Forecast {
                    sprints,
                    dates,
                    percentiles,
                    start,
                };
            }
        }
        let mut epics: Vec<EpicForecast> = tallies
            .into_iter()
            .zip(finishes)
            .map(|(t, finish)| EpicForecast {
                key: t.epic.key.clone(),
                title: t.epic.title.clone(),
                rank: t.rank,
                done_points: t.done_points,
                total_points: t.total_points,
                remaining_points: t.remaining_points,
                stories: t.stories,
                open_stories: t.open_stories,
                unestimated: t.unestimated,
                last_story: t.last_story.map(str::to_string),
                finish,
                outcome: t.epic.outcome.clone(),
            })
            .collect();
        // Stable: epics without open stories keep the epic list's order.
        epics.sort_by_key(|e| e.rank.unwrap_or(usize::MAX));
        Roadmap {
            today: options.today,
            velocities,
            cadence_days: timeline.cadence,
            first_end: timeline.first_end,
            runs,
            seed: options.seed,
            percentiles: options.percentiles.clone(),
            no_dates,
            epics,
            sprint: self.running_sprint(),
        }
    }

    /// One walk down the ranking: each epic's totals and the open points up
    /// to its last open story.
    fn tally<'a>(&'a self, order: impl Iterator<Item = &'a Story>) -> Vec<Tally<'a>> {
        let index: HashMap<&str, usize> = self
            .epics
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.as_str(), i))
            .collect();
        let mut tallies: Vec<Tally> = self
            .epics
            .iter()
            .map(|epic| Tally {
                epic,
                rank: None,
                done_points: 0.0,
                total_points: 0.0,
                remaining_points: 0.0,
                stories: 0,
                open_stories: 0,
                unestimated: Vec::new(),
                last_story: None,
                threshold: 0.0,
                ahead: 0.0,
            })
            .collect();
        let mut ahead = 0.0;
        for (rank, story) in order.enumerate() {
            let open = story.status != Status::Done;
            let points = story.points.unwrap_or(0.0);
            if open {
                ahead += points;
            }
            let Some(t) = story
                .epic
                .as_deref()
                .and_then(|e| index.get(e))
                .map(|i| &mut tallies[*i])
            else {
                continue;
            };
            t.stories += 1;
            t.total_points += points;
            if !open {
                t.done_points += points;
                continue;
            }
            t.open_stories += 1;
            t.remaining_points += points;
            if t.rank.is_none() {
                t.rank = Some(rank + 1);
                t.ahead = ahead - points;
            }
            t.last_story = Some(&story.key);
            t.threshold = ahead;
            if story.points.is_none() {
                t.unestimated.push(story.key.clone());
            }
        }
        tallies
    }

    /// The sprint in progress with its stories in rank order.
    fn running_sprint(&self) -> Option<RunningSprint> {
        let sprint = self.active_sprint()?;
        let stories = self
            .stories
            .iter()
            .filter(|s| s.sprint.as_deref() == Some(sprint.key.as_str()))
            .map(|s| SprintStory {
                key: s.key.clone(),
                title: s.title.clone(),
                points: s.points,
                status: s.status,
                epic: s.epic.clone(),
            })
            .collect();
        Some(RunningSprint {
            key: sprint.key.clone(),
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            end: sprint.end,
            stories,
        })
    }
}

/// Why the velocity history cannot give dates, if it cannot.
fn history_problem(velocities: &[f64]) -> Option<String> {
    if velocities.len() < MIN_HISTORY {
        Some(format!(
            "not enough history: {} closed {} with a velocity, {MIN_HISTORY} needed for dates",
            velocities.len(),
            if velocities.len() == 1 {
                "sprint"
            } else {
                "sprints"
            }
        ))
    } else if velocities.iter().all(|v| *v <= 0.0) {
        Some(format!(
            "not enough history: the last {} closed sprints finished no points",
            velocities.len()
        ))
    } else {
        None
    }
}

/// The smallest threshold above `points` of work ahead (0 stays 0: nothing
/// ahead, the epic starts now).
fn next_up(points: f64) -> f64 {
    if points > 0.0 {
        points * (1.0 + 1e-12) + 1e-9
    } else {
        0.0
    }
}
