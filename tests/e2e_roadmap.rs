//! End-to-end, the real `po` in tmux: the roadmap (view 6) shows every
//! epic's forecast dates, its cursor picks an epic whose stories Enter
//! shows; `w` on a backlog story previews which epics slip if it went to
//! the top, and Esc closes the preview without touching the file.
//!
//! The dates on screen are checked against `po roadmap --json` and
//! `po forecast --what-if --json`: config.toml sets `forecast.runs` for
//! both (seed 1 everywhere). Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use std::path::Path;

use serde_json::Value;
use tmux_support::{PO, Tmux, assert_terminal_restored, init_sample, listed, po};

/// Simulated futures for the TUI and the CLI alike: not the default, so
/// dates that agree show that both follow config.toml.
const RUNS: usize = 1500;

fn configure_runs(tmux: &Tmux) {
    let dir = tmux.home().join("config").join("po");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!("[forecast]\nruns = {RUNS}\n"),
    )
    .unwrap();
}

fn json_of(args: &[&str], file: &Path, home: &Path) -> Value {
    let mut all = args.to_vec();
    all.extend(["--json", "--file", file.to_str().unwrap()]);
    let out = po(&all, home);
    assert!(
        out.status.success(),
        "po {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A JSON date as the TUI writes it: "16 Apr 27".
fn shown_date(date: &Value) -> String {
    let date = chrono::NaiveDate::parse_from_str(date.as_str().unwrap(), "%Y-%m-%d").unwrap();
    date.format("%d %b %y").to_string()
}

/// The screen's line of a table row that starts with `start` inside a box.
fn row_of<'a>(screen: &'a str, start: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(&format!("│{start}")))
        .unwrap_or_else(|| panic!("no row {start:?} on the screen:\n{screen}"))
}

#[test]
fn the_roadmap_view_shows_each_epics_dates_and_its_cursor_opens_an_epics_stories() {
    let Some(tmux) = Tmux::start("roadmap") else {
        return;
    };
    configure_runs(&tmux);
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "40");
    let roadmap = json_of(&["roadmap"], &file, &home);
    let epics = roadmap["epics"].as_array().unwrap();
    let forecast: Vec<&Value> = epics
        .iter()
        .filter(|e| e["finish"]["state"] == "forecast")
        .collect();
    assert!(forecast.len() >= 2, "the sample has epics with dates");

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&["6"]);
    tmux.wait_for("Epic  ");
    let last_p85 = shown_date(&forecast.last().unwrap()["finish"]["dates"]["p85"]);
    let screen = tmux.wait_settled(|s| s.contains(&last_p85));
    assert!(screen.contains("today"), "today is marked:\n{screen}");
    // Every epic with open work, in the roadmap's order, with its dates.
    let mut last_line = 0;
    for epic in &forecast {
        let key = epic["key"].as_str().unwrap();
        let row = row_of(&screen, &format!("{key} "));
        let dates = &epic["finish"]["dates"];
        let (p50, p85) = (shown_date(&dates["p50"]), shown_date(&dates["p85"]));
        assert!(row.contains(&format!("{p50} {p85}")), "{key}: {row}");
        assert!(row.contains('█'), "{key} has a bar: {row}");
        let line = screen.lines().position(|l| l == row).unwrap();
        assert!(line > last_line, "{key} in the roadmap's order:\n{screen}");
        last_line = line;
    }

    // The cursor: down one epic, Enter lists that epic's stories.
    let second = epics[1]["key"].as_str().unwrap();
    tmux.keys(&["j"]);
    tmux.keys(&["Enter"]);
    let backlog = tmux.wait_for(&format!("filter: epic {second} ("));
    assert!(backlog.contains("#  Key  R  Title"), "{backlog}");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);
}

#[test]
fn w_previews_which_epics_slip_if_a_story_went_to_the_top_and_esc_changes_nothing() {
    let Some(tmux) = Tmux::start("what-if") else {
        return;
    };
    configure_runs(&tmux);
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "40");

    // The lowest-ranked open, estimated story whose move to the top makes
    // some other epic slip, as `po forecast --what-if` computes it.
    let stories = listed(&file, &home);
    let (story, what_if) = stories
        .iter()
        .rev()
        .filter(|s| s["status"] != "done" && s["points"].as_f64().is_some_and(|p| p > 0.0))
        .find_map(|s| {
            let key = s["key"].as_str().unwrap();
            let w = json_of(&["forecast", "--what-if", key, "--top"], &file, &home);
            let slips = w["epics"].as_array().unwrap().iter().any(|e| {
                e["key"] != s["epic"]
                    && (e["p50_days"].as_i64() > Some(0) || e["p85_days"].as_i64() > Some(0))
            });
            slips.then(|| (s.clone(), w))
        })
        .expect("some story of the sample pushes an epic out when moved to the top");
    let key = story["key"].as_str().unwrap();
    let title = story["title"].as_str().unwrap();
    let before = std::fs::read(&file).unwrap();

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    // Find the story by its title, then ask what its move would push out.
    tmux.keys(&["/"]);
    tmux.type_text(title);
    tmux.keys(&["Enter"]);
    // The cursor is on the first match; the preview's title names it.
    tmux.wait_for("search: \"");
    tmux.keys(&["w"]);
    tmux.wait_for(&format!("What if {key} went to rank 1?"));
    // The figures come from the job runner, off the key: wait for them.
    let first = &what_if["epics"][0];
    let p50 = shown_date(&first["after"]["dates"]["p50"]);
    let screen = tmux.wait_settled(|s| s.contains(&format!("→ {p50}")));
    // Each epic that slips shows by how much, next to its dates after.
    let mut slipping = 0;
    for epic in what_if["epics"].as_array().unwrap() {
        let epic_key = epic["key"].as_str().unwrap();
        for p in ["p50", "p85"] {
            let Some(days) = epic[format!("{p}_days")].as_i64().filter(|d| *d > 0) else {
                continue;
            };
            let after = shown_date(&epic["after"]["dates"][p]);
            let row = row_of(&screen, &format!("{epic_key} "));
            assert!(
                row.contains(&format!("→ {after} {days:+} day")),
                "{epic_key}'s {p} slips {days} days to {after}: {row}"
            );
            slipping += 1;
        }
    }
    assert!(slipping > 0, "{what_if}");

    tmux.keys(&["Escape"]);
    // Sent together, Esc and q would read as Alt-q.
    tmux.wait_gone("What if");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_terminal_restored(&tmux);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the preview changes nothing"
    );
}
