//! Journey 1, moving in: a product owner's first commands are an import of
//! another tool's export, with no po backlog yet, then a second import with
//! `--update` a week later. Through the real binary.

mod cli_support;

use std::fs;

use cli_support::{Sandbox, load};

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
