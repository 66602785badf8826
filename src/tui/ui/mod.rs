//! Rendering: a pure function of `&App` onto a frame. One module per view.

pub(super) mod backlog;
pub(super) mod board;
mod columns;
pub(super) mod detail;
pub(super) mod epics;
mod grid;
mod header;
pub(super) mod help;
mod invest;
pub mod layout;
pub(super) mod merge;
pub(super) mod metrics;
pub(super) mod planning;
mod popups;
pub(super) mod preview;
pub(super) mod refine;
pub(super) mod requests;
pub(super) mod roadmap;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::text;

use super::action::{Action, View};
use super::app::App;
use super::keymap::{self, Context};

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area.width, area.height) {
        render_too_small(frame, area);
        return;
    }
    let areas = layout::areas(area);
    header::render(app, frame, areas.header);
    render_banner(app, frame, areas.banner);
    let part = app.view.part();
    let (min_width, min_height) = part.min_body();
    if areas.body.width < min_width || areas.body.height < min_height {
        render_view_too_small(app, frame, area, areas.body, (min_width, min_height));
    } else {
        part.render(app, frame, areas.body);
    }
    render_message(app, frame, areas.message);
    render_hints(app, frame, areas.hints);
    popups::render(app, frame, area);
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small: po needs {}×{}, this is {}×{}.",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center),
        area,
    );
}

/// The body of a view that needs more room than the terminal gives it:
/// the header and footer stay, so another view is one key away.
fn render_view_too_small(
    app: &App,
    frame: &mut Frame,
    screen: Rect,
    body: Rect,
    (width, height): (u16, u16),
) {
    let chrome = screen.height.saturating_sub(body.height);
    let text = format!(
        "The {} view needs a terminal of at least {}×{}; this one is {}×{}. \
         Enlarge it, or use another view (1…8).",
        app.view.title(),
        width.max(layout::MIN_WIDTH),
        (height + chrome).max(layout::MIN_HEIGHT),
        screen.width,
        screen.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        body,
    );
}

fn render_banner(app: &App, frame: &mut Frame, area: Rect) {
    let line = if let Some(reason) = &app.read_only {
        Line::styled(
            format!(" READ-ONLY: {} ", text::sanitize(reason)),
            theme::read_only(),
        )
    } else if app.has_unsaved_changes() {
        let key = keymap::first_key(Context::Global, Action::Save).unwrap_or_default();
        let what = if app.file.conflict {
            "to choose"
        } else {
            "tries again"
        };
        Line::styled(
            // The key first: the reason can be long and gets cut.
            format!(
                " NOT SAVED, kept in memory · {key} {what} · {} ",
                text::sanitize(app.unsaved_reason())
            ),
            theme::read_only(),
        )
    } else if let Some(conflicts) = merge::banner(app) {
        Line::styled(conflicts, theme::merge_conflict())
    } else {
        // Each part long and short: the short forms when the long ones do
        // not fit, so the active sprint's name is not cut at 80 columns.
        let mut parts: Vec<(String, String)> = Vec::new();
        let filter = app.list.filter().describe();
        if !filter.is_empty() && app.view == View::Backlog {
            let long = format!(
                "filter: {filter} ({} of {}; F clears)",
                app.list.len(&app.backlog),
                crate::model::number::count(app.backlog.stories.len(), "story", "stories")
            );
            parts.push((long.clone(), long));
        }
        let hidden = app.list.hidden_done();
        if hidden > 0 && app.view == View::Backlog {
            let key = keymap::first_key(Context::Backlog, Action::ToggleDone).unwrap_or_default();
            parts.push((
                format!("{hidden} done in closed sprints hidden · {key} shows them"),
                format!("{hidden} done hidden ({key})"),
            ));
        }
        if !app.search.is_empty() {
            let long = format!("search: \"{}\" (n/N)", text::sanitize(&app.search));
            parts.push((long.clone(), long));
        }
        if let Some(sprint) = app.backlog.active_sprint() {
            let name = format!("{} {}", sprint.key, text::sanitize(&sprint.name));
            parts.push((format!("▶ active sprint {name}"), format!("▶ {name}")));
        }
        let join = |short: bool| {
            let texts: Vec<&str> = parts
                .iter()
                .map(|(long, brief)| if short { brief } else { long }.as_str())
                .collect();
            format!(" {}", texts.join("  ·  "))
        };
        let long = join(false);
        let shown = if text::width(&long) <= usize::from(area.width) {
            long
        } else {
            join(true)
        };
        Line::styled(shown, theme::banner())
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn render_message(app: &App, frame: &mut Frame, area: Rect) {
    let Some(message) = &app.message else {
        return;
    };
    let style = if message.error {
        theme::error()
    } else {
        theme::info()
    };
    let shown = text::truncate(
        &text::sanitize(&message.text),
        usize::from(area.width).saturating_sub(1),
    )
    .into_owned();
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {shown}"), style)),
        area,
    );
}

fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (key, label) in fitting_hints(&app.contexts(), usize::from(area.width)) {
        spans.push(Span::styled(format!(" {key} "), theme::key_hint()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer's hints that fit in `room` columns, in table order. When not
/// all fit, the view's last hints give way and three stay: the two that
/// lead to every other key (`?` help, `:` commands) and `u` undo, which
/// every change relies on: on an 80-column terminal the footer must still
/// say where the rest is.
fn fitting_hints(contexts: &[Context], room: usize) -> Vec<(String, &'static str)> {
    let hints: Vec<(String, &'static str, Action)> = contexts
        .iter()
        .flat_map(|&context| {
            keymap::bindings().filter(move |(b, _)| b.context == context && b.footer)
        })
        .map(|(b, keys)| (keys[0].to_string(), b.label, b.action))
        .collect();
    let width =
        |(key, label, _): &(String, &str, Action)| text::width(key) + text::width(label) + 4;
    let kept = |action: Action| matches!(action, Action::Help | Action::Palette | Action::Undo);
    let reserved: usize = hints.iter().filter(|h| kept(h.2)).map(width).sum();
    let mut left = room.saturating_sub(reserved);
    let mut full = false;
    let mut out = Vec::new();
    for hint in hints {
        if !kept(hint.2) {
            let w = width(&hint);
            full = full || w > left;
            if full {
                continue;
            }
            left -= w;
        }
        out.push((hint.0, hint.1));
    }
    out
}
