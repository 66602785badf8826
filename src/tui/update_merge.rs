//! The merge-conflicts popup: the fields both sides of a git merge changed
//! differently (the backlog's `conflicts`, left by `po merge`), resolved one
//! at a time by keeping ours or taking theirs. Each pick is one change, so
//! `u` undoes it like any edit and the conflict comes back.

use serde_json::Value;

use crate::model::{self, Backlog, Change, Conflict, Entity, Item, ModelError};

use super::action::Action;
use super::app::{App, Effect};
use super::popup::Popup;

impl App {
    /// `M`: the conflicts popup, or a word that there is nothing to resolve.
    pub(super) fn open_merge_conflicts(&mut self) {
        if self.backlog.conflicts.is_empty() {
            self.info("no merge conflicts: nothing to resolve");
        } else {
            self.popup = Some(Popup::Merge { cursor: 0 });
        }
    }

    /// An action inside the conflicts popup; it stays open while conflicts remain.
    pub(super) fn update_merge(&mut self, cursor: usize, action: Action) -> Effect {
        let cursor = match action {
            Action::CursorDown => cursor + 1,
            Action::CursorUp => cursor.saturating_sub(1),
            Action::PickOurs => self.pick(cursor, false),
            Action::PickTheirs => self.pick(cursor, true),
            Action::Undo => {
                self.undo();
                cursor
            }
            Action::Cancel => return Effect::None,
            _ => cursor,
        };
        let left = self.backlog.conflicts.len();
        if left > 0 {
            self.popup = Some(Popup::Merge {
                cursor: cursor.min(left - 1),
            });
        } else if self.message.as_ref().is_none_or(|m| !m.error) {
            // git still marks the file unmerged until it is added.
            self.info("all merge conflicts resolved: git add the backlog file and commit to finish the merge");
        }
        Effect::None
    }

    /// Resolves the conflict at `at` with our or their value; returns where
    /// the cursor goes (the same row, which now holds the next conflict).
    fn pick(&mut self, at: usize, theirs: bool) -> usize {
        if !self.writable() {
            return at;
        }
        let Some(conflict) = self.backlog.conflicts.get(at).cloned() else {
            return at;
        };
        let value = if theirs {
            conflict.theirs.clone()
        } else {
            conflict.ours.clone()
        };
        let result = resolve(&mut self.backlog, &conflict, value);
        if self.commit(result) {
            let side = if theirs { "took theirs" } else { "kept ours" };
            self.info(format!("{} {}: {side}", conflict.key, conflict.field));
        }
        at
    }
}

/// Gives the conflict's field `value` and takes the conflict off the list,
/// checked by the model's `resolve_conflict` (the code `po resolve` uses);
/// returns it as one undoable change.
fn resolve(
    backlog: &mut Backlog,
    conflict: &Conflict,
    value: Value,
) -> Result<Option<Change>, ModelError> {
    let change = resolution(backlog, conflict, value)?;
    backlog.apply(&change)?;
    Ok(Some(change))
}

/// The change [`resolve`] makes, worked out on a copy.
fn resolution(backlog: &Backlog, conflict: &Conflict, value: Value) -> Result<Change, ModelError> {
    let key = conflict.key.as_str();
    let mut after = backlog.clone();
    after.resolve_conflict(key, &conflict.field, value, model::now())?;
    let field = match conflict.entity {
        Entity::Product => Change::Product {
            before: Box::new(backlog.product.clone()),
            after: Box::new(after.product.clone()),
        },
        // A field of the file itself, which no undoable change covers.
        Entity::Backlog => {
            return Err(ModelError::Invalid(format!(
                "the file's own field {} is resolved from the command line: \
                 po resolve {key} {} --ours (or --theirs)",
                conflict.field, conflict.field
            )));
        }
        entity => {
            let gone = || ModelError::Invalid(format!("{key} no longer exists"));
            let (index, before) = element(backlog, entity, key).ok_or_else(gone)?;
            let (_, after) = element(&after, entity, key).ok_or_else(gone)?;
            Change::Update {
                index,
                before,
                after,
            }
        }
    };
    Ok(Change::Batch(vec![
        Change::Conflicts {
            before: backlog.conflicts.clone(),
            after: after.conflicts.clone(),
        },
        field,
    ]))
}

/// The element of a list-held kind (story, epic, sprint, request) with
/// `key`: where it sits in its list, and its value as the undo log holds it.
fn element(backlog: &Backlog, entity: Entity, key: &str) -> Option<(usize, Item)> {
    match entity {
        Entity::Story => backlog
            .story_index(key)
            .map(|i| (i, Item::Story(backlog.stories[i].clone()))),
        Entity::Epic => (backlog.epics.iter().position(|e| e.key == key))
            .map(|i| (i, Item::Epic(backlog.epics[i].clone()))),
        Entity::Sprint => (backlog.sprints.iter().position(|s| s.key == key))
            .map(|i| (i, Item::Sprint(backlog.sprints[i].clone()))),
        Entity::Request => (backlog.requests.iter().position(|r| r.key == key))
            .map(|i| (i, Item::Request(backlog.requests[i].clone()))),
        Entity::Product | Entity::Backlog => None,
    }
}
