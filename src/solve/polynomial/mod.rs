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

pub(crate) mod clusters;

use num_complex::Complex64;
use rug::{Complex, Float, Rational};

use super::{RootValue, SolveError};
use crate::expr::number::digits_to_bits;
use crate::poly::{QPoly, coefficients, squarefree_factors, trim};

use crate::expr::{Expr, Number};
use crate::interrupt::Interrupted;
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::scalar::Scalar;

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
        crate::interrupt::check()?;
        let mut biggest = 0.0f64;
        for k in 0..n {
            // One sweep is n² operations: seconds in MPFR at degree 700.
            crate::interrupt::check()?;
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
    Err(SolveError::AllRoots {
        what: format!("the Aberth iteration did not converge in {max_iter} sweeps"),
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
pub fn polish(coeffs: &[Rational], z0: &Complex, bits: u32) -> Complex {
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

/// The fraction a numerically real root `z` of `p` is, if one with a small denominator is an
/// exact root (checked by Horner's scheme over Q).
fn exact_fraction(p: &[Rational], z: &Complex, bits: u32) -> Option<Rational> {
    let size = Float::with_val(64, z.abs_ref());
    let im = Float::with_val(64, z.imag().abs_ref());
    if !(z.imag().is_zero() || im <= size >> (bits as i32 - 16)) {
        return None;
    }
    let x = z.real().to_f64();
    super::refine::convergents(x, 10_000)
        .into_iter()
        .find(|q| (q.to_f64() - x).abs() <= 1e-9 * x.abs().max(1.0) && crate::poly::eval(p, q) == 0)
}

/// Roots of one square-free factor with rational coefficients, to `bits` of precision.
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
            .map(|z| {
                crate::interrupt::check()?;
                Ok(polish(coeffs, z, bits.max(start_bits)))
            })
            .collect::<Result<_, Interrupted>>()?;
        if distinct(&polished, bits)? {
            return Ok(polished);
        }
    }
    Err(SolveError::AllRoots {
        what: "a cluster of nearby roots did not separate at up to 4096 bits".into(),
    })
}

/// No two roots agree to the working precision (else two approximations merged).
fn distinct(z: &[Complex], bits: u32) -> Result<bool, Interrupted> {
    for i in 0..z.len() {
        crate::interrupt::check()?;
        for j in i + 1..z.len() {
            let gap = Float::with_val(bits, Complex::with_val(bits, &z[i] - &z[j]).abs_ref());
            let size =
                Float::with_val(bits, z[i].abs_ref()).max(&Float::with_val(bits, z[j].abs_ref()));
            if gap <= size >> (bits as i32 / 2) {
                return Ok(false);
            }
        }
    }
    Ok(true)
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
    let degree = (coeffs.len() - 1) as u64;
    let wanted = u64::from(digits.unwrap_or(super::refine::DEFAULT_DIGITS));
    if degree * degree * (wanted + 40) > limits::MAX_ROOTS_COST {
        return Err(SolveError::Math(MathError::TooLarge {
            what: format!("all roots of a degree-{degree} polynomial to {wanted} digits"),
            limit: {
                let room = (limits::MAX_ROOTS_COST / (degree * degree)).saturating_sub(40);
                let largest = ((limits::MAX_ROOTS_COST as f64 / 57.0).sqrt()) as u64;
                format!(
                    "degree² × (digits + 40) at most {}, about 5 s: {}",
                    limits::MAX_ROOTS_COST,
                    if room > 0 {
                        format!("{room} digits at degree {degree}")
                    } else {
                        format!("degree {largest} at the default 17 digits")
                    }
                )
            },
        }));
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
        return Err(SolveError::AllRoots {
        what: "an approximation of a root came out not finite (the coefficients overflow the working range)".into(),
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
