//! Keystroke → frame latency of the TUI on generated backlogs of 10,000 and
//! 100,000 stories (DESIGN §6: p99 ≤ 2 ms at both sizes), plus load, first
//! frame and save. Run: `cargo bench --bench keystroke` (sizes can be set
//! with PO_BENCH_SIZES=1000,10000,100000; words after `--` keep only the
//! key cases whose names contain one of them, e.g. `-- roadmap what-if`;
//! PO_BENCH_ROUNDS=1000 presses each case's keys more often than the 200
//! rounds, long enough for `perf record`). Results go to stdout as a table.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use po::model::sample;
use po::store::{self, Access, Store};
use po::tui::app::App;
use po::tui::popup::Popup;
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

// The same allocator as the po binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn key(c: char) -> KeyEvent {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Time this thread has spent on a CPU, in nanoseconds, so that a busy
/// machine's preemptions can be told apart from po's own work.
fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut ts) };
    if rc != 0 {
        return None;
    }
    let secs = u64::try_from(ts.tv_sec).ok()?;
    let nanos = u32::try_from(ts.tv_nsec).ok()?;
    Some(Duration::new(secs, nanos))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// Presses each key sequence `rounds` times; each sample is one key:
/// `App::handle_key` + a full frame render. The snapshot for the saver is
/// taken when keys pause, and the metrics view's figures are computed on a
/// worker thread, so both happen outside the timed part (and are measured on
/// their own). Returns wall-clock and on-CPU samples, sorted.
fn measure(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    keys: &[KeyEvent],
    rounds: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let mut wall = Vec::with_capacity(keys.len() * rounds);
    let mut cpu = Vec::with_capacity(keys.len() * rounds);
    for _ in 0..rounds {
        for k in keys {
            let cpu_start = thread_cpu_time();
            let start = Instant::now();
            black_box(app.handle_key(k));
            terminal.draw(|f| ui::render(app, f)).unwrap();
            wall.push(start.elapsed());
            if let (Some(a), Some(b)) = (cpu_start, thread_cpu_time()) {
                cpu.push(b.saturating_sub(a));
            }
            app.compute_figures_now();
        }
    }
    wall.sort();
    cpu.sort();
    (wall, cpu)
}

/// Stories in the running sprint for the board's cases (issue 17: 200).
const SPRINT_STORIES: usize = 200;

