//! The backlog file: where it lives, reading it with clear errors, and saving
//! it so that a crash, a full disk or a second `po` can never lose it.
//!
//! See docs/file-format.md for the format and docs/reliability.md for the rules.

mod atomic;
mod encode;
mod error;
mod listing;
mod load;
mod lock;
mod migrate;
mod permissions;
mod reuse;
mod save;
mod spelling;
mod split;
mod stamp;
mod verbatim;

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::model::{Backlog, Story, VERSION};
pub use error::StoreError;
pub use listing::{Json, Keep, write_json, write_json_splitting_from};
pub use load::{parse, parse_split, parse_splitting_from};
pub use lock::lock_path;
pub use migrate::upgrade;
pub use save::write_atomically;
use stamp::{Stamp, read_with_stamp, stamp_of};

/// How a command wants to use the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Only reads; takes no lock.
    Read,
    /// A command that changes the file: takes the lock (waiting for it if
    /// another po holds it) before reading, and keeps it until dropped, so no
    /// other writer can change the file between its read and its save.
    Write,
    /// A long session (the TUI): takes the lock only around each save, so
    /// other po commands can write meanwhile; every save first checks that
    /// the file is still the version this one read. Opens read-only (and
    /// says why) when it could never save.
    PreferWrite,
    /// Like `Write`, for `po check --fix`: also opens a file that uses a key
    /// twice, which every other access refuses, so the copy can be renumbered.
    Repair,
}

/// An open backlog file. With `Access::Write` it holds the lock until
/// dropped; with `PreferWrite` it takes the lock for each save.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    /// Held for the life of the store (`Access::Write` or `Repair`), else `None`.
    lock: Option<lock::Lock>,
    /// How long a save waits for another po's lock before it gives up.
    wait: Duration,
    /// Temp files of writers that died mid-save are removed the first time
    /// this store holds the lock.
    cleaned: bool,
    read_only: Option<String>,
    /// The file as po last read or wrote it; `None` when it did not exist.
    stamp: Option<Stamp>,
    /// The first save of a session first copies the previous file to `.bak`.
    backed_up: bool,
    /// The older format version the file had when read, if po migrated it:
    /// the first save then also keeps it as `.v<N>.bak`, which later
    /// sessions leave alone (the plain `.bak` moves on with every session).
    migrated_from: Option<u32>,
    /// The file's own text for unknown values serde_json would respell.
    spellings: spelling::Spellings,
    /// A command's file as read, whose unchanged stories its save copies.
    source: Option<reuse::Source>,
    /// How many stories the last save copied (`None`: it encoded them all).
    copied: Option<usize>,
}

/// A freshly opened file and what the user should know about it.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub backlog: Backlog,
    /// Something worth telling the user: read-only, migrated, repaired, new file.
    pub notices: Vec<String>,
}

/// The default file: `<data dir>/po/backlog.json` (on Linux `$XDG_DATA_HOME/po/backlog.json`).
pub fn default_path() -> Result<PathBuf, StoreError> {
    directories::ProjectDirs::from("", "", "po")
        .map(|dirs| dirs.data_dir().join("backlog.json"))
        .ok_or_else(|| StoreError::Read {
            path: PathBuf::from("~/.local/share/po/backlog.json"),
            source: io::Error::new(
                io::ErrorKind::NotFound,
                "no home directory found; set HOME, or use --file PATH or PO_FILE",
            ),
        })
}

impl Store {
    /// Opens a backlog file. With `create_missing`, a missing file gives an empty
    /// backlog that is written on the first save; otherwise it is an error.
    /// Never waits for another po's lock: see [`Store::open_waiting`].
    pub fn open(path: &Path, access: Access, create_missing: bool) -> Result<Opened, StoreError> {
        Store::open_waiting(path, access, create_missing, Duration::ZERO)
    }

