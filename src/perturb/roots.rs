//! Exact roots of the small polynomials perturbation meets (the characteristic polynomial of
//! a Newton-polygon edge, F(x, 0)): linear, quadratic, binomial y^m = r, and rational
//! polynomials after square-free factorisation and the rational-root test. Coefficients may
//! hold parameters; their square roots are simplified taking parameters positive.

use rug::{Integer, Rational};

use crate::expr::subst::expand;
use crate::expr::{Expr, Node, Number, canon};
use crate::math_error::MathError;
use crate::poly;

type Result<T> = std::result::Result<T, MathError>;

/// The roots with their multiplicities, of Σ c_k y^k; an error names the polynomial when
/// its roots have no closed form here. Also returns how many real-irrational or complex
/// roots of binomials were left out.
pub fn exact_roots(c: &[Expr]) -> Result<(Vec<(Expr, usize)>, usize)> {
    let mut c: Vec<Expr> = c.iter().map(expand).collect::<Result<_>>()?;
    while c.last().is_some_and(Expr::is_zero) {
        c.pop();
    }
    if c.len() <= 1 {
        return Ok((Vec::new(), 0));
    }
    let rational: Option<Vec<Rational>> = c
        .iter()
        .map(|e| match e.as_number() {
            Some(Number::Exact(q)) => Some(q.clone()),
            _ => None,
        })
        .collect();
    if let Some(q) = rational {
        return rational_roots(&q);
    }
    let roots = symbolic_roots(&c).map_err(|_| no_closed_form(&c))?;
    // A repeated root (a zero discriminant) is reported once, with multiplicity 2.
    if roots.len() == 2 && roots[0] == roots[1] {
        return Ok((vec![(roots[0].clone(), 2)], 0));
    }
    let skipped = c.len() - 1 - roots.len();
    Ok((roots.into_iter().map(|e| (e, 1)).collect(), skipped))
}

fn no_closed_form(c: &[Expr]) -> MathError {
    let y = Expr::sym("y");
    let p = c
        .iter()
        .enumerate()
        .map(|(k, ck)| canon::mul2(ck.clone(), canon::powi(y.clone(), k as i64)?))
        .collect::<Result<Vec<_>>>()
        .and_then(canon::add)
        .map(|e| e.to_string())
        .unwrap_or_default();
    MathError::Domain(format!(
        "the roots of {p} = 0 have no closed form here; give the branch with around = value"
    ))
}

/// Roots of a polynomial with parameters: degree 1 and 2, and binomials.
fn symbolic_roots(c: &[Expr]) -> Result<Vec<Expr>> {
    let d = c.len() - 1;
    match d {
        1 => Ok(vec![expand(&canon::neg(canon::div(
            c[0].clone(),
            c[1].clone(),
        )?)?)?]),
        2 => quadratic(&c[0], &c[1], &c[2]),
        _ if c[1..d].iter().all(Expr::is_zero) => {
            let r = expand(&canon::neg(canon::div(c[0].clone(), c[d].clone())?)?)?;
            // y^d = r < 0 with d even (d > 2): no real root; complex ones are left out.
            if d > 2 && d.is_multiple_of(2) && r.as_number().is_some_and(|q| q.is_negative()) {
                return Ok(Vec::new());
            }
            let root = nth_root(&r, d as u32)?;
            Ok(if d.is_multiple_of(2) {
                vec![root.clone(), canon::neg(root)?]
            } else {
                vec![root]
            })
        }
        _ => Err(MathError::Domain("no closed form".into())),
    }
}

fn quadratic(c: &Expr, b: &Expr, a: &Expr) -> Result<Vec<Expr>> {
    let disc = expand(&canon::sub(
        canon::powi(b.clone(), 2)?,
        canon::mul(vec![Expr::int(4), a.clone(), c.clone()])?,
    )?)?;
    let root = nth_root(&disc, 2)?;
    let two_a = canon::mul2(Expr::int(2), a.clone())?;
    let minus_b = canon::neg(b.clone())?;
    Ok(vec![
        expand(&canon::div(
            canon::add2(minus_b.clone(), root.clone())?,
            two_a.clone(),
        )?)?,
        expand(&canon::div(canon::sub(minus_b, root)?, two_a)?)?,
    ])
}

