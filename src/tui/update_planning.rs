//! `App::update` for sprint planning: moving stories in and out of the
//! sprint, its goal, and starting and closing sprints.

use chrono::NaiveDate;

use crate::model::metrics::VELOCITY_WINDOW;
use crate::model::{self, Backlog, Sprint, SprintState, Status, Story, number};
use crate::text;

use super::action::{Action, View};
use super::app::App;
use super::form;
use super::keymap::{self, Context};
use super::planning::Pane;
use super::popup::{ConfirmFor, PickFor, Picker, Popup, PromptFor};

impl App {
    pub(super) fn focus_pane(&mut self, pane: Pane) {
        self.show_planning();
        self.planning.focus = pane;
    }

    /// Planning actions run from the palette elsewhere switch to the view.
    pub(super) fn show_planning(&mut self) {
        if self.view != View::Planning {
            self.show_view(View::Planning);
        }
    }

    fn target_or_say(&mut self) -> Option<String> {
        let target = self.planning.target.clone();
        if target.is_none() {
            self.error(format!(
                "no sprint to plan: press {} to plan a new one",
                keymap::hint_key(Context::Planning, Action::NewSprint)
            ));
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
        let key = self.backlog.stories[index].key.clone();
        let (result, way) = match self.planning.focus {
            Pane::Backlog => (
                self.backlog.add_to_sprint_at(&sprint, &[index], now),
                "into",
            ),
            Pane::Sprint => (
                self.backlog.remove_from_sprint_at(&sprint, &[index], now),
                "out of",
            ),
        };
        if self.commit(result) {
            // Filling a sprint story by story, the PO watches the load: say
            // it, and how far over capacity it went, with each move.
            let load = self.sprint_load_words(&sprint);
            self.info(format!("{key} {way} {sprint}: {load}"));
        }
    }

    /// "27 of 23 points, 4 over capacity": the planned sprint's points as
    /// the capacity bar shows them.
    fn sprint_load_words(&self, sprint: &str) -> String {
        let committed = self.planning.committed(&self.backlog);
        let shown = number::display(committed);
        match self.backlog.sprint(sprint).and_then(|s| s.capacity) {
            Some(c) if committed > c => format!(
                "{shown} of {} points, {} over capacity",
                number::display(c),
                number::display(committed - c)
            ),
            Some(c) => format!("{shown} of {} points", number::display(c)),
            None => format!("{shown} points (no capacity set)"),
        }
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

    /// `[`/`]`: shows the previous or next open sprint in planning.
    pub(super) fn step_sprint(&mut self, forward: bool) {
        self.show_planning();
        match self.planning.step(&self.backlog, forward) {
            Some((key, at, of)) => {
                let name = self
                    .backlog
                    .sprint(&key)
                    .map(|s| format!("{} ({})", text::sanitize(&s.name), s.state))
                    .unwrap_or_default();
                self.info(format!("planning {key} {name}: open sprint {at} of {of}"));
            }
            None => self.error(format!(
                "no open sprint: press {} to plan one",
                keymap::hint_key(Context::Planning, Action::NewSprint)
            )),
        }
    }

    /// `N`: the name prompt, pre-filled with the next name in the series.
    pub(super) fn start_new_sprint(&mut self) {
        let name = self.backlog.next_sprint_name();
        self.open_prompt(PromptFor::NewSprint, "New sprint: name", &name);
    }

    /// Adds a sprint named `name` with the defaults for the next one (dates
    /// after the last sprint, capacity at the average velocity; without
    /// those, the configured length from today and capacity), shows it in
    /// planning and opens its form to adjust them.
    pub(super) fn add_next_sprint(&mut self, name: &str) -> Result<(), String> {
        let today = self.today.unwrap_or_else(|| model::now().date_naive());
        let defaults = &self.config.sprint;
        let draft = Sprint {
            name: name.to_string(),
            ..self
                .backlog
                .next_sprint_draft_or(today, defaults.length_days, defaults.capacity)
        };
        let change = self.backlog.add_sprint(draft).map_err(|e| e.to_string())?;
        self.commit(Ok(Some(change)));
        let Some(sprint) = self.backlog.sprints.last().cloned() else {
            return Ok(());
        };
        self.show_planning();
        self.planning.chosen = Some(sprint.key.clone());
        self.planning.retarget(&self.backlog);
        self.popup = Some(Popup::Form(form::sprint_form(&sprint)));
        Ok(())
    }

    /// The sprint `S` starts: the one shown in planning when it is planned,
    /// else the first planned one.
    fn sprint_to_start(&self) -> Option<&Sprint> {
        self.planning
            .target
            .as_deref()
            .and_then(|k| self.backlog.sprint(k))
            .filter(|s| s.state == SprintState::Planned)
            .or_else(|| self.backlog.next_planned_sprint())
    }

    pub(super) fn start_start_sprint(&mut self) {
        let Some(sprint) = self.sprint_to_start().cloned() else {
            self.error(format!(
                "no planned sprint to start: press {} in planning to plan one",
                keymap::hint_key(Context::Planning, Action::NewSprint)
            ));
            return;
        };
        if let Some(active) = self.backlog.active_sprint() {
            let text = format!(
                "{} is still active: close it first ({})",
                active.key,
                keymap::hint_key(Context::Planning, Action::CloseSprint)
            );
            self.error(text);
            return;
        }
        if self.writable() {
            let today = self.today.unwrap_or_else(|| model::now().date_naive());
            let question = start_question(&self.backlog, &sprint, today);
            self.ask(ConfirmFor::StartSprint(sprint.key), question);
        }
    }

    pub(super) fn start_close_sprint(&mut self) {
        let Some(key) = self.backlog.active_sprint().map(|s| s.key.clone()) else {
            self.error("no active sprint to close");
            return;
        };
        if !self.writable() {
            return;
        }
        match self.backlog.premature_close(&key, model::now()) {
            Some(why) => self.ask(
                ConfirmFor::CloseEarly(key),
                format!("{why}. Close it anyway?"),
            ),
            None => self.ask_where_leftovers_go(key),
        }
    }

    /// The last step before closing `key`: with unfinished stories, a pick
    /// list of where they go (the top of the backlog, or a planned sprint);
    /// without, a plain yes/no. Any question to ask first (a sprint closed
    /// too early, say) comes before this one.
    pub(super) fn ask_where_leftovers_go(&mut self, key: String) {
        let unfinished: Vec<&Story> = self
            .backlog
            .stories_in(&key)
            .filter(|s| s.status != Status::Done)
            .collect();
        if unfinished.is_empty() {
            self.ask(
                ConfirmFor::CloseSprint(key.clone()),
                format!("Close {key}? Every story in it is done."),
            );
            return;
        }
        let count = unfinished.len();
        let in_progress = unfinished
            .iter()
            .filter(|s| s.status == Status::InProgress)
            .count();
        let top = if in_progress > 0 {
            format!("the top of the backlog ({in_progress} in progress become todo)")
        } else {
            "the top of the backlog".to_string()
        };
        let mut entries = vec![(top, None)];
        entries.extend(
            self.backlog
                .sprints
                .iter()
                .filter(|s| s.state == SprintState::Planned)
                .map(|s| {
                    (
                        format!("{} {} (planned)", s.key, text::sanitize(&s.name)),
                        Some(s.key.clone()),
                    )
                }),
        );
        let stories = if count == 1 { "story" } else { "stories" };
        self.popup = Some(Popup::Picker(Picker {
            purpose: PickFor::CloseSprint(key.clone()),
            title: format!("Close {key}: {count} unfinished {stories} go to…"),
            entries,
            cursor: 0,
        }));
    }

    /// Closes the active sprint `key`, sending unfinished work to `carry_to`
    /// (or the top of the backlog); the change's description says where it
    /// went and which stories went back to todo.
    pub(super) fn close_sprint(&mut self, key: &str, carry_to: Option<&str>) {
        let before = self.backlog.velocity(VELOCITY_WINDOW).describe();
        let result = self.backlog.close_sprint(key, carry_to, model::now());
        if !self.commit(result.map(Some)) {
            return;
        }
        // The sprint's outcome first, as `po sprint close` says it: what it
        // did against the velocity it was planned on.
        let done = self
            .backlog
            .sprint(key)
            .and_then(|s| s.record.done_points)
            .unwrap_or(0.0);
        let outcome = match before {
            Some(v) => format!("{} done, velocity before {v}", number::points(done)),
            None => format!("{} done", number::points(done)),
        };
        // Only when the whole line fits: where the work went matters more.
        let room = usize::from(self.size.0).saturating_sub(2);
        if let Some(message) = &mut self.message
            && let Some(rest) = message.text.strip_prefix(&format!("closed {key}: "))
        {
            let told = format!("closed {key}: {outcome}; {rest}");
            if text::width(&told) <= room {
                message.text = told;
            }
        }
    }
}

/// The question before starting a sprint: what it commits, and what is
/// risky about it (over capacity, stories not ready, an empty sprint,
/// starting before its planned start), or that nothing is.
fn start_question(backlog: &Backlog, sprint: &Sprint, today: NaiveDate) -> String {
    let key = &sprint.key;
    let name = text::sanitize(&sprint.name);
    let Some(load) = backlog.sprint_load(key) else {
        return format!("Start {key} {name}?");
    };
    let mut risks = Vec::new();
    if load.stories == 0 {
        risks.push("it holds no stories".to_string());
    }
    if let (Some(capacity), Some(room)) = (load.capacity, load.room())
        && room < 0.0
    {
        risks.push(format!(
            "{} points over its capacity of {}",
            number::display(-room),
            number::display(capacity)
        ));
    }
    if !load.not_ready.is_empty() {
        let keys: Vec<&str> = load
            .not_ready
            .iter()
            .map(|n| n.key.as_str())
            .take(3)
            .collect();
        let more = if load.not_ready.len() > 3 {
            ", …"
        } else {
            ""
        };
        risks.push(format!(
            "{} not ready ({}{more})",
            plural(load.not_ready.len(), "story", "stories"),
            keys.join(", ")
        ));
    }
    let blocked: Vec<&str> = backlog
        .stories_in(key)
        .filter(|s| s.blocked.is_some() && s.status != Status::Done)
        .map(|s| s.key.as_str())
        .collect();
    if !blocked.is_empty() {
        let more = if blocked.len() > 3 { ", …" } else { "" };
        risks.push(format!(
            "{} blocked ({}{more})",
            plural(blocked.len(), "story", "stories"),
            blocked[..blocked.len().min(3)].join(", ")
        ));
    }
    if let Some(start) = sprint.start
        && start > today
    {
        let days = start.signed_duration_since(today).num_days();
        risks.push(format!(
            "it starts {} early (planned for {start})",
            plural(usize::try_from(days).unwrap_or(usize::MAX), "day", "days")
        ));
    }
    let commits = format!(
        "Start {key} {name}? It commits {}, {} points.",
        plural(load.stories, "story", "stories"),
        number::display(load.points)
    );
    if risks.is_empty() {
        format!("{commits} No risks: within capacity, every story ready and unblocked, on time.")
    } else {
        format!("{commits} Risks: {}.", risks.join("; "))
    }
}

/// "1 story", "3 stories".
fn plural(n: usize, one: &str, many: &str) -> String {
    model::number::count(n, one, many)
}
