//! The file, off the input thread: the App hands over a cheap snapshot
//! (stories are shared through `Arc`), a worker encodes and writes it
//! atomically, and reports come back to be shown. Bursts of saves coalesce
//! into one write. The same worker notices outside changes to the file and
//! reloads it, so that the store (and its lock) has one owner.

use crate::model::Backlog;
use crate::store::{Store, StoreError};

use super::worker::Worker;

/// What the runtime asks of the file.
#[derive(Debug)]
pub enum FileJob {
    /// Save this state (the App's change counter `at`), unless the file
    /// was changed by another program.
    Save { backlog: Backlog, at: u64 },
    /// Save this state over an outside change (the user chose ours).
    Overwrite { backlog: Backlog, at: u64 },
    /// Read the file again.
    Reload,
    /// Look whether another program changed the file.
    Check,
}

/// What became of a [`FileJob`].
#[derive(Debug)]
pub enum FileReport {
    /// The state of change counter `at` is in the file.
    Saved {
        at: u64,
    },
    /// Not saved: another program changed the file since po read it.
    ChangedOnDisk,
    /// Not saved, for this reason (a full disk, say); the file is intact.
    SaveFailed(String),
    Reloaded {
        // Boxed: a backlog is large next to the other reports.
        backlog: Box<Backlog>,
        notices: Vec<String>,
    },
    ReloadFailed(String),
    /// A check found the file as po left it.
    Unchanged,
}

/// The background owner of one open file.
pub struct Saver(Worker<FileJob, FileReport>);

impl Saver {
    /// Starts the worker; it owns the store (and its lock) from now on.
    pub fn spawn(mut store: Store) -> Self {
        Saver(Worker::spawn(supersedes, failed, move |job| {
            run(&mut store, job)
        }))
    }

    /// Queues a job.
    pub fn send(&self, job: FileJob) {
        self.0.send(job);
    }

    /// Reports of jobs finished since the last call.
    pub fn reports(&self) -> Vec<FileReport> {
        self.0.results()
    }

    /// Waits for queued jobs to finish and returns their reports.
    pub fn finish(self) -> Vec<FileReport> {
        let (mut reports, died) = self.0.finish();
        if died {
            reports.push(FileReport::SaveFailed(
                "the saver stopped unexpectedly".to_string(),
            ));
        }
        reports
    }
}

/// A newer save makes a queued save pointless, and any job makes a queued
/// check pointless; nothing else is skipped (an overwrite or a reload is
/// the user's explicit choice).
fn supersedes(newer: &FileJob, older: &FileJob) -> bool {
    matches!(
        (newer, older),
        (
            FileJob::Save { .. } | FileJob::Overwrite { .. },
            FileJob::Save { .. }
        ) | (_, FileJob::Check)
    )
}

/// A job that panicked (a bug): reported like a failure of its kind, so the
/// change stays in memory with the NOT SAVED banner, or the reload is over.
fn failed(job: &FileJob, panic: String) -> FileReport {
    match job {
        FileJob::Save { .. } | FileJob::Overwrite { .. } => {
            FileReport::SaveFailed(format!("the save failed: {panic}"))
        }
        FileJob::Check => FileReport::SaveFailed(format!(
            "could not look for outside changes to the file: {panic}"
        )),
        FileJob::Reload => FileReport::ReloadFailed(format!("the reload failed: {panic}")),
    }
}

fn run(store: &mut Store, job: &FileJob) -> FileReport {
    let (saved, at) = match job {
        FileJob::Save { backlog, at } => (store.save(backlog), *at),
        FileJob::Overwrite { backlog, at } => (store.overwrite(backlog), *at),
        FileJob::Reload => {
            return match store.reload() {
                Ok((backlog, notices)) => FileReport::Reloaded {
                    backlog: Box::new(backlog),
                    notices,
                },
                Err(e) => FileReport::ReloadFailed(e.to_string()),
            };
        }
        FileJob::Check if store.changed_on_disk() => return FileReport::ChangedOnDisk,
        FileJob::Check => return FileReport::Unchanged,
    };
    match saved {
        Ok(()) => FileReport::Saved { at },
        Err(StoreError::ChangedOnDisk { .. }) => FileReport::ChangedOnDisk,
        Err(e) => FileReport::SaveFailed(e.to_string()),
    }
}
