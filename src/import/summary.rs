//! The words of an import summary, shared by `po import` (which adds a table
//! of the first stories) and the TUI's import question, so both say the same.

use super::{Applied, Plan, Warning};
use crate::model::number::count;
use crate::model::{Backlog, SprintState};
use crate::text;

/// What the file is and, when the format was detected, why:
/// "Jira CSV export (picked by --format auto: ...)".
pub fn format_line(plan: &Plan, why: Option<&str>) -> String {
    match why {
        Some(why) => format!(
            "{} (picked by --format auto: {why})",
            plan.format.describe()
        ),
        None => plan.format.describe().to_string(),
    }
}

/// Everything the file holds, before it meets the backlog.
pub fn in_file_line(plan: &Plan) -> String {
    let states = |state: SprintState| plan.sprints.iter().filter(|s| s.state == state).count();
    format!(
        "in the file: {}, {} ({} closed, {} active, {} planned), {}, {}",
        count(plan.epics.len(), "epic", "epics"),
        count(plan.sprints.len(), "sprint", "sprints"),
        states(SprintState::Closed),
        states(SprintState::Active),
        states(SprintState::Planned),
        count(plan.stories.len(), "story", "stories"),
        count(
            plan.criteria(),
            "acceptance criterion",
            "acceptance criteria"
        ),
    )
}

/// What applying it does (or would do, for a dry run) to this backlog.
pub fn result_line(applied: &Applied, dry_run: bool) -> String {
    let verb = if dry_run { "would add" } else { "added" };
    format!(
        "{verb}: {}, {}, {} with {}; {} updated, {} unchanged",
        count(applied.epics_added, "epic", "epics"),
        count(applied.sprints_added, "sprint", "sprints"),
        count(applied.added.len(), "story", "stories"),
        count(
            applied.criteria_added,
            "acceptance criterion",
            "acceptance criteria"
        ),
        applied.updated.len(),
        applied.unchanged,
    )
}

/// The reader's warnings and the notes of applying, in the file's order.
pub fn warnings<'a>(plan: &'a Plan, applied: &'a Applied) -> Vec<&'a Warning> {
    let mut warnings: Vec<_> = plan.warnings.iter().chain(&applied.notes).collect();
    warnings.sort_by_key(|w| w.at);
    warnings
}

/// "3 warnings:", the heading of the list.
pub fn warnings_heading(n: usize) -> String {
    format!("{}:", count(n, "warning", "warnings"))
}

/// Each warning as both summaries print it: where it is in the file, the
/// story that row became (so it can be found and fixed in po; unless the
/// message names it already), and what happened:
/// `line 13 (S-3 Show delivery slots): status "QA" is not a status po knows`.
pub fn warning_lines(plan: &Plan, applied: &Applied, backlog: &Backlog) -> Vec<String> {
    warnings(plan, applied)
        .into_iter()
        .map(|w| {
            let story = applied
                .keys_at
                .get(&w.at)
                .filter(|key| !names(&w.message, key))
                .and_then(|key| backlog.story(key));
            let message = text::sanitize(&w.message).replace('\n', " ");
            match story {
                Some(s) => format!(
                    "{} ({} {}): {message}",
                    w.at,
                    s.key,
                    text::truncate(&text::sanitize(&s.title), TITLE_WIDTH)
                ),
                None => format!("{}: {message}", w.at),
            }
        })
        .collect()
}

/// How much of a story's title a warning shows.
const TITLE_WIDTH: usize = 40;

/// Whether `message` mentions `key` as a word ("as S-3:" but not "S-31").
fn names(message: &str, key: &str) -> bool {
    message
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .any(|word| word == key)
}

/// What was brought in, short enough for a status line:
/// "12 stories, 2 epics, 1 sprint, 3 updated".
pub fn added_counts(applied: &Applied) -> String {
    let count = |n: usize, one: &str, many: &str| {
        (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
    };
    let parts: Vec<String> = [
        count(applied.added.len(), "story", "stories"),
        count(applied.epics_added, "epic", "epics"),
        count(applied.sprints_added, "sprint", "sprints"),
        count(applied.updated.len(), "update", "updates"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "nothing new".to_string()
    } else {
        parts.join(", ")
    }
}
