//! `App::update` for the story detail: the acceptance criteria.

use super::app::App;
use super::popup::PromptFor;

impl App {
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
