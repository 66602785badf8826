//! Saving a backlog: the lock for the save, the check that the file is still
//! the version po read, the backup, and the atomic replacement.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use super::reuse::Source;
use super::spelling::Spellings;
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
        // The file as read serves one save: after it, the file on disk is another.
        if let Some(source) = self.source.take() {
            let spellings = std::mem::take(&mut self.spellings);
            let reused = self.save_reusing(backlog, &source, &spellings);
            self.spellings = spellings;
            if let Some(saved) = reused {
                return saved;
            }
        }
        self.copied = None;
        let bytes = encode_spelled(backlog, &self.spellings)?;
        self.save_encoded(&bytes)
    }

    /// [`Store::save`], copying the stories the backlog shares with the
    /// file as read (see `store/reuse.rs`); `None` when it cannot, the
    /// file untouched.
    fn save_reusing(
        &mut self,
        backlog: &Backlog,
        source: &Source,
        spellings: &Spellings,
    ) -> Option<Result<(), StoreError>> {
        let reuse = source.places()?;
        if let Err(e) = self.refuse_if_read_only() {
            return Some(Err(e));
        }
        let _held = match self.lock_for_save() {
            Ok(held) => held,
            Err(e) => return Some(Err(e)),
        };
        let expected = self.stamp.clone();
        let mut copied = None;
        let mut declined = false;
        let saved = self.replace_if_unchanged(
            |file| match reuse.write(file, backlog, spellings) {
                Ok(n) => {
                    copied = Some(n);
                    Ok(())
                }
                Err(Some(e)) => Err(e),
                Err(None) => {
                    declined = true;
                    Err(io::Error::other("declined to copy the file's stories"))
                }
            },
            &expected,
        );
        // The file's stories were not as the encoder writes them, or it
        // refused a value: the whole encode takes over, or says which
        // value (the temp file is gone, the file untouched).
        if declined {
            return None;
        }
        self.copied = copied;
        Some(saved)
    }

    /// Saves bytes produced by [`encode`]; lets a caller encode elsewhere.
    pub fn save_encoded(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        let _held = self.lock_for_save()?;
        let expected = self.stamp.clone();
        self.replace_if_unchanged(|file| file.write_all(bytes), &expected)
    }

    /// How many stories the last [`Store::save`] copied from the file as
    /// read instead of encoding them (`None`: it encoded the whole file).
    #[doc(hidden)]
    pub fn stories_copied(&self) -> Option<usize> {
        self.copied
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

    /// Replaces the file with what `write` writes if it is still the version
    /// `expected`. The caller holds the lock, so no other po can change it
    /// meanwhile.
    fn replace_if_unchanged(
        &mut self,
        write: impl FnOnce(&mut File) -> io::Result<()>,
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
        let tmp = atomic::write_temp_with(&self.path, &self.path, write).map_err(write_err)?;
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
        (self.source, self.copied) = (None, None);
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
        self.replace_if_unchanged(|file| file.write_all(&bytes), &theirs)
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
