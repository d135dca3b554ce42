//! Taylor series of ODE solutions, computed on the series engine: each unknown x of order m
//! is a chain of integrals x ← x' ← … ← x^(m) = f(t, x, x', …), and the engine produces
//! coefficient k of every node from lower ones (the classical Taylor method, exact). No
//! symbolic differentiation of f is repeated, so the cost is O(n²) per operation of f.

use std::sync::Arc;

use rug::Rational;

use super::coeff::Coeff;
use super::lazy::Tape;
use super::{AnySeries, Frame, Point, Series, SeriesError};
use crate::expr::Expr;
use crate::math_error::MathError;

/// x^(order) = rhs, where rhs may hold t, x, x', …, x^(order−1) (names with primes) and the
/// other unknowns of the system.
#[derive(Debug, Clone)]
pub struct Equation {
    pub unknown: String,
    pub order: usize,
    pub rhs: Expr,
}

/// `x` with `k` primes.
pub fn primed(name: &str, k: usize) -> String {
    format!("{name}{}", "'".repeat(k))
}

/// The series of every unknown to t^n around t = t0, from x^(j)(t0) = `initial[i][j]`.
pub fn taylor(
    system: &[Equation],
    initial: &[Vec<Expr>],
    t: &str,
    point: &Point,
    n: i64,
) -> Result<Vec<AnySeries>, MathError> {
    super::check_order(n)?;
    let frame = Arc::new(Frame {
        var: t.to_string(),
        point: point.clone(),
    });
    match taylor_in::<Rational>(system, initial, &frame, n) {
        Ok(all) => return Ok(all.into_iter().map(AnySeries::Exact).collect()),
        Err(SeriesError::NotRational) => {}
        Err(e) => return Err(e.into()),
    }
    super::symbolic_order(n, 1)?;
    match taylor_in::<Expr>(system, initial, &frame, n) {
        Ok(all) => Ok(all
            .into_iter()
            .map(|s| AnySeries::Symbolic(s).simplified())
            .collect()),
        Err(e) => Err(e.into()),
    }
}

fn taylor_in<C: Coeff>(
    system: &[Equation],
    initial: &[Vec<Expr>],
    frame: &Arc<Frame>,
    n: i64,
) -> Result<Vec<Series<C>>, SeriesError> {
    let mut tape: Tape<C> = Tape::new(&frame.var, frame.point.clone(), 1, n as usize + 32);
    let mut chains = Vec::new();
    for (eq, values) in system.iter().zip(initial) {
        let ids = (0..eq.order)
            .map(|j| Ok(tape.unknown(&primed(&eq.unknown, j), C::from_expr(&values[j])?)))
            .collect::<Result<Vec<_>, SeriesError>>()?;
        for j in 0..eq.order.saturating_sub(1) {
            tape.set_derivative(ids[j], ids[j + 1]);
        }
        chains.push(ids);
    }
    for (eq, ids) in system.iter().zip(&chains) {
        let rhs = tape.node(&eq.rhs)?;
        tape.set_derivative(ids[eq.order - 1], rhs);
    }
    chains
        .iter()
        .map(|ids| {
            let coeffs = (0..=n)
                .map(|k| tape.at(ids[0], k))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Series {
                frame: frame.clone(),
                den: 1,
                val: 0,
                coeffs,
                order: n + 1,
            }
            .normalised())
        })
        .collect()
}

impl AnySeries {
    /// The same series read in another variable (same point).
    pub fn renamed(self, var: &str) -> AnySeries {
        let rename = |f: &Arc<Frame>| {
            Arc::new(Frame {
                var: var.to_string(),
                point: f.point.clone(),
            })
        };
        match self {
            AnySeries::Exact(s) => AnySeries::Exact(Series {
                frame: rename(&s.frame),
                ..s
            }),
            AnySeries::Symbolic(s) => AnySeries::Symbolic(Series {
                frame: rename(&s.frame),
                ..s
            }),
        }
    }
}

/// One initial condition x^(order)(at) = value.
#[derive(Debug, Clone)]
pub struct Initial {
    pub unknown: String,
    pub order: usize,
    pub at: Expr,
    pub value: Expr,
}

/// An ODE system as typed (`x'' + x = eps*x^2` as zero forms, primes naming derivatives) and
/// its initial conditions, checked and solved for each unknown's highest derivative.
pub struct Problem {
    pub system: Vec<Equation>,
    /// Per equation, x(t0), x'(t0), …
    pub initial: Vec<Vec<Expr>>,
    pub t0: Expr,
}

/// The unknowns of zero forms: base names of primed symbols, with their highest order.
fn unknowns(forms: &[Expr]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for f in forms {
        for s in f.free_symbols() {
            let base = s.trim_end_matches('\'');
            let order = s.len() - base.len();
            if order == 0 {
                continue;
            }
            match out.iter_mut().find(|(n, _)| n == base) {
                Some(entry) => entry.1 = entry.1.max(order),
                None => out.push((base.to_string(), order)),
            }
        }
    }
    out
}

