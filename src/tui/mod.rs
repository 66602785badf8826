//! The full-screen terminal app: `po` with no subcommand.
//!
//! Data flows one way: key event → keymap → `Action` → `App::update` →
//! model change (+ undo record) → background save; the screen is drawn from
//! `&App` after each batch of events. See docs/architecture.md.

pub mod action;
pub mod app;
pub mod board;
mod commit;
pub mod dep_picker;
mod dep_ranks;
mod derived;
pub mod form;
pub mod grid;
mod input;
pub mod jobs;
pub mod keymap;
pub mod list;
pub mod metrics;
pub mod planning;
pub mod popup;
pub mod preview;
pub mod refine;
pub mod requests;
pub mod roadmap;
mod runtime;
pub mod saver;
pub mod story_doc;
pub mod text_input;
pub mod ui;
pub mod undo;
mod update_backlog;
mod update_board;
mod update_detail;
mod update_file;
mod update_import;
pub(crate) use update_import::expand_home;
mod update_merge;
mod update_planning;
mod update_popup;
pub mod update_requests;
mod update_rice;
pub mod views;
mod worker;

pub use runtime::run;
