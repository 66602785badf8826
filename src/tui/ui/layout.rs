//! Where things go on the screen; shared by rendering and by the App (page
//! size, scrolling), so both agree on how many rows the list shows.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this size po shows "terminal too small" instead of the views.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

/// The screen's regions.
pub struct Areas {
    pub header: Rect,
    pub banner: Rect,
    pub body: Rect,
    pub message: Rect,
    pub hints: Rect,
}

/// Splits the screen: header, banner, body, message line, key hints.
pub fn areas(area: Rect) -> Areas {
    let [header, banner, body, message, hints] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    Areas {
        header,
        banner,
        body,
        message,
        hints,
    }
}

/// Whether the terminal is too small to show the views.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// How many story rows the backlog list shows (the body minus its column titles).
pub fn list_height(width: u16, height: u16) -> usize {
    if too_small(width, height) {
        return 1;
    }
    let body = areas(Rect::new(0, 0, width, height)).body;
    usize::from(body.height.saturating_sub(1)).max(1)
}

/// A rectangle of at most `width` × `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
