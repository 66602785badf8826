//! The `$EDITOR` document for a story (the `E` key): [`render`] writes a story
//! as readable text, [`apply`] reads the edited text back into a story.
//!
//! ```text
//! Title: Pay with saved card
//! As a: returning customer
//! Points: 3
//! Epic: E-1 (Checkout)
//! …
//! Description:
//! free text, any number of lines
//!
//! Acceptance criteria:
//! - [ ] Given a saved card, when I tap Pay, then the order is placed
//! - [x] a met criterion
//!   whose second line is indented by two spaces
//! ```
//!
//! A field whose text is left as rendered keeps its stored value exactly, so
//! editing one field never rewrites another (numbers keep their precision,
//! text keeps line breaks the document cannot show, dangling references stay).
//! Limits of what an *edited* field can hold, all documented in the header:
//! single-line fields cannot hold line breaks (they are shown as spaces) and
//! are trimmed; the description and each criterion lose leading and trailing
//! blank lines; a `\r` at the end of a line is dropped (CRLF files work).

use std::fmt::Write as _;

use crate::model::rice::{self, RiceField};
use crate::model::{Backlog, Criterion, Moscow, Rice, Status, Story, keys, number};

mod parse;

use parse::{
    CRITERIA, DESCRIPTION, FIELDS, Field, Item, Parsed, error, is_criteria_heading, parse,
};

/// Why an edited document cannot be applied: the line (1-based) and what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DocError {
    pub line: usize,
    pub message: String,
}

/// Start of the comment lines [`with_error`] puts at the top.
const ERROR_MARK: &str = "# ERROR";
/// Epics and sprints listed in the header, so the user can pick one.
const LISTED: usize = 12;

/// The story as a text document for an editor.
pub fn render(story: &Story, backlog: &Backlog) -> String {
    let mut doc = header(story, backlog);
    for (field, label) in FIELDS {
        let value = field_text(story, backlog, field);
        if value.is_empty() {
            let _ = writeln!(doc, "{label}:");
        } else {
            let _ = writeln!(doc, "{label}: {value}");
        }
    }
    doc.push('\n');
    doc.push_str(DESCRIPTION);
    doc.push('\n');
    if !story.description.is_empty() {
        for line in story.description.split('\n') {
            // A description line that would end the block is escaped with `\`.
            if is_criteria_heading(line) {
                doc.push('\\');
            }
            doc.push_str(line);
            doc.push('\n');
        }
    }
    doc.push('\n');
    doc.push_str(CRITERIA);
    doc.push('\n');
    for c in &story.acceptance {
        doc.push_str(if c.done { "- [x]" } else { "- [ ]" });
        let mut lines = c.text.split('\n');
        if let Some(first) = lines.next().filter(|l| !l.is_empty()) {
            doc.push(' ');
            doc.push_str(first);
        }
        for line in lines {
            doc.push_str("\n  ");
            doc.push_str(line);
        }
        doc.push('\n');
    }
    doc
}

fn header(story: &Story, backlog: &Backlog) -> String {
    let mut h = format!(
        "# po · story {} · created {} · updated {}\n",
        one_line(&story.key),
        story.created.format("%Y-%m-%d %H:%M UTC"),
        story.updated.format("%Y-%m-%d %H:%M UTC"),
    );
    h.push_str(
        "# Edit and save to apply; quit without saving to cancel. Lines starting\n\
         # with # are comments (not inside the description). An empty field is\n\
         # cleared; a deleted field line leaves the field as it was.\n\
         # Status: todo, in_progress or done. MoSCoW: must, should, could, wont or empty.\n\
         # Epic, Sprint: a key such as E-1 or SP-2 (text after it is ignored) or empty.\n\
         # Labels, Depends on: separated by commas. Points, RICE: numbers or empty.\n\
         # One-line fields cannot hold line breaks. The description is every line\n\
         # between \"Description:\" and \"Acceptance criteria:\" (a line that reads\n\
         # \"Acceptance criteria:\" inside it is written \"\\Acceptance criteria:\").\n\
         # Criteria: \"- [ ] text\" (open) or \"- [x] text\" (met), one per line;\n\
         # indent more lines of the same criterion by two spaces.\n",
    );
    list_choices(
        &mut h,
        "Epics",
        backlog.epics.iter().map(|e| (&e.key, &e.title)),
    );
    list_choices(
        &mut h,
        "Sprints",
        backlog
            .sprints
            .iter()
            .filter(|s| s.state != crate::model::SprintState::Closed)
            .map(|s| (&s.key, &s.name)),
    );
    h.push('\n');
    h
}

