//! RICE prioritization: validating the four inputs, the score, and how the
//! score's ranking compares with the hand ranking (the ↑7 / ↓12 markers).
//!
//! The hand rank stays the truth: nothing here reorders a backlog. The
//! score rank is advice, shown next to it.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use super::reordering::Reason;
use super::{Backlog, Change, ModelError, Reordering, Rice, Status, Story};

/// The impacts RICE allows: minimal, low, medium, high, massive.
pub const IMPACTS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 3.0];

/// A story gets a marker when its score rank and its hand rank differ by
/// more than this many places: smaller differences are noise in estimates.
pub const MARKER_THRESHOLD: usize = 5;

/// One of the four RICE inputs, named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiceField {
    Reach,
    Impact,
    Confidence,
    Effort,
}

impl RiceField {
    /// The four inputs in the order of the name.
    pub const ALL: [RiceField; 4] = [
        RiceField::Reach,
        RiceField::Impact,
        RiceField::Confidence,
        RiceField::Effort,
    ];

    /// The field's name as people read it.
    pub fn name(self) -> &'static str {
        match self {
            RiceField::Reach => "reach",
            RiceField::Impact => "impact",
            RiceField::Confidence => "confidence",
            RiceField::Effort => "effort",
        }
    }

    /// The field's value in a set of inputs.
    pub fn get(self, rice: &Rice) -> f64 {
        match self {
            RiceField::Reach => rice.reach,
            RiceField::Impact => rice.impact,
            RiceField::Confidence => rice.confidence,
            RiceField::Effort => rice.effort,
        }
    }

    /// Sets the field's value in a set of inputs.
    pub fn set(self, rice: &mut Rice, value: f64) {
        match self {
            RiceField::Reach => rice.reach = value,
            RiceField::Impact => rice.impact = value,
            RiceField::Confidence => rice.confidence = value,
            RiceField::Effort => rice.effort = value,
        }
    }
}

/// A RICE input refused, with the field it was for and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiceError {
    pub field: RiceField,
    pub message: String,
}

impl fmt::Display for RiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RICE {}: {}", self.field.name(), self.message)
    }
}

impl std::error::Error for RiceError {}

fn refuse(field: RiceField, message: String) -> RiceError {
    RiceError { field, message }
}

/// Parses what a user typed for one input and checks it; confidence comes
/// back as a fraction (see [`normalize_confidence`]). A trailing `%` is
/// accepted for confidence only.
pub fn parse(field: RiceField, typed: &str) -> Result<f64, RiceError> {
    let text = typed.trim();
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) if field == RiceField::Confidence => (n.trim(), true),
        _ => (text, false),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| refuse(field, format!("'{text}' is not a number")))?;
    if percent && value.is_finite() {
        return check_confidence_percent(value);
    }
    check(field, value)
}

/// Checks one input's value; confidence is normalised to a fraction.
pub fn check(field: RiceField, value: f64) -> Result<f64, RiceError> {
    if !value.is_finite() {
        return Err(refuse(field, "must be a finite number".to_string()));
    }
    match field {
        RiceField::Reach if value < 0.0 => {
            Err(refuse(field, format!("must be 0 or more, not {value}")))
        }
        RiceField::Impact if !IMPACTS.contains(&value) => Err(refuse(
            field,
            format!("must be one of 0.25, 0.5, 1, 2, 3, not {value}"),
        )),
        RiceField::Confidence => normalize_confidence(value),
        RiceField::Effort if value <= 0.0 => {
            Err(refuse(field, format!("must be more than 0, not {value}")))
        }
        _ => Ok(value),
    }
}

/// Confidence as a fraction: a value from 0 to 1 is a fraction already
/// (0.8 = 80%, 1 = 100%); above 1 and up to 100 it is a percentage (80 =
/// 80%). Everything that reads or takes a confidence goes through here, so
/// "80" means the same in the CLI, the TUI, an import and the file.
pub fn normalize_confidence(value: f64) -> Result<f64, RiceError> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else if value.is_finite() && value > 1.0 && value <= 100.0 {
        Ok(value / 100.0)
    } else {
        Err(refuse(
            RiceField::Confidence,
            format!(
                "must be between 0 and 1 or 0% and 100%, not {}",
                super::number::display(value)
            ),
        ))
    }
}

