//! A command's save copies the stories it left alone from the file as it
//! was read, instead of encoding them again.
//!
//! A command (`po edit`, `po move`, …) reads the whole file, parses and
//! checks all of it as always, changes a few stories and saves once.
//! Encoding the other 99,999 stories again is most of a save's work, and
//! their bytes are in memory already. But a story's bytes may be copied
//! only if they are exactly what the encoder writes for it: a file edited
//! by hand (another layout, `3.0` for `3`, `\u00e9` for `é`, fields in
//! another order), or a story the load changed (a legacy goal label),
//! would otherwise come out differently than from a whole encode.
//!
//! So the save finds each story in the file by po's layout (a line break
//! cannot be inside a JSON string, so a `}` and a `{` at four spaces of
//! indent are the stories' own), writes the temp file from those pieces,
//! and, while the temp file is fsynced, encodes every story as read into a
//! small buffer and compares it with its piece (two threads, half the
//! stories each). Any difference, anywhere, and the temp file is removed
//! unrenamed and the save encodes the whole file as before. A story of the
//! backlog being saved is copied only if it is the same allocation as the
//! story read: the store holds a reference to each, so a change made a
//! copy (`Arc::make_mut`), and an unchanged one still has the bytes
//! compared. The result is byte for byte what a whole encode writes
//! (tested on random backlogs and edits in tests/store_reuse.rs), the file
//! on disk is replaced the same way (temp file, fsync, rename), and no
//! buffer of the whole new file is built.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::Arc;

use super::encode::{Copied, StoryBytes, backlog_in_pieces};
use super::spelling::Spellings;
use super::split;
use crate::model::{Backlog, Story};

/// The file as a command read it, and its stories as parsed, in file order.
pub(super) struct Source {
    bytes: Vec<u8>,
    stories: Vec<Arc<Story>>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Source({} bytes, {} stories)",
            self.bytes.len(),
            self.stories.len()
        )
    }
}

/// Before the first story: a line break and its indent.
const FIRST: &[u8] = b"\n    ";

impl Source {
    pub(super) fn new(bytes: Vec<u8>, stories: Vec<Arc<Story>>) -> Self {
        Source { bytes, stories }
    }

    /// Where each story as read sits in the file, found by po's layout;
    /// `None` when the file is not laid out that way. Not yet compared:
    /// [`Reuse::write`] does that.
    pub(super) fn places(&self) -> Option<Reuse<'_>> {
        let bytes = &self.bytes;
        let n = self.stories.len();
        if n == 0 {
            return None;
        }
        let (open, close) = split::stories_array(bytes)?;
        // The array ends with a line break and two spaces before its `]`.
        let end = close.checked_sub(3)?;
        if bytes.get(end..close)? != b"\n  " || !bytes.get(open..end)?.starts_with(FIRST) {
            return None;
        }
        let mut ranges = Vec::with_capacity(n);
        let mut start = open + FIRST.len();
        for at in memchr::memmem::find_iter(&bytes[open..end], split::BETWEEN_STORIES) {
            if ranges.len() + 1 == n {
                return None;
            }
            ranges.push(start..open + at + split::COMMA_BETWEEN_STORIES);
            start = open + at + split::BETWEEN_STORIES.len() - 1;
        }
        ranges.push(start..end);
        (ranges.len() == n).then_some(Reuse {
            source: self,
            ranges,
        })
    }
}

/// Whether each story's bytes in the file are exactly what the encoder
/// writes for it.
fn as_encoded(
    bytes: &[u8],
    stories: &[Arc<Story>],
    ranges: &[Range<usize>],
    spellings: &Spellings,
) -> bool {
    let mut encoder = StoryBytes::new(spellings);
    stories
        .iter()
        .zip(ranges)
        .all(|(story, r)| encoder.of(story) == Some(&bytes[r.clone()]))
}

/// The file's stories as read, each placed.
pub(super) struct Reuse<'a> {
    source: &'a Source,
    ranges: Vec<Range<usize>>,
}

impl Reuse<'_> {
    /// Writes the backlog into `file` and fsyncs it: the stories it shares
    /// with the file as read are copied, the others encoded. Returns how
    /// many were copied; `Err(None)` when the copies turn out not to be
    /// what the encoder writes, or it refuses a value (the whole encode
    /// then takes over, or says which value).
    pub(super) fn write(
        &self,
        file: &mut File,
        backlog: &Backlog,
        spellings: &Spellings,
    ) -> Result<usize, Option<io::Error>> {
        let read = &self.source.stories;
        let bytes = &self.source.bytes;
        // Most stories keep their place; a moved one is looked up.
        let mut next = 0;
        let mut moved: Option<HashMap<*const Story, usize>> = None;
        let read_as = |story: &Arc<Story>| {
            let j = match read.get(next) {
                Some(s) if Arc::ptr_eq(s, story) => next,
                _ => *moved
                    .get_or_insert_with(|| {
                        read.iter()
                            .enumerate()
                            .map(|(j, s)| (Arc::as_ptr(s), j))
                            .collect()
                    })
                    .get(&Arc::as_ptr(story))?,
            };
            next = j + 1;
            Some(j)
        };
        let copied = Copied {
            source: bytes,
            ranges: &self.ranges,
        };
        let count = backlog_in_pieces(backlog, spellings, &copied, read_as, file)?;
        // The comparison runs while the disk works: the temp file is only
        // renamed over the backlog once it said yes.
        let half = if bytes.len() >= split::TWO_CORES_FROM {
            read.len() / 2
        } else {
            0
        };
        let (synced, same) = std::thread::scope(|scope| {
            let later =
                scope.spawn(|| as_encoded(bytes, &read[half..], &self.ranges[half..], spellings));
            let first =
                scope.spawn(|| as_encoded(bytes, &read[..half], &self.ranges[..half], spellings));
            let synced = file.sync_all();
            let joined = |t: std::thread::ScopedJoinHandle<'_, bool>| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            };
            (synced, joined(first) & joined(later))
        });
        synced.map_err(Some)?;
        if same { Ok(count) } else { Err(None) }
    }
}
