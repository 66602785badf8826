//! The Definition of Ready: the rules a story must pass before it is
//! planned into a sprint, each failure a [`Reason`] with a stable name (for
//! scripts: `po check --ready --json`, `po list --json --computed`) and the
//! field that fixes it (for the TUI's refinement queue).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use super::{Backlog, Status, Story, number};

/// Points above which a story is too big to plan: split it. 13 is the
/// largest size most teams still plan (the Fibonacci scale's last before 20).
pub const MAX_POINTS: f64 = 13.0;

/// Words that say a story is not thought through yet, as they are shown.
/// Matched whole (word boundaries) and case-insensitively.
pub const VAGUE_WORDS: &[&str] = &["etc.", "and/or", "TBD", "somehow"];

/// The limits the rules apply: [`MAX_POINTS`] and [`VAGUE_WORDS`] unless
/// config.toml's `[ready]` says otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    pub max_points: f64,
    /// As the user wrote them (and as reasons show them).
    pub vague_words: &'static [&'static str],
    /// The same words lower-cased once, so that judging 100,000 stories
    /// does not lower-case a word per text.
    lower_words: &'static [&'static str],
}

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets this process's limits from the user's settings. Called once, at
/// start, before any story is judged (every view and command asks so often
/// that passing them down would reach half the code); a later call is
/// ignored, so the rules never change under a running session.
pub fn configure(max_points: f64, vague_words: &[String]) {
    // Leaked once per process, to be `'static` like the defaults.
    let words: Vec<&'static str> = vague_words
        .iter()
        .map(|w| &*Box::leak(w.trim().to_lowercase().into_boxed_str()))
        .filter(|w| !w.is_empty())
        .collect();
    let _ = LIMITS.set(Limits {
        max_points,
        lower_words: lowered(&words),
        vague_words: Box::leak(words.into_boxed_slice()),
    });
}

/// The limits in effect.
pub fn limits() -> Limits {
    *LIMITS.get_or_init(|| Limits {
        max_points: MAX_POINTS,
        vague_words: VAGUE_WORDS,
        lower_words: lowered(VAGUE_WORDS),
    })
}

/// Words lower-cased and leaked (once per process), in the order given.
fn lowered<S: AsRef<str>>(words: &[S]) -> &'static [&'static str] {
    let words: Vec<&'static str> = words
        .iter()
        .map(|w| w.as_ref().trim())
        .filter(|w| !w.is_empty())
        .map(|w| &*Box::leak(w.to_lowercase().into_boxed_str()))
        .collect();
    Box::leak(words.into_boxed_slice())
}

/// How many open stories from the top `po check --ready` checks when not
/// told: about two sprints of work, what a team refines ahead.
pub const DEFAULT_TOP: usize = 10;

/// A part of the user-story sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    AsA,
    IWant,
    SoThat,
}

impl Part {
    /// How the sentence reads it: "as a".
    pub fn words(self) -> &'static str {
        match self {
            Part::AsA => "as a",
            Part::IWant => "I want",
            Part::SoThat => "so that",
        }
    }

    /// The field holding it.
    pub fn field(self) -> Field {
        match self {
            Part::AsA => Field::AsA,
            Part::IWant => Field::IWant,
            Part::SoThat => Field::SoThat,
        }
    }
}

/// A field of a story that a reason points at: where the fix goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "index")]
pub enum Field {
    Title,
    AsA,
    IWant,
    SoThat,
    Description,
    Points,
    /// The acceptance criteria; `Some(i)` is criterion `i` (0-based).
    Criteria(Option<usize>),
    DependsOn,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Title => f.write_str("title"),
            Field::AsA => f.write_str("as a"),
            Field::IWant => f.write_str("I want"),
            Field::SoThat => f.write_str("so that"),
            Field::Description => f.write_str("description"),
            Field::Points => f.write_str("points"),
            Field::Criteria(None) => f.write_str("acceptance criteria"),
            Field::Criteria(Some(i)) => write!(f, "criterion {}", i + 1),
            Field::DependsOn => f.write_str("depends on"),
        }
    }
}

/// A vague word and where it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VagueWord {
    pub word: &'static str,
    pub field: Field,
}

/// Why a story is not ready. [`Reason::name`] is stable.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum Reason {
    /// Parts of "As a …, I want …, so that …" are empty.
    StoryParts { missing: Vec<Part> },
    /// No acceptance criterion: nobody can say when it is done.
    NoCriteria,
    /// No points.
    Unestimated,
    /// More points than [`MAX_POINTS`]: split it.
    TooBig { points: f64, limit: f64 },
    /// It depends on open stories ranked below it: they would come later.
    DependsOnLower { keys: Vec<String> },
    /// Its text has words from [`VAGUE_WORDS`].
    VagueWords { found: Vec<VagueWord> },
}

