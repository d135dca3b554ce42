//! Constants of a model g(x; p) fitted to a target f(x): the best uniform (minimax) fit by
//! nonlinear Remez exchange ([`minimax`]), the Taylor fit, coefficients matched at a point and
//! solved in closed form where the equations allow ([`taylor`]), and the least-squares fit
//! ([`least_squares`]).

pub mod least_squares;
pub mod minimax;
pub mod taylor;

pub use minimax::{Minimax, Symmetry, minimax};

use rug::Float;

use crate::expr::subst::subs;
use crate::expr::{Expr, Node, Number, canon};
use crate::math_error::MathError;

type Result<T> = std::result::Result<T, MathError>;

/// e with the parameters replaced by numbers.
pub fn substituted(e: &Expr, params: &[(String, Float)]) -> Result<Expr> {
    let map: Vec<(String, Expr)> = params
        .iter()
        .map(|(n, v)| {
            let digits = ((f64::from(v.prec()) * std::f64::consts::LOG10_2) as u32).max(17);
            Number::approx(v.clone(), digits).map(|num| (n.clone(), Expr::num(num)))
        })
        .collect::<Result<_>>()?;
    subs(e, &map)
}

/// Solve `equation = 0` for `p` when p enters it through a single term k·p^r:
/// p = (−rest/k)^(1/r). `None` when it does not have that shape.
pub fn isolate(equation: &Expr, p: &str) -> Option<Expr> {
    let terms: Vec<Expr> = match equation.node() {
        Node::Add(terms) => terms.clone(),
        _ => vec![equation.clone()],
    };
    let (with, without): (Vec<Expr>, Vec<Expr>) = terms.into_iter().partition(|t| t.depends_on(p));
    let [term] = with.as_slice() else {
        return None;
    };
    let (k, rest) = term.split_coefficient();
    let (base, r) = rest.split_power();
    if base.as_symbol() != Some(p) || r.depends_on(p) {
        return None;
    }
    let others = canon::neg(canon::add(without).ok()?).ok()?;
    canon::pow(
        canon::div(others, Expr::num(k)).ok()?,
        canon::div(Expr::one(), r).ok()?,
    )
    .ok()
}
