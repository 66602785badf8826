//! Whether the user may change the backlog file itself. A save replaces the
//! file by a rename, which only needs the directory to be writable: without
//! this check po would replace a file the user made read-only (`chmod 444`),
//! keeping its read-only mode, as if the permission did not exist.

use std::path::Path;

/// Why the user cannot write the file at `path`, as a sentence that says how
/// to change it; `None` when they can (or the file does not exist yet).
/// Root writes through permissions, but a file without any write bit is
/// read-only for root too: somebody made it so on purpose.
#[cfg(unix)]
pub fn cannot_write(path: &Path) -> Option<String> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;

    let meta = std::fs::metadata(path).ok()?;
    let c_path = CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: a valid NUL-terminated path; access() only reads it.
    let denied = unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } != 0;
    let error = std::io::Error::last_os_error();
    if denied && error.raw_os_error() == Some(libc::EROFS) {
        return Some(
            "it is on a read-only file system; copy it somewhere writable, \
             or remount that file system read-write"
                .to_string(),
        );
    }
    let mode = meta.mode();
    if !denied && mode & 0o222 != 0 {
        return None;
    }
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    let fix = if meta.uid() == me || me == 0 {
        format!("to allow changes: chmod u+w {}", path.display())
    } else {
        format!(
            "it belongs to another user (uid {}), who can allow changes with chmod",
            meta.uid()
        )
    };
    // Short, with the fix in it: the TUI shows it in a one-line banner.
    Some(format!("the file is read-only ({}); {fix}", symbolic(mode)))
}

#[cfg(not(unix))]
pub fn cannot_write(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    meta.permissions().readonly().then(|| {
        "the file is read-only; clear its read-only attribute to allow changes".to_string()
    })
}

/// `0o644` as `rw-r--r--`, as `ls -l` shows it.
fn symbolic(mode: u32) -> String {
    (0..9)
        .map(|i| {
            let bit = 0o400 >> i;
            match (mode & bit != 0, i % 3) {
                (false, _) => '-',
                (true, 0) => 'r',
                (true, 1) => 'w',
                (true, _) => 'x',
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_as_ls_shows_them() {
        assert_eq!(symbolic(0o644), "rw-r--r--");
        assert_eq!(symbolic(0o444), "r--r--r--");
        assert_eq!(symbolic(0o100_750), "rwxr-x---");
    }

    #[test]
    fn a_file_without_write_bits_is_read_only_even_for_root() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        assert_eq!(cannot_write(&path), None, "a missing file can be created");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(cannot_write(&path), None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let reason = cannot_write(&path).unwrap();
        assert!(reason.contains("r--r--r--"), "{reason}");
        assert!(
            reason.contains(&format!("chmod u+w {}", path.display())),
            "{reason}"
        );
    }
}
