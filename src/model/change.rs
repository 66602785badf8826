//! Changes to a backlog as data: every mutation returns one, and applying its
//! inverse undoes it exactly. Undo/redo and tests are built on this.

use std::sync::Arc;

use super::lookup::{Overlay, StoryLookup};
use super::{Backlog, Conflict, Epic, ModelError, Product, Reordering, Request, Sprint, Story};

/// One element of one of the backlog's lists.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Story(Arc<Story>),
    Epic(Epic),
    Sprint(Sprint),
    Request(Request),
}

impl Item {
    /// The element's key, e.g. `S-12`.
    pub fn key(&self) -> &str {
        match self {
            Item::Story(s) => &s.key,
            Item::Epic(e) => &e.key,
            Item::Sprint(s) => &s.key,
            Item::Request(r) => &r.key,
        }
    }
}

/// A reversible change to a backlog.
// One change per user action is kept, so the size of the larger variants does
// not matter; boxing them would only add noise at every construction.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// `item` was inserted at `index` of its list.
    Insert { index: usize, item: Item },
    /// `item` was removed from `index` of its list.
    Remove { index: usize, item: Item },
    /// The element at `index` was replaced.
    Update {
        index: usize,
        before: Item,
        after: Item,
    },
    /// A story moved from rank `from` to rank `to` (0-based).
    MoveStory { key: String, from: usize, to: usize },
    /// The product name or vision changed.
    Product {
        before: Box<Product>,
        after: Box<Product>,
    },
    /// The merge's list of unresolved conflicts changed (one was resolved).
    Conflicts {
        before: Vec<Conflict>,
        after: Vec<Conflict>,
    },
    /// Several changes that belong to one user action, applied in order.
    Batch(Vec<Change>),
    /// A new order of the same stories (applying the score order), kept as
    /// the moves it makes; `back` applies them in reverse (its undo). The
    /// moves are shared, so the inverse costs nothing and restores the old
    /// order exactly without a sort.
    Reorder { moves: Arc<Reordering>, back: bool },
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self {
            Change::Insert { index, item } => Change::Remove {
                index: *index,
                item: item.clone(),
            },
            Change::Remove { index, item } => Change::Insert {
                index: *index,
                item: item.clone(),
            },
            Change::Update {
                index,
                before,
                after,
            } => Change::Update {
                index: *index,
                before: after.clone(),
                after: before.clone(),
            },
            Change::MoveStory { key, from, to } => Change::MoveStory {
                key: key.clone(),
                from: *to,
                to: *from,
            },
            Change::Product { before, after } => Change::Product {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Conflicts { before, after } => Change::Conflicts {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Batch(changes) => {
                Change::Batch(changes.iter().rev().map(Change::inverse).collect())
            }
            Change::Reorder { moves, back } => Change::Reorder {
                moves: Arc::clone(moves),
                back: !back,
            },
        }
    }

    /// Where the story the change is about now stands, if it still exists.
    pub fn story_position(&self) -> Option<usize> {
        match self {
            Change::Insert {
                index,
                item: Item::Story(_),
            }
            | Change::Update {
                index,
                after: Item::Story(_),
                ..
            } => Some(*index),
            Change::MoveStory { to, .. } => Some(*to),
            // A batch that deletes a story leaves nothing to point at; otherwise
            // its first story change says where to look.
            Change::Batch(changes) => {
                let deletes = changes.iter().any(|c| {
                    matches!(
                        c,
                        Change::Remove {
                            item: Item::Story(_),
                            ..
                        }
                    )
                });
                if deletes {
                    None
                } else {
                    changes.iter().find_map(Change::story_position)
                }
            }
            _ => None,
        }
    }

    /// The story key the change is about, if it is about one (for the cursor after undo).
    pub fn story_key(&self) -> Option<&str> {
        match self {
            Change::Insert {
                item: Item::Story(s),
                ..
            }
            | Change::Remove {
                item: Item::Story(s),
                ..
            }
            | Change::Update {
                after: Item::Story(s),
                ..
            } => Some(&s.key),
            Change::MoveStory { key, .. } => Some(key),
            Change::Batch(changes) => changes.iter().find_map(Change::story_key),
            _ => None,
        }
    }
}

impl Backlog {
    /// Applies a change, checking that it fits the backlog as it is now.
    ///
    /// A change that does not fit (an index out of range, an item that is not
    /// where the change says or was edited since, a key that already exists)
    /// is refused and leaves the backlog untouched.
    pub fn apply(&mut self, change: &Change) -> Result<(), ModelError> {
        self.apply_in(change, None)
    }

