//! The re-score grid (`R` in the backlog, the refinement queue and the
//! planning view): the top N open stories of the view it is opened from,
//! with their RICE inputs in a table, edited cell by cell. Typing replaces
//! the cell's value and previews the score and the score-rank marker;
//! Enter, Tab or a move commits it as one story edit (one `u` undoes it); a
//! bad value is refused with the field named and nothing changes.
//!
//! Every key costs O(N) plus, for the marker preview, one binary search of
//! the score ranking kept by the backlog view: the rows come from the rank
//! order, stopping after N open stories, or from the at most [`MAX_ROWS`]
//! stories the view listed, never from a scan of the backlog (but once
//! after an undo moved them).

use std::collections::{HashMap, HashSet};

use crate::model::rescore::{preview_ranks, top_open};
use crate::model::rice::{self, Marker, RiceError, RiceField};
use crate::model::{self, Backlog, Rice, Status, Story};

use super::action::{Action, TextOp, View};
use super::app::{App, Effect};
use super::jobs::Job;
use super::planning::Pane;
use super::popup::Popup;

/// Rows the grid opens with: the top ten, what a planning looks at.
pub const DEFAULT_ROWS: usize = 10;
/// The most rows `+` gives: past a few screens a grid stops being a glance.
pub const MAX_ROWS: usize = 50;

/// Which stories the grid shows: what the PO sees where she opened it.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The first N open stories in rank order (`R` in the backlog).
    TopOpen,
    /// The first N still open of the stories another view listed, in its
    /// order (`R` in the refinement queue or a planning pane).
    Listed {
        /// What the stories are, for the title: "of the refinement queue".
        what: String,
        /// Their keys, at most [`MAX_ROWS`], each with where it was last
        /// found in the backlog.
        picks: Vec<(String, usize)>,
    },
}

/// An open re-score grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub source: Source,
    /// Indices of the stories shown: the first N open ones in rank order,
    /// found again after every change.
    pub rows: Vec<usize>,
    /// Their keys, to tell a row whose story moved away.
    pub keys: Vec<String>,
    /// The cursor: a row and one of [`RiceField::ALL`].
    pub row: usize,
    pub column: usize,
    /// What is typed into the cursor's cell, replacing its value until
    /// committed; `None` while nothing is typed.
    pub typed: Option<String>,
    /// Why the last commit was refused.
    pub error: Option<String>,
}

impl Grid {
    /// The grid over the first `n` open stories of `backlog`.
    pub fn new(backlog: &Backlog, n: usize) -> Self {
        Self::from_source(backlog, n, Source::TopOpen)
    }

    /// The grid over the first `n` open stories of those at `indices` (in
    /// the order given, the first [`MAX_ROWS`] of them): what a view lists.
    pub fn listed(
        backlog: &Backlog,
        n: usize,
        what: impl Into<String>,
        indices: impl IntoIterator<Item = usize>,
    ) -> Self {
        let picks = indices
            .into_iter()
            .filter_map(|i| backlog.stories.get(i).map(|s| (s.key.clone(), i)))
            .take(MAX_ROWS)
            .collect();
        let what = what.into();
        Self::from_source(backlog, n, Source::Listed { what, picks })
    }

    fn from_source(backlog: &Backlog, n: usize, source: Source) -> Self {
        let mut grid = Grid {
            source,
            rows: Vec::new(),
            keys: Vec::new(),
            row: 0,
            column: 0,
            typed: None,
            error: None,
        };
        grid.refresh(backlog, n);
        grid
    }

    /// Finds the rows again (after a change, or for another N), keeping the
    /// cursor on its row number.
    pub fn refresh(&mut self, backlog: &Backlog, n: usize) {
        self.rows = match &mut self.source {
            Source::TopOpen => top_open(&backlog.stories, n),
            Source::Listed { picks, .. } => {
                find_again(backlog, picks);
                picks
                    .iter()
                    .map(|&(_, i)| i)
                    .filter(|&i| backlog.stories[i].status != Status::Done)
                    .take(n)
                    .collect()
            }
        };
        self.keys = self
            .rows
            .iter()
            .map(|&i| backlog.stories[i].key.clone())
            .collect();
        self.row = self.row.min(self.rows.len().saturating_sub(1));
    }

    /// The input under the cursor.
    pub fn field(&self) -> RiceField {
        RiceField::ALL[self.column.min(RiceField::ALL.len() - 1)]
    }

    /// The index of the story on the cursor's row.
    pub fn story_index(&self) -> Option<usize> {
        self.rows.get(self.row).copied()
    }

