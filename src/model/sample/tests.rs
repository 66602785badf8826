//! The sample is deterministic, consistent, and reads like a real backlog.

use std::collections::HashSet;

use std::sync::Arc;

use chrono::Datelike;

use super::*;
use crate::model::{RequestState, Sprint, SprintState};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn the_same_seed_gives_the_same_backlog() {
    let a = generate("Acme", 120, 7, day(2026, 3, 18));
    let b = generate("Acme", 120, 7, day(2026, 3, 18));
    assert_eq!(a, b);
    let c = generate("Acme", 120, 8, day(2026, 3, 18));
    assert_ne!(a.stories, c.stories);
}

#[test]
fn a_sample_has_the_stories_asked_for_with_unique_keys_and_no_problems() {
    for n in [0, 1, 2, 5, 40, 333] {
        let b = generate("Acme", n, 3, day(2026, 11, 2));
        assert_eq!(b.stories.len(), n);
        let keys: HashSet<&str> = b.stories.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys.len(), n);
        assert_eq!(b.problems(), Vec::new(), "{n} stories");
        assert!((8..=12).contains(&b.epics.len()));
    }
}

#[test]
fn closed_sprints_hold_done_work_inside_their_dates() {
    let b = generate("Acme", 40, 1, day(2026, 6, 10));
    let closed: Vec<&Sprint> = b
        .sprints
        .iter()
        .filter(|s| s.state == SprintState::Closed)
        .collect();
    assert!(closed.len() >= 2, "{} closed sprints", closed.len());
    let active: Vec<&Sprint> = b
        .sprints
        .iter()
        .filter(|s| s.state == SprintState::Active)
        .collect();
    assert_eq!(active.len(), 1);
    let in_active = |status| {
        b.stories
            .iter()
            .any(|s| s.sprint.as_ref() == Some(&active[0].key) && s.status == status)
    };
    assert!(in_active(Status::Done) && in_active(Status::InProgress) && in_active(Status::Todo));
    assert_eq!(
        b.sprints
            .iter()
            .filter(|s| s.state == SprintState::Planned)
            .count(),
        1
    );
    for sprint in closed {
        let done: Vec<&Story> = b
            .stories
            .iter()
            .filter(|s| s.sprint.as_deref() == Some(&sprint.key))
            .map(|s| &**s)
            .collect();
        assert!(!done.is_empty(), "{} has no stories", sprint.key);
        for s in done {
            assert_eq!(s.status, Status::Done, "{}", s.key);
            let at = s.done_at.expect("done stories have done_at").date_naive();
            assert!(
                Some(at) >= sprint.start && Some(at) <= sprint.end,
                "{} done {at}",
                s.key
            );
            assert!(s.created < s.done_at.expect("checked"), "{}", s.key);
            assert!(s.points.is_some());
        }
    }
}

#[test]
fn stories_read_as_user_stories_with_varied_titles() {
    let b = generate("Acme", 300, 5, day(2026, 1, 15));
    let titles: HashSet<&str> = b.stories.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles.len(), 300, "titles repeat");
    let with_sentence = b.stories.iter().filter(|s| s.sentence().is_some()).count();
    assert!(
        with_sentence > 250,
        "{with_sentence} of 300 have a sentence"
    );
    assert!(b.stories.iter().any(|s| s.points.is_none()));
    assert!(b.stories.iter().any(|s| !s.depends_on.is_empty()));
    assert!(b.stories.iter().all(|s| s.updated >= s.created));
    assert!(
        b.requests
            .iter()
            .any(|r| r.state == RequestState::Declined && !r.reason.is_empty())
    );
}

#[test]
fn the_sample_ranks_open_work_above_done_work() {
    let b = generate("Acme", 200, 5, day(2026, 11, 2));
    let first_done = b
        .stories
        .iter()
        .position(|s| s.status == Status::Done)
        .expect("the sample has done work");
    assert!(first_done > 0, "open work comes first");
    assert!(
        b.stories[first_done..]
            .iter()
            .all(|s| s.status == Status::Done),
        "nothing open below done work"
    );
    // The closed sprints' work is last, the latest sprint highest.
    let closed: Vec<&str> = b
        .sprints
        .iter()
        .filter(|s| s.state == SprintState::Closed)
        .map(|s| s.key.as_str())
        .collect();
    assert!(closed.len() >= 2);
    let mut order: Vec<&str> = b.stories[first_done..]
        .iter()
        .filter_map(|s| s.sprint.as_deref())
        .filter(|k| closed.contains(k))
        .collect();
    order.dedup();
    let mut latest_first = closed.clone();
    latest_first.reverse();
    assert_eq!(order, latest_first);
}

#[test]
fn the_running_sprint_is_worked_on_by_named_people_with_one_blocker() {
    let today = day(2026, 11, 30);
    let b = generate("Acme", 200, 4, today);
    let active = b
        .sprints
        .iter()
        .find(|s| s.state == SprintState::Active)
        .expect("a running sprint");
    let picked_up: Vec<&Arc<Story>> = b
        .stories
        .iter()
        .filter(|s| s.sprint.as_deref() == Some(active.key.as_str()))
        .filter(|s| s.status != Status::Todo)
        .collect();
    assert!(picked_up.len() >= 2, "{} picked up", picked_up.len());
    for s in &picked_up {
        assert!(s.assignee.is_some(), "{} has nobody on it", s.key);
        assert_eq!(s.status_history.last().map(|c| c.status), Some(s.status));
        assert!(s.days_in_column(today).is_some(), "{} has no age", s.key);
    }
    let blocked: Vec<&Arc<Story>> = b.stories.iter().filter(|s| s.blocked.is_some()).collect();
    assert_eq!(blocked.len(), 1, "one story waits on something");
    let blocker = blocked[0].blocked.as_ref().expect("blocked");
    assert_eq!(blocked[0].status, Status::InProgress);
    assert!(
        blocker.since.weekday().num_days_from_monday() < 5,
        "on a working day"
    );
    assert!(blocker.since.date_naive() < today);
}
