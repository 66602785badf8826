//! taskwarrior's `task export`: projects become epics, tags labels,
//! annotations the description; deleted tasks are left out.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{EpicPlan, Format, ImportError, Loc, Plan, StoryPlan, json_array, text};
use crate::model::{Moscow, Status, Story};

#[derive(Deserialize)]
struct Task {
    uuid: String,
    description: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    depends: Option<Depends>,
    #[serde(default)]
    entry: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    annotations: Vec<Annotation>,
}

/// taskwarrior 2.6 writes an array of uuids; 2.5 and older one string of
/// uuids separated by commas.
#[derive(Deserialize)]
#[serde(untagged)]
enum Depends {
    List(Vec<String>),
    Text(String),
}

#[derive(Deserialize)]
struct Annotation {
    #[serde(default)]
    entry: Option<String>,
    description: String,
}

pub(super) fn read(bytes: &[u8], now: DateTime<Utc>) -> Result<Plan, ImportError> {
    let tasks: Vec<Task> = json_array(bytes, "a taskwarrior task (task export)")?;
    let mut plan = Plan::new(Format::Taskwarrior);
    let mut projects: HashSet<String> = HashSet::new();
    for (i, task) in tasks.iter().enumerate() {
        let at = Loc::Item(i + 1);
        let status = task.status.as_deref().unwrap_or("pending");
        if status == "deleted" {
            plan.warn(
                at,
                format!("task {} is deleted: left out", short(&task.uuid)),
            );
            continue;
        }
        if task.description.trim().is_empty() {
            plan.warn(
                at,
                format!("task {} has no description: skipped", short(&task.uuid)),
            );
            continue;
        }
        let mut story = Story::new(String::new(), task.description.trim(), now);
        story.status = match status {
            "completed" => Status::Done,
            "pending" | "waiting" | "recurring" if task.start.is_some() => Status::InProgress,
            "pending" | "waiting" | "recurring" => Status::Todo,
            other => {
                plan.warn(
                    at,
                    format!(
                        "status \"{other}\" is not a taskwarrior status po knows: imported as todo"
                    ),
                );
                Status::Todo
            }
        };
        story.moscow = match task.priority.as_deref() {
            Some("H") => Some(Moscow::Must),
            Some("M") => Some(Moscow::Should),
            Some("L") => Some(Moscow::Could),
            _ => None,
        };
        story.labels = task.tags.clone();
        story.description = task
            .annotations
            .iter()
            .map(|a| match a.entry.as_deref().and_then(text::time) {
                Some(t) => format!("{}: {}", t.format("%Y-%m-%d"), a.description),
                None => a.description.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(t) = task.entry.as_deref().and_then(text::time) {
            story.created = t;
            story.updated = t;
        }
        if let Some(t) = task.modified.as_deref().and_then(text::time) {
            story.updated = t.max(story.created);
        }
        if story.status == Status::Done {
            let end = task.end.as_deref().and_then(text::time);
            story.done_at = Some(end.unwrap_or(story.updated).max(story.created));
        }
        story.source = Some(format!("taskwarrior:{}", task.uuid));
        let depends_on = match &task.depends {
            None => Vec::new(),
            Some(Depends::List(uuids)) => uuids.clone(),
            Some(Depends::Text(text)) => text.split(',').map(|u| u.trim().to_string()).collect(),
        };
        let epic = task
            .project
            .as_ref()
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                if projects.insert(p.clone()) {
                    plan.epics.push(EpicPlan {
                        id: p.clone(),
                        title: p.clone(),
                        description: String::new(),
                    });
                }
                p.clone()
            });
        plan.stories.push(StoryPlan {
            at,
            story,
            epic,
            sprint: None,
            depends_on: depends_on
                .into_iter()
                .filter(|u| !u.is_empty())
                .map(|u| format!("taskwarrior:{u}"))
                .collect(),
        });
    }
    Ok(plan)
}

/// The first group of a uuid, as taskwarrior shows it.
fn short(uuid: &str) -> &str {
    uuid.split('-').next().unwrap_or(uuid)
}
