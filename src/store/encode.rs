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
use crate::model::{Backlog, Story, number, timestamp};

mod entities;
mod pieces;
mod raw;

pub use pieces::{Copied, StoryBytes, backlog_in_pieces};

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
}
