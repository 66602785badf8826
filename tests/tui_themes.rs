//! The light and mono themes, seen through the cells' styles. Mono must keep
//! everything the colours say visible without any colour: that is what a
//! user with `NO_COLOR` or a dumb terminal gets.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app, type_text};
use po::tui::ui::theme::{self, Palette, ThemeName};
use ratatui::style::{Color, Modifier, Style};
use render_support::{Screen, bg, draw, fg};

/// Draws with `palette` on this thread until dropped, then with the default
/// again (the test harness may run the next test on the same thread).
struct Themed;

impl Themed {
    fn with(palette: Palette) -> Themed {
        theme::use_palette(palette);
        Themed
    }
}

impl Drop for Themed {
    fn drop(&mut self) {
        theme::use_palette(Palette::DARK);
    }
}

const DONE: &str = "Reorder last basket #3";
const OPEN: &str = "Track delivery on a map #4";

fn reversed(style: Style) -> bool {
    style.add_modifier.contains(Modifier::REVERSED)
}

/// Every cell of the screen, with its style.
fn all_styles(screen: &Screen) -> Vec<Style> {
    screen.buffer.content().iter().map(|c| c.style()).collect()
}

/// The screen as text, with each run of one style opened by its style in
/// braces: a snapshot that shows what the theme does.
fn styled_text(screen: &Screen) -> String {
    let area = screen.buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut current = Style::default();
        for x in 0..area.width {
            let cell = &screen.buffer[(x, y)];
            let style = cell.style();
            if style != current {
                line.push_str(&describe(style));
                current = style;
            }
            line.push_str(cell.symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn describe(style: Style) -> String {
    let mut parts = Vec::new();
    if fg(style) != Color::Reset {
        parts.push(format!("fg:{}", fg(style)));
    }
    if bg(style) != Color::Reset {
        parts.push(format!("bg:{}", bg(style)));
    }
    if !style.add_modifier.is_empty() {
        parts.push(format!("{:?}", style.add_modifier).to_lowercase());
    }
    format!("{{{}}}", parts.join(" "))
}

#[test]
fn mono_marks_the_cursor_row_with_reverse_video_and_uses_no_colour() {
    let _theme = Themed::with(Palette::MONO);
    let mut app = fixtures::app(6);
    press(&mut app, "j");
    let screen = draw(&mut app, 100, 16);
    let y = screen.row_of("Sign up with email #2");
    assert!(
        screen.row_cells(y).iter().all(|(_, s)| reversed(*s)),
        "the whole cursor row is reversed:\n{}",
        styled_text(&screen)
    );
    assert!(!reversed(screen.style_of(OPEN)), "other rows are not");
    for style in all_styles(&screen) {
        assert_eq!((fg(style), bg(style)), (Color::Reset, Color::Reset));
    }
}

#[test]
fn mono_keeps_done_stories_and_search_matches_apart_without_colour() {
    let _theme = Themed::with(Palette::MONO);
    let mut app = fixtures::app(12);
    press(&mut app, "/");
    type_text(&mut app, "voucher");
    press(&mut app, "Enter g");
    let screen = draw(&mut app, 100, 16);
    let done = screen.style_of(DONE);
    assert!(done.add_modifier.contains(Modifier::CROSSED_OUT));
    let matched = screen.styles_of("voucher code #5")[0];
    assert!(matched.add_modifier.contains(Modifier::UNDERLINED));
    assert!(
        !screen
            .style_of(" code #5")
            .add_modifier
            .contains(Modifier::UNDERLINED)
    );
    assert_eq!(screen.style_of(OPEN).add_modifier, Modifier::empty());
}

#[test]
fn mono_shows_the_sprint_cut_line_and_the_active_tab() {
    let _theme = Themed::with(Palette::MONO);
    let mut app = sample_app();
    press(&mut app, "3");
    let screen = draw(&mut app, 120, 30);
    let cut = screen.style_of("── sprint already full at this pace ──");
    assert!(cut.add_modifier.contains(Modifier::BOLD), "{cut:?}");
    // The header bar is reversed; the active tab is the one that is not.
    let header = screen.style_at(0, 0);
    assert!(reversed(header), "{header:?}");
    let (x, y) = screen.find("Planning").expect("the planning tab");
    let tab = screen.style_at(x, y);
    assert!(!reversed(tab) && tab.add_modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn light_draws_no_text_in_colours_that_vanish_on_a_white_background() {
    let _theme = Themed::with(Palette::LIGHT);
    for (keys, width, height) in [("", 100, 16), ("3", 120, 30), ("4", 120, 30)] {
        let mut app = sample_app();
        press(&mut app, keys);
        let screen = draw(&mut app, width, height);
        assert_no_light_text_on_white(&format!("after {keys:?}"), &screen);
    }
}

/// Light text is fine on a coloured background of its own, not on the
/// terminal's white.
fn assert_no_light_text_on_white(what: &str, screen: &Screen) {
    for style in all_styles(screen) {
        if bg(style) == Color::Reset {
            assert!(
                !matches!(
                    fg(style),
                    Color::Yellow
                        | Color::LightYellow
                        | Color::White
                        | Color::Gray
                        | Color::LightCyan
                        | Color::Cyan
                ),
                "{what}: {:?} on the terminal's white:\n{}",
                fg(style),
                styled_text(screen)
            );
        }
    }
}

#[test]
fn the_light_theme_snapshot() {
    let _theme = Themed::with(Palette::LIGHT);
    let mut app = fixtures::app(6);
    press(&mut app, "j");
    insta::assert_snapshot!(styled_text(&draw(&mut app, 100, 12)));
}

#[test]
fn the_mono_theme_snapshot() {
    let _theme = Themed::with(Palette::MONO);
    let mut app = fixtures::app(6);
    press(&mut app, "j");
    insta::assert_snapshot!(styled_text(&draw(&mut app, 100, 12)));
}

#[test]
fn a_role_colour_can_be_overridden() {
    let mut palette = Palette::named(ThemeName::Dark);
    assert!(palette.set("cursor", Color::Magenta));
    assert!(!palette.set("no_such_role", Color::Magenta));
    let _theme = Themed::with(palette);
    let mut app = fixtures::app(6);
    press(&mut app, "j");
    let screen = draw(&mut app, 100, 16);
    assert_eq!(bg(screen.style_of("Sign up with email #2")), Color::Magenta);
}

#[test]
fn no_color_and_dumb_terminals_turn_colour_off() {
    assert!(theme::colour_is_off(Some("1"), Some("xterm-256color")));
    assert!(!theme::colour_is_off(Some(""), Some("xterm-256color")));
    assert!(theme::colour_is_off(None, Some("dumb")));
    assert!(!theme::colour_is_off(None, Some("screen")));
    assert!(!theme::colour_is_off(None, None));
}

/// Every registered view, opened by its key.
fn each_view(mut check: impl FnMut(&str, &Screen)) {
    use po::tui::action::{Action, View};
    use po::tui::keymap::{self, Context};
    for view in View::ALL {
        let key = keymap::first_key(Context::Global, Action::ShowView(*view))
            .expect("every view has a key");
        let mut app = sample_app();
        press(&mut app, &key);
        let screen = draw(&mut app, 120, 30);
        check(&format!("{view:?}"), &screen);
    }
}

#[test]
fn every_view_in_mono_draws_without_any_colour() {
    let _theme = Themed::with(Palette::MONO);
    each_view(|view, screen| {
        for style in all_styles(screen) {
            assert_eq!(
                (fg(style), bg(style)),
                (Color::Reset, Color::Reset),
                "{view}:\n{}",
                styled_text(screen)
            );
        }
    });
}

#[test]
fn every_view_in_light_keeps_light_text_off_the_white_background() {
    let _theme = Themed::with(Palette::LIGHT);
    each_view(assert_no_light_text_on_white);
}
