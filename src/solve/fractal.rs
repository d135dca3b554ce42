//! Basins of attraction of Newton's method for a polynomial: every pixel of a rectangle in the
//! complex plane is a start; it is coloured by the root it reaches and shaded by how many
//! iterations that took (black: no root within the iteration limit). Rows run in parallel.

use num_complex::Complex64;
use rayon::prelude::*;

use super::SolveError;
use super::polynomial::polynomial_roots;
use crate::expr::Expr;
use crate::math_error::MathError;
use crate::numeric::eval::eval_c64;
use crate::poly::coefficients;

/// Iterations before a pixel counts as not converged.
const MAX_ITER: u32 = 64;

/// The picture: row-major RGB pixels, and the roots the basins belong to.
#[derive(Debug, Clone)]
pub struct Basins {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 3]>,
    pub roots: Vec<Complex64>,
    /// Pixels that reached each root (in the order of `roots`).
    pub counts: Vec<u64>,
    /// Fraction of pixels that reached a root.
    pub converged: f64,
}

/// Well-separated hues for the basins (the colour key uses them too).
pub fn palette(k: usize) -> [f64; 3] {
    const COLOURS: [[f64; 3]; 8] = [
        [230.0, 80.0, 60.0],
        [60.0, 140.0, 230.0],
        [90.0, 190.0, 90.0],
        [240.0, 190.0, 50.0],
        [170.0, 90.0, 200.0],
        [60.0, 200.0, 200.0],
        [230.0, 120.0, 180.0],
        [150.0, 150.0, 150.0],
    ];
    COLOURS[k % COLOURS.len()]
}

/// Compute the basins of Newton's method for the polynomial `p` in `var` over
/// [re0, re1] × [im0, im1] at `width × height` pixels.
pub fn newton_basins(
    p: &Expr,
    var: &str,
    re: (f64, f64),
    im: (f64, f64),
    width: u32,
    height: u32,
) -> Result<Basins, SolveError> {
    let coeffs: Vec<Complex64> = coefficients(p, var)?
        .iter()
        .map(eval_c64)
        .collect::<Result<_, MathError>>()?;
    let cost = u64::from(width) * u64::from(height) * (coeffs.len() as u64 - 1);
    if cost > crate::limits::MAX_FRACTAL_COST {
        return Err(SolveError::Math(MathError::TooLarge {
            what: format!(
                "{width}×{height} basins of a degree-{} polynomial",
                coeffs.len() - 1
            ),
            limit: format!(
                "pixels × degree at most {} (about 10 s)",
                crate::limits::MAX_FRACTAL_COST
            ),
        }));
    }
    if coeffs.len() < 3 {
        return Err(SolveError::Math(MathError::Domain(
            "basins need a polynomial of degree 2 or more".into(),
        )));
    }
    let roots: Vec<Complex64> = polynomial_roots(p, var, None)?
        .iter()
        .map(|(r, _)| Complex64::new(r.to_f64(), r.imag_f64()))
        .collect();
    let scale = roots.iter().map(|r| r.norm()).fold(1.0f64, f64::max);
    // The colour of a start and the root it reached.
    let pixel = |z0: Complex64| -> ([u8; 3], Option<usize>) {
        let mut z = z0;
        for k in 0..MAX_ITER {
            let (mut v, mut d) = (coeffs[coeffs.len() - 1], Complex64::new(0.0, 0.0));
            for c in coeffs[..coeffs.len() - 1].iter().rev() {
                d = d * z + v;
                v = v * z + c;
            }
            if d.norm_sqr() == 0.0 {
                break;
            }
            let step = v / d;
            z -= step;
            if step.norm() <= 1e-10 * scale {
                let nearest = roots
                    .iter()
                    .enumerate()
                    .min_by(|a, b| (a.1 - z).norm().total_cmp(&(b.1 - z).norm()));
                if let Some((i, r)) = nearest
                    && (r - z).norm() <= 1e-6 * scale
                {
                    let shade = 1.0 - 0.75 * f64::from(k) / f64::from(MAX_ITER);
                    let [r0, g0, b0] = palette(i);
                    let colour = [(r0 * shade) as u8, (g0 * shade) as u8, (b0 * shade) as u8];
                    return (colour, Some(i));
                }
                break;
            }
        }
        ([0, 0, 0], None)
    };
    let (w, h) = (width as usize, height as usize);
    let mut pixels = vec![[0u8; 3]; w * h];
    let mut reached: Vec<Option<usize>> = vec![None; w * h];
    pixels
        .par_chunks_mut(w)
        .zip(reached.par_chunks_mut(w))
        .enumerate()
        .for_each(|(row, (out, which))| {
            if crate::interrupt::pending() {
                return;
            }
            let y = im.1 - (im.1 - im.0) * (row as f64 + 0.5) / h as f64;
            for (col, (px, root)) in out.iter_mut().zip(which.iter_mut()).enumerate() {
                let x = re.0 + (re.1 - re.0) * (col as f64 + 0.5) / w as f64;
                (*px, *root) = pixel(Complex64::new(x, y));
            }
        });
    crate::interrupt::check()?;
    let mut counts = vec![0u64; roots.len()];
    for i in reached.iter().flatten() {
        counts[*i] += 1;
    }
    let converged = counts.iter().sum::<u64>() as f64 / pixels.len() as f64;
    Ok(Basins {
        width,
        height,
        pixels,
        roots,
        counts,
        converged,
    })
}
