//! What every format needs: dates as other tools write them, and a
//! description read for a user-story sentence and acceptance criteria.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::model::{Criterion, Story};

/// Date-times as Jira (Cloud and Server, per the user's format), Linear,
/// taskwarrior and spreadsheets write them; read as UTC when they carry no
/// offset (a CSV export does not say which zone its times are in).
const DATE_TIMES: [&str; 10] = [
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y%m%dT%H%M%SZ",
];

/// Dates without a time.
const DATES: [&str; 4] = ["%Y-%m-%d", "%d/%b/%y", "%d/%b/%Y", "%m/%d/%Y"];

/// A time in any of the forms above; `None` for an empty or unknown text.
pub(super) fn time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    // Jira's ISO form has an offset without a colon: 2025-06-21T16:14:00.000+0000.
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(t.with_timezone(&Utc));
    }
    DATE_TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| date(text).and_then(|d| d.and_hms_opt(0, 0, 0)))
        .map(|t| Utc.from_utc_datetime(&t))
}

/// A date in any of the forms above, or the date of a time.
pub(super) fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    DATES
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|t| t.date_naive())
        })
}

/// A number of points: `3`, `2.5`, `3,0` (a decimal comma); `None` for
/// anything else.
pub(super) fn points(text: &str) -> Option<f64> {
    let value: f64 = text.trim().replace(',', ".").parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value)
}

/// Sets the user-story parts, criteria and description of a story from a
/// description: a "As a …, I want …, so that …" paragraph fills the three
/// parts, the items under an "Acceptance criteria" heading (bullets or
/// Given/When/Then lines) become criteria, and the rest stays the
/// description.
pub(super) fn fill_from_description(story: &mut Story, description: &str) {
    let description = description.replace("\r\n", "\n");
    let mut kept: Vec<&str> = Vec::new();
    let mut lines = description.lines().peekable();
    let mut found_sentence = false;
    while let Some(line) = lines.next() {
        if is_criteria_heading(line) {
            while let Some(next) = lines.peek() {
                if next.trim().is_empty() {
                    lines.next();
                    continue;
                }
                if is_heading(next) {
                    break;
                }
                let Some(item) = criterion_line(next) else {
                    break;
                };
                lines.next();
                add_criterion(&mut story.acceptance, item);
            }
            continue;
        }
        if !found_sentence && starts_sentence(line) {
            // The sentence may run over a few lines, up to a blank line.
            let mut paragraph = line.trim().to_string();
            while let Some(next) = lines.peek() {
                if next.trim().is_empty() || is_heading(next) || criterion_line(next).is_some() {
                    break;
                }
                paragraph.push(' ');
                paragraph.push_str(next.trim());
                lines.next();
            }
            if let Some((as_a, i_want, so_that)) = sentence(&paragraph) {
                story.as_a = as_a;
                story.i_want = i_want;
                story.so_that = so_that;
                found_sentence = true;
                continue;
            }
            kept.push(line);
            continue;
        }
        kept.push(line);
    }
    story.description = kept.join("\n").trim().to_string();
}

/// Task-list items (`- [ ] …`, `- [x] …`) of a Markdown body, as criteria
/// with their done flag, and the body without them.
pub(super) fn task_list(body: &str) -> (Vec<Criterion>, String) {
    let mut criteria = Vec::new();
    let mut rest = Vec::new();
    for line in body.lines() {
        match task_item(line) {
            Some((done, text)) if !text.is_empty() => {
                let mut c = Criterion::new(text);
                c.done = done;
                criteria.push(c);
            }
            _ => rest.push(line),
        }
    }
    (criteria, rest.join("\n"))
}

fn task_item(line: &str) -> Option<(bool, String)> {
    let t = line.trim_start();
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))?;
    let (done, text) = if let Some(rest) = t.strip_prefix("[ ]") {
        (false, rest)
    } else if let Some(rest) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]")) {
        (true, rest)
    } else {
        return None;
    };
    Some((done, text.trim().to_string()))
}

/// A heading line's words: `h3. Acceptance Criteria`, `## Acceptance criteria:`,
/// `*Acceptance Criteria*` all give "acceptance criteria".
fn heading_words(line: &str) -> String {
    let mut t = line.trim();
    if t.len() > 3
        && t.starts_with('h')
        && t.as_bytes()[1].is_ascii_digit()
        && t.as_bytes()[2] == b'.'
    {
        t = &t[3..];
    }
    t.trim_start_matches('#')
        .trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c.is_whitespace())
        .to_ascii_lowercase()
}

fn is_criteria_heading(line: &str) -> bool {
    matches!(
        heading_words(line).as_str(),
        "acceptance criteria" | "acceptance criterion" | "acceptance" | "ac"
    )
}

/// A Markdown (`## …`) or Jira (`h2. …`) heading.
fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    (t.starts_with('#') && t.trim_start_matches('#').starts_with(' '))
        || (t.len() > 3
            && t.starts_with('h')
            && t.as_bytes()[1].is_ascii_digit()
            && t.as_bytes()[2] == b'.')
}

