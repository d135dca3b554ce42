//! Roots of polynomials whose coefficients are not all rational (pi, sqrt(2), 1 + i): no
//! exact square-free factorisation exists, so the clusters Aberth leaves at a multiple root are
//! merged numerically or polished apart.

use rug::{Complex, Float, Integer};

use super::{aberth, distinct, horner};
use crate::expr::Expr;
use crate::interrupt::Interrupted;
use crate::numeric::eval::{NoVars, eval};
use crate::numeric::scalar::Scalar;
use crate::solve::SolveError;

/// The coefficients at `prec` bits in MPC, without vanishing leading terms.
fn numeric_coefficients(coeffs: &[Expr], prec: u32) -> Result<Vec<Complex>, SolveError> {
    // A coefficient that is not a plain number is first approximated in ball arithmetic, to
    // the digits this precision holds (time-bounded, like N): evaluating atan(1e100000 + i)
    // or digamma(ellipk(1e100000)) directly in MPC took seconds to minutes, uninterruptibly.
    let digits = (f64::from(prec) * std::f64::consts::LOG10_2).ceil() as u32 + 5;
    let mut cs: Vec<Complex> = coeffs
        .iter()
        .map(|c| {
            let value = match c.node() {
                crate::expr::Node::Num(_) => None,
                _ => crate::numeric::eval::approximate(c, digits).ok(),
            };
            eval(value.as_ref().unwrap_or(c), &NoVars, &Complex::new(prec))
                .map_err(SolveError::Math)
        })
        .collect::<Result<_, _>>()?;
    while cs.len() > 1 && cs.last().is_some_and(Scalar::is_zero) {
        cs.pop();
    }
    Ok(cs)
}

/// The coefficients of the j-th derivative.
fn derivative_coefficients(cs: &[Complex], j: usize) -> Vec<Complex> {
    (j..cs.len())
        .map(|k| {
            let falling = ((k - j + 1)..=k).fold(Integer::from(1), |acc, f| acc * f as u64);
            Complex::with_val(cs[k].prec(), &cs[k] * &falling)
        })
        .collect()
}

/// Whether |q(w)| is within 2^-bits of Σ|q_k||w|^k (q vanishes at w to `bits` bits).
fn vanishes(cs: &[Complex], w: &Complex, bits: u32) -> bool {
    let prec = w.prec().0;
    let (value, _) = horner(cs, w);
    let size = Float::with_val(prec, w.abs_ref());
    let scale = cs.iter().rev().fold(Float::new(prec), |acc, c| {
        Float::with_val(prec, &acc * &size) + Float::with_val(prec, c.abs_ref())
    });
    Float::with_val(prec, value.abs_ref()) <= scale >> bits as i32
}

/// Roots of a polynomial whose coefficients are not all rational (pi, sqrt(2), 1 + i), with
/// multiplicities. Aberth in MPC converges only linearly to a root of multiplicity m and
/// stalls at a cluster of m approximations about eps^(1/m) apart (it printed 3.14159... ±
/// 1e-18*i for the double root of (x - pi)^2). A cluster is merged when p^(m-1) has a root
/// at its centre (Newton on p^(m-1), which is simple there, at twice the precision) where
/// p, ..., p^(m-2) vanish to that precision too; the multiplicity is then numerical, not
/// proven. A cluster that neither merges nor separates into distinct roots after polishing
/// is tried again at four times the precision, and is an error at the last.
pub(super) fn numeric_roots(coeffs: &[Expr], bits: u32) -> Result<Vec<(Complex, u32)>, SolveError> {
    let precisions = [bits, bits.saturating_mul(4), bits.saturating_mul(16)];
    for (attempt, &prec) in precisions.iter().enumerate() {
        let last = attempt + 1 == precisions.len();
        let cs = numeric_coefficients(coeffs, prec)?;
        let z = match aberth(&cs, 2000) {
            Ok(z) => z,
            Err(_) if !last => continue,
            Err(error) => return Err(error),
        };
        let fine = numeric_coefficients(coeffs, prec * 2)?;
        if let Some(found) = settle_clusters(&fine, &z, prec)? {
            return Ok(found);
        }
    }
    Err(SolveError::AllRoots {
        what: "a cluster of nearby roots neither separated nor merged into a multiple root".into(),
    })
}

