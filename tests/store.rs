//! The store on real files: byte-identical round trips, unknown fields and
//! numbers preserved, versions, the lock, backups and outside changes.

mod privilege_support;
mod skip_support;
mod store_support;

use std::fs;

use po::model::{Backlog, VERSION};
use po::store::{self, Access, Store, StoreError, backup_path, lock_path};
use serde_json::{Value, json};
use store_support::{fixture_text, fixture_value, fixture_with, listing, temp};

#[test]
fn encoding_a_parsed_po_file_gives_the_same_bytes() {
    let (_dir, path) = temp();
    let text = fixture_text();
    let backlog = store::parse(&path, text.as_bytes()).unwrap();
    let encoded = store::encode(&backlog).unwrap();
    assert_eq!(String::from_utf8(encoded.clone()).unwrap(), text);
    let again = store::encode(&store::parse(&path, &encoded).unwrap()).unwrap();
    assert_eq!(again, encoded);
}

#[test]
fn a_file_written_by_po_and_saved_unchanged_is_byte_identical() {
    let (_dir, path) = temp();
    let mut backlog = Backlog::new("Acme");
    let story = backlog.new_story("First", po::model::now());
    backlog.insert_story(0, story).unwrap();
    backlog.add_epic("Epic", "why").unwrap();
    drop(Store::create(&path, &backlog).unwrap());
    let written = fs::read(&path).unwrap();

    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    assert_eq!(opened.backlog, backlog);
    assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    opened.store.save(&opened.backlog).unwrap();
    assert_eq!(fs::read(&path).unwrap(), written);
}

#[test]
fn unknown_fields_are_kept_at_every_level() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    let story = opened
        .backlog
        .new_story("Added by this po", po::model::now());
    opened.backlog.insert_story(0, story).unwrap();
    opened
        .backlog
        .update_story("S-12", po::model::now(), |s| s.title = "Edited".into())
        .unwrap();
    opened.store.save(&opened.backlog).unwrap();

    let saved: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let original = fixture_value();
    for (saved_at, original_at) in [
        ("/x_top", "/x_top"),
        ("/product/x_product", "/product/x_product"),
        ("/epics/0/x_epic", "/epics/0/x_epic"),
        ("/stories/1/x_story", "/stories/0/x_story"),
        (
            "/stories/1/acceptance/0/x_criterion",
            "/stories/0/acceptance/0/x_criterion",
        ),
        ("/stories/1/rice/x_rice", "/stories/0/rice/x_rice"),
        ("/sprints/0/x_sprint", "/sprints/0/x_sprint"),
        ("/requests/0/x_request", "/requests/0/x_request"),
    ] {
        assert_eq!(
            saved.pointer(saved_at),
            original.pointer(original_at),
            "{saved_at}"
        );
        assert!(saved.pointer(saved_at).is_some(), "{saved_at} was lost");
    }
    assert_eq!(saved["stories"][1]["title"], "Edited");
}

#[test]
fn whole_numbers_stay_whole_and_fractions_stay_fractions() {
    let (_dir, path) = temp();
    let backlog = store::parse(&path, fixture_text().as_bytes()).unwrap();
    assert_eq!(backlog.stories[0].points, Some(3.0));
    assert_eq!(backlog.stories[1].points, Some(0.5));
    let text = String::from_utf8(store::encode(&backlog).unwrap()).unwrap();
    for line in [
        "\"points\": 3,",
        "\"points\": 0.5,",
        "\"points\": null,",
        "\"points\": 13,",
        "\"reach\": 800,",
        "\"impact\": 2.5,",
        "\"confidence\": 0.8,",
        "\"effort\": 2,",
        "\"capacity\": 30,",
        "\"stories\": 43,",
    ] {
        assert!(text.contains(line), "missing {line}");
    }
}

#[test]
fn a_newer_version_that_parses_opens_read_only_and_refuses_to_save() {
    let (_dir, path) = temp();
    let text = fixture_with("/version", json!(VERSION + 1));
    fs::write(&path, &text).unwrap();

    let mut opened = Store::open(&path, Access::PreferWrite, false).unwrap();
    let reason = opened.store.read_only_reason().unwrap().to_string();
    assert!(reason.contains("newer po"), "{reason}");
    assert!(
        opened.notices[0].starts_with("read-only:"),
        "{:?}",
        opened.notices
    );
    let err = opened.store.save(&opened.backlog).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("upgrade po"), "{err}");
    drop(opened);

    let err = Store::open(&path, Access::Write, false).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    let read = Store::open(&path, Access::Read, false).unwrap();
    assert_eq!(read.backlog.version, VERSION + 1);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(!backup_path(&path).exists());
}

