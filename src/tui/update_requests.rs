//! `App::update` for the requests view: capture a request (text, then who,
//! completing known stakeholders), triage it (accept at a rank after the
//! trade-off preview, then the story form; or decline with a reason),
//! reopen it, filter the list.

use chrono::NaiveDate;

use crate::model::{self, EpicShift, Position, RequestState, Story, WhatIf, keys};

use super::action::{Action, View};
use super::app::{App, Detail};
use super::form;
use super::jobs::{Figures, Job};
use super::keymap::{self, Context};
use super::popup::{ConfirmFor, PickFor, Picker, Popup, Prompt, PromptFor};
use super::requests::{self, Preview, PreviewFigures};

/// The picker value that declines instead of accepting.
const DECLINE: &str = "decline";

/// The picker value that asks for the rank to accept at.
const AT_RANK: &str = "rank";

impl App {
    pub(super) fn start_new_request(&mut self) {
        self.open_prompt(
            PromptFor::NewRequest,
            "New request: what is asked for? (then who asked)",
            "",
        );
    }

    /// Enter on a request: a new one is triaged, an accepted one opens its
    /// story, a declined one says why.
    pub(super) fn start_triage(&mut self) {
        let Some(request) = self.requests.selected(&self.backlog).cloned() else {
            self.info(format!(
                "no request here: {} captures one",
                keymap::hint_key(Context::Requests, Action::NewRequest)
            ));
            return;
        };
        match (request.state, &request.story) {
            (RequestState::New, _) => {
                if !self.writable() {
                    return;
                }
                let len = self.backlog.stories.len();
                let mut entries = vec![
                    (
                        "Accept at the top of the backlog (rank 1)".to_string(),
                        Some("0".to_string()),
                    ),
                    (
                        format!(
                            "Accept at a rank you type (1 to {})…",
                            self.list.rank_of(len)
                        ),
                        Some(AT_RANK.to_string()),
                    ),
                ];
                if let Some(i) = self.list.story_index(&self.backlog)
                    && i + 1 < len
                {
                    let below = &self.backlog.stories[i];
                    entries.push((
                        format!(
                            "Accept below {} in the backlog (rank {})",
                            below.key,
                            self.list.rank_of(i + 1)
                        ),
                        Some((i + 1).to_string()),
                    ));
                }
                entries.push((
                    format!(
                        "Accept at the bottom of the backlog (rank {})",
                        self.list.rank_of(len)
                    ),
                    Some(len.to_string()),
                ));
                entries.push((
                    "Decline with a reason…".to_string(),
                    Some(DECLINE.to_string()),
                ));
                self.popup = Some(Popup::Picker(Picker {
                    purpose: PickFor::Triage(request.key.clone()),
                    title: format!("Triage {}: {}", request.key, request.text),
                    entries,
                    cursor: 0,
                }));
            }
            (RequestState::Accepted, Some(story)) if self.backlog.story_index(story).is_some() => {
                // The detail belongs to the backlog view; Esc comes back here.
                self.view = View::Backlog;
                self.detail = Some(Detail {
                    key: story.clone(),
                    criterion: 0,
                    back: View::Requests,
                });
            }
            (RequestState::Accepted, _) => {
                self.info(format!(
                    "{} was accepted; its story was deleted ({} reopens it)",
                    request.key,
                    keymap::hint_key(Context::Requests, Action::ReopenRequest)
                ));
            }
            (RequestState::Declined, _) => self.info(format!(
                "{} was declined: {} ({} reopens it)",
                request.key,
                request.reason,
                keymap::hint_key(Context::Requests, Action::ReopenRequest)
            )),
        }
    }

