//! The interpolative decomposition A ≈ C Z: C is r actual columns of A, chosen by
//! column-pivoted QR A P = Q R, and Z = [I, R₁₁⁻¹R₁₂] Pᵀ (which is C⁺A, the best Z for those
//! columns). Then ‖A − CZ‖_F = ‖R₂₂‖_F exactly, ‖A − CZ‖₂ ≤ √(1 + r(n − r)) σ_{r+1} is the
//! usual strong rank-revealing bound (greedy pivoting attains it in practice, not always), and
//! the truncated SVD is a lower bound for every choice of columns. For few columns an exhaustive
//! search over all column subsets shows when greedy pivoting is not optimal.

use rayon::prelude::*;

use super::dense::Dense;
use super::float::{self, frobenius};
use crate::interrupt::{self, Interrupted};
use crate::math_error::MathError;

/// An interpolative decomposition and its checks.
pub struct Interpolative {
    /// The chosen columns (0-based, in pivot order).
    pub columns: Vec<usize>,
    /// Z, r × n.
    pub z: Dense<f64>,
    /// ‖A − CZ‖_F from the residual matrix.
    pub error_frobenius: f64,
    /// ‖R₂₂‖_F from the factorisation.
    pub r22_frobenius: f64,
    /// ‖A − CZ‖₂.
    pub error_spectral: f64,
    /// The singular values of A (for the bounds).
    pub sigma: Vec<f64>,
}

/// The rank-r ID of `a` by column-pivoted QR (faer).
pub fn interpolative(a: &Dense<f64>, r: usize) -> Result<Interpolative, MathError> {
    let n = a.cols();
    let (order, rmat) = float::col_piv_qr(a);
    let columns: Vec<usize> = order[..r].to_vec();
    // T = R₁₁⁻¹ R₁₂ by back substitution, column by column.
    let mut t = Dense::from_fn(r, n - r, |_, _| 0.0);
    for j in 0..n - r {
        for i in (0..r).rev() {
            let mut acc = *rmat.at(i, r + j);
            for k in i + 1..r {
                acc -= rmat.at(i, k) * t.at(k, j);
            }
            let d = *rmat.at(i, i);
            if d == 0.0 {
                return Err(MathError::Domain(format!(
                    "the first {r} pivoted columns are linearly dependent (R₁₁ is singular): the rank is below {r}"
                )));
            }
            *t.at_mut(i, j) = acc / d;
        }
    }
    let mut z = Dense::from_fn(r, n, |_, _| 0.0);
    for (k, &col) in order.iter().enumerate() {
        for i in 0..r {
            *z.at_mut(i, col) = if k < r {
                f64::from(u8::from(i == k))
            } else {
                *t.at(i, k - r)
            };
        }
    }
    let c = a.select(&(0..a.rows()).collect::<Vec<_>>(), &columns);
    let cz = float::matmul(&c, &z);
    let residual = Dense::from_fn(a.rows(), n, |i, j| a.at(i, j) - cz.at(i, j));
    let r22: Vec<f64> = (r..rmat.rows())
        .flat_map(|i| (r..n).map(move |j| (i, j)))
        .map(|(i, j)| *rmat.at(i, j))
        .collect();
    Ok(Interpolative {
        columns,
        z,
        error_frobenius: frobenius(residual.data()),
        r22_frobenius: frobenius(&r22),
        error_spectral: float::singular_values(&residual)?
            .first()
            .copied()
            .unwrap_or(0.0),
        sigma: float::singular_values(a)?,
    })
}

/// The cost of the exhaustive search, in multiply-adds: C(n, r) subsets, each an m × r
/// orthogonalisation and an m × n projection.
pub fn exhaustive_cost(m: usize, n: usize, r: usize) -> f64 {
    binomial(n, r) * (m * r * (r + n)) as f64
}

fn binomial(n: usize, r: usize) -> f64 {
    (0..r).fold(1.0, |acc, k| acc * (n - k) as f64 / (k + 1) as f64)
}

/// The best r columns for the Frobenius error ‖A − C C⁺A‖_F over every subset, and that error.
pub fn exhaustive(a: &Dense<f64>, r: usize) -> Result<(Vec<usize>, f64), Interrupted> {
    let subsets = combinations(a.cols(), r);
    let total = frobenius(a.data()).powi(2);
    let best = subsets
        .par_iter()
        .map(|s| -> Result<(f64, &Vec<usize>), Interrupted> {
            interrupt::check()?;
            Ok(((total - projected_sq(a, s)).max(0.0), s))
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .min_by(|x, y| x.0.total_cmp(&y.0));
    Ok(best
        .map(|(e, s)| (s.clone(), e.sqrt()))
        .unwrap_or((Vec::new(), total.sqrt())))
}

/// ‖Q_Sᵀ A‖_F² for an orthonormal basis Q_S of the chosen columns (modified Gram–Schmidt,
/// twice, dropping columns that are dependent to double precision).
fn projected_sq(a: &Dense<f64>, subset: &[usize]) -> f64 {
    let m = a.rows();
    let scale = frobenius(a.data()).max(f64::MIN_POSITIVE);
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for &j in subset {
        let mut q = a.column(j);
        for _ in 0..2 {
            for b in &basis {
                let d: f64 = q.iter().zip(b).map(|(x, y)| x * y).sum();
                q.iter_mut().zip(b).for_each(|(x, y)| *x -= d * y);
            }
        }
        let norm = frobenius(&q);
        if norm > 1e-13 * scale {
            basis.push(q.into_iter().map(|x| x / norm).collect());
        }
    }
    let mut sum = 0.0;
    for b in &basis {
        for j in 0..a.cols() {
            let d: f64 = (0..m).map(|i| b[i] * a.at(i, j)).sum();
            sum += d * d;
        }
    }
    sum
}

/// Every r-subset of 0..n in lexicographic order.
fn combinations(n: usize, r: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..r).collect();
    if r > n {
        return out;
    }
    loop {
        out.push(current.clone());
        let Some(i) = (0..r).rev().find(|&i| current[i] < n - r + i) else {
            return out;
        };
        current[i] += 1;
        for k in i + 1..r {
            current[k] = current[k - 1] + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_count_binomials() {
        assert_eq!(combinations(5, 2).len(), 10);
        assert_eq!(combinations(6, 3).len(), 20);
        assert_eq!(combinations(3, 0), vec![Vec::<usize>::new()]);
        assert_eq!(binomial(20, 10), 184_756.0);
    }
}
