//! Resolving a conflict a merge recorded: the field gets the chosen value,
//! checked as the file's reader checks it, and the conflict leaves the list.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::{Backlog, Conflict, Entity, ModelError};

impl Backlog {
    /// Sets the field of conflict `key`/`field` to `value` and removes the
    /// conflict; returns it. Refused, with nothing changed, when there is no
    /// such conflict, the value does not fit the field, or it would make the
    /// backlog inconsistent (an epic that does not exist, an empty title).
    pub fn resolve_conflict(
        &mut self,
        key: &str,
        field: &str,
        value: Value,
        now: DateTime<Utc>,
    ) -> Result<Conflict, ModelError> {
        let Some(index) = self
            .conflicts
            .iter()
            .position(|c| c.key == key && c.field == field)
        else {
            let open: Vec<&str> = self
                .conflicts
                .iter()
                .filter(|c| c.key == key)
                .map(|c| c.field.as_str())
                .collect();
            return Err(ModelError::Invalid(if open.is_empty() {
                format!("{key} has no conflict on {field}")
            } else {
                format!(
                    "{key} has no conflict on {field}; its conflicts are on {}",
                    open.join(", ")
                )
            }));
        };
        let entity = self.conflicts[index].entity;
        let mut after = self.clone();
        let at = |what: &str| ModelError::Invalid(format!("{what} {key} no longer exists"));
        let invalid = |e: String| ModelError::Invalid(format!("{key} {field}: {e}"));
        match entity {
            Entity::Story => {
                let i = after.story_index(key).ok_or_else(|| at("story"))?;
                let story = Arc::make_mut(&mut after.stories[i]);
                set_field(story, field, value).map_err(invalid)?;
                // As an edit of the status does: done_at follows it.
                if field == "status" {
                    let done = story.status == crate::model::Status::Done;
                    story.done_at = match story.done_at {
                        _ if !done => None,
                        Some(at) => Some(at),
                        None => Some(now),
                    };
                }
                if field != "updated" {
                    story.updated = story.updated.max(now);
                }
            }
            Entity::Epic => {
                let e = after.epics.iter_mut().find(|e| e.key == key);
                set_field(e.ok_or_else(|| at("epic"))?, field, value).map_err(invalid)?;
            }
            Entity::Sprint => {
                let s = after.sprints.iter_mut().find(|s| s.key == key);
                set_field(s.ok_or_else(|| at("sprint"))?, field, value).map_err(invalid)?;
            }
            Entity::Request => {
                let r = after.requests.iter_mut().find(|r| r.key == key);
                set_field(r.ok_or_else(|| at("request"))?, field, value).map_err(invalid)?;
            }
            Entity::Product => set_field(&mut after.product, field, value).map_err(invalid)?,
            Entity::Backlog => {
                let mut top = Value::Object(std::mem::take(&mut after.extra));
                set_path(&mut top, field, value).map_err(invalid)?;
                if let Value::Object(map) = top {
                    after.extra = map;
                }
            }
        }
        let resolved = after.conflicts.remove(index);
        // Whatever was wrong before stays the user's business; only what
        // this value would break is refused.
        let before: HashSet<String> = self.problems().iter().map(ToString::to_string).collect();
        if let Some(new) = after
            .problems()
            .into_iter()
            .find(|p| !before.contains(&p.to_string()))
        {
            return Err(ModelError::Invalid(format!("not resolved: {new}")));
        }
        *self = after;
        Ok(resolved)
    }
}

/// Sets a field (a dotted path such as `rice.reach`) of a typed value
/// through its JSON form, so that every field, known or not, can be set and
/// is checked by the same code that reads the file.
fn set_field<T: Serialize + DeserializeOwned>(
    item: &mut T,
    path: &str,
    value: Value,
) -> Result<(), String> {
    let mut json = serde_json::to_value(&*item).map_err(|e| e.to_string())?;
    let missing = value.is_null();
    set_path(&mut json, path, value)?;
    let parsed = serde_json::from_value(json.clone()).or_else(|e| {
        // `null` stands for a field that was missing on that side.
        if missing {
            remove_path(&mut json, path);
            serde_json::from_value(json).map_err(|_| e.to_string())
        } else {
            Err(e.to_string())
        }
    })?;
    *item = parsed;
    Ok(())
}

fn set_path(json: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let mut at = json;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = at else {
            return Err(format!("{path} is not a field"));
        };
        if parts.peek().is_none() {
            map.insert(part.to_string(), value);
            return Ok(());
        }
        at = map
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Err("no field named".to_string())
}

fn remove_path(json: &mut Value, path: &str) {
    let (parent, last) = match path.rsplit_once('.') {
        Some((p, l)) => (json.pointer_mut(&format!("/{}", p.replace('.', "/"))), l),
        None => (Some(json), path),
    };
    if let Some(Value::Object(map)) = parent {
        map.remove(last);
    }
}
