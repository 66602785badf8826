//! Terminal input on a thread of its own. crossterm's reader never returns
//! once the terminal is gone (the tty stays readable at end of file, and
//! its poll loops; crossterm issue #793): read on the main thread, that
//! would leave po spinning and deaf to SIGHUP when its window is closed,
//! with the last change unsaved. Here only this thread can get stuck; the
//! main loop still sees the signal, saves and exits, which ends the thread.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event};

/// How long the thread waits for input before looking whether it should
/// pause; bounds how long a pause (for `$EDITOR`) takes to start.
const POLL: Duration = Duration::from_millis(100);

/// Events from the terminal, read in the background.
pub struct Input {
    events: Receiver<io::Result<Event>>,
    /// The main thread wants events read.
    wanted: Arc<AtomicBool>,
    /// The thread is (or is about to be) inside crossterm.
    reading: Arc<AtomicBool>,
}

impl Input {
    /// Starts reading.
    pub fn start() -> Self {
        let (tx, events) = mpsc::channel();
        let wanted = Arc::new(AtomicBool::new(true));
        let reading = Arc::new(AtomicBool::new(false));
        let (want, busy) = (Arc::clone(&wanted), Arc::clone(&reading));
        thread::spawn(move || {
            loop {
                // Announce before looking at `want`, so that `pause` never
                // sees this thread idle while it is about to read.
                busy.store(true, Ordering::SeqCst);
                if !want.load(Ordering::SeqCst) {
                    busy.store(false, Ordering::SeqCst);
                    thread::sleep(Duration::from_millis(10));
                    continue;
                }
                let event = match event::poll(POLL) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(e) => Err(e),
                };
                let failed = event.is_err();
                if tx.send(event).is_err() || failed {
                    busy.store(false, Ordering::SeqCst);
                    return;
                }
            }
        });
        Input {
            events,
            wanted,
            reading,
        }
    }

    /// The next event, waiting at most `timeout`; `None` when none came.
    /// A read error (the terminal is gone) comes back as `Some(Err)`.
    pub fn next(&self, timeout: Duration) -> Option<io::Result<Event>> {
        match self.events.recv_timeout(timeout) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the terminal input stopped",
            ))),
        }
    }

    /// An event already read, without waiting.
    pub fn ready(&self) -> Option<io::Result<Event>> {
        self.events.try_recv().ok()
    }

    /// Stops reading, for a program that needs the terminal (`$EDITOR`);
    /// returns once the thread is out of crossterm (or, should it be stuck
    /// there, after a second: a hang would be worse).
    pub fn pause(&self) {
        self.wanted.store(false, Ordering::SeqCst);
        for _ in 0..200 {
            if !self.reading.load(Ordering::SeqCst) {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Reads again after [`Input::pause`].
    pub fn resume(&self) {
        self.wanted.store(true, Ordering::SeqCst);
    }
}
