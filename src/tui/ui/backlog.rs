//! The ranked backlog: only the rows in the window are built, so a frame
//! costs the same for 100 stories or 100,000.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::model::rice::{self, Marker};
use crate::model::{Status, Story, format_points, number};
use crate::text;

use super::columns::widest;
use super::theme;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};

/// Column widths that depend on the terminal and on the rows shown:
/// narrow terminals drop the epic, then the status column, to keep the
/// title readable; wide ones let the epic column grow.
struct Columns {
    rank: u16,
    key: u16,
    points: u16,
    show_status: bool,
    /// Zero when the RICE score column is not shown.
    score: u16,
    /// Zero when the epic column is not shown.
    epic: u16,
    title: u16,
}

/// What the rows in the window need, in cells.
struct Needs {
    rank: u16,
    key: u16,
    points: u16,
    score: u16,
    epic: u16,
}

const MOSCOW: u16 = 6;
/// The readiness badge and the dependency marker.
const READY: u16 = 2;
const STATUS: u16 = 11;
/// The epic column's width until the terminal is wide enough to let it grow.
const EPIC: u16 = 16;
/// Cells the title keeps before the status, then the epic column is shown.
const TITLE_BEFORE_STATUS: u16 = 20;
const TITLE_BEFORE_EPIC: u16 = 24;

fn columns(width: u16, needs: &Needs) -> Columns {
    // Gutter, rank, key, points, MoSCoW, and a space between each.
    let fixed = 1 + needs.rank + needs.key + READY + needs.points + MOSCOW + 6;
    // The score comes before the status: it is what prioritizing looks at.
    let score = if needs.score > 0 && width >= fixed + needs.score + 1 + TITLE_BEFORE_STATUS {
        needs.score
    } else {
        0
    };
    let fixed = if score > 0 { fixed + score + 1 } else { fixed };
    let show_status = width >= fixed + STATUS + 1 + TITLE_BEFORE_STATUS;
    let with_status = fixed + STATUS + 1;
    let epic_min = needs.epic.min(EPIC);
    let epic = if width >= with_status + epic_min + 1 + TITLE_BEFORE_EPIC {
        // Up to a fifth of a wide terminal for long epic names, never
        // squeezing the title below its minimum.
        let cap = (width / 5).max(EPIC);
        let room = width - with_status - 1 - TITLE_BEFORE_EPIC;
        needs.epic.min(cap).min(room)
    } else {
        0
    };
    let mut used = fixed;
    if show_status {
        used += STATUS + 1;
    }
    if epic > 0 {
        used += epic + 1;
    }
    Columns {
        rank: needs.rank,
        key: needs.key,
        points: needs.points,
        show_status,
        score,
        epic,
        title: width.saturating_sub(used).max(1),
    }
}

fn epic_name<'a>(app: &'a App, story: &'a Story) -> &'a str {
    story
        .epic
        .as_deref()
        .map(|k| app.backlog.epic(k).map_or(k, |e| e.title.as_str()))
        .unwrap_or("")
}

