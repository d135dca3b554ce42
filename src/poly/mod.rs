//! Exact univariate polynomials over Q: coefficients of an expression, arithmetic on dense
//! coefficient vectors (index = power), gcd and Yun's square-free decomposition. Used by the
//! root finder and, next, by series and perturbation.

use rug::{Integer, Rational};

use crate::expr::subst::expand;
use crate::expr::{Expr, Node};
use crate::limits;
use crate::math_error::MathError;

/// Coefficients of `f` as a polynomial in `var` (index = power), numbers only.
pub fn coefficients(f: &Expr, var: &str) -> Result<Vec<Expr>, MathError> {
    let coeffs = symbolic_coefficients(f, var)?;
    if coeffs.iter().any(|c| !c.is_constant()) {
        let free: Vec<String> = f.free_symbols().into_iter().filter(|s| s != var).collect();
        return Err(MathError::NotNumeric(format!(
            "the coefficients contain {}; give them values first",
            free.join(", ")
        )));
    }
    Ok(coeffs)
}

/// Coefficients of `f` as a polynomial in `var` (index = power); they may hold other symbols.
pub fn symbolic_coefficients(f: &Expr, var: &str) -> Result<Vec<Expr>, MathError> {
    let expanded = expand(f)?;
    let terms = match expanded.node() {
        Node::Add(t) => t.clone(),
        _ => vec![expanded.clone()],
    };
    let mut by_degree: Vec<Vec<Expr>> = Vec::new();
    for term in terms {
        let factors = match term.node() {
            Node::Mul(f) => f.clone(),
            _ => vec![term.clone()],
        };
        let mut degree = 0usize;
        let mut rest = Vec::new();
        for factor in factors {
            let (base, exp) = factor.split_power();
            if base.as_symbol() == Some(var) {
                let k = exp
                    .as_number()
                    .and_then(|n| n.to_i64())
                    .filter(|k| *k >= 0)
                    .ok_or_else(|| not_polynomial(&term, var))?;
                degree += usize::try_from(k).map_err(|_| not_polynomial(&term, var))?;
            } else if factor.depends_on(var) {
                return Err(not_polynomial(&term, var));
            } else {
                rest.push(factor);
            }
        }
        if degree > limits::MAX_POLY_DEGREE {
            return Err(MathError::TooLarge {
                what: format!("degree {degree}"),
                limit: limits::MAX_POLY_DEGREE.to_string(),
            });
        }
        if by_degree.len() <= degree {
            by_degree.resize(degree + 1, Vec::new());
        }
        by_degree[degree].push(crate::expr::canon::mul(rest)?);
    }
    by_degree
        .into_iter()
        .map(crate::expr::canon::add)
        .collect::<Result<Vec<_>, _>>()
}

fn not_polynomial(term: &Expr, var: &str) -> MathError {
    MathError::NotNumeric(format!(
        "not a polynomial in {var}: the term {term} (solve finds roots of other equations)"
    ))
}

/// A polynomial with rational coefficients, dense, index = power.
pub type QPoly = Vec<Rational>;

/// The value p(q), exactly (Horner).
pub fn eval(p: &[Rational], q: &Rational) -> Rational {
    p.iter().rev().fold(Rational::new(), |acc, c| acc * q + c)
}

pub fn trim(mut p: QPoly) -> QPoly {
    while p.len() > 1 && p.last().is_some_and(|c| *c == 0) {
        p.pop();
    }
    p
}
pub fn monic(p: QPoly) -> QPoly {
    let p = trim(p);
    let lead = p.last().cloned().unwrap_or_else(|| Rational::from(1));
    if lead == 0 {
        return p;
    }
    p.into_iter().map(|c| c / &lead).collect()
}
pub fn derivative(p: &QPoly) -> QPoly {
    let d: QPoly = p
        .iter()
        .enumerate()
        .skip(1)
        .map(|(k, c)| Rational::from(c * Integer::from(k)))
        .collect();
    if d.is_empty() {
        vec![Rational::new()]
    } else {
        trim(d)
    }
}
pub fn is_zero(p: &QPoly) -> bool {
    p.iter().all(|c| *c == 0)
}
pub fn degree(p: &QPoly) -> usize {
    trim(p.clone()).len() - 1
}
/// Quotient and remainder of a / b (b not zero).
pub fn divmod(a: &QPoly, b: &QPoly) -> (QPoly, QPoly) {
    let b = trim(b.clone());
    let mut r = trim(a.clone());
    let db = b.len() - 1;
    if r.len() < b.len() {
        return (vec![Rational::new()], r);
    }
    let mut q = vec![Rational::new(); r.len() - db];
    let lead = b[db].clone();
    while r.len() >= b.len() && !is_zero(&r) {
        let shift = r.len() - b.len();
        let c = Rational::from(&r[r.len() - 1] / &lead);
        for (k, bc) in b.iter().enumerate() {
            let v = Rational::from(&c * bc);
            r[k + shift] -= v;
        }
        q[shift] = c;
        r.pop();
        r = trim(r);
    }
    (q, r)
}
pub fn gcd(a: &QPoly, b: &QPoly) -> QPoly {
    let (mut x, mut y) = (monic(a.clone()), monic(b.clone()));
    while !is_zero(&y) {
        let (_, r) = divmod(&x, &y);
        x = y;
        y = monic(r);
    }
    monic(x)
}
pub fn sub(a: &QPoly, b: &QPoly) -> QPoly {
    let n = a.len().max(b.len());
    trim(
        (0..n)
            .map(|k| a.get(k).cloned().unwrap_or_default() - b.get(k).cloned().unwrap_or_default())
            .collect(),
    )
}

