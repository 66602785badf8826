//! The TUI's outer loop: terminal setup and restore, events, signals,
//! background saves and `$EDITOR` sessions. All state changes go through
//! `App`; this module only moves events in and effects out.

use std::io::Write as _;
use std::io::{self, stdout};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use std::{env, fs};

use anyhow::{Context as _, Result};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use ratatui::DefaultTerminal;

use crate::config::{self, Config};
use crate::store::{Access, Store};

use super::app::{App, Effect};
use super::input::Input;
use super::jobs::Jobs;
use super::keymap;
use super::saver::{FileJob, FileReport, Saver};
use super::ui::{self, theme};
use super::worker;

/// How often the loop wakes when nothing happens, to notice signals.
const IDLE_TICK: Duration = Duration::from_millis(250);
/// How often the loop looks for finished figures while they are computed.
const FIGURES_POLL: Duration = Duration::from_millis(15);
/// How often an idle po looks whether another program changed the file.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// A change is handed to the saver once no key has come for this long, so
/// that taking the snapshot (one pass over the stories) never sits between a
/// key and its frame while the user is typing or holding a key down.
const SAVE_PAUSE: Duration = Duration::from_millis(100);

/// Makes the settings' theme and keys those of this thread, which reads the
/// keys and draws. Without colour (`NO_COLOR`, a dumb terminal) the theme
/// is mono whatever the file says.
pub fn apply_settings(config: &Config) {
    let no_color = env::var("NO_COLOR").ok();
    let term = env::var("TERM").ok();
    let name = if theme::colour_is_off(no_color.as_deref(), term.as_deref()) {
        theme::ThemeName::Mono
    } else {
        config.theme
    };
    let mut palette = theme::Palette::named(name);
    if name != theme::ThemeName::Mono {
        for (role, colour) in &config.colors {
            palette.set(role, *colour);
        }
    }
    theme::use_palette(palette);
    crate::model::ready::configure(config.ready.points_limit, &config.ready.vague_words);
    crate::model::forecast::configure(&config.forecast.percentiles);
    // Checked when the file was read: an error there left no remaps.
    if let Ok(table) = keymap::resolve(&config.keys) {
        keymap::install(table);
    }
}

/// Opens the TUI on a backlog file and runs until the user quits. The lock
/// is taken only around each save, so other po commands can change the file
/// meanwhile (the app notices and reloads); a save waits up to `lock_wait`
/// for a command that holds it.
pub fn run(path: &Path, lock_wait: Duration, config_path: Option<&Path>) -> Result<()> {
    let opened = Store::open_waiting(path, Access::PreferWrite, true, lock_wait)?;
    let settings = config::load(config_path);
    apply_settings(&settings.config);
    let read_only = opened.store.read_only_reason().map(str::to_string);
    let mut app = App::new(opened.backlog, read_only, &opened.notices);
    if let Some(problem) = settings.summary() {
        app.error(problem);
    }
    app.configure(settings.config);
    let saver = Saver::spawn(opened.store);
    let jobs = Jobs::spawn();

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
    }

    let ended = {
        let mut terminal = TerminalGuard::enter()?;
        let input = Input::start();
        let ended = run_then_hand_over(&mut app, &saver, |app| {
            event_loop(&mut terminal.0, app, &saver, &jobs, &input, &stop)
        });
        if ended.is_ok() && !stop.load(Ordering::Relaxed) {
            // Leave what the user types next to the shell. (After a signal
            // the terminal may be gone, and its reader stuck: skip it.)
            input.pause();
        }
        ended
    };
    // The terminal is restored here (guard dropped), before anything is printed.
    let last_save = saver
        .finish()
        .into_iter()
        .rev()
        .find_map(|report| match report {
            FileReport::Saved { .. } => Some(None),
            FileReport::SaveFailed(e) => Some(Some(e)),
            FileReport::ChangedOnDisk => Some(Some(
                "the file was changed by another program; po did not overwrite it".to_string(),
            )),
            _ => None,
        });
    // A panic goes on (its message is printed already) once the save is done.
    let outcome = ended.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    outcome?;
    if let Some(Some(problem)) = last_save {
        anyhow::bail!(
            "your last change was not saved to {}: {problem}",
            path.display()
        );
    }
    Ok(())
}

/// Owns the terminal in raw mode on the alternate screen; restores it when
/// dropped, whatever the way out (return, `?`, panic unwinding).
struct TerminalGuard(ManuallyDrop<DefaultTerminal>);

