//! Many writers, one file: commands that change the file wait their turn for
//! the lock (`--wait`, `PO_LOCK_WAIT`), keep it from their read to the end
//! of their save, and so never lose each other's changes.

mod cli_support;

use std::collections::VecDeque;
use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use cli_support::{Sandbox, load, with_file};
use po::store::{self, Access, Store};

#[test]
fn a_writer_waits_for_a_held_lock_and_lands_once_it_is_released() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 5);
    let held = Store::open(&file, Access::Write, false).expect("lock");
    let child = sb
        .command()
        .args(with_file(&file, &["add", "Waited its turn"]))
        .spawn()
        .expect("po runs");
    thread::sleep(Duration::from_millis(400));
    drop(held);
    let out = child.wait_with_output().expect("po ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let titles: Vec<String> = load(&file)
        .stories
        .iter()
        .map(|s| s.title.clone())
        .collect();
    assert!(titles.contains(&"Waited its turn".to_string()));
}

#[test]
fn a_writer_gives_up_after_its_wait_naming_the_holder_and_how_long_it_waited() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 5);
    let held = Store::open(&file, Access::Write, false).expect("lock");
    let pid = format!("pid {}", std::process::id());

    let started = Instant::now();
    let stderr = sb.refused(&file, &["--wait", "0.5", "add", "blocked"]);
    assert!(started.elapsed() >= Duration::from_millis(500), "{stderr}");
    assert!(stderr.contains(&pid), "{stderr}");
    assert!(stderr.contains("gave up after waiting 0.5 s"), "{stderr}");

    // PO_LOCK_WAIT sets it for a script; --wait wins over it.
    let started = Instant::now();
    let run = sb.run_with(
        sb.command()
            .env("PO_LOCK_WAIT", "0.3")
            .args(with_file(&file, &["edit", "1", "--points", "8"])),
    );
    run.assert_refused("PO_LOCK_WAIT=0.3");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(
        run.stderr.contains("gave up after waiting 0.3 s"),
        "{}",
        run.stderr
    );
    let run = sb.run_with(
        sb.command()
            .env("PO_LOCK_WAIT", "30")
            .args(with_file(&file, &["--wait", "0", "rm", "1", "--yes"])),
    );
    run.assert_refused("--wait 0 over PO_LOCK_WAIT=30");
    assert!(run.stderr.contains("did not wait"), "{}", run.stderr);

    // Readers are not blocked.
    sb.ok(&file, &["list"]);
    drop(held);
    sb.ok(&file, &["--wait", "0", "add", "now it works"]);
}

#[test]
fn a_bad_wait_is_refused_before_anything_happens() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 3);
    let run = sb.run(&with_file(&file, &["--wait", "soon", "add", "x"]));
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("not a number of seconds"),
        "{}",
        run.stderr
    );
    let before = fs::read(&file).expect("read");
    let run = sb.run_with(
        sb.command()
            .env("PO_LOCK_WAIT", "-1")
            .args(with_file(&file, &["add", "x"])),
    );
    run.assert_refused("PO_LOCK_WAIT=-1");
    assert!(run.stderr.contains("PO_LOCK_WAIT"), "{}", run.stderr);
    assert_eq!(fs::read(&file).expect("read"), before);
    // Reading never waits, so a bad value does not stop it.
    let run = sb.run_with(
        sb.command()
            .env("PO_LOCK_WAIT", "-1")
            .args(with_file(&file, &["list"])),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// How many commands run at once, and how many in all.
const PARALLEL: usize = 8;
const DISTINCT: usize = 160;
const SAME: usize = 40;

#[test]
fn eight_parallel_writers_land_every_edit_exactly_once_and_the_file_always_parses() {
    let sb = Arc::new(Sandbox::new());
    let file = sb.sample("b.json", DISTINCT + 10);
    let start = load(&file);
    let moved = start.stories[0].key.clone();
    // 160 edits of different stories, and 40 moves of one story, one rank
    // down each: a lost update shows as a missing title or a short move.
    let mut jobs: VecDeque<Vec<String>> = VecDeque::new();
    for (i, story) in start.stories.iter().take(DISTINCT).enumerate() {
        jobs.push_back(vec![
            "edit".into(),
            story.key.clone(),
            "--title".into(),
            format!("edit {i}"),
        ]);
        if i % (DISTINCT / SAME) == 0 {
            jobs.push_back(vec![
                "move".into(),
                moved.clone(),
                "--down".into(),
                "1".into(),
            ]);
        }
    }
    assert_eq!(jobs.len(), DISTINCT + SAME);
    let jobs = Arc::new(Mutex::new(jobs));

    // A reader that checks, all along, that the file always parses.
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (file, done) = (file.clone(), Arc::clone(&done));
        thread::spawn(move || {
            let mut reads = 0;
            while !done.load(Ordering::Relaxed) {
                let bytes = fs::read(&file).expect("the file is always there");
                store::parse(&file, &bytes)
                    .unwrap_or_else(|e| panic!("read {reads}: the file does not parse: {e}"));
                reads += 1;
            }
            reads
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..PARALLEL)
        .map(|_| {
            let (sb, file, jobs) = (Arc::clone(&sb), file.clone(), Arc::clone(&jobs));
            thread::spawn(move || {
                let mut failures = Vec::new();
                loop {
                    let Some(job) = jobs.lock().unwrap().pop_front() else {
                        return failures;
                    };
                    let args: Vec<&str> = job.iter().map(String::as_str).collect();
                    let run = sb.run(&with_file(&file, &args));
                    if run.code != Some(0) {
                        failures.push(format!("{args:?}: {}", run.stderr));
                    }
                }
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    done.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    eprintln!(
        "{} commands, {PARALLEL} at a time, in {:?}; the file was read and parsed {reads} times meanwhile",
        DISTINCT + SAME,
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failed: {failures:#?}",
        failures.len()
    );

    let end = load(&file);
    assert_eq!(
        end.stories.len(),
        start.stories.len(),
        "no story lost or doubled"
    );
    for (i, story) in start.stories.iter().take(DISTINCT).enumerate() {
        let now = &end.stories[end.story_index(&story.key).unwrap()];
        assert_eq!(now.title, format!("edit {i}"), "{}", story.key);
    }
    assert_eq!(
        end.story_index(&moved),
        Some(SAME),
        "each of the {SAME} moves of {moved} landed once"
    );
}
