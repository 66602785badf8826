//! A story in po's own layout, recognised in the file's bytes so that
//! `po list --json` can copy it instead of parsing and writing it again.
//!
//! A story po saved is laid out exactly as `encode.rs` writes it: every
//! field in the struct's order, two spaces of indent a level, strings
//! escaped as serde_json escapes them, numbers as `number::serialize`
//! writes them, times in the plain form. When a story's bytes are in that
//! layout and nothing else, the story serde reads from them is written
//! back as the same bytes (one level less indented in `list --json`); so
//! the bytes are the output, and the story never needs to be built.
//!
//! The check is strict and only ever says yes to that one form: a field
//! missing, out of order, unknown or `null` where po writes none, an escape
//! serde_json would not write (`\/`, `\u00e9`), a raw control character,
//! a number or time in any other spelling, a different indent: `None`, and
//! that story is read and written by serde as before. Whatever this
//! accepts, serde reads without error and writes back the same (the tests
//! compare the two on the sample, on random stories and in the listing's
//! tests on every kind of backlog).

use crate::model::{LEGACY_GOAL_LABEL, number, timestamp};

/// What the listing needs to know of a story it copied.
pub(super) struct Seen<'a> {
    pub key: &'a str,
    /// Just past the story's closing brace.
    pub end: usize,
}

/// Numbers with a fraction already found to be written as they are spelled
/// (a few values such as `0.5` make up nearly all of them).
#[derive(Default)]
pub(super) struct Numbers {
    known: Vec<Vec<u8>>,
}

/// Keeps the cache of spellings small: a list searched in order.
const KNOWN_AT_MOST: usize = 64;

/// An object member at the story's level (six spaces), after the first.
macro_rules! member {
    ($name:literal) => {
        concat!(",\n      \"", $name, "\": ").as_bytes()
    };
}

/// Copies the story that starts at `at` (its `{`) in `text`, an element
/// of the file's `stories` array (four spaces of indent), to `out`, with
/// `dedent` spaces fewer after each line break, if it is in po's own
/// layout and carries no legacy goal label (which a load moves elsewhere).
/// `None`, and `out` as it was, if not.
pub(super) fn copy<'a>(
    text: &'a [u8],
    at: usize,
    dedent: usize,
    numbers: &mut Numbers,
    out: &mut Vec<u8>,
) -> Option<Seen<'a>> {
    let before = out.len();
    let mut c = Cursor {
        b: text,
        at,
        numbers,
        out,
        copied: at,
        dedent,
    };
    let seen = story(&mut c);
    match seen {
        Some(key) => {
            c.out.extend_from_slice(&c.b[c.copied..c.at]);
            Some(Seen {
                // The run was checked as UTF-8 and the key has no escape.
                key: std::str::from_utf8(key).ok()?,
                end: c.at,
            })
        }
        None => {
            c.out.truncate(before);
            None
        }
    }
}

