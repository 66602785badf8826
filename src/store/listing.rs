//! `po list --json` and `po export --format json` straight from the file.
//!
//! Loading the backlog to print it builds what the output never needs: the
//! whole model in fresh memory (about 1.8 KB a story, each page of it
//! zeroed by the kernel on first touch). Here the stories array is cut in
//! two where the two-core load cuts it (`split.rs`) and each half is
//! handled on its own core, a story at a time: one in po's own layout is
//! checked and copied (`verbatim.rs`), any other is parsed by serde and
//! written by the store's writer, then dropped. The output is written over
//! the bytes already read, so it needs no fresh memory either. Nothing
//! reaches `out` until the whole file has been read: a broken file prints
//! its error and nothing else.
//!
//! Whatever this path would not do exactly as a load does (an older or
//! newer format version, the legacy goal label, a key used twice, a layout
//! the cut does not recognise, any parse or encode error) makes it decline
//! before writing anything; the caller then loads the backlog as always,
//! which gives the same output or the same error message as before.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use super::encode;
use super::spelling::Spellings;
use super::split::{self, skip_space};
use super::stamp::read_consistently;
use super::verbatim;
use crate::model::{Backlog, FORMAT, Kind, LEGACY_GOAL_LABEL, NextKeys, Story, VERSION};

/// What `po` writes: the stories alone (`list --json`, a filtered export),
/// or the whole backlog (`export --format json` without a filter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Json {
    Stories,
    Backlog,
}

/// Which stories to write.
#[derive(Clone, Copy, Debug)]
pub enum Keep<F> {
    /// Every story: a plain `po list --json`. The stories po laid out
    /// itself are copied from the file (see `verbatim.rs`).
    All,
    /// Those that pass a filter, each read by serde to be tested.
    Those(F),
}

/// Writes the file's stories that `pick` keeps (or, for [`Json::Backlog`],
/// the whole backlog) to `out` as serde's pretty printer writes them after
/// a load, plus a final newline. `pick` builds the filter from the backlog
/// without its stories; `None` there (a filter naming an unknown epic, say)
/// declines too. `Ok(false)`: declined, nothing written, load the file.
pub fn write_json<F>(
    path: &Path,
    what: Json,
    pick: impl FnOnce(&Backlog) -> Option<Keep<F>>,
    out: &mut impl Write,
) -> io::Result<bool>
where
    F: Fn(&Story) -> bool + Sync,
{
    write_json_splitting_from(path, what, pick, out, split::TWO_CORES_FROM)
}

/// [`write_json`], cutting the stories in two from files of `split_from`
/// bytes on; for tests, which cut small files too.
#[doc(hidden)]
pub fn write_json_splitting_from<F>(
    path: &Path,
    what: Json,
    pick: impl FnOnce(&Backlog) -> Option<Keep<F>>,
    out: &mut impl Write,
    split_from: usize,
) -> io::Result<bool>
where
    F: Fn(&Story) -> bool + Sync,
{
    let path = super::resolve_symlink(path);
    let Ok((mut bytes, _)) = read_consistently(&path, |p| read_on_two_cores(p, split_from)) else {
        return Ok(false);
    };
    let Some(parts) = written(&mut bytes, what, pick, split_from) else {
        return Ok(false);
    };
    parts.write(&bytes, out)?;
    Ok(true)
}

/// The file's bytes, a large file's two halves read on two cores: most of
/// a read's cost is the kernel zeroing the fresh pages it copies into, and
/// each core then zeroes its own half. The caller's stamps before and after
/// say whether the bytes are one version of the file.
#[cfg(unix)]
fn read_on_two_cores(path: &Path, split_from: usize) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).map_err(io::Error::other)?;
    if len < split_from {
        return std::fs::read(path);
    }
    // Zeroed by the allocator without touching it: the pages are first
    // touched by the reads below.
    let mut bytes = vec![0u8; len];
    let (first, second) = bytes.split_at_mut(len / 2);
    let half = first.len() as u64;
    std::thread::scope(|scope| {
        let later = scope.spawn(|| file.read_exact_at(second, half));
        file.read_exact_at(first, 0)?;
        later
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })?;
    // A file that grew meanwhile has a new stamp too; its bytes are read again.
    Ok(bytes)
}

