//! Popups drawn over the view: prompts, questions, forms, pickers, palette, help.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::text;
use crate::tui::app::App;
use crate::tui::dep_picker::DepPicker;
use crate::tui::form::{FieldKind, Form};
use crate::tui::keymap::{self, Context};
use crate::tui::popup::{Palette, Picker, Popup, Prompt};
use crate::tui::text_input::TextInput;
use crate::tui::update_file::CONFLICT_QUESTION;

use super::{help, layout, theme};

/// Draws the open popup, if any.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match &app.popup {
        None => {}
        Some(Popup::Prompt(p)) => prompt(frame, area, p),
        Some(Popup::Confirm(c)) => {
            question(frame, area, "Please confirm", &c.question, Context::Confirm);
        }
        Some(Popup::Form(f)) => form(frame, area, f),
        Some(Popup::Picker(p)) => picker(frame, area, p),
        Some(Popup::DepPicker(p)) => dep_picker(frame, area, p),
        Some(Popup::Grid(g)) => super::grid::render(app, frame, area, g),
        Some(Popup::Palette(p)) => palette(frame, area, p),
        Some(Popup::Help { scroll }) => help::render(frame, area, *scroll),
        Some(Popup::Preview(p)) => super::preview::render(frame, area, p, app.changes),
        Some(Popup::Conflict) => question(
            frame,
            area,
            "The file changed",
            CONFLICT_QUESTION,
            Context::Conflict,
        ),
        Some(Popup::Merge { cursor }) => super::merge::popup(app, frame, area, *cursor),
    }
}

pub(super) fn boxed(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::popup_border())
        .title(format!(
            " {} ",
            text::truncate(
                &text::sanitize(title),
                usize::from(area.width.saturating_sub(4))
            )
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

/// Draws a text input on one line and puts the terminal cursor in it.
fn input_line(frame: &mut Frame, area: Rect, input: &TextInput, style: Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (shown, cursor) = input.visible(usize::from(area.width.saturating_sub(1)));
    // A pre-filled value that typing will replace looks selected.
    let shown = if input.is_selected() {
        Span::styled(shown, theme::selected())
    } else {
        Span::raw(shown)
    };
    frame.render_widget(Paragraph::new(Line::from(shown)).style(style), area);
    let x = area.x
        + u16::try_from(cursor)
            .unwrap_or(0)
            .min(area.width.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, area.y));
}

fn prompt(frame: &mut Frame, area: Rect, p: &Prompt) {
    let popup = layout::centered(area, 70, 5);
    let inner = boxed(frame, popup, &p.title);
    let input_area = Rect { height: 1, ..inner };
    input_line(frame, input_area, &p.input, Style::new());
    // A refusal, else what Tab would complete to.
    let below = match (&p.error, &p.hint) {
        (Some(error), _) => Some((error, theme::error())),
        (None, Some(hint)) => Some((hint, theme::dim())),
        (None, None) => None,
    };
    if let Some((note, style)) = below
        && inner.height > 1
    {
        let line = Rect {
            y: inner.y + 1,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text::sanitize(note).into_owned(), style)),
            line,
        );
    }
    if inner.height > 2 {
        let line = Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new("Enter accepts · Esc cancels").style(theme::dim()),
            line,
        );
    }
}

/// A question answered with the keys of `context`, listed under it.
fn question(frame: &mut Frame, area: Rect, title: &str, question: &str, context: Context) {
    let answers = keymap::footer_hints(&[context])
        .into_iter()
        .map(|(key, label)| format!("{key} {label}"))
        .collect::<Vec<_>>()
        .join(" · ");
    // The box grows with the question's longest line that fits in
    // QUESTION_WIDTH (a line of a trade-off or of an import summary), so a
    // wide terminal shows such lines unwrapped; a longer line is prose and
    // wraps at a readable width. Each line of the question stays a line.
    // It is wrapped here, not by the paragraph, so the box is exactly as
    // tall as its text and the answers are never cut off below it.
    let (narrowest, widest) = (*QUESTION_WIDTH.start(), *QUESTION_WIDTH.end());
    let longest = question
        .lines()
        .map(|l| u16::try_from(text::width(l) + 4).unwrap_or(u16::MAX))
        .filter(|&w| w <= widest)
        .max()
        .unwrap_or(0);
    let wanted = longest.clamp(narrowest, widest);
    let width = wanted.min(area.width);
    let inner_width = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = text::wrap(question, inner_width)
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::raw(""));
    lines.extend(
        text::wrap(&answers, inner_width)
            .into_iter()
            .map(|l| Line::styled(l, theme::dim())),
    );
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = layout::centered(area, width, height);
    let inner = boxed(frame, popup, title);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// How wide a question's box is: its longest line's width in this range.
