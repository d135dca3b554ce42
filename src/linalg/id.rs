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
    /// A − CZ.
    pub residual: Dense<f64>,
}

/// The first `r` steps of Householder QR with column pivoting (Businger–Golub): the column
/// order (position k holds original column `order[k]`; the first r are the pivots), the top
/// r rows of R (r × n, in the pivoted order), and ‖R₂₂‖_F, the norm of the trailing block left
/// after r steps. Stopping at r is what makes a rank-r ID cost O(mnr) instead of a full QR.
pub struct PivotedQr {
    pub order: Vec<usize>,
    pub r_top: Dense<f64>,
    pub r22_frobenius: f64,
}

pub fn truncated_col_piv_qr(a: &Dense<f64>, r: usize) -> PivotedQr {
    let (m, n) = (a.rows(), a.cols());
    let mut cols: Vec<Vec<f64>> = (0..n).map(|j| a.column(j)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut norms: Vec<f64> = cols.iter().map(|c| frobenius(c)).collect();
    let mut exact_norms = norms.clone();
    for k in 0..r.min(m) {
        // The first column of largest remaining norm (as LAPACK's idamax).
        let p = (k..n).fold(k, |best, j| if norms[j] > norms[best] { j } else { best });
        cols.swap(k, p);
        order.swap(k, p);
        norms.swap(k, p);
        exact_norms.swap(k, p);
        // The Householder vector v (v[0] = 1) with (I − τvvᵀ) x = β e₁ for x = column k below k.
        let x = &cols[k][k..];
        let alpha = x[0];
        let norm_x = frobenius(x);
        if norm_x == 0.0 {
            continue;
        }
        let beta = if alpha >= 0.0 { -norm_x } else { norm_x };
        let tau = (beta - alpha) / beta;
        let scale = 1.0 / (alpha - beta);
        let mut v: Vec<f64> = x.iter().map(|&xi| xi * scale).collect();
        v[0] = 1.0;
        cols[k][k] = beta;
        for value in cols[k][k + 1..].iter_mut() {
            *value = 0.0;
        }
        let (_, rest) = cols.split_at_mut(k + 1);
        rest.par_iter_mut()
            .zip(
                norms[k + 1..]
                    .par_iter_mut()
                    .zip(exact_norms[k + 1..].par_iter_mut()),
            )
            .for_each(|(col, (norm, exact))| {
                let tail = &mut col[k..];
                let w: f64 = tail.iter().zip(&v).map(|(a, b)| a * b).sum::<f64>() * tau;
                tail.iter_mut().zip(&v).for_each(|(a, b)| *a -= w * b);
                // Downdate the remaining norm; recompute when cancellation has eaten it
                // (LAPACK's dgeqp3 criterion).
                if *norm != 0.0 {
                    let ratio = (tail[0] / *norm).abs();
                    let factor = (1.0 - ratio * ratio).max(0.0);
                    if factor * (*norm / *exact).powi(2) <= f64::EPSILON.sqrt() {
                        *norm = frobenius(&tail[1..]);
                        *exact = *norm;
                    } else {
                        *norm *= factor.sqrt();
                    }
                }
            });
    }
    let rows = r.min(m);
    let r_top = Dense::from_fn(
        rows,
        n,
        |i, j| if i <= j || j >= rows { cols[j][i] } else { 0.0 },
    );
    let trailing: Vec<f64> = cols[rows..]
        .iter()
        .flat_map(|c| c[rows..].iter().copied())
        .collect();
    PivotedQr {
        order,
        r_top,
        r22_frobenius: frobenius(&trailing),
    }
}

/// The rank-r ID of `a` by truncated column-pivoted QR, with ‖A − CZ‖_F computed from the
/// residual matrix and ‖R₂₂‖_F from the factorisation (the identity says they are equal).
pub fn interpolative(a: &Dense<f64>, r: usize) -> Result<Interpolative, MathError> {
    let n = a.cols();
    let qr = truncated_col_piv_qr(a, r);
    let (order, rmat) = (&qr.order, &qr.r_top);
    let columns: Vec<usize> = order[..r].to_vec();
    // T = R₁₁⁻¹ R₁₂ by back substitution, column by column.
    let scale = rmat.at(0, 0).abs();
    let mut t = Dense::from_fn(r, n - r, |_, _| 0.0);
    for j in 0..n - r {
        for i in (0..r).rev() {
            let mut acc = *rmat.at(i, r + j);
            for k in i + 1..r {
                acc -= rmat.at(i, k) * t.at(k, j);
            }
            let d = *rmat.at(i, i);
            if d.abs() <= 1e-13 * scale {
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
    Ok(Interpolative {
        columns,
        z,
        error_frobenius: frobenius(residual.data()),
        r22_frobenius: qr.r22_frobenius,
        residual,
    })
}

/// The spectral norm of the residual and the singular values of A: the bounds an ID is
/// measured against (two SVDs: most of the cost for a large matrix).
pub fn bounds(a: &Dense<f64>, id: &Interpolative) -> Result<(f64, Vec<f64>), MathError> {
    let spectral = float::singular_values(&id.residual)?
        .first()
        .copied()
        .unwrap_or(0.0);
    Ok((spectral, float::singular_values(a)?))
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
    let best = subsets
        .par_iter()
        .map(|s| -> Result<(f64, &Vec<usize>), Interrupted> {
            interrupt::check()?;
            Ok((residual_sq(a, s), s))
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .min_by(|x, y| x.0.total_cmp(&y.0));
    Ok(best
        .map(|(e, s)| (s.clone(), e.sqrt()))
        .unwrap_or((Vec::new(), frobenius(a.data()))))
}

/// ‖A − Q_S Q_Sᵀ A‖_F² for an orthonormal basis Q_S of the chosen columns (modified
/// Gram–Schmidt, twice, dropping columns that are dependent to double precision). The residual
/// is formed column by column rather than as ‖A‖² − ‖Q_Sᵀ A‖², which cancels when it is small.
fn residual_sq(a: &Dense<f64>, subset: &[usize]) -> f64 {
    let scale = frobenius(a.data()).max(f64::MIN_POSITIVE);
    let project_out = |q: &mut Vec<f64>, basis: &[Vec<f64>]| {
        for _ in 0..2 {
            for b in basis {
                let d: f64 = q.iter().zip(b).map(|(x, y)| x * y).sum();
                q.iter_mut().zip(b).for_each(|(x, y)| *x -= d * y);
            }
        }
    };
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for &j in subset {
        let mut q = a.column(j);
        project_out(&mut q, &basis);
        let norm = frobenius(&q);
        if norm > 1e-13 * scale {
            basis.push(q.into_iter().map(|x| x / norm).collect());
        }
    }
    (0..a.cols())
        .map(|j| {
            let mut r = a.column(j);
            project_out(&mut r, &basis);
            frobenius(&r).powi(2)
        })
        .sum()
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
    fn column_pivoting_reproduces_the_permuted_matrix() {
        let a = Dense::new(3, 3, vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 1.0, 0.0, 1.0]).unwrap();
        let qr = truncated_col_piv_qr(&a, 2);
        // The first pivot is the column of largest norm: column 3 (norm √46).
        assert_eq!(qr.order[0], 2);
        assert!((qr.r_top.at(0, 0).abs() - 46f64.sqrt()).abs() < 1e-13);
        // Rank 2: nothing is left after two steps.
        assert!(qr.r22_frobenius < 1e-14);
    }

    #[test]
    fn combinations_count_binomials() {
        assert_eq!(combinations(5, 2).len(), 10);
        assert_eq!(combinations(6, 3).len(), 20);
        assert_eq!(combinations(3, 0), vec![Vec::<usize>::new()]);
        assert_eq!(binomial(20, 10), 184_756.0);
    }
}
