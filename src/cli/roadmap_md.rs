//! `po roadmap --md`: the roadmap as Markdown to send to stakeholders, in
//! their words: the vision, each epic's dates with how sure they are, the
//! why behind each epic, and what the team is on right now.

use std::io::Write;

use super::export::cell;
use super::output::block;
use super::roadmap::basis;
use super::sprint::plural;
use crate::model::{Backlog, EpicForecast, Finish, Roadmap, Status, number};

/// Writes the Markdown.
pub(super) fn write(backlog: &Backlog, r: &Roadmap, out: &mut impl Write) -> anyhow::Result<()> {
    let name = &backlog.product.name;
    if name.is_empty() {
        writeln!(out, "# Roadmap\n")?;
    } else {
        writeln!(out, "# Roadmap: {}\n", cell(name))?;
    }
    writeln!(out, "_As of {}._\n", r.today)?;
    if !backlog.product.vision.is_empty() {
        writeln!(out, "## Vision\n")?;
        for l in block(&backlog.product.vision).lines() {
            writeln!(out, "> {l}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Epics\n")?;
    if r.epics.is_empty() {
        writeln!(out, "No epics yet.\n")?;
    } else {
        epics(r, out)?;
    }
    sprint(r, out)
}

fn epics(r: &Roadmap, out: &mut impl Write) -> anyhow::Result<()> {
    let (first, second) = r.drawn_names();
    match &r.no_dates {
        Some(why) => writeln!(
            out,
            "No dates yet ({why}): they come once the team has closed enough sprints.\n"
        )?,
        None => writeln!(
            out,
            "Dates are forecasts from the team's past sprints ({}), in the order the \
             work is ranked. **Likely** means {} of being done by then, \
             **confident** {}.\n",
            basis(r),
            chance(&first[1..]),
            chance(&second[1..])
        )?,
    }
    writeln!(
        out,
        "| Epic | Done | Remaining | Likely by ({}%) | Confident by ({}%) |",
        &first[1..],
        &second[1..]
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for e in &r.epics {
        let (likely, confident) = match &e.finish {
            Finish::Forecast { .. } => e.finish.labels(),
            Finish::Done => ("done".into(), "done".into()),
            Finish::NoStories => ("not planned yet".into(), String::new()),
            Finish::NotEnoughHistory => ("no date yet".into(), String::new()),
        };
        writeln!(
            out,
            "| {} ({}) | {} | {} | {} | {} |",
            cell(&e.title),
            cell(&e.key),
            done(e),
            remaining(e),
            likely,
            confident
        )?;
    }
    writeln!(out)?;
    let why: Vec<&EpicForecast> = r.epics.iter().filter(|e| e.outcome.is_some()).collect();
    if !why.is_empty() {
        writeln!(out, "### Why: the outcomes we aim for\n")?;
        for e in why {
            let outcome = e.outcome.as_ref().map(|o| o.summary()).unwrap_or_default();
            writeln!(out, "- **{}**: {}", cell(&e.title), cell(&outcome))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// "5 of 25 points (20%)".
fn done(e: &EpicForecast) -> String {
    if e.stories == 0 {
        return "no stories yet".to_string();
    }
    if e.total_points <= 0.0 {
        return format!("{} of {} stories", e.stories - e.open_stories, e.stories);
    }
    format!(
        "{} of {} points ({:.0}%)",
        number::display(e.done_points),
        number::display(e.total_points),
        100.0 * e.done_points / e.total_points
    )
}

/// "20 points, 1 story not estimated yet".
fn remaining(e: &EpicForecast) -> String {
    let points = number::display(e.remaining_points);
    let mut text = format!(
        "{points} {}",
        if points == "1" { "point" } else { "points" }
    );
    let n = e.unestimated.len();
    if n > 0 {
        text += &format!(", {n} {} not estimated yet", plural(n, "story", "stories"));
    }
    text
}

fn sprint(r: &Roadmap, out: &mut impl Write) -> anyhow::Result<()> {
    let Some(s) = &r.sprint else {
        return Ok(());
    };
    let until = s.end.map(|d| format!(" (until {d})")).unwrap_or_default();
    writeln!(out, "## In the running sprint: {}{until}\n", cell(&s.name))?;
    if !s.goal.is_empty() {
        writeln!(out, "Goal: {}\n", cell(&s.goal))?;
    }
    if s.stories.is_empty() {
        writeln!(out, "No stories in it yet.")?;
    }
    for story in &s.stories {
        let state = match story.status {
            Status::Done => "done",
            Status::InProgress => "in progress",
            Status::Todo => "to do",
        };
        let points = story
            .points
            .map(|p| format!(", {} points", number::display(p)))
            .unwrap_or_default();
        writeln!(
            out,
            "- {} {} ({state}{points})",
            cell(&story.key),
            cell(&story.title)
        )?;
    }
    Ok(())
}

/// "a 50% chance", "an 85% chance": the article as the number is said.
fn chance(percent: &str) -> String {
    let an = percent.starts_with('8') || percent == "11" || percent == "18";
    format!("{} {percent}% chance", if an { "an" } else { "a" })
}
