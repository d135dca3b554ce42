//! Systems F(x) = 0 (as many equations as unknowns) by Newton's method with the symbolic
//! Jacobian: LU with partial pivoting, damping on ‖F‖, then refinement in MPFR by precision
//! doubling, and the residual test on every equation.

use rug::Float;

use super::{Options, Root, RootValue, SolveError, show};
use crate::expr::diff::diff;
use crate::expr::number::digits_to_bits;
use crate::expr::{Expr, Node};
use crate::functions::KernelFor;
use crate::limits;
use crate::linalg::lu_solve;
use crate::math_error::MathError;
use crate::numeric::eval::eval;
use crate::numeric::scalar::Scalar;

struct System<'a> {
    f: &'a [Expr],
    jacobian: Vec<Vec<Expr>>,
    names: Vec<String>,
}

impl System<'_> {
    fn env<S: Clone>(&self, x: &[S]) -> Vec<(&str, S)> {
        self.names
            .iter()
            .map(String::as_str)
            .zip(x.iter().cloned())
            .collect()
    }
    fn values<S: KernelFor>(&self, x: &[S]) -> Result<Vec<S>, MathError> {
        let env = self.env(x);
        self.f.iter().map(|e| eval(e, &env[..], &x[0])).collect()
    }
    fn jacobian_at<S: KernelFor>(&self, x: &[S]) -> Result<Vec<Vec<S>>, MathError> {
        let env = self.env(x);
        self.jacobian
            .iter()
            .map(|row| row.iter().map(|e| eval(e, &env[..], &x[0])).collect())
            .collect()
    }
    /// Σ|terms| of each equation: what its residual is judged against.
    fn scales<S: KernelFor>(&self, x: &[S]) -> Vec<f64> {
        let env = self.env(x);
        self.f
            .iter()
            .map(|e| {
                let terms: Vec<&Expr> = match e.node() {
                    Node::Add(t) => t.iter().collect(),
                    _ => vec![e],
                };
                terms
                    .iter()
                    .filter_map(|t| eval(t, &env[..], &x[0]).ok())
                    .map(|v| v.abs().re_f64())
                    .sum::<f64>()
                    .max(f64::MIN_POSITIVE)
            })
            .collect()
    }
    fn point_text(&self, x: &[f64]) -> String {
        self.names
            .iter()
            .zip(x)
            .map(|(n, v)| format!("{n} = {}", show(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn norm<S: Scalar>(v: &[S]) -> f64 {
    v.iter()
        .map(|x| x.abs().re_f64().powi(2))
        .sum::<f64>()
        .sqrt()
}

/// Solve the square system `f = 0` from the given starts: Newton in doubles, refinement in
/// MPFR, the residual test, the certificate.
pub fn solve_system(
    f: &[Expr],
    starts: &[(String, f64)],
    opts: &Options,
) -> Result<Root, SolveError> {
    let n = f.len();
    if n == 0 || n > limits::MAX_SYSTEM_SIZE {
        return Err(SolveError::Math(MathError::TooLarge {
            what: format!("a system of {n} equations"),
            limit: format!("1..={}", limits::MAX_SYSTEM_SIZE),
        }));
    }
    let names: Vec<String> = starts.iter().map(|s| s.0.clone()).collect();
    let jacobian = f
        .iter()
        .map(|e| {
            names
                .iter()
                .map(|v| diff(e, v))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sys = System { f, jacobian, names };
    let x0: Vec<f64> = starts.iter().map(|s| s.1).collect();
    let (x, iterations) = newton_in_doubles(&sys, x0, opts)?;
    let digits = opts.digits.unwrap_or(super::refine::DEFAULT_DIGITS);
    let (xs, rounds) = refine(&sys, &x, digits)?;
    let residual = residual_test(&sys, &xs, &x)?;
    let certificate =
        super::system_certificate::certify_system(sys.f, &sys.jacobian, &sys.names, &xs, digits);
    Ok(Root {
        values: sys
            .names
            .iter()
            .cloned()
            .zip(xs.into_iter().map(RootValue::Real))
            .collect(),
        digits: opts.digits,
        multiplicity: 1,
        iterations: iterations + rounds,
        refinement_steps: rounds,
        residual,
        certificate,
        method: "newton (system, symbolic Jacobian)".into(),
        trace: Vec::new(),
    })
}

/// Newton with the symbolic Jacobian in doubles, damped on ‖F‖: the converged point and the
/// iterations it took.
fn newton_in_doubles(
    sys: &System<'_>,
    mut x: Vec<f64>,
    opts: &Options,
) -> Result<(Vec<f64>, usize), SolveError> {
    let mut fx = sys.values(&x).map_err(|_| SolveError::NotFinite {
        at: sys.point_text(&x),
    })?;
    for k in 1..=opts.maxiter {
        crate::interrupt::check()?;
        if fx.iter().all(|v| *v == 0.0) {
            return Ok((x, k));
        }
        let j = sys.jacobian_at(&x).map_err(|_| SolveError::NotFinite {
            at: sys.point_text(&x),
        })?;
        let step = lu_solve(j, fx.clone()).ok_or_else(|| SolveError::SingularJacobian {
            at: sys.point_text(&x),
        })?;
        let (candidate, fc) = damped(sys, &x, &step, norm(&fx), opts.damping)?;
        let moved = norm(
            &x.iter()
                .zip(&candidate)
                .map(|(a, b)| a - b)
                .collect::<Vec<_>>(),
        );
        x = candidate;
        fx = fc;
        if x.iter().any(|v| !v.is_finite() || v.abs() > 1e150) {
            return Err(SolveError::Diverging {
                last: sys.point_text(&x),
                residual: norm(&fx),
            });
        }
        if moved <= opts.tol * norm(&x).max(1.0) {
            return Ok((x, k));
        }
    }
    Err(SolveError::NoConvergence {
        iterations: opts.maxiter,
        last: sys.point_text(&x),
        residual: norm(&fx),
        history: vec![norm(&fx)],
    })
}

/// x − λ·step with λ halved (down to 1e-6) while ‖F‖ does not decrease, and F there.
fn damped(
    sys: &System<'_>,
    x: &[f64],
    step: &[f64],
    current: f64,
    damping: bool,
) -> Result<(Vec<f64>, Vec<f64>), SolveError> {
    let mut lambda = 1.0;
    let mut candidate: Vec<f64> = x.iter().zip(step).map(|(a, s)| a - s).collect();
    let mut fc = sys.values(&candidate);
    while damping
        && lambda > 1e-6
        && fc.as_ref().map_or(true, |v| {
            norm(v).partial_cmp(&current) != Some(std::cmp::Ordering::Less) && norm(v) != current
        })
    {
        lambda /= 2.0;
        candidate = x.iter().zip(step).map(|(a, s)| a - lambda * s).collect();
        fc = sys.values(&candidate);
    }
    let fc = fc.map_err(|_| SolveError::NotFinite {
        at: sys.point_text(&candidate),
    })?;
    Ok((candidate, fc))
}

/// Refinement in MPFR: one Newton step per doubling of the precision up to `digits`, and one
/// more at the target. Returns the point and the rounds taken.
fn refine(sys: &System<'_>, x: &[f64], digits: u32) -> Result<(Vec<Float>, usize), SolveError> {
    let target = digits_to_bits(digits) + 32;
    let mut prec = 64;
    let mut xs: Vec<Float> = x.iter().map(|v| Float::with_val(prec, *v)).collect();
    let mut rounds = 0;
    loop {
        let last = prec >= target;
        prec = (prec * 2).min(target);
        for v in &mut xs {
            v.set_prec(prec);
        }
        let values = sys.values(&xs)?;
        let j = sys.jacobian_at(&xs)?;
        let Some(step) = lu_solve(j, values) else {
            return Err(SolveError::SingularJacobian {
                at: sys.point_text(x),
            });
        };
        xs = xs.iter().zip(&step).map(|(a, s)| a.sub(s)).collect();
        rounds += 1;
        if last && rounds > 1 {
            return Ok((xs, rounds));
        }
    }
}

/// Every equation's residual against its scale (Σ|terms|) at the working precision; the
/// largest residual when all pass.
fn residual_test(sys: &System<'_>, xs: &[Float], x: &[f64]) -> Result<f64, SolveError> {
    let prec = xs.first().map_or(64, Float::prec);
    let values = sys.values(xs)?;
    let scales = sys.scales(xs);
    let allowed = 2f64.powi(-(prec as i32) + 40);
    let mut residual = 0.0f64;
    for (v, s) in values.iter().zip(&scales) {
        let r = v.abs().to_f64();
        residual = residual.max(r);
        if r > allowed.max(f64::MIN_POSITIVE) * s && r > 0.0 {
            return Err(SolveError::ResidualTooLarge {
                last: sys.point_text(x),
                residual: r,
            });
        }
    }
    Ok(residual)
}
