//! `App::update` for the backlog list: moving and editing the selected
//! story, the prompts and pickers that start an edit, epics, filter and search.

use crate::model::{self, Change, Item, Position, Story};

use super::action::View;
use super::app::{App, Detail, Effect, Step};
use super::form;
use super::popup::{ConfirmFor, PickFor, Picker, Popup, PromptFor};
use super::story_doc;

impl App {
    /// Applies an edit to the selected story through the model.
    pub(super) fn edit_selected(&mut self, edit: impl FnOnce(&mut Story)) {
        let Some(key) = self.selected_story().map(|s| s.key.clone()) else {
            return;
        };
        if self.writable() {
            let result = self.update_story(&key, edit);
            self.commit(result);
        }
    }

    pub(super) fn move_selected(&mut self, step: Step) {
        if self.view == View::Board {
            // The board re-ranks within a column; it binds no top/bottom.
            match step {
                Step::Down => self.rank_card(true),
                Step::Up => self.rank_card(false),
                Step::Top | Step::Bottom => {}
            }
            return;
        }
        let view = self.view.part();
        let Some(index) = view
            .story_list(self)
            .and_then(|list| list.story_index(&self.backlog))
        else {
            return;
        };
        if !self.writable() {
            return;
        }
        // Up and down move past the visible neighbour, so they work on a
        // filtered list; the neighbour's index is where the story lands.
        let Some(list) = view.story_list(self) else {
            return;
        };
        let neighbour = |row: Option<usize>| row.and_then(|r| list.index_at(&self.backlog, r));
        let position = match step {
            Step::Top => Position::Top,
            Step::Bottom => Position::Bottom,
            Step::Up => match neighbour(list.cursor.checked_sub(1)) {
                Some(i) => Position::Index(i),
                None => return,
            },
            Step::Down => match neighbour(list.cursor.checked_add(1)) {
                Some(i) => Position::Index(i),
                None => return,
            },
        };
        let result = self.backlog.move_story_at(index, &position);
        self.commit(result);
    }

    pub(super) fn open_detail(&mut self) {
        // The detail belongs to the backlog view; Esc returns to where it
        // was opened (planning opens it too).
        if let Some(key) = self.selected_story().map(|s| s.key.clone()) {
            let back = self.view;
            self.view = View::Backlog;
            self.detail = Some(Detail {
                key,
                criterion: 0,
                back,
            });
        }
    }

    pub(super) fn start_add_story(&mut self) {
        if self.view == View::Board {
            self.start_add_to_sprint();
            return;
        }
        let at = match self.list.story_index(&self.backlog) {
            Some(i) if self.view == View::Backlog => i + 1,
            _ => 0,
        };
        self.open_prompt(PromptFor::NewStory { at }, "New story: title", "");
    }

    /// Esc on the form of a story just added by its title: the story goes,
    /// and so does its addition from the undo history, as if `a` had not been
    /// pressed (nothing for `u` to stumble on).
    pub(super) fn drop_new_story(&mut self, key: &str) {
        if !self.writable() {
            return;
        }
        match self.history.take_undo() {
            Some(change) if change_is_adding(&change, key) => {
                let inverse = change.inverse();
                match self.backlog.apply(&inverse) {
                    Ok(()) => {
                        self.after_change(&inverse);
                        self.info(format!("cancelled: {key} was not added"));
                    }
                    Err(e) => {
                        self.history.redone(change);
                        self.error(format!("cannot remove {key}: {e}"));
                    }
                }
            }
            last => {
                // The addition is no longer the last change (a reload cleared
                // the history): remove the story as an ordinary, undoable delete.
                if let Some(last) = last {
                    self.history.redone(last);
                }
                let result = self.backlog.delete_story(key, model::now()).map(Some);
                if self.commit(result) {
                    self.info(format!("cancelled: {key} removed (u brings it back)"));
                }
            }
        }
    }

    /// A story added while the list is filtered takes the filter's epic,
    /// open sprint and MoSCoW, so it shows up where it was added. When it
    /// still would not pass (a status or text filter, say), the filter is
    /// cleared rather than let the new story vanish. Returns what to say.
    pub(super) fn fit_to_filter(&mut self, story: &mut Story) -> Option<String> {
        let filter = self.list.filter().clone();
        if filter.is_empty() {
            return None;
        }
        let mut taken = Vec::new();
        if let Some(epic) = &filter.epic {
            story.epic = Some(epic.clone());
            taken.push(format!("epic {epic}"));
        }
        if let model::SprintFilter::In(sprint) = &filter.sprint
            && self
                .backlog
                .sprint(sprint)
                .is_some_and(|s| s.state != model::SprintState::Closed)
        {
            story.sprint = Some(sprint.clone());
            taken.push(format!("sprint {sprint}"));
        }
        if let Some(moscow) = filter.moscow {
            story.moscow = Some(moscow);
            taken.push(format!("MoSCoW {moscow}"));
        }
        let mut note = String::new();
        if !taken.is_empty() {
            note = format!(" with the filter's {}", taken.join(", "));
        }
        if !filter.matches(story) {
            let key = &story.key;
            note.push_str(&format!(
                "; the filter ({}) was cleared so {key} stays in view",
                filter.describe()
            ));
            self.list
                .set_filter(&self.backlog, model::StoryFilter::default());
        }
        Some(note)
    }