impl Problem {
    /// Read the equations (one per unknown) and the conditions; `t` is the independent
    /// variable.
    pub fn new(forms: &[Expr], conditions: &[Initial], t: &str) -> Result<Problem, MathError> {
        let found = unknowns(forms);
        if found.is_empty() {
            return Err(MathError::Domain(
                "no derivative in the equation: write the unknown's derivatives with primes, x' or x''"
                    .into(),
            ));
        }
        if found.len() != forms.len() {
            return Err(MathError::Domain(format!(
                "{} equation{} for {} unknown{} ({}): give one equation per unknown",
                forms.len(),
                if forms.len() == 1 { "" } else { "s" },
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                found
                    .iter()
                    .map(|u| u.0.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if let Some((name, _)) = found.iter().find(|(n, _)| n == t) {
            return Err(MathError::Domain(format!(
                "{name} is both the unknown and the independent variable"
            )));
        }
        for c in conditions {
            if !found.iter().any(|(n, _)| *n == c.unknown) {
                return Err(MathError::Domain(format!(
                    "an initial condition is given for {}, which is not an unknown of the equation ({})",
                    c.unknown,
                    found
                        .iter()
                        .map(|u| u.0.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        let unknown_names: Vec<String> = found
            .iter()
            .flat_map(|(n, order)| (0..=*order).map(move |k| primed(n, k)))
            .collect();
        if let Some(c) = conditions.iter().find(|c| {
            unknown_names
                .iter()
                .any(|u| c.value.depends_on(u) || c.at.depends_on(u))
        }) {
            return Err(MathError::Domain(format!(
                "the initial condition for {} refers to an unknown of the equation: give a value",
                primed(&c.unknown, c.order)
            )));
        }
        let t0 = match conditions.first() {
            Some(c) => c.at.clone(),
            None => {
                return Err(MathError::Domain(format!(
                    "no initial conditions: give {}(t0) = value{}",
                    found[0].0,
                    if found[0].1 > 1 {
                        format!(" and {}(t0) = value", primed(&found[0].0, 1))
                    } else {
                        String::new()
                    }
                )));
            }
        };
        if conditions.iter().any(|c| c.at != t0) {
            return Err(MathError::Domain(
                "all initial conditions must be at the same point".into(),
            ));
        }
        let mut remaining: Vec<Expr> = forms.to_vec();
        let mut system = Vec::new();
        let mut initial = Vec::new();
        for (name, order) in &found {
            let top = primed(name, *order);
            let Some(pos) = remaining.iter().position(|f| f.depends_on(&top)) else {
                return Err(MathError::Domain(format!("no equation holds {top}")));
            };
            let form = remaining.remove(pos);
            system.push(Equation {
                unknown: name.clone(),
                order: *order,
                rhs: solve_for(&form, &top)?,
            });
            let mut values = Vec::new();
            for k in 0..*order {
                let given: Vec<&Initial> = conditions
                    .iter()
                    .filter(|c| c.unknown == *name && c.order == k)
                    .collect();
                match given.as_slice() {
                    [one] => values.push(one.value.clone()),
                    [] => {
                        return Err(MathError::Domain(format!(
                            "missing initial condition {}({}) = ...",
                            primed(name, k),
                            t0
                        )));
                    }
                    _ => {
                        return Err(MathError::Domain(format!(
                            "{}({}) is given twice",
                            primed(name, k),
                            t0
                        )));
                    }
                }
            }
            if let Some(extra) = conditions
                .iter()
                .find(|c| c.unknown == *name && c.order >= *order)
            {
                return Err(MathError::Domain(format!(
                    "{}({}) is an initial condition on a derivative of order {} but the equation is of order {order}",
                    primed(name, extra.order),
                    t0,
                    extra.order
                )));
            }
            initial.push(values);
        }
        Ok(Problem {
            system,
            initial,
            t0,
        })
    }
}

/// Solve the zero form f = 0 for the symbol y, which it must hold linearly.
fn solve_for(f: &Expr, y: &str) -> Result<Expr, MathError> {
    use crate::expr::{canon, diff::diff, subst};
    let a = subst::expand(&diff(f, y)?)?;
    if a.depends_on(y) {
        return Err(MathError::Domain(format!(
            "the equation is not linear in its highest derivative {y}; write it as {y} = f(...)"
        )));
    }
    if a.is_zero() {
        return Err(MathError::Domain(format!(
            "{y} cancels out of the equation"
        )));
    }
    let rest = subst::subs(f, &[(y.to_string(), Expr::zero())])?;
    subst::expand(&canon::neg(canon::div(rest, a)?)?)
}
