//! What can go wrong reading or writing a backlog file, in words that name the
//! file and what the user can do about it.

use std::io;
use std::path::PathBuf;

/// A failure of the store. Whenever one is returned, the file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no backlog at {path}: create one with `po init` (or pick another with --file)")]
    Missing { path: PathBuf },

    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },

    #[error("{path} is empty (0 bytes): restore {path}.bak or remove the file and run `po init`")]
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

    #[error("{path} is open read-only: {reason}")]
    ReadOnly { path: PathBuf, reason: String },

    #[error("{path} is being changed by another po ({holder}): close it and try again")]
    Locked { path: PathBuf, holder: String },

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
