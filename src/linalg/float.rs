//! Double-precision linear algebra through faer (numpy's speed, measured: see README): the
//! product, the thin SVD, column-pivoted QR, the LU inverse and determinant, norms, and the
//! pseudo-inverse from the SVD with its cut-off. Every routine here is backward stable; the
//! callers state the accuracy that implies and check identities in higher precision where the
//! claim matters.

use faer::linalg::solvers::DenseSolveCore;
use faer::{Mat, MatRef};

use super::dense::Dense;
use crate::math_error::MathError;

/// The machine epsilon of doubles, 2^-52.
pub const EPS: f64 = f64::EPSILON;

pub fn to_faer(a: &Dense<f64>) -> Mat<f64> {
    Mat::from_fn(a.rows(), a.cols(), |i, j| *a.at(i, j))
}

pub fn from_faer(m: MatRef<'_, f64>) -> Dense<f64> {
    Dense::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)])
}

/// `a · b`.
pub fn matmul(a: &Dense<f64>, b: &Dense<f64>) -> Dense<f64> {
    let product = to_faer(a) * to_faer(b);
    from_faer(product.as_ref())
}

/// The thin SVD A = U Σ Vᵀ: U is m × k, V is n × k with k = min(m, n), σ decreasing.
pub struct Svd {
    pub u: Dense<f64>,
    pub sigma: Vec<f64>,
    pub v: Dense<f64>,
}

pub fn svd(a: &Dense<f64>) -> Result<Svd, MathError> {
    let m = to_faer(a);
    let svd = m
        .thin_svd()
        .map_err(|_| MathError::NotNumeric("the SVD iteration did not converge".into()))?;
    let sigma: Vec<f64> = (0..a.rows().min(a.cols())).map(|i| svd.S()[i]).collect();
    Ok(Svd {
        u: from_faer(svd.U()),
        sigma,
        v: from_faer(svd.V()),
    })
}

/// The singular values, decreasing.
pub fn singular_values(a: &Dense<f64>) -> Result<Vec<f64>, MathError> {
    if a.rows() == 0 || a.cols() == 0 {
        return Ok(Vec::new());
    }
    let mut s = to_faer(a)
        .singular_values()
        .map_err(|_| MathError::NotNumeric("the SVD iteration did not converge".into()))?;
    s.sort_by(|x, y| y.total_cmp(x));
    Ok(s)
}

/// The column-pivoted QR factorisation A P = Q R: the column order (position k holds the
/// original column `order[k]`) and R (min(m, n) × n, upper trapezoidal).
pub fn col_piv_qr(a: &Dense<f64>) -> (Vec<usize>, Dense<f64>) {
    let qr = to_faer(a).col_piv_qr();
    let (forward, _) = qr.P().arrays();
    let order: Vec<usize> = forward.to_vec();
    let r = qr.thin_R();
    (order, from_faer(r))
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
    let inv = to_faer(a).partial_piv_lu().inverse();
    Ok(Some(from_faer(inv.as_ref())))
}

/// The determinant by LU.
pub fn det(a: &Dense<f64>) -> f64 {
    to_faer(a).determinant()
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

    #[test]
    fn column_pivoting_reproduces_the_permuted_matrix() {
        let a = Dense::new(3, 3, vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 1.0, 0.0, 1.0]).unwrap();
        let (order, r) = col_piv_qr(&a);
        // The first pivot is the column of largest norm: column 3 (norm √46).
        assert_eq!(order[0], 2);
        // |R[0][0]| is that column's norm.
        assert!((r.at(0, 0).abs() - 46f64.sqrt()).abs() < 1e-13);
    }
}