    /// [`Store::open`], waiting up to `wait` for the lock when another po
    /// holds it (for `Write` when opening, for `PreferWrite` at each save).
    pub fn open_waiting(
        path: &Path,
        access: Access,
        create_missing: bool,
        wait: Duration,
    ) -> Result<Opened, StoreError> {
        let resolved = resolve_symlink(path);
        let path = resolved.as_path();
        // Say so before locking: taking the lock would create the directory
        // and a lock file for a path that was probably mistyped.
        if !create_missing
            && fs::symlink_metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
        {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let mut notices = Vec::new();
        let mut read_only = None;
        let mut held = None;
        let mut cleaned = false;
        // A file the user made read-only is never replaced, though the
        // directory would allow it; said before locking, which would fail
        // less clearly on a read-only file system.
        let not_writable = match access {
            Access::Read => None,
            Access::Write | Access::PreferWrite | Access::Repair => permissions::cannot_write(path),
        };
        match (access, not_writable) {
            (Access::Read, _) => read_only = Some("opened for reading only".to_string()),
            (Access::Write | Access::Repair, Some(reason)) => {
                return Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                    reason,
                });
            }
            (Access::PreferWrite, Some(reason)) => read_only = Some(reason),
            (Access::Write | Access::Repair, None) => match lock_beside(path, wait)? {
                lock::Attempt::Acquired(l) => {
                    atomic::remove_stale_temps(path);
                    cleaned = true;
                    held = Some(l);
                }
                lock::Attempt::HeldBy(holder) => {
                    return Err(StoreError::Locked {
                        path: path.to_path_buf(),
                        holder,
                        waited: wait,
                    });
                }
            },
            // Only to learn whether this po could ever save (a read-only
            // directory, say), and to clean up after a writer that died; the
            // lock is released at once. Another po holding it is no reason
            // to open read-only: saves wait their turn.
            (Access::PreferWrite, None) => match lock_beside(path, Duration::ZERO) {
                Ok(lock::Attempt::Acquired(_released)) => {
                    atomic::remove_stale_temps(path);
                    cleaned = true;
                }
                Ok(lock::Attempt::HeldBy(_)) => {}
                // The app can still show the backlog.
                Err(StoreError::Write { source, .. }) => read_only = Some(source.to_string()),
                Err(e) => return Err(e),
            },
        }

