//! The top error type of a statement and its diagnostic rendering (spans live in
//! [`crate::span`], the errors of mathematics in [`crate::math_error`]).
//!
//! Errors are values in every layer; only this module (called from the REPL, the CLI and the
//! tests) turns them into text with a caret under the offending source.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

use crate::interrupt::Interrupted;
use crate::math_error::MathError;
use crate::span::Span;

/// Any error a statement can produce, with the span it refers to when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Parse(#[from] crate::syntax::ParseError),
    #[error("{error}")]
    Math {
        error: MathError,
        span: Option<Span>,
    },
    /// A numerical method failed (no convergence, a cycle, a singular Jacobian): what
    /// happened, a machine-readable kind, and what to try next.
    #[error("{message}")]
    Method {
        message: String,
        kind: &'static str,
        hint: Option<String>,
        span: Option<Span>,
    },
    #[error("{message}")]
    Usage {
        message: String,
        span: Option<Span>,
        hint: Option<String>,
    },
    /// A file could not be read or written.
    #[error("{message}")]
    Io { message: String, span: Option<Span> },
    /// Ctrl-C: the statement and the rest of the input are abandoned, the session kept.
    #[error("interrupted")]
    Interrupted,
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
    fn hint(&self) -> Option<String> {
        match self {
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
        let mut diagnostic = Diagnostic::error().with_message(self.to_string());
        if let Some(span) = self.span() {
            // codespan cannot point past the end of the text: pad with a space so an
            // end-of-input error gets a caret just after the last character.
            let start = span.start.min(source.len());
            let end = span.end.clamp(start, source.len());
            let end = if end == start { start + 1 } else { end };
            diagnostic = diagnostic.with_labels(vec![
                Label::primary((), start..end).with_message(self.label()),
            ]);
        }
        if let Some(hint) = self.hint() {
            diagnostic = diagnostic.with_notes(vec![format!("hint: {hint}")]);
        }
        let file = SimpleFile::new(origin, format!("{source} "));
        term::emit_into_string(&Config::default(), &file, &diagnostic)
            .unwrap_or_else(|_| format!("error: {self}\n"))
    }
}
