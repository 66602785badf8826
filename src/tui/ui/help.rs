//! The `?` screen, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{layout, theme};
use crate::tui::keymap;

/// Draws the help popup scrolled by `scroll` lines.
pub fn render(frame: &mut Frame, area: Rect, scroll: usize) {
    let popup = layout::centered(area, 90, area.height.saturating_sub(2));
    let mut lines = Vec::new();
    for (title, entries) in keymap::help_sections() {
        lines.push(Line::styled(title, theme::label()));
        for (keys, help) in entries {
            lines.push(Line::from(vec![
                Span::raw(format!("  {keys:<28} ")),
                Span::raw(help),
            ]));
        }
        lines.push(Line::raw(""));
    }
    let inner = usize::from(popup.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner));
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
