//! `po product`, `po epic edit` (outcomes), `po roadmap` and
//! `po forecast --what-if` end to end, through the real binary.

mod cli_support;

use std::fs;

use cli_support::{Sandbox, load};
use po::model::{ForecastOptions, Status};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

#[test]
fn po_product_sets_the_vision_and_prints_it_without_options() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 40);
    let said = sb.ok(
        &file,
        &[
            "product",
            "--name",
            "Corner Shop",
            "--vision",
            "Checkout in one tap\nfor small shops",
        ],
    );
    assert!(said.contains("product: Corner Shop"), "{said}");
    let b = load(&file);
    assert_eq!(b.product.name, "Corner Shop");
    assert_eq!(b.product.vision, "Checkout in one tap\nfor small shops");
    let shown = sb.ok(&file, &["product"]);
    assert_eq!(
        shown,
        "product: Corner Shop\nvision:\n  Checkout in one tap\n  for small shops\n"
    );
    let j = json(&sb.ok(&file, &["product", "--json"]));
    assert_eq!(j["vision"], "Checkout in one tap\nfor small shops");
    let why = sb.refused(&file, &["product", "--name", " "]);
    assert!(why.contains("name cannot be empty"), "{why}");
    let why = sb.refused(&file, &["product", "--name", "two\nlines"]);
    assert!(why.contains("--name must be one line"), "{why}");
}

#[test]
fn po_epic_edit_sets_an_outcome_that_the_roadmap_shows() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 60);
    let said = sb.ok(
        &file,
        &[
            "epic",
            "edit",
            "1",
            "--metric",
            "checkout conversion",
            "--unit",
            "%",
            "--baseline",
            "2.1",
            "--target",
            "3",
            "--measured",
            "2.4",
            "--measured-on",
            "2026-11-01",
        ],
    );
    assert!(said.contains("edited E-1"), "{said}");
    let outcome = load(&file).epic("E-1").unwrap().outcome.clone().unwrap();
    assert_eq!(
        (outcome.baseline, outcome.target, outcome.measured),
        (Some(2.1), Some(3.0), Some(2.4))
    );
    let line = "checkout conversion: 2.1% → 3% (latest 2.4% on 2026-11-01)";
    assert!(
        sb.ok(&file, &["roadmap"])
            .contains(&format!("E-1 outcome: {line}"))
    );
    assert!(sb.ok(&file, &["roadmap", "--md"]).contains(line));

    for (args, says) in [
        (vec!["epic", "edit", "1", "--baseline", "-1"], "--baseline"),
        (vec!["epic", "edit", "2", "--target", "5"], "needs a metric"),
        (vec!["epic", "edit", "99", "--metric", "x"], "no epic E-99"),
        (
            vec!["epic", "edit", "1", "--metric", " "],
            "cannot be empty",
        ),
        (
            vec!["epic", "edit", "1", "--measured-on", "yesterday"],
            "--measured-on",
        ),
        (vec!["epic", "edit", "1"], "say what to change"),
    ] {
        let why = sb.refused(&file, &args);
        assert!(why.contains(says), "{args:?}: {why}");
    }
    sb.ok(&file, &["epic", "edit", "1", "--no-outcome"]);
    assert_eq!(load(&file).epic("E-1").unwrap().outcome, None);
}

#[test]
fn po_roadmap_json_is_the_models_roadmap_for_today() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 80);
    let printed = json(&sb.ok(&file, &["roadmap", "--json", "--runs", "500"]));
    let mut options = ForecastOptions::new(chrono::Local::now().date_naive());
    options.runs = 500;
    let b = load(&file);
    let expected = serde_json::to_value(b.roadmap(&options)).unwrap();
    assert_eq!(printed["epics"], expected["epics"]);
    assert_eq!(printed["product"]["name"], b.product.name.as_str());
    assert!(
        printed["epics"][0]["finish"]["dates"]["p85"].is_string(),
        "{printed}"
    );
    let table = sb.ok(&file, &["roadmap"]);
    assert!(table.contains("epic  done/pts"), "{table}");
}

