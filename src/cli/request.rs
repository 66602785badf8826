//! `po request new|list|show|accept|decline|reopen`: stakeholder requests,
//! triaged into stories or declined with a reason.

use std::io::Write;

use anyhow::bail;
use chrono::{DateTime, Local, NaiveTime, Utc};

use super::output::{self, line};
use super::request_args::{AcceptArgs, RequestCommand};
use super::{Ctx, sprint, values};
use crate::model::{self, Backlog, Change, Position, Request, RequestState, keys, request_age};

/// Runs a `request` subcommand.
pub fn run(ctx: &Ctx, command: RequestCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        RequestCommand::New {
            text,
            from,
            received,
        } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let text = values::text(&text, "a request's text")?;
            let from = values::text(&from, "--from (who asked)")?;
            let received = match received {
                Some(typed) => received_at(&typed)?,
                None => model::now(),
            };
            let change = backlog.add_request(&text, &from, received)?;
            ctx.save(&mut writer, &backlog, &change)?;
            writeln!(out, "{}", inserted_key(&change))?;
        }
        RequestCommand::List { state, from, json } => {
            let backlog = ctx.read()?;
            let state = state.as_deref().map(parse_state).transpose()?;
            let picked = picked(&backlog, state, from.as_deref());
            if json {
                return output::json(out, &picked);
            }
            list(&picked, out)?;
        }
        RequestCommand::Show { key, json } => {
            let backlog = ctx.read()?;
            let request = &backlog.requests[request_index(&backlog, &key)?];
            if json {
                return output::json(out, request);
            }
            show(&backlog, request, out)?;
        }
        RequestCommand::Accept(a) => accept(ctx, &a, out)?,
        RequestCommand::Decline { key, reason } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let key = backlog.requests[request_index(&backlog, &key)?].key.clone();
            let reason = reason.unwrap_or_default();
            if reason.trim().is_empty() {
                bail!(
                    "declining {key} needs a reason to tell the stakeholder: \
                     po request decline {key} --reason TEXT"
                );
            }
            let change = backlog.decline_request(&key, &reason, model::now())?;
            ctx.save(&mut writer, &backlog, &change)?;
            ctx.tell(out, change.describe())?;
        }
        RequestCommand::Reopen { key } => {
            let (mut writer, mut backlog) = ctx.write()?;
            let key = backlog.requests[request_index(&backlog, &key)?].key.clone();
            let change = backlog.reopen_request(&key, model::now())?;
            ctx.save(&mut writer, &backlog, &change)?;
            ctx.tell(out, change.describe())?;
        }
    }
    Ok(())
}

fn accept(ctx: &Ctx, a: &AcceptArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut writer, mut backlog) = ctx.write()?;
    let key = backlog.requests[request_index(&backlog, &a.key)?]
        .key
        .clone();
    let title = a
        .title
        .as_deref()
        .map(|t| values::text(t, "--title"))
        .transpose()?;
    let epic = a
        .epic
        .as_deref()
        .map(|e| values::epic_key(&backlog, e))
        .transpose()?;
    let at = if a.top {
        Position::Top
    } else if let Some(rank) = a.rank {
        if rank == 0 {
            bail!("--rank counts from 1 (the top), not 0");
        }
        Position::Index(rank - 1)
    } else if let Some(other) = &a.before {
        Position::Before(values::story_key(&backlog, other)?)
    } else if let Some(other) = &a.after {
        Position::After(values::story_key(&backlog, other)?)
    } else {
        Position::Bottom
    };
    let change =
        backlog.accept_request(&key, title.as_deref(), epic.as_deref(), &at, model::now())?;
    ctx.save(&mut writer, &backlog, &change)?;
    let story = backlog
        .request(&key)
        .and_then(|r| r.story.clone())
        .unwrap_or_default();
    writeln!(out, "{story}")?;
    Ok(())
}

/// The index of a request typed as `R-3`, `r-3` or `3`.
fn request_index(backlog: &Backlog, typed: &str) -> anyhow::Result<usize> {
    let key = keys::normalize(typed, keys::REQUEST);
    match backlog.requests.iter().position(|r| r.key == key) {
        Some(i) => Ok(i),
        None => bail!("no request {key} (see `po request list`)"),
    }
}

fn parse_state(typed: &str) -> anyhow::Result<RequestState> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "new" | "open" => Ok(RequestState::New),
        "accepted" => Ok(RequestState::Accepted),
        "declined" => Ok(RequestState::Declined),
        _ => bail!("unknown request state '{typed}': use new, accepted or declined"),
    }
}

/// A `--received` date: in range, not after today, at noon UTC so that it
/// reads as the same day in most time zones (and never later than now).
fn received_at(typed: &str) -> anyhow::Result<DateTime<Utc>> {
    let date = sprint::date(typed, "--received")?;
    if date > Local::now().date_naive() {
        bail!("--received cannot be in the future ({date})");
    }
    let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    Ok(noon.and_utc().min(model::now()))
}

/// The requests to list, oldest first.
fn picked<'a>(
    backlog: &'a Backlog,
    state: Option<RequestState>,
    from: Option<&str>,
) -> Vec<&'a Request> {
    let from = from.map(|f| f.trim().to_lowercase());
    let mut picked: Vec<&Request> = backlog
        .requests
        .iter()
        .filter(|r| state.is_none_or(|s| r.state == s))
        .filter(|r| from.as_ref().is_none_or(|f| r.from.to_lowercase() == *f))
        .collect();
    picked.sort_by_key(|r| r.received);
    picked
}

fn list(requests: &[&Request], out: &mut impl Write) -> anyhow::Result<()> {
    if requests.is_empty() {
        writeln!(
            out,
            "no requests: record one with `po request new TEXT --from NAME`"
        )?;
        return Ok(());
    }
    let today = model::now().date_naive();
    let rows: Vec<Vec<String>> = requests
        .iter()
        .map(|r| {
            vec![
                line(&r.key).into_owned(),
                request_age(r.received, today),
                r.state.to_string(),
                line(&r.from).into_owned(),
                r.story
                    .as_deref()
                    .map_or("-".into(), |s| line(s).into_owned()),
                line(&r.text).into_owned(),
            ]
        })
        .collect();
    output::table(
        out,
        &["key", "age", "state", "from", "story", "text"],
        &rows,
    )?;
    Ok(())
}

fn show(backlog: &Backlog, r: &Request, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "{}  {}", line(&r.key), line(&r.text))?;
    writeln!(out)?;
    let local = |t: DateTime<Utc>| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string();
    let mut fields = vec![
        ("From", line(&r.from).into_owned()),
        (
            "Received",
            format!(
                "{} ({})",
                local(r.received),
                request_age(r.received, model::now().date_naive())
            ),
        ),
        ("State", r.state.to_string()),
    ];
    if let Some(key) = &r.story {
        let story = backlog.story(key).map_or_else(
            || format!("{key} (deleted)"),
            |s| format!("{key} {} ({})", s.title, s.status),
        );
        fields.push(("Story", line(&story).into_owned()));
    }
    if !r.reason.is_empty() {
        fields.push(("Reason", line(&r.reason).into_owned()));
    }
    if let Some(t) = r.decided {
        fields.push(("Decided", local(t)));
    }
    for (name, value) in fields {
        writeln!(out, "{}{}", output::pad(&format!("{name}:"), 10), value)?;
    }
    Ok(())
}

/// The key of what an insertion added (a new request's).
fn inserted_key(change: &Change) -> String {
    match change {
        Change::Insert { item, .. } => item.key().to_string(),
        other => other.describe(),
    }
}
