//! Metrics and forecasts: velocity, burndown series, scope change, lead
//! time, progress per epic, and the Monte Carlo forecast (deterministic for
//! a seed, monotone percentiles, little or no history handled).

mod model_support;

use chrono::{NaiveDate, TimeDelta};
use model_support::history::{at, date, dated_sprint, done, history, story};
use model_support::sprint;
use po::model::{Backlog, ForecastOptions, ModelError, Outcome, SprintState, Status, sample};

#[test]
fn velocity_is_the_done_points_per_closed_sprint_summarized_over_the_last_n() {
    let b = history(&[5.0, 10.0, 20.0, 30.0]);
    let all = b.velocities();
    let points: Vec<f64> = all.iter().map(|v| v.done_points).collect();
    assert_eq!(points, [5.0, 10.0, 20.0, 30.0]);
    assert!(all.iter().all(|v| v.done_stories == 1));

    let last3 = b.velocity(3);
    assert_eq!(last3.sprints.len(), 3);
    assert_eq!(last3.sprints[0].done_points, 10.0, "oldest first");
    let p = last3.points.unwrap();
    assert_eq!((p.count, p.mean, p.min, p.max), (3, 20.0, 10.0, 30.0));
    assert!((p.stdev - 10.0).abs() < 1e-9, "sample stdev of 10, 20, 30");
    let t = last3.stories.unwrap();
    assert_eq!((t.mean, t.stdev), (1.0, 0.0));
    assert_eq!(b.velocity(2).mean(), Some(25.0));
    assert_eq!(Backlog::new("empty").velocity(6).points, None);
}

#[test]
fn a_sprint_closed_by_hand_counts_the_done_stories_in_it() {
    let mut b = Backlog::new("Acme");
    let sp = dated_sprint(&mut b, date(2026, 3, 2), 12, None);
    for points in [3.0, 5.0] {
        let k = story(&mut b, Some(points), None, date(2026, 2, 1));
        b.add_to_sprint(&sp, &[&k], at(date(2026, 3, 2), 9))
            .unwrap();
        done(&mut b, &k, at(date(2026, 3, 4), 9));
    }
    let open = story(&mut b, Some(8.0), None, date(2026, 2, 1));
    b.add_to_sprint(&sp, &[open], at(date(2026, 3, 2), 9))
        .unwrap();
    b.sprints[0].state = SprintState::Closed;
    let v = &b.velocities()[0];
    assert_eq!((v.done_points, v.done_stories), (8.0, 2));
    assert_eq!(v.committed_points, None);
}

/// A five-day sprint with stories of 3, 5 and 2 points, started on its first day.
fn five_day_sprint() -> (Backlog, String, Vec<String>) {
    let mut b = Backlog::new("Acme");
    let start = date(2026, 11, 2);
    let sp = dated_sprint(&mut b, start, 5, Some(12.0));
    let keys: Vec<String> = [3.0, 5.0, 2.0]
        .iter()
        .map(|&p| story(&mut b, Some(p), None, date(2026, 10, 20)))
        .collect();
    b.add_to_sprint(&sp, &keys, at(start, 8)).unwrap();
    b.start_sprint(&sp, at(start, 9)).unwrap();
    (b, sp, keys)
}

#[test]
fn the_burndown_has_an_ideal_line_and_the_points_remaining_each_day_so_far() {
    let (mut b, sp, keys) = five_day_sprint();
    done(&mut b, &keys[0], at(date(2026, 11, 3), 11));
    done(&mut b, &keys[1], at(date(2026, 11, 5), 16));
    let burndown = b.burndown(&sp, date(2026, 11, 5)).unwrap();
    assert_eq!((burndown.scope_points, burndown.ideal_from), (10.0, 10.0));
    let ideal: Vec<f64> = burndown.days.iter().map(|d| d.ideal).collect();
    assert_eq!(ideal, [10.0, 7.5, 5.0, 2.5, 0.0]);
    let remaining: Vec<Option<f64>> = burndown.days.iter().map(|d| d.remaining).collect();
    assert_eq!(
        remaining,
        [Some(10.0), Some(7.0), Some(7.0), Some(2.0), None],
        "the last day is still ahead"
    );
    let done_per_day: Vec<f64> = burndown.days.iter().map(|d| d.done).collect();
    assert_eq!(done_per_day, [0.0, 3.0, 0.0, 5.0, 0.0]);
    assert_eq!(burndown.days[4].date, date(2026, 11, 6));
}