impl TerminalGuard {
    fn enter() -> Result<Self> {
        // ratatui installs a panic hook that restores the terminal; ours also
        // turns bracketed paste off again before that.
        let terminal = ratatui::try_init().context("cannot set up the terminal")?;
        let ratatui_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if worker::catches_its_panics() {
                // The job comes back as a failure the app shows; the
                // terminal stays as it is and nothing is printed over it.
                return;
            }
            let _ = execute!(stdout(), DisableBracketedPaste);
            ratatui_hook(info);
        }));
        execute!(stdout(), EnableBracketedPaste).context("cannot set up the terminal")?;
        Ok(TerminalGuard(ManuallyDrop::new(terminal)))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste);
        let shown = self.0.show_cursor();
        // Not ratatui::restore(): it reports a failure with eprintln!, which
        // panics when the terminal is gone.
        let _ = ratatui::try_restore();
        if shown.is_ok() {
            // SAFETY: dropped once, here; the field is never used again.
            unsafe { ManuallyDrop::drop(&mut self.0) };
        }
        // Otherwise the terminal is gone (its window closed): ratatui's own
        // drop would try the cursor again and report the failure with
        // eprintln!, which panics on a dead terminal. Leaking the screen
        // buffers of a process about to exit is harmless.
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    saver: &Saver,
    jobs: &Jobs,
    input: &Input,
    stop: &AtomicBool,
) -> Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut redraw = true;
    let mut last_input = Instant::now();
    let mut last_check = Instant::now();
    loop {
        if redraw {
            terminal.draw(|frame| ui::render(app, frame))?;
            redraw = false;
        }
        if let Some(job) = app.figures_job() {
            jobs.send(job);
        }
        // On a signal or a quit, `run` hands the last change to the saver.
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        for report in saver.reports() {
            if let Some(next) = app.file_report(report) {
                saver.send(next);
            }
            redraw = true;
        }
        for done in jobs.results() {
            app.figures_done(done);
            redraw = true;
        }
        if redraw {
            continue;
        }
        // Sleep until input arrives: briefly when a change waits to be saved
        // or figures are being computed, otherwise a longer tick, only to
        // notice signals and outside changes to the file. No busy loop.
        let save_due = app.save_due();
        let wait = if app.figures_pending() {
            FIGURES_POLL
        } else if save_due {
            SAVE_PAUSE.saturating_sub(last_input.elapsed())
        } else {
            IDLE_TICK
        };
        let Some(first) = input.next(wait) else {
            if save_due && last_input.elapsed() >= SAVE_PAUSE {
                hand_over_changes(app, saver);
            } else if last_check.elapsed() >= CHECK_EVERY {
                last_check = Instant::now();
                if let Some(job) = app.check_job() {
                    saver.send(job);
                }
            }
            continue;
        };
        // Handle everything already queued before drawing again, so that
        // held-down keys never fall behind.
        let mut next = Some(first);
        while let Some(event) = next.take() {
            let effect = match event? {
                Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(&key),
                Event::Paste(text) => {
                    app.handle_paste(&text);
                    Effect::None
                }
                Event::Resize(width, height) => {
                    app.resize(width, height);
                    Effect::None
                }
                _ => Effect::None,
            };
            redraw = true;
            last_input = Instant::now();
            match effect {
                Effect::None => {}
                Effect::Quit => return Ok(()),
                Effect::Editor { key, doc } => {
                    input.pause();
                    let result = edit_in_editor(terminal, &key, &doc);
                    input.resume();
                    app.editor_finished(&key, result);
                }
                Effect::Save => {
                    if let Some(job) = app.save_job(true) {
                        saver.send(job);
                    }
                }
                Effect::Reload => saver.send(FileJob::Reload),
                Effect::Overwrite => saver.send(app.overwrite_job()),
            }
            if !stop.load(Ordering::Relaxed) {
                next = input.ready();
            }
        }
    }
}

/// Runs the event loop and then, however it ended (quit, signal, a terminal
/// that went away and failed a draw or a read, or a panic: a bug must not
/// cost the user their last change), hands the last change to the saver,
/// before anything else can go wrong. A panic comes back as `Err`, for the
/// caller to raise again once the save is done.
fn run_then_hand_over<T>(
    app: &mut App,
    saver: &Saver,
    event_loop: impl FnOnce(&mut App) -> T,
) -> std::thread::Result<T> {
    let ended = panic::catch_unwind(AssertUnwindSafe(|| event_loop(&mut *app)));
    hand_over_changes(app, saver);
    ended
}

