//! RICE (src/model/rice.rs): every input checked with its field named, the
//! score never NaN or infinity, and the score rank against the hand rank.

mod model_support;

use std::sync::Arc;

use model_support::{backlog_with, day};
use po::model::rice::{
    self, MARKER_THRESHOLD, Marker, Ranks, RiceField, score, score_order, score_ranking,
};
use po::model::{Backlog, Rice, Status};

fn inputs(reach: f64, impact: f64, confidence: f64, effort: f64) -> Rice {
    Rice {
        reach,
        impact,
        confidence,
        effort,
        ..Rice::default()
    }
}

#[test]
fn the_score_is_reach_times_impact_times_confidence_over_effort() {
    assert_eq!(score(&inputs(800.0, 2.0, 0.8, 2.0)), Some(640.0));
    assert_eq!(score(&inputs(0.0, 3.0, 1.0, 1.0)), Some(0.0));
    assert_eq!(score(&inputs(10.0, 0.25, 0.5, 0.5)), Some(2.5));
}

#[test]
fn confidence_as_a_percentage_means_the_same_as_a_fraction() {
    for typed in ["0.8", "80", "80%", " 80 % "] {
        assert_eq!(
            rice::parse(RiceField::Confidence, typed),
            Ok(0.8),
            "{typed}"
        );
    }
    assert_eq!(rice::parse(RiceField::Confidence, "1"), Ok(1.0));
    assert_eq!(rice::parse(RiceField::Confidence, "100"), Ok(1.0));
    assert_eq!(rice::parse(RiceField::Confidence, "0"), Ok(0.0));
    // A percentage left in a hand-edited file scores as the fraction would.
    assert_eq!(
        score(&inputs(100.0, 1.0, 50.0, 1.0)),
        score(&inputs(100.0, 1.0, 0.5, 1.0))
    );
}

#[test]
fn every_bad_input_is_refused_naming_its_field() {
    let bad = [
        (RiceField::Reach, "-1"),
        (RiceField::Reach, "lots"),
        (RiceField::Reach, "NaN"),
        (RiceField::Reach, "inf"),
        (RiceField::Impact, "1.5"),
        (RiceField::Impact, "4"),
        (RiceField::Impact, "0"),
        (RiceField::Impact, "-1"),
        (RiceField::Impact, "inf"),
        (RiceField::Confidence, "-0.1"),
        (RiceField::Confidence, "101"),
        (RiceField::Confidence, "101%"),
        (RiceField::Confidence, "-5%"),
        (RiceField::Confidence, "NaN"),
        (RiceField::Effort, "0"),
        (RiceField::Effort, "-2"),
        (RiceField::Effort, "inf"),
        (RiceField::Effort, ""),
        (RiceField::Reach, "80%"),
    ];
    for (field, typed) in bad {
        let err = rice::parse(field, typed).expect_err(typed);
        assert_eq!(err.field, field, "{typed}");
        assert!(
            err.to_string()
                .starts_with(&format!("RICE {}:", field.name())),
            "{err}"
        );
    }
    for impact in ["0.25", "0.5", "1", "2", "3"] {
        assert!(rice::parse(RiceField::Impact, impact).is_ok(), "{impact}");
    }
}

#[test]
fn a_score_is_never_nan_or_infinite() {
    let nasty = [
        inputs(f64::NAN, 1.0, 1.0, 1.0),
        inputs(1.0, f64::NAN, 1.0, 1.0),
        inputs(1.0, 1.0, f64::NAN, 1.0),
        inputs(1.0, 1.0, 1.0, f64::NAN),
        inputs(f64::INFINITY, 1.0, 1.0, 1.0),
        inputs(1.0, 1.0, 1.0, 0.0),
        inputs(1.0, 1.0, 1.0, -1.0),
        inputs(1.0, 1.5, 1.0, 1.0),
        inputs(-1.0, 1.0, 1.0, 1.0),
        inputs(1.0, 1.0, 200.0, 1.0),
    ];
    for r in &nasty {
        assert_eq!(score(r), None, "{r:?}");
        assert!(
            !rice::breakdown(r).contains("NaN"),
            "{}",
            rice::breakdown(r)
        );
    }
    // Valid inputs whose quotient overflows: no score rather than infinity.
    let huge = inputs(f64::MAX, 3.0, 1.0, 1e-300);
    assert_eq!(score(&huge), None);
    assert!(!rice::breakdown(&huge).contains("inf"));
}

