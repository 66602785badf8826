//! `po import`: the framework (one change, one save, dry run, refusals that
//! leave the file as it was, provenance and `--update`), tested through the
//! real binary. The fixtures in tests/fixtures/import/ are what the tools
//! write; each format's mapping is tested in import_formats.rs.

mod cli_support;
mod fixtures;
mod render_support;

use std::fs;
use std::path::PathBuf;

use cli_support::{Sandbox, load};
use po::model::Status;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// An empty backlog in a sandbox.
fn empty(sandbox: &Sandbox) -> PathBuf {
    let file = sandbox.path("backlog.json");
    sandbox.ok(&file, &["init", "--name", "Shop"]);
    file
}

/// Writes `content` as a file to import and returns its path.
fn source(sandbox: &Sandbox, name: &str, content: &[u8]) -> String {
    let path = sandbox.path(name);
    fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_dry_run_prints_counts_first_rows_and_warnings_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let before = fs::read(&file).unwrap();
    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv"), "--dry-run"]);
    assert_eq!(fs::read(&file).unwrap(), before, "a dry run wrote the file");
    assert!(
        out.contains("Jira CSV export (picked by --format auto: the header has"),
        "{out}"
    );
    assert!(
        out.contains("in the file: 1 epic, 3 sprints (2 closed, 1 active, 0 planned), 5 stories, 3 acceptance criteria"),
        "{out}"
    );
    assert!(
        out.contains("would add: 1 epic, 3 sprints, 5 stories"),
        "{out}"
    );
    assert!(out.contains("Pay with saved card"), "{out}");
    assert!(out.contains("jira:SHOP-2"), "{out}");
    for warning in [
        "line 13 (S-3 Show delivery slots): points \"a lot\" are not a number: left unestimated",
        "line 13 (S-3 Show delivery slots): status \"QA\" is not a status po knows: imported as todo",
        "line 15 (S-5 Retry failed payment): sub-task's parent 10099 is not in the file: imported as a story",
        "line 16: no Summary: row skipped",
    ] {
        assert!(out.contains(warning), "missing {warning:?} in {out}");
    }
    assert!(out.contains("dry run: nothing was changed"), "{out}");
}

#[test]
fn an_import_is_one_save_with_the_work_ahead_in_the_file_order() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    sandbox.ok(&file, &["add", "Already here"]);
    let out = sandbox.ok(&file, &["import", &fixture("jira_cloud.csv")]);
    assert!(out.contains("added: 1 epic, 3 sprints, 5 stories"), "{out}");
    let backlog = load(&file);
    let titles: Vec<&str> = backlog.stories.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Already here",
            "Apply a voucher code",
            "Show delivery slots",
            "Spike: wallet SDK",
            "Retry failed payment",
            // Done in the closed Sprint 2: history goes below the work ahead.
            "Pay with saved card",
        ]
    );
    // The .bak holds the file as it was before this one save.
    let bak = load(&sandbox.path("backlog.json.bak"));
    assert_eq!(bak.stories.len(), 1);
}

#[test]
fn at_top_puts_the_imported_stories_above_the_backlog_in_their_order() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    sandbox.ok(&file, &["add", "Already here"]);
    sandbox.ok(&file, &["import", &fixture("github.json"), "--at", "top"]);
    let backlog = load(&file);
    let titles: Vec<&str> = backlog.stories.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Reorder last basket",
            "Voucher codes are case sensitive",
            "Basket API returns 500 on empty basket",
            "Already here"
        ]
    );
}

#[test]
fn the_source_of_an_imported_story_is_kept_and_shown() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    sandbox.ok(&file, &["import", &fixture("github.json")]);
    let backlog = load(&file);
    let story = backlog
        .stories
        .iter()
        .find(|s| s.title == "Reorder last basket")
        .unwrap();
    assert_eq!(story.source.as_deref(), Some("github:#14"));
    let shown = sandbox.ok(&file, &["show", &story.key]);
    assert!(
        shown.contains("Source:") && shown.contains("github:#14"),
        "{shown}"
    );
    // A story made in po has none, and its file entry has no source field.
    sandbox.ok(&file, &["add", "Made here"]);
    let text = fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches("\"source\"").count(), 3, "{text}");
}

