//! `po epic new` and `po epic list`.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::args::EpicCommand;
use super::output::{self, line};
use super::{Ctx, values};
use crate::model::{Backlog, Epic, Item, Status, number};

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
    }
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
