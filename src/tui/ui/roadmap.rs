//! The roadmap view: the vision, then one row per epic with its progress,
//! points left, unestimated stories and p50/p85 dates, and a bar on a month
//! timeline (solid from when work likely starts to p50, shaded to p85) with
//! today marked. Drawn from the figures the job runner computed; never
//! computed here.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::{EpicForecast, Finish, Roadmap, number};
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::roadmap::outcome_line;

use super::theme;

/// Widths of the text columns before the timeline.
const EPIC: usize = 24;
const DONE: usize = 8;
const LEFT: usize = 5;
const UNEST: usize = 3;
const DATE: usize = 9;
/// The timeline never shows more than this many months.
const MAX_MONTHS: u32 = 36;

/// Draws the roadmap view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let vision_height = vision_lines(app, area.width).len() as u16 + 2;
    let [vision_area, body] = area.layout(&Layout::vertical([
        Constraint::Length(vision_height.min(area.height / 3).max(3)),
        Constraint::Fill(1),
    ]));
    vision(app, frame, vision_area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::dim())
        .title(Line::styled(" Roadmap ", theme::label()));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let lines = match (&app.roadmap.latest, &app.roadmap.failure) {
        (_, Some(failure)) => vec![
            Line::styled(
                format!("Could not compute the roadmap: {}", text::sanitize(failure)),
                theme::error(),
            ),
            Line::styled("It is computed again after the next change.", theme::dim()),
        ],
        (None, None) => vec![Line::styled(
            format!(
                "Computing the roadmap over {} stories…",
                app.backlog.stories.len()
            ),
            theme::dim(),
        )],
        (Some(r), None) => table(app, r, usize::from(inner.width), usize::from(inner.height)),
    };
    frame.render_widget(Paragraph::new(lines), inner);
    if app.roadmap.latest.is_some() && !app.roadmap.is_current(app.changes) {
        let note = Line::styled(" updating… ", theme::dim()).right_aligned();
        frame.render_widget(note, Rect { height: 1, ..body });
    }
}

/// The vision's text lines, wrapped to the box.
fn vision_lines(app: &App, width: u16) -> Vec<String> {
    let vision = &app.backlog.product.vision;
    if vision.trim().is_empty() {
        return vec![format!(
            "No vision yet: press {} to write why the product exists and for whom.",
            keymap::hint_key(Context::Roadmap, Action::EditVision)
        )];
    }
    let width = usize::from(width.saturating_sub(2)).max(10);
    vision
        .lines()
        .flat_map(|l| text::wrap(&text::sanitize(l), width))
        .collect()
}

fn vision(app: &App, frame: &mut Frame, area: Rect) {
    let name = &app.backlog.product.name;
    let title = if name.is_empty() {
        " Vision (v edit) ".to_string()
    } else {
        format!(" {} — vision (v edit) ", text::sanitize(name))
    };
    let style = if app.backlog.product.vision.trim().is_empty() {
        theme::dim()
    } else {
        Style::new()
    };
    let lines: Vec<Line> = vision_lines(app, area.width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::dim())
                .title(Line::styled(title, theme::label())),
        ),
        area,
    );
}

/// The months shown: from the first of today's month to the month of the
/// latest second drawn percentile (p85), at least three months.
struct Timeline {
    start: NaiveDate,
    days: i64,
    width: usize,
}

impl Timeline {
    fn of(r: &Roadmap, width: usize) -> Self {
        let start = r.today.with_day(1).unwrap_or(r.today);
        let latest = r
            .epics
            .iter()
            .filter_map(|e| e.finish.drawn().and_then(|(_, second)| second.date))
            .max()
            .unwrap_or(r.today);
        let min_end = start + Months::new(3);
        let max_end = start + Months::new(MAX_MONTHS);
        let end = (latest.with_day(1).unwrap_or(latest) + Months::new(1)).clamp(min_end, max_end);
        Timeline {
            start,
            days: (end - start).num_days().max(1),
            width,
        }
    }