#[test]
fn a_second_import_adds_nothing_and_update_brings_a_changed_title_and_status() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let first = fs::read(fixture("github.json")).unwrap();
    let path = source(&sandbox, "issues.json", &first);
    sandbox.ok(&file, &["import", &path]);
    let after_first = fs::read(&file).unwrap();

    let again = sandbox.ok(&file, &["import", &path]);
    assert!(
        again.contains("added: 0 epics, 0 sprints, 0 stories"),
        "{again}"
    );
    assert!(again.contains("was imported before as"), "{again}");
    assert_eq!(
        fs::read(&file).unwrap(),
        after_first,
        "a second import changed the file"
    );

    let update = sandbox.ok(&file, &["import", &path, "--update"]);
    assert!(update.contains("0 updated, 3 unchanged"), "{update}");
    assert_eq!(
        fs::read(&file).unwrap(),
        after_first,
        "an update with no change wrote the file"
    );

    let changed = String::from_utf8(first)
        .unwrap()
        .replace("\"Reorder last basket\"", "\"Reorder the last basket\"")
        .replace(
            "\"closedAt\":null,\"createdAt\":\"2025-06-19T07:00:00Z\",\"labels\":[],\"milestone\":null,\"number\":12,\"state\":\"OPEN\"",
            "\"closedAt\":\"2025-06-25T07:00:00Z\",\"createdAt\":\"2025-06-19T07:00:00Z\",\"labels\":[],\"milestone\":null,\"number\":12,\"state\":\"CLOSED\"",
        );
    fs::write(&path, changed).unwrap();
    let update = sandbox.ok(&file, &["import", &path, "--update"]);
    assert!(
        update.contains("added: 0 epics, 0 sprints, 0 stories"),
        "{update}"
    );
    assert!(update.contains("2 updated, 1 unchanged"), "{update}");
    let backlog = load(&file);
    assert_eq!(backlog.stories.len(), 3);
    let by_source = |s: &str| {
        backlog
            .stories
            .iter()
            .find(|st| st.source.as_deref() == Some(s))
            .unwrap()
    };
    assert_eq!(by_source("github:#14").title, "Reorder the last basket");
    assert_eq!(by_source("github:#12").status, Status::Done);
    assert!(by_source("github:#12").done_at.is_some());
}

#[test]
fn a_file_that_is_not_the_named_format_is_refused_naming_the_file_and_line() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let err = sandbox.refused(
        &file,
        &["import", &fixture("jira_cloud.csv"), "--format", "github"],
    );
    assert!(
        err.contains("jira_cloud.csv: line 1, character 1: expected value"),
        "{err}"
    );
    let err = sandbox.refused(
        &file,
        &["import", &fixture("github.json"), "--format", "jira"],
    );
    assert!(
        err.contains("github.json: line 1: not a Jira CSV export"),
        "{err}"
    );
}

#[test]
fn a_csv_without_a_title_column_is_refused() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let path = source(&sandbox, "x.csv", b"id,points,status\n1,3,todo\n");
    let err = sandbox.refused(&file, &["import", &path]);
    assert!(
        err.contains(
            "x.csv: line 1: not a CSV file with a title column: the header has no \"title\""
        ),
        "{err}"
    );
}

#[test]
fn bad_utf8_is_refused_naming_the_line_and_column() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let path = source(
        &sandbox,
        "latin1.csv",
        b"title,points\nFirst,1\nCaf\xe9 menu,2\n",
    );
    let err = sandbox.refused(&file, &["import", &path]);
    assert!(
        err.contains("latin1.csv: line 3, column \"title\": not UTF-8"),
        "{err}"
    );
}

#[test]
fn unbalanced_quotes_are_refused_naming_the_line_and_column() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let path = source(
        &sandbox,
        "open.csv",
        b"title,description,points\nFirst,fine,1\nSecond,\"never closed,2\nThird,x,3\n",
    );
    let err = sandbox.refused(&file, &["import", &path]);
    assert!(
        err.contains("open.csv: line 3, column \"description\": a quoted cell is never closed"),
        "{err}"
    );
}

#[test]
fn a_wrong_type_in_a_required_field_is_refused_naming_the_item_and_field() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let path = source(
        &sandbox,
        "issues.json",
        b"[{\"number\":1,\"title\":\"ok\"},\n {\"number\":\"two\",\"title\":\"bad\"}]\n",
    );
    let err = sandbox.refused(&file, &["import", &path]);
    assert!(
        err.contains("issues.json: line 2, field \"number\": item 2 is not a GitHub issue"),
        "{err}"
    );
}

#[test]
fn a_bad_priority_map_is_refused() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    let err = sandbox.refused(
        &file,
        &[
            "import",
            &fixture("jira_cloud.csv"),
            "--priority-map",
            "Highest=urgent",
        ],
    );
    assert!(err.contains("--priority-map"), "{err}");
}

#[test]
fn the_priority_map_overrides_the_default_mapping() {
    let sandbox = Sandbox::new();
    let file = empty(&sandbox);
    sandbox.ok(
        &file,
        &[
            "import",
            &fixture("jira_cloud.csv"),
            "--priority-map",
            "Highest=should,Lowest=none",
        ],
    );
    let backlog = load(&file);
    let moscow = |title: &str| {
        backlog
            .stories
            .iter()
            .find(|s| s.title == title)
            .unwrap()
            .moscow
    };
    assert_eq!(
        moscow("Pay with saved card"),
        Some(po::model::Moscow::Should)
    );
    assert_eq!(moscow("Spike: wallet SDK"), None);
}

