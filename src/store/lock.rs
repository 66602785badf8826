//! The lock file beside the backlog (`backlog.json.lock`): one writer at a time.
//!
//! The lock is an OS file lock, so it is released when the process dies, even
//! by kill -9. The file itself is never deleted: deleting it while another
//! process has it open would let two processes each lock a different inode.
//!
//! Writers wait their turn: a command that finds the lock held tries again
//! for a while (`--wait`), so a script running eight `po edit` at once has
//! every one of them land instead of failing.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct Lock {
    file: File,
}

/// The outcome of trying to lock.
#[derive(Debug)]
pub enum Attempt {
    Acquired(Lock),
    /// Another process held it all along; this describes who ("pid 123 on host").
    HeldBy(String),
}

/// The first pause between two tries, and the longest: short enough that a
/// writer follows another within milliseconds (a save takes a few), long
/// enough that eight waiting writers do not keep the CPUs busy.
const FIRST_PAUSE: Duration = Duration::from_millis(1);
const LONGEST_PAUSE: Duration = Duration::from_millis(20);

/// The lock file's path for a backlog file.
pub fn lock_path(backlog: &Path) -> PathBuf {
    super::sibling(backlog, ".lock")
}

/// Locks, trying again for up to `wait` while another process holds it.
/// Without contention this is one `try_lock`, as fast as not waiting.
pub fn acquire(backlog: &Path, wait: Duration) -> io::Result<Attempt> {
    let path = lock_path(backlog);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    // A wait too long for the clock (`--wait 1e18`) waits for ever.
    let deadline = Instant::now().checked_add(wait);
    let mut pause = FIRST_PAUSE;
    loop {
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0)?;
                file.seek(SeekFrom::Start(0))?;
                writeln!(file, "pid {} on {}", std::process::id(), hostname())?;
                return Ok(Attempt::Acquired(Lock { file }));
            }
            Err(TryLockError::WouldBlock) => {
                let left = deadline.map_or(LONGEST_PAUSE, |d| {
                    d.saturating_duration_since(Instant::now())
                });
                if left.is_zero() {
                    return Ok(Attempt::HeldBy(holder(&mut file)));
                }
                thread::sleep(pause.min(left));
                pause = (pause * 2).min(LONGEST_PAUSE);
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Who holds the lock, as the holder wrote it. Best effort: the holder may
/// be writing it right now.
fn holder(file: &mut File) -> String {
    let mut holder = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.read_to_string(&mut holder);
    let holder = holder.trim();
    if holder.is_empty() {
        "another process".to_string()
    } else {
        holder.to_string()
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
