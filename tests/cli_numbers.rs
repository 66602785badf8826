//! The numbers a product owner shows stakeholders, through the real binary:
//! every command names the same velocity with its window.

mod cli_support;
mod numbers_support;

use cli_support::Sandbox;
use numbers_support::{date, eight_sprints, planned, story};
use po::store::Store;

/// A file with eight closed sprints, a planned one and an open story, and
/// the key of the last closed sprint.
fn eight_sprint_file(sandbox: &Sandbox) -> (std::path::PathBuf, String) {
    let mut b = eight_sprints();
    planned(&mut b, date(2026, 5, 4), 12);
    story(&mut b, Some(5.0), None);
    let file = sandbox.path("backlog.json");
    Store::create(&file, &b).unwrap();
    (file, b.sprints[7].key.clone())
}

#[test]
fn stats_sprint_show_forecast_and_review_name_the_same_velocity_and_window() {
    let sandbox = Sandbox::new();
    let (file, last_closed) = eight_sprint_file(&sandbox);
    let said = "velocity 15 (last 6 sprints)";
    for args in [
        &["stats"][..],
        &["sprint", "show"],
        &["forecast"],
        &["export", "--format", "md", "--sprint", &last_closed],
    ] {
        let out = sandbox.ok(&file, args);
        let expected = if args[0] == "export" {
            // The review of the last closed sprint: the six before it
            // (40, 10, 12, 14, 16, 18).
            "Velocity before this sprint: 18.3 (last 6 sprints)"
        } else {
            said
        };
        assert!(out.contains(expected), "po {args:?} said:\n{out}");
    }
}

#[test]
fn last_n_overrides_the_velocity_window_in_every_command_that_takes_it() {
    let sandbox = Sandbox::new();
    let (file, _) = eight_sprint_file(&sandbox);
    for args in [
        &["stats", "--last", "3"][..],
        &["sprint", "show", "--last", "3"],
        &["forecast", "--last", "3"],
    ] {
        let out = sandbox.ok(&file, args);
        assert!(
            out.contains("velocity 18 (last 3 sprints)"),
            "po {args:?} said:\n{out}"
        );
    }
}

#[test]
fn forecast_of_an_epic_with_open_unestimated_stories_names_them_instead_of_nothing_left() {
    let sandbox = Sandbox::new();
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    let epic = b.epics[0].key.clone();
    let first = story(&mut b, None, Some(&epic));
    let second = story(&mut b, None, Some(&epic));
    let file = sandbox.path("backlog.json");
    Store::create(&file, &b).unwrap();
    let out = sandbox.ok(&file, &["forecast", "--epic", &epic]);
    assert!(!out.contains("nothing left to do"), "{out}");
    assert!(
        out.contains(&format!(
            "2 open stories are unestimated ({first}, {second})"
        )),
        "{out}"
    );
}

