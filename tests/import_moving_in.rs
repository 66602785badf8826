//! Journey 1, moving in: a product owner's first commands are an import of
//! another tool's export, with no po backlog yet, then a second import with
//! `--update` a week later. Through the real binary.

mod cli_support;

use std::fs;

use cli_support::{Sandbox, load};
use po::model::Status;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn importing_before_any_backlog_exists_creates_it_and_a_dry_run_says_so() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("new/backlog.json");
    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv"), "--dry-run"]);
    assert!(out.contains("would add: 1 epic"), "{out}");
    assert!(
        out.contains(&format!(
            "there is no backlog at {} yet: the import creates it",
            file.display()
        )),
        "{out}"
    );
    assert!(!file.exists(), "a dry run created the backlog");

    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    assert!(out.contains("added: 1 epic"), "{out}");
    let backlog = load(&file);
    assert_eq!(backlog.stories.len(), 5);
    assert_eq!(backlog.epics.len(), 1);
    assert!(fs::metadata(&file).is_ok());
}

#[test]
fn each_warning_names_the_story_its_row_became_so_it_can_be_fixed() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["init", "--name", "Shop"]);
    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv"), "--dry-run"]);
    for warning in [
        "line 13 (S-3 Show delivery slots): points \"a lot\" are not a number: left unestimated",
        "line 13 (S-3 Show delivery slots): status \"QA\" is not a status po knows: imported as todo",
        "line 15 (S-5 Retry failed payment): sub-task's parent 10099 is not in the file: imported as a story",
        // A skipped row became no story.
        "line 16: no Summary: row skipped",
    ] {
        assert!(out.contains(warning), "{warning:?} missing in:\n{out}");
    }
    // The real import gives the same keys.
    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    assert!(
        out.contains("line 13 (S-3 Show delivery slots): points"),
        "{out}"
    );
    let backlog = load(&file);
    assert_eq!(backlog.story("S-3").unwrap().title, "Show delivery slots");
    // A note that names its story already is not labelled twice.
    let again = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    assert!(
        again.contains("line 2: jira:SHOP-2 was imported before as S-1: left as it is"),
        "{again}"
    );
}

#[test]
fn the_summary_says_one_epic_and_one_warning_not_one_epics() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    let out = sandbox.ok(&file, &["import", &fixture("linear.csv"), "--dry-run"]);
    assert!(
        out.contains("in the file: 1 epic, 2 sprints (1 closed, 1 active, 0 planned), 3 stories"),
        "{out}"
    );
    assert!(
        out.contains("would add: 1 epic, 2 sprints, 3 stories"),
        "{out}"
    );
    for plural in ["1 epics", "1 sprints", "1 stories", "1 warnings"] {
        assert!(!out.contains(plural), "{plural:?} in:\n{out}");
    }
}

/// The fixture as Jira would export it a week later: SHOP-4 retitled and
/// re-estimated, SHOP-5 still in the status "QA" po does not know.
fn a_week_later(sandbox: &Sandbox) -> String {
    let text = fs::read_to_string(fixture("jira_cloud.csv")).unwrap();
    let changed = text
        .replace(
            "Apply a voucher code,SHOP-4",
            "Apply a voucher code in any case,SHOP-4",
        )
        .replace(",SHOP Sprint 3,,5,10001", ",SHOP Sprint 3,,8,10001");
    assert_ne!(changed, text, "the fixture changed: update this test");
    let path = sandbox.path("jira-next-week.csv");
    fs::write(&path, changed).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn update_says_what_changed_in_each_story_it_updates() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    let next = a_week_later(&sandbox);
    let out = sandbox.ok(&file, &["import", &next, "--update", "--dry-run"]);
    assert!(out.contains("1 updated, 4 unchanged"), "{out}");
    assert!(out.contains("\nupdated:\n"), "{out}");
    // In the words of `po edit`.
    assert!(
        out.contains("\n  edited S-2: title, points 5 → 8\n"),
        "{out}"
    );
    let out = sandbox.ok(&file, &["import", &next, "--update"]);
    assert!(out.contains("edited S-2: title"), "{out}");
    let backlog = load(&file);
    assert_eq!(backlog.stories.len(), 5, "an update adds no story");
    assert_eq!(backlog.story("S-2").unwrap().points, Some(8.0));
}

