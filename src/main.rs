//! The `po` binary: parse the command line, then run a subcommand or the TUI.

use std::process::ExitCode;

use po::cli::{self, Cli, first_run};

// Opening a large backlog makes millions of small allocations; with mimalloc
// a 100,000-story file opens about a third faster than with glibc's malloc
// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Under a file-size limit (`ulimit -f`) the kernel kills a process whose
    // write goes past it. With the signal handled, the write fails with
    // EFBIG instead, and the save reports it like a full disk: the file is
    // intact and the TUI keeps the change in memory.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let Cli {
        file,
        wait,
        config,
        quiet,
        command,
    } = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let globals = cli::Globals {
        file,
        wait,
        config,
        quiet,
    };
    let result = match command {
        Some(command) => cli::run(globals, command),
        None => cli::resolve_path(globals.file).and_then(|path| match first_run::offer(&path)? {
            first_run::Start::Open => {
                let settings = po::config::path(globals.config.as_deref());
                po::tui::run(&path, cli::lock_wait(globals.wait)?, settings.as_deref())
            }
            first_run::Start::Quit => Ok(()),
        }),
    };
    cli::finish(result)
}
