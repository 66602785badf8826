//! The `po` command line: one module per subcommand group, on top of model and store.
//!
//! Every command either succeeds or prints one line on stderr and exits
//! non-zero; a refused command never changes the file.

pub mod args;
mod bulk;
mod check;
mod computed;
mod deps;
mod diff;
mod edit;
mod epics;
mod export;
mod export_csv;
mod export_md;
pub mod first_run;
mod forecast;
mod git;
mod import;
mod init;
mod merge;
mod one_line;
mod output;
mod product;
mod report;
mod request;
mod request_args;
mod roadmap;
mod roadmap_args;
mod roadmap_md;
mod settings;
mod split;
mod sprint;
mod sprint_args;
mod standup;
mod stats;
mod stories;
mod values;
mod what_if;

use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use crate::config;
use crate::model::{Backlog, Change};
use crate::store::{self, Access, Opened, Store, StoreError};
pub use args::{Cli, Command};

/// Parses the command line. Help and version go to stdout; usage errors are
/// condensed to one line on stderr and give the exit code to return.
pub fn parse() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) if !e.use_stderr() => {
            // --help and --version: clap prints them; a closed stdout is fine.
            let _ = e.print();
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            report(&condense(&e.render().to_string()));
            Err(ExitCode::from(2))
        }
    }
}

/// clap's multi-line usage error as one line: the message and its details,
/// then where to find help ("see `po move --help`").
fn condense(rendered: &str) -> String {
    let mut message = Vec::new();
    let mut command = "po".to_string();
    for line in rendered.lines().map(str::trim) {
        if let Some(usage) = line.strip_prefix("Usage: ") {
            let words: Vec<&str> = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            if !words.is_empty() {
                command = words.join(" ");
            }
            break;
        }
        if line.starts_with("For more information") {
            break;
        }
        if line.starts_with("tip:") {
            message.push(format!("({line})"));
        } else if !line.is_empty() {
            message.push(line.strip_prefix("error: ").unwrap_or(line).to_string());
        }
    }
    format!("{} (see `{command} --help`)", message.join(" "))
}