#[test]
fn update_keeps_a_status_fixed_in_po_when_the_source_status_is_unknown() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    // The warning said "QA" was imported as todo; the product owner fixes it.
    sandbox.ok(&file, &["edit", "S-3", "--status", "in_progress"]);
    let next = a_week_later(&sandbox);
    sandbox.ok(&file, &["import", &next, "--update"]);
    let backlog = load(&file);
    assert_eq!(
        backlog.story("S-3").unwrap().status,
        Status::InProgress,
        "an unknown status in the source must not undo the fix"
    );
    // A status po knows still comes in.
    let done = fs::read_to_string(&next)
        .unwrap()
        .replace("SHOP-6,10006,Spike,To Do", "SHOP-6,10006,Spike,Done");
    fs::write(&next, done).unwrap();
    sandbox.ok(&file, &["import", &next, "--update"]);
    assert_eq!(load(&file).story("S-4").unwrap().status, Status::Done);
}

#[test]
fn the_forecast_after_an_import_counts_its_closed_sprints_instead_of_saying_there_are_none() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    let stats = sandbox.ok(&file, &["stats"]);
    assert!(
        stats.contains("velocity of the last 2 closed sprints"),
        "{stats}"
    );
    let out = sandbox.ok(&file, &["forecast"]);
    assert!(!out.contains("no closed sprints"), "{out}");
    assert!(
        out.contains(
            "only 2 closed sprints to learn from (3 needed) and no sprint capacity: \
             give a sprint a capacity or close more sprints"
        ),
        "{out}"
    );
    assert!(
        !out.contains("a range from the sprint capacity instead"),
        "no capacity, so no range from it:\n{out}"
    );
    // With a capacity the range comes, and says where it comes from.
    sandbox.ok(&file, &["sprint", "edit", "SP-3", "--capacity", "5"]);
    let out = sandbox.ok(&file, &["forecast"]);
    assert!(
        out.contains("only 2 closed sprints (3 needed to resample velocities): a range from the sprint capacity instead"),
        "{out}"
    );
}

#[test]
fn a_second_active_sprint_is_warned_about_at_its_first_row_naming_the_active_one() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    let out = sandbox.ok(&file, &["import", &fixture("linear.csv"), "--dry-run"]);
    assert!(
        out.contains(
            "line 2 (S-6 Choose a delivery slot): sprint \"Cycle 4\" looks active, but the backlog \
             has an active sprint already (SP-3 SHOP Sprint 3): imported as planned"
        ),
        "{out}"
    );
    assert!(!out.contains("line 1"), "line 1 is the header:\n{out}");
}

/// Jira's "Rank ASC" export mixes finished work into the ranking (SHOP-2,
/// done in the closed Sprint 2, comes first). The TUI's backlog leaves the
/// done work of closed sprints out and counts ranks without it, so an
/// import puts that history below the work ahead: the ranks `po list`
/// prints are then the ranks the backlog shows.
#[test]
fn done_work_of_closed_sprints_is_imported_below_the_work_ahead() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    let backlog = load(&file);
    let closed: Vec<&str> = backlog
        .sprints
        .iter()
        .filter(|s| s.state == po::model::SprintState::Closed)
        .map(|s| s.key.as_str())
        .collect();
    let history: Vec<bool> = backlog
        .stories
        .iter()
        .map(|s| {
            s.status == Status::Done && s.sprint.as_deref().is_some_and(|k| closed.contains(&k))
        })
        .collect();
    assert!(
        history.contains(&true),
        "the fixture has done work of a closed sprint"
    );
    let first_history = history.iter().position(|&h| h).unwrap();
    assert!(
        history[first_history..].iter().all(|&h| h),
        "history ranks above open work: {:?}",
        backlog
            .stories
            .iter()
            .map(|s| (&s.key, &s.title, s.status))
            .collect::<Vec<_>>()
    );
    // The work ahead keeps the source's order.
    let titles: Vec<&str> = backlog.stories.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles[..3],
        [
            "Apply a voucher code",
            "Show delivery slots",
            "Spike: wallet SDK"
        ]
    );
}

#[test]
fn the_first_stories_of_the_summary_are_listed_in_rank_order() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("backlog.json");
    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    let ranks: Vec<usize> = out
        .lines()
        .skip_while(|l| !l.starts_with("rank"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ranks, vec![1, 2, 3, 4, 5], "{out}");
}
