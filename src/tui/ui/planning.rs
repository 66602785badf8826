//! Sprint planning: the product backlog with the capacity cut-line on the
//! left, the sprint being planned with its load on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use crate::model::moscow::{Shares, SprintShares};
use crate::model::{Sprint, SprintState, Story, format_points, number};
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::list::StoryList;
use crate::tui::planning::Pane;

use super::columns::widest;
use super::{layout, theme};

/// Lines of the planning list the panes keep at least under a long summary.
const MIN_PANE_LINES: u16 = 4;

/// Draws the planning view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let planning = &app.planning;
    let backlog = &app.backlog;
    let Some(sprint) = planning.target.as_deref().and_then(|k| backlog.sprint(k)) else {
        frame.render_widget(
            Paragraph::new(format!(
                "\n  No sprint to plan. Press {} to plan a new one.",
                keymap::hint_key(Context::Planning, Action::NewSprint)
            ))
            .style(theme::dim()),
            area,
        );
        return;
    };
    let summary_text = summary_paragraph(app, sprint);
    let [summary, panes] = area.layout(&Layout::vertical([
        Constraint::Length(summary_height(&summary_text, area)),
        Constraint::Fill(1),
    ]));
    frame.render_widget(summary_text, summary);

    let [left, right] = panes.layout(&Layout::horizontal([
        Constraint::Percentage(55),
        Constraint::Percentage(45),
    ]));
    let budget = planning
        .budget
        .as_ref()
        .map(|b| format!("cut at {}", b.describe()));
    let left_title = format!(
        " Product backlog ({}){} ",
        planning.backlog.len(backlog),
        budget.map(|b| format!(" · {b}")).unwrap_or_default()
    );
    pane(
        app,
        frame,
        left,
        &planning.backlog,
        &left_title,
        planning.focus == Pane::Backlog,
        planning.cut_row,
    );
    let right_title = format!(
        " {} ({}) ",
        text::sanitize(&sprint.key),
        crate::model::number::count(planning.sprint.len(backlog), "story", "stories")
    );
    pane(
        app,
        frame,
        right,
        &planning.sprint,
        &right_title,
        planning.focus == Pane::Sprint,
        None,
    );
}

/// The sprint's summary (name, dates and goal; load; MoSCoW shares and the
/// Must warning), wrapped so a long goal or a warning is never cut.
fn summary_paragraph(app: &App, sprint: &Sprint) -> Paragraph<'static> {
    let planning = &app.planning;
    let committed = planning.committed(&app.backlog);
    let stories: Vec<&Story> = rows(&planning.sprint, app, 0, usize::MAX)
        .into_iter()
        .map(|(_, _, s)| s)
        .collect();
    let not_ready = stories.iter().filter(|s| !s.is_ready()).count();
    let unestimated = stories.iter().filter(|s| s.points.is_none()).count();
    let goal = stories
        .iter()
        .filter(|s| sprint.serves_goal(&s.key))
        .count();
    let dates = match (sprint.start, sprint.end) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => "no dates".to_string(),
    };
    // The key that edits the sprint, as remapped: the hints name it.
    let edit = keymap::hint_key(Context::Planning, Action::EditSprint);
    let goal_text = if sprint.goal.is_empty() {
        format!("(no goal: {edit} to set one)")
    } else {
        text::sanitize(&sprint.goal).into_owned()
    };
    let first = Line::from(vec![
        Span::styled(
            format!(
                " {} {} ({}) ",
                text::sanitize(&sprint.key),
                text::sanitize(&sprint.name),
                sprint.state
            ),
            theme::label(),
        ),
        Span::styled(switch_hint(app, &sprint.key), theme::dim()),
        Span::raw(format!("{dates} · goal: {goal_text}")),
    ]);
    let capacity = sprint.capacity;
    let over = capacity.is_some_and(|c| committed > c);
    // Nothing is committed before the sprint starts: until then its load
    // is what is planned.
    let word = if sprint.state == SprintState::Planned {
        "planned"
    } else {
        "committed"
    };
    let load = match capacity {
        Some(c) => format!(
            " {word} {} / {} pts {} ",
            number::display(committed),
            number::display(c),
            bar(committed, c, 12)
        ),
        None => format!(
            " {word} {} pts (no capacity: {edit} to set one) ",
            number::display(committed)
        ),
    };
    let mut second = vec![Span::styled(
        load,
        if over { theme::error() } else { Style::new() },
    )];
    if not_ready > 0 {
        second.push(Span::styled(
            format!("· ⚠ {not_ready} not ready "),
            theme::error(),
        ));
    }
    if unestimated > 0 {
        second.push(Span::styled(
            format!("· {unestimated} unestimated "),
            theme::error(),
        ));
    }
    second.push(Span::raw(format!("· ★ {goal} serve the goal")));
    let third = moscow_line(SprintShares::new(
        sprint,
        Shares::of(stories.iter().copied()),
    ));
    Paragraph::new(vec![first, Line::from(second), third]).wrap(Wrap { trim: false })
}

