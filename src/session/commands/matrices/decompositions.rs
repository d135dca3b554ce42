//! The SVD, the truncated SVD with the Eckart–Young–Mirsky check, CR sampling, the
//! interpolative decomposition, and the MPFR paths of `pinv` and `ridge_limit`.

use std::sync::Arc;

use rug::ops::Pow;
use rug::{Float, Rational};

use super::{
    DIGITS, Line, MATRIX, MatrixReport, ball, check_jacobi, check_rank_request, doubles, math,
    matrix_arg, number, rationals_of_doubles, short, small_exact,
};
use crate::error::Error;
use crate::expr::{Expr, Number, canon};
use crate::limits;
use crate::linalg::cr::{self, Sampling};
use crate::linalg::jacobi::{self, JacobiSvd};
use crate::linalg::lowrank::{Truncation, sum_of_squares, truncate};
use crate::linalg::{Dense, Matrix, exact, float, id};
use crate::math_error::MathError;
use crate::numeric::scalar::Scalar;
use crate::session::Session;
use crate::session::commands::{Bound, Command, Kind, Param};
use crate::session::value::Value;
use crate::span::Span;

/// A rank or a number of samples: at least 1 (the commands check it against the shape).
const RANK: Kind = Kind::Count {
    min: 1,
    max: 1_000_000,
};

pub(super) const SVD: Command = Command {
    name: "svd",
    params: &[MATRIX],
    variadic: false,
    options: &[&[DIGITS]],
    forms: &["N(svd(A), digits)"],
    summary: "The thin SVD A = U Σ Vᵀ: in doubles by faer, with each singular value certified to the digits shown by a one-sided Jacobi SVD in MPFR (when the matrix is small enough); digits = N computes everything in MPFR.",
    details: "The value is the list [U, σ, V]. The certificate: Jacobi's rotations V, W = A·V, and Ostrowski's theorem on WᵀW = D(I + G)D bound every σ relatively; Weyl's inequality adds the rounding of A.",
    examples: &["svd([[3, 0], [4, 5]])", "N(svd([[3, 0], [4, 5]]), 20)"],
    run: run_svd,
};

pub(super) const LOWRANK: Command = Command {
    name: "lowrank",
    params: &[MATRIX, Param::required("r", RANK, "the rank")],
    variadic: false,
    options: &[&[DIGITS]],
    forms: &[],
    summary: "The best rank-r approximation A_r (truncated SVD) with the Eckart–Young–Mirsky check: ‖A − A_r‖_F² against Σ_{j>r} σ_j² and ‖A − A_r‖₂ against σ_{r+1}, each side computed separately.",
    details: "Small matrices are done in MPFR at 20 digits (or digits = N), large ones in doubles.",
    examples: &["lowrank(random_normal(6, 5, seed = 1), 2)"],
    run: run_lowrank,
};

pub(super) const CR_PRODUCT: Command = Command {
    name: "cr_product",
    params: &[
        Param::required("X", Kind::Value, "an m × n matrix"),
        Param::required("Y", Kind::Value, "an n × p matrix"),
        Param::required("r", RANK, "samples per estimate"),
    ],
    variadic: false,
    options: &[&[
        Param::with(
            "p",
            Kind::Choice(&["optimal", "uniform", "norms", "topr"]),
            "optimal",
            "pᵢ ∝ ‖xᵢ‖‖yᵢ‖, uniform, ∝ ‖xᵢ‖², or the deterministic top r",
        ),
        Param::with(
            "trials",
            Kind::Count {
                min: 1,
                max: 1_000_000,
            },
            "1000",
            "seeded draws",
        ),
        Param::with(
            "seed",
            Kind::Count {
                min: 0,
                max: u64::MAX,
            },
            "1",
            "trial t uses the ChaCha8 stream seeded with seed + t",
        ),
    ]],
    forms: &[],
    summary: "Column–row sampling of XY: the predicted expected squared error (Σ‖xᵢ‖²‖yᵢ‖²/pᵢ − ‖XY‖_F²)/r against the mean over seeded trials (with its standard error), and the deterministic top-r baseline.",
    details: "The value is [predicted, empirical mean, top-r error], all squared Frobenius errors. Trials run in parallel.",
    examples: &["cr_product(random_normal(20, 50, seed = 2), random_normal(50, 20, seed = 3), 10)"],
    run: run_cr_product,
};

