//! `App::update` while a popup is open: prompts, forms, questions, pickers,
//! the palette and the help screen.

use crate::model::{self, Change, Criterion};

use super::action::{Action, TextOp};
use super::app::{App, Effect};
use super::form::{self, FormFor};
use super::popup::{ConfirmFor, PickFor, Popup, Prompt, PromptFor};
use super::text_input::TextInput;

impl App {
    /// Acts on an action aimed at the open popup (taken out of `self.popup`);
    /// puts the popup back unless the action closed it.
    pub(super) fn update_popup(&mut self, popup: Popup, action: Action) -> Effect {
        match popup {
            Popup::Prompt(prompt) => return self.update_prompt(prompt, action),
            Popup::Preview(preview) => return self.update_preview(preview, action),
            Popup::Grid(grid) => return self.update_grid(grid, action),
            Popup::Form(mut f) => {
                match action {
                    Action::NextField => f.move_focus(1),
                    Action::PrevField => f.move_focus(-1),
                    Action::ChoiceNext => f.cycle_choice(1),
                    Action::ChoicePrev => f.cycle_choice(-1),
                    Action::Text(op) => {
                        if let Some(input) = f.focused_input() {
                            edit_text(input, op);
                        }
                    }
                    Action::Cancel => {
                        if let FormFor::NewStory(key) = &f.purpose {
                            self.drop_new_story(key);
                        }
                        return Effect::None;
                    }
                    Action::Submit => return self.submit_form(f),
                    _ => {}
                }
                self.popup = Some(Popup::Form(f));
            }
            Popup::Conflict => match action {
                Action::ReloadTheirs => return self.resolve_conflict(false),
                Action::KeepOurs => return self.resolve_conflict(true),
                Action::Cancel => {
                    self.error(
                        "not saved: the file was changed by another program. Ctrl-s to choose",
                    );
                }
                _ => self.popup = Some(Popup::Conflict),
            },
            Popup::Merge { cursor } => return self.update_merge(cursor, action),
            Popup::Confirm(confirm) => match action {
                Action::Yes => return self.confirmed(confirm.purpose),
                Action::No | Action::Cancel => self.requests.preview = None,
                _ => self.popup = Some(Popup::Confirm(confirm)),
            },
            Popup::Picker(mut picker) => match action {
                Action::CursorDown => {
                    picker.cursor = (picker.cursor + 1).min(picker.entries.len().saturating_sub(1));
                    self.popup = Some(Popup::Picker(picker));
                }
                Action::CursorUp => {
                    picker.cursor = picker.cursor.saturating_sub(1);
                    self.popup = Some(Popup::Picker(picker));
                }
                Action::Submit => {
                    let value = picker
                        .entries
                        .get(picker.cursor)
                        .and_then(|(_, v)| v.clone());
                    match picker.purpose {
                        PickFor::Epic(key) => {
                            let result = self.update_story(&key, |s| s.epic = value);
                            self.commit(result);
                        }
                        PickFor::CloseSprint(key) => self.close_sprint(&key, value.as_deref()),
                        PickFor::ScoreOrder => self.apply_score_order(value.as_deref()),
                        PickFor::Split(key) => self.split(&key, value.as_deref()),
                        PickFor::Triage(key) => self.triage_picked(&key, value.as_deref()),
                    }
                }
                Action::Cancel => {}
                _ => self.popup = Some(Popup::Picker(picker)),
            },
            Popup::DepPicker(mut picker) => match action {
                Action::CursorDown => {
                    picker.cursor = (picker.cursor + 1).min(picker.shown.len().saturating_sub(1));
                    self.popup = Some(Popup::DepPicker(picker));
                }
                Action::CursorUp => {
                    picker.cursor = picker.cursor.saturating_sub(1);
                    self.popup = Some(Popup::DepPicker(picker));
                }
                Action::Text(op) => {
                    edit_text(&mut picker.input, op);
                    picker.refresh(&self.backlog);
                    self.popup = Some(Popup::DepPicker(picker));
                }
                Action::Submit => self.pick_dependency(&picker),
                Action::Cancel => {}
                _ => self.popup = Some(Popup::DepPicker(picker)),
            },
            Popup::Palette(mut palette) => match action {
                Action::CursorDown => {
                    palette.cursor =
                        (palette.cursor + 1).min(palette.matches.len().saturating_sub(1));
                    self.popup = Some(Popup::Palette(palette));
                }
                Action::CursorUp => {
                    palette.cursor = palette.cursor.saturating_sub(1);
                    self.popup = Some(Popup::Palette(palette));
                }
                Action::Text(op) => {
                    edit_text(&mut palette.input, op);
                    palette.refresh();
                    self.popup = Some(Popup::Palette(palette));
                }
                Action::Submit => {
                    if let Some(chosen) = palette.selected() {
                        // An action of another view runs there, on what is
                        // selected there, in plain sight.
                        if let Some(view) = chosen.switch_to {
                            self.show_view(view);
                        }
                        return self.update(chosen.action);
                    }
                }
                Action::Cancel => {}
                _ => self.popup = Some(Popup::Palette(palette)),
            },
            Popup::Help { scroll } => {
                let page = self.list_height().max(1);
                let scroll = match action {
                    Action::CursorDown => scroll + 1,
                    Action::CursorUp => scroll.saturating_sub(1),
                    Action::PageDown => scroll + page,
                    Action::PageUp => scroll.saturating_sub(page),
                    Action::Cancel => return Effect::None,
                    _ => scroll,
                };
                self.popup = Some(Popup::Help { scroll });
            }
        }
        Effect::None
    }

