//! Property test of the merge driver: random operations (add, edit a field,
//! move, delete, sprint changes) on both sides of a random base, merged.
//! Every story of either side is there exactly once (unless one side deleted
//! it and the other left it alone), keys are unique, every edit only one
//! side made is kept, every edit both made differently is a listed conflict
//! that kept ours, and the backlog checks clean once they are resolved.
//!
//! `PO_PROP_CASES=5000 cargo test --test merge_props` runs more cases.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use po::model::merge::merge;
use po::model::{Backlog, Criterion, Position, Sprint, SprintRecord, SprintState, Status, Story};
use proptest::prelude::*;
use serde_json::{Map, json};

fn cases() -> u32 {
    std::env::var("PO_PROP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn time(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

#[derive(Clone, Debug)]
enum Op {
    Add,
    Title(usize, u8),
    Points(usize, u8),
    Status(usize, u8),
    Label(usize, u8),
    Criterion(usize, u8),
    Tick(usize),
    Move(usize, usize),
    Delete(usize),
    IntoSprint(usize),
    StartSprint,
    CloseSprint,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => Just(Op::Add),
        2 => (any::<usize>(), 0u8..3).prop_map(|(i, v)| Op::Title(i, v)),
        2 => (any::<usize>(), 0u8..3).prop_map(|(i, v)| Op::Points(i, v)),
        1 => (any::<usize>(), 0u8..3).prop_map(|(i, v)| Op::Status(i, v)),
        1 => (any::<usize>(), 0u8..3).prop_map(|(i, v)| Op::Label(i, v)),
        1 => (any::<usize>(), 0u8..3).prop_map(|(i, v)| Op::Criterion(i, v)),
        1 => any::<usize>().prop_map(Op::Tick),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(i, to)| Op::Move(i, to)),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => any::<usize>().prop_map(Op::IntoSprint),
        1 => Just(Op::StartSprint),
        1 => Just(Op::CloseSprint),
    ]
}

/// A base of `n` stories, some with criteria and labels, and one planned sprint.
fn base(n: usize) -> Backlog {
    let mut b = Backlog::new("Shop");
    b.add_epic("Checkout", "").unwrap();
    b.add_sprint(Sprint {
        key: String::new(),
        name: "Sprint 1".into(),
        goal: String::new(),
        start: None,
        end: None,
        capacity: None,
        state: SprintState::Planned,
        record: SprintRecord::default(),
        goal_stories: Vec::new(),
        extra: Map::new(),
    })
    .unwrap();
    for i in 0..n {
        let mut s = b.new_story(&format!("base {i}"), time(0));
        if i % 2 == 0 {
            s.acceptance.push(Criterion::new("given when then"));
            s.labels.push("web".into());
        }
        b.insert_story(usize::MAX, s).unwrap();
    }
    b
}

/// Applies one operation; `side` names the side in the titles it writes,
/// so that a side's new stories can be found again after renumbering.
fn apply(b: &mut Backlog, side: &str, step: i64, op: &Op) {
    let now = time(step);
    let n = b.stories.len();
    let key = |i: usize| b.stories[i % n].key.clone();
    let _ = match op {
        Op::Add => {
            let mut s = b.new_story(&format!("{side} new {step}"), now);
            // Titles change; this marks the story for good.
            s.requested_by = format!("{side} {step}");
            b.insert_story(usize::MAX, s).map(|_| ())
        }
        _ if n == 0 => Ok(()),
        Op::Title(i, v) => {
            let title = format!("{side} title {v}");
            b.update_story(&key(*i), now, |s| s.title = title)
                .map(|_| ())
        }
        Op::Points(i, v) => {
            let points = Some(f64::from(*v) + 1.0);
            b.update_story(&key(*i), now, |s| s.points = points)
                .map(|_| ())
        }
        Op::Status(i, v) => {
            let status = Status::ALL[usize::from(*v)];
            b.update_story(&key(*i), now, |s| s.set_status(status, now))
                .map(|_| ())
        }
        Op::Label(i, v) => {
            let label = format!("{side}-{v}");
            b.update_story(&key(*i), now, |s| {
                if !s.labels.contains(&label) {
                    s.labels.push(label);
                }
            })
            .map(|_| ())
        }
        Op::Criterion(i, v) => {
            let text = format!("{side} criterion {v}");
            b.update_story(&key(*i), now, |s| {
                if !s.acceptance.iter().any(|c| c.text == text) {
                    s.acceptance.push(Criterion::new(text));
                }
            })
            .map(|_| ())
        }
        Op::Tick(i) => b
            .update_story(&key(*i), now, |s| {
                if let Some(c) = s.acceptance.first_mut() {
                    c.done = !c.done;
                }
            })
            .map(|_| ()),
        Op::Move(i, to) => b.move_story(&key(*i), &Position::Index(to % n)).map(|_| ()),
        Op::Delete(i) => b.delete_story(&key(*i), now).map(|_| ()),
        Op::IntoSprint(i) => b.add_to_sprint("SP-1", &[key(*i)], now).map(|_| ()),
        Op::StartSprint => b.start_sprint("SP-1", now).map(|_| ()),
        Op::CloseSprint => b.close_sprint("SP-1", None, now).map(|_| ()),
    };
}

