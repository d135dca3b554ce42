//! The top error type of a statement and its diagnostic rendering (spans live in
//! [`crate::span`], the errors of mathematics in [`crate::math_error`]).
//!
//! Errors are values in every layer; only this module (called from the REPL, the CLI and the
//! tests) turns them into text with a caret under the offending source.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use std::ops::Range;

use codespan_reporting::files::{self, Files, SimpleFile};
use codespan_reporting::term::{self, Config};

use crate::interrupt::Interrupted;
use crate::math_error::MathError;
use crate::span::Span;

/// Any error a statement can produce, with the span it refers to when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Parse(#[from] crate::syntax::ParseError),
    #[error("{}", brief(&.error.to_string()))]
    Math {
        error: MathError,
        span: Option<Span>,
    },
    /// A numerical method failed (no convergence, a cycle, a singular Jacobian): what
    /// happened, a machine-readable kind, and what to try next.
    #[error("{}", brief(.message))]
    Method {
        message: String,
        kind: &'static str,
        hint: Option<String>,
        span: Option<Span>,
    },
    #[error("{}", brief(.message))]
    Usage {
        message: String,
        span: Option<Span>,
        hint: Option<String>,
    },
    /// A file could not be read or written.
    #[error("{}", brief(.message))]
    Io { message: String, span: Option<Span> },
    /// Ctrl-C: the statement and the rest of the input are abandoned, the session kept.
    #[error("interrupted")]
    Interrupted,
}

/// Longest message shown; a longer one is cut in the middle.
const MAX_MESSAGE_CHARS: usize = 600;

/// A message as shown: a run of more than 120 digits (a 100,000-digit literal that a message
/// quotes) is written by its first digits and its length, and a message still over
/// [`MAX_MESSAGE_CHARS`] is cut in the middle.
fn brief(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * MAX_MESSAGE_CHARS));
    let mut rest = message;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let digits = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + digits];
        if digits > 120 {
            out.push_str(&format!("{}…({digits} digits)", &run[..20]));
        } else {
            out.push_str(run);
        }
        rest = &rest[start + digits..];
    }
    out.push_str(rest);
    let chars = out.chars().count();
    if chars <= MAX_MESSAGE_CHARS {
        return out;
    }
    let head: String = out.chars().take(MAX_MESSAGE_CHARS / 2).collect();
    let tail: String = out.chars().skip(chars - MAX_MESSAGE_CHARS / 4).collect();
    format!("{head} … ({chars} characters) … {tail}")
}

impl From<Interrupted> for Error {
    fn from(_: Interrupted) -> Self {
        Error::Interrupted
    }
}

