//! A CSV file as a header and rows, read by the `csv` crate: RFC 4180
//! quoting, multi-line cells, a UTF-8 BOM, and header names that repeat
//! (Jira writes one `Labels` and one `Sprint` column per value). Errors name
//! the line and the column.

use csv::{ReaderBuilder, StringRecord};

use super::{ImportError, Loc, column};

/// A header and the rows under it.
pub(super) struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One record, and the line it starts on.
pub(super) struct Row {
    pub line: u64,
    record: StringRecord,
}

/// Only the header of a CSV file (for detecting the format).
pub(super) fn headers(bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    let mut reader = ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader.headers().map_err(|e| csv_error(&e, &[]))?;
    Ok(clean_headers(headers))
}

fn clean_headers(record: &StringRecord) -> Vec<String> {
    record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect()
}

impl Table {
    /// Reads a whole file; `what` names the format in errors ("a Jira CSV export").
    pub fn read(bytes: &[u8], what: &str) -> Result<Table, ImportError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ImportError::new(None, None, format!("empty: not {what}")));
        }
        // Flexible: Linear leaves the trailing empty cell off some rows;
        // missing cells read as empty.
        let mut reader = ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = clean_headers(reader.headers().map_err(|e| csv_error(&e, &[]))?);
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&e, &headers))?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push(Row { line, record });
        }
        if let Some(last) = rows.last() {
            unbalanced_quotes(bytes, last, &headers)?;
        }
        Ok(Table { headers, rows })
    }

    /// Every column with one of these names (any case), in header order.
    pub fn columns(&self, names: &[&str]) -> Vec<usize> {
        self.headers
            .iter()
            .enumerate()
            .filter(|(_, h)| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The first column with the first of these names that the file has.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.columns(&[n]).first().copied())
    }

    /// A column the format cannot do without.
    pub fn require(&self, names: &[&str], what: &str) -> Result<usize, ImportError> {
        self.column(names).ok_or_else(|| {
            let wanted = names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(" or ");
            ImportError::new(
                Some(Loc::Line(1)),
                None,
                format!("not {what}: the header has no {wanted} column"),
            )
        })
    }
}

impl Row {
    /// Where the row is, for warnings.
    pub fn at(&self) -> Loc {
        Loc::Line(self.line)
    }

    /// A cell, trimmed; empty when the column is missing or the row short.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.record.get(c))
            .map_or("", str::trim)
    }

    /// The non-empty cells of several columns (repeated `Labels` columns).
    pub fn all(&self, columns: &[usize]) -> Vec<&str> {
        columns
            .iter()
            .map(|c| self.get(Some(*c)))
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// A reading error, with the line and the column it is in.
fn csv_error(e: &csv::Error, headers: &[String]) -> ImportError {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => {
            let name = headers
                .get(err.field())
                .map_or(format!("{}", err.field() + 1), Clone::clone);
            ImportError::new(
                pos.as_ref().map(|p| Loc::Line(p.line())),
                column(&name),
                format!(
                    "not UTF-8 text (byte {} of the cell): save the file as UTF-8",
                    err.valid_up_to() + 1
                ),
            )
        }
        _ => ImportError::new(
            e.position().map(|p| Loc::Line(p.line())),
            None,
            e.to_string(),
        ),
    }
}

/// A quote that is never closed makes the rest of the file one cell of the
/// last record, which the reader accepts; an odd number of quotes from that
/// record on gives it away.
fn unbalanced_quotes(bytes: &[u8], last: &Row, headers: &[String]) -> Result<(), ImportError> {
    let start = last.record.position().map_or(0, |p| p.byte()) as usize;
    let quotes = bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .filter(|b| **b == b'"')
        .count();
    if quotes % 2 == 0 {
        return Ok(());
    }
    let field = last.record.len().saturating_sub(1);
    let name = headers
        .get(field)
        .map_or(format!("{}", field + 1), Clone::clone);
    Err(ImportError::new(
        Some(last.at()),
        column(&name),
        "a quoted cell is never closed (unbalanced quotes): every \" that opens a cell needs one that closes it",
    ))
}
