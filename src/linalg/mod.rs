//! Dense linear algebra: the [`Dense`] container, exact rational algorithms (`exact`), double
//! precision through faer (`float`), the SVD at any precision with a bound on every singular
//! value (`jacobi`), and the low-rank methods built on them (`lowrank`, `cr`, `id`); reading and
//! writing matrix files (`io`). LU over any [`Scalar`] serves the Newton solvers.

pub mod cr;
pub mod dense;
pub mod exact;
pub mod float;
pub mod id;
pub mod io;
pub mod jacobi;
pub mod lowrank;
pub mod matrix;

pub use dense::{Dense, Shape};
pub use matrix::Matrix;

use crate::numeric::scalar::Scalar;

/// Solve `a · x = b` by Gaussian elimination with partial pivoting; `None` if singular.
pub fn lu_solve<S: Scalar>(mut a: Vec<Vec<S>>, mut b: Vec<S>) -> Option<Vec<S>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| {
            a[i][col]
                .abs()
                .re_f64()
                .total_cmp(&a[j][col].abs().re_f64())
        })?;
        let scale = a[col..]
            .iter()
            .map(|row| row[col].abs().re_f64())
            .fold(0.0f64, f64::max);
        let p = a[pivot][col].abs().re_f64();
        let double = S::COMPLEX || a[0][0].prec_bits() == 53;
        if a[pivot][col].is_zero() || (double && p <= 1e-14 * scale.max(f64::MIN_POSITIVE)) {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let factor = a[row][col].div(&pivot_row[col]).ok()?;
            for (target, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *target = target.sub(&factor.mul(p));
            }
            let v = b[row].sub(&factor.mul(&b[col]));
            b[row] = v;
        }
    }
    let mut x = b.clone();
    for row in (0..n).rev() {
        let mut acc = b[row].clone();
        for k in row + 1..n {
            acc = acc.sub(&a[row][k].mul(&x[k]));
        }
        x[row] = acc.div(&a[row][row]).ok()?;
    }
    Some(x)
}
