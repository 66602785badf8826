//! `po import`: reads another tool's export into a [`Plan`] (epics, stories
//! with criteria, sprints, and warnings with the row they are about), then
//! [`apply`] turns the plan into one [`crate::model::Change`] on a backlog.
//!
//! Nothing here touches a file or the terminal: the command line reads the
//! bytes and saves, so the TUI can use the same plan and undo its change.
//! Formats are one module each; CSV goes through the `csv` crate (quoting,
//! BOM, multi-line cells, repeated header names), JSON through serde.

mod apply;
mod csv_table;
mod generic;
mod github;
mod jira;
mod linear;
mod map;
mod po;
pub mod summary;
mod taskwarrior;
mod text;

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Moscow, SprintState, Story};
pub use apply::{Applied, ApplyOptions, At, apply};

/// The formats `po import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Any CSV with a title column.
    Csv,
    /// Jira's CSV export (Cloud and Server).
    Jira,
    /// `gh issue list --json ...`.
    Github,
    /// Linear's CSV export.
    Linear,
    /// `task export`.
    Taskwarrior,
    /// po's own JSON (the backlog file, `po export --format json`, `po list --json`).
    PoJson,
    /// po's own CSV (`po export --format csv`).
    PoCsv,
}

impl Format {
    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jira => "jira",
            Format::Github => "github",
            Format::Linear => "linear",
            Format::Taskwarrior => "taskwarrior",
            Format::PoJson | Format::PoCsv => "po",
        }
    }

    /// What the format is, for the summary: "Jira CSV export".
    pub fn describe(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Jira => "Jira CSV export",
            Format::Github => "GitHub issues JSON (gh issue list)",
            Format::Linear => "Linear CSV export",
            Format::Taskwarrior => "taskwarrior JSON (task export)",
            Format::PoJson => "po JSON",
            Format::PoCsv => "po CSV export",
        }
    }
}

/// What the user asked for with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    Auto,
    Csv,
    Jira,
    Github,
    Linear,
    Taskwarrior,
    /// po's CSV or JSON, told apart by the content.
    Po,
}

/// A place in the source: a line of a CSV file (where the record starts) or
/// an element of a JSON array (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Loc {
    Line(u64),
    Item(usize),
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::Line(n) => write!(f, "line {n}"),
            Loc::Item(n) => write!(f, "item {n}"),
        }
    }
}

/// Input that cannot be imported at all: nothing is imported then.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ImportError {
    pub at: Option<Loc>,
    /// Which cell: `column "Story Points"` in a CSV file, `field "title"`
    /// or `character 17` in JSON.
    pub column: Option<String>,
    pub message: String,
}

impl ImportError {
    fn new(at: Option<Loc>, column: Option<String>, message: impl Into<String>) -> Self {
        ImportError {
            at,
            column,
            message: message.into(),
        }
    }

    fn describe(&self) -> String {
        let place: Vec<String> = self
            .at
            .map(|at| at.to_string())
            .into_iter()
            .chain(self.column.clone())
            .collect();
        if place.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", place.join(", "), self.message)
        }
    }
}

/// How a CSV column is named in an error.
fn column(name: &str) -> Option<String> {
    Some(format!("column \"{name}\""))
}

/// Something imported differently from the source, or left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub at: Loc,
    pub message: String,
}

/// An epic to find (by title) or create.
#[derive(Clone, Debug, PartialEq)]
pub struct EpicPlan {
    /// How stories of the source refer to it (a key, an id, a name).
    pub id: String,
    pub title: String,
    pub description: String,
}

/// A sprint to find (by name) or create.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintPlan {
    pub name: String,
    pub goal: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub capacity: Option<f64>,
    pub state: SprintState,
}

/// A story as the source has it; the key is given when it is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryPlan {
    pub at: Loc,
    /// The story's fields; `key`, `epic`, `sprint` and `depends_on` are set
    /// when it is applied, from the fields below.
    pub story: Story,
    /// The [`EpicPlan::id`] of its epic.
    pub epic: Option<String>,
    /// The [`SprintPlan::name`] of its sprint.
    pub sprint: Option<String>,
    /// Sources (`Story::source`) of the stories it depends on.
    pub depends_on: Vec<String>,
}

/// What an import would bring in, before it touches a backlog.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub format: Format,
    pub epics: Vec<EpicPlan>,
    pub sprints: Vec<SprintPlan>,
    /// In the source's order, which becomes their rank order.
    pub stories: Vec<StoryPlan>,
    pub warnings: Vec<Warning>,
    /// The rows whose status po did not know (imported as todo): `--update`
    /// leaves the status of their stories as it is in po, where it may
    /// have been fixed by hand since.
    pub unknown_status: HashSet<Loc>,
}

impl Plan {
    fn new(format: Format) -> Self {
        Plan {
            format,
            epics: Vec::new(),
            sprints: Vec::new(),
            stories: Vec::new(),
            warnings: Vec::new(),
            unknown_status: HashSet::new(),
        }
    }

    fn warn(&mut self, at: Loc, message: impl Into<String>) {
        self.warnings.push(Warning {
            at,
            message: message.into(),
        });
    }

    /// How many acceptance criteria the stories have.
    pub fn criteria(&self) -> usize {
        self.stories.iter().map(|s| s.story.acceptance.len()).sum()
    }
}

/// How to read the source.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Priority names (lower case) of the source → MoSCoW, over the
    /// format's default mapping (`--priority-map`).
    pub priority_map: HashMap<String, Option<Moscow>>,
    /// The time to give stories whose source has no date.
    pub now: Option<DateTime<Utc>>,
}

