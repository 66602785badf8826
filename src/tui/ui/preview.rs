//! The trade-off preview popup: per epic, p50 and p85 before → after the
//! move with the difference, later dates in red and earlier in green, and
//! whether the running sprint's commitment changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::model::{EpicShift, WhatIf};
use crate::text;
use crate::tui::preview::Preview;

use super::roadmap::short_labels;
use super::{layout, theme};

/// Draws the preview over the screen.
pub fn render(frame: &mut Frame, area: Rect, p: &Preview, changes: u64) {
    let rows = p.figures.as_ref().map_or(0, |w| w.epics.len());
    let height = u16::try_from(rows + 7).unwrap_or(u16::MAX);
    let popup = layout::centered(area, 112, height.min(area.height.saturating_sub(2)));
    let title = format!(
        " What if {} went to rank {}? (now {}) ",
        p.key,
        p.to + 1,
        p.from + 1
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::popup_border())
        .title(text::truncate(&title, usize::from(popup.width.saturating_sub(4))).into_owned());
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let mut lines = vec![Line::styled(
        text::truncate(&text::sanitize(&p.title), usize::from(inner.width)).into_owned(),
        theme::label(),
    )];
    match (&p.figures, &p.failure) {
        (_, Some(e)) => lines.push(Line::styled(
            format!("Could not compute the preview: {}", text::sanitize(e)),
            theme::error(),
        )),
        (None, None) => lines.push(Line::styled("Computing the trade-off…", theme::dim())),
        (Some(w), None) => {
            let note = if p.is_current(changes) {
                format!(
                    "same seed on both sides ({} runs): the differences are the move's",
                    w.runs
                )
            } else {
                format!("updating for rank {}…", p.to + 1)
            };
            lines.push(Line::styled(note, theme::dim()));
            lines.extend(shifts(w));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn shifts(w: &WhatIf) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(why) = &w.no_dates {
        lines.push(Line::styled(
            format!("{why}: no dates to compare"),
            theme::error(),
        ));
    } else {
        let (first, second) = crate::model::roadmap::drawn_names(&w.percentiles);
        lines.push(Line::styled(
            format!(
                "{:<22} {:<21} {:<20} {:<21} {}",
                "Epic",
                format!("{first} before → after"),
                "",
                format!("{second} before → after"),
                ""
            ),
            theme::column_titles(),
        ));
        for e in &w.epics {
            lines.push(shift(e));
        }
    }
    if let Some(s) = &w.sprint {
        let line = if s.changes() {
            let mut parts = Vec::new();
            if !s.joins.is_empty() {
                parts.push(format!("{} comes in", s.joins.join(", ")));
            }
            if !s.leaves.is_empty() {
                parts.push(format!("{} pushed out", s.leaves.join(", ")));
            }
            Line::styled(
                format!(
                    "Running sprint {}: the commitment changes: {}",
                    s.key,
                    parts.join("; ")
                ),
                theme::error(),
            )
        } else {
            Line::styled(
                format!("Running sprint {}: the commitment does not change", s.key),
                theme::dim(),
            )
        };
        lines.push(line);
    }
    lines
}

/// One epic: dates before → after and the differences, coloured by direction.
fn shift(e: &EpicShift) -> Line<'static> {
    let (b50, b85) = short_labels(&e.before);
    let (a50, a85) = short_labels(&e.after);
    let (d50, d85) = e.differences();
    let (days50, days85) = e.shown().map_or((None, None), |(a, b)| (a.days, b.days));
    let style = |days: Option<i64>| match days {
        Some(d) if d > 0 => Style::new().fg(Color::Red),
        Some(d) if d < 0 => Style::new().fg(Color::Green),
        _ => theme::dim(),
    };
    let name = format!("{} {}", e.key, e.title);
    let name = text::truncate(&text::sanitize(&name), 22).into_owned();
    Line::from(vec![
        Span::raw(format!("{} ", text::pad_to(&name, 22))),
        Span::raw(format!("{:<21} ", format!("{b50} → {a50}"))),
        Span::styled(format!("{d50:<20} "), style(days50)),
        Span::raw(format!("{:<21} ", format!("{b85} → {a85}"))),
        Span::styled(d85, style(days85)),
    ])
}