/// Group the approximations `z` (computed at `prec` bits) into clusters within 2^-(prec/8) of
/// each other; merge each cluster into a multiple root or polish its members apart. `None`
/// when some cluster does neither.
fn settle_clusters(
    fine: &[Complex],
    z: &[Complex],
    prec: u32,
) -> Result<Option<Vec<(Complex, u32)>>, Interrupted> {
    let n = z.len();
    let mut group: Vec<usize> = (0..n).collect();
    for i in 0..n {
        crate::interrupt::check()?;
        for j in i + 1..n {
            let gap = Float::with_val(64, Complex::with_val(prec, &z[i] - &z[j]).abs_ref());
            let size =
                Float::with_val(64, z[i].abs_ref()).max(&Float::with_val(64, z[j].abs_ref()));
            if gap <= size >> (prec as i32 / 8) {
                let (gi, gj) = (group[i], group[j]);
                group.iter_mut().filter(|g| **g == gj).for_each(|g| *g = gi);
            }
        }
    }
    let mut found = Vec::new();
    let mut seen = vec![false; n];
    for i in 0..n {
        if seen[i] {
            continue;
        }
        crate::interrupt::check()?;
        let members: Vec<usize> = (0..n).filter(|&j| group[j] == group[i]).collect();
        members.iter().for_each(|&j| seen[j] = true);
        let m = members.len();
        if m > 1
            && let Some(w) = merged_root(fine, z, &members)
        {
            found.push((w, m as u32));
            continue;
        }
        let polished: Vec<Complex> = members
            .iter()
            .map(|&j| newton_polish(fine, &z[j], prec))
            .collect();
        if !distinct(&polished, prec)? {
            return Ok(None);
        }
        found.extend(polished.into_iter().map(|w| (w, 1)));
    }
    Ok(Some(found))
}

/// Newton on p (coefficients at twice `prec`) from `z0` until the correction is below
/// 2^-prec of the root.
fn newton_polish(fine: &[Complex], z0: &Complex, prec: u32) -> Complex {
    let mut w = Complex::with_val(fine[0].prec(), z0);
    for _ in 0..100 {
        let (value, slope) = horner(fine, &w);
        let Ok(step) = value.div(&slope) else { break };
        w = w.sub(&step);
        let size = Float::with_val(prec, w.abs_ref());
        if step.is_zero() || Float::with_val(prec, step.abs_ref()) <= size >> prec as i32 {
            break;
        }
    }
    w
}

/// A simple root of the polynomial with coefficients `coeffs` (in increasing degree, not all
/// rational) polished again from `z` to `bits` (the coefficients taken at twice that).
pub fn repolish(coeffs: &[Expr], z: &Complex, bits: u32) -> Result<Complex, SolveError> {
    let fine = numeric_coefficients(coeffs, bits.saturating_mul(2))?;
    Ok(newton_polish(&fine, z, bits))
}

/// The root of multiplicity m = |members| at the centre of a cluster, if p^(m-1) has one
/// there and p, ..., p^(m-2) vanish at it to the precision of the coefficients `fine`.
fn merged_root(fine: &[Complex], z: &[Complex], members: &[usize]) -> Option<Complex> {
    let m = members.len();
    let prec = fine[0].prec().0;
    let sum = members.iter().fold(Complex::new(prec), |acc, &j| {
        Complex::with_val(prec, &acc + &z[j])
    });
    let centre = Complex::with_val(prec, sum / m as u32);
    let w = newton_polish(&derivative_coefficients(fine, m - 1), &centre, prec - 8);
    (0..m - 1)
        .all(|j| vanishes(&derivative_coefficients(fine, j), &w, prec - 16))
        .then_some(w)
}
