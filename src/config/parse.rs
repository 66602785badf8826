//! config.toml's text to settings, with every error on its line.

use std::collections::BTreeMap;
use std::ops::Range;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use super::{Config, Loaded};
use crate::tui::keymap::{self, Remap};
use crate::tui::ui::theme::{self, ThemeName};

/// The file as written; every part optional.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Raw {
    theme: RawTheme,
    /// `[keys]` with `context.action = ["K", "alt-up"]` (or one string).
    keys: BTreeMap<String, BTreeMap<String, Spanned<KeyList>>>,
    ready: RawReady,
    sprint: RawSprint,
    forecast: RawForecast,
    grid: RawGrid,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawGrid {
    rows: Option<Spanned<i64>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawTheme {
    name: Option<Spanned<String>>,
    colors: BTreeMap<String, Spanned<String>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawReady {
    points_limit: Option<Spanned<f64>>,
    vague_words: Option<Vec<String>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawSprint {
    length_days: Option<Spanned<i64>>,
    capacity: Option<Spanned<f64>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawForecast {
    runs: Option<Spanned<i64>>,
    percentiles: Option<Spanned<Vec<i64>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

/// The settings and field names po knows, for the unknown-setting warnings.
/// `*` takes any name (key bindings, colour roles are checked on their own).
const KNOWN: &[&str] = &[
    "theme",
    "theme.name",
    "theme.colors",
    "theme.colors.*",
    "keys",
    "keys.*",
    "keys.*.*",
    "ready",
    "ready.points_limit",
    "ready.vague_words",
    "sprint",
    "sprint.length_days",
    "sprint.capacity",
    "forecast",
    "forecast.runs",
    "forecast.percentiles",
    "grid",
    "grid.rows",
];

/// Reads config.toml's `text`; `name` (the file) starts every message.
pub fn parse(text: &str, name: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let at = |span: Range<usize>| format!("{name} line {}", line_of(text, span.start));
    let raw: Raw = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let place = e.span().map_or_else(|| name.to_string(), at);
            loaded
                .errors
                .push(format!("{place}: {}", e.message().trim_end()));
            return loaded;
        }
    };
    if let Ok(table) = text.parse::<toml::Table>() {
        unknown_settings(&table, "", name, &mut loaded.warnings);
    }

    let mut config = Config::default();
    // (line, message), to tell them in the file's order.
    let mut errors: Vec<(usize, String)> = Vec::new();
    let error_at = |span: Range<usize>, message: String| {
        let line = line_of(text, span.start);
        (line, format!("{name} line {line}: {message}"))
    };
    if let Some(theme_name) = raw.theme.name {
        match ThemeName::parse(theme_name.get_ref()) {
            Some(t) => config.theme = t,
            None => errors.push(error_at(
                theme_name.span(),
                format!(
                    "unknown theme `{}`; po has dark, light and mono",
                    theme_name.get_ref()
                ),
            )),
        }
    }
    for (role, colour) in raw.theme.colors {
        let known = theme::ROLES.iter().any(|(r, _)| *r == role);
        match colour.get_ref().parse::<Color>() {
            Ok(c) if known => config.colors.push((role, c)),
            Ok(_) => errors.push(error_at(
                colour.span(),
                format!(
                    "unknown colour role `{role}`; po config default lists the roles",
            ))),
            Err(_) => errors.push(error_at(
                colour.span(),
                format!(
                    "`{}` is not a colour; write a name (red, lightblue), a number (0-255) or #rrggbb",
                colour.get_ref()
            ))),
        }
    }
    for (context, actions) in raw.keys {
        for (action, keys) in actions {
            let line = line_of(text, keys.span().start);
            let keys = match keys.into_inner() {
                KeyList::One(k) => vec![k],
                KeyList::Many(ks) => ks,
            };
            config.keys.push(Remap {
                name: format!("{context}.{action}"),
                keys,
                line,
            });
        }
    }
    // Applied in file order, so that the first error is the first line.
    config.keys.sort_by_key(|r| r.line);
    if let Err(e) = keymap::resolve(&config.keys) {
        errors.push((e.line, format!("{name} line {}: {}", e.line, e.message)));
    }
    if let Some(limit) = raw.ready.points_limit {
        match *limit.get_ref() {
            l if l.is_finite() && l > 0.0 => config.ready.points_limit = l,
            l => errors.push(error_at(
                limit.span(),
                format!("ready.points_limit must be a number above 0, not {l}",),
            )),
        }
    }
    if let Some(words) = raw.ready.vague_words {
        config.ready.vague_words = words.into_iter().filter(|w| !w.trim().is_empty()).collect();
    }
    if let Some(days) = raw.sprint.length_days {
        match u32::try_from(*days.get_ref()) {
            Ok(d @ 1..=365) => config.sprint.length_days = d,
            _ => errors.push(error_at(
                days.span(),
                format!(
                    "sprint.length_days must be 1 to 365, not {}",
                    days.get_ref()
                ),
            )),
        }
    }
    if let Some(capacity) = raw.sprint.capacity {
        match *capacity.get_ref() {
            c if c.is_finite() && c > 0.0 => config.sprint.capacity = Some(c),
            c => errors.push(error_at(
                capacity.span(),
                format!("sprint.capacity must be a number of points above 0, not {c}",),
            )),
        }
    }
    if let Some(runs) = raw.forecast.runs {
        let max = crate::model::forecast::MAX_RUNS;
        match usize::try_from(*runs.get_ref()) {
            Ok(r) if (1..=max).contains(&r) => config.forecast.runs = r,
            _ => errors.push(error_at(
                runs.span(),
                format!("forecast.runs must be 1 to {max}, not {}", runs.get_ref()),
            )),
        }
    }
    if let Some(percentiles) = raw.forecast.percentiles {
        match check_percentiles(percentiles.get_ref()) {
            Ok(ps) => config.forecast.percentiles = ps,
            Err(why) => errors.push(error_at(percentiles.span(), why)),
        }
    }
    if let Some(rows) = raw.grid.rows {
        let max = crate::tui::grid::MAX_ROWS;
        match usize::try_from(*rows.get_ref()) {
            Ok(r) if (1..=max).contains(&r) => config.grid.rows = r,
            _ => errors.push(error_at(
                rows.span(),
                format!("grid.rows must be 1 to {max}, not {}", rows.get_ref()),
            )),
        }
    }
    if errors.is_empty() {
        loaded.config = config;
    }
    errors.sort_by_key(|(line, _)| *line);
    loaded.errors = errors.into_iter().map(|(_, message)| message).collect();
    loaded
}

/// `[forecast] percentiles`: 2 to [`MAX_PERCENTILES`] whole numbers from 1
/// to 99, ascending (the roadmap draws the first two).
fn check_percentiles(values: &[i64]) -> Result<Vec<u8>, String> {
    let max = crate::model::forecast::MAX_PERCENTILES;
    let shown = || {
        let all: Vec<String> = values.iter().map(i64::to_string).collect();
        format!("[{}]", all.join(", "))
    };
    if !(2..=max).contains(&values.len()) {
        return Err(format!(
            "forecast.percentiles needs 2 to {max} percentiles (the roadmap draws the first two), not {}",
            shown()
        ));
    }
    let mut out = Vec::with_capacity(values.len());
    for &v in values {
        let p = u8::try_from(v)
            .ok()
            .filter(|p| (1..=99).contains(p))
            .ok_or_else(|| format!("forecast.percentiles must be 1 to 99, not {v}"))?;
        if out.last().is_some_and(|last| *last >= p) {
            return Err(format!(
                "forecast.percentiles must go up, each above the one before: {}",
                shown()
            ));
        }
        out.push(p);
    }
    Ok(out)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Warns of each setting of `table` (at `prefix`) that po does not know.
fn unknown_settings(table: &toml::Table, prefix: &str, name: &str, out: &mut Vec<String>) {
    for (key, value) in table {
        let path = format!("{prefix}{key}");
        let pattern_of = |p: &str| {
            KNOWN.iter().any(|k| {
                k.split('.').count() == p.split('.').count()
                    && k.split('.')
                        .zip(p.split('.'))
                        .all(|(k, p)| k == "*" || k == p)
            })
        };
        if !pattern_of(&path) {
            out.push(format!("{name}: unknown setting `{path}`, ignored"));
            continue;
        }
        if let toml::Value::Table(inner) = value {
            unknown_settings(inner, &format!("{path}."), name, out);
        }
    }
}

#[cfg(test)]
mod tests;
