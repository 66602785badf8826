//! The Monte Carlo core shared by the forecast, the roadmap and the what-if:
//! simulated sprints each deliver a past sprint's velocity picked at random,
//! and a run records the sprint in which each point threshold is reached.

use chrono::{NaiveDate, TimeDelta};

use super::forecast::{Level, MAX_SPRINTS, Percentiles};
use super::metrics::percentile;

/// When the counted sprints end and how much of the first one is still ahead.
pub(super) struct Timeline {
    pub first_end: NaiveDate,
    pub first_fraction: f64,
    pub cadence: i64,
}

impl Timeline {
    /// The end of the `n`-th sprint counted (1-based); `None` beyond
    /// [`MAX_SPRINTS`] or the calendar.
    pub fn end_of(&self, n: u32) -> Option<NaiveDate> {
        if n > MAX_SPRINTS {
            return None;
        }
        add_days(
            self.first_end,
            i64::from(n.saturating_sub(1)) * self.cadence,
        )
    }

    /// Sprints that end on or before `date`.
    pub fn sprints_by(&self, date: NaiveDate) -> u32 {
        if date < self.first_end {
            return 0;
        }
        let n = (date - self.first_end).num_days() / self.cadence + 1;
        u32::try_from(n).unwrap_or(MAX_SPRINTS).min(MAX_SPRINTS)
    }
}

/// `date` plus `days`, or `None` past the calendar's end (chrono's maximum).
pub(super) fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(TimeDelta::try_days(days)?)
}

/// One simulated sprint's points; the first sprint only has its days ahead.
pub(super) fn draw(velocities: &[f64], rng: &mut Rng, n: u32, timeline: &Timeline) -> f64 {
    let v = velocities[rng.below(velocities.len())];
    if n == 0 {
        v * timeline.first_fraction
    } else {
        v
    }
}

/// For each threshold (cumulative points in rank order), the number of
/// sprints each run needed to reach it, sorted ascending; `MAX_SPRINTS + 1`
/// for a run that did not get there. One sequence of draws per run serves
/// every threshold, so thresholds further down the ranking never finish
/// before those above them in the same run. A threshold of 0 (only
/// unestimated work ahead) finishes in the first sprint.
pub(super) fn finish_sprints(
    velocities: &[f64],
    thresholds: &[f64],
    timeline: &Timeline,
    runs: usize,
    rng: &mut Rng,
) -> Vec<Vec<u32>> {
    let mut order: Vec<usize> = (0..thresholds.len()).collect();
    order.sort_by(|a, b| thresholds[*a].total_cmp(&thresholds[*b]));
    let mut needed: Vec<Vec<u32>> = vec![Vec::with_capacity(runs); thresholds.len()];
    for _ in 0..runs {
        let mut done = 0.0;
        let mut n = 0;
        for &i in &order {
            while done < thresholds[i] && n <= MAX_SPRINTS {
                if n == MAX_SPRINTS {
                    n += 1;
                    break;
                }
                done += draw(velocities, rng, n, timeline);
                n += 1;
            }
            needed[i].push(n.max(1));
        }
    }
    for runs in &mut needed {
        runs.sort_unstable();
    }
    needed
}

/// The p50/p85/p95 sprint counts of sorted run results and the dates their
/// sprints end; `None` beyond [`MAX_SPRINTS`].
pub(super) fn spread(
    sorted: &[u32],
    timeline: &Timeline,
) -> (Percentiles<Option<u32>>, Percentiles<Option<NaiveDate>>) {
    let sprints = |p| {
        (!sorted.is_empty())
            .then(|| percentile(sorted, p))
            .filter(|n| *n <= MAX_SPRINTS)
    };
    let sprints = Percentiles {
        p50: sprints(0.50),
        p85: sprints(0.85),
        p95: sprints(0.95),
    };
    let date = |n: Option<u32>| n.and_then(|n| timeline.end_of(n));
    let dates = Percentiles {
        p50: date(sprints.p50),
        p85: date(sprints.p85),
        p95: date(sprints.p95),
    };
    (sprints, dates)
}

/// The sprint counts of sorted run results at each of `percentiles` (1 to
/// 99) and the dates their sprints end; `None` beyond [`MAX_SPRINTS`].
pub(super) fn levels(sorted: &[u32], timeline: &Timeline, percentiles: &[u8]) -> Vec<Level> {
    percentiles
        .iter()
        .map(|&p| {
            let sprints = (!sorted.is_empty())
                .then(|| percentile(sorted, f64::from(p) / 100.0))
                .filter(|n| *n <= MAX_SPRINTS);
            Level {
                percentile: p,
                sprints,
                date: sprints.and_then(|n| timeline.end_of(n)),
            }
        })
        .collect()
}

/// splitmix64: tiny, fast, and the same numbers for a seed on every platform.
pub(super) struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