fn list_choices<'a>(
    out: &mut String,
    what: &str,
    items: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let items: Vec<String> = items
        .take(LISTED + 1)
        .map(|(k, t)| format!("{} ({})", one_line(k), one_line(t)))
        .collect();
    if items.is_empty() {
        return;
    }
    let more = if items.len() > LISTED { ", …" } else { "" };
    let shown = &items[..items.len().min(LISTED)];
    let _ = writeln!(out, "# {what}: {}{more}", shown.join(", "));
}

/// A field's value as rendered on its line.
fn field_text(story: &Story, backlog: &Backlog, field: Field) -> String {
    let rice = |f: fn(&Rice) -> f64| story.rice.as_ref().map(f).map(exact_number);
    match field {
        Field::Title => one_line(&story.title),
        Field::AsA => one_line(&story.as_a),
        Field::IWant => one_line(&story.i_want),
        Field::SoThat => one_line(&story.so_that),
        Field::Points => story.points.map(exact_number).unwrap_or_default(),
        Field::Status => story.status.as_str().to_string(),
        Field::Moscow => story
            .moscow
            .map(|m| m.as_str().to_string())
            .unwrap_or_default(),
        Field::Epic => story.epic.as_ref().map_or_else(String::new, |key| {
            let title = backlog
                .epic(key)
                .map_or("not in this backlog", |e| &e.title);
            one_line(&format!("{key} ({title})"))
        }),
        Field::Sprint => story.sprint.as_ref().map_or_else(String::new, |key| {
            let name = backlog
                .sprint(key)
                .map_or("not in this backlog", |s| &s.name);
            one_line(&format!("{key} ({name})"))
        }),
        Field::Labels => one_line(&story.labels.join(", ")),
        Field::RequestedBy => one_line(&story.requested_by),
        Field::DependsOn => one_line(&story.depends_on.join(", ")),
        Field::Reach => rice(|r| r.reach).unwrap_or_default(),
        Field::Impact => rice(|r| r.impact).unwrap_or_default(),
        Field::Confidence => rice(|r| r.confidence).unwrap_or_default(),
        Field::Effort => rice(|r| r.effort).unwrap_or_default(),
    }
}

