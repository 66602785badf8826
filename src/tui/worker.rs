//! One background thread that takes jobs and hands results back, so that
//! slow work (saving, figures over the whole backlog) never sits between a
//! key and its frame. Queued jobs coalesce where the newer one makes the
//! older one pointless (a newer snapshot to save, say). A job that panics
//! comes back as a failure result, and the thread goes on with the next
//! job: a bug in one computation must not leave a view waiting forever.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

thread_local! {
    static WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is a worker, which turns its panics into failure
/// results. The TUI's panic hook leaves the terminal alone for those: the
/// app goes on and shows the failure.
pub fn catches_its_panics() -> bool {
    WORKER.with(Cell::get)
}

/// A worker thread running `J → R`.
pub struct Worker<J, R> {
    jobs: Option<Sender<J>>,
    results: Receiver<R>,
    thread: Option<JoinHandle<()>>,
}

impl<J: Send + 'static, R: Send + 'static> Worker<J, R> {
    /// Starts the thread; `work` runs once per job, in order, except for
    /// queued jobs that `supersedes(newer, older)` says a newer one replaces.
    /// When `work` panics, `failed(job, message)` is the job's result.
    pub fn spawn(
        supersedes: fn(&J, &J) -> bool,
        failed: fn(&J, String) -> R,
        mut work: impl FnMut(&J) -> R + Send + 'static,
    ) -> Self {
        let (jobs, inbox) = mpsc::channel::<J>();
        let (report, results) = mpsc::channel();
        let thread = thread::spawn(move || {
            WORKER.with(|w| w.set(true));
            let mut run = |job: J| {
                panic::catch_unwind(AssertUnwindSafe(|| work(&job)))
                    .unwrap_or_else(|payload| failed(&job, panic_message(&*payload)))
            };
            while let Ok(mut job) = inbox.recv() {
                loop {
                    match inbox.try_recv() {
                        Ok(newer) if supersedes(&newer, &job) => job = newer,
                        Ok(newer) => {
                            if report.send(run(job)).is_err() {
                                return;
                            }
                            job = newer;
                        }
                        Err(_) => break,
                    }
                }
                if report.send(run(job)).is_err() {
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
    /// the thread died (panicked outside a job) on the way.
    pub fn finish(mut self) -> (Vec<R>, bool) {
        self.jobs = None;
        let died = self.thread.take().is_some_and(|t| t.join().is_err());
        (self.results.try_iter().collect(), died)
    }
}

/// The text a panic was raised with.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(job: &u32, panic: String) -> Result<u32, String> {
        Err(format!("job {job} failed: {panic}"))
    }

    #[test]
    fn a_panicking_job_reports_a_failure_and_the_next_job_still_runs() {
        let worker = Worker::spawn(
            |_, _| false,
            failed,
            |&n: &u32| {
                assert!(catches_its_panics(), "jobs run on the worker");
                assert!(n != 2, "two is right out");
                Ok(n * 10)
            },
        );
        for n in 1..=3 {
            worker.send(n);
        }
        let (results, died) = worker.finish();
        assert!(!died);
        assert_eq!(results.len(), 3, "{results:?}");
        assert_eq!(results[0], Ok(10));
        assert_eq!(
            results[1],
            Err("job 2 failed: two is right out".to_string())
        );
        assert_eq!(results[2], Ok(30));
        assert!(!catches_its_panics(), "this thread is no worker");
    }
}