pub(super) const INTERP_DECOMP: Command = Command {
    name: "interp_decomp",
    params: &[MATRIX, Param::required("r", RANK, "how many columns")],
    variadic: false,
    options: &[&[Param::with(
        "exhaustive",
        Kind::Flag,
        "false",
        "also search every r-subset of columns (at most 20 columns)",
    )]],
    forms: &[],
    summary: "The interpolative decomposition A ≈ C Z (C = r columns of A chosen by column-pivoted QR, Z = [I, R₁₁⁻¹R₁₂]Pᵀ), with ‖A − CZ‖_F = ‖R₂₂‖_F checked, the bound ‖A − CZ‖₂ ≤ √(1 + r(n − r)) σ_{r+1}, and the SVD lower bound.",
    details: "Exact entries give an exact Z = C⁺A. The value is [columns (1-based), Z].",
    examples: &["interp_decomp([[1, 2, 3], [2, 4, 6], [1, 0, 1]], 2)"],
    run: run_interp_decomp,
};

fn interrupted(span: Span) -> impl Fn(crate::interrupt::Interrupted) -> Error {
    move |e| Error::math(e.into(), span)
}

/// The exact rank, when the entries are exact (or doubles) and few enough.
fn exact_rank(m: &Matrix, span: Span) -> Result<Option<usize>, Error> {
    let q = match small_exact(m) {
        Some(q) => Some(q),
        None => match m {
            Matrix::Doubles { entries, .. } => rationals_of_doubles(entries),
            Matrix::Exprs(_) => None,
        },
    };
    q.map(|q| exact::rank(&q).map_err(interrupted(span)))
        .transpose()
}

/// The MPFR SVD of `m` at `digits` (with guard bits).
fn jacobi_svd(
    m: &Matrix,
    digits: u32,
    span: Span,
) -> Result<(JacobiSvd, Dense<Float>, u32), Error> {
    let prec = check_jacobi(m, digits, span)?;
    let (a, input_error) = m.floats(prec).map_err(math(span))?;
    let svd = jacobi::svd(&a, prec, input_error).map_err(interrupted(span))?;
    Ok((svd, a, prec))
}

fn float_expr(x: &Float, digits: u32) -> Expr {
    if x.is_zero() {
        return Expr::int(0);
    }
    Number::approx(x.clone(), digits).map_or(Expr::int(0), Expr::num)
}

/// σ_k as a value: exactly 0 beyond the exact rank, else the ball (value ± radius) showing
/// the digits it proves; with a note when no digit is proven.
fn sigma_value(
    value: &Float,
    radius: &Float,
    k: usize,
    rank: Option<usize>,
    digits: u32,
) -> (Expr, Option<String>) {
    if rank.is_some_and(|r| k >= r) {
        return (Expr::int(0), None);
    }
    match ball(value, radius, digits) {
        Some(e) => (e, None),
        None => (
            float_expr(value, 2),
            Some(format!(
                "σ{} ≤ {}: no digit proven",
                k + 1,
                short(radius.to_f64() + value.to_f64())
            )),
        ),
    }
}

fn largest(r: &[Float]) -> f64 {
    r.iter().map(Float::to_f64).fold(0.0, f64::max)
}

fn run_svd(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    match b.count("digits") {
        Some(d) => svd_at(&m, d as u32, span),
        None => svd_double(&m, span),
    }
}

/// The SVD at `digits` digits in MPFR (also what `N(svd(A), digits)` runs).
pub fn svd_at(m: &Matrix, digits: u32, span: Span) -> Result<Value, Error> {
    let (svd, _, prec) = jacobi_svd(m, digits, span)?;
    let rank = exact_rank(m, span)?;
    let mut notes = Vec::new();
    let sigma: Vec<Expr> = (0..svd.sigma.len())
        .map(|k| {
            let (e, note) = sigma_value(&svd.sigma[k], &svd.radius[k], k, rank, digits);
            notes.extend(note);
            e
        })
        .collect();
    // Singular vectors are determined to about 2^-prec·σ₁/gap: fewer digits near a repeated σ.
    let as_f64: Vec<f64> = svd.sigma.iter().map(Float::to_f64).collect();
    let uv_digits = vector_digits(&as_f64, 2f64.powi(-(prec as i32))).min(digits);
    let u = Matrix::Exprs(svd.u.map(|x| float_expr(x, uv_digits)));
    let v = Matrix::Exprs(svd.v.map(|x| float_expr(x, uv_digits)));
    let mut lines = vec![Line::text(
        "method",
        format!(
            "one-sided Jacobi in MPFR at {prec} bits, {} sweeps; each σ shown to the digits its bound proves (largest bound {})",
            svd.sweeps,
            short(largest(&svd.radius))
        ),
    )];
    if let Some(r) = rank.filter(|&r| r < m.rows().min(m.cols())) {
        lines.push(Line::text(
            "rank",
            format!("{r} (exact elimination): the σ beyond it are exactly 0"),
        ));
    }
    lines.extend(notes.into_iter().map(|n| Line::text("", n)));
    Ok(svd_report(m, sigma, u, v, lines, span))
}

