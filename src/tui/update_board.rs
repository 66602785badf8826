//! `App::update` for the board and the story's blocker and assignee:
//! moving cards between columns (a status change) and within one (a
//! re-rank), adding a story straight into the sprint, blocking, assigning,
//! the "since yesterday" highlight and the swim lanes.

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::board::{column_name, day_label, describe_moves, previous_working_day, start_of};
use crate::model::{self, Position, Status};
use crate::text;

use super::action::{Action, View};
use super::app::App;
use super::form;
use super::keymap::{self, Context};
use super::popup::{Popup, Prompt, PromptFor};

impl App {
    /// The day ageing and "since yesterday" count to: pinned by tests, else today.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| model::now().date_naive())
    }

    /// Board actions run from the palette elsewhere switch to the board.
    fn show_board(&mut self) -> bool {
        if self.view != View::Board {
            self.show_view(View::Board);
            return false;
        }
        true
    }

    pub(super) fn board_column(&mut self, forward: bool) {
        if self.show_board() {
            self.board.move_column(&self.backlog, forward);
        }
    }

    /// `h`/`l`: the card to the previous or next column, a status change.
    pub(super) fn move_card(&mut self, forward: bool) {
        if !self.show_board() {
            return;
        }
        let Some(story) = self.selected_story() else {
            self.error("no card here: ] and [ go to the other columns");
            return;
        };
        let to = match (story.status, forward) {
            (Status::Todo, true) => Status::InProgress,
            (Status::InProgress, true) | (Status::Done, true) => Status::Done,
            (Status::Done, false) => Status::InProgress,
            (Status::InProgress, false) | (Status::Todo, false) => Status::Todo,
        };
        if to == story.status {
            let status = column_name(to);
            self.info(format!("{} is already in {status}", story.key));
            return;
        }
        self.edit_selected(|s| s.status = to);
    }

    /// `J`/`K` on the board: past the next card up or down the same column
    /// and lane, whatever lies between them in the backlog.
    pub(super) fn rank_card(&mut self, down: bool) {
        let Some(index) = self.board.selected_index(&self.backlog) else {
            return;
        };
        let lanes = self.board.lanes(&self.backlog);
        let Some(cards) = lanes
            .iter()
            .map(|l| &l.cards[self.board.column])
            .find(|cards| cards.contains(&index))
        else {
            return;
        };
        let at = cards.iter().position(|&i| i == index).unwrap_or(0);
        let neighbour = if down {
            cards.get(at + 1)
        } else {
            at.checked_sub(1).and_then(|a| cards.get(a))
        };
        let Some(&to) = neighbour else {
            let end = if down { "bottom" } else { "top" };
            self.info(format!("already at the {end} of the column"));
            return;
        };
        if self.writable() {
            let result = self.backlog.move_story_at(index, &Position::Index(to));
            self.commit(result);
        }
    }

    /// `a` on the board: the title, then the story's form; it goes below
    /// the selected card (else after the sprint's last story) in the sprint.
    pub(super) fn start_add_to_sprint(&mut self) {
        let Some(sprint) = self.board.sprint.clone() else {
            self.error(format!(
                "no sprint is running: start one in sprint planning ({}, then {})",
                keymap::hint_key(Context::Global, Action::ShowView(View::Planning)),
                keymap::hint_key(Context::Planning, Action::StartSprint)
            ));
            return;
        };
        let after = self
            .board
            .selected_index(&self.backlog)
            .or_else(|| self.board.members(&self.backlog).last().copied());
        let at = after.map_or(0, |i| i + 1);
        self.open_prompt(
            PromptFor::SprintStory {
                at,
                sprint: sprint.clone(),
            },
            &format!("New story in {sprint}: title"),
            "",
        );
    }

    /// `b`: unblocks a blocked story, else asks what it waits for.
    pub(super) fn toggle_blocked(&mut self) {
        let Some((key, blocked)) = self
            .selected_story()
            .map(|s| (s.key.clone(), s.blocked.is_some()))
        else {
            return;
        };
        if blocked {
            self.edit_selected(|s| s.set_blocked(None, model::now()));
        } else {
            self.open_prompt(
                PromptFor::BlockReason(key.clone()),
                &format!("Block {key}: what does it wait for?"),
                "",
            );
        }
    }

    /// `o`: who works on the story; Tab completes the names already used.
    pub(super) fn start_set_assignee(&mut self) {
        let Some((key, current)) = self
            .selected_story()
            .map(|s| (s.key.clone(), s.assignee.clone().unwrap_or_default()))
        else {
            return;
        };
        self.open_prompt(
            PromptFor::Assignee(key.clone()),
            &format!("Assignee of {key} (Tab completes, empty clears)"),
            &current,
        );
    }

    /// Tab in the assignee prompt: the next name already used that starts
    /// with what is typed (case aside), cycling through them.
    pub(super) fn complete(&self, prompt: &mut Prompt) {
        if !matches!(prompt.purpose, PromptFor::Assignee(_)) {
            return;
        }
        let names = self.backlog.assignees();
        let typed = prompt.input.value().to_string();
        // After a completion, Tab goes on from the name shown with the
        // prefix that was typed before it.
        let prefix = prompt.completing.clone().unwrap_or_else(|| typed.clone());
        let lower = prefix.to_lowercase();
        let matching: Vec<&String> = names
            .iter()
            .filter(|n| n.to_lowercase().starts_with(&lower))
            .collect();
        let next = match matching.iter().position(|n| **n == typed) {
            Some(at) => matching.get(at + 1).or(matching.first()),
            None => matching.first(),
        };
        if let Some(name) = next {
            prompt.input.set_value(name);
            prompt.completing = Some(prefix);
        }
    }

    /// Acts on the answer of a board prompt, or says why it was refused.
    pub(super) fn submit_board_prompt(
        &mut self,
        purpose: &PromptFor,
        value: &str,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        match purpose {
            PromptFor::SprintStory { at, sprint } => {
                if value.is_empty() {
                    return Err("a story needs a title".to_string());
                }
                let mut story = self.backlog.new_story(value, now);
                story.sprint = Some(sprint.clone());
                let key = story.key.clone();
                let result = self.backlog.insert_story(*at, story).map(Some);
                if self.commit(result)
                    && let Some(s) = self.story_by_key(&key)
                {
                    self.popup = Some(Popup::Form(form::new_story_form(s, &self.backlog)));
                }
            }
            PromptFor::BlockReason(key) => {
                if value.is_empty() {
                    return Err("say what the story waits for".to_string());
                }
                let result = self.update_story(key, |s| s.set_blocked(Some(value), now));
                self.commit(result);
            }
            PromptFor::Assignee(key) => {
                let result = self.update_story(key, |s| s.set_assignee(Some(value)));
                self.commit(result);
            }
            _ => {}
        }
        Ok(())
    }

    /// `y`: the "since yesterday" highlight on or off; on, the message
    /// line says what moved.
    pub(super) fn toggle_since(&mut self) {
        if !self.show_board() {
            return;
        }
        self.board.since = !self.board.since;
        if self.board.since {
            let since = previous_working_day(self.today());
            let moves = self.moves_since(start_of(since));
            self.info(format!(
                "since {}: {}",
                day_label(since, self.today()),
                text::sanitize(&describe_moves(&moves))
            ));
        } else {
            self.info("since-yesterday highlight off");
        }
    }

    /// What moved on the board since a moment, in rank order.
    pub(crate) fn moves_since(&self, since: DateTime<Utc>) -> Vec<model::Moved> {
        self.board
            .members(&self.backlog)
            .into_iter()
            .filter_map(|i| self.backlog.stories[i].moved_since(since))
            .collect()
    }

    /// `v`: none → by assignee → by epic.
    pub(super) fn cycle_lanes(&mut self) {
        if !self.show_board() {
            return;
        }
        self.board.lanes = self.board.lanes.next();
        self.board.offset = 0;
        self.info(self.board.lanes.describe());
    }
}
