//! A [`Plan`] applied to a backlog as one change: epics and sprints found by
//! name or added, stories added at the top or the bottom in the source's
//! order, and (with `--update`) stories imported before found again by
//! their source and brought up to date.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{Loc, Plan, StoryPlan, Warning};
use crate::model::{
    Backlog, Change, Item, ModelError, Sprint, SprintState, Status, Story, is_history,
};

/// Where new stories go in the ranking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum At {
    Top,
    #[default]
    Bottom,
}

/// How to apply a plan.
#[derive(Clone, Debug)]
pub struct ApplyOptions {
    pub at: At,
    /// Update stories imported before (same source) instead of skipping them.
    pub update: bool,
    pub now: DateTime<Utc>,
}

/// What applying a plan did.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    /// The one change to undo it all; `None` when nothing changed.
    pub change: Option<Change>,
    pub epics_added: usize,
    pub sprints_added: usize,
    /// Keys of the new stories, in rank order.
    pub added: Vec<String>,
    /// Keys of the stories brought up to date.
    pub updated: Vec<String>,
    /// What changed in each of them, in the words of `po edit`:
    /// "edited S-2: points 5 → 8".
    pub updates: Vec<String>,
    pub unchanged: usize,
    /// Acceptance criteria of the new stories.
    pub criteria_added: usize,
    /// Stories left alone (already imported, without `--update`), and
    /// references that could not be kept.
    pub notes: Vec<Warning>,
    /// The story each place of the source became or matched, so that a
    /// warning about a row can name the story to fix.
    pub keys_at: HashMap<Loc, String>,
}

/// Applies a plan; on an error the backlog is left as it was.
pub fn apply(
    backlog: &mut Backlog,
    plan: &Plan,
    options: &ApplyOptions,
) -> Result<Applied, ModelError> {
    // A copy (the stories are shared pointers), so that a refusal half-way
    // leaves nothing behind, keys included.
    let mut work = backlog.clone();
    let mut applied = Applied::default();
    let mut changes = Vec::new();

    let epics = add_epics(&mut work, plan, &mut changes, &mut applied)?;
    let sprints = add_sprints(&mut work, plan, &mut changes, &mut applied)?;

    let by_source: HashMap<String, usize> = work
        .stories
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.source.clone()?, i)))
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut new_stories: Vec<(Story, &StoryPlan)> = Vec::new();
    for item in &plan.stories {
        let source = item.story.source.as_deref().unwrap_or_default();
        if !source.is_empty() && !seen.insert(source) {
            applied.notes.push(Warning {
                at: item.at,
                message: format!("{source} appears twice in the file: the first one is kept"),
            });
            continue;
        }
        if let Some(&index) = by_source.get(source) {
            let key = work.stories[index].key.clone();
            applied.keys_at.insert(item.at, key.clone());
            if !options.update {
                applied.notes.push(Warning {
                    at: item.at,
                    message: format!(
                        "{source} was imported before as {key}: left as it is (--update updates it)"
                    ),
                });
                continue;
            }
            let epic = item.epic.as_ref().and_then(|e| epics.get(e)).cloned();
            let sprint = item.sprint.as_ref().and_then(|s| sprints.get(s)).cloned();
            let status = (!plan.unknown_status.contains(&item.at)).then_some(item.story.status);
            let edit = |s: &mut Story| update_from(s, &item.story, status, epic, sprint);
            match work.update_story_at(index, options.now, edit)? {
                Some(change) => {
                    applied.updates.push(change.describe());
                    changes.push(change);
                    applied.updated.push(key);
                }
                None => applied.unchanged += 1,
            }
            continue;
        }
        let mut story = item.story.clone();
        story.key = work.new_story(&story.title, options.now).key;
        applied.keys_at.insert(item.at, story.key.clone());
        story.title = story.title.trim().to_string();
        story.epic = item.epic.as_ref().and_then(|e| epics.get(e)).cloned();
        story.sprint = item.sprint.as_ref().and_then(|s| sprints.get(s)).cloned();
        new_stories.push((story, item));
    }

    resolve_dependencies(&work, &mut new_stories, &mut applied);
    applied.criteria_added = new_stories.iter().map(|(s, _)| s.acceptance.len()).sum();
    // Done stories of closed sprints are history, not the work ahead: they
    // go below every story, in the source's order, so the open work starts
    // at rank 1 in `po list` as it does in the TUI (which leaves that
    // history out and counts ranks without it). Jira's "Rank ASC" export
    // mixes the two.
    let closed = work.closed_sprint_keys();
    let (history, ahead): (Vec<Story>, Vec<Story>) = new_stories
        .into_iter()
        .map(|(s, _)| s)
        .partition(|s| is_history(&closed, s));
    // In rank order, as the summary's first rows show them.
    applied.added = ahead
        .iter()
        .chain(&history)
        .map(|s| s.key.clone())
        .collect();
    if !ahead.is_empty() {
        let index = match options.at {
            At::Top => 0,
            At::Bottom => work.stories.len(),
        };
        changes.push(work.insert_stories(index, ahead)?);
    }
    if !history.is_empty() {
        let end = work.stories.len();
        changes.push(work.insert_stories(end, history)?);
    }
    if !changes.is_empty() {
        applied.change = Some(Change::Batch(changes));
        *backlog = work;
    }
    Ok(applied)
}

