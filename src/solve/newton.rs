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
        (_, true) => super::show(re),
        (true, false) => format!("{}*i", super::show(im)),
        (false, false) if im < 0.0 => format!("{} - {}*i", super::show(re), super::show(-im)),
        (false, false) => format!("{} + {}*i", super::show(re), super::show(im)),
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
    let mut run = Run::start(p, x0, opts, detect_multiplicity)?;
    for k in 1..=opts.maxiter {
        crate::interrupt::check()?;
        if run.fx.is_zero() {
            return Ok(run.finish(k - 1));
        }
        let step = run.step()?;
        let (candidate, fc, lambda) = run.damped(step.clone())?;
        let moved = run.advance(k, &step, candidate, fc, lambda);
        run.watch_multiplicity();
        run.watch_divergence()?;
        if moved <= run.tolerance() * 1.0f64.max(magnitude(&run.x)) {
            return Ok(run.finish(k));
        }
    }
    Err(SolveError::NoConvergence {
        iterations: opts.maxiter,
        last: show(&run.x),
        residual: magnitude(&run.fx),
        history: run.residuals.iter().rev().take(6).rev().copied().collect(),
    })
}

/// The state of one run of the double-precision phase.
struct Run<'a, S> {
    p: &'a Problem,
    opts: &'a Options,
    detect_multiplicity: bool,
    x: S,
    fx: S,
    multiplicity: u32,
    trace: Vec<TraceRow>,
    /// Full (undamped) step sizes since the last damped step or multiplicity switch.
    steps: Vec<f64>,
    residuals: Vec<f64>,
    sizes: Vec<f64>,
    previous: Option<S>,
    /// The secant method's previous point and value.
    secant_prev: Option<(S, S)>,
}