    /// Typed or pasted text for the focused text field.
    pub(super) fn type_text(&mut self, text: &str) {
        match &mut self.popup {
            Some(Popup::Prompt(p)) => {
                p.input.insert_str(text);
                p.error = None;
                p.completing = None;
            }
            Some(Popup::Form(f)) => {
                if let Some(input) = f.focused_input() {
                    input.insert_str(text);
                }
            }
            Some(Popup::Palette(p)) => {
                p.input.insert_str(text);
                p.refresh();
            }
            Some(Popup::DepPicker(p)) => {
                p.input.insert_str(text);
                p.refresh(&self.backlog);
            }
            Some(Popup::Grid(g)) => App::type_in_grid(g, text),
            _ => {}
        }
        self.live_search();
        self.refresh_completion();
    }

    /// While the search prompt is open, follow the first match as the user types.
    fn live_search(&mut self) {
        if let Some(Popup::Prompt(p)) = &self.popup
            && p.purpose == PromptFor::Search
        {
            self.search = p.input.value().trim().to_lowercase();
            if !self.search.is_empty() {
                self.jump_to_match(true, true);
            }
        }
    }

    fn update_prompt(&mut self, mut prompt: Prompt, action: Action) -> Effect {
        match action {
            Action::Text(op) => {
                edit_text(&mut prompt.input, op);
                prompt.error = None;
                prompt.completing = None;
                self.popup = Some(Popup::Prompt(prompt));
                self.live_search();
                self.refresh_completion();
            }
            Action::Complete => {
                // Each completes only the prompts it knows (assignee, stakeholder).
                self.complete(&mut prompt);
                self.complete_prompt(&mut prompt);
                self.popup = Some(Popup::Prompt(prompt));
            }
            Action::Cancel => {
                if prompt.purpose == PromptFor::Search {
                    self.search.clear();
                }
            }
            Action::Submit => {
                if let Err(e) = self.submit_prompt(&prompt) {
                    prompt.error = Some(e);
                    self.popup = Some(Popup::Prompt(prompt));
                }
            }
            _ => self.popup = Some(Popup::Prompt(prompt)),
        }
        Effect::None
    }

