//! `po forecast --what-if KEY --top|--rank N|--before KEY|--after KEY`: what
//! a move would push out, before it is made.

use std::io::Write;

use anyhow::bail;

use super::output::{self, line};
use super::roadmap_args::{PlaceArgs, SimulationArgs};
use super::sprint::plural;
use super::{Ctx, roadmap, values};
use crate::model::{Backlog, Position, WhatIf};

/// Prints every epic's dates before and after moving `key`.
pub fn run(
    ctx: &Ctx,
    key: &str,
    place: &PlaceArgs,
    sim: &SimulationArgs,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let key = values::story_key(&backlog, key)?;
    let to = position(&backlog, place)?;
    let what_if = backlog.what_if(&key, &to, &roadmap::options(sim, ctx.config.forecast.runs))?;
    if json {
        return output::json(out, &what_if);
    }
    print(&what_if, out)
}

/// The place the options name, refusing unknown keys and ranks past the end.
fn position(backlog: &Backlog, place: &PlaceArgs) -> anyhow::Result<Position> {
    Ok(if place.top {
        Position::Top
    } else if let Some(n) = place.rank {
        let count = backlog.stories.len();
        if n as usize > count {
            bail!("--rank {n} is past the last rank ({count})");
        }
        Position::Index(n as usize - 1)
    } else if let Some(other) = &place.before {
        Position::Before(values::story_key(backlog, other)?)
    } else if let Some(other) = &place.after {
        Position::After(values::story_key(backlog, other)?)
    } else {
        bail!("say where the story would go: --top, --rank N, --before KEY or --after KEY");
    })
}

fn print(w: &WhatIf, out: &mut impl Write) -> anyhow::Result<()> {
    let epic = w
        .epic
        .as_deref()
        .map(|e| format!(" ({e})"))
        .unwrap_or_default();
    let from = w
        .from_rank
        .map(|r| format!("from rank {r} "))
        .unwrap_or_default();
    writeln!(
        out,
        "what if {} \"{}\"{epic} went {from}to rank {}?",
        line(&w.story),
        line(&w.title),
        w.to_rank
    )?;
    match &w.no_dates {
        Some(why) => writeln!(out, "{why}: no dates to compare")?,
        None => {
            writeln!(
                out,
                "both sides: seed {}, {} runs, so the differences are the move's",
                w.seed, w.runs
            )?;
            let rows: Vec<Vec<String>> = w
                .epics
                .iter()
                .map(|e| {
                    let (b50, b85) = e.before.labels();
                    let (a50, a85) = e.after.labels();
                    let (d50, d85) = e.differences();
                    vec![
                        line(&e.key).into_owned(),
                        format!("{b50} → {a50}"),
                        d50,
                        format!("{b85} → {a85}"),
                        d85,
                        line(&e.title).into_owned(),
                    ]
                })
                .collect();
            let (first, second) = crate::model::roadmap::drawn_names(&w.percentiles);
            output::table(
                out,
                &["epic", &first, "change", &second, "change", "title"],
                &rows,
            )?;
        }
    }
    if let Some(s) = &w.sprint {
        if s.changes() {
            let mut parts = Vec::new();
            if !s.joins.is_empty() {
                parts.push(format!("{} would come in", s.joins.join(", ")));
            }
            if !s.leaves.is_empty() {
                parts.push(format!("{} would be pushed out", s.leaves.join(", ")));
            }
            writeln!(
                out,
                "running sprint {}: the commitment changes: {} ({} open {})",
                line(&s.key),
                parts.join("; "),
                crate::model::number::display(s.points),
                plural(s.points as usize, "point", "points")
            )?;
        } else {
            writeln!(
                out,
                "running sprint {}: the commitment does not change",
                line(&s.key)
            )?;
        }
    }
    Ok(())
}
