//! Special functions written once over [`Scalar`]: AGM, complete elliptic integrals,
//! digamma and polygamma. MPFR has fast native kernels for some of these (and the `Float`
//! implementation of [`Scalar`] uses them); these generic versions serve the other types.

use std::sync::{Mutex, OnceLock};

use rug::{Integer, Rational};

use super::scalar::{Result, Scalar};
use crate::expr::Constant;
use crate::math_error::MathError;

/// Whether `x` is a real number ≤ 0 that is an integer (a pole of the gamma family).
fn is_nonpositive_integer<S: Scalar>(x: &S) -> bool {
    x.as_i64().is_some_and(|n| n <= 0)
}

/// Bernoulli numbers B_0, B_1, ..., B_n (B_1 = +1/2 convention of Akiyama–Tanigawa; only the
/// even-index ones are used here), cached because the asymptotic series reuse them.
fn bernoulli(n: usize) -> Vec<Rational> {
    static CACHE: OnceLock<Mutex<Vec<Rational>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    let mut table = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if table.len() <= n {
        // Akiyama–Tanigawa: a_j ← (j+1)(a_j - a_{j+1}); B_m is a_0 after m sweeps.
        let target = n + 1;
        let mut out = Vec::with_capacity(target);
        let mut a: Vec<Rational> = Vec::with_capacity(target);
        for m in 0..target {
            a.push(Rational::from((1, m as u64 + 1)));
            for j in (1..=m).rev() {
                let diff = Rational::from(&a[j - 1] - &a[j]);
                a[j - 1] = diff * Integer::from(j);
            }
            out.push(a[0].clone());
        }
        *table = out;
    }
    table[..=n].to_vec()
}

/// √(xy), taking for complex values the root closer to the arithmetic mean (the "right
/// choice", which gives the principal AGM and keeps convergence quadratic).
fn geometric_mean<S: Scalar>(x: &S, y: &S, mean: &S) -> Result<S> {
    let geo = x.mul(y).sqrt()?;
    if S::COMPLEX
        && mean
            .sub(&geo)
            .abs()
            .cmp_real(&mean.add(&geo).abs(), "agm")?
            .is_gt()
    {
        return Ok(geo.neg());
    }
    Ok(geo)
}

/// The arithmetic–geometric mean, iterated to the working precision.
///
/// For complex arguments each step takes the square root closer to the arithmetic mean (the
/// "right choice" that gives the principal value and quadratic convergence).
pub fn agm<S: Scalar>(a: &S, b: &S) -> Result<S> {
    if !S::COMPLEX
        && (a.cmp_real(&a.lift_i64(0), "agm")?.is_lt()
            || b.cmp_real(&b.lift_i64(0), "agm")?.is_lt())
    {
        return Err(MathError::ComplexResult("agm of a negative number".into()));
    }
    if a.is_zero() || b.is_zero() {
        return Ok(a.lift_i64(0));
    }
    let half = a.lift(&Rational::from((1, 2)));
    let tolerance = a.lift_i64(2).powi(-(i64::from(a.prec_bits()) - 4))?;
    let (mut x, mut y) = (a.clone(), b.clone());
    for _ in 0..(64 + 2 * a.prec_bits().ilog2()) {
        let mean = x.add(&y).mul(&half);
        if mean.is_zero() {
            // agm(a, -a) = 0: the sequence stops at the first mean.
            return Ok(mean);
        }
        let geo = geometric_mean(&x, &y, &mean)?;
        let gap = mean.sub(&geo).abs();
        x = mean;
        y = geo;
        if gap.cmp_real(&x.abs().mul(&tolerance), "agm")?.is_le() {
            return Ok(x);
        }
    }
    Err(MathError::Domain("agm did not converge".into()))
}

/// Coefficients of the product of two truncated Taylor series.
fn series_mul<S: Scalar>(a: &[S], b: &[S]) -> Vec<S> {
    (0..a.len())
        .map(|k| (0..=k).fold(a[0].lift_i64(0), |acc, j| acc.add(&a[j].mul(&b[k - j]))))
        .collect()
}

/// The square root of a truncated Taylor series with a nonzero constant term:
/// r₀ = √s₀, r_k = (s_k − Σ_{0<j<k} r_j r_{k−j}) / (2 r₀).
fn series_sqrt<S: Scalar>(s: &[S]) -> Result<Vec<S>> {
    let r0 = s[0].sqrt()?;
    let twice = r0.mul(&r0.lift_i64(2));
    let mut r = vec![r0];
    for k in 1..s.len() {
        let cross = (1..k).fold(s[k].clone(), |acc, j| acc.sub(&r[j].mul(&r[k - j])));
        r.push(cross.div(&twice)?);
    }
    Ok(r)
}

