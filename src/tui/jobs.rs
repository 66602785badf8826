//! Background figures for any view: a view that shows figures over the
//! whole backlog (metrics; next the roadmap and the what-if preview) asks
//! for a [`Job`], a cheap snapshot plus what to compute from it. One runner
//! thread ([`Jobs`]) computes it off the input thread and hands back a
//! [`Done`], which goes to the view that asked. A job that panics comes
//! back as a failure the view shows, never as a view waiting forever.

use chrono::NaiveDate;

use crate::model::rice::ScoreRanking;
use crate::model::{Backlog, Roadmap, WhatIf};

use super::action::View;
use super::app::App;
use super::metrics::Metrics;
use super::refine::Queue;
use super::requests::PreviewFigures;
use super::worker::Worker;

/// What a job computes from: the backlog as it was, and the date.
#[derive(Debug)]
pub struct Snapshot {
    pub backlog: Backlog,
    pub today: NaiveDate,
    /// Simulated futures per forecast: config.toml's `forecast.runs`, as
    /// the CLI's, so the views show the dates `po roadmap` prints.
    pub runs: usize,
}

/// The figures a job produces, one variant per kind.
#[derive(Debug)]
pub enum Figures {
    Metrics(Box<Metrics>),
    Roadmap(Box<Roadmap>),
    /// A what-if, or why it could not be made (the story went away).
    WhatIf(Box<Result<WhatIf, String>>),
    /// The backlog's score ranking (its markers).
    Ranking(Box<ScoreRanking>),
    /// The trade-off of accepting a request at a rank (requests view).
    RequestPreview(Box<PreviewFigures>),
    /// The refinement queue (view 8).
    Refine(Box<Queue>),
}

/// A computation a view asked for, for the backlog as it was at `stamp`
/// (the App's change counter).
pub struct Job {
    pub view: View,
    pub stamp: u64,
    snapshot: Snapshot,
    compute: Box<dyn Fn(&Snapshot) -> Figures + Send>,
}

/// What became of a [`Job`]: its figures, or why there are none.
#[derive(Debug)]
pub struct Done {
    pub view: View,
    pub stamp: u64,
    pub figures: Result<Figures, String>,
}

impl Job {
    /// A job for `view` computing `compute(snapshot)`.
    pub fn new(
        view: View,
        stamp: u64,
        snapshot: Snapshot,
        compute: impl Fn(&Snapshot) -> Figures + Send + 'static,
    ) -> Self {
        Job {
            view,
            stamp,
            snapshot,
            compute: Box::new(compute),
        }
    }

    /// Does the work (on the runner, or inline in tests).
    pub fn run(&self) -> Done {
        Done {
            view: self.view,
            stamp: self.stamp,
            figures: Ok((self.compute)(&self.snapshot)),
        }
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("view", &self.view)
            .field("stamp", &self.stamp)
            .finish_non_exhaustive()
    }
}

/// The runner: one thread for every view's jobs.
pub struct Jobs(Worker<Job, Done>);

impl Jobs {
    /// Starts the thread.
    pub fn spawn() -> Self {
        Jobs(Worker::spawn(same_view, failed, Job::run))
    }

    /// Queues a job.
    pub fn send(&self, job: Job) {
        self.0.send(job);
    }

    /// Jobs finished since the last call.
    pub fn results(&self) -> Vec<Done> {
        self.0.results()
    }
}

/// Only a view's newest figures matter.
fn same_view(newer: &Job, older: &Job) -> bool {
    newer.view == older.view
}

fn failed(job: &Job, panic: String) -> Done {
    Done {
        view: job.view,
        stamp: job.stamp,
        figures: Err(panic),
    }
}

/// A view's latest figures, or why the latest computation failed.
#[derive(Debug)]
pub struct Computed<T> {
    /// The latest figures; `None` until the first ones arrive.
    pub latest: Option<T>,
    /// Why the latest computation failed, until one succeeds.
    pub failure: Option<String>,
    /// The change counter the latest result (figures or failure) is for.
    stamp: Option<u64>,
}

impl<T> Default for Computed<T> {
    fn default() -> Self {
        Computed {
            latest: None,
            failure: None,
            stamp: None,
        }
    }
}

impl<T> Computed<T> {
    /// Whether the latest result is for the backlog at change `changes`.
    /// A failure counts: it is not retried until the backlog changes.
    pub fn is_current(&self, changes: u64) -> bool {
        self.stamp == Some(changes)
    }

    /// Takes a result back. Figures for an older state stay shown (close
    /// enough while the next ones are computed); a failure keeps them too.
    pub fn finish(&mut self, stamp: u64, result: Result<T, String>) {
        self.stamp = Some(stamp);
        match result {
            Ok(figures) => {
                self.latest = Some(figures);
                self.failure = None;
            }
            Err(e) => self.failure = Some(e),
        }
    }
}

/// The App's side: asking for figures and taking them back.
impl App {
    /// The state of the backlog a job computes from.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            backlog: self.backlog.clone(),
            today: self
                .today
                .unwrap_or_else(|| crate::model::now().date_naive()),
            runs: self.config.forecast.runs,
        }
    }

    /// The computation the open view waits for, if it has none out. The
    /// runtime asks after drawing a frame, so taking the snapshot never
    /// delays one.
    pub fn figures_job(&mut self) -> Option<Job> {
        if self.jobs_out.contains(&self.view) {
            return None;
        }
        let job = self.view.part().job(self)?;
        // A view may ask for another view's figures (the score ranking
        // under a re-score grid opened outside the backlog): one at a time.
        if self.jobs_out.contains(&job.view) {
            return None;
        }
        self.jobs_out.push(job.view);
        Some(job)
    }

    /// Takes a job's result back to the view that asked.
    pub fn figures_done(&mut self, done: Done) {
        self.jobs_out.retain(|v| *v != done.view);
        done.view.part().done(self, done);
    }

    /// Whether some view waits for a job.
    pub fn figures_pending(&self) -> bool {
        !self.jobs_out.is_empty()
    }

    /// Computes the open view's figures on this thread, if they are due:
    /// for tests and benchmarks, which have no runtime.
    pub fn compute_figures_now(&mut self) {
        if let Some(job) = self.figures_job() {
            self.figures_done(job.run());
        }
    }
}