fn svd_report(
    m: &Matrix,
    sigma: Vec<Expr>,
    u: Matrix,
    v: Matrix,
    lines: Vec<Line>,
    span: Span,
) -> Value {
    let sigma = Value::List(sigma.into_iter().map(Value::Expr).collect());
    let (u, v) = (Value::matrix(u), Value::matrix(v));
    Value::report(MatrixReport {
        kind: "svd",
        title: None,
        parts: vec![
            Line::new("σ", sigma.clone()),
            Line::new("U", u.clone()),
            Line::new("V", v.clone()),
        ],
        lines,
        value: Value::List(vec![u, sigma, v]),
        refine: Some((Arc::new(m.clone()), span, svd_at)),
    })
}

/// Digits of singular vectors: a vector is determined to about ε·σ₁/gap, gap the distance
/// to the nearest other singular value.
fn vector_digits(sigma: &[f64], unit: f64) -> u32 {
    let gap = sigma
        .windows(2)
        .map(|w| (w[0] - w[1]).abs())
        .fold(f64::INFINITY, f64::min);
    let first = sigma.first().copied().unwrap_or(0.0);
    if gap == 0.0 || first == 0.0 {
        return 1;
    }
    let loss = if gap.is_finite() {
        (first / gap).log10().max(0.0)
    } else {
        0.0
    };
    (-(unit.log10()) - 1.0 - loss).floor().max(1.0) as u32
}

fn svd_double(m: &Matrix, span: Span) -> Result<Value, Error> {
    let d = doubles(m, span)?;
    let s = float::svd(&d).map_err(math(span))?;
    let uv_digits = vector_digits(&s.sigma, float::EPS * d.rows().max(d.cols()) as f64).min(15);
    let mut lines = vec![Line::text(
        "method",
        format!(
            "faer's thin SVD in doubles; U and V to about {uv_digits} digit{} (from the gaps between singular values)",
            if uv_digits == 1 { "" } else { "s" }
        ),
    )];
    let rank = exact_rank(m, span)?;
    let (sigma, check) = match jacobi_svd(m, 30, span) {
        Ok((j, _, prec)) => {
            let mut notes = Vec::new();
            let sigma: Vec<Expr> = s
                .sigma
                .iter()
                .enumerate()
                .map(|(k, &x)| {
                    let value = Float::with_val(prec, x);
                    let gap = Float::with_val(64, &value - &j.sigma[k]).abs() + &j.radius[k];
                    let (e, note) = sigma_value(&value, &gap, k, rank, 17);
                    notes.extend(note);
                    e
                })
                .collect();
            let text = format!(
                "every digit of σ shown is certified by a one-sided Jacobi SVD at {prec} bits ({} sweeps, bound {})",
                j.sweeps,
                short(largest(&j.radius))
            );
            lines.extend(notes.into_iter().map(|n| Line::text("", n)));
            (sigma, text)
        }
        Err(_) => {
            let radius = Float::with_val(
                64,
                float::default_cutoff(&d) * s.sigma.first().copied().unwrap_or(0.0),
            );
            let sigma = s
                .sigma
                .iter()
                .enumerate()
                .map(|(k, &x)| sigma_value(&Float::with_val(53, x), &radius, k, rank, 17).0)
                .collect();
            (
                sigma,
                format!(
                    "too large for the MPFR certificate: σ shown to the backward-error estimate max(m, n)·ε·σ₁ = {}",
                    short(radius.to_f64())
                ),
            )
        }
    };
    lines.push(Line::text("σ", check));
    if let Some(r) = rank.filter(|&r| r < m.rows().min(m.cols())) {
        lines.push(Line::text(
            "rank",
            format!("{r} (exact elimination): the σ beyond it are exactly 0"),
        ));
    }
    Ok(svd_report(
        m,
        sigma,
        Matrix::computed(s.u, uv_digits),
        Matrix::computed(s.v, uv_digits),
        lines,
        span,
    ))
}

