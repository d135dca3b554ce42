//! The least-squares fit: constants minimising ∫ (g − f)² over the interval, by Newton on the
//! gradient: 0 = ∫ e·∂e/∂p_j, with the Hessian ∫ (∂e/∂p_j ∂e/∂p_k + e ∂²e/∂p_j∂p_k); each
//! integral by double-exponential quadrature in MPFR (infinite ends allowed).

use rug::Float;

use super::substituted;
use crate::approx::verify::{Extremum, extrema};
use crate::expr::diff::diff;
use crate::expr::number::digits_to_bits;
use crate::expr::{Expr, canon};
use crate::linalg::lu_solve;
use crate::math_error::MathError;
use crate::numeric::eval::eval;
use crate::numeric::quad::{self, Domain};

type Result<T> = std::result::Result<T, MathError>;

/// A least-squares fit.
#[derive(Debug, Clone)]
pub struct LeastSquares {
    pub params: Vec<(String, Float)>,
    /// √∫ e² at the fit.
    pub l2: Float,
    /// The largest |e| of the fitted error (sampled and refined, for comparison with minimax).
    pub peak: Option<Extremum>,
    pub newton_steps: usize,
    pub digits: u32,
}

/// The least-squares fit of `model` to `target` over [a, b].
pub fn fit_l2(
    model: &Expr,
    target: &Expr,
    var: &str,
    (a, b): (f64, f64),
    starts: &[(String, f64)],
    digits: u32,
) -> Result<LeastSquares> {
    let names: Vec<String> = starts.iter().map(|(n, _)| n.clone()).collect();
    let n = names.len();
    let e = canon::sub(model.clone(), target.clone())?;
    let grad: Vec<Expr> = names.iter().map(|p| diff(&e, p)).collect::<Result<_>>()?;
    let hess: Vec<Vec<Expr>> = grad
        .iter()
        .map(|g| names.iter().map(|p| diff(g, p)).collect::<Result<Vec<_>>>())
        .collect::<Result<_>>()?;
    let prec = digits_to_bits(digits) + 32;
    let tol_bits = digits_to_bits(digits) + 8;
    let domain = Domain::from_ends(&Float::with_val(prec, a), &Float::with_val(prec, b));
    let mut p: Vec<Float> = starts
        .iter()
        .map(|(_, v)| Float::with_val(prec, *v))
        .collect();
    let integral = |p: &[Float], f: &dyn Fn(&[Float]) -> Float, exprs: &[&Expr]| -> Result<Float> {
        quad::integrate(&domain, prec, tol_bits, |x| {
            let mut env: Vec<(&str, Float)> = vec![(var, x.clone())];
            env.extend(names.iter().map(String::as_str).zip(p.iter().cloned()));
            let proto = Float::new(prec);
            let values: Vec<Float> = exprs
                .iter()
                .map(|ex| eval(ex, &env[..], &proto))
                .collect::<Result<_>>()?;
            Ok(f(&values))
        })
        .map(|q| q.value)
    };
    let tol = Float::with_val(prec, Float::i_exp(1, -(tol_bits as i32) + 8));
    for step in 1..=50 {
        crate::interrupt::check()?;
        let mut g = vec![Float::new(prec); n];
        let mut h = vec![vec![Float::new(prec); n]; n];
        for j in 0..n {
            g[j] = -integral(
                &p,
                &|v| Float::with_val(prec, &v[0] * &v[1]),
                &[&e, &grad[j]],
            )?;
            for k in 0..n {
                h[j][k] = integral(
                    &p,
                    &|v| {
                        Float::with_val(prec, &v[0] * &v[1]) + Float::with_val(prec, &v[2] * &v[3])
                    },
                    &[&grad[j], &grad[k], &e, &hess[j][k]],
                )?;
            }
        }
        let delta = lu_solve(h, g).ok_or_else(|| {
            MathError::Domain(
                "the least-squares Hessian is singular: a constant has no effect on the error"
                    .into(),
            )
        })?;
        let mut size = Float::new(prec);
        for (v, d) in p.iter_mut().zip(&delta) {
            *v += d;
            size = size.max(
                &(Float::with_val(prec, d.abs_ref()) / (Float::with_val(prec, v.abs_ref()) + 1u32)),
            );
        }
        if !p.iter().all(Float::is_finite) {
            break;
        }
        if size <= tol {
            let params: Vec<(String, Float)> =
                names.iter().cloned().zip(p.iter().cloned()).collect();
            let l2 = integral(&p, &|v| Float::with_val(prec, v[0].square_ref()), &[&e])?.sqrt();
            let fitted = substituted(&e, &params)?;
            let peak = extrema(&fitted, var, a, b, 24)
                .into_iter()
                .max_by(|x, y| x.value.clone().abs().total_cmp(&y.value.clone().abs()));
            return Ok(LeastSquares {
                params,
                l2,
                peak,
                newton_steps: step,
                digits,
            });
        }
    }
    Err(MathError::Domain(
        "Newton on the least-squares gradient did not converge in 50 steps (try other starting values)".into(),
    ))
}
