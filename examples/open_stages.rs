//! Where opening a backlog file in the TUI spends its time, stage by stage
//! (read, parse, `Store::open`, `App::new`, first frame, dropping it), best
//! of RUNS, for docs/performance.md. Run on a file `po init --sample` made:
//!
//!     cargo run --release --example open_stages -- backlog.json 7

use std::time::{Duration, Instant};

use po::store::{self, Access, Store};
use po::tui::app::App;
use po::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

// The same allocator as the po binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("usage: open_stages FILE [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |s| s.parse().expect("RUNS is a number"));
    let names = [
        "read",
        "parse",
        "Store::open",
        "App::new",
        "first draw",
        "drop",
    ];
    let mut best = [Duration::MAX; 6];
    for _ in 0..runs {
        let mut times = [Duration::ZERO; 6];
        let t = Instant::now();
        let bytes = std::fs::read(&path).expect("read the file");
        times[0] = t.elapsed();
        let t = Instant::now();
        drop(store::parse(&path, &bytes).expect("parse the file"));
        times[1] = t.elapsed();
        let t = Instant::now();
        let opened = Store::open(&path, Access::PreferWrite, false).expect("open the file");
        times[2] = t.elapsed();
        let t = Instant::now();
        let mut app = App::new(opened.backlog, None, &[]);
        app.resize(120, 40);
        times[3] = t.elapsed();
        let t = Instant::now();
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        terminal.draw(|f| ui::render(&app, f)).expect("draw");
        times[4] = t.elapsed();
        let t = Instant::now();
        drop(app);
        times[5] = t.elapsed();
        for (b, t) in best.iter_mut().zip(times) {
            *b = (*b).min(t);
        }
    }
    for (name, b) in names.iter().zip(best) {
        println!("{name:<12} {:>8.1} ms", b.as_secs_f64() * 1e3);
    }
}
