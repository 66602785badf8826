//! What identifies one version of the backlog file on disk, and reading the
//! file together with the stamp of exactly the bytes read.

use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// What identifies one version of the file on disk, to notice outside changes.
/// The status-change time is part of it because a program can write the same
/// number of bytes in place and put the old mtime back (`cp -p`, `touch -r`);
/// the ctime cannot be set back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
    changed: (i64, i64),
}

/// The file's bytes and the stamp of exactly those bytes. Another program
/// may write the file while po reads it; a stamp taken only before or only
/// after the read could then belong to other bytes, and an outside change
/// would go unnoticed. So: stat, read, stat again, and read again while the
/// two stamps differ.
pub(super) fn read_with_stamp(path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
    read_consistently(path, |p| fs::read(p))
}

/// How often po reads a file that keeps changing under it before it gives up.
const TRIES: usize = 50;

pub(super) fn read_consistently(
    path: &Path,
    mut read: impl FnMut(&Path) -> io::Result<Vec<u8>>,
) -> io::Result<(Vec<u8>, Stamp)> {
    let missing = || io::Error::from(io::ErrorKind::NotFound);
    let mut before = stamp_of(path)?.ok_or_else(missing)?;
    for _ in 0..TRIES {
        let bytes = read(path)?;
        let after = stamp_of(path)?.ok_or_else(missing)?;
        if after == before {
            return Ok((bytes, after));
        }
        before = after;
    }
    Err(io::Error::other(format!(
        "it changed each of the {TRIES} times po read it; try again once the other program is done"
    )))
}

pub(super) fn stamp_of(path: &Path) -> io::Result<Option<Stamp>> {
    match fs::metadata(path) {
        Ok(meta) => Ok(Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode: inode(&meta),
            changed: status_changed(&meta),
        })),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

#[cfg(unix)]
fn status_changed(meta: &fs::Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec())
}

#[cfg(not(unix))]
fn status_changed(_: &fs::Metadata) -> (i64, i64) {
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_while_the_file_is_read_is_not_missed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        fs::write(&path, "version 1").unwrap();
        let mut reads = 0;
        // Another program writes the file right after po's read returned
        // (and before po could stat it).
        let (bytes, stamp) = read_consistently(&path, |p| {
            reads += 1;
            let bytes = fs::read(p)?;
            if reads == 1 {
                fs::write(p, "version 2, longer")?;
            }
            Ok(bytes)
        })
        .unwrap();
        assert_eq!(bytes, b"version 2, longer", "the bytes belong to the stamp");
        assert_eq!(Some(stamp), stamp_of(&path).unwrap());
        assert_eq!(reads, 2);
    }

    #[test]
    fn a_file_that_never_settles_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        fs::write(&path, "0").unwrap();
        let mut n = 0;
        let err = read_consistently(&path, |p| {
            n += 1;
            fs::write(p, "x".repeat(n + 1))?;
            fs::read(p)
        })
        .unwrap_err();
        assert!(err.to_string().contains("changed each of the"), "{err}");
    }
}
