//! Team histories for the tests of the numbers a product owner shows:
//! sprints started, worked and closed through the model, as po would.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use po::model::{Backlog, Sprint, Status};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
}

/// Adds an open story with points (and an epic) at the bottom; returns its key.
pub fn story(b: &mut Backlog, points: Option<f64>, epic: Option<&str>) -> String {
    let mut s = b.new_story("a story", at(date(2025, 12, 1), 9));
    s.points = points;
    s.epic = epic.map(str::to_string);
    let key = s.key.clone();
    b.insert_story(usize::MAX, s).unwrap();
    key
}

/// Adds a planned sprint of `days` days from `start`; returns its key.
pub fn planned(b: &mut Backlog, start: NaiveDate, days: i64) -> String {
    let mut s = Sprint::named("Sprint");
    s.start = Some(start);
    s.end = Some(start + TimeDelta::days(days - 1));
    s.capacity = Some(30.0);
    b.add_sprint(s).unwrap();
    b.sprints.last().unwrap().key.clone()
}

pub fn done(b: &mut Backlog, key: &str, when: DateTime<Utc>) {
    b.update_story(key, when, |s| s.status = Status::Done)
        .unwrap();
}

/// One two-week sprint per velocity from 5 Jan 2026, each with one story of
/// that many points, started, done and closed through the model.
pub fn history(velocities: &[f64]) -> Backlog {
    let mut b = Backlog::new("Acme");
    b.add_epic("Checkout", "").unwrap();
    let first = date(2026, 1, 5);
    for (j, &v) in velocities.iter().enumerate() {
        let start = first + TimeDelta::days(14 * j as i64);
        let sp = planned(&mut b, start, 12);
        let s = story(&mut b, Some(v), None);
        b.add_to_sprint(&sp, &[&s], at(start, 8)).unwrap();
        b.start_sprint(&sp, at(start, 9)).unwrap();
        done(&mut b, &s, at(start + TimeDelta::days(3), 15));
        b.close_sprint(&sp, None, at(start + TimeDelta::days(11), 17))
            .unwrap();
    }
    b
}

/// Eight closed sprints whose means differ for every window: the last 6
/// average 15, the last 3 average 18, all 8 average 21.25.
pub fn eight_sprints() -> Backlog {
    history(&[40.0, 40.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0])
}
