//! `po report --since`: the stakeholder update, through the real binary and
//! on the model: what shipped and for whom, the requests and decisions with
//! their reasons, and how the roadmap's dates moved since the sprint close
//! the stakeholders last heard of.

mod cli_support;

use chrono::{Duration, NaiveDate};
use cli_support::{Sandbox, load};
use po::model::{ForecastOptions, SprintState, Status, sample};

#[test]
fn the_report_tells_what_shipped_for_whom_and_the_decisions_with_their_reasons() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 60);
    let sso = sb.ok(
        &file,
        &["request", "new", "SSO for the Acme deal", "--from", "Sales"],
    );
    let dark = sb.ok(
        &file,
        &["request", "new", "Dark mode", "--from", "Marketing"],
    );
    let (sso, dark) = (sso.trim(), dark.trim());
    let story = sb.ok(&file, &["request", "accept", sso, "--top"]);
    sb.ok(
        &file,
        &["request", "decline", dark, "--reason", "Not this year"],
    );
    let b = load(&file);
    let since = b
        .stories
        .iter()
        .filter_map(|s| s.done_at)
        .max()
        .expect("the sample has done stories")
        .date_naive();
    let text = sb.ok(&file, &["report", "--since", &since.to_string()]);
    let shipped: Vec<&str> = b
        .stories
        .iter()
        .filter(|s| s.status == Status::Done && s.done_at.is_some_and(|t| t.date_naive() >= since))
        .map(|s| s.key.as_str())
        .collect();
    assert!(!shipped.is_empty());
    assert!(
        text.contains(&format!("Shipped ({})", shipped.len())),
        "{text}"
    );
    for key in shipped {
        let s = b.story(key).unwrap();
        assert!(
            text.contains(&format!("{key} {}", s.title)),
            "{key} in {text}"
        );
        if !s.requested_by.is_empty() {
            assert!(
                text.contains(&format!("asked for by {}", s.requested_by)),
                "{text}"
            );
        }
    }
    assert!(text.contains(&format!("{sso} from Sales")), "{text}");
    assert!(
        text.contains(&format!("accepted as {}", story.trim())),
        "{text}"
    );
    assert!(text.contains(&format!("{dark} from Marketing")), "{text}");
    assert!(text.contains("declined: Not this year"), "{text}");
    assert!(text.contains("Roadmap"), "{text}");

    let md = sb.ok(&file, &["report", "--since", &since.to_string(), "--md"]);
    assert!(
        md.starts_with("# ") && md.contains("\n## Shipped") && md.contains("\n- "),
        "{md}"
    );

    for (bad, said) in [
        ("2026-02-30", "a date like"),
        ("1800-01-01", "between 1900"),
        ("9999-01-01", "in the future"),
    ] {
        let err = sb.refused(&file, &["report", "--since", bad]);
        assert!(err.contains(said), "{bad}: {err}");
    }
}

#[test]
fn the_roadmap_dates_move_later_for_work_added_on_top_since_the_last_sprint_closed() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut b = sample::generate("Acme", 80, 5, today);
    let closed = b
        .sprints
        .iter()
        .filter(|s| s.state == SprintState::Closed)
        .filter_map(|s| s.record.closed_at)
        .max()
        .expect("the sample has closed sprints");
    // A big story added on top after that close: every epic waits for it.
    let mut big = b.new_story("Rebuild the checkout", closed + Duration::days(1));
    big.points = Some(60.0);
    let big_key = big.key.clone();
    b.insert_story(0, big).unwrap();
    let options = ForecastOptions::new(today);
    let report = b.report(closed.date_naive(), &options);
    let (key, shifts) = report.moved.as_ref().expect("a sprint has closed");
    let last = b
        .sprints
        .iter()
        .find(|s| s.record.closed_at == Some(closed))
        .unwrap();
    assert_eq!(key, &last.key);
    let moved: Vec<i64> = shifts.iter().filter_map(|s| s.p85_days).collect();
    assert!(!moved.is_empty());
    assert!(moved.iter().all(|d| *d >= 0), "{moved:?}");
    assert!(moved.iter().any(|d| *d > 0), "{moved:?}");

    // As of the close, the story did not exist and what was done later was open.
    let then = b.as_of(closed);
    assert!(then.story_index(&big_key).is_none());
    let existing = b.stories.iter().filter(|s| s.created <= closed).count();
    assert_eq!(then.stories.len(), existing);
    assert!(
        then.stories
            .iter()
            .all(|s| s.done_at.is_none_or(|t| t <= closed))
    );
    assert!(
        b.stories
            .iter()
            .any(|s| s.done_at.is_some_and(|t| t > closed)),
        "the test needs work done since"
    );
}

#[test]
fn closing_the_sprint_then_reporting_compares_the_dates_with_the_close_before_the_since_day() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 60);
    let b = load(&file);
    let active = b.active_sprint().unwrap().key.clone();
    let (previous, closed) = b
        .sprints
        .iter()
        .filter(|s| s.state == SprintState::Closed)
        .filter_map(|s| s.record.closed_at.map(|t| (s.key.clone(), t)))
        .max_by_key(|(_, t)| *t)
        .expect("the sample has closed sprints");
    // The review on Friday: close the sprint, then the update since the
    // previous review.
    sb.ok(&file, &["sprint", "close"]);
    let since = (closed.date_naive() + Duration::days(1)).to_string();
    let text = sb.ok(&file, &["report", "--since", &since]);
    assert!(
        text.contains(&format!("{previous} closed")),
        "compared with {previous}, the close before {since}:\n{text}"
    );
    assert!(!text.contains(&format!("{active} closed")), "{text}");
    // Since a day before any close: the first close after it.
    let first = b
        .sprints
        .iter()
        .filter_map(|s| s.record.closed_at.map(|t| (s.key.clone(), t)))
        .min_by_key(|(_, t)| *t)
        .unwrap();
    let early = (first.1.date_naive() - Duration::days(1)).to_string();
    let text = sb.ok(&file, &["report", "--since", &early]);
    assert!(text.contains(&format!("{} closed", first.0)), "{text}");
}
