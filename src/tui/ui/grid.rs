//! The re-score grid popup: key, title, the four RICE inputs, the score
//! and the score-rank marker of the top open stories; the cursor's cell
//! shows what is typed, and the score, marker and breakdown preview it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::Rice;
use crate::model::number;
use crate::model::rice::{self, RiceField};
use crate::text;
use crate::tui::app::App;
use crate::tui::grid::{Grid, Source};
use crate::tui::keymap::{self, Context};

use super::backlog::short_number;
use super::popups::boxed;
use super::{layout, theme};

/// Widths of the input cells (reach, impact, confidence, effort), the
/// score and the marker (at least; a wider marker widens its column, as
/// "↓45860" at 100,000 stories must not read "↓458…"); the title takes what
/// is left.
const INPUTS: [u16; 4] = [8, 7, 6, 7];
const SCORE: u16 = 8;
const MARKER: u16 = 5;
const HEADINGS: [&str; 4] = ["Reach", "Impact", "Conf.", "Effort"];

/// Draws the grid over the screen.
pub fn render(app: &App, frame: &mut Frame, area: Rect, grid: &Grid) {
    // The keys line wraps rather than being cut on a narrow terminal.
    let popup_width = area.width.saturating_sub(2).min(110);
    let mut keys = text::wrap(&keys_text(), usize::from(popup_width.saturating_sub(2)));
    let height = u16::try_from(grid.rows.len() + 5 + keys.len()).unwrap_or(u16::MAX);
    let popup = layout::centered(area, popup_width, height);
    let n = grid.rows.len();
    let title = match &grid.source {
        Source::TopOpen => format!(
            "Re-score the top {} (RICE)",
            number::count(n, "open story", "open stories")
        ),
        Source::Listed { what, .. } => format!(
            "Re-score the top {} {} (RICE)",
            number::count(n, "story", "stories"),
            text::sanitize(what)
        ),
    };
    let inner = boxed(frame, popup, &title);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    // On a short terminal the rows come first: the key lines give way.
    keys.truncate(usize::from(inner.height - 3).max(1));
    let extra = u16::try_from(keys.len()).unwrap_or(1);
    let key_width = grid
        .keys
        .iter()
        .map(|k| text::width(k))
        .max()
        .unwrap_or(0)
        .max(3);
    let key_width = u16::try_from(key_width).unwrap_or(u16::MAX);
    let markers: Vec<Option<String>> = grid
        .markers(&app.backlog, app.current_ranking())
        .into_iter()
        .map(|m| m.map(|m| m.to_string()))
        .collect();
    let marker_width = markers
        .iter()
        .flatten()
        .map(|m| text::width(m))
        .max()
        .map_or(MARKER, |w| u16::try_from(w).unwrap_or(u16::MAX).max(MARKER));
    let fixed =
        key_width + 1 + INPUTS.iter().map(|w| w + 1).sum::<u16>() + SCORE + 1 + marker_width;
    let title_width = inner.width.saturating_sub(fixed + 1).max(1);
    let widths = Widths {
        key: key_width,
        title: title_width,
        marker: marker_width,
    };

    let mut lines = vec![heading(&widths)];
    // Rows scroll to keep the cursor's in view; three lines are for the
    // headings, the breakdown or error, and the keys.
    let shown = usize::from(inner.height.saturating_sub(2 + extra)).max(1);
    let offset = (grid.row + 1).saturating_sub(shown);
    let mut cursor_at = None;
    for (row, &index) in grid.rows.iter().enumerate().skip(offset).take(shown) {
        let Some(story) = app.backlog.stories.get(index) else {
            continue;
        };
        let rice = grid.previewed(row, story);
        let mut spans = vec![
            Span::styled(
                text::pad_to(&story.key, usize::from(widths.key)),
                theme::label(),
            ),
            Span::raw(" "),
            Span::raw(text::pad_to(
                &text::truncate(&text::sanitize(&story.title), usize::from(widths.title)),
                usize::from(widths.title),
            )),
        ];
        for (column, field) in RiceField::ALL.into_iter().enumerate() {
            let width = usize::from(INPUTS[column]);
            spans.push(Span::raw(" "));
            let here = row == grid.row && column == grid.column;
            let cell = match (&grid.typed, here) {
                // What is typed reads left to right, the cursor after it.
                (Some(typed), true) => {
                    let cut = text::truncate(&text::sanitize(typed), width - 1).into_owned();
                    let x: usize = spans.iter().map(|s| text::width(&s.content)).sum();
                    cursor_at = Some(x + text::width(&cut));
                    Span::styled(text::pad_to(&cut, width), theme::focused_field())
                }
                (None, true) => Span::styled(
                    right(&input(story.rice.as_ref(), field), width),
                    theme::selected(),
                ),
                _ => Span::raw(right(&input(story.rice.as_ref(), field), width)),
            };
            spans.push(cell);
        }
        let score = rice.as_ref().and_then(rice::score);
        let typing_here = row == grid.row && grid.typed.is_some();
        let score_text = match (score, typing_here && grid.typed_value().is_some()) {
            (_, true) if matches!(grid.typed_value(), Some(Err(_))) => "?".to_string(),
            (Some(s), _) => short_number(s),
            (None, _) => "-".to_string(),
        };
        let score_style = if typing_here {
            theme::info()
        } else {
            Style::new()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            right(&score_text, usize::from(SCORE)),
            score_style,
        ));
        spans.push(Span::raw(" "));
        let marker = markers.get(row).cloned().flatten().unwrap_or_default();
        spans.push(Span::styled(
            text::pad_to(&marker, usize::from(widths.marker)),
            theme::score_marker(),
        ));
        if let Some(x) = cursor_at.take() {
            let y = inner.y + u16::try_from(lines.len()).unwrap_or(0);
            let x = inner.x + u16::try_from(x).unwrap_or(0);
            if x < inner.x + inner.width {
                frame.set_cursor_position(Position::new(x, y));
            }
        }
        lines.push(Line::from(spans));
    }
    let body = Rect {
        height: inner.height.saturating_sub(1 + extra),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), body);
    note(app, frame, inner, grid, keys);
}

