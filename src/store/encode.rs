//! The backlog as the file's bytes, written directly rather than through
//! serde: the same bytes as `serde_json::to_writer_pretty` on the derived
//! `Serialize` (two-space indent, struct field order, unknown fields last in
//! their order), at several times the speed. serde_json scans every string
//! byte by byte for characters to escape and chrono formats each timestamp
//! through `fmt`; here a string without such characters is copied whole and
//! a timestamp in po's own form is written from its digits.
//!
//! The derived `Serialize` stays the reference: tests compare the two on
//! every kind of backlog, and [`super::encode`] falls back to it when this
//! writer refuses a value (a number the file cannot hold), so that error
//! messages name the field as before.

use std::io;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::spelling::Spellings;
use crate::model::{
    Backlog, Conflict, Criterion, Epic, EpicOutcome, NextKeys, Product, Request, Rice, Sprint,
    SprintRecord, Story, number, timestamp,
};

mod raw;

/// A value the writer cannot put in the file; the serde path says which and why.
pub struct Refused;

impl From<serde_json::Error> for Refused {
    fn from(_: serde_json::Error) -> Self {
        Refused
    }
}

/// The backlog's bytes, with the final newline, or `Refused`. Unknown
/// values found in `spellings` are written in the file's own spelling.
pub fn backlog(
    backlog: &Backlog,
    capacity: usize,
    spellings: &Spellings,
) -> Result<Vec<u8>, Refused> {
    let mut w = Pretty::new(capacity);
    w.spellings = (!spellings.is_empty()).then_some(spellings);
    w.backlog(backlog)?;
    w.out.push(b'\n');
    Ok(w.out)
}

/// A list of stories as `serde_json::to_writer_pretty` writes a slice of
/// them (for `po list --json`), with a final newline, handed to `out` one
/// story at a time: only one story's bytes are held at once, whatever the
/// size of the list. A story this writer refuses is written by serde, which
/// writes the same bytes or says which value it cannot write.
pub fn write_stories<'s>(
    out: &mut impl io::Write,
    stories: impl IntoIterator<Item = &'s Story>,
) -> io::Result<()> {
    let mut w = Pretty::new(16 * 1024);
    w.begin(b'[');
    for story in stories {
        w.element();
        w.story_or_serde(story)?;
        out.write_all(&w.out)?;
        w.out.clear();
    }
    w.end(b']');
    w.out.push(b'\n');
    out.write_all(&w.out)
}

/// Appends `story` to `out` as an element of an array `depth` levels deep
/// that already has one, laid out as [`write_stories`] lays it out: a
/// comma, a new line, the story. (`po list --json` parses and writes its
/// stories in runs, each on its own core; the run that comes first drops
/// its leading comma.)
pub fn story_element(out: &mut Vec<u8>, story: &Story, depth: usize) -> io::Result<()> {
    let mut w = Pretty {
        out: std::mem::take(out),
        depth,
        first: false,
        spellings: None,
    };
    w.element();
    let written = w.story_or_serde(story);
    *out = w.out;
    written
}