/// Lines the wrapped summary takes in `area`, leaving the panes
/// `MIN_PANE_LINES` (the summary's last lines go first when it cannot).
fn summary_height(summary: &Paragraph, area: Rect) -> u16 {
    let lines = u16::try_from(summary.line_count(area.width)).unwrap_or(u16::MAX);
    lines.min(area.height.saturating_sub(MIN_PANE_LINES))
}

/// How many story rows each pane shows at the current size: the body less
/// the summary as wrapped, the pane's rule and its column titles. Scrolling
/// uses it, so it agrees with what `render` draws.
pub fn list_height(app: &App) -> usize {
    let (width, height) = app.size;
    if layout::too_small(width, height) {
        return 1;
    }
    let body = layout::areas(Rect::new(0, 0, width, height)).body;
    let summary = app
        .planning
        .target
        .as_deref()
        .and_then(|k| app.backlog.sprint(k))
        .map_or(0, |sprint| {
            summary_height(&summary_paragraph(app, sprint), body)
        });
    usize::from(body.height.saturating_sub(summary + 2)).max(1)
}

/// "MoSCoW: Must 55% · Should 25% …" of the sprint's points, in the error
/// style with the warning when Must is over the limit. From the stories the
/// summary already gathered, so no extra pass over the backlog.
fn moscow_line(shares: SprintShares) -> Line<'static> {
    let mut spans = vec![Span::raw(format!(" MoSCoW: {} ", shares.shares.describe()))];
    if let Some(warning) = shares.warning() {
        spans.push(Span::styled(
            format!("· ⚠ {}", text::sanitize(&warning)),
            theme::error(),
        ));
    }
    Line::from(spans)
}

/// The (row, story index, story) triples of a list's rows `from..from + count`.
fn rows<'a>(
    list: &StoryList,
    app: &'a App,
    from: usize,
    count: usize,
) -> Vec<(usize, usize, &'a Story)> {
    (from..from.saturating_add(count))
        .map_while(|row| {
            list.index_at(&app.backlog, row)
                .map(|i| (row, i, &*app.backlog.stories[i]))
        })
        .collect()
}

