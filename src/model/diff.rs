//! What changed between two versions of a backlog, told by entity and field
//! rather than by line: `po diff` and the git diff driver print it.
//!
//! The comparison works on the entities as the file holds them (JSON
//! objects), so fields this build does not know, and fields added later,
//! are compared too instead of being silently skipped.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Backlog, SprintState};

/// What kind of thing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Product,
    Epic,
    Story,
    Sprint,
    Request,
    /// A top-level field of the file (`version`, the merge's `conflicts`, …).
    File,
}

/// What became of an acceptance criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionChange {
    Added,
    Removed,
    Ticked,
    Unticked,
}

/// One semantic change between two backlogs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Difference {
    /// A new entity; stories carry their rank (1 = top).
    Added {
        entity: Entity,
        key: String,
        title: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        rank: Option<usize>,
    },
    /// An entity that is gone; stories carry the rank they had.
    Removed {
        entity: Entity,
        key: String,
        title: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        rank: Option<usize>,
    },
    /// A story whose place relative to the others changed (not one that
    /// only shifted because another story was added, removed or moved).
    Moved {
        key: String,
        title: String,
        from: usize,
        to: usize,
    },
    /// One field of an entity; `null` stands for a field that is absent.
    Field {
        entity: Entity,
        key: String,
        field: String,
        old: Value,
        new: Value,
    },
    /// An acceptance criterion added, removed, ticked or unticked.
    Criterion {
        key: String,
        action: CriterionChange,
        text: String,
    },
    /// A sprint started, closed, reopened or set back to planned.
    SprintState {
        key: String,
        name: String,
        from: SprintState,
        to: SprintState,
    },
}

/// Fields that change with every edit and would drown the real change.
const NOISE: &[&str] = &["key", "updated"];

/// Top-level fields that are told entity by entity, or are bookkeeping.
const TOLD_APART: &[&str] = &[
    "format",
    "next_keys",
    "next_id",
    "product",
    "epics",
    "stories",
    "sprints",
    "requests",
];

/// Every change from `old` to `new`: the file's own fields, the product,
/// then epics, sprints, stories and requests.
pub fn diff(old: &Backlog, new: &Backlog) -> Result<Vec<Difference>, serde_json::Error> {
    let old = serde_json::to_value(old)?;
    let new = serde_json::to_value(new)?;
    let empty = Map::new();
    let (old, new) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let mut out = Vec::new();
    for field in union_of_fields(old, new) {
        if !TOLD_APART.contains(&field) {
            push_field(
                &mut out,
                Entity::File,
                "",
                field,
                old.get(field),
                new.get(field),
            );
        }
    }
    let object = |map: &Map<String, Value>, name: &str| -> Map<String, Value> {
        map.get(name)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    fields(
        &mut out,
        Entity::Product,
        "",
        &object(old, "product"),
        &object(new, "product"),
    );
    for (entity, list) in [
        (Entity::Epic, "epics"),
        (Entity::Sprint, "sprints"),
        (Entity::Story, "stories"),
        (Entity::Request, "requests"),
    ] {
        let items = |map: &'_ Map<String, Value>| -> Vec<Map<String, Value>> {
            map.get(list)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_object().cloned()).collect())
                .unwrap_or_default()
        };
        entities(&mut out, entity, &items(old), &items(new));
    }
    Ok(out)
}

/// The field that names an entity in a sentence.
fn title_field(entity: Entity) -> &'static str {
    match entity {
        Entity::Sprint => "name",
        Entity::Request => "text",
        _ => "title",
    }
}

fn text_of<'a>(map: &'a Map<String, Value>, field: &str) -> &'a str {
    map.get(field).and_then(Value::as_str).unwrap_or_default()
}

fn key_of(map: &Map<String, Value>) -> &str {
    text_of(map, "key")
}

/// Added, removed, moved (stories) and changed entities of one list.
fn entities(
    out: &mut Vec<Difference>,
    entity: Entity,
    old: &[Map<String, Value>],
    new: &[Map<String, Value>],
) {
    let title = title_field(entity);
    let ranked = entity == Entity::Story;
    let rank = |i: usize| ranked.then_some(i + 1);
    let old_at: HashMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(i, m)| (key_of(m), i))
        .collect();
    let new_at: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, m)| (key_of(m), i))
        .collect();
    for (i, gone) in old.iter().enumerate() {
        if !new_at.contains_key(key_of(gone)) {
            out.push(Difference::Removed {
                entity,
                key: key_of(gone).to_string(),
                title: text_of(gone, title).to_string(),
                rank: rank(i),
            });
        }
    }
    let moved = if ranked {
        moved_keys(old, &new_at)
    } else {
        Vec::new()
    };
    for (i, item) in new.iter().enumerate() {
        let key = key_of(item);
        let Some(&was) = old_at.get(key) else {
            out.push(Difference::Added {
                entity,
                key: key.to_string(),
                title: text_of(item, title).to_string(),
                rank: rank(i),
            });
            continue;
        };
        if moved.binary_search(&key).is_ok() {
            out.push(Difference::Moved {
                key: key.to_string(),
                title: text_of(item, title).to_string(),
                from: was + 1,
                to: i + 1,
            });
        }
        fields(out, entity, key, &old[was], item);
    }
}

