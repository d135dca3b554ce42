//! The matrix value of the language: exact or symbolic entries (literals, exact results) or
//! doubles (files, random matrices, results computed in double precision). Each algorithm asks
//! for the entries it needs — rationals, doubles or MPFR floats — and these conversions are the
//! one place that decides what an entry is.

use rug::{Float, Rational};

use super::dense::{Dense, Shape};
use crate::expr::{Expr, Number};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::eval::{eval_f64, fold_constants};

/// A matrix value.
#[derive(Debug, Clone, PartialEq)]
pub enum Matrix {
    /// Exact numbers, symbols or expressions.
    Exprs(Dense<Expr>),
    /// Doubles, shown with `digits` significant digits (17: the double itself; fewer for a
    /// computed result whose later digits are rounding noise).
    Doubles { entries: Dense<f64>, digits: u32 },
}

impl Matrix {
    /// A matrix of doubles that are data (shown to the shortest round-trip decimal).
    pub fn data(entries: Dense<f64>) -> Matrix {
        Matrix::Doubles {
            entries,
            digits: 17,
        }
    }
    /// A matrix of doubles computed with about `digits` correct significant digits.
    pub fn computed(entries: Dense<f64>, digits: u32) -> Matrix {
        Matrix::Doubles {
            entries,
            digits: digits.clamp(1, 17),
        }
    }
    pub fn exact(entries: &Dense<Rational>) -> Matrix {
        Matrix::Exprs(entries.map(|q| Expr::num(Number::Exact(q.clone()))))
    }
    pub fn shape(&self) -> Shape {
        match self {
            Matrix::Exprs(m) => m.shape(),
            Matrix::Doubles { entries, .. } => entries.shape(),
        }
    }
    pub fn rows(&self) -> usize {
        self.shape().0
    }
    pub fn cols(&self) -> usize {
        self.shape().1
    }
    /// Entry (i, j) as an expression (a double becomes a number that prints its digits).
    pub fn entry(&self, i: usize, j: usize) -> Expr {
        match self {
            Matrix::Exprs(m) => m.at(i, j).clone(),
            Matrix::Doubles { entries, digits } => double_expr(*entries.at(i, j), *digits),
        }
    }
    /// The entries as expressions.
    pub fn exprs(&self) -> Dense<Expr> {
        match self {
            Matrix::Exprs(m) => m.clone(),
            Matrix::Doubles { entries, digits } => entries.map(|x| double_expr(*x, *digits)),
        }
    }
    /// The entries as exact rationals, when every entry is one.
    pub fn rationals(&self) -> Option<Dense<Rational>> {
        match self {
            Matrix::Exprs(m) => m
                .try_map(|e| match e.as_number() {
                    Some(Number::Exact(q)) => Ok(q.clone()),
                    _ => Err(()),
                })
                .ok(),
            Matrix::Doubles { .. } => None,
        }
    }
    /// Whether every entry is a number (no free symbol).
    pub fn is_numeric(&self) -> bool {
        match self {
            Matrix::Exprs(m) => m.data().iter().all(|e| e.free_symbols().is_empty()),
            Matrix::Doubles { .. } => true,
        }
    }
    /// The entries as doubles; an entry with a symbol, or not real and finite, is an error
    /// naming its position.
    pub fn doubles(&self) -> Result<Dense<f64>, MathError> {
        match self {
            Matrix::Doubles { entries, .. } => Ok(entries.clone()),
            Matrix::Exprs(m) => {
                let mut out = Vec::with_capacity(m.data().len());
                for (k, e) in m.data().iter().enumerate() {
                    out.push(entry_value(e, k, m.cols(), eval_f64)?);
                }
                Dense::new(m.rows(), m.cols(), out)
                    .ok_or_else(|| MathError::Domain("inconsistent matrix".into()))
            }
        }
    }
    /// The entries as MPFR floats at `prec` bits, with the relative error of the rounding
    /// (0 when every entry is exactly representable, as doubles and integers are).
    pub fn floats(&self, prec: u32) -> Result<(Dense<Float>, f64), MathError> {
        match self {
            Matrix::Doubles { entries, .. } => {
                Ok((entries.map(|x| Float::with_val(prec, *x)), 0.0))
            }
            Matrix::Exprs(m) => {
                let digits = (f64::from(prec) / std::f64::consts::LOG2_10).ceil() as u32 + 5;
                let mut out = Vec::with_capacity(m.data().len());
                let mut rounded = false;
                for (k, e) in m.data().iter().enumerate() {
                    let x = entry_value(e, k, m.cols(), |e| {
                        let folded = fold_constants(e, digits);
                        match folded.as_number() {
                            Some(n) => Ok(n.to_float(prec)),
                            None => Err(MathError::NotNumeric(format!("{e} is not a number"))),
                        }
                    })?;
                    rounded |= !matches!(e.as_number(), Some(Number::Exact(q)) if Float::with_val(prec, q) == *q);
                    out.push(x);
                }
                let error = if rounded {
                    2f64.powi(1 - prec as i32)
                } else {
                    0.0
                };
                Ok((
                    Dense::new(m.rows(), m.cols(), out)
                        .ok_or_else(|| MathError::Domain("inconsistent matrix".into()))?,
                    error,
                ))
            }
        }
    }
    pub fn transpose(&self) -> Matrix {
        match self {
            Matrix::Exprs(m) => Matrix::Exprs(m.transpose()),
            Matrix::Doubles { entries, digits } => Matrix::Doubles {
                entries: entries.transpose(),
                digits: *digits,
            },
        }
    }
    /// The submatrix of the given rows and columns (0-based).
    pub fn select(&self, rows: &[usize], cols: &[usize]) -> Matrix {
        match self {
            Matrix::Exprs(m) => Matrix::Exprs(m.select(rows, cols)),
            Matrix::Doubles { entries, digits } => Matrix::Doubles {
                entries: entries.select(rows, cols),
                digits: *digits,
            },
        }
    }
}

