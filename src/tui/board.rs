//! The board's state: the active sprint's stories (a `StoryList` that
//! follows every change without a pass over the backlog), the selected card
//! and column, the swim lanes and the "since yesterday" highlight. Columns
//! and lanes are worked out from the sprint's few hundred stories when
//! asked, so they can never disagree with the backlog.

use crate::model::{Backlog, Change, SprintFilter, Status, Story, StoryFilter};

use super::list::StoryList;
use super::planning::touches_sprints;

/// How the board groups its rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lanes {
    #[default]
    None,
    Assignee,
    Epic,
}

impl Lanes {
    /// none → assignee → epic → none.
    pub fn next(self) -> Lanes {
        match self {
            Lanes::None => Lanes::Assignee,
            Lanes::Assignee => Lanes::Epic,
            Lanes::Epic => Lanes::None,
        }
    }

    /// How the message line names it.
    pub fn describe(self) -> &'static str {
        match self {
            Lanes::None => "no swim lanes",
            Lanes::Assignee => "swim lanes by assignee",
            Lanes::Epic => "swim lanes by epic",
        }
    }
}

/// One swim lane: its name and its cards per column (story indices, rank order).
#[derive(Debug, PartialEq, Eq)]
pub struct Lane {
    /// `None` for the board without lanes.
    pub name: Option<String>,
    pub cards: [Vec<usize>; 3],
}

