//! The roadmap view's figures and edits. The roadmap is one simulation over
//! the whole ranked backlog, so it is computed off the input thread by the
//! job runner (`tui::jobs`), like the metrics. The vision and an epic's
//! outcome are edited in forms from here and from the epics view.

use chrono::NaiveDate;

use crate::model::{EpicOutcome, ForecastOptions};

use super::action::View;
use super::app::App;
use super::form::{self, Form, FormFor};
use super::jobs::{Figures, Job, Snapshot};
use super::popup::Popup;

/// How a vision's line breaks show in its one-line form field.
const LINE_BREAK: &str = " / ";

/// The simulation's options in the TUI: the configured runs and the same
/// seed everywhere, so the roadmap, the preview and `po roadmap` agree.
pub fn roadmap_options(today: NaiveDate, runs: usize) -> ForecastOptions {
    let mut options = ForecastOptions::new(today);
    options.runs = runs;
    options
}

impl App {
    /// The job computing the roadmap, when it is out of date.
    pub(super) fn roadmap_job(&self) -> Option<Job> {
        if self.roadmap.is_current(self.changes) {
            return None;
        }
        Some(Job::new(
            View::Roadmap,
            self.changes,
            self.snapshot(),
            |s: &Snapshot| {
                let roadmap = s.backlog.roadmap(&roadmap_options(s.today, s.runs));
                Figures::Roadmap(Box::new(roadmap))
            },
        ))
    }

    /// The epic under the roadmap's cursor, in the roadmap's order.
    pub(super) fn roadmap_epic_key(&self) -> Option<String> {
        let roadmap = self.roadmap.latest.as_ref()?;
        roadmap
            .epics
            .get(self.roadmap_cursor)
            .map(|e| e.key.clone())
    }

    /// Opens the form for the product's name and vision.
    pub(super) fn start_edit_vision(&mut self) {
        if !self.writable() {
            return;
        }
        let product = &self.backlog.product;
        let vision = product.vision.lines().collect::<Vec<_>>().join(LINE_BREAK);
        self.popup = Some(Popup::Form(Form {
            purpose: FormFor::Product,
            title: format!(
                "Product and vision (\"{}\" starts a new line)",
                LINE_BREAK.trim()
            ),
            fields: vec![
                form::text("Name", &product.name),
                form::text("Vision", &vision),
            ],
            focus: 1,
            error: None,
        }));
    }

    /// Opens the form for the selected epic's outcome.
    pub(super) fn start_edit_outcome(&mut self) {
        let Some(key) = self.selected_epic_key() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let outcome = self
            .backlog
            .epic(&key)
            .and_then(|e| e.outcome.clone())
            .unwrap_or_default();
        let date = outcome
            .measured_on
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.popup = Some(Popup::Form(Form {
            purpose: FormFor::Outcome(key.clone()),
            title: format!("Outcome of {key}: the metric it should move (empty metric: none)"),
            fields: vec![
                form::text("Metric", &outcome.metric),
                form::text("Unit", &outcome.unit),
                form::text("Baseline", &form::fmt_number(outcome.baseline)),
                form::text("Target", &form::fmt_number(outcome.target)),
                form::text("Latest", &form::fmt_number(outcome.measured)),
                form::text("Measured on", &date),
            ],
            focus: 0,
            error: None,
        }));
    }

    /// Saves the product form; on a refusal the form stays open.
    pub(super) fn submit_product(&mut self, f: Form) {
        let name = f.text("Name").trim().to_string();
        let vision = f
            .text("Vision")
            .split(LINE_BREAK.trim())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string();
        let result = self
            .backlog
            .update_product(|p| {
                p.name = name;
                p.vision = vision;
            })
            .map_err(|e| e.to_string());
        self.form_saved("the product", f, result);
    }

    /// Saves the outcome form; on a refusal the form stays open.
    pub(super) fn submit_outcome(&mut self, key: &str, f: Form) {
        let result = read_outcome(&f, self.today_or_now()).and_then(|outcome| {
            self.backlog
                .update_epic(key, |e| {
                    // Keeps unknown fields of an outcome that stays.
                    e.outcome = outcome.map(|o| EpicOutcome {
                        extra: e.outcome.take().map(|old| old.extra).unwrap_or_default(),
                        ..o
                    });
                })
                .map_err(|e| e.to_string())
        });
        self.form_saved(key, f, result);
    }

    fn today_or_now(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| crate::model::now().date_naive())
    }
}

/// The outcome form's values: `None` for an empty metric (no outcome); a
/// latest value without a date is dated `today`.
fn read_outcome(f: &Form, today: NaiveDate) -> Result<Option<EpicOutcome>, String> {
    let metric = f.text("Metric").trim().to_string();
    if metric.is_empty() {
        return Ok(None);
    }
    let value = |label: &'static str| form::parse_optional(f.text(label), label);
    let measured = value("Latest")?;
    let on = f.text("Measured on").trim();
    let measured_on = if on.is_empty() || on == "-" {
        measured.map(|_| today)
    } else {
        Some(
            NaiveDate::parse_from_str(on, "%Y-%m-%d")
                .map_err(|_| format!("Measured on: '{on}' is not a date like 2026-12-01"))?,
        )
    };
    Ok(Some(EpicOutcome {
        metric,
        unit: f.text("Unit").trim().to_string(),
        baseline: value("Baseline")?,
        target: value("Target")?,
        measured,
        measured_on,
        extra: Default::default(),
    }))
}

/// The outcome with how far it has come: "…: 2.1% → 3% (latest 2.4% on
/// 2026-11-01) — 33% of the way".
pub fn outcome_line(o: &EpicOutcome) -> String {
    match o.progress() {
        Some(p) => format!("{} — {:.0}% of the way", o.summary(), 100.0 * p),
        None => o.summary(),
    }
}
