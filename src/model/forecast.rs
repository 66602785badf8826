//! Looking ahead: when will the remaining backlog (or an epic) be done?
//!
//! A Monte Carlo simulation replays the team's past sprints: each simulated
//! sprint delivers the velocity of a past sprint picked at random (with
//! replacement), until the remaining points are covered. Over many runs this
//! gives a distribution, reported as p50/p85/p95 numbers of sprints and end
//! dates. The same seed gives the same forecast. With fewer than
//! [`MIN_HISTORY`] closed sprints there is too little to resample, and the
//! forecast is a plain range from the sprint capacity instead.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;

use super::metrics::{VELOCITY_WINDOW, percentile, velocity_label};
use super::simulate::{Rng, Timeline, add_days, draw, finish_sprints, levels, spread};
use super::{Backlog, ModelError, Sprint, SprintState, Status};

/// Closed sprints needed before po resamples their velocities.
pub const MIN_HISTORY: usize = 3;
/// Simulated runs by default.
pub const DEFAULT_RUNS: usize = 10_000;
/// The most runs allowed, so that a forecast stays well under a second.
pub const MAX_RUNS: usize = 100_000;
/// A run stops after this many sprints (20 years of two-week sprints);
/// beyond it the forecast says "more than" rather than a date.
pub const MAX_SPRINTS: u32 = 520;
/// Days between sprint starts when the sprints do not say.
const DEFAULT_CADENCE: i64 = 14;
/// The percentiles reported unless config.toml's `[forecast] percentiles`
/// says otherwise; the roadmap and the what-if show the first two.
pub const DEFAULT_PERCENTILES: [u8; 3] = [50, 85, 95];
/// The most percentiles one forecast reports (a table row holds them).
pub const MAX_PERCENTILES: usize = 5;

static PERCENTILES: OnceLock<Vec<u8>> = OnceLock::new();

/// Sets this process's percentiles from the user's settings (checked there:
/// 1 to 99, ascending). Called once at start, like `ready::configure`; a
/// later call is ignored, so the figures never change under a session.
pub fn configure(percentiles: &[u8]) {
    let _ = PERCENTILES.set(percentiles.to_vec());
}

/// The percentiles in effect: the configured ones, else [`DEFAULT_PERCENTILES`].
pub fn percentiles() -> &'static [u8] {
    PERCENTILES.get_or_init(|| DEFAULT_PERCENTILES.to_vec())
}

/// What to forecast and how.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastOptions {
    /// Only the stories of this epic; `None` for the whole backlog.
    pub epic: Option<String>,
    pub runs: usize,
    pub seed: u64,
    /// How many recent closed sprints to resample: the velocity window.
    pub history: usize,
    /// Also answer "what fits by this date?".
    pub by: Option<NaiveDate>,
    /// The day the forecast is made.
    pub today: NaiveDate,
    /// The percentiles to report, ascending (the roadmap draws the first two).
    pub percentiles: Vec<u8>,
}

impl ForecastOptions {
    /// The defaults: the whole backlog, 10,000 runs, seed 1, the velocity
    /// window ([`VELOCITY_WINDOW`] sprints), the configured [`percentiles`].
    pub fn new(today: NaiveDate) -> ForecastOptions {
        ForecastOptions {
            epic: None,
            runs: DEFAULT_RUNS,
            seed: 1,
            history: VELOCITY_WINDOW,
            by: None,
            today,
            percentiles: percentiles().to_vec(),
        }
    }
}

/// The 50th, 85th and 95th percentiles of an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Percentiles<T> {
    pub p50: T,
    pub p85: T,
    pub p95: T,
}

/// One reported percentile of a forecast: the sprints needed in that share
/// of the runs and the date the last of them ends; `None` beyond
/// [`MAX_SPRINTS`] sprints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Level {
    /// 1 to 99: this share of the runs finished within `sprints`.
    pub percentile: u8,
    pub sprints: Option<u32>,
    pub date: Option<NaiveDate>,
}

impl Level {
    /// "p85".
    pub fn name(&self) -> String {
        format!("p{}", self.percentile)
    }
}

