//! Unknown fields in the spelling the file gave them.
//!
//! serde_json keeps every digit of a number (po enables its
//! `arbitrary_precision`), but it writes an exponent in one spelling (`1e+2`
//! for `1e2` or `1E2`), writes strings with its own escapes (`é` for
//! `\u00e9`), and an object that gives a key twice keeps only the last. For
//! fields po does not know, the file's own text is the truth: a newer po or
//! another tool may depend on it. So when a file has unknown fields, the
//! load notes every member whose text serde_json would write differently,
//! and the encoder writes that text back (in po's layout) wherever an equal
//! value is written under the same field name.
//!
//! Keyed by content rather than by place, the notes need no bookkeeping when
//! stories move, are added or are deleted, and a value that was changed is no
//! longer equal, so it is written in serde_json's spelling, as any new value.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::model::{Backlog, Story};

/// The file's own text for members serde_json would respell, keyed by the
/// field name and serde_json's compact text of the value.
#[derive(Debug, Default, Clone)]
pub struct Spellings(HashMap<(String, String), Box<str>>);

impl Spellings {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The file's text for `value` under `field`, if it had its own.
    pub fn get(&self, field: &str, value: &Value) -> Option<&str> {
        let normal = serde_json::to_string(value).ok()?;
        self.0.get(&(field.to_owned(), normal)).map(|text| &**text)
    }

    /// Notes `raw` under `field` when serde_json would write it differently.
    fn note_if_respelled(&mut self, field: &str, raw: &RawValue) {
        let Ok(value) = serde_json::from_str::<Value>(raw.get()) else {
            return;
        };
        let Ok(normal) = serde_json::to_string(&value) else {
            return;
        };
        if compact(raw.get()) != normal {
            self.0.insert((field.to_owned(), normal), raw.get().into());
        }
    }
}

/// The spellings to keep for a file just parsed into `backlog`. Costs nothing
/// beyond a walk of the stories when the file has no unknown fields; else it
/// reads the file's text again, entering only the entities that have some.
pub fn collect(bytes: &[u8], backlog: &Backlog) -> Spellings {
    let mut found = Spellings::default();
    if !has_unknown_fields(backlog) {
        return found;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return found;
    };
    let text = text.trim_start_matches('\u{feff}');
    let Ok(top) = serde_json::from_str::<Members>(text) else {
        return found;
    };
    for (field, raw) in &top.0 {
        if !ENTITY_LISTS.contains(&field.as_str()) {
            member(field, raw, &mut found);
            continue;
        }
        if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
            for (i, item) in items.into_iter().enumerate() {
                if entity_has_unknown(backlog, field, i) {
                    object_members(item, &mut found);
                }
            }
        }
    }
    found
}

/// The backlog's lists of entities: large, so only entities with unknown
/// fields of their own are entered.
const ENTITY_LISTS: [&str; 4] = ["epics", "stories", "sprints", "requests"];

fn entity_has_unknown(backlog: &Backlog, list: &str, i: usize) -> bool {
    match list {
        "epics" => backlog.epics.get(i).is_some_and(|e| !e.extra.is_empty()),
        "stories" => backlog.stories.get(i).is_some_and(|s| story_has_unknown(s)),
        "sprints" => backlog.sprints.get(i).is_some_and(|s| !s.extra.is_empty()),
        "requests" => backlog.requests.get(i).is_some_and(|r| !r.extra.is_empty()),
        _ => false,
    }
}

/// Whether any entity of the backlog kept fields po does not know.
fn has_unknown_fields(backlog: &Backlog) -> bool {
    !backlog.extra.is_empty()
        || !backlog.product.extra.is_empty()
        || !backlog.next_keys.extra.is_empty()
        || backlog.epics.iter().any(|e| !e.extra.is_empty())
        || backlog.stories.iter().any(|s| story_has_unknown(s))
        || backlog.sprints.iter().any(|s| !s.extra.is_empty())
        || backlog.requests.iter().any(|r| !r.extra.is_empty())
}

fn story_has_unknown(story: &Story) -> bool {
    !story.extra.is_empty()
        || story.rice.as_ref().is_some_and(|r| !r.extra.is_empty())
        || story.acceptance.iter().any(|c| !c.extra.is_empty())
}

/// One member of an object. An object without repeated keys is entered, as
/// the encoder writes its members one by one; anything else is noted whole.
fn member(field: &str, raw: &RawValue, found: &mut Spellings) {
    match raw.get().as_bytes().first() {
        Some(b'{') => {
            if !object_members(raw, found) {
                found.note_if_respelled(field, raw);
            }
        }
        Some(b'[') => {
            if !array_elements(raw, found) {
                found.note_if_respelled(field, raw);
            }
        }
        _ => found.note_if_respelled(field, raw),
    }
}

/// Enters an object's members; `false` when it repeats a key, which only
/// the whole object's text can keep.
fn object_members(raw: &RawValue, found: &mut Spellings) -> bool {
    let Ok(members) = serde_json::from_str::<Members>(raw.get()) else {
        return true;
    };
    let mut seen = HashSet::new();
    if !members
        .0
        .iter()
        .all(|(field, _)| seen.insert(field.as_str()))
    {
        return false;
    }
    for (field, value) in &members.0 {
        member(field, value, found);
    }
    true
}

/// Enters an array's objects; `false` when an element other than an object
/// with distinct keys is spelled differently, which only the whole array's
/// text can keep (elements have no field name to find them by).
fn array_elements(raw: &RawValue, found: &mut Spellings) -> bool {
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        return true;
    };
    let mut kept = true;
    for item in items {
        let entered = item.get().starts_with('{') && object_members(item, found);
        if !entered && respelled(item) {
            kept = false;
        }
    }
    kept
}

fn respelled(raw: &RawValue) -> bool {
    let mut probe = Spellings::default();
    probe.note_if_respelled("", raw);
    !probe.is_empty()
}

/// JSON text without the white space between tokens.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// An object's members in file order, repeated keys included.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for MembersVisitor<'a> {
            type Value = Members<'a>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Members<'a>, M::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(MembersVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_white_space_inside_strings() {
        assert_eq!(
            compact("{ \"a b\" : [1, \"c \\\" d\"] }"),
            "{\"a b\":[1,\"c \\\" d\"]}"
        );
    }

    #[test]
    fn only_members_serde_json_would_respell_are_noted() {
        let raw: Box<RawValue> =
            serde_json::from_str(r#"{"same": 1e+2, "upper": 1E2, "list": [1e2], "esc": "\u00e9", "dup": {"a": 1, "a": 2}, "deep": {"x": 2E-3}}"#)
                .unwrap();
        let mut found = Spellings::default();
        assert!(object_members(&raw, &mut found));
        let fields: HashSet<&str> = found.0.keys().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, HashSet::from(["upper", "list", "esc", "dup", "x"]));
        let upper = serde_json::from_str::<Value>("1E2").unwrap();
        assert_eq!(found.get("upper", &upper), Some("1E2"));
        // Under another name, or with another value, the spelling is not used.
        assert_eq!(found.get("other", &upper), None);
        assert_eq!(found.get("upper", &Value::from(3)), None);
    }
}
