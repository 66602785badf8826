//! `po forecast`: when the backlog or an epic will be done, as ranges.

use std::io::Write;

use chrono::NaiveDate;

use super::output;
use super::roadmap_args::SimulationArgs;
use super::sprint::{date, plural};
use super::sprint_args::ForecastArgs;
use super::{Ctx, values, what_if};
use crate::model::forecast::MAX_SPRINTS;
use crate::model::{Forecast, ForecastOptions, Outcome, number};

/// Prints the forecast.
pub fn run(ctx: &Ctx, a: &ForecastArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if let Some(key) = &a.what_if {
        let sim = SimulationArgs {
            runs: a.runs,
            seed: a.seed,
            last: a.last,
        };
        return what_if::run(ctx, key, &a.place, &sim, a.json, out);
    }
    let backlog = ctx.read()?;
    let mut options = ForecastOptions::new(chrono::Local::now().date_naive());
    options.epic = a
        .epic
        .as_deref()
        .map(|e| values::epic_key(&backlog, e))
        .transpose()?;
    options.runs = a.runs.map_or(ctx.config.forecast.runs, |r| r as usize);
    options.seed = a.seed;
    options.history = a.last as usize;
    options.by = a.by.as_deref().map(|d| date(d, "--by")).transpose()?;
    let forecast = backlog.forecast(&options)?;
    if a.json {
        return output::json(out, &forecast);
    }
    print(&forecast, out)
}

fn print(f: &Forecast, out: &mut impl Write) -> anyhow::Result<()> {
    let what = match &f.epic {
        Some(e) => format!("epic {e}"),
        None => "the backlog".to_string(),
    };
    writeln!(
        out,
        "{what}: {} points in {} {} remaining",
        number::display(f.remaining_points),
        f.remaining_stories,
        plural(f.remaining_stories, "story", "stories")
    )?;
    match &f.outcome {
        Outcome::Done => writeln!(out, "nothing left to do")?,
        Outcome::Unestimated { stories } => writeln!(
            out,
            "no forecast: {} open {} {} unestimated ({}); estimate {} to forecast \
             (`po edit KEY --points N`)",
            stories.len(),
            plural(stories.len(), "story", "stories"),
            plural(stories.len(), "is", "are"),
            stories.join(", "),
            plural(stories.len(), "it", "them"),
        )?,
        Outcome::MonteCarlo {
            runs,
            seed,
            percentiles,
            ..
        } => {
            let history: Vec<String> = f.velocities.iter().map(|v| number::display(*v)).collect();
            writeln!(
                out,
                "velocity {}: resampling {}, {runs} runs, seed {seed}:",
                f.velocity().unwrap_or_default(),
                history.join(", ")
            )?;
            for level in percentiles {
                writeln!(
                    out,
                    "  {}% likely done {}",
                    level.percentile,
                    within(level.sprints, level.date)
                )?;
            }
        }
        Outcome::Range {
            capacity,
            fewest,
            most,
            earliest,
            latest,
        } => {
            writeln!(
                out,
                "at the full capacity of {} points per sprint: done {}",
                number::display(*capacity),
                within(*fewest, *earliest)
            )?;
            writeln!(out, "at half of it: done {}", within(*most, *latest))?;
        }
        Outcome::Unknown { reason } => writeln!(out, "no forecast: {reason}")?,
    }
    if let Some(by) = &f.by {
        writeln!(
            out,
            "by {} ({} {} ending by then):",
            by.date,
            by.sprints,
            plural(by.sprints as usize, "sprint", "sprints")
        )?;
        for level in &by.levels {
            let through = match &level.through {
                Some(key) => format!("through {key}"),
                None => "nothing".to_string(),
            };
            writeln!(
                out,
                "  {}: {} points, {} {} ({through})",
                level.label,
                number::display(level.points.round()),
                level.stories,
                plural(level.stories, "story", "stories")
            )?;
        }
    }
    for note in &f.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}

/// "within 5 sprints, by 2027-02-12", or "in more than 520 sprints".
fn within(sprints: Option<u32>, date: Option<NaiveDate>) -> String {
    match (sprints, date) {
        (Some(n), Some(d)) => format!(
            "within {n} {}, by {d}",
            plural(n as usize, "sprint", "sprints")
        ),
        (Some(n), None) => format!(
            "within {n} {}, past the last date po can count",
            plural(n as usize, "sprint", "sprints")
        ),
        _ => format!("in more than {MAX_SPRINTS} sprints"),
    }
}
