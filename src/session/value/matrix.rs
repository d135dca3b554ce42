//! Matrices as values: built from list literals of equal-length rows, rendered aligned (and
//! elided when large), indexed and sliced 1-based, and combined by `+ - * / ^` — `*` between
//! matrices is the matrix product, a list next to a matrix is a vector. Exact entries stay
//! exact (rational algorithms), doubles go through faer, anything symbolic through the
//! canonical constructors.

use std::sync::Arc;

use rug::Rational;
use serde_json::{Map, Value as Json, json};

use super::{Arith, Value};
use crate::error::Error;
use crate::expr::print::{Style, to_style};
use crate::expr::{Expr, Number, canon};
use crate::limits;
use crate::linalg::matrix::check_size;
use crate::linalg::{Dense, Matrix, exact, float};
use crate::math_error::MathError;
use crate::span::Span;

/// Rows and columns shown before a large matrix is elided.
const SHOWN_ROWS: (usize, usize) = (10, 4);
const SHOWN_COLS: (usize, usize) = (8, 3);
/// The longest matrix printed on one line.
const ONE_LINE_WIDTH: usize = 100;
/// Significant digits of the doubles of an elided (large) matrix.
const ELIDED_DIGITS: u32 = 8;
/// The widest entry that columns are padded to.
const ALIGNED_WIDTH: usize = 200;

impl Value {
    pub fn matrix(m: Matrix) -> Value {
        Value::Matrix(Arc::new(m))
    }
}

/// A matrix from the rows of a list literal (each a list of expressions of one length).
pub fn from_rows(rows: Vec<Value>, span: Span) -> Result<Value, Error> {
    let (m, n) = (
        rows.len(),
        rows.first().map_or(0, |r| match r {
            Value::List(items) => items.len(),
            _ => 0,
        }),
    );
    check_size(m as u64, n as u64, true).map_err(|e| Error::math(e, span))?;
    let mut data = Vec::with_capacity(m * n);
    for row in rows {
        if let Value::List(items) = row {
            for item in items {
                if let Value::Expr(e) = item {
                    data.push(e);
                }
            }
        }
    }
    Dense::new(m, n, data)
        .map(|d| Value::matrix(Matrix::Exprs(d)))
        .ok_or_else(|| Error::usage("the rows of a matrix must have equal lengths", span))
}

/// The shortest decimal that rounds to `x` at `digits` significant digits.
pub fn double_text(x: f64, digits: u32) -> String {
    let rounded: f64 = if digits >= 17 {
        x
    } else {
        format!("{:.*e}", digits.max(1) as usize - 1, x)
            .parse()
            .unwrap_or(x)
    };
    let a = rounded.abs();
    if a == 0.0 || (1e-4..1e15).contains(&a) {
        format!("{rounded}")
    } else {
        format!("{rounded:e}")
    }
}

/// Entry (i, j) as text; doubles with at most `digits` significant digits.
fn entry_text(m: &Matrix, i: usize, j: usize, style: Style, most: u32) -> String {
    match m {
        Matrix::Doubles { entries, digits } => {
            let text = double_text(*entries.at(i, j), (*digits).min(most));
            match (style, text.split_once('e')) {
                (Style::Latex, Some((mantissa, exponent))) => {
                    format!("{mantissa} \\cdot 10^{{{exponent}}}")
                }
                _ => text,
            }
        }
        Matrix::Exprs(d) => {
            let e = d.at(i, j);
            if e.size() > limits::MAX_PRINTED_NODES {
                format!("<{} nodes>", e.size())
            } else {
                to_style(e, style)
            }
        }
    }
}

/// Positions shown along a side of length `len`: all, or the first and last few with a gap
/// (`None`) between.
fn shown(len: usize, (head, tail): (usize, usize)) -> Vec<Option<usize>> {
    if len <= head + tail + 1 {
        (0..len).map(Some).collect()
    } else {
        (0..head)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((len - tail..len).map(Some))
            .collect()
    }
}

