//! The running sprint's day-to-day in the sample: who works on what, when
//! each story entered its column, and one blocker, so the board and
//! `po standup` show assignees, ageing and what moved from the first run.

use chrono::{DateTime, Datelike, TimeDelta, Utc, Weekday};
use serde_json::Map;

use super::Generator;
use super::catalog::{BLOCKERS, TEAM};
use super::plan::Calendar;
use crate::model::{Blocked, Status, StatusChange, Story};

impl Generator {
    /// For a story of the running sprint that someone has picked up (in
    /// progress or done): an assignee and its status history; the first one
    /// in progress also waits on something.
    pub(super) fn daily_work(&mut self, s: &mut Story, cal: &Calendar) {
        if s.status == Status::Todo {
            return;
        }
        s.assignee = Some(self.daily.pick(TEAM).to_string());
        let sprint_start = cal.active().0;
        match s.done_at {
            Some(done) => {
                let started = self
                    .daily
                    .moment(sprint_start, done.date_naive())
                    .min(done - TimeDelta::hours(1))
                    .max(s.created);
                s.status_history = vec![
                    change(Status::InProgress, started),
                    change(Status::Done, done),
                ];
            }
            None => {
                // `updated` is already a time in this sprint: the move to in progress.
                s.status_history = vec![change(Status::InProgress, s.updated)];
                if !self.blocked_one {
                    self.blocked_one = true;
                    let since = self.daily.moment(s.updated.date_naive(), cal.yesterday());
                    s.blocked = Some(Blocked {
                        reason: self.daily.pick(BLOCKERS).to_string(),
                        since: on_a_working_day(since).max(s.updated),
                        extra: Map::new(),
                    });
                }
            }
        }
    }
}

/// `at`, or the Friday before when it falls on a weekend: teams mark
/// blockers at work.
fn on_a_working_day(at: DateTime<Utc>) -> DateTime<Utc> {
    let back = match at.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    at - TimeDelta::days(back)
}

fn change(status: Status, at: DateTime<Utc>) -> StatusChange {
    StatusChange { status, at }
}
