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
    // Printable ASCII needs no look at each character (most stored text).
    if text.bytes().all(|b| (b' '..b'\x7f').contains(&b))
        || !text.chars().any(|c| c.is_control() || is_bidi(c))
    {
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
    table_of(out, header, rows.len(), |i| {
        rows[i].iter().map(|cell| Cow::Borrowed(cell.as_str()))
    })
}

/// [`table`] with its rows made on the fly, for long lists (`po list` of
/// 100,000 stories): `row(i)` gives the cells of row `i` and is called twice,
/// once to measure the columns and once to print, so no row is kept.
pub fn table_of<'a, R: IntoIterator<Item = Cow<'a, str>>>(
    out: &mut impl Write,
    header: &[&str],
    len: usize,
    row: impl Fn(usize) -> R,
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for i in 0..len {
        for (w, cell) in widths.iter_mut().zip(row(i)) {
            *w = (*w).max(cell.width());
        }
    }
    let mut text = String::new();
    write_row(
        out,
        &mut text,
        &widths,
        header.iter().map(|h| Cow::Borrowed(*h)),
    )?;
    for i in 0..len {
        write_row(out, &mut text, &widths, row(i))?;
    }
    Ok(())
}

/// One line of a table, built in `text` (reused from row to row).
fn write_row<'a>(
    out: &mut impl Write,
    text: &mut String,
    widths: &[usize],
    cells: impl IntoIterator<Item = Cow<'a, str>>,
) -> io::Result<()> {
    text.clear();
    for (i, cell) in cells.into_iter().enumerate() {
        text.push_str(&cell);
        if i + 1 < widths.len() {
            text.extend(std::iter::repeat_n(
                ' ',
                widths[i].saturating_sub(cell.width()),
            ));
            text.push_str("  ");
        }
    }
    writeln!(out, "{}", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_made_on_the_fly_prints_what_a_table_of_kept_rows_prints() {
        let header = ["rank", "key", "title"];
        let rows: Vec<Vec<String>> = [
            ["1", "S-1", "Pay  "],
            ["10", "S-12", "日本語 wide"],
            ["100", "", ""],
            ["2", "S-7", "trailing   "],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let mut kept = Vec::new();
        table(&mut kept, &header, &rows).unwrap();
        let expected = "rank  key   title\n1     S-1   Pay\n10    S-12  日本語 wide\n100\n2     S-7   trailing\n";
        assert_eq!(String::from_utf8(kept).unwrap(), expected);
        let mut made = Vec::new();
        table_of(&mut made, &header, rows.len(), |i| {
            rows[i].iter().map(|c| Cow::Owned(c.clone()))
        })
        .unwrap();
        assert_eq!(String::from_utf8(made).unwrap(), expected);
    }

    #[test]
    fn escape_sequences_in_stored_text_are_not_sent_to_the_terminal() {
        assert_eq!(line("a\u{1b}[31mred\u{7}"), "a[31mred");
        assert_eq!(line("two\nlines\ttab"), "two lines tab");
        assert_eq!(line("abc\u{202E}fed"), "abcfed");
        assert!(matches!(line("plain"), Cow::Borrowed(_)));
        assert_eq!(line("del\u{7f}ete"), "delete");
        assert_eq!(line("tab\tand ~"), "tab and ~");
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
