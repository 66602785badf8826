//! Random backlogs, with every kind of text, number, time and unknown field.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use po::model::{
    Backlog, Blocked, Conflict, Criterion, Entity, Epic, EpicOutcome, Moscow, NextKeys, Request,
    RequestState, Rice, Sprint, SprintRecord, SprintState, Status, StatusChange, Story,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ,.-]{0,16}",
        1 => any::<String>(),
        1 => "[\"\\\\\u{0}-\u{1f}\u{7f}é日\u{202e}\u{feff}]{0,6}",
    ]
}

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..100).prop_map(f64::from),
        0.0f64..1e6,
        Just(0.1),
        Just(9_007_199_254_740_993.0),
        Just(1e300),
    ]
}

/// Mostly numbers the file can hold, rarely one it cannot.
fn any_amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        60 => amount(),
        1 => Just(-1.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
    ]
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    let nanos = prop_oneof![4 => Just(0u32), 1 => 0u32..1_000_000_000, 1 => Just(1_000_000_000)];
    (-62_135_596_800_i64..400_000_000_000, nanos)
        .prop_filter_map("no such time", |(s, n)| Utc.timestamp_opt(s, n).single())
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((text(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn extra() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("x_[a-z]{1,3}|[\"\\\\\u{1}a]{1,3}", value()), 0..3)
        .prop_map(|entries| entries.into_iter().collect())
}

fn keys() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn optional_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn criterion() -> impl Strategy<Value = Criterion> {
    (text(), any::<bool>(), extra()).prop_map(|(text, done, extra)| Criterion { text, done, extra })
}

fn rice() -> impl Strategy<Value = Rice> {
    (any_amount(), amount(), amount(), amount(), extra()).prop_map(
        |(reach, impact, confidence, effort, extra)| Rice {
            reach,
            impact,
            confidence,
            effort,
            extra,
        },
    )
}

pub fn story() -> impl Strategy<Value = Story> {
    (
        (text(), text(), text(), text(), text(), text()),
        (
            prop::collection::vec(criterion(), 0..3),
            prop::option::of(amount()),
            prop::sample::select(Status::ALL.to_vec()),
            prop::option::of(prop::sample::select(Moscow::ALL.to_vec())),
            prop::option::of(rice()),
        ),
        (
            optional_text(),
            optional_text(),
            prop::collection::vec(text(), 0..3),
        ),
        (
            text(),
            prop::collection::vec(text(), 0..2),
            optional_text(),
            optional_text(),
        ),
        (time(), time(), prop::option::of(time()), extra()),
        (
            prop::option::of(text()),
            prop::option::of((text(), time(), extra())),
            prop::collection::vec((prop::sample::select(Status::ALL.to_vec()), time()), 0..3),
        ),
    )
        .prop_map(
            |(
                (key, title, as_a, i_want, so_that, description),
                (acceptance, points, status, moscow, rice),
                (epic, sprint, labels),
                (requested_by, depends_on, request, split_from),
                (created, updated, done_at, extra),
                (assignee, blocked, history),
            )| {
                let mut s = Story::new(key, title, created);
                s.as_a = as_a;
                s.i_want = i_want;
                s.so_that = so_that;
                s.description = description;
                s.acceptance = acceptance;
                s.points = points;
                s.status = status;
                s.moscow = moscow;
                s.rice = rice;
                s.epic = epic;
                s.sprint = sprint;
                s.labels = labels;
                s.requested_by = requested_by;
                s.depends_on = depends_on;
                s.request = request;
                s.split_from = split_from;
                s.updated = updated;
                s.done_at = done_at;
                s.extra = extra;
                s.assignee = assignee;
                s.blocked = blocked.map(|(reason, since, extra)| Blocked {
                    reason,
                    since,
                    extra,
                });
                s.status_history = history
                    .into_iter()
                    .map(|(status, at)| StatusChange { status, at })
                    .collect();
                s
            },
        )
}

fn date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of((-300_000i32..300_000).prop_filter_map("no such day", |d| {
        NaiveDate::from_num_days_from_ce_opt(d.wrapping_add(740_000))
    }))
}

