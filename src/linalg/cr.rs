//! Column–row (CR) sampling of a product: XY = Σᵢ xᵢ yᵢᵀ over the columns xᵢ of X and rows yᵢ
//! of Y. Draw r indices i.i.d. with probabilities pᵢ and average xₛ yₛᵀ/pₛ: the estimate is
//! unbiased and its expected squared Frobenius error is
//! (Σᵢ ‖xᵢ‖²‖yᵢ‖²/pᵢ − ‖XY‖_F²)/r, smallest for pᵢ ∝ ‖xᵢ‖‖yᵢ‖. The trials measure it.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, Par};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;

use super::dense::Dense;
use super::float::to_faer;
use crate::interrupt::{self, Interrupted};

/// How the indices are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// pᵢ ∝ ‖xᵢ‖‖yᵢ‖ (minimises the expected error).
    Optimal,
    /// pᵢ = 1/n.
    Uniform,
    /// pᵢ ∝ ‖xᵢ‖² (length-squared sampling of X's columns).
    Norms,
    /// No sampling: the r indices of largest ‖xᵢ‖‖yᵢ‖, each taken once (the deterministic
    /// baseline).
    TopR,
}

impl Sampling {
    pub fn from_name(name: &str) -> Option<Sampling> {
        Some(match name {
            "optimal" => Sampling::Optimal,
            "uniform" => Sampling::Uniform,
            "norms" => Sampling::Norms,
            "topr" => Sampling::TopR,
            _ => return None,
        })
    }
}

/// The outcome of `trials` seeded draws.
pub struct CrStudy {
    /// ‖XY‖_F².
    pub product_sq: f64,
    /// The sampling probabilities (empty for top-r).
    pub probabilities: Vec<f64>,
    /// The predicted expected squared error (for top-r: its actual squared error).
    pub predicted: f64,
    /// The mean squared error over the trials and its standard error.
    pub empirical_mean: f64,
    pub standard_error: f64,
    /// The squared error of the deterministic top-r choice.
    pub topr_sq: f64,
    /// The estimate from the first trial (for top-r: the top-r product).
    pub first: Dense<f64>,
}

/// ‖xᵢ‖‖yᵢ‖ for every i, the weights of the optimal and top-r choices.
fn weights(x: &Mat<f64>, y: &Mat<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = x.ncols();
    let xn: Vec<f64> = (0..n).map(|i| x.col(i).norm_l2()).collect();
    let yn: Vec<f64> = (0..n).map(|i| y.row(i).norm_l2()).collect();
    (xn, yn)
}

/// The product of the chosen columns and rows, each scaled by `scale`.
fn sampled_product(x: &Mat<f64>, y: &Mat<f64>, picks: &[usize], scale: &[f64]) -> Mat<f64> {
    let xs = Mat::from_fn(x.nrows(), picks.len(), |i, k| x[(i, picks[k])] * scale[k]);
    let ys = Mat::from_fn(picks.len(), y.ncols(), |k, j| y[(picks[k], j)]);
    let mut out = Mat::zeros(x.nrows(), y.ncols());
    matmul(
        out.as_mut(),
        Accum::Replace,
        xs.as_ref(),
        ys.as_ref(),
        1.0,
        Par::Seq,
    );
    out
}

fn squared_distance(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
    let diff = a - b;
    diff.norm_l2().powi(2)
}

/// Run the study: `trials` draws of `r` indices with the chosen probabilities (seeded: trial t
/// uses the ChaCha8 stream seeded with seed + t), plus the top-r baseline.
pub fn study(
    x: &Dense<f64>,
    y: &Dense<f64>,
    r: usize,
    sampling: Sampling,
    trials: usize,
    seed: u64,
) -> Result<CrStudy, Interrupted> {
    let (fx, fy) = (to_faer(x), to_faer(y));
    let exact = &fx * &fy;
    let product_sq = exact.norm_l2().powi(2);
    let (xn, yn) = weights(&fx, &fy);
    let n = xn.len();
    let pair: Vec<f64> = xn.iter().zip(&yn).map(|(a, b)| a * b).collect();
    let mut top: Vec<usize> = (0..n).collect();
    top.sort_by(|&i, &j| pair[j].total_cmp(&pair[i]));
    top.truncate(r);
    let top_product = sampled_product(&fx, &fy, &top, &vec![1.0; r]);
    let topr_sq = squared_distance(&exact, &top_product);
    let raw: Vec<f64> = match sampling {
        Sampling::Optimal => pair.clone(),
        Sampling::Uniform => vec![1.0; n],
        Sampling::Norms => xn.iter().map(|a| a * a).collect(),
        Sampling::TopR => {
            return Ok(CrStudy {
                product_sq,
                probabilities: Vec::new(),
                predicted: topr_sq,
                empirical_mean: topr_sq,
                standard_error: 0.0,
                topr_sq,
                first: super::float::from_faer(top_product.as_ref()),
            });
        }
    };
    let total: f64 = raw.iter().sum();
    let p: Vec<f64> = if total > 0.0 {
        raw.iter().map(|w| w / total).collect()
    } else {
        vec![1.0 / n as f64; n]
    };
    // Σ ‖xᵢ‖²‖yᵢ‖²/pᵢ over pᵢ > 0 (a zero-probability index has xᵢyᵢᵀ = 0 for the optimal
    // and norms choices, so it contributes nothing).
    let one_sample: f64 = (0..n)
        .filter(|&i| p[i] > 0.0)
        .map(|i| pair[i] * pair[i] / p[i])
        .sum();
    let predicted = (one_sample - product_sq) / r as f64;
    let cumulative: Vec<f64> = p
        .iter()
        .scan(0.0, |acc, &q| {
            *acc += q;
            Some(*acc)
        })
        .collect();
    let draw = |t: usize| -> Result<(f64, Option<Mat<f64>>), Interrupted> {
        interrupt::check()?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(t as u64));
        let picks: Vec<usize> = (0..r)
            .map(|_| {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total_of(&cumulative);
                cumulative.partition_point(|&c| c <= u).min(n - 1)
            })
            .collect();
        let scale: Vec<f64> = picks.iter().map(|&i| 1.0 / (r as f64 * p[i])).collect();
        let estimate = sampled_product(&fx, &fy, &picks, &scale);
        let err = squared_distance(&exact, &estimate);
        Ok((err, (t == 0).then_some(estimate)))
    };
    let progress = crate::progress::Progress::new(trials as u64, "CR trials");
    let draw = |t: usize| {
        let result = draw(t);
        progress.step();
        result
    };
    let results: Vec<(f64, Option<Mat<f64>>)> = (0..trials)
        .into_par_iter()
        .map(draw)
        .collect::<Result<_, _>>()?;
    let errors: Vec<f64> = results.iter().map(|(e, _)| *e).collect();
    let mean = errors.iter().sum::<f64>() / trials as f64;
    let variance = if trials > 1 {
        errors.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (trials - 1) as f64
    } else {
        0.0
    };
    let first = results
        .into_iter()
        .find_map(|(_, m)| m)
        .map(|m| super::float::from_faer(m.as_ref()))
        .unwrap_or_else(|| Dense::from_fn(x.rows(), y.cols(), |_, _| 0.0));
    Ok(CrStudy {
        product_sq,
        probabilities: p,
        predicted,
        empirical_mean: mean,
        standard_error: (variance / trials as f64).sqrt(),
        topr_sq,
        first,
    })
}

/// The last cumulative probability (1 up to rounding): draws scale by it so the last index
/// is reachable.
fn total_of(cumulative: &[f64]) -> f64 {
    cumulative.last().copied().unwrap_or(1.0)
}
