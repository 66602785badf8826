//! `po add`, `po list`, `po show`, `po rm` and `po move`.

use std::borrow::Cow;
use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::bail;

use super::args::{AddArgs, ListArgs, MoveArgs, RmArgs, ShowArgs};
use super::output::{self, line};
use super::{Ctx, values};
use crate::model::{
    self, Backlog, Criterion, Position, SprintFilter, Story, StoryFilter, format_points,
};
use crate::store;

/// Adds a story at the bottom (or the top) and prints its key.
pub fn add(ctx: &Ctx, a: AddArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write_or_create()?;
    let title = values::text(&a.title, "a story's title")?;
    let points = a.points.as_deref().map(values::points).transpose()?;
    let moscow = a.moscow.as_deref().map(values::moscow).transpose()?;
    let epic = a
        .epic
        .as_deref()
        .map(|e| values::epic_key(&backlog, e))
        .transpose()?;

    let mut story = backlog.new_story(&title, model::now());
    let trimmed = |s: Option<String>| s.map(|s| s.trim().to_string()).unwrap_or_default();
    story.as_a = trimmed(a.as_a);
    story.i_want = trimmed(a.i_want);
    story.so_that = trimmed(a.so_that);
    story.description = trimmed(a.description);
    story.requested_by = trimmed(a.requested_by);
    story.points = points;
    story.moscow = moscow;
    story.epic = epic;
    story.acceptance = values::list(&a.acceptance)
        .into_iter()
        .map(Criterion::new)
        .collect();
    story.labels = values::list(&a.label);
    super::edit::apply_rice(&mut story, &a.rice)?;
    let key = story.key.clone();

    let index = if a.top { 0 } else { backlog.stories.len() };
    let change = backlog.insert_story(index, story)?;
    ctx.save(&mut store, &backlog, &change)?;
    writeln!(out, "{key}")?;
    Ok(())
}

/// Lists stories in rank order, as a table or as JSON.
pub fn list(ctx: &Ctx, a: &ListArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if a.json && !a.computed {
        // Straight from the file, story by story, without loading the
        // backlog; on anything unusual it declines and the load below
        // gives the same output or error as ever.
        let pick = |b: &Backlog| {
            let filter = filter_of(b, a).ok()?;
            Some(match filter.is_empty() {
                true => store::Keep::All,
                false => store::Keep::Those(move |s: &Story| filter.matches(s)),
            })
        };
        if store::write_json(&ctx.path, store::Json::Stories, pick, out)? {
            return Ok(());
        }
    }
    let backlog = ctx.read()?;
    let filter = filter_of(&backlog, a)?;
    if a.json && !a.computed {
        // The store's writer: the same bytes as serde's pretty printer, at
        // several times its speed, and story by story into the buffered
        // stdout, so the output never sits in memory as a whole.
        let stories = backlog.stories.iter().filter(|s| filter.matches(s));
        store::write_stories(out, stories.map(|s| &**s))?;
        return Ok(());
    }
    let picked = picked(&backlog, &filter);
    if a.computed {
        return super::computed::write(out, &backlog, &picked);
    }
    if picked.is_empty() {
        if backlog.stories.is_empty() {
            writeln!(out, "the backlog is empty: add a story with `po add TITLE`")?;
        } else {
            writeln!(out, "no stories match ({})", filter.describe())?;
        }
        return Ok(());
    }
    // Made on the fly: 100,000 rows kept as strings cost more than the rest.
    output::table_of(out, &LIST_HEADER, picked.len(), |i| {
        let (rank, s) = picked[i];
        list_cells(rank, s)
    })?;
    Ok(())
}

/// The columns of `po list`.
pub(super) const LIST_HEADER: [&str; 7] =
    ["rank", "key", "pts", "moscow", "status", "epic", "title"];

