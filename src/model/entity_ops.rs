//! Operations on epics, sprints and requests: each checks its input,
//! changes the backlog and returns the [`Change`] it made. A new element
//! gets a fresh key of its kind, given back when the element is refused.

use chrono::{DateTime, Utc};

use super::ops::{non_negative, single_or_batch};
use super::{
    Backlog, Change, Epic, Item, Kind, ModelError, NextKeys, Request, RequestState, Sprint,
    SprintState,
};

impl Backlog {
    /// Adds an epic at the end of the epic list.
    pub fn add_epic(&mut self, title: &str, description: &str) -> Result<Change, ModelError> {
        let title = non_empty(title, "an epic's title")?;
        let next_keys = self.next_keys.clone();
        let epic = Epic {
            key: self.allocate_key(Kind::Epic),
            title,
            description: description.to_string(),
            outcome: None,
            extra: serde_json::Map::new(),
        };
        self.insert_new(self.epics.len(), Item::Epic(epic), next_keys)
    }

    /// Edits an epic through a closure. `None` when nothing changed.
    pub fn update_epic(
        &mut self,
        key: &str,
        edit: impl FnOnce(&mut Epic),
    ) -> Result<Option<Change>, ModelError> {
        let index = self
            .epics
            .iter()
            .position(|e| e.key == key)
            .ok_or_else(|| ModelError::NoSuchEpic(key.to_string()))?;
        let before = self.epics[index].clone();
        let mut after = before.clone();
        edit(&mut after);
        if after == before {
            return Ok(None);
        }
        after.title = non_empty(&after.title, "an epic's title")?;
        if let Some(outcome) = &mut after.outcome {
            outcome.metric = non_empty(&outcome.metric, "an epic outcome's metric")?;
        }
        if after.key != before.key {
            return Err(ModelError::Invalid(
                "an epic's key cannot change".to_string(),
            ));
        }
        let change = Change::Update {
            index,
            before: Item::Epic(before),
            after: Item::Epic(after),
        };
        self.apply(&change)?;
        Ok(Some(change))
    }

    /// Deletes an epic; its stories stay, without an epic.
    pub fn delete_epic(&mut self, key: &str, now: DateTime<Utc>) -> Result<Change, ModelError> {
        let index = self
            .epics
            .iter()
            .position(|e| e.key == key)
            .ok_or_else(|| ModelError::NoSuchEpic(key.to_string()))?;
        // The removal first, so the change is described as "deleted E-n".
        let mut changes = vec![Change::Remove {
            index,
            item: Item::Epic(self.epics[index].clone()),
        }];
        changes.extend(self.unlink_stories(
            now,
            |s| s.epic.as_deref() == Some(key),
            |s| {
                s.epic = None;
            },
        ));
        let change = single_or_batch(changes);
        self.apply(&change)?;
        Ok(change)
    }

    /// Adds a planned sprint at the end of the sprint list.
    pub fn add_sprint(&mut self, mut sprint: Sprint) -> Result<Change, ModelError> {
        sprint.name = non_empty(&sprint.name, "a sprint's name")?;
        non_negative(sprint.capacity, "a sprint's capacity")?;
        if let (Some(start), Some(end)) = (sprint.start, sprint.end)
            && end < start
        {
            return Err(ModelError::Invalid(format!(
                "the sprint ends ({end}) before it starts ({start})"
            )));
        }
        let next_keys = self.next_keys.clone();
        sprint.key = self.allocate_key(Kind::Sprint);
        sprint.state = SprintState::Planned;
        self.insert_new(self.sprints.len(), Item::Sprint(sprint), next_keys)
    }

    /// Records a stakeholder request.
    pub fn add_request(
        &mut self,
        text: &str,
        from: &str,
        now: DateTime<Utc>,
    ) -> Result<Change, ModelError> {
        // Check before allocating: a refused request must not use up a key.
        let text = non_empty(text, "a request's text")?;
        let next_keys = self.next_keys.clone();
        let request = Request {
            key: self.allocate_key(Kind::Request),
            text,
            from: from.trim().to_string(),
            received: now,
            state: RequestState::New,
            story: None,
            reason: String::new(),
            decided: None,
            extra: serde_json::Map::new(),
        };
        self.insert_new(self.requests.len(), Item::Request(request), next_keys)
    }

    /// Applies the insertion of an element whose key was just allocated. If
    /// the key is taken (a counter behind the keys of a hand-edited file),
    /// the key is given back: a refused operation changes nothing.
    fn insert_new(
        &mut self,
        index: usize,
        item: Item,
        next_keys: NextKeys,
    ) -> Result<Change, ModelError> {
        let key = item.key().to_string();
        let change = Change::Insert { index, item };
        if let Err(e) = self.apply(&change) {
            self.next_keys = next_keys;
            return Err(match e {
                ModelError::Stale(_) => ModelError::Invalid(format!(
                    "{key} is already in use: next_keys is behind the keys in the file"
                )),
                other => other,
            });
        }
        Ok(change)
    }
}

fn non_empty(text: &str, what: &str) -> Result<String, ModelError> {
    let text = text.trim();
    if text.is_empty() {
        Err(ModelError::Invalid(format!("{what} cannot be empty")))
    } else {
        Ok(text.to_string())
    }
}
