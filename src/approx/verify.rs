//! `verify`: how far an approximation g is from a function f on an interval, with evidence.
//! The error e = g − f (or (g − f)/f) is sampled densely (doubles in the centre, MPFR where
//! doubles cancel and on the logarithmic tails of an infinite interval), every local extremum
//! is refined by golden-section search in MPFR, and the largest is then certified by interval
//! branch-and-bound ([`super::certify`]). Alongside: the extrema with their signs (the
//! equioscillation a minimax fit produces), the L2 error by double-exponential quadrature and
//! the order of Taylor agreement at a point through the exact series engine.

use rug::Float;

use super::certify::{self, Forms, MaxBound};
use crate::expr::number::format_float;
use crate::expr::{Expr, canon};
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::compile::Program;
use crate::numeric::eval::eval;
use crate::numeric::quad::{self, Domain};
use crate::series::{self, Point};

type Result<T> = std::result::Result<T, MathError>;

/// Working precision of the sampling refinement and of the certificate.
pub const PREC: u32 = 128;
/// Points of the uniform part of the sampling.
const UNIFORM_SAMPLES: usize = 4000;
/// Points per decade on the logarithmic tails of an infinite interval.
const TAIL_PER_DECADE: f64 = 4.0;
/// Where the uniform part of an infinite interval ends.
const CENTRE: f64 = 32.0;
/// The certificate's box budget.
const BOX_BUDGET: usize = 20_000;
/// The relative gap between the certified lower and upper bounds aimed at.
const CERTIFY_TOLERANCE: f64 = 1e-6;
/// How many series terms the Taylor comparison looks at.
const TAYLOR_TERMS: i64 = 16;
/// How many of the largest sampled extrema are refined.
const REFINED_EXTREMA: usize = 24;
/// Extrema within this fraction of the largest count as equioscillating.
const LEVEL: f64 = 0.01;

/// The error measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Absolute,
    /// (g − f)/f.
    Relative,
}

/// e(x) as an expression, with the measure applied.
pub fn error_expr(approx: &Expr, exact: &Expr, measure: Measure) -> Result<Expr> {
    let e = canon::sub(approx.clone(), exact.clone())?;
    match measure {
        Measure::Absolute => Ok(e),
        Measure::Relative => canon::div(e, exact.clone()),
    }
}

/// An extremum of e: where, and the signed value there.
#[derive(Debug, Clone)]
pub struct Extremum {
    pub x: Float,
    pub value: Float,
}

/// Taylor agreement of g and f at a point.
#[derive(Debug, Clone)]
pub struct Agreement {
    pub point: Expr,
    /// g − f = c·(x − x0)^order + …: they agree through order − 1. `None` when every
    /// coefficient up to `checked` vanishes.
    pub order: Option<i64>,
    pub coefficient: Option<Expr>,
    pub checked: i64,
}

/// Everything `verify` found.
#[derive(Debug, Clone)]
pub struct Verification {
    pub measure: Measure,
    /// The sampled extrema of e, by x; the largest |e| among them is `peak`.
    pub extrema: Vec<Extremum>,
    pub peak: Extremum,
    /// The certificate of max |e|, or why none could be made.
    pub certificate: std::result::Result<MaxBound, String>,
    /// The longest run of extrema of alternating sign within 1% of the peak.
    pub alternation: Vec<Extremum>,
    /// √∫ e² over the interval and its quadrature error estimate, or why not.
    pub l2: std::result::Result<(Float, Float), String>,
    pub taylor: Option<std::result::Result<Agreement, String>>,
}

/// Evaluate e at x in MPFR.
pub fn value_at(e: &Expr, var: &str, x: &Float) -> Result<Float> {
    let proto = Float::new(x.prec());
    eval(e, &[(var, x.clone())][..], &proto)
}

/// The sample abscissae: uniform on [a, b] (or its central part), logarithmic on infinite
/// tails out to 1e300.
pub fn sample_points(a: f64, b: f64) -> Vec<f64> {
    let lo = a.max(-CENTRE);
    let hi = b.min(CENTRE);
    let (lo, hi) = if a.is_finite() && b.is_finite() {
        (a, b)
    } else {
        (lo, hi)
    };
    let mut xs: Vec<f64> = (0..=UNIFORM_SAMPLES)
        .map(|k| lo + (hi - lo) * k as f64 / UNIFORM_SAMPLES as f64)
        .collect();
    let decades = (300.0 - CENTRE.log10()) * TAIL_PER_DECADE;
    let tail = |sign: f64| {
        (1..=decades as usize).map(move |k| sign * CENTRE * 10f64.powf(k as f64 / TAIL_PER_DECADE))
    };
    if b.is_infinite() {
        xs.extend(tail(1.0));
    }
    if a.is_infinite() {
        xs.extend(tail(-1.0));
    }
    xs.sort_by(f64::total_cmp);
    xs
}

