//! View 5: the requests by age (key, age, state, sender, story, text) and,
//! under them, what each stakeholder is waiting for.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::model::{RequestState, Stakeholder, request_age};
use crate::text;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};

use super::columns::widest;
use super::theme;

/// The fewest rows the list keeps when the summary shares the screen.
const MIN_LIST_ROWS: u16 = 4;

/// Draws the list and, when there is room, the stakeholder summary.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let backlog = &app.backlog;
    if backlog.requests.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "\n  No requests yet. Press {} to capture one: what is asked, then who asked.",
                keymap::hint_key(Context::Requests, Action::NewRequest)
            ))
            .style(theme::dim()),
            area,
        );
        return;
    }
    let summary = backlog.stakeholders();
    // Title, header and a row per stakeholder, at most a third of the body.
    let wanted = u16::try_from(summary.len() + 3).unwrap_or(u16::MAX);
    let room = area.height.saturating_sub(MIN_LIST_ROWS + 1);
    let summary_height = if room >= 4 {
        wanted.min(room).min(area.height / 2)
    } else {
        0
    };
    let [list_area, summary_area] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(summary_height),
    ]));
    list(app, frame, list_area);
    if summary_height > 0 {
        stakeholders(&summary, today(app), frame, summary_area);
    }
}

fn today(app: &App) -> NaiveDate {
    app.today
        .unwrap_or_else(|| crate::model::now().date_naive())
}

fn list(app: &App, frame: &mut Frame, area: Rect) {
    let backlog = &app.backlog;
    let state = &app.requests;
    let [title_area, table_area] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    let filter = state.describe_filter();
    let title = if filter.is_empty() {
        format!("{} requests, oldest first", state.rows.len())
    } else {
        format!(
            "{} requests ({filter}; {} clears)",
            state.rows.len(),
            keymap::hint_key(Context::Requests, Action::ClearRequestFilter)
        )
    };
    frame.render_widget(Paragraph::new(title).style(theme::label()), title_area);
    if state.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "  No request passes the filter ({} clears it).",
                keymap::hint_key(Context::Requests, Action::ClearRequestFilter)
            ))
            .style(theme::dim()),
            table_area,
        );
        return;
    }
    let mut window = Window::new(app, table_area);
    // The selected request in full under the table when its row cuts its
    // text or sender: what is asked and by whom is what a PO triages on.
    let selected = state
        .rows
        .get(state.cursor)
        .and_then(|&i| backlog.requests.get(i));
    let cut = selected.is_some_and(|r| {
        text::width(&text::sanitize(&r.from)) > usize::from(window.from)
            || text::width(&text::sanitize(&describe(r))) > usize::from(window.text)
    });
    let whole = match selected {
        Some(r) if cut => text::wrap(
            &format!(
                "{} from {}: {}",
                r.key,
                text::sanitize(&r.from),
                describe(r)
            ),
            usize::from(table_area.width),
        ),
        _ => Vec::new(),
    };
    let whole_rows = u16::try_from(whole.len())
        .unwrap_or(u16::MAX)
        .min(table_area.height.saturating_sub(MIN_LIST_ROWS + 1).min(4));
    let table_area = if whole_rows > 0 {
        let [table_area, whole_area] = table_area.layout(&Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(whole_rows),
        ]));
        let lines: Vec<Line> = whole
            .into_iter()
            .take(usize::from(whole_rows))
            .map(|l| Line::styled(l, theme::label()))
            .collect();
        frame.render_widget(Paragraph::new(lines), whole_area);
        window = Window::new(app, table_area);
        table_area
    } else {
        table_area
    };
    let Window {
        offset,
        shown,
        key,
        from,
        story,
        text: text_width,
    } = window;
    let requests = || shown.iter().filter_map(|&i| backlog.requests.get(i));
    let fixed = [key, 5, 8, from, story];
    let today = today(app);
    let rows = requests().enumerate().map(|(row, r)| {
        let state_style = match r.state {
            RequestState::New => theme::info(),
            RequestState::Accepted => Style::new(),
            RequestState::Declined => theme::dim(),
        };
        let story = r.story.as_deref().unwrap_or("-");
        let row_style = if offset + row == state.cursor {
            theme::selected()
        } else {
            Style::new()
        };
        Row::new(vec![
            Cell::from(text::truncate(&r.key, usize::from(key)).into_owned()),
            Cell::from(Line::from(request_age(r.received, today)).right_aligned()),
            Cell::from(Line::styled(r.state.to_string(), state_style)),
            Cell::from(text::truncate(&text::sanitize(&r.from), usize::from(from)).into_owned()),
            Cell::from(text::truncate(story, usize::from(fixed[4])).into_owned()),
            Cell::from(
                text::truncate(&text::sanitize(&describe(r)), usize::from(text_width)).into_owned(),
            ),
        ])
        .style(row_style)
    });
    let mut widths = fixed.to_vec();
    widths.push(text_width);
    let header = Row::new(["Key", "  Age", "State", "From", "Story", "Request"])
        .style(theme::column_titles());
    frame.render_widget(
        Table::new(rows, widths.into_iter().map(Constraint::Length))
            .header(header)
            .column_spacing(1),
        table_area,
    );
}