#[test]
fn work_added_after_the_start_raises_the_scope_but_not_the_ideal_line() {
    let (mut b, sp, keys) = five_day_sprint();
    let late = story(&mut b, Some(4.0), None, date(2026, 11, 3));
    b.add_to_sprint(&sp, &[&late], at(date(2026, 11, 3), 10))
        .unwrap();
    b.remove_from_sprint(&sp, &[&keys[2]], at(date(2026, 11, 3), 10))
        .unwrap();
    let burndown = b.burndown(&sp, date(2026, 11, 4)).unwrap();
    assert_eq!(burndown.scope_points, 12.0);
    assert_eq!(burndown.ideal_from, 10.0);
    assert_eq!(burndown.days[0].remaining, Some(12.0));

    let scope = b.scope_change(&sp).unwrap();
    assert_eq!(scope.committed, keys);
    assert_eq!(scope.added, [late]);
    assert_eq!(scope.removed, [keys[2].clone()]);
    assert_eq!((scope.added_points, scope.removed_points), (4.0, 2.0));
    assert_eq!(scope.net_points(), 2.0);
}

#[test]
fn a_closed_sprints_burndown_keeps_carried_over_work_as_not_done() {
    let (mut b, sp, keys) = five_day_sprint();
    done(&mut b, &keys[0], at(date(2026, 11, 3), 11));
    b.close_sprint(&sp, None, at(date(2026, 11, 6), 17))
        .unwrap();
    // Finished later, in another sprint: still unfinished work of this one.
    done(&mut b, &keys[1], at(date(2026, 11, 10), 11));
    let burndown = b.burndown(&sp, date(2026, 11, 20)).unwrap();
    assert_eq!(burndown.scope_points, 10.0);
    assert_eq!(burndown.days.last().unwrap().remaining, Some(7.0));
    let scope = b.scope_change(&sp).unwrap();
    assert!(
        scope.added.is_empty() && scope.removed.is_empty(),
        "{scope:?}"
    );
    assert_eq!(b.velocities()[0].done_points, 3.0);
}

#[test]
fn a_burndown_needs_a_start_and_stops_after_a_year() {
    let mut b = Backlog::new("Acme");
    b.add_sprint(sprint("undated")).unwrap();
    assert_eq!(b.burndown("SP-1", date(2026, 11, 2)), None);
    assert_eq!(b.scope_change("SP-1"), None, "never started by po");
    let sp = dated_sprint(&mut b, date(2026, 1, 1), 20_000, None);
    let burndown = b.burndown(&sp, date(2026, 11, 2)).unwrap();
    assert!(burndown.truncated);
    assert_eq!(burndown.end, date(2027, 1, 1), "a year from the start");
    assert_eq!(burndown.days.len(), 262, "its working days");
}

#[test]
fn lead_times_measure_created_to_done_with_a_histogram() {
    let mut b = Backlog::new("Acme");
    let created = date(2026, 10, 1);
    for days in [0.5, 2.0, 2.0, 10.0, 90.0] {
        let k = story(&mut b, Some(1.0), None, created);
        let hours = (days * 24.0) as i64;
        done(&mut b, &k, at(created, 9) + TimeDelta::hours(hours));
    }
    story(&mut b, Some(1.0), None, created);
    let c = b.lead_times(None).unwrap();
    assert_eq!(c.count, 5);
    assert_eq!((c.median_days, c.p85_days, c.max_days), (2.0, 90.0, 90.0));
    assert!((c.mean_days - 20.9).abs() < 1e-9);
    let counts: Vec<usize> = c.buckets.iter().map(|b| b.count).collect();
    assert_eq!(counts, [1, 2, 0, 1, 0, 0, 1]);
    let recent = b.lead_times(Some(date(2026, 10, 5))).unwrap();
    assert_eq!((recent.count, recent.max_days), (2, 90.0));
    assert_eq!(Backlog::new("empty").lead_times(None), None);
}

