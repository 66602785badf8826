//! Editing keys, cleaning, selection and scrolling of the text input.

use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use super::*;

const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn typed(keys: &[KeyEvent]) -> TextInput {
    let mut input = TextInput::default();
    for key in keys {
        input.handle_key(key);
    }
    input
}

fn type_str(input: &mut TextInput, s: &str) {
    for c in s.chars() {
        assert!(input.handle_key(&press(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn key(input: &mut TextInput, code: KeyCode, modifiers: KeyModifiers) -> bool {
    input.handle_key(&press(code, modifiers))
}

fn is_grapheme_boundary(s: &str, i: usize) -> bool {
    i == s.len() || s.grapheme_indices(true).any(|(j, _)| j == i)
}

#[test]
fn typing_inserts_at_the_cursor() {
    let mut input = TextInput::default();
    type_str(&mut input, "helo");
    key(&mut input, KeyCode::Left, KeyModifiers::NONE);
    type_str(&mut input, "l");
    assert_eq!(input.value(), "hello");
    assert_eq!(input.cursor(), 4);
    assert!(key(&mut input, KeyCode::Char('!'), KeyModifiers::SHIFT));
    assert_eq!(input.value(), "hell!o");
}

#[test]
fn the_cursor_moves_over_whole_graphemes() {
    let mut input = TextInput::new(&format!("a{FAMILY}e\u{301}🇺🇸中"));
    let mut stops = vec![input.cursor()];
    while input.cursor() > 0 {
        input.move_left();
        stops.push(input.cursor());
    }
    assert_eq!(stops, [33, 30, 22, 19, 1, 0]);
    input.move_right();
    input.move_right();
    assert_eq!(input.cursor(), 19);
    input.backspace();
    assert_eq!(input.value(), "ae\u{301}🇺🇸中");
    input.delete();
    assert_eq!(input.value(), "a🇺🇸中");
}

#[test]
fn backspace_and_delete_at_the_ends_do_nothing() {
    let mut input = TextInput::new("ab");
    input.delete();
    input.move_home();
    input.backspace();
    input.move_left();
    assert_eq!((input.value(), input.cursor()), ("ab", 0));
    let mut empty = TextInput::default();
    empty.backspace();
    empty.delete_word_back();
    empty.kill_to_end();
    assert!(empty.is_empty());
}

#[test]
fn words_are_separated_by_spaces() {
    let mut input = TextInput::new("As a  product owner");
    input.move_word_left();
    assert_eq!(input.cursor(), 14);
    input.move_word_left();
    input.move_word_left();
    assert_eq!(input.cursor(), 3);
    input.move_word_right();
    assert_eq!(input.cursor(), 4);
    input.move_word_right();
    assert_eq!(input.cursor(), 13);
    input.move_home();
    input.move_word_right();
    assert_eq!(input.cursor(), 2);
    input.move_end();
    input.delete_word_back();
    assert_eq!(input.value(), "As a  product ");
    input.delete_word_back();
    assert_eq!(input.value(), "As a  ");
    input.move_home();
    input.delete_word_forward();
    assert_eq!(input.value(), " a  ");
}

#[test]
fn shell_shortcuts_kill_and_jump() {
    let mut input = TextInput::new("hello world");
    for _ in 0..5 {
        input.move_left();
    }
    assert!(key(&mut input, KeyCode::Char('k'), KeyModifiers::CONTROL));
    assert_eq!(input.value(), "hello ");
    assert!(key(&mut input, KeyCode::Char('a'), KeyModifiers::CONTROL));
    assert_eq!(input.cursor(), 0);
    assert!(key(&mut input, KeyCode::Char('e'), KeyModifiers::CONTROL));
    assert!(key(&mut input, KeyCode::Char('w'), KeyModifiers::CONTROL));
    assert_eq!(input.value(), "");
    input.set_value("one two");
    input.move_word_left();
    assert!(key(&mut input, KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!((input.value(), input.cursor()), ("two", 0));
    assert!(key(&mut input, KeyCode::Right, KeyModifiers::CONTROL));
    assert_eq!(input.cursor(), 3);
    assert!(key(&mut input, KeyCode::Left, KeyModifiers::ALT));
    assert_eq!(input.cursor(), 0);
    assert!(key(&mut input, KeyCode::Char('d'), KeyModifiers::ALT));
    assert_eq!(input.value(), "");
}

#[test]
fn keys_for_the_caller_are_not_consumed() {
    let mut input = TextInput::new("x");
    for code in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Up,
        KeyCode::Down,
    ] {
        assert!(!key(&mut input, code, KeyModifiers::NONE), "{code:?}");
    }
    assert!(!key(&mut input, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(!key(&mut input, KeyCode::Char('c'), KeyModifiers::CONTROL));
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert!(!input.handle_key(&release));
    assert_eq!(input.value(), "x");
}

#[test]
fn altgr_characters_are_typed() {
    let input = typed(&[press(
        KeyCode::Char('@'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    )]);
    assert_eq!(input.value(), "@");
}

#[test]
fn pasted_line_breaks_and_control_characters_become_spaces() {
    let mut input = TextInput::new("[]");
    input.move_left();
    input.insert_str("one\r\ntwo\nthree\tfour\x1b[0m\u{2028}end");
    assert_eq!(input.value(), "[one two three four [0m end]");
    assert_eq!(input.cursor(), input.value().len() - 1);
}

#[test]
fn a_giant_paste_is_cut_at_the_limit() {
    let mut input = TextInput::new("ab").with_max_chars(5);
    input.insert_str("cdefgh");
    assert_eq!(input.value(), "abcde");
    input.insert_str("x");
    assert_eq!(input.value(), "abcde");
    let mut big = TextInput::default();
    big.insert_str(&"中".repeat(3_000_000));
    assert_eq!(big.value().chars().count(), DEFAULT_MAX_CHARS);
    // The value given to `new` is kept whole, whatever its length.
    assert_eq!(TextInput::new(&"x".repeat(20_000)).value().len(), 20_000);
}

#[test]
fn typing_into_a_grapheme_keeps_the_cursor_on_a_boundary() {
    // A regional indicator typed before another one joins it into a flag.
    let mut input = TextInput::new("\u{1F1F8}");
    input.move_home();
    input.insert_char('\u{1F1FA}');
    assert_eq!(input.value(), "🇺🇸");
    assert_eq!(input.cursor(), 8);
    // A ZWJ between two emoji joins them.
    let mut input = TextInput::new("👨👩");
    input.move_left();
    input.insert_char('\u{200D}');
    assert_eq!(input.cursor(), input.value().len());
}

#[test]
fn a_short_text_is_shown_whole() {
    let mut input = TextInput::new("hello");
    assert_eq!(input.visible(10), ("hello".to_string(), 5));
    input.move_home();
    assert_eq!(input.visible(10), ("hello".to_string(), 0));
}

#[test]
fn a_long_text_scrolls_by_half_a_width() {
    let mut input = TextInput::new("abcdefghijklmnopqrstuvwxyz");
    assert_eq!(input.visible(10), ("uvwxyz".to_string(), 6));
    input.move_home();
    assert_eq!(input.visible(10), ("abcdefghij".to_string(), 0));
    for _ in 0..10 {
        input.move_right();
    }
    assert_eq!(input.visible(10), ("fghijklmno".to_string(), 5));
    input.move_right();
    assert_eq!(input.visible(10), ("fghijklmno".to_string(), 6));
}

#[test]
fn wide_characters_are_never_cut_in_the_view() {
    let input = TextInput::new("中文字符串");
    // Cursor at the end, column 10: scrolled by steps of 3 to column 6.
    assert_eq!(input.visible(6), ("符串".to_string(), 4));
    assert_eq!(input.visible(3), ("串".to_string(), 2));
    let mut input = TextInput::new("a中文");
    input.move_home();
    assert_eq!(input.visible(4), ("a中".to_string(), 0));
}

#[test]
fn a_selected_value_is_replaced_by_typing_and_kept_by_cursor_keys() {
    let mut points = TextInput::selected("3");
    assert!(points.is_selected());
    points.insert_char('5');
    assert_eq!((points.value(), points.is_selected()), ("5", false));
    points.insert_char('0');
    assert_eq!(points.value(), "50", "only the pre-filled text is replaced");

    let mut search = TextInput::selected("checkout");
    search.move_left();
    assert!(!search.is_selected());
    type_str(&mut search, "X");
    assert_eq!(search.value(), "checkouXt");

    let mut end = TextInput::selected("pay");
    assert!(key(&mut end, KeyCode::End, KeyModifiers::NONE));
    type_str(&mut end, " now");
    assert_eq!(end.value(), "pay now");

    let mut gone = TextInput::selected("old text");
    gone.backspace();
    assert_eq!((gone.value(), gone.cursor()), ("", 0));
    gone.insert_str("new");
    assert_eq!(gone.value(), "new");

    assert!(!TextInput::selected("").is_selected(), "nothing to select");
}

#[test]
fn the_view_shows_control_characters_safely() {
    let input = TextInput::new("a\x1b[31mb\nc");
    assert_eq!(input.visible(20), ("a�[31mb⏎c".to_string(), 9));
}

#[test]
fn tiny_widths_do_not_panic() {
    let mut input = TextInput::new(&format!("中{FAMILY}x"));
    for width in 0..=2 {
        for _ in 0..4 {
            let (shown, col) = input.visible(width);
            assert!(text::width(&shown) <= width);
            assert!(col < width.max(1));
            input.move_left();
        }
        input.move_end();
    }
    assert_eq!(input.visible(0), (String::new(), 0));
    input.move_home();
    assert_eq!(input.visible(1), (String::new(), 0));
}

fn any_key() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        3 => prop::sample::select(vec![
            'a', ' ', '中', '👨', '\u{200D}', '\u{301}', '\u{1F1FA}', '\u{1F1F8}', '\u{FE0F}',
            'w', 'u', 'k', 'd', 'b', 'f', 'h', 'e',
        ])
        .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        2 => prop::sample::select(vec![
            KeyCode::Left, KeyCode::Right, KeyCode::Home, KeyCode::End, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Enter, KeyCode::Up,
        ]),
    ];
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    ]);
    (code, modifiers).prop_map(|(c, m)| KeyEvent::new(c, m))
}

#[derive(Clone, Debug)]
enum Step {
    Key(KeyEvent),
    Paste(String),
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => any_key().prop_map(Step::Key),
        1 => "(\\PC|[\\r\\n\\t\\x1b\\u{200D}\\u{1F1FA}\\u{1F1F8}]){0,12}".prop_map(Step::Paste),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_editing_keeps_the_input_consistent(
        start in "\\PC{0,8}",
        steps in prop::collection::vec(any_step(), 0..60),
        width in 0usize..12,
        preselect: bool,
    ) {
        let mut input = if preselect { TextInput::selected(&start) } else { TextInput::new(&start) }
            .with_max_chars(40);
        for step in steps {
            match step {
                Step::Key(k) => { input.handle_key(&k); }
                Step::Paste(p) => input.insert_str(&p),
            }
            let value = input.value();
            // A selection is all of a non-empty text, with the cursor at its end.
            prop_assert!(!input.is_selected() || (!value.is_empty() && input.cursor() == value.len()));
            prop_assert!(value.is_char_boundary(input.cursor()));
            prop_assert!(is_grapheme_boundary(value, input.cursor()), "{:?} at {}", value, input.cursor());
            // `start` has no control characters, and none can be typed or pasted.
            prop_assert!(!value.chars().any(char::is_control), "{:?}", value);
            let view = input.view(width);
            prop_assert!(text::width(&view.shown) <= width, "{:?}", view.shown);
            prop_assert!(view.cursor_col < width.max(1));
            prop_assert_eq!(text::width(&view.shown[..view.cursor_byte]), view.cursor_col);
            prop_assert_eq!(text::sanitize(&view.shown), view.shown.as_str());
        }
    }
}
