//! The SVD at any precision: one-sided (Hestenes) Jacobi in MPFR, with a bound on every
//! singular value. Jacobi is slow next to faer but simple, accurate to the working precision
//! for every singular value (also the small ones), and its result carries its own certificate:
//!
//! With V the accumulated rotations and W = A·V recomputed at the end, write
//! WᵀW = D (I + G) D (D the column norms) and VᵀV = I + H. Ostrowski's theorem for the
//! congruence D (I + G) D gives σᵢ(W) = dᵢ·√θᵢ with θᵢ ∈ [1 − ‖G‖, 1 + ‖G‖], and
//! σᵢ(A) = σᵢ(W V⁻¹) lies within the factors 1/√(1 ± ‖H‖) of σᵢ(W); Weyl's inequality adds
//! the rounding of A and of A·V as an absolute term. ‖G‖ and ‖H‖ are bounded by Frobenius
//! norms computed at the working precision (with a margin for their own rounding). The bound
//! is computed in floating point, not interval arithmetic, so it is a careful estimate with a
//! safety factor rather than a machine proof.

use rug::Float;
use rug::float::Round;
use rug::ops::AssignRound;

use super::dense::Dense;
use crate::interrupt::{self, Interrupted};

/// Sweeps before giving up (Jacobi converges quadratically; 30 sweeps is far beyond need).
const MAX_SWEEPS: usize = 60;

/// The thin SVD A = U Σ Vᵀ at `prec` bits, σ decreasing, each with a radius.
pub struct JacobiSvd {
    pub u: Dense<Float>,
    pub sigma: Vec<Float>,
    /// |σᵢ(A) − sigma[i]| ≤ radius[i].
    pub radius: Vec<Float>,
    pub v: Dense<Float>,
    pub sweeps: usize,
}