#[test]
fn a_newer_version_that_does_not_parse_is_too_new_not_corrupt() {
    let (_dir, path) = temp();
    let text = fixture_with("/version", json!(VERSION + 1))
        .replace("\"points\": 3,", "\"points\": { \"estimate\": 3 },");
    fs::write(&path, &text).unwrap();
    for access in [Access::Read, Access::Write, Access::PreferWrite] {
        let err = Store::open(&path, access, false).unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { version, known, .. } if version == VERSION + 1 && known == VERSION),
            "{err}"
        );
        assert!(err.to_string().contains("upgrade po"), "{err}");
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn an_older_version_is_upgraded_on_save_and_the_old_file_kept_as_bak() {
    let (_dir, path) = temp();
    let old = fixture_with("/version", json!(0));
    fs::write(&path, &old).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    assert_eq!(opened.backlog.version, VERSION);
    assert!(
        opened.notices.iter().any(|n| n.contains("upgraded")),
        "{:?}",
        opened.notices
    );
    opened.store.save(&opened.backlog).unwrap();
    assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), old);
    assert_eq!(fs::read_to_string(&path).unwrap(), fixture_text());
}

#[test]
fn stale_temp_files_are_removed_when_the_lock_is_taken() {
    let (dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let stale = dir.path().join("backlog.json.tmp-999999");
    let stale_backup = dir.path().join("backlog.json.bak.tmp-999998");
    let other = dir.path().join("other.json.tmp-1");
    fs::write(&stale, b"half a fi").unwrap();
    fs::write(&stale_backup, b"half a ba").unwrap();
    fs::write(&other, b"not ours").unwrap();

    let reader = Store::open(&path, Access::Read, false).unwrap();
    assert!(stale.exists(), "a reader must not touch temp files");
    drop(reader);
    let _writer = Store::open(&path, Access::Write, false).unwrap();
    assert!(!stale.exists());
    assert!(!stale_backup.exists(), "the backup's temp file was left");
    assert!(other.exists());
}

#[test]
fn the_first_save_of_a_session_keeps_the_previous_file_as_bak() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    let mut backlog = opened.backlog.clone();
    backlog.product.name = "Renamed".into();
    opened.store.save(&backlog).unwrap();
    assert_eq!(
        fs::read_to_string(backup_path(&path)).unwrap(),
        fixture_text()
    );
    let first_save = fs::read(&path).unwrap();

    // Later saves in the same session leave the backup alone.
    backlog.product.name = "Renamed again".into();
    opened.store.save(&backlog).unwrap();
    assert_eq!(
        fs::read_to_string(backup_path(&path)).unwrap(),
        fixture_text()
    );
    drop(opened);

    // A new session backs up what the last one wrote.
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    let second_session = fs::read(&path).unwrap();
    assert_ne!(second_session, first_save);
    opened.store.save(&opened.backlog).unwrap();
    assert_eq!(fs::read(backup_path(&path)).unwrap(), second_session);
}

#[test]
fn a_new_file_has_no_backup_and_its_directory_is_created() {
    let (dir, _) = temp();
    let path = dir.path().join("deep").join("er").join("backlog.json");
    let mut opened = Store::open(&path, Access::Write, true).unwrap();
    assert!(
        opened.notices[0].contains("new backlog"),
        "{:?}",
        opened.notices
    );
    opened.store.save(&Backlog::new("Fresh")).unwrap();
    let back = Store::open(&path, Access::Read, false).unwrap();
    assert_eq!(back.backlog.product.name, "Fresh");
    assert_eq!(
        listing(path.parent().unwrap()),
        ["backlog.json", "backlog.json.lock"]
    );
}

#[test]
fn a_missing_file_is_an_error_unless_asked_to_create_it() {
    let (_dir, path) = temp();
    let err = Store::open(&path, Access::Read, false).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }));
    assert!(err.to_string().contains("po init"), "{err}");
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
}

#[test]
fn failing_to_open_a_missing_file_leaves_nothing_behind() {
    let (dir, _) = temp();
    let path = dir.path().join("typo").join("backlog.json");
    for access in [Access::Write, Access::PreferWrite] {
        let err = Store::open(&path, access, false).unwrap_err();
        assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    }
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}

#[test]
fn create_refuses_to_replace_an_existing_file() {
    let (_dir, path) = temp();
    fs::write(&path, "precious").unwrap();
    let err = Store::create(&path, &Backlog::new("x")).unwrap_err();
    assert!(matches!(err, StoreError::Exists { .. }), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "precious");
}

#[test]
fn a_file_changed_by_another_program_is_not_overwritten() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    assert!(!opened.store.changed_on_disk());
    let theirs = fixture_text().replace("Acme Mobile", "Their edit!");
    fs::write(&path, &theirs).unwrap();
    assert!(opened.store.changed_on_disk());

    let err = opened.store.save(&opened.backlog).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert!(err.to_string().contains("Reload"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
}

#[test]
fn a_file_created_by_another_program_after_opening_a_missing_one_is_not_overwritten() {
    let (_dir, path) = temp();
    let mut opened = Store::open(&path, Access::Write, true).unwrap();
    fs::write(&path, "someone else's").unwrap();
    let err = opened.store.save(&Backlog::new("mine")).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "someone else's");
}

#[test]
fn a_file_deleted_by_another_program_is_not_silently_recreated() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    fs::remove_file(&path).unwrap();
    assert!(opened.store.changed_on_disk());
    let err = opened.store.save(&opened.backlog).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert!(!path.exists());
}

