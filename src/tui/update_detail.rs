//! `App::update` for the story detail: the acceptance criteria, and the
//! story edited as a document in `$EDITOR`.

use super::app::{App, Effect};
use super::popup::{ConfirmFor, PromptFor};
use super::story_doc;

impl App {
    /// The `$EDITOR` session for a story ended with the document's text (or an error).
    pub fn editor_finished(&mut self, key: &str, result: Result<String, String>) -> Effect {
        let doc = match result {
            Ok(doc) => doc,
            Err(e) => {
                self.error(format!("could not run the editor: {e}"));
                return Effect::None;
            }
        };
        let Some(story) = self.story_by_key(key) else {
            self.error(format!("{key} no longer exists; the edit was dropped"));
            return Effect::None;
        };
        match story_doc::apply(&doc, story, &self.backlog) {
            Ok(edited) => {
                let result = self.update_story(key, move |s| *s = edited);
                if let Err(e) = &result {
                    self.ask(ConfirmFor::EditAgain { key: key.to_string(), doc }, format!(
                        "Your edit of {key} cannot be saved: {e}. Edit it again? (n drops the edit)"
                    ));
                    return Effect::None;
                }
                if !self.commit(result) {
                    self.info(format!("{key}: no changes"));
                }
            }
            Err(e) => self.ask(
                ConfirmFor::EditAgain {
                    key: key.to_string(),
                    // The problem is noted at the top of the text for the next round.
                    doc: story_doc::with_error(&doc, &e),
                },
                format!("Your edit of {key} has a problem: {e}. Edit it again? (n drops the edit)"),
            ),
        }
        Effect::None
    }

    /// The open story's key and its number of criteria.
    fn detail_story(&self) -> Option<(String, usize, usize)> {
        let d = self.detail.as_ref()?;
        let story = self.story_by_key(&d.key)?;
        Some((d.key.clone(), d.criterion, story.acceptance.len()))
    }

    pub(super) fn move_criterion_cursor(&mut self, delta: isize) {
        if let Some((_, current, len)) = self.detail_story()
            && let Some(d) = &mut self.detail
        {
            d.criterion = current
                .saturating_add_signed(delta)
                .min(len.saturating_sub(1));
        }
    }

    pub(super) fn toggle_criterion(&mut self) {
        let Some((key, index, len)) = self.detail_story() else {
            return;
        };
        if index < len && self.writable() {
            let result = self.update_story(&key, |s| {
                s.acceptance[index].done = !s.acceptance[index].done;
            });
            self.commit(result);
        }
    }

    pub(super) fn start_add_criterion(&mut self) {
        if let Some((key, _, _)) = self.detail_story() {
            self.open_prompt(
                PromptFor::NewCriterion(key),
                "New acceptance criterion (Given … when … then …)",
                "",
            );
        }
    }

    pub(super) fn start_edit_criterion(&mut self) {
        let Some((key, index, len)) = self.detail_story() else {
            return;
        };
        if index >= len {
            return;
        }
        let text = self
            .backlog
            .story(&key)
            .map(|s| s.acceptance[index].text.clone())
            .unwrap_or_default();
        self.open_prompt(
            PromptFor::EditCriterion(key, index),
            &format!("Criterion {}", index + 1),
            &text,
        );
    }

    pub(super) fn delete_criterion(&mut self) {
        let Some((key, index, len)) = self.detail_story() else {
            return;
        };
        if index < len && self.writable() {
            let result = self.update_story(&key, |s| {
                s.acceptance.remove(index);
            });
            self.commit(result);
        }
    }

    /// Reorders the selected criterion; the selection follows it.
    pub(super) fn move_criterion(&mut self, delta: isize) {
        let Some((key, index, len)) = self.detail_story() else {
            return;
        };
        let Some(target) = index.checked_add_signed(delta).filter(|t| *t < len) else {
            return;
        };
        if index < len && self.writable() {
            let result = self.update_story(&key, |s| {
                s.acceptance.swap(index, target);
            });
            if self.commit(result)
                && let Some(d) = &mut self.detail
            {
                d.criterion = target;
            }
        }
    }
}
