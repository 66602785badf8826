//! Undo and redo over the model's reversible changes.

use std::collections::VecDeque;

use crate::model::Change;

/// Past changes that can be undone, and undone ones that can be redone.
#[derive(Debug, Default)]
pub struct History {
    undo: VecDeque<Change>,
    redo: Vec<Change>,
}

/// How many changes are remembered; older ones are forgotten first.
const LIMIT: usize = 1000;

impl History {
    /// Records a new change; anything undone before can no longer be redone.
    pub fn record(&mut self, change: Change) {
        self.redo.clear();
        if self.undo.len() == LIMIT {
            self.undo.pop_front();
        }
        self.undo.push_back(change);
    }

    /// The change to undo next; the caller applies its inverse.
    pub fn take_undo(&mut self) -> Option<Change> {
        self.undo.pop_back()
    }

    /// The change to redo next; the caller applies it.
    pub fn take_redo(&mut self) -> Option<Change> {
        self.redo.pop()
    }

    /// Puts an undone change where redo finds it.
    pub fn undone(&mut self, change: Change) {
        self.redo.push(change);
    }

    /// Puts a redone change back where undo finds it, keeping the rest of redo.
    pub fn redone(&mut self, change: Change) {
        self.undo.push_back(change);
    }

    /// Forgets everything, e.g. after the file was reloaded from disk.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// How many changes can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }
}
