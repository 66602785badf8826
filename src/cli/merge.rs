//! `po merge` (git's merge driver for the backlog file), `po conflicts` and
//! `po resolve`. docs/team.md says how a team sets them up and uses them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::{ArgGroup, Args};
use serde_json::Value;

use super::Ctx;
use super::output::{self, line};
use crate::model::merge::{self, Note};
use crate::model::{Backlog, VERSION, keys, now};
use crate::store;

/// `po merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O); an empty file means there is none
    pub base: PathBuf,
    /// Our version (git's %A); the merged backlog is written over it
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
    /// The file's name in the repository (git's %P), for the report
    pub path: Option<String>,
}

/// `po conflicts`.
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Print them as a JSON array, as the file holds them
    #[arg(long)]
    pub json: bool,
}

/// `po resolve`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("pick").required(true).args(["ours", "theirs", "value"])))]
pub struct ResolveArgs {
    /// The key of what is in conflict (S-12, E-2…, or `product`)
    pub key: String,
    /// The field in conflict, as `po conflicts` names it (title, points, rice.reach…)
    pub field: String,
    /// Keep our value (the one the merge kept)
    #[arg(long)]
    pub ours: bool,
    /// Take their value
    #[arg(long)]
    pub theirs: bool,
    /// Set another value: text for a text field, else JSON (5, null, ["a","b"])
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub value: Option<String>,
}

/// How many routine changes the report lists before it only counts them.
const LISTED: usize = 20;

/// Merges THEIRS into OURS with BASE as the ancestor and writes the result
/// over OURS. Conflicts are kept in the file and make the command fail, so
/// git marks the path unmerged. A side that is not a po backlog leaves OURS
/// untouched.
pub fn run(a: &MergeArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let untouched = || format!("{} was left as it was", a.ours.display());
    let read = |role: &str, path: &Path, empty_ok: bool| {
        read_side(role, path, empty_ok).with_context(|| format!("po merge: {}", untouched()))
    };
    let base = read("BASE", &a.base, true)?;
    let ours = read("OURS", &a.ours, false)?;
    let theirs = read("THEIRS", &a.theirs, false)?;
    let merged = merge::merge(&base, &ours, theirs);
    store::write_atomically(&a.ours, &merged.backlog)
        .with_context(|| format!("the merge was not written; {}", untouched()))?;

    let name = a
        .path
        .clone()
        .unwrap_or_else(|| a.ours.display().to_string());
    writeln!(
        out,
        "po merge: {}: {}",
        line(&name),
        merged.report.summary()
    )?;
    let routine = |n: &Note| {
        matches!(
            n,
            Note::Added { .. } | Note::Taken { .. } | Note::Combined { .. } | Note::Deleted { .. }
        )
    };
    let mut listed = 0;
    for note in &merged.report.notes {
        if routine(note) {
            listed += 1;
            if listed > LISTED {
                continue;
            }
        }
        writeln!(out, "  {}", line(&note.to_string()))?;
    }
    if listed > LISTED {
        writeln!(out, "  … and {} more changes like these", listed - LISTED)?;
    }
    let conflicts = merged.report.conflicts().count();
    if conflicts > 0 {
        out.flush()?;
        let s = if conflicts == 1 { "" } else { "s" };
        bail!(
            "{}: {conflicts} conflict{s}: ours kept and recorded in the file; \
             `po conflicts` lists them, `po resolve KEY FIELD --ours|--theirs` picks",
            line(&name)
        );
    }
    Ok(())
}

/// One side of the merge, read as po reads a backlog and brought to this
/// po's format version.
fn read_side(role: &str, path: &Path, empty_ok: bool) -> anyhow::Result<Backlog> {
    let bytes =
        fs::read(path).map_err(|e| anyhow!("{role} {} cannot be read: {e}", path.display()))?;
    // Git gives an empty ancestor when both sides added the file.
    if empty_ok && bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Backlog::default());
    }
    let mut backlog = store::parse(path, &bytes)
        .map_err(|e| anyhow!("{role} is not a readable po backlog: {e}"))?;
    if backlog.version > VERSION {
        bail!(
            "{role} {} was written by a newer po (format version {}, this po knows {VERSION}); upgrade po to merge it",
            path.display(),
            backlog.version
        );
    }
    store::upgrade(&mut backlog);
    if let Some(d) = backlog.duplicate_key() {
        bail!(
            "{role} {} uses the key {} twice ({} and {}); run `po check --fix` on it first",
            path.display(),
            line(&d.key),
            d.first,
            d.second
        );
    }
    backlog.repair_next_keys();
    Ok(backlog)
}

/// Lists the conflicts recorded in the file.
pub fn list(ctx: &Ctx, a: &ConflictsArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    if a.json {
        return output::json(out, &backlog.conflicts);
    }
    if backlog.conflicts.is_empty() {
        writeln!(out, "no conflicts")?;
    }
    for c in &backlog.conflicts {
        writeln!(
            out,
            "{}",
            line(&format!(
                "{} {}: ours {} · theirs {} · base {}",
                c.key, c.field, c.ours, c.theirs, c.base
            ))
        )?;
    }
    Ok(())
}

/// Resolves one conflict and saves.
pub fn resolve(ctx: &Ctx, a: &ResolveArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut writer, mut backlog) = ctx.write()?;
    let key = typed_key(&a.key);
    let Some(conflict) = backlog
        .conflicts
        .iter()
        .find(|c| c.key == key && c.field == a.field)
    else {
        let e = backlog
            .resolve_conflict(&key, &a.field, Value::Null, now())
            .expect_err("no such conflict");
        bail!("{e}; `po conflicts` lists them");
    };
    let (value, side) = match &a.value {
        _ if a.ours => (conflict.ours.clone(), "ours"),
        _ if a.theirs => (conflict.theirs.clone(), "theirs"),
        Some(text) => (typed_value(text, &conflict.ours, &conflict.theirs), "given"),
        None => bail!("say which value: --ours, --theirs or --value V"),
    };
    backlog.resolve_conflict(&key, &a.field, value.clone(), now())?;
    writer
        .store
        .save(&backlog)
        .with_context(|| format!("the resolution of {key} {} was not saved", a.field))?;
    let left = backlog.conflicts.len();
    // git still marks the file unmerged: say the step that finishes it.
    let finish = if left == 0 {
        format!(
            ": `git add {}` and commit to finish the merge",
            writer.store.path().display()
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}",
        line(&format!(
            "resolved {key} {}: {value} ({side}); {left} conflict{} left{finish}",
            a.field,
            if left == 1 { "" } else { "s" }
        ))
    )?;
    Ok(())
}

/// A key as typed: `12`, `s-12` and `S-12` name S-12; `product` and
/// `backlog` name what has no key.
fn typed_key(input: &str) -> String {
    let trimmed = input.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        k @ ("product" | "backlog") => k.to_string(),
        _ => keys::normalize(trimmed, keys::STORY),
    }
}

/// `--value` as the field's type: text where the field holds text (so a
/// title may be "42"), else JSON, else text.
fn typed_value(text: &str, ours: &Value, theirs: &Value) -> Value {
    if ours.is_string() || theirs.is_string() {
        return Value::String(text.to_string());
    }
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}
