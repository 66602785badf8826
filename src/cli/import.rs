//! `po import FILE`: another tool's export into the backlog, as one change
//! and one atomic save; `--dry-run` shows the same summary and writes nothing.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::output::{self, line};
use super::{Ctx, stories};
use crate::import::{self, Applied, ApplyOptions, At, Plan, ReadOptions, Wanted, summary};
use crate::model::{self, Backlog, Moscow};
use crate::store::Store;

/// `po import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import: a Jira or Linear CSV export, `gh issue list --json` or
    /// `task export` output, po's own CSV or JSON, or any CSV with a title column
    pub path: PathBuf,
    /// What the file is; `auto` decides from the extension and the header or shape
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// Show what would be imported (counts, first rows, every warning) and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Where the new stories go in the ranking, in the file's order
    #[arg(long, value_enum, default_value_t = AtArg::Bottom)]
    pub at: AtArg,
    /// Update stories imported before from the same source (title, status, points,
    /// epic, sprint) instead of leaving them as they are
    #[arg(long)]
    pub update: bool,
    /// Priorities to MoSCoW, over the default mapping: `Highest=must,High=should,Low=none`
    #[arg(long, value_name = "NAME=M,...")]
    pub priority_map: Option<String>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Csv,
    Jira,
    Github,
    Linear,
    Taskwarrior,
    Po,
}

/// `--at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AtArg {
    Top,
    Bottom,
}

/// How many new stories the summary shows.
const FIRST_ROWS: usize = 5;

/// How many updated stories the summary says the changes of.
const FIRST_UPDATES: usize = 20;

/// Reads the file, applies it to the backlog and saves once (or, with
/// `--dry-run`, applies it to a copy and saves nothing).
pub fn run(ctx: &Ctx, a: &ImportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let name = a.path.display().to_string();
    let bytes = std::fs::read(&a.path).with_context(|| format!("cannot read {name}"))?;
    let options = ReadOptions {
        priority_map: priority_map(a.priority_map.as_deref())?,
        now: Some(model::now()),
    };
    let wanted = match a.format {
        FormatArg::Auto => Wanted::Auto,
        FormatArg::Csv => Wanted::Csv,
        FormatArg::Jira => Wanted::Jira,
        FormatArg::Github => Wanted::Github,
        FormatArg::Linear => Wanted::Linear,
        FormatArg::Taskwarrior => Wanted::Taskwarrior,
        FormatArg::Po => Wanted::Po,
    };
    let (plan, why) = import::read(&bytes, &name, wanted, &options)
        .map_err(|e| anyhow::anyhow!("{name}: {e}: nothing imported"))?;
    let apply_options = ApplyOptions {
        at: match a.at {
            AtArg::Top => At::Top,
            AtArg::Bottom => At::Bottom,
        },
        update: a.update,
        now: options.now.unwrap_or_else(model::now),
    };
    if a.dry_run {
        // Moving in starts here: a dry run before any backlog exists shows
        // what the import would create, as the real one creates the file.
        let exists = ctx.path().exists();
        let mut backlog = if exists {
            ctx.read()?
        } else {
            std::mem::ManuallyDrop::new(Backlog::default())
        };
        let applied = import::apply(&mut backlog, &plan, &apply_options)
            .map_err(|e| anyhow::anyhow!("{name}: {e}: nothing imported"))?;
        summary(out, &name, &plan, why.as_deref(), &applied, &backlog, true)?;
        if !exists {
            writeln!(
                out,
                "there is no backlog at {} yet: the import creates it",
                line(&ctx.path().display().to_string())
            )?;
        }
        return Ok(());
    }
    let (mut writer, mut backlog) = ctx.write_or_create()?;
    let applied = import::apply(&mut backlog, &plan, &apply_options)
        .map_err(|e| anyhow::anyhow!("{name}: {e}: nothing imported"))?;
    if let Some(change) = &applied.change {
        ctx.save(&mut writer, &backlog, change)?;
    }
    if !ctx.quiet {
        summary(out, &name, &plan, why.as_deref(), &applied, &backlog, false)?;
    }
    Ok(())
}

