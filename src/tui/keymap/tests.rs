use crossterm::event::{KeyEvent, KeyModifiers};

use super::*;

#[test]
fn no_key_is_bound_twice_in_one_context() {
    for (i, a) in BINDINGS.iter().enumerate() {
        for b in &BINDINGS[i + 1..] {
            if a.context == b.context {
                for k in a.keys {
                    assert!(
                        !b.keys.contains(k),
                        "{k} is bound to both {:?} and {:?} in {:?}",
                        a.action,
                        b.action,
                        a.context
                    );
                }
            }
        }
    }
}

#[test]
fn shifted_letters_and_ctrl_letters_are_recognised() {
    let shifted = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
    assert_eq!(
        lookup(&[Context::Backlog], Key::from(&shifted)),
        Some(Action::MoveDown)
    );
    let ctrl_r = KeyEvent::new(KeyCode::Char('R'), KeyModifiers::CONTROL);
    assert_eq!(
        lookup(&[Context::Global], Key::from(&ctrl_r)),
        Some(Action::Redo)
    );
}

#[test]
fn the_view_context_wins_over_global() {
    let a = KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT);
    assert_eq!(
        lookup(&[Context::Epics, Context::Global], Key::from(&a)),
        Some(Action::AddEpic)
    );
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        lookup(&[Context::Detail, Context::Global], Key::from(&esc)),
        Some(Action::Back)
    );
}

#[test]
fn design_keys_are_bound_in_the_backlog() {
    let ctx = [Context::Backlog, Context::Global];
    let expect = [
        ('J', Action::MoveDown),
        ('K', Action::MoveUp),
        ('T', Action::MoveTop),
        ('B', Action::MoveBottom),
        ('a', Action::AddStory),
        ('A', Action::AddEpic),
        ('e', Action::EditForm),
        ('E', Action::EditInEditor),
        ('d', Action::Delete),
        ('p', Action::SetPoints),
        ('m', Action::CycleMoscow),
        ('s', Action::CycleStatus),
        ('u', Action::Undo),
        ('/', Action::Search),
        ('f', Action::Filter),
        (':', Action::Palette),
        ('?', Action::Help),
        ('q', Action::Quit),
    ];
    for (c, action) in expect {
        let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(lookup(&ctx, Key::from(&event)), Some(action), "key {c}");
    }
}
