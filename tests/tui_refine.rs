//! Refinement in the TUI: the ready badge and the dependency marker in the
//! backlog, the refinement queue (view 8) and its Enter to the field to
//! fix, the INVEST hints, the dependency picker and its refusal of a cycle.

mod fixtures;
mod render_support;

use fixtures::{press, t0, type_text};
use po::model::Backlog;
use po::tui::app::{App, DepRanks};
use po::tui::popup::Popup;
use po::tui::views::View;
use ratatui::style::Color;
use render_support::{draw, fg, screen};

/// Six stories (S-4…S-9): S-6 done, S-8 unestimated (as in the fixture);
/// S-7 without criteria, S-4 depending on S-9 (open, ranked below it), S-9
/// with "TBD" in its description.
fn refine_backlog() -> Backlog {
    let mut b = fixtures::backlog(6);
    b.update_story("S-7", t0(), |s| s.acceptance.clear())
        .unwrap();
    b.update_story("S-4", t0(), |s| s.depends_on = vec!["S-9".into()])
        .unwrap();
    b.update_story("S-9", t0(), |s| {
        s.description = "Slots per area: TBD".into();
    })
    .unwrap();
    b
}

fn refine_app() -> App {
    let mut app = App::new(refine_backlog(), None, &[]);
    app.resize(120, 30);
    app
}

#[test]
fn the_backlog_shows_a_ready_badge_and_marks_a_story_ranked_above_its_dependency() {
    let mut app = refine_app();
    insta::assert_snapshot!(screen(&mut app, 100, 12));
    let s = draw(&mut app, 100, 12);
    // S-5 is ready: a green tick; S-8 (unestimated) is not: a yellow cross.
    let row = s.row_of("S-5");
    let cells = s.row_cells(row);
    let (_, tick) = cells.iter().find(|(t, _)| t == "✓").expect("a tick");
    assert_eq!(fg(*tick), Color::Green);
    let row = s.row_of("S-8");
    let cells = s.row_cells(row);
    let (_, cross) = cells.iter().find(|(t, _)| t == "✗").expect("a cross");
    assert_eq!(fg(*cross), Color::Yellow);
    // S-4 depends on S-9, ranked below it: marked.
    let row = s.row_of("S-4");
    assert!(s.line(row).contains("⤓"), "{}", s.line(row));
    assert!(!s.line(s.row_of("S-5")).contains("⤓"));
}

#[test]
fn moving_the_dependency_above_clears_the_marker_and_undo_brings_it_back() {
    let mut app = refine_app();
    // The cursor to S-9 (the last row), then T: to the top, above S-4.
    press(&mut app, "G T");
    assert_eq!(app.backlog.stories[0].key, "S-9");
    assert!(app.dep_ranks.is_consistent(&app.backlog));
    let shown = screen(&mut app, 100, 12);
    assert!(!shown.contains("⤓"), "{shown}");
    press(&mut app, "u");
    assert!(app.dep_ranks.is_consistent(&app.backlog));
    assert!(screen(&mut app, 100, 12).contains("⤓"));
}

#[test]
fn the_rank_index_of_dependencies_follows_every_change() {
    let mut app = refine_app();
    // Moves, a new story, a deletion, a dependency edited, undo and redo.
    for keys in [
        "J", "j J", "K", "g T", "G B", "a", "d y", "u", "C-r", "u u u",
    ] {
        press(&mut app, keys);
        if app.popup.is_some() {
            type_text(&mut app, "New story");
            press(&mut app, "Enter Esc");
        }
        assert!(
            app.dep_ranks.is_consistent(&app.backlog),
            "after {keys}: {:?} vs {:?}",
            app.dep_ranks,
            DepRanks::of(&app.backlog)
        );
    }
}

#[test]
fn the_refinement_queue_lists_the_top_stories_not_ready_with_what_they_lack() {
    let mut app = refine_app();
    press(&mut app, "8");
    assert_eq!(app.view, View::Refine);
    // Opening the queue draws at once; the queue comes from the job runner.
    assert!(screen(&mut app, 120, 14).contains("Checking 6 stories"));
    app.compute_figures_now();
    insta::assert_snapshot!(screen(&mut app, 120, 14));
    let keys: Vec<&str> = app
        .refine
        .queue
        .latest
        .as_ref()
        .unwrap()
        .stories
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    assert_eq!(keys, ["S-4", "S-7", "S-8", "S-9"]);
}

#[test]
fn enter_on_a_story_without_criteria_opens_its_detail_to_write_one_and_the_queue_follows() {
    let mut app = refine_app();
    press(&mut app, "8");
    app.compute_figures_now();
    press(&mut app, "j");
    assert_eq!(app.selected_story().unwrap().key, "S-7");
    press(&mut app, "Enter");
    // The detail of S-7, with the new-criterion prompt open.
    assert_eq!(app.view, View::Backlog);
    assert_eq!(app.detail.as_ref().unwrap().key, "S-7");
    assert!(
        matches!(&app.popup, Some(Popup::Prompt(p)) if p.title.contains("acceptance criterion"))
    );
    type_text(
        &mut app,
        "Given an invoice, when I pay it, then it is marked paid",
    );
    press(&mut app, "Enter");
    assert_eq!(app.backlog.story("S-7").unwrap().acceptance.len(), 1);
    // Esc goes back to the queue, which no longer has S-7.
    press(&mut app, "Esc");
    assert_eq!(app.view, View::Refine);
    assert!(screen(&mut app, 120, 14).contains("updating"));
    app.compute_figures_now();
    let shown = screen(&mut app, 120, 14);
    assert!(!shown.contains("S-7"), "{shown}");
    assert!(shown.contains("3 open stories are not ready"), "{shown}");
}