impl Error {
    /// An error about how something was called or named.
    pub fn usage(message: impl Into<String>, span: Span) -> Error {
        Error::Usage {
            message: message.into(),
            span: Some(span),
            hint: None,
        }
    }
    /// The same, with a hint line.
    pub fn usage_hint(message: impl Into<String>, span: Span, hint: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            span: Some(span),
            hint: Some(hint.into()),
        }
    }
    /// Attach a span to a math error (an interruption becomes [`Error::Interrupted`]).
    pub fn math(error: MathError, span: Span) -> Error {
        match error {
            MathError::Interrupted => Error::Interrupted,
            error => Error::Math {
                error,
                span: Some(span),
            },
        }
    }
    /// A file that cannot be read or written.
    pub fn io(message: impl Into<String>, span: Span) -> Error {
        Error::Io {
            message: message.into(),
            span: Some(span),
        }
    }
    /// A short machine-readable name for the kind of error (used by `--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Parse(_) => "parse",
            Error::Math { error, .. } => error.kind(),
            Error::Usage { .. } => "usage",
            Error::Method { kind, .. } => kind,
            Error::Io { .. } => "io",
            Error::Interrupted => "interrupted",
        }
    }
    fn span(&self) -> Option<Span> {
        match self {
            Error::Parse(p) => Some(p.span),
            Error::Math { span, .. }
            | Error::Usage { span, .. }
            | Error::Method { span, .. }
            | Error::Io { span, .. } => *span,
            Error::Interrupted => None,
        }
    }
    /// The hint line, if any, for a statement that starts on line `first_line` of `source`.
    pub fn hint(&self, source: &str, first_line: usize) -> Option<String> {
        match self {
            Error::Parse(crate::syntax::ParseError {
                opened: Some(at), ..
            }) => {
                let (line, column) = line_column(source, *at, first_line);
                Some(format!(
                    "the bracket opened at {line}:{column} is not closed"
                ))
            }
            Error::Parse(p) => p.hint.clone(),
            Error::Usage { hint, .. } | Error::Method { hint, .. } => hint.clone(),
            Error::Math { .. } | Error::Io { .. } | Error::Interrupted => None,
        }
    }
    fn label(&self) -> String {
        match self {
            Error::Parse(p) => p.label(),
            _ => "here".to_string(),
        }
    }

    /// Render as `error: ...` with the source line, a caret and a hint, the way the REPL and the
    /// CLI print it. `origin` names the input (`<stdin>`, a file name, `-e`).
    pub fn render(&self, origin: &str, source: &str) -> String {
        self.render_at(origin, source, 1)
    }

    /// The same for a statement that starts on line `first_line` of its input (streamed
    /// input and scripts are evaluated statement by statement). A long line is cut to a
    /// window around the caret.
    pub fn render_at(&self, origin: &str, source: &str, first_line: usize) -> String {
        self.rendered(origin, source, first_line, false)
    }

    /// The same with ANSI colours, for a terminal (the caller checks `NO_COLOR`).
    pub fn render_coloured(&self, origin: &str, source: &str, first_line: usize) -> String {
        self.rendered(origin, source, first_line, true)
    }

    fn rendered(&self, origin: &str, source: &str, first_line: usize, colour: bool) -> String {
        let mut diagnostic = Diagnostic::error().with_message(self.to_string());
        let (shown, span, lines_before) = window(source, self.span());
        let (shown, span) = crate::span::visible(&shown, span);
        if let Some(span) = span {
            // codespan cannot point past the end of the text: pad with a space so an
            // end-of-input error gets a caret just after the last character.
            let start = span.start.min(shown.len());
            let end = span.end.clamp(start, shown.len());
            let end = if end == start { start + 1 } else { end };
            diagnostic = diagnostic.with_labels(vec![
                Label::primary((), start..end).with_message(self.label()),
            ]);
        }
        if let Some(hint) = self.hint(source, first_line) {
            diagnostic = diagnostic.with_notes(vec![format!("hint: {hint}")]);
        }
        let file = NumberedFile {
            file: SimpleFile::new(origin.to_string(), format!("{shown} ")),
            first_line: first_line + lines_before,
        };
        let text = if colour {
            let mut out = term::termcolor::Ansi::new(Vec::new());
            term::emit_to_write_style(&mut out, &Config::default(), &file, &diagnostic)
                .map(|()| String::from_utf8_lossy(&out.into_inner()).into_owned())
        } else {
            term::emit_into_string(&Config::default(), &file, &diagnostic)
        }
        .unwrap_or_else(|_| format!("error: {self}\n"));
        // A cut line shows its window; the header still names the true line and column.
        match (self.location(source, first_line), span) {
            (Some((line, column)), Some(shown_span))
                if shown_span != self.span().unwrap_or_default() =>
            {
                let header = format!("┌─ {origin}:");
                text.lines()
                    .map(|l| match l.find(&header) {
                        Some(i) if colour => format!("{}{header}{line}:{column}\x1b[0m", &l[..i]),
                        Some(i) => format!("{}{header}{line}:{column}", &l[..i]),
                        None => l.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            }
            _ => text,
        }
    }

    /// Line and column (1-based, in characters) of the error in `source`, a statement that
    /// starts on line `first_line`.
    pub fn location(&self, source: &str, first_line: usize) -> Option<(usize, usize)> {
        Some(line_column(source, self.span()?.start, first_line))
    }
}

/// Line and column (1-based, in characters) of byte `at` of `source`, a statement that starts
/// on line `first_line`.
fn line_column(source: &str, at: usize, first_line: usize) -> (usize, usize) {
    let before = &source[..crate::span::floor_char(source, at.min(source.len()))];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (first_line + line, column)
}

/// A statement's text whose first line is line `first_line` of its input (codespan counts
/// from the statement's own first line otherwise; padding the text with empty lines instead
/// made rendering an error at line n cost O(n)).
struct NumberedFile {
    file: SimpleFile<String, String>,
    first_line: usize,
}

impl<'a> Files<'a> for NumberedFile {
    type FileId = ();
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: ()) -> Result<String, files::Error> {
        Files::name(&self.file, id)
    }
    fn source(&'a self, id: ()) -> Result<&'a str, files::Error> {
        Files::source(&self.file, id)
    }
    fn line_index(&'a self, id: (), byte_index: usize) -> Result<usize, files::Error> {
        self.file.line_index(id, byte_index)
    }
    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, files::Error> {
        Ok(line_index + self.first_line)
    }
    fn line_range(&'a self, id: (), line_index: usize) -> Result<Range<usize>, files::Error> {
        self.file.line_range(id, line_index)
    }
}

/// Longest source line shown whole; longer ones are cut to a window around the span.
const MAX_SHOWN_LINE: usize = 160;

/// The source as shown: the span's line cut to about [`MAX_SHOWN_LINE`] characters around the
/// span (with "…" where text is left out) when it is longer, the other lines dropped; the span
/// moved to match, and how many lines came before the one shown.
fn window(source: &str, span: Option<Span>) -> (String, Option<Span>, usize) {
    let Some(span) = span else {
        return (shorten(source), None, 0);
    };
    let start = crate::span::floor_char(source, span.start.min(source.len()));
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    if line_end - line_start <= MAX_SHOWN_LINE && source.len() <= 16 * MAX_SHOWN_LINE {
        return (source.to_string(), Some(span), 0);
    }
    let lines_before = source[..line_start].matches('\n').count();
    let from = crate::span::floor_char(
        source,
        start.saturating_sub(MAX_SHOWN_LINE / 2).max(line_start),
    );
    let to = crate::span::floor_char(source, (start + MAX_SHOWN_LINE / 2).min(line_end));
    let prefix = if from > line_start { "…" } else { "" };
    let suffix = if to < line_end { "…" } else { "" };
    let shown = format!("{prefix}{}{suffix}", &source[from..to]);
    let shift = |i: usize| i.clamp(from, to) - from + prefix.len();
    (
        shown,
        Some(Span::new(shift(span.start), shift(span.end))),
        lines_before,
    )
}

/// A source without a span: its first line, cut.
fn shorten(source: &str) -> String {
    let first = source.lines().next().unwrap_or("");
    if first.len() <= MAX_SHOWN_LINE {
        return first.to_string();
    }
    format!(
        "{}…",
        &first[..crate::span::floor_char(first, MAX_SHOWN_LINE)]
    )
}

#[cfg(test)]
mod tests {
    use super::brief;

    #[test]
    fn long_numbers_and_long_messages_are_shortened() {
        let digits = "7".repeat(100_001);
        assert_eq!(
            brief(&format!("the amplitude {digits} is not below pi")),
            "the amplitude 77777777777777777777…(100001 digits) is not below pi"
        );
        // 120 digits (a 100-digit iterate with its exponent) stay whole.
        let iterate = format!("last iterate 1.{}e-5", "3".repeat(119));
        assert_eq!(brief(&iterate), iterate);
        let long = "ab ".repeat(400);
        let cut = brief(&long);
        assert!(cut.chars().count() < 500, "{cut}");
        assert!(cut.contains("(1200 characters)"), "{cut}");
    }
}