/// An item of a criteria list: a bullet (`-`, `*`, `+`, Jira's `#`, `1.`)
/// or a Given/When/Then line; `None` for anything else.
fn criterion_line(line: &str) -> Option<(bool, String)> {
    if let Some(item) = task_item(line) {
        return Some(item);
    }
    let t = line.trim();
    for bullet in ["- ", "* ", "+ ", "# ", "** ", "## "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some((false, rest.trim().to_string()));
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = t[digits..]
            .strip_prefix(". ")
            .or_else(|| t[digits..].strip_prefix(") "))
    {
        return Some((false, rest.trim().to_string()));
    }
    let first = t.split_whitespace().next()?.to_ascii_lowercase();
    matches!(first.as_str(), "given" | "when" | "then" | "and" | "but")
        .then(|| (false, t.to_string()))
}

/// Adds an item; a When/Then/And/But line continues the scenario before it.
fn add_criterion(criteria: &mut Vec<Criterion>, (done, text): (bool, String)) {
    if text.is_empty() {
        return;
    }
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let continues = matches!(first.as_str(), "when" | "then" | "and" | "but");
    if continues && let Some(last) = criteria.last_mut() {
        let (word, rest) = text.split_at(first.len());
        last.text = format!(
            "{}, {}{rest}",
            last.text.trim_end_matches(','),
            word.to_ascii_lowercase()
        );
        return;
    }
    let mut c = Criterion::new(text);
    c.done = done;
    criteria.push(c);
}

fn starts_sentence(line: &str) -> bool {
    let t = line
        .trim_start_matches(|c: char| c == '*' || c == '_' || c == '>' || c.is_whitespace())
        .to_ascii_lowercase();
    t.starts_with("as ")
}

/// "As a returning customer, I want to pay with my saved card, so that
/// checkout takes one tap." → the three parts.
pub(super) fn sentence(text: &str) -> Option<(String, String, String)> {
    let t = text.trim_matches(|c: char| c == '*' || c == '_' || c == '>' || c.is_whitespace());
    // ASCII lower case keeps byte offsets, so they index `t` too.
    let lower = t.to_ascii_lowercase();
    // "As a user" keeps "user" (po adds the article back); "As the
    // buyer" keeps "the buyer", as po writes a role with its determiner.
    let determiners = ["the ", "my ", "our ", "any ", "every ", "each "];
    let role_start = if lower.starts_with("as an ") {
        6
    } else if lower.starts_with("as a ") {
        5
    } else if determiners
        .iter()
        .any(|d| lower[3.min(lower.len())..].starts_with(d))
        && lower.starts_with("as ")
    {
        3
    } else {
        return None;
    };
    let want = lower[role_start..].find("i want")? + role_start;
    let so = lower[want..].find("so that").map(|i| i + want);
    let clean = |s: &str| {
        s.trim()
            .trim_matches(|c: char| c == ',' || c == '.' || c == '*' || c == '_')
            .trim()
            .to_string()
    };
    let as_a = clean(&t[role_start..want]);
    let i_want = clean(&t[want + "i want".len()..so.unwrap_or(t.len())]);
    let so_that = so.map_or(String::new(), |s| clean(&t[s + "so that".len()..]));
    (!as_a.is_empty() && !i_want.is_empty()).then_some((as_a, i_want, so_that))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_dates_in_every_form_jira_writes_them() {
        let at = |s| time(s).map(|t| t.to_rfc3339());
        let want = Some("2025-06-21T16:14:00+00:00".to_string());
        assert_eq!(at("21/Jun/25 4:14 PM"), want);
        assert_eq!(at("6/21/2025 16:14"), want);
        assert_eq!(at("2025-06-21T16:14:00.000+0000"), want);
        assert_eq!(at("2025-06-21T16:14:00Z"), want);
        assert_eq!(at("20250621T161400Z"), want);
        assert_eq!(at("not a date"), None);
    }

    #[test]
    fn a_description_gives_the_sentence_criteria_and_the_rest() {
        let mut story = Story::new("S-1".into(), "t", Utc::now());
        fill_from_description(
            &mut story,
            "As a returning customer, I want to pay with my saved card, so that checkout takes one tap.\r\n\r\n\
             Context for the team.\r\n\r\nh3. Acceptance Criteria\r\n* Card is preselected\r\n\
             Given a saved card\r\nWhen I tap Pay\r\nThen the order is placed\r\n\r\nh3. Notes\r\nlater",
        );
        assert_eq!(story.as_a, "returning customer");
        assert_eq!(story.i_want, "to pay with my saved card");
        assert_eq!(story.so_that, "checkout takes one tap");
        let criteria: Vec<&str> = story.acceptance.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            criteria,
            [
                "Card is preselected",
                "Given a saved card, when I tap Pay, then the order is placed"
            ]
        );
        assert_eq!(
            story.description,
            "Context for the team.\n\nh3. Notes\nlater"
        );
    }
}