        let (mut backlog, stamp, spellings, source) = match read_with_stamp(path) {
            Ok((bytes, stamp)) => {
                let backlog = parse(path, &bytes)?;
                // Only a save writes them, and a reader never saves.
                let spellings = match access {
                    Access::Read => spelling::Spellings::default(),
                    _ => spelling::collect(&bytes, &backlog),
                };
                // A command saves once, soon: its save copies the stories
                // it leaves alone from these bytes (the app saves many
                // times, each from its own snapshot, so it keeps none).
                let source = (access == Access::Write)
                    .then(|| reuse::Source::new(bytes, backlog.stories.clone()));
                (backlog, Some(stamp), spellings, source)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound && create_missing => {
                notices.push(format!(
                    "new backlog: it will be saved to {}",
                    path.display()
                ));
                (
                    Backlog::default(),
                    None,
                    spelling::Spellings::default(),
                    None,
                )
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::Missing {
                    path: path.to_path_buf(),
                });
            }
            Err(source) => {
                return Err(StoreError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };

        if access != Access::Repair {
            refuse_duplicate_keys(path, &backlog)?;
        }
        let found_version = backlog.version;
        if let Some(reason) = settle_version(path, &mut backlog, &mut notices) {
            if matches!(access, Access::Write | Access::Repair) {
                return Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                    reason,
                });
            }
            read_only = Some(reason);
        }
        if let Some(reason) = &read_only
            && access == Access::PreferWrite
        {
            notices.insert(0, format!("read-only: {reason}"));
        }
        Ok(Opened {
            store: Store {
                path: path.to_path_buf(),
                // A session that cannot save must not keep another po (a
                // newer one, say) from saving.
                lock: if read_only.is_some() { None } else { held },
                wait,
                cleaned,
                read_only,
                stamp,
                backed_up: false,
                migrated_from: (found_version < VERSION).then_some(found_version),
                spellings,
                source,
                copied: None,
            },
            backlog,
            notices,
        })
    }

    /// Writes a brand-new backlog file; refuses to replace an existing one.
    pub fn create(path: &Path, backlog: &Backlog) -> Result<Store, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists {
                path: path.to_path_buf(),
            });
        }
        let Opened { mut store, .. } = Store::open(path, Access::Write, true)?;
        if store.stamp.is_some() {
            // Created by someone else between the check and the lock.
            return Err(StoreError::Exists {
                path: path.to_path_buf(),
            });
        }
        store.save(backlog)?;
        Ok(store)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why saving is impossible, if it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Whether the file on disk differs from what po last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        stamp_of(&self.path).map_or(true, |s| s != self.stamp)
    }

    /// Reads the file again after an outside change; later saves build on
    /// this version. On any error nothing changes: the caller keeps its
    /// backlog and saves stay refused until it reloads or overwrites.
    pub fn reload(&mut self) -> Result<(Backlog, Vec<String>), StoreError> {
        let (bytes, stamp) = read_with_stamp(&self.path).map_err(|source| StoreError::Read {
            path: self.path.clone(),
            source,
        })?;
        let mut backlog = parse(&self.path, &bytes)?;
        refuse_duplicate_keys(&self.path, &backlog)?;
        let spellings = spelling::collect(&bytes, &backlog);
        let found_version = backlog.version;
        let mut notices = Vec::new();
        if let Some(reason) = settle_version(&self.path, &mut backlog, &mut notices) {
            // This po could not save it again; keeping its own version is safer.
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason,
            });
        }
        self.stamp = Some(stamp);
        self.spellings = spellings;
        self.source = None;
        // The next save keeps the reloaded version as the backup.
        self.backed_up = false;
        self.migrated_from = (found_version < VERSION).then_some(found_version);
        Ok((backlog, notices))
    }
}

/// A backlog with a key used twice is refused: an edit of `S-12` could land
/// on either copy.
fn refuse_duplicate_keys(path: &Path, backlog: &Backlog) -> Result<(), StoreError> {
    match backlog.duplicate_key() {
        Some(d) => Err(StoreError::DuplicateKey {
            path: path.to_path_buf(),
            key: error::for_message(&d.key, 80),
            first: d.first.to_string(),
            second: d.second.to_string(),
        }),
        None => Ok(()),
    }
}

/// Brings a just-read backlog to this po's format version and repairs what
/// can be repaired, adding notices. Returns why it must stay read-only (a
/// newer format), if it must.
fn settle_version(path: &Path, backlog: &mut Backlog, notices: &mut Vec<String>) -> Option<String> {
    let mut read_only = None;
    if backlog.version > VERSION {
        read_only = Some(format!(
            "it was written by a newer po (format version {}, this po knows {VERSION}); upgrade po to change it",
            backlog.version
        ));
    } else if let Some(old) = migrate::upgrade(backlog) {
        notices.push(format!(
            "upgraded from format version {old} to {VERSION}; the old file is kept as {} on the first save",
            version_backup_path(path, old).display()
        ));
    }
    for kind in backlog.repair_next_keys() {
        notices.push(format!(
            "next_keys.{} was behind the {} keys in use; moved it to {} so no key is reused",
            kind.counter_name(),
            kind.prefix(),
            backlog.next_keys.get(kind)
        ));
    }
    read_only
}

/// The backlog as the file's bytes: pretty JSON, stable key order, final newline.
pub fn encode(backlog: &Backlog) -> Result<Vec<u8>, StoreError> {
    encode_spelled(backlog, &spelling::Spellings::default())
}