/// e at the sample points: compiled doubles, in the tail forms of [`super::tails`] beyond ±1
/// (where the terms of e share an asymptote), redone in MPFR where the double value is within
/// rounding noise of its terms (they cancel) or not finite.
fn sample(e: &Expr, var: &str, xs: &[f64]) -> Vec<f64> {
    let tail = |right: bool| super::tails::tail_form(e, right).unwrap_or_else(|_| e.clone());
    let (right, left) = (tail(true), tail(false));
    let mut out = Vec::with_capacity(xs.len());
    let mut start = 0;
    while start < xs.len() {
        let region = |x: f64| (x >= 1.0) as u8 * 2 + (x <= -1.0) as u8;
        let r = region(xs[start]);
        let end = (start..xs.len())
            .find(|&i| region(xs[i]) != r)
            .unwrap_or(xs.len());
        let form = match r {
            2 => &right,
            1 => &left,
            _ => e,
        };
        out.extend(sample_form(form, var, &xs[start..end]));
        start = end;
    }
    out
}

fn sample_form(e: &Expr, var: &str, xs: &[f64]) -> Vec<f64> {
    let mut out = vec![f64::NAN; xs.len()];
    let terms: Vec<Expr> = match e.node() {
        crate::expr::Node::Add(terms) => terms.clone(),
        _ => Vec::new(),
    };
    let scale: Vec<f64> = match (
        Program::compile(e, &[var]),
        terms
            .iter()
            .map(|t| Program::compile(t, &[var]))
            .collect::<std::result::Result<Vec<_>, _>>(),
    ) {
        (Ok(p), Ok(parts)) => {
            p.eval_batch(xs, &mut out);
            let mut scale = vec![0.0; xs.len()];
            let mut part = vec![0.0; xs.len()];
            for q in parts {
                q.eval_batch(xs, &mut part);
                for (s, v) in scale.iter_mut().zip(&part) {
                    *s += v.abs();
                }
            }
            scale
        }
        _ => vec![f64::INFINITY; xs.len()],
    };
    for (i, x) in xs.iter().enumerate() {
        if !out[i].is_finite() || (scale[i] > 0.0 && out[i].abs() <= 1e-12 * scale[i]) {
            out[i] = continuous_value(e, var, *x).unwrap_or(f64::NAN);
        }
    }
    out
}

/// e(x) in MPFR; where that is 0/0 (a removable singularity such as (g − f)/f at a common
/// zero), the value a relative 10^-9 beside x.
pub fn continuous_value(e: &Expr, var: &str, x: f64) -> Option<f64> {
    let at = |x: f64| {
        value_at(e, var, &Float::with_val(PREC, x))
            .ok()
            .map(|v| v.to_f64())
            .filter(|v| v.is_finite())
    };
    at(x)
        .or_else(|| at(x + 1e-9 * (1.0 + x.abs())))
        .or_else(|| at(x - 1e-9 * (1.0 + x.abs())))
}

