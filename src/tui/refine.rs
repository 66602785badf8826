//! The refinement queue (view 8): the highest-ranked open stories that are
//! not ready, each with what it lacks. The Definition of Ready looks at
//! every open story's text (tens of milliseconds at 100,000 stories), so the
//! queue is computed by the job runner after a change, never on the key
//! path; the view shows the previous queue, marked "updating", meanwhile.
//! Enter opens the story where the fix goes.

use super::action::View;
use super::app::{App, Detail};
use super::form;
use super::jobs::{Computed, Figures, Job, Snapshot};
use super::popup::Popup;
use crate::model::ready::{Field, NotReadyStory};

/// How many stories the queue lists: more than a refinement meeting gets
/// through, few enough to compute and draw at once.
pub const QUEUE_LIMIT: usize = 100;

/// The highest-ranked stories not ready, and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    pub stories: Vec<NotReadyStory>,
    pub total: usize,
}

/// The view's state: the queue and its cursor.
#[derive(Debug, Default)]
pub struct Refine {
    pub queue: Computed<Queue>,
    pub cursor: usize,
    /// First row shown.
    pub offset: usize,
}

impl Refine {
    /// Rows in the queue as last computed.
    pub fn len(&self) -> usize {
        self.queue.latest.as_ref().map_or(0, |q| q.stories.len())
    }

    /// Whether the queue (as last computed) is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry under the cursor.
    pub fn selected(&self) -> Option<&NotReadyStory> {
        self.queue.latest.as_ref()?.stories.get(self.cursor)
    }

    /// Moves the cursor by `delta` rows, kept on the queue.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Keeps the cursor's story within `height` screen rows of the window,
    /// each story taking `heights[i]` rows (what it lacks may wrap).
    pub fn scroll_to_cursor(&mut self, height: usize, heights: &[usize]) {
        self.cursor = self.cursor.min(self.len().saturating_sub(1));
        let rows = |from: usize, to: usize| -> usize {
            (from..=to)
                .map(|i| heights.get(i).copied().unwrap_or(1))
                .sum()
        };
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        while self.offset < self.cursor && rows(self.offset, self.cursor) > height.max(1) {
            self.offset += 1;
        }
    }
}

/// The App's side of the queue.
impl App {
    /// The job computing the queue, when it is out of date.
    pub(super) fn refine_job(&self) -> Option<Job> {
        if self.refine.queue.is_current(self.changes) {
            return None;
        }
        Some(Job::new(
            View::Refine,
            self.changes,
            self.snapshot(),
            |s: &Snapshot| {
                let (stories, total) = s.backlog.refinement_queue(QUEUE_LIMIT);
                Figures::Refine(Box::new(Queue { stories, total }))
            },
        ))
    }

    /// Whether the queue shown is for the backlog as it is now.
    pub fn refine_is_current(&self) -> bool {
        self.refine.queue.is_current(self.changes)
    }

    /// Enter in the queue: the story opens where its first reason is fixed.
    /// Fields of the form open the form at that field; acceptance criteria
    /// open the detail with the criterion to write or reword. Esc from the
    /// detail comes back to the queue.
    pub(super) fn fix_selected(&mut self) {
        let Some(entry) = self.refine.selected() else {
            return;
        };
        let key = entry.key.clone();
        let Some(field) = entry.reasons.first().map(|r| r.field()) else {
            return;
        };
        let Some(story) = self.story_by_key(&key) else {
            self.error(format!("{key} no longer exists"));
            return;
        };
        match field {
            Field::Criteria(which) => {
                let criterion = which.unwrap_or(story.acceptance.len());
                self.view = View::Backlog;
                self.detail = Some(Detail {
                    key,
                    criterion,
                    back: View::Refine,
                });
                match which {
                    Some(_) => self.start_edit_criterion(),
                    None => self.start_add_criterion(),
                }
            }
            field => {
                let mut form = form::story_form(story, &self.backlog);
                form.focus = form
                    .fields
                    .iter()
                    .position(|f| f.label == form_label(field))
                    .unwrap_or(0);
                if self.writable() {
                    self.popup = Some(Popup::Form(form));
                }
            }
        }
    }
}

/// The story form's label of a field.
fn form_label(field: Field) -> &'static str {
    match field {
        Field::Title => "Title",
        Field::AsA => "As a",
        Field::IWant => "I want",
        Field::SoThat => "So that",
        Field::Description => "Description",
        Field::Points => "Points",
        Field::DependsOn => "Depends on",
        // The detail edits criteria; the form has none.
        Field::Criteria(_) => "Title",
    }
}