fn run_lowrank(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    let r = check_rank_request(b.count("r").unwrap_or(1), &m, b.span_of("r"))?;
    match b.count("digits") {
        Some(d) => lowrank_at(&m, r, d as u32, span),
        None if check_jacobi(&m, 20, span).is_ok() => lowrank_at(&m, r, 20, span),
        None => lowrank_double(&m, r, span),
    }
}

/// Both sides of Eckart–Young–Mirsky as lines, with the verdict.
fn eckart_young_lines<S: Scalar>(
    t: &Truncation<S>,
    r: usize,
    digits: u32,
    method: String,
) -> Result<Vec<Line>, MathError> {
    let show = |x: &S| x.to_expr(digits).map(Value::Expr);
    // The difference is taken in the working precision, then shown as a double.
    let rel = |a: &S, b: &S| {
        let scale = a.abs().re_f64().max(b.abs().re_f64());
        if scale == 0.0 {
            0.0
        } else {
            a.sub(b).abs().re_f64() / scale
        }
    };
    let agree = |a: &S, b: &S| rel(a, b) < 10f64.powi(-(digits as i32));
    let frob = rel(&t.residual_frobenius_sq, &t.tail_sq);
    let spec = rel(&t.residual_spectral, &t.next_sigma);
    let verdict = if agree(&t.residual_frobenius_sq, &t.tail_sq)
        && agree(&t.residual_spectral, &t.next_sigma)
    {
        format!(
            "Eckart–Young–Mirsky holds to the {digits} digits shown (relative differences {} and {})",
            short(frob),
            short(spec)
        )
    } else {
        format!(
            "the sides differ beyond the digits shown (relative differences {} and {})",
            short(frob),
            short(spec)
        )
    };
    Ok(vec![
        Line::new("‖A − A_r‖_F²", show(&t.residual_frobenius_sq)?),
        Line::new(format!("Σ_{{j>{r}}} σ_j²"), show(&t.tail_sq)?),
        Line::new("‖A − A_r‖₂", show(&t.residual_spectral)?),
        Line::new(format!("σ_{}", r + 1), show(&t.next_sigma)?),
        Line::text("", verdict),
        Line::text("method", method),
    ])
}

fn lowrank_report(approx: Matrix, lines: Vec<Line>) -> Value {
    let value = Value::matrix(approx);
    Value::report(MatrixReport {
        kind: "lowrank",
        title: None,
        parts: vec![Line::new("A_r", value.clone())],
        lines,
        value,
        refine: None,
    })
}

fn lowrank_at(m: &Matrix, r: usize, digits: u32, span: Span) -> Result<Value, Error> {
    let (svd, a, prec) = jacobi_svd(m, digits, span)?;
    let spectral = |res: &Dense<Float>| -> Result<Float, MathError> {
        let s = jacobi::svd(res, prec, 0.0)?;
        Ok(s.sigma
            .into_iter()
            .next()
            .unwrap_or_else(|| Float::new(prec)))
    };
    let t = truncate(&a, &svd.u, &svd.sigma, &svd.v, r, spectral).map_err(math(span))?;
    let method = format!(
        "one-sided Jacobi SVD in MPFR at {prec} bits; the left sides from the residual matrix A − A_r, the right from the singular values"
    );
    let lines = eckart_young_lines(&t, r, digits, method).map_err(math(span))?;
    Ok(lowrank_report(
        Matrix::Exprs(t.approx.map(|x| float_expr(x, digits))),
        lines,
    ))
}

fn lowrank_double(m: &Matrix, r: usize, span: Span) -> Result<Value, Error> {
    let d = doubles(m, span)?;
    let s = float::svd(&d).map_err(math(span))?;
    let spectral =
        |res: &Dense<f64>| float::singular_values(res).map(|v| v.first().copied().unwrap_or(0.0));
    let t = truncate(&d, &s.u, &s.sigma, &s.v, r, spectral).map_err(math(span))?;
    // Both sides carry about ε·σ₁² of absolute error: the digits shown are those left.
    let scale = s.sigma[0].powi(2) / t.tail_sq.max(f64::MIN_POSITIVE);
    let digits = (13.0 - scale.log10()).floor().clamp(2.0, 13.0) as u32;
    let method = format!("faer's SVD in doubles (too large for MPFR); {digits} digits shown");
    let lines = eckart_young_lines(&t, r, digits, method).map_err(math(span))?;
    Ok(lowrank_report(Matrix::computed(t.approx, 15), lines))
}

