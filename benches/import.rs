//! `po import` of a generated Jira CSV export at 10,000 and 100,000 rows
//! (DESIGN §6: ≤ 1 s / ≤ 10 s), stage by stage (read the CSV into a plan,
//! apply it as one change, encode the file) and as the whole `po import`
//! process with its atomic save. Run: `cargo bench --bench import`; sizes
//! with PO_BENCH_SIZES=10000,100000, repetitions with PO_BENCH_RUNS=3.
//!
//! The rows look like a real export: a BOM, repeated Labels and Sprint
//! columns, quoted multi-line descriptions with a user-story sentence and an
//! acceptance-criteria section, an epic every 100 rows and a sub-task every
//! 10; each figure is the best of the runs.

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use po::import::{self, ApplyOptions, At, ReadOptions, Wanted};
use po::model::Backlog;

mod support;

use support::{best, ms, runs, sizes};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HEADER: &str = "Summary,Issue key,Issue id,Issue Type,Status,Priority,Reporter,Created,Updated,Resolved,Labels,Labels,Description,Sprint,Sprint,Custom field (Story point estimate),Parent,Parent summary";

/// A Jira CSV export of `n` rows.
fn jira_csv(n: usize) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(HEADER);
    out.push_str("\r\n");
    let statuses = ["To Do", "In Progress", "Done", "Backlog", "In Review"];
    let priorities = ["Highest", "High", "Medium", "Low"];
    let mut epic = (0, 0);
    for i in 0..n {
        let id = 10_000 + i;
        if i % 100 == 0 {
            epic = (i, id);
            let _ = write!(
                out,
                "Epic {i},SHOP-{i},{id},Epic,In Progress,Medium,Maya,21/Jun/25 4:14 PM,21/Jun/25 4:14 PM,,,,\"Epic {i} text\",,,,,\r\n"
            );
            continue;
        }
        if i % 10 == 0 {
            let parent = id - 1;
            let _ = write!(
                out,
                "Sub-task {i},SHOP-{i},{id},Sub-task,Done,Medium,Maya,21/Jun/25 4:14 PM,21/Jun/25 4:14 PM,,,,,,,,{parent},Story {}\r\n",
                i - 1
            );
            continue;
        }
        let status = statuses[i % statuses.len()];
        let resolved = if status == "Done" {
            "22/Jun/25 9:00 AM"
        } else {
            ""
        };
        let sprint = i / 500;
        let _ = write!(
            out,
            "Story {i},SHOP-{i},{id},Story,{status},{},Sales,21/Jun/25 4:14 PM,6/22/2025 16:14,{resolved},payments,\"web, mobile\",\
             \"As a shopper, I want story {i}, so that it is \"\"done\"\".\r\n\r\nNotes for {i}.\r\n\r\nh3. Acceptance Criteria\r\n* First check\r\n* Given a basket\r\nWhen I pay\r\nThen it works\",\
             Sprint {sprint},Sprint {},{},{},Epic {}\r\n",
            priorities[i % priorities.len()],
            sprint + 1,
            [1, 2, 3, 5, 8][i % 5],
            epic.1,
            epic.0,
        );
    }
    out.into_bytes()
}

fn main() {
    let sizes = sizes();
    let runs = runs(3);
    println!(
        "{:>8}  {:>8}  {:>8}  {:>8}  {:>10}  goal",
        "rows", "read ms", "apply ms", "encode ms", "process ms"
    );
    for n in sizes {
        let csv = jira_csv(n);
        let options = ReadOptions::default();
        let read = || {
            import::read(&csv, "jira.csv", Wanted::Auto, &options)
                .unwrap()
                .0
        };
        let plan = read();
        let t_read = best(runs, read);
        let apply_options = ApplyOptions {
            at: At::Bottom,
            update: false,
            now: po::model::now(),
        };
        let apply = || {
            let mut backlog = Backlog::new("bench");
            import::apply(&mut backlog, &plan, &apply_options).unwrap();
            backlog
        };
        let backlog = apply();
        let t_apply = best(runs, apply);
        let t_encode = best(runs, || po::store::encode(&backlog).unwrap());

        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("jira.csv");
        std::fs::write(&source, &csv).unwrap();
        let t_process = (0..runs)
            .map(|_| {
                let file = dir.path().join("backlog.json");
                let _ = std::fs::remove_file(&file);
                let po = |args: &[&str]| {
                    let status = Command::new(env!("CARGO_BIN_EXE_po"))
                        .arg("--file")
                        .arg(&file)
                        .args(args)
                        .stdout(Stdio::null())
                        .status()
                        .unwrap();
                    assert!(status.success(), "po {args:?} failed");
                };
                po(&["init"]);
                let t = Instant::now();
                po(&["import", source.to_str().unwrap()]);
                t.elapsed()
            })
            .min()
            .unwrap_or_default();
        let goal = if n <= 10_000 {
            "≤ 1000 ms"
        } else {
            "≤ 10000 ms"
        };
        println!(
            "{n:>8}  {:>8}  {:>8}  {:>8}  {:>10}  {goal}",
            ms(t_read),
            ms(t_apply),
            ms(t_encode),
            ms(t_process)
        );
        assert_eq!(
            backlog.stories.len(),
            n - n.div_ceil(100) - (n.div_ceil(10) - n.div_ceil(100))
        );
    }
}