/// Exports a sample backlog in `format`, imports it into an empty backlog
/// and checks that every story came back as it was, in the same order.
fn assert_round_trip(format: &str, described: &str) {
    let sandbox = Sandbox::new();
    let original = sandbox.sample("sample.json", 40);
    let export = sandbox.ok(&original, &["export", "--format", format]);
    let path = source(&sandbox, &format!("export.{format}"), export.as_bytes());
    let file = empty(&sandbox);
    let out = sandbox.ok(&file, &["import", &path]);
    assert!(out.contains(described), "{out}");
    let (a, b) = (load(&original), load(&file));
    assert_eq!(a.stories.len(), b.stories.len());
    let epic_title = |backlog: &po::model::Backlog, key: &Option<String>| {
        key.as_ref()
            .and_then(|k| backlog.epic(k))
            .map(|e| e.title.clone())
    };
    let sprint_name = |backlog: &po::model::Backlog, key: &Option<String>| {
        key.as_ref()
            .and_then(|k| backlog.sprint(k))
            .map(|s| s.name.clone())
    };
    for (x, y) in a.stories.iter().zip(&b.stories) {
        assert_eq!(x.title, y.title);
        assert_eq!(
            (&x.as_a, &x.i_want, &x.so_that),
            (&y.as_a, &y.i_want, &y.so_that),
            "{}",
            x.title
        );
        assert_eq!(x.description.trim(), y.description, "{}", x.title);
        assert_eq!(x.points, y.points, "{}", x.title);
        assert_eq!(x.status, y.status, "{}", x.title);
        assert_eq!(x.moscow, y.moscow, "{}", x.title);
        assert_eq!(x.labels, y.labels, "{}", x.title);
        assert_eq!(x.acceptance, y.acceptance, "{}", x.title);
        assert_eq!(x.requested_by, y.requested_by, "{}", x.title);
        assert_eq!(x.created, y.created, "{}", x.title);
        assert_eq!(x.done_at, y.done_at, "{}", x.title);
        assert_eq!(
            epic_title(&a, &x.epic),
            epic_title(&b, &y.epic),
            "{}",
            x.title
        );
        assert_eq!(
            sprint_name(&a, &x.sprint),
            sprint_name(&b, &y.sprint),
            "{}",
            x.title
        );
        assert_eq!(y.source.as_deref(), Some(format!("po:{}", x.key).as_str()));
    }
}

#[test]
fn po_json_export_round_trips_into_an_empty_backlog() {
    assert_round_trip("json", "po JSON");
    // JSON also keeps the sprints' states as they were.
    let sandbox = Sandbox::new();
    let original = sandbox.sample("sample.json", 30);
    let export = sandbox.ok(&original, &["export", "--format", "json"]);
    let path = source(&sandbox, "export.json", export.as_bytes());
    let file = empty(&sandbox);
    sandbox.ok(&file, &["import", &path]);
    let sprints = |backlog: &po::model::Backlog| {
        backlog
            .sprints
            .iter()
            .map(|s| (s.name.clone(), s.state))
            .collect::<Vec<_>>()
    };
    assert_eq!(sprints(&load(&original)), sprints(&load(&file)));
}

#[test]
fn the_detail_view_shows_where_an_imported_story_came_from() {
    let mut backlog = fixtures::backlog(3);
    std::sync::Arc::make_mut(&mut backlog.stories[0]).source = Some("jira:SHOP-2".into());
    let mut app = po::tui::app::App::new(backlog, None, &[]);
    app.resize(120, 40);
    fixtures::press(&mut app, "Enter");
    let shown = render_support::screen(&mut app, 100, 30);
    let line = shown
        .lines()
        .find(|l| l.contains("Source"))
        .unwrap_or_else(|| panic!("no Source line in\n{shown}"));
    assert!(line.contains("jira:SHOP-2"), "{line}");
    // A story made in po has no such line.
    fixtures::press(&mut app, "Esc j Enter");
    let shown = render_support::screen(&mut app, 100, 30);
    assert!(!shown.contains("Source"), "{shown}");
}

#[test]
fn the_csv_export_has_the_columns_jiras_importer_maps_with_epics_as_rows() {
    let sandbox = Sandbox::new();
    let file = sandbox.sample("sample.json", 12);
    let csv = sandbox.ok(&file, &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header[..7],
        [
            "Summary",
            "Issue Type",
            "Issue ID",
            "Parent",
            "Status",
            "Priority",
            "Story Points"
        ]
    );
    assert!(header.iter().filter(|h| *h == "Labels").count() >= 1);
    for column in [
        "Sprint",
        "Reporter",
        "Created",
        "Resolved",
        "Description",
        "Epic Name",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "no {column} in {header:?}"
        );
    }
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let backlog = load(&file);
    let epics = records.iter().filter(|r| &r[1] == "Epic").count();
    assert_eq!(epics, backlog.epics.len());
    // A story names its epic's row by that row's Issue ID.
    let story = records
        .iter()
        .find(|r| &r[1] == "Story" && !r[3].is_empty())
        .unwrap();
    let epic = records.iter().find(|r| r[2] == story[3]).unwrap();
    assert_eq!(&epic[1], "Epic");
    assert!(["To Do", "In Progress", "Done"].contains(&&story[4]));
}

#[test]
fn po_csv_export_round_trips_into_an_empty_backlog() {
    assert_round_trip("csv", "po CSV export (picked by --format auto");
}
