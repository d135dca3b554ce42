//! Regular perturbation of ODEs: x = x0 + ε x1 + ε² x2 + … for G(t, x, x', …, ε) = 0 whose
//! ε = 0 part is a linear operator with constant coefficients L = P(D) (plus forcing). Order k
//! gives L x_k = −R_k(x0, …, x_{k−1}), solved exactly by undetermined coefficients.
//!
//! Functions are quasi-polynomials Σ c·t^j·e^(λt) with exact (possibly complex, possibly
//! symbolic) λ and c; cos and sin enter as complex exponentials and leave as real cosines and
//! sines. A forcing term e^(μt)·t^j with μ a root of P of multiplicity r gives a particular
//! solution t^r·e^(μt)·Q(t): when Re μ = 0 that is a secular term, which grows without bound
//! even though the exact solution may stay bounded; it is flagged.

use rug::Rational;

use super::roots::exact_roots;
use crate::expr::subst::{conjugate as conj, divide as cdiv, expand};
use crate::expr::{Constant, Expr, Node, Number, canon};
use crate::math_error::MathError;
use crate::series::ode::primed;

type Result<T> = std::result::Result<T, MathError>;

/// Σ c·t^j·e^(λt), terms with equal (λ, j) merged, zero terms dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quasi {
    pub terms: Vec<(Expr, u32, Expr)>,
}

fn num(q: Rational) -> Expr {
    Expr::num(Number::Exact(q))
}

fn i_unit() -> Expr {
    Expr::constant(Constant::I)
}

pub(super) fn re(e: &Expr) -> Result<Expr> {
    expand(&canon::mul2(
        num(Rational::from((1, 2))),
        canon::add2(e.clone(), conj(e)?)?,
    )?)
}

pub(super) fn im(e: &Expr) -> Result<Expr> {
    expand(&canon::div(
        canon::sub(e.clone(), conj(e)?)?,
        canon::mul2(Expr::int(2), i_unit())?,
    )?)
}

