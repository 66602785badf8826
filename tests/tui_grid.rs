//! The re-score grid (`R` in the backlog, the refinement queue and planning): the top open stories' RICE
//! inputs edited cell by cell, the score and the score-rank marker
//! previewed as you type, each committed cell one undoable change, and a
//! bad value refused with its field named and nothing changed.

mod fixtures;
mod render_support;

use std::sync::Arc;

use fixtures::{press, type_text};
use po::model::Backlog;
use po::tui::app::App;
use po::tui::grid::Grid;
use po::tui::popup::Popup;
use render_support::{bg, draw, fg, screen};

/// The scored fixture (S-4…S-15 in falling score order, S-6 done, S-15
/// outscoring them all), with S-5 not scored yet. The grid's top ten open
/// stories are S-4…S-14 without S-6.
fn scored_backlog() -> Backlog {
    let mut b = fixtures::scored_backlog();
    Arc::make_mut(&mut b.stories[1]).rice = None;
    b
}

fn app() -> App {
    let mut app = App::new(scored_backlog(), None, &[]);
    app.resize(100, 24);
    app.compute_figures_now();
    app
}

fn grid(app: &App) -> &Grid {
    match &app.popup {
        Some(Popup::Grid(g)) => g,
        other => panic!("the grid is not open: {other:?}"),
    }
}

fn reach(app: &App, key: &str) -> Option<f64> {
    app.backlog
        .story(key)
        .and_then(|s| s.rice.as_ref())
        .map(|r| r.reach)
}

#[test]
fn r_opens_the_grid_on_the_top_ten_open_stories_and_plus_minus_change_how_many() {
    let mut app = app();
    press(&mut app, "R");
    let g = grid(&app);
    assert_eq!(g.rows.len(), 10);
    assert!(!g.keys.contains(&"S-6".to_string()), "done S-6 is left out");
    assert_eq!(g.keys[0], "S-4");
    assert_eq!(g.keys[9], "S-14");
    press(&mut app, "+");
    assert_eq!(grid(&app).keys.last().unwrap(), "S-15");
    press(&mut app, "- - -");
    assert_eq!(grid(&app).rows.len(), 8);
    // The number stays for the next time the grid opens.
    press(&mut app, "Esc R");
    assert_eq!(grid(&app).rows.len(), 8);
}

#[test]
fn grid_rows_in_config_toml_set_how_many_stories_the_grid_opens_with() {
    let loaded = po::config::parse("[grid]\nrows = 4\n", "config.toml");
    assert_eq!(loaded.errors, Vec::<String>::new());
    let mut app = app();
    app.configure(loaded.config);
    press(&mut app, "R");
    assert_eq!(grid(&app).keys, ["S-4", "S-5", "S-7", "S-8"]);
    // `+` still changes it for the session.
    press(&mut app, "+ Esc R");
    assert_eq!(grid(&app).rows.len(), 5);

    for bad in ["0", "51", "\"ten\""] {
        let loaded = po::config::parse(&format!("[grid]\nrows = {bad}\n"), "config.toml");
        assert_eq!(loaded.errors.len(), 1, "{bad}: {:?}", loaded.errors);
        assert!(
            loaded.errors[0].starts_with("config.toml line 2: "),
            "{bad}: {:?}",
            loaded.errors
        );
        assert_eq!(loaded.config.grid.rows, 10, "{bad}: the defaults stand");
    }
}