fn check_confidence_percent(value: f64) -> Result<f64, RiceError> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(value / 100.0)
    } else {
        Err(refuse(
            RiceField::Confidence,
            format!("must be between 0% and 100%, not {value}%"),
        ))
    }
}

/// Checks a whole set of inputs and returns it with confidence normalised.
/// The first bad input is named.
pub fn validate(rice: &Rice) -> Result<Rice, RiceError> {
    let mut out = rice.clone();
    for field in RiceField::ALL {
        let value = check(field, field.get(rice))?;
        field.set(&mut out, value);
    }
    Ok(out)
}

/// The score reach × impact × confidence / effort, or `None` when an input
/// is invalid (a hand-edited file) or the result would not be a finite
/// number: a score is never NaN or infinity.
pub fn score(rice: &Rice) -> Option<f64> {
    let rice = validate(rice).ok()?;
    let score = rice.reach * rice.impact * rice.confidence / rice.effort;
    score.is_finite().then_some(score)
}

/// The score of a story, if it has valid RICE inputs.
pub fn story_score(story: &Story) -> Option<f64> {
    story.rice.as_ref().and_then(score)
}

/// Whether a story takes part in the score ranking: open, with a score.
fn ranked(story: &Story) -> Option<f64> {
    if story.status == Status::Done {
        None
    } else {
        story_score(story)
    }
}

/// A story's place in both rankings, among the open stories with a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranks {
    /// 1-based place in backlog order.
    pub hand: usize,
    /// 1-based place by score, highest first; ties keep backlog order.
    pub score: usize,
}

impl Ranks {
    /// The marker when the ranks differ by more than the threshold.
    pub fn marker(self) -> Option<Marker> {
        marker(self.hand, self.score, MARKER_THRESHOLD)
    }
}

/// Where the score would put a story compared with the hand rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// The score ranks it this many places higher: "↑7".
    Up(usize),
    /// The score ranks it this many places lower: "↓12".
    Down(usize),
}

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Marker::Up(n) => write!(f, "↑{n}"),
            Marker::Down(n) => write!(f, "↓{n}"),
        }
    }
}

/// The marker for a story at `hand` rank whose score puts it at `score`
/// rank, when they differ by more than `threshold` places.
pub fn marker(hand: usize, score: usize, threshold: usize) -> Option<Marker> {
    match score.cmp(&hand) {
        Ordering::Less if hand - score > threshold => Some(Marker::Up(hand - score)),
        Ordering::Greater if score - hand > threshold => Some(Marker::Down(score - hand)),
        _ => None,
    }
}

/// Both rankings of a backlog, by story index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoreRanking {
    /// Per story index: its ranks, or `None` when it is done or has no score.
    pub ranks: Vec<Option<Ranks>>,
    /// Indices of the ranked stories in score order (highest first).
    pub by_score: Vec<usize>,
    /// Indices of the ranked stories in rank order (ascending).
    ranked: Vec<usize>,
    /// Per story index: the epic of a ranked story, as a place in
    /// `epic_keys`, so that one epic's stories are picked (apply its score
    /// order) without looking at 100,000 stories on the key path.
    epic_of: Vec<Option<u32>>,
    epic_keys: Vec<String>,
    /// The score order of every ranked story as the moves it makes, when
    /// made ahead of time with the ranking ([`ScoreRanking::prepare_all`]).
    all: Option<Arc<Reordering>>,
}

impl ScoreRanking {
    /// Makes the moves of the score order of every ranked story of
    /// `stories` (those ranked) ahead of time, off the key path, so that
    /// applying it costs only what it moves ([`Backlog::reorder_prepared`]).
    pub fn prepare_all(&mut self, stories: &[Arc<Story>]) {
        let moves = score_moves(self, |_| true);
        self.all = Reordering::of_moves(stories, moves, Reason::ScoreOrder)
            .ok()
            .flatten()
            .map(Arc::new);
    }

