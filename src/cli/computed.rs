//! `po list --json --computed`: each story as in the file, plus a `computed`
//! object with what po works out from it and the backlog around it.

use std::io::Write;

use serde::Serialize;
use serde_json::{Value, json};

use super::check::reasons_json;
use super::output;
use crate::model::ready::{self, Ranks};
use crate::model::{Backlog, Story, rice};

/// A story with its computed figures after its own fields.
#[derive(Serialize)]
struct WithComputed<'a> {
    #[serde(flatten)]
    story: &'a Story,
    computed: Value,
}

/// Writes the picked stories (rank, story) as a JSON array.
pub fn write(
    out: &mut impl Write,
    backlog: &Backlog,
    picked: &[(usize, &Story)],
) -> anyhow::Result<()> {
    let ranks = Ranks::of(backlog);
    let scores = rice::score_ranking(&backlog.stories);
    let stories: Vec<WithComputed> = picked
        .iter()
        .map(|&(rank, story)| {
            let reasons = ready::reasons(story, rank - 1, |k| ranks.get(k));
            let blocked_by: Vec<&str> = story
                .depends_on
                .iter()
                .filter(|d| ranks.get(d).is_some_and(|(_, open)| open))
                .map(String::as_str)
                .collect();
            let ranked = scores.of(rank - 1);
            WithComputed {
                story,
                computed: json!({
                    "rice_score": rice::story_score(story),
                    "score_rank": ranked.map(|r| r.score),
                    "score_marker": ranked.and_then(rice::Ranks::marker).map(|m| m.to_string()),
                    "ready": reasons.is_empty(),
                    "not_ready": reasons_json(&reasons),
                    "blocked_by": blocked_by,
                }),
            }
        })
        .collect();
    output::json(out, &stories)
}
