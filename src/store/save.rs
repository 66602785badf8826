//! Saving a backlog: the lock for the save, the check that the file is still
//! the version po read, the backup, and the atomic replacement.

use std::fs;
use std::io;
use std::path::Path;

use super::stamp::{Stamp, stamp_of};
use super::{
    Store, StoreError, atomic, backup_path, encode, encode_spelled, lock, lock_beside, permissions,
    version_backup_path,
};
use crate::model::Backlog;

impl Store {
    /// Saves the backlog atomically. On any error the file on disk is unchanged
    /// and the caller still has the backlog in memory.
    pub fn save(&mut self, backlog: &Backlog) -> Result<(), StoreError> {
        let bytes = encode_spelled(backlog, &self.spellings)?;
        self.save_encoded(&bytes)
    }

    /// Saves bytes produced by [`encode`]; lets a caller encode elsewhere.
    pub fn save_encoded(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        let _held = self.lock_for_save()?;
        let expected = self.stamp.clone();
        self.replace_if_unchanged(bytes, &expected)
    }

    fn refuse_if_read_only(&self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// The lock for one save, unless the store holds it already: waits for
    /// another po's save (or command) to finish, up to the store's wait.
    fn lock_for_save(&mut self) -> Result<Option<lock::Lock>, StoreError> {
        if self.lock.is_some() {
            return Ok(None);
        }
        match lock_beside(&self.path, self.wait)? {
            lock::Attempt::Acquired(held) => {
                if !self.cleaned {
                    atomic::remove_stale_temps(&self.path);
                    self.cleaned = true;
                }
                Ok(Some(held))
            }
            lock::Attempt::HeldBy(holder) => Err(StoreError::Locked {
                path: self.path.clone(),
                holder,
                waited: self.wait,
            }),
        }
    }

    /// Replaces the file with `bytes` if it is still the version `expected`.
    /// The caller holds the lock, so no other po can change it meanwhile.
    fn replace_if_unchanged(
        &mut self,
        bytes: &[u8],
        expected: &Option<Stamp>,
    ) -> Result<(), StoreError> {
        let write_err = |source| StoreError::Write {
            path: self.path.clone(),
            source,
        };
        let on_disk = stamp_of(&self.path).map_err(write_err)?;
        if on_disk != *expected {
            return Err(StoreError::ChangedOnDisk {
                path: self.path.clone(),
            });
        }
        // Made read-only since po opened it (the chmod changes the stamp,
        // so only after a reload or for keep-ours): still never replaced.
        if on_disk.is_some()
            && let Some(reason) = permissions::cannot_write(&self.path)
        {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason,
            });
        }
        // The new file is on disk before the backup is touched: a failed
        // write (a full disk, say) leaves both the file and its backup as
        // they were.
        let tmp = atomic::write_temp(&self.path, bytes, &self.path).map_err(write_err)?;
        if !self.backed_up
            && on_disk.is_some()
            && let Err(e) = self.keep_backups()
        {
            let _ = fs::remove_file(&tmp);
            return Err(write_err(e));
        }
        self.backed_up = true;
        self.migrated_from = None;
        let written = atomic::commit(&tmp, &self.path);
        // The directory fsync can fail after the rename: the file then holds
        // the new bytes, and the stamp must follow them, or every later save
        // would be refused as an outside change. We hold the lock and checked
        // the stamp just before, so a different file now is our rename.
        match stamp_of(&self.path) {
            Ok(now) if now != on_disk => self.stamp = now,
            Ok(_) => {}
            Err(e) if written.is_ok() => return Err(write_err(e)),
            Err(_) => {}
        }
        written.map_err(write_err)
    }

    /// Keeps the file as it is now as `.bak`, and, when po migrated it from
    /// an older format version, as `.v<N>.bak` too unless one is there.
    fn keep_backups(&self) -> io::Result<()> {
        atomic::keep_as_backup(&self.path, &backup_path(&self.path))?;
        if let Some(old) = self.migrated_from {
            let kept = version_backup_path(&self.path, old);
            if !kept.exists() {
                atomic::keep_as_backup(&self.path, &kept)?;
            }
        }
        Ok(())
    }

    /// Saves over an outside change, when the user chose to keep their own
    /// version: the other version becomes the `.bak`, so nothing is lost.
    pub fn overwrite(&mut self, backlog: &Backlog) -> Result<(), StoreError> {
        let bytes = encode_spelled(backlog, &self.spellings)?;
        self.refuse_if_read_only()?;
        let _held = self.lock_for_save()?;
        // Read under the lock: the version replaced is the one kept as the
        // backup, not one that another po saved a moment later.
        let theirs = stamp_of(&self.path).map_err(|source| StoreError::Write {
            path: self.path.clone(),
            source,
        })?;
        self.backed_up = false;
        self.replace_if_unchanged(&bytes, &theirs)
    }
}

/// Replaces `path` with the backlog atomically (temp file, fsync, rename),
/// without the lock or a `.bak`: for a file po does not own, such as the
/// temporary copy git hands a merge driver, beside which a lock or backup
/// file would be left in the work tree.
pub fn write_atomically(path: &Path, backlog: &Backlog) -> Result<(), StoreError> {
    let bytes = encode(backlog)?;
    atomic::write_with_permissions_of(path, &bytes, path).map_err(|source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    })
}
