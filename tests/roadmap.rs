//! The roadmap and the what-if: epic finishes from one simulation over the
//! ranked backlog, and the trade-off of a move with the same seed on both sides.

mod model_support;

use chrono::{NaiveDate, TimeDelta};
use model_support::history::{at, date, dated_sprint, done, history, story};
use po::model::{
    Backlog, EpicForecast, Finish, ForecastOptions, ModelError, Position, Roadmap, Story,
};

fn options(today: NaiveDate) -> ForecastOptions {
    let mut o = ForecastOptions::new(today);
    o.runs = 2_000;
    o
}

fn epic<'a>(roadmap: &'a Roadmap, key: &str) -> &'a EpicForecast {
    roadmap.epics.iter().find(|e| e.key == key).unwrap()
}

fn sprints(e: &EpicForecast) -> (Option<u32>, Option<u32>) {
    e.finish
        .sprints()
        .unwrap_or_else(|| panic!("{:?}", e.finish))
}

const TODAY: (i32, u32, u32) = (2026, 3, 2);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

/// A steady 10 points a sprint, epics E-1 Checkout and E-2 Onboarding.
fn steady() -> Backlog {
    let mut b = history(&[10.0, 10.0, 10.0]);
    b.add_epic("Onboarding", "").unwrap();
    b
}

#[test]
fn an_epic_finishes_when_its_last_open_story_does() {
    let mut b = steady();
    let shipped = story(&mut b, Some(5.0), Some("E-1"), date(2026, 2, 1));
    done(&mut b, &shipped, at(date(2026, 2, 20), 10));
    story(&mut b, Some(10.0), Some("E-2"), date(2026, 2, 1));
    story(&mut b, Some(10.0), Some("E-1"), date(2026, 2, 1));
    let last = story(&mut b, Some(10.0), Some("E-2"), date(2026, 2, 1));
    let r = b.roadmap(&options(today()));
    assert_eq!(r.no_dates, None);
    let keys: Vec<&str> = r.epics.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["E-2", "E-1"], "in the order of their top open story");
    let onboarding = epic(&r, "E-2");
    assert_eq!(onboarding.last_story.as_deref(), Some(last.as_str()));
    assert_eq!(sprints(onboarding), (Some(3), Some(3)), "after 30 points");
    let checkout = epic(&r, "E-1");
    assert_eq!(sprints(checkout), (Some(2), Some(2)), "after 20 points");
    assert_eq!(
        (
            checkout.done_points,
            checkout.total_points,
            checkout.remaining_points
        ),
        (5.0, 15.0, 10.0)
    );
    let (p50, _) = onboarding.finish.dates().unwrap();
    assert_eq!(p50, Some(r.first_end + TimeDelta::days(2 * 14)));
    let start = |e: &EpicForecast| match e.finish {
        Finish::Forecast { start, .. } => start,
        _ => panic!("{:?}", e.finish),
    };
    assert_eq!(
        start(onboarding),
        Some(today()),
        "its first story is on top"
    );
    assert_eq!(
        start(checkout),
        Some(r.first_end + TimeDelta::days(1)),
        "10 points ahead of it take the first sprint"
    );
}

#[test]
fn unestimated_open_stories_are_flagged_and_count_as_no_work() {
    let mut b = steady();
    story(&mut b, Some(20.0), Some("E-1"), date(2026, 2, 1));
    let vague = story(&mut b, None, Some("E-2"), date(2026, 2, 1));
    let r = b.roadmap(&options(today()));
    let onboarding = epic(&r, "E-2");
    assert_eq!(onboarding.unestimated, [vague]);
    assert_eq!(onboarding.remaining_points, 0.0);
    assert_eq!(
        sprints(onboarding),
        (Some(2), Some(2)),
        "it waits for the 20 points above it and adds none"
    );
}

