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
            self.info("all merge conflicts resolved");
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
    let gone = || ModelError::Invalid(format!("{key} no longer exists"));
    let update = |index: usize, before: Item, after: Item| Change::Update {
        index,
        before,
        after,
    };
    let field = match conflict.entity {
        Entity::Story => {
            let i = backlog.story_index(key).ok_or_else(gone)?;
            update(
                i,
                Item::Story(backlog.stories[i].clone()),
                Item::Story(after.stories[i].clone()),
            )
        }
        Entity::Epic => {
            let i = backlog
                .epics
                .iter()
                .position(|e| e.key == key)
                .ok_or_else(gone)?;
            update(
                i,
                Item::Epic(backlog.epics[i].clone()),
                Item::Epic(after.epics[i].clone()),
            )
        }
        Entity::Sprint => {
            let i = backlog
                .sprints
                .iter()
                .position(|s| s.key == key)
                .ok_or_else(gone)?;
            update(
                i,
                Item::Sprint(backlog.sprints[i].clone()),
                Item::Sprint(after.sprints[i].clone()),
            )
        }
        Entity::Request => {
            let i = backlog
                .requests
                .iter()
                .position(|r| r.key == key)
                .ok_or_else(gone)?;
            update(
                i,
                Item::Request(backlog.requests[i].clone()),
                Item::Request(after.requests[i].clone()),
            )
        }
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
    };
    Ok(Change::Batch(vec![
        Change::Conflicts {
            before: backlog.conflicts.clone(),
            after: after.conflicts.clone(),
        },
        field,
    ]))
}
