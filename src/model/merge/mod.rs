//! The three-way merge of backlogs behind `po merge` (git's merge driver):
//! by key for stories, epics, sprints and requests, and by field within
//! them. See docs/team.md for the rules as a user reads them.

mod fields;
mod order;
mod report;
mod resolve;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Backlog, Conflict, Entity, Epic, Kind, NextKeys, Request, Sprint, Story};
pub use fields::merge_list;
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

/// Each counter above every key of its kind on any side and above every
/// side's counter, so a fresh key meets nothing in use.
fn highest_counters(sides: &[&Backlog]) -> NextKeys {
    let mut counters = NextKeys::default();
    for side in sides {
        for kind in Kind::ALL {
            let c = counters.get_mut(kind);
            *c = (*c).max(side.next_keys.get(kind));
        }
        for (kind, n) in side.all_keys().filter_map(Kind::of_key) {
            let c = counters.get_mut(kind);
            *c = (*c).max(n.saturating_add(1));
        }
    }
    counters
}

/// Gives theirs' new elements that share a key with a different new element
/// of ours a fresh key, rewriting every reference to them on theirs.
fn renumber_clashes(
    base: &Backlog,
    ours: &Backlog,
    theirs: &mut Backlog,
    counters: &mut NextKeys,
    notes: &mut Vec<Note>,
) {
    let mut clashes: Vec<(Kind, String)> = Vec::new();
    clashes.extend(clashing(&base.epics, &ours.epics, &theirs.epics));
    clashes.extend(clashing(&base.stories, &ours.stories, &theirs.stories));
    clashes.extend(clashing(&base.sprints, &ours.sprints, &theirs.sprints));
    clashes.extend(clashing(&base.requests, &ours.requests, &theirs.requests));
    for kind in Kind::ALL {
        let renames: Vec<(String, String)> = clashes
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, old)| {
                let counter = counters.get_mut(kind);
                let new = format!("{}-{counter}", kind.prefix());
                *counter = counter.saturating_add(1);
                (old.clone(), new)
            })
            .collect();
        if renames.is_empty() || theirs.rename_keys(kind, &renames).is_err() {
            continue;
        }
        for (old, new) in renames {
            notes.push(Note::Renumbered {
                entity: Entity::of(kind),
                old,
                new,
            });
        }
    }
}

/// The keys of theirs' elements created on both sides with different content.
fn clashing<T: Keyed>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<(Kind, String)> {
    let base_keys: HashSet<&str> = base.iter().map(Keyed::key).collect();
    let ours_by: HashMap<&str, &T> = ours.iter().map(|e| (e.key(), e)).collect();
    theirs
        .iter()
        .filter(|t| !base_keys.contains(t.key()))
        .filter(|t| ours_by.get(t.key()).is_some_and(|o| *o != *t))
        .map(|t| (T::KIND, t.key().to_string()))
        .collect()
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

impl Backlog {
    /// Removes references to stories, epics, sprints and requests that do not exist
    /// (a merge deleted them while the other side pointed at them).
    fn drop_dangling_references(&mut self) -> Vec<Note> {
        let stories: HashSet<String> = self.stories.iter().map(|s| s.key.clone()).collect();
        let epics: HashSet<String> = self.epics.iter().map(|e| e.key.clone()).collect();
        let sprints: HashSet<String> = self.sprints.iter().map(|s| s.key.clone()).collect();
        let requests: HashSet<String> = self.requests.iter().map(|r| r.key.clone()).collect();
        let mut notes = Vec::new();
        let mut dropped = |key: &str, field: &'static str, target: &str| {
            notes.push(Note::DroppedReference {
                key: key.to_string(),
                field,
                target: target.to_string(),
            });
        };
        for story in &mut self.stories {
            let dangling_epic = story.epic.as_ref().is_some_and(|e| !epics.contains(e));
            let dangling_sprint = story.sprint.as_ref().is_some_and(|s| !sprints.contains(s));
            let dangling_dep = story.depends_on.iter().any(|d| !stories.contains(d));
            let dangling_request = story
                .request
                .as_ref()
                .is_some_and(|r| !requests.contains(r));
            if !(dangling_epic || dangling_sprint || dangling_dep || dangling_request) {
                continue;
            }
            let story = Arc::make_mut(story);
            if dangling_epic && let Some(e) = story.epic.take() {
                dropped(&story.key, "epic", &e);
            }
            if dangling_sprint && let Some(s) = story.sprint.take() {
                dropped(&story.key, "sprint", &s);
            }
            if dangling_request && let Some(r) = story.request.take() {
                dropped(&story.key, "request", &r);
            }
            let key = story.key.clone();
            story.depends_on.retain(|d| {
                let keep = stories.contains(d);
                if !keep {
                    dropped(&key, "depends_on", d);
                }
                keep
            });
        }
        for sprint in &mut self.sprints {
            let key = sprint.key.clone();
            sprint.goal_stories.retain(|s| {
                let keep = stories.contains(s);
                if !keep {
                    dropped(&key, "goal_stories", s);
                }
                keep
            });
        }
        for request in &mut self.requests {
            if let Some(s) = &request.story
                && !stories.contains(s)
            {
                dropped(&request.key, "story", s);
                request.story = None;
            }
        }
        notes
    }
}

#[cfg(test)]
mod tests;
