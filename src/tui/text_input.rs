//! A single-line text input: the value, a cursor that always sits between two
//! grapheme clusters, the editing keys of a shell prompt, and a horizontally
//! scrolled view that keeps the cursor on screen.
//!
//! The value is kept exactly as given: [`TextInput::new`] does not clean it, so
//! opening a field and leaving it untouched never changes the stored text.
//! Typed and pasted text is cleaned on the way in (line breaks, tabs and other
//! control characters become spaces), and what is shown goes through
//! [`crate::text::sanitize`].
//!
//! A prompt that offers the current value pre-fills it *selected*
//! ([`TextInput::selected`]): typing or pasting replaces it, deleting removes
//! it, and a cursor key keeps the text and lets the user edit it in place.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::text;

/// How many characters an input takes by default; the rest of a giant paste is dropped.
pub const DEFAULT_MAX_CHARS: usize = 10_000;

/// A single-line text input with a cursor (a byte index at a grapheme boundary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    cursor: usize,
    max_chars: usize,
    /// Whether the whole text is selected, so the next typed text replaces it.
    selected: bool,
}

impl Default for TextInput {
    fn default() -> Self {
        TextInput::new("")
    }
}

impl TextInput {
    /// An input holding `value` exactly, with the cursor at the end.
    pub fn new(value: &str) -> Self {
        TextInput {
            value: value.to_string(),
            cursor: value.len(),
            max_chars: DEFAULT_MAX_CHARS,
            selected: false,
        }
    }

    /// An input holding `value` with all of it selected (when there is any),
    /// so typing replaces the old value instead of appending to it.
    pub fn selected(value: &str) -> Self {
        TextInput {
            selected: !value.is_empty(),
            ..TextInput::new(value)
        }
    }

    /// Whether the whole text is selected (typing replaces it).
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// The same input with another limit on typed and pasted text, in characters.
    #[must_use]
    pub fn with_max_chars(mut self, max_chars: usize) -> Self {
        self.max_chars = max_chars;
        self
    }

    /// The text as typed.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The text as typed, taking it out of the input.
    pub fn into_value(self) -> String {
        self.value
    }

    /// The cursor: a byte index into [`TextInput::value`], at a grapheme boundary.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Replaces the text (kept exactly) and puts the cursor at the end.
    pub fn set_value(&mut self, value: &str) {
        value.clone_into(&mut self.value);
        self.cursor = self.value.len();
        self.selected = false;
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
        self.selected = false;
    }

    /// Drops the selection: the text stays and edits apply at the cursor.
    fn deselect(&mut self) {
        self.selected = false;
    }

    /// Deletes the selected text, if it is; returns whether it was.
    fn delete_selection(&mut self) -> bool {
        let was = self.selected;
        if was {
            self.clear();
        }
        was
    }

    /// Types one character at the cursor (a control character becomes a space).
    pub fn insert_char(&mut self, c: char) {
        let mut buf = [0; 4];
        self.insert_str(c.encode_utf8(&mut buf));
    }

    /// Types or pastes text at the cursor. Line breaks, tabs and other control
    /// characters become spaces (`\r\n` one space); text beyond the length
    /// limit is dropped.
    pub fn insert_str(&mut self, s: &str) {
        self.delete_selection();
        let room = self.max_chars.saturating_sub(self.value.chars().count());
        let mut clean = String::new();
        let mut chars = s.chars().peekable();
        // Counted as we go so that a 10 MB paste costs what the room costs.
        for _ in 0..room {
            let Some(c) = chars.next() else { break };
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            clean.push(if is_break_or_control(c) { ' ' } else { c });
        }
        self.value.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
        self.snap_forward();
    }

    /// Moves one grapheme left.
    pub fn move_left(&mut self) {
        self.deselect();
        self.cursor = self.prev_boundary();
    }

    /// Moves one grapheme right.
    pub fn move_right(&mut self) {
        self.deselect();
        self.cursor = self.next_boundary();
    }

    /// Moves to the start of the word before the cursor.
    pub fn move_word_left(&mut self) {
        self.deselect();
        self.cursor = self.word_start_before();
    }

    /// Moves to the end of the word after the cursor.
    pub fn move_word_right(&mut self) {
        self.deselect();
        self.cursor = self.word_end_after();
    }

    /// Moves to the start of the text.
    pub fn move_home(&mut self) {
        self.deselect();
        self.cursor = 0;
    }

    /// Moves to the end of the text.
    pub fn move_end(&mut self) {
        self.deselect();
        self.cursor = self.value.len();
    }

    /// Deletes the grapheme before the cursor.
    pub fn backspace(&mut self) {
        if self.delete_selection() {
            return;
        }
        let start = self.prev_boundary();
        self.delete_range(start, self.cursor);
    }

    /// Deletes the grapheme under (after) the cursor.
    pub fn delete(&mut self) {
        if self.delete_selection() {
            return;
        }
        let end = self.next_boundary();
        self.delete_range(self.cursor, end);
    }

    /// Deletes the word before the cursor (Ctrl-w).
    pub fn delete_word_back(&mut self) {
        if self.delete_selection() {
            return;
        }
        let start = self.word_start_before();
        self.delete_range(start, self.cursor);
    }

    /// Deletes the word after the cursor (Alt-d).
    pub fn delete_word_forward(&mut self) {
        if self.delete_selection() {
            return;
        }
        let end = self.word_end_after();
        self.delete_range(self.cursor, end);
    }