/// r^(1/m), simplified for monomials (parameters taken positive): (4*p^2)^(1/2) = 2*p.
pub fn nth_root(r: &Expr, m: u32) -> Result<Expr> {
    let inv = Rational::from((1, m));
    let factors = match r.node() {
        Node::Mul(f) => f.clone(),
        _ => vec![r.clone()],
    };
    let mut out = Vec::new();
    for f in factors {
        match f.node() {
            Node::Num(n) => {
                let negative = n.is_negative();
                let magnitude = if negative { n.neg() } else { n.clone() };
                let root = match magnitude.exact_root_pow(&inv)? {
                    Some(exact) => Expr::num(exact),
                    None => {
                        canon::pow(Expr::num(magnitude), Expr::num(Number::Exact(inv.clone())))?
                    }
                };
                out.push(root);
                if negative {
                    // An odd root of a negative number is real; an even one is imaginary.
                    out.push(if m % 2 == 1 {
                        Expr::int(-1)
                    } else {
                        canon::pow(Expr::int(-1), Expr::num(Number::Exact(inv.clone())))?
                    });
                }
            }
            _ => {
                let (base, exponent) = f.split_power();
                let scaled = match exponent.as_number() {
                    Some(Number::Exact(q)) => Expr::num(Number::Exact(Rational::from(q * &inv))),
                    _ => canon::mul2(exponent.clone(), Expr::num(Number::Exact(inv.clone())))?,
                };
                out.push(canon::pow(base, scaled)?);
            }
        }
    }
    canon::mul(out)
}

/// Rational polynomial: square-free parts, rational roots, then closed forms of the rest.
fn rational_roots(q: &[Rational]) -> Result<(Vec<(Expr, usize)>, usize)> {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut unsolved = false;
    for (factor, multiplicity) in poly::squarefree_factors(&q.to_vec()) {
        let mut rest = factor;
        for r in rational_candidates(&rest) {
            if poly::degree(&rest) == 0 {
                break;
            }
            if poly::eval(&rest, &r) == 0 {
                out.push((Expr::num(Number::Exact(r.clone())), multiplicity as usize));
                let linear = vec![-r, Rational::from(1)];
                rest = poly::divmod(&rest, &linear).0;
            }
        }
        let d = poly::degree(&rest);
        if d == 0 {
            continue;
        }
        let c: Vec<Expr> = rest
            .iter()
            .map(|r| Expr::num(Number::Exact(r.clone())))
            .collect();
        match symbolic_roots(&c) {
            Ok(roots) => {
                // Binomials of degree > 2 give their real roots only.
                skipped += d - roots.len();
                out.extend(roots.into_iter().map(|r| (r, multiplicity as usize)));
            }
            Err(_) => {
                skipped += d;
                unsolved = true;
            }
        }
    }
    if out.is_empty() && unsolved {
        let c: Vec<Expr> = q
            .iter()
            .map(|r| Expr::num(Number::Exact(r.clone())))
            .collect();
        return Err(no_closed_form(&c));
    }
    Ok((out, skipped))
}

/// ±p/q for p | a0 and q | an (integer coefficients after clearing denominators), when both
/// are small enough to factor by trial division.
fn rational_candidates(p: &[Rational]) -> Vec<Rational> {
    let lcm = p.iter().fold(Integer::from(1), |acc, c| acc.lcm(c.denom()));
    let ints: Vec<Integer> = p
        .iter()
        .map(|c| Rational::from(c * &lcm).numer().clone())
        .collect();
    let (Some(a0), Some(an)) = (ints.iter().find(|c| **c != 0), ints.last()) else {
        return Vec::new();
    };
    let divisors = |n: &Integer| -> Option<Vec<Integer>> {
        let n = n.clone().abs();
        let n = n.to_u64().filter(|n| *n <= 1_000_000_000)?;
        let mut d = Vec::new();
        let mut k = 1u64;
        while k * k <= n {
            if n % k == 0 {
                d.push(Integer::from(k));
                if k * k != n {
                    d.push(Integer::from(n / k));
                }
            }
            k += 1;
        }
        Some(d)
    };
    let (Some(num), Some(den)) = (divisors(a0), divisors(an)) else {
        return Vec::new();
    };
    let mut out: Vec<Rational> = Vec::new();
    if ints[0] == 0 {
        out.push(Rational::new());
    }
    for n in &num {
        for d in &den {
            for sign in [1, -1] {
                let r = Rational::from((Integer::from(n * sign), d.clone()));
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out
}