/// Runs a subcommand against the backlog file chosen by `--file`, `PO_FILE` or the default.
pub fn run(globals: Globals, command: Command) -> anyhow::Result<()> {
    one_line::check(&command)?;
    let mut out = output::stdout();
    // These need no backlog, so they work where there is none to find.
    match &command {
        Command::Config(c) => return settings::config(globals.config.as_deref(), c, &mut out),
        Command::Man => return settings::man(&mut out),
        _ => {}
    }
    let settings = config::load(config::path(globals.config.as_deref()).as_deref());
    let ready = &settings.config.ready;
    crate::model::ready::configure(ready.points_limit, &ready.vague_words);
    crate::model::forecast::configure(&settings.config.forecast.percentiles);
    for problem in settings.errors.iter().chain(&settings.warnings) {
        let _ = writeln!(io::stderr(), "po: note: {}", output::line(problem));
    }
    let ctx = Ctx {
        path: resolve_path(globals.file)?,
        wait: globals.wait,
        quiet: globals.quiet,
        config: settings.config,
    };
    match command {
        Command::Init(a) => init::run(&ctx, &a, &mut out)?,
        Command::Add(a) => stories::add(&ctx, a, &mut out)?,
        Command::List(a) => stories::list(&ctx, &a, &mut out)?,
        Command::Show(a) => stories::show(&ctx, &a, &mut out)?,
        Command::Edit(a) => edit::run(&ctx, a, &mut out)?,
        Command::Rm(a) => stories::rm(&ctx, &a, &mut out)?,
        Command::Move(a) => stories::move_story(&ctx, &a, &mut out)?,
        Command::Split(a) => split::run(&ctx, &a, &mut out)?,
        Command::Epic(c) => epics::run(&ctx, c, &mut out)?,
        Command::Sprint(c) => sprint::run(&ctx, c, &mut out)?,
        Command::Stats(a) => stats::run(&ctx, &a, &mut out)?,
        Command::Forecast(a) => forecast::run(&ctx, &a, &mut out)?,
        Command::Product(a) => product::run(&ctx, &a, &mut out)?,
        Command::Roadmap(a) => roadmap::run(&ctx, &a, &mut out)?,
        Command::Export(a) => export::run(&ctx, &a, &mut out)?,
        Command::Import(a) => import::run(&ctx, &a, &mut out)?,
        Command::Check(a) if a.ready => check::ready(&ctx, &a, &mut out)?,
        Command::Check(a) => check::run(&ctx, &a, &mut out)?,
        Command::Merge(a) => merge::run(&a, &mut out)?,
        Command::Conflicts(a) => merge::list(&ctx, &a, &mut out)?,
        Command::Resolve(a) => merge::resolve(&ctx, &a, &mut out)?,
        Command::Deps(a) => deps::run(&ctx, &a, &mut out)?,
        Command::Diff(a) => diff::run(&a, &mut out)?,
        Command::Git(c) => git::run(&ctx, &c, &mut out)?,
        Command::Request(c) => request::run(&ctx, c, &mut out)?,
        Command::Report(a) => report::run(&ctx, &a, &mut out)?,
        Command::Block(a) => standup::block(&ctx, &a, &mut out)?,
        Command::Unblock(a) => standup::unblock(&ctx, &a, &mut out)?,
        Command::Standup(a) => standup::standup(&ctx, &a, &mut out)?,
        Command::Config(_) | Command::Man => unreachable!("answered above"),
        Command::Completions { shell } => {
            // clap_complete panics on write errors, so render into memory first.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "po", &mut script);
            out.write_all(&script)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The backlog file to use: `--file`, then `PO_FILE`, then the default.
pub fn resolve_path(file: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(path) = file {
        if path.as_os_str().is_empty() {
            anyhow::bail!("--file needs a path, not an empty string");
        }
        return Ok(path);
    }
    match std::env::var_os("PO_FILE") {
        // An empty PO_FILE counts as unset: `PO_FILE= po` is an easy way to say "the default".
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => Ok(store::default_path()?),
    }
}

/// How long a writer waits for another po's lock: `--wait`, then
/// `PO_LOCK_WAIT`, then 10 s. Long enough for any save of another po to
/// finish, short enough that a stuck holder is reported while one still
/// remembers what one typed.
pub fn lock_wait(wait: Option<Duration>) -> anyhow::Result<Duration> {
    if let Some(wait) = wait {
        return Ok(wait);
    }
    match std::env::var("PO_LOCK_WAIT") {
        Ok(text) if !text.trim().is_empty() => {
            args::parse_wait(&text).map_err(|e| anyhow::anyhow!("PO_LOCK_WAIT: {e}"))
        }
        _ => Ok(DEFAULT_LOCK_WAIT),
    }
}

/// How long writers wait for the lock unless told otherwise.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// Turns the outcome of a command into an exit code, printing a failure as one line.
pub fn finish(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`po list | head`): nothing more to say.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// Prints `po: <message>` as a single line on stderr, ignoring a closed stderr.
fn report(message: &str) {
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(io::stderr(), "po: {}", output::line(&one_line));
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// What every command needs: the file it works on.
pub(crate) struct Ctx {
    path: PathBuf,
    /// `--wait`, when given.
    wait: Option<Duration>,
    /// `--quiet`: no confirmations or notes.
    quiet: bool,
    /// The settings in effect (config.toml, or the defaults).
    config: config::Config,
}

/// The options every command takes.
#[derive(Debug, Default)]
pub struct Globals {
    pub file: Option<PathBuf>,
    pub wait: Option<Duration>,
    pub config: Option<PathBuf>,
    pub quiet: bool,
}

impl Ctx {
    fn path(&self) -> &Path {
        &self.path
    }

    /// Loads the backlog to read it; takes no lock.
    fn read(&self) -> anyhow::Result<Loaded> {
        Ok(ManuallyDrop::new(
            Store::open(&self.path, Access::Read, false)?.backlog,
        ))
    }

    /// Loads the backlog to change it, holding the lock until the writer is
    /// dropped: from the read to the end of the save, so that no other
    /// writer's change can fall between them and be lost.
    fn write(&self) -> anyhow::Result<(Writer, Loaded)> {
        // Checked before taking the lock, which would create the directory
        // and a lock file for a backlog that does not exist.
        if !self.path.exists() {
            return Err(StoreError::Missing {
                path: self.path.clone(),
            }
            .into());
        }
        let Opened {
            store,
            backlog,
            notices,
        } = Store::open_waiting(&self.path, Access::Write, false, lock_wait(self.wait)?)?;
        Ok((Writer { store, notices }, ManuallyDrop::new(backlog)))
    }

    /// [`Ctx::write`], but a missing file is a new, empty backlog, saved
    /// there by the command, as `po` alone starts one: for `po add`, the
    /// first thing a new user may type.
    fn write_or_create(&self) -> anyhow::Result<(Writer, Loaded)> {
        if self.path.exists() {
            return self.write();
        }
        let Opened {
            store,
            backlog,
            notices,
        } = Store::open_waiting(&self.path, Access::Write, true, lock_wait(self.wait)?)?;
        Ok((Writer { store, notices }, ManuallyDrop::new(backlog)))
    }

    /// Says what a command did, unless `--quiet`.
    fn tell(&self, out: &mut impl Write, said: impl std::fmt::Display) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(out, "{said}")
    }

    /// Saves after a change; on failure the file on disk is unchanged.
    fn save(&self, writer: &mut Writer, backlog: &Backlog, change: &Change) -> anyhow::Result<()> {
        self.save_told(writer, backlog, &change.describe())
    }

    /// [`Ctx::save`], saying what was not saved in the command's own words.
    fn save_told(&self, writer: &mut Writer, backlog: &Backlog, what: &str) -> anyhow::Result<()> {
        writer
            .store
            .save(backlog)
            .with_context(|| format!("{what} not saved"))?;
        // Told only once saved, so that a refused command still says one line.
        for notice in writer.notices.drain(..).filter(|_| !self.quiet) {
            let _ = writeln!(io::stderr(), "po: note: {}", output::line(&notice));
        }
        Ok(())
    }
}

/// A backlog as a command loaded it. Never freed: the process ends when the
/// command does, and giving back a large backlog's million small
/// allocations one by one just before exit is work nobody waits for
/// (about 5% of `po list --json` or `po edit` at 100,000 stories).
type Loaded = ManuallyDrop<Backlog>;

/// A file open for writing (locked), and what to tell the user once it is saved
/// (e.g. that it was migrated from an older format version).
struct Writer {
    store: Store,
    notices: Vec<String>,
}