/// Steps over a story laid out as `encode.rs` writes it; its key.
fn story<'a>(c: &mut Cursor<'a, '_>) -> Option<&'a [u8]> {
    c.lit(b"{\n      \"key\": ")?;
    let key = c.plain_string()?;
    c.lit(member!("title"))?;
    c.string()?;
    c.lit(member!("as_a"))?;
    c.string()?;
    c.lit(member!("i_want"))?;
    c.string()?;
    c.lit(member!("so_that"))?;
    c.string()?;
    c.lit(member!("description"))?;
    c.string()?;
    c.lit(member!("acceptance"))?;
    if c.lit(b"[]").is_none() {
        c.lit(b"[\n        {\n          \"text\": ")?;
        loop {
            c.string()?;
            c.lit(b",\n          \"done\": ")?;
            c.word(&["true", "false"])?;
            if c.lit(b"\n        },\n        {\n          \"text\": ")
                .is_none()
            {
                c.lit(b"\n        }\n      ]")?;
                break;
            }
        }
    }
    c.lit(member!("points"))?;
    c.null().or_else(|| c.number())?;
    c.lit(member!("status"))?;
    c.quoted(&["todo", "in_progress", "done"])?;
    c.lit(member!("moscow"))?;
    c.null()
        .or_else(|| c.quoted(&["must", "should", "could", "wont"]))?;
    c.lit(member!("rice"))?;
    c.null().or_else(|| {
        c.lit(b"{\n        \"reach\": ")?;
        c.number()?;
        c.lit(b",\n        \"impact\": ")?;
        c.number()?;
        c.lit(b",\n        \"confidence\": ")?;
        c.number()?;
        c.lit(b",\n        \"effort\": ")?;
        c.number()?;
        c.lit(b"\n      }")
    })?;
    c.lit(member!("epic"))?;
    c.null().or_else(|| c.string().map(drop))?;
    c.lit(member!("sprint"))?;
    c.null().or_else(|| c.string().map(drop))?;
    c.lit(member!("labels"))?;
    c.strings(|label| label != LEGACY_GOAL_LABEL.as_bytes())?;
    c.lit(member!("requested_by"))?;
    c.string()?;
    c.lit(member!("depends_on"))?;
    c.strings(|_| true)?;
    c.lit(member!("created"))?;
    c.time()?;
    c.lit(member!("updated"))?;
    c.time()?;
    c.lit(member!("done_at"))?;
    c.null().or_else(|| c.time())?;
    // Written only when set (and a history only when not empty), so a
    // `null` or `[]` here would not be written back.
    if c.lit(member!("source")).is_some() {
        c.string()?;
    }
    if c.lit(member!("status_history")).is_some() {
        c.lit(b"[\n        {\n          \"status\": ")?;
        loop {
            c.quoted(&["todo", "in_progress", "done"])?;
            c.lit(b",\n          \"at\": ")?;
            c.time()?;
            if c.lit(b"\n        },\n        {\n          \"status\": ")
                .is_none()
            {
                c.lit(b"\n        }\n      ]")?;
                break;
            }
        }
    }
    if c.lit(member!("request")).is_some() {
        c.string()?;
    }
    if c.lit(member!("split_from")).is_some() {
        c.string()?;
    }
    if c.lit(member!("assignee")).is_some() {
        c.string()?;
    }
    if c.lit(member!("blocked")).is_some() {
        c.lit(b"{\n        \"reason\": ")?;
        c.string()?;
        c.lit(b",\n        \"since\": ")?;
        c.time()?;
        c.lit(b"\n      }")?;
    }
    c.lit(b"\n    }")?;
    Some(key)
}

struct Cursor<'a, 'o> {
    b: &'a [u8],
    at: usize,
    numbers: &'o mut Numbers,
    out: &'o mut Vec<u8>,
    /// The input before this is in `out` already.
    copied: usize,
    /// Spaces to drop after each line break.
    dedent: usize,
}