/// Refuse an error that is not finite on the interval: a sample where it is not finite even
/// in MPFR, or a peak that, refined, exceeds 10^10 times the median sample (a pole of f or g
/// inside the interval).
pub fn check_bounded(e: &Expr, var: &str, (a, b): (f64, f64)) -> Result<()> {
    let xs = sample_points(a, b);
    let ys = sample(e, var, &xs);
    // A removable singularity (sin(x)/x at 0) is finite on both sides of its point.
    let removable = |x: f64| {
        [1.0, -1.0].iter().all(|side| {
            let near = x + side * 1e-9 * (1.0 + x.abs());
            value_at(e, var, &Float::with_val(PREC, near))
                .is_ok_and(|v| v.is_finite() && v.to_f64().abs() < 1e100)
        })
    };
    if let Some(i) = (0..xs.len()).find(|&i| !ys[i].is_finite() && !removable(xs[i])) {
        return Err(MathError::Domain(format!(
            "the error is not finite at {var} = {} (a pole of f or g, or a point outside their domain, inside the interval)",
            format_float(&Float::with_val(53, xs[i]), 6)
        )));
    }
    let mut sizes: Vec<f64> = ys
        .iter()
        .filter(|y| y.is_finite())
        .map(|y| y.abs())
        .collect();
    if sizes.is_empty() {
        return Ok(());
    }
    sizes.sort_by(f64::total_cmp);
    let median = sizes[sizes.len() / 2];
    let i = (0..xs.len())
        .filter(|&i| ys[i].is_finite())
        .max_by(|&i, &j| ys[i].abs().total_cmp(&ys[j].abs()))
        .unwrap_or(0);
    let (lo, hi) = (xs[i.saturating_sub(1)], xs[(i + 1).min(xs.len() - 1)]);
    if let Some(peak) = refine(e, var, lo, hi)
        && (peak.value.to_f64().abs() > 1e10 * median.max(1e-300) || !peak.value.is_finite())
        && peak.value.to_f64().abs() > 1e3
    {
        return Err(MathError::Domain(format!(
            "the error grows without bound near {var} = {} (|e| = {:.3e} there against a median of {:.3e}): a pole of f or g inside the interval{}",
            format_float(&peak.x, 6),
            peak.value.to_f64().abs(),
            median,
            if a.is_infinite() || b.is_infinite() {
                ", or g and f drifting apart on an infinite interval"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// Golden-section search for the largest |e| on [lo, hi] in MPFR.
fn refine(e: &Expr, var: &str, lo: f64, hi: f64) -> Option<Extremum> {
    let size = |x: f64| -> f64 {
        value_at(e, var, &Float::with_val(PREC, x))
            .map(|v| v.to_f64().abs())
            .unwrap_or(-1.0)
    };
    let (a, b) = super::maximum::golden_section(lo, hi, &size);
    let x = if size(a) >= size(b) { a } else { b };
    let xf = Float::with_val(PREC, x);
    let value = value_at(e, var, &xf).ok()?;
    Some(Extremum { x: xf, value })
}

/// The local extrema of e among the samples, refined (at most `limit`, the largest).
pub fn extrema(e: &Expr, var: &str, a: f64, b: f64, limit: usize) -> Vec<Extremum> {
    let xs = sample_points(a, b);
    let ys = sample(e, var, &xs);
    let mut candidates: Vec<usize> = (0..xs.len())
        .filter(|&i| ys[i].is_finite())
        .filter(|&i| {
            let left = if i == 0 { f64::NAN } else { ys[i - 1] };
            let right = ys.get(i + 1).copied().unwrap_or(f64::NAN);
            let y = ys[i].abs();
            left.abs().partial_cmp(&y) != Some(std::cmp::Ordering::Greater)
                && right.abs().partial_cmp(&y) != Some(std::cmp::Ordering::Greater)
                && y > 0.0
        })
        .collect();
    candidates.sort_by(|&i, &j| ys[j].abs().total_cmp(&ys[i].abs()));
    candidates.truncate(limit);
    let mut found: Vec<Extremum> = candidates
        .into_iter()
        .filter_map(|i| {
            let lo = xs[i.saturating_sub(1)];
            let hi = xs[(i + 1).min(xs.len() - 1)];
            refine(e, var, lo, hi)
        })
        .collect();
    found.sort_by(|p, q| p.x.total_cmp(&q.x));
    found.dedup_by(|p, q| {
        let gap = Float::with_val(PREC, &p.x - &q.x).abs().to_f64();
        gap <= 1e-9 * (1.0 + p.x.to_f64().abs())
    });
    found
}

/// The longest run of consecutive extrema (by x) with alternating signs and |e| within
/// `LEVEL` of the largest.
pub fn alternation(extrema: &[Extremum]) -> Vec<Extremum> {
    let top = extrema
        .iter()
        .map(|p| p.value.to_f64().abs())
        .fold(0.0f64, f64::max);
    let level: Vec<&Extremum> = extrema
        .iter()
        .filter(|p| p.value.to_f64().abs() >= (1.0 - LEVEL) * top)
        .collect();
    let mut best: Vec<Extremum> = Vec::new();
    let mut run: Vec<Extremum> = Vec::new();
    for p in level {
        if let Some(last) = run.last()
            && last.value.is_sign_negative() == p.value.is_sign_negative()
        {
            run.clear();
        }
        run.push(p.clone());
        if run.len() > best.len() {
            best = run.clone();
        }
    }
    best
}

/// √∫ e² dx over [a, b] and the quadrature's error estimate.
fn l2_error(e: &Expr, var: &str, a: f64, b: f64) -> std::result::Result<(Float, Float), String> {
    let domain = Domain::from_ends(&Float::with_val(PREC, a), &Float::with_val(PREC, b));
    let q = quad::integrate(&domain, PREC, 40, |x| {
        let v = match value_at(e, var, x) {
            Ok(v) if v.is_finite() => v,
            _ => Float::with_val(
                PREC,
                continuous_value(e, var, x.to_f64()).ok_or_else(|| {
                    MathError::Domain(format!("e is not finite at x = {:.6e}", x.to_f64()))
                })?,
            ),
        };
        Ok(Float::with_val(PREC, v.square_ref()))
    })
    .map_err(|err| err.to_string())?;
    let root = Float::with_val(PREC, q.value.sqrt_ref());
    // d√I = dI/(2√I).
    let error = if root.is_zero() {
        Float::with_val(PREC, q.error.sqrt_ref())
    } else {
        Float::with_val(PREC, &q.error / &root) / 2u32
    };
    Ok((root, error))
}

/// Whether an exact series coefficient is zero: canonically, or numerically to 300 bits.
pub(crate) fn vanishes(c: &Expr) -> bool {
    if c.is_zero() {
        return true;
    }
    let proto = Ball::zero(300);
    eval(c, &crate::numeric::eval::NoVars, &proto)
        .map(|b| b.part_contains_zero(false) && b.part_contains_zero(true))
        .unwrap_or(false)
}

/// The order at which g − f first has a non-zero Taylor coefficient at `point`.
pub fn agreement(e: &Expr, var: &str, point: &Expr) -> Result<Agreement> {
    let s = series::expand(e, var, &Point::At(point.clone()), TAYLOR_TERMS)?;
    let first = s
        .terms()
        .into_iter()
        .find(|(_, c)| !vanishes(c))
        .filter(|(k, _)| k.is_integer());
    Ok(Agreement {
        point: point.clone(),
        order: first.as_ref().and_then(|(k, _)| k.numer().to_i64()),
        coefficient: first.map(|(_, c)| c),
        checked: TAYLOR_TERMS,
    })
}

/// Run every check of `verify`.
pub fn verify(
    approx: &Expr,
    exact: &Expr,
    var: &str,
    (a, b): (f64, f64),
    measure: Measure,
    at: Option<&Expr>,
) -> Result<Verification> {
    let e = error_expr(approx, exact, measure)?;
    check_bounded(&e, var, (a, b))?;
    let found = extrema(&e, var, a, b, REFINED_EXTREMA);
    let Some(peak) = found
        .iter()
        .max_by(|p, q| p.value.clone().abs().total_cmp(&q.value.clone().abs()))
        .cloned()
    else {
        return Err(MathError::Domain(format!(
            "the error could not be evaluated anywhere on the interval (or it is 0 everywhere: {approx} and {exact} may be the same function)"
        )));
    };
    let certificate = certify_max(&e, var, (a, b), &peak.x, PREC, CERTIFY_TOLERANCE);
    let l2 = l2_error(&e, var, a, b);
    let taylor = at.map(|p| {
        canon::sub(approx.clone(), exact.clone())
            .and_then(|d| agreement(&d, var, p))
            .map_err(|err| err.to_string())
    });
    Ok(Verification {
        measure,
        alternation: alternation(&found),
        extrema: found,
        peak,
        certificate,
        l2,
        taylor,
    })
}

/// Certify max |e| on [a, b] near the sampled peak.
pub fn certify_max(
    e: &Expr,
    var: &str,
    (a, b): (f64, f64),
    guess: &Float,
    prec: u32,
    tolerance: f64,
) -> std::result::Result<MaxBound, String> {
    let d = Forms::of(e, var).map_err(|err| err.to_string())?;
    let enc = d.encloser(var, prec);
    certify::max_abs(
        &enc,
        &Float::with_val(prec, a),
        &Float::with_val(prec, b),
        guess,
        tolerance,
        BOX_BUDGET,
    )
    .map_err(|err| err.to_string())
}