#[test]
fn progress_per_epic_splits_done_and_remaining_points() {
    let mut b = Backlog::new("Acme");
    b.add_epic("Checkout", "").unwrap();
    b.add_epic("Search", "").unwrap();
    let day = date(2026, 10, 1);
    let a = story(&mut b, Some(3.0), Some("E-1"), day);
    story(&mut b, Some(5.0), Some("E-1"), day);
    story(&mut b, None, Some("E-1"), day);
    story(&mut b, Some(8.0), None, day);
    done(&mut b, &a, at(day, 12));
    let rows = b.epic_progress();
    assert_eq!(rows.len(), 3);
    let e1 = &rows[0];
    assert_eq!(
        (e1.done_points, e1.remaining_points, e1.done_stories),
        (3.0, 5.0, 1)
    );
    assert_eq!((e1.remaining_stories, e1.unestimated), (2, 1));
    assert_eq!(
        rows[1].remaining_stories, 0,
        "an epic without stories is listed"
    );
    assert_eq!(
        (rows[2].key.as_deref(), rows[2].remaining_points),
        (None, 8.0)
    );
}

#[test]
fn the_sample_backlog_gives_sensible_metrics() {
    let today = date(2026, 11, 18);
    let b = sample::generate("Acme", 80, 4, today);
    let stats = b.stats(6, today);
    assert!(stats.velocity.sprints.len() >= 3);
    for v in &stats.velocity.sprints {
        let done = Backlog::points_of(b.stories_in(&v.key).filter(|s| s.status == Status::Done));
        assert_eq!(v.done_points, done, "{}", v.key);
        assert!(v.done_points > 0.0 && v.capacity.unwrap() >= v.done_points);
    }
    let active = stats.active.expect("the sample has an active sprint");
    let burndown = active.burndown.expect("the active sprint has dates");
    let remaining: Vec<f64> = burndown.days.iter().filter_map(|d| d.remaining).collect();
    assert!(!remaining.is_empty());
    assert!(remaining.windows(2).all(|w| w[1] <= w[0]), "{remaining:?}");
    assert!(
        remaining.last().unwrap() < &burndown.scope_points,
        "work was done"
    );
    let scope = active.scope.expect("the sample records the commitment");
    assert_eq!(scope.added.len(), 1);
    assert!(!active.load.goal_stories.is_empty());
    assert!(stats.lead_time.unwrap().median_days > 0.0);
    let review = b
        .sprint_review(&stats.velocity.sprints[0].key, today)
        .unwrap();
    assert_eq!(review.goal_met, Some(true));
}

fn options(today: NaiveDate) -> ForecastOptions {
    let mut o = ForecastOptions::new(today);
    o.runs = 2_000;
    o
}

/// A history with uneven velocities and `open` points of open work ranked below.
fn team(open: &[f64]) -> Backlog {
    let mut b = history(&[12.0, 20.0, 9.0, 25.0, 17.0]);
    for &p in open {
        story(&mut b, Some(p), Some("E-1"), date(2026, 3, 1));
    }
    b
}

#[test]
fn the_forecast_is_the_same_for_the_same_seed() {
    let b = team(&[5.0; 30]);
    let today = date(2026, 3, 16);
    let first = b.forecast(&options(today)).unwrap();
    assert_eq!(first, b.forecast(&options(today)).unwrap());
    assert!(matches!(first.outcome, Outcome::MonteCarlo { .. }));
    let seeds: Vec<Outcome> = (1..=8)
        .map(|seed| {
            let mut o = options(today);
            o.seed = seed;
            o.runs = 50;
            b.forecast(&o).unwrap().outcome
        })
        .collect();
    assert!(
        seeds.iter().any(|o| *o != seeds[0]),
        "different seeds give different draws"
    );
}

