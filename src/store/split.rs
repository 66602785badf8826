//! Parsing a large file's stories on two cores.
//!
//! serde_json's typed parse runs at its own pace (~500 MB/s here), and the
//! stories are nearly all of a file. So the `stories` array is cut in two
//! at a story boundary and each half is parsed on its own core, while the
//! rest of the file (`"stories": []` in place of the array) is parsed as a
//! backlog. The cut is found in po's own layout (a story's closing brace at
//! four spaces of indent, a comma, the next story's opening brace); raw
//! line breaks cannot occur inside a JSON string, so the pattern is always
//! structure, and every byte is still read by serde. Anything unexpected (another
//! layout, a syntax or type error anywhere) gives `None`: the caller then
//! parses the whole file on one core, and that parse alone says what is
//! wrong, so error messages never depend on the split.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use crate::model::{Backlog, Story};

/// Files from this size on are worked on two cores (parsed, listed, or
/// compared after a save): below it, starting a thread costs about what it
/// saves.
pub(super) const TWO_CORES_FROM: usize = 256 * 1024;

/// Between two stories in po's layout: the end of one (`}` at four spaces of
/// indent), a comma, the next one's `{`.
pub(super) const BETWEEN_STORIES: &[u8] = b"\n    },\n    {";
/// Where the comma stands in [`BETWEEN_STORIES`]: a story's last byte is the
/// one before it.
pub(super) const COMMA_BETWEEN_STORIES: usize = 6;

/// serde_json refuses nesting deeper than 128; a story parsed on its own sits
/// three levels higher than in the file, so one nested this deep is left to
/// the whole-file parse, which judges the limit as it always did.
const DEEP: usize = 100;

/// The backlog in `text`, its stories parsed on two cores; `None` when the
/// file does not split (or fails to parse anywhere).
pub(super) fn parse(text: &str) -> Option<Backlog> {
    let bytes = text.as_bytes();
    let (open, close) = stories_array(bytes)?;
    let cut = open + cut_point(&bytes[open..close])?;
    let (first, second) = (&text[open..cut], &text[cut + 1..close]);
    let mut rest = String::with_capacity(open + text.len() - close);
    rest.push_str(&text[..open]);
    rest.push_str(&text[close..]);
    let (backlog, first, second) = std::thread::scope(|scope| {
        let later = scope.spawn(|| stories(second));
        let backlog = backlog_without_stories(&rest);
        let first = stories(first);
        let second = later
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (backlog, first, second)
    });
    let (mut backlog, mut first, second) = (backlog?, first?, second?);
    first.extend(second);
    if first.iter().any(|s| too_deep(s)) {
        return None;
    }
    backlog.stories = first;
    Some(backlog)
}

/// The rest of the file, whose `stories` array is empty.
pub(super) fn backlog_without_stories(rest: &str) -> Option<Backlog> {
    let mut de = serde_json::Deserializer::from_str(rest);
    let backlog = Backlog::deserialize(&mut de).ok()?;
    de.end().ok()?;
    // A second `stories` member is a duplicate field error above; an empty
    // array here is the one the split emptied.
    backlog.stories.is_empty().then_some(backlog)
}

/// The stories of a run of array elements (`{…}, {…}`), each parsed by the
/// same `Deserialize` as in the whole file; `None` unless the run is exactly
/// stories separated by commas.
fn stories(run: &str) -> Option<Vec<Arc<Story>>> {
    let bytes = run.as_bytes();
    let mut out = Vec::with_capacity(run.len() / 1024 + 1);
    let mut at = 0;
    loop {
        let mut stream = serde_json::Deserializer::from_str(&run[at..]).into_iter::<Arc<Story>>();
        out.push(stream.next()?.ok()?);
        at = skip_space(bytes, at + stream.byte_offset());
        match bytes.get(at) {
            None => return Some(out),
            Some(b',') => at += 1,
            Some(_) => return None,
        }
    }
}

