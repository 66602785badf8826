//! `po init`: a new, empty or sample backlog file.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use super::Ctx;
use super::args::InitArgs;
use crate::model::{Backlog, number, sample};
use crate::store::Store;

/// Product name when none is given.
const DEFAULT_NAME: &str = "My product";
/// Product name of the generated sample when none is given.
const SAMPLE_NAME: &str = "Acme Groceries";

/// The largest `--stories` a sample may have: ten times the largest size the
/// benchmarks measure (100,000). Above it the file runs past a gigabyte and
/// the generator would exhaust memory or overflow long before writing it.
pub const MAX_SAMPLE_STORIES: usize = 1_000_000;

/// Creates the file; refuses if it already exists.
pub fn run(ctx: &Ctx, a: &InitArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let path = ctx.path();
    if a.sample && a.stories > MAX_SAMPLE_STORIES {
        bail!(
            "--stories {} is too many: a sample has at most {MAX_SAMPLE_STORIES} stories",
            a.stories
        );
    }
    let name = a.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let said = if a.sample {
        create_sample(path, name, a.stories, a.seed)?
    } else {
        Store::create(path, &Backlog::new(name.unwrap_or(DEFAULT_NAME)))?;
        format!("created {}", path.display())
    };
    writeln!(out, "{said}")?;
    Ok(())
}

/// How many stories a sample has unless told otherwise (`po init --sample`,
/// and the offer of a first `po`).
pub const SAMPLE_STORIES: usize = 40;
/// The sample generator's seed unless told otherwise.
pub const SAMPLE_SEED: u64 = 1;

/// Creates a generated sample backlog at `path` (refusing to overwrite) and
/// says what it made: `po init --sample`, and the first `po` on a machine.
pub fn create_sample(
    path: &Path,
    name: Option<&str>,
    stories: usize,
    seed: u64,
) -> anyhow::Result<String> {
    let today = chrono::Local::now().date_naive();
    let backlog = sample::generate(name.unwrap_or(SAMPLE_NAME), stories, seed, today);
    Store::create(path, &backlog)?;
    Ok(created_sample(path, &backlog, seed))
}

fn created_sample(path: &Path, backlog: &Backlog, seed: u64) -> String {
    format!(
        "created {} with {}, {} and {} (a generated sample; seed {seed})",
        path.display(),
        number::count(backlog.stories.len(), "story", "stories"),
        number::count(backlog.epics.len(), "epic", "epics"),
        number::count(backlog.sprints.len(), "sprint", "sprints"),
    )
}
