//! What can go wrong reading or writing a backlog file, in words that name the
//! file and what the user can do about it.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// A failure of the store. Whenever one is returned, the file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no backlog at {path}: create one with `po init` (or pick another with --file)")]
    Missing { path: PathBuf },

    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },

    #[error(
        "{path} is empty (no data, at most whitespace): restore {path}.bak or remove the file and run `po init`"
    )]
    Empty { path: PathBuf },

    #[error(
        "{path} is not a valid backlog: line {line}, column {column}{at}: {message}. \
         The file was not changed; fix it by hand or restore {path}.bak"
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        /// ", at stories[3].points" or empty when the error is in the JSON syntax.
        at: String,
        message: String,
    },

    #[error(
        "{path} uses the key {key} twice, at {first} and {second}: po cannot tell which one \
         an edit means. Run `po --file {path} check --fix` to give the later one a new key \
         (the file is kept as {path}.bak), or fix it by hand"
    )]
    DuplicateKey {
        path: PathBuf,
        key: String,
        first: String,
        second: String,
    },

    #[error("{path} is not a po backlog (its \"format\" is {found:?}, expected \"po-backlog\")")]
    WrongFormat { path: PathBuf, found: String },

    #[error(
        "{path} is format version {version}, newer than this po understands ({known}) \
         and not readable by it: upgrade po"
    )]
    TooNew {
        path: PathBuf,
        version: u32,
        known: u32,
    },

    #[error("{path} cannot be changed: {reason}")]
    ReadOnly { path: PathBuf, reason: String },

    #[error(
        "{path} is being changed by another po ({holder}); {}: try again, \
         or wait longer with --wait SECONDS (or PO_LOCK_WAIT)",
        waited_for(*.waited)
    )]
    Locked {
        path: PathBuf,
        holder: String,
        /// How long po waited for the lock before giving up.
        waited: Duration,
    },

    #[error(
        "{path} was changed by another program since po read it; not overwriting it. \
         Reload to see the other change (yours is not saved)"
    )]
    ChangedOnDisk { path: PathBuf },

    #[error("{path} already exists: not overwriting it (use --file to pick another file)")]
    Exists { path: PathBuf },

    #[error("cannot save {path}: {source}. The previous version of the file is intact")]
    Write { path: PathBuf, source: io::Error },

    #[error("cannot encode the backlog: {0}")]
    Encode(String),
}

/// "gave up after waiting 10 s", or that po did not wait at all.
fn waited_for(waited: Duration) -> String {
    if waited.is_zero() {
        "po did not wait for it".to_string()
    } else {
        format!("gave up after waiting {} s", seconds(waited))
    }
}

/// 10 s as "10", 0.25 s as "0.25": as a user would type it for --wait.
pub fn seconds(d: Duration) -> String {
    let text = format!("{:.2}", d.as_secs_f64());
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Text quoted from a file, made safe and short for a one-line message:
/// control, bidi and other invisible format characters are escaped (they
/// could move the cursor or reorder the terminal line), and a quoted value
/// longer than 60 characters is cut, so a 10 MB value gives a short message
/// that still ends with what was expected. At most `max` characters.
pub(super) fn for_message(text: &str, max: usize) -> String {
    const QUOTED: usize = 60;
    let mut out = String::new();
    let mut quoted = None;
    let mut count = 0;
    for c in text.chars() {
        if matches!(c, '"' | '`') {
            quoted = if quoted.is_some() { None } else { Some(0) };
        } else if let Some(n) = quoted.as_mut() {
            *n += 1;
            if *n == QUOTED + 1 {
                out.push('…');
            }
            if *n > QUOTED {
                continue;
            }
        }
        count += 1;
        if count > max {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible_format(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Bidi controls and zero-width characters that change how a line looks.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{061c}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::for_message;

    #[test]
    fn quoted_text_is_escaped_and_long_runs_are_cut() {
        assert_eq!(for_message("a\u{1b}[2Jb", 100), "a\\u{1b}[2Jb");
        assert_eq!(for_message("x\u{202e}y", 100), "x\\u{202e}y");
        let long = format!("string \"{}\", expected f64", "9".repeat(1000));
        let short = for_message(&long, 400);
        assert!(short.ends_with("\", expected f64"), "{short}");
        assert!(short.chars().count() < 100, "{short}");
        assert_eq!(for_message("abcdef", 3), "abc…");
        assert_eq!(for_message("plain words, kept", 400), "plain words, kept");
    }
}
