//! Writing to stdout: buffered, never panicking on a closed pipe, and with
//! stored text made harmless for a terminal.

use std::borrow::Cow;
use std::io::{self, BufWriter, StdoutLock, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// Buffered stdout. Errors (e.g. a closed pipe) come back as `io::Error`,
/// which `cli::finish` turns into a quiet exit instead of a panic.
pub type Out = BufWriter<StdoutLock<'static>>;

/// A buffered handle on stdout.
pub fn stdout() -> Out {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Writes a value as pretty JSON followed by a newline.
pub fn json(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| {
        // A closed pipe shows up as an io error inside serde_json's error.
        match e.io_error_kind() {
            Some(kind) => anyhow::Error::new(io::Error::from(kind)),
            None => anyhow::anyhow!("cannot write JSON: {e}"),
        }
    })?;
    writeln!(out)?;
    Ok(())
}

/// Stored text for one line of a terminal: control and bidi characters are
/// dropped, line breaks and tabs become spaces.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\t' | '\r' => Some(' '),
                c if c.is_control() || is_bidi(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Stored multi-line text for a terminal: like [`line`] but keeps line breaks.
pub fn block(text: &str) -> String {
    text.lines()
        .map(|l| line(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters that reorder text on screen (a "Trojan source" risk).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Pads `text` with spaces to `width` terminal cells (wide characters count double).
pub fn pad(text: &str, width: usize) -> String {
    let used = text.width();
    let mut s = String::with_capacity(text.len() + width.saturating_sub(used));
    s.push_str(text);
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// Plain columns: each row's cells padded to the widest cell of its column,
/// the last column left as is.
pub fn table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut write_row = |cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 < columns {
                text.push_str(&pad(cell, widths[i]));
                text.push_str("  ");
            } else {
                text.push_str(cell);
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    write_row(&mut header.iter().copied())?;
    for row in rows {
        write_row(&mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_in_stored_text_are_not_sent_to_the_terminal() {
        assert_eq!(line("a\u{1b}[31mred\u{7}"), "a[31mred");
        assert_eq!(line("two\nlines\ttab"), "two lines tab");
        assert_eq!(line("abc\u{202E}fed"), "abcfed");
        assert!(matches!(line("plain"), Cow::Borrowed(_)));
        assert_eq!(block("one\u{1b}\ntwo"), "one\ntwo");
    }

    #[test]
    fn table_columns_line_up_with_wide_characters() {
        let mut buf = Vec::new();
        let rows = vec![
            vec!["日本".to_string(), "x".to_string()],
            vec!["ab".to_string(), "y".to_string()],
        ];
        table(&mut buf, &["name", "v"], &rows).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "name  v\n日本  x\nab    y\n");
    }
}
