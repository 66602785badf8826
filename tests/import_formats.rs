//! The mapping of each format `po import` reads, on fixtures shaped like
//! what the tools write:
//!
//! - jira_cloud.csv: Jira Cloud's "Export CSV (all fields)": UTF-8 BOM, CRLF
//!   line ends, a header that repeats `Labels` and `Sprint` once per value,
//!   `Custom field (Story point estimate)`, `Parent` (the parent's issue id)
//!   and `Parent summary`, dates as `21/Jun/25 4:14 PM`, and quoted
//!   multi-line descriptions in Jira wiki markup (`h3.`, `*` bullets). Based
//!   on the column lists of Atlassian's export documentation and real export
//!   headers quoted in public importers (e.g. "Summary,Issue key,Issue id,
//!   Issue Type,Status,Project key,...,Sprint,Parent,Parent key,Parent
//!   summary,Status Category").
//! - jira_server.csv: Jira Server/Data Center: `Custom field (Story Points)`,
//!   `Custom field (Epic Link)` (the epic's key), `Parent id` for sub-tasks,
//!   dates as `6/21/2025 16:14` and ISO 8601 with `+0000`.
//! - github.json: `gh issue list --state all --json number,title,body,labels,
//!   milestone,state,createdAt,closedAt,author` piped to a file: one line,
//!   keys sorted (gh marshals a map), `closedAt: null` when open, labels and
//!   milestones as objects, `\r\n` in bodies written in the web editor.
//! - linear.csv: Linear's 30-column export header ("ID,Team,Title,
//!   Description,Status,Estimate,Priority,Project ID,Project,Creator,...,
//!   Parent issue,Initiatives,Project Milestone ID,Project Milestone,SLA
//!   Status,Roadmaps", as quoted from real exports in public importers),
//!   labels joined by ", ", a `'` before formula-like text, and a row one
//!   cell short, as Linear writes some.
//! - taskwarrior.json: written by the real `task export` (taskwarrior 2.6.2)
//!   in a temporary HOME: a started task, a waiting one, a completed one with
//!   an annotation, a deleted one, and `depends` as an array of uuids.

use chrono::{TimeZone, Utc};
use po::import::{self, ApplyOptions, At, ReadOptions, Wanted};
use po::model::{Backlog, Moscow, SprintState, Status, Story};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).unwrap()
}

/// Imports a fixture into an empty backlog.
fn imported(name: &str, wanted: Wanted) -> Backlog {
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let options = ReadOptions {
        now: Some(now),
        ..ReadOptions::default()
    };
    let (plan, _) = import::read(&fixture(name), name, wanted, &options).unwrap();
    let mut backlog = Backlog::new("test");
    let applied = import::apply(
        &mut backlog,
        &plan,
        &ApplyOptions {
            at: At::Bottom,
            update: false,
            now,
        },
    )
    .unwrap();
    assert!(applied.change.is_some());
    backlog
}

fn story<'a>(backlog: &'a Backlog, source: &str) -> &'a Story {
    backlog
        .stories
        .iter()
        .find(|s| s.source.as_deref() == Some(source))
        .unwrap_or_else(|| panic!("no story from {source}"))
}

fn epic_title(backlog: &Backlog, story: &Story) -> Option<String> {
    story
        .epic
        .as_ref()
        .and_then(|k| backlog.epic(k))
        .map(|e| e.title.clone())
}

fn criteria(story: &Story) -> Vec<(&str, bool)> {
    story
        .acceptance
        .iter()
        .map(|c| (c.text.as_str(), c.done))
        .collect()
}

