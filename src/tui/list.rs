//! The backlog list as the user sees it: the filtered rows, the cursor and
//! the scroll window. Rows are story indices, so nothing is copied per row.
//!
//! The backlog's own list leaves out the done stories of closed sprints
//! unless asked (`set_show_done`): they are history, not the work ahead, and
//! the rank shown counts only the rows left.

use std::collections::HashSet;

use crate::model::{Backlog, Change, Item, Story, StoryFilter, is_history};

/// Rows of the backlog view.
#[derive(Debug, Default)]
pub struct StoryList {
    filter: StoryFilter,
    /// Story indices passing the filter, ascending; `None` when unfiltered,
    /// so a 100,000-story backlog costs nothing to show.
    rows: Option<Vec<usize>>,
    /// Selected row.
    pub cursor: usize,
    /// First row shown.
    pub offset: usize,
    /// Whether done stories of closed sprints are left out.
    hide_done: bool,
    /// Keys of the closed sprints.
    closed: HashSet<String>,
    /// Indices of the done stories of closed sprints, ascending, kept shown
    /// or not so that `H` costs no pass over the stories: their count is
    /// shown, and the rank of a row is its index less those above it.
    hidden: Vec<usize>,
}

impl StoryList {
    /// The backlog's list: done stories of closed sprints left out.
    pub fn hiding_closed_done(backlog: &Backlog) -> Self {
        let mut list = StoryList {
            hide_done: true,
            ..StoryList::default()
        };
        list.refresh(backlog, None);
        list
    }

    /// Whether done stories of closed sprints are left out.
    pub fn hides_done(&self) -> bool {
        self.hide_done
    }

    /// How many done stories of closed sprints are left out.
    pub fn hidden_done(&self) -> usize {
        if self.hide_done { self.hidden.len() } else { 0 }
    }

    /// Shows or leaves out the done stories of closed sprints, keeping the
    /// cursor on the same story when it stays shown.
    pub fn set_hide_done(&mut self, backlog: &Backlog, hide: bool) {
        if hide == self.hide_done {
            return;
        }
        let selected = self.story_index(backlog);
        self.hide_done = hide;
        // Merged from the rows and the hidden indices, without a pass over
        // the stories: it stays a keystroke at 100,000 stories.
        let hidden = &self.hidden;
        self.rows = match (self.rows.take(), hide) {
            // Nothing to leave out: the rows stay as the filter made them.
            (rows, true) if hidden.is_empty() => rows,
            (None, true) => Some(without(0..backlog.stories.len(), hidden)),
            (Some(rows), true) => Some(without(rows.into_iter(), hidden)),
            (None, false) => None,
            (Some(rows), false) if self.filter.is_empty() => {
                drop(rows);
                None
            }
            (Some(rows), false) => {
                let back = hidden
                    .iter()
                    .copied()
                    .filter(|&i| self.filter.matches(&backlog.stories[i]));
                let mut merged: Vec<usize> = rows.into_iter().chain(back).collect();
                merged.sort_unstable();
                Some(merged)
            }
        };
        if let Some(row) = selected.and_then(|i| self.row_of(i)) {
            self.cursor = row;
        }
        self.clamp(backlog);
    }

    /// The rank shown for a story index: 1 for the first row not left out
    /// by `hide_done`, whatever the filter shows.
    pub fn rank_of(&self, index: usize) -> usize {
        if !self.hide_done {
            return index + 1;
        }
        index + 1 - self.hidden.partition_point(|&h| h < index)
    }

    /// The story index at which a new story is shown at `rank`, counted as
    /// `rank_of` counts (one past the last shown rank is the bottom), so a
    /// rank the PO types means the rank the backlog shows.
    pub fn index_for_rank(&self, rank: usize) -> usize {
        let mut index = rank.saturating_sub(1);
        if self.hide_done {
            for &hidden in &self.hidden {
                if hidden > index {
                    break;
                }
                index += 1;
            }
        }
        index
    }

    /// The active filter.
    pub fn filter(&self) -> &StoryFilter {
        &self.filter
    }

    /// Sets the filter and recomputes the rows, keeping the cursor on the
    /// same story when it still passes.
    pub fn set_filter(&mut self, backlog: &Backlog, filter: StoryFilter) {
        let selected = self.story_index(backlog);
        self.filter = filter;
        self.refresh(backlog, selected);
    }