#[test]
fn forecast_percentiles_never_decrease() {
    let today = date(2026, 3, 16);
    for (i, open) in [vec![1.0; 3], vec![5.0; 30], vec![8.0; 100], vec![13.0; 7]]
        .iter()
        .enumerate()
    {
        let b = team(open);
        for seed in 0..5 {
            let mut o = options(today);
            o.seed = seed;
            o.by = Some(date(2026, 6, 30));
            let f = b.forecast(&o).unwrap();
            let Outcome::MonteCarlo { sprints, dates, .. } = f.outcome else {
                panic!("backlog {i}: {:?}", f.outcome);
            };
            assert!(sprints.p50 <= sprints.p85 && sprints.p85 <= sprints.p95);
            assert!(dates.p50 <= dates.p85 && dates.p85 <= dates.p95);
            let by = f.by.unwrap();
            let points: Vec<f64> = by.levels.iter().map(|l| l.points).collect();
            assert!(points.windows(2).all(|w| w[0] <= w[1]), "{points:?}");
            let stories: Vec<usize> = by.levels.iter().map(|l| l.stories).collect();
            assert!(stories.windows(2).all(|w| w[0] <= w[1]), "{stories:?}");
        }
    }
}

#[test]
fn a_steady_velocity_forecasts_exactly() {
    let mut b = history(&[20.0, 20.0, 20.0]);
    for _ in 0..10 {
        story(&mut b, Some(10.0), None, date(2026, 2, 1));
    }
    let today = date(2026, 3, 2);
    let mut o = options(today);
    o.by = Some(today + TimeDelta::days(14 * 2 + 13));
    let f = b.forecast(&o).unwrap();
    assert_eq!(f.remaining_points, 100.0);
    assert_eq!(f.cadence_days, 14);
    assert_eq!(f.first_end, today + TimeDelta::days(13));
    let Outcome::MonteCarlo { sprints, dates, .. } = f.outcome else {
        panic!("{:?}", f.outcome);
    };
    assert_eq!((sprints.p50, sprints.p95), (Some(5), Some(5)));
    assert_eq!(dates.p50, Some(f.first_end + TimeDelta::days(4 * 14)));
    let by = f.by.unwrap();
    assert_eq!(by.sprints, 3);
    assert!(by.levels.iter().all(|l| l.points == 60.0 && l.stories == 6));
}

#[test]
fn with_little_history_the_forecast_is_a_range_from_capacity() {
    let mut b = history(&[10.0, 14.0]);
    for _ in 0..6 {
        story(&mut b, Some(5.0), None, date(2026, 2, 1));
    }
    dated_sprint(&mut b, date(2026, 2, 16), 12, Some(10.0));
    let f = b.forecast(&options(date(2026, 2, 10))).unwrap();
    let Outcome::Range {
        capacity,
        fewest,
        most,
        earliest,
        latest,
    } = f.outcome
    else {
        panic!("{:?}", f.outcome);
    };
    assert_eq!((capacity, fewest, most), (10.0, Some(3), Some(6)));
    assert!(earliest < latest);
    assert!(
        f.notes.iter().any(|n| n.contains("only 2 closed sprints")),
        "{:?}",
        f.notes
    );
}

#[test]
fn without_history_or_capacity_there_is_no_forecast_and_without_work_nothing_to_do() {
    let mut b = Backlog::new("Acme");
    let today = date(2026, 2, 10);
    assert_eq!(b.forecast(&options(today)).unwrap().outcome, Outcome::Done);
    story(&mut b, Some(5.0), None, today);
    story(&mut b, None, None, today);
    let f = b.forecast(&options(today)).unwrap();
    assert!(
        matches!(f.outcome, Outcome::Unknown { .. }),
        "{:?}",
        f.outcome
    );
    assert_eq!(f.unestimated, 1);
    assert!(f.notes.iter().any(|n| n.contains("no estimate")));

    let idle = team(&[]);
    let mut zero = history(&[0.0, 0.0, 0.0]);
    story(&mut zero, Some(3.0), None, today);
    assert!(matches!(
        zero.forecast(&options(today)).unwrap().outcome,
        Outcome::Unknown { .. }
    ));
    assert_eq!(
        idle.forecast(&options(today)).unwrap().outcome,
        Outcome::Done
    );
}

