//! The refinement queue: rank, key, title and what each story lacks. Only
//! the rows in the window are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::text;
use crate::tui::app::App;

use super::columns::widest;
use super::theme;

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
    let hint = "  Enter: fix it";
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
    let height = usize::from(body.height.saturating_sub(1));
    let end = (refine.offset + height).min(queue.stories.len());
    let shown = &queue.stories[refine.offset.min(end)..end];
    let rank_w = widest(shown.iter().map(|s| s.rank.to_string()), 1, 7);
    let key_w = widest(shown.iter().map(|s| s.key.as_str()), 3, 10);
    // The title gets a third of what is left, what it lacks the rest.
    let rest = body.width.saturating_sub(rank_w + key_w + 3);
    let title_w = (rest / 3).max(8).min(rest);
    let lacks_w = rest.saturating_sub(title_w + 1).max(1);
    let rows = shown.iter().enumerate().map(|(n, entry)| {
        let lacks: Vec<String> = entry.reasons.iter().map(ToString::to_string).collect();
        let row = Row::new(vec![
            Cell::from(Line::from(entry.rank.to_string()).right_aligned()),
            Cell::from(text::truncate(&entry.key, usize::from(key_w)).into_owned()),
            Cell::from(
                text::truncate(&text::sanitize(&entry.title), usize::from(title_w)).into_owned(),
            ),
            Cell::from(
                text::truncate(&text::sanitize(&lacks.join("; ")), usize::from(lacks_w))
                    .into_owned(),
            )
            .style(theme::not_ready()),
        ]);
        if refine.offset + n == refine.cursor {
            row.style(theme::selected())
        } else {
            row
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(rank_w),
            Constraint::Length(key_w),
            Constraint::Length(title_w),
            Constraint::Length(lacks_w),
        ],
    )
    .header(Row::new(vec!["#", "Key", "Title", "Lacks"]).style(theme::column_titles()))
    .column_spacing(1);
    frame.render_widget(table, body);
}
