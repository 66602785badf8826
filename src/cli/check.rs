//! `po check`: the file parses (with the same error as loading it) and is
//! consistent; `--fix` renumbers the later copy of a key used twice.

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::output::{self, line};
use super::{Ctx, args::CheckArgs, lock_wait};
use crate::model::VERSION;
use crate::model::number;
use crate::model::ready::{ReadyCheck, Reason};
use crate::store::{self, Access, Opened, Store, StoreError};

/// Prints every problem and fails if there is one; prints a summary otherwise.
pub fn run(ctx: &Ctx, a: &CheckArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let path = ctx.path();
    if a.fix {
        fix(ctx, out)?;
    }
    // Parsed directly rather than through Store::open, which repairs the key
    // counters in memory and refuses a key used twice: both are problems to
    // show here.
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
        let hint = if backlog.duplicate_key().is_some() {
            "; `po check --fix` gives the later copy of a key used twice a new key"
        } else {
            ""
        };
        bail!("{} has {n} problem{s} (listed above){hint}", path.display());
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
        "ok: {}, {}, {}, {} in {}{newer}",
        number::count(backlog.stories.len(), "story", "stories"),
        number::count(backlog.epics.len(), "epic", "epics"),
        number::count(backlog.sprints.len(), "sprint", "sprints"),
        number::count(backlog.requests.len(), "request", "requests"),
        path.display()
    )?;
    Ok(())
}

/// Renumbers the later copy of every key used twice and saves (atomically,
/// the old file kept as `.bak`), saying what it renumbered.
fn fix(ctx: &Ctx, out: &mut impl Write) -> anyhow::Result<()> {
    let path = ctx.path();
    if !path.exists() {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
        }
        .into());
    }
    let Opened {
        mut store,
        mut backlog,
        ..
    } = Store::open_waiting(path, Access::Repair, false, lock_wait(ctx.wait)?)?;
    let renumbered = backlog.renumber_duplicates();
    if renumbered.is_empty() {
        return Ok(());
    }
    store
        .save(&backlog)
        .context("the renumbered keys were not saved")?;
    for r in &renumbered {
        writeln!(
            out,
            "{}",
            line(&format!(
                "renumbered {}: {} → {} (references to {} still mean the first copy)",
                r.at, r.old, r.new, r.old
            ))
        )?;
    }
    Ok(())
}

/// `po check --ready`: the top open stories against the Definition of
/// Ready. Prints those not ready with why, and fails (exit 1) when there is
/// one, so a team can gate planning on it.
pub fn ready(ctx: &Ctx, a: &CheckArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let check = backlog.ready_check(Some(a.top));
    let scope = scope(a.top, &check);
    if a.json {
        output::json(out, &ready_json(a.top, &check))?;
    } else {
        for story in &check.not_ready {
            writeln!(
                out,
                "{} (rank {}) {}",
                story.key,
                story.rank,
                line(&story.title)
            )?;
            for reason in &story.reasons {
                writeln!(out, "  - {}", line(&reason.to_string()))?;
            }
        }
        if check.not_ready.is_empty() {
            writeln!(out, "ready: {scope}")?;
        }
    }
    if !check.not_ready.is_empty() {
        out.flush()?;
        // The verb agrees with the count: "1 of the top 15 … is not ready".
        let n = check.not_ready.len();
        let of = scope.strip_suffix(" are").unwrap_or(&scope);
        let of = of.strip_suffix(" is").unwrap_or(of);
        bail!(
            "{n} of {of} {} not ready",
            if n == 1 { "is" } else { "are" }
        );
    }
    Ok(())
}

/// "the top 10 open stories are" / "the 3 open stories (all there are) are".
fn scope(top: usize, check: &ReadyCheck) -> String {
    match check.checked {
        0 => "no open stories to check: there is nothing to plan".to_string(),
        1 if top == 1 => "the top open story is".to_string(),
        n if n < top => format!("the {n} open stories (all there are) are"),
        n => format!("the top {n} open stories are"),
    }
}

/// The JSON of `po check --ready --json`.
fn ready_json(top: usize, check: &ReadyCheck) -> Value {
    json!({
        "top": top,
        "checked": check.checked,
        "ready": check.not_ready.is_empty(),
        "not_ready": check.not_ready.iter().map(|s| json!({
            "key": s.key,
            "rank": s.rank,
            "title": s.title,
            "reasons": reasons_json(&s.reasons),
        })).collect::<Vec<_>>(),
    })
}

/// Reasons as JSON: the rule's stable name, a sentence, the field that
/// fixes it, and the rule's details.
pub(super) fn reasons_json(reasons: &[Reason]) -> Vec<Value> {
    reasons
        .iter()
        .map(|r| {
            let mut v = json!({
                "rule": r.name(),
                "message": r.to_string(),
                "field": r.field().to_string(),
            });
            if let (Some(map), Ok(Value::Object(details))) =
                (v.as_object_mut(), serde_json::to_value(r))
            {
                for (k, d) in details {
                    map.entry(k).or_insert(d);
                }
            }
            v
        })
        .collect()
}