#[test]
fn typing_previews_the_score_and_marker_and_enter_commits_one_undoable_change() {
    let mut app = app();
    // Row 10 is S-14: reach 50, score 25, hand rank 9 of the scored open
    // stories, score rank 10: no marker.
    press(&mut app, "R");
    press(&mut app, "Down Down Down Down Down Down Down Down Down");
    assert_eq!(grid(&app).keys[grid(&app).row], "S-14");
    let shown = screen(&mut app, 100, 24);
    let row = shown.lines().find(|l| l.contains("S-14")).unwrap();
    assert!(row.contains(" 25 ") && !row.contains('↑'), "{row}");

    type_text(&mut app, "9000");
    // Previewed, not stored: 9000 × 2 × 50% / 2 = 4500, second by score.
    assert_eq!(reach(&app, "S-14"), Some(50.0));
    let shown = draw(&mut app, 100, 24);
    let row = shown.line(shown.row_of("S-14"));
    assert!(row.contains("4500"), "{row}");
    assert!(row.contains("↑7"), "hand rank 9, score rank 2: {row}");
    assert_eq!(
        fg(shown.style_of("↑7")),
        fg(po::tui::ui::theme::score_marker())
    );
    assert!(
        shown
            .text()
            .contains("9000 reach × 2 impact × 50% confidence / 2 effort = 4500"),
        "{}",
        shown.text()
    );

    let depth = app.undo_depth();
    press(&mut app, "Enter");
    assert_eq!(reach(&app, "S-14"), Some(9000.0));
    assert_eq!(app.undo_depth(), depth + 1, "one cell, one change");
    assert_eq!(grid(&app).row, 9, "Enter stays on the last row");
    app.compute_figures_now();
    let shown = screen(&mut app, 100, 24);
    let row = shown.lines().find(|l| l.contains("S-14")).unwrap();
    assert!(row.contains("4500") && row.contains("↑7"), "{row}");

    press(&mut app, "u");
    assert_eq!(
        reach(&app, "S-14"),
        Some(50.0),
        "u in the grid undoes the cell"
    );
    assert!(app.popup.is_some(), "the grid stays open");
    press(&mut app, "C-r Esc");
    assert!(app.popup.is_none());
    assert_eq!(reach(&app, "S-14"), Some(9000.0));
    press(&mut app, "u");
    assert_eq!(app.backlog, scored_backlog());
}

#[test]
fn tab_moves_cell_by_cell_committing_each_and_shift_tab_goes_back() {
    let mut app = app();
    press(&mut app, "R");
    // S-4: reach 400, Tab, impact 3, Tab, confidence 80, Tab, effort 4.
    type_text(&mut app, "400");
    press(&mut app, "Tab");
    type_text(&mut app, "3");
    press(&mut app, "Tab");
    type_text(&mut app, "80%");
    press(&mut app, "Tab");
    type_text(&mut app, "4");
    press(&mut app, "Tab");
    let rice = app.backlog.stories[0].rice.clone().unwrap();
    assert_eq!(
        (rice.reach, rice.impact, rice.confidence, rice.effort),
        (400.0, 3.0, 0.8, 4.0)
    );
    // Past the last cell of a row: the first cell of the next.
    assert_eq!((grid(&app).row, grid(&app).column), (1, 0));
    press(&mut app, "BackTab Left");
    assert_eq!((grid(&app).row, grid(&app).column), (0, 2));
    // Four cells, four changes: four undos restore S-4.
    press(&mut app, "u u u u");
    assert_eq!(app.backlog, scored_backlog());
}

#[test]
fn a_story_without_rice_gets_neutral_inputs_around_the_typed_one() {
    let mut app = app();
    press(&mut app, "R Down");
    assert_eq!(grid(&app).keys[1], "S-5");
    type_text(&mut app, "300");
    press(&mut app, "Enter");
    let rice = app.backlog.story("S-5").unwrap().rice.clone().unwrap();
    assert_eq!(
        (rice.reach, rice.impact, rice.confidence, rice.effort),
        (300.0, 1.0, 1.0, 1.0)
    );
}

#[test]
fn a_bad_value_is_refused_naming_the_field_and_nothing_changes() {
    let cases = [
        (
            0,
            "1.5",
            "RICE impact: must be one of 0.25, 0.5, 1, 2, 3, not 1.5",
        ),
        (
            1,
            "150",
            "RICE confidence: must be between 0 and 1 or 0% and 100%",
        ),
        (2, "0", "RICE effort: must be more than 0, not 0"),
        (0, "abc", "RICE impact: 'abc' is not a number"),
    ];
    for (tabs, typed, said) in cases {
        let mut app = app();
        let before = app.backlog.clone();
        press(&mut app, "R Tab");
        for _ in 0..tabs {
            press(&mut app, "Tab");
        }
        type_text(&mut app, typed);
        press(&mut app, "Enter");
        let g = grid(&app);
        let error = g.error.clone().unwrap_or_default();
        assert!(error.starts_with(said), "{typed}: {error}");
        assert_eq!(app.backlog, before, "{typed}: nothing stored");
        assert_eq!(g.row, 0, "{typed}: the cursor stays on the refused cell");
        assert_eq!(g.typed.as_deref(), Some(typed), "kept for fixing");
        // Tab does not leave it either; Esc drops what was typed.
        press(&mut app, "Tab");
        assert_eq!(grid(&app).column, 1 + tabs);
        press(&mut app, "Esc");
        assert_eq!(grid(&app).typed, None);
        assert_eq!(grid(&app).error, None);
        assert_eq!(app.backlog, before);
    }
    // A negative reach cannot be typed ('-' is a key here) but can be pasted.
    let mut app = app();
    let before = app.backlog.clone();
    press(&mut app, "R");
    app.handle_paste("-5");
    press(&mut app, "Enter");
    let error = grid(&app).error.clone().unwrap_or_default();
    assert_eq!(error, "RICE reach: must be 0 or more, not -5");
    assert_eq!(app.backlog, before);
}

