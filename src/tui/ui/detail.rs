//! One story in full: the user-story sentence, fields and acceptance criteria.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::{Story, format_points};
use crate::text;

use super::theme;
use crate::tui::action::Action;
use crate::tui::app::{App, Detail};
use crate::tui::keymap::{self, Context};

/// Lines at the top of the detail that stay put while the rest scrolls:
/// the title, the user-story sentence, a blank line and points, status and
/// MoSCoW. On a short terminal the PO still sees which story this is.
const HEAD: usize = 4;

/// Draws the detail of the story `detail` names.
pub fn render(app: &App, detail: &Detail, frame: &mut Frame, area: Rect) {
    let Some(story) = app.story_by_key(&detail.key) else {
        return;
    };
    let mut body = lines(app, story, detail.criterion);
    let head: Vec<Line> = body.drain(..HEAD.min(body.len())).collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::popup_border())
        .title(format!(" {} ", clean(&story.key)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let head = Paragraph::new(head).wrap(Wrap { trim: false });
    // The head gets its rows, but never more than half the box: the
    // criteria below must still show.
    let head_rows = u16::try_from(head.line_count(inner.width))
        .unwrap_or(u16::MAX)
        .min(inner.height / 2);
    let [head_area, body_area] = inner.layout(&Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Fill(1),
    ]));
    frame.render_widget(head, head_area);
    // Keep the selected criterion in view on short terminals.
    let criteria_start = body.len().saturating_sub(story.acceptance.len().max(1));
    let selected_line = criteria_start + detail.criterion;
    let inner_height = usize::from(body_area.height);
    // Count the rows the lines take once wrapped, so that a long sentence or
    // description cannot push the selected criterion off the screen.
    let rows_through_selected =
        Paragraph::new(body[..(selected_line + 1).min(body.len())].to_vec())
            .wrap(Wrap { trim: false })
            .line_count(body_area.width);
    let scroll = rows_through_selected.saturating_sub(inner_height);
    frame.render_widget(
        Paragraph::new(body)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        body_area,
    );
}

fn field<'a>(label: &'a str, value: String) -> Vec<Span<'a>> {
    vec![
        Span::styled(format!("{label}: "), theme::label()),
        Span::raw(value),
        Span::raw("   "),
    ]
}

fn clean(s: &str) -> String {
    text::sanitize(s).into_owned()
}

fn lines<'a>(app: &'a App, story: &'a Story, selected: usize) -> Vec<Line<'a>> {
    let backlog = &app.backlog;
    let mut out = vec![Line::styled(clean(&story.title), theme::label())];
    out.push(match story.sentence() {
        Some(s) => Line::from(clean(&s)),
        None => Line::styled("(no user-story sentence yet: e to write one)", theme::dim()),
    });
    out.push(Line::raw(""));

    let mut facts = field("Points", format_points(story.points));
    facts.extend(field("Status", story.status.as_str().replace('_', " ")));
    facts.extend(field(
        "MoSCoW",
        story.moscow.map_or("-".into(), |m| m.to_string()),
    ));
    out.push(Line::from(facts));

    let epic = story.epic.as_deref().map_or("-".to_string(), |k| {
        backlog
            .epic(k)
            .map_or(k.to_string(), |e| format!("{k} {}", clean(&e.title)))
    });
    let sprint = story.sprint.as_deref().map_or("-".to_string(), |k| {
        backlog.sprint(k).map_or(k.to_string(), |s| {
            format!("{k} {} ({})", clean(&s.name), s.state)
        })
    });
    let mut links = field("Epic", epic);
    links.extend(field("Sprint", sprint));
    out.push(Line::from(links));

    let mut people = field(
        "Labels",
        if story.labels.is_empty() {
            "-".into()
        } else {
            clean(&story.labels.join(", "))
        },
    );
    people.extend(field(
        "Requested by",
        if story.requested_by.is_empty() {
            "-".into()
        } else {
            clean(&story.requested_by)
        },
    ));
    if let Some(who) = &story.assignee {
        people.extend(field("Assignee", clean(who)));
    }
    out.push(Line::from(people));
    if let Some(key) = &story.request {
        // The request it came from, so the PO sees who to tell when it ships.
        let request = backlog.request(key).map_or_else(
            || key.clone(),
            |r| {
                let day = r.received.date_naive();
                clean(&format!("{key} from {} ({day}): {}", r.from, r.text))
            },
        );
        out.push(Line::from(field("Request", request)));
    }
    if let Some(blocked) = &story.blocked {
        out.push(Line::styled(
            format!(
                "⊘ Blocked since {}: {}",
                blocked.since.date_naive(),
                clean(&blocked.reason)
            ),
            theme::blocked(),
        ));
    }
    if let Some(source) = &story.source {
        out.push(Line::from(field("Source", clean(source))));
    }

    let rice = story
        .rice
        .as_ref()
        .map_or("-".to_string(), crate::model::rice::breakdown);
    out.push(Line::from(field("RICE", rice)));

    let deps = if story.depends_on.is_empty() {
        "-".to_string()
    } else {
        story
            .depends_on
            .iter()
            .map(|k| match app.story_by_key(k) {
                Some(d) => format!("{} {} ({})", clean(k), clean(&d.title), d.status),
                None => format!("{} (missing)", clean(k)),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    out.push(Line::from(field("Depends on", deps)));

    let mut dates = field("Created", story.created.format("%Y-%m-%d").to_string());
    dates.extend(field(
        "Updated",
        story.updated.format("%Y-%m-%d %H:%M").to_string(),
    ));
    if let Some(done) = story.done_at {
        dates.extend(field("Done", done.format("%Y-%m-%d").to_string()));
    }
    out.push(Line::from(dates));

    out.extend(super::invest::lines(app, story));

    out.push(Line::raw(""));
    out.push(Line::styled("Description", theme::label()));
    if story.description.trim().is_empty() {
        out.push(Line::styled("  (none)", theme::dim()));
    } else {
        out.extend(
            story
                .description
                .lines()
                .map(|l| Line::from(format!("  {}", clean(l)))),
        );
    }

    out.push(Line::raw(""));
    let done = story.acceptance.iter().filter(|c| c.done).count();
    out.push(Line::styled(
        format!(
            "Acceptance criteria ({done}/{} done)",
            story.acceptance.len()
        ),
        theme::label(),
    ));
    if story.acceptance.is_empty() {
        out.push(Line::styled(
            format!(
                "  (none: {} adds one)",
                keymap::hint_key(Context::Detail, Action::AddCriterion)
            ),
            theme::dim(),
        ));
    }
    for (i, c) in story.acceptance.iter().enumerate() {
        let mark = if c.done { "[x]" } else { "[ ]" };
        let style = match (i == selected, c.done) {
            (true, _) => theme::selected(),
            (false, true) => theme::dim(),
            (false, false) => Style::new(),
        };
        out.push(Line::styled(format!("  {mark} {}", clean(&c.text)), style));
    }
    out
}
