//! Requests in the model: each decision is one change that undoes exactly
//! and is told in words; a refused decision changes nothing; the
//! per-stakeholder summary counts what each sender is waiting for.

mod model_support;

use chrono::TimeDelta;
use model_support::{backlog_with, day};
use po::model::{Backlog, ModelError, Position, RequestState};

fn with_requests() -> Backlog {
    let mut b = backlog_with(&["First", "Second"]);
    b.add_request("SSO for the Acme deal", "Sales", day(2))
        .unwrap();
    b.add_request("Export invoices", "Finance", day(3)).unwrap();
    b.add_request("Dark mode", "Sales", day(4)).unwrap();
    b
}

/// Undoes `change` and checks the lists are as before (the key counters
/// stay ahead: keys are never handed out twice).
fn assert_undone(b: &mut Backlog, change: &po::model::Change, before: &Backlog) {
    b.apply(&change.inverse()).unwrap();
    assert_eq!(
        b.stories,
        before.stories,
        "stories after undoing {}",
        change.describe()
    );
    assert_eq!(
        b.requests,
        before.requests,
        "requests after undoing {}",
        change.describe()
    );
}

#[test]
fn accepting_is_one_change_told_with_its_rank_and_undone_whole() {
    let mut b = with_requests();
    let before = b.clone();
    let change = b
        .accept_request("R-1", None, None, &Position::Index(1), day(5))
        .unwrap();
    assert_eq!(change.describe(), "accepted R-1 as S-3 at rank 2");
    assert_eq!(
        change.describe_undone(),
        "undid: accepted R-1 as S-3 at rank 2"
    );
    assert_eq!(change.story_key(), Some("S-3"));
    assert_eq!(b.stories[1].request.as_deref(), Some("R-1"));
    assert_eq!(b.stories[1].requested_by, "Sales");
    assert_eq!(b.requests[0].decided, Some(day(5)));
    assert_undone(&mut b, &change, &before);
    // Redo puts it back exactly.
    b.apply(&change).unwrap();
    assert_eq!(b.requests[0].state, RequestState::Accepted);
}

#[test]
fn declining_and_reopening_are_told_and_undone() {
    let mut b = with_requests();
    let before = b.clone();
    let change = b.decline_request("R-2", " Not this year ", day(5)).unwrap();
    assert_eq!(change.describe(), "declined R-2: Not this year");
    assert_eq!(
        change.describe_undone(),
        "undid: declined R-2: Not this year"
    );
    assert_undone(&mut b, &change, &before);

    b.accept_request("R-3", Some("Dark theme"), None, &Position::Top, day(5))
        .unwrap();
    let accepted = b.clone();
    let change = b.reopen_request("R-3", day(6)).unwrap();
    assert_eq!(change.describe(), "reopened R-3 (S-3 stays in the backlog)");
    assert_eq!(b.story("S-3").unwrap().request, None);
    assert_undone(&mut b, &change, &accepted);
}

#[test]
fn a_refused_decision_changes_nothing_not_even_a_key_counter() {
    let mut b = with_requests();
    b.decline_request("R-2", "No", day(5)).unwrap();
    let before = b.clone();
    let refusals = [
        b.clone()
            .accept_request("R-2", None, None, &Position::Top, day(6)),
        b.clone()
            .accept_request("R-9", None, None, &Position::Top, day(6)),
        b.clone()
            .accept_request("R-1", None, Some("E-4"), &Position::Top, day(6)),
        b.clone()
            .accept_request("R-1", Some(" "), None, &Position::Top, day(6)),
        b.clone()
            .accept_request("R-1", None, None, &Position::Before("S-9".into()), day(6)),
        b.clone()
            .accept_request("R-1", None, None, &Position::Up(1), day(6)),
        b.clone().decline_request("R-1", "  ", day(6)),
        b.clone().reopen_request("R-1", day(6)),
    ];
    for refused in refusals {
        assert!(refused.is_err());
    }
    assert!(matches!(
        b.accept_request("R-9", None, None, &Position::Top, day(6)),
        Err(ModelError::NoSuchRequest(_))
    ));
    assert!(
        b.accept_request("R-1", None, Some("E-4"), &Position::Top, day(6))
            .is_err()
    );
    assert!(b.decline_request("R-1", "", day(6)).is_err());
    assert_eq!(b, before);
}

#[test]
fn the_stakeholder_summary_counts_open_oldest_accepted_and_declined() {
    let mut b = with_requests();
    b.add_request("Bulk edit", "Ops", day(1) - TimeDelta::days(3))
        .unwrap();
    b.decline_request("R-2", "No", day(5)).unwrap();
    b.accept_request("R-3", None, None, &Position::Bottom, day(5))
        .unwrap();
    let summary = b.stakeholders();
    let rows: Vec<(&str, usize, usize, usize)> = summary
        .iter()
        .map(|s| (s.name.as_str(), s.open, s.accepted, s.declined))
        .collect();
    // One open each: the one waiting longest first.
    assert_eq!(
        rows,
        [("Ops", 1, 0, 0), ("Sales", 1, 1, 0), ("Finance", 0, 0, 1)]
    );
    assert_eq!(summary[1].oldest_open, Some(day(2)));
    assert_eq!(summary[2].oldest_open, None);
}
