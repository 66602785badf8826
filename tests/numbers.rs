//! The numbers a product owner shows stakeholders, as the model and the TUI
//! compute them: one velocity everywhere, named with its window.

mod fixtures;
mod numbers_support;

use numbers_support::{date, eight_sprints, planned, story};
use po::model::{BudgetSource, VELOCITY_WINDOW};
use po::tui::app::App;
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.trim_end().to_string() + "\n"
        })
        .collect()
}

#[test]
fn velocity_is_one_mean_over_one_window_for_planning_review_and_forecast() {
    let mut b = eight_sprints();
    planned(&mut b, date(2026, 5, 4), 12);
    story(&mut b, Some(5.0), None);
    let velocity = b.velocity(VELOCITY_WINDOW);
    assert_eq!(velocity.mean(), Some(15.0));
    assert_eq!(velocity.describe().as_deref(), Some("15 (last 6 sprints)"));

    let budget = b.planning_budget(VELOCITY_WINDOW).unwrap();
    assert_eq!(budget.points, 15.0);
    assert_eq!(budget.source, BudgetSource::Velocity { sprints: 6 });
    assert_eq!(budget.describe(), "velocity 15 (last 6 sprints)");

    let forecast = b
        .forecast(&po::model::ForecastOptions::new(date(2026, 5, 1)))
        .unwrap();
    assert_eq!(forecast.velocity().as_deref(), Some("15 (last 6 sprints)"));

    // The review compares with the window of sprints before the reviewed one.
    let last = b.sprints[7].key.clone();
    let review = b.sprint_review(&last, date(2026, 5, 1)).unwrap();
    let before = review.average.unwrap();
    assert_eq!(before.count, 6);
    assert_eq!(
        before.mean,
        110.0 / 6.0,
        "40, 10, 12, 14, 16, 18: the six before"
    );
}

#[test]
fn planning_and_metrics_views_show_the_same_velocity_with_its_window() {
    let mut b = eight_sprints();
    planned(&mut b, date(2026, 5, 4), 12);
    story(&mut b, Some(5.0), None);
    let mut app = App::new(b, None, &[]);
    fixtures::press(&mut app, "3");
    let planning = screen(&mut app, 200, 30);
    assert!(
        planning.contains("cut at velocity 15 (last 6 sprints)"),
        "{planning}"
    );
    fixtures::press(&mut app, "4");
    app.compute_figures_now();
    let metrics = screen(&mut app, 200, 40);
    assert!(
        metrics.contains("Velocity 15 (last 6 sprints)"),
        "{metrics}"
    );
}

#[test]
fn a_forecast_at_the_end_of_the_calendar_saturates_instead_of_panicking() {
    use chrono::{NaiveDate, TimeDelta};
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    story(&mut b, Some(400.0), None);
    let sp = planned(&mut b, NaiveDate::MAX - TimeDelta::days(20), 21);
    b.start_sprint(&sp, numbers_support::at(date(2026, 5, 4), 9))
        .unwrap();
    let mut options = po::model::ForecastOptions::new(NaiveDate::MAX - TimeDelta::days(3));
    options.by = Some(NaiveDate::MAX);
    let f = b.forecast(&options).unwrap();
    match f.outcome {
        po::model::Outcome::MonteCarlo { sprints, dates, .. } => {
            assert!(sprints.p50.is_some_and(|n| n > 1), "{sprints:?}");
            assert_eq!(dates.p50, None, "past the calendar's end");
        }
        other => panic!("expected a simulation, got {other:?}"),
    }
    assert_eq!(f.sprint_end(1), Some(NaiveDate::MAX));
    assert_eq!(f.sprint_end(2), None);

    // A new backlog whose "today" is the calendar's last day.
    let mut empty = po::model::Backlog::new("Acme");
    story(&mut empty, Some(3.0), None);
    let f = empty
        .forecast(&po::model::ForecastOptions::new(NaiveDate::MAX))
        .unwrap();
    assert_eq!(f.first_end, NaiveDate::MAX);
}

