//! Sprint planning state: the product backlog (open stories in no sprint) on
//! the left, the sprint being planned on the right. Both lists follow every
//! change like the main list, so the view opens and moves at any size.

use crate::model::{
    Backlog, Budget, Change, Item, SprintFilter, SprintState, StoryFilter, VELOCITY_WINDOW,
};

use super::list::StoryList;

/// Which side of the planning view has the cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Backlog,
    Sprint,
}

/// The planning view's state.
#[derive(Debug, Default)]
pub struct Planning {
    pub focus: Pane,
    /// Open stories in no sprint, in rank order.
    pub backlog: StoryList,
    /// Stories of the sprint being planned, in rank order.
    pub sprint: StoryList,
    /// The sprint being planned: the one chosen with `[`/`]`, else the next
    /// planned one, else the active one.
    pub target: Option<String>,
    /// The sprint the user switched to with `[`/`]` (or just created); it
    /// stays the target while it is open.
    pub chosen: Option<String>,
    /// Points the sprint can take: recent average velocity, else its capacity.
    pub budget: Option<Budget>,
    /// Row of the product backlog where the budget runs out (after what
    /// the sprint already holds); `None` when everything fits or no budget.
    pub cut_row: Option<usize>,
}

impl Planning {
    /// Planning state for a backlog.
    pub fn new(backlog: &Backlog) -> Self {
        let mut planning = Planning::default();
        planning.backlog.set_filter(
            backlog,
            StoryFilter {
                sprint: SprintFilter::Backlog,
                open_only: true,
                ..StoryFilter::default()
            },
        );
        planning.retarget(backlog);
        planning
    }

    /// The sprint planning works on: `chosen` while it is open, else the
    /// first planned sprint, else the active one.
    pub fn target_of(backlog: &Backlog, chosen: Option<&str>) -> Option<String> {
        let open = |k: &&str| {
            backlog
                .sprint(k)
                .is_some_and(|s| s.state != SprintState::Closed)
        };
        if let Some(chosen) = chosen.filter(open) {
            return Some(chosen.to_string());
        }
        backlog
            .next_planned_sprint()
            .or_else(|| {
                backlog
                    .sprints
                    .iter()
                    .find(|s| s.state == SprintState::Active)
            })
            .map(|s| s.key.clone())
    }

    /// The sprints planning can show, in the order `]` steps through them:
    /// the active one, then the planned ones as they were created.
    pub fn open_sprints(backlog: &Backlog) -> Vec<String> {
        let of = |state: SprintState| {
            backlog
                .sprints
                .iter()
                .filter(move |s| s.state == state)
                .map(|s| s.key.clone())
        };
        of(SprintState::Active)
            .chain(of(SprintState::Planned))
            .collect()
    }

    /// Shows the next (or previous) open sprint after the target, wrapping.
    /// Returns the new target, its place among the open sprints (1-based)
    /// and how many there are.
    pub fn step(&mut self, backlog: &Backlog, forward: bool) -> Option<(String, usize, usize)> {
        let open = Planning::open_sprints(backlog);
        if open.is_empty() {
            return None;
        }
        let len = open.len();
        let at = self
            .target
            .as_ref()
            .and_then(|t| open.iter().position(|k| k == t))
            .unwrap_or(0);
        let next = (if forward { at + 1 } else { at + len - 1 }) % len;
        self.chosen = Some(open[next].clone());
        self.retarget(backlog);
        Some((open[next].clone(), next + 1, len))
    }

    /// Picks the target sprint again and rebuilds its list (sprints changed).
    pub fn retarget(&mut self, backlog: &Backlog) {
        self.target = Planning::target_of(backlog, self.chosen.as_deref());
        self.budget = backlog.planning_budget(VELOCITY_WINDOW);
        let filter = StoryFilter {
            sprint: SprintFilter::In(self.target.clone().unwrap_or_default()),
            ..StoryFilter::default()
        };
        self.sprint.set_filter(backlog, filter);
        self.recut(backlog);
    }

    /// Points committed to the sprint being planned.
    pub fn committed(&self, backlog: &Backlog) -> f64 {
        (0..self.sprint.len(backlog))
            .filter_map(|row| self.sprint.index_at(backlog, row))
            .filter_map(|i| backlog.stories[i].points)
            .sum()
    }

    /// Finds where the budget runs out, walking the backlog side from the top
    /// only as far as the line (a few dozen stories, not the whole backlog).
    fn recut(&mut self, backlog: &Backlog) {
        self.cut_row = None;
        let Some(budget) = &self.budget else {
            return;
        };
        let mut left = budget.points - self.committed(backlog);
        for row in 0..self.backlog.len(backlog) {
            let Some(i) = self.backlog.index_at(backlog, row) else {
                break;
            };
            let points = backlog.stories[i].points.unwrap_or(0.0);
            if points > left {
                self.cut_row = Some(row);
                return;
            }
            left -= points;
        }
    }

    /// The list that has the cursor.
    pub fn focused(&self) -> &StoryList {
        match self.focus {
            Pane::Backlog => &self.backlog,
            Pane::Sprint => &self.sprint,
        }
    }

    /// The list that has the cursor, for moving it.
    pub fn focused_mut(&mut self) -> &mut StoryList {
        match self.focus {
            Pane::Backlog => &mut self.backlog,
            Pane::Sprint => &mut self.sprint,
        }
    }

    /// Follows a change applied to the backlog. The cursor of a list only
    /// jumps to the changed story when that list has the focus.
    pub fn follow(&mut self, backlog: &Backlog, change: &Change) {
        if touches_sprints(change) {
            // Starting or closing a sprint moves many stories and may change
            // the target: rebuild both lists (rare, explicit actions).
            self.backlog.refresh(backlog, None);
            self.retarget(backlog);
            return;
        }
        let (backlog_cursor, sprint_cursor) = (self.backlog.cursor, self.sprint.cursor);
        self.backlog.follow(backlog, change);
        self.sprint.follow(backlog, change);
        match self.focus {
            Pane::Backlog => self.sprint.cursor = sprint_cursor,
            Pane::Sprint => self.backlog.cursor = backlog_cursor,
        }
        self.backlog.select_row(backlog, self.backlog.cursor);
        self.sprint.select_row(backlog, self.sprint.cursor);
        self.recut(backlog);
    }
}

/// Whether a change adds, removes or edits a sprint (starting and closing
/// one included): the lists that follow one sprint rebuild then.
pub(super) fn touches_sprints(change: &Change) -> bool {
    match change {
        Change::Insert { item, .. } | Change::Remove { item, .. } => {
            matches!(item, Item::Sprint(_))
        }
        Change::Update { after, .. } => matches!(after, Item::Sprint(_)),
        Change::Batch(changes) => changes.iter().any(touches_sprints),
        _ => false,
    }
}