    /// The column of a day, `None` outside the timeline.
    fn column(&self, day: NaiveDate) -> Option<usize> {
        let offset = (day - self.start).num_days();
        if offset < 0 || offset >= self.days {
            return None;
        }
        Some((offset as usize * self.width) / self.days as usize)
    }

    /// Month names at their first day's column: "Dec", then "Jan 27".
    fn axis(&self, today: NaiveDate) -> Vec<Span<'static>> {
        let mut cells = vec![' '; self.width];
        let mut month = self.start;
        while let Some(col) = self.column(month) {
            let name = if month.month() == 1 || month == self.start {
                month.format("%b %y").to_string()
            } else {
                month.format("%b").to_string()
            };
            // A blank cell on both sides, so two names never run together
            // ("Nov 26Feb") where months are narrower than their names.
            let free = (col == 0 || cells[col - 1] == ' ')
                && cells[col..].len() > name.len()
                && cells[col..col + name.len() + 1].iter().all(|c| *c == ' ');
            if free || col == 0 {
                for (i, c) in name.chars().enumerate().take(cells.len() - col) {
                    cells[col + i] = c;
                }
            }
            month = month + Months::new(1);
        }
        let today_col = self.column(today);
        cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                if Some(i) == today_col && c == ' ' {
                    Span::styled("▼", today_style())
                } else {
                    Span::styled(c.to_string(), theme::column_titles())
                }
            })
            .collect()
    }

    /// An epic's bar: solid from its likely start to the first drawn
    /// percentile (p50), shaded to the second (p85), and today's mark where
    /// the bar is not.
    fn bar(&self, e: &EpicForecast, today: NaiveDate) -> Vec<Span<'static>> {
        let today_col = self.column(today);
        let (start, p50, p85) = match (&e.finish, e.finish.drawn()) {
            (Finish::Forecast { start, .. }, Some((a, b))) => (*start, a.date, b.date),
            _ => (None, None, None),
        };
        let col = |d: Option<NaiveDate>, beyond: usize| {
            d.map_or(beyond, |d| self.column(d).unwrap_or(beyond))
        };
        let from = start.map_or(usize::MAX, |s| col(Some(s), self.width));
        let solid_to = col(p50, self.width.saturating_sub(1));
        let shade_to = col(p85, self.width.saturating_sub(1));
        (0..self.width)
            .map(|i| {
                if start.is_some() && i >= from && i <= solid_to {
                    Span::styled("█", bar_style(e))
                } else if start.is_some() && i > solid_to && i <= shade_to {
                    Span::styled("░", bar_style(e))
                } else if Some(i) == today_col {
                    Span::styled("│", today_style())
                } else {
                    Span::raw(" ")
                }
            })
            .collect()
    }
}

fn today_style() -> Style {
    Style::new().fg(Color::Yellow)
}

/// Epics with unestimated work are drawn in a warning colour: their dates
/// are early by the size of that work.
fn bar_style(e: &EpicForecast) -> Style {
    if e.unestimated.is_empty() {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::Magenta)
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(
        || "beyond".to_string(),
        |d| d.format("%d %b %y").to_string(),
    )
}

fn cell(text: &str, width: usize) -> String {
    text::pad_to(&text::truncate(&text::sanitize(text), width), width)
}

