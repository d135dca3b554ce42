//! Matrix commands: building matrices (`eye`, `zeros`, `ones`, files), exact and double
//! algebra (`transpose`, `inverse`, `det`, `rank`), the pseudo-inverse with its evidence
//! (`pinv`, `penrose`, `ridge_limit`), the SVD at any precision (`svd`) and the low-rank
//! methods of MATH.md §8 (`lowrank`, `cr_product`, `interp_decomp`). The mathematics is in
//! `crate::linalg`; this file binds arguments, picks exact, double or MPFR arithmetic, and
//! lays out the evidence.

mod decompositions;
mod report;

use std::sync::Arc;

use rug::{Float, Rational};

use super::{Bound, Command, Kind, Param};
use crate::error::Error;
use crate::expr::{Expr, Number, canon};
use crate::limits;
use crate::linalg::matrix::check_size;
use crate::linalg::{Dense, Matrix, exact, float, io};
use crate::math_error::MathError;
use crate::session::Session;
use crate::session::value::Value;
use crate::span::Span;
pub use report::{Line, MatrixReport};

const MATRIX: Param = Param::required("A", Kind::Value, "a matrix");
const SIDE: Kind = Kind::Count {
    min: 1,
    max: 1_000_000,
};
/// `m` rows and `n` columns (n = m when left out).
const SHAPE: &[Param] = &[
    Param::required("m", SIDE, "rows"),
    Param::optional("n", SIDE, "m", "columns"),
];
const DIGITS: Param = Param::optional(
    "digits",
    Kind::Digits,
    "doubles",
    "compute in MPFR at this many digits (one-sided Jacobi) instead of doubles",
);

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "eye",
        params: &[Param::required("n", SIDE, "the size")],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The n × n identity matrix.",
        details: "Exact entries up to 200 × 200 (MAX_EXACT_MATRIX_ENTRIES), doubles beyond.",
        examples: &["eye(3)"],
        run: run_eye,
    },
    Command {
        name: "zeros",
        params: SHAPE,
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The m × n matrix of zeros.",
        details: "",
        examples: &["zeros(2, 3)"],
        run: run_zeros,
    },
    Command {
        name: "ones",
        params: SHAPE,
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The m × n matrix of ones.",
        details: "",
        examples: &["ones(2, 3)"],
        run: run_ones,
    },
    Command {
        name: "diag",
        params: &[Param::required("v", Kind::Value, "a list, or a matrix")],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The diagonal matrix with the entries of a list on its diagonal, or the diagonal of a matrix as a list.",
        details: "",
        examples: &["diag([1, 2, 3])", "diag([[1, 2], [3, 4]])"],
        run: run_diag,
    },
    Command {
        name: "transpose",
        params: &[MATRIX],
        variadic: false,
        options: &[],
        forms: &["A'"],
        summary: "The transpose Aᵀ (also written A' for a matrix named A).",
        details: "",
        examples: &["transpose([[1, 2, 3], [4, 5, 6]])"],
        run: run_transpose,
    },
    Command {
        name: "inverse",
        params: &[MATRIX],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The inverse of a square matrix: exact for exact entries, LU in doubles otherwise (digits shown: those the condition number leaves).",
        details: "",
        examples: &["inverse([[2, 1], [7, 4]])"],
        run: run_inverse,
    },
    Command {
        name: "det",
        params: &[MATRIX],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The determinant: exact by elimination over the rationals, or LU in doubles.",
        details: "",
        examples: &["det([[1, 2], [3, 4]])"],
        run: run_det,
    },
    Command {
        name: "rank",
        params: &[MATRIX],
        variadic: false,
        options: &[&[Param::optional(
            "tol",
            Kind::Real { min: 0.0, max: 1.0 },
            "max(m, n)·ε",
            "singular values at most tol·σ₁ count as zero (doubles only)",
        )]],
        forms: &[],
        summary: "The rank: exact for exact entries; for doubles the singular values above the tolerance (shown).",
        details: "",
        examples: &["rank([[1, 2, 3], [2, 4, 6], [1, 0, 1]])"],
        run: run_rank,
    },
    Command {
        name: "pinv",
        params: &[MATRIX],
        variadic: false,
        options: &[&[
            Param::optional(
                "cutoff",
                Kind::Real { min: 0.0, max: 1.0 },
                "max(m, n)·ε",
                "singular values at most cutoff·σ₁ are treated as zero (doubles)",
            ),
            DIGITS,
        ]],
        forms: &[],
        summary: "The Moore–Penrose pseudo-inverse A⁺: exact for exact entries (full-rank factorisation), else V Σ⁺ Uᵀ from the SVD with the cut-off stated.",
        details: "Exact: A = C F with C the pivot columns and F the non-zero rows of the echelon form, A⁺ = Fᵀ(FFᵀ)⁻¹(CᵀC)⁻¹Cᵀ. Doubles: faer's SVD. digits = N: one-sided Jacobi in MPFR.",
        examples: &["pinv([[1, 2], [2, 4]])", "pinv([[1, 2, 3], [4, 5, 6]])"],
        run: run_pinv,
    },
    Command {
        name: "penrose",
        params: &[
            MATRIX,
            Param::required("P", Kind::Value, "a candidate pseudo-inverse"),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The four Penrose identities APA = A, PAP = P, (AP)ᵀ = AP, (PA)ᵀ = PA: each residual in the Frobenius norm (exactly 0 for an exact A⁺).",
        details: "",
        examples: &["A := [[1, 2, 3], [2, 4, 6], [1, 0, 1]]; penrose(A, pinv(A))"],
        run: run_penrose,
    },
    Command {
        name: "ridge_limit",
        params: &[
            MATRIX,
            Param::optional(
                "eps",
                Kind::Plain,
                "[1/10, 1/100, ..., 10^-8]",
                "ε or a list of them",
            ),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "‖(AᵀA + εI)⁻¹Aᵀ − A⁺‖_F for each ε (at 256 bits): the ridge solution tends to the pseudo-inverse like c·ε, with c = (Σ σ_k⁻⁶)^(1/2) predicted from the singular values.",
        details: "",
        examples: &["ridge_limit([[1, 2], [2, 4], [0, 1]])"],
        run: run_ridge_limit,
    },
    Command {
        name: "norm",
        params: &[
            Param::required("v", Kind::Value, "a list or a matrix"),
            Param::optional("p", Kind::Plain, "2", "2, fro, 1 or inf"),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The norm of a vector (2: Euclidean, 1, inf) or a matrix (2: spectral σ₁, fro: Frobenius, 1: largest column sum, inf: largest row sum) — exact where the entries are, the spectral norm of a matrix in MPFR with its digits certified.",
        details: "",
        examples: &[
            "norm([3, 4])",
            "norm([1, 1])",
            "norm([[1, 2], [3, 4]], fro)",
            "norm([[3, 0], [4, 5]])",
        ],
        run: run_norm,
    },
    decompositions::SVD,
    decompositions::LOWRANK,
    decompositions::CR_PRODUCT,
    decompositions::INTERP_DECOMP,
    Command {
        name: "read_matrix",
        params: &[Param::required("file", Kind::Text, "a .csv or .npy file")],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Read a matrix of doubles from a CSV file (one row per line, a header line of names skipped) or a NumPy .npy file (float64/float32/int64/int32, 1 or 2 dimensions).",
        details: "Paths are relative to the working directory. A bad cell is reported with its line and column.",
        examples: &["write_matrix(eye(2), \"eye2.npy\"); read_matrix(\"eye2.npy\")"],
        run: run_read_matrix,
    },
    Command {
        name: "write_matrix",
        params: &[
            MATRIX,
            Param::required("file", Kind::Text, "a .csv or .npy file"),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Write a numeric matrix as doubles to a CSV file (shortest round-trip decimals) or a NumPy .npy file.",
        details: "The extension chooses the format: .npy is NumPy's, anything else CSV.",
        examples: &["write_matrix([[1, 2], [3, 4]], \"a.csv\")"],
        run: run_write_matrix,
    },
];

fn math(span: Span) -> impl Fn(MathError) -> Error {
    move |e| Error::math(e, span)
}

/// A matrix argument: a matrix, or a list of numbers as a column. Ragged rows and other
/// values are errors that say what was found.
pub fn matrix_arg(b: &mut Bound, name: &str) -> Result<Arc<Matrix>, Error> {
    let span = b.span_of(name);
    matrix_arg_of(b.value(name)?, span)
}

fn matrix_arg_of(value: Value, span: Span) -> Result<Arc<Matrix>, Error> {
    match value.operand(span)? {
        Value::Matrix(m) => Ok(m),
        Value::List(items)
            if items.iter().all(|v| matches!(v, Value::Expr(_))) && !items.is_empty() =>
        {
            let column: Vec<Expr> = items
                .into_iter()
                .filter_map(|v| v.as_expr().cloned())
                .collect();
            Ok(Arc::new(Matrix::Exprs(Dense::from_fn(
                column.len(),
                1,
                |i, _| column[i].clone(),
            ))))
        }
        Value::List(items)
            if items.iter().all(|v| matches!(v, Value::List(_))) && !items.is_empty() =>
        {
            let lengths: Vec<usize> = items
                .iter()
                .map(|r| match r {
                    Value::List(x) => x.len(),
                    _ => 0,
                })
                .collect();
            match lengths.iter().position(|&l| l != lengths[0]) {
                Some(k) => Err(Error::usage_hint(
                    format!(
                        "ragged rows: row {} has {} {} but row 1 has {}",
                        k + 1,
                        lengths[k],
                        if lengths[k] == 1 { "entry" } else { "entries" },
                        lengths[0]
                    ),
                    span,
                    "every row of a matrix has the same length",
                )),
                None => Err(Error::usage(
                    "a matrix's entries must be numbers or expressions, not lists",
                    span,
                )),
            }
        }
        other => Err(Error::usage_hint(
            format!(
                "expected a matrix, found {}",
                match other.kind() {
                    "expr" => "an expression".to_string(),
                    kind if kind.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {kind}"),
                    kind => format!("a {kind}"),
                }
            ),
            span,
            "write a matrix as rows: [[1, 2], [3, 4]]",
        )),
    }
}

/// The entries as doubles for a dense factorisation (an error names a non-numeric entry;
/// a matrix too large to factorise in seconds is refused first).
fn doubles(m: &Matrix, span: Span) -> Result<Dense<f64>, Error> {
    let (r, c) = (m.rows() as u64, m.cols() as u64);
    crate::linalg::matrix::check_work(
        &format!("factorising a {} matrix", m.shape()),
        r,
        c,
        r.min(c),
    )
    .map_err(math(span))?;
    m.doubles().map_err(math(span))
}

/// Exact rational entries of a matrix small enough for exact algorithms.
fn small_exact(m: &Matrix) -> Option<Dense<Rational>> {
    let (r, c) = (m.rows() as u64, m.cols() as u64);
    if check_size(r, c, true).is_err() {
        return None;
    }
    m.rationals()
}

/// Entries of a matrix of doubles whose exact rank is computed (each double is a rational
/// with a 53-bit denominator, so elimination over Q grows fast: 110 × 110 took 18 s).
const EXACT_RANK_OF_DOUBLES_ENTRIES: usize = 400;

/// The exact rationals of a matrix of doubles (every double is one), when small.
fn rationals_of_doubles(m: &Dense<f64>) -> Option<Dense<Rational>> {
    if m.data().len() > EXACT_RANK_OF_DOUBLES_ENTRIES {
        return None;
    }
    m.try_map(|x| Rational::from_f64(*x).ok_or(())).ok()
}

/// A double as a number shown with `digits` digits.
fn number(x: f64, digits: u32) -> Value {
    Value::Expr(crate::linalg::matrix::double_expr(x, digits))
}

/// A number known to lie within `radius` of `value`, shown with the digits that proves (at
/// most `digits`); `None` when the ball contains 0.
fn ball(value: &Float, radius: &Float, digits: u32) -> Option<Expr> {
    Number::ball(value.clone(), radius.clone(), digits)
        .ok()
        .map(Expr::num)
}

/// A constant n × n, m × n matrix: exact when small, doubles beyond.
fn constant_matrix(
    rows: u64,
    cols: u64,
    entry: impl Fn(usize, usize) -> u8,
    span: Span,
) -> Result<Value, Error> {
    check_size(rows, cols, false).map_err(math(span))?;
    let (r, c) = (rows as usize, cols as usize);
    if check_size(rows, cols, true).is_ok() {
        Ok(Value::matrix(Matrix::exact(&Dense::from_fn(
            r,
            c,
            |i, j| Rational::from(entry(i, j)),
        ))))
    } else {
        Ok(Value::matrix(Matrix::data(Dense::from_fn(r, c, |i, j| {
            f64::from(entry(i, j))
        }))))
    }
}

fn run_eye(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let n = b.count("n").unwrap_or(1);
    constant_matrix(n, n, |i, j| u8::from(i == j), b.span)
}

fn run_zeros(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let m = b.count("m").unwrap_or(1);
    constant_matrix(m, b.count("n").unwrap_or(m), |_, _| 0, b.span)
}

fn run_ones(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let m = b.count("m").unwrap_or(1);
    constant_matrix(m, b.count("n").unwrap_or(m), |_, _| 1, b.span)
}

fn run_diag(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span_of("v");
    match b.value("v")?.operand(span)? {
        Value::Matrix(m) => Ok(Value::List(
            (0..m.rows().min(m.cols()))
                .map(|k| Value::Expr(m.entry(k, k)))
                .collect(),
        )),
        other => {
            let column = matrix_arg_of(other, span)?;
            let n = column.rows();
            check_size(n as u64, n as u64, true).map_err(math(span))?;
            Ok(Value::matrix(Matrix::Exprs(Dense::from_fn(
                n,
                n,
                |i, j| {
                    if i == j {
                        column.entry(i, 0)
                    } else {
                        Expr::int(0)
                    }
                },
            ))))
        }
    }
}

fn run_transpose(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    Ok(Value::matrix(matrix_arg(&mut b, "A")?.transpose()))
}

fn run_inverse(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    crate::session::value::matrix::inverse(&*matrix_arg(&mut b, "A")?, span)
}

fn square(m: &Matrix, what: &str, span: Span) -> Result<(), Error> {
    if m.rows() != m.cols() {
        return Err(Error::usage(
            format!("{what} needs a square matrix; this one is {}", m.shape()),
            span,
        ));
    }
    Ok(())
}

fn run_det(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    square(&m, "det", span)?;
    if let Some(q) = small_exact(&m) {
        let d = exact::det(&q).map_err(|e| Error::math(e.into(), span))?;
        return Ok(Value::Expr(Expr::num(Number::Exact(d))));
    }
    if !m.is_numeric() && check_size(m.rows() as u64, m.cols() as u64, true).is_ok() {
        return symbolic_det(&m.exprs(), span).map(Value::Expr);
    }
    let d = doubles(&m, span)?;
    let s = float::singular_values(&d).map_err(math(span))?;
    let condition = s[0] / s[s.len() - 1];
    // LU's determinant carries a relative error of about n·ε·κ.
    let digits = (15.0 - (condition * d.rows() as f64).log10()).floor();
    if digits < 1.0 || !digits.is_finite() {
        return Err(Error::usage_hint(
            "the determinant has no correct digit in double precision (the matrix is singular or nearly so)",
            span,
            "exact entries give the exact determinant",
        ));
    }
    Ok(number(float::det(&d), digits as u32))
}

/// The determinant of a small symbolic matrix by cofactor expansion along the first row.
fn symbolic_det(m: &Dense<Expr>, span: Span) -> Result<Expr, Error> {
    let n = m.rows();
    if n > 6 {
        return Err(Error::usage(
            format!(
                "the determinant of a symbolic {} matrix is limited to 6 × 6 (cofactor expansion)",
                m.shape()
            ),
            span,
        ));
    }
    if n == 1 {
        return Ok(m.at(0, 0).clone());
    }
    let mut terms = Vec::with_capacity(n);
    for j in 0..n {
        let rows: Vec<usize> = (1..n).collect();
        let cols: Vec<usize> = (0..n).filter(|&c| c != j).collect();
        let minor = symbolic_det(&m.select(&rows, &cols), span)?;
        let sign = Expr::int(if j % 2 == 0 { 1 } else { -1 });
        terms.push(canon::mul(vec![sign, m.at(0, j).clone(), minor]).map_err(math(span))?);
    }
    canon::add(terms).map_err(math(span))
}

fn run_rank(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    if let Some(q) = small_exact(&m)
        && !b.given("tol")
    {
        let r = exact::rank(&q).map_err(|e| Error::math(e.into(), span))?;
        return Ok(Value::Expr(Expr::int(r as i64)));
    }
    let d = doubles(&m, span)?;
    let s = float::singular_values(&d).map_err(math(span))?;
    let tol = b.real("tol").unwrap_or_else(|| float::default_cutoff(&d));
    let threshold = tol * s.first().copied().unwrap_or(0.0);
    let r = s.iter().filter(|&&x| x > threshold).count();
    let mut lines = vec![Line::text(
        "numerical rank",
        format!(
            "singular values above {} = {}·σ₁ (faer SVD in doubles)",
            short(threshold),
            short(tol)
        ),
    )];
    lines.extend(first_dropped(&s, r));
    Ok(MatrixReport::plain(
        "rank",
        Value::Expr(Expr::int(r as i64)),
        lines,
    ))
}

/// The largest singular value below the cut-off (σ_{r+1}), as an evidence line.
fn first_dropped(sigma: &[f64], r: usize) -> Option<Line> {
    sigma.get(r).map(|next| {
        Line::text(
            "largest below the cut-off",
            format!("σ{} = {}", r + 1, short(*next)),
        )
    })
}

/// A double in three significant digits (for tolerances and small residuals in evidence).
pub fn short(x: f64) -> String {
    crate::session::value::matrix::double_text(x, 3)
}

fn run_pinv(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    if let Some(digits) = b.count("digits") {
        return decompositions::pinv_at(&m, digits as u32, span);
    }
    if let Some(q) = small_exact(&m)
        && !b.given("cutoff")
    {
        let p = exact::pinv(&q).map_err(|e| Error::math(e.into(), span))?;
        return Ok(Value::matrix(Matrix::exact(&p)));
    }
    let d = doubles(&m, span)?;
    let cutoff = b
        .real("cutoff")
        .unwrap_or_else(|| float::default_cutoff(&d));
    let s = float::singular_values(&d).map_err(math(span))?;
    let (p, rank) = float::pinv(&d, cutoff).map_err(math(span))?;
    let kept_ratio = s[0] / s[rank.max(1) - 1];
    let digits = (15.0 - kept_ratio.log10()).floor().max(1.0) as u32;
    let mut lines = vec![Line::text(
        "method",
        format!(
            "V Σ⁺ Uᵀ from faer's SVD in doubles; σ ≤ {} = {}·σ₁ treated as 0 (rank {rank}); entries to about {digits} digits (σ₁/σ_{rank} = {})",
            short(cutoff * s[0]),
            short(cutoff),
            short(kept_ratio)
        ),
    )];
    lines.extend(first_dropped(&s, rank));
    Ok(MatrixReport::plain(
        "pinv",
        Value::matrix(Matrix::computed(p, digits)),
        lines,
    ))
}

/// The four Penrose residual matrices of (A, P) over any ring of entries, from `mul`, `sub`
/// and `transpose`.
fn penrose_residuals<T: Clone>(
    a: &Dense<T>,
    p: &Dense<T>,
    mul: impl Fn(&Dense<T>, &Dense<T>) -> Result<Dense<T>, Error>,
    sub: impl Fn(&T, &T) -> T,
) -> Result<[Dense<T>; 4], Error> {
    let diff = |x: &Dense<T>, y: &Dense<T>| {
        Dense::from_fn(x.rows(), x.cols(), |i, j| sub(x.at(i, j), y.at(i, j)))
    };
    let ap = mul(a, p)?;
    let pa = mul(p, a)?;
    Ok([
        diff(&mul(&ap, a)?, a),
        diff(&mul(&pa, p)?, p),
        diff(&ap.transpose(), &ap),
        diff(&pa.transpose(), &pa),
    ])
}

const PENROSE_LABELS: [&str; 4] = [
    "‖APA − A‖_F",
    "‖PAP − P‖_F",
    "‖(AP)ᵀ − AP‖_F",
    "‖(PA)ᵀ − PA‖_F",
];

fn run_penrose(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let a = matrix_arg(&mut b, "A")?;
    let p = matrix_arg(&mut b, "P")?;
    if (p.rows(), p.cols()) != (a.cols(), a.rows()) {
        return Err(Error::usage(
            format!(
                "A is {} so its pseudo-inverse is {}×{}, but P is {}",
                a.shape(),
                a.cols(),
                a.rows(),
                p.shape()
            ),
            span,
        ));
    }
    let (values, verdict): (Vec<Value>, String) = match (small_exact(&a), small_exact(&p)) {
        (Some(qa), Some(qp)) => {
            let interrupted = |e: crate::interrupt::Interrupted| Error::math(e.into(), span);
            let residuals = penrose_residuals(
                &qa,
                &qp,
                |x, y| exact::matmul(x, y).map_err(interrupted),
                |x, y| Rational::from(x - y),
            )?;
            let norms = residuals
                .iter()
                .map(|r| {
                    let sq: Rational = r.data().iter().map(|x| Rational::from(x * x)).sum();
                    canon::pow(Expr::num(Number::Exact(sq)), Expr::rational(1, 2)).map(Value::Expr)
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(math(span))?;
            let all = residuals.iter().all(|r| r.data().iter().all(|x| *x == 0));
            let verdict = if all {
                "all four hold exactly: P is the pseudo-inverse of A".to_string()
            } else {
                "not all hold: P is not the pseudo-inverse of A (the pseudo-inverse is the one matrix satisfying all four)".to_string()
            };
            (norms, verdict)
        }
        _ => {
            let (da, dp) = (doubles(&a, span)?, doubles(&p, span)?);
            let residuals =
                penrose_residuals(&da, &dp, |x, y| Ok(float::matmul(x, y)), |x, y| x - y)?;
            let scale = float::frobenius(da.data())
                .max(float::frobenius(dp.data()))
                .powi(2)
                .max(1.0);
            let tolerance = 100.0 * (a.rows() + a.cols()) as f64 * float::EPS * scale;
            let norms: Vec<f64> = residuals
                .iter()
                .map(|r| float::frobenius(r.data()))
                .collect();
            let verdict = if norms.iter().all(|&n| n <= tolerance) {
                format!(
                    "all four hold to double precision (each ≤ {})",
                    short(tolerance)
                )
            } else {
                format!(
                    "not all hold to double precision (tolerance {})",
                    short(tolerance)
                )
            };
            (norms.into_iter().map(|n| number(n, 3)).collect(), verdict)
        }
    };
    let lines = PENROSE_LABELS
        .iter()
        .zip(&values)
        .map(|(l, v)| Line::new(*l, v.clone()))
        .chain(std::iter::once(Line::text("", verdict)))
        .collect();
    Ok(Value::report(MatrixReport {
        kind: "penrose",
        title: Some(format!(
            "Penrose identities for A ({}) and P ({}):",
            a.shape(),
            p.shape()
        )),
        parts: Vec::new(),
        lines,
        value: Value::List(values),
        refine: None,
    }))
}

fn run_ridge_limit(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let a = matrix_arg(&mut b, "A")?;
    let eps: Vec<Expr> = if b.given("eps") {
        let eps_span = b.span_of("eps");
        match b.value("eps")?.operand(eps_span)? {
            Value::Expr(e) => vec![e],
            Value::List(items) => items
                .into_iter()
                .map(|v| match v {
                    Value::Expr(e) => Ok(e),
                    other => Err(Error::usage(
                        format!("ε must be a number, found a {}", other.kind()),
                        eps_span,
                    )),
                })
                .collect::<Result<_, _>>()?,
            other => {
                return Err(Error::usage(
                    format!("ε must be a number or a list, found a {}", other.kind()),
                    eps_span,
                ));
            }
        }
    } else {
        (1..=8)
            .map(|k| canon::pow(Expr::int(10), Expr::int(-k)).unwrap_or(Expr::int(1)))
            .collect()
    };
    decompositions::ridge_limit(&a, &eps, span)
}

fn run_read_matrix(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let span = b.span_of("file");
    let path = b.text("file").unwrap_or_default();
    let m = io::read(std::path::Path::new(&path)).map_err(|e| Error::io(e.0, span))?;
    Ok(Value::matrix(Matrix::data(m)))
}

fn run_write_matrix(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    let path = b.text("file").unwrap_or_default();
    let d = doubles(&m, span)?;
    io::write(&d, std::path::Path::new(&path)).map_err(|e| Error::io(e.0, b.span_of("file")))?;
    Ok(Value::Text(format!(
        "wrote the {} matrix to {path}",
        m.shape()
    )))
}

/// Refuse `r` outside 1..=min(m, n).
fn check_rank_request(r: u64, m: &Matrix, span: Span) -> Result<usize, Error> {
    let most = m.rows().min(m.cols());
    if r as usize > most {
        return Err(Error::usage_hint(
            format!(
                "r = {r} is larger than the rank allows: a {} matrix has rank at most {most}",
                m.shape()
            ),
            span,
            "take r between 1 and min(rows, columns)",
        ));
    }
    Ok(r as usize)
}

/// The work of the MPFR SVD of `m` at `digits`, refused over the limit.
fn check_jacobi(m: &Matrix, digits: u32, span: Span) -> Result<u32, Error> {
    let prec = crate::expr::number::digits_to_bits(digits) + 32;
    let (r, c) = (m.rows() as u64, m.cols() as u64);
    let work = r * c * r.min(c) * u64::from(prec);
    if work > limits::MAX_JACOBI_WORK {
        return Err(Error::math(
            MathError::TooLarge {
                what: format!("the SVD of a {} matrix at {digits} digits", m.shape()),
                limit: format!(
                    "rows·columns·min·bits ≤ {}, MAX_JACOBI_WORK",
                    limits::MAX_JACOBI_WORK
                ),
            },
            span,
        ));
    }
    Ok(prec)
}

/// Which norm `p` names.
#[derive(Clone, Copy, PartialEq)]
enum NormKind {
    Two,
    Frobenius,
    One,
    Max,
}

fn run_norm(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let kind = if b.given("p") {
        let p_span = b.span_of("p");
        let text = b.value("p")?.to_plain();
        match text.as_str() {
            "2" => NormKind::Two,
            "fro" => NormKind::Frobenius,
            "1" => NormKind::One,
            "inf" | "oo" => NormKind::Max,
            other => {
                return Err(Error::usage_hint(
                    format!("unknown norm '{other}'"),
                    p_span,
                    "the norms are 2, fro, 1 and inf",
                ));
            }
        }
    } else {
        NormKind::Two
    };
    let v_span = b.span_of("v");
    let value = b.value("v")?.operand(v_span)?;
    let is_vector = matches!(value, Value::List(_));
    if is_vector && kind == NormKind::Frobenius {
        return Err(Error::usage_hint(
            "fro is a matrix norm",
            b.span_of("p"),
            "a vector's Euclidean norm is norm(v) (p = 2)",
        ));
    }
    let m = matrix_arg_of(value, v_span)?;
    // A vector is a column: its 2-norm is the Frobenius norm, and its 1- and max-norms are
    // the column's largest column sum and largest row sum.
    let kind = if is_vector && kind == NormKind::Two {
        NormKind::Frobenius
    } else {
        kind
    };
    match kind {
        NormKind::Frobenius if check_size(m.rows() as u64, m.cols() as u64, true).is_ok() => {
            let squares = m
                .exprs()
                .data()
                .iter()
                .map(|e| canon::mul2(e.clone(), e.clone()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(math(span))?;
            let sum = canon::add(squares).map_err(math(span))?;
            canon::pow(sum, Expr::rational(1, 2))
                .map(Value::Expr)
                .map_err(math(span))
        }
        NormKind::One | NormKind::Max => {
            let m = if kind == NormKind::Max {
                Arc::new(m.transpose())
            } else {
                m
            };
            // The largest absolute column sum of m.
            if let Some(q) = small_exact(&m) {
                let best = (0..q.cols())
                    .map(|j| {
                        (0..q.rows())
                            .map(|i| Rational::from(q.at(i, j).abs_ref()))
                            .sum::<Rational>()
                    })
                    .max()
                    .unwrap_or_default();
                return Ok(Value::Expr(Expr::num(Number::Exact(best))));
            }
            Ok(number(float::norm_1(&doubles(&m, span)?), 15))
        }
        NormKind::Frobenius => Ok(number(float::frobenius(doubles(&m, span)?.data()), 15)),
        NormKind::Two => {
            if let Ok(prec) = check_jacobi(&m, 20, span) {
                let (a, input_error) = m.floats(prec).map_err(math(span))?;
                let svd = crate::linalg::jacobi::svd(&a, prec, input_error)
                    .map_err(|e| Error::math(e.into(), span))?;
                let (s, r) = (&svd.sigma[0], &svd.radius[0]);
                if s.is_zero() {
                    return Ok(Value::Expr(Expr::int(0)));
                }
                return ball(s, r, 15).map(Value::Expr).ok_or_else(|| {
                    Error::usage("the spectral norm is too close to 0 to show a digit", span)
                });
            }
            let s = float::singular_values(&doubles(&m, span)?).map_err(math(span))?;
            Ok(number(s.first().copied().unwrap_or(0.0), 14))
        }
    }
}
