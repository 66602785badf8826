//! Keys such as `S-12`, `E-3`, `SP-2`, `R-7`: a prefix and a number that is
//! never reused. Each kind counts on its own, so numbers run without gaps.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Prefix of story keys.
pub const STORY: &str = "S";
/// Prefix of epic keys.
pub const EPIC: &str = "E";
/// Prefix of sprint keys.
pub const SPRINT: &str = "SP";
/// Prefix of request keys.
pub const REQUEST: &str = "R";

/// The kinds of things that have keys, each with its own counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Story,
    Epic,
    Sprint,
    Request,
}

impl Kind {
    /// Every kind, in the file's order of counters.
    pub const ALL: [Kind; 4] = [Kind::Story, Kind::Epic, Kind::Sprint, Kind::Request];

    /// The prefix of this kind's keys: `S`, `E`, `SP` or `R`.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Story => STORY,
            Kind::Epic => EPIC,
            Kind::Sprint => SPRINT,
            Kind::Request => REQUEST,
        }
    }

    /// The field of [`NextKeys`] that counts this kind, as the file names it.
    pub fn counter_name(self) -> &'static str {
        match self {
            Kind::Story => "stories",
            Kind::Epic => "epics",
            Kind::Sprint => "sprints",
            Kind::Request => "requests",
        }
    }

    /// The kind and number of a key: `SP-2` → (`Sprint`, 2). `None` for a
    /// key without a known prefix or a number.
    pub fn of_key(key: &str) -> Option<(Kind, u64)> {
        let (prefix, _) = key.rsplit_once('-')?;
        let kind = Kind::ALL.into_iter().find(|k| k.prefix() == prefix)?;
        Some((kind, number(key)?))
    }
}

/// The number the next key of each kind gets (`next_keys` in the file).
/// Counters only grow, so a key is never handed out twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextKeys {
    #[serde(default = "first")]
    pub stories: u64,
    #[serde(default = "first")]
    pub epics: u64,
    #[serde(default = "first")]
    pub sprints: u64,
    #[serde(default = "first")]
    pub requests: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn first() -> u64 {
    1
}

impl Default for NextKeys {
    fn default() -> Self {
        NextKeys {
            stories: 1,
            epics: 1,
            sprints: 1,
            requests: 1,
            extra: Map::new(),
        }
    }
}

impl NextKeys {
    /// The counter of one kind.
    pub fn get(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Story => self.stories,
            Kind::Epic => self.epics,
            Kind::Sprint => self.sprints,
            Kind::Request => self.requests,
        }
    }

    /// The counter of one kind, to change.
    pub fn get_mut(&mut self, kind: Kind) -> &mut u64 {
        match kind {
            Kind::Story => &mut self.stories,
            Kind::Epic => &mut self.epics,
            Kind::Sprint => &mut self.sprints,
            Kind::Request => &mut self.requests,
        }
    }
}

/// The number of a key: `S-12` → 12.
pub fn number(key: &str) -> Option<u64> {
    let (_, n) = key.rsplit_once('-')?;
    n.parse().ok()
}

/// What a user typed, as a key with the given prefix: `s-12`, `S-12` and `12` all give `S-12`.
pub fn normalize(input: &str, prefix: &str) -> String {
    let input = input.trim();
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{prefix}-{input}");
    }
    input.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_keys_are_normalized() {
        assert_eq!(normalize("12", STORY), "S-12");
        assert_eq!(normalize("s-12", STORY), "S-12");
        assert_eq!(normalize(" sp-2 ", SPRINT), "SP-2");
        assert_eq!(number("SP-2"), Some(2));
        assert_eq!(number("nonsense"), None);
    }

    #[test]
    fn a_key_names_its_kind_by_its_whole_prefix() {
        assert_eq!(Kind::of_key("SP-2"), Some((Kind::Sprint, 2)));
        assert_eq!(Kind::of_key("S-12"), Some((Kind::Story, 12)));
        assert_eq!(Kind::of_key("X-1"), None);
        assert_eq!(Kind::of_key("S-x"), None);
    }
}
