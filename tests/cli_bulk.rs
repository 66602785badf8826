//! Many stories in one command, through the real binary: `po edit KEY KEY…`,
//! `po edit --where FILTER`, `po move KEY KEY…` and `po sprint add` of
//! many. One load and one save; all or nothing, the file byte for byte as
//! it was when anything is refused.

mod cli_support;

use cli_support::{Sandbox, load};
use po::model::{Backlog, Moscow, SprintState, Status};

fn keys(backlog: &Backlog) -> Vec<String> {
    backlog.stories.iter().map(|s| s.key.clone()).collect()
}

#[test]
fn edit_of_several_keys_changes_each_of_them_and_says_how_many() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 40);
    let before = load(&file);
    let picked: Vec<String> = keys(&before).into_iter().step_by(7).collect();
    // Typed as po accepts one key: with or without the prefix, in any case.
    let typed: Vec<String> = picked
        .iter()
        .enumerate()
        .map(|(i, k)| match i % 3 {
            0 => k.clone(),
            1 => k.trim_start_matches("S-").to_string(),
            _ => k.to_lowercase(),
        })
        .collect();
    let mut args = vec!["edit"];
    args.extend(typed.iter().map(String::as_str));
    args.extend(["--moscow", "could", "--label", "bulk", "--label", "q3"]);
    let said = sb.ok(&file, &args);
    assert_eq!(said, format!("changed {} stories\n", picked.len()));

    let after = load(&file);
    assert_eq!(keys(&after), keys(&before), "no story moved");
    for (old, new) in before.stories.iter().zip(&after.stories) {
        if picked.contains(&old.key) {
            assert_eq!(new.moscow, Some(Moscow::Could), "{}", old.key);
            assert_eq!(new.labels, ["bulk", "q3"], "{}", old.key);
            assert!(new.updated >= old.updated);
        } else {
            assert_eq!(old, new, "{} was not asked for", old.key);
        }
    }
}

#[test]
fn edit_where_changes_exactly_the_stories_po_list_shows_for_that_filter() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 80);
    let before = load(&file);
    let epic = before.epics[0].key.clone();
    let listed = sb.ok(
        &file,
        &["list", "--json", "--status", "todo", "--epic", &epic],
    );
    let listed: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    let listed: Vec<&str> = listed.iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert!(listed.len() >= 2, "the sample has todo stories in {epic}");

    let filter = format!("status=todo epic={epic}");
    let said = sb.ok(&file, &["edit", "--where", &filter, "--points", "13"]);
    let already = before
        .stories
        .iter()
        .filter(|s| listed.contains(&s.key.as_str()) && s.points == Some(13.0))
        .count();
    let changed = listed.len() - already;
    assert!(
        said.starts_with(&format!("changed {changed} stor")),
        "{said}"
    );

    let after = load(&file);
    for (old, new) in before.stories.iter().zip(&after.stories) {
        if listed.contains(&old.key.as_str()) {
            assert_eq!(new.points, Some(13.0), "{}", old.key);
        } else {
            assert_eq!(old, new, "{} does not match the filter", old.key);
        }
    }
    // The words of `po list`'s flags work too, and nothing left to change is said.
    let again = sb.ok(
        &file,
        &[
            "edit",
            "--where",
            &format!("--status todo --epic {epic}"),
            "--points",
            "13",
        ],
    );
    assert!(again.starts_with("nothing changed"), "{again}");
    let none = sb.ok(
        &file,
        &[
            "edit",
            "--where",
            "status=done moscow=wont unestimated",
            "--points",
            "1",
        ],
    );
    assert!(none.starts_with("no stories match"), "{none}");
}

#[test]
fn a_bulk_edit_with_one_bad_key_or_value_writes_nothing_and_names_it() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 30);
    let b = load(&file);
    let k: Vec<&str> = b.stories.iter().map(|s| s.key.as_str()).collect();
    let few = b
        .stories
        .iter()
        .find(|s| s.acceptance.len() < 9)
        .map(|s| s.key.clone())
        .unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec![k[0], "S-9999", k[2], "--points", "3"],
            "no story S-9999".into(),
        ),
        (vec![k[0], k[1], "--points", "-2"], "points".into()),
        (vec![k[0], k[1], "--epic", "E-999"], "no epic E-999".into()),
        (vec![k[0], k[1], "--status", "maybe"], "maybe".into()),
        (
            vec![k[0], k[1], "--depends-on", k[1]],
            format!("{} cannot depend on itself", k[1]),
        ),
        (vec![k[0], &few, "--ac-done", "9"], format!("{few} has")),
        (vec![k[0], k[1]], "nothing to change".into()),
        (
            vec!["--where", "title=x", "--points", "3"],
            "--where".into(),
        ),
        (
            vec!["--where", "epic=E-999", "--points", "3"],
            "no epic E-999".into(),
        ),
    ];
    for (args, said) in cases {
        let mut all = vec!["edit"];
        all.extend(args.iter().copied());
        let err = sb.refused(&file, &all);
        assert!(err.contains(&said), "po {all:?}: {err}");
    }
    // Two edits that only together close a cycle: refused as a whole.
    let (a, c) = (k[3], k[4]);
    sb.ok(&file, &["edit", c, "--depends-on", a]);
    let err = sb.refused(&file, &["edit", a, k[5], "--depends-on", c]);
    assert!(err.contains("cycle") || err.contains(a), "{err}");
}

