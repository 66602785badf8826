//! The board: the sprint's goal, days left, burndown and blockers on top,
//! then To do / In progress / Done side by side (one at a time on narrow
//! terminals), in swim lanes when asked. A card is one line: blocked mark,
//! key, title, assignee, points and its age in the column.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::board::{column_name, day_label, describe_moves, previous_working_day};
use crate::model::standup::{Standup, burndown_line};
use crate::model::{Status, Story, format_points, number};
use crate::text;
use crate::tui::app::App;
use crate::tui::board::{Board, Lane, Lanes, column_of};

use super::{layout, theme};

/// Below this width per column the board shows one column at a time.
const MIN_COLUMN: u16 = 24;
/// Assignees are cut to this many cells on a card.
const WHO: usize = 8;

/// Lines of cards a short terminal keeps before the summary's.
const MIN_CARD_LINES: u16 = 3;
/// Lines under the columns at most for the selected card in full.
const MAX_WHOLE_LINES: u16 = 3;

/// Lines the summary takes in `area`, wrapped so a long goal, burndown or
/// list of blockers is never cut; fewer (the last ones first) when the cards
/// would not get `MIN_CARD_LINES`.
fn summary_height(summary: &Paragraph, area: Rect) -> u16 {
    let lines = u16::try_from(summary.line_count(area.width)).unwrap_or(u16::MAX);
    lines.min(area.height.saturating_sub(1 + MIN_CARD_LINES))
}

/// Lines of cards the board shows at the current size, for scrolling.
pub fn card_height(app: &App) -> usize {
    let (width, height) = app.size;
    if layout::too_small(width, height) {
        return 1;
    }
    let body = layout::areas(Rect::new(0, 0, width, height)).body;
    let summary = standup(app).map_or(0, |s| {
        summary_height(&summary_paragraph(&app.board, &s), body)
    });
    let cards = body.height.saturating_sub(summary + 1);
    let whole = whole_rows(&whole_card(app, app.today(), body.width), cards);
    usize::from(cards - whole).max(1)
}

/// Lines the selected card in full takes under `cards` lines of cards,
/// fewer than its `whole` text when the cards would not keep `MIN_CARD_LINES`.
fn whole_rows(whole: &[String], cards: u16) -> u16 {
    u16::try_from(whole.len())
        .unwrap_or(u16::MAX)
        .min(MAX_WHOLE_LINES)
        .min(cards.saturating_sub(MIN_CARD_LINES))
}

/// The selected card in full, "S-17 Log in with a magic link · 3 pts ·
/// @maya · ⊘ blocked: legal has not approved", wrapped to `width`, when its
/// card on a board `width` wide cuts its title (nothing otherwise): which
/// story it is is what the stand-up talks about.
fn whole_card(app: &App, today: chrono::NaiveDate, width: u16) -> Vec<String> {
    let board = &app.board;
    let backlog = &app.backlog;
    // The list's cursor is kept on the selected card: no search per key.
    let Some(story) = board
        .list
        .index_at(backlog, board.list.cursor)
        .map(|i| &*backlog.stories[i])
        .filter(|s| board.selected.as_deref() == Some(s.key.as_str()))
    else {
        return Vec::new();
    };
    let column = column_rects(Rect::new(0, 0, width, 1))[column_of(story.status)];
    let parts = Parts::of(board, today, story, usize::from(column.width));
    let title = text::sanitize(&story.title);
    if text::width(&title) <= parts.room {
        return Vec::new();
    }
    let mut whole = format!("{} {title}", parts.key);
    if let Some(p) = story.points {
        whole.push_str(&format!(" · {} pts", number::display(p)));
    }
    if let Some(who) = &story.assignee {
        whole.push_str(&format!(" · @{}", text::sanitize(who)));
    }
    if let Some(b) = &story.blocked {
        whole.push_str(&format!(" · ⊘ blocked: {}", text::sanitize(&b.reason)));
    }
    // Indented by one, as the summary's lines are.
    text::wrap(&whole, usize::from(width.saturating_sub(1)))
        .into_iter()
        .map(|l| format!(" {l}"))
        .collect()
}

