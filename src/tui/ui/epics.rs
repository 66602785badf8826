//! The epics with their progress: stories, points done of total, readiness.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::model::number;
use crate::text;

use super::columns::widest;
use super::theme;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};

/// Draws the epic table.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let backlog = &app.backlog;
    if backlog.epics.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "\n  No epics yet. Press {} to add one.",
                keymap::hint_key(Context::Epics, Action::AddEpic)
            ))
            .style(theme::dim()),
            area,
        );
        return;
    }
    let height = usize::from(area.height.saturating_sub(1));
    let offset = (app.epic_cursor + 1).saturating_sub(height);
    let key = widest(
        backlog
            .epics
            .iter()
            .skip(offset)
            .take(height)
            .map(|e| e.key.as_str()),
        3,
        8,
    );
    let fixed = [key, 0, 7, 11, 15, 9];
    // The name takes the rest; cut with "…" so a cut name looks cut.
    let name = area
        .width
        .saturating_sub(fixed.iter().sum::<u16>() + 5)
        .max(1);
    let rows = backlog
        .epics
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, epic)| {
            let p = app.totals.epics.get(&epic.key).cloned().unwrap_or_default();
            let share = if p.points > 0.0 {
                p.done_points / p.points
            } else {
                0.0
            };
            let row = Row::new(vec![
                Cell::from(text::truncate(&epic.key, usize::from(key)).into_owned()),
                Cell::from(text::truncate(&epic.title, usize::from(name)).into_owned()),
                Cell::from(Line::from(p.stories.to_string()).right_aligned()),
                Cell::from(
                    Line::from(format!(
                        "{}/{}",
                        number::display(p.done_points),
                        number::display(p.points)
                    ))
                    .right_aligned(),
                ),
                Cell::from(bar(share, 10)),
                Cell::from(Line::from(p.not_ready.to_string()).right_aligned()),
            ]);
            if i == app.epic_cursor {
                row.style(theme::selected())
            } else {
                row
            }
        });
    let mut widths = fixed;
    widths[1] = name;
    let widths = widths.map(Constraint::Length);
    let header = Row::new([
        "Key",
        "Epic",
        "Stories",
        "Done/pts",
        "Progress",
        "Not ready",
    ])
    .style(theme::column_titles());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
}

/// A text progress bar: "██████░░░░ 60%".
fn bar(share: f64, width: usize) -> String {
    let share = share.clamp(0.0, 1.0);
    // Rounded share of a small width; the cast cannot overflow.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let filled = (share * width as f64).round() as usize;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (share * 100.0).round() as u32;
    format!(
        "{}{} {percent:>3}%",
        "█".repeat(filled),
        "░".repeat(width - filled)
    )
}