/// Where the top-level `stories` array's elements start (just after its
/// `[`) and where its `]` is. The members before it are stepped over as
/// JSON (they are small: product, keys, epics); the end is the next
/// `]` at two spaces of indent, which the parse of the halves confirms.
pub(super) fn stories_array(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_space(bytes, at);
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(bytes, at)?;
        // A key written with escapes is not matched: the split is then
        // refused by the duplicate field, or simply not made.
        let is_stories = &bytes[at + 1..key_end - 1] == b"stories";
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(bytes, at + 1);
        if is_stories {
            if bytes.get(at) != Some(&b'[') {
                return None;
            }
            let open = at + 1;
            // An empty array is written `[]`.
            if bytes.get(skip_space(bytes, open)) == Some(&b']') {
                return Some((open, skip_space(bytes, open)));
            }
            let close = open + memchr::memmem::find(&bytes[open..], b"\n  ]")? + 3;
            return Some((open, close));
        }
        at = skip_space(bytes, value_end(bytes, at)?);
        if bytes.get(at) != Some(&b',') {
            return None;
        }
        at += 1;
    }
}

/// A comma between two stories near the middle of the array's elements.
pub(super) fn cut_point(elements: &[u8]) -> Option<usize> {
    let middle = elements.len() / 2;
    let after = memchr::memmem::find(&elements[middle..], BETWEEN_STORIES).map(|i| middle + i);
    // A pattern across the middle is found looking back.
    let end = (middle + BETWEEN_STORIES.len()).min(elements.len());
    let before = || memchr::memmem::rfind(&elements[..end], BETWEEN_STORIES);
    after.or_else(before).map(|i| i + COMMA_BETWEEN_STORIES)
}

/// Past JSON whitespace.
pub(super) fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(at) {
        at += 1;
    }
    at
}

/// Just past the string that starts at `at` (its opening quote).
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        match bytes[i] {
            b'\\' => i += 2,
            _ => return Some(i + 1),
        }
    }
}

/// Just past the value that starts at `at`, stepped over, not checked:
/// serde checks it when the rest of the file is parsed.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match *bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let len = bytes[at..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                .unwrap_or(bytes.len() - at);
            (len > 0).then_some(at + len)
        }
    }
}

/// Whether a story holds an unknown value nested deeper than [`DEEP`].
pub(super) fn too_deep(story: &Story) -> bool {
    let deep = |m: &serde_json::Map<String, Value>| m.values().any(|v| depth(v) > DEEP);
    deep(&story.extra)
        || story.rice.as_ref().is_some_and(|r| deep(&r.extra))
        || story.blocked.as_ref().is_some_and(|b| deep(&b.extra))
        || story.acceptance.iter().any(|c| deep(&c.extra))
}

/// How deeply arrays and objects nest in a value (a scalar: 0).
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_array_is_found_after_members_of_every_kind() {
        let text = br#"{ "a": "x\"]", "b": [1, {"c": "}"}], "n": -1.5e3, "t": true,
  "stories": [
    {"k": 1},
    {"k": 2}
  ],
  "z": null }"#;
        let (open, close) = stories_array(text).unwrap();
        assert_eq!(text[open - 1], b'[');
        assert_eq!(text[close], b']');
        assert!(
            std::str::from_utf8(&text[open..close])
                .unwrap()
                .contains("\"k\": 2")
        );
    }

    #[test]
    fn no_array_without_a_top_level_stories_member() {
        assert_eq!(
            stories_array(br#"{ "epics": [ { "stories": [] } ] }"#),
            None
        );
        assert_eq!(stories_array(br#"[ "stories", [] ]"#), None);
        assert_eq!(stories_array(br#"{ "st\u006fries": [] }"#), None);
    }

    #[test]
    fn the_cut_is_a_comma_between_two_stories() {
        let elements = b"\n    {\n      \"k\": 1\n    },\n    {\n      \"k\": 2\n    }\n  ";
        let cut = cut_point(elements).unwrap();
        assert_eq!(elements[cut], b',');
        assert_eq!(cut_point(b"\n    {\n      \"k\": 1\n    }\n  "), None);
        // The only comma straddles the middle.
        let straddles = b"\n    {\"k\": 1\n    },\n    {\"k\": 2}";
        assert_eq!(cut_point(straddles), Some(18));
    }

    #[test]
    fn nesting_is_measured_through_arrays_and_objects() {
        assert_eq!(depth(&serde_json::json!(1)), 0);
        assert_eq!(depth(&serde_json::json!({"a": [[], {"b": [1]}]})), 4);
    }
}
