//! The double-precision phase for one equation: Newton (with the symbolic derivative), Halley
//! and secant, in real or complex arithmetic, with backtracking, multiplicity detection and
//! honest failure reports (zero derivative, cycles, divergence, non-finite values).

use super::{Method, Options, SolveError, TraceRow};
use crate::expr::diff::diff;
use crate::expr::{Expr, Node};
use crate::functions::KernelFor;
use crate::math_error::MathError;
use crate::numeric::eval::eval;
use crate::numeric::scalar::Scalar;

/// f, its symbolic derivatives and the variable.
#[derive(Debug, Clone)]
pub struct Problem {
    pub f: Expr,
    pub df: Expr,
    pub d2f: Expr,
    pub var: String,
}

impl Problem {
    pub fn new(f: Expr, var: &str) -> Result<Problem, MathError> {
        let df = diff(&f, var)?;
        let d2f = diff(&df, var)?;
        Ok(Problem {
            f,
            df,
            d2f,
            var: var.to_string(),
        })
    }
    /// Evaluate one of the expressions at `x` (the precision of `x` is the working precision).
    pub fn at<S: KernelFor>(&self, e: &Expr, x: &S) -> Result<S, MathError> {
        eval(e, &[(self.var.as_str(), x.clone())][..], x)
    }
    /// The size of the rounding noise in f(x), up to the unit roundoff: the numbers that
    /// cancel in it, Σ|terms|, plus |x f'(x)|, what rounding x itself moves f by. The second
    /// part matters where f has a single term that vanishes at the root (sin at π, besselj
    /// and digamma at their zeros): Σ|terms| is then |f| itself. A residual is judged against
    /// this scale.
    pub fn scale<S: KernelFor>(&self, x: &S) -> f64 {
        let terms: Vec<&Expr> = match self.f.node() {
            Node::Add(t) => t.iter().collect(),
            _ => vec![&self.f],
        };
        let moved_by_x = self
            .at(&self.df, x)
            .map_or(0.0, |d| d.abs().re_f64() * x.abs().re_f64());
        let sum = terms
            .iter()
            .filter_map(|t| self.at(t, x).ok())
            .map(|v| v.abs().re_f64())
            .sum::<f64>();
        (sum + if moved_by_x.is_finite() {
            moved_by_x
        } else {
            0.0
        })
        .max(f64::MIN_POSITIVE)
    }
}

/// Where the double-precision phase ended.
#[derive(Debug, Clone)]
pub struct Iterate<S> {
    pub x: S,
    pub iterations: usize,
    pub multiplicity: u32,
    pub trace: Vec<TraceRow>,
}

fn magnitude<S: Scalar>(x: &S) -> f64 {
    x.abs().re_f64()
}

/// An iterate of the double-precision phase as the shortest text that reads back as the same
/// double(s): 2.1, not 2.1000000000000001.
fn show<S: Scalar>(x: &S) -> String {
    let (re, im) = (x.re_f64(), x.im_f64());
    match (re == 0.0, im == 0.0) {
        (_, true) => format!("{re}"),
        (true, false) => format!("{im}*i"),
        (false, false) if im < 0.0 => format!("{re} - {}*i", -im),
        (false, false) => format!("{re} + {im}*i"),
    }
}

/// Run the iteration from `x0` until the step is below the tolerance.
///
/// Newton watches for linear convergence and switches to the step for a multiple root; from
/// far away, two close simple roots look like one double root (x^2 - 10^-40 from x = 1 halves
/// like a double root until 1e-20), and the switched step then fails. If it does, the plain
/// iteration is run again from the start; its error is reported only if that fails too.
pub fn iterate<S: KernelFor>(p: &Problem, x0: S, opts: &Options) -> Result<Iterate<S>, SolveError> {
    match iterate_with(p, x0.clone(), opts, opts.method == Method::Newton) {
        Err(error) if opts.method == Method::Newton => {
            iterate_with(p, x0, opts, false).map_err(|_| error)
        }
        other => other,
    }
}