#[test]
fn without_velocity_history_the_roadmap_says_not_enough_history() {
    let mut b = history(&[10.0, 12.0]);
    b.add_epic("Onboarding", "").unwrap();
    b.add_epic("Search", "").unwrap();
    story(&mut b, Some(5.0), Some("E-1"), date(2026, 2, 1));
    let shipped = story(&mut b, Some(3.0), Some("E-2"), date(2026, 2, 1));
    done(&mut b, &shipped, at(date(2026, 2, 20), 10));
    let r = b.roadmap(&options(today()));
    let why = r.no_dates.as_deref().unwrap();
    assert!(why.starts_with("not enough history"), "{why}");
    assert!(why.contains("2 closed sprints"), "{why}");
    assert_eq!(epic(&r, "E-1").finish, Finish::NotEnoughHistory);
    assert_eq!(epic(&r, "E-2").finish, Finish::Done);
    assert_eq!(epic(&r, "E-3").finish, Finish::NoStories);
    let idle = history(&[0.0, 0.0, 0.0]);
    let why = idle.roadmap(&options(today())).no_dates.unwrap();
    assert!(why.contains("finished no points"), "{why}");
}

/// Uneven velocities and three epics interleaved down the ranking.
fn interleaved() -> Backlog {
    let mut b = history(&[12.0, 20.0, 9.0, 25.0, 17.0]);
    b.add_epic("Onboarding", "").unwrap();
    b.add_epic("Search", "").unwrap();
    for i in 0..30 {
        let e = ["E-1", "E-2", "E-3"][i % 3];
        story(
            &mut b,
            Some([3.0, 5.0, 8.0][i % 3]),
            Some(e),
            date(2026, 2, 1),
        );
    }
    b
}

#[test]
fn moving_a_story_of_an_epic_to_the_top_makes_it_no_later_and_the_epics_it_passes_no_earlier() {
    let b = interleaved();
    let open: Vec<String> = b.stories[5..].iter().map(|s| s.key.clone()).collect();
    for (n, key) in open.iter().enumerate().step_by(4) {
        for seed in [1, 7, 42] {
            let mut o = options(today());
            o.seed = seed;
            let w = b.what_if(key, &Position::Top, &o).unwrap();
            let moved_epic = w.epic.clone().unwrap();
            let passed: Vec<&str> = open[..n]
                .iter()
                .filter_map(|k| b.story(k).unwrap().epic.as_deref())
                .collect();
            for e in &w.epics {
                let (d50, d85) = (e.p50_days.unwrap(), e.p85_days.unwrap());
                if e.key == moved_epic {
                    assert!(d50 <= 0 && d85 <= 0, "{key} seed {seed}: {e:?}");
                } else if passed.contains(&e.key.as_str()) {
                    assert!(d50 >= 0 && d85 >= 0, "{key} seed {seed}: {e:?}");
                } else {
                    assert_eq!((d50, d85), (0, 0), "{key} seed {seed}: {e:?}");
                }
            }
        }
    }
    let last = open.last().unwrap();
    let w = b.what_if(last, &Position::Top, &options(today())).unwrap();
    assert!(
        w.epics.iter().any(|e| e.key != "E-3" && e.moved()),
        "a big move pushes someone out: {:?}",
        w.epics
    );
}

#[test]
fn a_what_if_uses_the_same_seed_on_both_sides_so_a_move_in_place_changes_nothing() {
    let b = interleaved();
    let key = b.stories[12].key.clone();
    let w = b
        .what_if(&key, &Position::Index(12), &options(today()))
        .unwrap();
    assert_eq!((w.from_rank, w.to_rank), (Some(13), 13));
    assert!(
        w.epics
            .iter()
            .all(|e| e.p50_days == Some(0) && e.p85_days == Some(0))
    );
    assert_eq!(
        w,
        b.what_if(&key, &Position::Index(12), &options(today()))
            .unwrap()
    );
}

#[test]
fn a_what_if_changes_nothing_in_the_backlog_and_refuses_unknown_stories() {
    let b = interleaved();
    let before = b.clone();
    let key = b.stories[20].key.clone();
    let w = b
        .what_if(
            &key,
            &Position::Before(b.stories[6].key.clone()),
            &options(today()),
        )
        .unwrap();
    assert_eq!(w.to_rank, 7);
    assert_eq!(b, before);
    assert_eq!(
        b.what_if("S-999", &Position::Top, &options(today())),
        Err(ModelError::NoSuchStory("S-999".into()))
    );
    assert!(
        b.what_if(&key, &Position::After(key.clone()), &options(today()))
            .is_err()
    );
}

