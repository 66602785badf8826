//! `po merge` of two sides of a generated backlog at 10,000 and 100,000
//! stories (DESIGN §6: ≤ 0.5 s / ≤ 5 s). Each side re-estimates, retitles and
//! moves 1% of the stories, deletes 0.2% and adds 0.5% (with the same new
//! keys on both sides, so every one is renumbered), and both sides retitle
//! 0.1% of the same stories differently (conflicts). Measured: the model's
//! merge alone, and the whole `po merge BASE OURS THEIRS` process (read and
//! parse three files, merge, write atomically). Run: `cargo bench --bench
//! merge`; sizes with PO_BENCH_SIZES=10000,100000, repetitions with
//! PO_BENCH_RUNS=3. Each figure is the best of the runs.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use po::model::{Backlog, Position, merge, sample};

mod support;

use support::{best, ms, runs, sizes};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One side's edits: every `step`-th story from `offset`, with its own words.
fn side(base: &Backlog, name: &str, offset: usize) -> Backlog {
    let mut b = base.clone();
    let now = po::model::now();
    let n = b.stories.len();
    for i in (offset..n).step_by(100) {
        let s = Arc::make_mut(&mut b.stories[i]);
        s.points = Some(if name == "ours" { 5.0 } else { 8.0 });
        s.title = format!("{} retitled by {name}", s.title);
        s.updated = now;
    }
    // The same stories retitled differently on both sides: true conflicts.
    for i in (7..n).step_by(1000) {
        let s = Arc::make_mut(&mut b.stories[i]);
        s.title = format!("conflict {name}");
    }
    for i in (offset + 50..n).step_by(100) {
        let key = b.stories[i % b.stories.len()].key.clone();
        let to = (i * 7919) % b.stories.len();
        b.move_story(&key, &Position::Index(to)).unwrap();
    }
    for i in (offset + 25..n).step_by(500) {
        if let Some(s) = b.stories.get(i) {
            let key = s.key.clone();
            b.delete_story(&key, now).unwrap();
        }
    }
    for i in 0..n / 200 {
        let s = b.new_story(&format!("{name} new {i}"), now);
        b.insert_story(usize::MAX, s).unwrap();
    }
    b
}

fn main() {
    let sizes = sizes();
    let runs = runs(3);
    println!(
        "{:>8}  {:>9}  {:>10}  {:>9}  {:>7}  goal",
        "stories", "merge ms", "process ms", "conflicts", "renumb."
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for n in sizes {
        let base = sample::generate("Bench", n, 7, today);
        let ours = side(&base, "ours", 0);
        let theirs = side(&base, "theirs", 33);
        let merged = merge::merge(&base, &ours, theirs.clone());
        let conflicts = merged.backlog.conflicts.len();
        let renumbered = merged
            .report
            .notes
            .iter()
            .filter(|n| matches!(n, merge::Note::Renumbered { .. }))
            .count();
        assert!(merged.backlog.duplicate_key().is_none());
        let t_merge = best(runs, || merge::merge(&base, &ours, theirs.clone()));

        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        let ours_bytes = po::store::encode(&ours).unwrap();
        std::fs::write(path("base.json"), po::store::encode(&base).unwrap()).unwrap();
        std::fs::write(path("theirs.json"), po::store::encode(&theirs).unwrap()).unwrap();
        let t_process = (0..runs)
            .map(|_| {
                std::fs::write(path("ours.json"), &ours_bytes).unwrap();
                let t = Instant::now();
                let status = Command::new(env!("CARGO_BIN_EXE_po"))
                    .arg("merge")
                    .args([path("base.json"), path("ours.json"), path("theirs.json")])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                let elapsed = t.elapsed();
                // Exit 1: the conflicts are recorded, as intended.
                assert_eq!(status.code(), Some(1), "po merge failed");
                elapsed
            })
            .min()
            .unwrap_or_default();
        let goal = if n <= 10_000 {
            "≤ 500 ms"
        } else {
            "≤ 5000 ms"
        };
        println!(
            "{n:>8}  {:>9}  {:>10}  {conflicts:>9}  {renumbered:>7}  {goal}",
            ms(t_merge),
            ms(t_process)
        );
    }
}
