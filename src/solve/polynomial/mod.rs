//! All roots of a polynomial at once, with multiplicities.
//!
//! 1. Coefficients come from the expanded expression (any constant coefficients).
//! 2. With rational coefficients the polynomial is split into square-free factors exactly
//!    (Yun's algorithm over Q, skipped when a gcd modulo a large prime already proves it
//!    square-free); the roots of the factor a_i have multiplicity i.
//! 3. Each factor's roots: Aberth–Ehrlich simultaneous iteration in double precision, then
//!    Newton polishing with Horner in ball arithmetic (the precision the conditioning needs);
//!    if polishing merges two roots (an ill-conditioned cluster) Aberth is rerun at higher
//!    precision. Linear factors give exact roots.
//! 4. Otherwise (irrational or complex coefficients) see `clusters.rs`.

mod clusters;

use num_complex::Complex64;
use rug::{Complex, Float, Integer, Rational};

use super::{RootValue, SolveError};
use crate::expr::number::digits_to_bits;
use crate::expr::subst::expand;
use crate::expr::{Expr, Node, Number};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::scalar::Scalar;

/// Coefficients of `f` as a polynomial in `var` (index = power).
pub fn coefficients(f: &Expr, var: &str) -> Result<Vec<Expr>, SolveError> {
    let expanded = expand(f)?;
    let terms = match expanded.node() {
        Node::Add(t) => t.clone(),
        _ => vec![expanded.clone()],
    };
    let mut by_degree: Vec<Vec<Expr>> = Vec::new();
    for term in terms {
        let factors = match term.node() {
            Node::Mul(f) => f.clone(),
            _ => vec![term.clone()],
        };
        let mut degree = 0usize;
        let mut rest = Vec::new();
        for factor in factors {
            let (base, exp) = factor.split_power();
            if base.as_symbol() == Some(var) {
                let k = exp
                    .as_number()
                    .and_then(|n| n.to_i64())
                    .filter(|k| *k >= 0)
                    .ok_or_else(|| not_polynomial(&term, var))?;
                degree += usize::try_from(k).map_err(|_| not_polynomial(&term, var))?;
            } else if factor.depends_on(var) {
                return Err(not_polynomial(&term, var));
            } else {
                rest.push(factor);
            }
        }
        if degree > limits::MAX_POLY_DEGREE {
            return Err(SolveError::Math(MathError::TooLarge {
                what: format!("degree {degree}"),
                limit: limits::MAX_POLY_DEGREE.to_string(),
            }));
        }
        if by_degree.len() <= degree {
            by_degree.resize(degree + 1, Vec::new());
        }
        by_degree[degree].push(crate::expr::canon::mul(rest)?);
    }
    let coeffs = by_degree
        .into_iter()
        .map(crate::expr::canon::add)
        .collect::<Result<Vec<_>, _>>()?;
    if coeffs.iter().any(|c| !c.is_constant()) {
        let free: Vec<String> = f.free_symbols().into_iter().filter(|s| s != var).collect();
        return Err(SolveError::Math(MathError::NotNumeric(format!(
            "the coefficients contain {}; give them values first",
            free.join(", ")
        ))));
    }
    Ok(coeffs)
}

fn not_polynomial(term: &Expr, var: &str) -> SolveError {
    SolveError::Math(MathError::NotNumeric(format!(
        "not a polynomial in {var}: the term {term} (solve finds roots of other equations)"
    )))
}

// ---- exact square-free factorisation over Q (dense coefficient vectors, index = power) ----

type QPoly = Vec<Rational>;