/// The SVD of `a` (entries already rounded to `prec` bits, with relative error at most
/// `input_error` each: 0 for exact entries) at `prec` bits.
pub fn svd(a: &Dense<Float>, prec: u32, input_error: f64) -> Result<JacobiSvd, Interrupted> {
    if a.rows() < a.cols() {
        // Σ of Aᵀ is that of A, with U and V exchanged.
        let t = svd(&a.transpose(), prec, input_error)?;
        return Ok(JacobiSvd {
            u: t.v,
            sigma: t.sigma,
            radius: t.radius,
            v: t.u,
            sweeps: t.sweeps,
        });
    }
    let (m, n) = (a.rows(), a.cols());
    let mut w: Vec<Vec<Float>> = (0..n).map(|j| a.column(j)).collect();
    let mut v: Vec<Vec<Float>> = (0..n)
        .map(|j| {
            (0..n)
                .map(|i| Float::with_val(prec, u8::from(i == j)))
                .collect()
        })
        .collect();
    let tolerance = Float::with_val(prec, Float::i_exp(1, 8 - prec as i32));
    let mut sweeps = 0;
    loop {
        sweeps += 1;
        let mut rotated = false;
        for p in 0..n {
            interrupt::check()?;
            for q in p + 1..n {
                let alpha = dot(&w[p], &w[p], prec);
                let beta = dot(&w[q], &w[q], prec);
                let gamma = dot(&w[p], &w[q], prec);
                if gamma.is_zero() {
                    continue;
                }
                let scale = Float::with_val(prec, &alpha * &beta).sqrt();
                if Float::with_val(prec, gamma.abs_ref())
                    <= Float::with_val(prec, &scale * &tolerance)
                {
                    continue;
                }
                rotated = true;
                // ζ = (β − α)/(2γ), t = sign(ζ)/(|ζ| + √(1 + ζ²)): the smaller rotation angle.
                let zeta =
                    Float::with_val(prec, &beta - &alpha) / Float::with_val(prec, &gamma * 2u32);
                let root = (Float::with_val(prec, zeta.square_ref()) + 1u32).sqrt();
                let mut t =
                    Float::with_val(prec, 1u32) / (Float::with_val(prec, zeta.abs_ref()) + root);
                if zeta.is_sign_negative() {
                    t = -t;
                }
                let c = (Float::with_val(prec, t.square_ref()) + 1u32)
                    .sqrt()
                    .recip();
                let s = Float::with_val(prec, &c * &t);
                rotate(&mut w, p, q, &c, &s, prec);
                rotate(&mut v, p, q, &c, &s, prec);
            }
        }
        if !rotated || sweeps >= MAX_SWEEPS {
            break;
        }
    }
    // W = A·V afresh, so the certificate speaks about A itself and not the rotated copy.
    let w: Vec<Vec<Float>> = (0..n)
        .map(|j| {
            (0..m)
                .map(|i| {
                    let mut acc = Float::new(prec);
                    for (k, vk) in v[j].iter().enumerate() {
                        acc += Float::with_val(prec, a.at(i, k) * vk);
                    }
                    acc
                })
                .collect()
        })
        .collect();
    let norms: Vec<Float> = w.iter().map(|c| dot(c, c, prec).sqrt()).collect();
    let g = gram_defect(&w, &norms, prec);
    let unit: Vec<Float> = vec![Float::with_val(prec, 1u32); n];
    let h = gram_defect(&v, &unit, prec);
    interrupt::check()?;
    // Rounding of the certificate's own sums: m (or n) products at 2^-prec each, doubled.
    let ulp = 2f64.powi(-(prec as i32 - 2));
    let g = g + 2.0 * m as f64 * ulp;
    let h = h + 2.0 * n as f64 * ulp;
    let relative = if g < 0.5 && h < 0.5 {
        ((1.0 + g).sqrt() / (1.0 - h).sqrt() - 1.0).max(1.0 - (1.0 - g).sqrt() / (1.0 + h).sqrt())
    } else {
        f64::INFINITY
    };
    // Absolute (Weyl) terms: the rounded input and the rounded product A·V, each at most
    // (input_error + n·ulp)·‖A‖_F·‖V‖_F.
    let frob_a = frobenius(a.data(), prec);
    let absolute = Float::with_val(
        64,
        &frob_a * ((input_error + 2.0 * (n as f64 + 1.0) * ulp) * 2.0),
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| {
        norms[j]
            .partial_cmp(&norms[i])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let sigma: Vec<Float> = order.iter().map(|&j| norms[j].clone()).collect();
    let radius: Vec<Float> = sigma
        .iter()
        .map(|s| {
            let mut r = Float::with_val(64, 0);
            r.assign_round(s * (relative * 1.01), Round::Up);
            r + &absolute
        })
        .collect();
    let u = Dense::from_fn(m, n, |i, k| {
        let j = order[k];
        if norms[j].is_zero() {
            Float::with_val(prec, u8::from(i == k))
        } else {
            Float::with_val(prec, &w[j][i] / &norms[j])
        }
    });
    let v = Dense::from_fn(n, n, |i, k| v[order[k]][i].clone());
    Ok(JacobiSvd {
        u,
        sigma,
        radius,
        v,
        sweeps,
    })
}

fn dot(x: &[Float], y: &[Float], prec: u32) -> Float {
    let mut acc = Float::new(prec);
    for (a, b) in x.iter().zip(y) {
        acc += Float::with_val(prec, a * b);
    }
    acc
}

/// Rotate columns p and q: (c·x_p − s·x_q, s·x_p + c·x_q).
fn rotate(cols: &mut [Vec<Float>], p: usize, q: usize, c: &Float, s: &Float, prec: u32) {
    let (left, right) = cols.split_at_mut(q);
    for (xp, xq) in left[p].iter_mut().zip(right[0].iter_mut()) {
        let new_p = Float::with_val(prec, c * &*xp) - Float::with_val(prec, s * &*xq);
        let new_q = Float::with_val(prec, s * &*xp) + Float::with_val(prec, c * &*xq);
        *xp = new_p;
        *xq = new_q;
    }
}

/// ‖N − I‖_F for the Gram matrix N of the columns scaled by `norms` (zero columns left out),
/// as a double (it is tiny; only its size matters).
fn gram_defect(cols: &[Vec<Float>], norms: &[Float], prec: u32) -> f64 {
    let mut sum = 0.0f64;
    for i in 0..cols.len() {
        if norms[i].is_zero() {
            continue;
        }
        for j in i..cols.len() {
            if norms[j].is_zero() {
                continue;
            }
            let mut entry =
                dot(&cols[i], &cols[j], prec) / Float::with_val(prec, &norms[i] * &norms[j]);
            if i == j {
                entry -= 1u32;
            }
            let e = entry.to_f64().abs();
            sum += if i == j { e * e } else { 2.0 * e * e };
        }
    }
    sum.sqrt() * (1.0 + 1e-10)
}

fn frobenius(data: &[Float], prec: u32) -> Float {
    let mut acc = Float::new(prec);
    for x in data {
        acc += Float::with_val(prec, x.square_ref());
    }
    acc.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_values_of_the_two_by_two_example_to_200_bits() {
        let a = Dense::new(2, 2, [3, 0, 4, 5].map(|x| Float::with_val(200, x)).to_vec()).unwrap();
        let s = svd(&a, 200, 0.0).unwrap();
        let sqrt45 = Float::with_val(200, 45).sqrt();
        let sqrt5 = Float::with_val(200, 5).sqrt();
        for (got, want, r) in [
            (&s.sigma[0], sqrt45, &s.radius[0]),
            (&s.sigma[1], sqrt5, &s.radius[1]),
        ] {
            let err = Float::with_val(200, got - &want).abs();
            assert!(err <= *r, "σ error {err} above its radius {r}");
            assert!(*r < 1e-55, "radius {r} too loose");
        }
    }

    #[test]
    fn wide_and_rank_deficient_matrices() {
        // [[1, 2, 3], [2, 4, 6]] has rank 1: σ₁ = √70, σ₂ = 0.
        let a = Dense::new(
            2,
            3,
            [1, 2, 3, 2, 4, 6].map(|x| Float::with_val(128, x)).to_vec(),
        )
        .unwrap();
        let s = svd(&a, 128, 0.0).unwrap();
        assert_eq!(s.u.shape(), super::super::dense::Shape(2, 2));
        assert_eq!(s.v.shape(), super::super::dense::Shape(3, 2));
        let err = Float::with_val(128, &s.sigma[0] - Float::with_val(128, 70).sqrt()).abs();
        assert!(err <= s.radius[0]);
        assert!(s.sigma[1] <= s.radius[1]);
    }
}
