//! The backlog shows the work ahead: done stories of closed sprints leave
//! the ranked list (with a count saying so), open work starts at rank 1, and
//! one key shows them again.

mod fixtures;
mod render_support;

use fixtures::{keys, press, selected_key};
use po::model::{Backlog, Position, SprintState, Status, Story};
use po::tui::app::App;
use render_support::draw;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Whether a story is done in a closed sprint of `b`.
fn history(b: &Backlog, s: &Story) -> bool {
    s.status == Status::Done
        && s.sprint.as_deref().is_some_and(|k| {
            b.sprints
                .iter()
                .any(|sp| sp.key == k && sp.state == SprintState::Closed)
        })
}

/// The sample as an older file has it: two done stories of closed sprints
/// ranked at the very top, above the open work.
fn history_on_top() -> (Backlog, usize) {
    let mut b = po::model::sample::generate("Acme", 60, 3, today());
    for _ in 0..2 {
        let last = b.stories.len() - 1;
        assert!(history(&b, &b.stories[last]));
        b.move_story_at(last, &Position::Top).unwrap();
    }
    let hidden = b.stories.iter().filter(|s| history(&b, s)).count();
    (b, hidden)
}

fn app_on(backlog: Backlog) -> App {
    let mut app = App::new(backlog, None, &[]);
    app.today = Some(today());
    app.resize(120, 30);
    app
}

#[test]
fn done_stories_of_closed_sprints_are_hidden_with_a_count_and_open_work_is_rank_one() {
    let (b, hidden) = history_on_top();
    assert!(hidden > 2, "the sample has history to hide");
    let first_open = b.stories[2].key.clone();
    let top_done = b.stories[0].key.clone();
    let mut app = app_on(b);
    let screen = draw(&mut app, 120, 30);
    let text = screen.text();
    let banner = format!("{hidden} done in closed sprints hidden · H shows them");
    assert!(text.contains(&banner), "{text}");
    assert!(!text.contains(&top_done), "{text}");
    // The first row is the first open story, ranked 1.
    let y = screen.row_of(&first_open);
    let row = screen.line(y);
    // Past the gutter marks (▶ for the active sprint, ⊘ for a blocker).
    let words: Vec<&str> = row
        .split_whitespace()
        .filter(|w| !["▶", "⊘"].contains(w))
        .collect();
    assert_eq!(words[..2], ["1", first_open.as_str()], "{row}");
    assert_eq!(selected_key(&app), first_open);
    insta::assert_snapshot!(text);
}

#[test]
fn h_shows_the_done_stories_of_closed_sprints_and_hides_them_again() {
    let (b, hidden) = history_on_top();
    let total = b.stories.len();
    let top_done = b.stories[0].key.clone();
    let mut app = app_on(b);
    assert_eq!(app.list.len(&app.backlog), total - hidden);
    press(&mut app, "H");
    assert_eq!(app.list.len(&app.backlog), total);
    assert_eq!(app.list.hidden_done(), 0);
    // The cursor stays on the story it was on, now ranked 3.
    assert_eq!(app.list.cursor, 2);
    let screen = draw(&mut app, 120, 30);
    assert!(!screen.text().contains("done in closed sprints hidden"));
    let row = screen.line(screen.row_of(&top_done));
    assert_eq!(row.split_whitespace().nth(1), Some("1"), "{row}");
    press(&mut app, "H");
    assert_eq!(app.list.len(&app.backlog), total - hidden);
    assert_eq!(app.list.hidden_done(), hidden);
    assert!(app.list.is_consistent(&app.backlog));
}

#[test]
fn moves_pass_hidden_rows_and_keep_the_list_consistent() {
    let (b, _) = history_on_top();
    let mut app = app_on(b);
    let first = selected_key(&app);
    // Down one rank swaps with the next visible story.
    press(&mut app, "J");
    assert_eq!(selected_key(&app), first);
    assert_eq!(app.list.cursor, 1);
    // Top puts it at rank 1 of the open work, above the hidden stories.
    press(&mut app, "T");
    assert_eq!(keys(&app)[0], first);
    assert_eq!(app.list.cursor, 0);
    assert_eq!(app.list.rank_of(0), 1);
    assert!(app.list.is_consistent(&app.backlog));
    press(&mut app, "u u");
    assert!(app.list.is_consistent(&app.backlog));
}

#[test]
fn h_on_a_filtered_list_gives_the_rows_a_fresh_filter_would() {
    let (b, _) = history_on_top();
    let epic = b.stories[0]
        .epic
        .clone()
        .expect("the sample's stories have epics");
    let mut app = app_on(b);
    let filter = po::model::StoryFilter {
        epic: Some(epic),
        ..po::model::StoryFilter::default()
    };
    app.list.set_filter(&app.backlog, filter);
    let hidden_len = app.list.len(&app.backlog);
    press(&mut app, "H");
    assert!(app.list.is_consistent(&app.backlog));
    assert!(app.list.len(&app.backlog) > hidden_len);
    press(&mut app, "H");
    assert!(app.list.is_consistent(&app.backlog));
    assert_eq!(app.list.len(&app.backlog), hidden_len);
}

/// A backlog with nothing to hide (no closed sprint yet, as after an
/// import): `H` twice used to drop the filter's rows, so every story showed
/// while the filter line still named the filter.
#[test]
fn h_twice_keeps_the_filter_when_nothing_is_hidden() {
    let mut b = Backlog::new("Shop");
    b.add_epic("Checkout", "").unwrap();
    let e = b.epics[0].key.clone();
    let now = chrono::Utc::now();
    for (i, title) in ["Pay by card", "Gift cards"].into_iter().enumerate() {
        let mut story = b.new_story(title, now);
        if i == 0 {
            story.epic = Some(e.clone());
        }
        b.insert_story(i, story).unwrap();
    }
    let mut app = app_on(b);
    let filter = po::model::StoryFilter {
        epic: Some(e),
        ..po::model::StoryFilter::default()
    };
    app.list.set_filter(&app.backlog, filter);
    assert_eq!(app.list.len(&app.backlog), 1);
    press(&mut app, "H");
    press(&mut app, "H");
    assert!(app.list.is_consistent(&app.backlog));
    assert_eq!(app.list.len(&app.backlog), 1, "the filter still applies");
}
