//! The sample's stakeholder requests: new, declined with a reason, or
//! accepted and linked both ways to the story that came out of them.

use std::sync::Arc;

use chrono::TimeDelta;
use serde_json::Map;

use super::Generator;
use super::catalog::{DECLINE_REASONS, REQUESTS};
use crate::model::{Backlog, Kind, Request, RequestState};

impl Generator {
    /// A handful of stakeholder requests: new, declined with a reason, or
    /// accepted and linked to the story that came out of it.
    pub(super) fn requests(&mut self, backlog: &mut Backlog) -> Vec<Request> {
        let mut chosen: Vec<usize> = (0..REQUESTS.len()).collect();
        self.rng.shuffle(&mut chosen);
        chosen.truncate(6 + self.rng.below(4));
        let mut linked: Vec<usize> = Vec::new();
        let mut requests = Vec::with_capacity(chosen.len());
        for i in chosen {
            let (text, from, idea) = REQUESTS[i];
            let received = self.moment(
                self.today - TimeDelta::days(60),
                self.today - TimeDelta::days(1),
            );
            let mut r = Request {
                key: String::new(),
                text: text.to_string(),
                from: from.to_string(),
                received,
                state: RequestState::New,
                story: None,
                reason: String::new(),
                decided: None,
                extra: Map::new(),
            };
            let story = idea.and_then(|title| {
                backlog
                    .stories
                    .iter()
                    .position(|s| s.title.starts_with(title))
                    .filter(|i| !linked.contains(i))
            });
            match (story, self.rng.below(10)) {
                (Some(index), 0..=6) => {
                    linked.push(index);
                    let story = Arc::make_mut(&mut backlog.stories[index]);
                    story.requested_by = from.to_string();
                    r.state = RequestState::Accepted;
                    r.story = Some(story.key.clone());
                    r.decided = Some(received + TimeDelta::hours(4));
                }
                (None, 0..=3) => {
                    r.state = RequestState::Declined;
                    r.reason = self.rng.pick(DECLINE_REASONS).to_string();
                    r.decided = Some(received + TimeDelta::hours(4));
                }
                _ => {}
            }
            requests.push(r);
        }
        requests.sort_by_key(|r| r.received);
        for r in &mut requests {
            r.key = backlog.allocate_key(Kind::Request);
            // Linked both ways, as `po request accept` links them.
            if let Some(index) = r.story.as_deref().and_then(|k| backlog.story_index(k)) {
                Arc::make_mut(&mut backlog.stories[index]).request = Some(r.key.clone());
            }
        }
        requests
    }
}