/// Finds each epic by title, or adds it; returns plan id → key.
fn add_epics(
    work: &mut Backlog,
    plan: &Plan,
    changes: &mut Vec<Change>,
    applied: &mut Applied,
) -> Result<HashMap<String, String>, ModelError> {
    let mut keys = HashMap::new();
    for epic in &plan.epics {
        let title = if epic.title.trim().is_empty() {
            epic.id.trim()
        } else {
            epic.title.trim()
        };
        let existing = work
            .epics
            .iter()
            .find(|e| e.title.trim().eq_ignore_ascii_case(title))
            .map(|e| e.key.clone());
        let key = match existing {
            Some(key) => key,
            None => {
                changes.push(work.add_epic(title, &epic.description)?);
                applied.epics_added += 1;
                work.epics.last().map(|e| e.key.clone()).unwrap_or_default()
            }
        };
        keys.insert(epic.id.clone(), key);
    }
    Ok(keys)
}

/// Finds each sprint by name, or adds it in the state the plan gives;
/// returns name → key.
fn add_sprints(
    work: &mut Backlog,
    plan: &Plan,
    changes: &mut Vec<Change>,
    applied: &mut Applied,
) -> Result<HashMap<String, String>, ModelError> {
    let mut keys = HashMap::new();
    for wanted in &plan.sprints {
        if let Some(existing) = work
            .sprints
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(wanted.name.trim()))
        {
            keys.insert(wanted.name.clone(), existing.key.clone());
            continue;
        }
        let mut sprint = Sprint::named(&wanted.name);
        sprint.goal = wanted.goal.clone();
        sprint.capacity = wanted.capacity;
        sprint.start = wanted.start;
        sprint.end = wanted.end;
        if matches!((sprint.start, sprint.end), (Some(s), Some(e)) if e < s) {
            sprint.end = None;
        }
        changes.push(work.add_sprint(sprint)?);
        applied.sprints_added += 1;
        let index = work.sprints.len() - 1;
        let mut state = wanted.state;
        if state == SprintState::Active
            && let Some(active) = work.active_sprint()
        {
            // Said at the first row in that sprint: the file has no row
            // of its own for a sprint.
            let at = plan
                .stories
                .iter()
                .find(|s| s.sprint.as_deref() == Some(wanted.name.as_str()))
                .map_or(Loc::Line(1), |s| s.at);
            applied.notes.push(Warning {
                at,
                message: format!(
                    "sprint \"{}\" looks active, but the backlog has an active sprint already \
                     ({} {}): imported as planned",
                    wanted.name, active.key, active.name
                ),
            });
            state = SprintState::Planned;
        }
        if state != SprintState::Planned {
            let before = work.sprints[index].clone();
            let mut after = before.clone();
            after.state = state;
            let change = Change::Update {
                index,
                before: Item::Sprint(before),
                after: Item::Sprint(after),
            };
            work.apply(&change)?;
            changes.push(change);
        }
        keys.insert(wanted.name.clone(), work.sprints[index].key.clone());
    }
    Ok(keys)
}

/// What `--update` takes from the source: the title, the status, and the
/// points, epic and sprint when the source has them. Criteria, the
/// user-story sentence and the description are po's to refine.
/// `status` is `None` when the source's status was not one po knows.
fn update_from(
    story: &mut Story,
    source: &Story,
    status: Option<Status>,
    epic: Option<String>,
    sprint: Option<String>,
) {
    story.title = source.title.trim().to_string();
    if let Some(status) = status {
        story.status = status;
    }
    if source.points.is_some() {
        story.points = source.points;
    }
    if epic.is_some() {
        story.epic = epic;
    }
    if sprint.is_some() {
        story.sprint = sprint;
    }
}

/// Turns the sources a new story depends on into keys; a dependency on a
/// story that is neither in the file nor in the backlog is dropped.
fn resolve_dependencies(
    work: &Backlog,
    new_stories: &mut [(Story, &StoryPlan)],
    applied: &mut Applied,
) {
    if new_stories.iter().all(|(_, p)| p.depends_on.is_empty()) {
        return;
    }
    let mut keys: HashMap<&str, String> = work
        .stories
        .iter()
        .filter_map(|s| Some((s.source.as_deref()?, s.key.clone())))
        .collect();
    for (story, _) in new_stories.iter() {
        if let Some(source) = story.source.as_deref() {
            keys.insert(source, story.key.clone());
        }
    }
    let mut resolved = Vec::new();
    for (story, plan) in new_stories.iter() {
        let mut deps = Vec::new();
        for source in &plan.depends_on {
            match keys.get(source.as_str()) {
                Some(key) if *key != story.key => deps.push(key.clone()),
                _ => applied.notes.push(Warning {
                    at: plan.at,
                    message: format!("depends on {source}, which is not in the file: dropped"),
                }),
            }
        }
        resolved.push(deps);
    }
    for ((story, _), deps) in new_stories.iter_mut().zip(resolved) {
        story.depends_on = deps;
    }
}