#[test]
fn po_roadmap_md_is_fit_for_stakeholders_and_says_when_there_is_no_history() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 60);
    sb.ok(
        &file,
        &["product", "--vision", "Groceries without the queue"],
    );
    let md = sb.ok(&file, &["roadmap", "--md"]);
    for part in [
        "# Roadmap: ",
        "> Groceries without the queue",
        "| Epic | Done | Remaining | Likely by (50%) | Confident by (85%) |",
        "**Likely** means a 50% chance",
        "## In the running sprint: ",
    ] {
        assert!(md.contains(part), "{part:?} missing from:\n{md}");
    }
    let fresh = sb.path("fresh.json");
    sb.ok(&fresh, &["init", "--name", "New"]);
    sb.ok(&fresh, &["epic", "new", "Launch"]);
    sb.ok(
        &fresh,
        &["add", "First story", "--epic", "1", "--points", "3"],
    );
    let md = sb.ok(&fresh, &["roadmap", "--md"]);
    assert!(md.contains("No dates yet (not enough history"), "{md}");
    assert!(
        md.contains("| Launch (E-1) | 0 of 3 points (0%) | 3 points | no date yet |  |"),
        "{md}"
    );
    assert!(!md.contains("running sprint"), "{md}");
}

#[test]
fn po_forecast_what_if_shows_each_epics_dates_before_and_after_and_moves_nothing() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 80);
    let b = load(&file);
    let last = b
        .stories
        .iter()
        .rev()
        .find(|s| s.status != Status::Done && s.points.unwrap_or(0.0) >= 3.0 && s.epic.is_some())
        .unwrap();
    let before = fs::read(&file).unwrap();
    let text = sb.ok(&file, &["forecast", "--what-if", &last.key, "--top"]);
    assert!(text.contains(&format!("what if {} ", last.key)), "{text}");
    assert!(text.contains("to rank 1?"), "{text}");
    assert!(text.contains("→"), "{text}");
    assert_eq!(
        fs::read(&file).unwrap(),
        before,
        "a what-if changes nothing"
    );
    let w = json(&sb.ok(
        &file,
        &["forecast", "--what-if", &last.key, "--top", "--json"],
    ));
    let epic = last.epic.as_deref().unwrap();
    let own = w["epics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == epic)
        .unwrap();
    assert!(own["p50_days"].as_i64().unwrap() <= 0, "{own}");
    assert_eq!(w["to_rank"], 1);
    let second = b.stories[1].key.clone();
    let w = json(&sb.ok(
        &file,
        &[
            "forecast",
            "--what-if",
            &last.key,
            "--after",
            &second,
            "--json",
        ],
    ));
    assert_eq!(w["to_rank"], 3);
    let w = json(&sb.ok(
        &file,
        &["forecast", "--what-if", &last.key, "--rank", "5", "--json"],
    ));
    assert_eq!(w["to_rank"], 5);

    let count = b.stories.len().to_string();
    let past = (b.stories.len() + 1).to_string();
    for (args, says) in [
        (
            vec!["forecast", "--what-if", "S-9999", "--top"],
            "no story S-9999",
        ),
        (vec!["forecast", "--what-if", &last.key], "--top"),
        (vec!["forecast", "--top"], "--what-if"),
        (
            vec!["forecast", "--what-if", &last.key, "--rank", "0"],
            "--rank",
        ),
        (
            vec!["forecast", "--what-if", &last.key, "--rank", &past],
            &count,
        ),
        (
            vec!["forecast", "--what-if", &last.key, "--before", &last.key],
            "itself",
        ),
    ] {
        let why = sb.refused(&file, &args);
        assert!(why.contains(says), "{args:?}: {why}");
    }
}