/// The columns' areas in `body`, side by side or one at a time.
fn column_rects(body: Rect) -> [Rect; 3] {
    if side_by_side(body.width) {
        let [a, _, b, _, c] = body.layout(&Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        [a, b, c]
    } else {
        [body; 3]
    }
}

/// The running sprint's stand-up figures, if a sprint runs.
fn standup(app: &App) -> Option<Standup> {
    let backlog = &app.backlog;
    let sprint = app
        .board
        .sprint
        .as_deref()
        .and_then(|k| backlog.sprint(k))?;
    let members: Vec<&Story> = app
        .board
        .members(backlog)
        .into_iter()
        .map(|i| &*backlog.stories[i])
        .collect();
    let today = app.today();
    Some(Standup::of(
        sprint,
        &members,
        today,
        previous_working_day(today),
    ))
}

/// Whether the three columns fit side by side.
fn side_by_side(width: u16) -> bool {
    width >= 3 * MIN_COLUMN + 2
}

/// Draws the board.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let backlog = &app.backlog;
    let board = &app.board;
    let Some(standup) = standup(app) else {
        frame.render_widget(
            Paragraph::new(
                "\n  No sprint is running. Plan one in sprint planning (3) and start it with S.",
            )
            .style(theme::dim()),
            area,
        );
        return;
    };
    let today = app.today();
    let summary_text = summary_paragraph(board, &standup);
    let [summary, head, body] = area.layout(&Layout::vertical([
        Constraint::Length(summary_height(&summary_text, area)),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    frame.render_widget(summary_text, summary);
    let whole = whole_card(app, today, area.width);
    let [body, whole_area] = body.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(whole_rows(&whole, body.height)),
    ]));
    let whole: Vec<Line> = whole
        .into_iter()
        .take(usize::from(whole_area.height))
        .map(|l| Line::styled(l, theme::label()))
        .collect();
    frame.render_widget(Paragraph::new(whole), whole_area);
    let lanes = board.lanes(backlog);
    let rows = rows(&lanes);
    let shown: Vec<&Row> = rows
        .iter()
        .skip(board.offset)
        .take(usize::from(body.height))
        .collect();
    let cards = Cards {
        app,
        today,
        moved: &standup,
    };
    if side_by_side(area.width) {
        let columns = column_rects(body);
        let [a, b, _] = columns;
        for (column, rect) in columns.iter().enumerate() {
            let title = column_title(&standup, column);
            let style = if column == board.column {
                theme::label()
            } else {
                theme::column_titles()
            };
            let head_rect = Rect {
                y: head.y,
                height: 1,
                ..*rect
            };
            frame.render_widget(Paragraph::new(Span::styled(title, style)), head_rect);
        }
        for rule in [a.x + a.width, b.x + b.width] {
            let line: Vec<Line> = (0..body.height).map(|_| Line::from("│")).collect();
            let rect = Rect::new(rule, body.y, 1, body.height);
            frame.render_widget(Paragraph::new(line).style(theme::dim()), rect);
        }
        draw_rows(frame, &cards, &shown, body, &columns.map(Some));
    } else {
        let tabs: Vec<Span> = (0..3)
            .flat_map(|column| {
                let style = if column == board.column {
                    theme::tab_active()
                } else {
                    theme::dim()
                };
                [
                    Span::styled(format!(" {} ", column_title(&standup, column)), style),
                    Span::raw(" "),
                ]
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(tabs)), head);
        let mut columns = [None; 3];
        columns[board.column] = Some(body);
        draw_rows(frame, &cards, &shown, body, &columns);
    }
}

/// "To do 3 · 8 pts".
fn column_title(standup: &Standup, column: usize) -> String {
    let sum = &standup.columns[column];
    let mut name = column_name(sum.status).to_string();
    name[..1].make_ascii_uppercase();
    format!(
        "{name} {} · {} pts",
        sum.stories,
        number::display(sum.points)
    )
}

/// The summary: sprint and days left, burndown and points, blockers (first,
/// with their reasons), and what moved when the highlight is on.
fn summary_paragraph(board: &Board, s: &Standup) -> Paragraph<'static> {
    let left = match s.days_left {
        Some(1) => "1 working day left".to_string(),
        Some(n) => format!("{n} working days left"),
        None => "no end date".to_string(),
    };
    let mut goal = if s.goal.is_empty() {
        "(no goal)".to_string()
    } else {
        text::sanitize(&s.goal).into_owned()
    };
    // Whether the goal holds is read from the stories serving it, as
    // `po standup` says it.
    if let Some(progress) = s.goal_stories.describe() {
        goal.push_str(&format!(" ({progress})"));
    }
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(
                " {} {} ",
                text::sanitize(&s.sprint),
                text::sanitize(&s.name)
            ),
            theme::label(),
        ),
        Span::raw(format!("{left} · goal: {goal}")),
    ])];
    let burndown = s
        .burndown
        .as_ref()
        .map_or_else(|| "not started".to_string(), burndown_line);
    let done = s.columns[2].points;
    lines.push(Line::from(format!(
        " {burndown} · committed {} · done {} pts",
        number::display(s.committed_points()),
        number::display(done)
    )));
    lines.push(if s.blocked.is_empty() {
        Line::styled(" nothing blocked", theme::dim())
    } else {
        let list: Vec<String> = s
            .blocked
            .iter()
            .map(|b| format!("{} {}", b.key, text::sanitize(&b.reason)))
            .collect();
        Line::styled(
            format!(" ⊘ {} blocked: {}", s.blocked.len(), list.join(" · ")),
            theme::blocked(),
        )
    });
    if board.since {
        lines.push(Line::styled(
            format!(
                " since {}: {}",
                day_label(s.since, s.today),
                text::sanitize(&describe_moves(&s.moves))
            ),
            theme::changed(),
        ));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// One line of the board: a lane's name, or a card (or none) per column.
enum Row {
    Lane { name: String, cards: usize },
    Cards([Option<usize>; 3]),
}

/// The board's lines, lane after lane, as `Board::cursor_line` counts them.
fn rows(lanes: &[Lane]) -> Vec<Row> {
    let mut rows = Vec::new();
    for lane in lanes {
        if let Some(name) = &lane.name {
            rows.push(Row::Lane {
                name: name.clone(),
                cards: lane.cards.iter().map(Vec::len).sum(),
            });
        }
        for r in 0..lane.height() {
            rows.push(Row::Cards([0, 1, 2].map(|c| lane.cards[c].get(r).copied())));
        }
    }
    rows
}

/// What a card needs besides its story.
struct Cards<'a> {
    app: &'a App,
    today: chrono::NaiveDate,
    moved: &'a Standup,
}

