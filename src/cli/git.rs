//! `po git setup`: makes a git repository merge and diff the backlog as
//! stories (docs/team.md). Idempotent: it adds only what is missing.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::Subcommand;

use super::Ctx;

/// `po git ...`.
#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Set up the git repository around the backlog file: merge and diff
    /// drivers, .gitattributes, and .gitignore for the lock and backups
    Setup,
}

/// Runs a `po git` command.
pub fn run(ctx: &Ctx, command: &GitCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        GitCommand::Setup => setup(ctx.path(), out),
    }
}

/// The files po keeps beside the backlog, which must never be committed:
/// the lock, the backups and the temp files of a save in progress
/// (src/store/lock.rs, src/store/mod.rs, src/store/atomic.rs).
fn ignored(name: &str) -> [String; 5] {
    [
        format!("{name}.lock"),
        format!("{name}.bak"),
        format!("{name}.v*.bak"),
        format!("{name}.tmp-*"),
        format!("{name}.bak.tmp-*"),
    ]
}

fn setup(backlog: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let cwd = std::env::current_dir().context("cannot tell the current directory")?;
    let top = toplevel(&cwd)?;
    let relative = inside(&top, &cwd.join(backlog))?;
    let pattern = attribute_pattern(&relative);
    let mut did = Vec::new();

    let attributes = format!("{pattern} merge=po diff=po");
    if add_lines(
        &top.join(".gitattributes"),
        None,
        std::slice::from_ref(&attributes),
    )? {
        did.push(format!(".gitattributes: {attributes}"));
    }
    let ignore: Vec<String> = ignored(&pattern).into();
    let comment = "# po: the backlog's lock, backups and temp files (po git setup)";
    if add_lines(&top.join(".gitignore"), Some(comment), &ignore)? {
        did.push(format!(".gitignore: {}", ignore.join(" ")));
    }

    let po = shell_quote(&std::env::current_exe().context("cannot tell where po is")?);
    let settings = [
        (
            "merge.po.name",
            "po backlog merge (by story and field)".to_string(),
        ),
        ("merge.po.driver", format!("{po} merge %O %A %B %P")),
        ("diff.po.command", format!("{po} diff --git")),
        ("diff.po.textconv", format!("{po} diff --textconv")),
    ];
    for (name, value) in settings {
        if git(&top, &["config", "--local", "--get", name])?.as_deref() != Some(value.as_str()) {
            git(&top, &["config", "--local", name, &value])?
                .with_context(|| format!("git config {name} failed"))?;
            did.push(format!("git config {name} = {value}"));
        }
    }

    // Ignoring does not untrack: a lock or backup committed before setup
    // would go on being committed (and conflicting), so it is taken out of
    // the index. `--cached` leaves the file itself where it is.
    let tracked = git(&top, &["ls-files", "--", &relative])?.unwrap_or_default();
    let untracked = untrack(&top, &relative)?;
    if !untracked.is_empty() {
        did.push(format!(
            "git rm --cached {} (no longer tracked; the files stay; commit to record it)",
            untracked.join(" ")
        ));
    }

    if did.is_empty() {
        writeln!(out, "already set up: nothing changed")?;
    }
    for line in did {
        writeln!(out, "{line}")?;
    }
    if tracked.is_empty() {
        writeln!(
            out,
            "note: {relative} is not committed yet: `git add {relative}`"
        )?;
    }
    Ok(())
}

/// Takes po's own files beside the backlog out of git's index where they
/// were committed, keeping them on disk; returns their names.
fn untrack(top: &Path, relative: &str) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for pattern in ignored(relative) {
        if let Some(files) = git(top, &["ls-files", "-z", "--", &pattern])? {
            names.extend(
                files
                    .split('\0')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string),
            );
        }
    }
    names.sort();
    names.dedup();
    if names.is_empty() {
        return Ok(names);
    }
    let mut args = vec!["--literal-pathspecs", "rm", "--cached", "--quiet", "--"];
    args.extend(names.iter().map(String::as_str));
    git(top, &args)?.with_context(|| {
        format!(
            "git rm --cached {} failed: run it yourself to stop tracking them",
            names.join(" ")
        )
    })?;
    Ok(names)
}

/// Runs git in `dir`; `Ok(None)` when git says no (e.g. an unset config
/// key), its trimmed output otherwise.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<Option<String>> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .context("cannot run git: is it installed and on PATH?")?;
    if !output.status.success() {
        return Ok(None);
    }
    Ok(Some(
        String::from_utf8_lossy(&output.stdout).trim().to_string(),
    ))
}

/// The work tree around `dir`.
fn toplevel(dir: &Path) -> anyhow::Result<PathBuf> {
    match git(dir, &["rev-parse", "--show-toplevel"])? {
        Some(top) if !top.is_empty() => Ok(PathBuf::from(top)),
        _ => bail!(
            "{} is not inside a git work tree: run `po git setup` in the repository \
             that holds the backlog (or `git init` first)",
            dir.display()
        ),
    }
}

/// The backlog's path relative to the work tree, with `/` separators.
fn inside(top: &Path, backlog: &Path) -> anyhow::Result<String> {
    let file_name = backlog
        .file_name()
        .with_context(|| format!("{} is not a file name", backlog.display()))?;
    // The file may not exist yet; its directory must.
    let dir = backlog.parent().unwrap_or(Path::new("."));
    let dir = fs::canonicalize(dir)
        .with_context(|| format!("cannot find the directory of {}", backlog.display()))?;
    let top = fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf());
    let Ok(rest) = dir
        .join(file_name)
        .strip_prefix(&top)
        .map(Path::to_path_buf)
    else {
        bail!(
            "the backlog {} is not inside the git repository {}: \
             run `po --file PATH git setup` with the backlog in the repository",
            backlog.display(),
            top.display()
        );
    };
    let parts: Vec<String> = rest
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Ok(parts.join("/"))
}

/// A path as a gitattributes/gitignore pattern: those split on whitespace
/// and treat `#`, `!`, `*`, `?`, `[` and `\` specially, so those are escaped.
fn attribute_pattern(relative: &str) -> String {
    let mut pattern = String::new();
    for c in relative.chars() {
        match c {
            ' ' | '\t' => pattern.push_str("[[:space:]]"),
            '*' | '?' | '[' | '\\' | '#' | '!' => {
                pattern.push('\\');
                pattern.push(c);
            }
            c => pattern.push(c),
        }
    }
    pattern
}

/// Appends the lines a file lacks (after `comment`, when any is missing);
/// says whether it wrote anything.
fn add_lines(file: &Path, comment: Option<&str>, lines: &[String]) -> anyhow::Result<bool> {
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
    };
    let missing: Vec<&String> = lines
        .iter()
        .filter(|l| !text.lines().any(|have| have.trim() == l.as_str()))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut added = text.clone();
    if !added.is_empty() && !added.ends_with('\n') {
        added.push('\n');
    }
    if let Some(comment) = comment {
        added.push_str(comment);
        added.push('\n');
    }
    for line in missing {
        added.push_str(line);
        added.push('\n');
    }
    fs::write(file, added).with_context(|| format!("cannot write {}", file.display()))?;
    Ok(true)
}

/// A path as one word for the shell git runs drivers with.
fn shell_quote(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