/// A number as short as possible that still parses back to the same value.
fn exact_number(value: f64) -> String {
    let short = number::display(value);
    if short.parse::<f64>() == Ok(value) {
        short
    } else {
        value.to_string()
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// The story with the edited document applied: a copy of `story` (same key,
/// timestamps and unknown fields) for `Backlog::update_story`. Fields whose
/// text is unchanged keep their value exactly; missing lines change nothing.
pub fn apply(doc: &str, story: &Story, backlog: &Backlog) -> Result<Story, DocError> {
    let edited = parse(doc)?;
    // What the story looked like before editing, read the same way, to tell
    // which fields the user changed.
    let before = parse(&render(story, backlog)).unwrap_or_default();
    let mut out = story.clone();
    let changed = |field: Field| {
        let i = field as usize;
        match (&edited.fields[i], &before.fields[i]) {
            (Some((_, text)), Some((_, old))) if text == old => None,
            (Some((line, text)), _) => Some((*line, text.as_str())),
            (None, _) => None,
        }
    };
    if let Some((line, text)) = changed(Field::Title) {
        if text.is_empty() {
            return Err(error(line, "the title is empty; every story needs a title"));
        }
        out.title = text.to_string();
    }
    for (field, slot) in [
        (Field::AsA, &mut out.as_a),
        (Field::IWant, &mut out.i_want),
        (Field::SoThat, &mut out.so_that),
        (Field::RequestedBy, &mut out.requested_by),
    ] {
        if let Some((_, text)) = changed(field) {
            *slot = text.to_string();
        }
    }
    if let Some((line, text)) = changed(Field::Points) {
        out.points = optional_number(line, text, "Points")?;
    }
    if let Some((line, text)) = changed(Field::Status) {
        out.status = text.parse::<Status>().map_err(|e| error(line, &e))?;
    }
    if let Some((line, text)) = changed(Field::Moscow) {
        out.moscow = if is_none(text) {
            None
        } else {
            Some(text.parse::<Moscow>().map_err(|e| error(line, &e))?)
        };
    }
    if let Some((line, text)) = changed(Field::Epic) {
        let epics = backlog
            .epics
            .iter()
            .map(|e| (e.key.as_str(), e.title.as_str()));
        out.epic = reference(line, text, keys::EPIC, "epic", epics)?;
    }
    if let Some((line, text)) = changed(Field::Sprint) {
        let sprints = backlog
            .sprints
            .iter()
            .map(|s| (s.key.as_str(), s.name.as_str()));
        out.sprint = reference(line, text, keys::SPRINT, "sprint", sprints)?;
    }
    if let Some((_, text)) = changed(Field::Labels) {
        out.labels = text
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
    }
    if let Some((line, text)) = changed(Field::DependsOn) {
        out.depends_on = dependencies(line, text, story, backlog)?;
    }
    let rice_fields = [
        Field::Reach,
        Field::Impact,
        Field::Confidence,
        Field::Effort,
    ];
    if rice_fields.iter().any(|&f| changed(f).is_some()) {
        out.rice = rice(&edited, &before, story)?;
    }
    if let Some((_, text)) = &edited.description
        && before.description.as_ref().map(|(_, t)| t) != Some(text)
    {
        out.description.clone_from(text);
    }
    if let Some((_, items)) = &edited.criteria {
        let old = before.criteria.map(|(_, items)| items).unwrap_or_default();
        if *items != old {
            out.acceptance = criteria(items, &old, &story.acceptance);
        }
    }
    Ok(out)
}

/// The document with the error written at its top as a comment, replacing
/// an earlier one, so the user can fix it in the editor without losing work.
pub fn with_error(doc: &str, err: &DocError) -> String {
    let old = doc
        .split_inclusive('\n')
        .take_while(|l| l.starts_with(ERROR_MARK))
        .count();
    let rest: String = doc.split_inclusive('\n').skip(old).collect();
    // The error's line moves with the lines removed and the one added.
    let line = (err.line + 1).saturating_sub(old);
    format!(
        "{ERROR_MARK} on line {line}: {} (fix it and save again)\n{rest}",
        one_line(&err.message)
    )
}

fn is_none(text: &str) -> bool {
    text.is_empty() || text == "-" || text.eq_ignore_ascii_case("none")
}

fn optional_number(line: usize, text: &str, what: &str) -> Result<Option<f64>, DocError> {
    if is_none(text) {
        return Ok(None);
    }
    number::parse_non_negative(text, what)
        .map(Some)
        .map_err(|e| {
            error(
                line,
                &format!("{e}; write a number such as 3 or 0.5, or leave it empty"),
            )
        })
}

/// An epic or sprint by key (`E-1`, `e-1`, `1`) or by its exact title.
fn reference<'a>(
    line: usize,
    text: &str,
    prefix: &str,
    what: &str,
    items: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> Result<Option<String>, DocError> {
    if is_none(text) {
        return Ok(None);
    }
    let first = text.split_whitespace().next().unwrap_or_default();
    let key = keys::normalize(first, prefix);
    if let Some((k, _)) = items.clone().find(|(k, _)| *k == key) {
        return Ok(Some(k.to_string()));
    }
    if let Some((k, _)) = items
        .clone()
        .find(|(_, t)| t.trim().eq_ignore_ascii_case(text))
    {
        return Ok(Some(k.to_string()));
    }
    let choices: Vec<String> = items
        .take(LISTED)
        .map(|(k, t)| format!("{k} ({})", one_line(t)))
        .collect();
    let message = if choices.is_empty() {
        format!("there is no {what} '{text}' (the backlog has none yet); leave it empty")
    } else {
        format!(
            "there is no {what} '{text}'; write one of {}, or leave it empty",
            choices.join(", ")
        )
    };
    Err(error(line, &message))
}

fn dependencies(
    line: usize,
    text: &str,
    story: &Story,
    backlog: &Backlog,
) -> Result<Vec<String>, DocError> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
        let key = keys::normalize(word, keys::STORY);
        if key == story.key {
            return Err(error(
                line,
                &format!("{key} cannot depend on itself; remove it"),
            ));
        }
        if backlog.story_index(&key).is_none() {
            return Err(error(
                line,
                &format!(
                    "there is no story {key}; list existing keys separated by commas, such as S-3, S-9"
                ),
            ));
        }
        if !out.contains(&key) {
            out.push(key);
        }
    }
    Ok(out)
}