#[test]
fn the_breakdown_shows_the_sum_or_why_there_is_no_score() {
    assert_eq!(
        rice::breakdown(&inputs(800.0, 2.0, 0.8, 2.0)),
        "800 reach × 2 impact × 80% confidence / 2 effort = 640"
    );
    let why = rice::breakdown(&inputs(800.0, 1.5, 0.8, 2.0));
    assert!(why.contains("no score (RICE impact"), "{why}");
}

#[test]
fn the_model_refuses_bad_rice_from_any_caller_and_changes_nothing() {
    let mut backlog = backlog_with(&["one"]);
    let before = backlog.clone();
    let err = backlog
        .update_story("S-1", day(2), |s| s.rice = Some(inputs(1.0, 1.5, 1.0, 1.0)))
        .unwrap_err();
    assert!(err.to_string().contains("S-1: RICE impact"), "{err}");
    assert_eq!(backlog, before);

    let mut story = backlog.new_story("two", day(2));
    story.rice = Some(inputs(1.0, 1.0, 1.0, 0.0));
    let err = backlog.insert_stories(1, vec![story]).unwrap_err();
    assert!(err.to_string().contains("RICE effort"), "{err}");

    // A percentage is kept as the fraction it means.
    backlog
        .update_story("S-1", day(2), |s| {
            s.rice = Some(inputs(1.0, 1.0, 80.0, 1.0))
        })
        .unwrap();
    assert_eq!(backlog.stories[0].rice.as_ref().unwrap().confidence, 0.8);
}

#[test]
fn a_marker_needs_more_than_the_threshold_between_the_ranks() {
    assert_eq!(rice::marker(10, 3, 5), Some(Marker::Up(7)));
    assert_eq!(rice::marker(1, 13, 5), Some(Marker::Down(12)));
    assert_eq!(rice::marker(9, 4, 5), None);
    assert_eq!(rice::marker(4, 4, 5), None);
    assert_eq!(Marker::Up(7).to_string(), "↑7");
    assert_eq!(Marker::Down(12).to_string(), "↓12");
}

/// Stories S-1..S-n, open, scored by `scores` (None: no RICE).
fn scored(scores: &[Option<f64>]) -> Backlog {
    let titles: Vec<String> = (1..=scores.len()).map(|i| format!("story {i}")).collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut backlog = backlog_with(&titles);
    for (s, score) in backlog.stories.iter_mut().zip(scores) {
        Arc::make_mut(s).rice = score.map(|reach| inputs(reach, 1.0, 1.0, 1.0));
    }
    backlog
}

#[test]
fn the_score_rank_counts_only_open_scored_stories_and_ties_keep_hand_order() {
    let mut backlog = scored(&[Some(1.0), None, Some(5.0), Some(5.0), Some(3.0)]);
    Arc::make_mut(&mut backlog.stories[4]).status = Status::Done;
    let ranking = score_ranking(&backlog.stories);
    assert_eq!(ranking.of(0), Some(Ranks { hand: 1, score: 3 }));
    assert_eq!(ranking.of(1), None);
    assert_eq!(ranking.of(2), Some(Ranks { hand: 2, score: 1 }));
    assert_eq!(ranking.of(3), Some(Ranks { hand: 3, score: 2 }));
    assert_eq!(ranking.of(4), None);
    assert_eq!(ranking.by_score, [2, 3, 0]);
}