/// Whether serde_json would escape a byte of `s`: control characters, quote
/// and backslash. Blocks are checked without an early exit inside, which the
/// compiler turns into vector instructions.
fn needs_escape(s: &[u8]) -> bool {
    s.chunks(32).any(|block| {
        block.iter().fold(false, |found, &b| {
            found | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    })
}

/// A JSON writer that lays out objects and arrays as serde_json's
/// `PrettyFormatter` does.
struct Pretty<'a> {
    out: Vec<u8>,
    depth: usize,
    /// Whether the innermost open object or array has no entry yet.
    first: bool,
    /// The file's own text for unknown values, when it had any.
    spellings: Option<&'a Spellings>,
}

/// Indentation for one level.
const INDENT: &[u8] = b"  ";
/// Enough indentation for the deepest level po itself writes.
const SPACES: &[u8] = &[b' '; 32];

impl Pretty<'_> {
    fn new(capacity: usize) -> Self {
        Pretty {
            out: Vec::with_capacity(capacity),
            depth: 0,
            first: true,
            spellings: None,
        }
    }

    /// Writes a story; one this writer refuses is written by serde, which
    /// writes the same bytes or says which value it cannot write.
    fn story_or_serde(&mut self, story: &Story) -> io::Result<()> {
        let (start, depth) = (self.out.len(), self.depth);
        if self.story(story).is_ok() {
            return Ok(());
        }
        self.out.truncate(start);
        (self.depth, self.first) = (depth, false);
        let bytes = serde_json::to_vec_pretty(story)
            .map_err(|e| io::Error::other(super::StoreError::Encode(e.to_string())))?;
        // serde indents from depth 0; the story is an element at `depth`.
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            self.out.extend_from_slice(line);
        }
        Ok(())
    }

    fn begin(&mut self, open: u8) {
        self.out.push(open);
        self.depth += 1;
        self.first = true;
    }

    fn end(&mut self, close: u8) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(close);
        // The object or array just closed was an entry of its parent.
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        let width = self.depth * INDENT.len();
        match SPACES.get(..width) {
            Some(spaces) => self.out.extend_from_slice(spaces),
            None => self.out.resize(self.out.len() + width, b' '),
        }
    }

    /// Starts an array element or an object entry.
    fn element(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.newline();
        self.first = false;
    }

    /// Starts an object entry with a key po knows (plain ASCII, no escapes).
    fn key(&mut self, name: &str) {
        self.element();
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// Starts an object entry with a key from the file.
    fn any_key(&mut self, name: &str) -> Result<(), Refused> {
        self.element();
        self.string(name)?;
        self.out.extend_from_slice(b": ");
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<(), Refused> {
        if needs_escape(s.as_bytes()) {
            // Rare: let serde_json escape it, exactly as it always has.
            serde_json::to_writer(&mut self.out, s)?;
        } else {
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        }
        Ok(())
    }

    fn optional_string(&mut self, s: Option<&str>) -> Result<(), Refused> {
        match s {
            Some(s) => self.string(s),
            None => {
                self.null();
                Ok(())
            }
        }
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn word(&mut self, word: &str) {
        self.out.push(b'"');
        self.out.extend_from_slice(word.as_bytes());
        self.out.push(b'"');
    }

    fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// A scalar serde_json writes the same in compact and pretty form.
    fn scalar(&mut self, value: &impl Serialize) -> Result<(), Refused> {
        serde_json::to_writer(&mut self.out, value)?;
        Ok(())
    }

    fn number(&mut self, value: f64) -> Result<(), Refused> {
        number::serialize(&value, &mut serde_json::Serializer::new(&mut self.out))?;
        Ok(())
    }

    fn optional_number(&mut self, value: Option<f64>) -> Result<(), Refused> {
        match value {
            Some(v) => self.number(v),
            None => {
                self.null();
                Ok(())
            }
        }
    }

    fn time(&mut self, time: &DateTime<Utc>) {
        self.out.push(b'"');
        timestamp::write(time, &mut self.out);
        self.out.push(b'"');
    }

    fn strings(&mut self, items: &[String]) -> Result<(), Refused> {
        self.begin(b'[');
        for item in items {
            self.element();
            self.string(item)?;
        }
        self.end(b']');
        Ok(())
    }

    fn value(&mut self, value: &Value) -> Result<(), Refused> {
        match value {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => self.scalar(n)?,
            Value::String(s) => self.string(s)?,
            Value::Array(items) => {
                self.begin(b'[');
                for item in items {
                    self.element();
                    self.value(item)?;
                }
                self.end(b']');
            }
            Value::Object(map) => {
                self.begin(b'{');
                self.extra(map)?;
                self.end(b'}');
            }
        }
        Ok(())
    }

    /// Unknown fields, after the known ones, as `#[serde(flatten)]` puts them.
    fn extra(&mut self, extra: &Map<String, Value>) -> Result<(), Refused> {
        for (key, value) in extra {
            self.any_key(key)?;
            match self.spellings.and_then(|s| s.get(key, value)) {
                Some(text) => self.raw(text),
                None => self.value(value)?,
            }
        }
        Ok(())
    }

    // The model's types, field by field in struct order. Each destructures
    // its struct without `..`, so a new field cannot be forgotten here.

    fn backlog(&mut self, b: &Backlog) -> Result<(), Refused> {
        let Backlog {
            format,
            version,
            product,
            next_keys,
            epics,
            stories,
            sprints,
            requests,
            conflicts,
            extra,
        } = b;
        self.begin(b'{');
        self.key("format");
        self.string(format)?;
        self.key("version");
        self.scalar(version)?;
        self.key("product");
        self.product(product)?;
        self.key("next_keys");
        self.next_keys(next_keys)?;
        self.key("epics");
        self.begin(b'[');
        for epic in epics {
            self.element();
            self.epic(epic)?;
        }
        self.end(b']');
        self.key("stories");
        self.begin(b'[');
        for story in stories {
            self.element();
            self.story(story)?;
        }
        self.end(b']');
        self.key("sprints");
        self.begin(b'[');
        for sprint in sprints {
            self.element();
            self.sprint(sprint)?;
        }
        self.end(b']');
        self.key("requests");
        self.begin(b'[');
        for request in requests {
            self.element();
            self.request(request)?;
        }
        self.end(b']');
        if !conflicts.is_empty() {
            self.key("conflicts");
            self.begin(b'[');
            for conflict in conflicts {
                self.element();
                self.conflict(conflict)?;
            }
            self.end(b']');
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn next_keys(&mut self, n: &NextKeys) -> Result<(), Refused> {
        let NextKeys {
            stories,
            epics,
            sprints,
            requests,
            extra,
        } = n;
        self.begin(b'{');
        self.key("stories");
        self.scalar(stories)?;
        self.key("epics");
        self.scalar(epics)?;
        self.key("sprints");
        self.scalar(sprints)?;
        self.key("requests");
        self.scalar(requests)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn product(&mut self, p: &Product) -> Result<(), Refused> {
        let Product {
            name,
            vision,
            extra,
        } = p;
        self.begin(b'{');
        self.key("name");
        self.string(name)?;
        self.key("vision");
        self.string(vision)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn epic(&mut self, e: &Epic) -> Result<(), Refused> {
        let Epic {
            key,
            title,
            description,
            outcome,
            extra,
        } = e;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("title");
        self.string(title)?;
        self.key("description");
        self.string(description)?;
        if let Some(outcome) = outcome {
            self.key("outcome");
            self.epic_outcome(outcome)?;
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn epic_outcome(&mut self, o: &EpicOutcome) -> Result<(), Refused> {
        let EpicOutcome {
            metric,
            unit,
            baseline,
            target,
            measured,
            measured_on,
            extra,
        } = o;
        self.begin(b'{');
        self.key("metric");
        self.string(metric)?;
        self.key("unit");
        self.string(unit)?;
        self.key("baseline");
        self.optional_number(*baseline)?;
        self.key("target");
        self.optional_number(*target)?;
        self.key("measured");
        self.optional_number(*measured)?;
        self.key("measured_on");
        self.scalar(measured_on)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn story(&mut self, s: &Story) -> Result<(), Refused> {
        let Story {
            key,
            title,
            as_a,
            i_want,
            so_that,
            description,
            acceptance,
            points,
            status,
            moscow,
            rice,
            epic,
            sprint,
            labels,
            requested_by,
            depends_on,
            created,
            updated,
            done_at,
            source,
            status_history,
            request,
            split_from,
            assignee,
            blocked,
            extra,
        } = s;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("title");
        self.string(title)?;
        self.key("as_a");
        self.string(as_a)?;
        self.key("i_want");
        self.string(i_want)?;
        self.key("so_that");
        self.string(so_that)?;
        self.key("description");
        self.string(description)?;
        self.key("acceptance");
        self.begin(b'[');
        for criterion in acceptance {
            self.element();
            self.criterion(criterion)?;
        }
        self.end(b']');
        self.key("points");
        self.optional_number(*points)?;
        self.key("status");
        self.word(status.as_str());
        self.key("moscow");
        match moscow {
            Some(m) => self.word(m.as_str()),
            None => self.null(),
        }
        self.key("rice");
        match rice {
            Some(r) => self.rice(r)?,
            None => self.null(),
        }
        self.key("epic");
        self.optional_string(epic.as_deref())?;
        self.key("sprint");
        self.optional_string(sprint.as_deref())?;
        self.key("labels");
        self.strings(labels)?;
        self.key("requested_by");
        self.string(requested_by)?;
        self.key("depends_on");
        self.strings(depends_on)?;
        self.key("created");
        self.time(created);
        self.key("updated");
        self.time(updated);
        self.key("done_at");
        match done_at {
            Some(t) => self.time(t),
            None => self.null(),
        }
        if let Some(source) = source {
            self.key("source");
            self.string(source)?;
        }
        if !status_history.is_empty() {
            self.key("status_history");
            self.begin(b'[');
            for change in status_history {
                self.element();
                self.begin(b'{');
                self.key("status");
                self.word(change.status.as_str());
                self.key("at");
                self.time(&change.at);
                self.end(b'}');
            }
            self.end(b']');
        }
        if let Some(request) = request {
            self.key("request");
            self.string(request)?;
        }
        if let Some(split_from) = split_from {
            self.key("split_from");
            self.string(split_from)?;
        }
        if let Some(assignee) = assignee {
            self.key("assignee");
            self.string(assignee)?;
        }
        if let Some(blocked) = blocked {
            self.key("blocked");
            self.begin(b'{');
            self.key("reason");
            self.string(&blocked.reason)?;
            self.key("since");
            self.time(&blocked.since);
            self.extra(&blocked.extra)?;
            self.end(b'}');
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn criterion(&mut self, c: &Criterion) -> Result<(), Refused> {
        let Criterion { text, done, extra } = c;
        self.begin(b'{');
        self.key("text");
        self.string(text)?;
        self.key("done");
        self.bool(*done);
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn rice(&mut self, r: &Rice) -> Result<(), Refused> {
        let Rice {
            reach,
            impact,
            confidence,
            effort,
            extra,
        } = r;
        self.begin(b'{');
        self.key("reach");
        self.number(*reach)?;
        self.key("impact");
        self.number(*impact)?;
        self.key("confidence");
        self.number(*confidence)?;
        self.key("effort");
        self.number(*effort)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn sprint(&mut self, s: &Sprint) -> Result<(), Refused> {
        let Sprint {
            key,
            name,
            goal,
            start,
            end,
            capacity,
            state,
            record,
            goal_stories,
            extra,
        } = s;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("name");
        self.string(name)?;
        self.key("goal");
        self.string(goal)?;
        self.key("start");
        self.scalar(start)?;
        self.key("end");
        self.scalar(end)?;
        self.key("capacity");
        self.optional_number(*capacity)?;
        self.key("state");
        self.scalar(state)?;
        self.sprint_record(record)?;
        if !goal_stories.is_empty() {
            self.key("goal_stories");
            self.strings(goal_stories)?;
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    /// The record's fields that are set, as the derived `Serialize` skips
    /// the others.
    fn sprint_record(&mut self, r: &SprintRecord) -> Result<(), Refused> {
        let SprintRecord {
            started_at,
            committed_stories,
            committed_points,
            closed_at,
            done_stories,
            done_points,
            carried_over,
        } = r;
        if let Some(t) = started_at {
            self.key("started_at");
            self.time(t);
        }
        if let Some(keys) = committed_stories {
            self.key("committed_stories");
            self.strings(keys)?;
        }
        if let Some(p) = committed_points {
            self.key("committed_points");
            self.number(*p)?;
        }
        if let Some(t) = closed_at {
            self.key("closed_at");
            self.time(t);
        }
        if let Some(keys) = done_stories {
            self.key("done_stories");
            self.strings(keys)?;
        }
        if let Some(p) = done_points {
            self.key("done_points");
            self.number(*p)?;
        }
        if let Some(keys) = carried_over {
            self.key("carried_over");
            self.strings(keys)?;
        }
        Ok(())
    }

    fn conflict(&mut self, c: &Conflict) -> Result<(), Refused> {
        let Conflict {
            entity,
            key,
            field,
            base,
            ours,
            theirs,
            extra,
        } = c;
        self.begin(b'{');
        self.key("entity");
        self.word(entity.as_str());
        self.key("key");
        self.string(key)?;
        self.key("field");
        self.string(field)?;
        self.key("base");
        self.value(base)?;
        self.key("ours");
        self.value(ours)?;
        self.key("theirs");
        self.value(theirs)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn request(&mut self, r: &Request) -> Result<(), Refused> {
        let Request {
            key,
            text,
            from,
            received,
            state,
            story,
            reason,
            decided,
            extra,
        } = r;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("text");
        self.string(text)?;
        self.key("from");
        self.string(from)?;
        self.key("received");
        self.time(received);
        self.key("state");
        self.scalar(state)?;
        self.key("story");
        self.optional_string(story.as_deref())?;
        self.key("reason");
        self.string(reason)?;
        if let Some(t) = decided {
            self.key("decided");
            self.time(t);
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }
}
