//! RICE and splitting in the TUI: the score column with its ↑/↓ markers,
//! "apply score order" (whole backlog, one epic, marked stories) that one
//! `u` undoes exactly, and splitting a story by its criteria.

mod fixtures;
mod render_support;

use fixtures::{backlog, keys, press, scored_backlog, selected_key};
use po::model::Backlog;
use po::tui::app::App;
use render_support::{draw, fg, screen};

fn app_on(b: Backlog) -> App {
    let mut app = App::new(b, None, &[]);
    app.resize(100, 24);
    app.compute_figures_now();
    app
}

#[test]
fn the_score_column_shows_scores_and_a_marker_where_the_ranks_differ_by_more_than_five() {
    let mut app = app_on(scored_backlog());
    let shown = draw(&mut app, 100, 24);
    let text = shown.text();
    assert!(text.contains("Score"), "{text}");
    assert!(text.contains("5000 ↑10"), "{text}");
    let up = shown.style_of("↑10");
    assert_eq!(fg(up), fg(po::tui::ui::theme::score_marker()), "{text}");
    insta::assert_snapshot!(screen(&mut app, 100, 24));
}

#[test]
fn markers_wait_for_the_ranking_of_the_backlog_as_it_is_now() {
    let mut app = app_on(scored_backlog());
    press(&mut app, "J");
    // The ranking is for the state before the move: no marker, rather
    // than one on the wrong row.
    assert!(app.current_ranking().is_none());
    assert!(!draw(&mut app, 100, 24).text().contains('↑'));
    app.compute_figures_now();
    assert!(draw(&mut app, 100, 24).text().contains('↑'));
}

#[test]
fn applying_the_score_order_to_the_whole_backlog_is_undone_by_one_u() {
    let mut app = app_on(scored_backlog());
    let before = app.backlog.clone();
    let last = keys(&app).last().unwrap().clone();
    press(&mut app, "O Enter");
    assert_eq!(keys(&app)[0], last, "the top scorer goes to the top");
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.starts_with("applied the score order"), "{msg}");
    // The done story keeps its place: only scored open stories move.
    assert_eq!(app.backlog.stories[2].key, before.stories[2].key);
    assert!(app.list.is_consistent(&app.backlog));
    press(&mut app, "u");
    assert_eq!(app.backlog, before);
    assert!(app.list.is_consistent(&app.backlog));
}

#[test]
fn the_score_order_of_one_epic_moves_only_its_stories() {
    let mut app = app_on(scored_backlog());
    let before = app.backlog.clone();
    // The last story (top scorer) is in epic E-2: pick "epic E-2".
    press(&mut app, "G O j Enter");
    for (a, b) in app.backlog.stories.iter().zip(&before.stories) {
        if b.epic.as_deref() == Some("E-1") {
            assert_eq!(a.key, b.key, "an E-1 story moved");
        }
    }
    assert_ne!(app.backlog, before);
    press(&mut app, "u");
    assert_eq!(app.backlog, before);
}

#[test]
fn the_marked_stories_only_swap_among_themselves() {
    let mut app = app_on(scored_backlog());
    let before = app.backlog.clone();
    // Only the top scorer has a marker: alone, it has nowhere to go.
    press(&mut app, "O j j Enter");
    assert_eq!(app.backlog, before);
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.contains("nothing moved"), "{msg}");
}

#[test]
fn splitting_by_criteria_from_the_list_is_undone_by_one_u() {
    let mut app = app_on(backlog(5));
    let before = app.backlog.clone();
    press(&mut app, "j S Enter");
    assert_eq!(app.backlog.stories.len(), 6, "two children for one parent");
    assert!(app.backlog.story("S-5").is_none());
    let first = &app.backlog.stories[1];
    assert_eq!(first.split_from.as_deref(), Some("S-5"));
    assert_eq!(selected_key(&app), first.key);
    press(&mut app, "u");
    assert_eq!(
        Backlog {
            next_keys: app.backlog.next_keys.clone(),
            ..before.clone()
        },
        app.backlog
    );

    // Kept as done instead: below its children.
    press(&mut app, "S j Enter");
    let parent = app.backlog.story("S-5").unwrap();
    assert_eq!(parent.status, po::model::Status::Done);
    assert_eq!(app.backlog.stories[3].key, "S-5");
}
