//! Metrics: velocity per closed sprint, the active sprint's burndown, cycle
//! times and the forecast, drawn with ratatui charts.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, Paragraph, Wrap,
};

use crate::model::{Outcome, number};
use crate::text;
use crate::tui::action::{Action, View};
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::metrics::Metrics;

use super::theme;

/// Draws the metrics view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(failure) = &app.metrics.failure {
        // A bug in a computation: say so instead of "computing" forever.
        let lines = vec![
            Line::styled(
                format!("Could not compute the metrics: {}", text::sanitize(failure)),
                theme::error(),
            ),
            Line::styled(
                "They are computed again after the next change.",
                theme::dim(),
            ),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .block(block(" Metrics ".to_string())),
            area,
        );
        return;
    }
    let Some(m) = &app.metrics.latest else {
        let text = format!(
            "Computing metrics over {} stories…",
            app.backlog.stories.len()
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(theme::dim())
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .block(block(" Metrics ".to_string())),
            area,
        );
        return;
    };
    // The forecast's text (the dates a PO asks for) gets the lines it needs,
    // from the charts above, down to MIN_CHART lines for them.
    let forecast_text = forecast_paragraph(m);
    let [_, forecast_columns] = area.layout(&Layout::horizontal([
        Constraint::Percentage(40),
        Constraint::Fill(1),
    ]));
    let needed =
        u16::try_from(forecast_text.line_count(forecast_columns.width)).unwrap_or(u16::MAX);
    if needed > area.height.saturating_sub(MIN_CHART) {
        // Too short for the four panels and the whole forecast: the dates a
        // PO asks for come first, across the whole width; velocity and the
        // burndown get what is left above when it is worth a chart, and
        // lead time waits for a taller terminal.
        let full = u16::try_from(forecast_text.line_count(area.width)).unwrap_or(u16::MAX);
        let charts = area.height.saturating_sub(full);
        if charts >= 5 {
            let [top, bottom] = area.layout(&Layout::vertical([
                Constraint::Length(charts),
                Constraint::Fill(1),
            ]));
            let [velocity_area, burndown_area] = top.layout(&Layout::horizontal([
                Constraint::Percentage(50),
                Constraint::Fill(1),
            ]));
            velocity(m, frame, velocity_area);
            burndown(m, frame, burndown_area);
            frame.render_widget(forecast_text, bottom);
        } else {
            // No room for a chart: the velocity the dates come from goes
            // in the forecast's title.
            let title = velocity_title(m, area, " Forecast · ");
            frame.render_widget(forecast_paragraph(m).block(block(title)), area);
        }
        updating_note(app, frame, area);
        return;
    }
    let bottom_height = needed
        .min(area.height.saturating_sub(MIN_CHART))
        .max(area.height * 45 / 100);
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(bottom_height),
    ]));
    let [velocity_area, burndown_area] = top.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Fill(1),
    ]));
    let [cycle_area, forecast_area] = bottom.layout(&Layout::horizontal([
        Constraint::Percentage(40),
        Constraint::Fill(1),
    ]));
    velocity(m, frame, velocity_area);
    burndown(m, frame, burndown_area);
    lead(m, frame, cycle_area);
    frame.render_widget(forecast_text, forecast_area);
    updating_note(app, frame, area);
}

fn updating_note(app: &App, frame: &mut Frame, area: Rect) {
    if !app.metrics_are_current() {
        // Old figures stay up while the new ones are computed in the background.
        let note = Line::styled(" updating… ", theme::dim()).right_aligned();
        frame.render_widget(note, Rect { height: 1, ..area });
    }
}

fn block(title: String) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::dim())
        .title(Line::styled(title, theme::label()))
}

/// Rounded to one decimal, for figures people read.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whole points for a bar; bars cannot show fractions.
fn bar_value(points: f64) -> u64 {
    // Non-negative and far below u64::MAX for any real backlog.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let v = points.max(0.0).round() as u64;
    v
}

fn velocity(m: &Metrics, frame: &mut Frame, area: Rect) {
    let title = velocity_title(m, area, " ");
    let bars: Vec<Bar> = m
        .velocity
        .sprints
        .iter()
        .map(|v| {
            Bar::default()
                .value(bar_value(v.done_points))
                .label(Line::from(text::truncate(&v.key, 6).into_owned()))
                .text_value(number::display(v.done_points))
        })
        .collect();
    bar_chart(frame, area, title, &bars, 8, theme::palette().accent);
}

