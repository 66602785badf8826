//! The three-way merge of backlogs behind `po merge` (git's merge driver):
//! by key for stories, epics, sprints and requests, and by field within
//! them. See docs/team.md for the rules as a user reads them.

mod fields;
mod keys;
mod order;
mod references;
mod report;
mod resolve;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Backlog, Conflict, Entity, Epic, Kind, Request, Sprint, Story};
pub use fields::merge_list;
use keys::{highest_counters, renumber_clashes};
pub use report::{Note, Report, Side};

/// The merged backlog and what the merge did.
#[derive(Clone, Debug)]
pub struct Merged {
    pub backlog: Backlog,
    pub report: Report,
}

/// An element of one of the keyed lists.
trait Keyed: Clone + PartialEq + Serialize + DeserializeOwned {
    const KIND: Kind;
    fn key(&self) -> &str;
    /// Makes fields that follow one another agree after a field-by-field
    /// merge took them from different sides.
    fn settle(&mut self, _ours: &Self, _theirs: &Self) {}
}

impl Keyed for Arc<Story> {
    const KIND: Kind = Kind::Story;
    fn key(&self) -> &str {
        &self.key
    }
    /// `done_at` follows the merged status: a status conflict keeps ours,
    /// so theirs' finishing time must not come along without it.
    fn settle(&mut self, ours: &Self, theirs: &Self) {
        let done = self.status == crate::model::Status::Done;
        let wanted = match (done, self.done_at) {
            (false, _) => None,
            (true, Some(at)) => Some(at),
            (true, None) => ours.done_at.or(theirs.done_at),
        };
        if wanted != self.done_at {
            Arc::make_mut(self).done_at = wanted;
        }
    }
}

impl Keyed for Epic {
    const KIND: Kind = Kind::Epic;
    fn key(&self) -> &str {
        &self.key
    }
}

impl Keyed for Sprint {
    const KIND: Kind = Kind::Sprint;
    fn key(&self) -> &str {
        &self.key
    }
}

impl Keyed for Request {
    const KIND: Kind = Kind::Request;
    fn key(&self) -> &str {
        &self.key
    }
}

/// Merges `ours` and `theirs`, two descendants of `base`. All three must be
/// of this po's format version (the store migrates older ones on reading).
/// Never fails: what cannot be decided keeps ours and is recorded in the
/// result's `conflicts` (and in the report).
pub fn merge(base: &Backlog, ours: &Backlog, mut theirs: Backlog) -> Merged {
    let mut notes = Vec::new();
    let mut counters = highest_counters(&[base, ours, &theirs]);
    renumber_clashes(base, ours, &mut theirs, &mut counters, &mut notes);

    let mut conflicts = Vec::new();
    let epics = merge_keyed(
        &base.epics,
        &ours.epics,
        &theirs.epics,
        &mut notes,
        &mut conflicts,
    );
    let stories = merge_keyed(
        &base.stories,
        &ours.stories,
        &theirs.stories,
        &mut notes,
        &mut conflicts,
    );
    let sprints = merge_keyed(
        &base.sprints,
        &ours.sprints,
        &theirs.sprints,
        &mut notes,
        &mut conflicts,
    );
    let requests = merge_keyed(
        &base.requests,
        &ours.requests,
        &theirs.requests,
        &mut notes,
        &mut conflicts,
    );
    let product = merge_single(
        Entity::Product,
        "product",
        Some(&base.product),
        &ours.product,
        &theirs.product,
        &mut conflicts,
    )
    .unwrap_or_else(|| ours.product.clone());
    let mut top = Map::new();
    let mut clashes = Vec::new();
    if base.extra != ours.extra || base.extra != theirs.extra {
        top = fields::merge_object(
            Entity::Backlog,
            Some(&base.extra),
            &ours.extra,
            &theirs.extra,
            &mut clashes,
        );
    } else {
        top.clone_from(&ours.extra);
    }
    conflicts.extend(
        clashes
            .into_iter()
            .map(|c| conflict(Entity::Backlog, "backlog", c)),
    );

    let mut next_keys = ours.next_keys.clone();
    for kind in Kind::ALL {
        *next_keys.get_mut(kind) = counters.get(kind);
    }
    let mut merged = Backlog {
        format: ours.format.clone(),
        version: ours.version,
        product,
        next_keys,
        epics,
        stories,
        sprints,
        requests,
        conflicts: merge_conflict_lists(base, ours, &theirs),
        extra: top,
    };
    notes.extend(merged.drop_dangling_references());
    merged.repair_next_keys();
    for c in conflicts {
        merged
            .conflicts
            .retain(|old| (old.entity, &old.key, &old.field) != (c.entity, &c.key, &c.field));
        merged.conflicts.push(c.clone());
        notes.push(Note::Conflict(Box::new(c)));
    }
    Merged {
        backlog: merged,
        report: Report { notes },
    }
}

