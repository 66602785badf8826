//! The merge conflicts a git merge left in the file: the banner that says
//! so, and the popup that lists them with base, ours and theirs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::Entity;
use crate::model::diff::value_text;
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};

use super::{layout, popups, theme};

/// The banner's words while conflicts remain, with the key that opens them.
pub fn banner(app: &App) -> Option<String> {
    let n = app.backlog.conflicts.len();
    if n == 0 {
        return None;
    }
    let key = keymap::first_key(Context::Global, Action::MergeConflicts).unwrap_or_default();
    let fields = if n == 1 { "field" } else { "fields" };
    Some(format!(
        " MERGE CONFLICTS: {n} {fields} both sides changed · {key} to pick ours or theirs "
    ))
}

/// Rows of the conflict list the popup shows at most.
const LIST_ROWS: usize = 8;

/// The popup: the list of conflicts, then the one under the cursor in full.
pub fn popup(app: &App, frame: &mut Frame, area: Rect, cursor: usize) {
    let conflicts = &app.backlog.conflicts;
    let rows = conflicts.len().min(LIST_ROWS);
    // List, a blank line, what it is about, base/ours/theirs, blank, keys; plus borders.
    let wanted = u16::try_from(rows + 9).unwrap_or(u16::MAX);
    let n = conflicts.len();
    let title = format!("Merge conflicts: {n} left");
    let inner = popups::boxed(frame, layout::centered(area, 76, wanted), &title);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    let offset = (cursor + 1).saturating_sub(rows);
    for (i, c) in conflicts.iter().enumerate().skip(offset).take(rows) {
        let row = text::pad_to(
            &format!(
                "{} {} {}",
                if i == cursor { "›" } else { " " },
                c.key,
                c.field
            ),
            width,
        );
        let style = if i == cursor {
            theme::selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(row, style));
    }
    lines.push(Line::raw(""));
    if let Some(c) = conflicts.get(cursor) {
        let about = match c.entity {
            Entity::Story => app.story_by_key(&c.key).map(|s| s.title.clone()),
            _ => None,
        }
        .map_or_else(
            || format!("{} {}", c.entity, c.key),
            |t| format!("{} {t}", c.key),
        );
        lines.push(Line::styled(
            text::truncate(&format!("{about} · {}", c.field), width).into_owned(),
            theme::label(),
        ));
        for (name, value, note) in [
            ("base", &c.base, ""),
            ("ours", &c.ours, " (in the file now)"),
            ("theirs", &c.theirs, ""),
        ] {
            let room = width.saturating_sub(9 + note.len());
            let shown = text::truncate(&text::sanitize(&value_text(value)), room).into_owned();
            lines.push(Line::from(vec![
                Span::styled(format!("  {name:<7}"), theme::dim()),
                Span::raw(shown),
                Span::styled(note, theme::dim()),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let answers = keymap::footer_hints(&[Context::Merge])
        .into_iter()
        .map(|(key, label)| format!("{key} {label}"))
        .collect::<Vec<_>>()
        .join(" · ");
    lines.push(Line::styled(answers, theme::dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}
