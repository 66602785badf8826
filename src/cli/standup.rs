//! `po block`, `po unblock` and `po standup`: blockers for scripts, and the
//! board's "since yesterday" summary, blockers and sprint status as text
//! or Markdown to paste into the team chat.

use std::io::Write;

use anyhow::Context as _;
use clap::Args;

use super::output::line;
use super::{Ctx, values};
use crate::model::board::{column_name, day_label, describe_moves, previous_working_day};
use crate::model::standup::{Standup, burndown_line};
use crate::model::{self, number};

/// `po block`.
#[derive(Debug, Args)]
pub struct BlockArgs {
    /// Story key, e.g. S-12 or 12
    pub key: String,
    /// What the story waits for, e.g. "waiting for API keys"
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// `po unblock`.
#[derive(Debug, Args)]
pub struct UnblockArgs {
    /// Story key, e.g. S-12 or 12
    pub key: String,
}

/// `po standup`.
#[derive(Debug, Args)]
pub struct StandupArgs {
    /// Count moves from the start of this day (YYYY-MM-DD) [default: the previous working day]
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Write Markdown for a chat or a wiki
    #[arg(long)]
    pub md: bool,
}

/// Blocks a story for a reason and saves.
pub fn block(ctx: &Ctx, a: &BlockArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write()?;
    let key = values::story_key(&backlog, &a.key)?;
    let reason = values::text(&a.reason, "--reason (what the story waits for)")?;
    match backlog.block_story(&key, &reason, model::now())? {
        Some(change) => {
            ctx.save(&mut store, &backlog, &change)?;
            writeln!(out, "{}", line(&change.describe()))?;
        }
        None => writeln!(out, "{key} unchanged: already blocked for that reason")?,
    }
    Ok(())
}

/// Clears a story's blocker and saves.
pub fn unblock(ctx: &Ctx, a: &UnblockArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write()?;
    let key = values::story_key(&backlog, &a.key)?;
    match backlog.unblock_story(&key, model::now())? {
        Some(change) => {
            ctx.save(&mut store, &backlog, &change)?;
            ctx.tell(out, change.describe())?;
        }
        None => writeln!(out, "{key} unchanged: it was not blocked")?,
    }
    Ok(())
}

/// Prints the standup of the active sprint.
pub fn standup(ctx: &Ctx, a: &StandupArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let today = chrono::Local::now().date_naive();
    let since = match &a.since {
        Some(typed) => super::sprint::date(typed, "--since")?,
        None => previous_working_day(today),
    };
    let standup = backlog
        .standup(today, since)
        .context("no sprint is active: start one with po sprint start")?;
    out.write_all(render(&standup, a.md).as_bytes())?;
    Ok(())
}

/// The parts both forms share, one string each, already made terminal-safe.
struct Parts {
    title: String,
    goal: String,
    time: String,
    columns: String,
    since: String,
    moved: String,
    blocked: Vec<String>,
    ageing: Vec<String>,
}

fn parts(s: &Standup) -> Parts {
    let days = |n: i64| {
        if n == 1 {
            "working day"
        } else {
            "working days"
        }
    };
    let left = match (s.days_left, s.end) {
        (Some(n), Some(end)) => format!("{n} {} left (ends {end})", days(n)),
        _ => "no end date".to_string(),
    };
    let burndown = s
        .burndown
        .as_ref()
        .map(|b| format!(" · burndown {}", burndown_line(b)))
        .unwrap_or_default();
    let columns = s
        .columns
        .iter()
        .map(|c| {
            let name = column_name(c.status);
            let mut name = name.to_string();
            name[..1].make_ascii_uppercase();
            format!("{name} {} ({} pts)", c.stories, number::display(c.points))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    Parts {
        title: format!(
            "Standup {} · {} {}",
            s.today.format("%a %Y-%m-%d"),
            s.sprint,
            line(&s.name)
        ),
        goal: {
            let goal = if s.goal.is_empty() {
                "(no goal)".to_string()
            } else {
                line(&s.goal).into_owned()
            };
            match s.goal_stories.describe() {
                Some(progress) => format!("{goal} ({progress})"),
                None => goal,
            }
        },
        time: format!("{left}{burndown}"),
        columns: format!(
            "{columns} · committed {} pts",
            number::display(s.committed_points())
        ),
        since: format!("Since {}", day_label(s.since, s.today)),
        moved: line(&describe_moves(&s.moves)).into_owned(),
        blocked: s
            .blocked
            .iter()
            .map(|b| {
                format!(
                    "{} {}: {} (since {}, {} {})",
                    b.key,
                    line(&b.title),
                    line(&b.reason),
                    b.since.date_naive(),
                    b.days,
                    days(b.days)
                )
            })
            .collect(),
        ageing: s
            .ageing
            .iter()
            .map(|a| {
                format!(
                    "{} {}: {} {} in progress",
                    a.key,
                    line(&a.title),
                    a.days,
                    days(a.days)
                )
            })
            .collect(),
    }
}

/// The standup as plain text, or as Markdown for a chat or a wiki.
fn render(s: &Standup, md: bool) -> String {
    let p = parts(s);
    let (mut text, bullet, headings) = if md {
        (
            format!(
                "### {}\n\n**Goal:** {}\n\n{}\n\n{}\n\n**{}:** {}\n",
                p.title, p.goal, p.time, p.columns, p.since, p.moved
            ),
            "- ",
            ["\n**Blocked**", "\n**Ageing**"],
        )
    } else {
        (
            format!(
                "{}\nGoal: {}\n{}\n{}\n{}: {}\n",
                p.title, p.goal, p.time, p.columns, p.since, p.moved
            ),
            "  ",
            ["Blocked", "Ageing"],
        )
    };
    section(&mut text, headings[0], &p.blocked, bullet);
    section(&mut text, headings[1], &p.ageing, bullet);
    text
}

/// A heading with a count and one line per entry, or "none".
fn section(text: &mut String, heading: &str, lines: &[String], bullet: &str) {
    if lines.is_empty() {
        text.push_str(&format!("{heading}: none\n"));
        return;
    }
    text.push_str(&format!("{heading} ({}):\n", lines.len()));
    for l in lines {
        text.push_str(&format!("{bullet}{l}\n"));
    }
}
