//! `po config` and `po man`: the settings file and the manual page, which
//! need no backlog.

use std::io::{Read, Write};
use std::path::Path;

use clap::{CommandFactory, Subcommand};

use super::args::Cli;
use crate::config;

/// `po config`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the settings file po reads (it may not exist yet)
    Path,
    /// Print a complete settings file with every setting at its default
    Default,
    /// Check a settings file (default: the one po reads; - for standard input)
    Check {
        /// The file to check
        file: Option<std::path::PathBuf>,
    },
}

pub fn config(
    flag: Option<&Path>,
    command: &ConfigCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Path => {
            let path = config::path(flag).ok_or_else(no_home)?;
            let state = if path.exists() {
                ""
            } else {
                " (not there yet: po uses the defaults)"
            };
            writeln!(out, "{}{state}", path.display())?;
        }
        ConfigCommand::Default => out.write_all(config::default_file().as_bytes())?,
        ConfigCommand::Check { file } => {
            let (name, loaded) = match file.as_deref() {
                Some(p) if p == Path::new("-") => {
                    let mut text = String::new();
                    std::io::stdin().read_to_string(&mut text)?;
                    (
                        "standard input".to_string(),
                        config::parse(&text, "standard input"),
                    )
                }
                Some(p) => {
                    if !p.exists() {
                        anyhow::bail!("{} does not exist", p.display());
                    }
                    (p.display().to_string(), config::load(Some(p)))
                }
                None => {
                    let p = config::path(flag).ok_or_else(no_home)?;
                    if !p.exists() {
                        writeln!(out, "{} does not exist: po uses the defaults", p.display())?;
                        return Ok(());
                    }
                    (p.display().to_string(), config::load(Some(&p)))
                }
            };
            for warning in &loaded.warnings {
                writeln!(out, "warning: {warning}")?;
            }
            if let Some(first) = loaded.errors.first() {
                for error in &loaded.errors[1..] {
                    writeln!(out, "error: {error}")?;
                }
                anyhow::bail!("{first}");
            }
            writeln!(out, "ok: {name}")?;
        }
    }
    Ok(())
}

fn no_home() -> anyhow::Error {
    anyhow::anyhow!("no home directory found; set HOME, or use --config PATH or PO_CONFIG")
}

/// The manual page, in roff, from the same definition as `--help`.
pub fn man(out: &mut impl Write) -> anyhow::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page)?;
    Ok(())
}