/// RICE from the four fields: all empty clears it, an empty one takes its default.
fn rice(edited: &Parsed, before: &Parsed, story: &Story) -> Result<Option<Rice>, DocError> {
    let defaults = Rice::default();
    let mut values = [
        defaults.reach,
        defaults.impact,
        defaults.confidence,
        defaults.effort,
    ];
    let mut any = false;
    for (n, field) in [
        Field::Reach,
        Field::Impact,
        Field::Confidence,
        Field::Effort,
    ]
    .into_iter()
    .enumerate()
    {
        let i = field as usize;
        let Some((line, text)) = edited.fields[i].as_ref().or(before.fields[i].as_ref()) else {
            continue;
        };
        if is_none(text) {
            continue;
        }
        let rice_field = RiceField::ALL[n];
        values[n] = rice::parse(rice_field, text).map_err(|e| error(*line, &e.to_string()))?;
        any = true;
    }
    if !any {
        return Ok(None);
    }
    let [reach, impact, confidence, effort] = values;
    let extra = story
        .rice
        .as_ref()
        .map(|r| r.extra.clone())
        .unwrap_or_default();
    Ok(Some(Rice {
        reach,
        impact,
        confidence,
        effort,
        extra,
    }))
}

/// Criteria from the edited items. An item whose text is unchanged keeps its
/// stored criterion (exact text and unknown fields) even when moved; an item
/// edited in place keeps the unknown fields of the criterion it replaced.
fn criteria(items: &[Item], old: &[Item], stored: &[Criterion]) -> Vec<Criterion> {
    // `old` is `stored` as rendered and read back: one item per criterion.
    let n = stored.len().min(old.len());
    let mut used = vec![false; n];
    let mut source = vec![None; items.len()];
    for (i, item) in items.iter().enumerate() {
        let same_place = (i < n && !used[i] && old[i].text == item.text).then_some(i);
        let found = same_place.or_else(|| (0..n).find(|&j| !used[j] && old[j].text == item.text));
        if let Some(j) = found {
            used[j] = true;
            source[i] = Some(j);
        }
    }
    let in_place = items.len() == stored.len();
    items
        .iter()
        .zip(source)
        .enumerate()
        .map(|(i, (item, source))| match source {
            Some(j) => Criterion {
                done: item.done,
                ..stored[j].clone()
            },
            None => Criterion {
                text: item.text.clone(),
                done: item.done,
                extra: if in_place && i < n && !used[i] {
                    stored[i].extra.clone()
                } else {
                    serde_json::Map::new()
                },
            },
        })
        .collect()
}
