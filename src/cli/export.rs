//! `po export`: the backlog (or the stories `po list`'s filters pick) as
//! Markdown, CSV or JSON, or with `--sprint KEY` alone the sprint review
//! report, ready to paste into a wiki or chat.

use std::io::Write;

use super::Ctx;
use super::output::{self, line};
use super::sprint::{plural, round1};
use super::sprint_args::{ExportArgs, ExportFormat};
use super::stories::{picked, story_filter};
use crate::model::{
    Backlog, Burndown, RequestState, ReviewStory, SprintFilter, SprintReview, SprintState, Story,
    StoryFilter, format_points, metrics::velocity_label, number,
};
use crate::store::{self, Json, Keep};

/// Writes the export to stdout.
pub fn run(ctx: &Ctx, a: &ExportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if a.format == ExportFormat::Json && json_from_file(ctx, a, out)? {
        return Ok(());
    }
    let backlog = ctx.read()?;
    // Every filter is checked first, so a bad value is refused before
    // anything is written (and an export never touches the file).
    let filter = story_filter(
        &backlog,
        a.epic.as_deref(),
        a.sprint.as_deref(),
        a.status.as_deref(),
    )?;
    if a.format != ExportFormat::Csv
        && let Some(key) = review_sprint(&filter)
    {
        let today = chrono::Local::now().date_naive();
        let review = review(&backlog, key, today)?;
        return match a.format {
            ExportFormat::Json => output::json(out, &review),
            _ => markdown_review(&review, out),
        };
    }
    let picked = picked(&backlog, &filter);
    match a.format {
        ExportFormat::Json if filter.is_empty() => output::json(out, &*backlog),
        ExportFormat::Json => {
            crate::store::write_stories(out, picked.iter().map(|(_, s)| *s))?;
            Ok(())
        }
        ExportFormat::Md => super::export_md::write(&backlog, &filter, &picked, out),
        ExportFormat::Csv => super::export_csv::write(&backlog, &picked, out),
    }
}

/// The JSON export straight from the file, without loading the backlog
/// (see `store::write_json`): `false` when it declined, having written
/// nothing, for the load to do it (and to say what is wrong, if anything).
fn json_from_file(ctx: &Ctx, a: &ExportArgs, out: &mut impl Write) -> anyhow::Result<bool> {
    let whole = a.epic.is_none() && a.sprint.is_none() && a.status.is_none();
    let what = if whole { Json::Backlog } else { Json::Stories };
    let pick = |b: &Backlog| {
        let filter = story_filter(
            b,
            a.epic.as_deref(),
            a.sprint.as_deref(),
            a.status.as_deref(),
        );
        let filter = filter.ok()?;
        // The review report is a sprint's, not its stories.
        if review_sprint(&filter).is_some() || whole != filter.is_empty() {
            return None;
        }
        Some(match whole {
            true => Keep::All,
            false => Keep::Those(move |s: &Story| filter.matches(s)),
        })
    };
    Ok(store::write_json(&ctx.path, what, pick, out)?)
}

/// The sprint whose review report md and json give: `--sprint KEY` when it
/// is the only filter. With any other filter (or `--sprint backlog`) the
/// export is the matching stories instead.
fn review_sprint(filter: &StoryFilter) -> Option<&str> {
    match &filter.sprint {
        SprintFilter::In(key) if filter.epic.is_none() && filter.status.is_none() => Some(key),
        _ => None,
    }
}

fn review(backlog: &Backlog, key: &str, today: chrono::NaiveDate) -> anyhow::Result<SprintReview> {
    backlog
        .sprint_review(key, today)
        .ok_or_else(|| anyhow::anyhow!("no sprint {key}"))
}

/// Text for a Markdown table cell: one line, pipes escaped.
pub(super) fn cell(text: &str) -> String {
    line(text).replace('|', "\\|")
}