    /// What is typed, read as the cursor's input: `None` when nothing is.
    pub fn typed_value(&self) -> Option<Result<f64, RiceError>> {
        self.typed
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| rice::parse(self.field(), t))
    }

    /// The inputs the story on `row` would have with what is typed: its
    /// own outside the cursor's row; `None` when it has none and nothing
    /// valid is typed for it.
    pub fn previewed(&self, row: usize, story: &Story) -> Option<Rice> {
        match self.typed_value() {
            Some(Ok(value)) if row == self.row => {
                let mut rice = story.rice.clone().unwrap_or_default();
                self.field().set(&mut rice, value);
                Some(rice)
            }
            _ => story.rice.clone(),
        }
    }

    /// The score-rank markers of the rows, with what is typed previewed;
    /// `None` for every row while `ranking` is not that of `backlog`.
    pub fn markers(
        &self,
        backlog: &Backlog,
        ranking: Option<&rice::ScoreRanking>,
    ) -> Vec<Option<Marker>> {
        let Some(ranking) = ranking else {
            return vec![None; self.rows.len()];
        };
        let edited = self.story_index().filter(|_| self.typed_value().is_some());
        let ranks = match (edited, self.typed_value()) {
            (Some(i), Some(Ok(_))) => {
                let score = self
                    .previewed(self.row, &backlog.stories[i])
                    .and_then(|r| rice::score(&r));
                preview_ranks(&backlog.stories, ranking, i, score, &self.rows)
            }
            _ => self.rows.iter().map(|&i| ranking.of(i)).collect(),
        };
        ranks
            .into_iter()
            .map(|r| r.and_then(rice::Ranks::marker))
            .collect()
    }

    /// Moves the cursor `by` cells along the rows, wrapping from the end
    /// of a row to the start of the next.
    fn step(&mut self, by: isize) {
        let width = RiceField::ALL.len();
        let cells = self.rows.len() * width;
        if cells == 0 {
            return;
        }
        let at = self.row * width + self.column;
        let to = at.checked_add_signed(by).map_or(0, |to| to.min(cells - 1));
        self.row = to / width;
        self.column = to % width;
    }
}

/// Points each pick at its story's index again when one has moved (an
/// undo can move stories under the grid): one pass over the backlog then,
/// none while they stay put. Picks whose story is gone are dropped.
fn find_again(backlog: &Backlog, picks: &mut Vec<(String, usize)>) {
    let stories = &backlog.stories;
    if picks
        .iter()
        .all(|(key, i)| stories.get(*i).is_some_and(|s| s.key == *key))
    {
        return;
    }
    let keys: HashSet<&str> = picks.iter().map(|(key, _)| key.as_str()).collect();
    let mut wanted: HashMap<&str, usize> = HashMap::with_capacity(picks.len());
    for (i, s) in stories.iter().enumerate() {
        if keys.contains(s.key.as_str()) {
            wanted.insert(s.key.as_str(), i);
        }
    }
    let found: Vec<(String, usize)> = picks
        .iter()
        .filter_map(|(key, _)| wanted.get(key.as_str()).map(|&i| (key.clone(), i)))
        .collect();
    *picks = found;
}

/// The App's side of the grid.
impl App {
    /// `R`: opens the grid over the top open stories of the view: the
    /// backlog's, the refinement queue's, or the focused planning pane's.
    pub(super) fn start_rescore_grid(&mut self) {
        if !self.writable() {
            return;
        }
        let grid = match self.view {
            View::Refine => {
                let Some(queue) = &self.refine.queue.latest else {
                    self.info("the refinement queue is still being computed");
                    return;
                };
                // A rank is where the story was when the queue was
                // computed: the grid finds it again if it has moved since.
                let at = queue.stories.iter().map(|e| e.rank.saturating_sub(1));
                Grid::listed(&self.backlog, self.grid_rows, "of the refinement queue", at)
            }
            View::Planning => {
                let list = self.planning.focused();
                let what = match (self.planning.focus, &self.planning.target) {
                    (Pane::Sprint, Some(sprint)) => format!("of {sprint}"),
                    _ => "of the product backlog".to_string(),
                };
                let at = (0..MAX_ROWS).map_while(|row| list.index_at(&self.backlog, row));
                Grid::listed(&self.backlog, self.grid_rows, what, at)
            }
            _ => Grid::new(&self.backlog, self.grid_rows),
        };
        if grid.rows.is_empty() {
            self.info("no open stories to re-score");
            return;
        }
        self.popup = Some(Popup::Grid(Box::new(grid)));
    }

