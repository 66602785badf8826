//! `po diff OLD NEW [--json]`: what changed between two backlog files, by
//! story and field; and the two ways git calls it (docs/team.md): as
//! `diff.po.command` (`--git`, seven arguments) and as `diff.po.textconv`
//! (`--textconv`, one file turned into lines for git's own line diff).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::Value;

use super::output;
use crate::model::diff::{CriterionChange, Difference, Entity, diff, value_text};
use crate::model::{Backlog, SprintState};
use crate::store;
use crate::text;

/// `po diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD NEW (with --git: the seven arguments git passes; with --textconv: one file)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Print the changes as a JSON array
    #[arg(long, conflicts_with_all = ["git", "textconv"])]
    pub json: bool,
    /// Take the arguments of git's `diff.<driver>.command`:
    /// PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
    #[arg(long, conflicts_with = "textconv")]
    pub git: bool,
    /// Print one file as lines for git's line diff (`diff.<driver>.textconv`)
    #[arg(long)]
    pub textconv: bool,
}

/// Texts longer than this are shortened in a change line.
const SHORT: usize = 60;

/// Runs `po diff` in the mode its flags ask for.
pub fn run(args: &DiffArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    match (args.git, args.textconv, files.as_slice()) {
        (false, false, [old, new]) => {
            let changes = diff(&read(old)?, &read(new)?)?;
            if args.json {
                output::json(out, &changes)
            } else {
                lines(&changes, out)
            }
        }
        (true, _, [path, old, _, _, new, _, _]) => git_command(path, old, new, out),
        (_, true, [file]) => textconv(file, out),
        (true, _, _) => bail!(
            "po diff --git takes the 7 arguments git gives a diff command, got {}; \
             set it up with `po git setup`",
            files.len()
        ),
        (_, true, _) => bail!("po diff --textconv takes one file, got {}", files.len()),
        _ => bail!(
            "po diff compares two backlog files: po diff OLD NEW, got {} file(s)",
            files.len()
        ),
    }
}

/// Reads and parses a backlog file; the error names the file.
fn read(path: &Path) -> anyhow::Result<Backlog> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(store::parse(path, &bytes)?)
}

/// As `diff.po.command`. Git passes `/dev/null` for a side that does not
/// exist. A side that is not a po backlog (a commit from before the file
/// was one, a half-resolved merge) is said in the output rather than failing:
/// a failing diff command stops the whole `git diff` or `git log -p`.
fn git_command(path: &Path, old: &Path, new: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let name = path.display();
    writeln!(out, "po diff a/{name} b/{name}")?;
    let side = |file: &Path| -> anyhow::Result<Backlog> {
        if file == Path::new("/dev/null") {
            return Ok(Backlog::new(""));
        }
        read(file)
    };
    match side(old).and_then(|old| Ok((old, side(new)?))) {
        Ok((old, new)) => lines(&diff(&old, &new)?, out),
        Err(e) => {
            let why = format!("{e:#}");
            writeln!(out, "(not compared: {})", output::line(&why))?;
            Ok(())
        }
    }
}

/// The changes, one line each.
fn lines(changes: &[Difference], out: &mut impl Write) -> anyhow::Result<()> {
    if changes.is_empty() {
        writeln!(out, "no changes")?;
    }
    for change in changes {
        writeln!(out, "{}", output::line(&describe(change)))?;
    }
    Ok(())
}