/// How the forecast came out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Outcome {
    /// Nothing remains to be done.
    Done,
    /// Stories remain, but none of them has an estimate, so there are no
    /// points to forecast: these keys, in rank order.
    Unestimated { stories: Vec<String> },
    /// Resampled past velocities. `None` means more than [`MAX_SPRINTS`].
    /// `sprints` and `dates` are always p50/p85/p95 (for scripts that read
    /// them); `percentiles` are the configured ones, in order.
    MonteCarlo {
        runs: usize,
        seed: u64,
        sprints: Percentiles<Option<u32>>,
        dates: Percentiles<Option<NaiveDate>>,
        percentiles: Vec<Level>,
    },
    /// Too little history: between doing the full capacity each sprint
    /// (`fewest`) and half of it (`most`).
    Range {
        capacity: f64,
        fewest: Option<u32>,
        most: Option<u32>,
        earliest: Option<NaiveDate>,
        latest: Option<NaiveDate>,
    },
    /// No forecast is possible, and why.
    Unknown { reason: String },
}

/// What fits by a date, at several levels of confidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitsBy {
    pub date: NaiveDate,
    /// Sprints that end on or before the date.
    pub sprints: u32,
    /// Most certain first.
    pub levels: Vec<Fit>,
}

/// How much work fits, at one level of confidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// "95% likely", "85% likely", "50% likely", or for a range "at half capacity", "at full capacity".
    pub label: String,
    pub points: f64,
    /// How many remaining stories, in rank order, fit in those points.
    pub stories: usize,
    /// The last story that fits.
    pub through: Option<String>,
}

/// A forecast for the remaining work of the backlog or an epic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast {
    /// The epic forecast, or `None` for the whole backlog.
    pub epic: Option<String>,
    pub remaining_points: f64,
    pub remaining_stories: usize,
    /// Remaining stories without an estimate: not in `remaining_points`.
    pub unestimated: usize,
    /// The past velocities resampled, oldest first.
    pub velocities: Vec<f64>,
    /// Days from one sprint's start to the next.
    pub cadence_days: i64,
    /// The end of the first sprint counted: the active sprint's if there is
    /// one (only the part of it still ahead counts), else the next one's.
    pub first_end: NaiveDate,
    pub outcome: Outcome,
    pub by: Option<FitsBy>,
    /// Caveats to show with the numbers, e.g. too little history.
    pub notes: Vec<String>,
}

impl Forecast {
    /// The velocity the forecast resampled, named with its window:
    /// "14.5 (last 4 sprints)". `None` without a closed sprint.
    pub fn velocity(&self) -> Option<String> {
        let n = self.velocities.len();
        (n > 0).then(|| {
            let sum = self.velocities.iter().fold(0.0, |sum, v| sum + v);
            velocity_label(sum / n as f64, n)
        })
    }

    /// The end date of the `n`-th sprint counted (1-based); `None` past the
    /// last date po can count (chrono's maximum, in the year 262142).
    pub fn sprint_end(&self, n: u32) -> Option<NaiveDate> {
        add_days(
            self.first_end,
            i64::from(n.saturating_sub(1)) * self.cadence_days,
        )
    }
}

/// "1 closed sprint", "2 closed sprints".
fn closed_sprints(n: usize) -> String {
    super::number::count(n, "closed sprint", "closed sprints")
}