#[cfg(not(unix))]
fn read_on_two_cores(path: &Path, _: usize) -> io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// The output in the order it is written.
struct Parts {
    head: Vec<u8>,
    runs: Vec<Run>,
    tail: Vec<u8>,
}

impl Parts {
    /// Writes the output; `buffer` is the file's, with stories copied into it.
    fn write(&self, buffer: &[u8], out: &mut impl Write) -> io::Result<()> {
        out.write_all(&self.head)?;
        let mut first = true;
        for run in &self.runs {
            for piece in &run.pieces {
                let bytes = match piece {
                    Piece::Buffer(range) => &buffer[range.clone()],
                    Piece::Own(range) => &run.own[range.clone()],
                };
                // Every element starts with a comma but the first.
                let bytes = if first { &bytes[1..] } else { bytes };
                first = false;
                out.write_all(bytes)?;
            }
        }
        out.write_all(&self.tail)
    }
}

/// A piece of the output: a range of the file's buffer, over whose stories
/// the output was copied as they were read (it is never longer than they
/// were, except where a story is written by serde), or of a run's own bytes.
enum Piece {
    Buffer(Range<usize>),
    Own(Range<usize>),
}

/// What one run of stories gave: their output, and what the checks a load
/// makes across the whole backlog need to know of them.
#[derive(Default)]
struct Run {
    pieces: Vec<Piece>,
    own: Vec<u8>,
    key_hashes: Vec<u64>,
    wanted: NextKeys,
}

fn written<F>(
    bytes: &mut [u8],
    what: Json,
    pick: impl FnOnce(&Backlog) -> Option<Keep<F>>,
    split_from: usize,
) -> Option<Parts>
where
    F: Fn(&Story) -> bool + Sync,
{
    // Some Windows editors start UTF-8 files with a byte order mark.
    let start = if bytes.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let (open, close) = split::stories_array(&bytes[start..])?;
    let (open, close) = (start + open, start + close);
    let mut rest = String::with_capacity(open + bytes.len() - close);
    rest.push_str(std::str::from_utf8(&bytes[start..open]).ok()?);
    rest.push_str(std::str::from_utf8(&bytes[close..]).ok()?);
    let mut backlog = split::backlog_without_stories(&rest)?;
    // An older file is migrated and a newer one may mean other things: both
    // are for the load to read.
    if backlog.format != FORMAT || backlog.version != VERSION {
        return None;
    }
    let keep = pick(&backlog)?;
    let depth = match what {
        Json::Stories => 1,
        Json::Backlog => 2,
    };
    let elements = &mut bytes[open..close];
    let cut = (elements.len() >= split_from)
        .then(|| split::cut_point(elements))
        .flatten();
    let runs = match cut {
        None => vec![run(elements, open, &keep, depth)?],
        Some(cut) => {
            let (first, second) = elements.split_at_mut(cut);
            let second = &mut second[1..];
            let (first, second) = std::thread::scope(|scope| {
                let later = scope.spawn(|| run(second, open + cut + 1, &keep, depth));
                let first = run(first, open, &keep, depth);
                let second = later
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (first, second)
            });
            vec![first?, second?]
        }
    };
    if key_used_twice(&backlog, &runs) {
        return None;
    }
    let any = runs.iter().any(|r| !r.pieces.is_empty());
    let (head, tail) = match what {
        Json::Stories if any => (b"[".to_vec(), b"\n]\n".to_vec()),
        Json::Stories => (b"[".to_vec(), b"]\n".to_vec()),
        Json::Backlog => {
            // As the load repairs it: no counter behind a key in use.
            backlog.repair_next_keys();
            for kind in Kind::ALL {
                let wanted = runs.iter().map(|r| r.wanted.get(kind)).max().unwrap_or(0);
                let counter = backlog.next_keys.get_mut(kind);
                *counter = (*counter).max(wanted);
            }
            let bytes = encode::backlog(&backlog, 64 * 1024, &Spellings::default()).ok()?;
            // The top-level member, the only one at two spaces of indent.
            const EMPTY: &[u8] = b"\n  \"stories\": []";
            let at = memchr::memmem::find(&bytes, EMPTY)? + EMPTY.len() - 1;
            let mut head = bytes;
            let mut tail = head.split_off(at);
            if any {
                tail.splice(0..0, *b"\n  ");
            }
            (head, tail)
        }
    };
    Some(Parts { head, runs, tail })
}

