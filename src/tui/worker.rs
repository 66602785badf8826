//! One background thread that takes jobs and hands results back, so that
//! slow work (saving, metrics over the whole backlog) never sits between a
//! key and its frame. Queued jobs coalesce: only the newest one runs.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

/// A worker thread running `J → R`.
pub struct Worker<J, R> {
    jobs: Option<Sender<J>>,
    results: Receiver<R>,
    thread: Option<JoinHandle<()>>,
}

impl<J: Send + 'static, R: Send + 'static> Worker<J, R> {
    /// Starts the thread; `work` runs once per job that is not superseded.
    pub fn spawn(mut work: impl FnMut(J) -> R + Send + 'static) -> Self {
        let (jobs, inbox) = mpsc::channel::<J>();
        let (report, results) = mpsc::channel();
        let thread = thread::spawn(move || {
            while let Ok(mut latest) = inbox.recv() {
                // Only the newest job matters; skip ones already superseded.
                while let Ok(newer) = inbox.try_recv() {
                    latest = newer;
                }
                if report.send(work(latest)).is_err() {
                    break;
                }
            }
        });
        Worker {
            jobs: Some(jobs),
            results,
            thread: Some(thread),
        }
    }

    /// Queues a job.
    pub fn send(&self, job: J) {
        if let Some(tx) = &self.jobs {
            // A send fails only if the thread died; finish() reports that.
            let _ = tx.send(job);
        }
    }

    /// Results finished since the last call, oldest first.
    pub fn results(&self) -> Vec<R> {
        self.results.try_iter().collect()
    }

    /// Waits for queued jobs to finish; returns their results and whether
    /// the thread died (panicked) on the way.
    pub fn finish(mut self) -> (Vec<R>, bool) {
        self.jobs = None;
        let died = self.thread.take().is_some_and(|t| t.join().is_err());
        (self.results.try_iter().collect(), died)
    }
}