const QUESTION_WIDTH: std::ops::RangeInclusive<u16> = 64..=100;

fn form(frame: &mut Frame, area: Rect, f: &Form) {
    let wanted = u16::try_from(f.fields.len() + 4).unwrap_or(u16::MAX);
    let popup = layout::centered(area, 90, wanted);
    let inner = boxed(frame, popup, &f.title);
    if inner.height == 0 {
        return;
    }
    // The last line is for the error or the hint; fields scroll above it.
    let rows = usize::from(inner.height.saturating_sub(1)).max(1);
    let offset = (f.focus + 1).saturating_sub(rows);
    let label_width: u16 = 14;
    for (n, (i, field)) in f
        .fields
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .enumerate()
    {
        let y = inner.y + u16::try_from(n).unwrap_or(0);
        let focused = i == f.focus;
        let label = Rect {
            x: inner.x,
            y,
            width: label_width.min(inner.width),
            height: 1,
        };
        let label_style = if focused {
            theme::focused_field()
        } else {
            theme::label()
        };
        frame.render_widget(
            Paragraph::new(format!("{:>13} ", field.label)).style(label_style),
            label,
        );
        let value = Rect {
            x: inner.x + label.width,
            y,
            width: inner.width.saturating_sub(label.width),
            height: 1,
        };
        match &field.kind {
            FieldKind::Text(input) if focused => input_line(frame, value, input, Style::new()),
            FieldKind::Text(input) => {
                let shown =
                    text::truncate(&text::sanitize(input.value()), usize::from(value.width))
                        .into_owned();
                frame.render_widget(Paragraph::new(shown), value);
            }
            FieldKind::Choice { options, selected } => {
                let current = options.get(*selected).map_or("", |(l, _)| l.as_str());
                let shown = format!("‹ {} ›", text::sanitize(current));
                let style = if focused {
                    theme::focused_field()
                } else {
                    Style::new()
                };
                frame.render_widget(
                    Paragraph::new(text::truncate(&shown, usize::from(value.width)).into_owned())
                        .style(style),
                    value,
                );
            }
        }
    }
    let last = Rect {
        y: inner.y + inner.height - 1,
        height: 1,
        ..inner
    };
    // The long form where it fits, else one that still says how to save
    // and cancel (a cut "Esc ca…" does not).
    let hint = [
        "Tab/↓ next · Shift-Tab/↑ previous · ←/→ change a choice · Enter saves · Esc cancels",
        "Tab/↓ next · Shift-Tab/↑ prev · ←/→ change · Enter saves · Esc cancels",
        "Tab next · ←/→ change · Enter saves · Esc cancels",
        "Enter saves · Esc cancels",
    ]
    .into_iter()
    .find(|h| text::width(h) <= usize::from(last.width))
    .unwrap_or("Enter saves · Esc cancels");
    let footer = match &f.error {
        Some(e) => Line::styled(text::sanitize(e).into_owned(), theme::error()),
        None => Line::styled(hint, theme::dim()),
    };
    frame.render_widget(Paragraph::new(footer), last);
}