fn iterate_with<S: KernelFor>(
    p: &Problem,
    x0: S,
    opts: &Options,
    detect_multiplicity: bool,
) -> Result<Iterate<S>, SolveError> {
    let mut x = x0;
    let mut fx = p
        .at(&p.f, &x)
        .map_err(|_| SolveError::NotFinite { at: show(&x) })?;
    let mut multiplicity = 1u32;
    let mut trace = Vec::new();
    let mut steps: Vec<f64> = Vec::new();
    let mut residuals: Vec<f64> = vec![magnitude(&fx)];
    let mut sizes: Vec<f64> = vec![magnitude(&x)];
    let mut previous: Option<S> = None;
    // The secant method needs a second point: a small offset from the start.
    let mut secant_prev: Option<(S, S)> = None;
    if opts.method == Method::Secant {
        let h = x
            .lift(&rug::Rational::from((1, 10_000)))
            .mul(&x.lift_i64(1).add(&x.abs()));
        let x1 = x.add(&h);
        let f1 = p
            .at(&p.f, &x1)
            .map_err(|_| SolveError::NotFinite { at: show(&x1) })?;
        secant_prev = Some((x.clone(), fx.clone()));
        x = x1;
        fx = f1;
    }
    for k in 1..=opts.maxiter {
        crate::interrupt::check().map_err(|_| SolveError::Math(MathError::Interrupted))?;
        if fx.is_zero() {
            return Ok(Iterate {
                x,
                iterations: k - 1,
                multiplicity,
                trace,
            });
        }
        let step = match opts.method {
            Method::Newton | Method::Brent => {
                let d = p
                    .at(&p.df, &x)
                    .map_err(|_| SolveError::NotFinite { at: show(&x) })?;
                if d.is_zero() {
                    return Err(SolveError::ZeroDerivative { at: show(&x) });
                }
                fx.div(&d)
                    .map_err(SolveError::Math)?
                    .mul(&x.lift_i64(i64::from(multiplicity)))
            }
            Method::Halley => {
                let d = p
                    .at(&p.df, &x)
                    .map_err(|_| SolveError::NotFinite { at: show(&x) })?;
                let d2 = p
                    .at(&p.d2f, &x)
                    .map_err(|_| SolveError::NotFinite { at: show(&x) })?;
                let two = x.lift_i64(2);
                let denominator = two.mul(&d).mul(&d).sub(&fx.mul(&d2));
                if denominator.is_zero() {
                    return Err(SolveError::ZeroDerivative { at: show(&x) });
                }
                two.mul(&fx)
                    .mul(&d)
                    .div(&denominator)
                    .map_err(SolveError::Math)?
            }
            Method::Secant => {
                let (xp, fp) = secant_prev.clone().unwrap_or((x.clone(), fx.clone()));
                let slope_den = fx.sub(&fp);
                if slope_den.is_zero() {
                    return Err(SolveError::ZeroDerivative { at: show(&x) });
                }
                fx.mul(&x.sub(&xp))
                    .div(&slope_den)
                    .map_err(SolveError::Math)?
            }
        };
        let mut candidate = x.sub(&step);
        if let Some(prev) = &previous {
            let back = magnitude(&candidate.sub(prev));
            let moved = magnitude(&candidate.sub(&x));
            let scale = 1.0f64.max(magnitude(prev));
            if back <= 1e-12 * scale && moved > 1e-6 * scale {
                return Err(SolveError::Cycle {
                    a: show(prev),
                    b: show(&x),
                });
            }
        }
        let f_abs = magnitude(&fx);
        let mut fc = p.at(&p.f, &candidate);
        let mut lambda = 1.0f64;
        if opts.damping {
            let mut halvings = 0;
            while halvings < 40
                && fc.as_ref().map_or(true, |v| {
                    magnitude(v).partial_cmp(&f_abs) != Some(std::cmp::Ordering::Less)
                        && magnitude(v) != f_abs
                })
            {
                lambda /= 2.0;
                candidate =
                    x.sub(&step.mul(&x.lift(&rug::Rational::from_f64(lambda).unwrap_or_default())));
                fc = p.at(&p.f, &candidate);
                halvings += 1;
            }
        }
        let fc = fc.map_err(|_| SolveError::NotFinite {
            at: show(&candidate),
        })?;
        let moved = magnitude(&candidate.sub(&x));
        if opts.trace {
            trace.push(TraceRow {
                k,
                x: show(&candidate),
                fx: magnitude(&fc),
                step: moved,
            });
        }
        if lambda == 1.0 {
            steps.push(magnitude(&step));
        } else {
            steps.clear();
        }
        residuals.push(magnitude(&fc));
        if opts.method == Method::Secant {
            secant_prev = Some((x.clone(), fx.clone()));
        }
        previous = Some(x);
        x = candidate;
        fx = fc;
        // Linear convergence with ratio r means a root of multiplicity 1/(1 - r): switch to
        // x ← x − m f/f', which is quadratic again.
        if detect_multiplicity && multiplicity == 1 && steps.len() >= 4 {
            let n = steps.len();
            let r1 = steps[n - 1] / steps[n - 2];
            let r2 = steps[n - 2] / steps[n - 3];
            if (0.4..0.99).contains(&r1) && (r1 - r2).abs() < 0.02 {
                multiplicity = ((1.0 / (1.0 - r1)).round() as u32).clamp(2, 50);
                steps.clear();
            }
        }
        let size = 1.0f64.max(magnitude(&x));
        if !magnitude(&x).is_finite() || magnitude(&x) > 1e150 {
            return Err(SolveError::Diverging {
                last: show(&x),
                residual: magnitude(&fx),
            });
        }
        // Running off to infinity while |f| shrinks (f = 1/x): |x| grew by half again or more
        // at each of the last ten steps.
        sizes.push(magnitude(&x));
        let s = sizes.len();
        if s > 10
            && sizes[s - 11..]
                .windows(2)
                .all(|w| w[1] >= 1.5 * w[0] && w[1] > 1.0)
        {
            return Err(SolveError::Diverging {
                last: show(&x),
                residual: magnitude(&fx),
            });
        }
        let n = residuals.len();
        if !opts.damping
            && n >= 6
            && residuals[n - 5..].windows(2).all(|w| w[1] > w[0])
            && magnitude(&x) > 1e3
        {
            return Err(SolveError::Diverging {
                last: show(&x),
                residual: magnitude(&fx),
            });
        }
        // At a root of multiplicity m doubles resolve it only to about eps^(1/m).
        let tolerance = if multiplicity > 1 {
            opts.tol
                .max(f64::EPSILON.powf(1.0 / f64::from(multiplicity)) * 10.0)
        } else {
            opts.tol
        };
        if moved <= tolerance * size {
            return Ok(Iterate {
                x,
                iterations: k,
                multiplicity,
                trace,
            });
        }
    }
    Err(SolveError::NoConvergence {
        iterations: opts.maxiter,
        last: show(&x),
        residual: magnitude(&fx),
        history: residuals.iter().rev().take(6).rev().copied().collect(),
    })
}