fn sprint() -> impl Strategy<Value = Sprint> {
    (
        (text(), text(), text()),
        (date(), date(), prop::option::of(any_amount())),
        prop::sample::select(vec![
            SprintState::Planned,
            SprintState::Active,
            SprintState::Closed,
        ]),
        extra(),
        (
            prop::option::of(time()),
            prop::option::of(keys()),
            prop::option::of(any_amount()),
            prop::option::of(time()),
            prop::option::of(keys()),
            prop::option::of(any_amount()),
            prop::option::of(keys()),
        ),
        keys(),
    )
        .prop_map(
            |((key, name, goal), (start, end, capacity), state, extra, record, goal_stories)| {
                let (
                    started_at,
                    committed_stories,
                    committed_points,
                    closed_at,
                    done_stories,
                    done_points,
                    carried_over,
                ) = record;
                Sprint {
                    key,
                    name,
                    goal,
                    start,
                    end,
                    capacity,
                    state,
                    record: SprintRecord {
                        started_at,
                        committed_stories,
                        committed_points,
                        closed_at,
                        done_stories,
                        done_points,
                        carried_over,
                    },
                    goal_stories,
                    extra,
                }
            },
        )
}

fn request() -> impl Strategy<Value = Request> {
    (
        (text(), text(), text(), time()),
        prop::sample::select(vec![
            RequestState::New,
            RequestState::Accepted,
            RequestState::Declined,
        ]),
        (optional_text(), text(), prop::option::of(time()), extra()),
    )
        .prop_map(
            |((key, text, from, received), state, (story, reason, decided, extra))| Request {
                key,
                text,
                from,
                received,
                state,
                story,
                reason,
                decided,
                extra,
            },
        )
}

fn epic() -> impl Strategy<Value = Epic> {
    (
        text(),
        text(),
        text(),
        prop::option::of(epic_outcome()),
        extra(),
    )
        .prop_map(|(key, title, description, outcome, extra)| Epic {
            key,
            title,
            description,
            outcome,
            extra,
        })
}

fn epic_outcome() -> impl Strategy<Value = EpicOutcome> {
    let value = || prop::option::of(any_amount());
    (
        (text(), text()),
        (value(), value(), value()),
        date(),
        extra(),
    )
        .prop_map(
            |((metric, unit), (baseline, target, measured), measured_on, extra)| EpicOutcome {
                metric,
                unit,
                baseline,
                target,
                measured,
                measured_on,
                extra,
            },
        )
}

fn conflict() -> impl Strategy<Value = Conflict> {
    (
        prop::sample::select(vec![
            Entity::Story,
            Entity::Epic,
            Entity::Sprint,
            Entity::Request,
            Entity::Product,
            Entity::Backlog,
        ]),
        (text(), text()),
        (value(), value(), value()),
        extra(),
    )
        .prop_map(
            |(entity, (key, field), (base, ours, theirs), extra)| Conflict {
                entity,
                key,
                field,
                base,
                ours,
                theirs,
                extra,
            },
        )
}

fn next_keys() -> impl Strategy<Value = NextKeys> {
    (any::<[u64; 4]>(), extra()).prop_map(|([stories, epics, sprints, requests], extra)| NextKeys {
        stories,
        epics,
        sprints,
        requests,
        extra,
    })
}

pub fn backlog() -> impl Strategy<Value = Backlog> {
    (
        (text(), text(), extra(), next_keys()),
        prop::collection::vec(epic(), 0..3),
        prop::collection::vec(story(), 0..6),
        prop::collection::vec(sprint(), 0..3),
        prop::collection::vec(request(), 0..3),
        (prop::collection::vec(conflict(), 0..3), extra()),
    )
        .prop_map(
            |(
                (name, vision, product_extra, next_keys),
                epics,
                stories,
                sprints,
                requests,
                (conflicts, extra),
            )| {
                let mut b = Backlog::new(&name);
                b.product.vision = vision;
                b.product.extra = product_extra;
                b.next_keys = next_keys;
                b.epics = epics;
                b.stories = stories.into_iter().map(Arc::new).collect();
                b.sprints = sprints;
                b.requests = requests;
                b.conflicts = conflicts;
                b.extra = extra;
                b
            },
        )
}
