//! `App::update` for prioritizing and splitting: the score ranking behind
//! the backlog's markers (a background job), "apply score order" to the
//! whole backlog, one epic or the marked stories, and splitting a story by
//! its acceptance criteria. Each is one change, so one `u` undoes it.

use std::borrow::Cow;
use std::sync::Arc;

use crate::model::rice::{ScoreRanking, score_moves, score_ranking};
use crate::model::{self, SplitParent, children_by_criteria};

use super::action::View;
use super::app::App;
use super::jobs::{Figures, Job, Snapshot};
use super::popup::{PickFor, Picker, Popup};

impl App {
    /// The job that ranks the backlog by score, when the ranking shown is
    /// not for the backlog as it is now.
    pub(super) fn ranking_job(&self) -> Option<Job> {
        if self.ranking.is_current(self.changes) {
            return None;
        }
        Some(Job::new(
            View::Backlog,
            self.changes,
            self.snapshot(),
            |s: &Snapshot| {
                let mut ranking = score_ranking(&s.backlog.stories);
                // The snapshot shares the backlog's stories, so the moves
                // made here fit it while the ranking is current.
                ranking.prepare_all(&s.backlog.stories);
                Figures::Ranking(Box::new(ranking))
            },
        ))
    }

    /// The score ranking for the backlog as it is now, if the background
    /// job has caught up; markers are shown only then, so none is ever on
    /// the wrong row.
    pub fn current_ranking(&self) -> Option<&ScoreRanking> {
        self.ranking
            .latest
            .as_ref()
            .filter(|_| self.ranking.is_current(self.changes))
    }

    pub(super) fn start_score_order(&mut self) {
        if !self.writable() {
            return;
        }
        let mut entries = vec![("the whole backlog".to_string(), Some("all".to_string()))];
        if let Some(epic) = self.selected_story().and_then(|s| s.epic.clone()) {
            let title = self.backlog.epic(&epic).map_or("", |e| e.title.as_str());
            let label = format!("epic {epic} {}", crate::text::sanitize(title));
            entries.push((label, Some(format!("epic:{epic}"))));
        }
        entries.push((
            "the marked stories (↑/↓) only".to_string(),
            Some("marked".to_string()),
        ));
        self.popup = Some(Popup::Picker(Picker {
            purpose: PickFor::ScoreOrder,
            title: "Apply the score order to".to_string(),
            entries,
            cursor: 0,
        }));
    }

    /// Re-ranks the chosen stories by score: they take the places such
    /// stories held, highest score first; everything else stays put.
    pub(super) fn apply_score_order(&mut self, choice: Option<&str>) {
        let Some(choice) = choice else {
            return;
        };
        if choice == "all"
            && let Some(moves) = self.current_ranking().and_then(ScoreRanking::all_moves)
        {
            let moves = Arc::clone(moves);
            let result = self.backlog.reorder_prepared(&moves).map(Some);
            self.commit(result);
            return;
        }
        let ranking: Cow<ScoreRanking> = match self.current_ranking() {
            Some(r) => Cow::Borrowed(r),
            None => Cow::Owned(score_ranking(&self.backlog.stories)),
        };
        // From the ranking (made off the key path): no story is read, and
        // only the ranks that change hands are touched.
        let moves = match choice.strip_prefix("epic:") {
            Some(epic) => score_moves(&ranking, ranking.in_epic(epic)),
            None if choice == "marked" => score_moves(&ranking, |i| {
                ranking.of(i).and_then(|r| r.marker()).is_some()
            }),
            None => score_moves(&ranking, |_| true),
        };
        let result = self.backlog.reorder_moves(&moves);
        if let Ok(None) = result {
            self.info("already in score order: nothing moved".to_string());
        }
        self.commit(result);
    }

    pub(super) fn start_split(&mut self) {
        let Some((key, n)) = self
            .selected_story()
            .map(|s| (s.key.clone(), s.acceptance.len()))
        else {
            return;
        };
        if !self.writable() {
            return;
        }
        if n == 0 {
            self.error(format!(
                "{key} has no acceptance criteria to split by: add some first (c in its detail)"
            ));
            return;
        }
        self.popup = Some(Popup::Picker(Picker {
            purpose: PickFor::Split(key.clone()),
            title: format!(
                "Split {key} into {}, one per criterion; {key} is then",
                crate::model::number::count(n, "story", "stories")
            ),
            entries: vec![
                ("removed".to_string(), Some("remove".to_string())),
                (
                    "kept as done, below them".to_string(),
                    Some("keep".to_string()),
                ),
            ],
            cursor: 0,
        }));
    }

    pub(super) fn split(&mut self, key: &str, choice: Option<&str>) {
        let parent = match choice {
            Some("keep") => SplitParent::KeepDone,
            Some(_) => SplitParent::Remove,
            None => return,
        };
        let Some(index) = self.locate(key) else {
            return;
        };
        let children = children_by_criteria(&self.backlog.stories[index]);
        let lookup = super::dep_ranks::Lookup {
            keys: &self.by_key,
            deps: &self.dep_ranks,
        };
        match self
            .backlog
            .split_story_at_indexed(index, children, parent, model::now(), &lookup)
        {
            Ok((change, keys)) => {
                // The children take the parent's rank.
                self.after_change(&change);
                if let Some(row) = self.list.row_of(index) {
                    self.list.cursor = row;
                }
                self.info(format!("split {key} into {}", keys.join(", ")));
                self.history.record(change);
            }
            Err(e) => self.error(e.to_string()),
        }
    }
}
