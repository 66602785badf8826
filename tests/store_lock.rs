//! Who may write, and when: writers wait their turn for the lock and keep it
//! from their read to the end of their save; the app (`PreferWrite`) takes it
//! only around each save and never saves over a version it has not read.

mod store_support;

use std::fs;
use std::thread;
use std::time::{Duration, Instant};

use po::store::{Access, Store, StoreError};
use store_support::{fixture_text, temp};

const LONG: Duration = Duration::from_secs(10);

#[test]
fn a_second_writer_waits_for_the_lock_and_is_told_who_holds_it_when_it_gives_up() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let first = Store::open(&path, Access::Write, false).unwrap();

    let started = Instant::now();
    let err =
        Store::open_waiting(&path, Access::Write, false, Duration::from_millis(300)).unwrap_err();
    let message = err.to_string();
    assert!(started.elapsed() >= Duration::from_millis(300), "{message}");
    assert!(matches!(err, StoreError::Locked { .. }), "{message}");
    assert!(
        message.contains(&format!("pid {}", std::process::id())),
        "{message}"
    );
    assert!(message.contains("gave up after waiting 0.3 s"), "{message}");

    // No wait: refused at once, and it says so.
    let started = Instant::now();
    let err = Store::open(&path, Access::Write, false).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(200));
    assert!(err.to_string().contains("did not wait"), "{err}");

    // Readers take no lock and are never refused.
    assert!(Store::open(&path, Access::Read, false).is_ok());

    // A writer that waits gets its turn once the first is done.
    let waiting = path.clone();
    let second = thread::spawn(move || {
        Store::open_waiting(&waiting, Access::Write, false, LONG)
            .map(|o| o.store.read_only_reason().is_none())
    });
    thread::sleep(Duration::from_millis(200));
    assert!(!second.is_finished(), "the second writer waits");
    drop(first);
    assert!(second.join().unwrap().unwrap());
}

#[test]
fn the_app_holds_the_lock_only_while_it_saves_so_a_command_can_write_meanwhile() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut app = Store::open_waiting(&path, Access::PreferWrite, false, LONG).unwrap();
    assert_eq!(app.store.read_only_reason(), None);

    // A command while the app is open: it gets the lock at once.
    let mut command = Store::open(&path, Access::Write, false).unwrap();
    let mut theirs = command.backlog.clone();
    theirs.product.name = "Renamed by a script".into();
    command.store.save(&theirs).unwrap();
    drop(command);
    let after_command = fs::read(&path).unwrap();

    // The app's next save of the version it read is refused, not written
    // over the command's change.
    assert!(app.store.changed_on_disk());
    let mut ours = app.backlog.clone();
    ours.product.vision = "Ours".into();
    let err = app.store.save(&ours).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), after_command);

    // Once it has reloaded, it saves on top of their change.
    let (mut reloaded, _) = app.store.reload().unwrap();
    assert_eq!(reloaded.product.name, "Renamed by a script");
    reloaded.product.vision = "Ours".into();
    app.store.save(&reloaded).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("Renamed by a script") && text.contains("\"Ours\""));

    // And the lock is free again right after the save.
    drop(Store::open(&path, Access::Write, false).unwrap());
}

#[test]
fn the_app_waits_for_a_command_holding_the_lock_then_saves() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut app = Store::open_waiting(&path, Access::PreferWrite, false, LONG).unwrap();
    // A command holds the lock while the app opens: no reason to be read-only.
    let command = Store::open(&path, Access::Write, false).unwrap();
    let mut second_app = Store::open_waiting(
        &path,
        Access::PreferWrite,
        false,
        Duration::from_millis(100),
    )
    .unwrap();
    assert_eq!(second_app.store.read_only_reason(), None);
    assert!(second_app.notices.is_empty(), "{:?}", second_app.notices);

    // A short wait gives up and names the holder; the file is untouched.
    let err = second_app.store.save(&second_app.backlog).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(
        err.to_string().contains("gave up after waiting 0.1 s"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), fixture_text());

    // A longer one saves as soon as the command is done (without a change).
    let release = thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        drop(command);
    });
    let started = Instant::now();
    let mut ours = app.backlog.clone();
    ours.product.name = "Saved after the wait".into();
    app.store.save(&ours).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(250));
    release.join().unwrap();
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("Saved after the wait")
    );
}

#[test]
fn keeping_ours_over_an_outside_change_keeps_theirs_as_the_backup() {
    let (_dir, path) = temp();
    fs::write(&path, fixture_text()).unwrap();
    let mut app = Store::open_waiting(&path, Access::PreferWrite, false, LONG).unwrap();
    let mut command = Store::open(&path, Access::Write, false).unwrap();
    let mut theirs = command.backlog.clone();
    theirs.product.name = "Theirs".into();
    command.store.save(&theirs).unwrap();
    drop(command);
    let theirs_bytes = fs::read(&path).unwrap();

    let mut ours = app.backlog.clone();
    ours.product.name = "Ours".into();
    app.store.overwrite(&ours).unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains("\"Ours\""));
    assert_eq!(
        fs::read(po::store::backup_path(&path)).unwrap(),
        theirs_bytes
    );
}
