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
