//! Text from the backlog file made safe for a terminal and measured in cells.
//!
//! Stored text may hold anything a user or another tool wrote: escape
//! sequences, bidi overrides, invisible characters, CJK and emoji. Everything
//! drawn on the terminal goes through [`sanitize`] (or a function built on it),
//! and is measured with [`width`], which counts cells the way ratatui places
//! them: per grapheme cluster, with `unicode-width`.
//!
//! What [`sanitize`] replaces, one character for one (so widths stay honest):
//! - a tab becomes a space;
//! - a line break (`\n`, `\r\n`, `\r`, U+0085, U+2028, U+2029) becomes `⏎`,
//!   because a single-line display must not break the line;
//! - every other control character (C0 including ESC, DEL, C1) becomes `�`
//!   (U+FFFD), so no escape sequence ever reaches the terminal;
//! - bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069) and the other
//!   invisible format characters that terminals disagree about (soft hyphen,
//!   zero-width space, word joiner, BOM, invisible operators, interlinear
//!   annotation marks, Hangul fillers, tag and format controls) become `�`.
//!   They are shown rather than dropped so that hidden text cannot hide.
//!
//! Kept as they are: ZWJ and ZWNJ, variation selectors, combining marks and
//! the emoji tag characters (they are part of emoji, flags and scripts).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Shown in place of a control or invisible format character.
pub const REPLACEMENT: char = '\u{FFFD}';
/// Shown in place of a line break in single-line text.
pub const NEWLINE: char = '⏎';
/// Appended to text that was cut to fit.
pub const ELLIPSIS: char = '…';

/// What a character is shown as, or `None` when it is safe as it is.
/// `\r\n` is handled by the callers, which see both characters.
fn replacement(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(NEWLINE),
        c if c.is_control() => Some(REPLACEMENT),
        '\u{AD}'
        | '\u{61C}'
        | '\u{180E}'
        | '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E001F}'
        | '\u{E0080}'..='\u{E00FF}'
        | '\u{E01F0}'..='\u{E0FFF}' => Some(REPLACEMENT),
        _ => None,
    }
}

/// Printable ASCII needs no replacing and is one cell per byte.
fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The text with control, bidi and invisible format characters replaced by
/// visible ones (see the module docs); borrowed when nothing needed replacing.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if is_printable_ascii(s) {
        return Cow::Borrowed(s);
    }
    let Some(first) = s.char_indices().find(|&(_, c)| replacement(c).is_some()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first.0]);
    let mut chars = s[first.0..].chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
        }
        out.push(replacement(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

/// Cells one grapheme cluster takes, the way ratatui's buffer counts it
/// (including its correction for halfwidth katakana sound marks).
fn grapheme_width(g: &str) -> usize {
    if g.len() == 1 {
        return 1;
    }
    let marks = g
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    g.width() + marks
}

/// Cells already-sanitized text takes.
fn clean_width(clean: &str) -> usize {
    if is_printable_ascii(clean) {
        clean.len()
    } else {
        clean.graphemes(true).map(grapheme_width).sum()
    }
}

/// Terminal cells the text takes once sanitized.
pub fn width(s: &str) -> usize {
    clean_width(&sanitize(s))
}

/// The sanitized text cut to at most `max` cells at a grapheme boundary, with
/// `…` at the end when something was cut. A wide character that would cross
/// the edge is left out, so the result may be one cell narrower than `max`
/// (use [`pad_to`] for an exact width). Borrowed when nothing changed.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if let Some(fast) = truncate_ascii(s, max) {
        return fast;
    }
    // Sanitize only a prefix that is sure to overflow `max`, so cutting a
    // 10 MB description to a table cell costs what the cell costs. The
    // prefix grows geometrically when zero-width characters pile up.
    let mut end: usize = 0;
    let mut step = (max + 1).saturating_mul(4).max(64);
    loop {
        end = char_boundary_at_or_after(s, end.saturating_add(step));
        let complete = end == s.len();
        let clean = sanitize(&s[..end]);
        match cut(&clean, max, complete) {
            // Only a complete prefix fits whole, so `clean` is all of `s`.
            Some(Cut::Whole) => return clean,
            Some(Cut::At(keep)) => {
                let mut out = String::with_capacity(keep + 3);
                out.push_str(&clean[..keep]);
                if max > 0 {
                    out.push(ELLIPSIS);
                }
                return Cow::Owned(out);
            }
            None => step = step.saturating_mul(2),
        }
    }
}

