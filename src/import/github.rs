//! GitHub issues as `gh issue list --state all --limit N --json
//! number,title,body,labels,milestone,state,createdAt,closedAt,author` prints
//! them: milestones become epics, task-list items acceptance criteria.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{EpicPlan, Format, ImportError, Loc, Plan, StoryPlan, json_array, text};
use crate::model::{Status, Story};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Issue {
    number: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    milestone: Option<Milestone>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    closed_at: Option<String>,
    #[serde(default)]
    author: Option<Author>,
}

#[derive(Deserialize)]
struct Label {
    name: String,
}

#[derive(Deserialize)]
struct Milestone {
    #[serde(default)]
    number: Option<u64>,
    title: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
struct Author {
    #[serde(default)]
    login: Option<String>,
}

pub(super) fn read(bytes: &[u8], now: DateTime<Utc>) -> Result<Plan, ImportError> {
    let issues: Vec<Issue> = json_array(bytes, "a GitHub issue (gh issue list --json)")?;
    let mut plan = Plan::new(Format::Github);
    let mut milestones: HashSet<String> = HashSet::new();
    for (i, issue) in issues.iter().enumerate() {
        let at = Loc::Item(i + 1);
        if issue.title.trim().is_empty() {
            plan.warn(at, format!("#{} has no title: skipped", issue.number));
            continue;
        }
        let mut story = Story::new(String::new(), issue.title.trim(), now);
        let (criteria, rest) = text::task_list(issue.body.as_deref().unwrap_or_default());
        text::fill_from_description(&mut story, &rest);
        story.acceptance.extend(criteria);
        story.labels = issue.labels.iter().map(|l| l.name.clone()).collect();
        story.requested_by = issue
            .author
            .as_ref()
            .and_then(|a| a.login.clone())
            .unwrap_or_default();
        if let Some(t) = issue.created_at.as_deref().and_then(text::time) {
            story.created = t;
            story.updated = t;
        }
        match issue
            .state
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("CLOSED") => {
                story.status = Status::Done;
                let closed = issue.closed_at.as_deref().and_then(text::time);
                let at = closed.unwrap_or(story.created).max(story.created);
                story.done_at = Some(at);
                story.updated = at;
            }
            Some("OPEN") | None => {}
            Some(other) => plan.warn(
                at,
                format!("state \"{other}\" is not OPEN or CLOSED: imported as todo"),
            ),
        }
        story.source = Some(format!("github:#{}", issue.number));
        let epic = issue.milestone.as_ref().map(|m| {
            let id = m
                .number
                .map_or_else(|| m.title.clone(), |n| format!("milestone:{n}"));
            if milestones.insert(id.clone()) {
                plan.epics.push(EpicPlan {
                    id: id.clone(),
                    title: m.title.clone(),
                    description: m.description.clone().unwrap_or_default(),
                });
            }
            id
        });
        plan.stories.push(StoryPlan {
            at,
            story,
            epic,
            sprint: None,
            depends_on: Vec::new(),
        });
    }
    Ok(plan)
}
