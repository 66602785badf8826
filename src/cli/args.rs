//! The command line as clap types. Values that need the backlog to be checked
//! (keys, points, statuses) stay strings here and are parsed by the commands,
//! so that every refusal reads the same way.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

pub use super::request_args::{AcceptArgs, ReportArgs, RequestCommand};
pub use super::roadmap_args::{EpicEditArgs, PlaceArgs, ProductArgs, RoadmapArgs, SimulationArgs};
pub use super::sprint_args::{ExportArgs, ExportFormat, ForecastArgs, SprintCommand, StatsArgs};

/// A terminal backlog manager for product owners.
///
/// Run `po` alone to open the full-screen app on the backlog file, or a
/// subcommand to script it. Try `po init --sample && po`.
#[derive(Debug, Parser)]
#[command(name = "po", version, max_term_width = 100)]
pub struct Cli {
    /// The backlog file [env: PO_FILE] [default: $XDG_DATA_HOME/po/backlog.json, usually
    /// ~/.local/share/po/backlog.json]
    // PO_FILE is read in `cli::resolve_path`, not by clap, so that an empty
    // PO_FILE counts as unset instead of failing every command.
    #[arg(long, short = 'f', global = true, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// How long to wait, in seconds, when another po is saving the file (0: fail at once)
    /// [env: PO_LOCK_WAIT] [default: 10]
    // PO_LOCK_WAIT is read in `cli::lock_wait`, so that a bad value only
    // stops the commands that would wait.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_wait)]
    pub wait: Option<Duration>,

    /// The settings file [env: PO_CONFIG] [default: $XDG_CONFIG_HOME/po/config.toml, usually
    /// ~/.config/po/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print only what a script needs: keys, lists, JSON; no confirmations or notes
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; without one, `po` opens the TUI.
// Parsed once per process, so the size of `EditArgs` does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new backlog file (never overwrites one)
    Init(InitArgs),
    /// Add a story; prints its key
    Add(AddArgs),
    /// List stories in rank order
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show one story in full
    Show(ShowArgs),
    /// Change fields of a story, or of many at once (KEY KEY… or --where)
    Edit(EditArgs),
    /// Delete a story
    Rm(RmArgs),
    /// Change the rank of a story, or of many at once
    Move(MoveArgs),
    /// Split a story into smaller ones at its rank; prints their keys
    Split(SplitArgs),
    /// Create and list epics
    #[command(subcommand)]
    Epic(EpicCommand),
    /// Plan, start and close sprints
    #[command(subcommand)]
    Sprint(SprintCommand),
    /// Capture stakeholder requests and triage them into stories or decline them
    #[command(subcommand)]
    Request(RequestCommand),
    /// The stakeholder update: what shipped since a date and for whom, decisions on requests, the roadmap's dates and how they moved
    Report(ReportArgs),
    /// Velocity, throughput, cycle time, the active sprint and progress per epic
    Stats(StatsArgs),
    /// When will the backlog or an epic be done? (Monte Carlo on past velocity)
    Forecast(ForecastArgs),
    /// Show or set the product's name and vision
    Product(ProductArgs),
    /// Per epic: progress, remaining points and forecast finish dates
    Roadmap(RoadmapArgs),
    /// Write the backlog, or a sprint review, as Markdown, CSV or JSON
    Export(ExportArgs),
    /// Import a backlog from Jira, GitHub, Linear, taskwarrior, po or any CSV
    Import(super::import::ImportArgs),
    /// Check the backlog file for errors and inconsistencies, or (--ready)
    /// whether the top of the backlog is ready for planning
    Check(CheckArgs),
    /// Merge two versions of a backlog (git's merge driver: po merge %O %A %B %P)
    Merge(super::merge::MergeArgs),
    /// List the conflicts a merge recorded
    Conflicts(super::merge::ConflictsArgs),
    /// Resolve a conflict a merge recorded: keep ours, take theirs or set a value
    Resolve(super::merge::ResolveArgs),
    /// Print a story's dependencies: what it depends on and what depends on it
    Deps(DepsArgs),
    /// What changed between two backlog files, by story and field
    Diff(super::diff::DiffArgs),
    /// Set up a git repository for a backlog kept in it by a team
    #[command(subcommand)]
    Git(super::git::GitCommand),
    /// Mark a story blocked, saying what it waits for
    Block(super::standup::BlockArgs),
    /// Clear a story's blocker
    Unblock(super::standup::UnblockArgs),
    /// For the daily standup: what moved since yesterday, blockers, the sprint's status
    Standup(super::standup::StandupArgs),
    /// Show, print or check the settings file (config.toml)
    #[command(subcommand)]
    Config(super::settings::ConfigCommand),
    /// Print po's manual page, e.g. `po man > ~/.local/share/man/man1/po.1`
    Man,
    /// Print a shell completion script, e.g. `po completions bash`
    Completions {
        /// The shell to complete for
        shell: Shell,
    },
}