impl Lane {
    /// Rows the lane's cards take: its longest column, at least one.
    pub fn height(&self) -> usize {
        self.cards.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// The board view's state.
#[derive(Debug, Default)]
pub struct Board {
    /// The active sprint, if one runs.
    pub sprint: Option<String>,
    /// Its stories in rank order.
    pub list: StoryList,
    /// The column with the cursor: 0 to do, 1 in progress, 2 done.
    pub column: usize,
    /// The selected card's key (the cursor follows the card when it moves).
    pub selected: Option<String>,
    pub lanes: Lanes,
    /// Whether cards that moved since the previous working day stand out.
    pub since: bool,
    /// First line of the cards shown (they scroll when lanes are long).
    pub offset: usize,
}

/// A column's place on the board.
pub fn column_of(status: Status) -> usize {
    match status {
        Status::Todo => 0,
        Status::InProgress => 1,
        Status::Done => 2,
    }
}

impl Board {
    /// The board of a backlog's active sprint.
    pub fn new(backlog: &Backlog) -> Self {
        let mut board = Board::default();
        board.retarget(backlog);
        board
    }

    /// Follows the active sprint again (one started, closed or reloaded):
    /// a pass over the backlog, for rare, explicit actions only.
    pub fn retarget(&mut self, backlog: &Backlog) {
        self.sprint = backlog.active_sprint().map(|s| s.key.clone());
        let filter = StoryFilter {
            sprint: SprintFilter::In(self.sprint.clone().unwrap_or_default()),
            ..StoryFilter::default()
        };
        self.list.set_filter(backlog, filter);
        self.keep_selection(backlog);
    }

    /// The sprint's stories, rank order, as story indices.
    pub fn members(&self, backlog: &Backlog) -> Vec<usize> {
        (0..self.list.len(backlog))
            .map_while(|row| self.list.index_at(backlog, row))
            .collect()
    }

    /// The swim lanes with their cards. Without lanes, one lane holds all.
    pub fn lanes(&self, backlog: &Backlog) -> Vec<Lane> {
        let mut lanes: Vec<Lane> = Vec::new();
        for i in self.members(backlog) {
            let story = &backlog.stories[i];
            let name = self.lane_of(backlog, story);
            let lane = match lanes.iter().position(|l| l.name == name) {
                Some(at) => &mut lanes[at],
                None => {
                    lanes.push(Lane {
                        name,
                        cards: Default::default(),
                    });
                    let last = lanes.len() - 1;
                    &mut lanes[last]
                }
            };
            lane.cards[column_of(story.status)].push(i);
        }
        if self.lanes != Lanes::None {
            // Named lanes in order (epics as the backlog lists them), then
            // the stories with none.
            let name = |lane: &Lane| lane.name.clone().unwrap_or_default();
            let epic_rank = |lane: &Lane| {
                let n = name(lane);
                backlog.epics.iter().position(|e| e.title == n)
            };
            lanes.sort_by(|a, b| {
                let (na, nb) = (name(a), name(b));
                let by_name =
                    (na.is_empty(), na.to_lowercase()).cmp(&(nb.is_empty(), nb.to_lowercase()));
                match self.lanes {
                    Lanes::Epic => (na.is_empty(), epic_rank(a))
                        .cmp(&(nb.is_empty(), epic_rank(b)))
                        .then(by_name),
                    _ => by_name,
                }
            });
        }
        if lanes.is_empty() {
            lanes.push(Lane {
                name: None,
                cards: Default::default(),
            });
        }
        lanes
    }

    /// The lane a story belongs in: its assignee or its epic's title;
    /// "" is the lane of those without one.
    fn lane_of(&self, backlog: &Backlog, story: &Story) -> Option<String> {
        let name = match self.lanes {
            Lanes::None => return None,
            Lanes::Assignee => story.assignee.clone(),
            Lanes::Epic => story
                .epic
                .as_deref()
                .and_then(|k| backlog.epic(k))
                .map(|e| e.title.clone()),
        };
        Some(name.unwrap_or_default())
    }

    /// A column's cards top to bottom, lane after lane.
    pub fn column_cards(lanes: &[Lane], column: usize) -> Vec<usize> {
        lanes
            .iter()
            .flat_map(|l| l.cards[column].iter().copied())
            .collect()
    }

    /// The story index of the selected card, if it is on the board.
    pub fn selected_index(&self, backlog: &Backlog) -> Option<usize> {
        let key = self.selected.as_deref()?;
        self.members(backlog)
            .into_iter()
            .find(|&i| backlog.stories[i].key == key)
    }

    /// Selects the card of a story index (and its column).
    pub fn select(&mut self, backlog: &Backlog, index: usize) {
        if let Some(story) = backlog.stories.get(index) {
            self.column = column_of(story.status);
            self.selected = Some(story.key.clone());
            self.sync_list_cursor(backlog);
        }
    }

    /// Puts the list's cursor on the selected card, so that `App::locate`
    /// finds the story an action is about without a search.
    fn sync_list_cursor(&mut self, backlog: &Backlog) {
        if let Some(row) = self
            .selected_index(backlog)
            .and_then(|i| self.list.row_of(i))
        {
            self.list.cursor = row;
        }
    }

    /// Moves the cursor `delta` cards within its column (to the ends for
    /// `isize::MIN`/`MAX`).
    pub fn move_cursor(&mut self, backlog: &Backlog, delta: isize) {
        let cards = Board::column_cards(&self.lanes(backlog), self.column);
        if cards.is_empty() {
            return;
        }
        let at = self
            .selected
            .as_deref()
            .and_then(|k| cards.iter().position(|&i| backlog.stories[i].key == k))
            .unwrap_or(0);
        let to = at.saturating_add_signed(delta).min(cards.len() - 1);
        self.selected = Some(backlog.stories[cards[to]].key.clone());
        self.sync_list_cursor(backlog);
    }

    /// Moves the cursor to the previous or next column, onto its first card.
    pub fn move_column(&mut self, backlog: &Backlog, forward: bool) {
        self.column = if forward {
            (self.column + 1).min(2)
        } else {
            self.column.saturating_sub(1)
        };
        self.selected = None;
        self.keep_selection(backlog);
    }

    /// After the sprint's stories changed: the selection stays on its card
    /// (its column follows the card), else goes to the first card of the
    /// column.
    fn keep_selection(&mut self, backlog: &Backlog) {
        match self.selected_index(backlog) {
            Some(i) => self.column = column_of(backlog.stories[i].status),
            None => {
                let lanes = self.lanes(backlog);
                self.selected = Board::column_cards(&lanes, self.column)
                    .first()
                    .map(|&i| backlog.stories[i].key.clone());
            }
        }
        self.sync_list_cursor(backlog);
    }

    /// Follows a change applied to the backlog; the cursor goes to the
    /// card the change is about when it is on the board.
    pub fn follow(&mut self, backlog: &Backlog, change: &Change) {
        if touches_sprints(change) {
            self.retarget(backlog);
            return;
        }
        self.list.follow(backlog, change);
        if let Some(i) = change.story_position()
            && self.list.row_of(i).is_some()
        {
            self.select(backlog, i);
        }
        self.keep_selection(backlog);
    }

    /// The line of the selected card among the lanes' lines (a lane's name
    /// takes one when lanes are on), to keep it on screen.
    pub fn cursor_line(&self, backlog: &Backlog) -> usize {
        let lanes = self.lanes(backlog);
        let key = self.selected.as_deref();
        let mut line = 0;
        for lane in &lanes {
            if lane.name.is_some() {
                line += 1;
            }
            if let Some(at) = lane.cards[self.column]
                .iter()
                .position(|&i| Some(backlog.stories[i].key.as_str()) == key)
            {
                return line + at;
            }
            line += lane.height();
        }
        0
    }

    /// Keeps the selected card inside a window of `height` lines.
    pub fn scroll_to_cursor(&mut self, backlog: &Backlog, height: usize) {
        let height = height.max(1);
        let line = self.cursor_line(backlog);
        if line < self.offset {
            // Show the lane's name above its first card too.
            self.offset = line.saturating_sub(usize::from(self.lanes != Lanes::None));
        } else if line >= self.offset + height {
            self.offset = line + 1 - height;
        }
    }
}