impl Reason {
    /// The rule's stable name, for scripts.
    pub fn name(&self) -> &'static str {
        match self {
            Reason::StoryParts { .. } => "story_parts",
            Reason::NoCriteria => "no_criteria",
            Reason::Unestimated => "unestimated",
            Reason::TooBig { .. } => "too_big",
            Reason::DependsOnLower { .. } => "depends_on_lower",
            Reason::VagueWords { .. } => "vague_words",
        }
    }

    /// A short label, the same for every story failing the rule.
    pub fn label(&self) -> &'static str {
        match self {
            Reason::StoryParts { .. } => "incomplete user story",
            Reason::NoCriteria => "no acceptance criteria",
            Reason::Unestimated => "no estimate",
            Reason::TooBig { .. } => "too big",
            Reason::DependsOnLower { .. } => "depends on a story ranked below",
            Reason::VagueWords { .. } => "vague words",
        }
    }

    /// The field where the fix goes.
    pub fn field(&self) -> Field {
        match self {
            Reason::StoryParts { missing } => missing.first().map_or(Field::AsA, |p| p.field()),
            Reason::NoCriteria => Field::Criteria(None),
            Reason::Unestimated | Reason::TooBig { .. } => Field::Points,
            Reason::DependsOnLower { .. } => Field::DependsOn,
            Reason::VagueWords { found } => found.first().map_or(Field::Title, |v| v.field),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::StoryParts { missing } => {
                let parts: Vec<String> = missing
                    .iter()
                    .map(|p| format!("\"{}\"", p.words()))
                    .collect();
                write!(f, "no {} in the user story", parts.join(", "))
            }
            Reason::NoCriteria | Reason::Unestimated => f.write_str(self.label()),
            Reason::TooBig { points, limit } => write!(
                f,
                "too big: {} points (more than {}): split it",
                number::display(*points),
                number::display(*limit)
            ),
            Reason::DependsOnLower { keys } => {
                write!(f, "depends on {} ranked below it", keys.join(", "))
            }
            Reason::VagueWords { found } => {
                let words: Vec<String> = found
                    .iter()
                    .map(|v| format!("\"{}\" ({})", v.word, v.field))
                    .collect();
                write!(f, "vague: {}", words.join(", "))
            }
        }
    }
}

/// Why a story is not ready by its own fields (every rule but the ranking
/// of its dependencies, which needs the backlog): empty when it is ready.
pub fn story_reasons(story: &Story) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let missing: Vec<Part> = [
        (Part::AsA, &story.as_a),
        (Part::IWant, &story.i_want),
        (Part::SoThat, &story.so_that),
    ]
    .into_iter()
    .filter(|(_, text)| text.trim().is_empty())
    .map(|(part, _)| part)
    .collect();
    if !missing.is_empty() {
        reasons.push(Reason::StoryParts { missing });
    }
    if story.acceptance.is_empty() {
        reasons.push(Reason::NoCriteria);
    }
    match story.points {
        None => reasons.push(Reason::Unestimated),
        Some(points) if points > limits().max_points => reasons.push(Reason::TooBig {
            points,
            limit: limits().max_points,
        }),
        Some(_) => {}
    }
    let found = vague_words(story);
    if !found.is_empty() {
        reasons.push(Reason::VagueWords { found });
    }
    reasons
}

/// Whether a story passes every rule on its own fields; the same test as
/// [`story_reasons`] without building the list (it runs per story and per row).
pub fn story_is_ready(story: &Story) -> bool {
    !story.as_a.trim().is_empty()
        && !story.i_want.trim().is_empty()
        && !story.so_that.trim().is_empty()
        && !story.acceptance.is_empty()
        && story.points.is_some_and(|p| p <= limits().max_points)
        && !texts(story).any(|(_, text)| has_vague(text))
}

/// Every reason, the dependency rule included. `dep` tells, for a key the
/// story depends on, its rank index and whether it is still open (`None`
/// when there is no such story).
pub fn reasons(
    story: &Story,
    index: usize,
    dep: impl Fn(&str) -> Option<(usize, bool)>,
) -> Vec<Reason> {
    let mut reasons = story_reasons(story);
    let keys = lower_dependencies(story, index, dep);
    if !keys.is_empty() {
        // After the fields' own rules and before the wording: the order the
        // queue shows, which is the order a refinement usually goes.
        let at = reasons
            .iter()
            .position(|r| matches!(r, Reason::VagueWords { .. }))
            .unwrap_or(reasons.len());
        reasons.insert(at, Reason::DependsOnLower { keys });
    }
    reasons
}

/// The open stories `story` (at rank index `index`) depends on that are
/// ranked below it.
pub fn lower_dependencies(
    story: &Story,
    index: usize,
    dep: impl Fn(&str) -> Option<(usize, bool)>,
) -> Vec<String> {
    story
        .depends_on
        .iter()
        .filter(|d| dep(d).is_some_and(|(at, open)| open && at > index))
        .cloned()
        .collect()
}

