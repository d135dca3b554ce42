//! Minimax: the best p makes the error e = g − f equioscillate, e(x_i) = ±E alternately at
//! n + 1 extrema x_i (n parameters). With a reference of n + 1 alternating extrema the system
//! e(x_i, p) = s_i E, ∂e/∂x(x_i, p) = 0 (the second only at interior points) has as many
//! equations as unknowns (p, E, x_i) and is solved by Newton with its symbolic Jacobian; the
//! extrema of the new error are then found again and, while one of them exceeds |E|, the
//! reference is exchanged for the new extrema. An odd or even error on a symmetric interval is
//! reduced to x ≥ 0 (its extrema come in mirror pairs, which would make the system singular).

use rug::Float;

use super::substituted;
use crate::approx::certify::MaxBound;
use crate::approx::verify::{self, Extremum, Measure, error_expr, extrema};
use crate::expr::Expr;
use crate::expr::diff::diff;
use crate::expr::number::digits_to_bits;
use crate::linalg::lu_solve;
use crate::math_error::MathError;
use crate::numeric::eval::eval;

type Result<T> = std::result::Result<T, MathError>;

/// Most exchange steps.
const MAX_EXCHANGES: usize = 40;
/// Most Newton steps per solve.
const MAX_NEWTON: usize = 60;
/// Extrema refined per exchange.
const EXTREMA: usize = 40;

/// A symmetry of the error found numerically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symmetry {
    Odd,
    Even,
}

/// A minimax fit.
#[derive(Debug, Clone)]
pub struct Minimax {
    pub params: Vec<(String, Float)>,
    /// The levelled error |E|.
    pub error: Float,
    /// The reference at the solution: n + 1 extrema with e = ±E.
    pub points: Vec<Extremum>,
    pub exchanges: usize,
    pub newton_steps: usize,
    pub symmetry: Option<Symmetry>,
    pub certificate: std::result::Result<MaxBound, String>,
    pub digits: u32,
}

/// Odd or even when e(−x) = ∓e(x) at three points to 30 digits (the interval symmetric).
fn symmetry(e: &Expr, var: &str, (a, b): (f64, f64)) -> Option<Symmetry> {
    if a != -b {
        return None;
    }
    let mut odd = true;
    let mut even = true;
    for x in [0.3137, 1.2345, 2.71] {
        if x > b {
            continue;
        }
        let at = |x: f64| verify::value_at(e, var, &Float::with_val(128, x)).ok();
        let (Some(p), Some(m)) = (at(x), at(-x)) else {
            return None;
        };
        let scale =
            Float::with_val(128, p.abs_ref()) + Float::with_val(128, m.abs_ref()) + 1e-300f64;
        let tiny = Float::with_val(128, &scale * 1e-30f64);
        odd &= Float::with_val(128, &p + &m).abs() <= tiny;
        even &= Float::with_val(128, &p - &m).abs() <= tiny;
    }
    match (odd, even) {
        (true, false) => Some(Symmetry::Odd),
        (false, true) => Some(Symmetry::Even),
        _ => None,
    }
}

/// The derivatives the alternation system needs.
struct System {
    e: Expr,
    ex: Expr,
    exx: Expr,
    ep: Vec<Expr>,
    exp: Vec<Expr>,
    var: String,
    names: Vec<String>,
}

impl System {
    fn new(e: &Expr, var: &str, names: &[String]) -> Result<System> {
        let ex = diff(e, var)?;
        let exx = diff(&ex, var)?;
        let ep = names
            .iter()
            .map(|p| diff(e, p))
            .collect::<Result<Vec<_>>>()?;
        let exp = names
            .iter()
            .map(|p| diff(&ex, p))
            .collect::<Result<Vec<_>>>()?;
        Ok(System {
            e: e.clone(),
            ex,
            exx,
            ep,
            exp,
            var: var.to_string(),
            names: names.to_vec(),
        })
    }
    fn at(&self, f: &Expr, x: &Float, p: &[Float]) -> Result<Float> {
        let mut env: Vec<(&str, Float)> = vec![(self.var.as_str(), x.clone())];
        env.extend(self.names.iter().map(String::as_str).zip(p.iter().cloned()));
        eval(f, &env[..], &Float::new(x.prec()))
    }
}

/// One reference point: where, the sign of e there, whether it is pinned to an end.
#[derive(Debug, Clone)]
struct Reference {
    x: Float,
    sign: i32,
    pinned: bool,
}

