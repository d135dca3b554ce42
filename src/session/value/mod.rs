//! What a statement evaluates to. Algebraic values (expressions, equations, lists) compose
//! directly; evidence-carrying results (a root, all roots of a polynomial, a plot, and the
//! fits and tables of later families) are [`Report`]s: they render themselves and stand for a
//! value when used in further computation (`ans^2` after `solve` squares the root).

mod arith;
pub mod matrix;
mod report;
mod table;

pub use arith::Arith;
pub use report::{Report, ReportBox};
pub use table::{Cell, Table};

use std::sync::Arc;

use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::linalg::Matrix;
use crate::math_error::MathError;
use crate::series::AnySeries;
use crate::span::Span;
use crate::syntax::ast::Relation;

/// The result of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Expr(Expr),
    /// `lhs = rhs`, kept as an equation (solve and subs read it).
    Equation(Expr, Expr),
    /// `lhs >= rhs` and the other relations (prove reads it).
    Inequality(Expr, Relation, Expr),
    /// `[a, b, ...]`.
    List(Vec<Value>),
    /// A matrix (a list literal of equal-length rows of expressions becomes one).
    Matrix(Arc<Matrix>),
    /// Text for the user (help).
    Text(String),
    /// A definition was stored; `text` restates it (`f(x) := x^2`).
    Defined {
        name: String,
        text: String,
    },
    /// A truncated series with exact coefficients and its order term.
    Series(Arc<AnySeries>),
    /// A result with its evidence (see [`Report`]).
    Report(ReportBox),
}

