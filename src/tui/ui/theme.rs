//! Colours and styles, in one place: every style the screen uses comes from
//! a function here, which reads the active theme.
//!
//! Three themes: `dark` (the default), `light` for light backgrounds, and
//! `mono`, which uses no colour at all, only reverse video, bold, underline,
//! dim and crossed-out text, so that the cursor row, search matches and the
//! done and warning marks stay visible where colour is off (`NO_COLOR`, a
//! dumb terminal). A config file can override each role's colour.
//!
//! The theme is chosen once when the TUI starts; it is kept per thread (the
//! TUI draws on one thread) so that render tests of different themes can run
//! side by side.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

use crate::model::{Moscow, Status};

/// The themes po ships.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Mono];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }

    pub fn parse(text: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// The colour of each role; `None` draws in the terminal's own colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub name: ThemeName,
    pub header: Option<Color>,
    pub header_text: Option<Color>,
    pub tab: Option<Color>,
    pub cursor: Option<Color>,
    /// Text on the cursor row that would vanish into `cursor`.
    pub cursor_text: Option<Color>,
    pub accent: Option<Color>,
    pub done: Option<Color>,
    pub in_progress: Option<Color>,
    pub warning: Option<Color>,
    pub error: Option<Color>,
    pub info: Option<Color>,
    pub dim: Option<Color>,
    pub search: Option<Color>,
    pub must: Option<Color>,
    pub should: Option<Color>,
    pub could: Option<Color>,
    pub focus: Option<Color>,
}

/// The roles a config file may recolour, with what each one paints.
pub const ROLES: [(&str, &str); 17] = [
    ("header", "the header bar's background"),
    ("header_text", "the header bar's text"),
    ("tab", "the active view's tab"),
    ("cursor", "the cursor row's background"),
    ("cursor_text", "dim text on the cursor row"),
    ("accent", "labels, borders and the active sprint"),
    ("done", "done stories"),
    ("in_progress", "stories in progress"),
    ("warning", "warnings and banners"),
    ("error", "errors"),
    ("info", "messages and done status"),
    ("dim", "secondary text"),
    ("search", "search matches"),
    ("must", "Must have"),
    ("should", "Should have"),
    ("could", "Could have"),
    ("focus", "the focused form field"),
];

impl Palette {
    pub const DARK: Palette = Palette {
        name: ThemeName::Dark,
        header: Some(Color::Cyan),
        header_text: Some(Color::Black),
        tab: Some(Color::Blue),
        cursor: Some(Color::DarkGray),
        cursor_text: Some(Color::Gray),
        accent: Some(Color::Cyan),
        done: Some(Color::DarkGray),
        in_progress: Some(Color::Yellow),
        warning: Some(Color::Yellow),
        error: Some(Color::Red),
        info: Some(Color::Green),
        dim: Some(Color::DarkGray),
        search: Some(Color::Yellow),
        must: Some(Color::Red),
        should: Some(Color::Yellow),
        could: Some(Color::Green),
        focus: Some(Color::Blue),
    };

    /// For light backgrounds: no yellow or light grey text, which would not
    /// show on white; darker shades from the 256-colour table instead.
    pub const LIGHT: Palette = Palette {
        name: ThemeName::Light,
        header: Some(Color::Blue),
        header_text: Some(Color::White),
        tab: Some(Color::Indexed(18)),
        cursor: Some(Color::Indexed(253)),
        cursor_text: Some(Color::Indexed(240)),
        accent: Some(Color::Indexed(25)),
        done: Some(Color::Indexed(245)),
        in_progress: Some(Color::Indexed(130)),
        warning: Some(Color::Indexed(130)),
        error: Some(Color::Indexed(160)),
        info: Some(Color::Indexed(28)),
        dim: Some(Color::Indexed(242)),
        search: Some(Color::Indexed(229)),
        must: Some(Color::Indexed(160)),
        should: Some(Color::Indexed(130)),
        could: Some(Color::Indexed(28)),
        focus: Some(Color::Indexed(153)),
    };