/// The plan for a source: detects the format when `wanted` is `Auto`, and
/// says why it picked it.
pub fn read(
    bytes: &[u8],
    file_name: &str,
    wanted: Wanted,
    options: &ReadOptions,
) -> Result<(Plan, Option<String>), ImportError> {
    let (format, why) = match wanted {
        Wanted::Auto => {
            let (format, why) = detect(bytes, file_name)?;
            (format, Some(why))
        }
        Wanted::Csv => (Format::Csv, None),
        Wanted::Jira => (Format::Jira, None),
        Wanted::Github => (Format::Github, None),
        Wanted::Linear => (Format::Linear, None),
        Wanted::Taskwarrior => (Format::Taskwarrior, None),
        Wanted::Po => (
            if looks_like_json(bytes) {
                Format::PoJson
            } else {
                Format::PoCsv
            },
            None,
        ),
    };
    let now = options.now.unwrap_or_else(crate::model::now);
    let plan = match format {
        Format::Csv => generic::read(bytes, options, now),
        Format::Jira => jira::read(bytes, options, now),
        Format::Github => github::read(bytes, now),
        Format::Linear => linear::read(bytes, options, now),
        Format::Taskwarrior => taskwarrior::read(bytes, now),
        Format::PoJson => po::read_json(bytes),
        Format::PoCsv => po::read_csv(bytes, options, now),
    }?;
    Ok((plan, why))
}

/// Whether the content starts like JSON (after a BOM and white space).
fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    matches!(
        bytes.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'[' | b'{')
    )
}

/// Picks the format from the content (JSON shape or CSV header) and the
/// file's extension, and says what gave it away.
fn detect(bytes: &[u8], file_name: &str) -> Result<(Format, String), ImportError> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if looks_like_json(bytes) || extension == "json" {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
        return detect_json(&value);
    }
    let headers = csv_table::headers(bytes)?;
    let has = |name: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    let found = |names: &[&str]| {
        format!(
            "the header has {}",
            names
                .iter()
                .filter(|n| has(n))
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if has("po key") || (has("key") && has("title") && has("as_a") && has("acceptance")) {
        let why = found(&["po key", "key", "title", "as_a", "acceptance"]);
        return Ok((Format::PoCsv, why));
    }
    if has("Issue key") || (has("Summary") && has("Issue Type")) {
        let why = found(&["Summary", "Issue key", "Issue Type"]);
        return Ok((Format::Jira, why));
    }
    if has("ID") && has("Title") && (has("Team") || has("Cycle Number") || has("Estimate")) {
        let why = found(&["ID", "Team", "Title", "Cycle Number", "Estimate"]);
        return Ok((Format::Linear, why));
    }
    Ok((
        Format::Csv,
        format!("a .{extension} file whose header is not Jira's, Linear's or po's"),
    ))
}

fn detect_json(value: &serde_json::Value) -> Result<(Format, String), ImportError> {
    use serde_json::Value;
    if let Value::Object(object) = value {
        if object.get("format").and_then(Value::as_str) == Some(crate::model::FORMAT) {
            return Ok((Format::PoJson, "\"format\": \"po-backlog\"".to_string()));
        }
        return Err(ImportError::new(
            None,
            None,
            "a JSON object that is not a po backlog: po imports a po backlog, or an array of \
             GitHub issues, taskwarrior tasks or po stories",
        ));
    }
    let Some(first) = value.as_array().and_then(|a| a.first()) else {
        return Err(ImportError::new(
            None,
            None,
            "an empty or non-array JSON document: nothing to import",
        ));
    };
    let has = |name: &str| first.get(name).is_some();
    if has("number") && has("title") {
        return Ok((
            Format::Github,
            "an array of objects with \"number\" and \"title\"".to_string(),
        ));
    }
    if has("uuid") && has("description") {
        return Ok((
            Format::Taskwarrior,
            "an array of objects with \"uuid\" and \"description\"".to_string(),
        ));
    }
    if has("key") && has("title") {
        return Ok((
            Format::PoJson,
            "an array of objects with \"key\" and \"title\"".to_string(),
        ));
    }
    Err(ImportError::new(
        Some(Loc::Item(1)),
        None,
        "not GitHub issues (number, title), taskwarrior tasks (uuid, description) or po stories \
         (key, title): name the format with --format",
    ))
}

/// A JSON syntax error, with its line and character.
fn json_error(e: &serde_json::Error) -> ImportError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the place is said first.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_string();
    ImportError::new(
        Some(Loc::Line(e.line() as u64)),
        Some(format!("character {}", e.column())),
        message,
    )
}

/// Reads a JSON array of typed elements; a wrong type names the element,
/// the field and the line.
fn json_array<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> Result<Vec<T>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<Vec<T>, _> = serde_path_to_error::deserialize(&mut de);
    match parsed {
        Ok(items) => {
            de.end().map_err(|e| json_error(&e))?;
            Ok(items)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(json_error(&inner));
            }
            let (item, field) = split_path(&path);
            let message = inner.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            let item = item.map(|i| format!("item {i} ")).unwrap_or_default();
            Err(ImportError::new(
                Some(Loc::Line(inner.line() as u64)),
                field.map(|f| format!("field \"{f}\"")),
                format!("{item}is not {what}: {message}"),
            ))
        }
    }
}

/// `[3].author.login` → (item 4, "author.login").
fn split_path(path: &str) -> (Option<usize>, Option<String>) {
    let Some(rest) = path.strip_prefix('[') else {
        return (None, (path != ".").then(|| path.to_string()));
    };
    let Some((index, field)) = rest.split_once(']') else {
        return (None, None);
    };
    let item = index.parse::<usize>().ok().map(|i| i + 1);
    let field = field.trim_start_matches('.');
    (item, (!field.is_empty()).then(|| field.to_string()))
}
