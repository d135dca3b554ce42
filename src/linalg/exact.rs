//! Exact linear algebra over the rationals (rug): elimination, rank, determinant, inverse and
//! the Moore–Penrose pseudo-inverse by a full-rank factorisation — no rounding anywhere, so
//! `penrose(A, pinv(A))` on an exact matrix gives four residuals that are exactly 0.

use rug::Rational;

use super::dense::Dense;
use crate::interrupt::{self, Interrupted};

/// The reduced row echelon form of `a` and its pivot columns (Gauss–Jordan over Q).
pub fn rref(a: &Dense<Rational>) -> Result<(Dense<Rational>, Vec<usize>), Interrupted> {
    let mut m = a.clone();
    let (rows, cols) = (m.rows(), m.cols());
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        if r == rows {
            break;
        }
        interrupt::check()?;
        let Some(p) = (r..rows).find(|&i| *m.at(i, c) != 0) else {
            continue;
        };
        if p != r {
            for j in 0..cols {
                let t = m.at(p, j).clone();
                *m.at_mut(p, j) = m.at(r, j).clone();
                *m.at_mut(r, j) = t;
            }
        }
        let inv = Rational::from(m.at(r, c).recip_ref());
        for j in c..cols {
            *m.at_mut(r, j) *= &inv;
        }
        for i in 0..rows {
            if i == r || *m.at(i, c) == 0 {
                continue;
            }
            let factor = m.at(i, c).clone();
            for j in c..cols {
                let delta = Rational::from(&factor * m.at(r, j));
                *m.at_mut(i, j) -= delta;
            }
        }
        pivots.push(c);
        r += 1;
    }
    Ok((m, pivots))
}

/// The rank (the number of pivots of the echelon form).
pub fn rank(a: &Dense<Rational>) -> Result<usize, Interrupted> {
    Ok(rref(a)?.1.len())
}

/// The determinant of a square matrix, by elimination with row swaps counted.
pub fn det(a: &Dense<Rational>) -> Result<Rational, Interrupted> {
    let n = a.rows();
    let mut m = a.clone();
    let mut d = Rational::from(1);
    for c in 0..n {
        interrupt::check()?;
        let Some(p) = (c..n).find(|&i| *m.at(i, c) != 0) else {
            return Ok(Rational::new());
        };
        if p != c {
            for j in 0..n {
                let t = m.at(p, j).clone();
                *m.at_mut(p, j) = m.at(c, j).clone();
                *m.at_mut(c, j) = t;
            }
            d = -d;
        }
        let pivot = m.at(c, c).clone();
        d *= &pivot;
        for i in c + 1..n {
            if *m.at(i, c) == 0 {
                continue;
            }
            let factor = Rational::from(m.at(i, c) / &pivot);
            for j in c..n {
                let delta = Rational::from(&factor * m.at(c, j));
                *m.at_mut(i, j) -= delta;
            }
        }
    }
    Ok(d)
}

/// The inverse of a square matrix, `None` when it is singular (Gauss–Jordan on [A | I]).
pub fn inverse(a: &Dense<Rational>) -> Result<Option<Dense<Rational>>, Interrupted> {
    let n = a.rows();
    let augmented = Dense::from_fn(n, 2 * n, |i, j| {
        if j < n {
            a.at(i, j).clone()
        } else {
            Rational::from(u8::from(j - n == i))
        }
    });
    let (r, pivots) = rref(&augmented)?;
    if pivots.len() < n || pivots[n - 1] != n - 1 {
        return Ok(None);
    }
    Ok(Some(Dense::from_fn(n, n, |i, j| r.at(i, n + j).clone())))
}

/// The product `a · b` (the shapes agree: the caller checks).
pub fn matmul(a: &Dense<Rational>, b: &Dense<Rational>) -> Result<Dense<Rational>, Interrupted> {
    let mut out = Dense::from_fn(a.rows(), b.cols(), |_, _| Rational::new());
    for i in 0..a.rows() {
        interrupt::check()?;
        for k in 0..a.cols() {
            let x = a.at(i, k);
            if *x == 0 {
                continue;
            }
            for j in 0..b.cols() {
                let delta = Rational::from(x * b.at(k, j));
                *out.at_mut(i, j) += delta;
            }
        }
    }
    Ok(out)
}

/// The Moore–Penrose pseudo-inverse, exactly. With the full-rank factorisation A = C F (C the
/// pivot columns of A, F the non-zero rows of its reduced echelon form, both of rank r),
/// A⁺ = Fᵀ (F Fᵀ)⁻¹ (Cᵀ C)⁻¹ Cᵀ: both inner matrices are r × r and invertible.
pub fn pinv(a: &Dense<Rational>) -> Result<Dense<Rational>, Interrupted> {
    let (r, pivots) = rref(a)?;
    let k = pivots.len();
    if k == 0 {
        return Ok(Dense::from_fn(a.cols(), a.rows(), |_, _| Rational::new()));
    }
    let all_rows: Vec<usize> = (0..a.rows()).collect();
    let all_cols: Vec<usize> = (0..a.cols()).collect();
    let c = a.select(&all_rows, &pivots);
    let f = r.select(&(0..k).collect::<Vec<_>>(), &all_cols);
    let (ct, ft) = (c.transpose(), f.transpose());
    let ctc_inv = inverse(&matmul(&ct, &c)?)?;
    let fft_inv = inverse(&matmul(&f, &ft)?)?;
    let (Some(ctc_inv), Some(fft_inv)) = (ctc_inv, fft_inv) else {
        unreachable!("C and F have full rank r, so CᵀC and FFᵀ are invertible")
    };
    let left = matmul(&ft, &fft_inv)?;
    let right = matmul(&ctc_inv, &ct)?;
    matmul(&left, &right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: &[&[i64]]) -> Dense<Rational> {
        Dense::from_fn(rows.len(), rows[0].len(), |i, j| Rational::from(rows[i][j]))
    }

    #[test]
    fn rank_det_inverse_of_small_matrices() {
        let a = m(&[&[1, 2, 3], &[2, 4, 6], &[1, 0, 1]]);
        assert_eq!(rank(&a).unwrap(), 2);
        assert_eq!(det(&a).unwrap(), 0);
        assert!(inverse(&a).unwrap().is_none());
        let b = m(&[&[2, 1], &[7, 4]]);
        assert_eq!(det(&b).unwrap(), 1);
        assert_eq!(inverse(&b).unwrap().unwrap(), m(&[&[4, -1], &[-7, 2]]));
        // A swap changes the sign: det [[0, 1], [1, 0]] = -1.
        assert_eq!(det(&m(&[&[0, 1], &[1, 0]])).unwrap(), -1);
    }

    #[test]
    fn pinv_of_a_rank_one_matrix_is_a_transpose_over_the_squared_norm() {
        // [[1, 2], [2, 4]] = v vᵀ with v = (1, 2): A⁺ = A / ‖v‖⁴ = A / 25.
        let a = m(&[&[1, 2], &[2, 4]]);
        let p = pinv(&a).unwrap();
        let expected = a.map(|x| Rational::from(x / 25));
        assert_eq!(p, expected);
    }
}
