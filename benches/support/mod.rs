//! What the process benches share: their settings from the environment and
//! the best-of-N timing.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Milliseconds, rounded, for a table.
pub fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

/// The fastest of `runs` runs of `f`.
pub fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// The sizes to measure: PO_BENCH_SIZES (e.g. `10000,100000`), else 10k and 100k.
pub fn sizes() -> Vec<usize> {
    std::env::var("PO_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

/// How many runs each figure is the best of: PO_BENCH_RUNS, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("PO_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(default)
}
