//! Jira's CSV export (Cloud and Server, "Export CSV (all fields)" or the
//! current fields). Epics become po epics, sub-tasks acceptance criteria of
//! their parent, the rest stories; docs/import.md has the column mapping.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::csv_table::{Row, Table};
use super::generic::{points_cell, split_labels};
use super::{EpicPlan, Format, ImportError, Plan, ReadOptions, StoryPlan, map, text};
use crate::model::{Criterion, Status, Story};

const WHAT: &str = "a Jira CSV export";

/// Story point columns: Server's custom field, Cloud's, and a plain one.
const POINTS: [&str; 4] = [
    "Custom field (Story Points)",
    "Custom field (Story point estimate)",
    "Story Points",
    "Story point estimate",
];

/// Columns that name an issue's parent or epic, by id, key or summary.
const PARENT: [&str; 6] = [
    "Parent",
    "Parent id",
    "Parent key",
    "Custom field (Epic Link)",
    "Epic Link",
    "Parent summary",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Epic,
    SubTask,
    Story,
}

/// One row, read.
struct Issue<'a> {
    row: &'a Row,
    key: &'a str,
    kind: Kind,
    type_name: &'a str,
    parent: Vec<&'a str>,
}

pub(super) fn read(
    bytes: &[u8],
    options: &ReadOptions,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    read_as(bytes, options, now, Format::Jira)
}

/// Reads Jira's columns; as `Format::PoCsv` (po's own export, which uses
/// them) the source is the `po key` column and the issue type is no label.
pub(super) fn read_as(
    bytes: &[u8],
    options: &ReadOptions,
    now: DateTime<Utc>,
    format: Format,
) -> Result<Plan, ImportError> {
    let table = Table::read(bytes, WHAT)?;
    let summary = table.require(&["Summary"], WHAT)?;
    let key = table.column(&["Issue key", "Key"]);
    let id = table.column(&["Issue id"]);
    let issue_type = table.column(&["Issue Type"]);
    let parent_columns: Vec<usize> = PARENT.iter().flat_map(|n| table.columns(&[n])).collect();

    let mut plan = Plan::new(format);
    let mut issues: Vec<Issue> = Vec::new();
    let mut by_ref: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        if row.get(Some(summary)).is_empty() {
            plan.warn(row.at(), "no Summary: row skipped");
            continue;
        }
        let type_name = row.get(issue_type);
        let lower = type_name.to_ascii_lowercase();
        let kind = match lower.as_str() {
            "epic" => Kind::Epic,
            "sub-task" | "subtask" | "sub task" => Kind::SubTask,
            _ => Kind::Story,
        };
        let index = issues.len();
        for reference in [row.get(key), row.get(id)] {
            if !reference.is_empty() {
                by_ref.insert(reference, index);
            }
        }
        if kind == Kind::Epic {
            by_ref.entry(row.get(Some(summary))).or_insert(index);
        }
        issues.push(Issue {
            row,
            key: row.get(key),
            kind,
            type_name,
            parent: row.all(&parent_columns),
        });
    }

    // Epics first, so that stories can name them.
    for issue in issues.iter().filter(|i| i.kind == Kind::Epic) {
        let title = issue.row.get(Some(summary));
        plan.epics.push(EpicPlan {
            id: epic_id(issue, title),
            title: title.to_string(),
            description: issue.row.get(table.column(&["Description"])).to_string(),
        });
    }

    let mut story_of: HashMap<usize, usize> = HashMap::new();
    let mut subtasks = Vec::new();
    let mut sprint_names: Vec<String> = Vec::new();
    let mut carried: HashSet<String> = HashSet::new();
    let sprint_columns = table.columns(&["Sprint"]);
    for (index, issue) in issues.iter().enumerate() {
        let parent = issue.parent.iter().find_map(|p| by_ref.get(p).copied());
        match issue.kind {
            Kind::Epic => continue,
            Kind::SubTask => {
                if let Some(p) = parent.filter(|p| issues[*p].kind == Kind::Story) {
                    subtasks.push((index, p));
                    continue;
                }
                let named = issue.parent.first().copied().unwrap_or("(none)");
                plan.warn(
                    issue.row.at(),
                    format!("sub-task's parent {named} is not in the file: imported as a story"),
                );
            }
            Kind::Story => {}
        }
        let at = issue.row.at();
        let story = story_of_row(&table, issue, summary, options, &mut plan, now);
        let epic = match parent.map(|p| &issues[p]) {
            Some(e) if e.kind == Kind::Epic => Some(epic_id(e, e.row.get(Some(summary)))),
            _ => {
                if issue.kind == Kind::Story
                    && let Some(named) = issue.parent.first()
                    && parent.is_none()
                {
                    plan.warn(
                        at,
                        format!("epic or parent {named} is not in the file: left out"),
                    );
                }
                None
            }
        };
        let sprints = issue.row.all(&sprint_columns);
        for (i, name) in sprints.iter().enumerate() {
            if !sprint_names.iter().any(|n| n == name) {
                sprint_names.push(name.to_string());
            }
            // A story in several sprints was carried over from the earlier ones.
            if i + 1 < sprints.len() {
                carried.insert(name.to_string());
            }
        }
        story_of.insert(index, plan.stories.len());
        plan.stories.push(StoryPlan {
            at,
            story,
            epic,
            sprint: sprints.last().map(|s| s.to_string()),
            depends_on: Vec::new(),
        });
    }
    for (subtask, parent) in subtasks {
        let Some(&story) = story_of.get(&parent) else {
            continue;
        };
        let row = issues[subtask].row;
        let mut criterion = Criterion::new(row.get(Some(summary)));
        criterion.done = map::status(row.get(table.column(&["Status"]))) == Some(Status::Done);
        plan.stories[story].story.acceptance.push(criterion);
    }
    map::sprints_from_stories(
        &mut plan,
        &map::sprint_order(sprint_names),
        &carried,
        &HashMap::new(),
    );
    Ok(plan)
}

