//! Converts a po backlog file into a taskwarrior import file, so that
//! `scripts/compare-taskwarrior.sh` can time both tools on the same items.
//!
//! Run: `cargo run --release --example taskwarrior_import -- BACKLOG.json > tasks.json`,
//! then `task import tasks.json`.
//!
//! Mapping, one task per story: description = title, project = the epic's
//! title, priority from MoSCoW (must H, should M, could L, wont none),
//! tags = labels, status pending or completed, entry = created,
//! modified = updated, end = done_at, and a uuid derived from the story key
//! (the same backlog always gives the same file). po's other fields (user-story
//! sentence, acceptance criteria, RICE, points, sprint) have no taskwarrior
//! counterpart and are left out, so each task is smaller than its story.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: taskwarrior_import BACKLOG.json > tasks.json");
        return ExitCode::from(2);
    };
    let backlog: Value = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(e) => {
            eprintln!("taskwarrior_import: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let tasks = match convert(&backlog) {
        Ok(tasks) => tasks,
        Err(e) => {
            eprintln!("taskwarrior_import: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = serde_json::to_writer(&mut out, &tasks)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        eprintln!("taskwarrior_import: cannot write the tasks: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The taskwarrior tasks for every story of a po backlog, in rank order.
fn convert(backlog: &Value) -> Result<Vec<Value>, String> {
    let epics: HashMap<&str, String> = backlog["epics"]
        .as_array()
        .map(|epics| {
            epics
                .iter()
                .filter_map(|e| Some((e["key"].as_str()?, project_name(e["title"].as_str()?))))
                .collect()
        })
        .unwrap_or_default();
    let stories = backlog["stories"]
        .as_array()
        .ok_or("no \"stories\" array: is this a po backlog file?")?;
    stories.iter().map(|s| task(s, &epics)).collect()
}

/// One taskwarrior task for one story.
fn task(story: &Value, epics: &HashMap<&str, String>) -> Result<Value, String> {
    let key = story["key"].as_str().ok_or("a story without a key")?;
    let title = story["title"].as_str().unwrap_or_default();
    let mut task = Map::new();
    task.insert("uuid".into(), json!(uuid(key)?));
    task.insert("description".into(), json!(title));
    let done = story["status"].as_str() == Some("done");
    task.insert(
        "status".into(),
        json!(if done { "completed" } else { "pending" }),
    );
    task.insert("entry".into(), json!(tw_date(&story["created"], key)?));
    task.insert("modified".into(), json!(tw_date(&story["updated"], key)?));
    if done && !story["done_at"].is_null() {
        task.insert("end".into(), json!(tw_date(&story["done_at"], key)?));
    }
    if let Some(project) = story["epic"].as_str().and_then(|e| epics.get(e)) {
        task.insert("project".into(), json!(project));
    }
    let priority = match story["moscow"].as_str() {
        Some("must") => Some("H"),
        Some("should") => Some("M"),
        Some("could") => Some("L"),
        _ => None,
    };
    if let Some(priority) = priority {
        task.insert("priority".into(), json!(priority));
    }
    let tags: Vec<String> = story["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(tag_name)
        .filter(|t| !t.is_empty())
        .collect();
    if !tags.is_empty() {
        task.insert("tags".into(), json!(tags));
    }
    Ok(Value::Object(task))
}

/// A stable uuid for a story key such as `S-12`: the number is the last group.
fn uuid(key: &str) -> Result<String, String> {
    let number: u64 = key
        .strip_prefix("S-")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("story key {key:?} is not of the form S-<number>"))?;
    Ok(format!("00000000-0000-4000-8000-{number:012x}"))
}

/// taskwarrior's date form, `20261101T093000Z`, from po's RFC 3339 timestamp.
fn tw_date(value: &Value, key: &str) -> Result<String, String> {
    let text = value
        .as_str()
        .ok_or_else(|| format!("{key}: a timestamp is missing"))?;
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(text)
        .map_err(|e| format!("{key}: timestamp {text:?}: {e}"))?
        .into();
    Ok(at.format("%Y%m%dT%H%M%SZ").to_string())
}

/// A project name taskwarrior filters take without quoting: `Search & discovery`
/// becomes `Search-discovery` (a dot would mean a sub-project).
fn project_name(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A tag without spaces (taskwarrior splits tags on whitespace).
fn tag_name(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backlog() -> Value {
        json!({
            "epics": [ { "key": "E-1", "title": "Search & discovery" } ],
            "stories": [
                {
                    "key": "S-12", "title": "Pay with saved card", "status": "done",
                    "moscow": "must", "epic": "E-1", "labels": ["payments", "two words"],
                    "created": "2026-11-01T09:30:00Z", "updated": "2026-11-03T14:02:00Z",
                    "done_at": "2026-11-03T14:00:00Z"
                },
                {
                    "key": "S-300", "title": "Dark mode", "status": "todo", "moscow": "wont",
                    "epic": null, "labels": [],
                    "created": "2026-11-02T10:00:00+01:00", "updated": "2026-11-02T10:00:00Z",
                    "done_at": null
                }
            ]
        })
    }

    #[test]
    fn a_done_story_becomes_a_completed_task_with_its_dates_project_and_tags() {
        let tasks = convert(&backlog()).expect("converts");
        assert_eq!(
            tasks[0],
            json!({
                "uuid": "00000000-0000-4000-8000-00000000000c",
                "description": "Pay with saved card",
                "status": "completed",
                "entry": "20261101T093000Z",
                "modified": "20261103T140200Z",
                "end": "20261103T140000Z",
                "project": "Search-discovery",
                "priority": "H",
                "tags": ["payments", "two_words"]
            })
        );
    }

    #[test]
    fn a_wont_story_outside_epics_is_pending_without_priority_and_in_utc() {
        let tasks = convert(&backlog()).expect("converts");
        assert_eq!(
            tasks[1],
            json!({
                "uuid": "00000000-0000-4000-8000-00000000012c",
                "description": "Dark mode",
                "status": "pending",
                "entry": "20261102T090000Z",
                "modified": "20261102T100000Z"
            })
        );
    }

    #[test]
    fn a_file_that_is_not_a_backlog_is_refused_with_a_reason() {
        let error = convert(&json!({ "tasks": [] })).expect_err("refused");
        assert!(error.contains("stories"), "{error}");
        let error = convert(&json!({ "stories": [ { "key": "X" } ] })).expect_err("refused");
        assert!(error.contains("S-<number>"), "{error}");
    }
}