    pub(super) fn start_edit_form(&mut self) {
        let form = self
            .selected_story()
            .map(|s| form::story_form(s, &self.backlog));
        if let Some(form) = form
            && self.writable()
        {
            self.popup = Some(Popup::Form(form));
        }
    }

    pub(super) fn start_editor(&mut self) -> Effect {
        let Some(story) = self.selected_story() else {
            return Effect::None;
        };
        let key = story.key.clone();
        let doc = story_doc::render(story, &self.backlog);
        if self.writable() {
            Effect::Editor { key, doc }
        } else {
            Effect::None
        }
    }

    pub(super) fn start_delete_story(&mut self) {
        let Some((key, title)) = self
            .selected_story()
            .map(|s| (s.key.clone(), s.title.clone()))
        else {
            return;
        };
        if self.writable() {
            let title = crate::text::sanitize(&title).into_owned();
            self.ask(
                ConfirmFor::DeleteStory(key.clone()),
                format!("Delete {key} \"{title}\"?"),
            );
        }
    }

    pub(super) fn start_set_points(&mut self) {
        let Some((key, points)) = self.selected_story().map(|s| (s.key.clone(), s.points)) else {
            return;
        };
        let current = points.map(model::number::display).unwrap_or_default();
        self.open_prompt(
            PromptFor::Points(key.clone()),
            &format!("Points for {key} (empty = unestimated)"),
            &current,
        );
    }

    pub(super) fn start_pick_epic(&mut self) {
        let Some(story) = self.selected_story() else {
            return;
        };
        let key = story.key.clone();
        let current = story.epic.clone();
        let mut entries = vec![("(no epic)".to_string(), None)];
        entries.extend(
            self.backlog
                .epics
                .iter()
                .map(|e| (format!("{}  {}", e.key, e.title), Some(e.key.clone()))),
        );
        let cursor = entries.iter().position(|(_, v)| *v == current).unwrap_or(0);
        if self.writable() {
            self.popup = Some(Popup::Picker(Picker {
                purpose: PickFor::Epic(key.clone()),
                title: format!("Epic of {key}"),
                entries,
                cursor,
            }));
        }
    }

    pub(super) fn selected_epic_key(&self) -> Option<String> {
        self.backlog
            .epics
            .get(self.epic_cursor)
            .map(|e| e.key.clone())
    }

    pub(super) fn start_rename_epic(&mut self) {
        if let Some(key) = self.selected_epic_key() {
            let title = self
                .backlog
                .epic(&key)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            self.open_prompt(
                PromptFor::RenameEpic(key.clone()),
                &format!("Rename {key}"),
                &title,
            );
        }
    }

    pub(super) fn start_delete_epic(&mut self) {
        if let Some(key) = self.selected_epic_key()
            && self.writable()
        {
            let count = self
                .backlog
                .stories
                .iter()
                .filter(|s| s.epic.as_deref() == Some(&key))
                .count();
            self.ask(
                ConfirmFor::DeleteEpic(key.clone()),
                format!(
                    "Delete epic {key}? Its {count} stories stay in the backlog without an epic."
                ),
            );
        }
    }

    pub(super) fn show_epic_stories(&mut self) {
        if let Some(key) = self.selected_epic_key() {
            let filter = model::StoryFilter {
                epic: Some(key),
                ..model::StoryFilter::default()
            };
            self.list.set_filter(&self.backlog, filter);
            self.list.select_row(&self.backlog, 0);
            self.show_view(View::Backlog);
        }
    }

    pub(super) fn toggle_closed_done(&mut self) {
        let hide = !self.list.hides_done();
        self.list.set_hide_done(&self.backlog, hide);
        if hide {
            let n = self.list.hidden_done();
            self.info(format!("{n} done in closed sprints hidden"));
        } else {
            self.info("done stories of closed sprints shown");
        }
    }

    pub(super) fn clear_filter(&mut self) {
        if !self.search.is_empty() || !self.list.filter().is_empty() {
            self.search.clear();
            self.list
                .set_filter(&self.backlog, model::StoryFilter::default());
            self.info("filter and search cleared");
        }
    }

    /// Moves the cursor to the next (or previous) row whose story matches the
    /// search, wrapping around. `include_current` is for live search while typing.
    pub(super) fn jump_to_match(&mut self, forward: bool, include_current: bool) {
        if self.search.is_empty() {
            self.info("no search: press / to search");
            return;
        }
        let len = self.list.len(&self.backlog);
        if len == 0 {
            return;
        }
        let start = self.list.cursor;
        let first_step = usize::from(!include_current);
        for step in first_step..len + first_step {
            let row = if forward {
                (start + step) % len
            } else {
                (start + len - step % len) % len
            };
            let hit = self
                .list
                .index_at(&self.backlog, row)
                .is_some_and(|i| self.backlog.stories[i].matches(&self.search));
            if hit {
                self.list.cursor = row;
                return;
            }
        }
        let text = format!("no story matches \"{}\"", self.search);
        self.error(text);
    }
}

/// Whether `change` is the addition of story `key`.
fn change_is_adding(change: &Change, key: &str) -> bool {
    matches!(change, Change::Insert { item: Item::Story(s), .. } if s.key == key)
}