/// `Highest=must,High=should,Low=none` as lower-case names → MoSCoW.
fn priority_map(text: Option<&str>) -> anyhow::Result<HashMap<String, Option<Moscow>>> {
    let mut map = HashMap::new();
    for pair in text
        .unwrap_or_default()
        .split(',')
        .filter(|p| !p.trim().is_empty())
    {
        let Some((name, value)) = pair.split_once('=') else {
            bail!("--priority-map: \"{pair}\" is not NAME=MOSCOW (e.g. Highest=must)");
        };
        let value = value.trim();
        let moscow = if value.eq_ignore_ascii_case("none") || value.is_empty() {
            None
        } else {
            Some(
                value
                    .parse::<Moscow>()
                    .map_err(|e| anyhow::anyhow!("--priority-map: {e} (or none)"))?,
            )
        };
        map.insert(name.trim().to_ascii_lowercase(), moscow);
    }
    Ok(map)
}

/// The first run's import (`po` with no backlog yet, answer `i`): `source`
/// read as `--format auto` into a new backlog saved at `path`, with the
/// summary `po import` prints. Nothing is created when it is refused.
pub(super) fn into_new(path: &Path, source: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let name = source.display().to_string();
    let bytes = std::fs::read(source).with_context(|| format!("cannot read {name}"))?;
    let now = model::now();
    let options = ReadOptions {
        now: Some(now),
        ..ReadOptions::default()
    };
    let (plan, why) = import::read(&bytes, &name, Wanted::Auto, &options)
        .map_err(|e| anyhow::anyhow!("{name}: {e}: nothing imported"))?;
    let mut backlog = Backlog::default();
    let apply_options = ApplyOptions {
        at: At::Bottom,
        update: false,
        now,
    };
    let applied = import::apply(&mut backlog, &plan, &apply_options)
        .map_err(|e| anyhow::anyhow!("{name}: {e}: nothing imported"))?;
    if applied.change.is_none() {
        bail!("{name}: no story to import in it: nothing imported");
    }
    Store::create(path, &backlog)?;
    summary(out, &name, &plan, why.as_deref(), &applied, &backlog, false)
}

fn summary(
    out: &mut impl Write,
    name: &str,
    plan: &Plan,
    why: Option<&str>,
    applied: &Applied,
    backlog: &Backlog,
    dry_run: bool,
) -> anyhow::Result<()> {
    writeln!(out, "{}: {}", line(name), summary::format_line(plan, why))?;
    writeln!(out, "{}", summary::in_file_line(plan))?;
    writeln!(out, "{}", summary::result_line(applied, dry_run))?;
    if !applied.added.is_empty() {
        writeln!(out, "\nfirst stories:")?;
        let rows: Vec<Vec<String>> = applied
            .added
            .iter()
            .take(FIRST_ROWS)
            .filter_map(|key| {
                let rank = backlog.story_index(key)? + 1;
                let s = backlog.story(key)?;
                let mut row = stories::list_row(rank, s);
                row.push(line(s.source.as_deref().unwrap_or("")).into_owned());
                Some(row)
            })
            .collect();
        let mut header = stories::LIST_HEADER.to_vec();
        header.push("source");
        output::table(out, &header, &rows)?;
        if applied.added.len() > FIRST_ROWS {
            writeln!(out, "… and {} more", applied.added.len() - FIRST_ROWS)?;
        }
    }
    if !applied.updates.is_empty() {
        writeln!(out, "\nupdated:")?;
        for said in applied.updates.iter().take(FIRST_UPDATES) {
            writeln!(out, "  {}", line(said))?;
        }
        if applied.updates.len() > FIRST_UPDATES {
            writeln!(
                out,
                "  … and {} more",
                applied.updates.len() - FIRST_UPDATES
            )?;
        }
    }
    let warnings = summary::warning_lines(plan, applied, backlog);
    if !warnings.is_empty() {
        writeln!(out, "\n{}", summary::warnings_heading(warnings.len()))?;
        for w in warnings {
            writeln!(out, "  {}", line(&w))?;
        }
    }
    if dry_run {
        writeln!(out, "\ndry run: nothing was changed")?;
    } else if applied.change.is_none() {
        writeln!(out, "\nnothing to change: the backlog is as it was")?;
    }
    Ok(())
}
