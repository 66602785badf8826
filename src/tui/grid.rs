//! The re-score grid (`R` in the backlog): the top N open stories with
//! their RICE inputs in a table, edited cell by cell. Typing replaces the
//! cell's value and previews the score and the score-rank marker; Enter,
//! Tab or a move commits it as one story edit (one `u` undoes it); a bad
//! value is refused with the field named and nothing changes.
//!
//! Every key costs O(N) plus, for the marker preview, one binary search of
//! the score ranking kept by the backlog view: the rows come from the rank
//! order, stopping after N open stories, never from a scan of the backlog.

use crate::model::rescore::{preview_ranks, top_open};
use crate::model::rice::{self, Marker, RiceError, RiceField};
use crate::model::{self, Backlog, Rice, Story};

use super::action::{Action, TextOp};
use super::app::{App, Effect};
use super::popup::Popup;

/// Rows the grid opens with: the top ten, what a planning looks at.
pub const DEFAULT_ROWS: usize = 10;
/// The most rows `+` gives: past a few screens a grid stops being a glance.
pub const MAX_ROWS: usize = 50;

/// An open re-score grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
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
        let mut grid = Grid {
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
        self.rows = top_open(&backlog.stories, n);
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

/// The App's side of the grid.
impl App {
    /// `R`: opens the grid over the top open stories.
    pub(super) fn start_rescore_grid(&mut self) {
        if !self.writable() {
            return;
        }
        let grid = Grid::new(&self.backlog, self.grid_rows);
        if grid.rows.is_empty() {
            self.info("no open stories to re-score");
            return;
        }
        self.popup = Some(Popup::Grid(Box::new(grid)));
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
            Action::Cancel => return Effect::None,
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
