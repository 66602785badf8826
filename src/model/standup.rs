//! The daily standup's figures for the active sprint, shared by the board
//! (view 7) and `po standup`: points per column, days left, the burndown
//! in one line, what moved since a day, blockers and ageing stories.

use chrono::{DateTime, NaiveDate, Utc};

use super::board::{Moved, start_of, working_days_between};
use super::{Backlog, Burndown, Sprint, Status, Story, number};

/// The stories and points of one board column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSum {
    pub status: Status,
    pub stories: usize,
    pub points: f64,
}

/// A blocked story of the sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockedStory {
    pub key: String,
    pub title: String,
    pub reason: String,
    pub since: DateTime<Utc>,
    /// Working days it has been blocked.
    pub days: i64,
}

/// A story that has been in progress too long.
#[derive(Clone, Debug, PartialEq)]
pub struct AgeingStory {
    pub key: String,
    pub title: String,
    pub days: i64,
}

/// Everything a standup says about the active sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Standup {
    pub today: NaiveDate,
    /// Moves are counted from the start of this day.
    pub since: NaiveDate,
    pub sprint: String,
    pub name: String,
    pub goal: String,
    pub end: Option<NaiveDate>,
    /// Working days left, today included; `None` without an end date.
    pub days_left: Option<i64>,
    /// To do, in progress, done.
    pub columns: [ColumnSum; 3],
    pub burndown: Option<Burndown>,
    pub moves: Vec<Moved>,
    pub blocked: Vec<BlockedStory>,
    pub ageing: Vec<AgeingStory>,
    /// The stories marked as serving the goal, and how far they are.
    pub goal_stories: GoalProgress,
}

/// How far the stories serving the sprint goal are.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GoalProgress {
    pub stories: usize,
    pub done: usize,
    /// Points of those not done yet.
    pub open_points: f64,
    pub blocked: usize,
}

impl GoalProgress {
    /// "2 of 5 stories serving it done, 13 pts open, 1 blocked", "5 of 5
    /// stories serving it done"; `None` when no story is marked, so the
    /// goal's state cannot be told from the stories.
    pub fn describe(&self) -> Option<String> {
        let n = self.stories;
        if n == 0 {
            return None;
        }
        let stories = if n == 1 { "story" } else { "stories" };
        let mut text = format!("{} of {n} {stories} serving it done", self.done);
        if self.done < n {
            text.push_str(&format!(", {} pts open", number::display(self.open_points)));
        }
        if self.blocked > 0 {
            text.push_str(&format!(", {} blocked", self.blocked));
        }
        Some(text)
    }
}

impl Standup {
    /// The standup of `sprint` from its stories in rank order.
    pub fn of(sprint: &Sprint, members: &[&Story], today: NaiveDate, since: NaiveDate) -> Standup {
        let columns = Status::ALL.map(|status| {
            let in_column = || members.iter().filter(move |s| s.status == status);
            ColumnSum {
                status,
                stories: in_column().count(),
                points: Backlog::points_of(in_column().copied()),
            }
        });
        let from = start_of(since);
        let with_done: Vec<(&Story, bool)> = members
            .iter()
            .map(|s| (*s, s.status == Status::Done))
            .collect();
        let blocked = members
            .iter()
            .filter_map(|s| {
                s.blocked.as_ref().map(|b| BlockedStory {
                    key: s.key.clone(),
                    title: s.title.clone(),
                    reason: b.reason.clone(),
                    since: b.since,
                    days: working_days_between(b.since.date_naive(), today),
                })
            })
            .collect();
        let ageing = members
            .iter()
            .filter(|s| s.is_ageing(today))
            .map(|s| AgeingStory {
                key: s.key.clone(),
                title: s.title.clone(),
                days: s.days_in_column(today).unwrap_or(0),
            })
            .collect();
        Standup {
            today,
            since,
            sprint: sprint.key.clone(),
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            end: sprint.end,
            days_left: days_left(sprint, today),
            columns,
            burndown: Burndown::of(sprint, &with_done, today),
            moves: members.iter().filter_map(|s| s.moved_since(from)).collect(),
            blocked,
            ageing,
            goal_stories: goal_progress(sprint, members),
        }
    }

    /// Points committed to the sprint: every column's.
    pub fn committed_points(&self) -> f64 {
        self.columns.iter().fold(0.0, |sum, c| sum + c.points)
    }
}

fn goal_progress(sprint: &Sprint, members: &[&Story]) -> GoalProgress {
    let mut progress = GoalProgress::default();
    for s in members.iter().filter(|s| sprint.serves_goal(&s.key)) {
        progress.stories += 1;
        if s.status == Status::Done {
            progress.done += 1;
        } else {
            progress.open_points += s.points.unwrap_or(0.0);
            progress.blocked += usize::from(s.blocked.is_some());
        }
    }
    progress
}

impl Backlog {
    /// The standup of the active sprint on `today`, counting moves from
    /// the start of `since`; `None` when no sprint is active.
    pub fn standup(&self, today: NaiveDate, since: NaiveDate) -> Option<Standup> {
        let sprint = self.active_sprint()?;
        let members: Vec<&Story> = self.stories_in(&sprint.key).collect();
        Some(Standup::of(sprint, &members, today, since))
    }
}

/// Working days left in a sprint, `today` included: 0 once its end has
/// passed, `None` without an end date.
pub fn days_left(sprint: &Sprint, today: NaiveDate) -> Option<i64> {
    let end = sprint.end?;
    Some(match today.pred_opt() {
        Some(yesterday) => working_days_between(yesterday, end),
        None => 0,
    })
}

/// Bars of a sparkline, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The burndown in one line: a bar per working day for the points left
/// (a dot for the days to come), then where the sprint stands against the
/// ideal line: "█▇▆▅▅··· 12 of 30 pts left, ideal 10: behind by 2".
pub fn burndown_line(b: &Burndown) -> String {
    let top = b.scope_points.max(b.ideal_from);
    let bars: String = b
        .days
        .iter()
        .map(|d| match d.remaining {
            Some(left) if top > 0.0 => {
                // A share in 0..=1 of 7 steps: the cast cannot overflow.
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss
                )]
                let step = ((left / top).clamp(0.0, 1.0) * 7.0).round() as usize;
                BARS[step]
            }
            Some(_) => BARS[0],
            None => '·',
        })
        .collect();
    let Some(today) = b.days.iter().rev().find(|d| d.remaining.is_some()) else {
        return format!("{bars} starts {}", b.start);
    };
    let left = today.remaining.unwrap_or(0.0);
    // Tenths are enough for a line read at a glance.
    let ideal = (today.ideal * 10.0).round() / 10.0;
    let verdict = if left <= ideal {
        "on track".to_string()
    } else {
        format!(
            "behind by {}",
            number::display(((left - ideal) * 10.0).round() / 10.0)
        )
    };
    format!(
        "{bars} {} of {} pts left, ideal {}: {verdict}",
        number::display(left),
        number::display(b.scope_points),
        number::display(ideal)
    )
}