    /// Deletes everything before the cursor (Ctrl-u).
    pub fn kill_to_start(&mut self) {
        if self.delete_selection() {
            return;
        }
        self.delete_range(0, self.cursor);
    }

    /// Deletes everything after the cursor (Ctrl-k).
    pub fn kill_to_end(&mut self) {
        if self.delete_selection() {
            return;
        }
        self.delete_range(self.cursor, self.value.len());
    }

    /// Applies an editing key; returns whether the key was one. Enter, Esc,
    /// Tab, arrows up/down and unknown shortcuts are left to the caller, and
    /// so are key releases.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            // Ctrl+Alt is how Windows reports AltGr, which types characters.
            KeyCode::Char(c) if ctrl == alt => self.insert_char(c),
            KeyCode::Char(c) if ctrl => match c {
                'a' => self.move_home(),
                'e' => self.move_end(),
                'b' => self.move_left(),
                'f' => self.move_right(),
                'h' => self.backspace(),
                'd' => self.delete(),
                'w' => self.delete_word_back(),
                'u' => self.kill_to_start(),
                'k' => self.kill_to_end(),
                _ => return false,
            },
            KeyCode::Char(c) => match c {
                'b' => self.move_word_left(),
                'f' => self.move_word_right(),
                'd' => self.delete_word_forward(),
                _ => return false,
            },
            KeyCode::Left if ctrl || alt => self.move_word_left(),
            KeyCode::Right if ctrl || alt => self.move_word_right(),
            KeyCode::Backspace if ctrl || alt => self.delete_word_back(),
            KeyCode::Delete if ctrl || alt => self.delete_word_forward(),
            KeyCode::Left => self.move_left(),
            KeyCode::Right => self.move_right(),
            KeyCode::Home => self.move_home(),
            KeyCode::End => self.move_end(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            _ => return false,
        }
        true
    }

    /// What to draw in `width` cells and the cursor's column in it. The text
    /// is sanitized and scrolled by half a width at a time so the cursor stays
    /// visible; wide characters are never cut. The column is below `width`
    /// (0 when `width` is 0, and nothing is shown then).
    pub fn visible(&self, width: usize) -> (String, usize) {
        let view = self.view(width);
        (view.shown, view.cursor_col)
    }

    fn view(&self, width: usize) -> View {
        let mut view = View::default();
        if width == 0 {
            return view;
        }
        let cells: Vec<(usize, usize)> = self
            .value
            .grapheme_indices(true)
            .map(|(i, g)| (i, text::width(g)))
            .collect();
        let cursor_col: usize = cells
            .iter()
            .take_while(|(i, _)| *i < self.cursor)
            .map(|(_, w)| w)
            .sum();
        // Scroll in steps of half the width, so the view stays put while the
        // cursor moves inside it.
        let step = (width / 2).max(1);
        let wanted_start = if cursor_col < width {
            0
        } else {
            (cursor_col + 1 - width).div_ceil(step) * step
        };
        let mut col = 0;
        let mut used = 0;
        let mut started = false;
        for (n, &(i, w)) in cells.iter().enumerate() {
            if !started {
                if col < wanted_start {
                    col += w;
                    continue;
                }
                started = true;
                view.cursor_col = cursor_col.saturating_sub(col);
            }
            if i == self.cursor {
                view.cursor_byte = view.shown.len();
            }
            if used + w > width {
                break;
            }
            let end = cells.get(n + 1).map_or(self.value.len(), |&(j, _)| j);
            view.shown.push_str(&text::sanitize(&self.value[i..end]));
            used += w;
        }
        if !started {
            // The cursor is at the end, after everything.
            view.cursor_col = cursor_col.saturating_sub(col);
        }
        if self.cursor == self.value.len() {
            view.cursor_byte = view.shown.len();
        }
        view
    }

    fn prev_boundary(&self) -> usize {
        self.value[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.value[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.value.len(), |g| self.cursor + g.len())
    }

    fn word_start_before(&self) -> usize {
        let mut start = self.cursor;
        let mut in_word = false;
        for (i, g) in self.value[..self.cursor].grapheme_indices(true).rev() {
            let space = is_space(g);
            if in_word && space {
                break;
            }
            in_word |= !space;
            start = i;
        }
        start
    }

    fn word_end_after(&self) -> usize {
        let mut end = self.cursor;
        let mut in_word = false;
        for g in self.value[self.cursor..].graphemes(true) {
            let space = is_space(g);
            if in_word && space {
                break;
            }
            in_word |= !space;
            end += g.len();
        }
        end
    }

    fn delete_range(&mut self, start: usize, end: usize) {
        if start < end {
            self.value.replace_range(start..end, "");
            self.cursor = start;
            self.snap_forward();
        }
    }

    /// Moves the cursor to the next grapheme boundary when an edit joined
    /// graphemes around it (a flag's half typed next to another, a ZWJ).
    fn snap_forward(&mut self) {
        let mut gc = GraphemeCursor::new(self.cursor, self.value.len(), true);
        // With the whole string as the chunk the cursor never asks for context.
        if let Ok(true) = gc.is_boundary(&self.value, 0) {
            return;
        }
        self.cursor = self
            .value
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .find(|&i| i >= self.cursor)
            .unwrap_or(self.value.len());
    }
}

/// What [`TextInput::visible`] shows, with the cursor's byte offset in it.
#[derive(Default)]
struct View {
    shown: String,
    cursor_col: usize,
    cursor_byte: usize,
}

fn is_break_or_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_space(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
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
}