impl Backlog {
    /// Forecasts when the remaining (not done) stories of the backlog or of
    /// an epic will be done. Refused only for an epic that does not exist.
    pub fn forecast(&self, options: &ForecastOptions) -> Result<Forecast, ModelError> {
        if let Some(epic) = &options.epic
            && self.epic(epic).is_none()
        {
            return Err(ModelError::NoSuchEpic(epic.clone()));
        }
        let remaining: Vec<(&str, f64)> = self
            .stories
            .iter()
            .filter(|s| s.status != Status::Done)
            .filter(|s| options.epic.is_none() || s.epic == options.epic)
            .map(|s| (s.key.as_str(), s.points.unwrap_or(0.0)))
            .collect();
        // Folded from 0.0, not summed: an empty f64 sum is -0.0, shown as "-0".
        let remaining_points = remaining.iter().fold(0.0, |sum, (_, p)| sum + p);
        let unestimated_keys: Vec<String> = self
            .stories
            .iter()
            .filter(|s| s.status != Status::Done && s.points.is_none())
            .filter(|s| options.epic.is_none() || s.epic == options.epic)
            .map(|s| s.key.clone())
            .collect();
        let unestimated = unestimated_keys.len();
        let velocities = self.past_velocities(options.history);
        let timeline = self.timeline(options.today);
        let mut notes = Vec::new();
        if unestimated > 0 && remaining_points > 0.0 {
            notes.push(format!(
                "{unestimated} remaining stories have no estimate and are not counted"
            ));
        }
        let mut rng = Rng(options.seed);
        let runs = options.runs.clamp(1, MAX_RUNS);
        let (outcome, by) = if remaining.is_empty() {
            (Outcome::Done, None)
        } else if remaining_points <= 0.0 && unestimated > 0 {
            let stories = unestimated_keys;
            (Outcome::Unestimated { stories }, None)
        } else if remaining_points <= 0.0 {
            // Only 0-point stories are left: estimated as no work at all.
            (Outcome::Done, None)
        } else if velocities.len() >= MIN_HISTORY {
            if velocities.iter().all(|v| *v <= 0.0) {
                let reason = format!(
                    "the last {} closed sprints finished no points",
                    velocities.len()
                );
                (Outcome::Unknown { reason }, None)
            } else {
                let outcome = monte_carlo(
                    &velocities,
                    remaining_points,
                    &timeline,
                    (runs, options.seed),
                    &options.percentiles,
                    &mut rng,
                );
                let by = options.by.map(|date| {
                    let at = (date, options.percentiles.as_slice());
                    fits_by_simulated(at, &velocities, &timeline, runs, &mut rng, &remaining)
                });
                (outcome, by)
            }
        } else {
            match self.forecast_capacity() {
                Some(capacity) if capacity > 0.0 => {
                    notes.push(format!(
                        "only {} ({MIN_HISTORY} needed to resample velocities): \
                         a range from the sprint capacity instead",
                        closed_sprints(velocities.len())
                    ));
                    let sprints_for = |per_sprint: f64| {
                        let n = (remaining_points / per_sprint).ceil();
                        (n <= f64::from(MAX_SPRINTS)).then_some(n as u32)
                    };
                    let fewest = sprints_for(capacity);
                    let most = sprints_for(capacity / 2.0);
                    let outcome = Outcome::Range {
                        capacity,
                        fewest,
                        most,
                        earliest: fewest.and_then(|n| timeline.end_of(n)),
                        latest: most.and_then(|n| timeline.end_of(n)),
                    };
                    let by = options
                        .by
                        .map(|date| fits_by_capacity(date, capacity, &timeline, &remaining));
                    (outcome, by)
                }
                _ => {
                    // Said as it is: an import brings closed sprints but no
                    // capacity, and "no closed sprints" would contradict
                    // the velocities `po stats` shows.
                    let history = match velocities.len() {
                        0 => "no closed sprints to learn from".to_string(),
                        n => format!(
                            "only {} to learn from ({MIN_HISTORY} needed)",
                            closed_sprints(n)
                        ),
                    };
                    let reason = format!(
                        "{history} and no sprint capacity: give a sprint a capacity \
                         or close more sprints"
                    );
                    (Outcome::Unknown { reason }, None)
                }
            }
        };
        Ok(Forecast {
            epic: options.epic.clone(),
            remaining_points,
            remaining_stories: remaining.len(),
            unestimated,
            velocities,
            cadence_days: timeline.cadence,
            first_end: timeline.first_end,
            outcome,
            by,
            notes,
        })
    }

    /// The capacity the fallback range uses: the active sprint's, else the
    /// next planned one's, else the latest sprint's that has one.
    fn forecast_capacity(&self) -> Option<f64> {
        self.active_sprint()
            .and_then(|s| s.capacity)
            .or_else(|| self.next_planned_sprint().and_then(|s| s.capacity))
            .or_else(|| self.sprints.iter().rev().find_map(|s| s.capacity))
    }

