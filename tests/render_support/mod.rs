//! Drawing the TUI on ratatui's TestBackend, and reading what it drew: the
//! text for snapshots, and the style of a cell found by its text, so that
//! tests about the cursor row, highlights or done stories can see colours.
#![allow(dead_code)]

use po::tui::app::App;
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// One drawn frame.
pub struct Screen {
    pub buffer: Buffer,
}

/// Renders the app at a size.
pub fn draw(app: &mut App, width: u16, height: u16) -> Screen {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    Screen {
        buffer: terminal.backend().buffer().clone(),
    }
}

/// Renders the app and returns the screen as text, one line per row.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    draw(app, width, height).text()
}

impl Screen {
    fn width(&self) -> u16 {
        self.buffer.area.width
    }

    fn height(&self) -> u16 {
        self.buffer.area.height
    }

    /// A row's text with, for every byte of it, the column it was drawn in.
    fn row(&self, y: u16) -> (String, Vec<u16>) {
        let mut line = String::new();
        let mut columns = Vec::new();
        let mut x = 0;
        while x < self.width() {
            // A wide character fills two cells; the second holds no symbol of its own.
            let symbol = self.buffer[(x, y)].symbol();
            line.push_str(symbol);
            columns.extend(std::iter::repeat_n(x, symbol.len()));
            x += u16::try_from(po::text::width(symbol).max(1)).unwrap();
        }
        (line, columns)
    }

    /// The whole screen as text, trailing spaces trimmed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for y in 0..self.height() {
            out.push_str(self.row(y).0.trim_end());
            out.push('\n');
        }
        out
    }

    /// The text of row `y`.
    pub fn line(&self, y: u16) -> String {
        self.row(y).0
    }

    /// Where `needle` first appears (column, row), if it does.
    pub fn find(&self, needle: &str) -> Option<(u16, u16)> {
        (0..self.height()).find_map(|y| {
            let (line, columns) = self.row(y);
            line.find(needle).map(|at| (columns[at], y))
        })
    }

    /// The row `needle` first appears on; panics with the screen if nowhere.
    pub fn row_of(&self, needle: &str) -> u16 {
        self.at(needle).1
    }

    fn at(&self, needle: &str) -> (u16, u16) {
        self.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} is not on the screen:\n{}", self.text()))
    }

    /// The style of the cell where `needle` starts on the screen.
    pub fn style_of(&self, needle: &str) -> Style {
        let (x, y) = self.at(needle);
        self.buffer[(x, y)].style()
    }

    /// The styles of every cell `needle` covers where it first appears.
    pub fn styles_of(&self, needle: &str) -> Vec<Style> {
        let (x, y) = self.at(needle);
        let cells = u16::try_from(po::text::width(needle)).unwrap();
        (x..x + cells)
            .map(|x| self.buffer[(x, y)].style())
            .collect()
    }

    /// The visible (non-blank) cells of row `y`, with their styles.
    pub fn row_cells(&self, y: u16) -> Vec<(String, Style)> {
        (0..self.width())
            .map(|x| &self.buffer[(x, y)])
            .filter(|c| !c.symbol().trim().is_empty())
            .map(|c| (c.symbol().to_string(), c.style()))
            .collect()
    }

    /// The style of the cell at (x, y).
    pub fn style_at(&self, x: u16, y: u16) -> Style {
        self.buffer[(x, y)].style()
    }
}

/// The colour a cell's text is drawn in, terminal default when unset.
pub fn fg(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

/// The colour behind a cell, terminal default when unset.
pub fn bg(style: Style) -> Color {
    style.bg.unwrap_or(Color::Reset)
}

/// Whether a style is bold.
pub fn bold(style: Style) -> bool {
    style.add_modifier.contains(Modifier::BOLD)
}

/// Whether text in this style stands out from its background: a foreground
/// that is set and differs from the background (grey on grey does not).
pub fn readable(style: Style) -> bool {
    fg(style) != bg(style) || bg(style) == Color::Reset
}

/// The screen's text with every space, line break and side border of a box
/// taken out, so that text wrapped over several lines is still found in
/// one piece.
pub fn squeezed(screen: &Screen) -> String {
    screen
        .text()
        .split_whitespace()
        .collect::<String>()
        .replace('│', "")
}

/// Whether `wanted` is on the screen, wrapped over lines or not.
pub fn contains_wrapped(screen: &Screen, wanted: &str) -> bool {
    let wanted: String = wanted.split_whitespace().collect();
    squeezed(screen).contains(&wanted)
}