#[test]
fn an_epic_forecast_counts_only_the_epics_open_stories() {
    let mut b = team(&[5.0, 5.0]);
    story(&mut b, Some(40.0), None, date(2026, 3, 1));
    let mut o = options(date(2026, 3, 16));
    o.epic = Some("E-1".into());
    let f = b.forecast(&o).unwrap();
    assert_eq!((f.remaining_points, f.remaining_stories), (10.0, 2));
    o.epic = Some("E-9".into());
    assert_eq!(
        b.forecast(&o).unwrap_err(),
        ModelError::NoSuchEpic("E-9".into())
    );
}

#[test]
fn a_backlog_beyond_the_horizon_says_more_than_rather_than_a_date() {
    let mut b = history(&[1.0, 1.0, 2.0]);
    story(&mut b, Some(5000.0), None, date(2026, 2, 1));
    let mut o = options(date(2026, 3, 2));
    o.runs = 0;
    let f = b.forecast(&o).unwrap();
    let Outcome::MonteCarlo {
        runs,
        sprints,
        dates,
        ..
    } = f.outcome
    else {
        panic!("{:?}", f.outcome);
    };
    assert_eq!(runs, 1, "at least one run");
    assert_eq!((sprints.p50, dates.p95), (None, None));
}

#[test]
fn closing_early_or_late_keeps_the_ideal_line_the_team_saw_while_the_sprint_ran() {
    let (b, sp, _) = five_day_sprint();
    let running = b.burndown(&sp, date(2026, 11, 4)).unwrap();
    let seen: Vec<f64> = running.days.iter().map(|d| d.ideal).collect();
    assert_eq!(seen, [10.0, 7.5, 5.0, 2.5, 0.0]);

    // Closed on Wednesday: three days shown, on the same line as before.
    let mut early = b.clone();
    early
        .close_sprint(&sp, None, at(date(2026, 11, 4), 17))
        .unwrap();
    let closed = early.burndown(&sp, date(2026, 11, 20)).unwrap();
    let ideal: Vec<f64> = closed.days.iter().map(|d| d.ideal).collect();
    assert_eq!(
        ideal,
        [10.0, 7.5, 5.0],
        "not redrawn to reach 0 on Wednesday"
    );

    // Closed the Tuesday after: the line reached 0 on the planned Friday.
    let mut late = b.clone();
    late.close_sprint(&sp, None, at(date(2026, 11, 10), 17))
        .unwrap();
    let closed = late.burndown(&sp, date(2026, 11, 20)).unwrap();
    let ideal: Vec<f64> = closed.days.iter().map(|d| d.ideal).collect();
    assert_eq!(ideal, [10.0, 7.5, 5.0, 2.5, 0.0, 0.0, 0.0]);
}

#[test]
fn the_review_counts_one_criterion_in_the_singular() {
    let today = date(2026, 11, 23);
    let mut b = po::model::sample::generate("Acme", 60, 3, today);
    let active = b.active_sprint().unwrap().key.clone();
    let key = b
        .stories_in(&active)
        .find(|s| s.status == Status::InProgress)
        .unwrap()
        .key
        .clone();
    let now = at(today, 9);
    b.update_story(&key, now, |s| {
        s.acceptance = vec![po::model::Criterion::new("It works")];
    })
    .unwrap();
    let review = b.sprint_review(&active, today).unwrap();
    let reason = review
        .not_done
        .iter()
        .find(|s| s.key == key)
        .and_then(|s| s.reason.clone())
        .unwrap();
    assert!(
        reason.starts_with("in progress (0 of 1 criterion met)"),
        "{reason}"
    );
}