/// Parses a run of array elements (`{…}, {…}`), which start at `offset`
/// in the file's buffer, one story at a time, and writes those `keep`
/// keeps as elements `depth` deep, each after a comma, over the run itself
/// where they fit (so the output needs no fresh memory). `None` unless the
/// run is exactly stories separated by commas, each as a load would keep it.
fn run<F: Fn(&Story) -> bool>(
    buf: &mut [u8],
    offset: usize,
    keep: &Keep<F>,
    depth: usize,
) -> Option<Run> {
    std::str::from_utf8(buf).ok()?;
    let mut out = Run {
        key_hashes: Vec::with_capacity(buf.len() / 512 + 1),
        ..Run::default()
    };
    if skip_space(buf, 0) == buf.len() {
        return Some(out);
    }
    let mut numbers = verbatim::Numbers::default();
    // One element's output, before it is put in place.
    let mut element = Vec::with_capacity(16 * 1024);
    // The output in `buf` ends here; what follows is still to be read.
    let mut written = 0;
    let mut at = 0;
    loop {
        at = skip_space(buf, at);
        element.clear();
        element.extend_from_slice(&ELEMENT[..2 + 2 * depth]);
        let copied = match keep {
            Keep::All => verbatim::copy(buf, at, 4 - 2 * depth, &mut numbers, &mut element),
            Keep::Those(_) => None,
        };
        let end = if let Some(seen) = copied {
            out.saw(seen.key);
            seen.end
        } else {
            element.clear();
            let mut stream = serde_json::Deserializer::from_slice(&buf[at..]).into_iter::<Story>();
            let story = stream.next()?.ok()?;
            // The load reads these differently (see `split.rs` and
            // `Backlog::adopt_goal_labels`).
            if split::too_deep(&story) || story.labels.iter().any(|l| l == LEGACY_GOAL_LABEL) {
                return None;
            }
            out.saw(&story.key);
            let kept = match keep {
                Keep::All => true,
                Keep::Those(keep) => keep(&story),
            };
            if kept {
                encode::story_element(&mut element, &story, depth).ok()?;
            }
            at + stream.byte_offset()
        };
        if !element.is_empty() {
            // Over bytes already read, or else in the run's own buffer.
            if written + element.len() <= end {
                buf[written..written + element.len()].copy_from_slice(&element);
                let range = offset + written..offset + written + element.len();
                match out.pieces.last_mut() {
                    Some(Piece::Buffer(last)) if last.end == range.start => last.end = range.end,
                    _ => out.pieces.push(Piece::Buffer(range)),
                }
                written += element.len();
            } else {
                let range = out.own.len()..out.own.len() + element.len();
                out.own.extend_from_slice(&element);
                out.pieces.push(Piece::Own(range));
            }
        }
        at = skip_space(buf, end);
        match buf.get(at) {
            None => return Some(out),
            Some(b',') => at += 1,
            Some(_) => return None,
        }
    }
}

/// What starts an element after the first: a comma, a new line, the indent
/// (the file's stories are at depth 2, `list --json`'s at depth 1).
const ELEMENT: &[u8] = b",\n    ";

impl Run {
    /// Notes a story's key for the checks across the backlog.
    fn saw(&mut self, key: &str) {
        self.key_hashes
            .push(BuildHasherDefault::<DefaultHasher>::default().hash_one(key));
        if let Some((kind, n)) = Kind::of_key(key) {
            let w = self.wanted.get_mut(kind);
            *w = (*w).max(n.saturating_add(1));
        }
    }
}

/// Whether a key may be used twice in the backlog (which the load refuses,
/// naming both places); a clash of hashes alone only sends the file to the
/// load, which then finds none.
fn key_used_twice(backlog: &Backlog, runs: &[Run]) -> bool {
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    let mut hashes: Vec<u64> = backlog.all_keys().map(|k| hasher.hash_one(k)).collect();
    for run in runs {
        hashes.extend_from_slice(&run.key_hashes);
    }
    hashes.sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_on_two_cores_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        for len in [0, 1, 2, 7, 4097, 300_001] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            for split_from in [0, 1, usize::MAX] {
                assert!(
                    read_on_two_cores(&path, split_from).unwrap() == bytes,
                    "{len}"
                );
            }
        }
    }
}
