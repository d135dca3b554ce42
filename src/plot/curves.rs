//! Curves from expressions: compile, sample adaptively, cut at breaks, and label.
//!
//! Graphs and parametric curves are evaluated by the compiled `f64` program (rayon splits big
//! batches). Where an expression cancels catastrophically in doubles (`exp(x) - 1 - x` near 0,
//! or an error curve f - g where g approximates f well) the `f64` values are rounding noise:
//! a probe on a uniform grid compares `f64` with 128-bit MPFR, and when they disagree the graph
//! is sampled in MPFR instead (in parallel). The maximum of an error curve is located on the
//! samples, refined by golden-section search and evaluated in MPFR.

use rayon::prelude::*;
use rug::Float;

use super::figure::{Curve, Mark, Point, Scale};
use super::sample::{Evaluate, SampleSpec, Sampled, sample};
use crate::approx::maximum::{ErrorMaximum, peak_of_samples};
use crate::expr::{Expr, canon};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::compile::Program;
use crate::numeric::eval::eval;

/// How finely, and on which axes, curves are sampled.
#[derive(Debug, Clone, Copy)]
pub struct Sampling {
    /// Initial grid points.
    pub samples: usize,
    /// Picture size in pixels (the unit of the sampler's tolerances).
    pub size: (u32, u32),
    pub xscale: Scale,
    pub yscale: Scale,
    /// Curves in the figure: they share [`limits::MAX_PLOT_POINTS`].
    pub curves: usize,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            samples: 256,
            size: (800, 500),
            xscale: Scale::Linear,
            yscale: Scale::Linear,
            curves: 1,
        }
    }
}

impl Sampling {
    fn spec(&self, t: (f64, f64), graph: bool) -> SampleSpec {
        SampleSpec {
            t,
            samples: self.samples,
            // Roughly the plotting area once axes and labels take their share.
            pixels: (f64::from(self.size.0) * 0.85, f64::from(self.size.1) * 0.8),
            max_points: (16 * self.samples)
                .clamp(20_000, limits::MAX_PLOT_POINTS / self.curves.max(1))
                .max(self.samples),
            max_evaluations: usize::MAX,
            graph,
        }
    }
}

/// The parameter interval in display coordinates (a log x axis samples ln x uniformly).
fn display_interval(range: (f64, f64), scale: Scale) -> Result<(f64, f64), MathError> {
    let t = (scale.to_display(range.0), scale.to_display(range.1));
    if !(t.0.is_finite() && t.1.is_finite() && t.0 < t.1) {
        return Err(MathError::Domain(format!(
            "a logarithmic axis needs 0 < a < b, got [{}, {}]",
            range.0, range.1
        )));
    }
    Ok(t)
}

/// Convert sampled display coordinates back to the user's.
fn into_curve(s: Sampled, label: String, sampling: &Sampling) -> Curve {
    let back = |[x, y]: Point| {
        [
            sampling.xscale.from_display(x),
            sampling.yscale.from_display(y),
        ]
    };
    Curve {
        label,
        mark: Mark::Line,
        pieces: s
            .pieces
            .into_iter()
            .map(|p| p.into_iter().map(back).collect())
            .collect(),
        breaks: s.breaks,
        core: s.core,
    }
}

/// A graph evaluator on the compiled program.
fn graph_evaluator<'a>(
    program: &'a Program,
    sampling: &'a Sampling,
) -> impl Fn(&[f64], &mut [f64], &mut [f64]) + Sync + 'a {
    move |t: &[f64], xs: &mut [f64], ys: &mut [f64]| {
        for (x, t) in xs.iter_mut().zip(t) {
            *x = sampling.xscale.from_display(*t);
        }
        program.eval_batch(xs, ys);
        for (x, t) in xs.iter_mut().zip(t) {
            *x = *t;
        }
        for y in ys.iter_mut() {
            *y = sampling.yscale.to_display(*y);
        }
    }
}

/// The graph of `expr` over `var ∈ range`.
pub fn graph(
    expr: &Expr,
    var: &str,
    range: (f64, f64),
    label: String,
    sampling: &Sampling,
) -> Result<Curve, MathError> {
    Ok(graph_checked(&fold_constants(expr), var, range, label, sampling)?.0)
}

/// Digits kept of a folded constant: beyond the 128-bit MPFR evaluation of error curves.
const FOLDED_DIGITS: u32 = 50;

fn fold_constants(e: &Expr) -> Expr {
    crate::numeric::eval::fold_constants(e, FOLDED_DIGITS)
}

/// Points of the probe that decides between `f64` and MPFR.
const PROBE_POINTS: usize = 65;
/// Largest disagreement between `f64` and MPFR, relative to the largest value, still trusted.
const PROBE_TOLERANCE: f64 = 1e-6;
/// Refinement stops at this many points when every point costs an MPFR evaluation.
const MAX_MPFR_POINTS: usize = 200_000;

/// Seconds the MPFR evaluations of one curve should take (estimated from the probe).
const MPFR_PLOT_SECONDS: f64 = 1.0;

/// Grid points an MPFR curve gets however slow its evaluation is.
const MIN_MPFR_GRID: usize = 64;

/// Whether `f64` evaluation of `expr` is rounding noise on the interval: on a uniform probe
/// grid, the compiled `f64` values and 128-bit MPFR values must agree to [`PROBE_TOLERANCE`]
/// of the largest value.
fn needs_mpfr(program: &Program, expr: &Expr, var: &str, xs: &[f64]) -> (bool, f64) {
    let mut fast = vec![0.0; xs.len()];
    program.eval_batch(xs, &mut fast);
    let started = std::time::Instant::now();
    let exact: Vec<f64> = xs.iter().map(|x| eval_precise(expr, var, *x)).collect();
    let seconds_each = started.elapsed().as_secs_f64() / xs.len().max(1) as f64;
    let largest = exact
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let noisy = fast
        .iter()
        .zip(&exact)
        .any(|(a, b)| a.is_finite() && b.is_finite() && (a - b).abs() > PROBE_TOLERANCE * largest);
    (noisy, seconds_each)
}

