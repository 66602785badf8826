//! A team's history for metrics, forecast and roadmap tests: dated
//! sprints, each closed with the points done in it.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use po::model::{Backlog, Status, Story};

use super::sprint;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
}

/// Adds an open story with points (and an epic) at the bottom; returns its key.
pub fn story(
    b: &mut Backlog,
    points: Option<f64>,
    epic: Option<&str>,
    created: NaiveDate,
) -> String {
    let mut s: Story = b.new_story("a story", at(created, 9));
    s.points = points;
    s.epic = epic.map(str::to_string);
    let key = s.key.clone();
    b.insert_story(usize::MAX, s).unwrap();
    key
}

/// Adds a planned sprint with dates and a capacity; returns its key.
pub fn dated_sprint(b: &mut Backlog, start: NaiveDate, days: i64, capacity: Option<f64>) -> String {
    let mut s = sprint("Sprint");
    s.start = Some(start);
    s.end = Some(start + TimeDelta::days(days - 1));
    s.capacity = capacity;
    b.add_sprint(s).unwrap();
    b.sprints.last().unwrap().key.clone()
}

pub fn done(b: &mut Backlog, key: &str, when: DateTime<Utc>) {
    b.update_story(key, when, |s| s.status = Status::Done)
        .unwrap();
}

/// A team history: one two-week sprint per velocity, each with one story of
/// that many points, started, done and closed through the model.
pub fn history(velocities: &[f64]) -> Backlog {
    let mut b = Backlog::new("Acme");
    b.add_epic("Checkout", "").unwrap();
    let first = date(2026, 1, 5);
    for (j, &v) in velocities.iter().enumerate() {
        let start = first + TimeDelta::days(14 * j as i64);
        let sp = dated_sprint(&mut b, start, 12, Some(30.0));
        let s = story(&mut b, Some(v), None, start - TimeDelta::days(10));
        b.add_to_sprint(&sp, &[&s], at(start, 8)).unwrap();
        b.start_sprint(&sp, at(start, 9)).unwrap();
        done(&mut b, &s, at(start + TimeDelta::days(3), 15));
        b.close_sprint(&sp, None, at(start + TimeDelta::days(11), 17))
            .unwrap();
    }
    b
}