fn picker(frame: &mut Frame, area: Rect, p: &Picker) {
    // As wide as the question and the entries need, from 60 columns to the
    // screen's width; a question longer than the top border still goes
    // inside the box, wrapped, since the PO answers it.
    let title = text::sanitize(&p.title);
    let widest = p.entries.iter().map(|(l, _)| text::width(l)).max();
    let needed = (text::width(&title) + 4).max(widest.unwrap_or(0) + 2);
    let width = u16::try_from(needed)
        .unwrap_or(u16::MAX)
        .max(60)
        .min(area.width);
    let inside = if needed > usize::from(width) {
        text::wrap(&title, usize::from(width.saturating_sub(2)))
    } else {
        Vec::new()
    };
    let wanted = u16::try_from(p.entries.len() + 2 + inside.len()).unwrap_or(u16::MAX);
    let popup = layout::centered(area, width, wanted);
    let inner = boxed(frame, popup, if inside.is_empty() { &title } else { "" });
    // The entries keep at least one row under the question.
    let asked = u16::try_from(inside.len())
        .unwrap_or(u16::MAX)
        .min(inner.height.saturating_sub(1));
    let [question, inner] = inner.layout(&Layout::vertical([
        Constraint::Length(asked),
        Constraint::Fill(1),
    ]));
    let question_lines: Vec<Line> = inside
        .into_iter()
        .map(|l| Line::styled(l, theme::label()))
        .collect();
    frame.render_widget(Paragraph::new(question_lines), question);
    let rows = usize::from(inner.height).max(1);
    let offset = (p.cursor + 1).saturating_sub(rows);
    let lines: Vec<Line> = p
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, (label, _))| {
            let style = if i == p.cursor {
                theme::selected()
            } else {
                Style::new()
            };
            Line::styled(text::sanitize(label).into_owned(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A popup that searches a list as the user types (the palette, the
/// dependency picker): the box, the typed text on its first line, the list
/// below it. Returns the list's area and the window of rows that keeps
/// `cursor` in view (first row, how many), or `None` when there is no room.
fn search_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    input: &TextInput,
    cursor: usize,
) -> Option<(Rect, usize, usize)> {
    let popup = layout::centered(area, 72, area.height.saturating_sub(4).min(20));
    let inner = boxed(frame, popup, title);
    if inner.height == 0 {
        return None;
    }
    input_line(frame, Rect { height: 1, ..inner }, input, Style::new());
    let rows = usize::from(inner.height - 1);
    let list = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    Some((list, (cursor + 1).saturating_sub(rows), rows))
}

fn palette(frame: &mut Frame, area: Rect, p: &Palette) {
    let title = "Command (type to search, Enter runs)";
    let Some((list, _, rows)) = search_popup(frame, area, title, &p.input, p.cursor) else {
        return;
    };
    // The selected command reads whole, wrapped under itself; the others
    // are cut with "…" and keep the view they switch to.
    const KEY: usize = 12;
    let room = usize::from(list.width).saturating_sub(KEY).max(1);
    let switch = |entry: &keymap::PaletteEntry| {
        entry
            .switch_to
            .map(|view| format!("  → {}", view.title()))
            .unwrap_or_default()
    };
    let whole: Vec<String> = p
        .selected()
        .map(|e| text::wrap(&format!("{}{}", e.help, switch(e)), room))
        .unwrap_or_default();
    let offset = (p.cursor + whole.len().max(1)).saturating_sub(rows);
    let mut lines: Vec<Line> = Vec::new();
    for (i, entry) in p.shown().enumerate().skip(offset) {
        if lines.len() >= rows {
            break;
        }
        let key = Span::styled(format!("{:>10}  ", entry.key), theme::dim());
        if i == p.cursor {
            for (n, part) in whole.iter().enumerate() {
                let lead = if n == 0 {
                    key.clone()
                } else {
                    Span::raw(" ".repeat(KEY))
                };
                lines
                    .push(Line::from(vec![lead, Span::raw(part.clone())]).style(theme::selected()));
            }
            continue;
        }
        let suffix = switch(entry);
        let help = text::truncate(entry.help, room.saturating_sub(text::width(&suffix)));
        lines.push(Line::from(vec![
            key,
            Span::raw(help.into_owned()),
            Span::styled(suffix, theme::dim()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

fn dep_picker(frame: &mut Frame, area: Rect, p: &DepPicker) {
    let title = format!(
        "{} depends on… (type a key or title; Enter adds or removes)",
        p.story
    );
    let Some((list, offset, rows)) = search_popup(frame, area, &title, &p.input, p.cursor) else {
        return;
    };
    let lines: Vec<Line> = p
        .shown
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, c)| {
            let style = if i == p.cursor {
                theme::selected()
            } else if c.done {
                theme::dim()
            } else {
                Style::new()
            };
            let mark = if c.chosen { "✓ " } else { "  " };
            Line::styled(
                format!(
                    "{mark}{:<8} {}",
                    text::sanitize(&c.key),
                    text::sanitize(&c.title)
                ),
                style,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
