//! One equation f(x) = 0 from a start: the double-precision phase, then refinement to the
//! requested digits, the residual test, an exact check for simple fractions and a certificate.

use num_complex::Complex64;
use rug::{Complex, Float};

use super::newton::{Problem, iterate};
use super::plane::certify_complex;
use super::refine::{
    DEFAULT_DIGITS, certified_residual_ok, certify, exact_rational_root, printed_radius, refine,
    refine_certified, residual_ok,
};
use super::{Certificate, Method, Options, Root, RootValue, SolveError, TraceRow, bracket};
use crate::expr::{Expr, Number};

/// Where the iteration starts.
#[derive(Debug, Clone, Copy)]
pub enum Start {
    Real(f64),
    Complex(Complex64),
    /// A bracket [a, b] on which f changes sign.
    Bracket(f64, f64),
}

/// Solve f = 0 for `var`.
pub fn solve_equation(
    f: Expr,
    var: &str,
    start: Start,
    opts: &Options,
) -> Result<Root, SolveError> {
    let p = Problem::new(f, var)?;
    solve_from(&p, var, start, opts).map(|root| root.with_supported_digits(&p))
}

fn solve_from(p: &Problem, var: &str, start: Start, opts: &Options) -> Result<Root, SolveError> {
    match start {
        Start::Real(x0) => {
            if opts.method == Method::Brent {
                return Err(SolveError::Math(crate::math_error::MathError::Domain(
                    "method = brent needs a bracket: x = [a, b]".into(),
                )));
            }
            let it = iterate(p, x0, opts)?;
            finish_real(
                p,
                it.x,
                it.iterations,
                it.multiplicity,
                it.trace,
                opts.method.name(),
                opts,
                None,
            )
        }
        Start::Bracket(a, b) => {
            let (x, n, trace) = bracket::brent(p, a, b, opts)?;
            finish_real(p, x, n, 1, trace, "brent", opts, Some((a.min(b), a.max(b))))
        }
        Start::Complex(z0) => {
            let it = iterate(p, z0, opts)?;
            let digits = opts.digits.unwrap_or(DEFAULT_DIGITS);
            let (z, steps) = refine(
                p,
                Complex::with_val(64, (it.x.re, it.x.im)),
                it.multiplicity,
                digits,
            )?;
            let residual = residual_ok(p, &z, it.multiplicity)?;
            let certificate = if it.multiplicity > 1 {
                Certificate::NotCertified(format!(
                    "a complex root of multiplicity {} is not certified",
                    it.multiplicity
                ))
            } else if z.imag().is_zero() {
                certify(p, z.real(), digits).0
            } else {
                certify_complex(p, &z, digits)
            };
            let value = if z.imag().is_zero() {
                RootValue::Real(z.real().clone())
            } else {
                RootValue::Complex(z)
            };
            Ok(Root {
                values: vec![(var.to_string(), value)],
                digits: opts.digits,
                multiplicity: it.multiplicity,
                iterations: it.iterations + steps,
                refinement_steps: steps,
                residual,
                certificate,
                method: format!("{} (complex)", opts.method.name()),
                trace: it.trace,
            })
        }
    }
}

/// Refine a real double-precision root, test it, and certify it.
#[allow(clippy::too_many_arguments)]
fn finish_real(
    p: &Problem,
    x0: f64,
    iterations: usize,
    multiplicity: u32,
    trace: Vec<TraceRow>,
    method: &str,
    opts: &Options,
    bracket: Option<(f64, f64)>,
) -> Result<Root, SolveError> {
    let root = |value, multiplicity, residual, certificate, steps| Root {
        values: vec![(p.var.clone(), value)],
        digits: opts.digits,
        multiplicity,
        iterations: iterations + steps,
        refinement_steps: steps,
        residual,
        certificate,
        method: method.to_string(),
        trace: trace.clone(),
    };
    if let Some((q, m)) = exact_rational_root(p, x0) {
        let how = format!(
            "exact: f({q}) = 0 in exact arithmetic{}",
            if m > 1 {
                format!(", derivatives below order {m} vanish there")
            } else {
                String::new()
            }
        );
        return Ok(root(
            RootValue::Exact(Expr::num(Number::Exact(q))),
            m,
            0.0,
            Certificate::Certified(how),
            0,
        ));
    }
    let digits = opts.digits.unwrap_or(DEFAULT_DIGITS);
    // A simple root: refine and certify in one go (no evaluation beyond Newton's last step).
    if multiplicity == 1
        && let Some((x, steps, bound)) = refine_certified(p, x0, digits)?
        && bracket.is_none_or(|(a, b)| x >= a && x <= b)
        && certified_residual_ok(p, &x, bound, digits)
    {
        let radius = printed_radius(&x, digits);
        return Ok(root(
            RootValue::Real(x),
            1,
            bound,
            Certificate::Certified(format!(
                "Krawczyk: one root within ±{radius} of the printed value"
            )),
            steps,
        ));
    }
    let (x, steps) = refine(p, Float::with_val(64, x0), multiplicity, digits)?;
    // A multiple root is only known to about 1/m of the double's digits before refinement:
    // look for an exact fraction again with the refined value.
    if multiplicity > 1
        && let Some((q, m)) = exact_rational_root(p, x.to_f64())
    {
        let how = format!(
            "exact: f({q}) = 0 in exact arithmetic, derivatives below order {m} vanish there"
        );
        return Ok(root(
            RootValue::Exact(Expr::num(Number::Exact(q))),
            m,
            0.0,
            Certificate::Certified(how),
            steps,
        ));
    }
    if let Some((a, b)) = bracket
        && (x < a || x > b)
    {
        return Err(SolveError::NoConvergence {
            iterations: iterations + steps,
            last: format!("{}", x.to_f64()),
            residual: f64::NAN,
            history: Vec::new(),
        });
    }
    let (certificate, bound) = if multiplicity == 1 {
        certify(p, &x, digits)
    } else {
        (
            Certificate::NotCertified(format!(
                "a root of multiplicity {multiplicity} that is not a simple fraction is not certified"
            )),
            None,
        )
    };
    // A certified root's residual comes with the proof (a bound of |f| at the printed value);
    // otherwise evaluate it at the refined root.
    let residual = match bound {
        Some(b) if certified_residual_ok(p, &x, b, digits) => b,
        _ => residual_ok(p, &x, multiplicity)?,
    };
    Ok(root(
        RootValue::Real(x),
        multiplicity,
        residual,
        certificate,
        steps,
    ))
}