    /// The moves [`ScoreRanking::prepare_all`] made, if it was asked to
    /// and something moves.
    pub fn all_moves(&self) -> Option<&Arc<Reordering>> {
        self.all.as_ref()
    }

    /// The ranks of the story at `index`.
    pub fn of(&self, index: usize) -> Option<Ranks> {
        self.ranks.get(index).copied().flatten()
    }

    /// Whether the ranked story at `index` belongs to `epic` (always false
    /// for a story without a score: the score order leaves it alone).
    pub fn in_epic(&self, epic: &str) -> impl Fn(usize) -> bool + '_ {
        let wanted = self
            .epic_keys
            .iter()
            .position(|k| k == epic)
            .and_then(|at| u32::try_from(at).ok());
        move |index| wanted.is_some() && self.epic_of.get(index).copied().flatten() == wanted
    }
}

/// Ranks the open stories with a score by hand and by score. O(n log n);
/// the TUI runs it off the key path.
pub fn score_ranking(stories: &[Arc<Story>]) -> ScoreRanking {
    let mut scored: Vec<(usize, f64)> = stories
        .iter()
        .enumerate()
        .filter_map(|(i, s)| ranked(s).map(|score| (i, score)))
        .collect();
    let mut ranks = vec![None; stories.len()];
    let hand: Vec<usize> = scored.iter().map(|&(i, _)| i).collect();
    // Stable: equal scores keep their hand order, so they never get a marker.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let by_score: Vec<usize> = scored.iter().map(|&(i, _)| i).collect();
    for (hand_rank, &i) in hand.iter().enumerate() {
        ranks[i] = Some(Ranks {
            hand: hand_rank + 1,
            score: 0,
        });
    }
    for (score_rank, &i) in by_score.iter().enumerate() {
        if let Some(r) = ranks[i].as_mut() {
            r.score = score_rank + 1;
        }
    }
    let (epic_of, epic_keys) = epics_of(stories, &hand);
    ScoreRanking {
        ranks,
        by_score,
        ranked: hand,
        epic_of,
        epic_keys,
        all: None,
    }
}

/// The epics of the stories at `ranked` indices, each epic's key kept once.
fn epics_of(stories: &[Arc<Story>], ranked: &[usize]) -> (Vec<Option<u32>>, Vec<String>) {
    let mut epic_of = vec![None; stories.len()];
    let mut keys: Vec<String> = Vec::new();
    let mut places: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for &i in ranked {
        if let Some(epic) = stories[i].epic.as_deref() {
            let next = u32::try_from(keys.len()).unwrap_or(u32::MAX);
            let at = *places.entry(epic).or_insert_with(|| {
                keys.push(epic.to_string());
                next
            });
            epic_of[i] = Some(at);
        }
    }
    (epic_of, keys)
}

/// The backlog order "apply score order" makes of the stories at `chosen`
/// indices: those of them with a score take the places the chosen scored
/// stories held, highest score first; every other story keeps its place.
/// Returns the new order of indices (a permutation of `0..len`).
pub fn score_order(stories: &[Arc<Story>], chosen: impl Fn(usize, &Story) -> bool) -> Vec<usize> {
    let ranking = score_ranking(stories);
    score_order_from(&ranking, |i| chosen(i, &stories[i]))
}

/// The moves of [`score_order_from`]: `(rank, the rank whose story it
/// receives)` for each rank that changes, ascending, for
/// [`Backlog::reorder_moves`]. One pass over the ranked stories; the
/// others are not looked at.
pub fn score_moves(ranking: &ScoreRanking, chosen: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let places = ranking.ranked.iter().copied().filter(|&i| chosen(i));
    let sorted = ranking.by_score.iter().copied().filter(|&i| chosen(i));
    places.zip(sorted).filter(|(at, from)| at != from).collect()
}