/// Draws the list with its column titles.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let backlog = &app.backlog;
    if app.list.is_empty(backlog) {
        let key = |action| keymap::hint_key(Context::Backlog, action);
        let text = if backlog.stories.is_empty() {
            // Two lines, so that 80 columns show both whole.
            format!(
                "The backlog is empty. Press {} to add the first story,\n  \
                 or {} to import a file (Jira, GitHub, Linear, taskwarrior, CSV).",
                key(Action::AddStory),
                keymap::hint_key(Context::Global, Action::Import)
            )
        } else {
            format!(
                "No story passes the filter. Press {} to clear it, {} to change it.",
                key(Action::ClearFilter),
                key(Action::Filter)
            )
        };
        frame.render_widget(
            Paragraph::new(format!("\n  {text}")).style(theme::dim()),
            area,
        );
        return;
    }
    let height = usize::from(area.height.saturating_sub(1));
    let rows: Vec<usize> = (app.list.offset..app.list.offset + height)
        .map_while(|row| app.list.index_at(backlog, row))
        .collect();
    let shown = || rows.iter().map(|&i| &*backlog.stories[i]);
    let needs = Needs {
        // The rank of the last row shown, at least as wide as "#".
        rank: widest(rows.last().map(|&i| app.list.rank_of(i).to_string()), 1, 7),
        // Keys are short (S-123456); a hand-edited monster is cut, not allowed to eat the title.
        key: widest(shown().map(|s| s.key.as_str()), 3, 10),
        points: widest(shown().map(|s| format_points(s.points)), 3, 10),
        // No column at all while no story on screen has a score.
        score: if shown().any(|s| rice::story_score(s).is_some()) {
            widest(
                rows.iter()
                    .map(|&i| score_text(app, &backlog.stories[i], i)),
                5,
                14,
            )
        } else {
            0
        },
        epic: widest(
            shown().map(|s| text::sanitize(epic_name(app, s)).into_owned()),
            4,
            u16::MAX,
        ),
    };
    let cols = columns(area.width, &needs);
    let active = backlog.active_sprint().map(|s| s.key.as_str());

    let mut header = vec!["", "#", "Key", "R", "Title", "Pts", "MoSCoW"];
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(cols.rank),
        Constraint::Length(cols.key),
        Constraint::Length(READY),
        Constraint::Length(cols.title),
        Constraint::Length(cols.points),
        Constraint::Length(MOSCOW),
    ];
    if cols.score > 0 {
        header.push("Score");
        widths.push(Constraint::Length(cols.score));
    }
    if cols.show_status {
        header.push("Status");
        widths.push(Constraint::Length(STATUS));
    }
    if cols.epic > 0 {
        header.push("Epic");
        widths.push(Constraint::Length(cols.epic));
    }

    let table_rows = rows.iter().enumerate().map(|(n, &index)| {
        let story = &backlog.stories[index];
        let in_active = active.is_some() && story.sprint.as_deref() == active;
        let selected = app.list.offset + n == app.list.cursor;
        story_row(app, story, index, in_active, &cols, selected)
    });
    let table = Table::new(table_rows, widths)
        .header(Row::new(header).style(theme::column_titles()))
        .column_spacing(1);
    frame.render_widget(table, area);
}

fn story_row<'a>(
    app: &'a App,
    story: &'a Story,
    index: usize,
    in_active_sprint: bool,
    cols: &Columns,
    selected: bool,
) -> Row<'a> {
    let (gutter, base) = if story.blocked.is_some() {
        // Blocked says more than done or in the sprint: it needs someone.
        ("⊘", theme::blocked())
    } else if story.status == Status::Done {
        ("✓", theme::done())
    } else if in_active_sprint {
        ("▶", theme::in_active_sprint())
    } else {
        (" ", Style::new())
    };
    // Cells with colours of their own keep them on the cursor row, lifted
    // where they would vanish on its grey.
    let cell_style = |own: Style| {
        if selected {
            theme::selected_over(base.patch(own))
        } else {
            own
        }
    };
    let title = title_line(&story.title, &app.search, usize::from(cols.title));
    let mut cells = vec![
        Cell::from(gutter),
        Cell::from(Line::from(format!("{}", app.list.rank_of(index))).right_aligned()),
        Cell::from(text::truncate(&story.key, usize::from(cols.key)).into_owned()),
        ready_cell(app, story, index, &cell_style),
        Cell::from(title),
        Cell::from(Line::from(format_points(story.points)).right_aligned()),
        Cell::from(Span::styled(
            story.moscow.map_or("", |m| m.as_str()),
            cell_style(theme::moscow(story.moscow)),
        )),
    ];
    if cols.score > 0 {
        cells.push(score_cell(app, story, index, &cell_style));
    }
    if cols.show_status {
        cells.push(Cell::from(Span::styled(
            story.status.as_str().replace('_', " "),
            cell_style(theme::status(story.status)),
        )));
    }
    if cols.epic > 0 {
        cells.push(Cell::from(
            text::truncate(
                &text::sanitize(epic_name(app, story)),
                usize::from(cols.epic),
            )
            .into_owned(),
        ));
    }
    let style = if selected {
        theme::selected_over(base)
    } else {
        base
    };
    Row::new(cells).style(style)
}

