//! `po epic new`, `po epic list` and `po epic edit`.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use anyhow::bail;

use super::args::{EpicCommand, EpicEditArgs};
use super::output::{self, line};
use super::{Ctx, values};
use crate::model::{Backlog, Epic, EpicOutcome, Item, Status, number};

/// Runs an `epic` subcommand.
pub fn run(ctx: &Ctx, command: EpicCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        EpicCommand::New { title, description } => {
            let (mut store, mut backlog) = ctx.write()?;
            let title = values::text(&title, "an epic's title")?;
            let description = description.unwrap_or_default();
            let change = backlog.add_epic(&title, description.trim())?;
            ctx.save(&mut store, &backlog, &change)?;
            let key = match &change {
                crate::model::Change::Insert {
                    item: Item::Epic(e),
                    ..
                } => e.key.clone(),
                other => other.describe(),
            };
            writeln!(out, "{key}")?;
            Ok(())
        }
        EpicCommand::List { json } => {
            let backlog = ctx.read()?;
            let rows = summarize(&backlog);
            if json {
                return output::json(out, &rows);
            }
            if rows.is_empty() {
                writeln!(out, "no epics yet: add one with `po epic new TITLE`")?;
                return Ok(());
            }
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        line(&r.epic.key).into_owned(),
                        r.stories.to_string(),
                        format!(
                            "{}/{}",
                            number::display(r.points_done),
                            number::display(r.points_total)
                        ),
                        line(&r.epic.title).into_owned(),
                    ]
                })
                .collect();
            output::table(out, &["key", "stories", "done/pts", "title"], &table)?;
            Ok(())
        }
        EpicCommand::Edit(a) => edit(ctx, &a, out),
    }
}

/// `po epic edit`: checks every value first, then applies them in one change.
fn edit(ctx: &Ctx, a: &EpicEditArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write()?;
    let key = values::epic_key(&backlog, &a.key)?;
    let title = a
        .title
        .as_deref()
        .map(|t| values::text(t, "an epic's title"))
        .transpose()?;
    let outcome = outcome_edit(a, backlog.epic(&key).and_then(|e| e.outcome.clone()))?;
    if title.is_none() && a.description.is_none() && outcome.is_none() {
        bail!(
            "say what to change: --title, --description, --metric, --unit, --baseline, \
             --target, --measured, --measured-on or --no-outcome"
        );
    }
    let change = backlog.update_epic(&key, |e| {
        if let Some(title) = title {
            e.title = title;
        }
        if let Some(description) = &a.description {
            e.description = description.trim().to_string();
        }
        if let Some(outcome) = outcome {
            e.outcome = outcome;
        }
    })?;
    match change {
        Some(change) => {
            ctx.save(&mut store, &backlog, &change)?;
            writeln!(out, "{}", change.describe())?;
        }
        None => writeln!(out, "{key} unchanged")?,
    }
    if let Some(outcome) = backlog.epic(&key).and_then(|e| e.outcome.as_ref()) {
        writeln!(out, "outcome: {}", output::line(&outcome.summary()))?;
    }
    Ok(())
}

/// The epic's outcome after the options, or `None` when no outcome option
/// was given. An outcome needs a metric; a measurement without a date is
/// dated today.
fn outcome_edit(
    a: &EpicEditArgs,
    current: Option<EpicOutcome>,
) -> anyhow::Result<Option<Option<EpicOutcome>>> {
    if a.no_outcome {
        return Ok(Some(None));
    }
    let given = [&a.metric, &a.unit, &a.baseline, &a.target, &a.measured]
        .iter()
        .any(|o| o.is_some())
        || a.measured_on.is_some();
    if !given {
        return Ok(None);
    }
    let had_outcome = current.is_some();
    let mut o = current.unwrap_or_default();
    if let Some(metric) = &a.metric {
        o.metric = values::text(metric, "--metric")?;
    } else if !had_outcome {
        bail!("an outcome needs a metric first: add --metric TEXT (e.g. \"checkout conversion\")");
    }
    if let Some(unit) = &a.unit {
        o.unit = if values::is_none(unit) {
            String::new()
        } else {
            unit.trim().to_string()
        };
    }
    let value = |typed: &str, flag: &str| -> anyhow::Result<Option<f64>> {
        if values::is_none(typed) {
            return Ok(None);
        }
        number::parse_non_negative(typed, flag)
            .map(Some)
            .map_err(anyhow::Error::msg)
    };
    if let Some(b) = &a.baseline {
        o.baseline = value(b, "--baseline")?;
    }
    if let Some(t) = &a.target {
        o.target = value(t, "--target")?;
    }
    if let Some(m) = &a.measured {
        o.measured = value(m, "--measured")?;
        o.measured_on = o.measured.map(|_| chrono::Local::now().date_naive());
    }
    if let Some(on) = &a.measured_on {
        o.measured_on = if values::is_none(on) {
            None
        } else {
            Some(super::sprint::date(on, "--measured-on")?)
        };
    }
    Ok(Some(Some(o)))
}

/// An epic with what its stories add up to.
#[derive(Serialize)]
struct EpicRow<'a> {
    #[serde(flatten)]
    epic: &'a Epic,
    stories: usize,
    points_done: f64,
    points_total: f64,
}

/// One pass over the stories, so that 100,000 stories and many epics stay fast.
fn summarize(backlog: &Backlog) -> Vec<EpicRow<'_>> {
    let mut totals: HashMap<&str, (usize, f64, f64)> = HashMap::new();
    for s in &backlog.stories {
        if let Some(epic) = &s.epic {
            let t = totals.entry(epic.as_str()).or_default();
            t.0 += 1;
            let points = s.points.unwrap_or(0.0);
            t.2 += points;
            if s.status == Status::Done {
                t.1 += points;
            }
        }
    }
    backlog
        .epics
        .iter()
        .map(|epic| {
            let (stories, points_done, points_total) =
                totals.get(epic.key.as_str()).copied().unwrap_or_default();
            EpicRow {
                epic,
                stories,
                points_done,
                points_total,
            }
        })
        .collect()
}
