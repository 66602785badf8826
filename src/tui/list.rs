//! The backlog list as the user sees it: the filtered rows, the cursor and
//! the scroll window. Rows are story indices, so nothing is copied per row.

use crate::model::{Backlog, Change, Item, StoryFilter};

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
}

impl StoryList {
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
        self.rows = if self.filter.is_empty() {
            None
        } else {
            Some(
                backlog
                    .stories
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| self.filter.matches(s))
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
        if let Some(rows) = &mut self.rows {
            shift_rows(rows, &self.filter, change);
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
            ..StoryList::default()
        };
        fresh.refresh(backlog, None);
        fresh.rows == self.rows
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

/// Keeps sorted story indices in step with a change (see [`StoryList::follow`]).
fn shift_rows(rows: &mut Vec<usize>, filter: &StoryFilter, change: &Change) {
    match change {
        Change::MoveStory { from, to, .. } => {
            let (from, to) = (*from, *to);
            let was_shown = match rows.binary_search(&from) {
                Ok(at) => {
                    rows.remove(at);
                    true
                }
                Err(_) => false,
            };
            for i in rows.iter_mut() {
                if from < to && (from + 1..=to).contains(i) {
                    *i -= 1;
                } else if to < from && (to..from).contains(i) {
                    *i += 1;
                }
            }
            if was_shown {
                let at = rows.partition_point(|&i| i < to);
                rows.insert(at, to);
            }
        }
        Change::Insert {
            index,
            item: Item::Story(story),
        } => {
            for i in rows.iter_mut().filter(|i| **i >= *index) {
                *i += 1;
            }
            if filter.matches(story) {
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
            for i in rows.iter_mut().filter(|i| **i > *index) {
                *i -= 1;
            }
        }
        Change::Update {
            index,
            after: Item::Story(story),
            ..
        } => match (rows.binary_search(index), filter.matches(story)) {
            (Ok(at), false) => {
                rows.remove(at);
            }
            (Err(at), true) => rows.insert(at, *index),
            _ => {}
        },
        Change::Batch(changes) => {
            for c in changes {
                shift_rows(rows, filter, c);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Position, Status, StoryFilter};
    use chrono::{TimeZone, Utc};

    fn backlog(n: usize) -> Backlog {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let mut b = Backlog::new("t");
        for i in 0..n {
            let mut s = b.new_story(&format!("story {i}"), now);
            if i % 3 == 0 {
                s.status = Status::Done;
            }
            let at = b.stories.len();
            b.insert_story(at, s).unwrap();
        }
        b
    }

    fn filtered(b: &Backlog) -> StoryList {
        let mut list = StoryList::default();
        list.set_filter(
            b,
            StoryFilter {
                status: Some(Status::Todo),
                ..StoryFilter::default()
            },
        );
        list
    }

    #[test]
    fn following_changes_matches_recomputing_the_rows() {
        let mut b = backlog(12);
        let mut list = filtered(&b);
        let now = Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap();
        let mut changes = Vec::new();
        changes.push(b.move_story_at(10, &Position::Top).unwrap().unwrap());
        changes.push(b.move_story_at(1, &Position::Index(8)).unwrap().unwrap());
        changes.push(
            b.update_story_at(4, now, |s| s.status = Status::Done)
                .unwrap()
                .unwrap(),
        );
        let done = b
            .stories
            .iter()
            .position(|s| s.status == Status::Done)
            .unwrap();
        changes.push(
            b.update_story_at(done, now, |s| s.status = Status::Todo)
                .unwrap()
                .unwrap(),
        );
        let key = b.stories[5].key.clone();
        changes.push(b.delete_story(&key, now).unwrap());
        let s = b.new_story("new", now);
        changes.push(b.insert_story(3, s).unwrap());
        // Rebuild from scratch and compare with a list that followed every change.
        let mut replay = backlog(12);
        let mut followed = filtered(&replay);
        for c in &changes {
            replay.apply(c).unwrap();
            followed.follow(&replay, c);
            let fresh = filtered(&replay);
            assert_eq!(followed.rows, fresh.rows, "after {}", c.describe());
        }
        list.refresh(&b, None);
        assert_eq!(list.rows, followed.rows);
    }
}
