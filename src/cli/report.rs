//! `po report --since DATE [--md]`: the stakeholder update, as text for the
//! terminal or Markdown to send.

use std::io::Write;

use anyhow::bail;
use chrono::NaiveDate;

use super::output::line;
use super::request_args::ReportArgs;
use super::{Ctx, sprint};
use crate::model::{
    self, Backlog, EpicShift, Finish, ForecastOptions, Report, Request, RequestState,
};

/// Prints the update.
pub fn run(ctx: &Ctx, a: &ReportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let since = sprint::date(&a.since, "--since")?;
    let today = model::now().date_naive();
    if since > today {
        bail!("--since cannot be in the future ({since})");
    }
    let mut options = ForecastOptions::new(today);
    options.runs = ctx.config.forecast.runs;
    let report = backlog.report(since, &options);
    Writer { md: a.md, out }.report(&backlog, &report)
}

/// Text or Markdown: the same sections, headings and bullets told apart.
struct Writer<'a, W: Write> {
    md: bool,
    out: &'a mut W,
}

impl<W: Write> Writer<'_, W> {
    fn heading(&mut self, text: &str) -> anyhow::Result<()> {
        if self.md {
            writeln!(self.out, "\n## {text}\n")?;
        } else {
            writeln!(self.out, "\n{text}")?;
        }
        Ok(())
    }

    fn item(&mut self, text: &str) -> anyhow::Result<()> {
        let bullet = if self.md { "- " } else { "  " };
        writeln!(self.out, "{bullet}{}", line(text))?;
        Ok(())
    }

    fn report(&mut self, backlog: &Backlog, r: &Report) -> anyhow::Result<()> {
        let name = if backlog.product.name.is_empty() {
            "the backlog".to_string()
        } else {
            line(&backlog.product.name).into_owned()
        };
        let title = format!("{name}: update since {} (as of {})", r.since, r.today);
        if self.md {
            writeln!(self.out, "# {title}")?;
        } else {
            writeln!(self.out, "{title}")?;
        }
        self.heading(&format!("Shipped ({})", r.shipped.len()))?;
        if r.shipped.is_empty() {
            self.item("Nothing shipped since then.")?;
        }
        for s in &r.shipped {
            let epic = s
                .epic
                .as_deref()
                .and_then(|k| backlog.epic(k))
                .map(|e| format!(" ({})", e.title))
                .unwrap_or_default();
            let asked = match (s.requested_by.is_empty(), &s.request) {
                (true, _) => String::new(),
                (false, Some(request)) => format!(", asked for by {} ({request})", s.requested_by),
                (false, None) => format!(", asked for by {}", s.requested_by),
            };
            self.item(&format!(
                "{} {}{epic}: done {}{asked}",
                s.key, s.title, s.done
            ))?;
        }
        self.heading(&format!("Requests received ({})", r.received.len()))?;
        if r.received.is_empty() {
            self.item("No new requests.")?;
        }
        for request in &r.received {
            self.item(&decision(request))?;
        }
        if !r.decided.is_empty() {
            self.heading("Decided on earlier requests")?;
            for request in &r.decided {
                self.item(&decision(request))?;
            }
        }
        self.roadmap(r)
    }

    fn roadmap(&mut self, r: &Report) -> anyhow::Result<()> {
        let map = &r.roadmap;
        let (first, second) = map.drawn_names();
        self.heading(&format!(
            "Roadmap (finish dates: {first} = {}, {second} = {}; {} runs on the last {} sprints' velocity)",
            odds(&first),
            odds(&second),
            map.runs,
            map.velocities.len()
        ))?;
        if let Some(why) = &map.no_dates {
            self.item(&format!("No dates yet: {why}"))?;
            return Ok(());
        }
        let since = r.moved.as_ref().map(|(key, _)| key.as_str());
        let shifts: &[EpicShift] = r.moved.as_ref().map_or(&[], |(_, s)| s.as_slice());
        for epic in &map.epics {
            let (p50, p85) = match &epic.finish {
                Finish::Forecast { .. } => epic.finish.labels(),
                Finish::Done => {
                    self.item(&format!("{} {}: done", epic.key, epic.title))?;
                    continue;
                }
                Finish::NoStories | Finish::NotEnoughHistory => continue,
            };
            let shift = shifts.iter().find(|s| s.key == epic.key);
            let moved = |days: Option<i64>, before: Option<String>| match (days, before, since) {
                (Some(0), _, Some(key)) => format!(" (unchanged since {key} closed)"),
                (Some(d), Some(was), Some(key)) => {
                    format!(" (was {was} when {key} closed, {d:+}d)")
                }
                _ => String::new(),
            };
            let before = shift.map(|s| s.before.labels());
            // The drawn two percentiles' moves (p50 and p85 by default).
            let (d50, d85) = shift
                .and_then(EpicShift::shown)
                .map_or((None, None), |(a, b)| (a.days, b.days));
            let text = match (d50, d85, since) {
                (Some(0), Some(0), Some(key)) => format!(
                    "{} {}: {first} {p50}, {second} {p85} (unchanged since {key} closed)",
                    epic.key, epic.title
                ),
                // Too little history then (or no stories yet): say so rather
                // than leave the comparison out without a word.
                (None, None, Some(key)) => format!(
                    "{} {}: {first} {p50}, {second} {p85} (no dates when {key} closed)",
                    epic.key, epic.title
                ),
                _ => format!(
                    "{} {}: {first} {p50}{}, {second} {p85}{}",
                    epic.key,
                    epic.title,
                    moved(d50, before.clone().map(|b| b.0)),
                    moved(d85, before.map(|b| b.1)),
                ),
            };
            self.item(&text)?;
        }
        if since.is_none() {
            self.item("(no sprint has closed yet, so there is nothing to compare the dates with)")?;
        }
        Ok(())
    }
}

/// "R-7 from CEO (2026-11-18): Weekly sales report, accepted as S-61".
fn decision(r: &Request) -> String {
    let outcome = match (r.state, &r.story) {
        (RequestState::New, _) => "not decided yet".to_string(),
        (RequestState::Accepted, Some(story)) => format!("accepted as {story}"),
        (RequestState::Accepted, None) => "accepted".to_string(),
        (RequestState::Declined, _) => format!("declined: {}", r.reason),
    };
    let received: NaiveDate = r.received.date_naive();
    format!(
        "{} from {} ({received}): {}; {outcome}",
        r.key, r.from, r.text
    )
}

/// How sure a percentile's date is, in words: "even odds" for p50.
fn odds(name: &str) -> String {
    match name {
        "p50" => "even odds".to_string(),
        "p85" => "fairly sure".to_string(),
        other => format!("{}% likely", &other[1..]),
    }
}