    pub const MONO: Palette = Palette {
        name: ThemeName::Mono,
        header: None,
        header_text: None,
        tab: None,
        cursor: None,
        cursor_text: None,
        accent: None,
        done: None,
        in_progress: None,
        warning: None,
        error: None,
        info: None,
        dim: None,
        search: None,
        must: None,
        should: None,
        could: None,
        focus: None,
    };

    pub fn named(name: ThemeName) -> Palette {
        match name {
            ThemeName::Dark => Palette::DARK,
            ThemeName::Light => Palette::LIGHT,
            ThemeName::Mono => Palette::MONO,
        }
    }

    /// Recolours one role; `false` when there is no such role.
    pub fn set(&mut self, role: &str, color: Color) -> bool {
        match self.slot(role) {
            Some(slot) => {
                *slot = Some(color);
                true
            }
            None => false,
        }
    }

    /// A role's colour; `None` for the terminal's own or no such role.
    pub fn get(&self, role: &str) -> Option<Color> {
        let mut copy = *self;
        copy.slot(role).and_then(|slot| *slot)
    }

    fn slot(&mut self, role: &str) -> Option<&mut Option<Color>> {
        Some(match role {
            "header" => &mut self.header,
            "header_text" => &mut self.header_text,
            "tab" => &mut self.tab,
            "cursor" => &mut self.cursor,
            "cursor_text" => &mut self.cursor_text,
            "accent" => &mut self.accent,
            "done" => &mut self.done,
            "in_progress" => &mut self.in_progress,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "info" => &mut self.info,
            "dim" => &mut self.dim,
            "search" => &mut self.search,
            "must" => &mut self.must,
            "should" => &mut self.should,
            "could" => &mut self.could,
            "focus" => &mut self.focus,
            _ => return None,
        })
    }

    fn mono(&self) -> bool {
        self.name == ThemeName::Mono
    }
}

thread_local! {
    static ACTIVE: Cell<Palette> = const { Cell::new(Palette::DARK) };
}

/// Makes `palette` the theme of everything this thread draws from now on.
pub fn use_palette(palette: Palette) {
    ACTIVE.with(|p| p.set(palette));
}

/// The theme this thread draws with.
pub fn palette() -> Palette {
    ACTIVE.with(Cell::get)
}

/// Whether the environment asks for no colour: `NO_COLOR` set to anything
/// but the empty string (no-color.org), or a terminal that has none.
pub fn colour_is_off(no_color: Option<&str>, term: Option<&str>) -> bool {
    no_color.is_some_and(|v| !v.is_empty()) || matches!(term, Some("dumb"))
}

/// A style with `fg` as its foreground, when the theme has one.
fn fg(color: Option<Color>) -> Style {
    match color {
        Some(c) => Style::new().fg(c),
        None => Style::new(),
    }
}

/// A style with these colours and, in mono, `mono` instead.
fn painted(fg: Option<Color>, bg: Option<Color>, mono: Modifier) -> Style {
    let p = palette();
    if p.mono() {
        return Style::new().add_modifier(mono);
    }
    let mut style = Style::new();
    if let Some(c) = fg {
        style = style.fg(c);
    }
    if let Some(c) = bg {
        style = style.bg(c);
    }
    style
}

pub fn header() -> Style {
    let p = palette();
    painted(p.header_text, p.header, Modifier::REVERSED).add_modifier(Modifier::BOLD)
}

pub fn tab_active() -> Style {
    let p = palette();
    if p.mono() {
        // The header bar is reversed; the active tab is the one that is
        // not, and underlined.
        return Style::new()
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            .remove_modifier(Modifier::REVERSED);
    }
    painted(Some(Color::White), p.tab, Modifier::empty()).add_modifier(Modifier::BOLD)
}

pub fn banner() -> Style {
    painted(palette().warning, None, Modifier::BOLD)
}

pub fn read_only() -> Style {
    let p = palette();
    painted(Some(Color::White), p.error, Modifier::REVERSED).add_modifier(Modifier::BOLD)
}

pub fn column_titles() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn selected() -> Style {
    painted(None, palette().cursor, Modifier::REVERSED).add_modifier(Modifier::BOLD)
}

