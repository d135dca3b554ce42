//! Eckart–Young–Mirsky: the truncated SVD A_r = Σ_{k≤r} σ_k u_k v_kᵀ is the best rank-r
//! approximation in the Frobenius and the spectral norm, with ‖A − A_r‖_F² = Σ_{j>r} σ_j² and
//! ‖A − A_r‖₂ = σ_{r+1}. Both sides are computed independently here — the left from the
//! residual matrix itself, the right from the singular values — so the check means something.
//! Generic over the scalar, so the same code runs in doubles and in MPFR.

use super::dense::Dense;
use crate::math_error::MathError;
use crate::numeric::scalar::Scalar;

/// The truncated SVD and both sides of the two identities.
pub struct Truncation<S> {
    pub approx: Dense<S>,
    /// ‖A − A_r‖_F², summed over the residual's entries.
    pub residual_frobenius_sq: S,
    /// Σ_{j>r} σ_j².
    pub tail_sq: S,
    /// ‖A − A_r‖₂, the largest singular value of the residual.
    pub residual_spectral: S,
    /// σ_{r+1} (0 when r is the number of singular values).
    pub next_sigma: S,
}

/// A_r from the thin SVD (u, sigma, v) of `a`, with the checks; `spectral_norm` gives ‖·‖₂.
pub fn truncate<S: Scalar>(
    a: &Dense<S>,
    u: &Dense<S>,
    sigma: &[S],
    v: &Dense<S>,
    r: usize,
    spectral_norm: impl Fn(&Dense<S>) -> Result<S, MathError>,
) -> Result<Truncation<S>, MathError> {
    let zero = a.at(0, 0).lift_i64(0);
    let approx = Dense::from_fn(a.rows(), a.cols(), |i, j| {
        (0..r).fold(zero.clone(), |acc, k| {
            acc.add(&u.at(i, k).mul(&sigma[k]).mul(v.at(j, k)))
        })
    });
    let residual = Dense::from_fn(a.rows(), a.cols(), |i, j| a.at(i, j).sub(approx.at(i, j)));
    let residual_frobenius_sq = sum_of_squares(residual.data(), &zero);
    let tail_sq = sum_of_squares(&sigma[r.min(sigma.len())..], &zero);
    let residual_spectral = spectral_norm(&residual)?;
    let next_sigma = sigma.get(r).cloned().unwrap_or(zero);
    Ok(Truncation {
        approx,
        residual_frobenius_sq,
        tail_sq,
        residual_spectral,
        next_sigma,
    })
}

/// Σ xᵢ².
pub fn sum_of_squares<S: Scalar>(xs: &[S], zero: &S) -> S {
    xs.iter().fold(zero.clone(), |acc, x| acc.add(&x.mul(x)))
}