/// `po init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The product's name
    #[arg(long)]
    pub name: Option<String>,
    /// Fill the backlog with a realistic generated example
    #[arg(long)]
    pub sample: bool,
    /// How many stories the sample has
    #[arg(long, value_name = "N", default_value_t = super::init::SAMPLE_STORIES, requires = "sample")]
    pub stories: usize,
    /// Seed of the sample generator: the same seed gives the same backlog
    #[arg(long, value_name = "S", default_value_t = super::init::SAMPLE_SEED, requires = "sample")]
    pub seed: u64,
}

/// `po check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Repair what can be repaired safely: give the later copy of a key used
    /// twice a new key (the file is saved, with a .bak)
    #[arg(long)]
    pub fix: bool,
    /// Check the Definition of Ready of the top open stories instead: list
    /// the ones not ready and why; exit 1 when one is not (gate planning on it)
    #[arg(long, conflicts_with = "fix")]
    pub ready: bool,
    /// How many open stories from the top --ready checks
    #[arg(long, value_name = "N", requires = "ready", allow_negative_numbers = true,
          default_value_t = crate::model::ready::DEFAULT_TOP,
          value_parser = parse_top)]
    pub top: usize,
    /// Print the --ready result as JSON
    #[arg(long, requires = "ready")]
    pub json: bool,
}

/// `po deps`.
#[derive(Debug, Args)]
pub struct DepsArgs {
    /// The story, e.g. S-12 or 12
    pub key: String,
    /// Print the trees as JSON
    #[arg(long)]
    pub json: bool,
}

/// `po add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// A short title
    pub title: String,
    /// Who wants it: "As a <persona>"
    #[arg(long, value_name = "PERSONA")]
    pub as_a: Option<String>,
    /// What they want: "I want <goal>"
    #[arg(long, value_name = "GOAL")]
    pub i_want: Option<String>,
    /// Why: "so that <benefit>"
    #[arg(long, value_name = "BENEFIT")]
    pub so_that: Option<String>,
    /// Free text: notes, links, details
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Estimate in story points
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub points: Option<String>,
    /// Epic key, e.g. E-2 or 2
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// MoSCoW priority: must, should, could or wont
    #[arg(long, value_name = "M")]
    pub moscow: Option<String>,
    #[command(flatten)]
    pub rice: RiceArgs,
    /// An acceptance criterion (repeat for several)
    #[arg(long = "ac", value_name = "TEXT")]
    pub acceptance: Vec<String>,
    /// A label (repeat for several)
    #[arg(long, value_name = "L")]
    pub label: Vec<String>,
    /// Who asked for it
    #[arg(long, value_name = "WHO")]
    pub requested_by: Option<String>,
    /// Put it at the top of the backlog instead of the bottom
    #[arg(long)]
    pub top: bool,
}

/// The four RICE inputs, shared by `po add` and `po edit`.
#[derive(Debug, Default, Args)]
pub struct RiceArgs {
    /// RICE reach, 0 or more: people or events per period
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub reach: Option<String>,
    /// RICE impact: one of 0.25, 0.5, 1, 2, 3
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub impact: Option<String>,
    /// RICE confidence: 0 to 1, or a percentage (0.8, 80 and 80% are the same)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub confidence: Option<String>,
    /// RICE effort, more than 0, e.g. in person-weeks
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub effort: Option<String>,
}

/// `po list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print a JSON array of stories, exactly as in the file
    #[arg(long)]
    pub json: bool,
    /// With --json: add to each story a `computed` object (RICE score, score
    /// rank, ready, not-ready reasons, blocked-by keys)
    #[arg(long, requires = "json")]
    pub computed: bool,
    /// Only stories of this epic
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// Only stories of this sprint, or `backlog` for stories in no sprint
    #[arg(long, value_name = "KEY|backlog")]
    pub sprint: Option<String>,
    /// Only stories with this status: todo, in_progress or done
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only stories with this MoSCoW priority
    #[arg(long, value_name = "M")]
    pub moscow: Option<String>,
    /// Only stories without an estimate
    #[arg(long)]
    pub unestimated: bool,
    /// Only stories that are not ready by their own fields (the Definition of Ready)
    #[arg(long)]
    pub not_ready: bool,
}

/// `po show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Story key, e.g. S-12 or 12
    pub key: String,
    /// Print the story as JSON, exactly as in the file
    #[arg(long)]
    pub json: bool,
}

