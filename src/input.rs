//! Statements from a stream (piped stdin, a script file), one at a time as their lines
//! arrive, in bounded memory: a statement ends at the end of a line where its brackets are
//! closed, or at a blank line (an unclosed bracket is then reported, not carried on). So `ansatz` can be driven like `bc`, a 70,000-line script runs in linear time, and
//! `ansatz < /dev/zero` neither grows without bound nor echoes what it refuses.

use std::io::BufRead;

use ansatz::limits::MAX_INPUT_BYTES;
use ansatz::syntax::bracket_depth;

/// How much of an over-long statement is skipped, looking for its end, before the rest of the
/// input is abandoned (a stream without line breaks, such as /dev/zero).
const MAX_SKIPPED_BYTES: usize = 64 * 1024 * 1024;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the reader yields.
pub enum Chunk {
    /// A statement's text (possibly several statements on one line) and the line it starts on.
    Text { text: String, first_line: usize },
    /// A statement over the limit, skipped: where it started, its size so far, and the start of
    /// its first line.
    TooLong {
        first_line: usize,
        bytes: usize,
        preview: String,
        /// The rest of the input was abandoned (no statement boundary in reach).
        abandoned: bool,
    },
    /// The stream could not be read.
    Failed(String),
}

/// The statements of a stream.
pub struct Statements<R> {
    reader: R,
    /// Lines read so far.
    line: usize,
    done: bool,
    /// A line read as the continuation of an unclosed statement that turned out to start the
    /// next one, with its line number.
    carried: Option<(Vec<u8>, usize)>,
}

impl<R: BufRead> Statements<R> {
    pub fn new(reader: R) -> Statements<R> {
        Statements {
            reader,
            line: 0,
            done: false,
            carried: None,
        }
    }

    /// Append the next line (up to and including '\n') to `out`, reading no more than `room`
    /// bytes into it; returns the bytes consumed and whether a line ended.
    fn read_line(&mut self, out: &mut Vec<u8>, room: usize) -> std::io::Result<(usize, bool)> {
        let mut consumed = 0;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok((consumed, false));
            }
            let (take, ended) = match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let keep = take.min(room.saturating_sub(out.len()));
            out.extend_from_slice(&buf[..keep]);
            self.reader.consume(take);
            consumed += take;
            if ended {
                return Ok((consumed, true));
            }
            if out.len() >= room {
                return Ok((consumed, false));
            }
        }
    }

    /// Skip the rest of an over-long statement: to the end of a line where its brackets close.
    fn skip(
        &mut self,
        mut depth: i64,
        first_line: usize,
        mut bytes: usize,
        preview: String,
    ) -> Chunk {
        let mut scratch = Vec::new();
        let abandoned = loop {
            scratch.clear();
            match self.read_line(&mut scratch, 4096) {
                Ok((0, _)) => break false,
                Ok((n, ended)) => {
                    bytes += n;
                    depth += bracket_depth(&String::from_utf8_lossy(&scratch));
                    if ended {
                        self.line += 1;
                        if depth <= 0 {
                            break false;
                        }
                    }
                    if bytes > MAX_SKIPPED_BYTES {
                        break true;
                    }
                }
                Err(_) => break true,
            }
        };
        if abandoned {
            self.done = true;
        }
        Chunk::TooLong {
            first_line,
            bytes,
            preview,
            abandoned,
        }
    }
}

impl<R: BufRead> Iterator for Statements<R> {
    type Item = Chunk;

    fn next(&mut self) -> Option<Chunk> {
        if self.done {
            return None;
        }
        let (mut bytes, mut first_line) =
            self.carried.take().unwrap_or((Vec::new(), self.line + 1));
        let mut depth = bracket_depth(&String::from_utf8_lossy(&bytes));
        if !bytes.is_empty() && depth <= 0 {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            return Some(Chunk::Text { text, first_line });
        }
        loop {
            let before = bytes.len();
            let (n, ended) = match self.read_line(&mut bytes, MAX_INPUT_BYTES + 1) {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Chunk::Failed(e.to_string()));
                }
            };
            if self.line == 0 && before == 0 && bytes.starts_with(BOM) {
                // A byte-order mark (editors on Windows write one) is not part of the text.
                bytes.drain(..BOM.len());
            }
            if n == 0 {
                self.done = true;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                return (!text.trim().is_empty()).then_some(Chunk::Text { text, first_line });
            }
            depth += bracket_depth(&String::from_utf8_lossy(&bytes[before..]));
            if bytes.len() > MAX_INPUT_BYTES {
                let first = String::from_utf8_lossy(&bytes[..bytes.len().min(60)])
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                if ended {
                    self.line += 1;
                    if depth <= 0 {
                        return Some(Chunk::TooLong {
                            first_line,
                            bytes: bytes.len(),
                            preview: first,
                            abandoned: false,
                        });
                    }
                }
                return Some(self.skip(depth, first_line, n.max(bytes.len()), first));
            }
            if ended {
                self.line += 1;
                // A blank line ends a statement whose brackets are still open (as at the
                // REPL): it is reported as unclosed instead of swallowing the rest.
                let blank = bytes[before..].iter().all(u8::is_ascii_whitespace);
                if depth > 0 && before > 0 && !blank {
                    let (head, line) = bytes.split_at(before);
                    let (head, line) =
                        (String::from_utf8_lossy(head), String::from_utf8_lossy(line));
                    if !ansatz::syntax::continues_statement(&head, &line) {
                        // The unclosed statement ends before this line, which starts the next.
                        let text = head.into_owned();
                        self.carried = Some((bytes[before..].to_vec(), self.line));
                        return Some(Chunk::Text { text, first_line });
                    }
                }
                if depth <= 0 || blank {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    if !text.trim().is_empty() {
                        return Some(Chunk::Text { text, first_line });
                    }
                    // A blank line: the next statement starts after it.
                    bytes.clear();
                    first_line = self.line + 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(input: &[u8]) -> Vec<String> {
        Statements::new(input)
            .map(|c| match c {
                Chunk::Text { text, first_line } => format!("{first_line}: {}", text.trim_end()),
                Chunk::TooLong {
                    first_line, bytes, ..
                } => format!("{first_line}: too long ({bytes} bytes)"),
                Chunk::Failed(e) => format!("failed: {e}"),
            })
            .collect()
    }

    #[test]
    fn statements_end_where_their_brackets_close() {
        assert_eq!(
            chunks(b"1+1\nsin(x,\n  2)\n\n3\nf(x\n\n4"),
            ["1: 1+1", "2: sin(x,\n  2)", "5: 3", "6: f(x", "8: 4"]
        );
    }

    #[test]
    fn an_over_long_statement_is_skipped_and_reading_goes_on() {
        let mut input = vec![b'x'; MAX_INPUT_BYTES + 10];
        input.extend_from_slice(b"\n2+2\n");
        let got = chunks(&input);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("1: too long"), "{got:?}");
        assert_eq!(got[1], "2: 2+2");
    }

    #[test]
    fn a_stream_without_line_breaks_is_abandoned_in_bounded_memory() {
        let endless = std::io::Read::take(std::io::repeat(0), 4 * MAX_SKIPPED_BYTES as u64);
        let zeros = std::io::BufReader::new(endless);
        let got: Vec<Chunk> = Statements::new(zeros).collect();
        assert!(matches!(
            got.as_slice(),
            [Chunk::TooLong {
                abandoned: true,
                ..
            }]
        ));
    }
}