impl Value {
    /// Wrap a report.
    pub fn report(r: impl Report) -> Value {
        Value::Report(ReportBox(Arc::new(r)))
    }
    /// The report of type `T` inside, if this is one.
    pub fn downcast<T: Report>(&self) -> Option<&T> {
        match self {
            Value::Report(r) => r.0.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }
    /// A short name of the kind (used by `--json` and in messages).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Expr(_) => "expr",
            Value::Equation(..) => "equation",
            Value::Inequality(..) => "inequality",
            Value::List(_) => "list",
            Value::Matrix(_) => "matrix",
            Value::Text(_) => "text",
            Value::Defined { .. } => "definition",
            Value::Series(_) => "series",
            Value::Report(r) => r.0.kind(),
        }
    }
    /// `measure` summed over the elements of a list, nested lists walked through (a value that
    /// is not a list is its own one element), until the sum passes `stop`.
    pub fn list_total(&self, stop: usize, measure: impl Fn(&Value) -> usize) -> usize {
        let mut total = 0usize;
        let mut pending = vec![self];
        while let Some(v) = pending.pop() {
            if total > stop {
                break;
            }
            match v {
                Value::List(items) => pending.extend(items.iter()),
                other => total = total.saturating_add(measure(other)),
            }
        }
        total
    }
    /// Elements of a list, nested lists counted through (a matrix counts its entries,
    /// anything else 1), counted until `stop` is passed.
    pub fn element_count(&self, stop: usize) -> usize {
        self.list_total(stop, |v| match v {
            Value::Matrix(m) => m.rows() * m.cols(),
            _ => 1,
        })
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
    /// What the value stands for as an operand: a report's value (a root's number, the list
    /// of all roots), anything else itself; an error when a report's value is not proven. A
    /// report that stands for nothing (a plot) stays as it is, so the operation using it
    /// reports its kind.
    pub fn operand(self, span: Span) -> Result<Value, Error> {
        match &self {
            Value::Report(r) => match r.0.value() {
                Some(v) => v.map_err(|e| Error::math(e, span)),
                None => Ok(self),
            },
            _ => Ok(self),
        }
    }
    /// `x = value` pairs this value substitutes (a root from solve), if it is such a result.
    pub fn bindings(&self) -> Option<Result<Vec<(String, Expr)>, MathError>> {
        match self {
            Value::Report(r) => r.0.bindings(),
            _ => None,
        }
    }
    /// The result recomputed to `digits` digits, for results that can be (roots).
    pub fn refine(&self, digits: u32) -> Option<Result<Value, Error>> {
        match self {
            Value::Report(r) => r.0.refine(digits),
            _ => None,
        }
    }
    /// `lhs = rhs` or an expression (meaning `= 0`) as one expression f with f = 0: the one
    /// conversion every equation-taking command uses.
    pub fn zero_form(self, span: Span) -> Result<Expr, Error> {
        match self.operand(span)? {
            Value::Expr(e) => Ok(e),
            Value::Equation(l, r) => canon::sub(l, r).map_err(|e| Error::math(e, span)),
            other => Err(Error::usage_hint(
                format!("expected an equation, found a {}", other.kind()),
                span,
                "write lhs = rhs, or an expression meaning = 0",
            )),
        }
    }
    /// Series replaced by their truncated sums (the O-term dropped), inside lists too: what a
    /// plot draws for a series.
    pub fn without_order_terms(self) -> Result<Value, MathError> {
        match self {
            Value::Series(s) => s.polynomial().map(Value::Expr),
            Value::List(items) => Ok(Value::List(
                items
                    .into_iter()
                    .map(Value::without_order_terms)
                    .collect::<Result<_, _>>()?,
            )),
            other => Ok(other),
        }
    }
    /// The free symbols of every expression inside, sorted and without repeats.
    pub fn free_symbols(&self) -> Vec<String> {
        let mut out = match self {
            Value::Expr(e) => e.free_symbols(),
            Value::Equation(l, r) => {
                let mut s = l.free_symbols();
                s.extend(r.free_symbols());
                s
            }
            Value::List(items) => items.iter().flat_map(Value::free_symbols).collect(),
            Value::Matrix(m) => match &**m {
                Matrix::Exprs(d) => d.data().iter().flat_map(Expr::free_symbols).collect(),
                Matrix::Doubles { .. } => Vec::new(),
            },
            Value::Series(s) => {
                let mut all = vec![s.frame().var.clone()];
                all.extend(s.terms().iter().flat_map(|(_, c)| c.free_symbols()));
                all
            }
            _ => Vec::new(),
        };
        out.sort();
        out.dedup();
        out
    }
    /// Apply `f` to an expression, to both sides of an equation, or to each item of a list:
    /// the one element-wise mapping every command uses.
    pub fn map_exprs(
        self,
        span: Span,
        f: &dyn Fn(&Expr) -> Result<Expr, MathError>,
    ) -> Result<Value, Error> {
        let apply = |e: &Expr| f(e).map_err(|err| Error::math(err, span));
        match self.operand(span)? {
            Value::Expr(e) => apply(&e).map(Value::Expr),
            Value::Equation(l, r) => Ok(Value::Equation(apply(&l)?, apply(&r)?)),
            Value::List(items) => Ok(Value::List(
                items
                    .into_iter()
                    .map(|i| i.map_exprs(span, f))
                    .collect::<Result<Vec<_>, _>>()?,
            )),
            Value::Matrix(m) => m
                .exprs()
                .try_map(|e| apply(e))
                .map(|d| Value::matrix(Matrix::Exprs(d))),
            // A series maps its coefficients (N, expand, substituting a parameter).
            Value::Series(s) => s
                .map_coefficients(f)
                .map(|s| Value::Series(Arc::new(s)))
                .map_err(|e| Error::math(e, span)),
            other => Err(Error::usage(
                format!("expected an expression, found a {}", other.kind()),
                span,
            )),
        }
    }
    /// Item `k` (1-based; negative counts from the end) of a list, or of what a report stands
    /// for.
    pub fn index(self, k: i64, span: Span) -> Result<Value, Error> {
        let value = self.operand(span)?;
        if let Value::Matrix(m) = &value {
            let position = one_based(k, m.rows(), "row", span)?;
            return Ok(Value::List(
                (0..m.cols())
                    .map(|j| Value::Expr(m.entry(position, j)))
                    .collect(),
            ));
        }
        let Value::List(mut items) = value else {
            return Err(Error::usage_hint(
                "only a list can be indexed",
                span,
                "v[k] is the k-th item of a list (1-based), A[i, j] an entry of a matrix",
            ));
        };
        let n = items.len() as i64;
        let position = if k < 0 { n + k } else { k - 1 };
        if k == 0 || position < 0 || position >= n {
            return Err(Error::usage_hint(
                format!(
                    "index {k} is out of range: the list has {n} item{}",
                    if n == 1 { "" } else { "s" }
                ),
                span,
                "indices run from 1 to the length (negative ones count from the end)",
            ));
        }
        Ok(items.swap_remove(position as usize))
    }
}

/// The 0-based position of 1-based index `k` (negative counts from the end) along a side of
/// `len` positions: the items of a list (`unit` "item") or the rows or columns of a matrix.
pub fn one_based(k: i64, len: usize, unit: &str, span: Span) -> Result<usize, Error> {
    let n = len as i64;
    let position = if k < 0 { n + k } else { k - 1 };
    if k == 0 || position < 0 || position >= n {
        let (prefix, container) = if unit == "item" {
            (String::new(), "list")
        } else {
            (format!("{unit} "), "matrix")
        };
        return Err(Error::usage_hint(
            format!(
                "{prefix}index {k} is out of range: the {container} has {n} {unit}{}",
                if n == 1 { "" } else { "s" }
            ),
            span,
            "indices run from 1 to the length (negative ones count from the end)",
        ));
    }
    Ok(position as usize)
}

/// A non-empty list of lists of the same non-zero length.
pub fn is_matrix(items: &[Value]) -> bool {
    let width = match items.first() {
        Some(Value::List(row)) if !row.is_empty() => row.len(),
        _ => return false,
    };
    items.iter().all(|r| matches!(r, Value::List(row) if row.len() == width && row.iter().all(|v| matches!(v, Value::Expr(_)))))
}
