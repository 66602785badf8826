//! `po sprint new|list|show|add|remove|start|close|edit|goal`.

use std::io::Write;

use anyhow::{Context, bail};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::output::{self, line};
use super::sprint_args::SprintCommand;
use super::{Ctx, values};
use crate::model::{
    self, Backlog, Change, Item, Sprint, SprintLoad, SprintState, VELOCITY_WINDOW, format_points,
    keys, number,
};

/// Runs a `sprint` subcommand.
pub fn run(ctx: &Ctx, command: SprintCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        SprintCommand::New {
            name,
            goal,
            start,
            end,
            capacity,
        } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let mut sprint = Sprint::named(&values::text(&name, "a sprint's name")?);
            sprint.goal = goal.unwrap_or_default().trim().to_string();
            sprint.start = start.as_deref().map(|d| date(d, "--start")).transpose()?;
            sprint.end = end.as_deref().map(|d| date(d, "--end")).transpose()?;
            // Without --end, the sprint lasts the configured length.
            if sprint.end.is_none() {
                let days = u64::from(ctx.config.sprint.length_days.saturating_sub(1));
                sprint.end = sprint
                    .start
                    .and_then(|s| s.checked_add_days(chrono::Days::new(days)));
            }
            sprint.capacity = capacity.as_deref().map(self::capacity).transpose()?;
            sprint.capacity = sprint.capacity.or(ctx.config.sprint.capacity);
            let change = backlog.add_sprint(sprint)?;
            ctx.save(&mut writer, &backlog, &change)?;
            let key = match &change {
                Change::Insert {
                    item: Item::Sprint(s),
                    ..
                } => s.key.clone(),
                other => other.describe(),
            };
            writeln!(out, "{key}")?;
        }
        SprintCommand::List { json } => list(ctx, json, out)?,
        SprintCommand::Show { sprint, json, last } => {
            show(ctx, sprint.as_deref(), json, last as usize, out)?;
        }
        SprintCommand::Add { sprint, stories } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let key = values::sprint_key(&backlog, &sprint)?;
            let stories = story_keys(&stories);
            match backlog.add_to_sprint(&key, &stories, model::now())? {
                Some(change) => ctx.save(&mut writer, &backlog, &change)?,
                None => writeln!(out, "already in {key}: nothing changed")?,
            }
            print_load(&backlog, &key, out)?;
        }
        SprintCommand::Remove { sprint, stories } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let key = values::sprint_key(&backlog, &sprint)?;
            let stories = story_keys(&stories);
            if let Some(change) = backlog.remove_from_sprint(&key, &stories, model::now())? {
                ctx.save(&mut writer, &backlog, &change)?;
            }
            print_load(&backlog, &key, out)?;
        }
        SprintCommand::Start { sprint } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let key = match sprint {
                Some(typed) => values::sprint_key(&backlog, &typed)?,
                None => backlog
                    .next_planned_sprint()
                    .map(|s| s.key.clone())
                    .context("no planned sprint to start: create one with `po sprint new NAME`")?,
            };
            let change = backlog.start_sprint(&key, model::now())?;
            ctx.save(&mut writer, &backlog, &change)?;
            write!(out, "started ")?;
            print_load(&backlog, &key, out)?;
        }
        SprintCommand::Close {
            sprint,
            to_next,
            force,
        } => close(ctx, sprint, to_next, force, out)?,
        SprintCommand::Edit {
            sprint,
            name,
            goal,
            start,
            end,
            capacity,
        } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let key = values::sprint_key(&backlog, &sprint)?;
            let start = start
                .as_deref()
                .map(|d| optional_date(d, "--start"))
                .transpose()?;
            let end = end
                .as_deref()
                .map(|d| optional_date(d, "--end"))
                .transpose()?;
            let capacity = capacity.as_deref().map(optional_capacity).transpose()?;
            let change = backlog.edit_sprint(&key, |s| {
                if let Some(name) = name {
                    s.name = name;
                }
                if let Some(goal) = goal {
                    s.goal = goal;
                }
                if let Some(start) = start {
                    s.start = start;
                }
                if let Some(end) = end {
                    s.end = end;
                }
                if let Some(capacity) = capacity {
                    s.capacity = capacity;
                }
            })?;
            match change {
                Some(change) => {
                    ctx.save(&mut writer, &backlog, &change)?;
                    ctx.tell(out, change.describe())?;
                }
                None => writeln!(out, "{key} unchanged")?,
            }
        }
        SprintCommand::Goal { stories, off } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let now = model::now();
            let mut changes = Vec::new();
            // The marks live on the sprints, so the changes name the sprints;
            // the PO typed stories, and the line says those.
            let mut marked = Vec::new();
            for typed in &stories {
                let key = values::story_key(&backlog, typed)?;
                if let Some(change) = backlog.set_serves_goal(&key, !off, now)? {
                    changes.push(change);
                    let sprint = backlog.story(&key).and_then(|s| s.sprint.clone());
                    marked.push((key, sprint.unwrap_or_default()));
                }
            }
            let verb = if off { "unmarked" } else { "marked" };
            if changes.is_empty() {
                writeln!(out, "nothing changed")?;
            } else {
                let change = Change::Batch(changes);
                ctx.save(&mut writer, &backlog, &change)?;
                writeln!(out, "{verb} {}", goal_marks(&marked))?;
            }
        }
    }
    Ok(())
}