/// `po edit`: every flag given is applied together, or none is; with several
/// stories, to every one of them or to none.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Story keys, e.g. S-12 or 12; several get the same change, in one save
    #[arg(value_name = "KEY", required_unless_present = "filter")]
    pub keys: Vec<String>,
    /// Change every story that passes a filter of `po list`, e.g.
    /// "status=todo epic=E-2" (also: sprint=KEY|backlog, moscow=M,
    /// unestimated, not-ready)
    #[arg(
        long = "where",
        value_name = "FILTER",
        conflicts_with = "keys",
        allow_hyphen_values = true
    )]
    pub filter: Option<String>,
    /// New title
    #[arg(long)]
    pub title: Option<String>,
    /// "As a <persona>"
    #[arg(long, value_name = "PERSONA")]
    pub as_a: Option<String>,
    /// "I want <goal>"
    #[arg(long, value_name = "GOAL")]
    pub i_want: Option<String>,
    /// "so that <benefit>"
    #[arg(long, value_name = "BENEFIT")]
    pub so_that: Option<String>,
    /// Free text
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Estimate in story points, or `none` to clear it
    #[arg(long, value_name = "N|none", allow_hyphen_values = true)]
    pub points: Option<String>,
    /// todo, in_progress or done
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// must, should, could, wont, or none
    #[arg(long, value_name = "M|none")]
    pub moscow: Option<String>,
    #[command(flatten)]
    pub rice: RiceArgs,
    /// Epic key, or `none`
    #[arg(long, value_name = "KEY|none")]
    pub epic: Option<String>,
    /// Sprint key, or `none`
    #[arg(long, value_name = "KEY|none")]
    pub sprint: Option<String>,
    /// Labels (repeat for several; replaces all labels; `--label ''` clears them)
    #[arg(long, value_name = "L")]
    pub label: Option<Vec<String>>,
    /// Stories this one depends on (repeat; replaces the list; `--depends-on ''` clears it)
    #[arg(long, value_name = "KEY")]
    pub depends_on: Option<Vec<String>>,
    /// Who asked for it
    #[arg(long, value_name = "WHO")]
    pub requested_by: Option<String>,
    /// Who works on it (free text), or `none`
    #[arg(long, value_name = "NAME|none")]
    pub assignee: Option<String>,
    /// Add an acceptance criterion (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub ac_add: Vec<String>,
    /// Mark acceptance criterion number N as met (repeatable)
    #[arg(long, value_name = "N")]
    pub ac_done: Vec<usize>,
    /// Mark acceptance criterion number N as not met (repeatable)
    #[arg(long, value_name = "N")]
    pub ac_undone: Vec<usize>,
    /// Remove acceptance criterion number N (repeatable; numbers as `po show` prints them)
    #[arg(long, value_name = "N")]
    pub ac_rm: Vec<usize>,
}

/// `po rm`.
#[derive(Debug, Args)]
pub struct RmArgs {
    /// Story key, e.g. S-12 or 12
    pub key: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `po split`: new titles, or one story per acceptance criterion.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("how").required(true).multiple(false))]
pub struct SplitArgs {
    /// Story key, e.g. S-12 or 12
    pub key: String,
    /// The title of a new story (repeat for each)
    #[arg(long, value_name = "TITLE", group = "how")]
    pub into: Vec<String>,
    /// One new story per acceptance criterion, titled by it
    #[arg(long, group = "how")]
    pub by_criteria: bool,
    /// Keep the split story, marked done, below the new ones (default: remove it)
    #[arg(long)]
    pub keep: bool,
}

/// `po move`: exactly one destination.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("to").required(true).multiple(false))]
pub struct MoveArgs {
    /// Story keys, e.g. S-12 or 12; several move together, keeping their order
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<String>,
    /// To the top of the backlog (rank 1)
    #[arg(long, group = "to")]
    pub top: bool,
    /// To the bottom of the backlog
    #[arg(long, group = "to")]
    pub bottom: bool,
    /// Up N ranks
    #[arg(long, value_name = "N", group = "to")]
    pub up: Option<usize>,
    /// Down N ranks
    #[arg(long, value_name = "N", group = "to")]
    pub down: Option<usize>,
    /// Just above another story
    #[arg(long, value_name = "KEY", group = "to")]
    pub before: Option<String>,
    /// Just below another story
    #[arg(long, value_name = "KEY", group = "to")]
    pub after: Option<String>,
}

/// `po epic ...`.
#[derive(Debug, Subcommand)]
pub enum EpicCommand {
    /// Create an epic; prints its key
    New {
        /// The epic's title
        title: String,
        /// What the epic is about
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// List epics with their story counts and points
    #[command(visible_alias = "ls")]
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Change an epic's title, description or outcome (the metric it should move)
    Edit(EpicEditArgs),
}

/// `--wait` and `PO_LOCK_WAIT`: seconds, a fraction allowed (`0.5`).
pub fn parse_wait(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            format!("'{text}' is not a number of seconds (e.g. 10, 0.5, or 0 to fail at once)")
        })
}

/// `--top N`: how many stories, at least one.
fn parse_top(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "expected a whole number of stories, 1 or more, not '{text}'"
        )),
    }
}