/// The matrix in the style: one line when short (`[[1, 2], [3, 4]]`, which re-parses), else
/// aligned rows, with the middle rows and columns elided past a few (a note says so).
pub fn render(m: &Matrix, style: Style) -> String {
    let (rows, cols) = (shown(m.rows(), SHOWN_ROWS), shown(m.cols(), SHOWN_COLS));
    let gap = if style == Style::Plain { "..." } else { "…" };
    // A large matrix is a preview: its doubles rounded to 8 digits, as NumPy shows them.
    let shown_digits = if rows.contains(&None) || cols.contains(&None) {
        ELIDED_DIGITS
    } else {
        17
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|i| {
            cols.iter()
                .map(|j| match (i, j) {
                    (Some(i), Some(j)) => entry_text(m, *i, *j, style, shown_digits),
                    _ => gap.to_string(),
                })
                .collect()
        })
        .collect();
    if style == Style::Latex {
        let body: Vec<String> = cells.iter().map(|r| r.join(" & ")).collect();
        return format!(
            "\\begin{{pmatrix}} {} \\end{{pmatrix}}",
            body.join(" \\\\ ")
        );
    }
    let elided = rows.len() < m.rows()
        || cols.len() < m.cols()
        || rows.contains(&None)
        || cols.contains(&None);
    let one_line = format!(
        "[{}]",
        cells
            .iter()
            .map(|r| format!("[{}]", r.join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !elided && one_line.chars().count() <= ONE_LINE_WIDTH {
        return one_line;
    }
    // Columns are aligned unless an entry is too wide for that to help (thousands of digits).
    let widths: Vec<usize> = (0..cols.len())
        .map(|j| {
            cells
                .iter()
                .map(|r| r[j].chars().count())
                .max()
                .unwrap_or(0)
        })
        .map(|w| if w > ALIGNED_WIDTH { 0 } else { w })
        .collect();
    let lines: Vec<String> = cells
        .iter()
        .map(|r| {
            let padded: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:>w$}"))
                .collect();
            format!("[{}]", padded.join(", "))
        })
        .collect();
    let grid = format!("[{}]", lines.join(",\n "));
    if elided {
        let kind = match m {
            Matrix::Doubles { .. } => "doubles",
            Matrix::Exprs(_) => "entries",
        };
        format!(
            "{} matrix of {kind} ({gap} marks rows and columns not shown, doubles rounded to {ELIDED_DIGITS} digits; write_matrix saves all)\n{grid}",
            m.shape()
        )
    } else {
        grid
    }
}

/// The JSON fields of a matrix: its shape, the entries as printed text, and as doubles when
/// every entry is a number.
pub fn json(m: &Matrix) -> Map<String, Json> {
    let mut out = Map::new();
    out.insert("rows".into(), json!(m.rows()));
    out.insert("cols".into(), json!(m.cols()));
    out.insert("exact".into(), json!(m.rationals().is_some()));
    let text: Vec<Vec<String>> = (0..m.rows())
        .map(|i| {
            (0..m.cols())
                .map(|j| entry_text(m, i, j, Style::Plain, 17))
                .collect()
        })
        .collect();
    out.insert("entries".into(), json!(text));
    if let Ok(d) = m.doubles() {
        let values: Vec<Vec<f64>> = (0..d.rows()).map(|i| d.row(i).to_vec()).collect();
        out.insert("values".into(), json!(values));
    }
    out
}

/// An index along one side: one position or a range of them (0-based, checked).
pub enum Selection {
    One(usize),
    Range(Vec<usize>),
}

/// `A[rows, cols]`: an entry, a row or column part as a list, or a submatrix.
pub fn select(m: &Matrix, rows: Selection, cols: Selection) -> Value {
    match (rows, cols) {
        (Selection::One(i), Selection::One(j)) => Value::Expr(m.entry(i, j)),
        (Selection::One(i), Selection::Range(js)) => {
            Value::List(js.iter().map(|&j| Value::Expr(m.entry(i, j))).collect())
        }
        (Selection::Range(is), Selection::One(j)) => {
            Value::List(is.iter().map(|&i| Value::Expr(m.entry(i, j))).collect())
        }
        (Selection::Range(is), Selection::Range(js)) => Value::matrix(m.select(&is, &js)),
    }
}

/// A list of expressions as a column (or row) vector.
fn vector(items: &[Value]) -> Option<Vec<Expr>> {
    items
        .iter()
        .map(|v| match v {
            Value::Expr(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

/// `op` when at least one side is a matrix; `None` when neither is.
pub fn combine(op: Arith, a: &Value, b: &Value, span: Span) -> Option<Result<Value, Error>> {
    let result = match (a, b) {
        (Value::Matrix(x), Value::Matrix(y)) => between(op, x, y, span),
        (Value::Matrix(x), Value::Expr(s)) => scalar(op, x, s, true, span),
        (Value::Expr(s), Value::Matrix(x)) => scalar(op, x, s, false, span),
        (Value::Matrix(x), Value::List(items)) if matches!(op, Arith::Mul) => {
            let Some(v) = vector(items) else {
                return Some(Err(Error::usage(
                    "a matrix multiplies a list of numbers or expressions (a vector)",
                    span,
                )));
            };
            let column = Matrix::Exprs(Dense::from_fn(v.len(), 1, |i, _| v[i].clone()));
            between(Arith::Mul, x, &column, span).map(flatten)
        }
        (Value::List(items), Value::Matrix(x)) if matches!(op, Arith::Mul) => {
            let Some(v) = vector(items) else {
                return Some(Err(Error::usage(
                    "a list of numbers or expressions (a vector) multiplies a matrix",
                    span,
                )));
            };
            let row = Matrix::Exprs(Dense::from_fn(1, v.len(), |_, j| v[j].clone()));
            between(Arith::Mul, &row, x, span).map(flatten)
        }
        (Value::Matrix(x), other) | (other, Value::Matrix(x)) => Err(Error::usage(
            format!(
                "cannot apply '{}' to a {} matrix and a {}",
                op.symbol(),
                x.shape(),
                other.kind()
            ),
            span,
        )),
        _ => return None,
    };
    Some(result)
}

/// A one-column or one-row matrix as a list.
fn flatten(v: Value) -> Value {
    match v {
        Value::Matrix(m) => Value::List(
            (0..m.rows())
                .flat_map(|i| (0..m.cols()).map(move |j| (i, j)))
                .map(|(i, j)| Value::Expr(m.entry(i, j)))
                .collect(),
        ),
        other => other,
    }
}

fn math(span: Span) -> impl Fn(MathError) -> Error {
    move |e| Error::math(e, span)
}

/// Exact entries must stay within the integer-size limit.
fn exact_result(d: Dense<Rational>, span: Span) -> Result<Value, Error> {
    let bits = d
        .data()
        .iter()
        .map(|q| u64::from(q.numer().significant_bits()) + u64::from(q.denom().significant_bits()))
        .max()
        .unwrap_or(0);
    if bits > limits::MAX_INTEGER_BITS {
        return Err(Error::math(
            MathError::TooLarge {
                what: "an entry of the exact result".into(),
                limit: format!("{} bits per integer", limits::MAX_INTEGER_BITS),
            },
            span,
        ));
    }
    Ok(Value::matrix(Matrix::exact(&d)))
}

/// Digits shown for the result of double arithmetic on operands shown with `a` and `b`.
fn combined_digits(x: &Matrix, y: &Matrix) -> u32 {
    let d = |m: &Matrix| match m {
        Matrix::Doubles { digits, .. } => (*digits).min(15),
        Matrix::Exprs(_) => 15,
    };
    d(x).min(d(y))
}

fn between(op: Arith, x: &Matrix, y: &Matrix, span: Span) -> Result<Value, Error> {
    let (sx, sy) = (x.shape(), y.shape());
    match op {
        Arith::Add | Arith::Sub => {
            if sx != sy {
                return Err(Error::usage(
                    format!(
                        "cannot {} a {sx} matrix and a {sy} matrix: the shapes differ",
                        if matches!(op, Arith::Add) {
                            "add"
                        } else {
                            "subtract"
                        }
                    ),
                    span,
                ));
            }
        }
        Arith::Mul => {
            if sx.1 != sy.0 {
                return Err(Error::usage_hint(
                    format!(
                        "cannot multiply a {sx} matrix by a {sy} matrix: the first has {} column{}, the second {} row{}",
                        sx.1,
                        if sx.1 == 1 { "" } else { "s" },
                        sy.0,
                        if sy.0 == 1 { "" } else { "s" }
                    ),
                    span,
                    "the product A*B needs as many columns in A as rows in B; transpose(A) or A' flips one",
                ));
            }
            check_size(
                sx.0 as u64,
                sy.1 as u64,
                !matches!(
                    (x, y),
                    (Matrix::Doubles { .. }, _) | (_, Matrix::Doubles { .. })
                ),
            )
            .map_err(math(span))?;
        }
        Arith::Div | Arith::Pow => {
            return Err(Error::usage_hint(
                format!("'{}' between matrices is not defined", op.symbol()),
                span,
                "A*inverse(B) divides; A^n takes a whole-number power of a square matrix",
            ));
        }
    }
    if let (Some(a), Some(b)) = (x.rationals(), y.rationals()) {
        let d = match op {
            Arith::Mul => exact::matmul(&a, &b).map_err(|e| Error::math(e.into(), span))?,
            _ => Dense::from_fn(sx.0, sx.1, |i, j| {
                if matches!(op, Arith::Add) {
                    Rational::from(a.at(i, j) + b.at(i, j))
                } else {
                    Rational::from(a.at(i, j) - b.at(i, j))
                }
            }),
        };
        return exact_result(d, span);
    }
    let doubles = matches!(x, Matrix::Doubles { .. }) || matches!(y, Matrix::Doubles { .. });
    if doubles && x.is_numeric() && y.is_numeric() {
        if matches!(op, Arith::Mul) {
            crate::linalg::matrix::check_work(
                &format!("the product of a {sx} and a {sy} matrix"),
                sx.0 as u64,
                sy.1 as u64,
                sx.1 as u64,
            )
            .map_err(math(span))?;
        }
        let (a, b) = (
            x.doubles().map_err(math(span))?,
            y.doubles().map_err(math(span))?,
        );
        let d = match op {
            Arith::Mul => float::matmul(&a, &b),
            Arith::Add => Dense::from_fn(sx.0, sx.1, |i, j| a.at(i, j) + b.at(i, j)),
            _ => Dense::from_fn(sx.0, sx.1, |i, j| a.at(i, j) - b.at(i, j)),
        };
        return Ok(Value::matrix(Matrix::computed(d, combined_digits(x, y))));
    }
    check_size(sx.0 as u64, sy.1 as u64, true).map_err(math(span))?;
    let (a, b) = (x.exprs(), y.exprs());
    let d = match op {
        Arith::Mul => {
            let mut out = Vec::with_capacity(sx.0 * sy.1);
            for i in 0..sx.0 {
                crate::interrupt::check().map_err(|e| Error::math(e.into(), span))?;
                for j in 0..sy.1 {
                    let terms = (0..sx.1)
                        .map(|k| canon::mul2(a.at(i, k).clone(), b.at(k, j).clone()))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(math(span))?;
                    out.push(canon::add(terms).map_err(math(span))?);
                }
            }
            Dense::new(sx.0, sy.1, out).unwrap_or_else(|| Dense::from_fn(0, 0, |_, _| Expr::int(0)))
        }
        _ => a
            .data()
            .iter()
            .zip(b.data())
            .map(|(p, q)| op.apply(p.clone(), q.clone()))
            .collect::<Result<Vec<_>, _>>()
            .map(|v| {
                Dense::new(sx.0, sx.1, v)
                    .unwrap_or_else(|| Dense::from_fn(0, 0, |_, _| Expr::int(0)))
            })
            .map_err(math(span))?,
    };
    Ok(Value::matrix(Matrix::Exprs(d)))
}

/// A matrix and a scalar: multiples and quotients entry by entry, whole-number powers of a
/// square matrix; a sum with a scalar is refused (it is ambiguous: every entry, or s·I?).
fn scalar(op: Arith, m: &Matrix, s: &Expr, matrix_left: bool, span: Span) -> Result<Value, Error> {
    match op {
        Arith::Add | Arith::Sub => Err(Error::usage_hint(
            format!(
                "cannot {} a {} matrix and a number",
                if matches!(op, Arith::Add) {
                    "add"
                } else {
                    "subtract"
                },
                m.shape()
            ),
            span,
            "for A + s·I write A + s*eye(n); for every entry write A + s*ones(m, n)",
        )),
        Arith::Pow if matrix_left => power(m, s, span),
        Arith::Pow | Arith::Div if !matrix_left => Err(Error::usage_hint(
            format!(
                "'{}' with a matrix on the right is not defined",
                op.symbol()
            ),
            span,
            "inverse(A) is the inverse; s*inverse(A) divides s by A",
        )),
        _ => {
            if let Matrix::Doubles { entries, digits } = m
                && let Ok(v) = crate::numeric::eval::eval_f64(s)
                && s.free_symbols().is_empty()
            {
                let d = entries.map(|x| {
                    if matches!(op, Arith::Div) {
                        x / v
                    } else {
                        x * v
                    }
                });
                return Ok(Value::matrix(Matrix::computed(d, (*digits).min(15))));
            }
            let exprs = m.exprs();
            let d = exprs
                .try_map(|e| {
                    if matrix_left {
                        op.apply(e.clone(), s.clone())
                    } else {
                        op.apply(s.clone(), e.clone())
                    }
                })
                .map_err(math(span))?;
            Ok(Value::matrix(Matrix::Exprs(d)))
        }
    }
}

/// A^n for a whole number n (negative: powers of the inverse), by repeated squaring.
fn power(m: &Matrix, e: &Expr, span: Span) -> Result<Value, Error> {
    let n = e
        .as_number()
        .and_then(Number::to_i64)
        .filter(|n| n.unsigned_abs() <= 1_000_000)
        .ok_or_else(|| {
            Error::usage_hint(
                format!("a matrix power needs a whole number of size at most 10^6, got {e}"),
                span,
                "A^2 is A*A, A^-1 the inverse",
            )
        })?;
    let (rows, cols) = (m.rows(), m.cols());
    if rows != cols {
        return Err(Error::usage(
            format!("only a square matrix has powers; this one is {}", m.shape()),
            span,
        ));
    }
    let mut base = if n < 0 {
        inverse(m, span)?
    } else {
        Value::matrix(m.clone())
    };
    let mut result = Value::matrix(match m {
        Matrix::Doubles { .. } if m.rationals().is_none() => {
            Matrix::data(Dense::from_fn(rows, rows, |i, j| {
                f64::from(u8::from(i == j))
            }))
        }
        _ => Matrix::exact(&Dense::from_fn(rows, rows, |i, j| {
            Rational::from(u8::from(i == j))
        })),
    });
    let mut k = n.unsigned_abs();
    while k > 0 {
        if k & 1 == 1 {
            result = Arith::Mul.combine(result, base.clone(), span)?;
        }
        k >>= 1;
        if k > 0 {
            base = Arith::Mul.combine(base.clone(), base, span)?;
        }
    }
    Ok(result)
}

/// The inverse of a square matrix: exact for exact entries, by LU in doubles otherwise; a
/// singular matrix is an error that says how it was decided.
pub fn inverse(m: &Matrix, span: Span) -> Result<Value, Error> {
    if m.rows() != m.cols() {
        return Err(Error::usage_hint(
            format!(
                "only a square matrix has an inverse; this one is {}",
                m.shape()
            ),
            span,
            "pinv(A) is the pseudo-inverse of any matrix",
        ));
    }
    if let Some(q) = m.rationals() {
        check_size(m.rows() as u64, m.cols() as u64, true).map_err(math(span))?;
        return match exact::inverse(&q).map_err(|e| Error::math(e.into(), span))? {
            Some(inv) => exact_result(inv, span),
            None => Err(Error::usage_hint(
                "the matrix is singular (its determinant is exactly 0)",
                span,
                "pinv(A) is the pseudo-inverse",
            )),
        };
    }
    let d = m.doubles().map_err(math(span))?;
    match float::inverse(&d).map_err(math(span))? {
        Some(inv) => {
            let s = float::singular_values(&d).map_err(math(span))?;
            let condition = s[0] / s[s.len() - 1];
            // The inverse loses about log10(κ) of the 16 digits of a double.
            let digits = (15.0 - condition.log10()).floor().max(1.0) as u32;
            Ok(Value::matrix(Matrix::computed(inv, digits)))
        }
        None => Err(Error::usage_hint(
            "the matrix is singular to double precision (its smallest singular value is below n·ε times the largest)",
            span,
            "pinv(A) is the pseudo-inverse; exact entries give an exact answer",
        )),
    }
}