#[test]
fn jira_cloud_maps_every_column() {
    let b = imported("jira_cloud.csv", Wanted::Auto);
    assert_eq!(b.epics.len(), 1);
    assert_eq!(b.epics[0].title, "Checkout");
    assert_eq!(
        b.epics[0].description,
        "Everything between the basket and the receipt."
    );

    let pay = story(&b, "jira:SHOP-2");
    assert_eq!(pay.title, "Pay with saved card");
    assert_eq!(pay.as_a, "returning customer");
    assert_eq!(pay.i_want, "to pay with my saved card");
    assert_eq!(pay.so_that, "checkout takes one tap");
    assert_eq!(
        pay.description,
        "The card on file comes from the wallet service."
    );
    assert_eq!(
        criteria(pay),
        [
            ("The saved card is preselected", false),
            (
                "Given a saved card, when I tap \"Pay\", then the order is placed",
                false
            ),
            // The sub-task SHOP-3, done.
            ("Card expiry check", true),
        ]
    );
    assert_eq!(pay.points, Some(3.0));
    assert_eq!(pay.status, Status::Done);
    assert_eq!(pay.moscow, Some(Moscow::Must));
    assert_eq!(pay.labels, ["story", "payments", "web"]);
    assert_eq!(epic_title(&b, pay).as_deref(), Some("Checkout"));
    assert_eq!(pay.requested_by, "Sales");
    assert_eq!(
        pay.created,
        Utc.with_ymd_and_hms(2025, 6, 3, 10, 30, 0).unwrap()
    );
    assert_eq!(
        pay.done_at,
        Some(Utc.with_ymd_and_hms(2025, 6, 21, 16, 14, 0).unwrap())
    );

    // Carried over from Sprint 1 into Sprint 2, done there: both closed.
    let sprint = |name: &str| b.sprints.iter().find(|s| s.name == name).unwrap();
    assert_eq!(
        pay.sprint.as_deref(),
        Some(sprint("SHOP Sprint 2").key.as_str())
    );
    assert_eq!(sprint("SHOP Sprint 1").state, SprintState::Closed);
    assert_eq!(sprint("SHOP Sprint 2").state, SprintState::Closed);
    assert_eq!(sprint("SHOP Sprint 3").state, SprintState::Active);
    // The imported history already gives a velocity: 0 points done in
    // Sprint 1 (its story carried over), 3 in Sprint 2.
    assert_eq!(b.velocity(3).mean(), Some(1.5));

    let voucher = story(&b, "jira:SHOP-4");
    assert_eq!(voucher.status, Status::InProgress);
    assert_eq!(voucher.moscow, Some(Moscow::Should));
    assert_eq!(voucher.labels, ["bug", "checkout"]);
    let slots = story(&b, "jira:SHOP-5");
    assert_eq!(
        (slots.status, slots.points, slots.moscow),
        (Status::Todo, None, Some(Moscow::Wont))
    );
    assert_eq!(story(&b, "jira:SHOP-6").labels, ["spike", "research"]);
    // A sub-task whose parent is not in the file stays a story.
    assert_eq!(story(&b, "jira:SHOP-7").labels, ["sub-task"]);
    assert_eq!(b.stories.len(), 5);
}

#[test]
fn jira_server_maps_epic_links_story_points_and_sub_tasks() {
    let b = imported("jira_server.csv", Wanted::Jira);
    let signup = story(&b, "jira:ACC-11");
    assert_eq!(epic_title(&b, signup).as_deref(), Some("Accounts"));
    assert_eq!(signup.points, Some(5.0));
    assert_eq!(signup.status, Status::Todo);
    assert_eq!(signup.as_a, "new shopper");
    assert_eq!(signup.i_want, "to sign up with my email");
    assert_eq!(signup.so_that, "I can save my basket");
    assert_eq!(
        criteria(signup),
        [
            ("A confirmation mail is sent", false),
            ("The basket survives the sign-up", false),
            ("Send confirmation mail", true),
        ]
    );
    assert_eq!(
        signup.created,
        Utc.with_ymd_and_hms(2025, 6, 21, 16, 14, 0).unwrap()
    );
    let delete = story(&b, "jira:ACC-13");
    assert_eq!((delete.points, delete.status), (Some(8.0), Status::Todo));
    assert_eq!(b.sprints.len(), 1);
    assert_eq!(b.sprints[0].state, SprintState::Planned);
}

