//! The first `po` on a machine: no backlog file yet. Before the TUI opens,
//! po offers to start from the sample backlog, so that a newcomer's
//! `cargo run --release` shows a working product instead of an empty list.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use super::init;

/// What the newcomer chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Open the TUI on whatever is at the path (a file, or an empty backlog).
    Open,
    /// Leave without creating anything.
    Quit,
}

/// Offers the sample when `path` holds no backlog and both ends are a
/// terminal; otherwise (a file exists, or po runs from a script) it asks
/// nothing and the TUI opens as before.
pub fn offer(path: &Path) -> anyhow::Result<Start> {
    let missing =
        std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
    if !missing || !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Ok(Start::Open);
    }
    let stdin = io::stdin();
    let mut out = io::stdout();
    ask(path, &mut stdin.lock(), &mut out)
}

/// The question and its answer, on plain lines (the terminal is not in raw
/// mode yet). An empty answer takes the sample.
pub fn ask(path: &Path, input: &mut impl BufRead, out: &mut impl Write) -> anyhow::Result<Start> {
    writeln!(out, "There is no backlog at {} yet.", path.display())?;
    writeln!(
        out,
        "  s  start from a sample backlog (a grocery app: epics, {} stories, sprints, requests)",
        init::SAMPLE_STORIES
    )?;
    writeln!(out, "  e  start with an empty backlog")?;
    writeln!(
        out,
        "  i  import another tool's export (Jira or Linear CSV, gh issue list or task export JSON, any CSV)"
    )?;
    writeln!(out, "  q  quit (nothing is created)")?;
    loop {
        write!(out, "Your choice [s/e/i/q, Enter = s]: ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            // End of input (Ctrl-d): leave as if `q`.
            writeln!(out)?;
            return Ok(Start::Quit);
        }
        match line.trim().to_lowercase().as_str() {
            "" | "s" | "sample" => {
                let created =
                    init::create_sample(path, None, init::SAMPLE_STORIES, init::SAMPLE_SEED)?;
                writeln!(out, "{created}")?;
                return Ok(Start::Open);
            }
            // The file is created by the first change, as on any missing path.
            "e" | "empty" => return Ok(Start::Open),
            "q" | "quit" => return Ok(Start::Quit),
            "i" | "import" => {
                if import_first(path, input, out)? {
                    return Ok(Start::Open);
                }
            }
            other => writeln!(out, "'{other}' is not one of s, e, i or q.")?,
        }
    }
}

/// Asks for the file to import and imports it into a new backlog at `path`;
/// false (and the question again) when nothing was given or it was refused.
fn import_first(
    path: &Path,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    write!(out, "File to import (~/ is your home directory): ")?;
    out.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 || line.trim().is_empty() {
        writeln!(out)?;
        return Ok(false);
    }
    let home = std::env::var_os("HOME");
    let source = crate::tui::expand_home(line.trim(), home.as_deref());
    match super::import::into_new(path, &source, out) {
        Ok(()) => {
            // The TUI's screen would hide the summary and its warnings at once.
            write!(out, "\nEnter opens the backlog: ")?;
            out.flush()?;
            input.read_line(&mut String::new())?;
            Ok(true)
        }
        Err(e) => {
            writeln!(out, "{}", super::output::line(&format!("{e:#}")))?;
            Ok(false)
        }
    }
}
