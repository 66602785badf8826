//! po: a terminal backlog manager for product owners.
//!
//! `model` holds the backlog and its operations, `store` reads and writes the
//! file safely, `cli` implements the subcommands and `tui` the full-screen app.

pub mod model;
pub mod store;