#[test]
fn github_issues_map_milestones_task_lists_and_state() {
    let b = imported("github.json", Wanted::Auto);
    assert_eq!(b.epics.len(), 1);
    assert_eq!(b.epics[0].title, "v1.0 Checkout");
    let reorder = story(&b, "github:#14");
    assert_eq!(reorder.as_a, "returning customer");
    assert_eq!(reorder.i_want, "to reorder my last basket");
    assert_eq!(
        criteria(reorder),
        [
            ("The last basket is listed on the home screen", false),
            ("Items out of stock are flagged", true)
        ]
    );
    assert_eq!(reorder.description, "See #12 for the basket API.");
    assert_eq!(reorder.labels, ["enhancement"]);
    assert_eq!(reorder.requested_by, "mayab");
    assert_eq!(epic_title(&b, reorder).as_deref(), Some("v1.0 Checkout"));
    let voucher = story(&b, "github:#13");
    assert_eq!(voucher.status, Status::Done);
    assert_eq!(
        voucher.done_at,
        Some(Utc.with_ymd_and_hms(2025, 6, 22, 17, 40, 2).unwrap())
    );
    assert_eq!(voucher.labels, ["bug", "enhancement"]);
    let api = story(&b, "github:#12");
    assert_eq!((api.status, api.epic.clone()), (Status::Todo, None));
}

#[test]
fn linear_maps_projects_cycles_estimates_and_sub_issues() {
    let b = imported("linear.csv", Wanted::Auto);
    let slot = story(&b, "linear:GRO-21");
    assert_eq!(slot.status, Status::InProgress);
    assert_eq!(slot.points, Some(3.0));
    assert_eq!(slot.moscow, Some(Moscow::Must));
    assert_eq!(slot.labels, ["Feature", "Mobile"]);
    assert_eq!(epic_title(&b, slot).as_deref(), Some("Delivery"));
    assert_eq!(slot.requested_by, "maya@acme.test");
    assert_eq!(
        criteria(slot),
        [
            ("Slots of the next 7 days are shown", false),
            ("A full slot cannot be picked", false),
            // The sub-issue GRO-22, done.
            ("Slot reminder push", true),
        ]
    );
    let cycle = b.sprint(slot.sprint.as_deref().unwrap()).unwrap();
    assert_eq!(cycle.name, "Cycle 4");
    assert_eq!(cycle.state, SprintState::Active);
    assert_eq!(
        cycle.start.map(|d| d.to_string()).as_deref(),
        Some("2025-06-16")
    );
    let banner = story(&b, "linear:GRO-19");
    assert_eq!(banner.title, "-50% banner on offers");
    assert_eq!(
        banner.done_at,
        Some(Utc.with_ymd_and_hms(2025, 6, 12, 15, 30, 0).unwrap())
    );
    assert_eq!(
        b.sprint(banner.sprint.as_deref().unwrap()).unwrap().state,
        SprintState::Closed
    );
    // The short last row reads as if its empty cell were there.
    let subs = story(&b, "linear:GRO-25");
    assert_eq!((subs.points, subs.moscow), (Some(5.0), None));
    assert_eq!(b.stories.len(), 3);
}

#[test]
fn taskwarrior_maps_projects_tags_priority_status_and_dependencies() {
    let b = imported("taskwarrior.json", Wanted::Taskwarrior);
    let pay = story(&b, "taskwarrior:0557ba8c-350b-480e-b2da-e93e579ef65c");
    assert_eq!(pay.title, "Pay with saved card");
    assert_eq!(pay.status, Status::InProgress);
    assert_eq!(pay.moscow, Some(Moscow::Must));
    assert_eq!(pay.labels, ["payments", "web"]);
    assert_eq!(epic_title(&b, pay).as_deref(), Some("Checkout"));
    let signup = story(&b, "taskwarrior:bc0a5783-0355-4ce0-a802-5b110b2360f5");
    assert_eq!(signup.status, Status::Done);
    assert_eq!(signup.moscow, Some(Moscow::Should));
    assert!(
        signup
            .description
            .ends_with("Ask legal about the consent text"),
        "{}",
        signup.description
    );
    assert!(signup.done_at.is_some());
    let retry = b
        .stories
        .iter()
        .find(|s| s.title == "Retry a failed payment")
        .unwrap();
    assert_eq!(retry.depends_on, std::slice::from_ref(&pay.key));
    // The deleted task is left out.
    assert!(!b.stories.iter().any(|s| s.title == "Reorder last basket"));
    assert_eq!(b.stories.len(), 5);
}

