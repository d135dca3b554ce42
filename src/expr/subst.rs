//! Substitution and expansion, both rebuilding through the canonical constructors.

use super::canon::{Result, add, call, mul, pow};
use super::{Expr, Node};
use crate::math_error::MathError;
use crate::{interrupt, limits};

/// Replace each symbol named in `map` by its expression (simultaneously).
pub fn subs(e: &Expr, map: &[(String, Expr)]) -> Result<Expr> {
    match e.node() {
        Node::Num(_) | Node::Const(_) => Ok(e.clone()),
        Node::Sym(s) => Ok(map
            .iter()
            .find(|(n, _)| **n == **s)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| e.clone())),
        Node::Add(terms) => add(terms
            .iter()
            .map(|t| subs(t, map))
            .collect::<Result<Vec<_>>>()?),
        Node::Mul(factors) => mul(factors
            .iter()
            .map(|t| subs(t, map))
            .collect::<Result<Vec<_>>>()?),
        Node::Pow(b, x) => pow(subs(b, map)?, subs(x, map)?),
        Node::Call(f, args) => call(
            *f,
            args.iter()
                .map(|t| subs(t, map))
                .collect::<Result<Vec<_>>>()?,
        ),
    }
}

fn terms_of(e: &Expr) -> Vec<Expr> {
    match e.node() {
        Node::Add(t) => t.clone(),
        _ => vec![e.clone()],
    }
}

/// Multiply two expanded expressions term by term.
fn distribute(a: &Expr, b: &Expr) -> Result<Expr> {
    let (ta, tb) = (terms_of(a), terms_of(b));
    if ta.len().saturating_mul(tb.len()) > limits::MAX_EXPAND_PRODUCTS {
        return Err(MathError::TooLarge {
            what: format!(
                "expanding this product ({} × {} terms, {} products in one step)",
                ta.len(),
                tb.len(),
                ta.len().saturating_mul(tb.len())
            ),
            limit: format!("{} products per step", limits::MAX_EXPAND_PRODUCTS),
        });
    }
    let mut out = Vec::with_capacity(ta.len() * tb.len());
    for x in &ta {
        interrupt::check()?;
        for y in &tb {
            out.push(mul(vec![x.clone(), y.clone()])?);
        }
    }
    let sum = add(out)?;
    if terms_of(&sum).len() > limits::MAX_EXPAND_TERMS {
        return Err(MathError::TooLarge {
            what: "the expansion".into(),
            limit: format!("{} terms", limits::MAX_EXPAND_TERMS),
        });
    }
    Ok(sum)
}

/// A term count for messages: exact below 10^15, else in scientific notation.
fn show_count(n: f64) -> String {
    if n < 1e15 {
        format!("{}", n.round() as u64)
    } else {
        format!("{n:.3e}")
    }
}

/// Expand products and positive integer powers of sums (also inside function arguments).
pub fn expand(e: &Expr) -> Result<Expr> {
    interrupt::check()?;
    match e.node() {
        Node::Num(_) | Node::Const(_) | Node::Sym(_) => Ok(e.clone()),
        Node::Add(terms) => add(terms.iter().map(expand).collect::<Result<Vec<_>>>()?),
        Node::Mul(factors) => {
            let mut acc = Expr::one();
            for f in factors {
                acc = distribute(&acc, &expand(f)?)?;
            }
            Ok(acc)
        }
        Node::Pow(b, x) => {
            let base = expand(b)?;
            let exponent = expand(x)?;
            match exponent.as_number().and_then(|n| n.to_i64()) {
                Some(n) if n > 1 && matches!(base.node(), Node::Add(_)) => {
                    // A sum of t terms to the n-th power has up to C(n+t-1, t-1) terms: refuse
                    // before computing when that is beyond the limit.
                    let t = terms_of(&base).len() as f64;
                    let bound = (1..terms_of(&base).len())
                        .fold(1.0f64, |acc, k| acc * (n as f64 + k as f64) / k as f64);
                    // The coefficients grow like (Σ|c_i|)^n: refuse at once when their
                    // size passes the integer limit (the exact arithmetic would find out only
                    // after building most of the expansion).
                    let coefficient_bits = terms_of(&base)
                        .iter()
                        .map(|term| match term.split_coefficient().0 {
                            crate::expr::Number::Exact(r) => r
                                .numer()
                                .significant_bits()
                                .max(r.denom().significant_bits()),
                            crate::expr::Number::Approx { .. } => 0,
                        })
                        .max()
                        .unwrap_or(0) as f64
                        + t.log2();
                    let bits = n as f64 * coefficient_bits;
                    if bits > limits::MAX_INTEGER_BITS as f64 {
                        return Err(MathError::TooLarge {
                            what: format!(
                                "the largest coefficient of the expansion, about {} bits,",
                                show_count(bits)
                            ),
                            limit: format!("{} bits per integer", limits::MAX_INTEGER_BITS),
                        });
                    }
                    if t > 1.0 && bound > limits::MAX_EXPAND_TERMS as f64 {
                        return Err(MathError::TooLarge {
                            what: format!("the expansion, with up to {} terms,", show_count(bound)),
                            limit: format!("{} terms", limits::MAX_EXPAND_TERMS),
                        });
                    }
                    // Binary powering keeps the number of multiplications at O(log n).
                    let mut result = Expr::one();
                    let mut square = base;
                    let mut k = n;
                    while k > 0 {
                        if k & 1 == 1 {
                            result = distribute(&result, &square)?;
                        }
                        k >>= 1;
                        if k > 0 {
                            square = distribute(&square, &square)?;
                        }
                    }
                    Ok(result)
                }
                _ => pow(base, exponent),
            }
        }
        Node::Call(f, args) => call(*f, args.iter().map(expand).collect::<Result<Vec<_>>>()?),
    }
}

/// The complex conjugate, symbols taken real (i → −i).
pub fn conjugate(e: &Expr) -> Result<Expr> {
    match e.node() {
        Node::Const(super::Constant::I) => super::canon::neg(Expr::constant(super::Constant::I)),
        _ => e.map_children(&mut |c| conjugate(c)),
    }
}

/// a/b expanded, with a denominator holding i made real first (a·conj(b) / (b·conj(b))), so
/// that complex results stay in the form x + i·y whose zero `expand` recognises.
pub fn divide(a: &Expr, b: &Expr) -> Result<Expr> {
    if !b.any(&|n| matches!(n.node(), Node::Const(super::Constant::I))) {
        return expand(&super::canon::div(a.clone(), b.clone())?);
    }
    let bc = conjugate(b)?;
    let denominator = expand(&super::canon::mul2(b.clone(), bc.clone())?)?;
    expand(&super::canon::div(
        expand(&super::canon::mul2(a.clone(), bc)?)?,
        denominator,
    )?)
}
