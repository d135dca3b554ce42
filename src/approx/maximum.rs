//! Where |e| peaks: the largest finite sample, refined by golden-section search between its
//! neighbouring samples. A local search: it finds the peak the samples resolve.

/// The largest |f − g| found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorMaximum {
    pub x: f64,
    /// f − g at `x`, evaluated in MPFR.
    pub error: f64,
}

/// The abscissa where |value| is largest: over the finite samples of the pieces (`[x, y]`
/// points, y = value(x)), then refined between the neighbours of the best sample.
pub fn peak_of_samples(pieces: &[Vec<[f64; 2]>], value: impl Fn(f64) -> f64) -> Option<f64> {
    let (piece, i) = pieces
        .iter()
        .enumerate()
        .flat_map(|(k, p)| (0..p.len()).map(move |i| (k, i)))
        .filter(|&(k, i)| pieces[k][i][1].is_finite())
        .max_by(|&(a, i), &(b, j)| pieces[a][i][1].abs().total_cmp(&pieces[b][j][1].abs()))?;
    let p = &pieces[piece];
    let (lo, hi) = (p[i.saturating_sub(1)][0], p[(i + 1).min(p.len() - 1)][0]);
    let size = |x: f64| {
        let v = value(x).abs();
        if v.is_nan() { -1.0 } else { v }
    };
    let (a, b) = golden_section(lo, hi, &size);
    [p[i][0], a, b]
        .into_iter()
        .max_by(|x, y| size(*x).total_cmp(&size(*y)))
}

/// Golden-section search for the maximum of `size` on [lo, hi]: the last two probes.
pub(crate) fn golden_section(mut lo: f64, mut hi: f64, size: &impl Fn(f64) -> f64) -> (f64, f64) {
    let ratio = 0.5 * (5f64.sqrt() - 1.0);
    let (mut a, mut b) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
    let (mut fa, mut fb) = (size(a), size(b));
    for _ in 0..60 {
        if hi - lo <= 1e-15 * (lo.abs() + hi.abs()) {
            break;
        }
        if fa >= fb {
            hi = b;
            b = a;
            fb = fa;
            a = hi - ratio * (hi - lo);
            fa = size(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + ratio * (hi - lo);
            fb = size(b);
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_peak_between_samples() {
        // |sin(x)| on a coarse grid over [0, 3]: the peak is at pi/2 (a known maximum, not a
        // sample point).
        let xs: Vec<[f64; 2]> = (0..=6)
            .map(|k| {
                let x = 0.5 * f64::from(k);
                [x, x.sin()]
            })
            .collect();
        let x = peak_of_samples(&[xs], f64::sin).expect("a peak");
        assert!((x - std::f64::consts::FRAC_PI_2).abs() < 1e-7, "{x}");
    }
}