/// [`score_order`] from a ranking already computed (the TUI keeps one, made
/// off the key path): two passes, no sort.
pub fn score_order_from(ranking: &ScoreRanking, chosen: impl Fn(usize) -> bool) -> Vec<usize> {
    let places = ranking
        .ranks
        .iter()
        .enumerate()
        .filter(|(i, r)| r.is_some() && chosen(*i))
        .map(|(i, _)| i);
    let sorted = ranking.by_score.iter().copied().filter(|&i| chosen(i));
    let mut order: Vec<usize> = (0..ranking.ranks.len()).collect();
    for (place, from) in places.zip(sorted) {
        order[place] = from;
    }
    order
}

impl Backlog {
    /// Puts the stories in `order` (a permutation of their indices, as
    /// [`score_order`] makes). `None` when nothing moves. One change, so one
    /// undo restores the old order exactly.
    pub fn reorder(&mut self, order: &[usize]) -> Result<Option<Change>, ModelError> {
        self.reorder_for(order, Reason::ScoreOrder)
    }

    /// [`Backlog::reorder`] for another `reason` than the score order.
    pub(crate) fn reorder_for(
        &mut self,
        order: &[usize],
        reason: Reason,
    ) -> Result<Option<Change>, ModelError> {
        let n = self.stories.len();
        let mut seen = vec![false; n];
        for &i in order {
            if i >= n || std::mem::replace(&mut seen[i], true) {
                return Err(ModelError::Invalid(
                    "the new order is not an order of the stories".to_string(),
                ));
            }
        }
        if order.len() != n {
            return Err(ModelError::Invalid(
                "the new order is not an order of the stories".to_string(),
            ));
        }
        let Some(moves) = Reordering::of(&self.stories, order, reason)? else {
            return Ok(None);
        };
        let change = Change::Reorder {
            moves: Arc::new(moves),
            back: false,
        };
        self.apply(&change)?;
        Ok(Some(change))
    }

    /// Applies moves made ahead of time ([`ScoreRanking::prepare_all`]);
    /// refused, with nothing changed, unless every story they move stands
    /// where they were made.
    pub fn reorder_prepared(&mut self, moves: &Arc<Reordering>) -> Result<Change, ModelError> {
        let change = Change::Reorder {
            moves: Arc::clone(moves),
            back: false,
        };
        self.apply(&change)?;
        Ok(change)
    }

    /// Applies the score order as the moves [`score_moves`] lists: no
    /// order of every story is built or checked, so the cost is that of
    /// the stories that move. Refused, with nothing changed, unless the
    /// moves are an order of the stories.
    pub fn reorder_moves(
        &mut self,
        moves: &[(usize, usize)],
    ) -> Result<Option<Change>, ModelError> {
        let Some(moves) =
            Reordering::of_moves(&self.stories, moves.iter().copied(), Reason::ScoreOrder)?
        else {
            return Ok(None);
        };
        let change = Change::Reorder {
            moves: Arc::new(moves),
            back: false,
        };
        // Made from these very stories just now, so it fits: checking would
        // read every moved story's place once more.
        self.apply_unchecked(&change);
        Ok(Some(change))
    }
}

/// The score worked out, for the detail view and `po show`:
/// "800 reach × 2 impact × 80% confidence / 2 effort = 640". Inputs that
/// cannot be scored say which one and why instead of showing NaN.
pub fn breakdown(rice: &Rice) -> String {
    // Never NaN or inf on screen, even for a hand-edited file's inputs.
    let shown = |v: f64| {
        if v.is_finite() {
            super::number::display(v)
        } else {
            "?".to_string()
        }
    };
    match validate(rice) {
        Ok(r) => {
            let score = score(&r).map_or_else(|| "too large to show".to_string(), shown);
            format!(
                "{} reach × {} impact × {}% confidence / {} effort = {score}",
                shown(r.reach),
                shown(r.impact),
                shown(r.confidence * 100.0),
                shown(r.effort),
            )
        }
        Err(e) => format!(
            "reach {}, impact {}, confidence {}, effort {}: no score ({e})",
            shown(rice.reach),
            shown(rice.impact),
            shown(rice.confidence),
            shown(rice.effort),
        ),
    }
}
