//! The failures of exact and numeric mathematics, shared by `expr`, `functions`, `numeric`
//! and the capabilities built on them. The session attaches spans and turns them into
//! [`crate::error::Error`]s.

use crate::interrupt::Interrupted;

/// A failure of exact or numeric mathematics.
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

impl MathError {
    /// A short machine-readable name (used by `--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            MathError::DivisionByZero => "division_by_zero",
            MathError::TooLarge { .. } => "too_large",
            MathError::Domain(_) => "domain",
            MathError::ComplexResult(_) => "complex_result",
            MathError::NotFinite(_) => "not_finite",
            MathError::NotNumeric(_) => "not_numeric",
            MathError::Interrupted => "interrupted",
            MathError::Undetermined(_) => "undetermined",
        }
    }
}
