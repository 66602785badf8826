use chrono::{TimeZone, Utc};

use super::*;
use crate::model::Criterion;

fn ready_story(key: &str) -> Story {
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    let mut s = Story::new(key.to_string(), "Pay with a saved card", now);
    s.as_a = "returning customer".to_string();
    s.i_want = "to pay with my saved card".to_string();
    s.so_that = "checkout takes one tap".to_string();
    s.acceptance = vec![Criterion::new(
        "Given a saved card, when I pay, the order is placed",
    )];
    s.points = Some(3.0);
    s
}

fn names(reasons: &[Reason]) -> Vec<&'static str> {
    reasons.iter().map(Reason::name).collect()
}

#[test]
fn a_complete_story_is_ready() {
    let s = ready_story("S-1");
    assert!(story_reasons(&s).is_empty());
    assert!(story_is_ready(&s));
}

#[test]
fn a_story_missing_user_story_parts_is_not_ready_and_names_them() {
    let mut s = ready_story("S-1");
    s.so_that = "  ".to_string();
    s.as_a.clear();
    let reasons = story_reasons(&s);
    assert_eq!(
        reasons,
        [Reason::StoryParts {
            missing: vec![Part::AsA, Part::SoThat]
        }]
    );
    assert_eq!(reasons[0].name(), "story_parts");
    assert_eq!(reasons[0].field(), Field::AsA);
    assert_eq!(
        reasons[0].to_string(),
        "no \"as a\", \"so that\" in the user story"
    );
    assert!(!story_is_ready(&s));
}

#[test]
fn a_story_without_acceptance_criteria_is_not_ready() {
    let mut s = ready_story("S-1");
    s.acceptance.clear();
    let reasons = story_reasons(&s);
    assert_eq!(names(&reasons), ["no_criteria"]);
    assert_eq!(reasons[0].field(), Field::Criteria(None));
    assert!(!story_is_ready(&s));
}

#[test]
fn an_unestimated_story_is_not_ready() {
    let mut s = ready_story("S-1");
    s.points = None;
    let reasons = story_reasons(&s);
    assert_eq!(names(&reasons), ["unestimated"]);
    assert_eq!(reasons[0].field(), Field::Points);
    assert!(!story_is_ready(&s));
}

#[test]
fn a_story_above_the_points_limit_is_too_big_and_at_the_limit_is_not() {
    let mut s = ready_story("S-1");
    s.points = Some(MAX_POINTS);
    assert!(story_is_ready(&s));
    s.points = Some(20.0);
    let reasons = story_reasons(&s);
    assert_eq!(
        reasons,
        [Reason::TooBig {
            points: 20.0,
            limit: 13.0
        }]
    );
    assert_eq!(
        reasons[0].to_string(),
        "too big: 20 points (more than 13): split it"
    );
    assert!(!story_is_ready(&s));
}

#[test]
fn vague_words_are_found_whole_and_in_any_case_with_their_field() {
    let mut s = ready_story("S-1");
    s.description = "Export to PDF, CSV etc.".to_string();
    s.acceptance.push(Criterion::new("Totals are TBD"));
    s.i_want = "to pay and/or save Somehow".to_string();
    let reasons = story_reasons(&s);
    assert_eq!(names(&reasons), ["vague_words"]);
    let Reason::VagueWords { found } = &reasons[0] else {
        panic!("{reasons:?}");
    };
    let found: Vec<(&str, Field)> = found.iter().map(|v| (v.word, v.field)).collect();
    assert_eq!(
        found,
        [
            ("and/or", Field::IWant),
            ("somehow", Field::IWant),
            ("etc.", Field::Description),
            ("TBD", Field::Criteria(Some(1))),
        ]
    );
    // The queue's Enter goes to the first field holding one.
    assert_eq!(reasons[0].field(), Field::IWant);
    assert!(!story_is_ready(&s));
}

#[test]
fn vague_words_inside_longer_words_do_not_count() {
    for text in ["TBDX", "xtbd", "somehowever", "netc.", "sand/ore", "tbd_id"] {
        assert!(
            VAGUE_WORDS.iter().all(|w| !contains_word(text, w)),
            "{text}"
        );
    }
    for text in [
        "TBD",
        "(tbd)",
        "Tbd.",
        "a, b, etc.",
        "this and/or that",
        "ÉTÉ tbd",
    ] {
        assert!(VAGUE_WORDS.iter().any(|w| contains_word(text, w)), "{text}");
    }
}

#[test]
fn depending_on_an_open_story_ranked_below_is_not_ready() {
    let mut b = Backlog::new("t");
    let mut top = ready_story("S-1");
    top.depends_on = vec!["S-2".to_string(), "S-3".to_string()];
    let lower_open = ready_story("S-2");
    let mut lower_done = ready_story("S-3");
    lower_done.status = Status::Done;
    b.stories = vec![top.into(), lower_open.into(), lower_done.into()];
    let ranks = Ranks::of(&b);
    let reasons = reasons(&b.stories[0], 0, |k| ranks.get(k));
    assert_eq!(
        reasons,
        [Reason::DependsOnLower {
            keys: vec!["S-2".to_string()]
        }]
    );
    assert_eq!(reasons[0].name(), "depends_on_lower");
    assert_eq!(reasons[0].field(), Field::DependsOn);
    // The same dependency ranked above is fine.
    b.stories.swap(0, 1);
    let ranks = Ranks::of(&b);
    assert!(reasons_at(&b, 1, &ranks).is_empty());
}

fn reasons_at(b: &Backlog, index: usize, ranks: &Ranks) -> Vec<Reason> {
    reasons(&b.stories[index], index, |k| ranks.get(k))
}

#[test]
fn the_ready_check_looks_at_the_top_open_stories_only() {
    let mut b = Backlog::new("t");
    let mut done = ready_story("S-1");
    done.status = Status::Done;
    done.points = None;
    let ready = ready_story("S-2");
    let mut unestimated = ready_story("S-3");
    unestimated.points = None;
    let mut no_criteria = ready_story("S-4");
    no_criteria.acceptance.clear();
    b.stories = vec![
        done.into(),
        ready.into(),
        unestimated.into(),
        no_criteria.into(),
    ];
    let top1 = b.ready_check(Some(1));
    assert_eq!(top1.checked, 1);
    assert!(top1.not_ready.is_empty());
    let top2 = b.ready_check(Some(2));
    assert_eq!(top2.checked, 2);
    assert_eq!(top2.not_ready.len(), 1);
    assert_eq!(top2.not_ready[0].key, "S-3");
    assert_eq!(top2.not_ready[0].rank, 3);
    let all = b.ready_check(None);
    assert_eq!(all.checked, 3);
    let keys: Vec<&str> = all.not_ready.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, ["S-3", "S-4"]);
}

#[test]
fn reasons_serialize_with_their_stable_rule_names() {
    let json = serde_json::to_value(Reason::TooBig {
        points: 21.0,
        limit: 13.0,
    })
    .unwrap();
    assert_eq!(json["rule"], "too_big");
    let json = serde_json::to_value(Reason::StoryParts {
        missing: vec![Part::SoThat],
    })
    .unwrap();
    assert_eq!(json["rule"], "story_parts");
    assert_eq!(json["missing"][0], "so_that");
}