#[test]
fn an_epic_with_only_unestimated_open_stories_is_not_forecast_as_done() {
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    let epic = b.epics[0].key.clone();
    let first = story(&mut b, None, Some(&epic));
    let second = story(&mut b, None, Some(&epic));
    let mut options = po::model::ForecastOptions::new(date(2026, 5, 1));
    options.epic = Some(epic);
    let f = b.forecast(&options).unwrap();
    assert_eq!(
        f.outcome,
        po::model::Outcome::Unestimated {
            stories: vec![first, second]
        }
    );
    assert_eq!((f.remaining_stories, f.unestimated), (2, 2));
}

/// A started sprint holding two stories, the first marked as serving its
/// goal, and a planned sprint after it. Returns (backlog, sprint, next, goal story, other story).
fn goal_sprint() -> (po::model::Backlog, String, String, String, String) {
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    let sp = planned(&mut b, date(2026, 5, 4), 12);
    let next = planned(&mut b, date(2026, 5, 18), 12);
    let goal = story(&mut b, Some(3.0), None);
    let other = story(&mut b, Some(2.0), None);
    let at = numbers_support::at(date(2026, 5, 4), 9);
    b.add_to_sprint(&sp, &[&goal, &other], at).unwrap();
    b.set_serves_goal(&goal, true, at).unwrap();
    b.start_sprint(&sp, at).unwrap();
    (b, sp, next, goal, other)
}

#[test]
fn a_goal_story_carried_into_the_next_sprint_does_not_serve_that_sprints_goal() {
    let (mut b, sp, next, goal, other) = goal_sprint();
    let day = date(2026, 5, 15);
    numbers_support::done(&mut b, &other, numbers_support::at(day, 10));
    b.close_sprint(&sp, Some(&next), numbers_support::at(day, 17))
        .unwrap();
    assert_eq!(
        b.story(&goal).unwrap().sprint.as_deref(),
        Some(next.as_str())
    );

    let load = b.sprint_load(&next).unwrap();
    assert!(load.goal_stories.is_empty(), "{load:?}");
    let review = b.sprint_review(&next, day).unwrap();
    assert_eq!(review.goal_met, None, "nothing marked for the new sprint");
    assert!(review.not_done.iter().all(|s| !s.serves_goal));

    // The closed sprint still knows its goal story was not done.
    let review = b.sprint_review(&sp, day).unwrap();
    assert_eq!(review.goal_met, Some(false));
}

#[test]
fn a_goal_story_moved_by_hand_to_another_sprint_leaves_its_mark_behind() {
    let (mut b, sp, next, goal, _) = goal_sprint();
    let at = numbers_support::at(date(2026, 5, 6), 9);
    b.add_to_sprint(&next, &[&goal], at).unwrap();
    assert!(b.sprint_load(&next).unwrap().goal_stories.is_empty());
    assert!(b.sprint_load(&sp).unwrap().goal_stories.is_empty());
    b.set_serves_goal(&goal, true, at).unwrap();
    assert_eq!(b.sprint_load(&next).unwrap().goal_stories, [goal]);
}