fn trim(mut p: QPoly) -> QPoly {
    while p.len() > 1 && p.last().is_some_and(|c| *c == 0) {
        p.pop();
    }
    p
}
fn monic(p: QPoly) -> QPoly {
    let p = trim(p);
    let lead = p.last().cloned().unwrap_or_else(|| Rational::from(1));
    if lead == 0 {
        return p;
    }
    p.into_iter().map(|c| c / &lead).collect()
}
fn derivative(p: &QPoly) -> QPoly {
    let d: QPoly = p
        .iter()
        .enumerate()
        .skip(1)
        .map(|(k, c)| Rational::from(c * Integer::from(k)))
        .collect();
    if d.is_empty() {
        vec![Rational::new()]
    } else {
        trim(d)
    }
}
fn is_zero(p: &QPoly) -> bool {
    p.iter().all(|c| *c == 0)
}
fn degree(p: &QPoly) -> usize {
    trim(p.clone()).len() - 1
}
/// Quotient and remainder of a / b (b not zero).
fn divmod(a: &QPoly, b: &QPoly) -> (QPoly, QPoly) {
    let b = trim(b.clone());
    let mut r = trim(a.clone());
    let db = b.len() - 1;
    if r.len() < b.len() {
        return (vec![Rational::new()], r);
    }
    let mut q = vec![Rational::new(); r.len() - db];
    let lead = b[db].clone();
    while r.len() >= b.len() && !is_zero(&r) {
        let shift = r.len() - b.len();
        let c = Rational::from(&r[r.len() - 1] / &lead);
        for (k, bc) in b.iter().enumerate() {
            let v = Rational::from(&c * bc);
            r[k + shift] -= v;
        }
        q[shift] = c;
        r.pop();
        r = trim(r);
    }
    (q, r)
}
fn gcd(a: &QPoly, b: &QPoly) -> QPoly {
    let (mut x, mut y) = (monic(a.clone()), monic(b.clone()));
    while !is_zero(&y) {
        let (_, r) = divmod(&x, &y);
        x = y;
        y = monic(r);
    }
    monic(x)
}
fn sub(a: &QPoly, b: &QPoly) -> QPoly {
    let n = a.len().max(b.len());
    trim(
        (0..n)
            .map(|k| a.get(k).cloned().unwrap_or_default() - b.get(k).cloned().unwrap_or_default())
            .collect(),
    )
}

/// Square-free modulo a 61-bit prime implies square-free over Q (when the prime does not
/// divide the leading coefficient): a cheap test that spares the exact gcd almost always.
fn squarefree_mod_prime(p: &QPoly) -> bool {
    const PRIME: u64 = (1 << 61) - 1;
    let lcm_den = p.iter().fold(Integer::from(1), |acc, c| acc.lcm(c.denom()));
    let prime = Integer::from(PRIME);
    let ints: Vec<u64> = p
        .iter()
        .map(|c| {
            let v = Integer::from(c.numer() * &lcm_den) / c.denom();
            let mut r = v % &prime;
            if r < 0 {
                r += &prime;
            }
            r.to_u64().unwrap_or(0)
        })
        .collect();
    if ints.last().copied().unwrap_or(0) == 0 {
        return false;
    }
    let mulm = |a: u64, b: u64| ((u128::from(a) * u128::from(b)) % u128::from(PRIME)) as u64;
    let powm = |mut a: u64, mut e: u64| {
        let mut r = 1u64;
        while e > 0 {
            if e & 1 == 1 {
                r = mulm(r, a);
            }
            a = mulm(a, a);
            e >>= 1;
        }
        r
    };
    let inv = |a: u64| powm(a, PRIME - 2);
    let trim_m = |mut v: Vec<u64>| {
        while v.len() > 1 && v.last() == Some(&0) {
            v.pop();
        }
        v
    };
    let deriv: Vec<u64> = trim_m(
        ints.iter()
            .enumerate()
            .skip(1)
            .map(|(k, c)| mulm(*c, k as u64 % PRIME))
            .collect(),
    );
    let (mut a, mut b) = (ints, if deriv.is_empty() { vec![0] } else { deriv });
    while !(b.len() == 1 && b[0] == 0) {
        // a mod b
        let lead_inv = inv(*b.last().unwrap_or(&1));
        while a.len() >= b.len() && !(a.len() == 1 && a[0] == 0) {
            let shift = a.len() - b.len();
            let c = mulm(*a.last().unwrap_or(&0), lead_inv);
            for (k, bc) in b.iter().enumerate() {
                a[k + shift] = (a[k + shift] + PRIME - mulm(c, *bc)) % PRIME;
            }
            a = trim_m(a);
            if a.len() < b.len() || (a.len() == 1 && a[0] == 0) {
                break;
            }
        }
        std::mem::swap(&mut a, &mut b);
    }
    a.len() == 1
}

