//! A remap from config.toml reaches everything the keymap drives: dispatch,
//! the footer, the `?` help and the palette.

mod fixtures;
mod render_support;

use fixtures::{keys, press};
use po::tui::keymap::{self, Remap};
use render_support::screen;

/// Installs `remaps` on this thread until dropped, then the defaults again.
struct Remapped;

impl Remapped {
    fn with(remaps: &[(&str, &[&str])]) -> Remapped {
        let remaps: Vec<Remap> = remaps
            .iter()
            .enumerate()
            .map(|(i, (name, keys))| Remap {
                name: name.to_string(),
                keys: keys.iter().map(|k| k.to_string()).collect(),
                line: i + 1,
            })
            .collect();
        keymap::install(keymap::resolve(&remaps).expect("a valid remap"));
        Remapped
    }
}

impl Drop for Remapped {
    fn drop(&mut self) {
        keymap::reset();
    }
}

#[test]
fn a_remapped_key_does_the_action_and_the_old_key_no_longer_does() {
    let _keys = Remapped::with(&[
        ("backlog.move_top", &["t"]),
        ("global.undo", &["z", "ctrl-z"]),
    ]);
    let mut app = fixtures::app(6);
    let before = keys(&app);
    press(&mut app, "j j T");
    assert_eq!(keys(&app), before, "T is no longer move to top");
    press(&mut app, "t");
    assert_eq!(keys(&app)[0], before[2], "t moves the story to the top");
    press(&mut app, "u");
    assert_eq!(keys(&app)[0], before[2], "u is no longer undo");
    press(&mut app, "z");
    assert_eq!(keys(&app), before, "z undoes");
}

#[test]
fn the_footer_and_the_help_show_the_remapped_keys() {
    let _keys = Remapped::with(&[
        ("backlog.move_top", &["t"]),
        ("global.undo", &["z", "ctrl-z"]),
    ]);
    let mut app = fixtures::app(6);
    let shown = screen(&mut app, 120, 16);
    let footer = shown.lines().last().unwrap_or_default().to_string();
    assert!(footer.contains(" t ") && footer.contains(" z "), "{footer}");
    assert!(
        !footer.contains(" T ") && !footer.contains(" u "),
        "{footer}"
    );
    press(&mut app, "?");
    insta::assert_snapshot!(screen(&mut app, 100, 30));
}

#[test]
fn the_palette_offers_the_remapped_key() {
    let _keys = Remapped::with(&[("backlog.move_top", &["t"])]);
    let entries = keymap::palette_entries(&[keymap::Context::Backlog, keymap::Context::Global]);
    let top = entries
        .iter()
        .find(|e| e.help == "move the story to the top of the backlog")
        .expect("move to top is offered");
    assert_eq!(top.key, "t");
}

#[test]
fn hints_in_the_views_name_the_remapped_keys_not_the_defaults() {
    let _keys = Remapped::with(&[
        ("backlog.add_story", &["+"]),
        ("global.import", &["ctrl-o"]),
        ("detail.add_criterion", &["+"]),
        ("detail.set_points", &["P"]),
        ("requests.new_request", &["+"]),
        ("refine.fix_story", &["ctrl-f"]),
    ]);
    let mut empty = po::tui::app::App::new(po::model::Backlog::new("New"), None, &[]);
    let shown = screen(&mut empty, 120, 12);
    assert!(
        shown.contains("Press + to add the first story,")
            && shown
                .contains("or Ctrl-o to import a file (Jira, GitHub, Linear, taskwarrior, CSV)."),
        "{shown}"
    );
    press(&mut empty, "5");
    let shown = screen(&mut empty, 120, 12);
    assert!(
        shown.contains("No requests yet. Press + to capture one"),
        "{shown}"
    );

    // A story with no criteria and no estimate: the detail's hints.
    let mut backlog = fixtures::backlog(3);
    let keys: Vec<String> = backlog.stories.iter().map(|s| s.key.clone()).collect();
    for key in keys {
        backlog
            .update_story(&key, fixtures::t0(), |s| {
                s.acceptance.clear();
                s.points = None;
            })
            .unwrap();
    }
    let mut app = po::tui::app::App::new(backlog, None, &[]);
    press(&mut app, "Enter");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("(none: + adds one)"), "{shown}");
    assert!(shown.contains("add one (+), Given"), "{shown}");
    assert!(shown.contains("size it with the team (P)"), "{shown}");
    assert!(!shown.contains("(c)") && !shown.contains("(p)"), "{shown}");

    press(&mut app, "Esc 8");
    app.compute_figures_now();
    let shown = screen(&mut app, 120, 12);
    assert!(shown.contains("Ctrl-f: fix it"), "{shown}");
}

#[test]
fn the_requests_filter_hint_names_the_remapped_clear_key() {
    let _keys = Remapped::with(&[("requests.clear_request_filter", &["ctrl-x"])]);
    let mut app = fixtures::sample_app();
    press(&mut app, "5");
    app.requests.from = Some("Nobody at all".to_string());
    app.requests.refresh(&app.backlog);
    let shown = screen(&mut app, 120, 20);
    assert!(shown.contains("Ctrl-x clears)"), "{shown}");
    assert!(
        shown.contains("No request passes the filter (Ctrl-x clears it)."),
        "{shown}"
    );
}

#[test]
fn the_empty_epics_planning_and_roadmap_views_name_the_remapped_keys() {
    let _keys = Remapped::with(&[
        ("epics.add_epic", &["+"]),
        ("planning.new_sprint", &["ctrl-n"]),
        ("roadmap.edit_vision", &["V"]),
        ("global.add_epic", &["ctrl-e"]),
        ("backlog.pick_epic", &["ctrl-p"]),
    ]);
    let mut app = po::tui::app::App::new(po::model::Backlog::new("New"), None, &[]);
    press(&mut app, "2");
    let shown = screen(&mut app, 120, 12);
    assert!(
        shown.contains("No epics yet. Press + to add one."),
        "{shown}"
    );
    press(&mut app, "3");
    let shown = screen(&mut app, 120, 12);
    assert!(
        shown.contains("No sprint to plan. Press Ctrl-n to plan a new one."),
        "{shown}"
    );
    press(&mut app, "6");
    app.compute_figures_now();
    let shown = screen(&mut app, 120, 30);
    assert!(shown.contains("No vision yet: press V to write"), "{shown}");
    assert!(
        shown
            .contains("press Ctrl-e to add one, then give stories an epic (Ctrl-p in the backlog)"),
        "{shown}"
    );
}

#[test]
fn planning_says_which_key_sets_a_missing_goal_and_capacity_after_a_remap() {
    let _keys = Remapped::with(&[("planning.edit_sprint", &["E"])]);
    let mut backlog = po::model::Backlog::new("New");
    backlog
        .add_sprint(po::model::Sprint::named("Sprint 1"))
        .unwrap();
    let mut app = po::tui::app::App::new(backlog, None, &[]);
    press(&mut app, "3");
    let shown = screen(&mut app, 120, 20);
    assert!(shown.contains("(no goal: E to set one)"), "{shown}");
    assert!(shown.contains("(no capacity: E to set one)"), "{shown}");
}
