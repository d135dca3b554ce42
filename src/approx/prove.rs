//! `prove`: an inequality lhs ≥ rhs on an interval, proved by interval branch-and-bound on
//! h = lhs − rhs ([`super::certify::nonnegative`]) or refuted by a point where an enclosure
//! of h lies below 0. With one free parameter p besides the variable, the boundary case is
//! solved instead: the p* where min_x h(x, p) = 0, found by bisection on the sampled minimum
//! and polished by Newton on the touching conditions h = 0, ∂h/∂x = 0 (symbolic Jacobian);
//! when the touching point is x = 0 and p enters h(0, p) through one power, p* is given in
//! closed form too (SquarePlus ≥ softplus iff b ≥ 4 log(2)²).

use rug::Float;

use super::certify::{self, Forms, Sign};
use super::verify::{PREC, sample_points, value_at};
use crate::expr::Expr;
use crate::expr::diff::diff;
use crate::expr::subst::subs;
use crate::math_error::MathError;
use crate::numeric::compile::Program;
use crate::numeric::eval::eval;

type Result<T> = std::result::Result<T, MathError>;

/// Boxes `prove` may enclose before it gives up.
const BOX_BUDGET: usize = 20_000;
/// Digits of a threshold.
const THRESHOLD_PREC: u32 = 256;

/// A threshold of a parameter: the inequality holds on one side of `value`.
#[derive(Debug, Clone)]
pub struct Threshold {
    pub param: String,
    pub value: Float,
    /// It holds for p ≥ value (else for p ≤ value).
    pub holds_above: bool,
    /// Where h touches 0 at the threshold.
    pub touching: Float,
    /// p* in closed form, when found (checked against `value`).
    pub exact: Option<Expr>,
    pub newton_steps: usize,
}

/// What `prove` established.
#[derive(Debug, Clone)]
pub enum Proof {
    Decided(Sign),
    Threshold(Threshold),
}

/// The smallest sampled value of h and where, refined by golden-section search.
fn sampled_minimum(h: &Expr, var: &str, (a, b): (f64, f64)) -> (f64, f64) {
    let xs = sample_points(a, b);
    let mut ys = vec![f64::NAN; xs.len()];
    if let Ok(p) = Program::compile(h, &[var]) {
        p.eval_batch(&xs, &mut ys);
    }
    let i = (0..xs.len())
        .filter(|&i| ys[i].is_finite())
        .min_by(|&i, &j| ys[i].total_cmp(&ys[j]))
        .unwrap_or(0);
    let (lo, hi) = (xs[i.saturating_sub(1)], xs[(i + 1).min(xs.len() - 1)]);
    let depth = |x: f64| -> f64 {
        value_at(h, var, &Float::with_val(PREC, x))
            .map(|v| -v.to_f64())
            .unwrap_or(f64::NEG_INFINITY)
    };
    let (p, q) = super::maximum::golden_section(lo, hi, &depth);
    let x = [xs[i], p, q]
        .into_iter()
        .max_by(|u, v| depth(*u).total_cmp(&depth(*v)))
        .unwrap_or(xs[i]);
    (x, -depth(x))
}

/// Prove h ≥ 0 (h > 0 when `strict`) on [a, b], or refute it. A touching point — h = 0
/// exactly at an integer x0 where sampling finds the minimum — cannot be settled by intervals
/// (every enclosure around it contains values below 0); there the Taylor remainder decides:
/// with h(x0) = … = h^(k−1)(x0) = 0 (exact series) and h^(k) > 0 on [x0 − δ, x0 + δ] (an
/// interval enclosure), h = h^(k)(ξ)(x − x0)^k/k! ≥ 0 there for even k; the rest of the
/// interval goes to branch-and-bound.
pub fn prove_nonnegative(h: &Expr, var: &str, (a, b): (f64, f64), strict: bool) -> Result<Sign> {
    let d = Forms::of(h, var)?;
    let enc = d.encloser(var, PREC);
    let (hint, _) = sampled_minimum(h, var, (a, b));
    let run = |lo: f64, hi: f64| {
        certify::nonnegative(
            &enc,
            &Float::with_val(PREC, lo),
            &Float::with_val(PREC, hi),
            &Float::with_val(PREC, hint.clamp(lo, hi)),
            strict,
            BOX_BUDGET,
        )
    };
    let Some((x0, order, radius)) = touching(h, var, hint, (a, b))? else {
        return run(a, b);
    };
    if strict {
        // Equality at x0 refutes a strict inequality.
        let zero = Float::new(PREC);
        return Ok(Sign::Counterexample {
            x: Float::with_val(PREC, x0),
            value: crate::numeric::interval::Interval::point(&zero),
        });
    }
    let mut boxes = 0;
    let mut uncovered = Vec::new();
    for (lo, hi) in [(a, x0 - radius), (x0 + radius, b)] {
        if lo >= hi {
            continue;
        }
        match run(lo, hi)? {
            Sign::Proved {
                boxes: n,
                uncovered: mut u,
                ..
            } => {
                boxes += n;
                uncovered.append(&mut u);
            }
            other => return Ok(other),
        }
    }
    Ok(Sign::Proved {
        boxes,
        uncovered,
        touching: Some((
            Float::with_val(PREC, x0),
            order,
            Float::with_val(PREC, radius),
        )),
    })
}