fn by_key(b: &Backlog) -> HashMap<&str, &Story> {
    b.stories.iter().map(|s| (s.key.as_str(), &**s)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn a_merge_keeps_every_story_once_every_one_sided_edit_and_lists_every_conflict(
        n in 0usize..10,
        ours_ops in prop::collection::vec(op(), 0..10),
        theirs_ops in prop::collection::vec(op(), 0..10),
    ) {
        let b = base(n);
        let mut o = b.clone();
        let mut t = b.clone();
        for (step, op) in ours_ops.iter().enumerate() {
            apply(&mut o, "ours", step as i64 + 1, op);
        }
        for (step, op) in theirs_ops.iter().enumerate() {
            apply(&mut t, "theirs", step as i64 + 100, op);
        }
        let merged = merge(&b, &o, t.clone());
        let m = &merged.backlog;

        // Keys are unique and the counters above them.
        prop_assert_eq!(m.duplicate_key(), None);
        let (bk, ok, tk, mk) = (by_key(&b), by_key(&o), by_key(&t), by_key(m));
        prop_assert_eq!(mk.len(), m.stories.len());

        // Every story of either side once, unless deleted on one side and
        // left alone on the other. New stories are found by their mark.
        let marks: HashMap<&str, usize> = m.stories.iter().fold(HashMap::new(), |mut seen, s| {
            *seen.entry(s.requested_by.as_str()).or_default() += 1;
            seen
        });
        for (side, mine, other) in [("ours", &ok, &tk), ("theirs", &tk, &ok)] {
            for (key, s) in mine.iter() {
                match bk.get(key) {
                    Some(base_story) => {
                        let gone = !other.contains_key(key) && *base_story == *s;
                        prop_assert_eq!(mk.contains_key(key), !gone, "{} {} of {}", side, key, s.title);
                    }
                    None => {
                        prop_assert_eq!(marks.get(s.requested_by.as_str()).copied(), Some(1), "{} new {}", side, s.title);
                    }
                }
            }
        }
        // Nothing appears that neither side had.
        for s in &m.stories {
            let known = bk.contains_key(s.key.as_str()) || ok.contains_key(s.key.as_str())
                || t.stories.iter().any(|ts| ts.requested_by == s.requested_by);
            prop_assert!(known, "{} came from nowhere", s.key);
        }

        // Each field edited on one side only is kept; edited differently on
        // both, ours is kept and the conflict listed.
        let conflicts: HashSet<(String, String)> =
            m.conflicts.iter().map(|c| (c.key.clone(), c.field.clone())).collect();
        for (key, bs) in &bk {
            let (Some(os), Some(ts), Some(ms)) = (ok.get(key), tk.get(key), mk.get(key)) else {
                continue;
            };
            let fields: [(&str, serde_json::Value, serde_json::Value, serde_json::Value, serde_json::Value); 3] = [
                ("title", json!(bs.title), json!(os.title), json!(ts.title), json!(ms.title)),
                ("points", json!(bs.points), json!(os.points), json!(ts.points), json!(ms.points)),
                ("status", json!(bs.status), json!(os.status), json!(ts.status), json!(ms.status)),
            ];
            for (field, bv, ov, tv, mv) in fields {
                let listed = conflicts.contains(&(key.to_string(), field.to_string()));
                if ov == tv || tv == bv {
                    prop_assert_eq!(&mv, &ov, "{} {}", key, field);
                    prop_assert!(!listed, "{} {} listed", key, field);
                } else if ov == bv {
                    prop_assert_eq!(&mv, &tv, "{} {}", key, field);
                } else {
                    prop_assert_eq!(&mv, &ov, "{} {}", key, field);
                    prop_assert!(listed, "{} {} not listed", key, field);
                }
            }
            // Labels and criteria either side added are all there.
            for side in [os, ts] {
                for l in side.labels.iter().filter(|l| !bs.labels.contains(l)) {
                    prop_assert!(ms.labels.contains(l), "{} lost label {}", key, l);
                }
                for c in side.acceptance.iter().filter(|c| !bs.acceptance.iter().any(|b| b.text == c.text)) {
                    prop_assert!(ms.acceptance.iter().any(|m| m.text == c.text), "{} lost {}", key, c.text);
                }
            }
        }
        // Every conflict is in the report too.
        prop_assert_eq!(merged.report.conflicts().count(), m.conflicts.len());

        // Resolving every conflict (theirs, say) leaves a clean backlog.
        let mut resolved = m.clone();
        for c in m.conflicts.clone() {
            let r = resolved.resolve_conflict(&c.key, &c.field, c.theirs.clone(), time(500));
            prop_assert!(r.is_ok(), "{:?}: {:?}", c, r);
        }
        prop_assert_eq!(resolved.problems(), vec![]);
        // A story is done exactly when it has a finishing time.
        for s in m.stories.iter().chain(&resolved.stories) {
            prop_assert_eq!(s.status == Status::Done, s.done_at.is_some(), "{} done_at", s.key);
        }
    }
}
