//! `po check`: the file parses (with the same error as loading it) and is consistent.

use std::fs;
use std::io::{self, Write};

use anyhow::bail;

use super::Ctx;
use super::output::line;
use crate::model::VERSION;
use crate::store::{self, StoreError};

/// Prints every problem and fails if there is one; prints a summary otherwise.
pub fn run(ctx: &Ctx, out: &mut impl Write) -> anyhow::Result<()> {
    let path = ctx.path();
    // Parsed directly rather than through Store::open, which repairs the key
    // counters in memory and would hide that problem from the user.
    let bytes = fs::read(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => StoreError::Missing {
            path: path.to_path_buf(),
        },
        _ => StoreError::Read {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let mut backlog = store::parse(path, &bytes)?;
    // An older file is checked as po reads it: migrated, not as the raw old
    // shape (whose fields the checks no longer know).
    store::upgrade(&mut backlog);
    let problems = backlog.problems();
    for p in &problems {
        writeln!(out, "{}", line(&p.to_string()))?;
    }
    if !problems.is_empty() {
        out.flush()?;
        let n = problems.len();
        let s = if n == 1 { "" } else { "s" };
        bail!("{} has {n} problem{s} (listed above)", path.display());
    }
    let newer = if backlog.version > VERSION {
        format!(
            " (format version {} is newer than this po's {VERSION}: it can only read it)",
            backlog.version
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "ok: {} stories, {} epics, {} sprints, {} requests in {}{newer}",
        backlog.stories.len(),
        backlog.epics.len(),
        backlog.sprints.len(),
        backlog.requests.len(),
        path.display()
    )?;
    Ok(())
}