/// An integer x0 near the sampled minimum where h vanishes exactly to order k − 1 and h^(k)
/// keeps the sign that makes h ≥ 0 on [x0 − δ, x0 + δ] ∩ [a, b]: (x0, k, δ).
fn touching(h: &Expr, var: &str, hint: f64, (a, b): (f64, f64)) -> Result<Option<(f64, i64, f64)>> {
    // The integer nearest the sampled minimum, and 0 (far tails decaying to 0 can out-sample a
    // touching point whose double value is ±1e-17).
    let mut candidates = Vec::new();
    if (hint - hint.round()).abs() <= 1e-6 {
        candidates.push(hint.round());
    }
    candidates.push(0.0);
    for x0 in candidates {
        if x0 < a || x0 > b || x0.abs() > 1e15 {
            continue;
        }
        if let Some(found) = touching_at(h, var, x0, (a, b))? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

fn touching_at(
    h: &Expr,
    var: &str,
    x0: f64,
    (a, b): (f64, f64),
) -> Result<Option<(f64, i64, f64)>> {
    let point = Expr::int(x0 as i64);
    let Ok(series) = crate::series::expand(h, var, &crate::series::Point::At(point), 8) else {
        return Ok(None);
    };
    let Some((k, _)) = series
        .terms()
        .into_iter()
        .find(|(_, c)| !super::verify::vanishes(c))
    else {
        return Ok(None);
    };
    let Some(k) = k.is_integer().then(|| k.numer().to_i64()).flatten() else {
        return Ok(None);
    };
    if k < 1 {
        return Ok(None);
    }
    let derivative = crate::expr::diff::diff_n(h, var, k as u64)?;
    // h ≈ c (x − x0)^k: on the right of x0 the sign of h^(k), on the left that times (−1)^k.
    let left_needed = x0 > a;
    let right_needed = x0 < b;
    for step in 2..40 {
        crate::interrupt::check()?;
        let delta = 2f64.powi(-step);
        let box_ = crate::numeric::interval::Interval::new(
            Float::with_val(PREC, (x0 - delta).max(a)),
            Float::with_val(PREC, (x0 + delta).min(b)),
        );
        let Ok(enclosure) = crate::numeric::interval::enclose(&derivative, var, &box_) else {
            continue;
        };
        let positive = enclosure.lo > 0;
        let negative = enclosure.hi < 0;
        let right_ok = !right_needed || positive;
        let left_ok = !left_needed || if k % 2 == 0 { positive } else { negative };
        if right_ok && left_ok && (positive || negative) {
            return Ok(Some((x0, k, delta)));
        }
    }
    Ok(None)
}

/// min over x of h(x, p), sampled.
fn minimum_over_x(h: &Expr, var: &str, param: &str, p: f64, range: (f64, f64)) -> f64 {
    let at = subs(h, &[(param.to_string(), float_expr(p))]).unwrap_or_else(|_| h.clone());
    sampled_minimum(&at, var, range).1
}

fn float_expr(p: f64) -> Expr {
    Expr::num(
        crate::expr::Number::approx(Float::with_val(64, p), 17)
            .unwrap_or(crate::expr::Number::zero()),
    )
}

/// The threshold of `param` at which min_x h crosses 0.
pub fn threshold(h: &Expr, var: &str, param: &str, range: (f64, f64)) -> Result<Threshold> {
    // Scan p over ±2^k and 0 for a sign change of the minimum.
    let mut grid: Vec<f64> = (-20..=20).map(|k| -(2f64).powi(-k)).collect();
    grid.push(0.0);
    grid.extend((-20..=20).map(|k| (2f64).powi(k)));
    let values: Vec<f64> = grid
        .iter()
        .map(|&p| {
            crate::interrupt::check()?;
            Ok(minimum_over_x(h, var, param, p, range))
        })
        .collect::<Result<_>>()?;
    let change = (1..grid.len()).find(|&i| {
        values[i - 1].is_finite()
            && values[i].is_finite()
            && (values[i - 1] < 0.0) != (values[i] < 0.0)
    });
    let Some(i) = change else {
        return Err(MathError::Domain(format!(
            "the sign of min over {var} of the difference does not change for {param} in ±[2^-20, 2^20]: no threshold of {param} found (give {param} a value to prove or refute the inequality)"
        )));
    };
    let (mut lo, mut hi) = (grid[i - 1], grid[i]);
    let lo_negative = values[i - 1] < 0.0;
    for _ in 0..60 {
        crate::interrupt::check()?;
        let mid = 0.5 * (lo + hi);
        if (minimum_over_x(h, var, param, mid, range) < 0.0) == lo_negative {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let p0 = 0.5 * (lo + hi);
    let at = subs(h, &[(param.to_string(), float_expr(p0))])?;
    let (x0, _) = sampled_minimum(&at, var, range);
    let (x, p, steps) = touching_point(h, var, param, x0, p0)?;
    let exact = closed_form(h, var, param, &x, &p);
    Ok(Threshold {
        param: param.to_string(),
        value: p,
        holds_above: lo_negative,
        touching: x,
        exact,
        newton_steps: steps,
    })
}

/// Newton on h = 0, ∂h/∂x = 0 in (x, p) from (x0, p0).
fn touching_point(
    h: &Expr,
    var: &str,
    param: &str,
    x0: f64,
    p0: f64,
) -> Result<(Float, Float, usize)> {
    let hx = diff(h, var)?;
    let jac = [
        [hx.clone(), diff(h, param)?],
        [diff(&hx, var)?, diff(&hx, param)?],
    ];
    let prec = THRESHOLD_PREC;
    let mut x = Float::with_val(prec, x0);
    let mut p = Float::with_val(prec, p0);
    let proto = Float::new(prec);
    let at = |e: &Expr, x: &Float, p: &Float| -> Result<Float> {
        eval(e, &[(var, x.clone()), (param, p.clone())][..], &proto)
    };
    let tol = Float::with_val(prec, Float::i_exp(1, -(prec as i32) + 24));
    for step in 1..=100 {
        crate::interrupt::check()?;
        let f = [at(h, &x, &p)?, at(&hx, &x, &p)?];
        let j = [
            [at(&jac[0][0], &x, &p)?, at(&jac[0][1], &x, &p)?],
            [at(&jac[1][0], &x, &p)?, at(&jac[1][1], &x, &p)?],
        ];
        let det =
            Float::with_val(prec, &j[0][0] * &j[1][1]) - Float::with_val(prec, &j[0][1] * &j[1][0]);
        if det.is_zero() {
            return Err(MathError::Domain(format!(
                "the touching conditions are singular at {var} = {:.6}, {param} = {:.6}: the threshold cannot be polished",
                x.to_f64(),
                p.to_f64()
            )));
        }
        let dx = (Float::with_val(prec, &j[1][1] * &f[0])
            - Float::with_val(prec, &j[0][1] * &f[1]))
            / &det;
        let dp = (Float::with_val(prec, &j[0][0] * &f[1])
            - Float::with_val(prec, &j[1][0] * &f[0]))
            / &det;
        x -= &dx;
        p -= &dp;
        let size = Float::with_val(prec, dp.abs_ref()) + Float::with_val(prec, dx.abs_ref());
        if size <= Float::with_val(prec, &tol * (Float::with_val(prec, p.abs_ref()) + 1u32)) {
            return Ok((x, p, step));
        }
    }
    Err(MathError::Domain(format!(
        "Newton on the touching conditions did not converge in 100 steps (last {var} = {:.6}, {param} = {:.6})",
        x.to_f64(),
        p.to_f64()
    )))
}

/// p* in closed form when the touching point is x = 0 and p enters h(0, p) as one term
/// k·p^r: p* = (−rest/k)^(1/r), kept only if it equals the Newton value to 60 digits.
fn closed_form(h: &Expr, var: &str, param: &str, x: &Float, p: &Float) -> Option<Expr> {
    if x.clone().abs() > Float::with_val(x.prec(), Float::i_exp(1, -150)) {
        return None;
    }
    let at_zero = subs(h, &[(var.to_string(), Expr::zero())]).ok()?;
    let candidate = super::fit::isolate(&at_zero, param)?;
    let value = eval(
        &candidate,
        &crate::numeric::eval::NoVars,
        &Float::new(THRESHOLD_PREC),
    )
    .ok()?;
    let gap = Float::with_val(THRESHOLD_PREC, &value - p).abs();
    (gap <= Float::with_val(THRESHOLD_PREC, Float::i_exp(1, -200))
        * (Float::with_val(THRESHOLD_PREC, p.abs_ref()) + 1u32))
        .then_some(candidate)
}