/// The velocity's title after `lead`, the longest form that fits a panel
/// in `area`.
fn velocity_title(m: &Metrics, area: Rect, lead: &str) -> String {
    match (&m.velocity.points, m.velocity.describe()) {
        (Some(s), Some(velocity)) => {
            let mean = number::display(round1(s.mean));
            let range = format!(
                "range {}–{}",
                number::display(s.min),
                number::display(s.max)
            );
            let sprints = number::count(s.count, "sprint", "sprints");
            fitting(
                area,
                vec![
                    format!("{lead}Velocity {velocity}, {range} "),
                    format!("{lead}Velocity {mean}, {range} ({sprints}) "),
                    format!("{lead}Velocity {mean}, {range} "),
                    format!("{lead}Velocity {mean} "),
                ],
            )
        }
        _ => fitting(
            area,
            vec![
                format!("{lead}Velocity: no closed sprint yet "),
                format!("{lead}Velocity: none yet "),
            ],
        ),
    }
}

/// How wide `count` bars with a gap of one are in a bordered `area`.
fn bar_width(area: Rect, count: usize, widest: usize) -> u16 {
    let inner_width = usize::from(area.width.saturating_sub(2));
    u16::try_from(
        (inner_width / count.max(1))
            .saturating_sub(1)
            .clamp(1, widest),
    )
    .unwrap_or(1)
}

/// A lead-time bucket's label in three cells: "≤3d", "≤2w", ">2m".
fn short_bucket(up_to_days: Option<f64>) -> String {
    let Some(days) = up_to_days else {
        return ">2m".to_string();
    };
    let (n, unit) = match days {
        d if d <= 1.0 => return "<1d".to_string(),
        d if d < 14.0 => (d, 'd'),
        d if d < 60.0 => (d / 7.0, 'w'),
        d => (d / 30.5, 'm'),
    };
    format!("≤{}{unit}", number::display(n.round()))
}

/// Bars in a bordered block, as wide as the block allows (up to `widest`).
fn bar_chart(
    frame: &mut Frame,
    area: Rect,
    title: String,
    bars: &[Bar],
    widest: usize,
    color: Option<Color>,
) {
    let width = bar_width(area, bars.len(), widest);
    let chart = BarChart::default()
        .block(block(title))
        .data(BarGroup::default().bars(bars))
        .bar_width(width)
        .bar_gap(1)
        .bar_style(theme::chart(color))
        .value_style(theme::chart_value(color));
    frame.render_widget(chart, area);
}

fn burndown(m: &Metrics, frame: &mut Frame, area: Rect) {
    let Some(b) = &m.burndown else {
        let planning = keymap::hint_key(Context::Global, Action::ShowView(View::Planning));
        let said = match &m.active {
            Some(sprint) => format!(
                "{sprint} has no start date to burn down from: give it its dates in planning ({}, then {}).",
                planning,
                keymap::hint_key(Context::Planning, Action::EditSprint)
            ),
            None => format!(
                "No active sprint: start one in planning ({}, then {}).",
                planning,
                keymap::hint_key(Context::Planning, Action::StartSprint)
            ),
        };
        frame.render_widget(
            Paragraph::new(text::sanitize(&said).into_owned())
                .style(theme::dim())
                .wrap(Wrap { trim: true })
                .block(block(" Burndown ".to_string())),
            area,
        );
        return;
    };
    #[allow(clippy::cast_precision_loss)]
    let ideal: Vec<(f64, f64)> = b
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| (i as f64, d.ideal))
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let remaining: Vec<(f64, f64)> = b
        .days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.remaining.map(|r| (i as f64, r)))
        .collect();
    let top = b.ideal_from.max(b.scope_points).max(1.0);
    #[allow(clippy::cast_precision_loss)]
    let last_day = b.days.len().saturating_sub(1).max(1) as f64;
    let datasets = vec![
        Dataset::default()
            .name("ideal")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::dim())
            .data(&ideal),
        Dataset::default()
            .name("remaining")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::warning())
            .data(&remaining),
    ];
    let sprint = text::sanitize(&b.sprint);
    let left = format!(
        "{} of {} pts left",
        remaining
            .last()
            .map_or("-".to_string(), |(_, r)| number::display(*r)),
        number::display(b.scope_points)
    );
    let title = fitting(
        area,
        vec![
            format!(" Burndown {sprint}: {left} "),
            format!(" {sprint}: {left} "),
            format!(" {left} "),
        ],
    );
    let chart = Chart::new(datasets)
        .block(block(title))
        .x_axis(
            Axis::default()
                .bounds([0.0, last_day])
                .labels([
                    b.start.format("%d %b").to_string(),
                    b.end.format("%d %b").to_string(),
                ])
                .style(theme::dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(["0".to_string(), number::display(top)])
                .style(theme::dim()),
        );
    frame.render_widget(chart, area);
}

