//! `po list --json` and `po export --format json` with a filter: written
//! story by story, never held whole in memory, and byte for byte what
//! serde's pretty printer writes for the same stories (the reference the
//! output has always matched), on the fixtures, sample and random backlogs.

mod cli_support;
mod store_support;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;
use cli_support::{Sandbox, load};
use po::model::{Status, sample};
use po::store;
use serde_json::json;
use store_support::list_json_reference;

fn stdout_of(sb: &Sandbox, file: &Path, args: &[&str]) -> Vec<u8> {
    let out = sb
        .command()
        .arg("--file")
        .arg(file)
        .args(args)
        .output()
        .expect("po runs");
    assert!(
        out.status.success(),
        "po {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every backlog the test lists: the store's fixture (with unknown fields
/// and odd text), and generated samples of several sizes and seeds.
fn backlogs(sb: &Sandbox) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let fixture = sb.path("fixture.json");
    fs::write(&fixture, store_support::fixture_text()).unwrap();
    files.push(fixture);
    let odd = sb.path("odd.json");
    let text = store_support::fixture_with(
        "/stories/0/title",
        json!("quote \" backslash \\ tab \t bell \u{7} é 日 \u{202e}"),
    );
    fs::write(&odd, text).unwrap();
    files.push(odd);
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for (n, seed) in [(0, 1), (1, 2), (250, 3), (1_500, 4)] {
        let file = sb.path(&format!("sample-{n}-{seed}.json"));
        store::Store::create(&file, &sample::generate("Sample", n, seed, today)).unwrap();
        files.push(file);
    }
    files
}

#[test]
fn list_json_is_what_serde_writes_on_the_fixture_and_sample_backlogs() {
    let sb = Sandbox::new();
    for file in backlogs(&sb) {
        let backlog = load(&file);
        let all = stdout_of(&sb, &file, &["list", "--json"]);
        assert!(
            all == list_json_reference(&backlog, |_| true),
            "{}: po list --json differs from serde's output",
            file.display()
        );
        let todo = stdout_of(&sb, &file, &["list", "--json", "--status", "todo"]);
        assert!(
            todo == list_json_reference(&backlog, |s| s.status == Status::Todo),
            "{}: po list --json --status todo differs",
            file.display()
        );
        let exported = stdout_of(
            &sb,
            &file,
            &["export", "--format", "json", "--status", "todo"],
        );
        assert!(exported == todo, "{}: export json differs", file.display());
        let mut whole = serde_json::to_vec_pretty(&backlog).unwrap();
        whole.push(b'\n');
        let exported = stdout_of(&sb, &file, &["export", "--format", "json"]);
        assert!(
            exported == whole,
            "{}: export json of the whole backlog differs",
            file.display()
        );
    }
}

/// A broken file, a key used twice, a filter naming nothing: `list --json`
/// and `export --format json` (which no longer load the backlog first)
/// say what `po list` says, word for word, and print nothing.
#[test]
fn list_json_refuses_what_the_load_refuses_with_the_same_message() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    let mut twice = store_support::broken::sample_value(700);
    twice["stories"][650]["key"] = twice["stories"][1]["key"].clone();
    let mut files = store_support::broken::broken_files();
    files.push((
        "a key twice".into(),
        store_support::broken::pretty(&twice).into_bytes(),
    ));
    for (what, bytes) in files {
        fs::write(&file, &bytes).unwrap();
        let f = file.to_str().unwrap();
        let listed = sb.run(&["--file", f, "list"]);
        listed.assert_refused(&what);
        for args in [
            &["list", "--json"][..],
            &["list", "--json", "--status", "todo"],
            &["export", "--format", "json"],
            &["export", "--format", "json", "--status", "todo"],
        ] {
            let run = sb.run(&[&["--file", f][..], args].concat());
            assert_eq!(
                (run.code, run.stderr.as_str(), run.stdout.as_str()),
                (listed.code, listed.stderr.as_str(), ""),
                "{what}: po {args:?}"
            );
        }
    }
    let file = sb.sample("good.json", 300);
    let f = file.to_str().unwrap();
    for filter in [
        ["--epic", "E-99"],
        ["--sprint", "SP-99"],
        ["--status", "later"],
    ] {
        let listed = sb.run(&[&["--file", f, "list"][..], &filter].concat());
        listed.assert_refused("a filter naming nothing");
        for args in [&["list", "--json"][..], &["export", "--format", "json"]] {
            let run = sb.run(&[&["--file", f][..], args, &filter].concat());
            assert_eq!(
                (run.code, run.stderr.as_str(), run.stdout.as_str()),
                (listed.code, listed.stderr.as_str(), ""),
                "po {args:?} {filter:?}"
            );
        }
    }
}

/// Records the size of each write it is handed.
struct Recorder {
    bytes: Vec<u8>,
    largest_write: usize,
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.largest_write = self.largest_write.max(buf.len());
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn list_json_is_written_story_by_story_not_built_whole() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let backlog = sample::generate("Sample", 3_000, 5, today);
    let mut out = Recorder {
        bytes: Vec::new(),
        largest_write: 0,
    };
    store::write_stories(&mut out, backlog.stories.iter().map(|s| &**s)).unwrap();
    assert!(out.bytes == list_json_reference(&backlog, |_| true));
    let longest_story = backlog
        .stories
        .iter()
        .map(|s| serde_json::to_vec_pretty(&**s).unwrap().len())
        .max()
        .unwrap();
    assert!(
        out.bytes.len() > 1_000_000 && out.largest_write < 2 * longest_story + 64,
        "{} bytes came in writes of up to {} bytes (longest story {longest_story})",
        out.bytes.len(),
        out.largest_write
    );
}

#[test]
fn a_closed_pipe_ends_list_json_quietly() {
    let sb = Sandbox::new();
    let file = sb.sample("b.json", 2_000);
    let mut child = sb
        .command()
        .arg("--file")
        .arg(&file)
        .args(["list", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    assert_eq!(&first[..4], b"[\n  ");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Random backlogs (every kind of text, number, time and unknown field):
    /// whatever po opens, it lists as serde writes it; what it refuses, it
    /// refuses in one line.
    #[test]
    fn list_json_is_what_serde_writes_on_random_backlogs(
        backlog in store_support::random::backlog()
    ) {
        let sb = Sandbox::new();
        let file = sb.path("random.json");
        let Ok(bytes) = store::encode(&backlog) else {
            // A value the file cannot hold is never written, so never listed.
            return Ok(());
        };
        fs::write(&file, &bytes).unwrap();
        let opens = store::Store::open(&file, store::Access::Read, false).is_ok();
        let run = sb.run(&["--file", file.to_str().unwrap(), "list", "--json"]);
        if opens {
            proptest::prop_assert_eq!(run.code, Some(0), "{}", run.stderr);
            let expected = list_json_reference(&load(&file), |_| true);
            proptest::prop_assert!(run.stdout.as_bytes() == expected.as_slice());
        } else {
            run.assert_refused("po list --json on a file po refuses");
        }
    }
}
