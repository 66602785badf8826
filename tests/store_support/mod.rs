//! Shared by the store tests: a backlog file as po writes it, with unknown
//! fields at every level, and temp-dir helpers.

#![allow(dead_code)]

pub mod broken;
pub mod random;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// A backlog with every kind of element, whole and fractional numbers, and an
/// unknown field (`x_*`) on every object that has an `extra` map.
pub fn fixture_value() -> Value {
    json!({
        "format": "po-backlog",
        "version": 2,
        "product": { "name": "Acme Mobile", "vision": "Groceries in a minute.", "x_product": { "tier": "gold" } },
        "next_keys": { "stories": 43, "epics": 2, "sprints": 3, "requests": 4, "x_next": "n" },
        "epics": [ { "key": "E-1", "title": "Checkout", "description": "", "x_epic": [1, 2.5, "three", null, true] } ],
        "stories": [
            {
                "key": "S-12",
                "title": "Pay with saved card",
                "as_a": "returning customer",
                "i_want": "to pay with my saved card",
                "so_that": "checkout takes one tap",
                "description": "Línea 2 — 日本語 ✓ \"quoted\" \\ back\nnew line\ttab",
                "acceptance": [ { "text": "Given a saved card, then the order is placed", "done": false, "x_criterion": "keep me" } ],
                "points": 3,
                "status": "todo",
                "moscow": "must",
                "rice": { "reach": 800, "impact": 2.5, "confidence": 0.8, "effort": 2, "x_rice": 1e-7 },
                "epic": "E-1",
                "sprint": "SP-2",
                "labels": ["payments", "mobile"],
                "requested_by": "Sales",
                "depends_on": ["S-13"],
                "created": "2026-11-01T09:30:00Z",
                "updated": "2026-11-03T14:02:00Z",
                "done_at": null,
                "x_story": { "nested": { "deeper": [ {} , [] ] } }
            },
            {
                "key": "S-13",
                "title": "Half a point",
                "as_a": "",
                "i_want": "",
                "so_that": "",
                "description": "",
                "acceptance": [],
                "points": 0.5,
                "status": "done",
                "moscow": null,
                "rice": null,
                "epic": null,
                "sprint": null,
                "labels": [],
                "requested_by": "",
                "depends_on": [],
                "created": "2026-11-01T09:30:00Z",
                "updated": "2026-11-02T10:00:00Z",
                "done_at": "2026-11-02T10:00:00Z"
            },
            {
                "key": "S-14",
                "title": "Unestimated",
                "as_a": "",
                "i_want": "",
                "so_that": "",
                "description": "",
                "acceptance": [],
                "points": null,
                "status": "in_progress",
                "moscow": "wont",
                "rice": null,
                "epic": null,
                "sprint": null,
                "labels": [],
                "requested_by": "",
                "depends_on": [],
                "created": "2026-11-01T09:30:00Z",
                "updated": "2026-11-01T09:30:00Z",
                "done_at": null
            },
            {
                "key": "S-15",
                "title": "Big one",
                "as_a": "",
                "i_want": "",
                "so_that": "",
                "description": "",
                "acceptance": [],
                "points": 13,
                "status": "todo",
                "moscow": "could",
                "rice": null,
                "epic": null,
                "sprint": null,
                "labels": [],
                "requested_by": "",
                "depends_on": [],
                "created": "2026-11-01T09:30:00Z",
                "updated": "2026-11-01T09:30:00Z",
                "done_at": null
            }
        ],
        "sprints": [ { "key": "SP-2", "name": "Sprint 1", "goal": "Pay", "start": "2026-11-02", "end": "2026-11-13", "capacity": 30, "state": "active", "x_sprint": 7 } ],
        "requests": [ { "key": "R-3", "text": "Export invoices as PDF", "from": "Finance", "received": "2026-11-02T10:00:00Z", "state": "accepted", "story": "S-12", "reason": "", "x_request": "r" } ],
        "x_top": { "written_by": "another tool", "list": [3, 0.25] }
    })
}

/// The fixture as po writes it: pretty JSON and a final newline.
pub fn fixture_text() -> String {
    let mut text = serde_json::to_string_pretty(&fixture_value()).unwrap();
    text.push('\n');
    text
}

/// The fixture with one field replaced, as a pointer such as `/stories/3/points`.
pub fn fixture_with(pointer: &str, value: Value) -> String {
    let mut v = fixture_value();
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = value;
    let mut text = serde_json::to_string_pretty(&v).unwrap();
    text.push('\n');
    text
}

/// A temp dir with a backlog path inside (not yet written).
pub fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    (dir, path)
}

/// Names of the files in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether file permissions are enforced here: root (as in many containers)
/// can write into a read-only directory, so such tests would prove nothing.
pub fn permissions_enforced(read_only_dir: &Path) -> bool {
    let probe = read_only_dir.join(".probe");
    match fs::write(&probe, b"x") {
        Ok(()) => {
            let _ = fs::remove_file(&probe);
            false
        }
        Err(_) => true,
    }
}

/// What `po list --json` writes, as it always has: serde's pretty printer on
/// the backlog's stories that pass `keep`, plus a newline.
pub fn list_json_reference(
    backlog: &po::model::Backlog,
    keep: impl Fn(&po::model::Story) -> bool,
) -> Vec<u8> {
    let stories: Vec<&po::model::Story> = backlog
        .stories
        .iter()
        .map(|s| &**s)
        .filter(|s| keep(s))
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&stories).unwrap();
    bytes.push(b'\n');
    bytes
}
