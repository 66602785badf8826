//! Mappings several formats share: status names, priorities to MoSCoW, and
//! sprint states read from the stories in them.

use std::collections::{HashMap, HashSet};

use super::{Loc, Plan, SprintPlan};
use crate::model::{Moscow, SprintState, Status};

/// A workflow status by its name in Jira, Linear, GitHub or a spreadsheet;
/// `None` for a name po does not know.
pub(super) fn status(name: &str) -> Option<Status> {
    let name = name.trim().to_ascii_lowercase().replace(['_', '-'], " ");
    match name.as_str() {
        "to do"
        | "todo"
        | "backlog"
        | "selected for development"
        | "open"
        | "new"
        | "triage"
        | "ready"
        | "pending"
        | "waiting"
        | "reopened" => Some(Status::Todo),
        "in progress" | "doing" | "wip" | "in review" | "review" | "in development" | "started"
        | "active" => Some(Status::InProgress),
        "done" | "closed" | "resolved" | "won't do" | "wont do" | "complete" | "completed"
        | "canceled" | "cancelled" | "duplicate" => Some(Status::Done),
        _ => None,
    }
}

/// The status of a row, or todo with a warning for a name po does not know.
pub(super) fn status_or_todo(plan: &mut Plan, at: Loc, name: &str) -> Status {
    if name.trim().is_empty() {
        return Status::Todo;
    }
    status(name).unwrap_or_else(|| {
        plan.unknown_status.insert(at);
        plan.warn(
            at,
            format!(
                "status \"{}\" is not a status po knows: imported as todo",
                name.trim()
            ),
        );
        Status::Todo
    })
}

/// Jira's priorities (and those like them) as MoSCoW: Highest must, High
/// should, Medium could, Low and Lowest won't.
pub(super) const JIRA_PRIORITIES: &[(&str, Option<Moscow>)] = &[
    ("highest", Some(Moscow::Must)),
    ("blocker", Some(Moscow::Must)),
    ("critical", Some(Moscow::Must)),
    ("high", Some(Moscow::Should)),
    ("major", Some(Moscow::Should)),
    ("medium", Some(Moscow::Could)),
    ("normal", Some(Moscow::Could)),
    ("low", Some(Moscow::Wont)),
    ("minor", Some(Moscow::Wont)),
    ("lowest", Some(Moscow::Wont)),
    ("trivial", Some(Moscow::Wont)),
];

/// Linear's priorities: Urgent must, High should, Medium could, Low won't.
pub(super) const LINEAR_PRIORITIES: &[(&str, Option<Moscow>)] = &[
    ("urgent", Some(Moscow::Must)),
    ("high", Some(Moscow::Should)),
    ("medium", Some(Moscow::Could)),
    ("low", Some(Moscow::Wont)),
    ("no priority", None),
];

/// A priority: the user's `--priority-map` first, then MoSCoW's own words,
/// then the format's table. Unknown names give a warning and no priority.
pub(super) fn priority(
    plan: &mut Plan,
    at: Loc,
    name: &str,
    overrides: &HashMap<String, Option<Moscow>>,
    table: &[(&str, Option<Moscow>)],
) -> Option<Moscow> {
    let lower = name.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if let Some(m) = overrides.get(&lower) {
        return *m;
    }
    if let Some((_, m)) = table.iter().find(|(n, _)| *n == lower) {
        return *m;
    }
    if let Ok(m) = lower.parse::<Moscow>() {
        return Some(m);
    }
    plan.warn(
        at,
        format!(
            "priority \"{}\" has no MoSCoW mapping: left empty (map it with --priority-map)",
            name.trim()
        ),
    );
    None
}

/// Adds the sprints the stories name, in the order given, with states read
/// from their stories: closed when a story moved on from it (`carried`) or
/// every story in it is done, active when work in it has started, else
/// planned. Only the first sprint that looks active stays active.
pub(super) fn sprints_from_stories(
    plan: &mut Plan,
    names: &[String],
    carried: &HashSet<String>,
    dates: &HashMap<String, (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>,
) {
    let mut members: HashMap<&str, Vec<Status>> = HashMap::new();
    for s in &plan.stories {
        if let Some(sprint) = &s.sprint {
            members.entry(sprint).or_default().push(s.story.status);
        }
    }
    let mut sprints = Vec::new();
    let mut active_seen = false;
    for name in names {
        let statuses = members.get(name.as_str()).map_or(&[][..], |v| v.as_slice());
        let mut state = if carried.contains(name)
            || (!statuses.is_empty() && statuses.iter().all(|s| *s == Status::Done))
        {
            SprintState::Closed
        } else if statuses.iter().any(|s| *s != Status::Todo) {
            SprintState::Active
        } else {
            SprintState::Planned
        };
        if state == SprintState::Active {
            if active_seen {
                state = SprintState::Planned;
            }
            active_seen = true;
        }
        let (start, end) = dates.get(name).copied().unwrap_or_default();
        sprints.push(SprintPlan {
            name: name.clone(),
            goal: String::new(),
            start,
            end,
            capacity: None,
            state,
        });
    }
    plan.sprints = sprints;
}

/// Sprint names in a sensible order: by the number they end with when
/// they all have one ("Sprint 9" before "Sprint 10"), else as first seen.
pub(super) fn sprint_order(mut names: Vec<String>) -> Vec<String> {
    let number = |n: &str| {
        let digits: String = n
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse::<u64>().ok()
    };
    if names.iter().all(|n| number(n).is_some()) {
        names.sort_by_key(|n| number(n));
    }
    names
}
