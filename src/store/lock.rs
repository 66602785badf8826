//! The lock file beside the backlog (`backlog.json.lock`): one writer at a time.
//!
//! The lock is an OS file lock, so it is released when the process dies, even
//! by kill -9. The file itself is never deleted: deleting it while another
//! process has it open would let two processes each lock a different inode.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct Lock {
    file: File,
}

/// The outcome of trying to lock.
#[derive(Debug)]
pub enum Attempt {
    Acquired(Lock),
    /// Another process holds it; this describes who ("pid 123 on host").
    HeldBy(String),
}

/// The lock file's path for a backlog file.
pub fn lock_path(backlog: &Path) -> PathBuf {
    super::sibling(backlog, ".lock")
}

/// Tries once to lock, never waits.
pub fn try_lock(backlog: &Path) -> io::Result<Attempt> {
    let path = lock_path(backlog);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            writeln!(file, "pid {} on {}", std::process::id(), hostname())?;
            Ok(Attempt::Acquired(Lock { file }))
        }
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            // Best effort: the holder may be writing it right now.
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            Ok(Attempt::HeldBy(if holder.is_empty() {
                "another process".to_string()
            } else {
                holder.to_string()
            }))
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this machine".to_string())
}