    /// When the counted sprints end: the first is the active sprint (only its
    /// days still ahead count), else the next planned one, else one starting today.
    pub(super) fn timeline(&self, today: NaiveDate) -> Timeline {
        let cadence = self.cadence();
        if let Some(active) = self.active_sprint()
            && let (Some(start), Some(end)) = (active.actual_start(), active.end)
            && end >= today
        {
            let length = (end - start).num_days() + 1;
            let ahead = (end - today).num_days() + 1;
            return Timeline {
                first_end: end,
                first_fraction: (ahead as f64 / length.max(1) as f64).clamp(0.0, 1.0),
                cadence,
            };
        }
        let planned_end = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Planned)
            .filter_map(|s| s.end)
            .find(|end| *end >= today);
        Timeline {
            // A date at the calendar's end saturates instead of overflowing.
            first_end: planned_end
                .unwrap_or_else(|| add_days(today, cadence - 1).unwrap_or(NaiveDate::MAX)),
            first_fraction: 1.0,
            cadence,
        }
    }

    /// Days from one sprint's start to the next: from the two latest start
    /// dates, else one sprint's length rounded up to whole weeks, else 14.
    fn cadence(&self) -> i64 {
        let mut starts: Vec<NaiveDate> = self
            .sprints
            .iter()
            .filter_map(Sprint::actual_start)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        if let [.., a, b] = starts[..] {
            let days = (b - a).num_days();
            if (1..=366).contains(&days) {
                return days;
            }
        }
        self.sprints
            .iter()
            .rev()
            .find_map(|s| {
                let days = (s.end? - s.start?).num_days() + 1;
                (1..=366).contains(&days).then(|| (days + 6) / 7 * 7)
            })
            .unwrap_or(DEFAULT_CADENCE)
    }
}

/// Runs the simulation: per run, sprints until the remaining points are covered.
fn monte_carlo(
    velocities: &[f64],
    remaining: f64,
    timeline: &Timeline,
    (runs, seed): (usize, u64),
    percentiles: &[u8],
    rng: &mut Rng,
) -> Outcome {
    let needed = finish_sprints(velocities, &[remaining], timeline, runs, rng)
        .pop()
        .unwrap_or_default();
    let (sprints, dates) = spread(&needed, timeline);
    Outcome::MonteCarlo {
        runs,
        seed,
        dates,
        sprints,
        percentiles: levels(&needed, timeline, percentiles),
    }
}

/// "What fits by `date`" from simulated points: the points done by then in
/// each percentile's share of the runs (95%, 85% and 50% by default), most
/// certain first.
fn fits_by_simulated(
    (date, percentiles): (NaiveDate, &[u8]),
    velocities: &[f64],
    timeline: &Timeline,
    runs: usize,
    rng: &mut Rng,
    remaining: &[(&str, f64)],
) -> FitsBy {
    let sprints = timeline.sprints_by(date);
    let mut totals: Vec<f64> = (0..runs)
        .map(|_| {
            (0..sprints)
                .map(|n| draw(velocities, rng, n, timeline))
                .sum()
        })
        .collect();
    totals.sort_by(f64::total_cmp);
    let levels = percentiles
        .iter()
        .rev()
        .map(|&p| {
            let label = format!("{p}% likely");
            // Done in p% of the runs: at least the (100 - p)th percentile.
            let points = percentile(&totals, f64::from(100u8.saturating_sub(p)) / 100.0);
            fit(&label, points, remaining)
        })
        .collect();
    FitsBy {
        date,
        sprints,
        levels,
    }
}

/// "What fits by `date`" between half and full capacity per sprint.
fn fits_by_capacity(
    date: NaiveDate,
    capacity: f64,
    timeline: &Timeline,
    remaining: &[(&str, f64)],
) -> FitsBy {
    let sprints = timeline.sprints_by(date);
    let total = if sprints == 0 {
        0.0
    } else {
        capacity * (timeline.first_fraction + f64::from(sprints - 1))
    };
    FitsBy {
        date,
        sprints,
        levels: vec![
            fit("at half capacity", total / 2.0, remaining),
            fit("at full capacity", total, remaining),
        ],
    }
}

/// How many of the remaining stories, in rank order, fit in `points`.
pub(super) fn fit(label: &str, points: f64, remaining: &[(&str, f64)]) -> Fit {
    let mut used = 0.0;
    let mut stories = 0;
    let mut through = None;
    for &(key, p) in remaining {
        if used + p > points {
            break;
        }
        used += p;
        stories += 1;
        through = Some(key.to_string());
    }
    Fit {
        label: label.to_string(),
        points,
        stories,
        through,
    }
}
