//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::model::{Moscow, Status};

pub fn header() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

pub fn tab_active() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(Modifier::BOLD)
}

pub fn banner() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn read_only() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

pub fn column_titles() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// The colour behind the cursor row.
const CURSOR_BG: Color = Color::DarkGray;

pub fn selected() -> Style {
    Style::new().bg(CURSOR_BG).add_modifier(Modifier::BOLD)
}

/// The cursor row over a row drawn in `base`: text that would vanish on the
/// cursor's grey (a done story, a Won't) is lifted to a lighter grey.
pub fn selected_over(base: Style) -> Style {
    let style = base.patch(selected());
    if style.fg == Some(CURSOR_BG) {
        style.fg(Color::Gray)
    } else {
        style
    }
}

pub fn in_active_sprint() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn done() -> Style {
    Style::new()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::CROSSED_OUT)
}

pub fn search_match() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn label() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// A blocked story's mark and the board's blocker line.
pub fn blocked() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// The age of a card in progress for too long.
pub fn ageing() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// A card that moved since the previous working day, while the board
/// highlights them.
pub fn changed() -> Style {
    Style::new().fg(Color::Black).bg(Color::LightCyan)
}

pub fn info() -> Style {
    Style::new().fg(Color::Green)
}

pub fn key_hint() -> Style {
    Style::new().fg(Color::Black).bg(Color::Gray)
}

pub fn popup_border() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn focused_field() -> Style {
    Style::new().bg(Color::Blue).fg(Color::White)
}

pub fn moscow(m: Option<Moscow>) -> Style {
    match m {
        Some(Moscow::Must) => Style::new().fg(Color::Red),
        Some(Moscow::Should) => Style::new().fg(Color::Yellow),
        Some(Moscow::Could) => Style::new().fg(Color::Green),
        Some(Moscow::Wont) | None => Style::new().fg(Color::DarkGray),
    }
}

pub fn status(s: Status) -> Style {
    match s {
        Status::Todo => Style::new(),
        Status::InProgress => Style::new().fg(Color::Yellow),
        Status::Done => Style::new().fg(Color::Green),
    }
}

/// The backlog's badge of a story ready for a sprint.
pub fn ready() -> Style {
    Style::new().fg(Color::Green)
}

/// The badge of a story not ready, and the marker of one ranked above what
/// it depends on.
pub fn not_ready() -> Style {
    Style::new().fg(Color::Yellow)
}
