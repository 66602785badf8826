//! The `?` screen, generated from the keymap table. Long descriptions wrap
//! under their own column instead of being cut at the popup's edge, and the
//! screen opens at the section of the view it was asked from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{layout, theme};
use crate::text;
use crate::tui::keymap::{self, Context};

/// Cells of the keys column, before the description.
const KEYS: usize = 28;

/// Where the popup goes on a screen of `area`.
fn popup_area(area: Rect) -> Rect {
    layout::centered(area, 90, area.height.saturating_sub(2))
}

/// The help's lines for a popup `inner` cells wide, and the line each
/// section starts at (by its title).
fn lines(inner: usize) -> (Vec<Line<'static>>, Vec<(&'static str, usize)>) {
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    // "  keys…  " then the description; on a narrow popup the description
    // still gets at least a third of it.
    let indent = (KEYS + 3).min(inner * 2 / 3);
    let room = inner.saturating_sub(indent).max(1);
    for (title, entries) in keymap::help_sections() {
        starts.push((title, lines.len()));
        lines.push(Line::styled(title, theme::label()));
        for (keys, help) in entries {
            let mut wrapped = text::wrap(help, room).into_iter();
            let column = indent.saturating_sub(3);
            if text::width(&keys) <= column {
                let first = wrapped.next().unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::raw(format!("  {} ", text::pad_to(&keys, column))),
                    Span::raw(first),
                ]));
            } else {
                // Keys too long for their column get a line of their own.
                lines.push(Line::raw(format!(
                    "  {}",
                    text::truncate(&keys, inner.saturating_sub(2))
                )));
            }
            for more in wrapped {
                lines.push(Line::raw(format!("{:indent$}{more}", "")));
            }
        }
        lines.push(Line::raw(""));
    }
    (lines, starts)
}

/// Rows the popup shows, and its inner width, on a screen of `area`.
fn inner_size(area: Rect) -> (usize, usize) {
    let popup = popup_area(area);
    (
        usize::from(popup.height.saturating_sub(2)),
        usize::from(popup.width.saturating_sub(2)),
    )
}

/// The scroll that shows the section of `context` at the top (as far as
/// the end of the help allows) on a screen of `width` × `height`.
pub fn scroll_to(context: Context, width: u16, height: u16) -> usize {
    let (rows, inner) = inner_size(Rect::new(0, 0, width, height));
    let (lines, starts) = lines(inner);
    let start = starts
        .iter()
        .find(|(title, _)| *title == context.title())
        .map_or(0, |(_, at)| *at);
    start.min(lines.len().saturating_sub(rows))
}

/// Draws the help popup scrolled by `scroll` lines.
pub fn render(frame: &mut Frame, area: Rect, scroll: usize) {
    let popup = popup_area(area);
    let (rows, inner) = inner_size(area);
    let (lines, _) = lines(inner);
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::popup_border())
        .title(" Keys (Esc closes, j/k scroll) ");
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        popup,
    );
}
