//! What the command line prints for people: numbers, times and exports.

mod cli_support;

use cli_support::Sandbox;

#[test]
fn a_sprint_filled_exactly_to_its_capacity_never_says_minus_zero() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "X"]);
    let sprint = sb.ok(&file, &["sprint", "new", "Sprint 1", "--capacity", "3"]);
    let story = sb.ok(&file, &["add", "Thing", "--points", "3"]);
    sb.ok(&file, &["sprint", "add", sprint.trim(), story.trim()]);
    let shown = sb.ok(&file, &["sprint", "show", sprint.trim()]);
    assert!(!shown.contains("-0"), "{shown}");
    assert!(shown.contains("exactly at SP-1's capacity 3"), "{shown}");
}