impl<'a> Cursor<'a, '_> {
    /// Exactly these bytes next (nothing consumed if not). A line break in
    /// them is followed by at least four spaces of indent, of which the
    /// copy drops `dedent`. Always inlined: each literal is a constant, so
    /// the comparison and the search for line breaks fold into a few
    /// instructions (a call to `memcmp` and `memchr` per literal cost more
    /// than the rest of the check).
    #[inline(always)]
    fn lit(&mut self, s: &[u8]) -> Option<()> {
        let end = self.at + s.len();
        if self.b.get(self.at..end)? != s {
            return None;
        }
        if self.dedent > 0 {
            for (i, &byte) in s.iter().enumerate() {
                if byte == b'\n' {
                    let nl = self.at + i;
                    self.out.extend_from_slice(&self.b[self.copied..=nl]);
                    self.copied = nl + 1 + self.dedent;
                }
            }
        }
        self.at = end;
        Some(())
    }

    fn null(&mut self) -> Option<()> {
        self.lit(b"null")
    }

    /// One of `words`, bare.
    fn word(&mut self, words: &[&str]) -> Option<()> {
        words.iter().find_map(|w| self.lit(w.as_bytes()))
    }

    /// One of `words`, quoted.
    fn quoted(&mut self, words: &[&str]) -> Option<()> {
        let at = self.at;
        let found = self.lit(b"\"").and_then(|()| self.word(words));
        found.and_then(|()| self.lit(b"\"")).or_else(|| {
            self.at = at;
            None
        })
    }

    /// A string escaped exactly as serde_json escapes it: its bytes
    /// between the quotes, escapes and all.
    fn string(&mut self) -> Option<&'a [u8]> {
        if self.b.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        let mut at = start;
        loop {
            let end = at + memchr::memchr2(b'"', b'\\', self.b.get(at..)?)?;
            if has_control(&self.b[at..end]) {
                return None;
            }
            if self.b[end] == b'"' {
                self.at = end + 1;
                return Some(&self.b[start..end]);
            }
            at = end + serde_escape(self.b.get(end..)?)?;
        }
    }

    /// A string without escapes (a key, which the listing reads as it is).
    fn plain_string(&mut self) -> Option<&'a [u8]> {
        let at = self.at;
        let s = self.string()?;
        if memchr::memchr(b'\\', s).is_some() {
            self.at = at;
            return None;
        }
        Some(s)
    }

    /// A time in the plain form, quoted.
    fn time(&mut self) -> Option<()> {
        let at = self.at;
        let s = self.string()?;
        if timestamp::is_plain(s) {
            return Some(());
        }
        self.at = at;
        None
    }

    /// A number as `number::serialize` writes the value it reads as.
    fn number(&mut self) -> Option<()> {
        let rest = self.b.get(self.at..)?;
        let len = rest
            .iter()
            .position(|b| matches!(b, b',' | b'\n' | b'}' | b']'))?;
        let token = &rest[..len];
        let written_so = match token {
            [b'0'] => true,
            // A whole number below 2^53 in digits, as written.
            [b'1'..=b'9', rest @ ..] if rest.len() < 15 && rest.iter().all(u8::is_ascii_digit) => {
                true
            }
            _ => self.numbers.known.iter().any(|k| k == token) || self.check_number(token),
        };
        written_so.then(|| self.at += len)
    }

    /// Reads the number and writes it as the file would: the same bytes?
    fn check_number(&mut self, token: &[u8]) -> bool {
        let Some(value) = std::str::from_utf8(token)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
        else {
            return false;
        };
        let mut written = Vec::with_capacity(24);
        let same = number::serialize(&value, &mut serde_json::Serializer::new(&mut written))
            .is_ok()
            && written == token;
        if same && self.numbers.known.len() < KNOWN_AT_MOST {
            self.numbers.known.push(token.to_vec());
        }
        same
    }

    /// An array of strings at the story's level, each passing `ok`.
    fn strings(&mut self, ok: impl Fn(&[u8]) -> bool) -> Option<()> {
        if self.lit(b"[]").is_some() {
            return Some(());
        }
        self.lit(b"[\n        ")?;
        loop {
            if !ok(self.string()?) {
                return None;
            }
            if self.lit(b",\n        ").is_none() {
                return self.lit(b"\n      ]");
            }
        }
    }
}

/// The length of the escape at the start of `s` if serde_json writes it so:
/// `\"`, `\\`, the short escapes of five control characters, and `\u00xx`
/// (lower-case hex) for the other control characters. serde_json escapes
/// nothing else, so any other escape (`\/`, `\u00e9`) is not its spelling.
fn serde_escape(s: &[u8]) -> Option<usize> {
    match s {
        [b'\\', b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't', ..] => Some(2),
        [b'\\', b'u', b'0', b'0', hi @ (b'0' | b'1'), lo, ..] => {
            let digit = match lo {
                b'0'..=b'9' => lo - b'0',
                b'a'..=b'f' => lo - b'a' + 10,
                _ => return None,
            };
            let code = (hi - b'0') * 16 + digit;
            // These five have short escapes.
            (!matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)).then_some(6)
        }
        _ => None,
    }
}

