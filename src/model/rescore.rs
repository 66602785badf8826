//! Re-scoring the top of the backlog: which stories the re-score grid
//! shows, and what the score ranking would be if one story's score changed,
//! worked out from the ranking already computed instead of ranking every
//! story again: a key in the grid must not sort 100,000 stories.

use std::cmp::Ordering;
use std::sync::Arc;

use super::rice::{Ranks, ScoreRanking, story_score};
use super::{Status, Story};

/// The indices of the first `n` open (not done) stories in rank order.
/// Stops after `n`: only the done stories above them are passed over.
pub fn top_open(stories: &[Arc<Story>], n: usize) -> Vec<usize> {
    stories
        .iter()
        .enumerate()
        .filter(|(_, s)| s.status != Status::Done)
        .map(|(i, _)| i)
        .take(n)
        .collect()
}

/// Where a scored story stands in the score order: higher scores first,
/// equal scores in hand order (the order `score_ranking` sorts by).
fn before(a: (f64, usize), b: (f64, usize)) -> bool {
    match b.0.total_cmp(&a.0) {
        Ordering::Less => true,
        Ordering::Greater => false,
        Ordering::Equal => a.1 < b.1,
    }
}

/// The ranks of the stories at `rows` if the story at `edited` had the
/// score `score` (`None`: no score) instead of its own, everything else as
/// in `ranking` (which must be the ranking of `stories`). Costs one binary
/// search over the ranked stories plus O(1) per row, so a grid can preview
/// every key at 100,000 stories. A done story has no ranks, as in
/// `score_ranking`.
pub fn preview_ranks(
    stories: &[Arc<Story>],
    ranking: &ScoreRanking,
    edited: usize,
    score: Option<f64>,
    rows: &[usize],
) -> Vec<Option<Ranks>> {
    let score_of = |i: usize| stories.get(i).and_then(|s| story_score(s));
    let old = ranking
        .of(edited)
        .and_then(|_| score_of(edited))
        .map(|s| (s, edited));
    let open = stories
        .get(edited)
        .is_some_and(|s| s.status != Status::Done);
    let new = score.filter(|s| open && s.is_finite()).map(|s| (s, edited));
    let edited_ranks = new.map(|new| {
        let hand = match ranking.of(edited) {
            Some(r) => r.hand,
            // Newly scored: after the nearest ranked story above it.
            None => {
                ranking.ranks[..edited.min(ranking.ranks.len())]
                    .iter()
                    .rev()
                    .find_map(|r| r.map(|r| r.hand))
                    .unwrap_or(0)
                    + 1
            }
        };
        let ahead = ranking
            .by_score
            .partition_point(|&j| score_of(j).is_some_and(|s| before((s, j), new)));
        // Its own old place is among those ahead when the score went down.
        let own = old.is_some_and(|old| before(old, new));
        Ranks {
            hand,
            score: ahead - usize::from(own) + 1,
        }
    });
    rows.iter()
        .map(|&j| {
            if j == edited {
                return edited_ranks;
            }
            let r = ranking.of(j)?;
            let this = (score_of(j)?, j);
            let was_ahead = old.is_some_and(|o| before(o, this));
            let is_ahead = new.is_some_and(|n| before(n, this));
            let was_above = old.is_some() && edited < j;
            let is_above = new.is_some() && edited < j;
            Some(Ranks {
                hand: r.hand - usize::from(was_above) + usize::from(is_above),
                score: r.score - usize::from(was_ahead) + usize::from(is_ahead),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::model::Rice;
    use crate::model::rice::score_ranking;

    fn story(i: usize, reach: Option<f64>, done: bool) -> Arc<Story> {
        let mut s = Story::new(format!("S-{i}"), "s", Utc::now());
        s.rice = reach.map(|reach| Rice {
            reach,
            ..Rice::default()
        });
        if done {
            s.status = Status::Done;
        }
        Arc::new(s)
    }

    /// Reaches with ties, gaps (no score) and done stories in between.
    fn stories() -> Vec<Arc<Story>> {
        let reaches = [
            Some(50.0),
            None,
            Some(10.0),
            Some(50.0),
            Some(90.0),
            Some(10.0),
            None,
            Some(70.0),
            Some(0.0),
            Some(30.0),
        ];
        reaches
            .iter()
            .enumerate()
            .map(|(i, r)| story(i, *r, i == 5))
            .collect()
    }

    #[test]
    fn the_preview_equals_ranking_again_after_the_edit_for_every_story_and_score() {
        let stories = stories();
        let ranking = score_ranking(&stories);
        let rows: Vec<usize> = (0..stories.len()).collect();
        let scores = [
            None,
            Some(0.0),
            Some(10.0),
            Some(50.0),
            Some(60.0),
            Some(1e9),
        ];
        for edited in 0..stories.len() {
            for score in scores {
                let mut after = stories.clone();
                Arc::make_mut(&mut after[edited]).rice = score.map(|reach| Rice {
                    reach,
                    ..Rice::default()
                });
                let expected = score_ranking(&after);
                let preview = preview_ranks(&stories, &ranking, edited, score, &rows);
                for &j in &rows {
                    assert_eq!(
                        preview[j],
                        expected.of(j),
                        "story {j} when story {edited} scores {score:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_top_open_stories_skip_done_ones_and_stop_at_n() {
        let stories = stories();
        assert_eq!(top_open(&stories, 6), [0, 1, 2, 3, 4, 6]);
        assert_eq!(top_open(&stories, 100).len(), 9);
        assert!(top_open(&stories, 0).is_empty());
    }
}
