//! `po roadmap`: per epic, progress, remaining points and forecast finish
//! dates, as a table, JSON or Markdown for stakeholders.

use std::io::Write;

use serde::Serialize;

use super::output::{self, line};
use super::roadmap_args::{RoadmapArgs, SimulationArgs};
use super::{Ctx, roadmap_md};
use crate::model::metrics::velocity_label;
use crate::model::{Backlog, EpicForecast, ForecastOptions, Product, Roadmap, number};

/// What `po roadmap --json` prints: the product and its roadmap.
#[derive(Serialize)]
struct WithProduct<'a> {
    product: &'a Product,
    #[serde(flatten)]
    roadmap: &'a Roadmap,
}

/// Prints the roadmap.
pub fn run(ctx: &Ctx, a: &RoadmapArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let roadmap = backlog.roadmap(&options(&a.sim, ctx.config.forecast.runs));
    if a.json {
        let product = &backlog.product;
        return output::json(
            out,
            &WithProduct {
                product,
                roadmap: &roadmap,
            },
        );
    }
    if a.md {
        return roadmap_md::write(&backlog, &roadmap, out);
    }
    print(&backlog, &roadmap, out)
}

/// The simulation's options for today from the command line; without
/// `--runs`, `runs` (config.toml's `forecast.runs`).
pub(super) fn options(sim: &SimulationArgs, runs: usize) -> ForecastOptions {
    let mut options = ForecastOptions::new(chrono::Local::now().date_naive());
    options.runs = sim.runs.map_or(runs, |r| r as usize);
    options.seed = sim.seed;
    options.history = sim.last as usize;
    options
}

/// "14.5 (last 4 sprints), 10000 runs, seed 1", or why there are no dates.
pub(super) fn basis(r: &Roadmap) -> String {
    if let Some(why) = &r.no_dates {
        return format!("{why}: no dates until then");
    }
    let mean = r.velocities.iter().fold(0.0, |sum, v| sum + v) / r.velocities.len() as f64;
    let (first, second) = r.drawn_names();
    format!(
        "velocity {}, {} runs, seed {}: {first} is {}% likely, {second} is {}% likely",
        velocity_label(mean, r.velocities.len()),
        r.runs,
        r.seed,
        &first[1..],
        &second[1..]
    )
}

/// "5/25" points done of the total.
pub(super) fn progress(e: &EpicForecast) -> String {
    format!(
        "{}/{}",
        number::display(e.done_points),
        number::display(e.total_points)
    )
}

fn print(backlog: &Backlog, r: &Roadmap, out: &mut impl Write) -> anyhow::Result<()> {
    if !backlog.product.name.is_empty() {
        writeln!(out, "{}", line(&backlog.product.name))?;
    }
    if let Some(first) = backlog.product.vision.lines().next() {
        writeln!(out, "vision: {}", line(first))?;
    }
    if r.epics.is_empty() {
        writeln!(out, "no epics yet: add one with `po epic new TITLE`")?;
        return Ok(());
    }
    writeln!(out, "{}", basis(r))?;
    let (first, second) = r.drawn_names();
    let rows: Vec<Vec<String>> = r
        .epics
        .iter()
        .map(|e| {
            let (p50, p85) = e.finish.labels();
            vec![
                line(&e.key).into_owned(),
                progress(e),
                number::display(e.remaining_points),
                e.unestimated.len().to_string(),
                p50,
                p85,
                line(&e.title).into_owned(),
            ]
        })
        .collect();
    output::table(
        out,
        &[
            "epic",
            "done/pts",
            "left",
            "unestimated",
            &first,
            &second,
            "title",
        ],
        &rows,
    )?;
    for e in &r.epics {
        if let Some(outcome) = &e.outcome {
            writeln!(
                out,
                "{} outcome: {}",
                line(&e.key),
                line(&outcome.summary())
            )?;
        }
    }
    if let Some(s) = &r.sprint {
        let open: Vec<_> = s
            .stories
            .iter()
            .filter(|s| s.status != crate::model::Status::Done)
            .collect();
        let points = open
            .iter()
            .fold(0.0, |sum, s| sum + s.points.unwrap_or(0.0));
        writeln!(
            out,
            "running sprint {} {}{}: {} of {} stories open, {} points",
            line(&s.key),
            line(&s.name),
            s.end.map(|d| format!(" (ends {d})")).unwrap_or_default(),
            open.len(),
            s.stories.len(),
            number::display(points)
        )?;
    }
    Ok(())
}
