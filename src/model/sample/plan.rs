//! Where the sample's stories go: how many per sprint, the sprint dates, and
//! the blocks of the final ranking.

use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

use super::rng::Rng;
use crate::model::{Status, Story};

/// Days from one sprint's start to the next one's: two weeks.
const SPRINT_DAYS: i64 = 14;
/// A sprint runs from a Monday to the Friday of the following week.
const SPRINT_LENGTH: i64 = 11;
/// What a story is for in the sample: done in a closed sprint, in the active
/// or planned sprint, or waiting in the backlog at some depth.
#[derive(Clone, Copy, Debug)]
pub(super) enum Role {
    Closed(usize),
    /// In the active sprint, with the status it has reached.
    Active(Status),
    Planned,
    /// 0-based position among the backlog stories.
    Backlog(usize),
}

/// A story before it has content: when it was created and what it is for.
pub(super) struct Draft {
    pub(super) created: DateTime<Utc>,
    pub(super) role: Role,
}

/// How many stories go where.
pub(super) struct Plan {
    pub(super) closed: Vec<usize>,
    pub(super) active: usize,
    pub(super) planned: usize,
    pub(super) backlog: usize,
}

impl Plan {
    /// About a third of a small backlog is history; big ones keep a team-sized history.
    pub(super) fn new(n: usize, rng: &mut Rng) -> Plan {
        let sprints = if n == 0 { 0 } else { (n / 10).clamp(1, 6) };
        let per_sprint = (n * 35 / 100 / sprints.max(1)).clamp(1, 8);
        let mut left = n;
        let mut take = |want: usize| {
            let got = want.min(left);
            left -= got;
            got
        };
        // Teams vary: one story more or less per sprint, and the points vary too.
        let closed = (0..sprints)
            .map(|_| take((per_sprint + rng.below(3)).saturating_sub(1).max(1)))
            .collect();
        let active = take((n / 8).clamp(1, 8));
        let planned = take((n / 10).clamp(1, 6));
        Plan {
            closed,
            active,
            planned,
            backlog: left,
        }
    }
}

/// Sprint dates: the closed ones, then the active one, then the planned one.
pub(super) struct Calendar {
    pub(super) today: NaiveDate,
    pub(super) windows: Vec<(NaiveDate, NaiveDate)>,
    pub(super) closed: usize,
    pub(super) origin: NaiveDate,
}

impl Calendar {
    pub(super) fn new(today: NaiveDate, closed: usize, with_sprints: bool) -> Calendar {
        // The active sprint started on a Monday at least two days ago.
        let weekday = i64::from(today.weekday().num_days_from_monday());
        let active_start =
            today - TimeDelta::days(if weekday >= 2 { weekday } else { weekday + 7 });
        let window = |start: NaiveDate| (start, start + TimeDelta::days(SPRINT_LENGTH));
        let mut windows = Vec::new();
        if with_sprints {
            for j in 0..closed {
                let back = SPRINT_DAYS * (closed - j) as i64;
                windows.push(window(active_start - TimeDelta::days(back)));
            }
            windows.push(window(active_start));
            windows.push(window(active_start + TimeDelta::days(SPRINT_DAYS)));
        }
        let first = windows.first().map_or(active_start, |w| w.0);
        Calendar {
            today,
            windows,
            closed,
            origin: first - TimeDelta::days(75),
        }
    }

    pub(super) fn active(&self) -> (NaiveDate, NaiveDate) {
        self.windows
            .get(self.closed)
            .copied()
            .unwrap_or((self.today, self.today))
    }

    pub(super) fn yesterday(&self) -> NaiveDate {
        self.today - TimeDelta::days(1)
    }
}

/// Stories sorted into the blocks of the final ranking.
pub(super) struct Groups {
    pub(super) closed: Vec<Vec<Arc<Story>>>,
    pub(super) active: Vec<Arc<Story>>,
    pub(super) planned: Vec<Arc<Story>>,
    pub(super) backlog: Vec<Option<Arc<Story>>>,
}

impl Groups {
    pub(super) fn new(plan: &Plan) -> Groups {
        Groups {
            closed: plan.closed.iter().map(|&c| Vec::with_capacity(c)).collect(),
            active: Vec::new(),
            planned: Vec::new(),
            backlog: (0..plan.backlog).map(|_| None).collect(),
        }
    }

    pub(super) fn put(&mut self, role: Role, story: Story) {
        let story = Arc::new(story);
        match role {
            Role::Closed(j) => self.closed[j].push(story),
            Role::Active(_) => self.active.push(story),
            Role::Planned => self.planned.push(story),
            Role::Backlog(depth) => self.backlog[depth] = Some(story),
        }
    }

    /// The ranking a team would have after using po for a while: open work
    /// first (the active sprint's, the next sprint's, the rest of the
    /// backlog), then the done work in the order it was done: the active
    /// sprint's, above the closed sprints' (each sprint's done stories were
    /// sent to the bottom as it closed, so the latest sit highest). No done
    /// story ranks above an open one.
    pub(super) fn into_rank_order(self) -> Vec<Arc<Story>> {
        let mut ranked = Vec::new();
        let (mut active_done, mut active): (Vec<_>, Vec<_>) = self
            .active
            .into_iter()
            .partition(|s| s.status == Status::Done);
        active.sort_by_key(|s| s.status != Status::InProgress);
        ranked.extend(active);
        ranked.extend(self.planned);
        ranked.extend(self.backlog.into_iter().flatten());
        active_done.sort_by_key(|s| s.done_at);
        ranked.extend(active_done);
        for mut sprint in self.closed.into_iter().rev() {
            sprint.sort_by_key(|s| s.done_at);
            ranked.extend(sprint);
        }
        ranked
    }
}