impl Quasi {
    pub fn constant(c: Expr) -> Quasi {
        Quasi::default().plus(Expr::zero(), 0, c)
    }
    fn plus(mut self, lambda: Expr, j: u32, c: Expr) -> Quasi {
        if c.is_zero() {
            return self;
        }
        match self
            .terms
            .iter_mut()
            .position(|(l, k, _)| *l == lambda && *k == j)
        {
            Some(p) => {
                let sum = expand(
                    &canon::add2(self.terms[p].2.clone(), c).unwrap_or_else(|_| Expr::zero()),
                )
                .unwrap_or_else(|_| Expr::zero());
                if sum.is_zero() {
                    self.terms.remove(p);
                } else {
                    self.terms[p].2 = sum;
                }
            }
            None => self.terms.push((lambda, j, c)),
        }
        self
    }
    pub fn add(&self, o: &Quasi) -> Quasi {
        o.terms.iter().fold(self.clone(), |acc, (l, j, c)| {
            acc.plus(l.clone(), *j, c.clone())
        })
    }
    pub fn scale(&self, k: &Expr) -> Result<Quasi> {
        let mut out = Quasi::default();
        for (l, j, c) in &self.terms {
            out = out.plus(l.clone(), *j, expand(&canon::mul2(c.clone(), k.clone())?)?);
        }
        Ok(out)
    }
    pub fn mul(&self, o: &Quasi) -> Result<Quasi> {
        let mut out = Quasi::default();
        for (l1, j1, c1) in &self.terms {
            for (l2, j2, c2) in &o.terms {
                out = out.plus(
                    expand(&canon::add2(l1.clone(), l2.clone())?)?,
                    j1 + j2,
                    expand(&canon::mul2(c1.clone(), c2.clone())?)?,
                );
            }
        }
        Ok(out)
    }
    pub fn derivative(&self) -> Result<Quasi> {
        let mut out = Quasi::default();
        for (l, j, c) in &self.terms {
            if *j > 0 {
                out = out.plus(
                    l.clone(),
                    j - 1,
                    expand(&canon::mul2(c.clone(), Expr::int(i64::from(*j)))?)?,
                );
            }
            out = out.plus(l.clone(), *j, expand(&canon::mul2(c.clone(), l.clone())?)?);
        }
        Ok(out)
    }
    /// Every coefficient with the substitutions made.
    pub fn substituted(&self, map: &[(String, Expr)]) -> Result<Quasi> {
        let mut out = Quasi::default();
        for (l, j, c) in &self.terms {
            out = out.plus(l.clone(), *j, expand(&crate::expr::subst::subs(c, map)?)?);
        }
        Ok(out)
    }
    /// The value at t = 0.
    pub fn at_zero(&self) -> Result<Expr> {
        expand(&canon::add(
            self.terms
                .iter()
                .filter(|t| t.1 == 0)
                .map(|t| t.2.clone())
                .collect(),
        )?)
    }
    /// A function of t as a quasi-polynomial: constants, t, sums, products, integer powers,
    /// exp, cos, sin, cosh, sinh of a linear function of t.
    pub fn from_expr(e: &Expr, t: &str) -> Result<Quasi> {
        if !e.depends_on(t) {
            return Ok(Quasi::constant(e.clone()));
        }
        match e.node() {
            Node::Sym(_) => Ok(Quasi::default().plus(Expr::zero(), 1, Expr::one())),
            Node::Add(terms) => terms.iter().try_fold(Quasi::default(), |acc, x| {
                Ok(acc.add(&Quasi::from_expr(x, t)?))
            }),
            Node::Mul(factors) => factors
                .iter()
                .try_fold(Quasi::constant(Expr::one()), |acc, x| {
                    acc.mul(&Quasi::from_expr(x, t)?)
                }),
            Node::Pow(b, x) if matches!(b.node(), Node::Const(Constant::E)) => {
                exponential(x, t, Expr::one())
            }
            Node::Pow(b, x) => match x.as_number().and_then(Number::to_i64) {
                Some(k) if k >= 0 => {
                    let base = Quasi::from_expr(b, t)?;
                    (0..k).try_fold(Quasi::constant(Expr::one()), |acc, _| acc.mul(&base))
                }
                _ => Err(not_quasi(e)),
            },
            Node::Call(f, args) if args.len() == 1 => {
                let iu = |s: i64| canon::mul2(Expr::int(s), i_unit());
                let (a, b, sb) = match f.name() {
                    "exp" => return exponential(&args[0], t, Expr::one()),
                    "cos" => (iu(1)?, iu(-1)?, Expr::one()),
                    "sin" => (iu(1)?, iu(-1)?, Expr::int(-1)),
                    "cosh" => (Expr::one(), Expr::int(-1), Expr::one()),
                    "sinh" => (Expr::one(), Expr::int(-1), Expr::int(-1)),
                    _ => return Err(not_quasi(e)),
                };
                // (e^(a u) ± e^(b u)) / 2, divided by i for sin.
                let half = if f.name() == "sin" {
                    canon::div(num(Rational::from((1, 2))), i_unit())?
                } else {
                    num(Rational::from((1, 2)))
                };
                let up = exponential(&canon::mul2(a, args[0].clone())?, t, half.clone())?;
                let down =
                    exponential(&canon::mul2(b, args[0].clone())?, t, canon::mul2(sb, half)?)?;
                Ok(up.add(&down))
            }
            _ => Err(not_quasi(e)),
        }
    }
    /// Real form: conjugate pairs become e^(at)·(A cos(bt) + B sin(bt)).
    pub fn to_expr(&self, t: &str) -> Result<Expr> {
        let tt = Expr::sym(t);
        let mut out = Vec::new();
        for (l, j, c) in &self.terms {
            let (a, b) = (re(l)?, im(l)?);
            let power = canon::powi(tt.clone(), i64::from(*j))?;
            let growth = if a.is_zero() {
                Expr::one()
            } else {
                crate::functions::apply1("exp", &canon::mul2(a.clone(), tt.clone())?)?
            };
            if b.is_zero() {
                out.push(canon::mul(vec![c.clone(), power, growth])?);
                continue;
            }
            if b.has_negative_sign() {
                // Its partner (b > 0) carries the pair.
                continue;
            }
            let bt = canon::mul2(b, tt.clone())?;
            let cos = crate::functions::apply1("cos", &bt)?;
            let sin = crate::functions::apply1("sin", &bt)?;
            let two = Expr::int(2);
            let cos_part = canon::mul(vec![two.clone(), re(c)?, cos])?;
            let sin_part = canon::mul(vec![Expr::int(-2), im(c)?, sin])?;
            out.push(canon::mul(vec![
                power,
                growth,
                canon::add2(cos_part, sin_part)?,
            ])?);
        }
        expand(&canon::add(out)?)
    }
    /// The terms that grow without bound while the solution they perturb does not:
    /// t^j·e^(λt) with j ≥ 1 and Re λ = 0.
    pub fn secular(&self, t: &str) -> Result<Quasi> {
        let mut out = Quasi::default();
        for (l, j, c) in &self.terms {
            if *j >= 1 && re(l)?.is_zero() {
                out = out.plus(l.clone(), *j, c.clone());
            }
        }
        let _ = t;
        Ok(out)
    }
}

