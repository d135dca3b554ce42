//! Symbolic differentiation: sum, product, quotient (via negative powers), chain rule through
//! the registry's partial derivatives, and the general power rule for `f^g`.

use super::canon::{Result, add, mul, mul2, pow, sub};
use super::{Expr, Node};
use crate::math_error::MathError;
use crate::{functions, interrupt, limits};

/// d e / d var.
pub fn diff(e: &Expr, var: &str) -> Result<Expr> {
    interrupt::check()?;
    if !e.depends_on(var) {
        return Ok(Expr::zero());
    }
    let result = match e.node() {
        Node::Num(_) | Node::Const(_) => Expr::zero(),
        Node::Sym(s) => Expr::int(i64::from(&**s == var)),
        Node::Add(terms) => add(terms
            .iter()
            .map(|t| diff(t, var))
            .collect::<Result<Vec<_>>>()?)?,
        Node::Mul(factors) => {
            // Σ_i f_i' Π_{j≠i} f_j
            let mut terms = Vec::with_capacity(factors.len());
            for (i, f) in factors.iter().enumerate() {
                if !f.depends_on(var) {
                    continue;
                }
                let mut product: Vec<Expr> = factors
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, g)| g.clone())
                    .collect();
                product.push(diff(f, var)?);
                terms.push(mul(product)?);
            }
            add(terms)?
        }
        Node::Pow(b, x) => {
            if !x.depends_on(var) {
                // d(b^n) = n b^(n-1) b'
                mul(vec![
                    x.clone(),
                    pow(b.clone(), sub(x.clone(), Expr::one())?)?,
                    diff(b, var)?,
                ])?
            } else {
                // d(b^x) = b^x (x' log b + x b'/b)
                let log_b = functions::apply1("log", b)?;
                let first = mul2(diff(x, var)?, log_b)?;
                let second = mul(vec![
                    x.clone(),
                    diff(b, var)?,
                    pow(b.clone(), Expr::int(-1))?,
                ])?;
                mul2(e.clone(), add(vec![first, second])?)?
            }
        }
        Node::Call(f, args) => {
            let mut terms = Vec::with_capacity(args.len());
            for (i, a) in args.iter().enumerate() {
                if !a.depends_on(var) {
                    continue;
                }
                let outer = (f.def().partial)(args, i)?;
                terms.push(mul2(outer, diff(a, var)?)?);
            }
            add(terms)?
        }
    };
    if result.size() > limits::MAX_EXPR_NODES {
        return Err(MathError::TooLarge {
            what: "the derivative".into(),
            limit: format!("{} expression nodes", limits::MAX_EXPR_NODES),
        });
    }
    Ok(result)
}

/// The n-th derivative, refusing orders beyond [`limits::MAX_DIFF_ORDER`].
pub fn diff_n(e: &Expr, var: &str, n: u64) -> Result<Expr> {
    if n > limits::MAX_DIFF_ORDER {
        return Err(MathError::TooLarge {
            what: format!("derivative order {n}"),
            limit: format!("{}", limits::MAX_DIFF_ORDER),
        });
    }
    let mut d = e.clone();
    let mut work = 0usize;
    for k in 1..=n {
        let before = d.size();
        let weight_before = d.weight();
        d = diff(&d, var)?;
        if d.is_zero() {
            break;
        }
        // The work done so far and, at the current weight, the work still to come: refuse
        // when their sum passes the work bound (polynomial growth stays under the size limit
        // but took 5.6 s for the 50th derivative of acos(x)^a). The weight counts the limbs of
        // the numbers too: the 50th derivative of sigmoid(x^(1e-300)) has only 80,000 nodes
        // but 2.5·10^8 bits of coefficients, and took 12 s.
        work = work.saturating_add(d.weight());
        // The weights to come on a power law through the last two (weight ∝ k^p): derivatives
        // whose growth is geometric are caught by the size prediction below.
        let p = if k > 1 {
            ((d.weight() as f64 / weight_before.max(1) as f64).max(1.0)).ln()
                / (k as f64 / (k - 1) as f64).ln()
        } else {
            1.0
        };
        let still = ((k + 1)..=n)
            .map(|i| d.weight() as f64 * (i as f64 / k as f64).powf(p))
            .sum::<f64>()
            .min(usize::MAX as f64) as usize;
        if d.weight() > 5_000 && work.saturating_add(still) > limits::MAX_DIFF_WORK {
            let limbs = d.weight().saturating_sub(d.size());
            return Err(MathError::TooLarge {
                what: format!(
                    "the derivative of order {n} (order {k} already has {} nodes{}; all orders would build about {} node-equivalents)",
                    d.size(),
                    if limbs > d.size() {
                        format!(" and {} bits of coefficients", limbs.saturating_mul(64))
                    } else {
                        String::new()
                    },
                    work.saturating_add(still)
                ),
                limit: format!(
                    "{} node-equivalents built in all (a node, or 64 bits of a number)",
                    limits::MAX_DIFF_WORK
                ),
            });
        }
        // Refuse early when the growth so far says the last order cannot fit: each step
        // multiplies the size by about the last step's ratio (derivatives of gamma or tan
        // grow like that), and building a doomed tree took 25 s and 400 MB.
        let ratio = d.size() as f64 / before.max(1) as f64;
        let remaining = (n - k) as f64;
        let predicted = d.size() as f64 * ratio.max(1.0).powf(remaining);
        if d.size() > 50_000 && predicted > 4.0 * limits::MAX_EXPR_NODES as f64 {
            return Err(MathError::TooLarge {
                what: format!(
                    "the derivative of order {n} (order {k} already has {} nodes, growing {ratio:.2}× per order)",
                    d.size()
                ),
                limit: format!("{} expression nodes", limits::MAX_EXPR_NODES),
            });
        }
    }
    Ok(d)
}
