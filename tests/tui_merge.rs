//! The conflicts a git merge left in the file, in the TUI: a banner while
//! any remain, `M` opens a popup that shows base, ours and theirs, `o` keeps
//! ours and `t` takes theirs, each pick undoable.

mod fixtures;
mod render_support;

use std::sync::Arc;

use fixtures::press;
use po::model::{Backlog, Conflict, Entity};
use po::tui::app::App;
use ratatui::style::Color;
use render_support::{bg, draw, screen};
use serde_json::{Value, json};

fn conflict(key: &str, field: &str, base: Value, ours: Value, theirs: Value) -> Conflict {
    Conflict {
        entity: Entity::Story,
        key: key.into(),
        field: field.into(),
        base,
        ours,
        theirs,
        extra: Default::default(),
    }
}

/// Four stories; a merge kept ours on S-4's title and S-5's points.
fn merged() -> Backlog {
    let mut b = fixtures::backlog(4);
    Arc::make_mut(&mut b.stories[0]).title = "Pay by card".into();
    Arc::make_mut(&mut b.stories[1]).points = Some(5.0);
    b.conflicts = vec![
        conflict(
            "S-4",
            "title",
            json!("Pay with saved card #1"),
            json!("Pay by card"),
            json!("Pay with a stored card"),
        ),
        conflict("S-5", "points", json!(2), json!(5), json!(8)),
    ];
    b
}

fn app() -> App {
    App::new(merged(), None, &[])
}

#[test]
fn merge_conflicts_show_a_banner_and_a_popup_with_base_ours_and_theirs() {
    let mut app = app();
    insta::assert_snapshot!("merge_banner", screen(&mut app, 90, 12));
    press(&mut app, "M");
    insta::assert_snapshot!("merge_popup", screen(&mut app, 90, 24));
}

#[test]
fn the_merge_banner_stands_out_from_the_ordinary_one() {
    let mut app = app();
    let drawn = draw(&mut app, 90, 12);
    assert_eq!(
        bg(drawn.style_of("MERGE CONFLICTS: 2 fields")),
        Color::Yellow
    );
    let mut clean = App::new(fixtures::backlog(4), None, &[]);
    assert!(draw(&mut clean, 90, 12).find("MERGE CONFLICTS").is_none());
}

#[test]
fn taking_theirs_sets_the_field_and_clears_the_conflict_and_u_brings_it_back() {
    let mut app = app();
    press(&mut app, "M t");
    assert_eq!(
        app.backlog.stories[0].title, "Pay with a stored card",
        "{:?}",
        app.message
    );
    assert_eq!(app.backlog.conflicts.len(), 1);
    assert_eq!(app.backlog.conflicts[0].key, "S-5");
    let message = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(message, "S-4 title: took theirs");

    press(&mut app, "u");
    assert_eq!(app.backlog.stories[0].title, "Pay by card");
    assert_eq!(app.backlog.conflicts.len(), 2, "the conflict is back");

    press(&mut app, "Esc");
    press(&mut app, "C-r");
    assert_eq!(
        app.backlog.stories[0].title, "Pay with a stored card",
        "redo"
    );
    assert_eq!(app.backlog.conflicts.len(), 1);
}

#[test]
fn resolving_every_conflict_closes_the_popup_and_the_banner() {
    let mut app = app();
    press(&mut app, "M j t");
    assert_eq!(app.backlog.stories[1].points, Some(8.0));
    press(&mut app, "o");
    assert_eq!(app.backlog.stories[0].title, "Pay by card", "ours kept");
    assert!(app.backlog.conflicts.is_empty());
    assert!(app.popup.is_none());
    let message = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(
        message,
        "all merge conflicts resolved: git add the backlog file and commit to finish the merge"
    );
    assert!(
        app.backlog.problems().is_empty(),
        "{:?}",
        app.backlog.problems()
    );
    assert!(
        screen(&mut app, 90, 12)
            .lines()
            .all(|l| !l.contains("MERGE CONFLICTS"))
    );
}

#[test]
fn m_without_conflicts_says_there_is_nothing_to_resolve() {
    let mut app = App::new(fixtures::backlog(3), None, &[]);
    press(&mut app, "M");
    assert!(app.popup.is_none());
    let message = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.starts_with("no merge conflicts"), "{message}");
}