/// The stories kept on both sides whose relative order changed: all but the
/// longest run that kept its order (a longest increasing subsequence of new
/// ranks, O(n log n)), so one story moved to the top is one move, not a
/// shift of every story it passed.
fn moved_keys<'a>(old: &'a [Map<String, Value>], new_at: &HashMap<&str, usize>) -> Vec<&'a str> {
    let kept: Vec<(&str, usize)> = old
        .iter()
        .filter_map(|m| new_at.get(key_of(m)).map(|&to| (key_of(m), to)))
        .collect();
    // tails[l] = index into `kept` of the smallest tail of an increasing run of length l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; kept.len()];
    for (i, &(_, to)) in kept.iter().enumerate() {
        let l = tails.partition_point(|&t| kept[t].1 < to);
        before[i] = l.checked_sub(1).map(|p| tails[p]);
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut in_order = vec![false; kept.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        in_order[i] = true;
        at = before[i];
    }
    let mut moved: Vec<&str> = kept
        .iter()
        .zip(in_order)
        .filter(|(_, stayed)| !stayed)
        .map(|((key, _), _)| *key)
        .collect();
    moved.sort_unstable();
    moved
}

/// Field names of both objects: `new`'s order first, then fields only `old` has.
fn union_of_fields<'a>(old: &'a Map<String, Value>, new: &'a Map<String, Value>) -> Vec<&'a str> {
    let mut names: Vec<&str> = new.keys().map(String::as_str).collect();
    names.extend(
        old.keys()
            .map(String::as_str)
            .filter(|k| !new.contains_key(*k)),
    );
    names
}

/// The changed fields of one entity.
fn fields(
    out: &mut Vec<Difference>,
    entity: Entity,
    key: &str,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) {
    for field in union_of_fields(old, new) {
        if NOISE.contains(&field) {
            continue;
        }
        let (was, now) = (old.get(field), new.get(field));
        if entity == Entity::Story && field == "acceptance" {
            criteria(out, key, was, now);
        } else if entity == Entity::Sprint && field == "state" && was != now {
            let state = |v: Option<&Value>| {
                v.cloned()
                    .and_then(|v| serde_json::from_value(v).ok())
                    .unwrap_or_default()
            };
            out.push(Difference::SprintState {
                key: key.to_string(),
                name: text_of(new, "name").to_string(),
                from: state(was),
                to: state(now),
            });
        } else {
            push_field(out, entity, key, field, was, now);
        }
    }
}

fn push_field(
    out: &mut Vec<Difference>,
    entity: Entity,
    key: &str,
    field: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) {
    let absent = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
    let (old, new) = (absent(old), absent(new));
    if old != new {
        out.push(Difference::Field {
            entity,
            key: key.to_string(),
            field: field.to_string(),
            old,
            new,
        });
    }
}

/// Criteria matched by their text: a criterion whose text changed reads as
/// one removed and one added, which is what happened to its wording.
fn criteria(out: &mut Vec<Difference>, key: &str, old: Option<&Value>, new: Option<&Value>) {
    let list = |v: Option<&Value>| -> Vec<(String, bool)> {
        v.and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|c| {
                        let text = c.get("text").and_then(Value::as_str).unwrap_or_default();
                        let done = c.get("done").and_then(Value::as_bool).unwrap_or(false);
                        (text.to_string(), done)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut unmatched: Vec<Option<(String, bool)>> = list(old).into_iter().map(Some).collect();
    let mut push = |action, text: &str| {
        out.push(Difference::Criterion {
            key: key.to_string(),
            action,
            text: text.to_string(),
        });
    };
    let mut added = Vec::new();
    for (text, done) in list(new) {
        let found = unmatched
            .iter_mut()
            .find(|c| c.as_ref().is_some_and(|(t, _)| *t == text));
        match found.and_then(Option::take) {
            Some((_, was)) if was != done => push(
                if done {
                    CriterionChange::Ticked
                } else {
                    CriterionChange::Unticked
                },
                &text,
            ),
            Some(_) => {}
            None => added.push(text),
        }
    }
    for (text, _) in unmatched.into_iter().flatten() {
        push(CriterionChange::Removed, &text);
    }
    for text in added {
        push(CriterionChange::Added, &text);
    }
}

/// A field's value in words, whole (callers shorten it to their room):
/// texts as they are, lists joined with commas, `none` for absent or
/// empty, `(empty)` for an empty text, anything else as compact JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s) if s.is_empty() => "(empty)".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "none".to_string(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