/// One change in words: `+` added, `-` removed, `~` moved, indented for a
/// change inside an entity.
pub fn describe(change: &Difference) -> String {
    match change {
        Difference::Added {
            key, title, rank, ..
        } => match rank {
            Some(rank) => format!("+ {key} added at rank {rank}: {}", short(title)),
            None => format!("+ {key} added: {}", short(title)),
        },
        Difference::Removed {
            key, title, rank, ..
        } => match rank {
            Some(rank) => format!("- {key} removed (was rank {rank}): {}", short(title)),
            None => format!("- {key} removed: {}", short(title)),
        },
        Difference::Moved {
            key,
            title,
            from,
            to,
        } => format!("~ {key} moved rank {from} → {to}: {}", short(title)),
        Difference::Field {
            entity,
            key,
            field,
            old,
            new,
        } => {
            let whose = match entity {
                Entity::Product => "product".to_string(),
                Entity::File => "file".to_string(),
                _ => key.clone(),
            };
            format!("  {whose} {field}: {} → {}", shown(old), shown(new))
        }
        Difference::Criterion { key, action, text } => {
            let action = match action {
                CriterionChange::Added => "added",
                CriterionChange::Removed => "removed",
                CriterionChange::Ticked => "ticked",
                CriterionChange::Unticked => "unticked",
            };
            format!("  {key} criterion {action}: {}", short(text))
        }
        Difference::SprintState {
            key,
            name,
            from,
            to,
        } => {
            let what = match (from, to) {
                (_, SprintState::Active) if *from != SprintState::Closed => "started",
                (_, SprintState::Active) => "reopened",
                (_, SprintState::Closed) => "closed",
                (_, SprintState::Planned) => "back to planned",
            };
            format!("  {key} {what}: {}", short(name))
        }
    }
}

fn short(s: &str) -> String {
    text::truncate(&output::line(s), SHORT).into_owned()
}

/// A value in a change line, shortened.
fn shown(value: &Value) -> String {
    short(&value_text(value))
}

/// As `diff.po.textconv`: the whole file as lines, each starting with the
/// key it belongs to, so that git's line diff of two versions reads as
/// changes to stories. A file that is not a po backlog is printed as it is
/// (after a note), so that `git log -p` never stops at an odd commit.
fn textconv(file: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let backlog = match store::parse(file, &bytes) {
        Ok(backlog) => backlog,
        Err(e) => {
            writeln!(out, "(not a po backlog: {})", output::line(&e.to_string()))?;
            out.write_all(&bytes)?;
            return Ok(());
        }
    };
    let value = serde_json::to_value(&backlog)?;
    let Some(top) = value.as_object() else {
        return Ok(());
    };
    for (field, v) in top {
        if !matches!(
            field.as_str(),
            "format"
                | "next_keys"
                | "next_id"
                | "product"
                | "epics"
                | "stories"
                | "sprints"
                | "requests"
        ) {
            entry(out, "file", field, v)?;
        }
    }
    if let Some(product) = top.get("product").and_then(Value::as_object) {
        for (field, v) in product {
            entry(out, "product", field, v)?;
        }
    }
    for (list, kind, title) in [
        ("epics", "epic", "title"),
        ("sprints", "sprint", "name"),
        ("stories", "story", "title"),
        ("requests", "request", "text"),
    ] {
        for item in top
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(item) = item.as_object() else {
                continue;
            };
            let key = item.get("key").and_then(Value::as_str).unwrap_or("?");
            let name = item.get(title).and_then(Value::as_str).unwrap_or_default();
            writeln!(out, "{key} {kind}: {}", output::line(name))?;
            for (field, v) in item {
                if field != "key" && field != title && field != "updated" {
                    entry(out, &format!("{key}  "), field, v)?;
                }
            }
        }
    }
    Ok(())
}

/// One field as textconv lines: nothing when empty, a line per line of text,
/// a line per acceptance criterion.
fn entry(out: &mut impl Write, prefix: &str, field: &str, value: &Value) -> anyhow::Result<()> {
    match value {
        Value::Null => {}
        Value::String(s) => {
            for line in s.lines() {
                writeln!(out, "{prefix} {field}: {}", output::line(line))?;
            }
        }
        Value::Array(items) if field == "acceptance" => {
            for c in items {
                let done = c.get("done").and_then(Value::as_bool).unwrap_or(false);
                let text = c.get("text").and_then(Value::as_str).unwrap_or_default();
                let mark = if done { "[x]" } else { "[ ]" };
                writeln!(out, "{prefix} {mark} {}", output::line(text))?;
            }
        }
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let joined: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            writeln!(
                out,
                "{prefix} {field}: {}",
                output::line(&joined.join(", "))
            )?;
        }
        Value::Object(map) if map.values().all(|v| !v.is_object() && !v.is_array()) => {
            let parts: Vec<String> = map.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(out, "{prefix} {field}: {}", output::line(&parts.join(", ")))?;
        }
        other => writeln!(
            out,
            "{prefix} {field}: {}",
            output::line(&other.to_string())
        )?,
    }
    Ok(())
}