impl<'a, S: KernelFor> Run<'a, S> {
    fn start(
        p: &'a Problem,
        x0: S,
        opts: &'a Options,
        detect_multiplicity: bool,
    ) -> Result<Run<'a, S>, SolveError> {
        let fx = p
            .at(&p.f, &x0)
            .map_err(|_| SolveError::NotFinite { at: show(&x0) })?;
        let mut run = Run {
            p,
            opts,
            detect_multiplicity,
            residuals: vec![magnitude(&fx)],
            sizes: vec![magnitude(&x0)],
            x: x0,
            fx,
            multiplicity: 1,
            trace: Vec::new(),
            steps: Vec::new(),
            previous: None,
            secant_prev: None,
        };
        // The secant method needs a second point: a small offset from the start.
        if opts.method == Method::Secant {
            let x = &run.x;
            let h = x
                .lift(&rug::Rational::from((1, 10_000)))
                .mul(&x.lift_i64(1).add(&x.abs()));
            let x1 = x.add(&h);
            let f1 = p
                .at(&p.f, &x1)
                .map_err(|_| SolveError::NotFinite { at: show(&x1) })?;
            run.secant_prev = Some((run.x.clone(), run.fx.clone()));
            run.x = x1;
            run.fx = f1;
        }
        Ok(run)
    }

    fn finish(self, iterations: usize) -> Iterate<S> {
        Iterate {
            x: self.x,
            iterations,
            multiplicity: self.multiplicity,
            trace: self.trace,
        }
    }

    fn at(&self, e: &Expr, x: &S) -> Result<S, SolveError> {
        self.p
            .at(e, x)
            .map_err(|_| SolveError::NotFinite { at: show(x) })
    }

    /// The method's full step from x (Newton's multiplied by the detected multiplicity).
    fn step(&self) -> Result<S, SolveError> {
        let (x, fx, p) = (&self.x, &self.fx, self.p);
        let zero_derivative = || SolveError::ZeroDerivative { at: show(x) };
        match self.opts.method {
            Method::Newton | Method::Brent => {
                let d = self.at(&p.df, x)?;
                if d.is_zero() {
                    return Err(zero_derivative());
                }
                Ok(fx
                    .div(&d)
                    .map_err(SolveError::Math)?
                    .mul(&x.lift_i64(i64::from(self.multiplicity))))
            }
            Method::Halley => {
                let d = self.at(&p.df, x)?;
                let d2 = self.at(&p.d2f, x)?;
                let two = x.lift_i64(2);
                let denominator = two.mul(&d).mul(&d).sub(&fx.mul(&d2));
                if denominator.is_zero() {
                    return Err(zero_derivative());
                }
                two.mul(fx)
                    .mul(&d)
                    .div(&denominator)
                    .map_err(SolveError::Math)
            }
            Method::Secant => {
                let (xp, fp) = self.secant_prev.clone().unwrap_or((x.clone(), fx.clone()));
                let slope_den = fx.sub(&fp);
                if slope_den.is_zero() {
                    return Err(zero_derivative());
                }
                fx.mul(&x.sub(&xp))
                    .div(&slope_den)
                    .map_err(SolveError::Math)
            }
        }
    }

    /// The candidate x − λ·step with λ halved while |f| does not decrease (when damping is
    /// on), f there, and λ. A candidate that lands back on the previous iterate is a cycle.
    fn damped(&self, step: S) -> Result<(S, S, f64), SolveError> {
        let x = &self.x;
        let mut candidate = x.sub(&step);
        if let Some(prev) = &self.previous {
            let back = magnitude(&candidate.sub(prev));
            let moved = magnitude(&candidate.sub(x));
            let scale = 1.0f64.max(magnitude(prev));
            if back <= 1e-12 * scale && moved > 1e-6 * scale {
                return Err(SolveError::Cycle {
                    a: show(prev),
                    b: show(x),
                });
            }
        }
        let f_abs = magnitude(&self.fx);
        let mut fc = self.p.at(&self.p.f, &candidate);
        let mut lambda = 1.0f64;
        if self.opts.damping {
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
                fc = self.p.at(&self.p.f, &candidate);
                halvings += 1;
            }
        }
        let fc = fc.map_err(|_| SolveError::NotFinite {
            at: show(&candidate),
        })?;
        Ok((candidate, fc, lambda))
    }

    /// Move to the candidate, keeping the history; returns how far x moved.
    fn advance(&mut self, k: usize, step: &S, candidate: S, fc: S, lambda: f64) -> f64 {
        let moved = magnitude(&candidate.sub(&self.x));
        if self.opts.trace {
            self.trace.push(TraceRow {
                k,
                x: show(&candidate),
                fx: magnitude(&fc),
                step: moved,
            });
        }
        if lambda == 1.0 {
            self.steps.push(magnitude(step));
        } else {
            self.steps.clear();
        }
        self.residuals.push(magnitude(&fc));
        if self.opts.method == Method::Secant {
            self.secant_prev = Some((self.x.clone(), self.fx.clone()));
        }
        self.previous = Some(std::mem::replace(&mut self.x, candidate));
        self.fx = fc;
        self.sizes.push(magnitude(&self.x));
        moved
    }

    /// Linear convergence with ratio r means a root of multiplicity 1/(1 - r): switch to
    /// x ← x − m f/f', which is quadratic again.
    fn watch_multiplicity(&mut self) {
        let steps = &self.steps;
        if self.detect_multiplicity && self.multiplicity == 1 && steps.len() >= 4 {
            let n = steps.len();
            let r1 = steps[n - 1] / steps[n - 2];
            let r2 = steps[n - 2] / steps[n - 3];
            if (0.4..0.99).contains(&r1) && (r1 - r2).abs() < 0.02 {
                self.multiplicity = ((1.0 / (1.0 - r1)).round() as u32).clamp(2, 50);
                self.steps.clear();
            }
        }
    }

    /// Divergence: x not finite or huge; running off to infinity while |f| shrinks (f = 1/x:
    /// |x| grew by half again or more at each of the last ten steps); or, without damping,
    /// |f| growing for five steps far out.
    fn watch_divergence(&self) -> Result<(), SolveError> {
        let size = magnitude(&self.x);
        let s = self.sizes.len();
        let n = self.residuals.len();
        let running_off = s > 10
            && self.sizes[s - 11..]
                .windows(2)
                .all(|w| w[1] >= 1.5 * w[0] && w[1] > 1.0);
        let growing = !self.opts.damping
            && n >= 6
            && self.residuals[n - 5..].windows(2).all(|w| w[1] > w[0])
            && size > 1e3;
        if !size.is_finite() || size > 1e150 || running_off || growing {
            return Err(SolveError::Diverging {
                last: show(&self.x),
                residual: magnitude(&self.fx),
            });
        }
        Ok(())
    }

    /// The relative step that counts as converged: at a root of multiplicity m doubles
    /// resolve it only to about eps^(1/m).
    fn tolerance(&self) -> f64 {
        if self.multiplicity > 1 {
            self.opts
                .tol
                .max(f64::EPSILON.powf(1.0 / f64::from(self.multiplicity)) * 10.0)
        } else {
            self.opts.tol
        }
    }
}