/// dⁿ/dtⁿ agm(1, t): the AGM iteration run on truncated Taylor series in ε at t + ε (forward
/// mode to order n), with the optimal ("right choice") root of the constant terms, so it is
/// the derivative of the principal AGM everywhere it is analytic (negative and complex t
/// included, where the elliptic-integral form π/(2K(1 − t²)) is another branch) and needs no
/// limit at t = 1.
pub fn agm_derivative<S: Scalar>(n: usize, t: &S) -> Result<S> {
    if t.is_zero() {
        return Err(MathError::Domain(
            "agm(1, t) is not differentiable at t = 0 (a logarithmic singularity)".into(),
        ));
    }
    let zero = t.lift_i64(0);
    let half = t.lift(&Rational::from((1, 2)));
    let mut a = vec![zero.clone(); n + 1];
    a[0] = t.lift_i64(1);
    let mut b = vec![zero; n + 1];
    b[0] = t.clone();
    if n > 0 {
        b[1] = t.lift_i64(1);
    }
    let tolerance = t.lift_i64(2).powi(-(i64::from(t.prec_bits()) - 4))?;
    for _ in 0..(64 + 2 * t.prec_bits().ilog2()) {
        let mean: Vec<S> = a.iter().zip(&b).map(|(x, y)| x.add(y).mul(&half)).collect();
        let mut geo = series_sqrt(&series_mul(&a, &b))?;
        if S::COMPLEX
            && mean[0]
                .sub(&geo[0])
                .abs()
                .cmp_real(&mean[0].add(&geo[0]).abs(), "agm")?
                .is_gt()
        {
            geo = geo.iter().map(Scalar::neg).collect();
        }
        let size = mean[0].abs();
        let settled = mean.iter().zip(&geo).try_fold(true, |all, (m, g)| {
            let bound = m.abs().add(&size).mul(&tolerance);
            Ok::<bool, MathError>(all && m.sub(g).abs().cmp_real(&bound, "agm")?.is_le())
        })?;
        a = mean;
        b = geo;
        if settled {
            let factorial = Integer::from(Integer::factorial(n as u32));
            return Ok(a[n].mul(&t.lift(&Rational::from(factorial))));
        }
    }
    Err(MathError::Domain("agm did not converge".into()))
}

/// Complete elliptic integral of the first kind, parameter m = k² (as mpmath):
/// K(m) = π / (2 AGM(1, √(1−m))).
pub fn ellipk<S: Scalar>(m: &S) -> Result<S> {
    let one = m.lift_i64(1);
    let b = one.sub(m).sqrt()?;
    if b.is_zero() {
        return Err(MathError::Domain(
            "ellipk(1) is undefined (a logarithmic singularity)".into(),
        ));
    }
    let pi = m.constant(Constant::Pi)?;
    pi.div(&agm(&one, &b)?.mul(&m.lift_i64(2)))
}

/// Complete elliptic integral of the second kind, parameter m = k²:
/// E(m) = K(m) (1 − Σ 2^(n−1) c_n²) along the AGM sequence of (1, √(1−m)), c_0 = √m.
pub fn ellipe<S: Scalar>(m: &S) -> Result<S> {
    let one = m.lift_i64(1);
    if m.sub(&one).is_zero() {
        return Ok(one);
    }
    let half = m.lift(&Rational::from((1, 2)));
    let mut a = one.clone();
    let mut b = one.sub(m).sqrt()?;
    let mut sum = m.mul(&half); // 2^(-1) c_0², c_0² = m
    let mut weight = half.clone();
    let tolerance = m.lift_i64(2).powi(-(i64::from(m.prec_bits()) + 4))?;
    for _ in 0..(64 + 2 * m.prec_bits().ilog2()) {
        let c = a.sub(&b).mul(&half);
        let mean = a.add(&b).mul(&half);
        let geo = geometric_mean(&a, &b, &mean)?;
        weight = weight.mul(&m.lift_i64(2));
        let term = weight.mul(&c.mul(&c));
        sum = sum.add(&term);
        a = mean;
        b = geo;
        if term.abs().cmp_real(&tolerance, "ellipe")?.is_le() {
            break;
        }
    }
    let k = m.constant(Constant::Pi)?.div(&a.mul(&m.lift_i64(2)))?;
    Ok(k.mul(&one.sub(&sum)))
}

