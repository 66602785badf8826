//! Saving off the input thread: the App hands over a cheap snapshot (stories
//! are shared through `Arc`), a worker encodes and writes it atomically, and
//! results come back to be shown. Bursts of changes coalesce into one write.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use crate::model::Backlog;
use crate::store::Store;

/// The background saver of one open file.
pub struct Saver {
    snapshots: Option<Sender<Backlog>>,
    results: Receiver<Result<(), String>>,
    worker: Option<JoinHandle<()>>,
}

impl Saver {
    /// Starts the worker; it owns the store (and its lock) from now on.
    pub fn spawn(mut store: Store) -> Self {
        let (snapshots, inbox) = mpsc::channel::<Backlog>();
        let (report, results) = mpsc::channel();
        let worker = thread::spawn(move || {
            while let Ok(mut latest) = inbox.recv() {
                // Only the newest state matters; skip ones already superseded.
                while let Ok(newer) = inbox.try_recv() {
                    latest = newer;
                }
                let result = store.save(&latest).map_err(|e| e.to_string());
                if report.send(result).is_err() {
                    break;
                }
            }
        });
        Saver {
            snapshots: Some(snapshots),
            results,
            worker: Some(worker),
        }
    }

    /// Queues a save of this state.
    pub fn save(&self, snapshot: Backlog) {
        if let Some(tx) = &self.snapshots {
            // A send fails only if the worker died; finish() reports that.
            let _ = tx.send(snapshot);
        }
    }

    /// Results of saves finished since the last call.
    pub fn results(&self) -> Vec<Result<(), String>> {
        self.results.try_iter().collect()
    }

    /// Waits for queued saves to finish and returns their results.
    pub fn finish(mut self) -> Vec<Result<(), String>> {
        self.snapshots = None;
        let died = self.worker.take().is_some_and(|w| w.join().is_err());
        let mut results: Vec<_> = self.results.try_iter().collect();
        if died {
            results.push(Err("the saver stopped unexpectedly".to_string()));
        }
        results
    }
}