#[test]
fn a_file_with_the_old_goal_label_and_untyped_record_loads_into_typed_fields() {
    let old = r#"{
  "format": "po-backlog",
  "version": 1,
  "next_id": 9,
  "stories": [
    { "key": "S-3", "title": "Pay", "status": "done", "sprint": "SP-1", "labels": ["payments", "sprint-goal"],
      "created": "2026-11-01T09:00:00Z", "updated": "2026-11-01T09:00:00Z", "done_at": "2026-11-05T09:00:00Z", "points": 3 },
    { "key": "S-4", "title": "Refund", "status": "todo", "sprint": "SP-2", "labels": ["sprint-goal"],
      "created": "2026-11-01T09:00:00Z", "updated": "2026-11-01T09:00:00Z" }
  ],
  "sprints": [
    { "key": "SP-1", "name": "Sprint 1", "state": "closed", "start": "2026-11-02", "end": "2026-11-13",
      "started_at": "2026-11-02T09:03:11Z", "committed_stories": ["S-3", "S-4"], "committed_points": 3,
      "closed_at": "2026-11-13T16:40:02Z", "done_stories": ["S-3"], "done_points": 3, "carried_over": ["S-4"],
      "x-note": "kept" },
    { "key": "SP-2", "name": "Sprint 2", "state": "active", "start": "2026-11-16" }
  ]
}"#;
    let b = po::store::parse(std::path::Path::new("old.json"), old.as_bytes()).unwrap();
    let sp1 = b.sprint("SP-1").unwrap();
    assert_eq!(sp1.record.done_points, Some(3.0));
    assert_eq!(
        sp1.record.carried_over.as_deref(),
        Some(&["S-4".to_string()][..])
    );
    assert_eq!(
        sp1.record.started_at.map(|t| t.to_rfc3339()),
        Some("2026-11-02T09:03:11+00:00".to_string())
    );
    assert_eq!(
        sp1.extra.keys().collect::<Vec<_>>(),
        ["x-note"],
        "only unknown fields stay extra"
    );
    // The label meant "serves the goal of the sprint it is in"; S-4 was
    // carried over from SP-1, where it was marked.
    assert_eq!(sp1.goal_stories, ["S-3", "S-4"]);
    assert_eq!(b.sprint("SP-2").unwrap().goal_stories, ["S-4"]);
    assert_eq!(b.story("S-3").unwrap().labels, ["payments"]);
    assert!(b.story("S-4").unwrap().labels.is_empty());

    let saved = String::from_utf8(po::store::encode(&b).unwrap()).unwrap();
    assert!(!saved.contains("sprint-goal"), "{saved}");
    assert!(
        saved.contains("\"goal_stories\": [\n        \"S-3\",\n        \"S-4\"\n      ]"),
        "{saved}"
    );
    let again = po::store::parse(std::path::Path::new("new.json"), saved.as_bytes()).unwrap();
    assert_eq!(again, b);
}

#[test]
fn a_sprint_started_early_keeps_its_plan_and_burns_down_from_the_actual_start_over_working_days() {
    let mut b = po::model::Backlog::new("Acme");
    // Planned for Monday 7 Dec; started a week early, on Monday 30 Nov.
    let sp = planned(&mut b, date(2026, 12, 7), 12);
    let a = story(&mut b, Some(3.0), None);
    let c = story(&mut b, Some(5.0), None);
    let started = numbers_support::at(date(2026, 11, 30), 9);
    b.add_to_sprint(&sp, &[&a, &c], started).unwrap();
    b.start_sprint(&sp, started).unwrap();
    let sprint = b.sprint(&sp).unwrap();
    assert_eq!(sprint.start, Some(date(2026, 12, 7)), "the plan stays");
    assert_eq!(sprint.actual_start(), Some(date(2026, 11, 30)));

    // Done on Saturday 5 Dec: it counts on the next working day.
    numbers_support::done(&mut b, &a, numbers_support::at(date(2026, 12, 5), 11));
    let burndown = b.burndown(&sp, date(2026, 12, 8)).unwrap();
    assert_eq!(burndown.start, date(2026, 11, 30));
    let dates: Vec<_> = burndown.days.iter().map(|d| d.date).collect();
    assert!(
        dates
            .iter()
            .all(|d| d.format("%a").to_string() != "Sat" && d.format("%a").to_string() != "Sun"),
        "{dates:?}"
    );
    assert_eq!(dates.len(), 15, "30 Nov to 18 Dec: three working weeks");
    assert_eq!(
        burndown.days[0].remaining,
        Some(8.0),
        "today is past the start"
    );
    let monday = burndown
        .days
        .iter()
        .find(|d| d.date == date(2026, 12, 7))
        .unwrap();
    assert_eq!((monday.done, monday.remaining), (3.0, Some(5.0)));
    assert_eq!(burndown.days[14].ideal, 0.0);

    // Closed early on Wednesday 9 Dec: the actual end is recorded, the plan stays.
    b.close_sprint(&sp, None, numbers_support::at(date(2026, 12, 9), 16))
        .unwrap();
    let sprint = b.sprint(&sp).unwrap();
    assert_eq!(sprint.end, Some(date(2026, 12, 18)));
    assert_eq!(sprint.actual_end(), Some(date(2026, 12, 9)));
    let burndown = b.burndown(&sp, date(2026, 12, 20)).unwrap();
    assert_eq!(burndown.end, date(2026, 12, 9));
    assert_eq!(b.velocities()[0].end, Some(date(2026, 12, 9)));
}

