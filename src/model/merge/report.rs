//! What a merge did, in words: for the merge driver's report.

use std::fmt;

use crate::model::{Conflict, Entity};

/// Which side of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        })
    }
}

/// One thing a merge did that the user should know.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// Theirs added it.
    Added { entity: Entity, key: String },
    /// Theirs changed it and ours did not: theirs' version was taken.
    Taken { entity: Entity, key: String },
    /// Both changed it, in different fields (or the same way): merged.
    Combined { entity: Entity, key: String },
    /// One side deleted it and the other left it alone.
    Deleted {
        entity: Entity,
        key: String,
        by: Side,
    },
    /// Created on both sides under one key: theirs got a fresh key.
    Renumbered {
        entity: Entity,
        old: String,
        new: String,
    },
    /// Deleted on one side but changed on the other: kept, as changed.
    KeptEdited {
        entity: Entity,
        key: String,
        deleted_by: Side,
    },
    /// Moved to different places on both sides: ours' place was kept.
    MovedBoth { entity: Entity, key: String },
    /// A reference to something the merge deleted was dropped.
    DroppedReference {
        key: String,
        field: &'static str,
        target: String,
    },
    /// The same field changed differently on both sides: ours kept, recorded.
    Conflict(Box<Conflict>),
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Added { entity, key } => write!(f, "added {entity} {key} from theirs"),
            Note::Taken { entity, key } => write!(f, "took theirs' changes to {entity} {key}"),
            Note::Combined { entity, key } => {
                write!(f, "merged changes of both sides to {entity} {key}")
            }
            Note::Deleted { entity, key, by } => write!(f, "deleted {entity} {key} (as {by} did)"),
            Note::Renumbered { entity, old, new } => write!(
                f,
                "renumbered theirs' new {entity} {old} → {new} (both sides created {old}); references rewritten"
            ),
            Note::KeptEdited {
                entity,
                key,
                deleted_by,
            } => {
                let other = match deleted_by {
                    Side::Ours => Side::Theirs,
                    Side::Theirs => Side::Ours,
                };
                write!(
                    f,
                    "kept {entity} {key}: deleted on {deleted_by} but changed on {other}"
                )
            }
            Note::MovedBoth { entity, key } => write!(
                f,
                "kept ours' rank of {entity} {key}: both sides moved it to different places"
            ),
            Note::DroppedReference { key, field, target } => write!(
                f,
                "dropped {key}'s {field} {target}: the merge deleted {target}"
            ),
            Note::Conflict(c) => write!(
                f,
                "CONFLICT {} {} {}: base {}, ours {}, theirs {} (kept ours; `po resolve {} {} --theirs` takes theirs)",
                c.entity, c.key, c.field, c.base, c.ours, c.theirs, c.key, c.field
            ),
        }
    }
}

/// Everything a merge did, in the order it did it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub notes: Vec<Note>,
}

impl Report {
    /// The conflicts this merge recorded.
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.notes.iter().filter_map(|n| match n {
            Note::Conflict(c) => Some(&**c),
            _ => None,
        })
    }

    /// One line that counts what happened: "2 added, 1 renumbered, 1 conflict".
    pub fn summary(&self) -> String {
        let mut counts: Vec<(&str, usize)> = vec![
            ("added", 0),
            ("taken from theirs", 0),
            ("merged", 0),
            ("deleted", 0),
            ("renumbered", 0),
            ("kept though deleted", 0),
            ("moved on both sides", 0),
            ("references dropped", 0),
            ("conflicts", 0),
        ];
        for n in &self.notes {
            let i = match n {
                Note::Added { .. } => 0,
                Note::Taken { .. } => 1,
                Note::Combined { .. } => 2,
                Note::Deleted { .. } => 3,
                Note::Renumbered { .. } => 4,
                Note::KeptEdited { .. } => 5,
                Note::MovedBoth { .. } => 6,
                Note::DroppedReference { .. } => 7,
                Note::Conflict(_) => 8,
            };
            counts[i].1 += 1;
        }
        let said: Vec<String> = counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        if said.is_empty() {
            "nothing to merge from theirs".to_string()
        } else {
            said.join(", ")
        }
    }
}