/// Newton on e(x_i, p) = s_i E, e_x(x_i, p) = 0 (unpinned i); unknowns p, E, x_i.
fn solve_alternation(
    sys: &System,
    refs: &mut [Reference],
    p: &mut [Float],
    level: &mut Float,
    prec: u32,
) -> Result<usize> {
    let n = p.len();
    let tol = Float::with_val(prec, Float::i_exp(1, -(prec as i32) + 12));
    for v in p.iter_mut() {
        v.set_prec(prec);
    }
    level.set_prec(prec);
    for r in refs.iter_mut() {
        r.x.set_prec(prec);
    }
    let free: Vec<usize> = (0..refs.len()).filter(|&i| !refs[i].pinned).collect();
    let size = n + 1 + free.len();
    for step in 1..=MAX_NEWTON {
        crate::interrupt::check()?;
        let mut jac = vec![vec![Float::new(prec); size]; size];
        let mut rhs = vec![Float::new(prec); size];
        let mut row = 0;
        for (i, r) in refs.iter().enumerate() {
            let value = sys.at(&sys.e, &r.x, p)?;
            rhs[row] = -(value - Float::with_val(prec, &*level * r.sign));
            for (cell, ep) in jac[row].iter_mut().zip(&sys.ep) {
                *cell = sys.at(ep, &r.x, p)?;
            }
            jac[row][n] = Float::with_val(prec, -r.sign);
            if let Some(k) = free.iter().position(|&f| f == i) {
                jac[row][n + 1 + k] = sys.at(&sys.ex, &r.x, p)?;
            }
            row += 1;
        }
        for (k, &i) in free.iter().enumerate() {
            let x = &refs[i].x;
            rhs[row] = -sys.at(&sys.ex, x, p)?;
            for (cell, exp) in jac[row].iter_mut().zip(&sys.exp) {
                *cell = sys.at(exp, x, p)?;
            }
            jac[row][n + 1 + k] = sys.at(&sys.exx, x, p)?;
            row += 1;
        }
        let Some(delta) = lu_solve(jac, rhs) else {
            return Err(MathError::Domain(
                "the alternation system is singular: the parameters do not move the error independently at the reference points (a parameter with no effect, or more parameters than the alternation can fix)".into(),
            ));
        };
        let mut largest = Float::new(prec);
        for (j, v) in p.iter_mut().enumerate() {
            *v += &delta[j];
            let change = Float::with_val(prec, delta[j].abs_ref())
                / (Float::with_val(prec, v.abs_ref()) + 1u32);
            largest = largest.max(&change);
        }
        *level += &delta[n];
        for (k, &i) in free.iter().enumerate() {
            refs[i].x += &delta[n + 1 + k];
        }
        let rel_level = Float::with_val(prec, delta[n].abs_ref())
            / (Float::with_val(prec, level.abs_ref())
                + Float::with_val(prec, Float::i_exp(1, -(prec as i32))));
        if largest <= tol && rel_level <= Float::with_val(prec, &tol * 1024u32) {
            return Ok(step);
        }
        if !level.is_finite() || p.iter().any(|v| !v.is_finite()) {
            break;
        }
    }
    Err(MathError::Domain(format!(
        "Newton on the alternation system did not converge in {MAX_NEWTON} steps (last parameters {}, level {:.3e})",
        p.iter()
            .map(|v| format!("{:.10}", v.to_f64()))
            .collect::<Vec<_>>()
            .join(", "),
        level.to_f64()
    )))
}

/// Whether e (at the constants p) is finite at a point.
fn finite_at<'a>(
    e: &'a Expr,
    var: &'a str,
    names: &'a [String],
    p: &'a [Float],
) -> impl Fn(f64) -> bool + 'a {
    move |x| {
        let params: Vec<(String, Float)> = names.iter().cloned().zip(p.iter().cloned()).collect();
        substituted(e, &params)
            .and_then(|f| verify::value_at(&f, var, &Float::with_val(p[0].prec(), x)))
            .is_ok_and(|v| v.is_finite())
    }
}

/// The extrema of alternating sign: consecutive ones of one sign merged into the largest.
fn alternating(points: &[Extremum]) -> Vec<Extremum> {
    let mut out: Vec<Extremum> = Vec::new();
    for p in points {
        if p.value.is_zero() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.value.is_sign_negative() == p.value.is_sign_negative() => {
                if p.value.clone().abs() > last.value.clone().abs() {
                    *last = p.clone();
                }
            }
            _ => out.push(p.clone()),
        }
    }
    out
}

