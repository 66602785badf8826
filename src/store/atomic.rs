//! Crash-safe replacement of a file: write a temp file beside it, fsync it,
//! rename it over the old one, fsync the directory. A crash at any point
//! leaves either the old file or the new one, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `bytes` atomically. The new file gets the permissions
/// of `model` if it exists: a rename would otherwise turn a private (0600)
/// backlog, or its backup, into a world-readable one.
pub fn write_with_permissions_of(path: &Path, bytes: &[u8], model: &Path) -> io::Result<()> {
    let tmp = write_temp(path, bytes, model)?;
    commit(&tmp, path)
}

/// The first half of an atomic write: `bytes` in a durable temp file beside
/// `path`, with the permissions of `model`. Nothing is left behind on error.
pub fn write_temp(path: &Path, bytes: &[u8], model: &Path) -> io::Result<PathBuf> {
    write_temp_with(path, model, |file| file.write_all(bytes))
}

/// [`write_temp`], the bytes written by `write` into the open temp file, in
/// as many pieces as it likes (a save that copies most of the file as read
/// never holds the whole new file in memory).
pub fn write_temp_with(
    path: &Path,
    model: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<PathBuf> {
    create_dir_durably(super::parent_dir(path))?;
    let tmp = temp_beside(path);
    let permissions = fs::metadata(model).ok().map(|m| m.permissions());
    let result = write_synced(&tmp, permissions, write);
    if result.is_err() {
        // Leave nothing half-written behind; the original is untouched.
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| tmp)
}

/// The second half: renames the temp file over `path` and makes that durable.
pub fn commit(tmp: &Path, path: &Path) -> io::Result<()> {
    if let Err(e) = fs::rename(tmp, path) {
        let _ = fs::remove_file(tmp);
        return Err(e);
    }
    sync_dir(super::parent_dir(path))
}

/// Makes `backup` hold what `path` holds now. A hard link shares the data
/// instead of copying it (a 100 MB backlog costs nothing to back up): po
/// never changes a file in place, it renames a new one over it, so once the
/// caller has done that, `backup` is the only name of the previous version.
/// Where the file system has no hard links, the file is copied.
pub fn keep_as_backup(path: &Path, backup: &Path) -> io::Result<()> {
    let tmp = temp_beside(backup);
    let _ = fs::remove_file(&tmp);
    if fs::hard_link(path, &tmp).is_err() {
        let old = fs::read(path)?;
        return write_with_permissions_of(backup, &old, path);
    }
    // Another program may have written the file without fsync; the backup
    // must be as durable as a copy would have been.
    let synced = File::open(path).and_then(|f| f.sync_all());
    if let Err(e) = synced {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    commit(&tmp, backup)
}

/// `backlog.json.tmp-<pid>`: unique to this process, and removed by
/// [`remove_stale_temps`] if the process dies before renaming it.
fn temp_beside(path: &Path) -> PathBuf {
    super::sibling(path, &format!(".tmp-{}", std::process::id()))
}

fn write_synced(
    tmp: &Path,
    permissions: Option<fs::Permissions>,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    write(&mut file)?;
    file.sync_all()
}

/// Creates a directory and its missing parents, and fsyncs each new entry's
/// parent: a file renamed into a new directory survives a power cut only if
/// the directory itself does.
pub fn create_dir_durably(dir: &Path) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut next = Some(dir);
    while let Some(d) = next {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        missing.push(d);
        next = d.parent();
    }
    if missing.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    for d in missing.iter().rev() {
        sync_dir(super::parent_dir(d))?;
    }
    Ok(())
}

/// Makes a rename durable: on Linux the directory entry needs its own fsync.
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir) {
        Ok(d) => d.sync_all().or_else(|e| {
            // Some file systems refuse fsync on directories; the rename itself is done.
            if e.kind() == io::ErrorKind::InvalidInput || e.raw_os_error() == Some(22) {
                Ok(())
            } else {
                Err(e)
            }
        }),
        Err(_) => Ok(()),
    }
}

/// Removes temp files left by earlier runs that died mid-save, of the file
/// and of its backup. Only called while holding the lock, so no live writer
/// can own one of them.
pub fn remove_stale_temps(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefixes = [format!("{name}.tmp-"), format!("{name}.bak.tmp-")];
    let Ok(entries) = fs::read_dir(super::parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| prefixes.iter().any(|p| n.starts_with(p.as_str())))
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}