/// A story as one row of `po list`.
pub(super) fn list_row(rank: usize, s: &Story) -> Vec<String> {
    list_cells(rank, s)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// The cells of [`list_row`], borrowed from the story where they can be.
fn list_cells(rank: usize, s: &Story) -> [Cow<'_, str>; 7] {
    [
        Cow::Owned(rank.to_string()),
        line(&s.key),
        Cow::Owned(format_points(s.points)),
        Cow::Borrowed(s.moscow.map_or("-", |m| m.as_str())),
        Cow::Borrowed(s.status.as_str()),
        s.epic.as_deref().map_or(Cow::Borrowed("-"), line),
        line(&s.title),
    ]
}

pub(super) fn filter_of(backlog: &Backlog, a: &ListArgs) -> anyhow::Result<StoryFilter> {
    Ok(StoryFilter {
        moscow: a.moscow.as_deref().map(values::moscow).transpose()?,
        unestimated: a.unestimated,
        not_ready: a.not_ready,
        ..story_filter(
            backlog,
            a.epic.as_deref(),
            a.sprint.as_deref(),
            a.status.as_deref(),
        )?
    })
}

/// The stories that pass the filter, in rank order, each with its 1-based
/// rank in the whole backlog.
pub(super) fn picked<'a>(backlog: &'a Backlog, filter: &StoryFilter) -> Vec<(usize, &'a Story)> {
    backlog
        .stories
        .iter()
        .enumerate()
        .filter(|(_, s)| filter.matches(s))
        .map(|(i, s)| (i + 1, &**s))
        .collect()
}

/// The `--epic KEY`, `--sprint KEY|backlog` and `--status S` filters that
/// `po list` and `po export` share, checked against the backlog: an
/// unknown key or status is an error, never an empty result.
pub(super) fn story_filter(
    backlog: &Backlog,
    epic: Option<&str>,
    sprint: Option<&str>,
    status: Option<&str>,
) -> anyhow::Result<StoryFilter> {
    let sprint = match sprint {
        None => SprintFilter::Any,
        Some(s) if s.trim().eq_ignore_ascii_case("backlog") => SprintFilter::Backlog,
        Some(s) => SprintFilter::In(values::sprint_key(backlog, s)?),
    };
    Ok(StoryFilter {
        epic: epic.map(|e| values::epic_key(backlog, e)).transpose()?,
        sprint,
        status: status.map(values::status).transpose()?,
        ..StoryFilter::default()
    })
}

/// Shows one story: the user-story sentence, acceptance criteria and every field.
pub fn show(ctx: &Ctx, a: &ShowArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let key = values::story_key(&backlog, &a.key)?;
    let Some(index) = backlog.story_index(&key) else {
        bail!("no story {key}");
    };
    let story = &backlog.stories[index];
    if a.json {
        return output::json(out, story);
    }
    writeln!(out, "{}  {}", line(&story.key), line(&story.title))?;
    if let Some(sentence) = story.sentence() {
        writeln!(out, "\n{}", line(&sentence))?;
    }
    if !story.description.trim().is_empty() {
        writeln!(out, "\n{}", output::block(story.description.trim_end()))?;
    }
    writeln!(out, "\nAcceptance criteria:")?;
    if story.acceptance.is_empty() {
        writeln!(out, "  (none yet)")?;
    }
    for (i, c) in story.acceptance.iter().enumerate() {
        let mark = if c.done { "[x]" } else { "[ ]" };
        writeln!(out, "  {}. {mark} {}", i + 1, line(&c.text))?;
    }
    writeln!(out)?;
    for (name, value) in fields(&backlog, index, story) {
        writeln!(out, "{}{}", output::pad(&format!("{name}:"), 14), value)?;
    }
    Ok(())
}