/// A double as a number expression with `digits` digits shown.
pub fn double_expr(x: f64, digits: u32) -> Expr {
    if x == 0.0 {
        return Expr::int(0);
    }
    match Number::approx(Float::with_val(53, x), digits) {
        Ok(n) => Expr::num(n),
        // Doubles in a matrix are finite (every constructor checks), so this is unreachable.
        Err(_) => Expr::int(0),
    }
}

/// The value of entry number `k` (row-major) by `value`, with the entry's position in errors.
fn entry_value<T>(
    e: &Expr,
    k: usize,
    cols: usize,
    value: impl Fn(&Expr) -> Result<T, MathError>,
) -> Result<T, MathError> {
    let at = || format!("entry ({}, {})", k / cols + 1, k % cols + 1);
    if let Some(s) = e.free_symbols().first() {
        return Err(MathError::NotNumeric(format!(
            "{} is {e}, which has the symbol {s}: this needs numbers",
            at()
        )));
    }
    value(e).map_err(|err| MathError::NotNumeric(format!("{} ({e}): {err}", at())))
}

/// Refuse a matrix of `rows × cols` before it is allocated.
pub fn check_size(rows: u64, cols: u64, exact: bool) -> Result<(), MathError> {
    let (limit, name) = if exact {
        (limits::MAX_EXACT_MATRIX_ENTRIES, "MAX_EXACT_MATRIX_ENTRIES")
    } else {
        (limits::MAX_MATRIX_ENTRIES, "MAX_MATRIX_ENTRIES")
    };
    let count = rows.saturating_mul(cols);
    if count > limit {
        return Err(MathError::TooLarge {
            what: format!(
                "a {rows}×{cols} matrix{}",
                if exact { " of exact entries" } else { "" }
            ),
            limit: format!("{limit} entries, {name}"),
        });
    }
    Ok(())
}

/// Refuse dense work (`rows·cols·inner` multiply-adds) over `MAX_DENSE_WORK` before starting:
/// faer's factorisations do not poll for Ctrl-C.
pub fn check_work(what: &str, rows: u64, cols: u64, inner: u64) -> Result<(), MathError> {
    let work = rows.saturating_mul(cols).saturating_mul(inner);
    if work > limits::MAX_DENSE_WORK {
        return Err(MathError::TooLarge {
            what: what.to_string(),
            limit: format!("{} multiply-adds, MAX_DENSE_WORK", limits::MAX_DENSE_WORK),
        });
    }
    Ok(())
}
