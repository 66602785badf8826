//! The words of an import summary, shared by `po import` (which adds a table
//! of the first stories) and the TUI's import question, so both say the same.

use super::{Applied, Plan, Warning};
use crate::model::SprintState;

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
        "in the file: {} epics, {} sprints ({} closed, {} active, {} planned), {} stories, {} acceptance criteria",
        plan.epics.len(),
        plan.sprints.len(),
        states(SprintState::Closed),
        states(SprintState::Active),
        states(SprintState::Planned),
        plan.stories.len(),
        plan.criteria(),
    )
}

/// What applying it does (or would do, for a dry run) to this backlog.
pub fn result_line(applied: &Applied, dry_run: bool) -> String {
    let verb = if dry_run { "would add" } else { "added" };
    format!(
        "{verb}: {} epics, {} sprints, {} stories with {} acceptance criteria; {} updated, {} unchanged",
        applied.epics_added,
        applied.sprints_added,
        applied.added.len(),
        applied.criteria_added,
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
