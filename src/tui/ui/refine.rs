//! The refinement queue: rank, key, title and what each story lacks. What
//! a story lacks is what the PO came for, so it is never cut: on a narrow
//! terminal it wraps onto more lines of its row. Only the rows in the
//! window are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::model::ready::NotReadyStory;
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::refine::Queue;

use super::columns::widest;
use super::theme;

/// The columns what a story lacks keeps, whatever the titles need: room
/// for two short reasons on a line.
const LACKS_ROOM: u16 = 40;

/// The queue's column widths at a terminal width. Taken over the whole
/// queue (at most `QUEUE_LIMIT` rows), not the window, so the columns stay
/// put while the PO scrolls and the view's scrolling can count row heights.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    rank: u16,
    key: u16,
    title: u16,
    lacks: u16,
}

impl Columns {
    pub fn new(queue: &Queue, width: u16) -> Self {
        let stories = &queue.stories;
        let rank = widest(stories.iter().map(|s| s.rank.to_string()), 1, 7);
        let key = widest(stories.iter().map(|s| s.key.as_str()), 3, 10);
        // What a story lacks is what the PO came for: it keeps room for
        // its longest text up to LACKS_ROOM (beyond that it wraps), the
        // title takes what it needs of the rest, and what is left goes
        // back to what it lacks.
        let rest = width.saturating_sub(rank + key + 3);
        let lacks_need = widest(stories.iter().map(lacks_text), 1, rest);
        let lacks_kept = lacks_need.min(LACKS_ROOM).min(rest / 3 * 2);
        let title_need = widest(stories.iter().map(|s| text::sanitize(&s.title)), 8, rest);
        let title = rest
            .saturating_sub(lacks_kept + 1)
            .min(title_need)
            .max(8)
            .min(rest);
        let lacks = rest.saturating_sub(title + 1).max(1);
        Columns {
            rank,
            key,
            title,
            lacks,
        }
    }

    /// What `entry` lacks, word-wrapped to the column: one line at least.
    pub fn lacks_lines(self, entry: &NotReadyStory) -> Vec<String> {
        let mut lines = text::wrap(&lacks_text(entry), usize::from(self.lacks));
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}

/// Every reason a story is not ready, in one line.
fn lacks_text(entry: &NotReadyStory) -> String {
    let lacks: Vec<String> = entry.reasons.iter().map(ToString::to_string).collect();
    lacks.join("; ")
}

/// The screen rows each story of the queue takes at a terminal width.
pub fn row_heights(queue: &Queue, width: u16) -> Vec<usize> {
    let columns = Columns::new(queue, width);
    queue
        .stories
        .iter()
        .map(|entry| columns.lacks_lines(entry).len())
        .collect()
}

/// Draws the queue with a heading that says how much is not ready.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [heading, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    let refine = &app.refine;
    let updating = if app.refine_is_current() {
        ""
    } else {
        " (updating…)"
    };
    if let Some(failure) = &refine.queue.failure {
        let line = format!("Could not compute the queue: {}", text::sanitize(failure));
        frame.render_widget(Paragraph::new(line).style(theme::error()), heading);
        return;
    }
    let Some(queue) = &refine.queue.latest else {
        let line = format!(
            "Checking {} stories against the Definition of Ready…",
            app.backlog.stories.len()
        );
        frame.render_widget(Paragraph::new(line).style(theme::dim()), heading);
        return;
    };
    let title = match queue.total {
        0 => format!("Every open story is ready{updating}"),
        n if n > queue.stories.len() => format!(
            "{n} open stories are not ready; the {} highest ranked{updating}",
            queue.stories.len()
        ),
        1 => format!("1 open story is not ready{updating}"),
        n => format!("{n} open stories are not ready{updating}"),
    };
    let hint = format!(
        "  {}: fix it",
        keymap::hint_key(Context::Refine, Action::FixStory)
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            ratatui::text::Span::styled(title, theme::label()),
            ratatui::text::Span::styled(hint, theme::dim()),
        ])),
        heading,
    );
    if queue.stories.is_empty() {
        return;
    }
    let columns = Columns::new(queue, body.width);
    // Rows from the window's first while they fit; a row taller than the
    // whole window still shows, cut at its bottom.
    let mut room = usize::from(body.height.saturating_sub(1));
    let mut rows = Vec::new();
    for (n, entry) in queue.stories.iter().enumerate().skip(refine.offset) {
        let lacks = columns.lacks_lines(entry);
        if room == 0 || (lacks.len() > room && !rows.is_empty()) {
            break;
        }
        room = room.saturating_sub(lacks.len());
        let height = u16::try_from(lacks.len()).unwrap_or(u16::MAX);
        let row = Row::new(vec![
            // The rank as the backlog shows it (done work of closed
            // sprints hidden above counts not), so both views agree.
            Cell::from(
                Line::from(app.list.rank_of(entry.rank.saturating_sub(1)).to_string())
                    .right_aligned(),
            ),
            Cell::from(text::truncate(&entry.key, usize::from(columns.key)).into_owned()),
            Cell::from(
                text::truncate(&text::sanitize(&entry.title), usize::from(columns.title))
                    .into_owned(),
            ),
            Cell::from(Text::from(
                lacks.into_iter().map(Line::from).collect::<Vec<_>>(),
            ))
            .style(theme::not_ready()),
        ])
        .height(height);
        rows.push(if n == refine.cursor {
            row.style(theme::selected())
        } else {
            row
        });
    }
    let table = Table::new(
        rows,
        [
            Constraint::Length(columns.rank),
            Constraint::Length(columns.key),
            Constraint::Length(columns.title),
            Constraint::Length(columns.lacks),
        ],
    )
    .header(Row::new(vec!["#", "Key", "Title", "Lacks"]).style(theme::column_titles()))
    .column_spacing(1);
    frame.render_widget(table, body);
}