    /// A triage choice: decline asks why; a rank asks to confirm, with what
    /// it would push out.
    pub(super) fn triage_picked(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(DECLINE) => self.ask_decline_reason(key),
            Some(AT_RANK) => self.open_prompt(
                PromptFor::AcceptAtRank(key.to_string()),
                &format!(
                    "Accept {key} at which rank? (1 to {}; the trade-off shows next)",
                    self.list.rank_of(self.backlog.stories.len())
                ),
                "",
            ),
            Some(index) => {
                let index = index.parse().unwrap_or(usize::MAX);
                self.ask_accept(key, index);
            }
            None => {}
        }
    }

    pub(super) fn start_decline_request(&mut self) {
        match self.requests.selected(&self.backlog) {
            Some(r) => {
                let key = r.key.clone();
                self.ask_decline_reason(&key);
            }
            None => self.info(format!(
                "no request here: {} captures one",
                keymap::hint_key(Context::Requests, Action::NewRequest)
            )),
        }
    }

    fn ask_decline_reason(&mut self, key: &str) {
        self.open_prompt(
            PromptFor::DeclineRequest(key.to_string()),
            &format!("Decline {key}: why? (the stakeholder is told)"),
            "",
        );
    }

    /// Asks to confirm the accept; the preview is computed in the background
    /// and fills the question in when it comes back.
    fn ask_accept(&mut self, key: &str, index: usize) {
        let index = index.min(self.backlog.stories.len());
        self.requests.preview = Some(Preview {
            request: key.to_string(),
            index,
            stamp: self.changes,
            result: None,
        });
        let question = self.accept_question(key, index);
        self.ask(
            ConfirmFor::AcceptRequest {
                key: key.to_string(),
                index,
            },
            question,
        );
    }

    /// "Accept R-3 at rank 1?" and the trade-off, or that it is coming.
    pub(crate) fn accept_question(&self, key: &str, index: usize) -> String {
        let text = self.backlog.request(key).map_or("", |r| r.text.as_str());
        let mut question = format!(
            "Accept {key} \"{text}\" as a story at rank {}?",
            self.list.rank_of(index)
        );
        question.push_str("\n\n");
        let preview = self
            .requests
            .preview
            .as_ref()
            .filter(|p| p.request == key && p.index == index);
        match preview.and_then(|p| p.result.as_ref()) {
            None => question.push_str("Working out what it pushes out…"),
            Some(Err(e)) => question.push_str(&format!("No preview: {e}")),
            Some(Ok(figures)) => {
                if let Some(points) = figures.assumed_points {
                    question.push_str(&format!(
                        "If it is {} points (the median open story; not estimated yet):\n",
                        model::number::display(points)
                    ));
                }
                question.push_str(&trade_off(&figures.what_if).join("\n"));
            }
        }
        question
    }

    /// The preview job while an accept waits for its yes.
    pub(crate) fn preview_job(&self) -> Option<Job> {
        let preview = self.requests.preview.as_ref()?;
        if preview.result.is_some() && preview.stamp == self.changes {
            return None;
        }
        let request = self.backlog.request(&preview.request)?;
        // The key the story would get; nothing is allocated for a preview.
        let key = format!("{}-{}", keys::STORY, self.backlog.next_keys.stories);
        let mut story = Story::new(key, request.text.trim(), model::now());
        story.requested_by.clone_from(&request.from);
        let index = preview.index;
        let snapshot = self.snapshot();
        let options = super::roadmap::roadmap_options(snapshot.today, snapshot.runs);
        Some(Job::new(
            View::Requests,
            self.changes,
            snapshot,
            move |snap| {
                let mut story = story.clone();
                let assumed_points = requests::typical_points(&snap.backlog);
                story.points = assumed_points;
                let what_if = snap.backlog.what_if_insert(&story, index, &options);
                Figures::RequestPreview(Box::new(PreviewFigures {
                    what_if,
                    assumed_points,
                }))
            },
        ))
    }

    /// The preview came back: keep it and show it in the open question.
    pub(crate) fn preview_done(&mut self, stamp: u64, result: Result<PreviewFigures, String>) {
        let Some(preview) = &mut self.requests.preview else {
            return;
        };
        preview.stamp = stamp;
        preview.result = Some(result);
        let (key, index) = (preview.request.clone(), preview.index);
        let question = self.accept_question(&key, index);
        if let Some(Popup::Confirm(c)) = &mut self.popup
            && c.purpose
                == (ConfirmFor::AcceptRequest {
                    key: key.clone(),
                    index,
                })
        {
            c.question = question;
        }
    }

    /// Yes to the accept: the story is made and linked, then its form opens.
    pub(super) fn accept_confirmed(&mut self, key: &str, index: usize) {
        self.requests.preview = None;
        let result =
            self.backlog
                .accept_request(key, None, None, &Position::Index(index), model::now());
        if self.commit(result.map(Some))
            && let Some(story) = self
                .backlog
                .request(key)
                .and_then(|r| r.story.clone())
                .and_then(|s| self.story_by_key(&s))
        {
            let mut form = form::story_form(story, &self.backlog);
            form.title = format!("Accepted {key} as {}: the rest of the story", story.key);
            self.popup = Some(Popup::Form(form));
        }
    }

    pub(super) fn reopen_selected_request(&mut self) {
        if !self.writable() {
            return;
        }
        let Some(key) = self.requests.selected(&self.backlog).map(|r| r.key.clone()) else {
            self.info(format!(
                "no request here: {} captures one",
                keymap::hint_key(Context::Requests, Action::NewRequest)
            ));
            return;
        };
        let result = self.backlog.reopen_request(&key, model::now());
        self.commit(result.map(Some));
    }

    pub(super) fn start_filter_requests(&mut self) {
        self.popup = Some(Popup::Form(self.requests.filter_form(&self.backlog)));
    }

    pub(super) fn clear_request_filter(&mut self) {
        self.requests.state = None;
        self.requests.from = None;
        self.requests.refresh(&self.backlog);
        self.info("requests: filter cleared");
    }

    /// A prompt of the capture or decline flow was answered.
    pub(super) fn submit_request_prompt(
        &mut self,
        purpose: &PromptFor,
        value: &str,
    ) -> Result<(), String> {
        match purpose {
            PromptFor::NewRequest => {
                if value.is_empty() {
                    return Err("a request needs its text".to_string());
                }
                let mut prompt = Prompt::new(
                    PromptFor::RequestFrom(value.to_string()),
                    "From whom? (Tab completes a known stakeholder)",
                    "",
                );
                prompt.hint = Some(requests::completion_hint(&self.backlog, ""));
                self.popup = Some(Popup::Prompt(prompt));
            }
            PromptFor::RequestFrom(text) => {
                if value.is_empty() {
                    return Err("who asked? a request needs its stakeholder".to_string());
                }
                let change = self
                    .backlog
                    .add_request(text, value, model::now())
                    .map_err(|e| e.to_string())?;
                let key = match &change {
                    model::Change::Insert { item, .. } => item.key().to_string(),
                    _ => String::new(),
                };
                self.commit(Ok(Some(change)));
                self.requests.select(&self.backlog, &key);
            }
            PromptFor::AcceptAtRank(key) => {
                // Ranks as the backlog shows them: done work of closed
                // sprints, hidden there, is not counted.
                let last = self.list.rank_of(self.backlog.stories.len());
                let rank = value
                    .parse::<usize>()
                    .ok()
                    .filter(|r| (1..=last).contains(r))
                    .ok_or_else(|| format!("\"{value}\" is not a rank from 1 to {last}"))?;
                self.ask_accept(key, self.list.index_for_rank(rank));
            }
            PromptFor::DeclineRequest(key) => {
                if value.is_empty() {
                    return Err("a decline needs a reason to tell the stakeholder".to_string());
                }
                let change = self
                    .backlog
                    .decline_request(key, value, model::now())
                    .map_err(|e| e.to_string())?;
                self.commit(Ok(Some(change)));
            }
            _ => {}
        }
        Ok(())
    }

    /// Tab in the "from whom?" prompt: the first known stakeholder that fits.
    pub(super) fn complete_prompt(&mut self, prompt: &mut Prompt) {
        if matches!(prompt.purpose, PromptFor::RequestFrom(_))
            && let Some(first) = requests::completions(&self.backlog, prompt.input.value())
                .into_iter()
                .next()
        {
            prompt.input = super::text_input::TextInput::new(&first);
            prompt.hint = Some(requests::completion_hint(&self.backlog, &first));
        }
    }

    /// Keeps the completion hint in step with what is typed.
    pub(super) fn refresh_completion(&mut self) {
        if let Some(Popup::Prompt(p)) = &mut self.popup
            && matches!(p.purpose, PromptFor::RequestFrom(_))
        {
            p.hint = Some(requests::completion_hint(&self.backlog, p.input.value()));
        }
    }
}