/// Yun's square-free decomposition: p = c · Π a_i^i, returned as (a_i, i) with deg a_i ≥ 1.
fn squarefree_factors(p: &QPoly) -> Vec<(QPoly, u32)> {
    if squarefree_mod_prime(p) {
        return vec![(monic(p.clone()), 1)];
    }
    let dp = derivative(p);
    let b = gcd(p, &dp);
    let mut c = divmod(p, &b).0;
    let mut d = sub(&divmod(&dp, &b).0, &derivative(&c));
    let mut out = Vec::new();
    let mut i = 1;
    while degree(&c) > 0 && i < 10_000 {
        let a = gcd(&c, &d);
        if degree(&a) > 0 {
            out.push((a.clone(), i));
        }
        c = divmod(&c, &a).0;
        d = sub(&divmod(&d, &a).0, &derivative(&c));
        i += 1;
    }
    out
}

// ---- Aberth–Ehrlich ----

/// p(z) and p'(z) by Horner.
fn horner<S: Scalar>(coeffs: &[S], z: &S) -> (S, S) {
    let n = coeffs.len();
    let mut p = coeffs[n - 1].clone();
    let mut d = z.lift_i64(0);
    for c in coeffs[..n - 1].iter().rev() {
        d = d.mul(z).add(&p);
        p = p.mul(z).add(c);
    }
    (p, d)
}

/// The Newton correction p(z)/p'(z). Outside the unit disc it is computed from the reversed
/// polynomial q(w) = w^n p(1/w) at w = 1/z, as z q(w) / (n q(w) − w q'(w)), so that z^n never
/// appears (|z|^1000 overflows doubles). `None` when p'(z) vanishes.
fn newton_ratio<S: Scalar>(coeffs: &[S], z: &S) -> Option<S> {
    let n = coeffs.len() - 1;
    if z.abs().re_f64() <= 1.0 {
        let (p, d) = horner(coeffs, z);
        if p.is_zero() {
            return Some(p);
        }
        return p.div(&d).ok();
    }
    let w = z.lift_i64(1).div(z).ok()?;
    let reversed: Vec<S> = coeffs.iter().rev().cloned().collect();
    let (q, dq) = horner(&reversed, &w);
    let denominator = q.mul(&z.lift_i64(n as i64)).sub(&w.mul(&dq));
    z.mul(&q).div(&denominator).ok()
}

