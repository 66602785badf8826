//! Loading and saving a generated backlog, stage by stage, at 10,000 and
//! 100,000 stories (DESIGN §6: open → first frame ≤ 50 ms / 500 ms, save
//! ≤ 50 ms / 500 ms). Run: `cargo bench --bench load_save`; sizes with
//! PO_BENCH_SIZES=1000,10000,100000, repetitions with PO_BENCH_RUNS=5.
//!
//! Each figure is the best of the runs (least disturbed by other processes),
//! as wall time and as this thread's CPU time: on a busy machine the CPU time
//! says what po itself costs.

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use po::model::{Backlog, sample};
use po::store::{self, Access, Store};

// The same allocator as the po binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time this thread has run, from the scheduler (Linux); zero elsewhere.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Wall and CPU time of one call of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (Duration, Duration) {
    let c = thread_cpu();
    let w = Instant::now();
    black_box(f());
    (w.elapsed(), thread_cpu().saturating_sub(c))
}

/// Best wall and CPU time of `runs` calls of `f`.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    best_of(runs, || timed(&mut f))
}

/// Best of `runs` measurements that `f` makes itself (to leave out set-up).
fn best_of(runs: usize, mut f: impl FnMut() -> (Duration, Duration)) -> (Duration, Duration) {
    let mut wall = Duration::MAX;
    let mut cpu = Duration::MAX;
    for _ in 0..runs {
        let (w, c) = f();
        wall = wall.min(w);
        cpu = cpu.min(c);
    }
    (wall, cpu)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn row(n: usize, what: &str, (wall, cpu): (Duration, Duration)) {
    println!("{n:>8}  {what:<34} {:>9} {:>9}", ms(wall), ms(cpu));
}

/// Best wall time of a whole `po` process; its CPU time is not this thread's.
fn process(runs: usize, path: &Path, args: &[&str]) -> (Duration, Duration) {
    best(runs, || {
        let status = Command::new(env!("CARGO_BIN_EXE_po"))
            .arg("--file")
            .arg(path)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .expect("run po");
        assert!(status.success(), "po {args:?} failed");
    })
}

fn main() {
    let sizes: Vec<usize> = std::env::var("PO_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let runs: usize = std::env::var("PO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    println!(
        "{:>8}  {:<34} {:>9} {:>9}",
        "stories", "stage (best of runs)", "wall ms", "cpu ms"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        let backlog = sample::generate("Bench", n, 42, today);
        Store::create(&path, &backlog).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        println!("{n:>8}  file {:.1} MB", bytes.len() as f64 / 1e6);

        row(
            n,
            "read the bytes",
            best(runs, || std::fs::read(&path).unwrap()),
        );
        row(
            n,
            "parse (store::parse)",
            best(runs, || store::parse(&path, &bytes).unwrap()),
        );
        row(
            n,
            "parse (serde_json::from_slice)",
            best(runs, || serde_json::from_slice::<Backlog>(&bytes).unwrap()),
        );
        row(
            n,
            "drop a parsed backlog",
            best_of(runs, || {
                let b = store::parse(&path, &bytes).unwrap();
                timed(|| drop(b))
            }),
        );
        row(
            n,
            "open (Store::open, read + parse)",
            best(runs, || Store::open(&path, Access::Read, false).unwrap()),
        );
        row(
            n,
            "encode (store::encode)",
            best(runs, || store::encode(&backlog).unwrap()),
        );
        let encoded = store::encode(&backlog).unwrap();
        assert!(encoded == bytes, "encode is not the file's bytes");
        row(
            n,
            "first save of a session (+ .bak)",
            best_of(runs, || {
                let mut opened = Store::open(&path, Access::Write, false).unwrap();
                std::fs::remove_file(store::backup_path(&path)).ok();
                timed(|| opened.store.save_encoded(&encoded).unwrap())
            }),
        );
        let mut opened = Store::open(&path, Access::Write, false).unwrap();
        opened.store.save_encoded(&encoded).unwrap();
        row(
            n,
            "later save (write, fsync, rename)",
            best(runs, || opened.store.save_encoded(&encoded).unwrap()),
        );
        drop(opened);
        row(
            n,
            "`po list --json` (whole process)",
            process(runs, &path, &["list", "--json"]),
        );
        row(
            n,
            "`po list` (whole process)",
            process(runs, &path, &["list"]),
        );
    }
}
