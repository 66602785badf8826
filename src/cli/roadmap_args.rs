//! clap types of the product, roadmap and epic-edit commands and of the
//! place a what-if moves a story to. Keys, dates and numbers stay strings
//! here and are checked by the commands.

use clap::Args;

use crate::model::VELOCITY_WINDOW;
use crate::model::forecast::MAX_RUNS;

/// `po product`: without options, prints the name and the vision.
#[derive(Debug, Args)]
pub struct ProductArgs {
    /// The product's name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The product vision: why the product exists, for whom (several lines allowed)
    #[arg(long, value_name = "TEXT")]
    pub vision: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `po roadmap`.
#[derive(Debug, Args)]
pub struct RoadmapArgs {
    /// Print JSON instead of a table
    #[arg(long, conflicts_with = "md")]
    pub json: bool,
    /// Print Markdown to send to stakeholders: vision, epics with dates and
    /// their confidence, what is in the running sprint
    #[arg(long)]
    pub md: bool,
    #[command(flatten)]
    pub sim: SimulationArgs,
}

/// How the Monte Carlo runs, as for `po forecast`.
#[derive(Debug, Args)]
pub struct SimulationArgs {
    /// Simulated runs [default: forecast.runs in config.toml, else 10000]
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=MAX_RUNS as i64))]
    pub runs: Option<u32>,
    /// Seed of the simulation: the same seed gives the same dates
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Velocity window: how many recent closed sprints to resample
    #[arg(long, value_name = "N", default_value_t = VELOCITY_WINDOW as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub last: u32,
}

/// Where `po forecast --what-if KEY` moves the story (one of them).
#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// What if it went to the top?
    #[arg(long, group = "place", requires = "what_if")]
    pub top: bool,
    /// What if it went to rank N (1 is the top)?
    #[arg(long, value_name = "N", group = "place", requires = "what_if",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub rank: Option<u64>,
    /// What if it went just above this story?
    #[arg(long, value_name = "KEY", group = "place", requires = "what_if")]
    pub before: Option<String>,
    /// What if it went just below this story?
    #[arg(long, value_name = "KEY", group = "place", requires = "what_if")]
    pub after: Option<String>,
}

/// `po epic edit`: every option given is applied together, or none is.
#[derive(Debug, Args)]
pub struct EpicEditArgs {
    /// Epic key, e.g. E-2 or 2
    pub key: String,
    /// New title
    #[arg(long)]
    pub title: Option<String>,
    /// What the epic is about
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// The outcome's metric: what the epic should move, e.g. "checkout conversion"
    #[arg(long, value_name = "TEXT")]
    pub metric: Option<String>,
    /// The unit of the outcome's values, e.g. % or s (`none` for no unit)
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// The metric's value before the epic, or `none`
    #[arg(long, value_name = "N|none", allow_hyphen_values = true)]
    pub baseline: Option<String>,
    /// The value the epic aims for, or `none`
    #[arg(long, value_name = "N|none", allow_hyphen_values = true)]
    pub target: Option<String>,
    /// The latest measured value, or `none`; dated today unless --measured-on says otherwise
    #[arg(long, value_name = "N|none", allow_hyphen_values = true)]
    pub measured: Option<String>,
    /// The day the latest value was measured (YYYY-MM-DD), or `none`
    #[arg(long, value_name = "DATE|none")]
    pub measured_on: Option<String>,
    /// Remove the outcome
    #[arg(long, conflicts_with_all = ["metric", "unit", "baseline", "target", "measured", "measured_on"])]
    pub no_outcome: bool,
}
