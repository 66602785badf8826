//! Any CSV with a title column: columns are found by their usual names
//! (docs/import.md lists them), everything else is left out.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::csv_table::Table;
use super::{EpicPlan, Format, ImportError, Plan, ReadOptions, StoryPlan, map, text};
use crate::model::{Criterion, Status, Story};

const WHAT: &str = "a CSV file with a title column";

pub(super) fn read(
    bytes: &[u8],
    options: &ReadOptions,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let table = Table::read(bytes, WHAT)?;
    let title = table.require(&["title", "summary", "name", "story", "subject"], WHAT)?;
    let c = |names: &[&str]| table.column(names);
    let id = c(&["id", "key", "issue key", "number", "#"]);
    let description = c(&["description", "body", "details", "notes"]);
    let points = c(&["points", "story points", "estimate", "size"]);
    let status = c(&["status", "state"]);
    let priority = c(&["moscow", "priority"]);
    let epic = c(&["epic", "epic name", "project", "milestone"]);
    let sprint = c(&["sprint", "iteration", "cycle"]);
    let labels = table.columns(&["labels", "label", "tags", "tag"]);
    let acceptance = c(&["acceptance", "acceptance criteria", "criteria"]);
    let requested = c(&[
        "requested by",
        "requested_by",
        "requester",
        "reporter",
        "author",
    ]);
    let as_a = c(&["as a", "as_a"]);
    let i_want = c(&["i want", "i_want"]);
    let so_that = c(&["so that", "so_that"]);
    let created = c(&["created", "created at", "created_at"]);
    let done = c(&["done at", "done_at", "resolved", "completed", "closed at"]);

    let mut plan = Plan::new(Format::Csv);
    let mut epics: HashSet<String> = HashSet::new();
    let mut sprints: Vec<String> = Vec::new();
    for row in &table.rows {
        let at = row.at();
        let title_text = row.get(Some(title));
        if title_text.is_empty() {
            plan.warn(at, "no title: row skipped");
            continue;
        }
        let mut story = Story::new(String::new(), title_text, now);
        text::fill_from_description(&mut story, row.get(description));
        for (column, field) in [
            (as_a, &mut story.as_a),
            (i_want, &mut story.i_want),
            (so_that, &mut story.so_that),
        ] {
            if !row.get(column).is_empty() {
                *field = row.get(column).to_string();
            }
        }
        story.acceptance.extend(
            row.get(acceptance)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(Criterion::new),
        );
        story.points = points_cell(&mut plan, at, row.get(points));
        story.status = map::status_or_todo(&mut plan, at, row.get(status));
        story.moscow = map::priority(
            &mut plan,
            at,
            row.get(priority),
            &options.priority_map,
            map::JIRA_PRIORITIES,
        );
        story.labels = split_labels(&row.all(&labels));
        story.requested_by = row.get(requested).to_string();
        set_dates(&mut story, row.get(created), row.get(done));
        let source = match row.get(id) {
            "" => format!("csv:{}", story.title),
            id => format!("csv:{id}"),
        };
        story.source = Some(source);
        let epic_name = row.get(epic);
        if !epic_name.is_empty() && epics.insert(epic_name.to_string()) {
            plan.epics.push(EpicPlan {
                id: epic_name.to_string(),
                title: epic_name.to_string(),
                description: String::new(),
            });
        }
        let sprint_name = row.get(sprint);
        if !sprint_name.is_empty() && !sprints.iter().any(|s| s == sprint_name) {
            sprints.push(sprint_name.to_string());
        }
        plan.stories.push(StoryPlan {
            at,
            story,
            epic: (!epic_name.is_empty()).then(|| epic_name.to_string()),
            sprint: (!sprint_name.is_empty()).then(|| sprint_name.to_string()),
            depends_on: Vec::new(),
        });
    }
    map::sprints_from_stories(
        &mut plan,
        &map::sprint_order(sprints),
        &HashSet::new(),
        &HashMap::new(),
    );
    Ok(plan)
}

/// Points, or a warning and none when the cell is not a number.
pub(super) fn points_cell(plan: &mut Plan, at: super::Loc, cell: &str) -> Option<f64> {
    if cell.trim().is_empty() {
        return None;
    }
    let points = text::points(cell);
    if points.is_none() {
        plan.warn(
            at,
            format!(
                "points \"{}\" are not a number: left unestimated",
                cell.trim()
            ),
        );
    }
    points
}

/// Labels from cells that may each hold several (`a, b` or `a;b`).
pub(super) fn split_labels(cells: &[&str]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for cell in cells {
        for label in cell.split([',', ';']).map(str::trim) {
            if !label.is_empty() && !labels.iter().any(|l| l == label) {
                labels.push(label.to_string());
            }
        }
    }
    labels
}

/// Created and done times; a done story without a done time is taken as
/// done when it was created, so its history stays in order.
pub(super) fn set_dates(story: &mut Story, created: &str, done: &str) {
    if let Some(t) = text::time(created) {
        story.created = t;
        story.updated = t;
    }
    if story.status == Status::Done {
        let at = text::time(done).unwrap_or(story.created);
        story.done_at = Some(at);
        story.updated = story.updated.max(at);
    }
}