/// The widths of the key and title columns, which depend on the rows and
/// the screen.
struct Widths {
    key: u16,
    title: u16,
    marker: u16,
}

fn heading(widths: &Widths) -> Line<'static> {
    let mut text = format!(
        "{} {}",
        text::pad_to("Key", usize::from(widths.key)),
        text::pad_to("Title", usize::from(widths.title))
    );
    for (heading, width) in HEADINGS.iter().zip(INPUTS) {
        text.push(' ');
        text.push_str(&right(heading, usize::from(width)));
    }
    text.push(' ');
    text.push_str(&right("Score", usize::from(SCORE)));
    text.push(' ');
    text.push_str(&text::pad_to("Rank", usize::from(widths.marker)));
    Line::styled(text, theme::column_titles())
}

/// The last lines: the refusal or the cursor row's score worked out
/// (with what is typed), then the keys (`keys`, wrapped to the width).
fn note(app: &App, frame: &mut Frame, inner: Rect, grid: &Grid, keys: Vec<String>) {
    let width = usize::from(inner.width);
    let story = grid.story_index().and_then(|i| app.backlog.stories.get(i));
    let first = match (&grid.error, story) {
        (Some(e), _) => Line::styled(
            text::truncate(&text::sanitize(e), width).into_owned(),
            theme::error(),
        ),
        (None, Some(story)) => {
            let said = match (grid.typed_value(), grid.previewed(grid.row, story)) {
                (Some(Err(e)), _) => format!("typing: {e}"),
                (_, Some(rice)) => format!("{}: {}", story.key, rice::breakdown(&rice)),
                (_, None) => format!("{}: no RICE inputs yet; type one", story.key),
            };
            Line::styled(text::truncate(&said, width).into_owned(), theme::dim())
        }
        (None, None) => Line::raw(""),
    };
    let extra = u16::try_from(keys.len()).unwrap_or(1);
    let bottom = Rect {
        y: inner.y + inner.height.saturating_sub(extra + 1),
        height: (extra + 1).min(inner.height),
        ..inner
    };
    let mut lines = vec![first];
    lines.extend(keys.into_iter().map(|k| Line::styled(k, theme::dim())));
    frame.render_widget(Paragraph::new(lines), bottom);
}

/// The keys the footer leaves out, from the keymap, after how to type.
fn keys_text() -> String {
    let keys = keymap::bindings()
        .filter(|(b, _)| b.context == Context::Grid && !b.footer)
        .map(|(b, keys)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            format!("{} {}", keys.join("/"), b.label)
        })
        .collect::<Vec<_>>()
        .join(" · ");
    format!("type to replace the value · {keys}")
}

/// One stored input as the grid shows it: confidence as a percentage.
fn input(rice: Option<&Rice>, field: RiceField) -> String {
    match rice {
        None => "-".to_string(),
        Some(r) if field == RiceField::Confidence => {
            format!("{}%", number::display(r.confidence * 100.0))
        }
        Some(r) => number::display(field.get(r)),
    }
}

/// `s` right-aligned in `width` cells (cut when longer).
fn right(s: &str, width: usize) -> String {
    let cut = text::truncate(s, width);
    format!(
        "{}{cut}",
        " ".repeat(width.saturating_sub(text::width(&cut)))
    )
}