/// `po sprint close`: records the outcome and says where unfinished work went.
fn close(
    ctx: &Ctx,
    sprint: Option<String>,
    to_next: Option<String>,
    force: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (mut writer, mut backlog) = ctx.write()?;
    let key = match sprint {
        Some(typed) => values::sprint_key(&backlog, &typed)?,
        None => backlog
            .active_sprint()
            .map(|s| s.key.clone())
            .context("no sprint is active, so there is none to close (see `po sprint list`)")?,
    };
    let to_next = to_next
        .map(|typed| values::sprint_key(&backlog, &typed))
        .transpose()?;
    let now = model::now();
    if !force && let Some(why) = backlog.premature_close(&key, now) {
        bail!("{why}; to close it anyway, add --force");
    }
    let before = backlog.velocity(VELOCITY_WINDOW).describe();
    let change = backlog.close_sprint(&key, to_next.as_deref(), now)?;
    ctx.save(&mut writer, &backlog, &change)?;
    let Some(sprint) = backlog.sprint(&key) else {
        bail!("{key} disappeared while closing");
    };
    let record = &sprint.record;
    let done = record.done_stories.clone().unwrap_or_default();
    let carried = record.carried_over.clone().unwrap_or_default();
    write!(
        out,
        "closed {key} ({}): {} done in {} {}",
        line(&sprint.name),
        number::points(record.done_points.unwrap_or(0.0)),
        done.len(),
        plural(done.len(), "story", "stories"),
    )?;
    match before {
        Some(velocity) => writeln!(out, " (velocity before: {velocity})")?,
        None => writeln!(out)?,
    }
    if !carried.is_empty() {
        let place = match &to_next {
            Some(next) => format!("moved to {next}"),
            None => "back at the top of the backlog".to_string(),
        };
        writeln!(
            out,
            "{} unfinished {} {place}: {}",
            carried.len(),
            plural(carried.len(), "story", "stories"),
            carried.join(", ")
        )?;
    }
    let reset = model::reset_to_todo(&change);
    if !reset.is_empty() {
        let one = reset.len() == 1;
        writeln!(
            out,
            "{} of them {} in progress and {} todo again (no sprint is working on {}): {}",
            reset.len(),
            if one { "was" } else { "were" },
            if one { "is" } else { "are" },
            if one { "it" } else { "them" },
            reset.join(", ")
        )?;
    }
    Ok(())
}

/// A sprint with its load, as `po sprint list --json` prints it.
#[derive(Serialize)]
struct SprintRow<'a> {
    #[serde(flatten)]
    sprint: &'a Sprint,
    load: SprintLoad,
}

