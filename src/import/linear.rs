//! Linear's CSV export (Settings → Import / Export → Export CSV): projects
//! become epics, cycles sprints, sub-issues acceptance criteria of their
//! parent; docs/import.md has the column mapping.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::csv_table::Table;
use super::generic::{points_cell, split_labels};
use super::{EpicPlan, Format, ImportError, Plan, ReadOptions, StoryPlan, map, text};
use crate::model::{Criterion, Status, Story};

const WHAT: &str = "a Linear CSV export";

pub(super) fn read(
    bytes: &[u8],
    options: &ReadOptions,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let table = Table::read(bytes, WHAT)?;
    let title = table.require(&["Title"], WHAT)?;
    let c = |names: &[&str]| table.column(names);
    let (id, description, status, estimate, priority, labels, project) = (
        c(&["ID"]),
        c(&["Description"]),
        c(&["Status"]),
        c(&["Estimate"]),
        c(&["Priority"]),
        c(&["Labels"]),
        c(&["Project"]),
    );
    let (cycle_name, cycle_number, cycle_start, cycle_end) = (
        c(&["Cycle Name"]),
        c(&["Cycle Number"]),
        c(&["Cycle Start"]),
        c(&["Cycle End"]),
    );
    let (created, completed, canceled, parent, creator) = (
        c(&["Created"]),
        c(&["Completed"]),
        c(&["Canceled"]),
        c(&["Parent issue"]),
        c(&["Creator"]),
    );

    let ids: HashSet<&str> = table.rows.iter().map(|r| r.get(id)).collect();
    let mut plan = Plan::new(Format::Linear);
    let mut projects: HashSet<String> = HashSet::new();
    let mut cycles: Vec<String> = Vec::new();
    let mut dates: HashMap<String, (Option<NaiveDate>, Option<NaiveDate>)> = HashMap::new();
    let mut story_of: HashMap<&str, usize> = HashMap::new();
    let mut children = Vec::new();
    for row in &table.rows {
        let at = row.at();
        let name = unformula(row.get(Some(title)));
        if name.is_empty() {
            plan.warn(at, "no Title: row skipped");
            continue;
        }
        let parent_id = row.get(parent);
        if !parent_id.is_empty() {
            if ids.contains(parent_id) {
                children.push(row);
                continue;
            }
            plan.warn(
                at,
                format!("parent issue {parent_id} is not in the file: imported as a story"),
            );
        }
        let mut story = Story::new(String::new(), name, now);
        text::fill_from_description(&mut story, unformula(row.get(description)));
        story.points = points_cell(&mut plan, at, row.get(estimate));
        story.status = map::status_or_todo(&mut plan, at, row.get(status));
        story.moscow = map::priority(
            &mut plan,
            at,
            row.get(priority),
            &options.priority_map,
            map::LINEAR_PRIORITIES,
        );
        story.labels = split_labels(&[row.get(labels)]);
        story.requested_by = row.get(creator).to_string();
        if let Some(t) = text::time(row.get(created)) {
            story.created = t;
            story.updated = t;
        }
        if story.status == Status::Done {
            let done = text::time(row.get(completed))
                .or_else(|| text::time(row.get(canceled)))
                .unwrap_or(story.created);
            story.done_at = Some(done);
            story.updated = story.updated.max(done);
        }
        story.source = Some(format!("linear:{}", row.get(id)));
        let project_name = row.get(project);
        if !project_name.is_empty() && projects.insert(project_name.to_string()) {
            plan.epics.push(EpicPlan {
                id: project_name.to_string(),
                title: project_name.to_string(),
                description: String::new(),
            });
        }
        let cycle = match (row.get(cycle_name), row.get(cycle_number)) {
            ("", "") => None,
            ("", number) => Some(format!("Cycle {number}")),
            (name, _) => Some(name.to_string()),
        };
        if let Some(cycle) = &cycle
            && !cycles.contains(cycle)
        {
            cycles.push(cycle.clone());
            dates.insert(
                cycle.clone(),
                (
                    text::date(row.get(cycle_start)),
                    text::date(row.get(cycle_end)),
                ),
            );
        }
        story_of.insert(row.get(id), plan.stories.len());
        plan.stories.push(StoryPlan {
            at,
            story,
            epic: (!project_name.is_empty()).then(|| project_name.to_string()),
            sprint: cycle,
            depends_on: Vec::new(),
        });
    }
    for row in children {
        let parent_id = row.get(parent);
        match story_of.get(parent_id) {
            Some(&story) => {
                let mut criterion = Criterion::new(unformula(row.get(Some(title))));
                criterion.done = map::status(row.get(status)) == Some(Status::Done);
                plan.stories[story].story.acceptance.push(criterion);
            }
            None => plan.warn(
                row.at(),
                format!("parent issue {parent_id} is itself a sub-issue: left out"),
            ),
        }
    }
    map::sprints_from_stories(
        &mut plan,
        &map::sprint_order(cycles),
        &HashSet::new(),
        &dates,
    );
    Ok(plan)
}

/// Linear puts a `'` before text a spreadsheet would read as a formula
/// (`'=cost`, `'+1`); the text itself does not have it.
fn unformula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}
