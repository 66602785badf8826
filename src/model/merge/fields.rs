//! Merging one entity field by field, as JSON: what neither side changed
//! stays, what one side changed is taken, what both changed the same way is
//! fine, and what both changed differently is a conflict that keeps ours.
//! Working on JSON maps means a field added to the model later (or unknown
//! to this po) merges without code here.

use std::collections::HashMap;

use chrono::DateTime;
use serde_json::{Map, Value};

use crate::model::Entity;

/// A field both sides changed differently, by its path (`title`, `rice.reach`).
pub struct Clash {
    pub field: String,
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
}

/// How a field merges when both sides changed it differently.
enum Rule {
    /// A true conflict, unless both values are objects (merged field by field).
    Plain,
    /// The later time wins: `updated` says when the story last changed.
    Latest,
    /// The earlier time wins: both sides finished the story; it was done first then.
    Earliest,
    /// A list merged item by item; items are the same item when their
    /// `identity` field is equal (the whole item when `None`).
    List { identity: Option<&'static str> },
    /// A list of dated entries, merged and then kept in order of `at`.
    History,
}

fn rule(entity: Entity, path: &str) -> Rule {
    match (entity, path) {
        (Entity::Story, "updated") => Rule::Latest,
        (Entity::Story, "done_at") => Rule::Earliest,
        (Entity::Story, "acceptance") => Rule::List {
            identity: Some("text"),
        },
        (Entity::Story, "labels" | "depends_on") | (Entity::Sprint, "goal_stories") => {
            Rule::List { identity: None }
        }
        (Entity::Story, "status_history") => Rule::History,
        _ => Rule::Plain,
    }
}

/// Merges the fields of one entity. Fields keep ours' order; fields only
/// theirs has come after them.
pub fn merge_object(
    entity: Entity,
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    clashes: &mut Vec<Clash>,
) -> Map<String, Value> {
    merge_map(entity, "", base, ours, theirs, clashes)
}

fn merge_map(
    entity: Entity,
    prefix: &str,
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    clashes: &mut Vec<Clash>,
) -> Map<String, Value> {
    let mut merged = Map::new();
    let field = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    let base_of = |name: &str| base.and_then(|b| b.get(name));
    for (name, o) in ours {
        let path = field(name);
        if let Some(v) = merge_value(
            entity,
            &path,
            base_of(name),
            Some(o),
            theirs.get(name),
            clashes,
        ) {
            merged.insert(name.clone(), v);
        }
    }
    for (name, t) in theirs {
        if ours.contains_key(name) {
            continue;
        }
        let path = field(name);
        if let Some(v) = merge_value(entity, &path, base_of(name), None, Some(t), clashes) {
            merged.insert(name.clone(), v);
        }
    }
    merged
}

/// One field's merged value; `None` when the merge removes it.
fn merge_value(
    entity: Entity,
    path: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    clashes: &mut Vec<Clash>,
) -> Option<Value> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    let clash = |clashes: &mut Vec<Clash>| {
        clashes.push(Clash {
            field: path.to_string(),
            base: base.cloned().unwrap_or(Value::Null),
            ours: ours.cloned().unwrap_or(Value::Null),
            theirs: theirs.cloned().unwrap_or(Value::Null),
        });
        ours.cloned()
    };
    match rule(entity, path) {
        Rule::Latest | Rule::Earliest => {
            let time = |v: Option<&Value>| {
                v.and_then(Value::as_str)
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            };
            match (time(ours), time(theirs)) {
                (Some(o), Some(t)) => {
                    let later = t > o;
                    let take_theirs = matches!(rule(entity, path), Rule::Latest) == later;
                    if take_theirs {
                        theirs.cloned()
                    } else {
                        ours.cloned()
                    }
                }
                // One side has no time (not done there): keep the one there is.
                (Some(_), None) => ours.cloned(),
                (None, Some(_)) => theirs.cloned(),
                (None, None) => clash(clashes),
            }
        }
        Rule::List { .. } | Rule::History
            if list_or_empty(base).is_some()
                && list_or_empty(ours).is_some()
                && list_or_empty(theirs).is_some() =>
        {
            let identity = match rule(entity, path) {
                Rule::List { identity } => identity,
                _ => None,
            };
            let (mut list, clashed) = merge_list(
                list_or_empty(base).unwrap_or(&EMPTY),
                list_or_empty(ours).unwrap_or(&EMPTY),
                list_or_empty(theirs).unwrap_or(&EMPTY),
                identity,
            );
            if matches!(rule(entity, path), Rule::History) {
                list.sort_by_key(at);
            }
            if clashed {
                clash(clashes);
            }
            Some(Value::Array(list))
        }
        _ => match (base, ours, theirs) {
            (None | Some(Value::Object(_)), Some(Value::Object(o)), Some(Value::Object(t))) => {
                let b = base.and_then(Value::as_object);
                Some(Value::Object(merge_map(entity, path, b, o, t, clashes)))
            }
            _ => clash(clashes),
        },
    }
}

