//! What a statement evaluates to.

use crate::expr::Expr;
use crate::plot::curves::ErrorMaximum;
use crate::plot::figure::Figure;
use crate::plot::render::ImageFormat;
use crate::solve::{Certificate, Root, RootValue};

/// The result of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Expr(Expr),
    /// `lhs = rhs`, kept as an equation (solve and subs read it).
    Equation(Expr, Expr),
    /// `[a, b, ...]`; a list of equal-length lists is a matrix.
    List(Vec<Value>),
    /// Text for the user (help).
    Text(String),
    /// A root (or a system's solution) with its evidence.
    Root(Box<Root>),
    /// All roots of a polynomial with multiplicities and a certificate each; `digits` as in
    /// [`Root`].
    Roots {
        var: String,
        roots: Vec<(RootValue, u32)>,
        digits: Option<u32>,
        certificates: Vec<Certificate>,
    },
    /// A definition was stored; `text` restates it (`f(x) := x^2`).
    Defined {
        name: String,
        text: String,
    },
    /// A picture was written to a file.
    Plot(Box<Plotted>),
}

/// What `plot`, `plot_points` and `plot_error` made.
#[derive(Debug, Clone, PartialEq)]
pub struct Plotted {
    pub path: String,
    pub format: ImageFormat,
    pub figure: Figure,
    /// Whether a terminal may show the braille preview (`preview = false` turns it off).
    pub preview: bool,
    /// The horizontal variable (for reports).
    pub variable: String,
    /// For error curves: the label of each curve and where its |f - g| peaks.
    pub maxima: Vec<(String, ErrorMaximum)>,
}

impl Value {
    /// A short name of the kind (used by `--json` and in messages).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Expr(_) => "expr",
            Value::Equation(..) => "equation",
            Value::List(items) if is_matrix(items) => "matrix",
            Value::List(_) => "list",
            Value::Text(_) => "text",
            Value::Root(_) => "root",
            Value::Roots { .. } => "roots",
            Value::Defined { .. } => "definition",
            Value::Plot(_) => "plot",
        }
    }
    pub fn as_expr(&self) -> Option<&Expr> {
        match self {
            Value::Expr(e) => Some(e),
            _ => None,
        }
    }
    /// Plain text (re-parses to the same value for expressions, equations and lists).
    pub fn to_plain(&self) -> String {
        super::format::plain(self)
    }
}

/// A non-empty list of lists of the same non-zero length.
pub fn is_matrix(items: &[Value]) -> bool {
    let width = match items.first() {
        Some(Value::List(row)) if !row.is_empty() => row.len(),
        _ => return false,
    };
    items.iter().all(|r| matches!(r, Value::List(row) if row.len() == width && row.iter().all(|v| matches!(v, Value::Expr(_)))))
}