/// The preview in words: per epic whose dates move, each percentile's date
/// (before → after and by how many days when it moves); then the running
/// sprint. At most [`MAX_EPIC_LINES`] epics, the rest counted.
pub fn trade_off(what_if: &WhatIf) -> Vec<String> {
    if let Some(why) = &what_if.no_dates {
        return vec![format!("No dates to compare: {why}")];
    }
    let moved: Vec<&EpicShift> = what_if.epics.iter().filter(|e| e.moved()).collect();
    let mut lines: Vec<String> = moved
        .iter()
        .take(MAX_EPIC_LINES)
        .filter_map(|e| {
            // The roadmap's two percentiles (p50 and p85 by default).
            let (a, b) = e.shown()?;
            Some(format!(
                "{} {}: p{} {} · p{} {}",
                e.key,
                e.title,
                a.percentile,
                shift(a.before, a.after, a.days),
                b.percentile,
                shift(b.before, b.after, b.days)
            ))
        })
        .collect();
    match moved.len() {
        0 => lines.push("No epic's dates move (same seed before and after).".to_string()),
        n if n > MAX_EPIC_LINES => {
            lines.push(format!("and {} more epics move", n - MAX_EPIC_LINES))
        }
        _ => {}
    }
    if let Some(sprint) = what_if.sprint.as_ref().filter(|s| s.changes()) {
        let mut parts = Vec::new();
        if !sprint.leaves.is_empty() {
            parts.push(format!("pushes out {}", sprint.leaves.join(", ")));
        }
        if !sprint.joins.is_empty() {
            parts.push(format!("takes in {}", sprint.joins.join(", ")));
        }
        lines.push(format!(
            "{} {}: {}",
            sprint.key,
            sprint.name,
            parts.join(", ")
        ));
    }
    lines
}

/// How many epics the preview names.
const MAX_EPIC_LINES: usize = 6;

/// "19 Mar" when it stays, "2 Apr → 16 Apr (+14d)" when it moves.
fn shift(before: Option<NaiveDate>, after: Option<NaiveDate>, days: Option<i64>) -> String {
    let day = |d: Option<NaiveDate>| {
        d.map_or_else(|| "later".to_string(), |d| d.format("%-d %b").to_string())
    };
    match days {
        Some(0) => day(before),
        Some(d) => format!("{} → {} ({d:+}d)", day(before), day(after)),
        None if before == after => day(before),
        None => format!("{} → {}", day(before), day(after)),
    }
}