/// [`encode`], writing unknown values in the spelling the file had.
fn encode_spelled(
    backlog: &Backlog,
    spellings: &spelling::Spellings,
) -> Result<Vec<u8>, StoreError> {
    let capacity = 1024 + backlog.stories.len() * 1024;
    if let Ok(bytes) = encode::backlog(backlog, capacity, spellings) {
        return Ok(bytes);
    }
    // The fast writer refused a value: serde's derived output, which it
    // matches byte for byte, says which field and why.
    let mut bytes = Vec::with_capacity(capacity);
    if let Err(e) = serde_json::to_writer_pretty(&mut bytes, backlog) {
        // Rare, so only now pay for tracking the path, to say which field.
        let mut sink = serde_json::Serializer::new(io::sink());
        let at = match serde_path_to_error::serialize(backlog, &mut sink) {
            Err(e) => format!("{}: ", e.path()),
            Ok(()) => String::new(),
        };
        return Err(StoreError::Encode(format!("{at}{e}")));
    }
    bytes.push(b'\n');
    Ok(bytes)
}

/// Stories as pretty JSON (an array, as `serde_json::to_writer_pretty`
/// writes it, plus a final newline), in memory: see [`write_stories`].
pub fn encode_stories(stories: &[&Story]) -> Result<Vec<u8>, StoreError> {
    let mut bytes = Vec::with_capacity(1024 + stories.len() * 1024);
    write_stories(&mut bytes, stories.iter().copied()).map_err(|e| match e.downcast() {
        Ok(refused) => refused,
        Err(e) => StoreError::Encode(e.to_string()),
    })?;
    Ok(bytes)
}

/// Writes stories to `out` as [`encode_stories`] gives them, one story at
/// a time (`po list --json` holds one story's bytes, not the whole list's).
/// A value the file cannot hold is an error whose source is a
/// [`StoreError::Encode`] that names it.
pub use encode::write_stories;

/// `backlog.json` + `.bak` → `backlog.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, ".bak")
}

/// `backlog.json` + format version 1 → `backlog.json.v1.bak`: the file as
/// it was before po migrated it to a newer format version.
pub fn version_backup_path(path: &Path, version: u32) -> PathBuf {
    sibling(path, &format!(".v{version}.bak"))
}

/// A file next to `path` whose name is `path`'s name plus a suffix.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map_or_else(|| OsString::from("backlog.json"), OsString::from);
    name.push(suffix);
    path.with_file_name(name)
}

/// The directory a file lives in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file a symlink points to, so that saving replaces the target (the
/// link stays a link) and the lock sits beside the one real file, whichever
/// name each po was given.
fn resolve_symlink(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Ok(target) = fs::canonicalize(path) {
        return target;
    }
    path.to_path_buf()
}

fn lock_beside(path: &Path, wait: Duration) -> Result<lock::Attempt, StoreError> {
    let dir = parent_dir(path);
    let io_err = |what: String| {
        move |e: io::Error| StoreError::Write {
            path: path.to_path_buf(),
            source: io::Error::new(e.kind(), format!("{what}: {e}")),
        }
    };
    atomic::create_dir_durably(dir).map_err(io_err(format!(
        "cannot create the directory {}",
        dir.display()
    )))?;
    lock::acquire(path, wait).map_err(io_err(format!("cannot lock {}", lock_path(path).display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_sit_in_the_same_directory() {
        let path = Path::new("/data/po/backlog.json");
        assert_eq!(backup_path(path), Path::new("/data/po/backlog.json.bak"));
        assert_eq!(lock_path(path), Path::new("/data/po/backlog.json.lock"));
        // A bare file name lives in the current directory, which is what
        // gets fsynced after the rename.
        assert_eq!(parent_dir(Path::new("backlog.json")), Path::new("."));
        assert_eq!(parent_dir(path), Path::new("/data/po"));
    }
}