/// Lead time (created → done) as bars; cycle time (in progress → done) in
/// the title when the status history has it.
fn lead(m: &Metrics, frame: &mut Frame, area: Rect) {
    let Some(c) = &m.lead else {
        frame.render_widget(
            Paragraph::new("No done story yet.")
                .style(theme::dim())
                .block(block(" Lead time ".to_string())),
            area,
        );
        return;
    };
    let lead = number::display(round1(c.median_days));
    let p85 = number::display(round1(c.p85_days));
    let cycle = m
        .cycle
        .as_ref()
        .map(|cycle| number::display(round1(cycle.median_days)));
    // The longest title that fits the panel's top border: a cut-off figure
    // would read as another number.
    let mut titles = vec![];
    if let Some(cycle) = &cycle {
        titles.push(format!(
            " Lead time: median {lead}d, 85% within {p85}d · cycle time median {cycle}d "
        ));
        titles.push(format!(
            " Lead time {lead}d, 85% ≤ {p85}d · cycle {cycle}d "
        ));
    }
    titles.push(format!(" Lead time: median {lead}d, 85% within {p85}d "));
    titles.push(format!(" Lead time {lead}d, 85% ≤ {p85}d "));
    let title = fitting(area, titles);
    // Labels wider than the bars lose their unit when cut ("1-2" for both
    // weeks and months): then the three-cell forms, each with its unit.
    let width = bar_width(area, c.buckets.len(), 6);
    let narrow = c
        .buckets
        .iter()
        .any(|b| text::width(b.label) > usize::from(width));
    let bars: Vec<Bar> = c
        .buckets
        .iter()
        .map(|b| {
            let label = if narrow {
                short_bucket(b.up_to_days)
            } else {
                b.label.to_string()
            };
            Bar::default()
                .value(b.count as u64)
                .label(Line::from(label))
        })
        .collect();
    bar_chart(frame, area, title, &bars, 6, theme::palette().info);
}

/// The first of `titles` (longest first) that fits the top border of a
/// panel in `area`, else the last: a figure cut in half would read as
/// another number.
fn fitting(area: Rect, titles: Vec<String>) -> String {
    let room = usize::from(area.width.saturating_sub(2));
    let last = titles.len().saturating_sub(1);
    titles
        .into_iter()
        .enumerate()
        .find(|(i, t)| *i == last || text::width(t) <= room)
        .map(|(_, t)| t)
        .unwrap_or_default()
}

/// Lines the velocity and burndown charts keep at least, borders included:
/// six rows of bars, their values and labels.
const MIN_CHART: u16 = 8;

/// The forecast panel: what is left, the dates at each percentile, notes.
fn forecast_paragraph(m: &Metrics) -> Paragraph<'static> {
    let mut lines = Vec::new();
    match &m.forecast {
        Err(e) => lines.push(Line::styled(e.to_string(), theme::error())),
        Ok(f) => {
            lines.push(Line::from(format!(
                "Remaining: {} pts in {} stories ({} unestimated)",
                number::display(f.remaining_points),
                f.remaining_stories,
                f.unestimated
            )));
            match &f.outcome {
                Outcome::Done => lines.push(Line::from("Nothing left to do.")),
                Outcome::Unestimated { stories } => lines.push(Line::styled(
                    format!(
                        "No forecast: {} open stories, none estimated ({}).",
                        stories.len(),
                        text::sanitize(&stories.join(", "))
                    ),
                    theme::error(),
                )),
                Outcome::MonteCarlo {
                    runs, percentiles, ..
                } => {
                    let show = |n: Option<u32>, d: Option<chrono::NaiveDate>| match (n, d) {
                        (Some(n), Some(d)) => format!("{n} sprints, by {d}"),
                        _ => "more than the horizon".to_string(),
                    };
                    lines.push(Line::styled(
                        format!("Done when ({runs} simulated futures):"),
                        theme::label(),
                    ));
                    for level in percentiles {
                        lines.push(Line::from(format!(
                            "  {}% likely: {}",
                            level.percentile,
                            show(level.sprints, level.date)
                        )));
                    }
                }
                Outcome::Range {
                    capacity,
                    fewest,
                    most,
                    earliest,
                    latest,
                } => {
                    let show = |n: &Option<u32>, d: &Option<chrono::NaiveDate>| match (n, d) {
                        (Some(n), Some(d)) => format!("{n} sprints ({d})"),
                        _ => "beyond the horizon".to_string(),
                    };
                    lines.push(Line::from(format!(
                        "Range at capacity {} pts: {} to {}",
                        number::display(*capacity),
                        show(fewest, earliest),
                        show(most, latest)
                    )));
                }
                Outcome::Unknown { reason } => {
                    lines.push(Line::styled(reason.clone(), theme::error()))
                }
            }
            for note in &f.notes {
                lines.push(Line::styled(note.clone(), theme::dim()));
            }
        }
    }
    if let Some(s) = &m.scope {
        lines.push(Line::raw(""));
        lines.push(Line::from(format!(
            "Scope since {} started: {} added, {} removed ({}{} pts net)",
            text::sanitize(&s.sprint),
            s.added.len(),
            s.removed.len(),
            if s.net_points() < 0.0 { "−" } else { "+" },
            number::display(s.net_points().abs())
        )));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(block(" Forecast ".to_string()))
}
