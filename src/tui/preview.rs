//! The trade-off preview over the backlog: "what if this story went to the
//! top?". `w` opens it for the story under the cursor at rank 1; `j`/`k`
//! pick another rank and `Enter` makes the move. The figures (two roadmaps
//! with the same seed) come from the job runner, so a key never waits for
//! them: the popup shows "computing" or the previous rank's figures until
//! they arrive.

use crate::model::{Position, WhatIf};

use super::action::{Action, View};
use super::app::{App, Effect};
use super::jobs::{Done, Figures, Job, Snapshot};
use super::popup::Popup;
use super::roadmap::roadmap_options;

/// The open preview: which story, to which rank, and the figures so far.
#[derive(Debug)]
pub struct Preview {
    pub key: String,
    pub title: String,
    /// Its rank index when the preview opened.
    pub from: usize,
    /// The rank index it would move to.
    pub to: usize,
    /// The latest figures, possibly for another rank while new ones come.
    pub figures: Option<WhatIf>,
    /// Why the latest computation failed.
    pub failure: Option<String>,
    /// The change counter and target the figures are for.
    computed: Option<(u64, usize)>,
}

impl Preview {
    /// Whether the figures are for this target on the backlog at `changes`.
    pub fn is_current(&self, changes: u64) -> bool {
        self.computed == Some((changes, self.to))
    }
}

impl App {
    /// Opens the preview for the story under the backlog's cursor, at the top.
    pub(super) fn start_preview(&mut self) {
        let Some(from) = self.list.story_index(&self.backlog) else {
            self.error("no story selected");
            return;
        };
        let story = &self.backlog.stories[from];
        self.popup = Some(Popup::Preview(Box::new(Preview {
            key: story.key.clone(),
            title: story.title.clone(),
            from,
            to: 0,
            figures: None,
            failure: None,
            computed: None,
        })));
    }

    /// Keys in the preview: pick the rank, move there, or close.
    pub(super) fn update_preview(&mut self, mut p: Box<Preview>, action: Action) -> Effect {
        let last = self.backlog.stories.len().saturating_sub(1);
        match action {
            Action::CursorUp => p.to = p.to.saturating_sub(1),
            Action::CursorDown => p.to = (p.to + 1).min(last),
            Action::CursorTop => p.to = 0,
            Action::Cancel => return Effect::None,
            Action::Submit => {
                if self.writable() {
                    match self.locate(&p.key) {
                        Some(from) => {
                            let result = self.backlog.move_story_at(from, &Position::Index(p.to));
                            self.commit(result);
                        }
                        None => self.error(format!("{} no longer exists", p.key)),
                    }
                }
                return Effect::None;
            }
            _ => {}
        }
        self.popup = Some(Popup::Preview(p));
        Effect::None
    }

    /// The job computing the open preview's figures, when they are due.
    pub(super) fn what_if_job(&self) -> Option<Job> {
        let Some(Popup::Preview(p)) = &self.popup else {
            return None;
        };
        if p.is_current(self.changes) {
            return None;
        }
        let (key, to) = (p.key.clone(), p.to);
        Some(Job::new(
            View::Backlog,
            self.changes,
            self.snapshot(),
            move |s: &Snapshot| {
                let options = roadmap_options(s.today, s.runs);
                let what_if = s.backlog.what_if(&key, &Position::Index(to), &options);
                Figures::WhatIf(Box::new(what_if.map_err(|e| e.to_string())))
            },
        ))
    }

    /// Takes the preview's figures back, if it is still open for that story.
    pub(super) fn what_if_done(&mut self, done: Done) {
        let Some(Popup::Preview(p)) = &mut self.popup else {
            return;
        };
        match done.figures.and_then(|f| match f {
            Figures::WhatIf(w) => *w,
            other => Err(format!("not a what-if: {other:?}")),
        }) {
            Ok(w) if w.story == p.key => {
                p.computed = Some((done.stamp, w.to_rank - 1));
                p.figures = Some(w);
                p.failure = None;
            }
            // A preview of another story opened since: its own job follows.
            Ok(_) => {}
            Err(e) => {
                p.computed = Some((done.stamp, p.to));
                p.failure = Some(e);
            }
        }
    }
}
