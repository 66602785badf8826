//! The standup's model: working days and ageing over weekends, what moved
//! since a day, blockers and assignees, the status history under undo and
//! redo, and the standup's figures.

mod model_support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use model_support::{assert_undoes, backlog_with, sprint};
use po::model::board::{describe_moves, previous_working_day, working_days_between};
use po::model::standup::burndown_line;
use po::model::{AGEING_IN_PROGRESS, Backlog, Status, Story};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 2026-11-27 is a Friday, 2026-11-30 a Monday.
fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
}

fn moved(story: &mut Story, status: Status, when: DateTime<Utc>) {
    story.set_status(status, when);
}

#[test]
fn working_days_skip_weekends() {
    let fri = date(2026, 11, 27);
    let sat = date(2026, 11, 28);
    let mon = date(2026, 11, 30);
    assert_eq!(working_days_between(fri, fri), 0);
    assert_eq!(working_days_between(fri, sat), 0);
    assert_eq!(working_days_between(fri, mon), 1);
    assert_eq!(working_days_between(sat, mon), 1);
    assert_eq!(working_days_between(mon, fri), 0, "backwards is no time");
    // Three whole weeks and a day: fifteen plus Monday.
    assert_eq!(working_days_between(fri, date(2026, 12, 21)), 16);
    assert_eq!(previous_working_day(mon), fri);
    assert_eq!(previous_working_day(sat), fri);
    assert_eq!(previous_working_day(date(2026, 12, 2)), date(2026, 12, 1));
}

#[test]
fn a_card_ages_in_working_days_over_a_weekend() {
    let mut s = Story::new("S-1".into(), "Pay", at(20, 9));
    moved(&mut s, Status::InProgress, at(27, 16));
    // Friday afternoon to Monday: one working day, not three calendar days.
    assert_eq!(s.days_in_column(date(2026, 11, 30)), Some(1));
    assert!(
        !s.is_ageing(date(2026, 12, 1)),
        "2 working days is not ageing"
    );
    assert_eq!(
        s.days_in_column(date(2026, 12, 2)),
        Some(AGEING_IN_PROGRESS)
    );
    assert!(s.is_ageing(date(2026, 12, 2)));
    // A move on Saturday counts from Monday on.
    let mut weekend = Story::new("S-2".into(), "Ship", at(20, 9));
    moved(&mut weekend, Status::InProgress, at(28, 11));
    assert_eq!(weekend.days_in_column(date(2026, 11, 30)), Some(1));
    // Done stories never age, however long they sit.
    moved(&mut s, Status::Done, at(27, 17));
    assert!(!s.is_ageing(date(2026, 12, 31)));
}

#[test]
fn without_history_a_card_is_as_old_as_it_is_in_to_do_and_unknown_in_progress() {
    let mut s = Story::new("S-1".into(), "Pay", at(23, 9));
    assert_eq!(s.days_in_column(date(2026, 11, 30)), Some(5));
    s.status = Status::InProgress;
    assert_eq!(s.days_in_column(date(2026, 11, 30)), None);
    assert!(!s.is_ageing(date(2026, 12, 30)));
}

#[test]
fn what_moved_since_yesterday_reads_as_one_line() {
    let since = at(27, 0);
    let mut done = Story::new("S-12".into(), "Pay", at(20, 9));
    moved(&mut done, Status::InProgress, at(24, 9));
    moved(&mut done, Status::Done, at(27, 15));
    let mut started = Story::new("S-18".into(), "Ship", at(20, 9));
    moved(&mut started, Status::InProgress, at(30, 8));
    let mut blocked = Story::new("S-20".into(), "Keys", at(20, 9));
    blocked.set_blocked(Some("  waiting for API keys "), at(27, 10));
    let mut back_and_forth = Story::new("S-21".into(), "Undo", at(20, 9));
    moved(&mut back_and_forth, Status::InProgress, at(27, 9));
    moved(&mut back_and_forth, Status::Todo, at(27, 10));
    let mut old = Story::new("S-22".into(), "Old", at(20, 9));
    moved(&mut old, Status::InProgress, at(26, 9));
    let moves: Vec<_> = [&done, &started, &blocked, &back_and_forth, &old]
        .iter()
        .filter_map(|s| s.moved_since(since))
        .collect();
    assert_eq!(
        describe_moves(&moves),
        "S-12 → done, S-18 → in progress, S-20 blocked: waiting for API keys"
    );
    assert_eq!(describe_moves(&[]), "nothing moved");
}

#[test]
fn blocking_needs_a_reason_and_keeps_its_since_when_the_reason_changes() {
    let mut b = backlog_with(&["Pay", "Ship"]);
    let before = b.clone();
    let err = b.block_story("S-1", "   ", at(27, 9)).unwrap_err();
    assert!(err.to_string().contains("needs a reason"), "{err}");
    assert_eq!(b, before, "a refused block changes nothing");
    let change = b
        .block_story("S-1", "waiting for API keys", at(27, 9))
        .unwrap()
        .unwrap();
    assert_eq!(change.describe(), "blocked S-1: waiting for API keys");
    assert_eq!(change.describe_undone(), "undid: unblocked S-1");
    assert_undoes(&mut b.clone(), &change, &before);
    b.block_story("S-1", "waiting for legal", at(30, 9))
        .unwrap();
    let blocked = b.story("S-1").unwrap().blocked.clone().unwrap();
    assert_eq!(
        (blocked.reason.as_str(), blocked.since),
        ("waiting for legal", at(27, 9))
    );
    let change = b.unblock_story("S-1", at(30, 10)).unwrap().unwrap();
    assert_eq!(change.describe(), "unblocked S-1");
    assert_eq!(b.unblock_story("S-1", at(30, 11)).unwrap(), None);
    assert!(b.block_story("S-9", "x", at(30, 9)).is_err());
}

