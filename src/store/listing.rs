//! `po list --json` and `po export --format json` straight from the file.
//!
//! Loading the backlog to print it builds what the output never needs: the
//! whole model in fresh memory (about 1.8 KB a story, each page of it
//! zeroed by the kernel on first touch). Here each story is parsed,
//! checked, written and dropped, so the allocator hands the same few pages
//! back story after story; the stories array is cut in two where the
//! two-core load cuts it (`split.rs`), and each run is parsed and written
//! on its own core into its own buffer. Nothing reaches `out` until the
//! whole file has parsed: a broken file prints its error and nothing else.
//!
//! Whatever this path would not do exactly as a load does (an older or
//! newer format version, the legacy goal label, a key used twice, a layout
//! the cut does not recognise, any parse or encode error) makes it decline
//! before writing anything; the caller then loads the backlog as always,
//! which gives the same output or the same error message as before.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::{self, Write};
use std::path::Path;

use super::encode;
use super::spelling::Spellings;
use super::split::{self, skip_space};
use super::stamp::read_with_stamp;
use crate::model::{Backlog, FORMAT, Kind, LEGACY_GOAL_LABEL, NextKeys, Story, VERSION};

/// What `po` writes: the stories alone (`list --json`, a filtered export),
/// or the whole backlog (`export --format json` without a filter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Json {
    Stories,
    Backlog,
}

/// Files from this size on are parsed on two cores, as in `load.rs`.
const SPLIT_FROM: usize = 256 * 1024;

/// Writes the file's stories that `pick` keeps (or, for [`Json::Backlog`],
/// the whole backlog) to `out` as serde's pretty printer writes them after
/// a load, plus a final newline. `pick` builds the filter from the backlog
/// without its stories; `None` there (a filter naming an unknown epic, say)
/// declines too. `Ok(false)`: declined, nothing written, load the file.
pub fn write_json<F>(
    path: &Path,
    what: Json,
    pick: impl FnOnce(&Backlog) -> Option<F>,
    out: &mut impl Write,
) -> io::Result<bool>
where
    F: Fn(&Story) -> bool + Sync,
{
    write_json_splitting_from(path, what, pick, out, SPLIT_FROM)
}

/// [`write_json`], cutting the stories in two from files of `split_from`
/// bytes on; for tests, which cut small files too.
#[doc(hidden)]
pub fn write_json_splitting_from<F>(
    path: &Path,
    what: Json,
    pick: impl FnOnce(&Backlog) -> Option<F>,
    out: &mut impl Write,
    split_from: usize,
) -> io::Result<bool>
where
    F: Fn(&Story) -> bool + Sync,
{
    let path = super::resolve_symlink(path);
    let Ok((bytes, _)) = read_with_stamp(&path) else {
        return Ok(false);
    };
    let Some(parts) = written(&bytes, what, pick, split_from) else {
        return Ok(false);
    };
    for part in parts.iter() {
        out.write_all(part)?;
    }
    Ok(true)
}

/// The output in the order it is written.
struct Parts {
    head: Vec<u8>,
    runs: Vec<Vec<u8>>,
    tail: Vec<u8>,
}

impl Parts {
    /// The pieces, the first story without the comma every element starts with.
    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let mut first = true;
        let runs = self.runs.iter().filter(|r| !r.is_empty()).map(move |r| {
            let r = if first { &r[1..] } else { &r[..] };
            first = false;
            r
        });
        std::iter::once(&self.head[..])
            .chain(runs)
            .chain(std::iter::once(&self.tail[..]))
    }
}

/// What one run of stories gave: their bytes, and what the checks a load
/// makes across the whole backlog need to know of them.
#[derive(Default)]
struct Run {
    bytes: Vec<u8>,
    key_hashes: Vec<u64>,
    wanted: NextKeys,
}

fn written<F>(
    bytes: &[u8],
    what: Json,
    pick: impl FnOnce(&Backlog) -> Option<F>,
    split_from: usize,
) -> Option<Parts>
where
    F: Fn(&Story) -> bool + Sync,
{
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let (open, close) = split::stories_array(bytes)?;
    let mut rest = String::with_capacity(open + bytes.len() - close);
    rest.push_str(std::str::from_utf8(&bytes[..open]).ok()?);
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
    let elements = &bytes[open..close];
    let cut = (elements.len() >= split_from)
        .then(|| split::cut_point(elements))
        .flatten();
    let runs = match cut {
        None => vec![run(elements, &keep, depth)?],
        Some(cut) => {
            let (first, second) = (&elements[..cut], &elements[cut + 1..]);
            let (first, second) = std::thread::scope(|scope| {
                let later = scope.spawn(|| run(second, &keep, depth));
                let first = run(first, &keep, depth);
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
    let any = runs.iter().any(|r| !r.bytes.is_empty());
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
    let runs = runs.into_iter().map(|r| r.bytes).collect();
    Some(Parts { head, runs, tail })
}

/// Parses a run of array elements (`{…}, {…}`) one story at a time and
/// writes those `keep` keeps as elements `depth` deep, each after a comma.
/// `None` unless the run is exactly stories separated by commas, each as a
/// load would keep it.
fn run(elements: &[u8], keep: &impl Fn(&Story) -> bool, depth: usize) -> Option<Run> {
    let text = std::str::from_utf8(elements).ok()?;
    let mut out = Run {
        // The output is about the size of the input: reserved once, not
        // grown by copying.
        bytes: Vec::with_capacity(elements.len() + 1024),
        key_hashes: Vec::with_capacity(elements.len() / 512 + 1),
        wanted: NextKeys::default(),
    };
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    if skip_space(elements, 0) == elements.len() {
        return Some(out);
    }
    let mut at = 0;
    loop {
        let mut stream = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Story>();
        let story = stream.next()?.ok()?;
        // The load reads these differently (see `split.rs` and
        // `Backlog::adopt_goal_labels`).
        if split::too_deep(&story) || story.labels.iter().any(|l| l == LEGACY_GOAL_LABEL) {
            return None;
        }
        out.key_hashes.push(hasher.hash_one(story.key.as_str()));
        if let Some((kind, n)) = Kind::of_key(&story.key) {
            let w = out.wanted.get_mut(kind);
            *w = (*w).max(n.saturating_add(1));
        }
        if keep(&story) {
            encode::story_element(&mut out.bytes, &story, depth).ok()?;
        }
        at = skip_space(elements, at + stream.byte_offset());
        match elements.get(at) {
            None => return Some(out),
            Some(b',') => at += 1,
            Some(_) => return None,
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
