//! Reading a backlog file's bytes, with errors that say where and what.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::error::{self, StoreError};
use super::split;
use crate::model::{Backlog, FORMAT, VERSION};

/// Parses a file's bytes, with errors that name the line, column and field.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Backlog, StoreError> {
    parse_splitting_from(path, bytes, split::TWO_CORES_FROM)
}

/// [`parse`], splitting the stories over two cores for files of at least
/// `split_from` bytes; for tests, which split small files too.
#[doc(hidden)]
pub fn parse_splitting_from(
    path: &Path,
    bytes: &[u8],
    split_from: usize,
) -> Result<Backlog, StoreError> {
    // Some Windows editors start UTF-8 files with a byte order mark; JSON has none.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut backlog = match parse_fast(bytes, split_from) {
        Some(backlog) => backlog,
        None => parse_explained(path, bytes)?,
    };
    if backlog.format != FORMAT {
        return Err(StoreError::WrongFormat {
            path: path.to_path_buf(),
            found: error::for_message(&backlog.format, 80),
        });
    }
    // Older files mark goal stories with a label; both shapes load.
    backlog.adopt_goal_labels();
    Ok(backlog)
}

/// The parse of a good file, as fast as serde_json goes: the whole file is
/// checked as UTF-8 once (rather than string by string), no field path
/// is tracked, and a large file's stories are parsed on two cores. `None`
/// on any error, which [`parse_explained`] then explains.
fn parse_fast(bytes: &[u8], split_from: usize) -> Option<Backlog> {
    let text = std::str::from_utf8(bytes).ok()?;
    if text.len() >= split_from
        && let Some(backlog) = split::parse(text)
    {
        return Some(backlog);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let backlog = Backlog::deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(backlog)
}

/// The parse again, tracking the field path, to say where it fails. The same
/// `Deserialize` code runs, so it fails at the same place; should it succeed
/// after all, its backlog is as good as the fast one.
fn parse_explained(path: &Path, bytes: &[u8]) -> Result<Backlog, StoreError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let backlog: Backlog = match serde_path_to_error::deserialize(&mut de) {
        Ok(b) => b,
        Err(err) => return Err(explain(path, bytes, err.inner(), &err.path().to_string())),
    };
    if let Err(err) = de.end() {
        return Err(explain(path, bytes, &err, ""));
    }
    Ok(backlog)
}

/// Turns a parse failure into the most useful message: wrong format or newer
/// version first (a newer po may have changed field types), then the exact place.
fn explain(path: &Path, bytes: &[u8], inner: &serde_json::Error, at: &str) -> StoreError {
    #[derive(Deserialize)]
    struct Header {
        format: Option<Value>,
        version: Option<Value>,
    }
    // A derived struct also reads from an array (`[1, 2]` would give format
    // 1, version 2), so only an object can have a header.
    let is_object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if is_object && let Ok(header) = serde_json::from_slice::<Header>(bytes) {
        match header.format {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(other) => {
                return StoreError::WrongFormat {
                    path: path.to_path_buf(),
                    found: error::for_message(
                        &match other {
                            Value::String(s) => s,
                            v => v.to_string(),
                        },
                        80,
                    ),
                };
            }
            None => {
                return StoreError::WrongFormat {
                    path: path.to_path_buf(),
                    found: "(missing)".to_string(),
                };
            }
        }
        // A version that does not even fit a u32 is no real version: report
        // the field as wrong rather than a made-up number.
        if let Some(v) = header.version.as_ref().and_then(Value::as_u64)
            && let Ok(version) = u32::try_from(v)
            && version > VERSION
        {
            return StoreError::TooNew {
                path: path.to_path_buf(),
                version,
                known: VERSION,
            };
        }
    }
    // serde_path_to_error writes "?" for a place it could not name (e.g. a
    // key cut off by the end of the file); say only what is known.
    let mut at = at;
    while let Some(known) = at.strip_suffix(".?") {
        at = known;
    }
    let line = inner.line();
    StoreError::Parse {
        path: path.to_path_buf(),
        line,
        // serde_json counts columns from 0 before the first byte of a line is read.
        column: if line > 0 { inner.column().max(1) } else { 0 },
        at: if at.is_empty() || at == "." || at == "?" {
            String::new()
        } else {
            format!(", at {}", error::for_message(at, 120))
        },
        message: error::for_message(
            &plain_words(&strip_position(&inner.to_string(), line, inner.column())),
            400,
        ),
    }
}

/// The backlog as the two-core parse reads it, or `None` where it leaves
/// the file to the one-core parse: for tests that compare the two.
#[doc(hidden)]
pub fn parse_split(bytes: &[u8]) -> Option<Backlog> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    split::parse(std::str::from_utf8(bytes).ok()?)
}

/// serde names Rust types ("expected struct Backlog"); say what the file needs.
fn plain_words(message: &str) -> String {
    match message.find("expected struct ") {
        Some(i) => format!("{}expected a JSON object {{ ... }}", &message[..i]),
        None => message.to_string(),
    }
}

/// serde_json appends " at line L column C"; the message already says where.
/// Only that exact suffix is cut, never text quoted from the file.
fn strip_position(message: &str, line: usize, column: usize) -> String {
    let suffix = format!(" at line {line} column {column}");
    message.strip_suffix(&suffix).unwrap_or(message).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_serde_json_s_own_position_suffix_is_cut() {
        assert_eq!(
            strip_position("expected value at line 3 column 7", 3, 7),
            "expected value"
        );
        // Quoted file text that merely looks like a position stays.
        assert_eq!(
            strip_position("unknown variant `x at line 1 column 2`", 4, 9),
            "unknown variant `x at line 1 column 2`"
        );
        assert_eq!(
            plain_words("invalid type: map, expected struct Story"),
            "invalid type: map, expected a JSON object { ... }"
        );
    }
}