    /// [`Backlog::apply`], with whether an inserted story's key is taken
    /// answered by `index` (which describes the backlog before the change)
    /// instead of a pass over every story.
    pub fn apply_indexed<'a>(
        &mut self,
        change: &'a Change,
        index: &'a dyn StoryLookup,
    ) -> Result<(), ModelError> {
        self.apply_in(change, Some(&mut Overlay::on(index)))
    }

    fn apply_in<'a>(
        &mut self,
        change: &'a Change,
        mut keys: Option<&mut Overlay<'a>>,
    ) -> Result<(), ModelError> {
        if let Change::Batch(changes) = change {
            // Later parts may depend on earlier ones: apply in order, and roll
            // back what was applied if a part does not fit.
            for (done, part) in changes.iter().enumerate() {
                if let Err(e) = self.apply_in(part, keys.as_deref_mut()) {
                    for applied in changes[..done].iter().rev() {
                        self.apply_unchecked(&applied.inverse());
                    }
                    return Err(e);
                }
            }
            return Ok(());
        }
        self.check_fits(change, keys.as_deref())?;
        self.apply_unchecked(change);
        if let Some(keys) = keys {
            keys.follow(change);
        }
        Ok(())
    }

    /// A change fits when the backlog is exactly as the change saw it: what
    /// it removes or replaces is there, unchanged, and what it inserts is not.
    /// Comparing whole items (not only keys) makes a stale undo fail instead
    /// of silently dropping a later edit of the same item.
    fn check_fits(&self, change: &Change, keys: Option<&Overlay>) -> Result<(), ModelError> {
        let fits = match change {
            Change::Insert { index, item } => {
                *index <= self.len_of(item) && !self.has_key(item, keys)
            }
            Change::Remove { index, item } => self.holds(*index, item),
            Change::Update {
                index,
                before,
                after,
            } => {
                std::mem::discriminant(before) == std::mem::discriminant(after)
                    && before.key() == after.key()
                    && self.holds(*index, before)
            }
            Change::MoveStory { key, from, to } => {
                *to < self.stories.len()
                    && self.stories.get(*from).map(|s| s.key.as_str()) == Some(key)
            }
            Change::Product { before, .. } => **before == self.product,
            Change::Conflicts { before, .. } => *before == self.conflicts,
            Change::Batch(_) => true,
            Change::Reorder { moves, back } => moves.fits(&self.stories, *back),
        };
        if fits {
            Ok(())
        } else {
            Err(ModelError::Stale(change.describe()))
        }
    }

    fn len_of(&self, item: &Item) -> usize {
        match item {
            Item::Story(_) => self.stories.len(),
            Item::Epic(_) => self.epics.len(),
            Item::Sprint(_) => self.sprints.len(),
            Item::Request(_) => self.requests.len(),
        }
    }

    /// Whether the item's list already has an element with its key.
    fn has_key(&self, item: &Item, keys: Option<&Overlay>) -> bool {
        let key = item.key();
        match item {
            Item::Story(_) => match keys {
                Some(keys) => self.has_story_in(keys, key),
                None => self.stories.iter().any(|s| s.key == key),
            },
            Item::Epic(_) => self.epics.iter().any(|e| e.key == key),
            Item::Sprint(_) => self.sprints.iter().any(|s| s.key == key),
            Item::Request(_) => self.requests.iter().any(|r| r.key == key),
        }
    }

    /// Whether exactly this item is at `index` of its list.
    fn holds(&self, index: usize, item: &Item) -> bool {
        match item {
            Item::Story(s) => self
                .stories
                .get(index)
                .is_some_and(|here| Arc::ptr_eq(here, s) || **here == **s),
            Item::Epic(e) => self.epics.get(index) == Some(e),
            Item::Sprint(s) => self.sprints.get(index) == Some(s),
            Item::Request(r) => self.requests.get(index) == Some(r),
        }
    }

    /// Applies a change known to fit (see `check_fits`).
    pub(super) fn apply_unchecked(&mut self, change: &Change) {
        match change {
            Change::Insert { index, item } => match item.clone() {
                Item::Story(s) => self.stories.insert(*index, s),
                Item::Epic(e) => self.epics.insert(*index, e),
                Item::Sprint(s) => self.sprints.insert(*index, s),
                Item::Request(r) => self.requests.insert(*index, r),
            },
            Change::Remove { index, item } => match item {
                Item::Story(_) => drop(self.stories.remove(*index)),
                Item::Epic(_) => drop(self.epics.remove(*index)),
                Item::Sprint(_) => drop(self.sprints.remove(*index)),
                Item::Request(_) => drop(self.requests.remove(*index)),
            },
            Change::Update { index, after, .. } => match after.clone() {
                Item::Story(s) => self.stories[*index] = s,
                Item::Epic(e) => self.epics[*index] = e,
                Item::Sprint(s) => self.sprints[*index] = s,
                Item::Request(r) => self.requests[*index] = r,
            },
            // Only the stories between the two ranks shift: a remove and
            // an insert would shift every later story (1 ms at a million).
            Change::MoveStory { from, to, .. } if from < to => {
                self.stories[*from..=*to].rotate_left(1);
            }
            Change::MoveStory { from, to, .. } => self.stories[*to..=*from].rotate_right(1),
            Change::Product { after, .. } => self.product = (**after).clone(),
            Change::Conflicts { after, .. } => self.conflicts.clone_from(after),
            Change::Reorder { moves, back } => moves.apply_to(&mut self.stories, *back),
            Change::Batch(changes) => {
                for c in changes {
                    self.apply_unchecked(c);
                }
            }
        }
    }
}