/// The labelled fields under a story's text in `po show`.
fn fields(backlog: &Backlog, index: usize, s: &Story) -> Vec<(&'static str, String)> {
    let or_dash = |text: String| if text.is_empty() { "-".into() } else { text };
    let rice = s
        .rice
        .as_ref()
        .map_or("-".to_string(), model::rice::breakdown);
    let epic = s.epic.as_deref().map_or("-".to_string(), |k| {
        let title = backlog.epic(k).map_or("", |e| e.title.as_str());
        line(&format!("{k} {title}")).trim_end().to_string()
    });
    let sprint = s.sprint.as_deref().map_or("-".to_string(), |k| {
        backlog.sprint(k).map_or(line(k).into_owned(), |sp| {
            line(&format!("{k} {} ({})", sp.name, sp.state)).into_owned()
        })
    });
    let not_ready = s.not_ready_reasons();
    let mut fields = vec![
        (
            "Rank",
            format!("{} of {}", index + 1, backlog.stories.len()),
        ),
        ("Status", s.status.to_string()),
        (
            "Blocked",
            s.blocked.as_ref().map_or("-".into(), |b| {
                format!("{} (since {})", line(&b.reason), local_time(b.since))
            }),
        ),
        (
            "Assignee",
            or_dash(line(s.assignee.as_deref().unwrap_or("")).into_owned()),
        ),
        ("Points", format_points(s.points)),
        ("MoSCoW", s.moscow.map_or("-".into(), |m| m.to_string())),
        ("RICE", rice),
        ("Epic", epic),
        ("Sprint", sprint),
        ("Labels", or_dash(line(&s.labels.join(", ")).into_owned())),
        ("Requested by", or_dash(line(&s.requested_by).into_owned())),
        (
            "Depends on",
            or_dash(line(&s.depends_on.join(", ")).into_owned()),
        ),
        (
            "Ready",
            if not_ready.is_empty() {
                "yes".into()
            } else {
                format!("no: {}", not_ready.join(", "))
            },
        ),
        ("Created", local_time(s.created)),
        ("Updated", local_time(s.updated)),
        ("Done", s.done_at.map_or("-".into(), local_time)),
    ];
    // Only stories accepted from a request have one.
    if let Some(key) = &s.request {
        let request = backlog.request(key).map_or_else(
            || key.clone(),
            |r| format!("{key} from {}: {}", r.from, r.text),
        );
        fields.push(("Request", line(&request).into_owned()));
    }
    // Only imported stories have one; the others' output stays as it was.
    if let Some(source) = &s.source {
        fields.push(("Source", line(source).into_owned()));
    }
    fields
}

/// A stored time as people read it: in the local time zone, to the minute
/// (the file keeps UTC; `--json` shows it as stored).
fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Deletes a story after confirmation (or `--yes`).
pub fn rm(ctx: &Ctx, a: &RmArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write()?;
    let key = values::story_key(&backlog, &a.key)?;
    if !a.yes {
        let title = backlog.story(&key).map_or("", |s| s.title.as_str());
        if !confirm(&format!("Delete {key} \"{}\"?", line(title)), &key)? {
            writeln!(out, "kept {key}")?;
            return Ok(());
        }
    }
    let dependents: Vec<String> = backlog
        .stories
        .iter()
        .filter(|s| s.depends_on.contains(&key))
        .map(|s| s.key.clone())
        .collect();
    let change = backlog.delete_story(&key, model::now())?;
    ctx.save(&mut store, &backlog, &change)?;
    if dependents.is_empty() {
        ctx.tell(out, format!("deleted {key}"))?;
    } else {
        let list = dependents.join(", ");
        ctx.tell(
            out,
            format!("deleted {key} (and removed it from what {list} depend on)"),
        )?;
    }
    Ok(())
}

/// Asks y/n on a terminal; refuses outright when nobody can answer.
fn confirm(question: &str, key: &str) -> anyhow::Result<bool> {
    if !io::stdin().is_terminal() {
        bail!("not deleting {key} without confirmation: add --yes (po rm {key} --yes)");
    }
    let mut err = io::stderr();
    write!(err, "{question} [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Moves a story in the ranking and prints its new rank.
pub fn move_story(ctx: &Ctx, a: &MoveArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let [typed] = a.keys.as_slice() else {
        return super::bulk::move_stories(ctx, a, out);
    };
    let (mut store, mut backlog) = ctx.write()?;
    let key = values::story_key(&backlog, typed)?;
    let to = if a.top {
        Position::Top
    } else if a.bottom {
        Position::Bottom
    } else if let Some(n) = a.up {
        Position::Up(n)
    } else if let Some(n) = a.down {
        Position::Down(n)
    } else if let Some(other) = &a.before {
        Position::Before(values::story_key(&backlog, other)?)
    } else if let Some(other) = &a.after {
        Position::After(values::story_key(&backlog, other)?)
    } else {
        bail!(
            "say where to move {key}: --top, --bottom, --up N, --down N, --before KEY or --after KEY"
        );
    };
    match backlog.move_story(&key, &to)? {
        Some(change) => {
            ctx.save(&mut store, &backlog, &change)?;
            ctx.tell(out, change.describe())?;
        }
        None => {
            let rank = backlog.story_index(&key).map_or(0, |i| i + 1);
            writeln!(out, "{key} is already at rank {rank}")?;
        }
    }
    Ok(())
}