/// The readiness badge (✓ ready, ✗ not, by the story's own fields; nothing
/// for a done story) and ⤓ when it is ranked above an open story it depends
/// on. Both are worked out for the visible rows only.
fn ready_cell<'a>(
    app: &App,
    story: &Story,
    index: usize,
    cell_style: &dyn Fn(Style) -> Style,
) -> Cell<'a> {
    if story.status == Status::Done {
        return Cell::from("");
    }
    let badge = if story.is_ready() {
        Span::styled("✓", cell_style(theme::ready()))
    } else {
        Span::styled("✗", cell_style(theme::not_ready()))
    };
    let marker = if app.depends_on_lower(story, index) {
        Span::styled("⤓", cell_style(theme::not_ready()))
    } else {
        Span::raw(" ")
    };
    Cell::from(Line::from(vec![badge, marker]))
}

/// The score and its marker as text, for measuring the column.
fn score_text(app: &App, story: &Story, index: usize) -> String {
    let score = rice::story_score(story).map_or(String::new(), short_number);
    match marker(app, index) {
        Some(m) => format!("{score} {m}"),
        None => score,
    }
}

fn marker(app: &App, index: usize) -> Option<Marker> {
    app.current_ranking()?.of(index)?.marker()
}

/// A score in at most five cells, to about three significant figures, so
/// a column of scores reads at a glance: 6.25, 12.5, 167, 1333, 16k, 3.4M.
pub(super) fn short_number(value: f64) -> String {
    let trimmed = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if value >= 1e6 {
        format!("{}M", trimmed(format!("{:.1}", value / 1e6)))
    } else if value >= 1e4 {
        format!("{}k", trimmed(format!("{:.1}", value / 1e3)))
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        trimmed(format!("{value:.1}"))
    } else {
        number::display(value)
    }
}

/// The score, right-aligned, with its marker (↑7 / ↓12) in its own colour.
fn score_cell<'a>(
    app: &App,
    story: &Story,
    index: usize,
    cell_style: &dyn Fn(Style) -> Style,
) -> Cell<'a> {
    let score = rice::story_score(story).map_or(String::new(), short_number);
    let mut spans = vec![Span::raw(score)];
    if let Some(m) = marker(app, index) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            m.to_string(),
            cell_style(theme::score_marker()),
        ));
    }
    Cell::from(Line::from(spans).right_aligned())
}

/// The title, cut to its column, with the search match highlighted.
fn title_line(title: &str, search: &str, width: usize) -> Line<'static> {
    let shown = text::truncate(&text::sanitize(title), width).into_owned();
    if search.is_empty() {
        return Line::from(shown);
    }
    // Highlight the matched part where lower-casing keeps byte offsets (ASCII);
    // elsewhere the whole title is marked.
    if shown.is_ascii()
        && let Some(at) = shown.to_ascii_lowercase().find(search)
    {
        let end = at + search.len();
        return Line::from(vec![
            Span::raw(shown[..at].to_string()),
            Span::styled(shown[at..end].to_string(), theme::search_match()),
            Span::raw(shown[end..].to_string()),
        ]);
    }
    if crate::text::sanitize(title).to_lowercase().contains(search) {
        Line::styled(shown, theme::search_match())
    } else {
        Line::from(shown)
    }
}

#[cfg(test)]
mod tests {
    use super::short_number;

    #[test]
    fn scores_show_about_three_significant_figures_in_five_cells_at_most() {
        let cases = [
            (0.0, "0"),
            (6.25, "6.25"),
            (12.54, "12.5"),
            (40.0, "40"),
            (166.666, "167"),
            (1333.33, "1333"),
            (9999.6, "10000"),
            (16000.0, "16k"),
            (12_540.0, "12.5k"),
            (3_400_000.0, "3.4M"),
        ];
        for (value, shown) in cases {
            assert_eq!(short_number(value), shown, "{value}");
        }
    }
}
