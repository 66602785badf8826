//! The view registry (`tui::views`): every view in it is reachable, draws at
//! any size and has its keys in the help. The compiler checks that a view
//! declares every part; these check what it declares.

mod fixtures;

use fixtures::press;
use po::model::sample;
use po::tui::action::Action;
use po::tui::app::App;
use po::tui::keymap::{self, BINDINGS, Context};
use po::tui::ui;
use po::tui::views::View;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn sample_app() -> App {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut app = App::new(sample::generate("Acme", 60, 3, today), None, &[]);
    app.today = Some(today);
    app
}

/// The screen's text after drawing at `width`×`height`.
fn draw(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|c| c.symbol()).collect()
}

/// The key the keymap binds to a view (the design numbers them 1 to 8).
fn number_key(view: View) -> String {
    keymap::first_key(Context::Global, Action::ShowView(view)).expect("every view has a key")
}

#[test]
fn every_registered_view_opens_with_its_number_key_and_tab_visits_them_in_order() {
    let mut app = sample_app();
    for view in View::ALL.iter().rev() {
        press(&mut app, &number_key(*view));
        assert_eq!(app.view, *view, "its key opens {}", view.title());
    }
    // The refinement queue is 8 whatever views come before it.
    assert_eq!(number_key(View::Refine), "8");
    for view in View::ALL.iter().cycle().skip(1).take(View::ALL.len()) {
        press(&mut app, "Tab");
        assert_eq!(app.view, *view, "Tab order");
    }
}

#[test]
fn every_registered_view_draws_at_the_smallest_size_and_a_large_one() {
    let mut app = sample_app();
    for view in View::ALL {
        press(&mut app, &number_key(*view));
        for _ in 0..2 {
            // Once waiting for its figures, once with them.
            draw(&mut app, 40, 8);
            let large = draw(&mut app, 200, 60);
            let header: String = large.chars().take(200).collect();
            assert!(
                header.contains(view.title()),
                "the header shows the {} tab: {header}",
                view.title()
            );
            app.compute_figures_now();
        }
        // Scrolled to the end and back, the cursor stays on screen at the smallest size.
        press(&mut app, "End");
        draw(&mut app, 40, 8);
        press(&mut app, "Home");
    }
    // The backlog's detail is part of the backlog view.
    press(&mut app, "1 Enter");
    draw(&mut app, 40, 8);
    assert!(draw(&mut app, 200, 60).contains("Acceptance criteria"));
}

#[test]
fn every_registered_view_context_has_all_its_keys_in_the_help() {
    let help = keymap::help_sections();
    for view in View::ALL {
        assert!(
            !view.part().contexts().is_empty(),
            "{} declares its keys",
            view.title()
        );
        for context in view.part().contexts() {
            let bound = BINDINGS.iter().filter(|b| b.context == *context).count();
            let shown = help
                .iter()
                .find(|(title, _)| *title == context.title())
                .map_or(0, |(_, lines)| lines.len());
            assert!(bound > 0, "{context:?} of {} binds no key", view.title());
            assert_eq!(shown, bound, "the help lists every {context:?} key");
        }
    }
}

#[test]
fn the_active_context_is_one_its_view_declares() {
    let mut app = sample_app();
    for view in View::ALL {
        press(&mut app, &number_key(*view));
        let active = app.contexts()[0];
        assert!(view.part().contexts().contains(&active), "{active:?}");
    }
    press(&mut app, "1 Enter");
    let active = app.contexts()[0];
    assert!(
        View::Backlog.part().contexts().contains(&active),
        "{active:?}"
    );
}
