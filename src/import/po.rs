//! po's own exports: a backlog file (or `po export --format json`), the
//! story array of `po list --json`, and `po export --format csv`. Stories
//! get new keys in the backlog they join; where they came from is kept as
//! their source (`po:S-12`), unless they already had one.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use chrono::{DateTime, Utc};

use super::csv_table::Table;
use super::generic::{points_cell, split_labels};
use super::{
    EpicPlan, Format, ImportError, Loc, Plan, ReadOptions, SprintPlan, StoryPlan, json_array, map,
    text,
};
use crate::model::{Backlog, Criterion, Moscow, Status, Story};

pub(super) fn read_json(bytes: &[u8]) -> Result<Plan, ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let starts_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let mut plan = Plan::new(Format::PoJson);
    if !starts_object {
        let stories: Vec<Story> = json_array(bytes, "a po story (po list --json)")?;
        let mut epics = HashSet::new();
        for story in &stories {
            if let Some(epic) = &story.epic
                && epics.insert(epic.clone())
            {
                plan.epics.push(EpicPlan {
                    id: epic.clone(),
                    title: epic.clone(),
                    description: String::new(),
                });
            }
        }
        let sprints: Vec<String> = stories.iter().filter_map(|s| s.sprint.clone()).collect();
        add_stories(&mut plan, stories, &HashMap::new(), |i| Loc::Item(i + 1));
        let mut names: Vec<String> = Vec::new();
        for s in sprints {
            if !names.contains(&s) {
                names.push(s);
            }
        }
        map::sprints_from_stories(&mut plan, &names, &HashSet::new(), &HashMap::new());
        return Ok(plan);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let backlog: Backlog = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut error = super::json_error(&inner);
        if !inner.is_syntax() && !inner.is_eof() {
            error.column = Some(format!("field \"{path}\""));
            error.message = format!("is not a po backlog: {}", error.message);
        }
        error
    })?;
    for epic in &backlog.epics {
        plan.epics.push(EpicPlan {
            id: epic.key.clone(),
            title: epic.title.clone(),
            description: epic.description.clone(),
        });
    }
    let mut sprint_names = HashMap::new();
    for sprint in &backlog.sprints {
        sprint_names.insert(sprint.key.clone(), sprint.name.clone());
        plan.sprints.push(SprintPlan {
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            start: sprint.start,
            end: sprint.end,
            capacity: sprint.capacity,
            state: sprint.state,
        });
    }
    let stories = backlog.stories.iter().map(|s| Story::clone(s)).collect();
    add_stories(&mut plan, stories, &sprint_names, |i| Loc::Item(i + 1));
    Ok(plan)
}

/// Stories as they are, with their epic and sprint as references to the
/// plan's, and dependencies as sources.
fn add_stories(
    plan: &mut Plan,
    stories: Vec<Story>,
    sprint_names: &HashMap<String, String>,
    at: impl Fn(usize) -> Loc,
) {
    let source_of = |s: &Story| s.source.clone().unwrap_or_else(|| format!("po:{}", s.key));
    let sources: HashMap<String, String> = stories
        .iter()
        .map(|s| (s.key.clone(), source_of(s)))
        .collect();
    for (i, mut story) in stories.into_iter().enumerate() {
        story.source = Some(source_of(&story));
        let depends_on = story
            .depends_on
            .iter()
            .map(|k| sources.get(k).cloned().unwrap_or_else(|| format!("po:{k}")))
            .collect();
        let epic = story.epic.take();
        let sprint = story
            .sprint
            .take()
            .map(|k| sprint_names.get(&k).cloned().unwrap_or(k));
        story.depends_on.clear();
        plan.stories.push(StoryPlan {
            at: at(i),
            story,
            epic,
            sprint,
            depends_on,
        });
    }
}

const WHAT: &str = "a po CSV export";

/// `po export --format csv`: Jira's columns and a `po key` column, read as
/// Jira's export is (without the issue type as a label); files from before
/// it have po's own columns (`rank, key, title, as_a, ...`).
pub(super) fn read_csv(
    bytes: &[u8],
    options: &ReadOptions,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let table = Table::read(bytes, WHAT)?;
    if table.column(&["Summary"]).is_some() {
        return super::jira::read_as(bytes, options, now, Format::PoCsv);
    }
    let title = table.require(&["title"], WHAT)?;
    let c = |name: &str| table.column(&[name]);
    let mut plan = Plan::new(Format::PoCsv);
    let mut epics: HashSet<String> = HashSet::new();
    let mut sprints: Vec<String> = Vec::new();
    for row in &table.rows {
        let at = row.at();
        if row.get(Some(title)).is_empty() {
            plan.warn(at, "no title: row skipped");
            continue;
        }
        let mut story = Story::new(String::new(), row.get(Some(title)), now);
        story.as_a = row.get(c("as_a")).to_string();
        story.i_want = row.get(c("i_want")).to_string();
        story.so_that = row.get(c("so_that")).to_string();
        story.description = row.get(c("description")).to_string();
        story.points = points_cell(&mut plan, at, row.get(c("points")));
        let status = row.get(c("status"));
        story.status =
            Status::from_str(status).unwrap_or_else(|_| map::status_or_todo(&mut plan, at, status));
        let moscow = row.get(c("moscow"));
        if !moscow.is_empty() {
            story.moscow = Moscow::from_str(moscow).ok();
            if story.moscow.is_none() {
                plan.warn(
                    at,
                    format!("MoSCoW \"{moscow}\" is not must, should, could or wont: left empty"),
                );
            }
        }
        story.labels = split_labels(&[row.get(c("labels"))]);
        story.requested_by = row.get(c("requested_by")).to_string();
        story.acceptance = row
            .get(c("acceptance"))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(Criterion::new)
            .collect();
        if let Some(t) = text::time(row.get(c("created"))) {
            story.created = t;
            story.updated = t;
        }
        if story.status == Status::Done {
            story.done_at = Some(text::time(row.get(c("done_at"))).unwrap_or(story.created));
        }
        let key = row.get(c("key"));
        story.source = Some(if key.is_empty() {
            format!("po:{}", story.title)
        } else {
            format!("po:{key}")
        });
        let epic = row.get(c("epic"));
        if !epic.is_empty() && epics.insert(epic.to_string()) {
            plan.epics.push(EpicPlan {
                id: epic.to_string(),
                title: epic.to_string(),
                description: String::new(),
            });
        }
        let sprint = row.get(c("sprint"));
        if !sprint.is_empty() && !sprints.iter().any(|s| s == sprint) {
            sprints.push(sprint.to_string());
        }
        plan.stories.push(StoryPlan {
            at,
            story,
            epic: (!epic.is_empty()).then(|| epic.to_string()),
            sprint: (!sprint.is_empty()).then(|| sprint.to_string()),
            depends_on: Vec::new(),
        });
    }
    map::sprints_from_stories(&mut plan, &sprints, &HashSet::new(), &HashMap::new());
    Ok(plan)
}