    /// Acts on a prompt's answer, or says why it was refused (the prompt stays).
    fn submit_prompt(&mut self, prompt: &Prompt) -> Result<(), String> {
        let value = prompt.input.value().trim().to_string();
        let now = model::now();
        match &prompt.purpose {
            PromptFor::Search => {
                self.search = value.to_lowercase();
                if !self.search.is_empty() {
                    self.jump_to_match(true, true);
                }
            }
            PromptFor::SprintStory { .. } | PromptFor::BlockReason(_) | PromptFor::Assignee(_) => {
                return self.submit_board_prompt(&prompt.purpose, &value, now);
            }
            PromptFor::NewStory { at } => {
                if value.is_empty() {
                    return Err("a story needs a title".to_string());
                }
                let mut story = self.backlog.new_story(&value, now);
                let key = story.key.clone();
                let fitted = self.fit_to_filter(&mut story);
                let lookup = super::dep_ranks::Lookup {
                    keys: &self.by_key,
                    deps: &self.dep_ranks,
                };
                let result = self
                    .backlog
                    .insert_story_indexed(*at, story, &lookup)
                    .map(Some);
                if self.commit(result) {
                    if let Some(note) = fitted {
                        self.info(format!("added {key}{note}"));
                    }
                    // Title first, then the rest of the story in the form.
                    if let Some(s) = self.story_by_key(&key) {
                        self.popup = Some(Popup::Form(form::new_story_form(s, &self.backlog)));
                    }
                }
            }
            PromptFor::Points(key) => {
                let points = if value.is_empty() || value == "-" {
                    None
                } else {
                    Some(model::number::parse_non_negative(&value, "points")?)
                };
                let result = self.update_story(key, |s| s.points = points);
                self.commit(result);
            }
            PromptFor::NewEpic => {
                let result = self
                    .backlog
                    .add_epic(&value, "")
                    .map_err(|e| e.to_string())?;
                self.epic_cursor = self.backlog.epics.len().saturating_sub(1);
                self.commit(Ok(Some(result)));
            }
            PromptFor::RenameEpic(key) => {
                let result = self
                    .backlog
                    .update_epic(key, |e| e.title.clone_from(&value))
                    .map_err(|e| e.to_string())?;
                self.commit(Ok(result));
            }
            // Name first, then goal, dates and capacity in the form.
            PromptFor::NewSprint => self.add_next_sprint(&value)?,
            PromptFor::NewCriterion(key) => {
                if value.is_empty() {
                    return Err("a criterion needs text".to_string());
                }
                let result = self.update_story(key, |s| s.acceptance.push(Criterion::new(value)));
                let count = self
                    .commit(result)
                    .then(|| self.story_by_key(key).map(|s| s.acceptance.len()));
                if let (Some(Some(n)), Some(d)) = (count, &mut self.detail) {
                    d.criterion = n.saturating_sub(1);
                }
            }
            PromptFor::Import => self.read_import(&value)?,
            PromptFor::NewRequest
            | PromptFor::RequestFrom(_)
            | PromptFor::DeclineRequest(_)
            | PromptFor::AcceptAtRank(_) => {
                self.submit_request_prompt(&prompt.purpose, &value)?;
            }
            PromptFor::EditCriterion(key, index) => {
                if value.is_empty() {
                    return Err("a criterion needs text (x deletes it)".to_string());
                }
                let index = *index;
                let result = self.update_story(key, |s| {
                    if let Some(c) = s.acceptance.get_mut(index) {
                        c.text = value;
                    }
                });
                self.commit(result);
            }
        }
        Ok(())
    }