/// The rows of the requests list that fit in `area` (its header aside),
/// and the widths of its columns for them.
struct Window {
    offset: usize,
    shown: Vec<usize>,
    key: u16,
    from: u16,
    story: u16,
    text: u16,
}

impl Window {
    fn new(app: &App, area: Rect) -> Self {
        let backlog = &app.backlog;
        let state = &app.requests;
        let height = usize::from(area.height.saturating_sub(1)).max(1);
        let offset = (state.cursor + 1).saturating_sub(height);
        let shown: Vec<usize> = state
            .rows
            .iter()
            .skip(offset)
            .take(height)
            .copied()
            .collect();
        let requests = || shown.iter().filter_map(|&i| backlog.requests.get(i));
        let key = widest(requests().map(|r| r.key.as_str()), 3, 8);
        // 16 columns at 80, a little more with each column beyond, so that
        // "Customer advisory board" is whole at 120 where the request has room.
        let from_cap = 16 + area.width.saturating_sub(80) / 4;
        let from = widest(requests().map(|r| r.from.as_str()), 4, from_cap.min(32));
        let story = widest(requests().map(|r| r.story.as_deref().unwrap_or("-")), 5, 8);
        let text = area
            .width
            .saturating_sub(key + 5 + 8 + from + story + 5)
            .max(1);
        Window {
            offset,
            shown,
            key,
            from,
            story,
            text,
        }
    }
}

/// The request's text, and for a declined one the reason it was given.
fn describe(r: &crate::model::Request) -> String {
    match r.state {
        RequestState::Declined if !r.reason.is_empty() => {
            format!("{} — declined: {}", r.text, r.reason)
        }
        _ => r.text.clone(),
    }
}

/// Per stakeholder: open requests, how long the oldest has waited, and the
/// decisions so far.
fn stakeholders(summary: &[Stakeholder], today: NaiveDate, frame: &mut Frame, area: Rect) {
    let [title_area, table_area] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    frame.render_widget(
        Paragraph::new("By stakeholder").style(theme::label()),
        title_area,
    );
    let rows_shown = usize::from(table_area.height.saturating_sub(1));
    let name = widest(
        summary.iter().take(rows_shown).map(|s| s.name.as_str()),
        11,
        24,
    );
    let rows = summary.iter().take(rows_shown).map(|s| {
        let oldest = s
            .oldest_open
            .map_or_else(|| "-".to_string(), |t| request_age(t, today));
        let open_style = if s.open > 0 {
            theme::info()
        } else {
            theme::dim()
        };
        Row::new(vec![
            Cell::from(text::truncate(&text::sanitize(&s.name), usize::from(name)).into_owned()),
            Cell::from(Line::styled(s.open.to_string(), open_style).right_aligned()),
            Cell::from(Line::from(oldest).right_aligned()),
            Cell::from(Line::from(s.accepted.to_string()).right_aligned()),
            Cell::from(Line::from(s.declined.to_string()).right_aligned()),
        ])
    });
    let header = Row::new(["Stakeholder", " Open", "Oldest", "Accepted", "Declined"])
        .style(theme::column_titles());
    let widths = [name, 5, 6, 8, 8].map(Constraint::Length);
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}
