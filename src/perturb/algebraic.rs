//! Perturbation of the roots of F(x, ε) = 0 as ε → 0: every branch as a Taylor, Laurent or
//! Puiseux series in ε, by the Newton polygon (Newton–Puiseux).
//!
//! With F = Σ a_i(ε) x^i, each term's size is ε^(v_i) |x|^i where v_i is the valuation of
//! a_i. A branch x ~ y0·ε^γ balances at least two terms: the lower convex hull of the points
//! (i, v_i) has one edge per balance, γ = −slope, and the edge's characteristic polynomial
//! Σ c_i y^(i − i1) gives the leading coefficients y0. Rescaling x = ε^γ·w with ε = η^q turns
//! the branch into a root w(η) of H(w, η) = η^(−μq)·F(η^(γq)·w, η^q) through w0: for a simple
//! w0, the implicit-function ODE w' = −H_η/H_w from w(0) = w0 gives the series exactly on the
//! series engine; a repeated w0 recurses on H(w0 + z, η) for the branches with z → 0.

use std::sync::Arc;

use rug::{Integer, Rational};

use super::roots::exact_roots;
use crate::expr::diff::diff;
use crate::expr::subst::{expand, subs};
use crate::expr::{Expr, Number, canon};
use crate::math_error::MathError;
use crate::series::ode::{Equation, taylor};
use crate::series::{AnySeries, Frame, Point, Series};

type Result<T> = std::result::Result<T, MathError>;

/// How deep repeated roots may recurse (each level resolves one coincidence of leading terms).
const MAX_DEPTH: usize = 6;

/// One branch of the roots: its series in ε and how it behaves.
#[derive(Debug, Clone)]
pub struct Branch {
    pub series: AnySeries,
    /// The leading behaviour, e.g. `x -> p`, `x ~ -1/eps`, `x ~ eps^(1/2)`.
    pub behaviour: String,
    /// F at the truncated branch: the power of ε of its first non-zero term, or `None` when it
    /// vanishes as far as it was expanded (`checked_to`).
    pub residual: Option<Rational>,
    pub checked_to: Rational,
}

/// The branches of F(x, ε) = 0, each to ε^n; `around` picks the branch through x0 at ε = 0.
/// Also notes (roots left out: complex ones of binomials).
pub fn perturb(
    f: &Expr,
    x: &str,
    eps: &str,
    n: i64,
    around: Option<&Expr>,
) -> Result<(Vec<Branch>, Vec<String>)> {
    crate::series::check_order(n)?;
    if !f.depends_on(eps) {
        return Err(MathError::Domain(format!(
            "the equation does not contain the parameter {eps}"
        )));
    }
    if !f.depends_on(x) {
        return Err(MathError::Domain(format!(
            "the equation does not contain the unknown {x}"
        )));
    }
    // Work with internal names that no input can write.
    let (w, e) = ("#w", "#e");
    let g = subs(
        f,
        &[
            (x.to_string(), Expr::sym(w)),
            (eps.to_string(), Expr::sym(e)),
        ],
    )?;
    let target = Rational::from(n);
    let mut notes = Vec::new();
    let found = match around {
        Some(x0) => {
            let shifted = subs(
                &g,
                &[(w.to_string(), canon::add2(x0.clone(), Expr::sym(w))?)],
            )?;
            let at0 = expand(&subs(
                &shifted,
                &[(w.into(), Expr::zero()), (e.into(), Expr::zero())],
            )?)?;
            if !at0.is_zero() {
                return Err(MathError::Domain(format!(
                    "{x} = {x0} is not a root at {eps} = 0: F({x0}, 0) = {at0}"
                )));
            }
            // A simple root needs no polygon (F may be any analytic function of x); a
            // repeated one continues by the polygon of F(x0 + z, eps).
            let simple = implicit(&g, w, e, x0, &target);
            match simple {
                Ok(s) => vec![s],
                Err(MathError::Domain(why)) if why.contains("repeated") => {
                    branches(&shifted, w, e, &target, true, 0, &mut notes)?
                        .into_iter()
                        .map(|s| s.add(&s.lift(x0)?))
                        .collect::<Result<Vec<_>>>()?
                }
                Err(err) => return Err(err),
            }
        }
        None => branches(&g, w, e, &target, false, 0, &mut notes)?,
    };
    let frame = Arc::new(Frame {
        var: eps.to_string(),
        point: Point::At(Expr::zero()),
    });
    let mut out = Vec::new();
    for s in found {
        let s = reframe(&s, &frame);
        let (residual, checked_to) = residual(f, x, eps, &s, n)?;
        out.push(Branch {
            behaviour: behaviour(&s, x, eps),
            series: s,
            residual,
            checked_to,
        });
    }
    Ok((out, notes))
}