/// The text fields a vague word can hide in, with the field each is.
fn texts(story: &Story) -> impl Iterator<Item = (Field, &str)> {
    [
        (Field::Title, story.title.as_str()),
        (Field::AsA, story.as_a.as_str()),
        (Field::IWant, story.i_want.as_str()),
        (Field::SoThat, story.so_that.as_str()),
        (Field::Description, story.description.as_str()),
    ]
    .into_iter()
    .chain(
        story
            .acceptance
            .iter()
            .enumerate()
            .map(|(i, c)| (Field::Criteria(Some(i)), c.text.as_str())),
    )
}

/// Every vague word in the story, once per field, in field order.
pub fn vague_words(story: &Story) -> Vec<VagueWord> {
    let limits = limits();
    let mut found = Vec::new();
    for (field, text) in texts(story) {
        let haystack = lower(text);
        for (word, lower_word) in limits.vague_words.iter().zip(limits.lower_words) {
            if contains_lower_word(&haystack, lower_word) {
                found.push(VagueWord { word, field });
            }
        }
    }
    found
}

/// Whether a text holds any vague word: the text is lower-cased once for
/// all the words (opening 100,000 stories judges every one).
fn has_vague(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    let haystack = lower(text);
    limits()
        .lower_words
        .iter()
        .any(|w| contains_lower_word(&haystack, w))
}

/// Whether `word` occurs in `text` as a whole word, ignoring case: not
/// inside a longer word ("tbd" is not in "tbdx"), so a word ending in
/// punctuation ("etc.") still needs no letter or digit right after it.
pub fn contains_word(text: &str, word: &str) -> bool {
    contains_lower_word(&lower(text), &lower(word))
}

/// A text lower-cased for [`contains_lower_word`], borrowed when it has no
/// upper case.
fn lower(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        // Lower-casing ASCII keeps byte offsets, so boundaries read the same.
        if !text.bytes().any(|b| b.is_ascii_uppercase()) {
            text.into()
        } else {
            text.to_ascii_lowercase().into()
        }
    } else {
        text.to_lowercase().into()
    }
}

/// [`contains_word`] for a haystack and word both lower-cased already.
fn contains_lower_word(haystack: &str, word: &str) -> bool {
    let is_word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut from = 0;
    while let Some(at) = haystack[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        let starts_word = !word.starts_with(|c: char| c.is_alphanumeric()) || !is_word_char(before);
        let ends_word = !word.ends_with(|c: char| c.is_alphanumeric()) || !is_word_char(after);
        if starts_word && ends_word {
            return true;
        }
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Where each story stands and whether it is open, by key: what the
/// dependency rule asks of the backlog. Built in one pass.
pub struct Ranks<'a>(HashMap<&'a str, (usize, bool)>);

impl<'a> Ranks<'a> {
    /// Every story of the backlog.
    pub fn of(backlog: &'a Backlog) -> Self {
        Ranks(
            backlog
                .stories
                .iter()
                .enumerate()
                .map(|(i, s)| (s.key.as_str(), (i, s.status != Status::Done)))
                .collect(),
        )
    }

    /// The rank index of a story and whether it is open.
    pub fn get(&self, key: &str) -> Option<(usize, bool)> {
        self.0.get(key).copied()
    }
}

/// An open story that is not ready, with its reasons.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotReadyStory {
    pub key: String,
    /// Its rank among every story (1 = top).
    pub rank: usize,
    pub title: String,
    pub reasons: Vec<Reason>,
}

/// The readiness of the top of the backlog: what `po check --ready` and the
/// refinement queue show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadyCheck {
    /// How many open stories from the top were checked.
    pub checked: usize,
    /// Those of them not ready, in rank order.
    pub not_ready: Vec<NotReadyStory>,
}

impl Backlog {
    /// The refinement queue: the highest-ranked open stories that are not
    /// ready, at most `limit` of them, and how many there are in all.
    pub fn refinement_queue(&self, limit: usize) -> (Vec<NotReadyStory>, usize) {
        let mut check = self.ready_check(None);
        let total = check.not_ready.len();
        check.not_ready.truncate(limit);
        (check.not_ready, total)
    }

    /// Checks the top `top` open stories (all of them when `None`) against
    /// the Definition of Ready.
    pub fn ready_check(&self, top: Option<usize>) -> ReadyCheck {
        let ranks = Ranks::of(self);
        let mut check = ReadyCheck {
            checked: 0,
            not_ready: Vec::new(),
        };
        let open = self
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status != Status::Done)
            .take(top.unwrap_or(usize::MAX));
        for (index, story) in open {
            check.checked += 1;
            let reasons = reasons(story, index, |k| ranks.get(k));
            if !reasons.is_empty() {
                check.not_ready.push(NotReadyStory {
                    key: story.key.clone(),
                    rank: index + 1,
                    title: story.title.clone(),
                    reasons,
                });
            }
        }
        check
    }
}

#[cfg(test)]
mod tests;
