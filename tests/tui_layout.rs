//! How the views share the terminal's width: columns that follow the
//! terminal and the rows shown, and text cut with "…" rather than clipped.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app};
use po::model::Backlog;
use po::tui::app::App;
use render_support::{Screen, draw, screen};

/// The column where `title` starts in the column-title row containing `row_text`.
fn column(screen: &Screen, row_text: &str, title: &str) -> usize {
    let line = screen.line(screen.row_of(row_text));
    line.find(title)
        .map(|at| po::text::width(&line[..at]))
        .unwrap_or_else(|| panic!("{title:?} not in {line:?}"))
}

/// A backlog whose first story has a long epic, and more given stories.
fn backlog_with(epic: &str, points: &[f64]) -> Backlog {
    let mut b = fixtures::backlog(0);
    b.add_epic(epic, "").unwrap();
    let epic = b.epics.last().unwrap().key.clone();
    for (i, p) in points.iter().enumerate() {
        let mut s = b.new_story(&format!("Story number {}", i + 1), fixtures::t0());
        s.points = Some(*p);
        s.epic = Some(epic.clone());
        let at = b.stories.len();
        b.insert_story(at, s).unwrap();
    }
    b
}

#[test]
fn at_80_columns_planning_titles_get_the_room_rank_and_key_do_not_need() {
    let mut app = sample_app();
    press(&mut app, "3");
    let shown = draw(&mut app, 80, 24);
    // Two-digit ranks and four-cell keys: the title starts right after them.
    assert!(column(&shown, "#", "Title") <= 9, "{}", shown.text());
    let title = column(&shown, "#", "Pts") - column(&shown, "#", "Title");
    assert!(title >= 28, "{title} cells for titles:\n{}", shown.text());
}

#[test]
fn planning_titles_too_long_for_the_pane_end_with_an_ellipsis() {
    let mut app = sample_app();
    press(&mut app, "3");
    let shown = screen(&mut app, 60, 24);
    assert!(shown.contains("Alert support abo…"), "{shown}");
}

#[test]
fn at_200_columns_the_epic_column_grows_to_show_long_epic_names() {
    let name = "Accounts & security settings";
    let mut app = App::new(backlog_with(name, &[3.0, 5.0]), None, &[]);
    let shown = screen(&mut app, 200, 12);
    assert!(shown.contains(name), "{shown}");
    // At 80 columns it is cut, visibly.
    let narrow = screen(&mut app, 80, 12);
    assert!(narrow.contains("Accounts & secu…"), "{narrow}");
}

#[test]
fn estimates_of_a_thousand_points_and_more_fit_the_points_column() {
    let mut app = App::new(backlog_with("Big", &[1000.0, 12345.5, 3.0]), None, &[]);
    let shown = screen(&mut app, 100, 12);
    assert!(
        shown.contains("Story number 1") && shown.contains(" 1000 "),
        "{shown}"
    );
    assert!(shown.contains(" 12345.5 "), "{shown}");
    // The points stay right-aligned in one column.
    let end = |needle: &str| {
        let line = shown.lines().find(|l| l.contains(needle)).unwrap();
        po::text::width(&line[..line.find(needle).unwrap() + needle.len()])
    };
    assert_eq!(end(" 1000 "), end(" 12345.5 "));
}

#[test]
fn the_epics_view_cuts_long_names_with_an_ellipsis() {
    let long = "Self-service onboarding for enterprise customers with single sign-on";
    let mut app = App::new(backlog_with(long, &[3.0]), None, &[]);
    press(&mut app, "2");
    let shown = screen(&mut app, 80, 12);
    assert!(shown.contains("Self-service onboarding for e…"), "{shown}");
}

#[test]
fn the_help_wraps_long_descriptions_instead_of_cutting_them() {
    let mut app = fixtures::app(3);
    press(&mut app, "?");
    // Tall enough to show the whole help; 100 columns leave the
    // descriptions 57 cells, fewer than the longest need.
    let shown = screen(&mut app, 100, 300);
    assert!(
        shown.contains("save now (changes are saved as you go; this retries a"),
        "{shown}"
    );
    assert!(shown.contains("failed save)"), "{shown}");
    assert!(
        shown.contains("decide later: your changes stay in memory, unsaved"),
        "{shown}"
    );
    assert!(shown.contains("(Ctrl-s asks again)"), "{shown}");
}

/// The first line of the help's text, under its title bar.
fn first_help_line(app: &mut App) -> String {
    let shown = draw(app, 100, 30);
    let top = shown.row_of(" Keys (Esc closes");
    shown.line(top + 1)
}

#[test]
fn the_help_opens_at_the_keys_of_the_view_it_was_asked_from() {
    let mut app = sample_app();
    app.resize(100, 30);
    press(&mut app, "3 ?");
    assert!(first_help_line(&mut app).contains("│Sprint planning"));
    press(&mut app, "Esc 1 Enter ?");
    assert!(first_help_line(&mut app).contains("│Story detail"));
    press(&mut app, "Esc Esc 2 ?");
    assert!(first_help_line(&mut app).contains("│Epics"));
    // Scrolling up from there reaches the sections before it.
    press(&mut app, "k");
    assert!(!first_help_line(&mut app).contains("│Epics"));
}
