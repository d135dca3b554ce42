//! Source spans: byte ranges in the statement text, carried from the parser to every error.

/// A byte range in the statement text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The largest char boundary of `s` at or below `i` (spans may point inside a character after
/// the parser's same-length normalisation of pasted notation).
pub fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or above `i`.
pub fn ceil_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether `c` would not show as itself in a terminal: control characters (NUL, VT) other
/// than tab and line ends, zero-width and formatting characters (U+200B, the BOM, the bidi
/// override U+202E), lone combining marks.
pub fn is_invisible(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    !matches!(c, '\t' | '\n' | '\r') && c.width().is_none_or(|w| w == 0)
}

/// `c` as a message shows it: itself, or `\u{…}` when it is invisible.
pub fn shown_char(c: char) -> String {
    if is_invisible(c) {
        format!("\\u{{{:x}}}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// `text` with its invisible characters written as `\u{…}`, and `span` moved to match (so
/// a caret under a zero-width character has something to point at, and a right-to-left
/// override cannot reorder the line on the terminal).
pub fn visible(text: &str, span: Option<Span>) -> (String, Option<Span>) {
    if !text.chars().any(is_invisible) {
        return (text.to_string(), span);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    let mut moved = span;
    for (at, c) in text.char_indices() {
        let piece = shown_char(c);
        let grown = piece.len() - c.len_utf8();
        if let (Some(m), Some(s)) = (moved.as_mut(), span) {
            if s.start > at {
                m.start += grown;
            }
            if s.end > at {
                m.end += grown;
            }
        }
        shown.push_str(&piece);
    }
    (shown, moved)
}