/// The header line, one line per epic, and the selected epic's details.
fn table(app: &App, r: &Roadmap, width: usize, height: usize) -> Vec<Line<'static>> {
    let mut lines = vec![basis(r)];
    if r.epics.is_empty() {
        lines.push(Line::styled(
            format!(
                "No epics yet: press {} to add one, then give stories an epic ({} in the backlog).",
                keymap::hint_key(Context::Global, Action::AddEpic),
                keymap::hint_key(Context::Backlog, Action::PickEpic)
            ),
            theme::dim(),
        ));
        return lines;
    }
    let text_width = EPIC + DONE + LEFT + UNEST + 2 * DATE + 6;
    let timeline = Timeline::of(r, width.saturating_sub(text_width + 1).max(10));
    let (first_name, second_name) = r.drawn_names();
    let mut header = vec![Span::styled(
        format!(
            "{} {} {} {} {} {} ",
            cell("Epic", EPIC),
            cell("Done", DONE),
            cell("Left", LEFT),
            cell("?", UNEST),
            cell(&first_name, DATE),
            cell(&second_name, DATE)
        ),
        theme::column_titles(),
    )];
    header.extend(timeline.axis(r.today));
    lines.push(Line::from(header));
    // Rows for the epics; the last lines are for the selected one's details.
    let rows = height.saturating_sub(lines.len() + 3).max(1);
    let first = app.roadmap_cursor.saturating_sub(rows - 1);
    for (i, e) in r.epics.iter().enumerate().skip(first).take(rows) {
        let unestimated = if e.unestimated.is_empty() {
            String::new()
        } else {
            e.unestimated.len().to_string()
        };
        let text = format!(
            "{} {} {} {} {} ",
            cell(&format!("{} {}", e.key, e.title), EPIC),
            cell(&progress(e), DONE),
            cell(&number::display(e.remaining_points), LEFT),
            cell(&unestimated, UNEST),
            date_cells(&e.finish)
        );
        let style = if i == app.roadmap_cursor {
            theme::selected()
        } else if matches!(e.finish, Finish::Done | Finish::NoStories) {
            theme::dim()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(text, style)];
        spans.extend(timeline.bar(e, r.today));
        lines.push(Line::from(spans));
    }
    if let Some(e) = r.epics.get(app.roadmap_cursor) {
        lines.push(Line::raw(""));
        lines.extend(details(e));
    }
    lines
}

/// The two date columns of an epic's row. A reason with no dates ("no
/// stories", "no history") is longer than one column, and the same in both:
/// it is said once, across the two.
fn date_cells(finish: &Finish) -> String {
    match finish {
        Finish::NoStories | Finish::NotEnoughHistory => cell(&finish.labels().0, 2 * DATE + 1),
        _ => {
            let (first, second) = short_labels(finish);
            format!("{} {}", cell(&first, DATE), cell(&second, DATE))
        }
    }
}

/// "5/25" done of total points.
fn progress(e: &EpicForecast) -> String {
    format!(
        "{}/{}",
        number::display(e.done_points),
        number::display(e.total_points)
    )
}

/// What the dates rest on, or why there are none.
fn basis(r: &Roadmap) -> Line<'static> {
    if let Some(why) = &r.no_dates {
        return Line::styled(format!("{why}: no dates until then"), theme::error());
    }
    let (first, second) = r.drawn_names();
    let likely = |name: &str| format!(" to {name} ({}% likely)  ", &name[1..]);
    Line::from(vec![
        Span::styled("█", Style::new().fg(Color::Cyan)),
        Span::styled(likely(&first), theme::dim()),
        Span::styled("░", Style::new().fg(Color::Cyan)),
        Span::styled(likely(&second), theme::dim()),
        Span::styled("│", today_style()),
        Span::styled(
            format!(
                " today  ? unestimated stories  {} runs on the last {} sprints",
                r.runs,
                r.velocities.len()
            ),
            theme::dim(),
        ),
    ])
}

/// The selected epic's outcome and unestimated stories.
fn details(e: &EpicForecast) -> Vec<Line<'static>> {
    let outcome = match &e.outcome {
        Some(o) => Line::from(vec![
            Span::styled(format!("{} outcome: ", e.key), theme::label()),
            Span::raw(text::sanitize(&outcome_line(o)).into_owned()),
        ]),
        None => Line::styled(
            format!("{}: no outcome yet (o: the metric it should move)", e.key),
            theme::dim(),
        ),
    };
    let mut lines = vec![outcome];
    if !e.unestimated.is_empty() {
        lines.push(Line::styled(
            format!(
                "unestimated, counted as no work: {}",
                e.unestimated.join(", ")
            ),
            Style::new().fg(Color::Magenta),
        ));
    }
    lines
}

/// The drawn two finishes (p50 and p85 by default) in 9 cells each: "16
/// Apr 27", or "done"…
pub(super) fn short_labels(finish: &Finish) -> (String, String) {
    match finish.drawn() {
        Some((a, b)) => (date(a.date), date(b.date)),
        None => finish.labels(),
    }
}