/// Shift needed before the asymptotic series is accurate to the working precision: with
/// Re z >= bits/4 the smallest series term is about 2^(-1.1 bits).
fn asymptotic_threshold<S: Scalar>(x: &S, n: u32) -> i64 {
    i64::from(x.prec_bits()) / 4 + i64::from(n) + 8
}

/// Terms of the asymptotic series needed at that threshold (about bits/8, see above).
fn asymptotic_terms<S: Scalar>(x: &S) -> usize {
    x.prec_bits() as usize / 8 + 16
}

/// Digamma ψ(x) = Γ'(x)/Γ(x): reflection for Re x < 1/2, upward recurrence, then the
/// asymptotic series ln x − 1/(2x) − Σ B_2k / (2k x^2k).
pub fn digamma<S: Scalar>(x: &S) -> Result<S> {
    if is_nonpositive_integer(x) {
        return Err(MathError::Domain(
            "digamma at a non-positive integer is undefined (a pole)".into(),
        ));
    }
    let half = x.lift(&Rational::from((1, 2)));
    if x.re_f64() < 0.5 {
        // ψ(x) = ψ(1 − x) − π cot(π x)
        let pi = x.constant(Constant::Pi)?;
        let px = pi.mul(x);
        let cot = px.cos()?.div(&px.sin()?)?;
        return Ok(digamma(&x.lift_i64(1).sub(x))?.sub(&pi.mul(&cot)));
    }
    let threshold = asymptotic_threshold(x, 0);
    let mut acc = x.lift_i64(0);
    let mut z = x.clone();
    let mut steps = 0;
    while z.re_f64() < threshold as f64 && steps < 100_000 {
        acc = acc.sub(&z.lift_i64(1).div(&z)?);
        z = z.add(&z.lift_i64(1));
        steps += 1;
        if steps % 1024 == 0 {
            crate::interrupt::check()?;
        }
    }
    let mut sum = z.ln()?.sub(&half.div(&z)?);
    let z2 = z.mul(&z);
    let mut zpow = z2.clone();
    let terms = asymptotic_terms(x);
    let b = bernoulli(2 * terms);
    let eps = x.lift_i64(2).powi(-(i64::from(x.prec_bits()) + 8))?;
    for k in 1..=terms {
        let coeff = &b[2 * k] / Rational::from(2 * k as u64);
        let term = z.lift(&coeff).div(&zpow)?;
        sum = sum.sub(&term);
        if term.abs().cmp_real(&eps, "digamma")?.is_le() {
            break;
        }
        zpow = zpow.mul(&z2);
    }
    Ok(sum.add(&acc))
}

/// Polygamma ψ⁽ⁿ⁾(x) for n ≥ 0, any complex x off the poles.
///
/// In the left half-plane (Re x < 1/2) by the reflection formula
/// ψ⁽ⁿ⁾(x) = (−1)ⁿ ψ⁽ⁿ⁾(1 − x) − π dⁿ/dxⁿ cot(πx): an upward recurrence from −150000.5 would
/// cancel away every digit. The right half-plane goes to [`Scalar::polygamma_direct`].
pub fn polygamma<S: Scalar>(n: i64, x: &S) -> Result<S> {
    if n < 0 {
        return Err(MathError::Domain(
            "polygamma order must be a non-negative integer".into(),
        ));
    }
    if n == 0 {
        return x.digamma();
    }
    if n > 1000 {
        return Err(MathError::TooLarge {
            what: format!("polygamma order {n}"),
            limit: "1000".into(),
        });
    }
    if is_nonpositive_integer(x) {
        return Err(MathError::Domain(
            "polygamma at a non-positive integer is undefined (a pole)".into(),
        ));
    }
    if x.re_f64() >= 0.5 {
        return x.polygamma_direct(n);
    }
    let reflected = x.lift_i64(1).sub(x).polygamma_direct(n)?;
    let reflected = if n % 2 == 0 {
        reflected
    } else {
        reflected.neg()
    };
    let pi = x.constant(Constant::Pi)?;
    let px = pi.mul(x);
    let cot = px.cos()?.div(&px.sin()?)?;
    // dⁿ/dxⁿ cot(πx) = πⁿ Qₙ(cot πx), Horner on Qₙ's integer coefficients.
    let q = cot_derivative_polynomial(n as usize);
    let mut acc = x.lift_i64(0);
    for c in q.iter().rev() {
        acc = acc.mul(&cot).add(&x.lift(&Rational::from(c)));
    }
    Ok(reflected.sub(&pi.powi(n + 1)?.mul(&acc)))
}