    fn submit_form(&mut self, f: form::Form) -> Effect {
        match f.purpose.clone() {
            FormFor::Filter => {
                let filter = form::read_filter(&f, self.list.filter());
                self.list.set_filter(&self.backlog, filter);
                let described = self.list.filter().describe();
                if described.is_empty() {
                    self.info("filter cleared");
                } else {
                    self.info(format!("filter: {described}"));
                }
            }
            FormFor::RequestFilter => {
                self.requests.read_filter(&f, &self.backlog);
                let described = self.requests.describe_filter();
                if described.is_empty() {
                    self.info("requests: filter cleared");
                } else {
                    self.info(format!("requests: {described}"));
                }
            }
            FormFor::Sprint(key) => {
                let outcome = match self.backlog.sprint(&key).cloned() {
                    Some(sprint) => form::read_sprint(&f, &sprint).and_then(|edited| {
                        self.backlog
                            .edit_sprint(&key, move |s| *s = edited)
                            .map_err(|e| e.to_string())
                    }),
                    None => Err(format!("{key} no longer exists")),
                };
                self.form_saved(&key, f, outcome);
            }
            FormFor::Product => self.submit_product(f),
            FormFor::Outcome(key) => self.submit_outcome(&key, f),
            FormFor::Story(key) | FormFor::NewStory(key) => {
                let outcome = match self.story_by_key(&key).cloned() {
                    Some(story) => form::read_story(&f, &story).and_then(|edited| {
                        self.update_story(&key, move |s| *s = edited)
                            .map_err(|e| e.to_string())
                    }),
                    None => Err(format!("{key} no longer exists")),
                };
                self.form_saved(&key, f, outcome);
            }
        }
        Effect::None
    }

    /// Records what saving an edit form did; on a refusal the form stays open
    /// with everything typed in it and the reason.
    pub(super) fn form_saved(
        &mut self,
        key: &str,
        mut f: form::Form,
        outcome: Result<Option<Change>, String>,
    ) {
        match outcome {
            Ok(change) => {
                if !self.commit(Ok(change)) {
                    self.info(format!("{key}: no changes"));
                }
            }
            Err(e) => {
                f.error = Some(e);
                self.popup = Some(Popup::Form(f));
            }
        }
    }

    fn confirmed(&mut self, purpose: ConfirmFor) -> Effect {
        let now = model::now();
        match purpose {
            ConfirmFor::DeleteStory(key) => {
                let lookup = super::dep_ranks::Lookup {
                    keys: &self.by_key,
                    deps: &self.dep_ranks,
                };
                let result = match self.locate(&key) {
                    Some(at) => self.backlog.delete_story_at_indexed(at, now, &lookup),
                    None => Err(model::ModelError::NoSuchStory(key.clone())),
                }
                .map(Some);
                self.commit(result);
            }
            ConfirmFor::DeleteEpic(key) => {
                let result = self.backlog.delete_epic(&key, now).map(Some);
                self.commit(result);
            }
            ConfirmFor::QuitUnsaved => return Effect::Quit,
            ConfirmFor::StartSprint(key) => {
                let result = self.backlog.start_sprint(&key, now).map(Some);
                self.commit(result);
            }
            ConfirmFor::CloseSprint(key) => self.close_sprint(&key, None),
            ConfirmFor::CloseEarly(key) => self.ask_where_leftovers_go(key),
            ConfirmFor::EditAgain { key, doc } => return Effect::Editor { key, doc },
            ConfirmFor::Import(pending) => self.apply_import(&pending),
            ConfirmFor::AcceptRequest { key, index } => self.accept_confirmed(&key, index),
        }
        Effect::None
    }
}

/// Applies one editing operation to a text input.
pub(super) fn edit_text(input: &mut TextInput, op: TextOp) {
    match op {
        TextOp::Left => input.move_left(),
        TextOp::Right => input.move_right(),
        TextOp::WordLeft => input.move_word_left(),
        TextOp::WordRight => input.move_word_right(),
        TextOp::Home => input.move_home(),
        TextOp::End => input.move_end(),
        TextOp::Backspace => input.backspace(),
        TextOp::Delete => input.delete(),
        TextOp::DeleteWordBack => input.delete_word_back(),
        TextOp::KillToStart => input.kill_to_start(),
        TextOp::KillToEnd => input.kill_to_end(),
    }
}