/// The graph, and whether it was sampled in MPFR.
fn graph_checked(
    expr: &Expr,
    var: &str,
    range: (f64, f64),
    label: String,
    sampling: &Sampling,
) -> Result<(Curve, bool), MathError> {
    let program = Program::compile(expr, &[var])?;
    let t = display_interval(range, sampling.xscale)?;
    let probe: Vec<f64> = (0..PROBE_POINTS)
        .map(|k| {
            let u = t.0 + (t.1 - t.0) * k as f64 / (PROBE_POINTS - 1) as f64;
            sampling.xscale.from_display(u)
        })
        .collect();
    let (noisy, seconds_each) = needs_mpfr(&program, expr, var, &probe);
    if noisy {
        let evaluate = |t: &[f64], xs: &mut [f64], ys: &mut [f64]| {
            xs.copy_from_slice(t);
            ys.par_iter_mut().zip(t.par_iter()).for_each(|(y, t)| {
                let x = sampling.xscale.from_display(*t);
                *y = sampling.yscale.to_display(eval_precise(expr, var, x));
            });
        };
        let mut spec = sampling.spec(t, true);
        spec.max_points = spec.max_points.min(MAX_MPFR_POINTS);
        // The evaluations that fit the time budget at the probe's pace (a sum of 101 erfc
        // per point, softfloor, took 10 s for 200,000 points).
        let threads = rayon::current_num_threads() as f64;
        let affordable = (MPFR_PLOT_SECONDS * threads / seconds_each.max(1e-9)) as usize;
        spec.max_evaluations = affordable.max(2 * MIN_MPFR_GRID);
        spec.samples = spec.samples.min(spec.max_evaluations / 2);
        let s = sample(&evaluate as &Evaluate, &spec)?;
        return Ok((into_curve(s, label, sampling), true));
    }
    let f = graph_evaluator(&program, sampling);
    let s = sample(&f, &sampling.spec(t, true))?;
    Ok((into_curve(s, label, sampling), false))
}

/// The curve `(x(t), y(t))` for `var = t ∈ range`.
pub fn parametric(
    x: &Expr,
    y: &Expr,
    var: &str,
    range: (f64, f64),
    label: String,
    sampling: &Sampling,
) -> Result<Curve, MathError> {
    let px = Program::compile(x, &[var])?;
    let py = Program::compile(y, &[var])?;
    let f = |t: &[f64], xs: &mut [f64], ys: &mut [f64]| {
        px.eval_batch(t, xs);
        py.eval_batch(t, ys);
        for x in xs.iter_mut() {
            *x = sampling.xscale.to_display(*x);
        }
        for y in ys.iter_mut() {
            *y = sampling.yscale.to_display(*y);
        }
    };
    let s = sample(&f, &sampling.spec(range, false))?;
    Ok(into_curve(s, label, sampling))
}

/// Data drawn as dots; non-finite pairs are left out.
pub fn points(data: Vec<Point>, label: String, sampling: &Sampling) -> Curve {
    let shown: Vec<Point> = data
        .into_iter()
        .filter(|p| {
            sampling.xscale.to_display(p[0]).is_finite()
                && sampling.yscale.to_display(p[1]).is_finite()
        })
        .collect();
    let core = super::figure::Bounds::of(shown.iter().map(|[x, y]| {
        [
            sampling.xscale.to_display(*x),
            sampling.yscale.to_display(*y),
        ]
    }));
    Curve {
        label,
        mark: Mark::Points,
        pieces: vec![shown],
        breaks: Vec::new(),
        core,
    }
}

/// Bits of the MPFR evaluation of error curves (enough for any f64-sized difference of
/// functions of f64 size).
const ERROR_BITS: u32 = 128;

/// `e` at `x` in MPFR (NaN outside the domain).
fn eval_precise(e: &Expr, var: &str, x: f64) -> f64 {
    let point = [(var, Float::with_val(ERROR_BITS, x))];
    eval(e, &point[..], &Float::new(ERROR_BITS)).map_or(f64::NAN, |v| v.to_f64())
}

/// The error curve `f − g` (`|f − g|` on a log y axis) over `var ∈ range`, and where
/// `|f − g|` peaks.
pub fn error_curve(
    f: &Expr,
    g: &Expr,
    var: &str,
    range: (f64, f64),
    label: String,
    sampling: &Sampling,
) -> Result<(Curve, Option<ErrorMaximum>), MathError> {
    let mut e = fold_constants(&canon::sub(f.clone(), g.clone())?);
    if sampling.yscale == Scale::Log {
        // A log axis shows the size of the error.
        e = crate::functions::apply1("abs", &e)?;
    }
    let (curve, precise) = graph_checked(&e, var, range, label, sampling)?;
    let maximum = error_maximum(&e, var, &curve, precise);
    Ok((curve, maximum))
}

/// Where |e| peaks on the sampled curve (see [`crate::approx::maximum`]), evaluated in f64 or
/// MPFR as the curve was sampled; the error there in MPFR.
fn error_maximum(e: &Expr, var: &str, curve: &Curve, precise: bool) -> Option<ErrorMaximum> {
    let program = Program::compile(e, &[var]).ok()?;
    let value = |x: f64| {
        if precise {
            eval_precise(e, var, x)
        } else {
            program.eval(&[x])
        }
    };
    let x = peak_of_samples(&curve.pieces, value)?;
    Some(ErrorMaximum {
        x,
        error: eval_precise(e, var, x),
    })
}