#[test]
fn backspace_edits_the_stored_value() {
    let mut app = app();
    press(&mut app, "R");
    // S-4's reach is 100: Backspace leaves 10.
    press(&mut app, "Backspace Enter");
    assert_eq!(reach(&app, "S-4"), Some(10.0));
}

#[test]
fn the_grid_at_80x24_while_typing() {
    let mut app = app();
    press(&mut app, "R Down Down Down Tab");
    // The cursor's cell (S-8's impact, 2) is highlighted, and only it.
    let shown = draw(&mut app, 80, 24);
    // Cells of S-8's row in a style's colours (the buffer spells out the
    // terminal defaults the theme leaves unset).
    let on_cursor = |shown: &render_support::Screen, style| -> Vec<String> {
        shown
            .row_cells(shown.row_of("S-8"))
            .into_iter()
            .filter(|(_, s)| (fg(*s), bg(*s)) == (fg(style), bg(style)))
            .map(|(t, _)| t)
            .collect()
    };
    assert_eq!(on_cursor(&shown, po::tui::ui::theme::selected()), ["2"]);
    // Typed, it shows what is typed in the editing style, previewed.
    type_text(&mut app, "3");
    let shown = draw(&mut app, 80, 24);
    assert_eq!(
        on_cursor(&shown, po::tui::ui::theme::focused_field()),
        ["3"]
    );
    assert!(
        shown
            .text()
            .contains("80 reach × 3 impact × 50% confidence / 2 effort = 60")
    );
    insta::assert_snapshot!(shown.text());
}

#[test]
fn the_grid_at_120x30_with_a_refused_value() {
    let mut app = app();
    // Eleven rows: S-15, last by hand and first by score, shows ↑9.
    press(&mut app, "R + Tab");
    type_text(&mut app, "1.5");
    press(&mut app, "Enter");
    let shown = draw(&mut app, 120, 30);
    let error = "RICE impact: must be one of 0.25, 0.5, 1, 2, 3, not 1.5";
    assert_eq!(
        fg(shown.style_of(error)),
        fg(po::tui::ui::theme::error()),
        "{}",
        shown.text()
    );
    assert!(shown.line(shown.row_of("S-15")).contains("↑9"));
    insta::assert_snapshot!(shown.text());
}

/// The keys of the grid's rows.
fn grid_keys(app: &App) -> Vec<String> {
    grid(app).keys.clone()
}

#[test]
fn r_in_the_refinement_queue_opens_the_grid_on_the_top_of_the_queue() {
    let mut app = fixtures::sample_app();
    app.resize(80, 24);
    press(&mut app, "8");
    app.compute_figures_now();
    let queue: Vec<String> = app.refine.queue.latest.as_ref().unwrap().stories[..]
        .iter()
        .map(|e| e.key.clone())
        .collect();
    assert!(
        queue.len() > 2,
        "the sample has stories not ready: {queue:?}"
    );
    press(&mut app, "R");
    let shown = grid_keys(&app);
    assert_eq!(
        shown,
        queue[..queue.len().min(10)],
        "the queue's top, in its order"
    );
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("of the refinement queue"), "{text}");
    // An edit there is stored on the queue's first story, and the grid
    // stays on the queue's stories.
    type_text(&mut app, "300");
    press(&mut app, "Tab");
    assert_eq!(reach(&app, &queue[0]), Some(300.0));
    assert_eq!(grid_keys(&app), shown);
    // Esc goes back to the queue.
    press(&mut app, "Esc");
    assert!(app.popup.is_none());
    assert_eq!(app.view, po::tui::views::View::Refine);
}