/// Qₙ with dⁿ/dzⁿ cot(πz) = πⁿ Qₙ(cot πz): Q₀ = c, Qₖ₊₁ = −(1 + c²) Qₖ′(c) (since
/// d/dz cot(πz) = −π(1 + cot²(πz))). Coefficients from degree 0 up.
fn cot_derivative_polynomial(n: usize) -> Vec<Integer> {
    let mut q = vec![Integer::new(), Integer::from(1)];
    for _ in 0..n {
        // derivative, then multiply by −(1 + c²)
        let dq: Vec<Integer> = (1..q.len())
            .map(|k| Integer::from(&q[k] * k as u64))
            .collect();
        let mut next = vec![Integer::new(); dq.len() + 2];
        for (k, c) in dq.iter().enumerate() {
            next[k] -= c;
            next[k + 2] -= c;
        }
        q = next;
    }
    q
}

/// ψ⁽ⁿ⁾(x) for n ≥ 1 and Re x ≥ 1/2: recurrence plus the asymptotic series
/// (−1)^(n+1) [ (n−1)!/xⁿ + n!/(2xⁿ⁺¹) + Σ B_2k (2k+n−1)! / ((2k)! x^(2k+n)) ].
pub fn polygamma_asymptotic<S: Scalar>(n: i64, x: &S) -> Result<S> {
    let n_u = n as u32;
    let sign = if n % 2 == 1 { 1 } else { -1 }; // (−1)^(n+1)
    let factorial = |k: u32| Integer::from(Integer::factorial(k));
    let threshold = asymptotic_threshold(x, n_u);
    let mut acc = x.lift_i64(0);
    let mut z = x.clone();
    let mut steps = 0u32;
    while z.re_f64() < threshold as f64 && steps < 100_000 {
        acc = acc.add(&z.powi(-(n + 1))?);
        z = z.add(&z.lift_i64(1));
        steps += 1;
        if steps.is_multiple_of(1024) {
            crate::interrupt::check()?;
        }
    }
    let nf = x.lift(&Rational::from(factorial(n_u)));
    let mut series = x
        .lift(&Rational::from(factorial(n_u - 1)))
        .div(&z.powi(n)?)?;
    series = series.add(&nf.div(&z.powi(n + 1)?.mul(&x.lift_i64(2)))?);
    let terms = asymptotic_terms(x);
    let b = bernoulli(2 * terms);
    let eps = x.lift_i64(2).powi(-(i64::from(x.prec_bits()) + 8))?;
    let z2 = z.mul(&z);
    let mut zpow = z.powi(n + 2)?;
    for k in 1..=terms {
        let k2 = 2 * k as u32;
        let coeff = &b[2 * k] * Rational::from((factorial(k2 + n_u - 1), factorial(k2)));
        let term = x.lift(&coeff).div(&zpow)?;
        series = series.add(&term);
        if term
            .abs()
            .cmp_real(&series.abs().mul(&eps), "polygamma")?
            .is_le()
        {
            break;
        }
        zpow = zpow.mul(&z2);
    }
    let total = series.add(&acc.mul(&nf));
    Ok(if sign > 0 { total } else { total.neg() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bernoulli_numbers_match_the_table() {
        let b = bernoulli(12);
        assert_eq!(b[2], Rational::from((1, 6)));
        assert_eq!(b[4], Rational::from((-1, 30)));
        assert_eq!(b[12], Rational::from((-691, 2730)));
    }

    #[test]
    fn generic_kernels_agree_with_references() {
        // ψ(1) = −γ (Euler–Mascheroni constant, published value).
        assert!((digamma(&1.0f64).unwrap() + 0.5772156649015329).abs() < 1e-14);
        // ψ'(1) = π²/6.
        let trigamma = polygamma(1, &1.0f64).unwrap();
        assert!((trigamma - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-13);
        // ψ'(−1/2) = π²/2 + 4 (ψ'(1/2) = π²/2 and the recurrence ψ'(x) = ψ'(x+1) + 1/x²).
        let reflected = polygamma(1, &-0.5f64).unwrap();
        assert!((reflected - (std::f64::consts::PI.powi(2) / 2.0 + 4.0)).abs() < 1e-12);
        // K(1/2) from the contract, E(1/2) from mpmath.ellipe(0.5).
        assert!((ellipk(&0.5f64).unwrap() - 1.854_074_677_301_372).abs() < 1e-14);
        assert!((ellipe(&0.5f64).unwrap() - 1.350_643_881_047_675_5).abs() < 1e-14);
    }
}
