//! The backlog's bytes handed to a file in pieces, copying the stories a
//! command left alone from the file as it was read, where those bytes are
//! known to be exactly what this encoder writes for them (see
//! `store/reuse.rs`, which checks that). The result is the same bytes as
//! [`super::backlog`] gives, without holding the whole file in memory and
//! without encoding the stories that did not change.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use super::{Pretty, Refused};
use crate::model::{Backlog, Story};
use crate::store::spelling::Spellings;

/// Encoded bytes go to the file once this many are pending.
const CHUNK: usize = 256 * 1024;

/// The file as read, and where each of its stories' bytes are (from the
/// story's `{` to its `}`), in the order of the file.
pub struct Copied<'a> {
    pub source: &'a [u8],
    pub ranges: &'a [Range<usize>],
}

/// Writes the backlog to `out`. `read_as` names, for a story, its place
/// in the file as read if its bytes there can be copied. Returns how many
/// stories were copied; `Err(None)` when the encoder refuses a value (the
/// whole encode then says which), `Err(Some(e))` when `out` fails.
pub fn backlog_in_pieces(
    backlog: &Backlog,
    spellings: &Spellings,
    copied: &Copied,
    mut read_as: impl FnMut(&Arc<Story>) -> Option<usize>,
    out: &mut impl Write,
) -> Result<usize, Option<io::Error>> {
    let mut w = Pretty::new(CHUNK + 64 * 1024);
    w.spellings = (!spellings.is_empty()).then_some(spellings);
    let mut failed = None;
    let mut count = 0;
    let mut send = |w: &mut Pretty, run: Option<Range<usize>>| {
        let sent = out.write_all(&w.out).and_then(|()| match run {
            Some(r) => out.write_all(&copied.source[r]),
            None => Ok(()),
        });
        w.out.clear();
        sent.map_err(|e| {
            failed = Some(e);
            Refused
        })
    };
    let written = w.backlog_with(backlog, |w, stories| {
        // Copied stories not yet sent: the last one's place as read, and
        // the bytes from the first one's `{` to the last one's `}`. Two
        // stories next to each other in the file and in the backlog are
        // one copy: the bytes between them are the separator the encoder
        // writes (`store/reuse.rs` checked that too).
        let mut run: Option<(usize, Range<usize>)> = None;
        for story in stories {
            let at = read_as(story);
            if let (Some(j), Some((last, r))) = (at, run.as_mut())
                && *last + 1 == j
            {
                (*last, r.end) = (j, copied.ranges[j].end);
                count += 1;
                continue;
            }
            if let Some((_, r)) = run.take() {
                send(w, Some(r))?;
            }
            w.element();
            match at {
                Some(j) => {
                    run = Some((j, copied.ranges[j].clone()));
                    count += 1;
                }
                None => {
                    w.story(story)?;
                    if w.out.len() >= CHUNK {
                        send(w, None)?;
                    }
                }
            }
        }
        match run {
            Some((_, r)) => send(w, Some(r)),
            None => Ok(()),
        }
    });
    if let Some(e) = failed {
        return Err(Some(e));
    }
    written.map_err(|Refused| None)?;
    w.out.push(b'\n');
    out.write_all(&w.out).map_err(Some)?;
    Ok(count)
}

/// A story's bytes as the file holds it (an element of the top-level
/// `stories` array), one story at a time in a buffer that is reused.
pub struct StoryBytes<'a>(Pretty<'a>);

impl<'a> StoryBytes<'a> {
    pub fn new(spellings: &'a Spellings) -> Self {
        let mut w = Pretty::new(16 * 1024);
        w.spellings = (!spellings.is_empty()).then_some(spellings);
        StoryBytes(w)
    }

    /// From the story's `{` to its `}`, or `None` for a value the encoder
    /// refuses.
    pub fn of(&mut self, story: &Story) -> Option<&[u8]> {
        let w = &mut self.0;
        w.out.clear();
        // Inside the backlog object and its `stories` array.
        (w.depth, w.first) = (2, true);
        w.story(story).ok()?;
        Some(&w.out)
    }
}
