//! JSON text from the file, laid out again as po lays out its own: each
//! token is copied as it was written, only the white space between them
//! changes. See `store/spelling.rs` for which text comes this way.

use super::Pretty;

impl Pretty<'_> {
    /// Writes `text`, a complete JSON value that has already parsed, at the
    /// current depth.
    pub(super) fn raw(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // How many objects and arrays of `text` are open.
        let mut open = 0usize;
        // Whether the next token is an object member's value (after its `:`).
        let mut member_value = false;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                    i += 1;
                    continue;
                }
                b':' => {
                    self.out.extend_from_slice(b": ");
                    member_value = true;
                    i += 1;
                    continue;
                }
                b'}' | b']' => {
                    open -= 1;
                    self.end(c);
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // A key, or a value: array elements and keys start an entry.
            if open > 0 && !member_value {
                self.element();
            }
            member_value = false;
            if c == b'{' || c == b'[' {
                open += 1;
                self.begin(c);
                i += 1;
                continue;
            }
            let end = token_end(bytes, i);
            self.out.extend_from_slice(&bytes[i..end]);
            i = end;
        }
    }
}

/// Where the string, number or literal starting at `start` ends.
fn token_end(bytes: &[u8], start: usize) -> usize {
    if bytes[start] == b'"' {
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        return bytes.len();
    }
    bytes[start..]
        .iter()
        .position(|b| matches!(b, b',' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r'))
        .map_or(bytes.len(), |n| start + n)
}
