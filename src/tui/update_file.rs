//! `App` and its file: which states go to the saver, what its reports mean
//! for the user, and what happens when another program changes the file
//! under a running po. Nothing is ever overwritten without asking: with
//! nothing unsaved here the file is simply reloaded; otherwise the user
//! chooses between reloading theirs and keeping ours (theirs then becomes
//! the `.bak`).

use crate::model::Backlog;

use super::action::View;
use super::app::{App, Effect, derive};
use super::popup::Popup;
use super::saver::{FileJob, FileReport};

/// What the App knows about its file.
#[derive(Debug, Default)]
pub struct FileState {
    /// Change counter of the last state handed to the saver.
    handed: u64,
    /// Change counter of the last state known to be in the file.
    saved: u64,
    /// A reload is under way: edits wait for it.
    pub reloading: bool,
    /// Another program changed the file and the user has not chosen yet
    /// between its version and ours; saves wait for the choice.
    pub conflict: bool,
    /// The user asked for a save (Ctrl-s): say "saved" when it is done.
    announce: bool,
}

/// What the conflict question says.
pub const CONFLICT_QUESTION: &str = "The backlog file was changed by another program since po read it, \
     and your latest changes are not saved. Reload it (your unsaved changes are dropped) \
     or overwrite it with yours (the other version is kept as the .bak file)?";

impl App {
    /// Whether some changes are only in memory: a save failed or waits for
    /// the user's choice about an outside change.
    pub fn has_unsaved_changes(&self) -> bool {
        self.read_only.is_none() && (self.save_error.is_some() || self.file.conflict)
    }

    /// A save of the current state, when there is something new to save, or
    /// with `again` even if this state was handed over before (Ctrl-s after
    /// a failure). The runtime asks when keys pause and on quitting.
    pub fn save_job(&mut self, again: bool) -> Option<FileJob> {
        let wanted = self.save_due() || (again && self.can_save());
        if !wanted {
            return None;
        }
        self.file.handed = self.changes;
        Some(FileJob::Save {
            backlog: self.backlog.clone(),
            at: self.changes,
        })
    }

    /// Whether there is a state to hand to the saver once keys pause.
    pub fn save_due(&self) -> bool {
        self.can_save() && self.changes != self.file.handed
    }

    /// Saving is possible: writable, no reload under way, no open conflict.
    fn can_save(&self) -> bool {
        self.read_only.is_none() && !self.file.reloading && !self.file.conflict
    }

    /// Why changes are not in the file, for the quit question.
    pub fn unsaved_reason(&self) -> &str {
        match &self.save_error {
            Some(e) => e,
            None if self.file.conflict => "the file was changed by another program",
            None => "they are still being saved",
        }
    }

    /// A look for outside changes, when one makes sense: everything here is
    /// in the file and nothing is under way. The runtime asks when idle.
    pub fn check_job(&self) -> Option<FileJob> {
        let settled = self.changes == self.file.saved && self.changes == self.file.handed;
        let busy = self.file.reloading || self.file.conflict || self.save_error.is_some();
        (settled && !busy).then_some(FileJob::Check)
    }

    /// Ctrl-s: save now, or after an outside change, ask again what to do.
    pub(super) fn save_now(&mut self) -> Effect {
        if !self.writable() {
            return Effect::None;
        }
        if self.file.conflict {
            self.popup = Some(Popup::Conflict);
            return Effect::None;
        }
        self.file.announce = true;
        self.info("saving…");
        Effect::Save
    }

    /// The user's answer to the conflict question.
    pub(super) fn resolve_conflict(&mut self, keep_ours: bool) -> Effect {
        self.file.conflict = false;
        if keep_ours {
            self.info("saving your version; the other one is kept as the .bak file");
            Effect::Overwrite
        } else {
            self.file.reloading = true;
            self.info("reloading the file…");
            Effect::Reload
        }
    }

    /// The state to write over an outside change, once the user chose ours.
    pub fn overwrite_job(&mut self) -> FileJob {
        self.file.handed = self.changes;
        FileJob::Overwrite {
            backlog: self.backlog.clone(),
            at: self.changes,
        }
    }

    /// Takes a report from the saver; returns a job to queue next, if any
    /// (a reload after an outside change when nothing here is unsaved).
    pub fn file_report(&mut self, report: FileReport) -> Option<FileJob> {
        match report {
            FileReport::Saved { at } => {
                self.file.saved = self.file.saved.max(at);
                let retried = self.save_error.take().is_some();
                if std::mem::take(&mut self.file.announce) || retried {
                    self.info("saved");
                }
            }
            FileReport::SaveFailed(e) => {
                self.file.announce = false;
                self.error(format!(
                    "not saved: {e}. Your changes are kept in memory; Ctrl-s tries again"
                ));
                self.save_error = Some(e);
            }
            FileReport::ChangedOnDisk if self.changes == self.file.saved => {
                // Nothing of ours would be lost: take the new version.
                if !self.file.reloading {
                    self.file.reloading = true;
                    self.info("the file was changed by another program: reloading…");
                    return Some(FileJob::Reload);
                }
            }
            FileReport::ChangedOnDisk => {
                self.file.conflict = true;
                if self.popup.is_none() {
                    self.popup = Some(Popup::Conflict);
                } else {
                    self.error(
                        "not saved: the file was changed by another program. Ctrl-s to choose",
                    );
                }
            }
            FileReport::Reloaded { backlog, notices } => {
                self.replace_backlog(*backlog);
                let text = notices.into_iter().next().unwrap_or_else(|| {
                    "reloaded: the file was changed by another program".to_string()
                });
                self.info(text);
            }
            FileReport::ReloadFailed(e) => {
                self.file.reloading = false;
                self.file.conflict = true;
                self.error(format!(
                    "cannot reload: {e}. po keeps its own version (not saved); Ctrl-s to choose"
                ));
            }
            FileReport::Unchanged => {}
        }
        None
    }

    /// Puts a freshly read backlog in place of the one in memory: every view
    /// is rebuilt, the undo history (of the old version) is dropped.
    fn replace_backlog(&mut self, backlog: Backlog) {
        let selected = self.selected_story().map(|s| s.key.clone());
        let (totals, by_key, dep_ranks) = derive(&backlog);
        self.backlog = backlog;
        self.totals = totals;
        self.by_key = by_key;
        self.dep_ranks = dep_ranks;
        let select = selected.and_then(|k| self.backlog.story_index(&k));
        for view in View::ALL {
            view.part().reload(self, select);
        }
        self.history.clear();
        // A new state for the views (metrics recompute), already in the file.
        self.changes += 1;
        self.file = FileState {
            handed: self.changes,
            saved: self.changes,
            ..FileState::default()
        };
        self.save_error = None;
        self.scroll();
    }
}
