//! `po request …` and `po report` as clap types.

use clap::{Args, Subcommand};

/// `po request ...`: capture stakeholder requests and triage them.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Record a stakeholder's request; prints its key
    New {
        /// What is asked for, in one line
        text: String,
        /// Who asked: a person, team or customer
        #[arg(long, value_name = "NAME")]
        from: String,
        /// When it came in, YYYY-MM-DD [default: now]
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
    /// List requests, oldest first
    #[command(visible_alias = "ls")]
    List {
        /// Only requests in this state: new, accepted or declined
        #[arg(long, value_name = "STATE")]
        state: Option<String>,
        /// Only requests from this stakeholder (any case)
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
        /// Print a JSON array of requests, exactly as in the file
        #[arg(long)]
        json: bool,
    },
    /// Show one request with its decision
    Show {
        /// Request key, e.g. R-3 or 3
        key: String,
        /// Print the request as JSON, exactly as in the file
        #[arg(long)]
        json: bool,
    },
    /// Accept a request: a story requested by its sender, linked to it; prints the story's key
    Accept(AcceptArgs),
    /// Decline a request with the reason the stakeholder is told
    Decline {
        /// Request key, e.g. R-3 or 3
        key: String,
        /// Why not (required)
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// Take the decision back: the request is new again (an accepted one's story stays)
    Reopen {
        /// Request key, e.g. R-3 or 3
        key: String,
    },
}

/// `po request accept`: at most one place for the story; the bottom by default.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("at").multiple(false))]
pub struct AcceptArgs {
    /// Request key, e.g. R-3 or 3
    pub key: String,
    /// The story's title [default: the request's text]
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Epic key for the story, e.g. E-2 or 2
    #[arg(long, value_name = "E")]
    pub epic: Option<String>,
    /// At the top of the backlog
    #[arg(long, group = "at")]
    pub top: bool,
    /// At rank N (1 is the top)
    #[arg(long, value_name = "N", group = "at")]
    pub rank: Option<usize>,
    /// Just above another story
    #[arg(long, value_name = "KEY", group = "at")]
    pub before: Option<String>,
    /// Just below another story
    #[arg(long, value_name = "KEY", group = "at")]
    pub after: Option<String>,
}

/// `po report`: the stakeholder update.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// From this day on, YYYY-MM-DD (e.g. the last update's date)
    #[arg(long, value_name = "DATE")]
    pub since: String,
    /// Markdown fit to send to stakeholders
    #[arg(long)]
    pub md: bool,
}
