//! The one way a test may say that it could not run: a visible line
//! `SKIPPED: <test>: <why>`, which `.ci/run` counts and lists at the end.
#![allow(dead_code)]

use std::io::Write;

/// Says that the running test could not run, and why. Written straight to
/// the standard error descriptor: the test harness hides what passing tests
/// print with `eprintln!`, and a skip must be seen.
pub fn skipped(why: &str) {
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {why}");
}
