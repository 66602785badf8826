//! Shared by the model tests: a backlog of numbered stories and undo checks.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use po::model::{Backlog, Change, Sprint};

pub mod history;

pub fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 9, 30, 0).unwrap()
}

/// A backlog whose stories are S-1.. in rank order, one per title.
pub fn backlog_with(titles: &[&str]) -> Backlog {
    let mut backlog = Backlog::new("Acme");
    for title in titles {
        let story = backlog.new_story(title, day(1));
        backlog.insert_story(usize::MAX, story).unwrap();
    }
    backlog
}

pub fn ranks(backlog: &Backlog) -> Vec<&str> {
    backlog.stories.iter().map(|s| s.key.as_str()).collect()
}

/// Applies the inverse of `change` and checks the backlog is `before` again.
pub fn assert_undoes(backlog: &mut Backlog, change: &Change, before: &Backlog) {
    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog, before, "undoing '{}'", change.describe());
}

pub fn sprint(name: &str) -> Sprint {
    Sprint {
        capacity: Some(20.0),
        ..Sprint::named(name)
    }
}