/// Hands the current state to the saver, if it has changed since last time.
fn hand_over_changes(app: &mut App, saver: &Saver) {
    if let Some(job) = app.save_job(false) {
        saver.send(job);
    }
}

/// Suspends the TUI, lets the user edit `doc` in `$VISUAL`/`$EDITOR` (vi by
/// default), and returns the edited text.
fn edit_in_editor(terminal: &mut DefaultTerminal, key: &str, doc: &str) -> Result<String, String> {
    let (dir, path) =
        editor_file(key, doc).map_err(|e| format!("cannot write the story for the editor: {e}"))?;
    let editor = env::var("VISUAL")
        .or_else(|_| env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");

    let _ = execute!(stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    let status = Command::new(program).args(words).arg(&path).status();
    let resumed = resume(terminal);

    let result = match status {
        Ok(s) if s.success() => fs::read_to_string(&path)
            .map_err(|e| format!("cannot read back {}: {e}", path.display())),
        Ok(s) => Err(format!(
            "{editor} exited with {s}; the story was not changed"
        )),
        Err(e) => Err(format!("cannot start '{editor}' ({e}); set $EDITOR")),
    };
    // The directory and the file in it go; the text is back in the app.
    drop(dir);
    resumed.map_err(|e| format!("cannot restore the terminal: {e}"))?;
    result
}

/// The story's text in a file for the editor, in a directory of its own:
/// private (0700, a name nobody can guess), the file readable by the user
/// only (0600), since a story can hold what others on the machine should
/// not read, and a predictable name in the shared temp dir could be taken
/// over by another user. Dropping the directory removes both.
fn editor_file(key: &str, doc: &str) -> io::Result<(tempfile::TempDir, PathBuf)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("po-edit-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let dir = builder.tempdir()?;
    // The key names the file (editors show it); only its safe characters.
    let name: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let path = dir.path().join(format!("{name}.txt"));
    let mut file = fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    file.open(&path)?.write_all(doc.as_bytes())?;
    Ok((dir, path))
}

fn resume(terminal: &mut DefaultTerminal) -> io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    terminal.clear()
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::model::Backlog;

    #[test]
    fn a_panic_in_the_event_loop_still_hands_the_last_change_to_the_saver() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        let mut backlog = Backlog::new("Panics");
        for title in ["first", "second"] {
            let story = backlog.new_story(title, crate::model::now());
            backlog.insert_story(usize::MAX, story).unwrap();
        }
        Store::create(&path, &backlog).unwrap();
        let opened = Store::open(&path, Access::PreferWrite, false).unwrap();
        let mut app = App::new(opened.backlog, None, &[]);
        app.resize(100, 30);
        let saver = Saver::spawn(opened.store);

        let ended = run_then_hand_over(&mut app, &saver, |app| {
            // A move, then a bug before the pause that would have saved it.
            app.handle_key(&KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT));
            panic!("a bug in the event loop");
        });
        assert!(ended.is_err(), "the panic is passed on");
        let reports = saver.finish();
        assert!(
            matches!(reports.last(), Some(FileReport::Saved { .. })),
            "{reports:?}"
        );
        let on_disk = crate::store::parse(&path, &std::fs::read(&path).unwrap()).unwrap();
        let titles: Vec<&str> = on_disk.stories.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["second", "first"], "the move reached the file");
    }

    #[test]
    fn the_editor_gets_a_private_file_in_a_private_directory_removed_afterwards() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, path) = editor_file("S-12", "Title: Pay\n").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600, "only the user may read the story");
        assert_eq!(
            mode(dir.path()),
            0o700,
            "nobody else may enter the directory"
        );
        assert_eq!(path.parent(), Some(dir.path()));
        assert!(path.ends_with("S-12.txt"));
        let name = dir
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("po-edit-") && name.len() > "po-edit-".len() + 4,
            "an unguessable name: {name}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "Title: Pay\n");
        // A key from a hand-edited file cannot lead outside the directory.
        let (other, odd) = editor_file("../../etc/S-1", "").unwrap();
        assert_eq!(odd.parent(), Some(other.path()));
        let kept = dir.path().to_path_buf();
        drop(dir);
        assert!(!kept.exists() && !path.exists(), "removed afterwards");
    }
}
