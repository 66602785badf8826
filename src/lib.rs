//! po: a terminal backlog manager for product owners.
//!
//! `model` holds the backlog and its operations, `store` reads and writes the
//! file safely, `import` reads other tools' exports into a change, `cli`
//! implements the subcommands, `tui` the full-screen app,
//! and `text` makes stored text safe and measurable on a terminal.

pub mod cli;
pub mod config;
pub mod import;
pub mod model;
pub mod store;
pub mod text;
pub mod tui;