fn list(ctx: &Ctx, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let loads = loads(&backlog);
    let rows: Vec<SprintRow> = backlog
        .sprints
        .iter()
        .zip(loads)
        .map(|(sprint, load)| SprintRow { sprint, load })
        .collect();
    if json {
        return output::json(out, &rows);
    }
    if rows.is_empty() {
        writeln!(out, "no sprints yet: create one with `po sprint new NAME`")?;
        return Ok(());
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let s = r.sprint;
            vec![
                line(&s.key).into_owned(),
                s.state.to_string(),
                s.start.map_or("-".to_string(), |d| d.to_string()),
                s.end.map_or("-".to_string(), |d| d.to_string()),
                r.load.stories.to_string(),
                format!(
                    "{}/{}",
                    number::display(r.load.points),
                    format_points(s.capacity)
                ),
                number::display(r.load.done_points),
                line(&s.name).into_owned(),
            ]
        })
        .collect();
    let header = [
        "key", "state", "start", "end", "stories", "pts/cap", "done", "name",
    ];
    output::table(out, &header, &table)?;
    Ok(())
}

/// The load of every sprint.
fn loads(backlog: &Backlog) -> Vec<SprintLoad> {
    // One scan of the stories per sprint: sprints are few (one every two
    // weeks), so even 100,000 stories and years of sprints stay fast.
    backlog
        .sprints
        .iter()
        .filter_map(|s| backlog.sprint_load(&s.key))
        .collect()
}