/// Whether `s` holds a control character, which a JSON string cannot hold
/// raw (and serde_json writes escaped). Checked in blocks without an early
/// exit inside, which the compiler turns into vector instructions.
fn has_control(s: &[u8]) -> bool {
    s.chunks(32)
        .any(|block| block.iter().fold(false, |found, &b| found | (b < 0x20)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sample;
    use crate::store::split::{skip_space, stories_array};

    #[test]
    fn every_story_of_a_sample_is_copied_as_serde_writes_it() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let backlog = sample::generate("S", 400, 11, today);
        let bytes = crate::store::encode(&backlog).unwrap();
        let (mut at, _) = stories_array(&bytes).unwrap();
        let mut numbers = Numbers::default();
        for story in &backlog.stories {
            at = skip_space(&bytes, at);
            for (dedent, depth) in [(2, 1), (0, 2)] {
                let mut out = b"...".to_vec();
                let seen = copy(&bytes, at, dedent, &mut numbers, &mut out).unwrap_or_else(|| {
                    panic!("{}", String::from_utf8_lossy(&bytes[at..at + 2500]))
                });
                assert_eq!(seen.key, story.key);
                // serde's story, indented as an element `depth` deep.
                let pretty = serde_json::to_string_pretty(&**story).unwrap();
                let indent = format!("\n{}", "  ".repeat(depth));
                let expected = format!("...{}", pretty.replace('\n', &indent));
                assert_eq!(String::from_utf8(out).unwrap(), expected);
                assert_eq!(bytes[seen.end - 1], b'}');
                if depth == 2 {
                    at = seen.end + 1;
                }
            }
        }
    }

    #[test]
    fn numbers_are_taken_only_as_po_writes_them() {
        let mut numbers = Numbers::default();
        let mut ok = |token: &str| {
            let text = format!("{token},");
            let mut out = Vec::new();
            let mut c = Cursor {
                b: text.as_bytes(),
                at: 0,
                numbers: &mut numbers,
                out: &mut out,
                copied: 0,
                dedent: 0,
            };
            c.number().is_some() && c.at == token.len()
        };
        for good in ["0", "3", "120", "0.5", "1.5", "0.3", "123456789012345"] {
            assert!(ok(good), "{good}");
        }
        for bad in [
            "-1",
            "-0",
            "3.0",
            "1e2",
            "1E2",
            ".5",
            "1.",
            "+1",
            "05",
            "0.50",
            "NaN",
            "inf",
            "9007199254740993",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        // Known spellings are remembered, and stay right.
        assert!(ok("0.5") && !ok("0.50"));
    }

    #[test]
    fn strings_are_taken_only_as_serde_json_escapes_them() {
        let mut numbers = Numbers::default();
        let mut string = |text: &[u8]| {
            let mut out = Vec::new();
            let mut c = Cursor {
                b: text,
                at: 0,
                numbers: &mut numbers,
                out: &mut out,
                copied: 0,
                dedent: 0,
            };
            c.string().map(<[u8]>::to_vec)
        };
        assert_eq!(
            string(b"\"plain \xc3\xa9\""),
            Some("plain é".as_bytes().to_vec())
        );
        for spelled in [
            &b"a \\\" quote \\\\ \\n\\t\\r\\b\\f"[..],
            b"\\u0000\\u001f\\u000b",
        ] {
            let text = [&b"\""[..], spelled, b"\""].concat();
            assert_eq!(string(&text), Some(spelled.to_vec()));
            // And serde_json reads it back to what it writes.
            let read: String = serde_json::from_slice(&text).unwrap();
            assert_eq!(serde_json::to_vec(&read).unwrap(), text);
        }
        for other in [
            &br#""\/""#[..],
            br#""\u00e9""#,
            br#""\u000A""#,
            br#""\u000a""#,
            br#""\x""#,
        ] {
            assert_eq!(string(other), None, "{}", String::from_utf8_lossy(other));
        }
        assert_eq!(string(b"\"a\ttab\""), None);
        assert_eq!(string(b"\"unterminated"), None);
    }
}