fn run_cr_product(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let x = matrix_arg(&mut b, "X")?;
    let y = matrix_arg(&mut b, "Y")?;
    if x.cols() != y.rows() {
        return Err(Error::usage_hint(
            format!(
                "X is {} and Y is {}: X needs as many columns as Y has rows",
                x.shape(),
                y.shape()
            ),
            span,
            "XY = Σ xᵢ yᵢᵀ pairs column i of X with row i of Y",
        ));
    }
    let r = b.count("r").unwrap_or(1) as usize;
    let trials = b.count("trials").unwrap_or(1000) as usize;
    let seed = b.count("seed").unwrap_or(1);
    let sampling =
        Sampling::from_name(b.choice("p").unwrap_or("optimal")).unwrap_or(Sampling::Optimal);
    let work = trials as f64 * x.rows() as f64 * r as f64 * y.cols() as f64;
    if work > limits::MAX_CR_WORK {
        return Err(Error::math(
            MathError::TooLarge {
                what: format!(
                    "{trials} trials of a {}·{} product at r = {r}",
                    x.shape(),
                    y.shape()
                ),
                limit: format!("trials·m·r·p ≤ {:e}, MAX_CR_WORK", limits::MAX_CR_WORK),
            },
            span,
        ));
    }
    let (dx, dy) = (doubles(&x, span)?, doubles(&y, span)?);
    let study = cr::study(&dx, &dy, r, sampling, trials, seed).map_err(interrupted(span))?;
    let relative = |v: f64| {
        if study.product_sq > 0.0 {
            format!(" ({} of ‖XY‖_F²)", short(v / study.product_sq))
        } else {
            String::new()
        }
    };
    let mut lines = vec![Line::new("‖XY‖_F²", number(study.product_sq, 6))];
    if sampling == Sampling::TopR {
        lines.push(Line::text(
            "top-r error ‖XY − Σ_top xᵢyᵢᵀ‖_F²",
            format!("{}{}", short6(study.topr_sq), relative(study.topr_sq)),
        ));
    } else {
        let z = if study.standard_error > 0.0 {
            (study.empirical_mean - study.predicted) / study.standard_error
        } else {
            0.0
        };
        lines.extend([
            Line::text(
                "predicted E‖XY − estimate‖_F²",
                format!("{}{}", short6(study.predicted), relative(study.predicted)),
            ),
            Line::text(
                format!("empirical mean of {trials} trials"),
                format!(
                    "{} ± {} (standard error)",
                    short6(study.empirical_mean),
                    short(study.standard_error)
                ),
            ),
            Line::text(
                "",
                if z.abs() <= 3.0 {
                    format!(
                        "the mean is {} standard errors from the prediction: consistent",
                        short(z.abs())
                    )
                } else {
                    format!(
                        "the mean is {} standard errors from the prediction: inconsistent",
                        short(z.abs())
                    )
                },
            ),
            Line::text(
                "top-r baseline (deterministic)",
                format!("{}{}", short6(study.topr_sq), relative(study.topr_sq)),
            ),
        ]);
    }
    Ok(Value::report(MatrixReport {
        kind: "cr_product",
        title: Some(format!(
            "CR sampling of XY ({} · {}), r = {r}, p = {}{}",
            x.shape(),
            y.shape(),
            b.choice("p").unwrap_or("optimal"),
            if sampling == Sampling::TopR {
                String::new()
            } else {
                format!(", {trials} trials (seed {seed})")
            }
        )),
        parts: Vec::new(),
        lines,
        value: Value::List(vec![
            number(study.predicted, 6),
            number(study.empirical_mean, 6),
            number(study.topr_sq, 6),
        ]),
        refine: None,
    }))
}

fn short6(x: f64) -> String {
    crate::session::value::matrix::double_text(x, 6)
}