#[test]
fn saving_into_a_read_only_directory_fails_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    // Root writes into a read-only directory: run this as nobody then.
    if privilege_support::rerun_as_nobody() {
        return;
    }
    let (dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    if !store_support::permissions_enforced(dir.path()) {
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        skip_support::skipped("permissions are not enforced for this user, even unprivileged");
        return;
    }
    let mut backlog = opened.backlog.clone();
    backlog.product.name = "Unsaved".into();
    let err = opened.store.save(&backlog).unwrap_err();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, StoreError::Write { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains(&*path.to_string_lossy()), "{message}");
    assert!(message.contains("intact"), "{message}");
    assert_eq!(fs::read_to_string(&path).unwrap(), fixture_text());
    // Once the directory is writable again, the same change saves.
    opened.store.save(&backlog).unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains("Unsaved"));
}

#[test]
fn saves_leave_no_temp_files_behind() {
    let (dir, path) = temp();
    let mut opened = Store::open(&path, Access::Write, true).unwrap();
    for i in 0..5 {
        let backlog = Backlog::new(&format!("v{i}"));
        opened.store.save(&backlog).unwrap();
    }
    assert_eq!(listing(dir.path()), ["backlog.json", "backlog.json.lock"]);
}

#[test]
fn a_number_the_file_cannot_hold_is_refused_on_save_not_written_as_null() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    for (what, bad) in [
        ("stories[0].rice", f64::NAN),
        ("stories[0].rice", f64::INFINITY),
        ("stories[0].rice", -800.0),
    ] {
        let mut backlog = opened.backlog.clone();
        let mut story = (*backlog.stories[0]).clone();
        story.rice.as_mut().unwrap().reach = bad;
        backlog.stories[0] = story.into();
        let err = store::encode(&backlog).unwrap_err();
        assert!(matches!(err, StoreError::Encode(_)), "{err}");
        assert!(err.to_string().contains(what), "{bad}: {err}");
        assert!(opened.store.save(&backlog).is_err());
    }
    let mut backlog = opened.backlog.clone();
    backlog.sprints[0].capacity = Some(-3.0);
    let err = store::encode(&backlog).unwrap_err();
    assert!(err.to_string().contains("sprints[0].capacity"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), fixture_text());
}

#[test]
fn an_outside_change_of_the_same_size_with_the_old_mtime_is_still_noticed() {
    use std::io::Write;
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    // As `cp -p` or an editor that keeps timestamps would: in place, same size.
    let theirs = fixture_text().replace("Acme Mobile", "Acme Mobilx");
    let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all(theirs.as_bytes()).unwrap();
    file.set_modified(mtime).unwrap();
    drop(file);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);

    assert!(opened.store.changed_on_disk());
    let err = opened.store.save(&opened.backlog).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
}

#[test]
fn saving_keeps_the_file_s_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    let mut backlog = opened.backlog.clone();
    backlog.product.name = "Private".into();
    opened.store.save(&backlog).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the backlog became {mode:o}");
    let mode = fs::metadata(backup_path(&path))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "the backup became {mode:o}");
}

#[test]
fn a_backlog_reached_through_a_symlink_stays_a_symlink_and_shares_one_lock() {
    let (dir, _) = temp();
    let real_dir = dir.path().join("repo");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("backlog.json");
    let link = dir.path().join("link.json");
    fs::write(&real, fixture_text()).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let mut opened = Store::open(&link, Access::Write, false).unwrap();
    let err = Store::open(&real, Access::Write, false).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");

    let mut backlog = opened.backlog.clone();
    backlog.product.name = "Through the link".into();
    opened.store.save(&backlog).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("Through the link")
    );
}

#[test]
fn when_the_lock_cannot_be_taken_the_app_opens_read_only_and_a_command_is_told_why() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    // Something po cannot open as its lock file (as a read-only directory would).
    fs::create_dir(lock_path(&path)).unwrap();

    let opened = Store::open(&path, Access::PreferWrite, false).unwrap();
    let reason = opened.store.read_only_reason().unwrap();
    assert!(reason.contains(".lock"), "{reason}");
    assert!(opened.notices[0].starts_with("read-only:"));

    let err = Store::open(&path, Access::Write, false).unwrap_err();
    assert!(err.to_string().contains(".lock"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), fixture_text());
}

#[test]
fn a_session_that_cannot_save_does_not_keep_others_from_saving() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_with("/version", json!(VERSION + 1))).unwrap();
    let read_only = Store::open(&path, Access::PreferWrite, false).unwrap();
    assert!(read_only.store.read_only_reason().is_some());
    // A newer po may write the file meanwhile; this one must not block it.
    // (This build cannot write it either, so it is refused for the version.)
    let err = Store::open(&path, Access::Write, false).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
}

#[test]
fn a_file_saved_with_a_byte_order_mark_is_read() {
    let (_dir, path) = temp();
    // As some Windows editors save UTF-8.
    fs::write(&path, format!("\u{feff}{}", fixture_text())).unwrap();
    let mut opened = Store::open(&path, Access::Write, false).unwrap();
    assert_eq!(opened.backlog.product.name, "Acme Mobile");
    opened.store.save(&opened.backlog).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), fixture_text());
}
