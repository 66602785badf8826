//! `I` / "import a file…" in the palette: a path, then what the import would
//! do (the same words as `po import --dry-run`), then on `y` the whole import
//! as one change that `u` undoes.
//!
//! The file is read and parsed on the key path: a typical export (a few
//! thousand rows) takes milliseconds (docs/performance.md).

use std::ffi::OsStr;
use std::path::PathBuf;

use crate::import::{self, ApplyOptions, At, Plan, ReadOptions, Wanted, summary};
use crate::model;

use super::action::Action;
use super::app::App;
use super::keymap::{self, Context};
use super::popup::{ConfirmFor, PromptFor};

/// How many warnings the question lists; the count says how many there are.
const FIRST_WARNINGS: usize = 3;

/// A file read and understood, waiting for the user's yes.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingImport {
    /// The path as the user typed it, for messages.
    pub name: String,
    pub plan: Plan,
}

impl App {
    pub(super) fn start_import(&mut self) {
        self.open_prompt(PromptFor::Import, "Import a file: path", "");
    }

    /// Reads the file at the typed path and asks whether to import it; a file
    /// that cannot be read or imported is an error message and changes nothing.
    pub(super) fn read_import(&mut self, typed: &str) -> Result<(), String> {
        if typed.is_empty() {
            return Err("type the path of the file to import".to_string());
        }
        let name = typed.to_string();
        let home = std::env::var_os("HOME");
        let bytes = std::fs::read(expand_home(typed, home.as_deref()))
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let now = model::now();
        let options = ReadOptions {
            now: Some(now),
            ..ReadOptions::default()
        };
        let (plan, why) = match import::read(&bytes, &name, Wanted::Auto, &options) {
            Ok(read) => read,
            Err(e) => {
                self.error(format!("{name}: {e}: nothing imported"));
                return Ok(());
            }
        };
        // What it would do, on a copy (the stories are shared, so it is cheap).
        let mut copy = self.backlog.clone();
        let applied = match import::apply(&mut copy, &plan, &options_at(now)) {
            Ok(applied) => applied,
            Err(e) => {
                self.error(format!("{name}: {e}: nothing imported"));
                return Ok(());
            }
        };
        let mut question = vec![
            format!("{name}: {}", summary::format_line(&plan, why.as_deref())),
            summary::in_file_line(&plan),
            summary::result_line(&applied, true),
        ];
        let warnings = summary::warning_lines(&plan, &applied, &copy);
        if !warnings.is_empty() {
            question.push(summary::warnings_heading(warnings.len()));
            for w in warnings.iter().take(FIRST_WARNINGS) {
                question.push(format!("- {w}"));
            }
            if warnings.len() > FIRST_WARNINGS {
                question.push(format!(
                    "- … and {} more (po import {name} --dry-run lists them all)",
                    warnings.len() - FIRST_WARNINGS
                ));
            }
        }
        question.push(String::new());
        if applied.change.is_none() {
            question.push("Nothing to add: it is all in the backlog already. Close?".to_string());
        } else {
            question.push(format!(
                "Import it? (one change: {} undoes it)",
                keymap::hint_key(Context::Global, Action::Undo)
            ));
        }
        self.ask(
            ConfirmFor::Import(Box::new(PendingImport { name, plan })),
            question.join("\n"),
        );
        Ok(())
    }

    /// The yes to an import: applies the plan as one change.
    pub(super) fn apply_import(&mut self, pending: &PendingImport) {
        if !self.writable() {
            return;
        }
        let options = options_at(model::now());
        match import::apply(&mut self.backlog, &pending.plan, &options) {
            Ok(applied) => {
                let counts = summary::added_counts(&applied);
                if self.commit(Ok(applied.change)) {
                    self.info(format!(
                        "imported {counts} from {} ({} undoes)",
                        pending.name,
                        keymap::hint_key(Context::Global, Action::Undo)
                    ));
                } else {
                    self.info(format!("{}: nothing new to import", pending.name));
                }
            }
            Err(e) => self.error(format!("{}: {e}: nothing imported", pending.name)),
        }
    }
}

/// New stories go to the bottom, as `po import` puts them by default.
fn options_at(now: chrono::DateTime<chrono::Utc>) -> ApplyOptions {
    ApplyOptions {
        at: At::Bottom,
        update: false,
        now,
    }
}

/// `~/x` is under the home directory, as in a shell.
pub(crate) fn expand_home(typed: &str, home: Option<&OsStr>) -> PathBuf {
    let home = home.filter(|h| !h.is_empty());
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(home)) => PathBuf::from(home),
        (Some(rest), Some(home)) if rest.starts_with('/') => {
            PathBuf::from(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_path_is_under_home_and_others_are_as_typed() {
        let home = Some(OsStr::new("/home/maya"));
        assert_eq!(
            expand_home("~/x/y.csv", home),
            PathBuf::from("/home/maya/x/y.csv")
        );
        assert_eq!(expand_home("~", home), PathBuf::from("/home/maya"));
        assert_eq!(expand_home("a/~/b.csv", home), PathBuf::from("a/~/b.csv"));
        assert_eq!(expand_home("~bob/b.csv", home), PathBuf::from("~bob/b.csv"));
        assert_eq!(expand_home("/tmp/b.csv", home), PathBuf::from("/tmp/b.csv"));
        // Without a home, `~` is an ordinary name.
        assert_eq!(expand_home("~/b.csv", None), PathBuf::from("~/b.csv"));
    }
}