#[test]
fn r_in_planning_opens_the_grid_on_the_focused_list() {
    let mut app = fixtures::sample_app();
    app.resize(120, 40);
    press(&mut app, "3");
    let top: Vec<String> = (0..10)
        .filter_map(|row| app.planning.backlog.index_at(&app.backlog, row))
        .map(|i| app.backlog.stories[i].key.clone())
        .collect();
    press(&mut app, "R");
    assert_eq!(grid_keys(&app), top, "the product backlog's top ten");
    assert!(screen(&mut app, 120, 40).contains("of the product backlog"));
    press(&mut app, "Esc");
    // The sprint's pane: its open stories.
    press(&mut app, "l");
    let sprint = app.planning.target.clone().unwrap();
    let open: Vec<String> = (0..app.planning.sprint.len(&app.backlog))
        .filter_map(|row| app.planning.sprint.index_at(&app.backlog, row))
        .map(|i| &app.backlog.stories[i])
        .filter(|s| s.status != po::model::Status::Done)
        .map(|s| s.key.clone())
        .take(10)
        .collect();
    assert!(!open.is_empty());
    press(&mut app, "R");
    assert_eq!(grid_keys(&app), open);
    assert!(screen(&mut app, 120, 40).contains(&format!("of {sprint}")));
}

#[test]
fn the_grid_over_another_view_finds_its_stories_again_after_they_move() {
    let mut app = fixtures::sample_app();
    app.resize(120, 40);
    press(&mut app, "3");
    press(&mut app, "R");
    let keys = grid_keys(&app);
    press(&mut app, "Esc");
    // The top story of the product backlog moves down two ranks; the grid
    // opened again and then undone under it keeps the same stories.
    press(&mut app, "J J");
    press(&mut app, "R");
    let after = grid_keys(&app);
    assert_eq!(after[0], keys[1]);
    press(&mut app, "u");
    let mut sorted = grid_keys(&app);
    sorted.sort();
    let mut wanted = after.clone();
    wanted.sort();
    assert_eq!(sorted, wanted, "the same stories, found where they are now");
    for (row, &i) in grid(&app).rows.iter().enumerate() {
        assert_eq!(app.backlog.stories[i].key, grid(&app).keys[row]);
    }
}

#[test]
fn a_five_digit_marker_shows_whole_in_the_grid_as_in_the_backlog() {
    // 10,010 stories whose score falls against their rank: the first by
    // hand is the last by score, "↓10009" places lower.
    let mut b = fixtures::backlog(10_010);
    let n = b.stories.len();
    for (i, s) in b.stories.iter_mut().enumerate() {
        Arc::make_mut(s).rice = Some(po::model::Rice {
            reach: (i + 1) as f64,
            impact: 1.0,
            confidence: 1.0,
            effort: 1.0,
            ..po::model::Rice::default()
        });
    }
    let mut app = App::new(b, None, &[]);
    app.compute_figures_now();
    let first = fixtures::selected_key(&app);
    let list = screen(&mut app, 120, 24);
    let listed = list
        .lines()
        .find(|l| l.contains(&format!("{first} ")))
        .expect("the first story is listed")
        .to_string();
    let marker = listed
        .split_whitespace()
        .find(|w| w.starts_with('↓'))
        .unwrap_or_else(|| panic!("no marker in the list: {listed}"))
        .to_string();
    assert!(marker.chars().count() >= 6, "{marker} of {n} stories");
    press(&mut app, "R");
    grid(&app);
    // The grid's row (the backlog's shows above the box).
    let shown = screen(&mut app, 120, 24);
    let row = shown
        .lines()
        .find(|l| l.contains(&format!("│{first} ")))
        .unwrap_or_else(|| panic!("{first} is not in the grid:\n{shown}"));
    assert!(
        row.contains(&format!(" {marker}")),
        "{marker} cut in: {row}"
    );
}

#[test]
fn closing_the_grid_leaves_the_backlog_cursor_on_its_story_so_it_can_be_moved() {
    let mut app = app();
    press(&mut app, "R Down Down Down");
    let key = grid(&app).keys[3].clone();
    assert_ne!(fixtures::selected_key(&app), key);
    press(&mut app, "Esc");
    assert!(
        app.popup.is_none(),
        "Esc with nothing typed closes the grid"
    );
    assert_eq!(fixtures::selected_key(&app), key);
    press(&mut app, "T");
    assert_eq!(app.backlog.stories[0].key, key, "T moves the grid's story");
}
