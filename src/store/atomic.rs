//! Crash-safe replacement of a file: write a temp file beside it, fsync it,
//! rename it over the old one, fsync the directory. A crash at any point
//! leaves either the old file or the new one, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Replaces `path` with `bytes` atomically, keeping its permissions.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_permissions_of(path, bytes, path)
}

/// Replaces `path` with `bytes` atomically. The new file gets the permissions
/// of `model` if it exists: a rename would otherwise turn a private (0600)
/// backlog, or its backup, into a world-readable one.
pub fn write_with_permissions_of(path: &Path, bytes: &[u8], model: &Path) -> io::Result<()> {
    let dir = super::parent_dir(path);
    create_dir_durably(dir)?;
    let tmp = super::sibling(path, &format!(".tmp-{}", std::process::id()));
    let permissions = fs::metadata(model).ok().map(|m| m.permissions());
    let result = write_and_rename(&tmp, path, bytes, permissions);
    if result.is_err() {
        // Leave nothing half-written behind; the original is untouched.
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir)
}

fn write_and_rename(
    tmp: &Path,
    path: &Path,
    bytes: &[u8],
    permissions: Option<fs::Permissions>,
) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, path)
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
