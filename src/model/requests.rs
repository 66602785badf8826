//! Stakeholder requests: triaged into a story (linked both ways) or declined
//! with a reason, and reopened when the decision changes. Each decision is
//! one change, so one undo takes it back whole.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Backlog, Change, Item, Kind, ModelError, Position, Request, RequestState, Story};

/// What a stakeholder has asked for so far, for the requests view's summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stakeholder {
    pub name: String,
    /// Requests still waiting for a decision.
    pub open: usize,
    /// When the oldest of them came in.
    pub oldest_open: Option<DateTime<Utc>>,
    pub accepted: usize,
    pub declined: usize,
}

impl Backlog {
    /// A request by key.
    pub fn request(&self, key: &str) -> Option<&Request> {
        self.requests.iter().find(|r| r.key == key)
    }

    fn require_request(&self, key: &str) -> Result<usize, ModelError> {
        self.requests
            .iter()
            .position(|r| r.key == key)
            .ok_or_else(|| ModelError::NoSuchRequest(key.to_string()))
    }

    /// Where a story inserted at `at` lands (0-based); only positions that
    /// name a place in the list make sense for a story not yet in it.
    pub fn insertion_index(&self, at: &Position) -> Result<usize, ModelError> {
        let len = self.stories.len();
        match at {
            Position::Top => Ok(0),
            Position::Bottom => Ok(len),
            Position::Index(i) => Ok((*i).min(len)),
            Position::Before(key) => self
                .story_index(key)
                .ok_or_else(|| ModelError::NoSuchStory(key.clone())),
            Position::After(key) => self
                .story_index(key)
                .map(|i| i + 1)
                .ok_or_else(|| ModelError::NoSuchStory(key.clone())),
            Position::Up(_) | Position::Down(_) => Err(ModelError::Invalid(
                "a new story goes to the top, the bottom, a rank, or before or after a story"
                    .to_string(),
            )),
        }
    }

    /// Accepts a new request: a story titled `title` (the request's text
    /// when `None`), requested by the stakeholder and linked to the request,
    /// goes to `at` in the backlog, and the request records it. One change.
    pub fn accept_request(
        &mut self,
        key: &str,
        title: Option<&str>,
        epic: Option<&str>,
        at: &Position,
        now: DateTime<Utc>,
    ) -> Result<Change, ModelError> {
        let index = self.require_request(key)?;
        let request = self.requests[index].clone();
        match request.state {
            RequestState::New => {}
            RequestState::Accepted => {
                return Err(ModelError::Invalid(match &request.story {
                    Some(story) => format!("{key} is already accepted as {story}"),
                    None => format!("{key} is already accepted"),
                }));
            }
            RequestState::Declined => {
                return Err(ModelError::Invalid(format!(
                    "{key} was declined; reopen it before accepting it"
                )));
            }
        }
        let title = title.unwrap_or(&request.text).trim().to_string();
        if title.is_empty() {
            return Err(ModelError::Invalid("a story needs a title".to_string()));
        }
        if let Some(e) = epic
            && self.epic(e).is_none()
        {
            return Err(ModelError::NoSuchEpic(e.to_string()));
        }
        let rank = self.insertion_index(at)?;
        let next_keys = self.next_keys.clone();
        let mut story = Story::new(self.allocate_key(Kind::Story), title, now);
        story.requested_by.clone_from(&request.from);
        story.request = Some(key.to_string());
        story.epic = epic.map(str::to_string);
        let mut after = request.clone();
        after.state = RequestState::Accepted;
        after.story = Some(story.key.clone());
        after.reason.clear();
        after.decided = Some(now);
        // The request first: the change is told as "accepted R-n as S-m".
        let change = Change::Batch(vec![
            Change::Update {
                index,
                before: Item::Request(request),
                after: Item::Request(after),
            },
            Change::Insert {
                index: rank,
                item: Item::Story(Arc::new(story)),
            },
        ]);
        if let Err(e) = self.apply(&change) {
            self.next_keys = next_keys;
            return Err(e);
        }
        Ok(change)
    }

    /// Declines a new request, with the reason the stakeholder is told.
    pub fn decline_request(
        &mut self,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Change, ModelError> {
        let index = self.require_request(key)?;
        let request = &self.requests[index];
        match request.state {
            RequestState::New => {}
            RequestState::Declined => {
                return Err(ModelError::Invalid(format!("{key} is already declined")));
            }
            RequestState::Accepted => {
                return Err(ModelError::Invalid(format!(
                    "{key} was accepted{}; reopen it before declining it",
                    request
                        .story
                        .as_deref()
                        .map(|s| format!(" as {s}"))
                        .unwrap_or_default()
                )));
            }
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ModelError::Invalid(format!(
                "declining {key} needs a reason to tell the stakeholder"
            )));
        }
        let mut after = request.clone();
        after.state = RequestState::Declined;
        after.reason = reason.to_string();
        after.decided = Some(now);
        let change = Change::Update {
            index,
            before: Item::Request(request.clone()),
            after: Item::Request(after),
        };
        self.apply(&change)?;
        Ok(change)
    }

    /// Takes the decision on a request back: it is new again. The story an
    /// accepted request became stays in the backlog, no longer linked to it.
    pub fn reopen_request(&mut self, key: &str, now: DateTime<Utc>) -> Result<Change, ModelError> {
        let index = self.require_request(key)?;
        let request = &self.requests[index];
        if request.state == RequestState::New {
            return Err(ModelError::Invalid(format!(
                "{key} is new already: nothing to reopen"
            )));
        }
        let mut after = request.clone();
        after.state = RequestState::New;
        after.story = None;
        after.reason.clear();
        after.decided = None;
        let mut changes = vec![Change::Update {
            index,
            before: Item::Request(request.clone()),
            after: Item::Request(after),
        }];
        changes.extend(self.unlink_stories(
            now,
            |s| s.request.as_deref() == Some(key),
            |s| s.request = None,
        ));
        let change = if changes.len() == 1 {
            changes.remove(0)
        } else {
            Change::Batch(changes)
        };
        self.apply(&change)?;
        Ok(change)
    }

    /// Everyone who has sent a request, with how many wait for a decision
    /// (and since when) and how many were accepted and declined. Most open
    /// first, then the longest waiting, then by name.
    pub fn stakeholders(&self) -> Vec<Stakeholder> {
        let mut by_name: BTreeMap<&str, Stakeholder> = BTreeMap::new();
        for r in &self.requests {
            let s = by_name
                .entry(r.from.as_str())
                .or_insert_with(|| Stakeholder {
                    name: r.from.clone(),
                    open: 0,
                    oldest_open: None,
                    accepted: 0,
                    declined: 0,
                });
            match r.state {
                RequestState::New => {
                    s.open += 1;
                    s.oldest_open = Some(s.oldest_open.map_or(r.received, |t| t.min(r.received)));
                }
                RequestState::Accepted => s.accepted += 1,
                RequestState::Declined => s.declined += 1,
            }
        }
        let mut all: Vec<Stakeholder> = by_name.into_values().collect();
        all.sort_by(|a, b| {
            b.open
                .cmp(&a.open)
                .then(a.oldest_open.cmp(&b.oldest_open))
                .then_with(|| a.name.cmp(&b.name))
        });
        all
    }
}

/// How long a request has waited, in whole days since the day it came in
/// (UTC), for narrow columns: "today", "1d", "12d".
pub fn request_age(received: DateTime<Utc>, today: NaiveDate) -> String {
    match (today - received.date_naive()).num_days() {
        ..=0 => "today".to_string(),
        days => format!("{days}d"),
    }
}
