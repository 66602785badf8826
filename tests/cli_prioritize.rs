//! Prioritizing through the real binary: RICE inputs checked with the field
//! named, MoSCoW shares in `po stats`, and `po split`.

mod cli_support;

use cli_support::{Sandbox, load};

#[test]
fn rice_options_are_checked_by_field_and_confidence_reads_as_a_percentage() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let key = sb.ok(
        &file,
        &[
            "add",
            "Pay",
            "--reach",
            "800",
            "--impact",
            "2",
            "--confidence",
            "80%",
            "--effort",
            "2",
        ],
    );
    let key = key.trim();
    let rice = load(&file).stories[0].rice.clone().unwrap();
    assert_eq!(
        (rice.reach, rice.impact, rice.confidence, rice.effort),
        (800.0, 2.0, 0.8, 2.0)
    );
    let shown = sb.ok(&file, &["show", key]);
    assert!(shown.contains("= 640"), "{shown}");

    sb.ok(&file, &["edit", key, "--confidence", "50"]);
    assert_eq!(
        load(&file).stories[0].rice.as_ref().unwrap().confidence,
        0.5
    );

    for (flag, value, field) in [
        ("--impact", "1.5", "impact"),
        ("--effort", "0", "effort"),
        ("--reach", "-3", "reach"),
        ("--confidence", "120", "confidence"),
    ] {
        let err = sb.refused(&file, &["edit", key, flag, value]);
        assert!(
            err.contains(&format!("RICE {field}")),
            "{flag} {value}: {err}"
        );
        let err = sb.refused(&file, &["add", "x", flag, value]);
        assert!(
            err.contains(&format!("RICE {field}")),
            "add {flag} {value}: {err}"
        );
    }
}

#[test]
fn stats_show_moscow_shares_and_warn_when_must_is_over_sixty_percent() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let sprint = sb.ok(&file, &["sprint", "new", "Sprint 1", "--capacity", "10"]);
    let sprint = sprint.trim();
    for (title, points, moscow) in [("a", "7", "must"), ("b", "3", "could")] {
        let key = sb.ok(
            &file,
            &["add", title, "--points", points, "--moscow", moscow],
        );
        sb.ok(&file, &["sprint", "add", sprint, key.trim()]);
    }
    let text = sb.ok(&file, &["stats"]);
    assert!(text.contains("MoSCoW shares of points:"), "{text}");
    assert!(text.contains("70%"), "{text}");
    assert!(
        text.contains(&format!(
            "warning: Must is 70% of {sprint}'s capacity, over 60%"
        )),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&file, &["stats", "--json"])).unwrap();
    let shares = &json["moscow"]["sprints"][0];
    assert_eq!(shares["sprint"], sprint);
    assert_eq!(shares["shares"]["must"], 7.0);
    assert_eq!(shares["must_over_limit"], true);
    assert_eq!(json["moscow"]["must_limit"], 0.6);
}

#[test]
fn split_by_criteria_or_by_titles_prints_the_new_keys_and_refuses_what_cannot_split() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let big = sb.ok(
        &file,
        &[
            "add", "Pay", "--as-a", "buyer", "--i-want", "to pay", "--ac", "Card", "--ac", "Wallet",
        ],
    );
    let big = big.trim();
    let last = sb.ok(&file, &["add", "Other"]);
    let out = sb.ok(&file, &["split", big, "--by-criteria"]);
    let keys: Vec<&str> = out.lines().collect();
    assert_eq!(keys.len(), 2, "{out}");
    let b = load(&file);
    let order: Vec<&str> = b.stories.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(order, [keys[0], keys[1], last.trim()]);
    assert_eq!(b.stories[1].title, "Wallet");
    assert_eq!(b.stories[1].as_a, "buyer");
    assert_eq!(b.stories[1].split_from.as_deref(), Some(big));

    let out = sb.ok(
        &file,
        &["split", keys[0], "--into", "A", "--into", "B", "--keep"],
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    let b = load(&file);
    assert_eq!(b.stories[2].key, keys[0]);
    assert_eq!(b.stories[2].status, po::model::Status::Done);

    let err = sb.refused(&file, &["split", last.trim(), "--by-criteria"]);
    assert!(err.contains("no acceptance criteria"), "{err}");
    let err = sb.refused(&file, &["split", keys[0], "--into", "X"]);
    assert!(err.contains("is done"), "{err}");
    let run = sb.run(&["--file", file.to_str().unwrap(), "split", last.trim()]);
    assert_ne!(run.code, Some(0), "split needs --into or --by-criteria");
}