/// Merges one keyed list: which elements survive, how each merges, and in
/// what order.
fn merge_keyed<T: Keyed>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    notes: &mut Vec<Note>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<T> {
    if base == ours && base == theirs {
        return ours.to_vec();
    }
    let entity = Entity::of(T::KIND);
    fn index<T: Keyed>(list: &[T]) -> HashMap<&str, usize> {
        list.iter().enumerate().map(|(i, e)| (e.key(), i)).collect()
    }
    let (b_at, o_at, t_at) = (index(base), index(ours), index(theirs));
    let mut chosen: HashMap<&str, T> = HashMap::with_capacity(ours.len() + theirs.len());
    let note = |notes: &mut Vec<Note>, key: &str, make: fn(Entity, String) -> Note| {
        notes.push(make(entity, key.to_string()));
    };
    let mut seen: HashSet<&str> = HashSet::with_capacity(ours.len() + theirs.len());
    let keys = ours.iter().chain(theirs).chain(base).map(Keyed::key);
    for key in keys {
        if !seen.insert(key) {
            continue;
        }
        let b = b_at.get(key).map(|&i| &base[i]);
        let o = o_at.get(key).map(|&i| &ours[i]);
        let t = t_at.get(key).map(|&i| &theirs[i]);
        let kept = match (b, o, t) {
            (_, Some(o), Some(t)) if o == t => Some(o.clone()),
            (Some(b), Some(o), Some(t)) if o == b => {
                note(notes, key, |entity, key| Note::Taken { entity, key });
                Some(t.clone())
            }
            (Some(b), Some(o), Some(t)) if t == b => Some(o.clone()),
            (b, Some(o), Some(t)) => {
                let before = conflicts.len();
                let merged = merge_element(b, o, t, conflicts);
                if conflicts.len() == before {
                    note(notes, key, |entity, key| Note::Combined { entity, key });
                }
                Some(merged)
            }
            (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
                let deleted_by = if t.is_none() {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                if kept == b {
                    notes.push(Note::Deleted {
                        entity,
                        key: key.to_string(),
                        by: deleted_by,
                    });
                    None
                } else {
                    notes.push(Note::KeptEdited {
                        entity,
                        key: key.to_string(),
                        deleted_by,
                    });
                    Some(kept.clone())
                }
            }
            (None, Some(o), None) => Some(o.clone()),
            (None, None, Some(t)) => {
                note(notes, key, |entity, key| Note::Added { entity, key });
                Some(t.clone())
            }
            // Deleted on both sides.
            (_, None, None) => None,
        };
        if let Some(element) = kept {
            chosen.insert(key, element);
        }
    }
    fn keys_of<T: Keyed>(list: &[T]) -> Vec<&str> {
        list.iter().map(Keyed::key).collect()
    }
    let (order, both_moved) =
        order::merge_order(&keys_of(base), &keys_of(ours), &keys_of(theirs), &|k| {
            chosen.contains_key(k)
        });
    for key in both_moved {
        notes.push(Note::MovedBoth {
            entity,
            key: key.to_string(),
        });
    }
    order.into_iter().filter_map(|k| chosen.remove(k)).collect()
}

/// Merges one element both sides changed, field by field.
fn merge_element<T: Keyed>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    conflicts: &mut Vec<Conflict>,
) -> T {
    merge_single(
        Entity::of(T::KIND),
        ours.key(),
        base,
        ours,
        theirs,
        conflicts,
    )
    .map_or_else(
        || ours.clone(),
        |mut merged| {
            merged.settle(ours, theirs);
            merged
        },
    )
}

/// Merges one value field by field as JSON; `None` when the merged fields
/// do not make a valid value again (ours is then kept, with every differing
/// field recorded as a conflict).
fn merge_single<T: Clone + PartialEq + Serialize + DeserializeOwned>(
    entity: Entity,
    key: &str,
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    conflicts: &mut Vec<Conflict>,
) -> Option<T> {
    if base == Some(ours) {
        return Some(theirs.clone());
    }
    if base == Some(theirs) || ours == theirs {
        return Some(ours.clone());
    }
    let object = |v: &T| match serde_json::to_value(v) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    };
    let (o, t) = (object(ours)?, object(theirs)?);
    let b = base.and_then(object);
    let mut clashes = Vec::new();
    let merged = fields::merge_object(entity, b.as_ref(), &o, &t, &mut clashes);
    match serde_json::from_value(Value::Object(merged)) {
        Ok(value) => {
            conflicts.extend(clashes.into_iter().map(|c| conflict(entity, key, c)));
            Some(value)
        }
        Err(_) => {
            for (field, ov) in &o {
                let tv = t.get(field).cloned().unwrap_or(Value::Null);
                if *ov != tv {
                    let bv = b.as_ref().and_then(|b| b.get(field)).cloned();
                    conflicts.push(Conflict {
                        entity,
                        key: key.to_string(),
                        field: field.clone(),
                        base: bv.unwrap_or(Value::Null),
                        ours: ov.clone(),
                        theirs: tv,
                        extra: Map::new(),
                    });
                }
            }
            Some(ours.clone())
        }
    }
}

fn conflict(entity: Entity, key: &str, c: fields::Clash) -> Conflict {
    Conflict {
        entity,
        key: key.to_string(),
        field: c.field,
        base: c.base,
        ours: c.ours,
        theirs: c.theirs,
        extra: Map::new(),
    }
}

/// The conflicts already in the files (from an earlier merge): both sides'
/// open ones, less those either side resolved since base.
fn merge_conflict_lists(base: &Backlog, ours: &Backlog, theirs: &Backlog) -> Vec<Conflict> {
    let values = |list: &[Conflict]| -> Vec<Value> {
        list.iter()
            .filter_map(|c| serde_json::to_value(c).ok())
            .map(|mut v| {
                // Identified by what they are about, not by their values.
                if let Some(map) = v.as_object_mut() {
                    let id = format!(
                        "{}\u{0}{}\u{0}{}",
                        map.get("entity").map(Value::to_string).unwrap_or_default(),
                        map.get("key").map(Value::to_string).unwrap_or_default(),
                        map.get("field").map(Value::to_string).unwrap_or_default()
                    );
                    map.insert("\u{0}id".to_string(), Value::String(id));
                }
                v
            })
            .collect()
    };
    let (merged, _) = merge_list(
        &values(&base.conflicts),
        &values(&ours.conflicts),
        &values(&theirs.conflicts),
        Some("\u{0}id"),
    );
    merged
        .into_iter()
        .filter_map(|mut v| {
            v.as_object_mut()?.remove("\u{0}id");
            serde_json::from_value(v).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests;
