//! `po export --format md`: the backlog as a document to read, not a
//! table to scan: one section per epic (in the order of each epic's
//! highest-ranked story, the stories in no epic last), each story with its
//! user-story sentence, description, acceptance criteria as a checklist,
//! points, status and MoSCoW.

use std::io::Write;

use super::output::{self, line};
use super::sprint::plural;
use crate::model::{Backlog, Status, Story, StoryFilter, number};

/// Writes the stories picked by `filter` (with their 1-based ranks in the
/// whole backlog, in rank order) as Markdown grouped by epic.
pub(super) fn write(
    backlog: &Backlog,
    filter: &StoryFilter,
    picked: &[(usize, &Story)],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let name = if backlog.product.name.trim().is_empty() {
        "Product"
    } else {
        &backlog.product.name
    };
    writeln!(out, "# {} backlog\n", line(name))?;
    if !backlog.product.vision.trim().is_empty() {
        writeln!(out, "> {}\n", line(&backlog.product.vision))?;
    }
    let only = if filter.is_empty() {
        String::new()
    } else {
        format!(" ({})", filter.describe())
    };
    if picked.is_empty() {
        let why = if backlog.stories.is_empty() {
            "The backlog is empty.".to_string()
        } else {
            format!("No stories match{only}.")
        };
        writeln!(out, "{why}")?;
        return Ok(());
    }
    writeln!(
        out,
        "{}{only}, grouped by epic, in rank order.",
        totals(picked.iter().map(|(_, s)| *s))
    )?;
    for (epic, stories) in groups(picked) {
        let heading = match epic {
            None => "No epic".to_string(),
            Some(key) => match backlog.epic(key) {
                Some(e) => format!("{} {}", line(&e.key), line(&e.title)),
                None => line(key).into_owned(),
            },
        };
        writeln!(out, "\n## {heading}\n")?;
        if let Some(e) = epic.and_then(|k| backlog.epic(k))
            && !e.description.trim().is_empty()
        {
            writeln!(out, "{}\n", output::block(e.description.trim()))?;
        }
        writeln!(out, "{}.", totals(stories.iter().map(|(_, s)| *s)))?;
        for (rank, s) in stories {
            story(rank, s, out)?;
        }
    }
    Ok(())
}

/// An epic's key (`None` for the stories in no epic) and its stories with
/// their ranks.
type Group<'a> = (Option<&'a str>, Vec<(usize, &'a Story)>);

/// The stories in groups by epic key: epics in the order of their first
/// story, the stories in no epic last, each group in rank order.
fn groups<'a>(picked: &[(usize, &'a Story)]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut none = Vec::new();
    for &(rank, s) in picked {
        let Some(key) = s.epic.as_deref() else {
            none.push((rank, s));
            continue;
        };
        match groups.iter_mut().find(|(k, _)| *k == Some(key)) {
            Some((_, members)) => members.push((rank, s)),
            None => groups.push((Some(key), vec![(rank, s)])),
        }
    }
    if !none.is_empty() {
        groups.push((None, none));
    }
    groups
}

/// "3 stories (1 done), 8 points".
fn totals<'a>(stories: impl Iterator<Item = &'a Story>) -> String {
    let (mut count, mut done, mut points) = (0, 0, 0.0);
    for s in stories {
        count += 1;
        done += usize::from(s.status == Status::Done);
        points += s.points.unwrap_or(0.0);
    }
    let unit = if points == 1.0 { "point" } else { "points" };
    format!(
        "{count} {} ({done} done), {} {unit}",
        plural(count, "story", "stories"),
        number::display(points)
    )
}

/// One story: its heading, then the text a stakeholder reads, then the
/// numbers a team plans with.
fn story(rank: usize, s: &Story, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "\n### {rank}. {} {}\n", line(&s.key), line(&s.title))?;
    let mut empty = true;
    if let Some(sentence) = s.sentence() {
        writeln!(out, "*{}*\n", line(&sentence).replace('*', "\\*"))?;
        empty = false;
    }
    if !s.description.trim().is_empty() {
        writeln!(out, "{}\n", output::block(s.description.trim()))?;
        empty = false;
    }
    if !s.acceptance.is_empty() {
        writeln!(out, "Acceptance criteria:\n")?;
        for c in &s.acceptance {
            let mark = if c.done { "x" } else { " " };
            writeln!(out, "- [{mark}] {}", line(&c.text))?;
        }
        writeln!(out)?;
        empty = false;
    }
    if empty {
        writeln!(
            out,
            "_No user-story sentence, description or criteria yet._\n"
        )?;
    }
    let points = s
        .points
        .map_or("not estimated".to_string(), number::display);
    let moscow = s.moscow.map_or("none", |m| m.as_str());
    write!(
        out,
        "**Points:** {points} · **Status:** {} · **MoSCoW:** {moscow}",
        s.status
    )?;
    if let Some(sprint) = &s.sprint {
        write!(out, " · **Sprint:** {}", line(sprint))?;
    }
    writeln!(out)?;
    Ok(())
}