    /// Recomputes the rows after the backlog changed and puts the cursor on
    /// `select` (a story index) when given and visible.
    pub fn refresh(&mut self, backlog: &Backlog, select: Option<usize>) {
        self.closed = backlog.closed_sprint_keys();
        self.hidden = backlog
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| is_history(&self.closed, s))
            .map(|(i, _)| i)
            .collect();
        self.rows = if self.filter.is_empty() && self.hidden_done() == 0 {
            None
        } else {
            Some(
                backlog
                    .stories
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| self.passes(s))
                    .map(|(i, _)| i)
                    .collect(),
            )
        };
        if let Some(row) = select.and_then(|i| self.row_of(i)) {
            self.cursor = row;
        }
        self.clamp(backlog);
    }

    /// Follows a change just applied to the backlog, without a pass over it
    /// (rows are index-shifted and the touched stories re-checked), and puts
    /// the cursor on the story the change is about.
    pub fn follow(&mut self, backlog: &Backlog, change: &Change) {
        if let Change::Reorder { moves, back } = change {
            // The same stories at new ranks: the rows and the left-out
            // stories follow the moves, the cursor stays on its story.
            let selected = self.story_index(backlog).map(|i| moves.new_index(i, *back));
            match &mut self.rows {
                Some(rows) => moves.follow_sorted_both(rows, &mut self.hidden, *back),
                None => moves.follow_sorted(&mut self.hidden, *back),
            }
            if let Some(row) = selected.and_then(|i| self.row_of(i)) {
                self.cursor = row;
            }
            self.clamp(backlog);
            return;
        }
        if touches_sprints(change) {
            // A sprint closed or reopened shows or hides all its stories:
            // rare enough for a pass over the backlog.
            let selected = change.story_position().or(self.story_index(backlog));
            self.refresh(backlog, selected);
            return;
        }
        let closed = &self.closed;
        shift_rows(&mut self.hidden, &|s| is_history(closed, s), change);
        if self.rows.is_none() && self.hidden_done() > 0 {
            // The first story left out: from now on the rows are listed.
            self.refresh(backlog, change.story_position());
            return;
        }
        let (filter, closed, hide) = (&self.filter, &self.closed, self.hide_done);
        if let Some(rows) = &mut self.rows {
            shift_rows(rows, &|s| passes(filter, hide, closed, s), change);
        }
        if self.filter.is_empty() && self.hidden_done() == 0 {
            self.rows = None;
        }
        if let Some(row) = change.story_position().and_then(|i| self.row_of(i)) {
            self.cursor = row;
        }
        self.clamp(backlog);
    }

    /// Whether the rows are exactly what the filter gives on `backlog`, for tests.
    pub fn is_consistent(&self, backlog: &Backlog) -> bool {
        let mut fresh = StoryList {
            filter: self.filter.clone(),
            hide_done: self.hide_done,
            ..StoryList::default()
        };
        fresh.refresh(backlog, None);
        fresh.rows == self.rows && fresh.hidden == self.hidden
    }

    fn passes(&self, story: &Story) -> bool {
        passes(&self.filter, self.hide_done, &self.closed, story)
    }

    /// Number of rows shown.
    pub fn len(&self, backlog: &Backlog) -> usize {
        self.rows.as_ref().map_or(backlog.stories.len(), Vec::len)
    }

    /// Whether no row is shown.
    pub fn is_empty(&self, backlog: &Backlog) -> bool {
        self.len(backlog) == 0
    }

    /// The story index shown in a row.
    pub fn index_at(&self, backlog: &Backlog, row: usize) -> Option<usize> {
        match &self.rows {
            Some(rows) => rows.get(row).copied(),
            None => (row < backlog.stories.len()).then_some(row),
        }
    }

    /// The story index under the cursor.
    pub fn story_index(&self, backlog: &Backlog) -> Option<usize> {
        self.index_at(backlog, self.cursor)
    }

    /// The row showing a story index, if it is shown.
    pub fn row_of(&self, index: usize) -> Option<usize> {
        match &self.rows {
            Some(rows) => rows.binary_search(&index).ok(),
            None => Some(index),
        }
    }

    /// Moves the cursor by a signed number of rows, stopping at the ends.
    pub fn move_cursor(&mut self, backlog: &Backlog, delta: isize) {
        let len = self.len(backlog);
        if len == 0 {
            self.cursor = 0;
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(delta).min(len - 1);
    }

    /// Puts the cursor on a row, clamped to the list.
    pub fn select_row(&mut self, backlog: &Backlog, row: usize) {
        self.cursor = row;
        self.clamp(backlog);
    }

    /// Keeps the cursor inside the window of `height` rows, scrolling as little as possible.
    pub fn scroll_to_cursor(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
    }

    fn clamp(&mut self, backlog: &Backlog) {
        let len = self.len(backlog);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
    }
}

fn passes(filter: &StoryFilter, hide: bool, closed: &HashSet<String>, story: &Story) -> bool {
    !(hide && is_history(closed, story)) && filter.matches(story)
}

/// The ascending `rows` that are not in the ascending `hidden`.
fn without(rows: impl Iterator<Item = usize>, hidden: &[usize]) -> Vec<usize> {
    let mut next = hidden.iter().peekable();
    rows.filter(|&i| {
        while next.next_if(|&&h| h < i).is_some() {}
        next.peek() != Some(&&i)
    })
    .collect()
}

