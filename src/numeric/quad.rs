//! Double-exponential quadrature in MPFR: tanh-sinh on [a, b], exp-sinh on a half line,
//! sinh-sinh on the whole line. After the substitution the integrand decays doubly
//! exponentially in t, so the trapezoidal rule with step h = 2^-level converges exponentially
//! (each level roughly doubles the correct digits) even with end-point singularities of
//! algebraic or logarithmic type. Levels are added until two agree to the tolerance (the
//! difference of the last two is the error estimate: it bounds the error of the previous level
//! and overstates that of the last, which has about twice the digits), or until the quadratic
//! convergence of the differences d_l predicts the last level's error d_l²/d_(l−1) 2^8 below
//! the tolerance (that prediction is then the estimate).

use rug::Float;
use rug::float::Constant;

use crate::math_error::MathError;

type Result<T> = std::result::Result<T, MathError>;

/// The deepest level (step 2^-12): beyond it the integrand is not smooth enough for the
/// method and more nodes only burn time.
const MAX_LEVEL: u32 = 12;

/// Where the integral runs.
#[derive(Debug, Clone)]
pub enum Domain {
    /// [a, b], both finite.
    Finite(Float, Float),
    /// [a, ∞).
    Above(Float),
    /// (−∞, b].
    Below(Float),
    /// (−∞, ∞).
    Line,
}

impl Domain {
    /// The domain of [a, b] with ±∞ ends allowed (a < b).
    pub fn from_ends(a: &Float, b: &Float) -> Domain {
        match (a.is_infinite(), b.is_infinite()) {
            (false, false) => Domain::Finite(a.clone(), b.clone()),
            (false, true) => Domain::Above(a.clone()),
            (true, false) => Domain::Below(b.clone()),
            (true, true) => Domain::Line,
        }
    }
}

/// An integral and how far the last two levels were apart.
#[derive(Debug, Clone)]
pub struct Quadrature {
    pub value: Float,
    /// |I_last − I_previous|: an error estimate.
    pub error: Float,
    pub nodes: usize,
    pub level: u32,
}

/// One node of level sums: the abscissa and the weight (already scaled by the map's
/// derivative); `None` when the node has left the representable range.
fn node(domain: &Domain, t: &Float, prec: u32) -> Option<(Float, Float)> {
    // sinh t and cosh t from one exponential (16 guard bits cover sinh's cancellation for the
    // smallest steps, t ≥ 2^-12).
    let guarded = prec + 16;
    let et = Float::with_val(guarded, t.exp_ref());
    let inv = Float::with_val(guarded, et.recip_ref());
    let half_pi = Float::with_val(prec, Constant::Pi) / 4u32;
    let s = Float::with_val(prec, Float::with_val(guarded, &et - &inv) * &half_pi);
    let c = Float::with_val(prec, Float::with_val(guarded, &et + &inv) * &half_pi);
    let (x, w) = match domain {
        Domain::Finite(a, b) => {
            // x = mid + half·tanh(s); the distance to the nearer end is computed directly so
            // that nodes crowding an end point keep their digits.
            let half = Float::with_val(prec, b - a) / 2u32;
            let e = Float::with_val(prec, -Float::with_val(prec, s.abs_ref()) * 2u32).exp();
            let one_plus = Float::with_val(prec, &e + 1u32);
            let gap = Float::with_val(prec, &half * 2u32) * &e / &one_plus;
            let x = if s.is_sign_negative() {
                Float::with_val(prec, a + &gap)
            } else {
                Float::with_val(prec, b - &gap)
            };
            // dx/dt = half·c/cosh²(s) = half·c·4e/(1 + e)².
            let w = half * c * 4u32 * &e / Float::with_val(prec, one_plus.square_ref());
            (x, w)
        }
        Domain::Above(a) => {
            let e = s.exp();
            (Float::with_val(prec, a + &e), c * e)
        }
        Domain::Below(b) => {
            let e = s.exp();
            (Float::with_val(prec, b - &e), c * e)
        }
        Domain::Line => {
            let es = Float::with_val(guarded, s.exp_ref());
            let inv = Float::with_val(guarded, es.recip_ref());
            let x = Float::with_val(prec, Float::with_val(guarded, &es - &inv) / 2u32);
            let cosh = Float::with_val(prec, Float::with_val(guarded, &es + &inv) / 2u32);
            (x, c * cosh)
        }
    };
    (x.is_finite() && w.is_finite()).then_some((x, w))
}

