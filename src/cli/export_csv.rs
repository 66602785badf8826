//! `po export --format csv`: columns that Jira's CSV importer maps by their
//! names (Summary, Issue Type, Issue ID, Parent, Status, Priority, Story
//! Points, Labels repeated, Sprint, Reporter, Created, Resolved,
//! Description, Epic Name), with epics as rows of their own, and that
//! `po import` reads back without loss of titles, the user-story sentence,
//! description, criteria (with their done flags), points, MoSCoW, status,
//! epics, sprints, labels, who asked, dates and order. The `po key` column
//! tells `po import` the file is po's.

use std::collections::HashMap;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::model::{Backlog, Moscow, Status, Story, number};

/// MoSCoW as Jira's priorities; `po import` maps them back by default.
fn priority(moscow: Option<Moscow>) -> &'static str {
    match moscow {
        Some(Moscow::Must) => "Highest",
        Some(Moscow::Should) => "High",
        Some(Moscow::Could) => "Medium",
        Some(Moscow::Wont) => "Low",
        None => "",
    }
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Todo => "To Do",
        Status::InProgress => "In Progress",
        Status::Done => "Done",
    }
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

/// The user-story sentence, the description, and the criteria under a
/// Jira heading as a task list (`* [x] …` for a met one).
pub(super) fn description(story: &Story) -> String {
    let mut parts = Vec::new();
    if let Some(sentence) = story.sentence() {
        parts.push(format!("{sentence}."));
    }
    if !story.description.trim().is_empty() {
        parts.push(story.description.trim().to_string());
    }
    if !story.acceptance.is_empty() {
        let items: Vec<String> = story
            .acceptance
            .iter()
            .map(|c| format!("* [{}] {}", if c.done { "x" } else { " " }, c.text))
            .collect();
        parts.push(format!("h3. Acceptance criteria\n{}", items.join("\n")));
    }
    parts.join("\n\n")
}

/// Writes the epics the stories belong to, then the stories in the given order.
pub(super) fn write(
    backlog: &Backlog,
    stories: &[(usize, &Story)],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let labels = stories
        .iter()
        .map(|(_, s)| s.labels.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut header = vec![
        "Summary",
        "Issue Type",
        "Issue ID",
        "Parent",
        "Status",
        "Priority",
        "Story Points",
    ];
    header.extend(std::iter::repeat_n("Labels", labels));
    header.extend([
        "Sprint",
        "Reporter",
        "Created",
        "Resolved",
        "Description",
        "Epic Name",
        "po key",
    ]);
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(&header)?;

    // Issue IDs: the epics first, then the stories, so parents come first.
    let mut epic_ids: HashMap<&str, usize> = HashMap::new();
    for epic in &backlog.epics {
        let wanted = stories
            .iter()
            .any(|(_, s)| s.epic.as_deref() == Some(&epic.key))
            || stories.len() == backlog.stories.len();
        if !wanted {
            continue;
        }
        let id = epic_ids.len() + 1;
        epic_ids.insert(&epic.key, id);
        let mut row = vec![epic.title.clone(), "Epic".into(), id.to_string()];
        row.extend(std::iter::repeat_n(String::new(), 4 + labels));
        row.extend([
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            epic.description.clone(),
            epic.title.clone(),
            epic.key.clone(),
        ]);
        csv.write_record(&row)?;
    }
    for (i, (_, s)) in stories.iter().enumerate() {
        let parent = s
            .epic
            .as_deref()
            .and_then(|e| epic_ids.get(e))
            .map(ToString::to_string)
            .unwrap_or_default();
        let mut row = vec![
            s.title.clone(),
            "Story".into(),
            (epic_ids.len() + i + 1).to_string(),
            parent,
            status(s.status).into(),
            priority(s.moscow).into(),
            s.points.map(number::display).unwrap_or_default(),
        ];
        row.extend((0..labels).map(|l| s.labels.get(l).cloned().unwrap_or_default()));
        let sprint = s
            .sprint
            .as_deref()
            .map(|k| backlog.sprint(k).map_or(k, |sp| sp.name.as_str()))
            .unwrap_or_default();
        row.extend([
            sprint.to_string(),
            s.requested_by.clone(),
            time(Some(s.created)),
            time(s.done_at),
            description(s),
            String::new(),
            s.key.clone(),
        ]);
        csv.write_record(&row)?;
    }
    out.write_all(&csv.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    Ok(())
}