/// Whether a change adds, removes or edits a sprint.
fn touches_sprints(change: &Change) -> bool {
    match change {
        Change::Insert { item, .. }
        | Change::Remove { item, .. }
        | Change::Update { after: item, .. } => {
            matches!(item, Item::Sprint(_))
        }
        Change::Batch(changes) => changes.iter().any(touches_sprints),
        _ => false,
    }
}

/// The ascending rows from `start` up to (not including) `end`.
fn rows_in(rows: &mut [usize], start: usize, end: usize) -> &mut [usize] {
    let a = rows.partition_point(|&i| i < start);
    let b = rows.partition_point(|&i| i < end);
    &mut rows[a..b.max(a)]
}

/// Keeps sorted story indices in step with a change (see [`StoryList::follow`]).
fn shift_rows(rows: &mut Vec<usize>, keep: &dyn Fn(&Story) -> bool, change: &Change) {
    match change {
        Change::MoveStory { from, to, .. } => {
            // Only rows between the two ranks change: found by binary
            // search and shifted in place, so a move costs the same at a
            // million stories as at a hundred.
            let (from, to) = (*from, *to);
            let span = rows_in(rows, from.min(to), from.max(to) + 1);
            let moved = span.binary_search(&from).ok();
            for i in span.iter_mut() {
                if *i == from {
                    *i = to;
                } else if from < to {
                    *i -= 1;
                } else {
                    *i += 1;
                }
            }
            // The moved row goes from one end of the span to the other.
            match moved {
                Some(_) if from < to => span.rotate_left(1),
                Some(_) => span.rotate_right(1),
                None => {}
            }
        }
        Change::Insert {
            index,
            item: Item::Story(story),
        } => {
            for i in rows_in(rows, *index, usize::MAX) {
                *i += 1;
            }
            if keep(story) {
                let at = rows.partition_point(|&i| i < *index);
                rows.insert(at, *index);
            }
        }
        Change::Remove {
            index,
            item: Item::Story(_),
        } => {
            if let Ok(at) = rows.binary_search(index) {
                rows.remove(at);
            }
            for i in rows_in(rows, *index + 1, usize::MAX) {
                *i -= 1;
            }
        }
        Change::Update {
            index,
            after: Item::Story(story),
            ..
        } => match (rows.binary_search(index), keep(story)) {
            (Ok(at), false) => {
                rows.remove(at);
            }
            (Err(at), true) => rows.insert(at, *index),
            _ => {}
        },
        Change::Batch(changes) => {
            let shifted = shift_batch(rows, keep, change);
            for c in changes.iter().filter(|_| !shifted) {
                shift_rows(rows, keep, c);
            }
        }
        _ => {}
    }
}

/// The leaves of a batch, in order.
fn leaves<'a>(change: &'a Change, out: &mut Vec<&'a Change>) {
    match change {
        Change::Batch(changes) => changes.iter().for_each(|c| leaves(c, out)),
        leaf => out.push(leaf),
    }
}

/// Follows a batch of story insertions, removals and edits (a split, a
/// delete and its dependents, their undo) with one pass over the rows after
/// it instead of one per part: every part's rank is at most `last`, so a row
/// more than `last + removed` down is moved by each insertion and removal
/// alike (`inserted - removed` in all); the rows above that are followed
/// part by part, a few of them. `false` when the batch holds another kind
/// of story change (a move, a reorder), which is followed part by part.
fn shift_batch(rows: &mut Vec<usize>, keep: &dyn Fn(&Story) -> bool, batch: &Change) -> bool {
    let mut parts = Vec::new();
    leaves(batch, &mut parts);
    let (mut first, mut last, mut inserted, mut removed) = (usize::MAX, 0, 0, 0);
    for part in &parts {
        let index = match part {
            Change::Insert {
                index,
                item: Item::Story(_),
            } => {
                inserted += 1;
                *index
            }
            Change::Remove {
                index,
                item: Item::Story(_),
            } => {
                removed += 1;
                *index
            }
            Change::Update {
                index,
                after: Item::Story(_),
                ..
            } => *index,
            Change::MoveStory { .. } | Change::Reorder { .. } => return false,
            // Other lists' elements and the product hold no rank.
            _ => continue,
        };
        first = first.min(index);
        last = last.max(index);
    }
    if first == usize::MAX {
        return true;
    }
    let far = last + removed;
    let start = rows.partition_point(|&i| i < first);
    let end = rows.partition_point(|&i| i <= far);
    let mut near = rows[start..end].to_vec();
    for part in parts {
        shift_rows(&mut near, keep, part);
    }
    if inserted != removed {
        for i in &mut rows[end..] {
            *i = *i + inserted - removed;
        }
    }
    rows.splice(start..end, near);
    true
}

#[cfg(test)]
mod tests;