#[test]
fn forecast_near_the_calendars_end_never_panics_and_absurd_dates_are_refused() {
    use chrono::{NaiveDate, TimeDelta};
    let sandbox = Sandbox::new();
    let mut b = numbers_support::history(&[5.0, 8.0, 13.0]);
    story(&mut b, Some(400.0), None);
    // A hand edit put the next sprint at the end of chrono's calendar.
    planned(&mut b, NaiveDate::MAX - TimeDelta::days(20), 21);
    let file = sandbox.path("backlog.json");
    Store::create(&file, &b).unwrap();
    let run = sandbox.run(&cli_support::with_file(&file, &["forecast"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stdout.contains("likely done"), "{}", run.stdout);

    for args in [
        &["forecast", "--by", "262143-01-01"][..],
        &["forecast", "--by", "20260-01-01"],
        &["sprint", "new", "Far", "--end", "99999-12-31"],
    ] {
        let err = sandbox.refused(&file, args);
        assert!(
            err.contains("must be a date") && !err.contains("panicked"),
            "{err}"
        );
    }
}

#[test]
fn close_to_next_does_not_tick_the_carried_goal_story_in_the_next_sprints_review() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    Store::create(&file, &numbers_support::history(&[5.0, 8.0, 13.0])).unwrap();
    let sp = sandbox.ok(&file, &["sprint", "new", "Now", "--goal", "Pay"]);
    let next = sandbox.ok(&file, &["sprint", "new", "Next", "--goal", "Refund"]);
    let (sp, next) = (sp.trim(), next.trim());
    let goal = sandbox.ok(&file, &["add", "Pay in one tap", "--points", "3"]);
    let goal = goal.trim();
    let other = sandbox.ok(&file, &["add", "Show receipts", "--points", "2"]);
    let other = other.trim();
    sandbox.ok(&file, &["sprint", "add", sp, goal, other]);
    sandbox.ok(&file, &["sprint", "goal", goal]);
    sandbox.ok(&file, &["sprint", "start", sp]);
    sandbox.ok(&file, &["edit", other, "--status", "done"]);
    sandbox.ok(&file, &["sprint", "close", sp, "--to-next", next]);

    let shown = sandbox.ok(&file, &["sprint", "show", next]);
    let row = shown.lines().find(|l| l.starts_with(goal)).unwrap();
    assert!(!row.contains("goal"), "{shown}");
    let review: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&file, &["export", "--format", "json", "--sprint", next]))
            .unwrap();
    assert_eq!(review["goal_met"], serde_json::Value::Null, "{review}");
    assert_eq!(review["not_done"][0]["serves_goal"], false, "{review}");
    let old: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&file, &["export", "--format", "json", "--sprint", sp]))
            .unwrap();
    assert_eq!(old["goal_met"], false, "{old}");
}

#[test]
fn closing_a_sprint_started_minutes_ago_with_nothing_done_needs_force() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    Store::create(&file, &numbers_support::history(&[5.0, 8.0, 13.0])).unwrap();
    let sp = sandbox.ok(&file, &["sprint", "new", "Now", "--start", "2099-01-05"]);
    let sp = sp.trim();
    let s = sandbox.ok(&file, &["add", "Pay", "--points", "3"]);
    sandbox.ok(&file, &["sprint", "add", sp, s.trim()]);
    sandbox.ok(&file, &["sprint", "start", sp]);
    let err = sandbox.refused(&file, &["sprint", "close", sp]);
    assert!(
        err.contains("less than a day") && err.contains("--force"),
        "{err}"
    );
    let out = sandbox.ok(&file, &["sprint", "close", sp, "--force"]);
    assert!(out.contains(&format!("closed {sp}")), "{out}");
    let shown = sandbox.ok(&file, &["sprint", "show", sp]);
    assert!(
        shown.contains("planned: 2099-01-05"),
        "the plan stays: {shown}"
    );
    assert!(shown.contains("ran: "), "{shown}");
}

#[test]
fn stats_name_lead_time_from_creation_and_cycle_time_from_in_progress() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    Store::create(&file, &numbers_support::history(&[5.0, 8.0, 13.0])).unwrap();
    let out = sandbox.ok(&file, &["stats"]);
    assert!(
        out.contains("lead time (created to done, 3 stories)"),
        "{out}"
    );
    assert!(!out.contains("cycle time (created"), "{out}");
    // The history's stories went straight from todo to done.
    assert!(out.contains("cycle time: no done story"), "{out}");

    let key = sandbox.ok(&file, &["add", "Pay", "--points", "2"]);
    let key = key.trim();
    sandbox.ok(&file, &["edit", key, "--status", "in_progress"]);
    sandbox.ok(&file, &["edit", key, "--status", "done"]);
    let out = sandbox.ok(&file, &["stats"]);
    assert!(
        out.contains("cycle time (in progress to done, 1 story)"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&file, &["stats", "--json"])).unwrap();
    assert_eq!(json["lead_time"]["count"], 4, "{json}");
    assert_eq!(json["cycle_time"]["count"], 1, "{json}");
    let shown: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&file, &["show", key, "--json"])).unwrap();
    let history = shown["status_history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{shown}");
    assert_eq!(history[0]["status"], "in_progress");
}