fn markdown_review(r: &SprintReview, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "# Sprint review: {} ({})\n", cell(&r.name), r.sprint)?;
    let mut dates = match (r.start, r.end) {
        (Some(s), Some(e)) => format!("planned {s} to {e}, "),
        _ => String::new(),
    };
    match (r.started, r.ended) {
        (Some(s), Some(e)) => dates.push_str(&format!("ran {s} to {e}, ")),
        (Some(s), None) => dates.push_str(&format!("started {s}, ")),
        _ => {}
    }
    writeln!(out, "{dates}{}\n", r.state)?;
    let goal = if r.goal.is_empty() {
        "(none set)".to_string()
    } else {
        line(&r.goal).into_owned()
    };
    let verdict = match r.goal_met {
        Some(true) => "**met**: every story serving it is done".to_string(),
        // A running (or planned) sprint has not missed its goal yet.
        Some(false) if r.state != SprintState::Closed => {
            "**not met yet**: some stories serving it are not done".to_string()
        }
        Some(false) => "**not met**: some stories serving it are not done".to_string(),
        None => "not assessed: no story was marked as serving it".to_string(),
    };
    writeln!(out, "**Goal:** {goal} — {verdict}\n")?;

    writeln!(
        out,
        "## Done: {} points in {} {}\n",
        number::display(r.done_points),
        r.done.len(),
        plural(r.done.len(), "story", "stories")
    )?;
    stories_table(&r.done, false, out)?;
    writeln!(
        out,
        "## Not done: {} {}\n",
        r.not_done.len(),
        plural(r.not_done.len(), "story", "stories")
    )?;
    stories_table(&r.not_done, true, out)?;

    writeln!(out, "## Velocity\n")?;
    let mut said = format!("{} points done", number::display(r.done_points));
    if let Some(c) = r.committed_points {
        said.push_str(&format!(", {} committed at the start", number::display(c)));
    }
    if let Some(c) = r.capacity {
        said.push_str(&format!(", capacity {}", number::display(c)));
    }
    said.push('.');
    match &r.average {
        Some(avg) => said.push_str(&format!(
            " Velocity before this sprint: {}, range {}-{} points.",
            velocity_label(avg.mean, avg.count),
            number::display(avg.min),
            number::display(avg.max)
        )),
        None => said.push_str(" No earlier sprint to compare with."),
    }
    writeln!(out, "{said}\n")?;

    if let Some(scope) = &r.scope {
        writeln!(out, "## Scope change\n")?;
        let list = |keys: &[String]| {
            if keys.is_empty() {
                String::new()
            } else {
                format!(": {}", keys.join(", "))
            }
        };
        writeln!(
            out,
            "- added after the start: {} (+{} points){}",
            scope.added.len(),
            number::display(scope.added_points),
            list(&scope.added)
        )?;
        writeln!(
            out,
            "- removed after the start: {} (-{} points){}\n",
            scope.removed.len(),
            number::display(scope.removed_points),
            list(&scope.removed)
        )?;
    }

    if let Some(b) = &r.burndown {
        writeln!(out, "## Burndown\n")?;
        writeln!(out, "```text")?;
        for row in burndown_chart(b) {
            writeln!(out, "{row}")?;
        }
        writeln!(out, "```\n")?;
    }

    writeln!(out, "## Requests handled\n")?;
    if r.requests.is_empty() {
        writeln!(out, "None.")?;
    }
    for q in &r.requests {
        let from = if q.from.is_empty() {
            String::new()
        } else {
            format!(" from {}", line(&q.from))
        };
        let outcome = match (q.state, &q.story) {
            (RequestState::Accepted, Some(story)) if q.delivered => {
                format!("accepted as {story}, delivered")
            }
            (RequestState::Accepted, Some(story)) => format!("accepted as {story}"),
            (RequestState::Accepted, None) => "accepted".to_string(),
            (RequestState::Declined, _) if q.reason.is_empty() => "declined".to_string(),
            (RequestState::Declined, _) => format!("declined: {}", line(&q.reason)),
            (RequestState::New, _) => "not triaged yet".to_string(),
        };
        writeln!(out, "- {} \"{}\"{from}: {outcome}", q.key, line(&q.text))?;
    }
    Ok(())
}

fn stories_table(stories: &[ReviewStory], why: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if stories.is_empty() {
        writeln!(out, "None.\n")?;
        return Ok(());
    }
    if why {
        writeln!(
            out,
            "| Story | Title | Points | Goal | Why |\n|---|---|---:|:---:|---|"
        )?;
    } else {
        writeln!(
            out,
            "| Story | Title | Points | Goal |\n|---|---|---:|:---:|"
        )?;
    }
    for s in stories {
        let goal = if s.serves_goal { "✓" } else { "" };
        write!(
            out,
            "| {} | {} | {} | {goal} |",
            cell(&s.key),
            cell(&s.title),
            format_points(s.points)
        )?;
        if why {
            write!(out, " {} |", cell(s.reason.as_deref().unwrap_or("")))?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    Ok(())
}

/// Width of the bars of the text burndown.
const CHART_WIDTH: usize = 30;

/// The burndown as text: one row per day, a bar of the remaining points and
/// a `|` where the ideal line is; days still ahead show only the ideal.
pub(super) fn burndown_chart(b: &Burndown) -> Vec<String> {
    let top = b
        .days
        .iter()
        .filter_map(|d| d.remaining)
        .fold(b.scope_points.max(b.ideal_from), f64::max);
    let scale = |points: f64| -> usize {
        if top <= 0.0 {
            0
        } else {
            ((points / top) * CHART_WIDTH as f64)
                .round()
                .clamp(0.0, CHART_WIDTH as f64) as usize
        }
    };
    let mut rows = vec!["points remaining (█) against the ideal line (|)".to_string()];
    for day in &b.days {
        let mut bar: Vec<char> = vec![' '; CHART_WIDTH + 1];
        if let Some(remaining) = day.remaining {
            for c in bar.iter_mut().take(scale(remaining)) {
                *c = '█';
            }
        }
        bar[scale(day.ideal)] = '|';
        let value = day
            .remaining
            .map_or("-".to_string(), |r| number::display(round1(r)));
        rows.push(format!(
            "{} {}  {value}",
            day.date.format("%m-%d %a"),
            bar.into_iter().collect::<String>()
        ));
    }
    if b.truncated {
        rows.push("(cut after a year)".to_string());
    }
    rows
}
