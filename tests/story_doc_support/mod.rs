//! The backlog and story the `$EDITOR` document tests edit, shared by the
//! example tests (story_doc.rs) and the property tests (story_doc_props.rs).
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use po::model::{Backlog, Criterion, Moscow, Rice, Sprint, Story};
use serde_json::{Map, json};

/// A backlog with two epics, a sprint and three stories; `S-6` is the one edited.
pub fn backlog() -> Backlog {
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 30, 0).unwrap();
    let mut b = Backlog::new("Acme");
    b.add_epic("Checkout", "").unwrap();
    b.add_epic("Search", "").unwrap();
    // The keys these tests have always used (SP-3, S-4…), from when every
    // kind shared one counter: counters may start anywhere.
    b.next_keys.sprints = 3;
    b.next_keys.stories = 4;
    b.add_sprint(Sprint::named("Sprint 1")).unwrap();
    for title in ["Log in", "Search by name", "Pay with saved card"] {
        let story = b.new_story(title, now);
        let len = b.stories.len();
        b.insert_story(len, story).unwrap();
    }
    b.update_story("S-6", now, |s| {
        s.as_a = "returning customer".into();
        s.i_want = "to pay with my saved card".into();
        s.so_that = "checkout takes one tap".into();
        s.points = Some(3.0);
        s.moscow = Some(Moscow::Must);
        s.epic = Some("E-1".into());
        s.sprint = Some("SP-3".into());
        s.labels = vec!["payments".into(), "mobile".into()];
        s.requested_by = "Sales".into();
        s.depends_on = vec!["S-4".into()];
        s.rice = Some(Rice {
            reach: 800.0,
            impact: 2.0,
            confidence: 0.8,
            effort: 2.0,
            extra: Map::new(),
        });
        s.description = "Customers who saved a card.\n\n# Notes\nNo 3-D Secure yet.".into();
        s.acceptance = vec![
            Criterion::new("Given a saved card, when I tap Pay, then the order is placed"),
            Criterion {
                text: "The card's last four digits are shown".into(),
                done: true,
                extra: Map::from_iter([("id".to_string(), json!(7))]),
            },
        ];
        s.extra.insert("x-custom".into(), json!({"kept": true}));
    })
    .unwrap();
    b
}

pub fn story(b: &Backlog) -> Story {
    b.story("S-6").unwrap().clone()
}
