//! Brent's method on a bracket [a, b] where f changes sign: never leaves the bracket,
//! converges superlinearly, and needs no derivative.

use super::newton::Problem;
use super::{Options, SolveError, TraceRow, show};

/// A root in [a, b] to double precision, with the number of evaluations.
pub fn brent(
    p: &Problem,
    a: f64,
    b: f64,
    opts: &Options,
) -> Result<(f64, usize, Vec<TraceRow>), SolveError> {
    let f = |x: f64| {
        p.at(&p.f, &x)
            .map_err(|_| SolveError::NotFinite { at: show(x) })
    };
    let (mut a, mut b) = if a <= b { (a, b) } else { (b, a) };
    let (mut fa, mut fb) = (f(a)?, f(b)?);
    if fa == 0.0 {
        return Ok((a, 0, Vec::new()));
    }
    if fb == 0.0 {
        return Ok((b, 0, Vec::new()));
    }
    if fa.signum() == fb.signum() {
        return Err(SolveError::SameSign {
            a: show(a),
            fa,
            b: show(b),
            fb,
        });
    }
    let mut trace = Vec::new();
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for k in 1..=opts.maxiter.max(200) {
        crate::interrupt::check()?;
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * opts.tol.min(1e-15);
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return Ok((b, k, trace));
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Inverse quadratic interpolation (or secant when only two points differ).
            let s = fb / fa;
            let (mut pp, mut q);
            if a == c {
                pp = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                let q0 = fa / fc;
                let r = fb / fc;
                pp = s * (2.0 * m * q0 * (q0 - r) - (b - a) * (r - 1.0));
                q = (q0 - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if pp > 0.0 {
                q = -q;
            } else {
                pp = -pp;
            }
            if 2.0 * pp < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = pp / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b)?;
        if opts.trace {
            trace.push(TraceRow {
                k,
                x: show(b),
                fx: fb.abs(),
                step: d.abs(),
            });
        }
    }
    Err(SolveError::NoConvergence {
        iterations: opts.maxiter,
        last: show(b),
        residual: fb.abs(),
        history: vec![fb.abs()],
    })
}
