//! Values typed on the command line, checked with messages that say what is wrong.

use anyhow::{Context, bail};

use crate::model::rice::{self, RiceField};
use crate::model::{Backlog, Moscow, Status, keys, number};

/// A story key as typed (`12`, `s-12`) that must exist in the backlog.
pub fn story_key(backlog: &Backlog, typed: &str) -> anyhow::Result<String> {
    let key = keys::normalize(typed, keys::STORY);
    if backlog.story_index(&key).is_none() {
        bail!("no story {key} (see `po list`)");
    }
    Ok(key)
}

/// An epic key as typed that must exist in the backlog.
pub fn epic_key(backlog: &Backlog, typed: &str) -> anyhow::Result<String> {
    let key = keys::normalize(typed, keys::EPIC);
    if backlog.epic(&key).is_none() {
        bail!("no epic {key} (see `po epic list`)");
    }
    Ok(key)
}

/// A sprint key as typed that must exist in the backlog.
pub fn sprint_key(backlog: &Backlog, typed: &str) -> anyhow::Result<String> {
    let key = keys::normalize(typed, keys::SPRINT);
    if backlog.sprint(&key).is_none() {
        bail!("no sprint {key}");
    }
    Ok(key)
}

/// Whether the user asked to clear a field: `none` or `-`.
pub fn is_none(typed: &str) -> bool {
    let t = typed.trim();
    t == "-" || t.eq_ignore_ascii_case("none")
}

/// Story points: a non-negative number.
pub fn points(typed: &str) -> anyhow::Result<f64> {
    number::parse_non_negative(typed, "points").map_err(anyhow::Error::msg)
}

/// Story points, or `None` for `none`/`-`.
pub fn optional_points(typed: &str) -> anyhow::Result<Option<f64>> {
    if is_none(typed) {
        Ok(None)
    } else {
        points(typed).map(Some)
    }
}

/// A status name.
pub fn status(typed: &str) -> anyhow::Result<Status> {
    typed.parse().map_err(anyhow::Error::msg)
}

/// A MoSCoW priority.
pub fn moscow(typed: &str) -> anyhow::Result<Moscow> {
    typed.parse().map_err(anyhow::Error::msg)
}

/// A MoSCoW priority, or `None` for `none`/`-`.
pub fn optional_moscow(typed: &str) -> anyhow::Result<Option<Moscow>> {
    if is_none(typed) {
        Ok(None)
    } else {
        moscow(typed).map(Some)
    }
}

/// One RICE input, checked by the model's rules (confidence as a fraction).
pub fn rice_input(typed: &str, field: RiceField) -> anyhow::Result<f64> {
    Ok(rice::parse(field, typed)?)
}

/// A list given by repeating a flag; empty values are dropped, so `--label ''` clears it.
pub fn list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A non-empty text field.
pub fn text(typed: &str, what: &str) -> anyhow::Result<String> {
    let t = typed.trim();
    if t.is_empty() {
        bail!("{what} cannot be empty");
    }
    Ok(t.to_string())
}

/// A 1-based criterion number, as `po show` prints them, turned into an index.
pub fn criterion_index(n: usize, count: usize, key: &str) -> anyhow::Result<usize> {
    (n >= 1 && n <= count)
        .then(|| n - 1)
        .with_context(|| match count {
            0 => format!("{key} has no acceptance criteria, so there is no #{n}"),
            1 => format!("{key} has 1 acceptance criterion, so there is no #{n}"),
            _ => format!("{key} has {count} acceptance criteria (1-{count}), so there is no #{n}"),
        })
}
