//! The stakeholder update (`po report --since DATE`): what shipped since a
//! date and who asked for it, the requests received and decided with the
//! reasons, and the roadmap's dates with how they moved since the sprint
//! close nearest before that date.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::forecast::ForecastOptions;
use super::what_if::shifts;
use super::{Backlog, EpicShift, Request, Roadmap, SprintState, Status, Story};

/// Everything the update says.
#[derive(Clone, Debug)]
pub struct Report {
    pub since: NaiveDate,
    pub today: NaiveDate,
    /// Stories done on or after `since`, oldest first.
    pub shipped: Vec<Shipped>,
    /// Requests received on or after `since`, oldest first.
    pub received: Vec<Request>,
    /// Older requests decided on or after `since`.
    pub decided: Vec<Request>,
    /// The roadmap now.
    pub roadmap: Roadmap,
    /// The sprint whose close the dates are compared with (the last one on
    /// or before `since`, else the first after it), and each epic's dates
    /// then → now; `None` when no sprint has closed.
    pub moved: Option<(String, Vec<EpicShift>)>,
}

/// A story done since the date.
#[derive(Clone, Debug)]
pub struct Shipped {
    pub key: String,
    pub title: String,
    pub epic: Option<String>,
    pub done: NaiveDate,
    pub requested_by: String,
    /// The request it was accepted from.
    pub request: Option<String>,
}

impl Backlog {
    /// The stakeholder update since `since`, as of `options.today`.
    pub fn report(&self, since: NaiveDate, options: &ForecastOptions) -> Report {
        let on_or_after = |t: DateTime<Utc>| t.date_naive() >= since;
        let mut shipped: Vec<Shipped> = self
            .stories
            .iter()
            .filter(|s| s.status == Status::Done)
            .filter_map(|s| s.done_at.filter(|t| on_or_after(*t)).map(|t| (s, t)))
            .map(|(s, t)| Shipped {
                key: s.key.clone(),
                title: s.title.clone(),
                epic: s.epic.clone(),
                done: t.date_naive(),
                requested_by: s.requested_by.clone(),
                request: s.request.clone(),
            })
            .collect();
        shipped.sort_by_key(|s| s.done);
        let mut received: Vec<Request> = self
            .requests
            .iter()
            .filter(|r| on_or_after(r.received))
            .cloned()
            .collect();
        received.sort_by_key(|r| r.received);
        let mut decided: Vec<Request> = self
            .requests
            .iter()
            .filter(|r| !on_or_after(r.received) && r.decided.is_some_and(on_or_after))
            .cloned()
            .collect();
        decided.sort_by_key(|r| r.decided);
        let roadmap = self.roadmap(options);
        let moved = self.close_to_compare(since).map(|(key, at)| {
            let then = ForecastOptions {
                today: at.date_naive(),
                ..options.clone()
            };
            (key, shifts(&self.as_of(at).roadmap(&then), &roadmap))
        });
        Report {
            since,
            today: options.today,
            shipped,
            received,
            decided,
            roadmap,
            moved,
        }
    }

    /// The sprint close the roadmap's dates are compared with, and when: the
    /// last one on or before `since` (the roadmap the stakeholders saw at
    /// their previous update), else the first one after it. Not simply the
    /// last close: the update is usually written right after closing a
    /// sprint, and every date would then be "unchanged".
    fn close_to_compare(&self, since: NaiveDate) -> Option<(String, DateTime<Utc>)> {
        let closes = self.closes();
        let by_then = closes
            .iter()
            .filter(|(_, at)| at.date_naive() <= since)
            .max_by_key(|(_, at)| *at);
        let after = || {
            closes
                .iter()
                .filter(|(_, at)| at.date_naive() > since)
                .min_by_key(|(_, at)| *at)
        };
        by_then.or_else(after).cloned()
    }

    /// Every closed sprint with when it closed (its planned end's last
    /// second when po did not record the close).
    fn closes(&self) -> Vec<(String, DateTime<Utc>)> {
        self.sprints
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .filter_map(|s| {
                let at = s.record.closed_at.or_else(|| {
                    s.end
                        .and_then(|d| d.and_hms_opt(23, 59, 59))
                        .map(|t| t.and_utc())
                })?;
                Some((s.key.clone(), at))
            })
            .collect()
    }

    /// The backlog as it stood at `moment`, as far as the file can tell:
    /// stories created later left out, stories done later still open,
    /// sprints closed or started later not yet so. Ranks are today's: the
    /// file keeps no history of them.
    pub fn as_of(&self, moment: DateTime<Utc>) -> Backlog {
        let mut then = self.clone();
        then.stories.retain(|s| s.created <= moment);
        for story in &mut then.stories {
            if story.done_at.is_some_and(|t| t > moment) {
                let s: &mut Story = Arc::make_mut(story);
                s.status = Status::Todo;
                s.done_at = None;
            }
        }
        for sprint in &mut then.sprints {
            let started = sprint.record.started_at.is_none_or(|t| t <= moment);
            let closed = sprint.record.closed_at.is_none_or(|t| t <= moment);
            if sprint.state == SprintState::Closed && !closed {
                sprint.state = SprintState::Active;
                sprint.record.closed_at = None;
            }
            if sprint.state == SprintState::Active && !started {
                sprint.state = SprintState::Planned;
            }
        }
        then.requests.retain(|r| r.received <= moment);
        then
    }
}
