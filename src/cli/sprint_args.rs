//! clap types of the sprint, stats, forecast and export commands. Keys,
//! dates and points stay strings here and are checked by the commands.

use clap::{Args, Subcommand, ValueEnum};

use crate::model::VELOCITY_WINDOW;
use crate::model::forecast::MAX_RUNS;

/// `po sprint ...`.
#[derive(Debug, Subcommand)]
pub enum SprintCommand {
    /// Create a planned sprint; prints its key
    New {
        /// The sprint's name, e.g. "Sprint 8"
        name: String,
        /// What the sprint is for, in one sentence
        #[arg(long, value_name = "TEXT")]
        goal: Option<String>,
        /// First day, as YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Last day, as YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        end: Option<String>,
        /// Capacity in story points
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        capacity: Option<String>,
    },
    /// List sprints with their points against capacity
    #[command(visible_alias = "ls")]
    List {
        /// Print JSON: the sprint objects as in the file, each with its load
        #[arg(long)]
        json: bool,
    },
    /// Show a sprint's plan: stories, points against capacity, what is not ready
    Show {
        /// Sprint key, e.g. SP-3 or 3 [default: the active sprint, else the next planned one]
        sprint: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Velocity window: how many recent closed sprints the budget averages
        #[arg(long, value_name = "N", default_value_t = VELOCITY_WINDOW as u32,
              value_parser = clap::value_parser!(u32).range(1..))]
        last: u32,
    },
    /// Put stories into a planned or active sprint
    Add {
        /// Sprint key, e.g. SP-3 or 3
        sprint: String,
        /// Story keys, e.g. S-12 or 12
        #[arg(required = true, value_name = "STORY")]
        stories: Vec<String>,
    },
    /// Take stories out of a planned or active sprint
    #[command(visible_alias = "rm")]
    Remove {
        /// Sprint key, e.g. SP-3 or 3
        sprint: String,
        /// Story keys, e.g. S-12 or 12
        #[arg(required = true, value_name = "STORY")]
        stories: Vec<String>,
    },
    /// Start a planned sprint; only one sprint can be active
    Start {
        /// Sprint key [default: the next planned sprint]
        sprint: Option<String>,
    },
    /// Close the active sprint: record what was done, carry over the rest
    Close {
        /// Sprint key [default: the active sprint]
        sprint: Option<String>,
        /// Move unfinished stories into this planned sprint instead of back
        /// to the top of the backlog
        #[arg(long, value_name = "SPRINT")]
        to_next: Option<String>,
        /// Close it even though it started less than a day ago and nothing
        /// in it is done (which records a 0-point sprint)
        #[arg(long)]
        force: bool,
    },
    /// Change a sprint's name, goal, dates or capacity
    Edit {
        /// Sprint key, e.g. SP-3 or 3
        sprint: String,
        /// New name
        #[arg(long)]
        name: Option<String>,
        /// New goal (`--goal ''` clears it)
        #[arg(long, value_name = "TEXT")]
        goal: Option<String>,
        /// First day as YYYY-MM-DD, or `none`
        #[arg(long, value_name = "DATE|none")]
        start: Option<String>,
        /// Last day as YYYY-MM-DD, or `none`
        #[arg(long, value_name = "DATE|none")]
        end: Option<String>,
        /// Capacity in points, or `none`
        #[arg(long, value_name = "N|none", allow_hyphen_values = true)]
        capacity: Option<String>,
    },
    /// Mark stories as serving the goal of the sprint they are in
    Goal {
        /// Story keys, e.g. S-12 or 12
        #[arg(required = true, value_name = "STORY")]
        stories: Vec<String>,
        /// Unmark them instead
        #[arg(long)]
        off: bool,
    },
}

/// `po stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Velocity window: how many recent closed sprints to average
    #[arg(long, value_name = "N", default_value_t = VELOCITY_WINDOW as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub last: u32,
}

/// `po forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Only the stories of this epic
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// Simulated runs [default: forecast.runs in config.toml, else 10000]
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=MAX_RUNS as i64))]
    pub runs: Option<u32>,
    /// Seed of the simulation: the same seed gives the same forecast
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Also say what fits by this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// Velocity window: how many recent closed sprints to resample
    #[arg(long, value_name = "N", default_value_t = VELOCITY_WINDOW as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub last: u32,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Instead: what would moving this story do to every epic's dates?
    /// With --top, --rank N, --before KEY or --after KEY
    #[arg(long, value_name = "KEY", conflicts_with_all = ["epic", "by"],
          requires = "place")]
    pub what_if: Option<String>,
    #[command(flatten)]
    pub place: super::roadmap_args::PlaceArgs,
}

/// `po export`. The filters are `po list`'s; `--sprint KEY` alone with md
/// or json asks for that sprint's review report instead.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// md: a Markdown backlog grouped by epic; csv: Jira's columns, one row
    /// per story; json: the whole backlog file, or with a filter the
    /// matching stories as `po list --json` prints them
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only stories of this epic
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// Only stories of this sprint, or `backlog` for stories in no sprint.
    /// With md or json and no other filter: that sprint's review report
    #[arg(long, value_name = "KEY|backlog")]
    pub sprint: Option<String>,
    /// Only stories with this status: todo, in_progress or done
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
}

/// What `po export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
}
