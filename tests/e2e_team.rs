//! End-to-end, working as a team (JOURNEYS.md, 7): two teammates retitle
//! the same story on their clones, `git pull` stops on the true conflict
//! (the merge driver keeps ours and records it), and the PO resolves it in
//! the full-screen app: the banner says so, `M` lists it with both sides,
//! `t` takes theirs, `u` would bring it back. Then `po check` is clean and
//! the merge commits. Real git, real po, real terminal.

mod git_support;
mod tmux_support;

use std::path::Path;

use git_support::Team;
use serde_json::Value;
use tmux_support::{PO, Tmux};

fn title(team: &Team, dir: &Path, key: &str) -> String {
    let json = team.po_ok(dir, &["show", key, "--json"]);
    let story: Value = serde_json::from_str(&json).expect("story JSON");
    story["title"].as_str().expect("a title").to_string()
}

#[test]
fn a_conflicting_pull_is_resolved_in_the_app_and_the_merge_commits() {
    let Some(tmux) = Tmux::start("team") else {
        return;
    };
    let team = Team::new();
    let base = team.base("origin", 30);
    let ana = team.clone(&base, "ana");
    let ben = team.clone(&base, "ben");
    team.po_ok(&ana, &["edit", "S-12", "--title", "Ana's title"]);
    team.po_ok(&ben, &["edit", "S-12", "--title", "Ben's title"]);
    // A change git can merge on its own rides along: it must survive. To
    // points S-4 does not have (the sample follows today's date).
    let s4: Value =
        serde_json::from_str(&team.po_ok(&ben, &["show", "S-4", "--json"])).expect("JSON");
    let points = if s4["points"] == 21 { 34 } else { 21 };
    team.po_ok(&ben, &["edit", "S-4", "--points", &points.to_string()]);
    team.commit(&ana, "Ana retitles S-12");
    team.commit(&ben, "Ben retitles S-12 and re-estimates S-4");

    let pull = team.git(
        &ana,
        &[
            "pull",
            "--no-rebase",
            "--no-edit",
            ben.to_str().unwrap(),
            "main",
        ],
    );
    assert_ne!(pull.code, Some(0), "git stops on the true conflict");
    assert_eq!(title(&team, &ana, "S-12"), "Ana's title", "ours is kept");

    let file = ana.join("backlog.json");
    tmux.shell(&format!("{PO} --file {}", file.display()));
    tmux.wait_for("MERGE CONFLICTS: 1");
    tmux.keys(&["M"]);
    let popup = tmux.wait_for("Merge conflicts: 1 left");
    assert!(
        popup.contains("Ana's title") && popup.contains("Ben's title"),
        "both sides are shown:\n{popup}"
    );
    tmux.keys(&["t"]);
    tmux.wait_for("all merge conflicts resolved");
    tmux.wait_gone("MERGE CONFLICTS");
    tmux.keys(&["q"]);
    tmux.wait_for("$ ");
    tmux_support::assert_terminal_restored(&tmux);

    assert_eq!(
        title(&team, &ana, "S-12"),
        "Ben's title",
        "theirs was taken"
    );
    let check = team.po(&ana, &["check"]);
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
    team.git_ok(&ana, &["add", "backlog.json"]);
    team.git_ok(&ana, &["commit", "-q", "--no-edit"]);
    let status = team.git_ok(&ana, &["status", "--porcelain"]);
    assert!(status.trim().is_empty(), "clean after the merge: {status}");
    let s4: Value =
        serde_json::from_str(&team.po_ok(&ana, &["show", "S-4", "--json"])).expect("JSON");
    assert_eq!(
        s4["points"], points,
        "Ben's re-estimate came through the merge"
    );
}
