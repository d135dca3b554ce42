//! The top error type, source spans and diagnostic rendering.
//!
//! Errors are values in every layer; only this module (called from the REPL, the CLI and the
//! tests) turns them into text with a caret under the offending source.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

use crate::interrupt::Interrupted;

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

/// A failure of exact or numeric mathematics (shared by `expr`, `functions` and `numeric`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MathError {
    #[error("division by zero")]
    DivisionByZero,
    #[error("{what} is too large (limit: {limit})")]
    TooLarge { what: String, limit: String },
    #[error("{0}")]
    Domain(String),
    /// The real evaluation has no value but a complex one exists (`sqrt(-4)`, `log(-1)`).
    #[error("{0} has no real value here (the result is complex)")]
    ComplexResult(String),
    #[error("the result is not a finite number ({0})")]
    NotFinite(String),
    #[error("{0}")]
    NotNumeric(String),
    #[error("interrupted")]
    Interrupted,
    /// An enclosure is too wide to decide something (a sign, a branch, whether a divisor is
    /// zero) at the working precision; evaluation by enclosures raises the precision.
    #[error("{0} cannot be decided at this precision")]
    Undetermined(String),
}

impl From<Interrupted> for MathError {
    fn from(_: Interrupted) -> Self {
        MathError::Interrupted
    }
}

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
    #[error("{error}")]
    Solve {
        error: crate::solve::SolveError,
        span: Option<Span>,
    },
    #[error("{message}")]
    Usage {
        message: String,
        span: Option<Span>,
        hint: Option<String>,
    },
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
    /// Attach a span to a math error that has none yet.
    pub fn math(error: MathError, span: Span) -> Error {
        Error::Math {
            error,
            span: Some(span),
        }
    }
    /// A short machine-readable name for the kind of error (used by `--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Parse(_) => "parse",
            Error::Math { error, .. } => match error {
                MathError::DivisionByZero => "division_by_zero",
                MathError::TooLarge { .. } => "too_large",
                MathError::Domain(_) => "domain",
                MathError::ComplexResult(_) => "complex_result",
                MathError::NotFinite(_) => "not_finite",
                MathError::NotNumeric(_) => "not_numeric",
                MathError::Interrupted => "interrupted",
                MathError::Undetermined(_) => "undetermined",
            },
            Error::Usage { .. } => "usage",
            Error::Solve { error, .. } => error.kind(),
        }
    }
    fn span(&self) -> Option<Span> {
        match self {
            Error::Parse(p) => Some(p.span),
            Error::Math { span, .. } | Error::Usage { span, .. } | Error::Solve { span, .. } => {
                *span
            }
        }
    }
    fn hint(&self) -> Option<String> {
        match self {
            Error::Parse(p) => p.hint.clone(),
            Error::Usage { hint, .. } => hint.clone(),
            Error::Math { .. } => None,
            Error::Solve { error, .. } => error.suggestion(),
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