fn draw_rows(
    frame: &mut Frame,
    cards: &Cards,
    shown: &[&Row],
    body: Rect,
    columns: &[Option<Rect>; 3],
) {
    let board = &cards.app.board;
    for (y, row) in (body.y..).zip(shown) {
        match row {
            Row::Lane { name, cards: n } => {
                let label = if name.is_empty() {
                    match board.lanes {
                        Lanes::Epic => "(no epic)".to_string(),
                        _ => "(unassigned)".to_string(),
                    }
                } else {
                    text::sanitize(name).into_owned()
                };
                let head = format!("── {label} ({n}) ");
                let fill = usize::from(body.width).saturating_sub(text::width(&head));
                let line = text::truncate(
                    &format!("{head}{}", "─".repeat(fill)),
                    usize::from(body.width),
                )
                .into_owned();
                let rect = Rect::new(body.x, y, body.width, 1);
                frame.render_widget(Paragraph::new(Span::styled(line, theme::label())), rect);
            }
            Row::Cards(indices) => {
                for (column, rect) in columns.iter().enumerate() {
                    let (Some(rect), Some(i)) = (rect, indices[column]) else {
                        continue;
                    };
                    let story = &cards.app.backlog.stories[i];
                    let rect = Rect::new(rect.x, y, rect.width, 1);
                    frame.render_widget(Paragraph::new(card(cards, story, rect.width)), rect);
                }
            }
        }
    }
}

/// One card: "⊘S-20 Keys for the API   @maya 3 2d".
fn card<'a>(cards: &Cards, story: &'a Story, width: u16) -> Line<'a> {
    let board = &cards.app.board;
    let width = usize::from(width);
    let selected = board.selected.as_deref() == Some(story.key.as_str());
    let changed = board.since && cards.moved.moves.iter().any(|m| m.key == story.key);
    let base = if changed {
        theme::changed()
    } else {
        Style::new()
    };
    let style = |own: Style| {
        let s = base.patch(own);
        if selected { theme::selected_over(s) } else { s }
    };
    let mark = if story.blocked.is_some() {
        Span::styled("⊘", style(theme::blocked()))
    } else if changed {
        Span::styled("•", style(Style::new()))
    } else {
        Span::styled(" ", style(Style::new()))
    };
    let Parts {
        who,
        points,
        age,
        key,
        room,
    } = Parts::of(board, cards.today, story, width);
    let right = text::width(&who) + text::width(&points) + text::width(&age);
    let ageing = story.status == Status::InProgress && story.is_ageing(cards.today);
    let title = text::truncate(&text::sanitize(&story.title), room).into_owned();
    let pad = width.saturating_sub(1 + text::width(&key) + 1 + text::width(&title) + right);
    Line::from(vec![
        mark,
        Span::styled(
            format!("{key} {title}{}", " ".repeat(pad)),
            style(Style::new()),
        ),
        Span::styled(who, style(theme::dim())),
        Span::styled(points, style(Style::new())),
        Span::styled(
            age,
            style(if ageing {
                theme::ageing()
            } else {
                theme::dim()
            }),
        ),
    ])
}

/// A card's text but its title, and the room its title has.
struct Parts<'a> {
    who: String,
    points: String,
    age: String,
    key: std::borrow::Cow<'a, str>,
    room: usize,
}

impl<'a> Parts<'a> {
    fn of(board: &Board, today: chrono::NaiveDate, story: &'a Story, width: usize) -> Self {
        let who = match (&story.assignee, board.lanes) {
            (Some(name), Lanes::None | Lanes::Epic) if width >= usize::from(MIN_COLUMN) => {
                format!("@{} ", text::truncate(&text::sanitize(name), WHO))
            }
            _ => String::new(),
        };
        let points = format_points(story.points);
        let age = story
            .days_in_column(today)
            .map(|d| format!(" {d}d"))
            .unwrap_or_default();
        let right = text::width(&who) + text::width(&points) + text::width(&age);
        let key = text::sanitize(&story.key);
        // The mark, a space after the key and one before the right part.
        let room = width.saturating_sub(1 + text::width(&key) + 2 + right);
        Parts {
            who,
            points,
            age,
            key,
            room,
        }
    }
}