/// Starting points (Bini): on the upper convex hull of the points (k, log|c_k|), an edge from
/// k to l puts l − k points on a circle of radius (|c_k|/|c_l|)^(1/(l − k)): well-scaled guesses
/// even when the roots' sizes differ by many orders of magnitude.
fn starting_points<S: Scalar>(coeffs: &[S]) -> Result<Vec<S>, SolveError> {
    let n = coeffs.len() - 1;
    // ln|c_k| in the coefficients' own type: 10^400 is fine in MPC although not in a double.
    let logs: Vec<f64> = coeffs
        .iter()
        .map(|c| {
            if c.is_zero() {
                f64::NEG_INFINITY
            } else {
                c.abs().ln().map_or(f64::NAN, |l| l.re_f64())
            }
        })
        .collect();
    if logs.iter().any(|l| l.is_nan() || *l == f64::INFINITY) {
        return Err(SolveError::Math(MathError::NotNumeric(
            "the coefficients are not finite".into(),
        )));
    }
    // Upper hull by a monotone chain over k = 0..n.
    let mut hull: Vec<usize> = Vec::new();
    for k in (0..=n).filter(|&k| logs[k].is_finite()) {
        while hull.len() >= 2 {
            let (a, b) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            let cross = (b - a) as f64 * (logs[k] - logs[a]) - (k - a) as f64 * (logs[b] - logs[a]);
            if cross >= 0.0 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(k);
    }
    let one = coeffs[0].lift_i64(1);
    let i_unit = one
        .constant(crate::expr::Constant::I)
        .map_err(SolveError::Math)?;
    let lift = |x: f64| one.lift(&Rational::from_f64(x).unwrap_or_default());
    let mut z = Vec::with_capacity(n);
    for edge in hull.windows(2) {
        let (k, l) = (edge[0], edge[1]);
        let count = l - k;
        // The radius in the working type (a double overflows beyond 10^308).
        let radius = lift((logs[k] - logs[l]) / count as f64)
            .exp()
            .map_err(SolveError::Math)?;
        for j in 0..count {
            // Rotated off the axes and between circles, so no start is a symmetric point.
            let angle = 2.0 * std::f64::consts::PI * j as f64 / count as f64 + 0.4 + 0.7 * k as f64;
            let unit = lift(angle.cos()).add(&lift(angle.sin()).mul(&i_unit));
            z.push(radius.mul(&unit));
        }
    }
    if z.len() != n || !z.iter().all(Scalar::is_finite) {
        return Err(SolveError::Math(MathError::NotNumeric(
            "the coefficients are not finite".into(),
        )));
    }
    Ok(z)
}

/// Simultaneous approximations of all roots of a square-free polynomial.
fn aberth<S: Scalar>(coeffs: &[S], max_iter: usize) -> Result<Vec<S>, SolveError> {
    let n = coeffs.len() - 1;
    let mut z = starting_points(coeffs)?;
    let one = coeffs[0].lift_i64(1);
    let eps = 2f64.powi(-(coeffs[0].prec_bits() as i32) + 4);
    let mut previous = f64::INFINITY;
    let mut best = f64::INFINITY;
    let mut stalled = 0;
    for _ in 0..max_iter {
        crate::interrupt::check().map_err(|_| SolveError::Math(MathError::Interrupted))?;
        let mut biggest = 0.0f64;
        for k in 0..n {
            let Some(ratio) = newton_ratio(coeffs, &z[k]) else {
                continue;
            };
            if ratio.is_zero() {
                continue;
            }
            let mut sum = z[k].lift_i64(0);
            for (j, zj) in z.iter().enumerate() {
                if j != k
                    && let Ok(t) = one.div(&z[k].sub(zj))
                {
                    sum = sum.add(&t);
                }
            }
            let Ok(w) = ratio.div(&one.sub(&ratio.mul(&sum))) else {
                continue;
            };
            biggest = biggest.max(w.abs().re_f64() / z[k].abs().re_f64().max(1e-300));
            z[k] = z[k].sub(&w);
        }
        // Converged, or stalled at the rounding noise of the working precision (polishing in
        // higher precision takes it from there), or stalled for a while with every root
        // settled to a few digits: a cluster of a multiple root, which converges only
        // linearly to about eps^(1/m) (the caller merges and refines clusters).
        if biggest <= eps || (biggest < eps.sqrt() && biggest >= previous) {
            return Ok(z);
        }
        stalled = if biggest < best { 0 } else { stalled + 1 };
        best = best.min(biggest);
        if best < 1e-4 && stalled >= 20 {
            return Ok(z);
        }
        previous = biggest;
    }
    Err(SolveError::NoConvergence {
        iterations: max_iter,
        last: "Aberth iteration".into(),
        residual: f64::NAN,
        history: Vec::new(),
    })
}

/// p(z) and p'(z) for exact coefficients, p with at least 16 bits of relative accuracy:
/// Horner in ball arithmetic, the precision raised while cancellation leaves p's enclosure too
/// wide. Near an ill-conditioned root (1 − 10^-10 of (x − 1)^3 + 10^-30, where p' = 3·10^-20)
/// plain MPC at the working precision put the 30th digit wrong.
fn horner_accurate(coeffs: &[Rational], z: &Complex, prec: u32) -> (Complex, Complex) {
    let cap = prec
        .saturating_mul(4)
        .clamp(limits::ZERO_TEST_BITS, limits::MAX_PRECISION_BITS);
    let mut bits = prec;
    loop {
        let zero = Ball::zero(i64::from(bits));
        let cs: Vec<Ball> = coeffs.iter().map(|c| zero.lift(c)).collect();
        let point = Ball::from_complex(z.real(), z.imag(), i64::from(bits));
        let (p, d) = horner(&cs, &point);
        if p.is_zero() || p.accuracy_bits() >= 16 || bits >= cap {
            let mid = |b: &Ball| Complex::with_val(prec, (b.real_mid_rad().0, b.imag_mid_rad().0));
            return (mid(&p), mid(&d));
        }
        bits = bits.saturating_mul(2);
    }
}

/// Newton in MPC on p with exact coefficients, doubling precision up to `bits`, then until
/// the correction is below the working precision relative to the root (tiny roots such as
/// the 10^-20 of x^3 - 10^-60 need their digits, not an absolute 2^-bits).
fn polish(coeffs: &[Rational], z0: &Complex, bits: u32) -> Complex {
    let mut prec = z0.prec().0.max(64);
    let mut z = z0.clone();
    for _ in 0..200 {
        prec = (prec * 2).min(bits);
        z.set_prec(prec);
        let (p, d) = horner_accurate(coeffs, &z, prec);
        let Ok(step) = p.div(&d) else { return z };
        z = z.sub(&step);
        if prec == bits {
            let size = Float::with_val(bits, z.abs_ref());
            if step.is_zero() || Float::with_val(bits, step.abs_ref()) <= size >> (bits as i32 - 4)
            {
                return z;
            }
        }
    }
    z
}

/// Roots of one square-free factor with rational coefficients, to `bits` of precision.
/// The fraction a numerically real root `z` of `p` is, if one with a small denominator is an
/// exact root (checked by Horner's scheme over Q).
fn exact_fraction(p: &[Rational], z: &Complex, bits: u32) -> Option<Rational> {
    let size = Float::with_val(64, z.abs_ref());
    let im = Float::with_val(64, z.imag().abs_ref());
    if !(z.imag().is_zero() || im <= size >> (bits as i32 - 16)) {
        return None;
    }
    let x = z.real().to_f64();
    super::refine::convergents(x, 10_000).into_iter().find(|q| {
        (q.to_f64() - x).abs() <= 1e-9 * x.abs().max(1.0)
            && p.iter()
                .rev()
                .fold(Rational::new(), |acc, c| acc * q + c)
                .is_zero()
    })
}

fn factor_roots(coeffs: &[Rational], bits: u32) -> Result<Vec<Complex>, SolveError> {
    let n = coeffs.len() - 1;
    if n == 1 {
        let root = -Rational::from(&coeffs[0] / &coeffs[1]);
        return Ok(vec![Complex::with_val(bits, (root, 0))]);
    }
    for start_bits in [53u32, 256, 1024, 4096] {
        let approx: Vec<Complex> = if start_bits == 53 {
            let cs: Vec<Complex64> = coeffs
                .iter()
                .map(|c| Complex64::new(c.to_f64(), 0.0))
                .collect();
            match aberth(&cs, 500) {
                Ok(z) => z
                    .into_iter()
                    .map(|w| Complex::with_val(64, (w.re, w.im)))
                    .collect(),
                Err(_) => continue,
            }
        } else {
            let cs: Vec<Complex> = coeffs
                .iter()
                .map(|c| Complex::with_val(start_bits, (c, 0)))
                .collect();
            aberth(&cs, 2000)?
        };
        let polished: Vec<Complex> = approx
            .iter()
            .map(|z| polish(coeffs, z, bits.max(start_bits)))
            .collect();
        if distinct(&polished, bits) {
            return Ok(polished);
        }
    }
    Err(SolveError::NoConvergence {
        iterations: 0,
        last: "roots of an ill-conditioned cluster".into(),
        residual: f64::NAN,
        history: Vec::new(),
    })
}

/// No two roots agree to the working precision (else two approximations merged).
fn distinct(z: &[Complex], bits: u32) -> bool {
    for i in 0..z.len() {
        for j in i + 1..z.len() {
            let gap = Float::with_val(bits, Complex::with_val(bits, &z[i] - &z[j]).abs_ref());
            let size =
                Float::with_val(bits, z[i].abs_ref()).max(&Float::with_val(bits, z[j].abs_ref()));
            if gap <= size >> (bits as i32 / 2) {
                return false;
            }
        }
    }
    true
}

/// The square-free factors of a polynomial with rational coefficients (Yun over Q: pairwise
/// coprime, each with its exact multiplicity; a factor x^k for roots at zero is left out),
/// or `None` when a coefficient is not rational.
pub fn squarefree_decomposition(f: &Expr, var: &str) -> Option<Vec<(Vec<Rational>, u32)>> {
    let q: QPoly = coefficients(f, var)
        .ok()?
        .iter()
        .map(|c| c.as_number().and_then(|n| n.as_rational().cloned()))
        .collect::<Option<_>>()?;
    let q = trim(q);
    let zeros = q.iter().take_while(|c| **c == 0).count();
    let rest: QPoly = q[zeros..].to_vec();
    (rest.len() > 1).then(|| squarefree_factors(&rest))
}

/// Every root of `f` in `var` with its multiplicity, real roots first (ascending), then
/// complex roots by real then imaginary part.
pub fn polynomial_roots(
    f: &Expr,
    var: &str,
    digits: Option<u32>,
) -> Result<Vec<(RootValue, u32)>, SolveError> {
    let coeffs = coefficients(f, var)?;
    if coeffs.len() < 2 || coeffs.iter().skip(1).all(Expr::is_zero) {
        return Err(SolveError::Math(MathError::NotNumeric(format!(
            "{f} has no roots to find: it does not depend on {var} as a polynomial of degree >= 1"
        ))));
    }
    let bits = digits_to_bits(digits.unwrap_or(super::refine::DEFAULT_DIGITS)) + 64;
    let exact: Option<QPoly> = coeffs
        .iter()
        .map(|c| c.as_number().and_then(|n| n.as_rational().cloned()))
        .collect();
    let mut found: Vec<(Complex, u32)> = Vec::new();
    // Roots known exactly: 0 for an x^k factor, -c0/c1 for a linear factor over Q.
    let mut exact_roots: Vec<(RootValue, u32)> = Vec::new();
    // Roots at zero first (x^k factor), then the rest.
    let zeros = coeffs.iter().take_while(|c| c.is_zero()).count();
    if zeros > 0 {
        exact_roots.push((RootValue::Exact(Expr::zero()), zeros as u32));
    }
    match exact {
        Some(q) => {
            let rest: QPoly = trim(q)[zeros..].to_vec();
            if rest.len() > 1 {
                for (factor, m) in squarefree_factors(&rest) {
                    if factor.len() == 2 {
                        let root = -Rational::from(&factor[0] / &factor[1]);
                        exact_roots.push((RootValue::Exact(Expr::num(Number::Exact(root))), m));
                        continue;
                    }
                    for z in factor_roots(&factor, bits)? {
                        // A rational root of a factor of higher degree (1 of x^3 - 1) is
                        // found numerically and then verified exactly.
                        match exact_fraction(&factor, &z, bits) {
                            Some(q) => {
                                exact_roots.push((RootValue::Exact(Expr::num(Number::Exact(q))), m))
                            }
                            None => found.push((z, m)),
                        }
                    }
                }
            }
        }
        None if coeffs.len() - zeros > 1 => {
            found = clusters::numeric_roots(&coeffs[zeros..], bits)?
        }
        None => {}
    }
    // Never report what is not a number (a root is only reported once it is one).
    if found
        .iter()
        .any(|(z, _)| !(z.real().is_finite() && z.imag().is_finite()))
    {
        return Err(SolveError::NoConvergence {
            iterations: 0,
            last: "the simultaneous iteration (a root came out not finite)".into(),
            residual: f64::NAN,
            history: Vec::new(),
        });
    }
    // Real where the imaginary part is below the working precision.
    let mut roots: Vec<(RootValue, u32)> = found
        .into_iter()
        .map(|(z, m)| {
            let size = Float::with_val(bits, z.abs_ref());
            let im = Float::with_val(bits, z.imag().abs_ref());
            if im <= size >> (bits as i32 - 16) || z.imag().is_zero() {
                (RootValue::Real(z.real().clone()), m)
            } else {
                (RootValue::Complex(z), m)
            }
        })
        .collect();
    roots.extend(exact_roots);
    roots.sort_by(|a, b| {
        let key = |r: &RootValue| (matches!(r, RootValue::Complex(_)), r.to_f64(), r.imag_f64());
        let (ka, kb) = (key(&a.0), key(&b.0));
        ka.0.cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
    });
    Ok(roots)
}
