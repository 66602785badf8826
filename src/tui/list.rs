//! The backlog list as the user sees it: the filtered rows, the cursor and
//! the scroll window. Rows are story indices, so nothing is copied per row.

use crate::model::{Backlog, StoryFilter};

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
