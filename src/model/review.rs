//! What a sprint review reports: the goal and whether it was met, done and
//! unfinished work, velocity against the average, the burndown and the
//! stakeholder requests handled. `po export --format md --sprint KEY` prints
//! it as Markdown; the data is plain so the TUI can show it too.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::metrics::{Summary, VELOCITY_WINDOW};
use super::{Backlog, Burndown, RequestState, ScopeChange, Sprint, SprintState, Status, Story};

/// A sprint review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SprintReview {
    pub sprint: String,
    pub name: String,
    pub goal: String,
    pub state: SprintState,
    /// The planned dates.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The days it actually started and ended (`None`: not yet).
    pub started: Option<NaiveDate>,
    pub ended: Option<NaiveDate>,
    pub capacity: Option<f64>,
    /// Whether every story marked as serving the goal was done; `None` when
    /// no story was marked, so po cannot tell.
    pub goal_met: Option<bool>,
    pub done: Vec<ReviewStory>,
    pub not_done: Vec<ReviewStory>,
    pub committed_points: Option<f64>,
    pub done_points: f64,
    /// The velocity before this sprint: [`Backlog::velocity_before`] over the
    /// [`VELOCITY_WINDOW`].
    pub average: Option<Summary>,
    pub burndown: Option<Burndown>,
    pub scope: Option<ScopeChange>,
    pub requests: Vec<ReviewRequest>,
}

/// A story as the review lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewStory {
    pub key: String,
    pub title: String,
    pub points: Option<f64>,
    pub status: Status,
    pub serves_goal: bool,
    /// Why it is not done and where it went; `None` for done stories.
    pub reason: Option<String>,
}

/// A stakeholder request that the sprint dealt with: received during it, or
/// turned into a story of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewRequest {
    pub key: String,
    pub text: String,
    pub from: String,
    pub received: DateTime<Utc>,
    pub state: RequestState,
    pub story: Option<String>,
    pub reason: String,
    /// Whether its story was done in this sprint.
    pub delivered: bool,
}

impl Backlog {
    /// The review of a sprint as of `today`. `None` when there is no such sprint.
    pub fn sprint_review(&self, key: &str, today: NaiveDate) -> Option<SprintReview> {
        let sprint = self.sprint(key)?;
        let members = self.members(sprint);
        let mut done = Vec::new();
        let mut not_done = Vec::new();
        for &(s, is_done) in &members {
            if is_done {
                done.push(review_story(s, sprint, None));
            } else {
                not_done.push(review_story(s, sprint, Some(not_done_reason(s, sprint))));
            }
        }
        let goal_stories: Vec<&ReviewStory> = done
            .iter()
            .chain(&not_done)
            .filter(|s| s.serves_goal)
            .collect();
        let goal_met =
            (!goal_stories.is_empty()).then(|| goal_stories.iter().all(|s| s.reason.is_none()));
        let done_points = Backlog::points_of(members.iter().filter(|m| m.1).map(|m| m.0));
        let done_points = match sprint.state {
            SprintState::Closed => sprint.record.done_points.unwrap_or(done_points),
            _ => done_points,
        };
        Some(SprintReview {
            sprint: sprint.key.clone(),
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            state: sprint.state,
            start: sprint.start,
            end: sprint.end,
            started: sprint.record.started_at.map(|t| t.date_naive()),
            ended: sprint.record.closed_at.map(|t| t.date_naive()),
            capacity: sprint.capacity,
            goal_met,
            requests: self.requests_handled(
                &members,
                sprint.actual_start(),
                sprint.actual_end().unwrap_or(today),
            ),
            done,
            not_done,
            committed_points: sprint.record.committed_points,
            done_points,
            average: self.velocity_before(key, VELOCITY_WINDOW).points,
            burndown: self.burndown(key, today),
            scope: self.scope_change(key),
        })
    }

    fn requests_handled(
        &self,
        members: &[(&Story, bool)],
        start: Option<NaiveDate>,
        end: NaiveDate,
    ) -> Vec<ReviewRequest> {
        let keys: HashSet<&str> = members.iter().map(|(s, _)| s.key.as_str()).collect();
        let done: HashSet<&str> = members
            .iter()
            .filter(|m| m.1)
            .map(|(s, _)| s.key.as_str())
            .collect();
        let mut handled: Vec<ReviewRequest> = self
            .requests
            .iter()
            .filter(|r| {
                let day = r.received.date_naive();
                let during = start.is_some_and(|s| s <= day) && day <= end;
                during || r.story.as_deref().is_some_and(|k| keys.contains(k))
            })
            .map(|r| ReviewRequest {
                key: r.key.clone(),
                text: r.text.clone(),
                from: r.from.clone(),
                received: r.received,
                state: r.state,
                story: r.story.clone(),
                reason: r.reason.clone(),
                delivered: r.story.as_deref().is_some_and(|k| done.contains(k)),
            })
            .collect();
        handled.sort_by_key(|r| r.received);
        handled
    }
}

fn review_story(s: &Story, sprint: &Sprint, reason: Option<String>) -> ReviewStory {
    ReviewStory {
        key: s.key.clone(),
        title: s.title.clone(),
        points: s.points,
        status: s.status,
        serves_goal: sprint.serves_goal(&s.key),
        reason,
    }
}

/// "in progress (1 of 3 criteria met), blocked: waiting for legal, back to
/// the backlog".
fn not_done_reason(s: &Story, of: &Sprint) -> String {
    let (sprint, state) = (of.key.as_str(), of.state);
    let met = s.acceptance.iter().filter(|c| c.done).count();
    let mut reason = match s.status {
        Status::InProgress if !s.acceptance.is_empty() => {
            let n = s.acceptance.len();
            let criteria = if n == 1 { "criterion" } else { "criteria" };
            format!("in progress ({met} of {n} {criteria} met)")
        }
        Status::InProgress => "in progress".to_string(),
        Status::Todo => "not started".to_string(),
        // Done later, after the sprint closed without it.
        Status::Done => "finished after the sprint".to_string(),
    };
    if s.points.is_none() {
        reason.push_str(", not estimated");
    }
    // A blocker is the likeliest "why"; one set after the sprint closed was
    // not why it slipped.
    if let Some(blocked) = &s.blocked
        && of
            .record
            .closed_at
            .is_none_or(|closed| blocked.since <= closed)
    {
        reason.push_str(&format!(", blocked: {}", blocked.reason));
    }
    match (&s.sprint, state) {
        (_, SprintState::Active | SprintState::Planned) => {}
        (None, SprintState::Closed) => reason.push_str(", back to the backlog"),
        (Some(other), SprintState::Closed) if other != sprint => {
            reason.push_str(&format!(", moved to {other}"));
        }
        (Some(_), SprintState::Closed) => {}
    }
    reason
}