fn run_interp_decomp(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let m = matrix_arg(&mut b, "A")?;
    let r = check_rank_request(b.count("r").unwrap_or(1), &m, b.span_of("r"))?;
    let d = doubles(&m, span)?;
    let n = d.cols();
    let rank_error = |numerical: String| {
        Error::usage_hint(
            format!("r = {r} is larger than the rank allows: {numerical}"),
            b.span_of("r"),
            "take r at most the rank (rank(A))",
        )
    };
    let decomposition = id::interpolative(&d, r).map_err(|e| match e {
        MathError::Domain(_) => rank_error("the first r pivoted columns are dependent".into()),
        other => Error::math(other, span),
    })?;
    let columns = decomposition.columns.clone();
    let (error_spectral, sigma) = id::bounds(&d, &decomposition).map_err(math(span))?;
    let sigma = &sigma;
    let next = sigma.get(r).copied().unwrap_or(0.0);
    let bound_factor = (1.0 + (r * (n - r)) as f64).sqrt();
    let mut lines = Vec::new();
    let (z_value, exact_zero) = match small_exact(&m) {
        Some(q) => {
            let c = q.select(&(0..q.rows()).collect::<Vec<_>>(), &columns);
            let ct = c.transpose();
            let gram = exact::matmul(&ct, &c).map_err(interrupted(span))?;
            let Some(gram_inv) = exact::inverse(&gram).map_err(interrupted(span))? else {
                return Err(rank_error(
                    "the chosen columns are exactly dependent".into(),
                ));
            };
            let z = exact::matmul(
                &exact::matmul(&gram_inv, &ct).map_err(interrupted(span))?,
                &q,
            )
            .map_err(interrupted(span))?;
            let cz = exact::matmul(&c, &z).map_err(interrupted(span))?;
            let sq = |data: &[Rational]| -> Rational {
                data.iter().map(|x| Rational::from(x * x)).sum()
            };
            let residual: Vec<Rational> = q
                .data()
                .iter()
                .zip(cz.data())
                .map(|(a, b)| Rational::from(a - b))
                .collect();
            let res_sq = sq(&residual);
            // ‖R₂₂‖_F² = ‖A‖_F² − ‖[R₁₁ R₁₂]‖_F² = ‖A‖_F² − ‖CZ‖_F² (Q₁ is orthonormal).
            let r22_sq = sq(q.data()) - sq(cz.data());
            let root = |x: Rational| exact_root(x, span);
            let holds = res_sq == r22_sq;
            lines.push(Line::new("‖A − CZ‖_F", root(res_sq.clone())?));
            lines.push(Line::new("‖R₂₂‖_F", root(r22_sq)?));
            lines.push(Line::text(
                "",
                if holds {
                    "‖A − CZ‖_F = ‖R₂₂‖_F exactly (Z = C⁺A in exact arithmetic)"
                } else {
                    "‖A − CZ‖_F ≠ ‖R₂₂‖_F: the identity fails"
                },
            ));
            (Value::matrix(Matrix::exact(&z)), res_sq == 0)
        }
        None => {
            let rel = (decomposition.error_frobenius - decomposition.r22_frobenius).abs()
                / decomposition
                    .error_frobenius
                    .max(decomposition.r22_frobenius)
                    .max(f64::MIN_POSITIVE);
            let tolerance = 100.0 * float::EPS * (d.rows() + n) as f64 * sigma[0]
                / decomposition.error_frobenius.max(f64::MIN_POSITIVE);
            lines.push(Line::new(
                "‖A − CZ‖_F",
                number(decomposition.error_frobenius, 6),
            ));
            lines.push(Line::new("‖R₂₂‖_F", number(decomposition.r22_frobenius, 6)));
            lines.push(Line::text("", if rel <= tolerance.max(1e-12) {
                format!("‖A − CZ‖_F = ‖R₂₂‖_F to double precision (relative difference {})", short(rel))
            } else {
                format!("‖A − CZ‖_F and ‖R₂₂‖_F differ by {} (relative), more than rounding explains", short(rel))
            }));
            (
                Value::matrix(Matrix::computed(decomposition.z.clone(), 12)),
                false,
            )
        }
    };
    let spectral = if exact_zero { 0.0 } else { error_spectral };
    let rank = exact_rank(&m, span)?;
    let next = if rank.is_some_and(|k| k <= r) {
        0.0
    } else {
        next
    };
    let bound = bound_factor * next;
    lines.push(Line::text(
        "spectral bound",
        format!(
            "‖A − CZ‖₂ = {} {} √(1 + r(n − r))·σ_{} = {}·{} = {}",
            short6(spectral),
            if spectral <= bound * (1.0 + 1e-12) + 1e-300 {
                "≤"
            } else {
                "> (bound fails)"
            },
            r + 1,
            short(bound_factor),
            short6(next),
            short6(bound)
        ),
    ));
    let tail: f64 = sum_of_squares(&sigma[r.min(sigma.len())..], &0.0).sqrt();
    lines.push(Line::text(
        "SVD lower bound",
        format!("every rank-{r} approximation has ‖A − B‖_F ≥ (Σ_{{j>{r}}} σ_j²)^(1/2) = {} and ‖A − B‖₂ ≥ σ_{} = {}", short6(if rank.is_some_and(|k| k <= r) { 0.0 } else { tail }), r + 1, short6(next)),
    ));
    if b.flag("exhaustive") {
        let cost = id::exhaustive_cost(d.rows(), n, r);
        if n > 20 || cost > limits::MAX_EXHAUSTIVE_WORK {
            return Err(Error::math(
                MathError::TooLarge {
                    what: format!("the exhaustive search over C({n}, {r}) column subsets"),
                    limit: format!(
                        "at most 20 columns and {:e} multiply-adds, MAX_EXHAUSTIVE_WORK",
                        limits::MAX_EXHAUSTIVE_WORK
                    ),
                },
                span,
            ));
        }
        let (best, best_error) = id::exhaustive(&d, r).map_err(interrupted(span))?;
        let greedy = decomposition.error_frobenius;
        let names = |c: &[usize]| format!("{:?}", c.iter().map(|k| k + 1).collect::<Vec<_>>());
        let text = if greedy <= best_error * (1.0 + 1e-10) + 1e-14 * sigma[0] {
            format!(
                "greedy pivoting is optimal: the best of all subsets is {} with ‖A − CZ‖_F = {}",
                names(&best),
                short6(best_error)
            )
        } else {
            format!(
                "greedy pivoting is not optimal: columns {} give ‖A − CZ‖_F = {}, greedy {} gives {} ({} times larger)",
                names(&best),
                short6(best_error),
                names(&columns),
                short6(greedy),
                short(greedy / best_error)
            )
        };
        lines.push(Line::text("exhaustive search", text));
    }
    let cols_value = Value::List(
        columns
            .iter()
            .map(|&c| Value::Expr(Expr::int(c as i64 + 1)))
            .collect(),
    );
    Ok(Value::report(MatrixReport {
        kind: "interp_decomp",
        title: None,
        parts: vec![
            Line::new("columns", cols_value.clone()),
            Line::new("Z", z_value.clone()),
        ],
        lines,
        value: Value::List(vec![cols_value, z_value]),
        refine: None,
    }))
}