#[test]
fn quiet_bulk_edit_says_nothing_and_one_story_is_singular() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 10);
    let b = load(&file);
    let (s1, s2) = (b.stories[0].key.clone(), b.stories[1].key.clone());
    sb.ok(&file, &["edit", &s1, "--moscow", "wont"]);
    let said = sb.ok(&file, &["edit", &s1, &s2, "--moscow", "wont"]);
    let told = if b.stories[1].moscow == Some(Moscow::Wont) {
        "nothing changed: the 2 stories already had those values\n".to_string()
    } else {
        "changed 1 story (1 other already had those values)\n".to_string()
    };
    assert_eq!(said, told);
    let quiet = sb.ok(&file, &["--quiet", "edit", &s1, &s2, "--moscow", "must"]);
    assert_eq!(quiet, "");
    assert!(
        load(&file).stories[..2]
            .iter()
            .all(|s| s.moscow == Some(Moscow::Must))
    );
}

/// Where `moved` end up after a move to `at` among the other stories, in
/// the order of their ranks before: the reference the command must match.
fn expected(order: &[String], moved: &[&str], place: &str, anchor: Option<&str>) -> Vec<String> {
    let block: Vec<String> = order
        .iter()
        .filter(|k| moved.contains(&k.as_str()))
        .cloned()
        .collect();
    let mut rest: Vec<String> = order
        .iter()
        .filter(|k| !moved.contains(&k.as_str()))
        .cloned()
        .collect();
    let at = match (place, anchor) {
        ("--top", _) => 0,
        ("--bottom", _) => rest.len(),
        ("--before", Some(a)) => rest.iter().position(|k| k == a).unwrap(),
        (_, Some(a)) => rest.iter().position(|k| k == a).unwrap() + 1,
        _ => unreachable!(),
    };
    rest.splice(at..at, block);
    rest
}

#[test]
fn move_of_several_keys_keeps_their_rank_order_at_every_place() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 30);
    let order = keys(&load(&file));
    // Given out of rank order, one of them twice.
    let moved = [
        order[20].as_str(),
        order[3].as_str(),
        order[11].as_str(),
        order[27].as_str(),
    ];
    let anchor = order[15].clone();
    let mut current = order.clone();
    for (place, anchor) in [
        ("--top", None),
        ("--bottom", None),
        ("--before", Some(anchor.as_str())),
        ("--after", Some(anchor.as_str())),
        ("--after", Some(order[0].as_str())),
    ] {
        let mut args = vec!["move"];
        args.extend(moved);
        args.push(moved[1]);
        args.push(place);
        args.extend(anchor);
        let said = sb.ok(&file, &args);
        let want = expected(&current, &moved, place, anchor);
        assert_eq!(keys(&load(&file)), want, "po {args:?}");
        let where_to = match anchor {
            Some(a) => format!("{} {a}", place.trim_start_matches("--")),
            None => format!("to the {}", place.trim_start_matches("--")),
        };
        assert_eq!(said, format!("moved 4 stories {where_to}\n"));
        current = want;
    }
    // The first two of the block, in rank order, already follow order[0].
    let again = sb.ok(
        &file,
        &["move", &order[11], &order[3], "--after", &order[0]],
    );
    assert!(again.contains("nothing moved"), "{again}");
}

#[test]
fn a_bulk_move_that_cannot_be_done_writes_nothing() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 12);
    let k = keys(&load(&file));
    for (args, said) in [
        (vec!["move", &k[1], "S-999", "--top"], "no story S-999"),
        (
            vec!["move", &k[1], &k[2], "--after", "S-999"],
            "no story S-999",
        ),
        (
            vec!["move", &k[1], &k[2], "--before", &k[2]],
            "relative to itself",
        ),
        (vec!["move", &k[1], &k[2], "--up", "2"], "--up"),
    ] {
        let err = sb.refused(&file, &args);
        assert!(err.contains(said), "po {args:?}: {err}");
    }
}

#[test]
fn sprint_add_of_many_stories_is_all_or_nothing() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 60);
    let b = load(&file);
    let sprint = b
        .sprints
        .iter()
        .find(|s| s.state != SprintState::Closed)
        .map(|s| s.key.clone())
        .expect("the sample has an open sprint");
    let open: Vec<String> = b
        .stories
        .iter()
        .filter(|s| s.status != Status::Done && s.sprint.as_deref() != Some(&sprint))
        .map(|s| s.key.clone())
        .take(12)
        .collect();
    let done = b
        .stories
        .iter()
        .find(|s| s.status == Status::Done && s.sprint.as_deref() != Some(&sprint))
        .unwrap();
    let mut args = vec!["sprint", "add", sprint.as_str()];
    args.extend(open.iter().map(String::as_str));
    for bad in ["S-9999", done.key.as_str()] {
        let mut with_bad = args.clone();
        with_bad.insert(8, bad);
        let err = sb.refused(&file, &with_bad);
        assert!(err.contains(bad), "{err}");
    }
    sb.ok(&file, &args);
    let after = load(&file);
    for key in &open {
        assert_eq!(
            after.story(key).unwrap().sprint.as_deref(),
            Some(sprint.as_str())
        );
    }
}