/// The window of `k` consecutive alternating extrema with the largest smallest |e|, among the
/// windows that hold the largest |e|.
fn choose_reference(
    points: &[Extremum],
    k: usize,
    (a, b): (f64, f64),
    finite_at: impl Fn(f64) -> bool,
) -> Option<Vec<Reference>> {
    let alt = alternating(points);
    if alt.len() < k {
        return None;
    }
    let size = |p: &Extremum| p.value.to_f64().abs();
    let top = (0..alt.len()).max_by(|&i, &j| size(&alt[i]).total_cmp(&size(&alt[j])))?;
    let start = (0..=alt.len() - k)
        .filter(|&s| s <= top && top < s + k)
        .max_by(|&s, &t| {
            let low = |s: usize| alt[s..s + k].iter().map(size).fold(f64::INFINITY, f64::min);
            low(s).total_cmp(&low(t))
        })?;
    Some(
        alt[start..start + k]
            .iter()
            .map(|p| {
                let x = p.x.to_f64();
                let near =
                    |end: f64| end.is_finite() && (x - end).abs() <= 1e-9 * (1.0 + end.abs());
                // A point at an end of the interval stays there (snapped exactly), unless e is
                // 0/0 there (a removable singularity): then it stays just inside.
                let end = [a, b].into_iter().find(|&end| near(end) && finite_at(end));
                Reference {
                    x: end.map_or_else(|| p.x.clone(), |end| Float::with_val(p.x.prec(), end)),
                    sign: if p.value.is_sign_negative() { -1 } else { 1 },
                    pinned: end.is_some(),
                }
            })
            .collect(),
    )
}

/// The best uniform fit of `model` to `target` over [a, b] in the parameters `starts`.
pub fn minimax(
    model: &Expr,
    target: &Expr,
    var: &str,
    range: (f64, f64),
    starts: &[(String, f64)],
    digits: u32,
    measure: Measure,
) -> Result<Minimax> {
    let e = error_expr(model, target, measure)?;
    let names: Vec<String> = starts.iter().map(|(n, _)| n.clone()).collect();
    let sys = System::new(&e, var, &names)?;
    let at_start: Vec<(String, Float)> = starts
        .iter()
        .map(|(n, v)| (n.clone(), Float::with_val(64, *v)))
        .collect();
    verify::check_bounded(&substituted(&e, &at_start)?, var, range)?;
    let sym = symmetry(&substituted(&e, &at_start)?, var, range);
    let work = if sym.is_some() { (0.0, range.1) } else { range };
    let k = names.len() + 1;
    let low = 96;
    let mut p: Vec<Float> = starts
        .iter()
        .map(|(_, v)| Float::with_val(low, *v))
        .collect();
    let mut newton_steps = 0;
    let mut exchanges = 0;
    let extrema_at = |p: &[Float]| -> Result<Vec<Extremum>> {
        let current: Vec<(String, Float)> = names.iter().cloned().zip(p.iter().cloned()).collect();
        Ok(extrema(
            &substituted(&e, &current)?,
            var,
            work.0,
            work.1,
            EXTREMA,
        ))
    };
    let mut found = extrema_at(&p)?;
    if choose_reference(&found, k, work, finite_at(&e, var, &names, &p)).is_none() {
        if work.0.is_finite() && work.1.is_finite() {
            // The classical start: level the error on Chebyshev extremal points of the
            // interval (no stationarity there yet), then exchange as usual.
            let (mid, half) = (0.5 * (work.0 + work.1), 0.5 * (work.1 - work.0));
            let finite = finite_at(&e, var, &names, &p);
            let mut refs: Vec<Reference> = (0..k)
                .map(|i| {
                    let mut x =
                        mid - half * (std::f64::consts::PI * i as f64 / (k - 1) as f64).cos();
                    if !finite(x) {
                        // A removable singularity at the end: start just inside.
                        x += (mid - x).signum() * 1e-9 * (1.0 + x.abs());
                    }
                    Reference {
                        x: Float::with_val(low, x),
                        sign: if i % 2 == 0 { 1 } else { -1 },
                        pinned: true,
                    }
                })
                .collect();
            drop(finite);
            let mut level = Float::with_val(low, 0);
            newton_steps += solve_alternation(&sys, &mut refs, &mut p, &mut level, low)?;
        } else {
            // The start is outside the region where the error alternates (SquarePlus from
            // b = 2, where it is one-signed): descend on the sampled max |e| first.
            let better = descend(&e, var, work, &names, &p)?;
            p = better
                .into_iter()
                .map(|v| Float::with_val(low, v))
                .collect();
        }
        found = extrema_at(&p)?;
    }
    loop {
        crate::interrupt::check()?;
        let mut refs = choose_reference(&found, k, work, finite_at(&e, var, &names, &p)).ok_or_else(|| {
            MathError::Domain(format!(
                "the error has {} extrema of alternating sign{}, fewer than the {k} that {} parameter{} need: more parameters than the alternation can fix (or the interval is too short)",
                alternating(&found).len(),
                if sym.is_some() { " on x >= 0 (the error is symmetric)" } else { "" },
                names.len(),
                if names.len() == 1 { "" } else { "s" }
            ))
        })?;
        let mut level = found
            .iter()
            .find(|q| q.x == refs[0].x)
            .map(|q| Float::with_val(low, q.value.abs_ref()))
            .unwrap_or_else(|| Float::with_val(low, 1e-3));
        newton_steps += solve_alternation(&sys, &mut refs, &mut p, &mut level, low)?;
        exchanges += 1;
        found = extrema_at(&p)?;
        let largest = found
            .iter()
            .map(|q| q.value.to_f64().abs())
            .fold(0.0f64, f64::max);
        let levelled = level.to_f64().abs();
        if largest <= levelled * (1.0 + 1e-9) + 1e-300 {
            // Levelled: polish the reference at the full precision and certify.
            let prec = (digits_to_bits(digits) + 32).max(low);
            newton_steps += solve_alternation(&sys, &mut refs, &mut p, &mut level, prec)?;
            let params: Vec<(String, Float)> =
                names.iter().cloned().zip(p.iter().cloned()).collect();
            let fitted = substituted(&e, &params)?;
            let guess = refs[0].x.clone();
            let certificate = verify::certify_max(&fitted, var, range, &guess, verify::PREC, 1e-6);
            let points = refs
                .iter()
                .map(|r| Extremum {
                    x: r.x.clone(),
                    value: Float::with_val(level.prec(), &level * r.sign),
                })
                .collect();
            return Ok(Minimax {
                params,
                error: level.abs(),
                points,
                exchanges,
                newton_steps,
                symmetry: sym,
                certificate,
                digits,
            });
        }
        if exchanges >= MAX_EXCHANGES {
            return Err(MathError::Domain(format!(
                "the exchange did not level the error in {MAX_EXCHANGES} steps (max |e| = {largest:.6e} against the level {levelled:.6e})"
            )));
        }
    }
}

