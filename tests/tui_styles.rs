//! What the TUI draws, seen through the cells' styles: the cursor row,
//! search highlights, done stories and the sprint cut-line. Snapshots keep
//! only text, so these are the tests that see colours.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app, type_text};
use ratatui::style::{Color, Modifier};
use render_support::{Screen, bg, bold, draw, fg, readable};

/// The fixture's third story is done, the first two are in the active sprint.
const IN_SPRINT: &str = "Pay with saved card #1";
const DONE: &str = "Reorder last basket #3";

/// Every visible cell of the row showing `needle` stands out from its background.
fn assert_row_readable(screen: &Screen, needle: &str) {
    let y = screen.row_of(needle);
    for (symbol, style) in screen.row_cells(y) {
        assert!(
            readable(style),
            "{symbol:?} in the row of {needle:?} is {:?} on {:?}:\n{}",
            fg(style),
            bg(style),
            screen.text()
        );
    }
}

#[test]
fn the_cursor_row_is_marked_across_the_whole_row() {
    let mut app = fixtures::app(6);
    press(&mut app, "j");
    let screen = draw(&mut app, 100, 16);
    let cursor = screen.style_of("Sign up with email #2");
    let other = screen.style_of("Track delivery on a map #4");
    assert_ne!(bg(cursor), Color::Reset, "{}", screen.text());
    assert!(bold(cursor));
    assert_eq!(bg(other), Color::Reset);
    // The key and the points of the cursor row carry the mark too.
    let y = screen.row_of("Sign up with email #2");
    assert!(
        screen
            .row_cells(y)
            .iter()
            .all(|(_, s)| bg(*s) == bg(cursor))
    );
}

#[test]
fn done_stories_are_grey_and_struck_through() {
    let mut app = fixtures::app(6);
    let screen = draw(&mut app, 100, 16);
    let done = screen.style_of(DONE);
    assert_eq!(fg(done), Color::DarkGray);
    assert!(done.add_modifier.contains(Modifier::CROSSED_OUT));
    assert!(screen.line(screen.row_of(DONE)).starts_with('✓'));
    let open = screen.style_of("Track delivery on a map #4");
    assert!(!open.add_modifier.contains(Modifier::CROSSED_OUT));
}

#[test]
fn stories_in_the_active_sprint_are_cyan() {
    let mut app = fixtures::app(6);
    press(&mut app, "j j j");
    let screen = draw(&mut app, 100, 16);
    assert_eq!(fg(screen.style_of(IN_SPRINT)), Color::Cyan);
    assert_eq!(
        fg(screen.style_of("Track delivery on a map #4")),
        Color::Reset
    );
}

#[test]
fn a_search_match_is_highlighted_and_the_rest_of_the_title_is_not() {
    let mut app = fixtures::app(12);
    press(&mut app, "/");
    type_text(&mut app, "voucher");
    press(&mut app, "Enter g");
    let screen = draw(&mut app, 100, 16);
    // The banner says "search: \"voucher\"" too: look in the story's row.
    for style in &screen.styles_of("voucher code #5")[..7] {
        assert_eq!((fg(*style), bg(*style)), (Color::Black, Color::Yellow));
    }
    assert_eq!(bg(screen.style_of("Apply a ")), Color::Reset);
    assert_eq!(bg(screen.style_of(" code #5")), Color::Reset);
    assert_eq!(bg(screen.style_of("Sign up with email #2")), Color::Reset);
}

#[test]
fn the_cursor_row_stays_readable_on_done_in_sprint_and_matching_rows() {
    let mut app = fixtures::app(12);
    press(&mut app, "/");
    type_text(&mut app, "voucher");
    press(&mut app, "Enter");
    // The cursor on each kind of row in turn: in the sprint, done, a Won't
    // (grey MoSCoW), a search match.
    for (keys, needle) in [
        ("g", IN_SPRINT),
        ("g j j", DONE),
        ("g j j j", "Track delivery on a map #4"),
        ("g n", "Apply a voucher"),
    ] {
        press(&mut app, keys);
        let screen = draw(&mut app, 100, 16);
        assert_ne!(
            bg(screen.style_of(needle)),
            Color::Reset,
            "cursor on {needle}"
        );
        assert_row_readable(&screen, needle);
    }
}

#[test]
fn the_sprint_cut_line_stands_out_as_a_warning() {
    let mut app = sample_app();
    press(&mut app, "3");
    let screen = draw(&mut app, 120, 30);
    let cut = screen.style_of("── sprint already full at this pace ──");
    assert_eq!(fg(cut), Color::Red);
    // The stories below it are plain.
    assert_eq!(fg(screen.style_of("Daily stock-out report")), Color::Reset);
}

#[test]
fn only_the_focused_planning_pane_shows_its_cursor() {
    let mut app = sample_app();
    press(&mut app, "3");
    let screen = draw(&mut app, 120, 30);
    let left = screen.style_of("Pay with a saved card");
    let right = screen.style_of("Roles and permissions");
    assert_ne!(bg(left), Color::Reset, "{}", screen.text());
    assert_eq!(bg(right), Color::Reset);
}
