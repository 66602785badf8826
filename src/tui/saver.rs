//! Saving off the input thread: the App hands over a cheap snapshot (stories
//! are shared through `Arc`), a worker encodes and writes it atomically, and
//! results come back to be shown. Bursts of changes coalesce into one write.

use crate::model::Backlog;
use crate::store::Store;

use super::worker::Worker;

/// The background saver of one open file.
pub struct Saver(Worker<Backlog, Result<(), String>>);

impl Saver {
    /// Starts the worker; it owns the store (and its lock) from now on.
    pub fn spawn(mut store: Store) -> Self {
        Saver(Worker::spawn(move |snapshot: Backlog| {
            store.save(&snapshot).map_err(|e| e.to_string())
        }))
    }

    /// Queues a save of this state.
    pub fn save(&self, snapshot: Backlog) {
        self.0.send(snapshot);
    }

    /// Results of saves finished since the last call.
    pub fn results(&self) -> Vec<Result<(), String>> {
        self.0.results()
    }

    /// Waits for queued saves to finish and returns their results.
    pub fn finish(self) -> Vec<Result<(), String>> {
        let (mut results, died) = self.0.finish();
        if died {
            results.push(Err("the saver stopped unexpectedly".to_string()));
        }
        results
    }
}
