//! From a double-precision root to any number of correct digits, and a proof.
//!
//! Refinement doubles the working precision at every Newton step (quadratic convergence
//! doubles the correct bits), so the total cost is a few evaluations at the final precision.
//! A simple real root is then certified by the Krawczyk test in interval arithmetic with
//! outward rounding: K(X) = c − y f(c) + (1 − y f'(X))(X − c) ⊂ int X proves that exactly one
//! root lies in X, the interval of the last printed digit. A rational root is checked exactly.

use rug::float::Round;
use rug::ops::Pow;
use rug::{Complex, Float, Integer, Rational};

use super::newton::Problem;
use super::{Certificate, SolveError};
use crate::error::MathError;
use crate::expr::diff::diff;
use crate::expr::number::{digits_to_bits, format_float};
use crate::expr::subst::subs;
use crate::expr::{Expr, Number};
use crate::functions::KernelFor;
use crate::numeric::interval::{Interval, enclose};

/// Significant digits refined when the user asked for none (then the nearest double is shown).
pub const DEFAULT_DIGITS: u32 = 17;

/// Newton in MPFR/MPC from `x0`, doubling the precision each step up to what `digits` needs
/// (times the multiplicity: a root of multiplicity m is only resolved to 1/m of the bits).
/// Returns the refined root and the number of steps taken.
pub fn refine<S: KernelFor + Precision>(
    p: &Problem,
    x0: S,
    multiplicity: u32,
    digits: u32,
) -> Result<(S, usize), SolveError> {
    let m = multiplicity.max(1);
    let target = (digits_to_bits(digits) + 24).saturating_mul(m) + 32;
    // Precisions target/2^k, ..., target/2, target: each Newton step doubles the correct bits.
    let mut schedule = vec![target];
    while let Some(&last) = schedule.last() {
        if last <= 128 {
            break;
        }
        schedule.push(last.div_ceil(2));
    }
    schedule.reverse();
    let mut x = x0;
    let mut steps = 0;
    let mut extra = 0;
    let mut k = 0;
    loop {
        crate::interrupt::check().map_err(|_| SolveError::Math(MathError::Interrupted))?;
        let prec = schedule[k.min(schedule.len() - 1)];
        x = x.with_prec(prec);
        let fx = p.at(&p.f, &x)?;
        if fx.is_zero() {
            return Ok((x, steps));
        }
        let d = p.at(&p.df, &x)?;
        if d.is_zero() {
            return Err(SolveError::ZeroDerivative {
                at: format!("{}", x.re_f64()),
            });
        }
        let step = fx.div(&d)?.mul(&x.lift_i64(i64::from(m)));
        x = x.sub(&step);
        steps += 1;
        k += 1;
        if k < schedule.len() {
            continue;
        }
        // At the final precision: quadratic convergence means a correction below half the
        // target bits leaves an error near its square, below the target.
        let bound = x
            .abs()
            .mul(&x.lift_i64(2).powi(-(i64::from(target / m) / 2 - 8))?);
        let small = step.is_zero()
            || step
                .abs()
                .cmp_real(&bound, "refine")
                .map(|o| o.is_le())
                .unwrap_or(false);
        if small {
            return Ok((x, steps));
        }
        extra += 1;
        if extra > 60 {
            let residual = p.at(&p.f, &x).map(|v| v.abs().re_f64()).unwrap_or(f64::NAN);
            return Err(SolveError::NoConvergence {
                iterations: steps,
                last: format!("{}", x.re_f64()),
                residual,
                history: Vec::new(),
            });
        }
    }
}

/// Changing the working precision of a value.
pub trait Precision {
    fn with_prec(self, prec: u32) -> Self;
}
impl Precision for Float {
    fn with_prec(mut self, prec: u32) -> Float {
        self.set_prec(prec);
        self
    }
}
impl Precision for Complex {
    fn with_prec(mut self, prec: u32) -> Complex {
        self.set_prec(prec);
        self
    }
}

/// Continued-fraction convergents of `x` with denominators up to `max_den`.
fn convergents(x: f64, max_den: u64) -> Vec<Rational> {
    let Some(mut r) = Rational::from_f64(x) else {
        return Vec::new();
    };
    let (mut h0, mut h1) = (Integer::from(0), Integer::from(1));
    let (mut k0, mut k1) = (Integer::from(1), Integer::from(0));
    let mut out = Vec::new();
    for _ in 0..40 {
        let a = Integer::from(r.floor_ref());
        let h2 = Integer::from(&a * &h1) + &h0;
        let k2 = Integer::from(&a * &k1) + &k0;
        if k2 > max_den {
            break;
        }
        out.push(Rational::from((h2.clone(), k2.clone())));
        let frac = Rational::from(&r - &a);
        if frac == 0 {
            break;
        }
        r = frac.recip();
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
    }
    out
}