fn show(
    ctx: &Ctx,
    typed: Option<&str>,
    json: bool,
    last: usize,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let key = match typed {
        Some(typed) => values::sprint_key(&backlog, typed)?,
        None => backlog
            .active_sprint()
            .or_else(|| backlog.next_planned_sprint())
            .map(|s| s.key.clone())
            .context("no active or planned sprint: create one with `po sprint new NAME`")?,
    };
    let (Some(sprint), Some(load)) = (backlog.sprint(&key), backlog.sprint_load(&key)) else {
        bail!("no sprint {key}");
    };
    if json {
        let stories: Vec<&model::Story> = backlog.stories_in(&key).collect();
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            sprint: &'a Sprint,
            load: SprintLoad,
            stories: Vec<&'a model::Story>,
        }
        return output::json(
            out,
            &Shown {
                sprint,
                load,
                stories,
            },
        );
    }
    writeln!(out, "{} {} ({})", key, line(&sprint.name), sprint.state)?;
    if !sprint.goal.is_empty() {
        writeln!(out, "goal: {}", line(&sprint.goal))?;
    }
    if sprint.start.is_some() || sprint.end.is_some() {
        let day = |d: Option<NaiveDate>| d.map_or("?".to_string(), |d| d.to_string());
        writeln!(out, "planned: {} to {}", day(sprint.start), day(sprint.end))?;
    }
    match (sprint.record.started_at, sprint.record.closed_at) {
        (Some(s), Some(e)) => writeln!(out, "ran: {} to {}", s.date_naive(), e.date_naive())?,
        (Some(s), None) => writeln!(out, "started: {}", s.date_naive())?,
        _ => {}
    }
    print_load(&backlog, &key, out)?;
    if sprint.state == SprintState::Planned
        && let Some(budget) = backlog.planning_budget(last)
    {
        let basis = budget.describe();
        let room = budget.points - load.points;
        if round1(room) == 0.0 {
            writeln!(out, "exactly at {basis}")?;
        } else if room < 0.0 {
            writeln!(
                out,
                "already {} points above {basis}",
                number::display(round1(-room)),
            )?;
        } else {
            let cut = backlog.cut_line(room);
            writeln!(
                out,
                "up to {basis}: {} more backlog {} fit{}",
                cut.stories,
                plural(cut.stories, "story", "stories"),
                cut.key
                    .as_ref()
                    .map_or(String::new(), |k| format!("; the line falls before {k}"))
            )?;
        }
    }
    let rows: Vec<Vec<String>> = backlog
        .stories_in(&key)
        .map(|s| {
            let mut flags = Vec::new();
            if sprint.serves_goal(&s.key) {
                flags.push("goal".to_string());
            }
            flags.extend(s.not_ready_reasons().iter().map(|r| r.to_string()));
            vec![
                line(&s.key).into_owned(),
                format_points(s.points),
                s.status.as_str().to_string(),
                if flags.is_empty() {
                    "-".to_string()
                } else {
                    flags.join(", ")
                },
                line(&s.title).into_owned(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        writeln!(out)?;
        output::table(out, &["key", "pts", "status", "flags", "title"], &rows)?;
    }
    Ok(())
}

/// "SP-3 (Sprint 3): 5 stories, 21 of 30 points", then what needs attention.
fn print_load(backlog: &Backlog, key: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let (Some(sprint), Some(load)) = (backlog.sprint(key), backlog.sprint_load(key)) else {
        bail!("no sprint {key}");
    };
    let capacity = match load.capacity {
        Some(c) => format!(" of {} capacity", number::display(c)),
        None => " (no capacity set)".to_string(),
    };
    writeln!(
        out,
        "{key} ({}): {} {}, {}{capacity}",
        line(&sprint.name),
        load.stories,
        plural(load.stories, "story", "stories"),
        number::points(load.points),
    )?;
    if load.over_capacity() {
        let over = -load.room().unwrap_or(0.0);
        writeln!(out, "over capacity by {}", number::points(over))?;
    }
    if !load.not_ready.is_empty() {
        let listed: Vec<String> = load
            .not_ready
            .iter()
            .map(|n| format!("{} ({})", n.key, n.reasons.join(", ")))
            .collect();
        writeln!(out, "not ready: {}", listed.join("; "))?;
    }
    // A blocked story may be ready and still not start: worth a line too.
    let blocked: Vec<String> = backlog
        .stories_in(key)
        .filter(|s| s.status != model::Status::Done)
        .filter_map(|s| {
            let b = s.blocked.as_ref()?;
            Some(format!("{} ({})", s.key, line(&b.reason)))
        })
        .collect();
    if !blocked.is_empty() {
        writeln!(out, "blocked: {}", blocked.join("; "))?;
    }
    Ok(())
}

/// "S-3, S-5 as serving the goal of SP-8", or each story with its sprint
/// when they are in different ones.
fn goal_marks(marked: &[(String, String)]) -> String {
    let keys: Vec<&str> = marked.iter().map(|(k, _)| k.as_str()).collect();
    match marked.first() {
        Some((_, sprint)) if marked.iter().all(|(_, s)| s == sprint) => {
            format!("{} as serving the goal of {sprint}", keys.join(", "))
        }
        _ => {
            let each: Vec<String> = marked.iter().map(|(k, s)| format!("{k} ({s})")).collect();
            format!("{} as serving their sprint's goal", each.join(", "))
        }
    }
}

fn story_keys(typed: &[String]) -> Vec<String> {
    typed
        .iter()
        .map(|t| keys::normalize(t, keys::STORY))
        .collect()
}

/// A date typed as YYYY-MM-DD, in the years 1900 to 9999: anything else is
/// a typo, and dates near the end of the calendar leave no room to count on.
pub(super) fn date(typed: &str, flag: &str) -> anyhow::Result<NaiveDate> {
    let typed = typed.trim();
    let date = NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .with_context(|| format!("{flag} must be a date like 2026-11-02, not '{typed}'"))?;
    if !(1900..=9999).contains(&date.year()) {
        bail!("{flag} must be a date between 1900-01-01 and 9999-12-31, not '{typed}'");
    }
    Ok(date)
}

fn optional_date(typed: &str, flag: &str) -> anyhow::Result<Option<NaiveDate>> {
    if values::is_none(typed) {
        Ok(None)
    } else {
        date(typed, flag).map(Some)
    }
}

fn capacity(typed: &str) -> anyhow::Result<f64> {
    number::parse_non_negative(typed, "capacity").map_err(anyhow::Error::msg)
}

fn optional_capacity(typed: &str) -> anyhow::Result<Option<f64>> {
    if values::is_none(typed) {
        Ok(None)
    } else {
        capacity(typed).map(Some)
    }
}

pub(super) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Rounded to one decimal, for averages people read.
pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
