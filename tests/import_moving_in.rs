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