#[test]
fn closing_a_sprint_that_just_started_with_nothing_done_asks_first_in_the_tui() {
    let mut b = po::model::Backlog::new("Acme");
    let sp = planned(&mut b, date(2026, 12, 7), 12);
    let a = story(&mut b, Some(3.0), None);
    let now = po::model::now();
    b.add_to_sprint(&sp, &[&a], now).unwrap();
    b.start_sprint(&sp, now).unwrap();
    assert!(b.premature_close(&sp, now).is_some());

    let mut app = App::new(b, None, &[]);
    fixtures::press(&mut app, "3 C");
    match &app.popup {
        Some(po::tui::popup::Popup::Confirm(c)) => {
            assert!(c.question.contains("less than a day"), "{}", c.question);
        }
        other => panic!("expected a question first, got {other:?}"),
    }
    fixtures::press(&mut app, "n");
    assert_eq!(
        app.backlog.sprint(&sp).unwrap().state,
        po::model::SprintState::Active,
        "no keeps it running"
    );
    // Yes goes on to the usual question of where leftovers go.
    fixtures::press(&mut app, "C y Enter");
    assert_eq!(
        app.backlog.sprint(&sp).unwrap().state,
        po::model::SprintState::Closed
    );
}

#[test]
fn lead_time_runs_from_creation_and_cycle_time_from_the_first_move_to_in_progress() {
    use po::model::Status;
    let mut b = po::model::Backlog::new("Acme");
    let mut s = b.new_story("Pay", numbers_support::at(date(2026, 11, 2), 9));
    s.points = Some(3.0);
    let key = s.key.clone();
    b.insert_story(0, s).unwrap();
    let to = |b: &mut po::model::Backlog, status, day| {
        b.update_story(&key, numbers_support::at(date(2026, 11, day), 9), |s| {
            s.status = status;
        })
        .unwrap();
    };
    to(&mut b, Status::InProgress, 6);
    to(&mut b, Status::Todo, 7);
    to(&mut b, Status::InProgress, 9);
    to(&mut b, Status::Done, 10);
    let story = b.story(&key).unwrap();
    let history: Vec<(Status, u32)> = story
        .status_history
        .iter()
        .map(|c| (c.status, chrono::Datelike::day(&c.at)))
        .collect();
    assert_eq!(
        history,
        [
            (Status::InProgress, 6),
            (Status::Todo, 7),
            (Status::InProgress, 9),
            (Status::Done, 10)
        ]
    );
    assert_eq!(b.lead_times(None).unwrap().median_days, 8.0, "2 to 10 Nov");
    assert_eq!(
        b.cycle_times(None).unwrap().median_days,
        4.0,
        "from the first move to in progress, 6 Nov"
    );
    let stats = b.stats(6, date(2026, 11, 30));
    assert_eq!(stats.lead_time.unwrap().count, 1);
    assert_eq!(stats.cycle_time.unwrap().median_days, 4.0);

    // The history is a typed field of the file, written only when there is one.
    let saved = String::from_utf8(po::store::encode(&b).unwrap()).unwrap();
    assert!(saved.contains("\"status_history\": ["), "{saved}");
    assert!(
        saved.contains("\"status\": \"in_progress\",\n          \"at\": \"2026-11-06T09:00:00Z\""),
        "{saved}"
    );
    let again = po::store::parse(std::path::Path::new("b.json"), saved.as_bytes()).unwrap();
    assert_eq!(again, b);

    // Stories done before po recorded history have a lead time, no cycle time.
    let mut old = po::model::Backlog::new("Acme");
    let mut s = old.new_story("Old", numbers_support::at(date(2026, 11, 2), 9));
    s.status = Status::Done;
    s.done_at = Some(numbers_support::at(date(2026, 11, 4), 9));
    old.insert_story(0, s).unwrap();
    assert_eq!(old.lead_times(None).unwrap().median_days, 2.0);
    assert_eq!(old.cycle_times(None), None);
}
