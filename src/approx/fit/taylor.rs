//! The Taylor fit: constants chosen so that g − f vanishes to the highest order at a point.
//! The exact series of g − f (the constants symbolic) gives one equation per coefficient; the
//! first n coefficients that do not vanish identically are set to 0. Each equation in which a
//! single unsolved constant enters through one power is solved in closed form and substituted
//! into the rest (σ(λx) against Φ(x) gives λ = √(8/π); tanh(ax + bx³) against erf(x/√2) gives
//! a = √(2/π), then b); what remains is solved by Newton with the symbolic Jacobian.

use rug::Float;

use super::isolate;
use crate::approx::verify::{Agreement, agreement};
use crate::expr::diff::diff;
use crate::expr::number::digits_to_bits;
use crate::expr::subst::subs;
use crate::expr::{Expr, Number, canon};
use crate::linalg::lu_solve;
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::eval::{NoVars, eval};
use crate::series::{self, Point};

type Result<T> = std::result::Result<T, MathError>;

/// One fitted constant: its value, and its closed form when one was found.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub name: String,
    pub exact: Option<Expr>,
    pub value: Float,
}

/// A Taylor fit.
#[derive(Debug, Clone)]
pub struct TaylorFit {
    pub params: Vec<Fitted>,
    /// The powers of (x − x0) whose coefficients were set to zero.
    pub orders: Vec<i64>,
    /// g − f at the fitted constants: the first power where they differ.
    pub agreement: std::result::Result<Agreement, String>,
    pub digits: u32,
}

/// Whether a coefficient vanishes for every value of the constants: at two unrelated points
/// it evaluates to a ball containing 0 at 300 bits.
fn identically_zero(c: &Expr, names: &[String]) -> bool {
    if c.is_zero() {
        return true;
    }
    [0.6180339887f64, 1.3247179572].iter().all(|base| {
        let map: Vec<(String, Expr)> = names
            .iter()
            .enumerate()
            .map(|(j, n)| {
                let v = base + 0.2971 * j as f64;
                (
                    n.clone(),
                    Expr::num(
                        Number::approx(Float::with_val(300, v), 80).unwrap_or(Number::zero()),
                    ),
                )
            })
            .collect();
        subs(c, &map)
            .ok()
            .and_then(|e| eval(&e, &NoVars, &Ball::zero(300)).ok())
            .is_some_and(|b| b.part_contains_zero(false) && b.part_contains_zero(true))
    })
}

