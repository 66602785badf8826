//! What the TUI draws, on ratatui's TestBackend, compared with insta snapshots.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app, type_text};
use po::model::Backlog;
use po::tui::app::App;
use render_support::screen;

fn app(n: usize) -> App {
    fixtures::app(n)
}

#[test]
fn backlog_view() {
    let mut app = app(12);
    press(&mut app, "j j");
    insta::assert_snapshot!(screen(&mut app, 100, 20));
}

#[test]
fn empty_backlog_invites_the_first_story() {
    let mut app = App::new(Backlog::new("New product"), None, &[]);
    insta::assert_snapshot!(screen(&mut app, 80, 12));
}

#[test]
fn story_detail() {
    let mut app = app(3);
    press(&mut app, "Enter");
    insta::assert_snapshot!(screen(&mut app, 100, 30));
}

#[test]
fn epics_view() {
    let mut app = app(8);
    press(&mut app, "2");
    insta::assert_snapshot!(screen(&mut app, 100, 12));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = app(3);
    press(&mut app, "?");
    insta::assert_snapshot!(screen(&mut app, 100, 30));
}

#[test]
fn edit_form() {
    let mut app = app(3);
    press(&mut app, "e");
    insta::assert_snapshot!(screen(&mut app, 100, 30));
}

#[test]
fn add_story_prompt() {
    let mut app = app(3);
    press(&mut app, "a");
    type_text(&mut app, "Export invoices");
    insta::assert_snapshot!(screen(&mut app, 80, 16));
}

#[test]
fn delete_question() {
    let mut app = app(3);
    press(&mut app, "d");
    insta::assert_snapshot!(screen(&mut app, 80, 16));
}

#[test]
fn command_palette() {
    let mut app = app(3);
    press(&mut app, ":");
    type_text(&mut app, "move");
    insta::assert_snapshot!(screen(&mut app, 90, 24));
}

#[test]
fn filter_form() {
    let mut app = app(3);
    press(&mut app, "f");
    insta::assert_snapshot!(screen(&mut app, 90, 20));
}

#[test]
fn epic_picker() {
    let mut app = app(3);
    press(&mut app, "@");
    insta::assert_snapshot!(screen(&mut app, 80, 16));
}

#[test]
fn search_highlights_and_banner() {
    let mut app = app(12);
    press(&mut app, "/");
    type_text(&mut app, "voucher");
    press(&mut app, "Enter");
    insta::assert_snapshot!(screen(&mut app, 100, 16));
}

#[test]
fn read_only_banner() {
    let mut app = App::new(
        fixtures::backlog(2),
        Some("it is open in another po (pid 42 on desk)".into()),
        &[],
    );
    insta::assert_snapshot!(screen(&mut app, 80, 10));
}