#[test]
fn a_story_the_score_ranks_far_higher_gets_an_up_marker() {
    // Ten stories in falling score order, then a story that outscores them all.
    let mut scores: Vec<Option<f64>> = (0..10).map(|i| Some(100.0 - f64::from(i))).collect();
    scores.push(Some(1000.0));
    let ranking = score_ranking(&scored(&scores).stories);
    let last = ranking.of(10).unwrap();
    assert_eq!(last, Ranks { hand: 11, score: 1 });
    assert_eq!(last.marker(), Some(Marker::Up(10)));
    // Everyone else moved down one place: within the threshold.
    assert!((0..10).all(|i| ranking.of(i).unwrap().marker().is_none()));
    const { assert!(MARKER_THRESHOLD < 10) };
}

#[test]
fn score_order_refills_the_chosen_places_and_leaves_the_rest() {
    let backlog = scored(&[Some(1.0), None, Some(5.0), Some(9.0), Some(3.0)]);
    let all = score_order(&backlog.stories, |_, _| true);
    assert_eq!(all, [3, 1, 2, 4, 0]);
    let some = score_order(&backlog.stories, |i, _| i == 0 || i == 4);
    assert_eq!(some, [4, 1, 2, 3, 0]);
    let keys = |order: &[usize]| -> Vec<String> {
        order
            .iter()
            .map(|&i| backlog.stories[i].key.clone())
            .collect()
    };
    assert_eq!(keys(&all), ["S-4", "S-2", "S-3", "S-5", "S-1"]);
}

#[test]
fn applying_the_score_order_is_one_change_that_undoes_exactly() {
    let mut backlog = scored(&[Some(1.0), None, Some(5.0), Some(9.0), Some(3.0)]);
    let before = backlog.clone();
    let order = score_order(&backlog.stories, |_, _| true);
    let change = backlog.reorder(&order).unwrap().unwrap();
    let keys: Vec<&str> = backlog.stories.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["S-4", "S-2", "S-3", "S-5", "S-1"]);
    assert_eq!(
        change.describe(),
        "applied the score order (3 stories moved)"
    );
    model_support::assert_undoes(&mut backlog, &change, &before);
    // In score order already: nothing to do.
    let mut sorted = scored(&[Some(9.0), Some(1.0)]);
    let order = score_order(&sorted.stories, |_, _| true);
    assert_eq!(sorted.reorder(&order).unwrap(), None);
    // Not a permutation: refused.
    assert!(backlog.reorder(&[0, 0, 1, 2, 3]).is_err());
    assert!(backlog.reorder(&[0, 1]).is_err());
    assert_eq!(backlog, before);
}

#[test]
fn the_score_order_of_one_epic_leaves_the_other_stories_where_they_are() {
    let mut backlog = scored(&[Some(1.0), Some(50.0), Some(5.0), Some(9.0)]);
    for i in [0, 2, 3] {
        Arc::make_mut(&mut backlog.stories[i]).epic = Some("E-1".into());
    }
    let order = score_order(&backlog.stories, |_, s| s.epic.as_deref() == Some("E-1"));
    assert_eq!(order, [3, 1, 2, 0]);
}

#[test]
fn the_ranking_picks_one_epics_scored_stories_as_reading_them_would() {
    let mut backlog = scored(&[Some(1.0), Some(50.0), None, Some(9.0), Some(4.0)]);
    for (i, epic) in [(0, "E-1"), (1, "E-2"), (2, "E-1"), (3, "E-1")] {
        Arc::make_mut(&mut backlog.stories[i]).epic = Some(epic.into());
    }
    let ranking = score_ranking(&backlog.stories);
    let in_e1 = ranking.in_epic("E-1");
    // S-3 is in E-1 but has no score: the score order leaves it alone.
    let picked: Vec<bool> = (0..5).map(&in_e1).collect();
    assert_eq!(picked, [true, false, false, true, false]);
    assert!((0..5).all(|i| !ranking.in_epic("E-9")(i)));
    let from_ranking = po::model::rice::score_order_from(&ranking, in_e1);
    let by_reading = score_order(&backlog.stories, |_, s| s.epic.as_deref() == Some("E-1"));
    assert_eq!(from_ranking, by_reading);
    assert_eq!(from_ranking, [3, 1, 2, 0, 4]);
}
