//! The trade-off preview popup: per epic, p50 and p85 before → after the
//! move with the difference, later dates in red and earlier in green, and
//! whether the running sprint's commitment changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::model::{EpicShift, LevelShift, WhatIf};
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
            lines.extend(shifts(w, usize::from(inner.width)));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The epic rows' columns at a width: wide, each percentile's dates
/// "before → after" and the change in days and sprints; compact (80
/// columns), the date after and the change in days, so that no row is
/// pushed past the popup's edge.
struct Columns {
    epic: usize,
    dates: usize,
    change: usize,
    wide: bool,
}

/// Widest dates cell: "16 Apr 27 → 23 Apr 27" (a label the same on both
/// sides, like "no stories", is said once).
const DATES: usize = 21;
/// "+14 days (+1 sprint)".
const CHANGE: usize = 20;
/// A date alone ("16 Apr 27") or "no stories"; a change in days alone.
const COMPACT: usize = 10;
/// Epic names get at least this much in the wide layout.
const MIN_EPIC: usize = 14;

impl Columns {
    fn at(width: usize) -> Columns {
        let wide_rest = 2 * DATES + 2 * CHANGE + 4;
        if width >= wide_rest + MIN_EPIC {
            Columns {
                epic: (width - wide_rest).min(26),
                dates: DATES,
                change: CHANGE,
                wide: true,
            }
        } else {
            Columns {
                epic: width.saturating_sub(4 * COMPACT + 4).max(1),
                dates: COMPACT,
                change: COMPACT,
                wide: false,
            }
        }
    }

    /// One row: the cells cut and padded to their columns, the last unpadded.
    fn row(&self, cells: [Span<'static>; 5]) -> Line<'static> {
        let widths = [self.epic, self.dates, self.change, self.dates, self.change];
        let last = cells.len() - 1;
        let spans = cells
            .into_iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (span, w))| {
                let cut = text::truncate(&span.content, w).into_owned();
                let content = if i == last {
                    cut
                } else {
                    format!("{} ", text::pad_to(&cut, w))
                };
                Span::styled(content, span.style)
            });
        Line::from(spans.collect::<Vec<_>>())
    }
}

fn shifts(w: &WhatIf, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(why) = &w.no_dates {
        lines.push(Line::styled(
            format!("{why}: no dates to compare"),
            theme::error(),
        ));
    } else {
        let columns = Columns::at(width);
        let (first, second) = crate::model::roadmap::drawn_names(&w.percentiles);
        let dates = |name: &str| {
            if columns.wide {
                format!("{name} before → after")
            } else {
                format!("{name} after")
            }
        };
        let title = |s: String| Span::styled(s, theme::column_titles());
        lines.push(columns.row([
            title("Epic".into()),
            title(dates(&first)),
            title("change".into()),
            title(dates(&second)),
            title("change".into()),
        ]));
        for e in &w.epics {
            lines.push(shift(e, &columns));
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
fn shift(e: &EpicShift, columns: &Columns) -> Line<'static> {
    let (b50, b85) = short_labels(&e.before);
    let (a50, a85) = short_labels(&e.after);
    let shown = e.shown();
    let (days50, days85) = shown.map_or((None, None), |(a, b)| (a.days, b.days));
    let style = |days: Option<i64>| match days {
        Some(d) if d > 0 => Style::new().fg(Color::Red),
        Some(d) if d < 0 => Style::new().fg(Color::Green),
        _ => theme::dim(),
    };
    // A label the same on both sides ("no stories", an unmoved date) is said
    // once: the change column already says nothing moved.
    let dates = |before: String, after: String| {
        if before == after || !columns.wide {
            after
        } else {
            format!("{before} → {after}")
        }
    };
    let change = |level: Option<LevelShift>, before: &str, after: &str| match level {
        Some(l) if columns.wide => l.difference(),
        Some(l) if l.days.is_some() => LevelShift { sprints: None, ..l }.difference(),
        _ if before != after => format!("was {before}"),
        _ => String::new(),
    };
    let d50 = change(shown.map(|(a, _)| a), &b50, &a50);
    let d85 = change(shown.map(|(_, b)| b), &b85, &a85);
    let name = text::sanitize(&format!("{} {}", e.key, e.title)).into_owned();
    columns.row([
        Span::raw(name),
        Span::raw(dates(b50, a50)),
        Span::styled(d50, style(days50)),
        Span::raw(dates(b85, a85)),
        Span::styled(d85, style(days85)),
    ])
}