/// Coordinate descent on the sampled max |e(x, p)| (compiled doubles, golden-section search
/// along each constant, brackets widened until the minimum is inside): a start for the
/// exchange when the error does not yet alternate enough.
fn descend(
    e: &Expr,
    var: &str,
    work: (f64, f64),
    names: &[String],
    p: &[Float],
) -> Result<Vec<f64>> {
    let mut vars: Vec<&str> = vec![var];
    vars.extend(names.iter().map(String::as_str));
    let program = crate::numeric::compile::Program::compile(e, &vars)?;
    let xs = verify::sample_points(work.0, work.1);
    let mut out = vec![0.0; xs.len()];
    let mut worst = |q: &[f64]| -> f64 {
        let columns: Vec<Vec<f64>> = q.iter().map(|v| vec![*v; xs.len()]).collect();
        let mut all: Vec<&[f64]> = vec![&xs];
        all.extend(columns.iter().map(Vec::as_slice));
        program.eval_columns(&all, &mut out);
        out.iter()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()))
    };
    let mut q: Vec<f64> = p.iter().map(Float::to_f64).collect();
    for _ in 0..4 {
        for j in 0..q.len() {
            crate::interrupt::check()?;
            let mut width = 0.5 * q[j].abs() + 0.1;
            let mut along = |v: f64, q: &mut Vec<f64>| {
                let keep = q[j];
                q[j] = v;
                let m = worst(q);
                q[j] = keep;
                m
            };
            // Widen until the middle beats both ends.
            for _ in 0..20 {
                let (l, c, r) = (
                    along(q[j] - width, &mut q),
                    along(q[j], &mut q),
                    along(q[j] + width, &mut q),
                );
                if c <= l && c <= r {
                    break;
                }
                q[j] += if l < r { -width } else { width };
                width *= 2.0;
            }
            let (mut lo, mut hi) = (q[j] - width, q[j] + width);
            let ratio = 0.5 * (5f64.sqrt() - 1.0);
            for _ in 0..50 {
                let a = hi - ratio * (hi - lo);
                let b = lo + ratio * (hi - lo);
                if along(a, &mut q) <= along(b, &mut q) {
                    hi = b;
                } else {
                    lo = a;
                }
            }
            q[j] = 0.5 * (lo + hi);
        }
    }
    Ok(q)
}