/// The same series in another frame (same exponents).
fn reframe(s: &AnySeries, frame: &Arc<Frame>) -> AnySeries {
    match s {
        AnySeries::Exact(t) => AnySeries::Exact(Series {
            frame: frame.clone(),
            ..t.clone()
        }),
        AnySeries::Symbolic(t) => AnySeries::Symbolic(Series {
            frame: frame.clone(),
            ..t.clone()
        }),
    }
}

/// `x -> c`, `x ~ -1/eps`, or `x - 1 ~ eps^(1/3)` when branches meet at a repeated root.
fn behaviour(s: &AnySeries, x: &str, eps: &str) -> String {
    let term = |q: &Rational, c: &Expr| {
        canon::pow(Expr::sym(eps), Expr::num(Number::Exact(q.clone())))
            .and_then(|p| canon::mul2(c.clone(), p))
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let terms = s.terms();
    match terms.as_slice() {
        [] => format!("{x} = 0"),
        [(q0, c0), (q1, c1), ..] if *q0 == 0 && *q1.denom() != 1 => {
            format!("{x} - {c0} ~ {}", term(q1, c1))
        }
        [(q, c), ..] if *q == 0 => format!("{x} -> {c}"),
        [(q, c), ..] => format!("{x} ~ {}", term(q, c)),
    }
}

/// F at the truncated branch, expanded in ε a little beyond the branch's order.
fn residual(
    f: &Expr,
    x: &str,
    eps: &str,
    s: &AnySeries,
    n: i64,
) -> Result<(Option<Rational>, Rational)> {
    let value = subs(f, &[(x.to_string(), s.polynomial()?)])?;
    let extra = n + 3;
    let r = crate::series::expand(&value, eps, &Point::At(Expr::zero()), extra)?;
    Ok((
        r.terms().first().map(|(q, _)| q.clone()),
        r.order_exponent(),
    ))
}

/// A point of the Newton polygon: power of w, valuation of its coefficient, leading
/// coefficient.
struct Vertex {
    i: usize,
    v: Rational,
    c: Expr,
}

/// The branches w(η) of G(w, η) = 0 to η^target (only those with w → 0 when `vanishing`).
fn branches(
    g: &Expr,
    w: &str,
    e: &str,
    target: &Rational,
    vanishing: bool,
    depth: usize,
    notes: &mut Vec<String>,
) -> Result<Vec<AnySeries>> {
    if depth > MAX_DEPTH {
        return Err(MathError::Domain(format!(
            "the leading terms coincide more than {MAX_DEPTH} times (a root of high multiplicity); give a larger order of contact by hand"
        )));
    }
    let coefficients = crate::poly::symbolic_coefficients(g, w).map_err(|_| {
        MathError::Domain(
            "the equation is not a polynomial in the unknown: give the branch with around = x0 (a root at eps = 0)"
                .into(),
        )
    })?;
    let mut vertices = Vec::new();
    for (i, a) in coefficients.iter().enumerate() {
        if a.is_zero() {
            continue;
        }
        // The leading term: a few orders first, more only when they all vanish.
        let mut leading = None;
        for order in [4, 12, 32] {
            let s = crate::series::expand(a, e, &Point::At(Expr::zero()), order)?;
            if let Some(first) = s.terms().first().cloned() {
                leading = Some(first);
                break;
            }
        }
        let Some((v, c)) = leading else {
            return Err(MathError::Domain(
                "a coefficient of the equation vanishes to order 32 in the parameter; simplify it first".into(),
            ));
        };
        vertices.push(Vertex { i, v, c });
    }
    let mut out = Vec::new();
    if vertices.first().is_some_and(|p| p.i > 0) {
        // w = 0 solves G identically in η.
        out.push(zero_series(e, target));
    }
    let hull = lower_hull(&vertices);
    if hull.len() < 2 && out.is_empty() {
        return Err(MathError::Domain(
            "the Newton polygon has no edge: no branch balances two terms".into(),
        ));
    }
    for edge in hull.windows(2) {
        let (a, b) = (&vertices[edge[0]], &vertices[edge[1]]);
        let gamma = Rational::from(&b.v - &a.v) / Integer::from(b.i - a.i);
        let gamma = -gamma;
        if vanishing && gamma <= 0 {
            continue;
        }
        let mu = Rational::from(&gamma * Integer::from(a.i)) + &a.v;
        // The characteristic polynomial: the vertices on the edge.
        let mut chi = vec![Expr::zero(); b.i - a.i + 1];
        for p in &vertices {
            if p.i >= a.i && p.i <= b.i && &p.v + Rational::from(&gamma * Integer::from(p.i)) == mu
            {
                chi[p.i - a.i] = p.c.clone();
            }
        }
        let (roots, skipped) = exact_roots(&chi)?;
        if skipped > 0 {
            notes.push(format!(
                "{skipped} branch{} with complex leading coefficient left out",
                if skipped == 1 { "" } else { "es" }
            ));
        }
        let q = lcm_denominators(&gamma, &vertices);
        for (w0, multiplicity) in roots {
            out.extend(rescaled(
                g,
                w,
                e,
                target,
                &gamma,
                &mu,
                q,
                &w0,
                multiplicity,
                depth,
                notes,
            )?);
        }
    }
    Ok(out)
}

/// The zero series to η^target.
fn zero_series(e: &str, target: &Rational) -> AnySeries {
    let order = target.clone().floor().numer().to_i64().unwrap_or(0) + 1;
    AnySeries::Exact(Series {
        frame: Arc::new(Frame {
            var: e.to_string(),
            point: Point::At(Expr::zero()),
        }),
        den: 1,
        val: order,
        coeffs: Vec::new(),
        order,
    })
}

/// Indices of the vertices on the lower convex hull (sorted by i).
fn lower_hull(p: &[Vertex]) -> Vec<usize> {
    let mut hull: Vec<usize> = Vec::new();
    for k in 0..p.len() {
        while hull.len() >= 2 {
            let (o, a) = (&p[hull[hull.len() - 2]], &p[hull[hull.len() - 1]]);
            // Remove a when it lies on or above the segment o–p[k].
            let lhs = Rational::from(&a.v - &o.v) * Integer::from(p[k].i - o.i);
            let rhs = Rational::from(&p[k].v - &o.v) * Integer::from(a.i - o.i);
            if lhs >= rhs {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(k);
    }
    hull
}

fn lcm_denominators(gamma: &Rational, vertices: &[Vertex]) -> i64 {
    vertices
        .iter()
        .fold(gamma.denom().clone(), |acc, v| acc.lcm(v.v.denom()))
        .to_i64()
        .unwrap_or(1)
}

/// The branches w = η^γ·(w0 + …) of G, as series in η (one for a simple w0; those that
/// continue it for a repeated one).
#[allow(clippy::too_many_arguments)]
fn rescaled(
    g: &Expr,
    w: &str,
    e: &str,
    target: &Rational,
    gamma: &Rational,
    mu: &Rational,
    q: i64,
    w0: &Expr,
    multiplicity: usize,
    depth: usize,
    notes: &mut Vec<String>,
) -> Result<Vec<AnySeries>> {
    let eta = Expr::sym(e);
    let num = |r: Rational| Expr::num(Number::Exact(r));
    // H(w, η) = η^(−μq)·G(η^(γq)·w, η^q), a polynomial in w with a power series in η.
    let scale = canon::pow(eta.clone(), num(Rational::from(gamma * q)))?;
    let h = subs(
        g,
        &[
            (w.to_string(), canon::mul2(scale, Expr::sym(w))?),
            (e.to_string(), canon::pow(eta.clone(), Expr::int(q))?),
        ],
    )?;
    let h = expand(&canon::mul2(
        canon::pow(eta, num(-Rational::from(mu * Integer::from(q))))?,
        h,
    )?)?;
    // w to η^((target − γ)·q).
    let needed = (target - gamma.clone()) * Integer::from(q);
    let inner = if multiplicity == 1 {
        vec![implicit(&h, w, e, w0, &needed)?]
    } else {
        let shifted = subs(
            &h,
            &[(w.to_string(), canon::add2(w0.clone(), Expr::sym(w))?)],
        )?;
        let tails = branches(&shifted, w, e, &needed, true, depth + 1, notes)?;
        if tails.is_empty() {
            return Err(MathError::Domain(format!(
                "no branch continues the repeated leading coefficient {w0}"
            )));
        }
        tails
            .into_iter()
            .map(|tail| tail.add(&tail.lift(w0)?))
            .collect::<Result<Vec<_>>>()?
    };
    Ok(inner.iter().map(|s| stretch(s, q, gamma)).collect())
}

/// The root w(η) of H(w, η) = 0 through a simple root w0 of H(w, 0), to η^needed: the
/// implicit-function ODE w' = −H_η/H_w, w(0) = w0, on the series engine.
fn implicit(h: &Expr, w: &str, e: &str, w0: &Expr, needed: &Rational) -> Result<AnySeries> {
    let hw = diff(h, w)?;
    let slope = expand(&subs(
        &hw,
        &[(w.into(), w0.clone()), (e.into(), Expr::zero())],
    )?)?;
    if slope.is_zero() {
        return Err(MathError::Domain(format!(
            "the root {w0} is repeated (the derivative vanishes there)"
        )));
    }
    let rhs = canon::neg(canon::div(diff(h, e)?, hw)?)?;
    let n = needed.clone().floor().numer().to_i64().unwrap_or(0).max(0);
    let mut solved = taylor(
        &[Equation {
            unknown: w.to_string(),
            order: 1,
            rhs,
        }],
        &[vec![w0.clone()]],
        e,
        &Point::At(Expr::zero()),
        n,
    )?;
    Ok(solved.remove(0))
}

/// A series in η (η = ε^(1/q)) times η^(γq), read as a series in ε (same name).
fn stretch(s: &AnySeries, q: i64, gamma: &Rational) -> AnySeries {
    fn go<C: Clone>(t: &Series<C>, q: i64, gamma: &Rational) -> Series<C> {
        let shift = Rational::from(gamma * Integer::from(q * t.den));
        let shift = shift.numer().to_i64().unwrap_or(0);
        Series {
            frame: t.frame.clone(),
            den: t.den * q,
            val: t.val + shift,
            coeffs: t.coeffs.clone(),
            order: t.order + shift,
        }
    }
    match s {
        AnySeries::Exact(t) => AnySeries::Exact(go(t, q, gamma).normalised()),
        AnySeries::Symbolic(t) => AnySeries::Symbolic(go(t, q, gamma).normalised()),
    }
}
