//! One background thread that takes jobs and hands results back, so that
//! slow work (saving, metrics over the whole backlog) never sits between a
//! key and its frame. Queued jobs coalesce where the newer one makes the
//! older one pointless (a newer snapshot to save, say).

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

/// A worker thread running `J → R`.
pub struct Worker<J, R> {
    jobs: Option<Sender<J>>,
    results: Receiver<R>,
    thread: Option<JoinHandle<()>>,
}

impl<J: Send + 'static, R: Send + 'static> Worker<J, R> {
    /// Starts the thread; `work` runs once per job, in order, except for
    /// queued jobs that `supersedes(newer, older)` says a newer one replaces.
    pub fn spawn(
        supersedes: fn(&J, &J) -> bool,
        mut work: impl FnMut(J) -> R + Send + 'static,
    ) -> Self {
        let (jobs, inbox) = mpsc::channel::<J>();
        let (report, results) = mpsc::channel();
        let thread = thread::spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                loop {
                    match inbox.try_recv() {
                        Ok(newer) if supersedes(&newer, &job) => job = newer,
                        Ok(newer) => {
                            if report.send(work(job)).is_err() {
                                return;
                            }
                            job = newer;
                        }
                        Err(_) => break,
                    }
                }
                if report.send(work(job)).is_err() {
                    return;
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