/// Square-free modulo a 61-bit prime implies square-free over Q (when the prime does not
/// divide the leading coefficient): a cheap test that spares the exact gcd almost always.
fn squarefree_mod_prime(p: &QPoly) -> bool {
    const PRIME: u64 = (1 << 61) - 1;
    let lcm_den = p.iter().fold(Integer::from(1), |acc, c| acc.lcm(c.denom()));
    let prime = Integer::from(PRIME);
    let ints: Vec<u64> = p
        .iter()
        .map(|c| {
            let v = Integer::from(c.numer() * &lcm_den) / c.denom();
            let mut r = v % &prime;
            if r < 0 {
                r += &prime;
            }
            r.to_u64().unwrap_or(0)
        })
        .collect();
    if ints.last().copied().unwrap_or(0) == 0 {
        return false;
    }
    let mulm = |a: u64, b: u64| ((u128::from(a) * u128::from(b)) % u128::from(PRIME)) as u64;
    let powm = |mut a: u64, mut e: u64| {
        let mut r = 1u64;
        while e > 0 {
            if e & 1 == 1 {
                r = mulm(r, a);
            }
            a = mulm(a, a);
            e >>= 1;
        }
        r
    };
    let inv = |a: u64| powm(a, PRIME - 2);
    let trim_m = |mut v: Vec<u64>| {
        while v.len() > 1 && v.last() == Some(&0) {
            v.pop();
        }
        v
    };
    let deriv: Vec<u64> = trim_m(
        ints.iter()
            .enumerate()
            .skip(1)
            .map(|(k, c)| mulm(*c, k as u64 % PRIME))
            .collect(),
    );
    let (mut a, mut b) = (ints, if deriv.is_empty() { vec![0] } else { deriv });
    while !(b.len() == 1 && b[0] == 0) {
        // a mod b
        let lead_inv = inv(*b.last().unwrap_or(&1));
        while a.len() >= b.len() && !(a.len() == 1 && a[0] == 0) {
            let shift = a.len() - b.len();
            let c = mulm(*a.last().unwrap_or(&0), lead_inv);
            for (k, bc) in b.iter().enumerate() {
                a[k + shift] = (a[k + shift] + PRIME - mulm(c, *bc)) % PRIME;
            }
            a = trim_m(a);
            if a.len() < b.len() || (a.len() == 1 && a[0] == 0) {
                break;
            }
        }
        std::mem::swap(&mut a, &mut b);
    }
    a.len() == 1
}

/// Yun's square-free decomposition: p = c · Π a_i^i, returned as (a_i, i) with deg a_i ≥ 1.
pub fn squarefree_factors(p: &QPoly) -> Vec<(QPoly, u32)> {
    if squarefree_mod_prime(p) {
        return vec![(monic(p.clone()), 1)];
    }
    let dp = derivative(p);
    let b = gcd(p, &dp);
    let mut c = divmod(p, &b).0;
    let mut d = sub(&divmod(&dp, &b).0, &derivative(&c));
    let mut out = Vec::new();
    let mut i = 1;
    while degree(&c) > 0 && i < 10_000 {
        let a = gcd(&c, &d);
        if degree(&a) > 0 {
            out.push((a.clone(), i));
        }
        c = divmod(&c, &a).0;
        d = sub(&divmod(&d, &a).0, &derivative(&c));
        i += 1;
    }
    out
}
