//! `po stats`: velocity, throughput, lead and cycle time, the active sprint and
//! progress per epic, as text or JSON.

use std::io::Write;

use super::Ctx;
use super::output::{self, line};
use super::sprint::{plural, round1};
use super::sprint_args::StatsArgs;
use crate::model::moscow::{self, MoscowStats, Shares, SprintShares};
use crate::model::{Durations, Moscow, Stats, Summary, format_points, number};

/// Prints the stats of the last `--last` closed sprints.
pub fn run(ctx: &Ctx, a: &StatsArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let today = chrono::Local::now().date_naive();
    let stats = backlog.stats(a.last as usize, today);
    if a.json {
        return output::json(out, &stats);
    }
    velocity(&stats, out)?;
    durations(&stats, out)?;
    active(&stats, out)?;
    epics(&stats, out)?;
    moscow(&stats.moscow, out)
}

/// MoSCoW shares of each planned or active sprint and each epic with points,
/// and the warning for a sprint whose Must work is over the limit.
fn moscow(m: &MoscowStats, out: &mut impl Write) -> anyhow::Result<()> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |what: String, shares: &Shares| {
        let mut r = vec![what, number::display(shares.total())];
        r.extend(
            Moscow::ALL
                .iter()
                .map(|&p| moscow::percent(shares.share(Some(p)))),
        );
        r.push(moscow::percent(shares.share(None)));
        rows.push(r);
    };
    for s in &m.sprints {
        row(format!("{} ({})", line(&s.sprint), s.state), &s.shares);
    }
    for e in m.epics.iter().filter(|e| e.shares.total() > 0.0) {
        row(line(&e.epic).into_owned(), &e.shares);
    }
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "MoSCoW shares of points:")?;
    let header = ["of", "points", "must", "should", "could", "wont", "none"];
    output::table(out, &header, &rows)?;
    for warning in m.sprints.iter().filter_map(SprintShares::warning) {
        writeln!(out, "warning: {}", line(&warning))?;
    }
    Ok(())
}

fn velocity(stats: &Stats, out: &mut impl Write) -> anyhow::Result<()> {
    let v = &stats.velocity;
    if v.sprints.is_empty() {
        writeln!(
            out,
            "velocity: no closed sprints yet (close one with `po sprint close`)"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "velocity of the last {} closed {}:",
        v.sprints.len(),
        plural(v.sprints.len(), "sprint", "sprints")
    )?;
    let rows: Vec<Vec<String>> = v
        .sprints
        .iter()
        .map(|s| {
            vec![
                line(&s.key).into_owned(),
                s.end.map_or("-".to_string(), |d| d.to_string()),
                number::display(s.done_points),
                s.done_stories.to_string(),
                format_points(s.committed_points),
                format_points(s.capacity),
                line(&s.name).into_owned(),
            ]
        })
        .collect();
    let header = [
        "sprint",
        "ended",
        "done",
        "stories",
        "committed",
        "capacity",
        "name",
    ];
    output::table(out, &header, &rows)?;
    if let (Some(p), Some(velocity)) = (v.points, v.describe()) {
        writeln!(
            out,
            "velocity {velocity}: stdev {}, range {}-{} points per sprint",
            number::display(round1(p.stdev)),
            number::display(round1(p.min)),
            number::display(round1(p.max))
        )?;
    }
    if let Some(s) = v.stories {
        writeln!(out, "throughput: {} stories per sprint", summary(&s))?;
    }
    Ok(())
}

/// "mean 25.3, stdev 3.1, range 21–29".
fn summary(s: &Summary) -> String {
    format!(
        "mean {}, stdev {}, range {}-{}",
        number::display(round1(s.mean)),
        number::display(round1(s.stdev)),
        number::display(round1(s.min)),
        number::display(round1(s.max))
    )
}

fn durations(stats: &Stats, out: &mut impl Write) -> anyhow::Result<()> {
    let Some(lead) = &stats.lead_time else {
        return Ok(());
    };
    duration(out, "lead time (created to done", lead)?;
    match &stats.cycle_time {
        Some(cycle) => duration(out, "cycle time (in progress to done", cycle)?,
        None => writeln!(
            out,
            "cycle time: no done story has its move to in progress recorded yet"
        )?,
    }
    Ok(())
}

/// "lead time (created to done, 12 stories): median 3 days, …" and its histogram.
fn duration(out: &mut impl Write, what: &str, c: &Durations) -> anyhow::Result<()> {
    let days = |d: f64| number::display(round1(d));
    writeln!(
        out,
        "{what}, {} {}): median {} days, 85% within {} days, mean {}, longest {}",
        c.count,
        plural(c.count, "story", "stories"),
        days(c.median_days),
        days(c.p85_days),
        days(c.mean_days),
        days(c.max_days)
    )?;
    let bars: Vec<String> = c
        .buckets
        .iter()
        .map(|b| format!("{} {}", b.label, b.count))
        .collect();
    writeln!(out, "  {}", bars.join(" | "))?;
    Ok(())
}

fn active(stats: &Stats, out: &mut impl Write) -> anyhow::Result<()> {
    let Some(a) = &stats.active else {
        writeln!(out, "active sprint: none")?;
        return Ok(());
    };
    let capacity = a.load.capacity.map_or(String::new(), |c| {
        format!(", capacity {}", number::display(c))
    });
    writeln!(
        out,
        "active sprint {}: {} of {} points done in {} {}{capacity}",
        a.load.sprint,
        number::display(a.load.done_points),
        number::display(a.load.points),
        a.load.stories,
        plural(a.load.stories, "story", "stories"),
    )?;
    if let Some(scope) = &a.scope {
        writeln!(
            out,
            "  scope since the start: {} added ({} points), {} removed ({} points)",
            scope.added.len(),
            number::signed(scope.added_points),
            scope.removed.len(),
            number::signed(-scope.removed_points)
        )?;
    }
    if let Some(b) = &a.burndown
        && let Some(today) = b.days.iter().rev().find(|d| d.remaining.is_some())
    {
        writeln!(
            out,
            "  burndown on {}: {} points remaining, ideal {}",
            today.date,
            number::display(today.remaining.unwrap_or(0.0)),
            number::display(round1(today.ideal))
        )?;
    }
    Ok(())
}

fn epics(stats: &Stats, out: &mut impl Write) -> anyhow::Result<()> {
    if stats.epics.is_empty() {
        return Ok(());
    }
    writeln!(out, "epics:")?;
    let rows: Vec<Vec<String>> = stats
        .epics
        .iter()
        .map(|e| {
            vec![
                e.key.as_deref().map_or("-".into(), line).into_owned(),
                number::display(e.done_points),
                number::display(e.remaining_points),
                format!(
                    "{}/{}",
                    e.done_stories,
                    e.done_stories + e.remaining_stories
                ),
                e.unestimated.to_string(),
                line(&e.title).into_owned(),
            ]
        })
        .collect();
    let header = [
        "epic",
        "done",
        "remaining",
        "stories",
        "unestimated",
        "title",
    ];
    output::table(out, &header, &rows)?;
    Ok(())
}