fn pane(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    list: &StoryList,
    title: &str,
    focused: bool,
    cut_row: Option<usize>,
) {
    let border = if focused {
        theme::popup_border()
    } else {
        theme::dim()
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(border)
        .title(text::truncate(title, usize::from(area.width)).into_owned());
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    // A blank column between the panes, so the left pane's marks ("?", "⚠")
    // do not run into the right pane's ranks ("- ?11").
    if area.right() < frame.area().right() {
        inner.width = inner.width.saturating_sub(1);
    }
    let height = usize::from(inner.height.saturating_sub(1));
    // The goal mark is the planned sprint's; backlog-side stories are in none.
    let goal_of = app
        .planning
        .target
        .as_deref()
        .and_then(|k| app.backlog.sprint(k));
    let shown = rows(list, app, list.offset, height);
    if shown.is_empty() {
        let text = if list.is_empty(&app.backlog) {
            "  (empty)"
        } else {
            ""
        };
        frame.render_widget(Paragraph::new(text).style(theme::dim()), inner);
        return;
    }
    let flags: Vec<String> = shown.iter().map(|(_, _, s)| flags(s, goal_of)).collect();
    // Rank, key and points as wide as the rows shown need, so a narrow pane
    // gives its room to the titles.
    let rank = widest(shown.last().map(|(_, i, _)| (i + 1).to_string()), 1, 7);
    let key = widest(shown.iter().map(|(_, _, s)| s.key.as_str()), 3, 9);
    let points = widest(shown.iter().map(|(_, _, s)| format_points(s.points)), 3, 10);
    let flag = widest(&flags, 1, 4);
    let title = inner
        .width
        .saturating_sub(rank + key + points + flag + 4)
        .max(1);
    let cut = |s: &str| text::truncate(s, usize::from(title)).into_owned();
    let mut table_rows = Vec::new();
    for ((row, index, story), flags) in shown.into_iter().zip(flags) {
        if cut_row == Some(row) {
            table_rows.push(
                Row::new(vec![
                    Cell::from(""),
                    Cell::from(""),
                    Cell::from(cut(cut_label(row == 0, usize::from(title)))),
                ])
                .style(theme::error()),
            );
        }
        let style = if focused && row == list.cursor {
            theme::selected()
        } else {
            Style::new()
        };
        table_rows.push(
            Row::new(vec![
                Cell::from(Line::from((index + 1).to_string()).right_aligned()),
                Cell::from(text::truncate(&story.key, usize::from(key)).into_owned()),
                Cell::from(cut(&text::sanitize(&story.title))),
                Cell::from(Line::from(format_points(story.points)).right_aligned()),
                Cell::from(flags),
            ])
            .style(style),
        );
    }
    let widths = [rank, key, title, points, flag].map(Constraint::Length);
    let header = Row::new(["#", "Key", "Title", "Pts", ""]).style(theme::column_titles());
    frame.render_widget(
        Table::new(table_rows, widths)
            .header(header)
            .column_spacing(1),
        inner,
    );
}

/// The cut-line's label, the short one when the long one does not fit the
/// title column, so what it says is never cut.
fn cut_label(full_already: bool, width: usize) -> &'static str {
    let (long, short) = if full_already {
        (
            "── sprint already full at this pace ──",
            "── sprint full ──",
        )
    } else {
        (
            "── sprint ends here at this pace ──",
            "── sprint ends here ──",
        )
    };
    if text::width(long) <= width {
        long
    } else {
        short
    }
}

/// The marks after a story: ⊘ blocked, ★ serves the goal, ? unestimated,
/// ⚠ not ready.
fn flags(story: &Story, goal_of: Option<&Sprint>) -> String {
    let mut flags = String::new();
    if story.blocked.is_some() {
        flags.push('⊘');
    }
    if goal_of.is_some_and(|sp| sp.serves_goal(&story.key)) {
        flags.push('★');
    }
    if story.points.is_none() {
        flags.push('?');
    } else if !story.is_ready() {
        flags.push('⚠');
    }
    flags
}

/// A text load bar that shows overcommitment: "████████░░".
fn bar(value: f64, capacity: f64, width: usize) -> String {
    if capacity <= 0.0 {
        return String::new();
    }
    let share = (value / capacity).clamp(0.0, 1.0);
    // A small width times a share in 0..=1; the cast cannot overflow.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let filled = (share * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Where the shown sprint stands among the open ones (`[`/`]` switch, the
/// footer says); nothing when there is only one.
fn switch_hint(app: &App, key: &str) -> String {
    let open = crate::tui::planning::Planning::open_sprints(&app.backlog);
    match open.iter().position(|k| k == key) {
        Some(at) if open.len() > 1 => {
            format!("{} of {} open · ", at + 1, open.len())
        }
        _ => String::new(),
    }
}