/// Printable ASCII is one cell per byte, so it can be cut by byte count after
/// looking at no more than `max + 1` bytes.
fn truncate_ascii(s: &str, max: usize) -> Option<Cow<'_, str>> {
    let probe = &s.as_bytes()[..s.len().min(max.saturating_add(1))];
    if !probe.iter().all(|b| (0x20..0x7f).contains(b)) {
        return None;
    }
    if s.len() <= max {
        // All of `s` was probed.
        return Some(Cow::Borrowed(s));
    }
    if max == 0 {
        return Some(Cow::Borrowed(""));
    }
    let mut out = String::with_capacity(max + 2);
    out.push_str(&s[..max - 1]);
    out.push(ELLIPSIS);
    Some(Cow::Owned(out))
}

fn char_boundary_at_or_after(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

enum Cut {
    /// Everything fits.
    Whole,
    /// Keep this many bytes, then add the ellipsis.
    At(usize),
}

/// Where to cut sanitized text to fit `max` cells with an ellipsis, or `None`
/// when `clean` is an incomplete prefix that does not yet show the answer.
fn cut(clean: &str, max: usize, complete: bool) -> Option<Cut> {
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut keep = 0;
    let mut graphemes = clean.grapheme_indices(true).peekable();
    while let Some((i, g)) = graphemes.next() {
        // The last grapheme of an incomplete prefix may be cut short, and its
        // width is only known once the rest of it is seen.
        if !complete && graphemes.peek().is_none() {
            return None;
        }
        used += grapheme_width(g);
        if used > max {
            return Some(Cut::At(keep));
        }
        if used <= budget {
            keep = i + g.len();
        }
    }
    complete.then_some(Cut::Whole)
}

/// The sanitized text cut (see [`truncate`]) and padded with spaces to exactly
/// `width` cells, for table columns.
pub fn pad_to(s: &str, width: usize) -> String {
    let cut = truncate(s, width);
    let used = clean_width(&cut);
    let mut out = String::with_capacity(cut.len() + width.saturating_sub(used));
    out.push_str(&cut);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// Sanitized lines of at most `width` cells: each line break of the text
/// starts a new line, long lines are word-wrapped at spaces, and words longer
/// than `width` are split between graphemes. A grapheme wider than the whole
/// line (a wide character when `width` is 1) is shown as `…`. Width 0 gives
/// no lines; so does empty text. A trailing line break adds no empty line.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    for paragraph in split_lines(s) {
        wrap_paragraph(&sanitize(paragraph), width, &mut out);
    }
    out
}

/// Lines of the text split at every kind of line break, like `str::lines`.
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s).filter(|s| !s.is_empty());
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            None => {
                rest = None;
                Some(text)
            }
            Some(i) => {
                let mut next = i + text[i..].chars().next().map_or(1, char::len_utf8);
                if text[i..].starts_with("\r\n") {
                    next += 1;
                }
                rest = Some(&text[next..]).filter(|r| !r.is_empty());
                Some(&text[..i])
            }
        }
    })
}

/// Greedy word wrap of one sanitized line without line breaks; always adds
/// at least one line, so empty lines of the text are kept.
fn wrap_paragraph(clean: &str, width: usize, out: &mut Vec<String>) {
    let first = out.len();
    let mut line = Line::default();
    let mut pending_space = 0;
    for (is_space, run) in runs(clean) {
        if is_space {
            // Indentation is kept on the first line; other runs of spaces are
            // kept between words and dropped where the line breaks.
            pending_space += run.len();
            continue;
        }
        let run_width = clean_width(run);
        let space = pending_space.min(width);
        pending_space = 0;
        if line.width + space + run_width <= width {
            line.push_spaces(space);
            line.push(run, run_width);
        } else if run_width <= width {
            line.finish(out);
            line.push(run, run_width);
        } else {
            // Longer than a whole line: fill the current line, then split.
            if line.width + space < width {
                line.push_spaces(space);
            } else {
                line.finish(out);
            }
            for g in run.graphemes(true) {
                let w = grapheme_width(g);
                if line.width + w > width {
                    line.finish(out);
                }
                if w > width {
                    line.push("…", 1);
                } else {
                    line.push(g, w);
                }
            }
        }
    }
    if !line.text.is_empty() || out.len() == first {
        out.push(line.text);
    }
}

/// Alternating runs of spaces and of everything else.
fn runs(s: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let is_space = first == ' ';
        let end = rest
            .find(|c: char| (c == ' ') != is_space)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((is_space, run))
    })
}

/// A line being built by [`wrap_paragraph`].
#[derive(Default)]
struct Line {
    text: String,
    width: usize,
}

impl Line {
    fn push(&mut self, s: &str, w: usize) {
        self.text.push_str(s);
        self.width += w;
    }

    fn push_spaces(&mut self, n: usize) {
        self.text.extend(std::iter::repeat_n(' ', n));
        self.width += n;
    }

    /// Ends the line unless it is still empty.
    fn finish(&mut self, out: &mut Vec<String>) {
        if !self.text.is_empty() {
            out.push(std::mem::take(&mut self.text));
        }
        self.width = 0;
    }
}