fn epic_id(issue: &Issue, title: &str) -> String {
    if issue.key.is_empty() {
        title.to_string()
    } else {
        issue.key.to_string()
    }
}

fn story_of_row(
    table: &Table,
    issue: &Issue,
    summary: usize,
    options: &ReadOptions,
    plan: &mut Plan,
    now: DateTime<Utc>,
) -> Story {
    let row = issue.row;
    let at = row.at();
    let c = |names: &[&str]| table.column(names);
    let mut story = Story::new(String::new(), row.get(Some(summary)), now);
    text::fill_from_description(&mut story, row.get(c(&["Description"])));
    let points = POINTS
        .iter()
        .flat_map(|n| table.columns(&[n]))
        .map(|col| row.get(Some(col)))
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    story.points = points_cell(plan, at, points);
    story.status = map::status_or_todo(plan, at, row.get(c(&["Status"])));
    story.moscow = map::priority(
        plan,
        at,
        row.get(c(&["Priority"])),
        &options.priority_map,
        map::JIRA_PRIORITIES,
    );
    let mut labels = split_labels(&row.all(&table.columns(&["Labels"])));
    let type_label = issue.type_name.to_ascii_lowercase();
    if plan.format == Format::Jira && !type_label.is_empty() && !labels.contains(&type_label) {
        labels.insert(0, type_label);
    }
    story.labels = labels;
    story.requested_by = row.get(c(&["Reporter"])).to_string();
    if let Some(t) = text::time(row.get(c(&["Created"]))) {
        story.created = t;
        story.updated = t;
    }
    if let Some(t) = text::time(row.get(c(&["Updated"]))) {
        story.updated = t.max(story.created);
    }
    if story.status == Status::Done {
        let done = text::time(row.get(c(&["Resolved"]))).unwrap_or(story.updated);
        story.done_at = Some(done);
    }
    let id = row.get(c(&["Issue id"]));
    let po_key = row.get(c(&["po key"]));
    story.source = Some(if plan.format == Format::PoCsv && !po_key.is_empty() {
        format!("po:{po_key}")
    } else if !issue.key.is_empty() {
        format!("jira:{}", issue.key)
    } else if !id.is_empty() {
        format!("jira:id:{id}")
    } else {
        format!("jira:{}", story.title)
    });
    story
}