#[test]
fn enter_on_an_unestimated_story_opens_the_form_at_points() {
    let mut app = refine_app();
    press(&mut app, "8");
    app.compute_figures_now();
    press(&mut app, "j j Enter");
    let Some(Popup::Form(form)) = &app.popup else {
        panic!("a form: {:?}", app.popup);
    };
    assert_eq!(form.fields[form.focus].label, "Points");
    type_text(&mut app, "5");
    press(&mut app, "Enter");
    assert_eq!(app.backlog.story("S-8").unwrap().points, Some(5.0));
    assert_eq!(app.view, View::Refine);
}

#[test]
fn the_detail_gives_invest_hints_and_every_reason() {
    let mut app = refine_app();
    press(&mut app, "Enter");
    let shown = screen(&mut app, 100, 34);
    assert!(
        shown.contains("Not ready: depends on S-9 ranked below it"),
        "{shown}"
    );
    assert!(shown.contains("INVEST hints"), "{shown}");
    assert!(
        shown.contains("waits for S-9; S-9 ranked below it"),
        "{shown}"
    );
    assert!(shown.contains("2 acceptance criteria"), "{shown}");
    let s = draw(&mut app, 100, 34);
    assert_eq!(fg(s.style_of("waits for S-9")), Color::Yellow);
}

#[test]
fn the_not_ready_filter_follows_the_definition_of_ready() {
    let mut app = refine_app();
    press(&mut app, "f");
    // The filter form: Tab to "Not ready", Space to set it, Enter.
    let Some(Popup::Form(form)) = &app.popup else {
        panic!("the filter form");
    };
    let at = form
        .fields
        .iter()
        .position(|f| f.label == "Not ready")
        .unwrap();
    for _ in 0..at {
        press(&mut app, "Tab");
    }
    press(&mut app, "Space Enter");
    let shown = screen(&mut app, 100, 12);
    // S-9 only has "TBD" in its description: vague, so not ready.
    for key in ["S-7", "S-8", "S-9"] {
        assert!(shown.contains(key), "{key}: {shown}");
    }
    assert!(!shown.contains("S-5"), "{shown}");
}

#[test]
fn the_dependency_picker_searches_and_adds_and_refuses_a_cycle_naming_it() {
    let mut app = refine_app();
    // S-5 (row 2) depends on nothing; pick S-7 by typing part of its title.
    press(&mut app, "j D");
    assert!(matches!(app.popup, Some(Popup::DepPicker(_))));
    type_text(&mut app, "delivery");
    insta::assert_snapshot!(screen(&mut app, 100, 16));
    press(&mut app, "Enter");
    assert_eq!(app.backlog.story("S-5").unwrap().depends_on, ["S-7"]);
    // S-7 depending on S-5 would close a cycle: refused, named, nothing changed.
    let before = app.backlog.clone();
    press(&mut app, "j j D");
    assert_eq!(app.selected_story().unwrap().key, "S-7");
    type_text(&mut app, "S-5");
    press(&mut app, "Enter");
    assert_eq!(app.backlog, before);
    let message = app.message.as_ref().unwrap();
    assert!(message.error);
    assert_eq!(
        message.text,
        "dependency cycle S-7 → S-5 → S-7: S-7 cannot depend on S-5"
    );
    // Enter on a dependency already there removes it.
    press(&mut app, "k k D Enter");
    assert!(app.backlog.story("S-5").unwrap().depends_on.is_empty());
}

/// At 120 columns the sample's queue has room for every title and what
/// it lacks side by side: the title used to get a third of the width and
/// was cut with "…" beside a half-empty Lacks column.
#[test]
fn at_120_columns_the_queue_shows_whole_titles_beside_what_they_lack() {
    let sample = fixtures::sample_app();
    let mut backlog = sample.backlog.clone();
    // A title as long as an imported one: 55 columns.
    let first_open = backlog
        .stories
        .iter()
        .position(|s| s.points.is_none())
        .unwrap();
    backlog.stories[first_open] = {
        let mut story = (*backlog.stories[first_open]).clone();
        story.title = "Show the delivery slots of every store near the basket".into();
        story.into()
    };
    let mut app = App::new(backlog, None, &[]);
    app.today = sample.today;
    press(&mut app, "8");
    app.compute_figures_now();
    let queue = app.refine.queue.latest.clone().expect("computed");
    assert!(queue.stories.len() > 5, "the sample has a queue");
    assert!(
        queue.stories.iter().any(|e| e.title.len() > 50),
        "the long title is in the queue"
    );
    for entry in &queue.stories {
        let shown = draw(&mut app, 120, 40).text();
        let title = po::text::sanitize(&entry.title);
        let rank = entry.rank.to_string();
        let row = shown
            .lines()
            .find(|l| {
                l.split_whitespace()
                    .take(2)
                    .eq([rank.as_str(), entry.key.as_str()])
            })
            .unwrap_or_else(|| panic!("{} is on screen:\n{shown}", entry.key));
        assert!(
            row.contains(title.as_ref()),
            "{}'s title is cut: {row}",
            entry.key
        );
        assert!(!row.contains('…'), "{row}");
        press(&mut app, "j");
    }
}
