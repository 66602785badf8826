//! The running sprint as the daily standup sees it: how long each story has
//! been in its column (in working days, weekends excluded as in the
//! burndown), what moved since a day, blockers and assignees.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

use super::{Backlog, Blocked, Change, ModelError, Status, Story};

/// A story in progress for at least this many working days stands out on
/// the board as ageing.
pub const AGEING_IN_PROGRESS: i64 = 3;

/// Monday to Friday: the days the burndown and the ageing count.
pub fn is_working_day(day: NaiveDate) -> bool {
    day.weekday().number_from_monday() <= 5
}

/// The working days after `from` up to and including `to` (0 when `to` is
/// not after `from`): a story that moved on Friday is 1 working day old on
/// Monday, whatever it did over the weekend.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to <= from {
        return 0;
    }
    // Whole weeks hold five working days each; only the rest is walked, so
    // absurd dates cost nothing.
    let days = (to - from).num_days();
    let mut count = days / 7 * 5;
    let mut day = to;
    for _ in 0..days % 7 {
        if is_working_day(day) {
            count += 1;
        }
        match day.pred_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    count
}

/// The working day before `today`: Friday on a Monday (and on a weekend).
pub fn previous_working_day(today: NaiveDate) -> NaiveDate {
    let mut day = today;
    while let Some(before) = day.pred_opt() {
        day = before;
        if is_working_day(day) {
            break;
        }
    }
    day
}

/// The day a stand-up counts from, as the board and `po standup` both say
/// it: "Mon 30 Nov", short enough to keep the since line on one line at 80
/// columns, with the year only when it is not `today`'s ("Tue 1 Jan 2999").
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    if day.year() == today.year() {
        day.format("%a %-d %b").to_string()
    } else {
        day.format("%a %-d %b %Y").to_string()
    }
}

/// The first moment of a day; the file's timestamps are UTC.
pub fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// What happened to a story since a moment: the column it moved to (when it
/// did not come back to where it was) and the blocker set since.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    pub key: String,
    pub status: Option<Status>,
    pub blocked: Option<String>,
}

impl Moved {
    /// "S-12 → done", "S-20 blocked: waiting for API keys", or both.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(status) = self.status {
            parts.push(format!("→ {}", column_name(status)));
        }
        if let Some(reason) = &self.blocked {
            parts.push(format!("blocked: {reason}"));
        }
        format!("{} {}", self.key, parts.join(", "))
    }
}

/// The moves of a standup in one line: "S-12 → done, S-18 → in progress".
pub fn describe_moves(moves: &[Moved]) -> String {
    if moves.is_empty() {
        return "nothing moved".to_string();
    }
    moves
        .iter()
        .map(Moved::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A status as a board column calls it: "to do", "in progress", "done".
pub fn column_name(status: Status) -> &'static str {
    match status {
        Status::Todo => "to do",
        Status::InProgress => "in progress",
        Status::Done => "done",
    }
}

impl Story {
    /// When the story entered the column it is in, from its status history;
    /// without one, when it was created (to do) or finished (done). `None`
    /// when the history does not say (it ends in another status, as after a
    /// hand edit of the file).
    pub fn in_column_since(&self) -> Option<DateTime<Utc>> {
        match self.status_history.last() {
            Some(last) if last.status == self.status => Some(last.at),
            Some(_) => None,
            None => match self.status {
                Status::Todo => Some(self.created),
                Status::Done => self.done_at,
                Status::InProgress => None,
            },
        }
    }

    /// How many working days the story has been in its column on `today`.
    pub fn days_in_column(&self, today: NaiveDate) -> Option<i64> {
        self.in_column_since()
            .map(|at| working_days_between(at.date_naive(), today))
    }

    /// Whether the story has been in progress for [`AGEING_IN_PROGRESS`]
    /// working days or more.
    pub fn is_ageing(&self, today: NaiveDate) -> bool {
        self.status == Status::InProgress
            && self
                .days_in_column(today)
                .is_some_and(|d| d >= AGEING_IN_PROGRESS)
    }

    /// What happened to the story at or after `since`, if anything: the
    /// status it ended up in when that differs from the one it had before
    /// (to do when the history starts later), and its blocker when it was
    /// set since.
    pub fn moved_since(&self, since: DateTime<Utc>) -> Option<Moved> {
        let first_new = self.status_history.partition_point(|c| c.at < since);
        let status = match self.status_history[first_new..].last() {
            Some(last) => {
                let before = first_new
                    .checked_sub(1)
                    .map_or(Status::Todo, |i| self.status_history[i].status);
                (last.status != before).then_some(last.status)
            }
            None => None,
        };
        let blocked = self
            .blocked
            .as_ref()
            .filter(|b| b.since >= since)
            .map(|b| b.reason.clone());
        (status.is_some() || blocked.is_some()).then(|| Moved {
            key: self.key.clone(),
            status,
            blocked,
        })
    }

    /// Blocks the story for `reason` (trimmed), or clears the blocker with
    /// `None`. A new reason for a story already blocked keeps its `since`.
    pub fn set_blocked(&mut self, reason: Option<&str>, now: DateTime<Utc>) {
        self.blocked = reason.map(|r| {
            let since = self.blocked.as_ref().map_or(now, |b| b.since);
            Blocked::new(r.trim(), since)
        });
    }

    /// Sets who works on the story; blank text clears it.
    pub fn set_assignee(&mut self, name: Option<&str>) {
        self.assignee = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
    }
}

impl Backlog {
    /// Blocks a story for a reason, which must not be blank.
    pub fn block_story(
        &mut self,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        self.update_story(key, now, |s| s.set_blocked(Some(reason), now))
    }

    /// Clears a story's blocker; `None` when it was not blocked.
    pub fn unblock_story(
        &mut self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, ModelError> {
        self.update_story(key, now, |s| s.set_blocked(None, now))
    }

    /// Every assignee named in the backlog, sorted, each once: what the
    /// TUI offers when one is set.
    pub fn assignees(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .stories
            .iter()
            .filter_map(|s| s.assignee.clone())
            .collect();
        names.sort_unstable_by_key(|n| n.to_lowercase());
        names.dedup();
        names
    }
}