fn not_quasi(e: &Expr) -> MathError {
    MathError::Domain(format!(
        "{e} is not a sum of t^j*exp(a*t)*cos(b*t) terms; perturb_ode handles polynomial nonlinearities and such forcing"
    ))
}

/// k·e^u for u linear in t: u = λt + φ.
fn exponential(u: &Expr, t: &str, k: Expr) -> Result<Quasi> {
    let lambda = expand(&crate::expr::diff::diff(u, t)?)?;
    if lambda.depends_on(t) {
        return Err(not_quasi(u));
    }
    let phi = expand(&canon::sub(
        u.clone(),
        canon::mul2(lambda.clone(), Expr::sym(t))?,
    )?)?;
    let c = canon::mul2(k, canon::pow(Expr::constant(Constant::E), phi)?)?;
    Ok(Quasi::default().plus(lambda, 0, expand(&c)?))
}

/// The result of `perturb_ode`.
#[derive(Debug, Clone)]
pub struct Expansion {
    /// x_k in real form.
    pub orders: Vec<Expr>,
    /// Per order, the secular part (real form), if any.
    pub secular: Vec<Option<Expr>>,
}

/// Regular perturbation of G = 0 (a zero form in t, the unknown `x` with primes, and `eps`)
/// to order n, from x^(d)(0) = `initial[d]` (expressions that may hold eps).
pub fn perturb_ode(
    g: &Expr,
    x: &str,
    order: usize,
    t: &str,
    eps: &str,
    initial: &[Expr],
    n: usize,
) -> Result<Expansion> {
    crate::series::check_order(n as i64)?;
    if n > crate::limits::MAX_PERTURB_ODE_ORDER {
        return Err(MathError::TooLarge {
            what: format!("the order {n}"),
            limit: crate::limits::MAX_PERTURB_ODE_ORDER.to_string(),
        });
    }
    if !g.depends_on(eps) {
        return Err(MathError::Domain(format!(
            "the equation does not contain the parameter {eps}"
        )));
    }
    let names: Vec<String> = (0..=order).map(|d| primed(x, d)).collect();
    let expanded = expand(g)?;
    let terms: Vec<Expr> = match expanded.node() {
        Node::Add(v) => v.clone(),
        _ => vec![expanded.clone()],
    };
    // Split every term: power of eps, powers of x, x', ..., and a function of t.
    let mut parts = Vec::new();
    for term in &terms {
        parts.push(split_term(term, eps, &names, t)?);
    }
    // The operator P(D) of the eps^0 part, linear in x and its derivatives.
    let mut p = vec![Expr::zero(); order + 1];
    for (a, powers, coeff) in &parts {
        let degree: u32 = powers.iter().sum();
        if *a == 0 && degree > 1 {
            return Err(MathError::Domain(format!(
                "at {eps} = 0 the equation must be linear in {x} and its derivatives (regular perturbation of a linear problem)"
            )));
        }
        if *a == 0 && degree == 1 {
            let d = powers.iter().position(|&e| e == 1).unwrap_or(0);
            if coeff.terms.iter().any(|(l, j, _)| *j > 0 || !l.is_zero()) {
                return Err(MathError::Domain(format!(
                    "at {eps} = 0 the coefficients of {x} and its derivatives must be constants"
                )));
            }
            p[d] = expand(&canon::add2(p[d].clone(), coeff.at_zero()?)?)?;
        }
    }
    if p[order].is_zero() {
        return Err(MathError::Domain(format!(
            "the highest derivative {} must appear at {eps} = 0",
            names[order]
        )));
    }
    let (roots, skipped) = exact_roots(&p)?;
    if skipped > 0 {
        return Err(MathError::Domain(
            "the characteristic roots of the unperturbed operator have no closed form here".into(),
        ));
    }
    // Initial values per order of eps.
    let mut values = Vec::new();
    for v in initial {
        let s = crate::series::expand(v, eps, &crate::series::Point::At(Expr::zero()), n as i64)?;
        values.push(
            (0..=n)
                .map(|k| {
                    s.coefficient(&Rational::from(k as i64))
                        .unwrap_or_else(Expr::zero)
                })
                .collect::<Vec<_>>(),
        );
    }
    let mut xs: Vec<Quasi> = Vec::new();
    for k in 0..=n {
        crate::interrupt::check()?;
        let r = order_coefficient(&parts, &xs, k, order, &[Expr::one()])?;
        let particular = particular(&p, &r.scale(&Expr::int(-1))?)?;
        let mut targets = Vec::new();
        let mut derivative = particular.clone();
        for vals in values.iter().take(order) {
            targets.push(expand(&canon::sub(
                vals[k].clone(),
                derivative.at_zero()?,
            )?)?);
            derivative = derivative.derivative()?;
        }
        let homogeneous = homogeneous(&roots, &targets)?;
        xs.push(particular.add(&homogeneous));
        // The check: order k of G now vanishes identically.
        let check = order_coefficient(&parts, &xs, k, order, &[Expr::one()])?;
        if !check.terms.is_empty() {
            return Err(MathError::Domain(format!(
                "internal: x{k} does not satisfy its order equation"
            )));
        }
    }
    let orders = xs
        .iter()
        .map(|q| q.to_expr(t))
        .collect::<Result<Vec<_>>>()?;
    let secular = xs
        .iter()
        .map(|q| {
            let s = q.secular(t)?;
            if s.terms.is_empty() {
                Ok(None)
            } else {
                s.to_expr(t).map(Some)
            }
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Expansion { orders, secular })
}

pub(super) type Part = (u32, Vec<u32>, Quasi);

/// eps^a · Π (x^(d))^(e_d) · f(t).
pub(super) fn split_term(term: &Expr, eps: &str, names: &[String], t: &str) -> Result<Part> {
    let factors = match term.node() {
        Node::Mul(f) => f.clone(),
        _ => vec![term.clone()],
    };
    let mut a = 0u32;
    let mut powers = vec![0u32; names.len()];
    let mut rest = Vec::new();
    for f in factors {
        let (base, exponent) = f.split_power();
        let k = exponent
            .as_number()
            .and_then(Number::to_i64)
            .filter(|k| (0..=crate::limits::MAX_POLY_DEGREE as i64).contains(k));
        if let Some(name) = base.as_symbol() {
            if name == eps {
                a += k.ok_or_else(|| not_polynomial(term))? as u32;
                continue;
            }
            if let Some(d) = names.iter().position(|n| n == name) {
                powers[d] += k.ok_or_else(|| not_polynomial(term))? as u32;
                continue;
            }
        }
        if f.depends_on(eps) || names.iter().any(|n| f.depends_on(n)) {
            return Err(not_polynomial(term));
        }
        rest.push(f);
    }
    Ok((a, powers, Quasi::from_expr(&canon::mul(rest)?, t)?))
}

fn not_polynomial(term: &Expr) -> MathError {
    MathError::Domain(format!(
        "the term {term} is not polynomial (of degree at most {}) in the unknown and the parameter; perturb_ode and lindstedt expand polynomial nonlinearities (for sin(x) and other non-polynomial ones, use lindstedt without a parameter, or taylor_ode)",
        crate::limits::MAX_POLY_DEGREE
    ))
}

/// The coefficient of eps^k in G(Σ eps^j x_j) (the x_j given so far; later ones are 0), where
/// each derivative of x carries the factor `scale` (an eps-series of constants: d/dt =
/// scale·d/dτ; `[1]` for plain time, ω(eps) for Lindstedt's τ = ωt).
pub(super) fn order_coefficient(
    parts: &[Part],
    xs: &[Quasi],
    k: usize,
    order: usize,
    scale: &[Expr],
) -> Result<Quasi> {
    // scale^d as eps-series, d = 0..=order.
    let mut powers_of_scale: Vec<Vec<Expr>> = vec![vec![Expr::one()]];
    for _ in 0..order {
        let last = &powers_of_scale[powers_of_scale.len() - 1];
        let mut next = vec![Expr::zero(); k + 1];
        for (i, a) in last.iter().enumerate().take(k + 1) {
            for (j, b) in scale.iter().enumerate().take(k + 1 - i) {
                next[i + j] = expand(&canon::add2(
                    next[i + j].clone(),
                    canon::mul2(a.clone(), b.clone())?,
                )?)?;
            }
        }
        powers_of_scale.push(next);
    }
    // Per derivative order d, the eps-series of scale^d · d^d/dτ^d Σ eps^j x_j.
    let mut factors: Vec<Vec<Quasi>> = vec![vec![Quasi::default(); k + 1]; order + 1];
    for (j, x) in xs.iter().enumerate().take(k + 1) {
        let mut dx = x.clone();
        for (d, factor) in factors.iter_mut().enumerate() {
            if d > 0 {
                dx = dx.derivative()?;
            }
            for (l, c) in powers_of_scale[d].iter().enumerate() {
                if j + l <= k && !c.is_zero() {
                    factor[j + l] = factor[j + l].add(&dx.scale(c)?);
                }
            }
        }
    }
    let mut total = Quasi::default();
    for (a, powers, coeff) in parts {
        let a = *a as usize;
        if a > k {
            continue;
        }
        // Series in eps (to eps^(k − a)) of the product of the powers.
        let mut product: Vec<Quasi> = vec![Quasi::constant(Expr::one())];
        product.resize(k - a + 1, Quasi::default());
        for (d, &e) in powers.iter().enumerate() {
            for _ in 0..e {
                let mut next = vec![Quasi::default(); k - a + 1];
                for (i, pi) in product.iter().enumerate() {
                    if pi.terms.is_empty() {
                        continue;
                    }
                    for (j, fj) in factors[d].iter().enumerate().take(k - a + 1 - i) {
                        if !fj.terms.is_empty() {
                            next[i + j] = next[i + j].add(&pi.mul(fj)?);
                        }
                    }
                }
                product = next;
            }
        }
        total = total.add(&coeff.mul(&product[k - a])?);
    }
    Ok(total)
}

/// P(D) y = f: for each term c t^j e^(μt), y = e^(μt) Q(t) with Q from the triangular system
/// Σ_k P^(k)(μ)/k! Q^(k) = c t^j (Q divisible by t^r when μ is a root of multiplicity r).
pub(super) fn particular(p: &[Expr], f: &Quasi) -> Result<Quasi> {
    let m = p.len() - 1;
    let mut out = Quasi::default();
    for (mu, j, c) in &f.terms {
        // Taylor coefficients of P at μ: P^(k)(μ)/k!.
        let mut taylor = Vec::new();
        for k in 0..=m {
            let mut sum = Vec::new();
            for (d, pd) in p.iter().enumerate().skip(k) {
                let binom = Rational::from(rug::Integer::from(rug::Integer::binomial_u(
                    d as u32, k as u32,
                )));
                sum.push(canon::mul(vec![
                    pd.clone(),
                    num(binom),
                    canon::powi(mu.clone(), (d - k) as i64)?,
                ])?);
            }
            taylor.push(expand(&canon::add(sum)?)?);
        }
        let r = taylor.iter().position(|c| !c.is_zero()).unwrap_or(m);
        let j = *j as usize;
        // q_{r..=j+r}; equation for t^i (i from j down to 0):
        // Σ_{k ≥ r} taylor[k] · q_{i+k} · (i+k)!/i! = [i == j]·c.
        let mut q = vec![Expr::zero(); j + r + 1];
        for i in (0..=j).rev() {
            let mut rhs = if i == j { c.clone() } else { Expr::zero() };
            for k in (r + 1)..=m {
                if i + k <= j + r {
                    let falling = falling(i + k, k);
                    rhs = canon::sub(
                        rhs,
                        canon::mul(vec![taylor[k].clone(), q[i + k].clone(), num(falling)])?,
                    )?;
                }
            }
            let lead = canon::mul2(taylor[r].clone(), num(falling(i + r, r)))?;
            q[i + r] = cdiv(&rhs, &lead)?;
        }
        for (power, qk) in q.into_iter().enumerate() {
            out = out.plus(mu.clone(), power as u32, qk);
        }
    }
    Ok(out)
}

/// n!/(n − k)!.
fn falling(n: usize, k: usize) -> Rational {
    ((n - k + 1)..=n).fold(Rational::from(1), |acc, v| acc * Rational::from(v as u32))
}

/// The solution of P(D) y = 0 with y^(d)(0) = targets[d].
pub(super) fn homogeneous(roots: &[(Expr, usize)], targets: &[Expr]) -> Result<Quasi> {
    let basis: Vec<(Expr, u32)> = roots
        .iter()
        .flat_map(|(l, m)| (0..*m as u32).map(move |s| (l.clone(), s)))
        .collect();
    let m = targets.len();
    if basis.len() != m {
        return Err(MathError::Domain(
            "internal: the characteristic roots do not match the order".into(),
        ));
    }
    // M[d][b] = d-th derivative of t^s e^(λt) at 0 = d!/(d−s)! λ^(d−s) for d ≥ s.
    let mut a: Vec<Vec<Expr>> = Vec::new();
    for (d, target) in targets.iter().enumerate() {
        let mut row = Vec::new();
        for (l, s) in &basis {
            let s = *s as usize;
            row.push(if d >= s {
                expand(&canon::mul2(
                    num(falling(d, s)),
                    canon::powi(l.clone(), (d - s) as i64)?,
                )?)?
            } else {
                Expr::zero()
            });
        }
        row.push(target.clone());
        a.push(row);
    }
    // Gauss–Jordan over expressions (m is the order of the ODE: small).
    for col in 0..m {
        let Some(pivot) = (col..m).find(|&r| !a[r][col].is_zero()) else {
            return Err(MathError::Domain(
                "internal: singular initial-value system".into(),
            ));
        };
        a.swap(col, pivot);
        let lead = a[col][col].clone();
        for v in a[col].iter_mut() {
            *v = cdiv(v, &lead)?;
        }
        for r in 0..m {
            if r != col && !a[r][col].is_zero() {
                let factor = a[r][col].clone();
                let pivot_row = a[col].clone();
                for (v, p) in a[r].iter_mut().zip(&pivot_row) {
                    *v = expand(&canon::sub(
                        v.clone(),
                        canon::mul2(factor.clone(), p.clone())?,
                    )?)?;
                }
            }
        }
    }
    let mut out = Quasi::default();
    for (b, (l, s)) in basis.iter().enumerate() {
        out = out.plus(l.clone(), *s, a[b][m].clone());
    }
    Ok(out)
}