/// The pseudo-inverse at `digits` digits through the MPFR SVD: singular values exactly 0
/// (exact rank) or within their bound of 0 are dropped.
pub fn pinv_at(m: &Matrix, digits: u32, span: Span) -> Result<Value, Error> {
    let (svd, _, prec) = jacobi_svd(m, digits, span)?;
    let rank = exact_rank(m, span)?;
    let kept: Vec<usize> = (0..svd.sigma.len())
        .filter(|&k| rank.is_none_or(|r| k < r) && svd.sigma[k] > svd.radius[k])
        .collect();
    let p = pinv_from(&svd, &kept, m.cols(), m.rows(), prec);
    let method = format!(
        "V Σ⁺ Uᵀ from a one-sided Jacobi SVD at {prec} bits, {} singular values inverted{}",
        kept.len(),
        if rank.is_some() {
            " (the others are exactly 0: exact rank)"
        } else {
            " (the others are within their bound of 0)"
        }
    );
    Ok(MatrixReport::plain(
        "pinv",
        Value::matrix(Matrix::Exprs(p.map(|x| float_expr(x, digits)))),
        vec![Line::text("method", method)],
    ))
}

/// V Σ⁺ Uᵀ over the kept singular values.
fn pinv_from(svd: &JacobiSvd, kept: &[usize], cols: usize, rows: usize, prec: u32) -> Dense<Float> {
    Dense::from_fn(cols, rows, |i, j| {
        let mut acc = Float::new(prec);
        for &k in kept {
            acc += Float::with_val(prec, svd.v.at(i, k) * svd.u.at(j, k)) / &svd.sigma[k];
        }
        acc
    })
}