#[test]
fn a_what_if_says_which_stories_a_move_pushes_out_of_the_running_sprint() {
    let mut b = steady();
    let start = today() - TimeDelta::days(3);
    let sp = dated_sprint(&mut b, start, 12, Some(10.0));
    let first = story(&mut b, Some(5.0), Some("E-1"), date(2026, 2, 1));
    let second = story(&mut b, Some(5.0), Some("E-1"), date(2026, 2, 1));
    let urgent = story(&mut b, Some(3.0), Some("E-2"), date(2026, 2, 1));
    b.add_to_sprint(&sp, &[&first, &second], at(start, 8))
        .unwrap();
    b.start_sprint(&sp, at(start, 9)).unwrap();
    let w = b
        .what_if(&urgent, &Position::Top, &options(today()))
        .unwrap();
    let s = w.sprint.unwrap();
    assert_eq!(s.points, 10.0);
    assert_eq!((s.joins, s.leaves), (vec![urgent.clone()], vec![second]));
    let stay = b
        .what_if(&urgent, &Position::Bottom, &options(today()))
        .unwrap();
    assert!(!stay.sprint.unwrap().changes());
}

#[test]
fn a_story_not_in_the_backlog_yet_can_be_previewed_at_a_rank() {
    let b = interleaved();
    let mut s = Story::new("S-900".into(), "From sales", at(today(), 9));
    s.points = Some(40.0);
    s.epic = Some("E-2".into());
    let w = b.what_if_insert(&s, 5, &options(today()));
    assert_eq!((w.from_rank, w.to_rank), (None, 6));
    let search = w.epics.iter().find(|e| e.key == "E-3").unwrap();
    assert!(search.p50_days.unwrap() > 0, "{search:?}");
}

#[test]
fn configured_percentiles_are_reported_in_order_beside_the_fixed_p50_p85_p95() {
    let b = interleaved();
    let mut o = options(today());
    o.percentiles = vec![50, 85, 95];
    let r = b.roadmap(&o);
    assert_eq!(r.percentiles, vec![50, 85, 95]);
    for e in &r.epics {
        let Finish::Forecast {
            sprints,
            dates,
            percentiles,
            ..
        } = &e.finish
        else {
            continue;
        };
        // The same percentiles as the fixed fields give the same numbers.
        let got: Vec<_> = percentiles.iter().map(|l| (l.sprints, l.date)).collect();
        assert_eq!(
            got,
            vec![
                (sprints.p50, dates.p50),
                (sprints.p85, dates.p85),
                (sprints.p95, dates.p95)
            ]
        );
    }

    o.percentiles = vec![10, 30, 70, 90, 99];
    let r = b.roadmap(&o);
    let e = &r.epics[0];
    let Finish::Forecast { percentiles, .. } = &e.finish else {
        panic!("{:?}", e.finish)
    };
    let ps: Vec<u8> = percentiles.iter().map(|l| l.percentile).collect();
    assert_eq!(ps, vec![10, 30, 70, 90, 99]);
    assert!(
        percentiles.windows(2).all(|w| w[0].date <= w[1].date),
        "{percentiles:?}"
    );
    // The roadmap draws the first two.
    let (a, b2) = e.finish.drawn().unwrap();
    assert_eq!((a.percentile, b2.percentile), (10, 30));
    assert_eq!(r.drawn_names(), ("p10".to_string(), "p30".to_string()));
    assert_eq!(
        e.finish.labels(),
        (a.date.unwrap().to_string(), b2.date.unwrap().to_string())
    );

    // The what-if compares each configured percentile; with the default
    // set its first two are the fixed p50/p85 moves.
    let last = b.stories.last().unwrap().key.clone();
    o.percentiles = vec![50, 85, 95];
    let w = b.what_if(&last, &Position::Top, &o).unwrap();
    assert_eq!(w.percentiles, vec![50, 85, 95]);
    for e in &w.epics {
        let (p50, p85) = e.shown().unwrap();
        assert_eq!((p50.days, p85.days), (e.p50_days, e.p85_days), "{e:?}");
        assert_eq!((p50.sprints, p85.sprints), (e.p50_sprints, e.p85_sprints));
        assert_eq!(e.percentiles.len(), 3);
    }
}
