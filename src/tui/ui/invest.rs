//! The story detail's readiness line and INVEST hints: whether the story
//! passes the Definition of Ready (with every reason, the ranking of its
//! dependencies included), then hints on Independent, Estimable, Small and
//! Testable. Hints, not blockers: nothing stops a story from being planned.

use ratatui::text::{Line, Span};

use crate::model::ready;
use crate::model::{Status, Story, number};
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};

use super::theme;

/// The readiness line and the hints, for a story.
pub fn lines(app: &App, story: &Story) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // A story with dependencies is always in the index, so its rank is at hand
    // without a scan; without dependencies the ranking rule has nothing to say.
    let index = app.dep_ranks.get(&story.key).unwrap_or(0);
    let reasons = ready::reasons(story, index, |k| app.dependency(k));
    if story.status == Status::Done {
        // Nothing to refine in finished work.
    } else if reasons.is_empty() {
        out.push(Line::styled("Ready for a sprint", theme::info()));
    } else {
        let said: Vec<String> = reasons.iter().map(ToString::to_string).collect();
        out.push(Line::styled(
            text::sanitize(&format!("Not ready: {}", said.join("; "))).into_owned(),
            theme::error(),
        ));
    }
    out.push(Line::styled("INVEST hints", theme::label()));
    out.push(hint("Independent", independent(app, story, index)));
    out.push(hint("Estimable", estimable(story)));
    out.push(hint("Small", small(story)));
    out.push(hint("Testable", testable(story)));
    out
}

/// A hint: its letter's word, and a note that is fine or worth a look.
fn hint(word: &'static str, (fine, note): (bool, String)) -> Line<'static> {
    let style = if fine {
        theme::dim()
    } else {
        theme::not_ready()
    };
    Line::from(vec![
        Span::styled(format!("  {word:<12}"), theme::label()),
        Span::styled(text::sanitize(&note).into_owned(), style),
    ])
}

fn independent(app: &App, story: &Story, index: usize) -> (bool, String) {
    if story.depends_on.is_empty() {
        return (true, "depends on no other story".to_string());
    }
    let open: Vec<&str> = story
        .depends_on
        .iter()
        .filter(|k| app.dependency(k).is_some_and(|(_, open)| open))
        .map(String::as_str)
        .collect();
    let lower = ready::lower_dependencies(story, index, |k| app.dependency(k));
    if open.is_empty() {
        (true, "what it depends on is done".to_string())
    } else if lower.is_empty() {
        (
            false,
            format!("waits for {} (ranked above it)", open.join(", ")),
        )
    } else {
        (
            false,
            format!(
                "waits for {}; {} ranked below it: move it up, or this down",
                open.join(", "),
                lower.join(", ")
            ),
        )
    }
}

fn estimable(story: &Story) -> (bool, String) {
    match story.points {
        Some(p) if (p - 1.0).abs() < f64::EPSILON => (true, "estimated at 1 point".to_string()),
        Some(p) => (true, format!("estimated at {} points", number::display(p))),
        None => (
            false,
            format!(
                "no estimate yet: size it with the team ({})",
                keymap::hint_key(Context::Detail, Action::SetPoints)
            ),
        ),
    }
}

fn small(story: &Story) -> (bool, String) {
    match story.points {
        Some(p) if p > ready::limits().max_points => (
            false,
            format!(
                "{} points is above {}: split it",
                number::display(p),
                number::display(ready::limits().max_points)
            ),
        ),
        Some(_) => (
            true,
            format!(
                "fits in a sprint (at most {})",
                number::display(ready::limits().max_points)
            ),
        ),
        None => (false, "unknown until it is estimated".to_string()),
    }
}

fn testable(story: &Story) -> (bool, String) {
    match story.acceptance.len() {
        0 => (
            false,
            format!(
                "no acceptance criteria: add one ({}), Given … when … then …",
                keymap::hint_key(Context::Detail, Action::AddCriterion)
            ),
        ),
        1 => (true, "1 acceptance criterion".to_string()),
        n => (true, format!("{n} acceptance criteria")),
    }
}
