//! Below 80 × 24: every view and popup draws at any size without a panic,
//! a view that cannot be drawn says how much room it needs, and the
//! metrics keep every forecast date on a short terminal.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app};
use render_support::{contains_wrapped, draw};

/// Keys that open every view, and in them every popup a PO reaches there,
/// each closed again: the walk the size tests make.
const EVERY_VIEW_AND_POPUP: &[&str] = &[
    "1", "Enter", "j", "Esc", "w", "Esc", "R", "Esc", "S", "Esc", "O", "Esc", "D", "Esc", "?",
    "Esc", ":", "Esc", "f", "Esc", "@", "Esc", "b", "Esc", "p", "Esc", "e", "Esc", "d", "n", "2",
    "3", "i", "Esc", "l", "R", "Esc", "h", "R", "Esc", "C", "Esc", "4", "5", "Enter", "Esc", "d",
    "Esc", "f", "Esc", "6", "7", "y", "v", "v", "v", "8", "R", "Esc", "Enter", "Esc", "1",
];

#[test]
fn every_view_and_popup_draws_at_small_sizes_and_says_when_the_terminal_is_too_small() {
    let (min_w, min_h) = (
        po::tui::ui::layout::MIN_WIDTH,
        po::tui::ui::layout::MIN_HEIGHT,
    );
    for (width, height) in [
        (1, 1),
        (20, 5),
        (39, 7),
        (40, 8),
        (45, 9),
        (60, 20),
        (80, 24),
    ] {
        let mut app = sample_app();
        for keys in EVERY_VIEW_AND_POPUP {
            press(&mut app, keys);
            app.compute_figures_now();
            let text = draw(&mut app, width, height).text();
            let small = width < min_w || height < min_h;
            // The whole screen says so below po's minimum; a view that
            // needs more than its body says so in the body instead.
            assert_eq!(
                text.contains("po needs") || (width < 4 && text.starts_with('T')),
                small,
                "{width}×{height} after {keys}:\n{text}"
            );
        }
    }
}

#[test]
fn at_the_minimum_size_views_that_cannot_be_drawn_say_so_in_their_body() {
    let mut app = sample_app();
    for (keys, title) in [("4", "Metrics"), ("5", "Requests"), ("6", "Roadmap")] {
        press(&mut app, keys);
        app.compute_figures_now();
        let text = draw(&mut app, 40, 8).text();
        let shown = draw(&mut app, 40, 8);
        assert!(
            contains_wrapped(
                &shown,
                &format!("The {title} view needs a terminal of at least")
            ),
            "{title}:\n{text}"
        );
        // The header and the footer still work: other views are a key away.
        assert!(text.starts_with(" po ·"), "{text}");
        assert!(text.contains("?  help"), "{text}");
    }
}

#[test]
fn at_60x20_the_metrics_show_every_forecast_date() {
    let mut app = sample_app();
    fixtures::metrics_forecast(&mut app);
    let shown = draw(&mut app, 60, 20);
    for level in po::model::forecast::percentiles() {
        assert!(
            contains_wrapped(&shown, &format!("{level}% likely")),
            "{level}%:\n{}",
            shown.text()
        );
    }
}