#[test]
fn long_wide_and_hostile_titles_stay_in_their_column() {
    let mut b = fixtures::backlog(0);
    for title in [
        "A very long title that goes on and on past the edge of any reasonable terminal width, really",
        "顧客として、保存したカードで支払いたい、そうすればワンタップで済む",
        "Emoji 👩‍👩‍👧‍👦 family and flags 🇯🇵🇫🇷 and combining e\u{301}e\u{301}",
        // The hostile characters come first, so they fall in the part shown.
        "Bidi \u{202e}reversed, escape \u{1b}[31mred\u{1b}[0m, bell \u{7}",
    ] {
        let s = b.new_story(title, fixtures::t0());
        let at = b.stories.len();
        b.insert_story(at, s).unwrap();
    }
    let mut app = App::new(b, None, &[]);
    let shown = screen(&mut app, 80, 10);
    assert!(
        !shown.contains('\u{1b}'),
        "no escape character reaches the terminal"
    );
    assert!(
        !shown.contains('\u{202e}'),
        "no bidi override reaches the terminal"
    );
    // Each one is shown as a visible mark in its place, not dropped unseen.
    assert!(shown.contains("Bidi �reversed, escape �[31m"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn too_small_terminals_say_so() {
    let mut app = app(3);
    insta::assert_snapshot!(screen(&mut app, 20, 5));
}

#[test]
fn every_size_from_tiny_to_huge_renders_without_panicking() {
    let mut app = app(30);
    for (w, h) in [
        (1, 1),
        (20, 5),
        (39, 7),
        (40, 8),
        (41, 9),
        (60, 10),
        (300, 100),
    ] {
        assert_drawn(&mut app, w, h);
        for keys in [
            "Enter", "Esc", "2", "1", "?", "Esc", "e", "Esc", ":", "Esc", "f", "Esc", "@", "Esc",
            "d", "n",
        ] {
            press(&mut app, keys);
            assert_drawn(&mut app, w, h);
        }
    }
}

/// A frame at any size: below the minimum it says so; above it, the header
/// with the product's name is there unless a popup covers it, and never the
/// "too small" notice. Returns the screen.
fn assert_drawn(app: &mut App, width: u16, height: u16) -> String {
    let shown = screen(app, width, height);
    let min = (
        po::tui::ui::layout::MIN_WIDTH,
        po::tui::ui::layout::MIN_HEIGHT,
    );
    if width < min.0 || height < min.1 {
        // A 1×1 terminal has room for one letter of the notice.
        assert!(
            shown.starts_with('T') || shown.contains("too"),
            "{width}×{height}:\n{shown}"
        );
    } else {
        assert!(!shown.contains("too small"), "{width}×{height}:\n{shown}");
        assert!(shown.trim().len() > 20, "{width}×{height}:\n{shown}");
        if app.popup.is_none() {
            // The product's name may be cut to "…" when eight tabs need the room.
            assert!(shown.starts_with(" po ·"), "{width}×{height}:\n{shown}");
        }
    }
    shown
}

#[test]
fn planning_view_shows_the_sprint_load_and_the_cut_line() {
    let mut app = sample_app();
    press(&mut app, "3");
    insta::assert_snapshot!(screen(&mut app, 120, 30));
}

#[test]
fn metrics_view_draws_velocity_burndown_cycle_time_and_forecast() {
    let mut app = sample_app();
    press(&mut app, "4");
    app.compute_figures_now();
    insta::assert_snapshot!(screen(&mut app, 120, 36));
}

#[test]
fn metrics_view_says_it_is_computing_until_the_figures_arrive() {
    let mut app = sample_app();
    press(&mut app, "4");
    let waiting = screen(&mut app, 80, 12);
    assert!(waiting.contains("Computing metrics over"), "{waiting}");
    app.compute_figures_now();
    assert!(!screen(&mut app, 80, 12).contains("updating"));
    // After a change (undoable from any view) the old figures stay up,
    // marked as updating, until the new ones come back.
    press(&mut app, "1 m 4");
    assert!(screen(&mut app, 80, 12).contains("updating…"));
    app.compute_figures_now();
    assert!(!screen(&mut app, 80, 12).contains("updating"));
}

#[test]
fn planning_and_metrics_survive_every_size() {
    let mut app = sample_app();
    for (view, body) in [("3", "planned"), ("4", "Velocity")] {
        press(&mut app, view);
        app.compute_figures_now();
        for (w, h) in [(1, 1), (20, 5), (40, 8), (41, 9), (60, 12), (300, 100)] {
            let shown = assert_drawn(&mut app, w, h);
            if w >= 60 {
                assert!(shown.contains(body), "view {view} at {w}×{h}:\n{shown}");
            }
        }
    }
}

#[test]
fn the_outside_change_question_lists_its_answers_from_the_keymap() {
    let mut app = sample_app();
    press(&mut app, "J");
    app.file_report(po::tui::saver::FileReport::ChangedOnDisk);
    insta::assert_snapshot!(screen(&mut app, 100, 24));
}

#[test]
fn the_selected_criterion_stays_in_view_below_a_long_wrapped_description() {
    let mut backlog = fixtures::backlog(3);
    {
        let story = std::sync::Arc::make_mut(&mut backlog.stories[0]);
        story.description = "A long description that wraps over many rows. ".repeat(12);
        story.acceptance = (1..=6)
            .map(|i| po::model::Criterion::new(format!("Criterion number {i}")))
            .collect();
    }
    let mut app = App::new(backlog, None, &[]);
    press(&mut app, "Enter j j j j j");
    let shown = screen(&mut app, 60, 18);
    assert!(shown.contains("Criterion number 6"), "{shown}");
}

#[test]
fn at_80_columns_the_header_keeps_every_tab_and_the_totals() {
    let mut app = sample_app();
    let shown = screen(&mut app, 80, 24);
    let header = shown.lines().next().unwrap();
    for tab in [" 1 Backlog ", " 2 ", " 3 ", " 4 ", " 5 ", " 7 ", " 8 "] {
        assert!(header.contains(tab), "{tab:?} in {header:?}");
    }
    // The totals in their shortest form once the tabs take the room.
    assert!(
        header.contains(" open · ") && header.contains(" done"),
        "{header:?}"
    );
}

#[test]
fn the_header_counts_open_and_done_points_apart() {
    // 1 + 2 + 3 (done) + 5 + unestimated + 1 points.
    let mut app = app(6);
    // Wide enough for every named tab and the full totals.
    let shown = screen(&mut app, 140, 12);
    let header = shown.lines().next().unwrap();
    assert!(
        // The story count goes first when the tabs take the room.
        header.ends_with("9 pts open · 3 done · 1 unestimated"),
        "{header:?}"
    );
}

#[test]
fn points_taken_away_in_another_order_never_show_minus_zero() {
    let mut b = fixtures::backlog(0);
    for points in [0.1, 0.2, 1.1] {
        let mut s = b.new_story(&format!("{points} points"), fixtures::t0());
        s.points = Some(points);
        let at = b.stories.len();
        b.insert_story(at, s).unwrap();
    }
    let mut app = App::new(b, None, &[]);
    // 0.1 + 0.2 + 1.1 - 0.1 - 1.1 - 0.2 is a hair below zero in floating point.
    press(&mut app, "d y j d y d y");
    assert!(app.backlog.stories.is_empty());
    let shown = screen(&mut app, 120, 12);
    let header = shown.lines().next().unwrap();
    assert!(header.contains("0 pts open · 0 done"), "{header:?}");
    assert!(!shown.contains("-0"), "{shown}");
}
