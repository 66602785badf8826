//! `App::update` for sprint planning: moving stories in and out of the
//! sprint, its goal, and starting and closing sprints.

use crate::model::{self, SprintState};

use super::action::View;
use super::app::App;
use super::form;
use super::planning::Pane;
use super::popup::{ConfirmFor, Popup};

impl App {
    pub(super) fn focus_pane(&mut self, pane: Pane) {
        self.show_planning();
        self.planning.focus = pane;
    }

    /// Planning actions run from the palette elsewhere switch to the view.
    fn show_planning(&mut self) {
        if self.view != View::Planning {
            self.show_view(View::Planning);
        }
    }

    fn target_or_say(&mut self) -> Option<String> {
        let target = self.planning.target.clone();
        if target.is_none() {
            self.error("no sprint to plan: press N to plan a new one");
        }
        target
    }

    /// Space in planning: into the sprint from the backlog side, back out from the sprint side.
    pub(super) fn toggle_in_sprint(&mut self) {
        if self.view != View::Planning {
            self.show_planning();
            return;
        }
        let Some(sprint) = self.target_or_say() else {
            return;
        };
        let Some(index) = self.planning.focused().story_index(&self.backlog) else {
            return;
        };
        if !self.writable() {
            return;
        }
        let now = model::now();
        let result = match self.planning.focus {
            Pane::Backlog => self.backlog.add_to_sprint_at(&sprint, &[index], now),
            Pane::Sprint => self.backlog.remove_from_sprint_at(&sprint, &[index], now),
        };
        self.commit(result);
    }

    pub(super) fn toggle_goal(&mut self) {
        let Some((key, serves)) = self.selected_story().map(|s| {
            let sprint = s.sprint.as_deref().and_then(|k| self.backlog.sprint(k));
            (
                s.key.clone(),
                sprint.is_some_and(|sp| sp.serves_goal(&s.key)),
            )
        }) else {
            return;
        };
        if self.writable() {
            let result = self.backlog.set_serves_goal(&key, !serves, model::now());
            self.commit(result);
        }
    }

    pub(super) fn start_edit_sprint(&mut self) {
        let Some(key) = self.target_or_say() else {
            return;
        };
        let form = self.backlog.sprint(&key).map(form::sprint_form);
        if let Some(form) = form
            && self.writable()
        {
            self.popup = Some(Popup::Form(form));
        }
    }

    pub(super) fn start_start_sprint(&mut self) {
        let planned = self
            .backlog
            .next_planned_sprint()
            .map(|s| (s.key.clone(), s.name.clone()));
        let Some((key, name)) = planned else {
            self.error("no planned sprint to start: press N in planning to plan one");
            return;
        };
        if let Some(active) = self.backlog.active_sprint() {
            let text = format!("{} is still active: close it first (C)", active.key);
            self.error(text);
            return;
        }
        if self.writable() {
            let load = self.backlog.sprint_load(&key);
            let points = load.as_ref().map_or(0.0, |l| l.points);
            let stories = load.as_ref().map_or(0, |l| l.stories);
            self.ask(
                ConfirmFor::StartSprint(key.clone()),
                format!(
                    "Start {key} {}? It commits {stories} stories, {} points.",
                    crate::text::sanitize(&name),
                    model::number::display(points)
                ),
            );
        }
    }

    pub(super) fn start_close_sprint(&mut self) {
        let active = self
            .backlog
            .sprints
            .iter()
            .find(|s| s.state == SprintState::Active)
            .map(|s| s.key.clone());
        let Some(key) = active else {
            self.error("no active sprint to close");
            return;
        };
        if self.writable() {
            let unfinished = self
                .backlog
                .stories_in(&key)
                .filter(|s| s.status != model::Status::Done)
                .count();
            self.ask(
                ConfirmFor::CloseSprint(key.clone()),
                format!(
                    "Close {key}? {unfinished} unfinished stories go back to the top of the backlog."
                ),
            );
        }
    }
}