/// The Taylor fit of `model` to `target` at `point` in the constants `starts`.
pub fn fit_taylor(
    model: &Expr,
    target: &Expr,
    var: &str,
    point: &Expr,
    starts: &[(String, f64)],
    digits: u32,
) -> Result<TaylorFit> {
    let names: Vec<String> = starts.iter().map(|(n, _)| n.clone()).collect();
    let n = names.len();
    let e = canon::sub(model.clone(), target.clone())?;
    let terms = (2 * n as i64 + 6).min(40);
    let s = series::expand(&e, var, &Point::At(point.clone()), terms)?;
    let mut equations: Vec<(i64, Expr)> = Vec::new();
    for (k, c) in s.terms() {
        if equations.len() == n {
            break;
        }
        if !c.free_symbols().iter().any(|f| names.contains(f)) {
            if identically_zero(&c, &[]) {
                continue;
            }
            return Err(MathError::Domain(format!(
                "the coefficient of ({var} - x0)^{k} of g - f is {c}, which no constant changes: g and f cannot agree to that order (fewer matchable coefficients than constants)"
            )));
        }
        if identically_zero(&c, &names) {
            continue;
        }
        let order = k.numer().to_i64().unwrap_or(i64::MAX);
        equations.push((order, c));
    }
    if equations.len() < n {
        return Err(MathError::Domain(format!(
            "only {} coefficients of g - f through order {terms} depend on the constants; {n} constants need as many",
            equations.len()
        )));
    }
    // Closed forms, one constant at a time.
    let mut exact: Vec<Option<Expr>> = vec![None; n];
    loop {
        let mut progress = false;
        for (_, eq) in &equations {
            let known: Vec<(String, Expr)> = names
                .iter()
                .zip(&exact)
                .filter_map(|(nm, v)| v.clone().map(|v| (nm.clone(), v)))
                .collect();
            let eq = subs(eq, &known)?;
            let open: Vec<usize> = (0..n)
                .filter(|&j| exact[j].is_none() && eq.depends_on(&names[j]))
                .collect();
            if let [j] = open.as_slice()
                && let Some(v) = isolate(&eq, &names[*j])
            {
                exact[*j] = Some(v);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    let prec = digits_to_bits(digits) + 32;
    let mut values: Vec<Float> = starts
        .iter()
        .map(|(_, v)| Float::with_val(prec, *v))
        .collect();
    for (j, v) in exact.iter().enumerate() {
        if let Some(v) = v {
            values[j] = eval(v, &NoVars, &Float::new(prec))?;
        }
    }
    let open: Vec<usize> = (0..n).filter(|&j| exact[j].is_none()).collect();
    if !open.is_empty() {
        newton(&equations, &names, &open, &mut values, prec)?;
    }
    let fitted: Vec<(String, Expr)> = names
        .iter()
        .enumerate()
        .map(|(j, nm)| {
            let v = match &exact[j] {
                Some(x) => x.clone(),
                None => Expr::num(Number::approx(values[j].clone(), digits + 10)?),
            };
            Ok((nm.clone(), v))
        })
        .collect::<Result<_>>()?;
    let agreement = subs(&e, &fitted)
        .and_then(|d| agreement(&d, var, point))
        .map_err(|err| err.to_string());
    Ok(TaylorFit {
        params: names
            .into_iter()
            .zip(exact)
            .zip(values)
            .map(|((name, exact), value)| Fitted { name, exact, value })
            .collect(),
        orders: equations.iter().map(|(k, _)| *k).collect(),
        agreement,
        digits,
    })
}

/// Newton on the equations in the constants `open` (the others already have values).
fn newton(
    equations: &[(i64, Expr)],
    names: &[String],
    open: &[usize],
    values: &mut [Float],
    prec: u32,
) -> Result<()> {
    let eqs: Vec<&Expr> = equations
        .iter()
        .map(|(_, e)| e)
        .filter(|e| open.iter().any(|&j| e.depends_on(&names[j])))
        .take(open.len())
        .collect();
    if eqs.len() < open.len() {
        return Err(MathError::Domain(
            "the remaining equations do not determine the constants".into(),
        ));
    }
    let jac: Vec<Vec<Expr>> = eqs
        .iter()
        .map(|e| {
            open.iter()
                .map(|&j| diff(e, &names[j]))
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<_>>()?;
    let tol = Float::with_val(prec, Float::i_exp(1, -(prec as i32) + 16));
    for _ in 0..100 {
        crate::interrupt::check()?;
        let env: Vec<(&str, Float)> = names
            .iter()
            .map(String::as_str)
            .zip(values.iter().cloned())
            .collect();
        let proto = Float::new(prec);
        let f: Vec<Float> = eqs
            .iter()
            .map(|e| eval(e, &env[..], &proto).map(|v| -v))
            .collect::<Result<_>>()?;
        let j: Vec<Vec<Float>> = jac
            .iter()
            .map(|row| {
                row.iter()
                    .map(|d| eval(d, &env[..], &proto))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<_>>()?;
        let delta = lu_solve(j, f).ok_or_else(|| {
            MathError::Domain("the Taylor equations are singular at the current constants".into())
        })?;
        let mut size = Float::new(prec);
        for (k, &jx) in open.iter().enumerate() {
            values[jx] += &delta[k];
            size = size.max(
                &(Float::with_val(prec, delta[k].abs_ref())
                    / (Float::with_val(prec, values[jx].abs_ref()) + 1u32)),
            );
        }
        if size <= tol {
            return Ok(());
        }
    }
    Err(MathError::Domain(
        "Newton on the Taylor equations did not converge in 100 steps (try other starting values)"
            .into(),
    ))
}
