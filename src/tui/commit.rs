//! Committing changes to the backlog from the TUI: the read-only guard,
//! recording a change for undo, bringing every view in step with it, and
//! undo and redo themselves.

use crate::model::{Change, ModelError};

use super::action::View;
use super::app::App;

impl App {
    /// Whether changes are allowed; says why not when they are not.
    pub(super) fn writable(&mut self) -> bool {
        if self.file.reloading {
            self.error("reloading the file changed by another program; try again in a moment");
            return false;
        }
        match &self.read_only {
            Some(reason) => {
                let text = format!("read-only: {reason}");
                self.error(text);
                false
            }
            None => true,
        }
    }

    /// Records a model operation's result: on a change, remember it for undo,
    /// count it for saving and keep the cursor on the story it touched.
    /// Returns whether something changed.
    pub(super) fn commit(&mut self, result: Result<Option<Change>, ModelError>) -> bool {
        match result {
            Ok(Some(change)) => {
                self.after_change(&change);
                self.info(change.describe());
                self.history.record(change);
                true
            }
            Ok(None) => false,
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// Brings views in step with the backlog after `applied` was applied;
    /// the cursor lands on the story it touched.
    pub(super) fn after_change(&mut self, applied: &Change) {
        self.changes += 1;
        self.totals.adjust(applied);
        self.by_key.follow(applied);
        self.dep_ranks.follow(&self.backlog, applied);
        for view in View::ALL {
            view.part().follow(self, applied);
        }
    }

    /// Applies a change (an undo, a redo), asking the App's indexes
    /// whether the stories it inserts are there instead of a pass over the
    /// stories.
    pub(super) fn apply_indexed(&mut self, change: &Change) -> Result<(), ModelError> {
        let lookup = super::dep_ranks::Lookup {
            keys: &self.by_key,
            deps: &self.dep_ranks,
        };
        self.backlog.apply_indexed(change, &lookup)
    }

    pub(super) fn undo(&mut self) {
        if !self.writable() {
            return;
        }
        let Some(change) = self.history.take_undo() else {
            self.info("nothing to undo");
            return;
        };
        let inverse = change.inverse();
        match self.apply_indexed(&inverse) {
            Ok(()) => {
                self.after_change(&inverse);
                self.info(change.describe_undone());
                self.history.undone(change);
            }
            Err(e) => self.error(format!("cannot undo: {e}")),
        }
    }

    pub(super) fn redo(&mut self) {
        if !self.writable() {
            return;
        }
        let Some(change) = self.history.take_redo() else {
            self.info("nothing to redo");
            return;
        };
        match self.apply_indexed(&change) {
            Ok(()) => {
                self.after_change(&change);
                self.info(change.describe_redone());
                self.history.redone(change);
            }
            Err(e) => self.error(format!("cannot redo: {e}")),
        }
    }
}
