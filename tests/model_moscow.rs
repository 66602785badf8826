//! MoSCoW shares (src/model/moscow.rs): per sprint and per epic, and the
//! warning when Must takes more than 60% of a sprint's capacity.

mod model_support;

use std::sync::Arc;

use model_support::{backlog_with, day, sprint};
use po::model::moscow::{MUST_SHARE_LIMIT, Shares};
use po::model::{Backlog, Moscow, Sprint, SprintState};

/// Four stories in sprint SP-1 (capacity `capacity`) and epic E-1:
/// must 6, should 2, could 1, none 1 points; one more unestimated must.
fn planned(capacity: Option<f64>) -> Backlog {
    let mut b = backlog_with(&["a", "b", "c", "d", "e"]);
    b.add_epic("Checkout", "").unwrap();
    b.add_sprint(Sprint {
        capacity,
        ..sprint("Sprint 1")
    })
    .unwrap();
    let parts = [
        (Some(6.0), Some(Moscow::Must)),
        (Some(2.0), Some(Moscow::Should)),
        (Some(1.0), Some(Moscow::Could)),
        (Some(1.0), None),
        (None, Some(Moscow::Must)),
    ];
    for (s, (points, moscow)) in b.stories.iter_mut().zip(parts) {
        let s = Arc::make_mut(s);
        (s.points, s.moscow) = (points, moscow);
        s.sprint = Some("SP-1".into());
        s.epic = Some("E-1".into());
    }
    b
}

#[test]
fn shares_are_of_estimated_points_by_priority() {
    let b = planned(Some(20.0));
    let shares = b.sprint_shares("SP-1").unwrap().shares;
    assert_eq!(shares.total(), 10.0);
    assert_eq!(shares.share(Some(Moscow::Must)), 0.6);
    assert_eq!(shares.share(Some(Moscow::Should)), 0.2);
    assert_eq!(shares.share(Some(Moscow::Wont)), 0.0);
    assert_eq!(shares.share(None), 0.1);
    assert_eq!(
        shares.describe(),
        "Must 60% · Should 20% · Could 10% · Won't 0% · none 10%"
    );
    assert_eq!(Shares::default().describe(), "no estimated points");
    assert_eq!(Shares::default().share(Some(Moscow::Must)), 0.0);
}

#[test]
fn must_over_sixty_percent_of_capacity_warns_and_at_sixty_it_does_not() {
    assert_eq!(MUST_SHARE_LIMIT, 0.6);
    let roomy = planned(Some(10.0)).sprint_shares("SP-1").unwrap();
    assert_eq!(roomy.must_of_capacity, Some(0.6));
    assert!(!roomy.must_over_limit);
    assert_eq!(roomy.warning(), None);

    let tight = planned(Some(8.0)).sprint_shares("SP-1").unwrap();
    assert!(tight.must_over_limit);
    let warning = tight.warning().unwrap();
    assert!(
        warning.starts_with("Must is 75% of SP-1's capacity, over 60%"),
        "{warning}"
    );

    // Without a capacity the sprint's own points stand in for it.
    let mut b = planned(None);
    b.update_story("S-2", day(2), |s| s.moscow = Some(Moscow::Must))
        .unwrap();
    let shares = b.sprint_shares("SP-1").unwrap();
    assert_eq!(shares.must_of_capacity, Some(0.8));
    assert!(
        shares
            .warning()
            .unwrap()
            .contains("points (no capacity set)")
    );
}

#[test]
fn stats_hold_the_open_sprints_and_the_epics() {
    let mut b = planned(Some(20.0));
    b.sprints.push(Sprint {
        key: "SP-2".into(),
        state: SprintState::Closed,
        ..sprint("Old")
    });
    let m = b.moscow_stats();
    let sprints: Vec<&str> = m.sprints.iter().map(|s| s.sprint.as_str()).collect();
    assert_eq!(sprints, ["SP-1"]);
    assert_eq!(m.epics.len(), 1);
    assert_eq!(m.epics[0].shares.must, 6.0);
    assert_eq!(m.epics[0].shares.total(), 10.0);
    assert_eq!(m.must_limit, 0.6);
}