/// Makes the sample's running sprint hold `count` open stories spread over
/// the whole backlog, a third of them in progress, so the board's keys are
/// measured on a big sprint in a big backlog.
fn sprint_of(backlog: &mut po::model::Backlog, count: usize) {
    let Some(sprint) = backlog.active_sprint().map(|s| s.key.clone()) else {
        return;
    };
    let step = (backlog.stories.len() / count).max(1);
    let mut taken = 0;
    for (i, story) in backlog.stories.iter_mut().enumerate() {
        if taken == count || i % step != 0 || story.status == po::model::Status::Done {
            continue;
        }
        let story = std::sync::Arc::make_mut(story);
        story.sprint = Some(sprint.clone());
        if taken % 3 == 0 {
            story.status = po::model::Status::InProgress;
        }
        taken += 1;
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::var("PO_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    println!(
        "{:>8}  {:<28} {:>9} {:>9} {:>9}",
        "stories", "case", "p50 ms", "p99 ms", "max ms"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        let mut backlog = sample::generate("Bench", n, 42, today);
        sprint_of(&mut backlog, SPRINT_STORIES);
        Store::create(&path, &backlog).unwrap();
        let bytes = std::fs::metadata(&path).unwrap().len();

        let start = Instant::now();
        let opened = Store::open(&path, Access::PreferWrite, false).unwrap();
        let load = start.elapsed();
        let start = Instant::now();
        let mut app = App::new(opened.backlog, None, &[]);
        app.resize(WIDTH, HEIGHT);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        terminal.draw(|f| ui::render(&app, f)).unwrap();
        let first_frame = start.elapsed() + load;
        println!(
            "{n:>8}  {:<28} {:>9}   (file {:.1} MB: load {} + first frame {})",
            "open → first frame",
            ms(first_frame),
            bytes as f64 / 1e6,
            ms(load),
            ms(first_frame - load)
        );

        let start = Instant::now();
        let encoded = store::encode(&app.backlog).unwrap();
        let encode = start.elapsed();
        let mut store = opened.store;
        let start = Instant::now();
        store.save_encoded(&encoded).unwrap();
        let write = start.elapsed();
        println!(
            "{n:>8}  {:<28} {:>9}   (encode {} + write {})",
            "save (background)",
            ms(encode + write),
            ms(encode),
            ms(write)
        );

        let mut snapshots: Vec<Duration> = (0..50)
            .map(|_| {
                let start = Instant::now();
                let snapshot = black_box(app.backlog.clone());
                let taken = start.elapsed();
                drop(snapshot);
                taken
            })
            .collect();
        snapshots.sort();
        println!(
            "{n:>8}  {:<28} {:>9} {:>9} {:>9}",
            "snapshot for the saver",
            ms(percentile(&snapshots, 0.5)),
            ms(percentile(&snapshots, 0.99)),
            ms(*snapshots.last().unwrap())
        );

        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let snapshot = app.backlog.clone();
                black_box(po::tui::metrics::Metrics::of(
                    &snapshot,
                    today,
                    app.config.forecast.runs,
                ));
                start.elapsed()
            })
            .collect();
        runs.sort();
        println!(
            "{n:>8}  {:<28} {:>9} {:>9} {:>9}",
            "metrics figures (worker)",
            ms(percentile(&runs, 0.5)),
            ms(percentile(&runs, 0.99)),
            ms(*runs.last().unwrap())
        );

        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let snapshot = app.backlog.clone();
                black_box(snapshot.refinement_queue(po::tui::refine::QUEUE_LIMIT));
                start.elapsed()
            })
            .collect();
        runs.sort();
        println!(
            "{n:>8}  {:<28} {:>9} {:>9} {:>9}",
            "refinement queue (worker)",
            ms(percentile(&runs, 0.5)),
            ms(percentile(&runs, 0.99)),
            ms(*runs.last().unwrap())
        );

        // The what-if preview's figures, from the key until they are in: `w`
        // on a story low in the backlog, its job (snapshot + two roadmaps
        // with the same seed) as the runner thread would run it, and the
        // result taken back. Issue 16: within 200 ms at 10,000 stories.
        app.handle_key(&key('G'));
        app.compute_figures_now();
        let mut runs: Vec<Duration> = (0..10)
            .map(|_| {
                let start = Instant::now();
                app.handle_key(&key('w'));
                let job = app.figures_job().expect("w asks for the what-if");
                app.figures_done(job.run());
                let taken = start.elapsed();
                let Some(Popup::Preview(p)) = &app.popup else {
                    panic!("w opens the preview");
                };
                assert!(
                    p.figures.as_ref().is_some_and(|w| w.no_dates.is_none()),
                    "the what-if has dates: {:?}",
                    p.failure
                );
                app.handle_key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                taken
            })
            .collect();
        app.handle_key(&key('g'));
        runs.sort();
        println!(
            "{n:>8}  {:<28} {:>9} {:>9} {:>9}",
            "what-if result (worker)",
            ms(percentile(&runs, 0.5)),
            ms(percentile(&runs, 0.99)),
            ms(*runs.last().unwrap())
        );

        let cases: Vec<(&str, Vec<KeyEvent>)> = vec![
            ("navigate j/k", vec![key('j'), key('j'), key('k')]),
            (
                "page down/up",
                vec![
                    KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE),
                    KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE),
                ],
            ),
            ("jump G/g (ends)", vec![key('G'), key('g')]),
            ("move J/K", vec![key('J'), key('K')]),
            ("move T (top) + undo", vec![key('G'), key('T'), key('u')]),
            (
                "score order: all + undo",
                vec![
                    key('O'),
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    key('u'),
                ],
            ),
            (
                "score order: epic + undo",
                vec![
                    key('O'),
                    key('j'),
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    key('u'),
                ],
            ),
            (
                "split by criteria + undo",
                vec![
                    key('S'),
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    key('u'),
                ],
            ),
            ("show/hide closed done H", vec![key('H'), key('H')]),
            ("edit: cycle MoSCoW/status", vec![key('m'), key('s')]),
            ("undo/redo", vec![key('m'), key('u'), ctrl('r'), key('u')]),
            (
                "planning: open, j/k, back",
                vec![key('3'), key('j'), key('k'), key('1')],
            ),
            (
                "planning: into sprint + undo",
                vec![key('3'), key(' '), key('u'), key('1')],
            ),
            ("metrics: open, back", vec![key('4'), key('1')]),
            (
                "metrics: keys on the figures",
                vec![key('4'), key('j'), key('k'), key('1')],
            ),
            (
                "metrics: undo/redo under it",
                vec![key('m'), key('4'), key('u'), ctrl('r'), key('u'), key('1')],
            ),
            ("refine: open, back", vec![key('8'), key('1')]),
            (
                "refine: j/k, Enter, Esc",
                vec![
                    key('8'),
                    key('j'),
                    key('k'),
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    key('1'),
                ],
            ),
            (
                "refine: undo/redo under it",
                vec![key('m'), key('8'), key('u'), ctrl('r'), key('u'), key('1')],
            ),
            (
                "dependency picker: open, type",
                vec![
                    key('D'),
                    key('S'),
                    key('-'),
                    key('9'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                ],
            ),
            (
                "board: open, j/k, back",
                vec![key('7'), key('j'), key('k'), key('1')],
            ),
            (
                "board: card l/h + undo",
                vec![key('7'), key('l'), key('h'), key('u'), key('u'), key('1')],
            ),
            (
                "board: re-rank J/K",
                vec![key('7'), key('J'), key('K'), key('1')],
            ),
            (
                "board: lanes v, since y",
                vec![
                    key('7'),
                    key('v'),
                    key('v'),
                    key('y'),
                    key('v'),
                    key('y'),
                    key('1'),
                ],
            ),
            (
                "requests: open, j/k, back",
                vec![key('5'), key('j'), key('k'), key('1')],
            ),
            (
                "requests: triage picker, Esc",
                vec![
                    key('5'),
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    key('1'),
                ],
            ),
            (
                "requests: filter new, clear",
                vec![
                    key('5'),
                    key('f'),
                    KeyEvent::new(KeyCode::Right, KeyModifiers::NONE),
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    key('F'),
                    key('1'),
                ],
            ),
            (
                "grid: open R, close Esc",
                vec![key('R'), KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)],
            ),
            (
                "grid: type digits (preview)",
                vec![
                    key('R'),
                    key('7'),
                    key('5'),
                    key('0'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                ],
            ),
            (
                "grid: commit a cell + undo",
                vec![
                    key('R'),
                    key('5'),
                    KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                    key('u'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                ],
            ),
            // R where the PO is (the refinement queue, planning): the grid
            // over the view's top stories; 8 and 3 open the view, 1 leaves.
            (
                "grid: R in refine, Esc",
                vec![
                    key('8'),
                    key('R'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    key('1'),
                ],
            ),
            (
                "grid: R in planning, Esc",
                vec![
                    key('3'),
                    key('R'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    key('1'),
                ],
            ),
            (
                "grid: refine R, commit, undo",
                vec![
                    key('8'),
                    key('R'),
                    key('5'),
                    KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                    key('u'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    key('1'),
                ],
            ),
            (
                "roadmap: open, j/k, back",
                vec![key('6'), key('j'), key('k'), key('1')],
            ),
            (
                "what-if: w, j (rank), Esc",
                vec![
                    key('w'),
                    key('j'),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                ],
            ),
            (
                "open/close detail",
                vec![
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                ],
            ),
        ];
        // More rounds make a case long enough to profile (`perf record`).
        let rounds = std::env::var("PO_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(200);
        let wanted: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .collect();
        for (name, keys) in cases {
            if !wanted.is_empty() && !wanted.iter().any(|w| name.contains(w.as_str())) {
                continue;
            }
            let (wall, cpu) = measure(&mut app, &mut terminal, &keys, rounds);
            let cpu_at = |p| {
                if cpu.is_empty() {
                    "-".to_string()
                } else {
                    ms(percentile(&cpu, p))
                }
            };
            println!(
                "{n:>8}  {:<28} {:>9} {:>9} {:>9} {:>11} {:>11}",
                name,
                ms(percentile(&wall, 0.5)),
                ms(percentile(&wall, 0.99)),
                ms(*wall.last().unwrap()),
                cpu_at(0.5),
                cpu_at(0.99)
            );
        }
    }
}
