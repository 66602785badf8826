//! Keys during a merge: counters above every key in use, and fresh keys
//! for theirs' new elements that clash with a different new one of ours.

use std::collections::{HashMap, HashSet};

use super::{Keyed, Note};
use crate::model::{Backlog, Entity, Kind, NextKeys};

/// Each counter above every key of its kind on any side and above every
/// side's counter, so a fresh key meets nothing in use.
pub(super) fn highest_counters(sides: &[&Backlog]) -> NextKeys {
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
pub(super) fn renumber_clashes(
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