#[test]
fn any_csv_with_a_title_column_is_read_by_its_usual_names() {
    let csv = "\u{feff}Title,Points,Status,Labels,Epic,Acceptance criteria,Id\n\
               Export invoices,3,In Progress,\"billing, pdf\",Billing,\"Totals match\nVAT shown\",7\n";
    let (plan, why) = import::read(
        csv.as_bytes(),
        "x.csv",
        Wanted::Auto,
        &ReadOptions::default(),
    )
    .unwrap();
    assert!(why.unwrap().contains("not Jira's"));
    let s = &plan.stories[0].story;
    assert_eq!(s.title, "Export invoices");
    assert_eq!((s.points, s.status), (Some(3.0), Status::InProgress));
    assert_eq!(s.labels, ["billing", "pdf"]);
    assert_eq!(criteria(s), [("Totals match", false), ("VAT shown", false)]);
    assert_eq!(s.source.as_deref(), Some("csv:7"));
    assert_eq!(plan.stories[0].epic.as_deref(), Some("Billing"));
}

#[test]
fn an_import_is_one_change_that_undo_and_redo_apply_exactly() {
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let mut backlog = Backlog::new("test");
    let mine = backlog.new_story("Made here", now);
    backlog.insert_story(0, mine).unwrap();
    let before = backlog.clone();
    let (plan, _) = import::read(
        &fixture("jira_cloud.csv"),
        "jira.csv",
        Wanted::Auto,
        &ReadOptions::default(),
    )
    .unwrap();
    let options = ApplyOptions {
        at: At::Top,
        update: false,
        now,
    };
    let change = import::apply(&mut backlog, &plan, &options)
        .unwrap()
        .change
        .unwrap();
    let after = backlog.clone();
    assert_eq!(backlog.stories.len(), 6);
    // The work ahead above the backlog; the done work of the closed
    // Sprint 2 below it, as history.
    assert_eq!(backlog.stories[4].title, "Made here");
    assert_eq!(backlog.stories[5].title, "Pay with saved card");

    backlog.apply(&change.inverse()).unwrap();
    assert_eq!(backlog.stories, before.stories);
    assert_eq!(backlog.epics, before.epics);
    assert_eq!(backlog.sprints, before.sprints);
    backlog.apply(&change).unwrap();
    assert_eq!(backlog.stories, after.stories);
    assert_eq!(backlog.sprints, after.sprints);
}

#[test]
fn po_csv_exports_from_before_the_jira_columns_still_import() {
    let csv = "rank,key,title,as_a,i_want,so_that,points,status,moscow,epic,sprint,labels,requested_by,acceptance,created,done_at\n\
               1,S-4,Pay with saved card,returning customer,to pay,it is quick,3,done,must,E-1,SP-2,payments;web,Sales,\"One\nTwo\",2026-11-01T09:30:00Z,2026-11-03T10:00:00Z\n";
    let (plan, why) = import::read(
        csv.as_bytes(),
        "old.csv",
        Wanted::Auto,
        &ReadOptions::default(),
    )
    .unwrap();
    assert!(why.unwrap().contains("\"as_a\""));
    let s = &plan.stories[0].story;
    assert_eq!(
        (s.as_a.as_str(), s.points, s.status),
        ("returning customer", Some(3.0), Status::Done)
    );
    assert_eq!(s.labels, ["payments", "web"]);
    assert_eq!(criteria(s), [("One", false), ("Two", false)]);
    assert_eq!(s.source.as_deref(), Some("po:S-4"));
    assert_eq!(
        s.done_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 3, 10, 0, 0).unwrap())
    );
}