/// The cursor row over a row drawn in `base`: text that would vanish on the
/// cursor's colour (a done story, a Won't) is lifted to `cursor_text`.
pub fn selected_over(base: Style) -> Style {
    let p = palette();
    let style = base.patch(selected());
    if p.cursor.is_some() && style.fg == p.cursor {
        style.fg(p.cursor_text.unwrap_or(Color::Reset))
    } else {
        style
    }
}

pub fn in_active_sprint() -> Style {
    painted(palette().accent, None, Modifier::ITALIC)
}

pub fn done() -> Style {
    painted(palette().done, None, Modifier::DIM).add_modifier(Modifier::CROSSED_OUT)
}

pub fn search_match() -> Style {
    let p = palette();
    painted(
        Some(Color::Black),
        p.search,
        Modifier::UNDERLINED | Modifier::BOLD,
    )
}

pub fn dim() -> Style {
    painted(palette().dim, None, Modifier::DIM)
}

pub fn label() -> Style {
    fg(palette().accent).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    fg(palette().error).add_modifier(Modifier::BOLD)
}

/// A warning in running text: over capacity, not ready, too many Musts.
pub fn warning() -> Style {
    painted(palette().warning, None, Modifier::BOLD)
}

/// A blocked story's mark and the board's blocker line.
pub fn blocked() -> Style {
    fg(palette().error).add_modifier(Modifier::BOLD)
}

/// The age of a card in progress for too long.
pub fn ageing() -> Style {
    painted(palette().warning, None, Modifier::UNDERLINED).add_modifier(Modifier::BOLD)
}

/// A card that moved since the previous working day, while the board
/// highlights them.
pub fn changed() -> Style {
    let p = palette();
    let bg = if p.name == ThemeName::Light {
        Color::Indexed(195)
    } else {
        Color::LightCyan
    };
    painted(
        Some(Color::Black),
        Some(bg),
        Modifier::UNDERLINED | Modifier::ITALIC,
    )
}

pub fn info() -> Style {
    fg(palette().info)
}

pub fn key_hint() -> Style {
    let p = palette();
    let bg = if p.name == ThemeName::Light {
        Some(Color::Indexed(250))
    } else {
        Some(Color::Gray)
    };
    painted(Some(Color::Black), bg, Modifier::REVERSED)
}

pub fn popup_border() -> Style {
    fg(palette().accent)
}

pub fn focused_field() -> Style {
    let p = palette();
    let text = if p.name == ThemeName::Light {
        Color::Black
    } else {
        Color::White
    };
    painted(Some(text), p.focus, Modifier::REVERSED)
}

pub fn moscow(m: Option<Moscow>) -> Style {
    let p = palette();
    match m {
        Some(Moscow::Must) => painted(p.must, None, Modifier::BOLD),
        Some(Moscow::Should) => fg(p.should),
        Some(Moscow::Could) => fg(p.could),
        Some(Moscow::Wont) | None => dim(),
    }
}

pub fn status(s: Status) -> Style {
    let p = palette();
    match s {
        Status::Todo => Style::new(),
        Status::InProgress => painted(p.in_progress, None, Modifier::BOLD),
        Status::Done => fg(p.info),
    }
}

/// The banner while a git merge left conflicts: loud, in the warning
/// colour rather than the error red of "cannot save".
pub fn merge_conflict() -> Style {
    let p = palette();
    painted(Some(Color::Black), p.warning, Modifier::REVERSED).add_modifier(Modifier::BOLD)
}

/// A score marker: the RICE score ranks the story far from its hand rank.
pub fn score_marker() -> Style {
    painted(palette().accent, None, Modifier::BOLD)
}

/// A chart's bars in a role's colour (see [`palette`]).
pub fn chart(role: Option<Color>) -> Style {
    painted(role, None, Modifier::empty())
}

/// The value written on a chart's bar.
pub fn chart_value(role: Option<Color>) -> Style {
    painted(Some(Color::Black), role, Modifier::REVERSED)
}

/// The backlog's badge of a story ready for a sprint.
pub fn ready() -> Style {
    fg(palette().info)
}

/// The badge of a story not ready, and the marker of one ranked above what
/// it depends on (in mono: bold).
pub fn not_ready() -> Style {
    painted(palette().warning, None, Modifier::BOLD)
}