/// The items of a list field; a missing or `null` field is an empty list.
static EMPTY: Vec<Value> = Vec::new();

fn list_or_empty(value: Option<&Value>) -> Option<&Vec<Value>> {
    match value {
        None | Some(Value::Null) => Some(&EMPTY),
        Some(Value::Array(items)) => Some(items),
        Some(_) => None,
    }
}

fn at(entry: &Value) -> Option<DateTime<chrono::FixedOffset>> {
    entry
        .get("at")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
}

/// Three-way merge of a list: ours' items in ours' order, without those
/// theirs removed (unless ours edited them), with theirs' edits to items
/// ours left alone, and theirs' new items after the item they follow on
/// theirs. Returns the list and whether an item was edited differently on
/// both sides (ours' edit is kept).
pub fn merge_list(
    base: &[Value],
    ours: &[Value],
    theirs: &[Value],
    identity: Option<&str>,
) -> (Vec<Value>, bool) {
    let id = |v: &Value| -> String {
        let key = match identity {
            Some(field) => v.get(field).unwrap_or(v),
            None => v,
        };
        key.to_string()
    };
    let base_by: HashMap<String, &Value> = base.iter().map(|v| (id(v), v)).collect();
    let theirs_by: HashMap<String, &Value> = theirs.iter().map(|v| (id(v), v)).collect();
    let ours_ids: Vec<String> = ours.iter().map(&id).collect();
    let mut clashed = false;
    let mut merged: Vec<(String, Value)> = Vec::with_capacity(ours.len() + theirs.len());
    for (item, key) in ours.iter().zip(&ours_ids) {
        let b = base_by.get(key).copied();
        match theirs_by.get(key).copied() {
            // Theirs removed it: gone, unless ours changed it meanwhile.
            None if b.is_some() => {
                if b != Some(item) {
                    merged.push((key.clone(), item.clone()));
                }
            }
            Some(t) if t != item && b == Some(item) => merged.push((key.clone(), t.clone())),
            Some(t) if t != item && b != Some(t) => {
                clashed = true;
                merged.push((key.clone(), item.clone()));
            }
            _ => merged.push((key.clone(), item.clone())),
        }
    }
    let mut after: Option<String> = None;
    for item in theirs {
        let key = id(item);
        if !ours_ids.contains(&key) {
            let b = base_by.get(&key).copied();
            // Ours removed an item theirs left alone: it stays removed.
            let wanted = b.is_none() || b != Some(item);
            if wanted && !merged.iter().any(|(k, _)| *k == key) {
                let at = match &after {
                    Some(prev) => merged
                        .iter()
                        .position(|(k, _)| k == prev)
                        .map_or(merged.len(), |i| i + 1),
                    None => 0,
                };
                merged.insert(at, (key.clone(), item.clone()));
            }
        }
        if merged.iter().any(|(k, _)| *k == key) {
            after = Some(key);
        }
    }
    (merged.into_iter().map(|(_, v)| v).collect(), clashed)
}