/// If a simple fraction near `x` is an exact root, return it with its exact multiplicity
/// (the order of the first derivative that does not vanish there, by exact arithmetic).
pub fn exact_rational_root(p: &Problem, x: f64) -> Option<(Rational, u32)> {
    if !x.is_finite() {
        return None;
    }
    for q in convergents(x, 10_000) {
        if (q.to_f64() - x).abs() > 1e-4 * x.abs().max(1.0) {
            continue;
        }
        let at = [(p.var.clone(), Expr::num(Number::Exact(q.clone())))];
        if !subs(&p.f, &at).ok()?.is_zero() {
            continue;
        }
        let mut derivative = p.f.clone();
        for m in 1..=50u32 {
            derivative = diff(&derivative, &p.var).ok()?;
            let value = subs(&derivative, &at).ok()?;
            if !value.is_zero() {
                return value.as_number().is_some().then_some((q, m));
            }
        }
        return None;
    }
    None
}

/// The printed value rounded to `digits` and the half-width of its last digit, exactly.
fn last_digit_interval(x: &Float, digits: u32) -> Option<(Rational, Rational)> {
    let text = format_float(x, digits);
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i64>().ok()?),
        None => (text.clone(), 0),
    };
    let negative = mantissa.starts_with('-');
    let mantissa = mantissa.trim_start_matches('-');
    let center = crate::expr::number::parse_decimal(mantissa, exponent).ok()?;
    let center = if negative { -center } else { center };
    // Position of the last significant digit: 10^(E − digits + 1) with E = floor(log10 |c|).
    let magnitude = x.to_f64().abs();
    if magnitude == 0.0 || !magnitude.is_finite() {
        return None;
    }
    let e = magnitude.log10().floor() as i64;
    let unit_exp = e - i64::from(digits) + 1;
    let ten = Rational::from(10);
    let unit = ten.pow(i32::try_from(unit_exp).ok()?);
    Some((center, unit / Rational::from(2)))
}

/// The Krawczyk test on the printed last-digit interval of a simple real root.
pub fn certify(p: &Problem, x: &Float, digits: u32) -> Certificate {
    let Some((center, radius)) = last_digit_interval(x, digits) else {
        return Certificate::NotCertified("the root is zero or not finite".into());
    };
    let prec = x.prec() + 64;
    let lo = Float::with_val_round(prec, Rational::from(&center - &radius), Round::Down).0;
    let hi = Float::with_val_round(prec, Rational::from(&center + &radius), Round::Up).0;
    let big_x = Interval::new(lo, hi);
    let c = Float::with_val(prec, &center);
    let point = Interval::point(&c);
    let run = || -> Result<bool, String> {
        let fc = enclose(&p.f, &p.var, &point)?;
        let d_big = enclose(&p.df, &p.var, &big_x)?;
        // y only preconditions the test (any value works if the test passes): 128 bits do.
        let dc = p
            .at(&p.df, &Float::with_val(128, &c))
            .map_err(|e| e.to_string())?;
        if dc.is_zero() {
            return Err("the derivative vanishes at the printed value".into());
        }
        let y = Interval::point(&Float::with_val(prec, Float::with_val(128, 1) / &dc));
        let one = Interval::point(&Float::with_val(prec, 1));
        let k = point
            .sub(&y.mul(&fc))
            .add(&one.sub(&y.mul(&d_big)).mul(&big_x.sub(&point)));
        Ok(k.strictly_inside(&big_x))
    };
    match run() {
        Ok(true) => Certificate::Certified(format!(
            "Krawczyk: one root within ±{} of the printed value",
            format_float(&Float::with_val(53, &radius), 2)
        )),
        Ok(false) => Certificate::NotCertified(
            "the Krawczyk test was inconclusive on the last-digit interval".into(),
        ),
        Err(why) => Certificate::NotCertified(why),
    }
}

/// The residual test: |f(x)| must be within a few ulps (at the precision of `x`) of the scale
/// of f's terms; a root of multiplicity m is resolved to 1/m of the bits. Returns |f(x)|.
pub fn residual_ok<S: KernelFor + Precision>(
    p: &Problem,
    x: &S,
    multiplicity: u32,
) -> Result<f64, SolveError> {
    let fx = p.at(&p.f, x)?.abs();
    // The scale only needs its magnitude: 64 bits.
    let scale = x.lift(
        &Rational::from_f64(p.scale(&x.clone().with_prec(64))).unwrap_or_else(|| Rational::from(1)),
    );
    let bits = i64::from(x.prec_bits()) / i64::from(multiplicity.max(1));
    let allowed = scale.mul(&x.lift_i64(2).powi(-(bits - 24))?);
    if fx.cmp_real(&allowed, "residual")?.is_le() {
        Ok(fx.re_f64())
    } else {
        Err(SolveError::ResidualTooLarge {
            last: format!("{}", x.re_f64()),
            residual: fx.re_f64(),
        })
    }
}
