//! A high-accuracy numerical solution of the pendulum θ'' = −sin θ, θ(0) = a, θ'(0) = 0, to
//! check the nome (Fourier) solution against: the Taylor-series method in MPFR. The Taylor
//! coefficients of θ come from the recurrences of s = sin θ and c = cos θ (s' = cθ', c' = −sθ',
//! θ'' = −s), each step as long as the last coefficients allow at the working precision.

use rug::Float;

use crate::math_error::MathError;

type Result<T> = std::result::Result<T, MathError>;

/// θ at each of `times` (increasing, from 0) from θ(0) = `a`, θ'(0) = 0, at `prec` bits.
pub fn solve(a: &Float, times: &[Float], prec: u32) -> Result<Vec<Float>> {
    // Enough terms that a step of about a quarter of the radius of convergence (which is
    // at least of order 1 below the separatrix) reaches the working precision.
    let order = (prec as usize / 3).clamp(20, 400);
    let tolerance = Float::with_val(prec, Float::i_exp(1, -(prec as i32)));
    let mut theta = Float::with_val(prec, a);
    let mut velocity = Float::new(prec);
    let mut t = Float::new(prec);
    let mut out = Vec::with_capacity(times.len());
    for target in times {
        while t < *target {
            crate::interrupt::check()?;
            let c = coefficients(&theta, &velocity, order, prec);
            // The step: the last two coefficients' terms below the tolerance.
            let mut h = Float::with_val(prec, target - &t);
            for k in [order - 1, order] {
                let size = Float::with_val(prec, c[k].abs_ref());
                if size > 0 {
                    let limit = Float::with_val(prec, &tolerance / size).root(k as u32);
                    if limit < h {
                        h = limit;
                    }
                }
            }
            if h <= 0 {
                return Err(MathError::Domain(
                    "the Taylor integration of the pendulum stalled (step size 0)".into(),
                ));
            }
            // θ(t + h) and θ'(t + h) by Horner.
            let mut value = Float::new(prec);
            let mut slope = Float::new(prec);
            for k in (0..=order).rev() {
                value *= &h;
                value += &c[k];
                if k >= 1 {
                    slope *= &h;
                    slope += Float::with_val(prec, &c[k] * k as u32);
                }
            }
            theta = value;
            velocity = slope;
            t += &h;
        }
        out.push(theta.clone());
    }
    Ok(out)
}

/// The Taylor coefficients θ_0 … θ_order at the current state.
fn coefficients(theta: &Float, velocity: &Float, order: usize, prec: u32) -> Vec<Float> {
    let mut th = vec![Float::new(prec); order + 1];
    let mut s = vec![Float::new(prec); order + 1];
    let mut c = vec![Float::new(prec); order + 1];
    th[0] = theta.clone();
    th[1] = velocity.clone();
    s[0] = Float::with_val(prec, theta.sin_ref());
    c[0] = Float::with_val(prec, theta.cos_ref());
    for k in 0..order {
        if k >= 1 {
            // s_k = (1/k) Σ j θ_j c_(k−j), c_k = −(1/k) Σ j θ_j s_(k−j).
            let mut sk = Float::new(prec);
            let mut ck = Float::new(prec);
            for j in 1..=k {
                let jt = Float::with_val(prec, &th[j] * j as u32);
                sk += Float::with_val(prec, &jt * &c[k - j]);
                ck -= Float::with_val(prec, &jt * &s[k - j]);
            }
            s[k] = sk / k as u32;
            c[k] = ck / k as u32;
        }
        if k + 2 <= order {
            th[k + 2] = Float::with_val(prec, -&s[k]) / ((k + 1) * (k + 2)) as u32;
        }
    }
    th
}
