//! Double-precision linear algebra through faer (numpy's speed, measured: see README): the
//! product, the thin SVD, the LU inverse and determinant, norms, and the
//! pseudo-inverse from the SVD with its cut-off. Every routine here is backward stable; the
//! callers state the accuracy that implies and check identities in higher precision where the
//! claim matters.

use faer::linalg::solvers::DenseSolveCore;
use faer::{Mat, MatRef};

use super::dense::Dense;
use crate::math_error::MathError;

/// The machine epsilon of doubles, 2^-52.
pub const EPS: f64 = f64::EPSILON;

/// A faer view of the row-major entries (no copy).
pub fn view(a: &Dense<f64>) -> MatRef<'_, f64> {
    MatRef::from_row_major_slice(a.data(), a.rows(), a.cols())
}

pub fn to_faer(a: &Dense<f64>) -> Mat<f64> {
    view(a).to_owned()
}

/// A faer matrix as a row-major [`Dense`]: transposed by faer's blocked copy, then each
/// column of the transpose (a row of `m`) appended in turn.
pub fn from_faer(m: MatRef<'_, f64>) -> Dense<f64> {
    let mut t = Mat::<f64>::zeros(m.ncols(), m.nrows());
    t.copy_from(m.transpose());
    let mut data = Vec::with_capacity(m.nrows() * m.ncols());
    for i in 0..m.nrows() {
        data.extend_from_slice(t.col_as_slice(i));
    }
    Dense::from_row_major(m.nrows(), m.ncols(), data)
}

/// `a · b`.
pub fn matmul(a: &Dense<f64>, b: &Dense<f64>) -> Dense<f64> {
    let product = view(a) * view(b);
    from_faer(product.as_ref())
}

/// The thin SVD A = U Σ Vᵀ: U is m × k, V is n × k with k = min(m, n), σ decreasing.
pub struct Svd {
    pub u: Dense<f64>,
    pub sigma: Vec<f64>,
    pub v: Dense<f64>,
}

pub fn svd(a: &Dense<f64>) -> Result<Svd, MathError> {
    let (scaled, scale) = unit_scaled(a);
    let svd = view(scaled.as_ref().unwrap_or(a))
        .thin_svd()
        .map_err(|_| MathError::NotNumeric("the SVD iteration did not converge".into()))?;
    let sigma: Vec<f64> = (0..a.rows().min(a.cols()))
        .map(|i| svd.S()[i] * scale)
        .collect();
    Ok(Svd {
        u: from_faer(svd.U()),
        sigma,
        v: from_faer(svd.V()),
    })
}

/// The matrix divided by a power of two near its largest entry when that is far from 1 (faer's
/// SVD fails on entries near 1e200, whose squares overflow), with the factor; `None` when the
/// matrix is fine as it is.
fn unit_scaled(a: &Dense<f64>) -> (Option<Dense<f64>>, f64) {
    let largest = a.data().iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if largest == 0.0 || (1e-100..=1e100).contains(&largest) {
        return (None, 1.0);
    }
    let scale = 2f64.powi(largest.log2().round() as i32);
    (Some(a.map(|x| x / scale)), scale)
}

/// The singular values, decreasing.
pub fn singular_values(a: &Dense<f64>) -> Result<Vec<f64>, MathError> {
    if a.rows() == 0 || a.cols() == 0 {
        return Ok(Vec::new());
    }
    let (scaled, scale) = unit_scaled(a);
    let mut s = view(scaled.as_ref().unwrap_or(a))
        .singular_values()
        .map_err(|_| MathError::NotNumeric("the SVD iteration did not converge".into()))?;
    s.iter_mut().for_each(|x| *x *= scale);
    s.sort_by(|x, y| y.total_cmp(x));
    Ok(s)
}

/// The Frobenius norm, scaled so that it neither overflows nor underflows.
pub fn frobenius(data: &[f64]) -> f64 {
    let scale = data.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    scale * data.iter().map(|x| (x / scale).powi(2)).sum::<f64>().sqrt()
}

/// The largest absolute column sum (the norm induced by the 1-norm).
pub fn norm_1(a: &Dense<f64>) -> f64 {
    (0..a.cols())
        .map(|j| (0..a.rows()).map(|i| a.at(i, j).abs()).sum::<f64>())
        .fold(0.0, f64::max)
}

/// The largest absolute row sum (the norm induced by the max-norm).
pub fn norm_inf(a: &Dense<f64>) -> f64 {
    (0..a.rows())
        .map(|i| a.row(i).iter().map(|x| x.abs()).sum::<f64>())
        .fold(0.0, f64::max)
}

/// The relative cut-off below which singular values count as zero: max(m, n)·ε, numpy's
/// default `rcond` (the perturbation a backward-stable SVD makes is about ε‖A‖₂ per entry).
pub fn default_cutoff(a: &Dense<f64>) -> f64 {
    a.rows().max(a.cols()) as f64 * EPS
}

/// The pseudo-inverse V Σ⁺ Uᵀ, inverting the singular values above `cutoff`·σ₁; with the
/// numerical rank (how many were inverted).
pub fn pinv(a: &Dense<f64>, cutoff: f64) -> Result<(Dense<f64>, usize), MathError> {
    let Svd { u, sigma, v } = svd(a)?;
    let threshold = cutoff * sigma.first().copied().unwrap_or(0.0);
    let rank = sigma.iter().filter(|&&s| s > threshold).count();
    let p = Dense::from_fn(a.cols(), a.rows(), |i, j| {
        (0..rank)
            .map(|k| v.at(i, k) * u.at(j, k) / sigma[k])
            .sum::<f64>()
    });
    Ok((p, rank))
}

/// The inverse by LU with partial pivoting; `None` when the matrix is singular to double
/// precision (σ_min ≤ n·ε·σ_max, so no digit of the inverse would be meaningful).
pub fn inverse(a: &Dense<f64>) -> Result<Option<Dense<f64>>, MathError> {
    let s = singular_values(a)?;
    let (max, min) = (s[0], s[s.len() - 1]);
    if max == 0.0 || min <= a.rows() as f64 * EPS * max {
        return Ok(None);
    }
    let inv = view(a).partial_piv_lu().inverse();
    Ok(Some(from_faer(inv.as_ref())))
}

/// The determinant by LU.
pub fn det(a: &Dense<f64>) -> f64 {
    view(a).determinant()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svd_of_the_two_by_two_example() {
        // [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]], eigenvalues 45 and 5.
        let a = Dense::new(2, 2, vec![3.0, 0.0, 4.0, 5.0]).unwrap();
        let s = svd(&a).unwrap();
        assert!((s.sigma[0] - 45f64.sqrt()).abs() < 1e-14);
        assert!((s.sigma[1] - 5f64.sqrt()).abs() < 1e-14);
    }
}