    /// The score ranking the grid's markers need while it is open over a
    /// view other than the backlog (whose view keeps it up to date itself).
    pub(crate) fn grid_ranking_job(&self) -> Option<Job> {
        if matches!(self.popup, Some(Popup::Grid(_))) {
            self.ranking_job()
        } else {
            None
        }
    }

    /// A key in the grid (taken out of `self.popup`; put back unless closed).
    pub(super) fn update_grid(&mut self, mut grid: Box<Grid>, action: Action) -> Effect {
        match action {
            Action::NextCell => self.commit_then(&mut grid, |g| g.step(1)),
            Action::PrevCell => self.commit_then(&mut grid, |g| g.step(-1)),
            Action::CursorDown | Action::Submit => {
                self.commit_then(&mut grid, |g| {
                    g.row = (g.row + 1).min(g.rows.len().saturating_sub(1));
                });
            }
            Action::CursorUp => self.commit_then(&mut grid, |g| g.row = g.row.saturating_sub(1)),
            Action::Text(TextOp::Backspace) => {
                let stored = self.cell_text(&grid);
                let typed = grid.typed.get_or_insert(stored);
                typed.pop();
                grid.error = None;
            }
            Action::MoreRows | Action::FewerRows => {
                self.commit_then(&mut grid, |_| {});
                if grid.typed.is_none() {
                    self.grid_rows = if action == Action::MoreRows {
                        (self.grid_rows + 1).min(MAX_ROWS)
                    } else {
                        self.grid_rows.saturating_sub(1).max(1)
                    };
                }
            }
            Action::Undo | Action::Redo => {
                grid.typed = None;
                grid.error = None;
                if action == Action::Undo {
                    self.undo();
                } else {
                    self.redo();
                }
            }
            Action::Cancel if grid.typed.is_some() || grid.error.is_some() => {
                grid.typed = None;
                grid.error = None;
            }
            Action::Cancel => {
                // Back in the backlog on the story the grid's cursor was on,
                // so one whose marker disagrees with its rank moves at once
                // (J/K/T) instead of being looked for again.
                if self.view == View::Backlog
                    && let Some(index) = grid.story_index()
                    && let Some(row) = self.list.row_of(index)
                {
                    self.list.select_row(&self.backlog, row);
                }
                return Effect::None;
            }
            _ => {}
        }
        // Any change (this key's, an undo) may have moved the rows.
        grid.refresh(&self.backlog, self.grid_rows);
        self.popup = Some(Popup::Grid(grid));
        Effect::None
    }

    /// Typed text for the cursor's cell: the first key replaces its value.
    pub(super) fn type_in_grid(grid: &mut Grid, text: &str) {
        let typed = grid.typed.get_or_insert_with(String::new);
        typed.extend(text.chars().filter(|c| !c.is_control()));
        grid.error = None;
    }

    /// The cursor cell's stored value as it is typed, for editing it.
    fn cell_text(&self, grid: &Grid) -> String {
        let field = grid.field();
        grid.story_index()
            .and_then(|i| self.backlog.stories.get(i))
            .and_then(|s| s.rice.as_ref())
            .map(|r| match field {
                RiceField::Confidence => model::number::display(r.confidence * 100.0),
                _ => model::number::display(field.get(r)),
            })
            .unwrap_or_default()
    }

    /// Commits what is typed, then moves; a refused value keeps the cursor
    /// where it is, with the reason shown.
    fn commit_then(&mut self, grid: &mut Grid, then: impl FnOnce(&mut Grid)) {
        if self.commit_cell(grid) {
            then(grid);
        }
    }

    /// Stores what is typed in the cursor's cell as one story edit. Returns
    /// whether the cell is settled (nothing typed, or stored).
    fn commit_cell(&mut self, grid: &mut Grid) -> bool {
        let Some(parsed) = grid.typed_value() else {
            grid.typed = None;
            return true;
        };
        let value = match parsed {
            Ok(value) => value,
            Err(e) => {
                grid.error = Some(e.to_string());
                return false;
            }
        };
        let Some(index) = grid
            .story_index()
            .filter(|&i| self.backlog.stories.get(i).map(|s| &s.key) == grid.keys.get(grid.row))
        else {
            grid.typed = None;
            return true;
        };
        let field = grid.field();
        let result = self.backlog.update_story_at(index, model::now(), |s| {
            let mut rice = s.rice.clone().unwrap_or_default();
            field.set(&mut rice, value);
            s.rice = Some(rice);
        });
        if let Err(e) = &result {
            grid.error = Some(e.to_string());
            return false;
        }
        self.commit(result);
        grid.typed = None;
        grid.error = None;
        true
    }
}