/// ‖(AᵀA + εI)⁻¹Aᵀ − A⁺‖_F for each ε at 256 bits, with the predicted slope.
pub fn ridge_limit(m: &Matrix, eps: &[Expr], span: Span) -> Result<Value, Error> {
    const DIGITS: u32 = 75;
    let (svd, a, prec) = jacobi_svd(m, DIGITS, span)?;
    let rank = exact_rank(m, span)?;
    let kept: Vec<usize> = (0..svd.sigma.len())
        .filter(|&k| rank.is_none_or(|r| k < r) && svd.sigma[k] > svd.radius[k])
        .collect();
    let exact_pinv = small_exact(m)
        .map(|q| exact::pinv(&q))
        .transpose()
        .map_err(interrupted(span))?;
    let pinv = match &exact_pinv {
        Some(p) => p.map(|x| Float::with_val(prec, x)),
        None => pinv_from(&svd, &kept, m.cols(), m.rows(), prec),
    };
    let slope = kept
        .iter()
        .map(|&k| Float::with_val(prec, &svd.sigma[k]).pow(-6i32))
        .fold(Float::new(prec), |acc, x| acc + x)
        .sqrt();
    let n = a.cols();
    let at = a.transpose();
    let gram = Dense::from_fn(n, n, |i, j| {
        (0..a.rows()).fold(Float::new(prec), |acc, k| {
            acc + Float::with_val(prec, a.at(k, i) * a.at(k, j))
        })
    });
    let mut lines = Vec::new();
    let mut values = Vec::new();
    for e in eps {
        crate::interrupt::check().map_err(interrupted(span))?;
        let eps_value = match e.as_number() {
            Some(num) if !num.is_negative() && !num.is_zero() => num.to_float(prec),
            _ => {
                return Err(Error::usage(
                    format!("ε must be a positive number, got {e}"),
                    span,
                ));
            }
        };
        let shifted: Vec<Vec<Float>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if i == j {
                            Float::with_val(prec, gram.at(i, j) + &eps_value)
                        } else {
                            gram.at(i, j).clone()
                        }
                    })
                    .collect()
            })
            .collect();
        let mut diff_sq = Float::new(prec);
        for col in 0..a.rows() {
            let rhs: Vec<Float> = (0..n).map(|i| at.at(i, col).clone()).collect();
            let x = crate::linalg::lu_solve(shifted.clone(), rhs)
                .ok_or_else(|| Error::usage("AᵀA + εI is singular at this precision", span))?;
            for (i, xi) in x.iter().enumerate() {
                diff_sq += Float::with_val(prec, xi - pinv.at(i, col)).square();
            }
        }
        let norm = diff_sq.sqrt();
        let ratio = Float::with_val(prec, &norm / &eps_value);
        lines.push(Line::text(
            format!("ε = {e}"),
            format!(
                "‖R(ε) − A⁺‖_F = {}, divided by ε: {}",
                short6(norm.to_f64()),
                short6(ratio.to_f64())
            ),
        ));
        values.push(Value::Expr(float_expr(&norm, 15)));
    }
    lines.push(Line::text(
        "predicted",
        format!(
            "‖R(ε) − A⁺‖_F = ε·(Σ_k 1/(σ_k²(σ_k² + ε)²))^(1/2) → c·ε with c = (Σ σ_k⁻⁶)^(1/2) = {} (A⁺ {}; {prec}-bit arithmetic)",
            short6(slope.to_f64()),
            if exact_pinv.is_some() { "exact" } else { "from the MPFR SVD" }
        ),
    ));
    Ok(Value::report(MatrixReport {
        kind: "ridge_limit",
        title: Some(format!(
            "ridge solutions R(ε) = (AᵀA + εI)⁻¹Aᵀ against the pseudo-inverse of A ({}):",
            m.shape()
        )),
        parts: Vec::new(),
        lines,
        value: Value::List(values),
        refine: None,
    }))
}

/// √x for an exact x ≥ 0: exact when rational, else its 15-digit value with the exact form
/// when that is short.
fn exact_root(x: Rational, span: Span) -> Result<Value, Error> {
    let root = canon::pow(Expr::num(Number::Exact(x)), Expr::rational(1, 2)).map_err(math(span))?;
    if root.as_number().is_some() {
        return Ok(Value::Expr(root));
    }
    let value = crate::numeric::eval::approximate(&root, 15).map_err(math(span))?;
    let exact = root.to_string();
    Ok(Value::Text(if exact.len() <= 60 {
        format!("{value} (exactly {exact})")
    } else {
        format!("{value} (exactly the square root of a rational)")
    }))
}