#[test]
fn assignees_are_trimmed_listed_once_and_blank_clears_them() {
    let mut b = backlog_with(&["Pay", "Ship", "Keys"]);
    for (key, name) in [("S-1", " Maya "), ("S-2", "Bob"), ("S-3", "Maya")] {
        b.update_story(key, at(27, 9), |s| s.set_assignee(Some(name)))
            .unwrap();
    }
    assert_eq!(b.assignees(), ["Bob", "Maya"]);
    let change = b
        .update_story("S-2", at(27, 9), |s| s.set_assignee(Some("  ")))
        .unwrap()
        .unwrap();
    assert_eq!(change.describe(), "assignee of S-2 Bob → none");
    let err = b
        .update_story("S-1", at(27, 9), |s| s.assignee = Some(" ".into()))
        .unwrap_err();
    assert!(err.to_string().contains("assignee"), "{err}");
}

#[test]
fn the_status_history_is_restored_exactly_by_undo_and_redo() {
    let mut b = backlog_with(&["Pay"]);
    let start = b.clone();
    let first = b
        .update_story("S-1", at(27, 9), |s| s.status = Status::InProgress)
        .unwrap()
        .unwrap();
    let second = b
        .update_story("S-1", at(30, 9), |s| s.status = Status::Done)
        .unwrap()
        .unwrap();
    let after = b.clone();
    let history = |b: &Backlog| b.story("S-1").unwrap().status_history.clone();
    assert_eq!(history(&after).len(), 2);
    b.apply(&second.inverse()).unwrap();
    assert_eq!(history(&b).len(), 1, "undo drops the last move");
    assert_eq!(b.story("S-1").unwrap().done_at, None);
    b.apply(&first.inverse()).unwrap();
    assert_eq!(b, start, "undoing both is the story as it was");
    b.apply(&first).unwrap();
    b.apply(&second).unwrap();
    assert_eq!(
        b, after,
        "redo brings back the same moves at the same times"
    );
}

#[test]
fn the_standup_counts_columns_days_left_blockers_and_ageing() {
    let mut b = backlog_with(&["Pay", "Ship", "Keys", "Elsewhere"]);
    let mut sp = sprint("Sprint 1");
    sp.goal = "Checkout works".into();
    sp.start = Some(date(2026, 11, 23));
    sp.end = Some(date(2026, 12, 4));
    b.add_sprint(sp).unwrap();
    let points = [3.0, 5.0, 2.0];
    for (i, key) in ["S-1", "S-2", "S-3"].iter().enumerate() {
        b.update_story(key, at(23, 8), |s| {
            s.sprint = Some("SP-1".into());
            s.points = Some(points[i]);
        })
        .unwrap();
    }
    b.start_sprint("SP-1", at(23, 8)).unwrap();
    b.update_story("S-1", at(24, 9), |s| s.status = Status::InProgress)
        .unwrap();
    b.update_story("S-2", at(24, 9), |s| s.status = Status::InProgress)
        .unwrap();
    b.update_story("S-2", at(27, 15), |s| s.status = Status::Done)
        .unwrap();
    b.block_story("S-3", "waiting for API keys", at(27, 10))
        .unwrap();
    let today = date(2026, 11, 30);
    let standup = b.standup(today, previous_working_day(today)).unwrap();
    assert_eq!(standup.sprint, "SP-1");
    assert_eq!(
        standup.days_left,
        Some(5),
        "Monday to Friday, today included"
    );
    let columns: Vec<(usize, f64)> = standup
        .columns
        .iter()
        .map(|c| (c.stories, c.points))
        .collect();
    assert_eq!(columns, [(1, 2.0), (1, 3.0), (1, 5.0)]);
    assert_eq!(standup.committed_points(), 10.0);
    assert_eq!(
        describe_moves(&standup.moves),
        "S-2 → done, S-3 blocked: waiting for API keys"
    );
    assert_eq!(standup.blocked.len(), 1);
    assert_eq!(
        (standup.blocked[0].key.as_str(), standup.blocked[0].days),
        ("S-3", 1)
    );
    let ageing: Vec<(&str, i64)> = standup
        .ageing
        .iter()
        .map(|a| (a.key.as_str(), a.days))
        .collect();
    assert_eq!(ageing, [("S-1", 4)]);
    let line = burndown_line(standup.burndown.as_ref().unwrap());
    assert_eq!(
        line,
        "████▅▅···· 5 of 10 pts left, ideal 4.4: behind by 0.6"
    );
    assert!(Backlog::new("x").standup(today, today).is_none());
}
