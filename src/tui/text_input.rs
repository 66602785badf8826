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
mod tests;
