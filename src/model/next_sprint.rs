//! What a new sprint starts from, so planning one is a confirmation rather
//! than arithmetic: the next name in the series, dates that follow the last
//! sprint with the same length and weekday rhythm, and a capacity at the
//! team's average velocity.

use chrono::{Datelike, Days, NaiveDate};

use super::metrics::VELOCITY_WINDOW;
use super::{Backlog, Sprint};

impl Backlog {
    /// A planned sprint (not yet added) with the defaults for the next one:
    /// see [`Backlog::next_sprint_name`] and [`Backlog::next_sprint_dates`];
    /// the capacity is the velocity (the mean of the last [`VELOCITY_WINDOW`]
    /// closed sprints, as everywhere) to a tenth of a point, none without history.
    pub fn next_sprint_draft(&self) -> Sprint {
        let mut sprint = Sprint::named(&self.next_sprint_name());
        if let Some((start, end)) = self.next_sprint_dates() {
            sprint.start = Some(start);
            sprint.end = Some(end);
        }
        sprint.capacity = self
            .velocity(VELOCITY_WINDOW)
            .mean()
            .map(|v| (v * 10.0).round() / 10.0);
        sprint
    }

    /// [`Backlog::next_sprint_draft`], with what to start from when the
    /// backlog has nothing to follow: without a sprint to follow, a sprint
    /// of `length_days` from `today`; without a velocity, `capacity`.
    pub fn next_sprint_draft_or(
        &self,
        today: NaiveDate,
        length_days: u32,
        capacity: Option<f64>,
    ) -> Sprint {
        let mut sprint = self.next_sprint_draft();
        if sprint.start.is_none() && sprint.end.is_none() && length_days > 0 {
            sprint.start = Some(today);
            sprint.end = today.checked_add_days(Days::new(u64::from(length_days - 1)));
        }
        sprint.capacity = sprint.capacity.or(capacity);
        sprint
    }

    /// The name after the last sprint's: "Sprint 7" gives "Sprint 8" (the
    /// last number in the name counts up, the rest stays); without a number
    /// to count from, "Sprint N" with N one more than the sprints there are.
    pub fn next_sprint_name(&self) -> String {
        let counted = self.sprints.iter().rev().find_map(|s| {
            let name = s.name.trim_end();
            let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (prefix, number) = name.split_at(name.len() - digits);
            let next = number.parse::<u64>().ok()?.checked_add(1)?;
            Some(format!("{prefix}{next}"))
        });
        counted.unwrap_or_else(|| format!("Sprint {}", self.sprints.len() + 1))
    }

    /// Dates after the sprint that ends last: the new one starts on the first
    /// day after it that falls on the same weekday as it started (a Monday
    /// sprint stays a Monday sprint across weekends) and lasts as long.
    /// `None` when no sprint has both dates.
    pub fn next_sprint_dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (start, end) = self
            .sprints
            .iter()
            .filter_map(|s| Some((s.start?, s.end?)))
            .filter(|(start, end)| start <= end)
            .max_by_key(|&(start, end)| (end, start))?;
        let length = end.signed_duration_since(start).num_days().unsigned_abs();
        let after = end.checked_add_days(Days::new(1))?;
        let shift = (7 + start.weekday().num_days_from_monday()
            - after.weekday().num_days_from_monday())
            % 7;
        let next_start = after.checked_add_days(Days::new(u64::from(shift)))?;
        let next_end = next_start.checked_add_days(Days::new(length))?;
        Some((next_start, next_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_sprint_to_follow_the_draft_takes_the_configured_length_and_capacity() {
        let b = Backlog::new("P");
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let s = b.next_sprint_draft_or(today, 7, Some(20.0));
        assert_eq!(s.start, Some(today));
        assert_eq!(s.end, NaiveDate::from_ymd_opt(2026, 12, 6));
        assert_eq!(s.capacity, Some(20.0));
        let plain = b.next_sprint_draft();
        assert_eq!((plain.start, plain.end, plain.capacity), (None, None, None));
    }

    fn sprint(name: &str, start: Option<(i32, u32, u32)>, end: Option<(i32, u32, u32)>) -> Sprint {
        let date =
            |d: Option<(i32, u32, u32)>| d.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        Sprint {
            start: date(start),
            end: date(end),
            ..Sprint::named(name)
        }
    }

    #[test]
    fn the_next_name_counts_on_from_the_last_sprint() {
        let mut b = Backlog::new("x");
        assert_eq!(b.next_sprint_name(), "Sprint 1");
        b.sprints.push(sprint("Sprint 7", None, None));
        assert_eq!(b.next_sprint_name(), "Sprint 8");
        b.sprints.push(sprint("Release train 19", None, None));
        assert_eq!(b.next_sprint_name(), "Release train 20");
        b.sprints.push(sprint("Launch", None, None));
        assert_eq!(
            b.next_sprint_name(),
            "Release train 20",
            "the last numbered one counts"
        );
        b.sprints
            .push(sprint("Sprint 18446744073709551615", None, None));
        assert_eq!(b.next_sprint_name(), "Release train 20", "no overflow");
    }

    #[test]
    fn the_next_dates_follow_the_last_sprint_on_the_same_weekday() {
        let mut b = Backlog::new("x");
        assert_eq!(b.next_sprint_dates(), None);
        // Monday 2 Nov to Friday 13 Nov 2026, and an older one.
        b.sprints.push(sprint(
            "Sprint 2",
            Some((2026, 11, 2)),
            Some((2026, 11, 13)),
        ));
        b.sprints.push(sprint(
            "Sprint 1",
            Some((2026, 10, 19)),
            Some((2026, 10, 30)),
        ));
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(b.next_sprint_dates(), Some((day(11, 16), day(11, 27))));
        // Back-to-back sprints (Wednesday to Tuesday) stay back to back.
        b.sprints.push(sprint(
            "Sprint 3",
            Some((2026, 11, 18)),
            Some((2026, 12, 1)),
        ));
        assert_eq!(b.next_sprint_dates(), Some((day(12, 2), day(12, 15))));
    }
}
