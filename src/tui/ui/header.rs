//! The top line: product name, view tabs and the backlog's totals, fitted to
//! the terminal. Seven views' full tabs need ~75 cells, so at narrow widths
//! the tabs shrink to their numbers (the active one keeps its name) and the
//! totals to their short forms before anything is cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::number;
use crate::text;
use crate::tui::action::{Action, View};
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};

use super::theme;

/// The product name keeps at least this many cells (" po · Acme… ").
const NAME_MIN: usize = 12;

/// Draws the header line.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let name = if app.backlog.product.name.is_empty() {
        "po".to_string()
    } else {
        format!("po · {}", text::sanitize(&app.backlog.product.name))
    };
    // A tab shows the key that opens its view, which the keymap holds.
    let keys: Vec<String> = View::ALL
        .iter()
        .map(|v| keymap::first_key(Context::Global, Action::ShowView(*v)).unwrap_or_default())
        .collect();
    let titles: Vec<(&str, &str)> = keys
        .iter()
        .zip(View::ALL)
        .map(|(k, v)| (k.as_str(), v.title()))
        .collect();
    let active = View::ALL.iter().position(|v| *v == app.view);
    let line = fit(
        &name,
        &titles,
        active,
        &totals(&app.totals),
        usize::from(area.width),
    );
    frame.render_widget(Paragraph::new(line).style(theme::header()), area);
}

/// The backlog's totals, longest first: open and done points apart, since
/// one sum of both says neither what is left nor what was delivered.
fn totals(t: &crate::tui::app::Totals) -> [String; 3] {
    let open = number::display(t.open_points());
    let done = number::display(t.done_points);
    [
        format!(
            "{} · {open} pts open · {done} done · {} unestimated",
            number::count(t.stories, "story", "stories"),
            t.unestimated
        ),
        format!(
            "{open} pts open · {done} done · {} unestimated",
            t.unestimated
        ),
        format!("{open} open · {done} done"),
    ]
}

/// How the tabs are drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tabs {
    /// " 1 Backlog  2 Epics "
    Named,
    /// " 1  2 Epics  3 " — only the active tab keeps its name.
    Numbered,
}

fn tab_label(n: &str, title: &str, style: Tabs, active: bool) -> String {
    if style == Tabs::Named || active {
        format!(" {n} {title} ")
    } else {
        format!(" {n} ")
    }
}

fn tabs_width(titles: &[(&str, &str)], active: Option<usize>, style: Tabs) -> usize {
    titles
        .iter()
        .enumerate()
        .map(|(i, (n, t))| text::width(&tab_label(n, t, style, Some(i) == active)))
        .sum()
}

/// The header fitted to `width`: named tabs with the longer totals if
/// they fit, else numbered tabs with the longest totals that fit, first
/// beside the whole name, then beside `NAME_MIN` cells of it; the name gets
/// what is left.
pub(super) fn fit(
    name: &str,
    titles: &[(&str, &str)],
    active: Option<usize>,
    totals: &[String],
    width: usize,
) -> Line<'static> {
    let name_wanted = text::width(name) + 2;
    let shortest = totals.len().saturating_sub(1);
    let choices: Vec<(Tabs, &str)> = totals[..shortest]
        .iter()
        .map(|t| (Tabs::Named, t.as_str()))
        .chain(totals.iter().map(|t| (Tabs::Numbered, t.as_str())))
        .chain([(Tabs::Named, ""), (Tabs::Numbered, "")])
        .collect();
    let (style, total) = [name_wanted, name_wanted.min(NAME_MIN)]
        .into_iter()
        .find_map(|name| {
            choices.iter().copied().find(|(style, total)| {
                name + tabs_width(titles, active, *style) + total_width(total) <= width
            })
        })
        .unwrap_or((Tabs::Numbered, ""));
    let tabs = tabs_width(titles, active, style);
    // What the tabs and totals leave; below `NAME_MIN` only when even the
    // numbered tabs alone need it.
    let name_room = width
        .saturating_sub(tabs + total_width(total))
        .min(name_wanted);
    let mut spans = Vec::new();
    if name_room > 2 {
        spans.push(Span::raw(format!(
            " {} ",
            text::truncate(name, name_room - 2)
        )));
    }
    for (i, (n, title)) in titles.iter().enumerate() {
        let is_active = Some(i) == active;
        let label = tab_label(n, title, style, is_active);
        spans.push(if is_active {
            Span::styled(label, theme::tab_active())
        } else {
            Span::raw(label)
        });
    }
    if !total.is_empty() {
        let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
        let room = width.saturating_sub(used);
        spans.push(Span::raw(format!("{:>room$}", format!("{total} "))));
    }
    Line::from(spans)
}

/// Cells the totals take: the text and a space after it.
fn total_width(total: &str) -> usize {
    if total.is_empty() {
        0
    } else {
        text::width(total) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seven views the design plans for.
    const SEVEN: [(&str, &str); 7] = [
        ("1", "Backlog"),
        ("2", "Epics"),
        ("3", "Planning"),
        ("4", "Metrics"),
        ("5", "Requests"),
        ("6", "Roadmap"),
        ("7", "Board"),
    ];

    fn totals() -> Vec<String> {
        vec![
            "60 stories · 180 pts open · 85 done · 8 unestimated".into(),
            "180 pts open · 85 done · 8 unestimated".into(),
            "180 open · 85 done".into(),
        ]
    }

    fn shown(width: usize) -> String {
        let line = fit("po · Acme Groceries", &SEVEN, Some(2), &totals(), width);
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn seven_tabs_at_80_columns_shrink_to_numbers_and_keep_the_totals() {
        let line = shown(80);
        assert!(text::width(&line) <= 80, "{line}");
        assert!(line.contains(" 3 Planning "), "{line}");
        for n in ["1", "2", "4", "5", "6", "7"] {
            assert!(line.contains(&format!(" {n} ")), "tab {n}: {line}");
        }
        assert!(line.contains("180 open · 85 done"), "{line}");
    }

    #[test]
    fn seven_named_tabs_and_every_total_at_200_columns() {
        let line = shown(200);
        assert_eq!(text::width(&line), 200, "{line}");
        assert!(line.contains(" 1 Backlog  2 Epics  3 Planning "), "{line}");
        assert!(line.contains(" 7 Board "), "{line}");
        assert!(line.contains("60 stories · 180 pts open"), "{line}");
        assert!(line.starts_with(" po · Acme Groceries "), "{line}");
    }

    #[test]
    fn at_the_minimum_width_the_tabs_stay_and_nothing_overflows() {
        let line = shown(40);
        assert!(text::width(&line) <= 40, "{line}");
        assert!(line.contains(" 3 Planning "), "{line}");
        assert!(line.contains(" 7 "), "{line}");
    }
}