/// ∫ f over the domain with `prec`-bit arithmetic, to a tolerance of 2^-`tol_bits` relative
/// to the larger of |∫ f| and ∫ |f| (so an integral that cancels to nearly 0 converges too).
pub fn integrate(
    domain: &Domain,
    prec: u32,
    tol_bits: u32,
    mut f: impl FnMut(&Float) -> Result<Float>,
) -> Result<Quadrature> {
    let tiny = Float::with_val(prec, Float::i_exp(1, -(prec as i32) - 8));
    let mut nodes = 0usize;
    let mut scale = Float::new(prec);
    // How far level 0 went in t on each side: finer levels cover the same range (their new
    // nodes near t = 0 may all be negligible while the mass sits further out).
    let mut reach = [0.0f64; 2];
    // Σ over the nodes new at this level (t = k·h, all k at level 0, odd k later) of w·f.
    let mut level_sum = |level: u32, scale: &mut Float| -> Result<Float> {
        let h = Float::with_val(prec, Float::i_exp(1, -(level as i32)));
        let mut sum = Float::new(prec);
        let step: i64 = if level == 0 { 1 } else { 2 };
        for (side, direction) in [1i64, -1].into_iter().enumerate() {
            let mut k: i64 = if level == 0 && direction == 1 {
                0
            } else if level == 0 {
                -1
            } else {
                direction
            };
            let mut small = 0;
            loop {
                crate::interrupt::check()?;
                let t = Float::with_val(prec, &h * k);
                let tf = t.to_f64().abs();
                let Some((x, w)) = node(domain, &t, prec) else {
                    break;
                };
                let term = Float::with_val(prec, f(&x)? * &w);
                if !term.is_finite() {
                    return Err(MathError::Domain(format!(
                        "the integrand is not finite at x = {:.6e}",
                        x.to_f64()
                    )));
                }
                nodes += 1;
                *scale += Float::with_val(prec, term.abs_ref());
                let negligible = Float::with_val(prec, term.abs_ref())
                    <= Float::with_val(prec, &*scale * &tiny)
                    || w < tiny;
                sum += term;
                small = if negligible { small + 1 } else { 0 };
                let covered = level == 0 || tf >= reach[side];
                if (small >= 3 && covered) || tf > 8.0 {
                    if level == 0 {
                        reach[side] = tf;
                    }
                    break;
                }
                k += step * direction;
            }
        }
        Ok(sum)
    };
    let mut total = level_sum(0, &mut scale)?;
    let mut previous = total.clone();
    let wanted = Float::with_val(prec, Float::i_exp(1, -(tol_bits as i32)));
    let mut last_error = Float::with_val(prec, f64::INFINITY);
    for level in 1..=MAX_LEVEL {
        total += level_sum(level, &mut scale)?;
        let h = Float::with_val(prec, Float::i_exp(1, -(level as i32)));
        let integral = Float::with_val(prec, &total * &h);
        let error = Float::with_val(prec, &integral - &previous).abs();
        // Relative to ∫|f| when the integral itself is small (a gradient at its zero).
        let size =
            Float::with_val(prec, integral.abs_ref()).max(&Float::with_val(prec, &scale * &h));
        let goal = Float::with_val(prec, &size * &wanted);
        if error <= goal || error.is_zero() {
            return Ok(Quadrature {
                value: integral,
                error,
                nodes,
                level,
            });
        }
        // Converging quadratically (each level about doubles the digits), this level's own
        // error is about d_l²/d_(l−1): accept it when that is 2^8 below the goal, and report
        // the prediction (saves the last level, the most expensive).
        if level >= 3 && last_error.is_finite() && error < last_error {
            let predicted = Float::with_val(prec, error.square_ref()) / &last_error;
            if Float::with_val(prec, &predicted * 256u32) <= goal {
                return Ok(Quadrature {
                    value: integral,
                    error: predicted,
                    nodes,
                    level,
                });
            }
        }
        previous = integral;
        last_error = error;
    }
    Err(MathError::Domain(format!(
        "the quadrature did not converge by level {MAX_LEVEL} (step 2^-{MAX_LEVEL}; the last two levels differ by {:.1e}): the integrand may be singular inside the interval or not decay",
        last_error.to_f64()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> Float {
        Float::with_val(200, x)
    }

    #[test]
    fn gaussian_over_the_line_is_root_pi() {
        // ∫ e^(−x²) dx = √π.
        let q = integrate(&Domain::Line, 200, 150, |x| {
            Ok(Float::with_val(200, -Float::with_val(200, x.square_ref())).exp())
        })
        .unwrap();
        let root_pi = Float::with_val(200, Constant::Pi).sqrt();
        let err = Float::with_val(200, &q.value - &root_pi).abs().to_f64();
        assert!(err < 1e-44, "{err}");
    }

    #[test]
    fn end_point_singularity_and_half_line() {
        // ∫₀¹ log(x) dx = −1 (log singularity at 0); ∫₁^∞ dx/x² = 1.
        let q = integrate(&Domain::Finite(f(0.0), f(1.0)), 200, 120, |x| {
            Ok(x.clone().ln())
        })
        .unwrap();
        assert!((q.value.to_f64() + 1.0).abs() < 1e-30);
        let q = integrate(&Domain::Above(f(1.0)), 200, 120, |x| {
            Ok(Float::with_val(200, x.square_ref()).recip())
        })
        .unwrap();
        assert!((q.value.to_f64() - 1.0).abs() < 1e-30);
    }
}
