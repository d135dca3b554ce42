//! Smart constructors: the only way to build an [`Expr`], each returning canonical form.
//!
//! Rules (the normal form that structural equality relies on):
//! - sums and products are flattened, sorted by [`Expr::cmp_canonical`], with one numeric
//!   term/factor at the front; like terms (`2x + 3x`) and like bases (`x * x^2`) are collected;
//! - a number times a single sum is distributed (`2(x+1)` → `2x + 2`), as in SymPy;
//! - exact powers are folded (`2^10`, `8^(1/3)`, `i^2`), integer powers distribute over products
//!   and nest (`(x^2)^3` → `x^6`), `e^log(x)` → `x`, rational powers of rationals keep only the
//!   irreducible part (`8^(1/2)` → `2*2^(1/2)` is not attempted; `2^(3/2)` → `2*2^(1/2)`);
//! - registry functions apply their exact rules (`sin(0)` → 0) and parity (`sin(-x)` → `-sin(x)`),
//!   and evaluate numerically when an argument is already approximate.
//!
//! Every constructor is fallible: exact arithmetic can divide by zero or exceed
//! [`crate::limits::MAX_INTEGER_BITS`].

use rug::{Integer, Rational};

use super::number::Number;
use super::{Constant, Expr, Node};
use crate::functions::{Func, Parity};
use crate::math_error::MathError;

pub type Result<T> = std::result::Result<T, MathError>;

/// `a + b`.
pub fn add2(a: Expr, b: Expr) -> Result<Expr> {
    add(vec![a, b])
}
/// `a - b`.
pub fn sub(a: Expr, b: Expr) -> Result<Expr> {
    add(vec![a, neg(b)?])
}
/// `a * b`.
pub fn mul2(a: Expr, b: Expr) -> Result<Expr> {
    mul(vec![a, b])
}
/// `a / b`; exact division by zero is an error.
pub fn div(a: Expr, b: Expr) -> Result<Expr> {
    mul(vec![a, pow(b, Expr::int(-1))?])
}
/// `-a`.
pub fn neg(a: Expr) -> Result<Expr> {
    mul(vec![Expr::int(-1), a])
}
/// `a^n` for a small integer `n`.
pub fn powi(a: Expr, n: i64) -> Result<Expr> {
    pow(a, Expr::int(n))
}

/// The parts of a sum's term, viewed without building anything: its numeric coefficient (if
/// any) and the factors after it (`3*x*y` → (3, [x, y]); `x` → (none, [x])).
fn term_parts(t: &Expr) -> (Option<&Number>, &[Expr]) {
    match t.node() {
        Node::Mul(f) => match f[0].node() {
            Node::Num(n) => (Some(n), &f[1..]),
            _ => (None, &f[..]),
        },
        _ => (None, std::slice::from_ref(t)),
    }
}

/// Fold the numeric terms or factors of a sum or product. A single one is returned as the
/// very node it came in (no new allocation): most sums and products carry at most one number.
fn fold_numbers(
    numbers: Vec<Expr>,
    op: fn(&Number, &Number) -> Result<Number>,
) -> Result<Option<Expr>> {
    let mut iter = numbers.into_iter();
    let Some(first) = iter.next() else {
        return Ok(None);
    };
    let mut total: Option<Number> = None;
    for e in iter {
        if let Some(n) = e.as_number() {
            let acc = match &total {
                None => first
                    .as_number()
                    .map_or_else(|| Ok(n.clone()), |f| op(f, n))?,
                Some(t) => op(t, n)?,
            };
            total = Some(acc);
        }
    }
    Ok(Some(match total {
        None => first,
        Some(t) => Expr::num(t),
    }))
}

fn is_exact_zero(n: &Number) -> bool {
    n.is_zero() && n.is_exact()
}

/// Canonical sum of `terms`.
pub fn add(terms: Vec<Expr>) -> Result<Expr> {
    let mut flat: Vec<Expr> = Vec::with_capacity(terms.len());
    for t in terms {
        match t.node() {
            Node::Add(inner) => flat.extend(inner.iter().cloned()),
            _ => flat.push(t),
        }
    }
    let (numbers, mut rest): (Vec<Expr>, Vec<Expr>) =
        flat.into_iter().partition(|t| t.as_number().is_some());
    let constant = fold_numbers(numbers, Number::add)?;
    // Sort by the non-numeric part so like terms are adjacent, then merge each run.
    rest.sort_by(|a, b| super::cmp_slices(term_parts(a).1, term_parts(b).1));
    let mut out: Vec<Expr> = Vec::with_capacity(rest.len() + 1);
    let mut i = 0;
    while i < rest.len() {
        let factors = term_parts(&rest[i]).1;
        let mut j = i + 1;
        while j < rest.len() && term_parts(&rest[j]).1 == factors {
            j += 1;
        }
        if j == i + 1 {
            out.push(rest[i].clone());
        } else {
            let mut coeff = Number::zero();
            for t in &rest[i..j] {
                coeff = match term_parts(t).0 {
                    Some(c) => coeff.add(c)?,
                    None => coeff.add(&Number::one())?,
                };
            }
            if !is_exact_zero(&coeff) {
                let base = if factors.len() == 1 {
                    factors[0].clone()
                } else {
                    Expr::from_node(Node::Mul(factors.to_vec()))
                };
                out.push(scale(coeff, base)?);
            }
        }
        i = j;
    }
    if let Some(c) = constant.filter(|c| !c.as_number().is_some_and(is_exact_zero)) {
        out.insert(0, c);
    }
    Ok(match out.len() {
        0 => Expr::zero(),
        1 => out.pop().unwrap_or_else(Expr::zero),
        _ => Expr::from_node(Node::Add(out)),
    })
}

/// `coeff * rest` where `rest` is a non-numeric term without its own coefficient.
fn scale(coeff: Number, rest: Expr) -> Result<Expr> {
    if coeff.is_one() {
        return Ok(rest);
    }
    if is_exact_zero(&coeff) {
        return Ok(Expr::zero());
    }
    Ok(match rest.node() {
        Node::Mul(f) => {
            let mut v = Vec::with_capacity(f.len() + 1);
            v.push(Expr::num(coeff));
            v.extend(f.iter().cloned());
            Expr::from_node(Node::Mul(v))
        }
        // A number times a sum distributes; go through the full constructor.
        Node::Add(_) => return mul(vec![Expr::num(coeff), rest]),
        _ => Expr::from_node(Node::Mul(vec![Expr::num(coeff), rest])),
    })
}

/// The base of a factor (`x^3` → `x`; anything else is its own base).
fn base_of(f: &Expr) -> &Expr {
    match f.node() {
        Node::Pow(b, _) => b,
        _ => f,
    }
}

/// Canonical product of `factors`.
pub fn mul(factors: Vec<Expr>) -> Result<Expr> {
    let mut flat: Vec<Expr> = Vec::with_capacity(factors.len());
    for f in factors {
        match f.node() {
            Node::Mul(inner) => flat.extend(inner.iter().cloned()),
            _ => flat.push(f),
        }
    }
    let (numbers, mut rest): (Vec<Expr>, Vec<Expr>) =
        flat.into_iter().partition(|f| f.as_number().is_some());
    let mut coeff = fold_numbers(numbers, Number::mul)?;
    if coeff
        .as_ref()
        .and_then(Expr::as_number)
        .is_some_and(is_exact_zero)
    {
        return Ok(Expr::zero());
    }
    // Sort by base so like bases are adjacent; a lone factor is already canonical.
    rest.sort_by(|a, b| base_of(a).cmp_canonical(base_of(b)));
    let mut out: Vec<Expr> = Vec::with_capacity(rest.len() + 1);
    let mut needs_renormalising = false;
    let mut i = 0;
    while i < rest.len() {
        let base = base_of(&rest[i]);
        let mut j = i + 1;
        while j < rest.len() && base_of(&rest[j]) == base {
            j += 1;
        }
        if j == i + 1 {
            out.push(rest[i].clone());
            i = j;
            continue;
        }
        let exponents = rest[i..j].iter().map(|f| f.split_power().1).collect();
        let combined = pow(base.clone(), add(exponents)?)?;
        match combined.node() {
            Node::Num(_) => {
                coeff = fold_numbers(coeff.into_iter().chain([combined]).collect(), Number::mul)?
            }
            Node::Mul(_) => {
                needs_renormalising = true;
                out.push(combined);
            }
            _ => out.push(combined),
        }
        i = j;
    }
    let coeff_expr = coeff.unwrap_or_else(Expr::one);
    let coeff = coeff_expr.as_number().cloned().unwrap_or_else(Number::one);
    if is_exact_zero(&coeff) {
        return Ok(Expr::zero());
    }
    if needs_renormalising {
        // A collected power split into several factors (e.g. 2^(3/2) → 2·√2): one more pass.
        out.push(coeff_expr);
        return mul(out);
    }
    out.sort_by(Expr::cmp_canonical);
    if out.is_empty() {
        return Ok(Expr::num(coeff));
    }
    if coeff.is_one() && out.len() == 1 {
        return Ok(out.remove(0));
    }
    if out.len() == 1
        && let Node::Add(terms) = out[0].node()
    {
        let scaled = terms
            .iter()
            .map(|t| mul(vec![coeff_expr.clone(), t.clone()]))
            .collect::<Result<Vec<_>>>()?;
        return add(scaled);
    }
    if !coeff.is_one() {
        out.insert(0, coeff_expr);
    }
    Ok(Expr::from_node(Node::Mul(out)))
}

/// Canonical power `base^exp`.
pub fn pow(base: Expr, exp: Expr) -> Result<Expr> {
    if exp.is_zero() {
        return Ok(Expr::one());
    }
    if exp.is_one() {
        return Ok(base);
    }
    if base.is_one() {
        return Ok(Expr::one());
    }
    if let (Node::Num(b), Node::Num(e)) = (base.node(), exp.node()) {
        match pow_numbers(b, e) {
            Ok(Some(result)) => return Ok(result),
            Ok(None) => {}
            // A fraction to a huge power ((1 + 1/10^7)^(10^7) ≈ e) has no exact value within
            // the integer limit but a modest size: it stays a power, which N evaluates.
            // Integers to huge powers (10^10^10) are still refused.
            Err(MathError::TooLarge { .. })
                if matches!(b, Number::Exact(r) if *r.denom() != 1) && e.is_exact() =>
            {
                return Ok(Expr::from_node(Node::Pow(base, exp)));
            }
            Err(err) => return Err(err),
        }
    }
    if base.is_zero()
        && let Some(e) = exp.as_number()
    {
        return if e.is_negative() {
            Err(MathError::DivisionByZero)
        } else {
            Ok(Expr::zero())
        };
    }
    let integer_exp = exp.as_number().and_then(Number::as_integer).cloned();
    match base.node() {
        Node::Const(Constant::I) => {
            if let Some(n) = &integer_exp {
                let r = Integer::from(n.mod_u(4));
                return Ok(match r.to_u32().unwrap_or(0) {
                    0 => Expr::one(),
                    1 => base,
                    2 => Expr::int(-1),
                    _ => neg(base)?,
                });
            }
        }
        Node::Const(Constant::E) => {
            if let Node::Call(f, args) = exp.node()
                && f.name() == "log"
                && args.len() == 1
            {
                return Ok(args[0].clone());
            }
        }
        Node::Pow(b, e) if integer_exp.is_some() => {
            return pow(b.clone(), mul2(e.clone(), exp)?);
        }
        Node::Mul(factors) if integer_exp.is_some() => {
            let powered = factors
                .iter()
                .map(|f| pow(f.clone(), exp.clone()))
                .collect::<Result<Vec<_>>>()?;
            return mul(powered);
        }
        Node::Add(terms) if integer_exp.is_some() => {
            // (2x + 2)^n → 2^n (x + 1)^n: a sum under an integer power is kept primitive, so
            // 1/(2*(x + 1)) and 1/(2x + 2) are the same tree.
            if let Some(content) = rational_content(terms)
                && !content.is_one()
            {
                let primitive = terms
                    .iter()
                    .map(|t| mul2(Expr::num(content.recip()?), t.clone()))
                    .collect::<Result<Vec<_>>>()?;
                return mul2(
                    pow(Expr::num(content), exp.clone())?,
                    pow(add(primitive)?, exp)?,
                );
            }
        }
        _ => {}
    }
    Ok(Expr::from_node(Node::Pow(base, exp)))
}

/// The rational content of a sum: gcd of the numerators over lcm of the denominators of its
/// exact coefficients, signed so the first non-constant term of the primitive part is positive.
fn rational_content(terms: &[Expr]) -> Option<Number> {
    let mut num = Integer::new();
    let mut den = Integer::from(1);
    for t in terms {
        let (c, _) = t.split_coefficient();
        let r = c.as_rational()?;
        num.gcd_mut(r.numer());
        den.lcm_mut(r.denom());
    }
    if num == 0 {
        return None;
    }
    let leading = terms.iter().find(|t| t.as_number().is_none())?;
    let first_negative = leading.split_coefficient().0.is_negative();
    let content = Rational::from((num, den));
    Some(Number::Exact(if first_negative {
        -content
    } else {
        content
    }))
}

/// Fold `b^e` for numbers when the result is a number or a simpler power; `None` keeps it.
fn pow_numbers(b: &Number, e: &Number) -> Result<Option<Expr>> {
    match (b, e) {
        (_, Number::Exact(r)) if *r.denom() == 1 => Ok(Some(Expr::num(b.pow_int(r.numer())?))),
        (Number::Exact(br), Number::Exact(er)) => {
            if *br < 0 {
                // (-n)^(1/2) = i·n^(1/2); other negative bases keep their principal branch symbolic.
                if *er.denom() == 2 {
                    let positive = Expr::num(Number::Exact(Rational::from(-br)));
                    let root = pow(positive, Expr::num(e.clone()))?;
                    let i_power = pow(
                        Expr::constant(Constant::I),
                        Expr::num(Number::Exact(Rational::from(er.numer()))),
                    )?;
                    return mul2(i_power, root).map(Some);
                }
                return Ok(None);
            }
            if let Some(exact) = b.exact_root_pow(er)? {
                return Ok(Some(Expr::num(exact)));
            }
            // Keep only the fractional part of the exponent: 2^(7/3) → 4·2^(1/3).
            let whole = er.clone().floor();
            if whole != 0 {
                let int_part = b.pow_int(whole.numer())?;
                let frac = Rational::from(er - &whole);
                let rest = Expr::from_node(Node::Pow(
                    Expr::num(b.clone()),
                    Expr::num(Number::Exact(frac)),
                ));
                return mul2(Expr::num(int_part), rest).map(Some);
            }
            Ok(None)
        }
        _ => {
            // Approximate arithmetic: evaluate when the real result exists.
            if b.is_negative() || (b.is_exact() && e.is_exact()) {
                return Ok(None);
            }
            b.approx_pow(e).map(|n| Some(Expr::num(n)))
        }
    }
}

/// Canonical application of a registry function (arity already checked by the caller).
pub fn call(f: Func, args: Vec<Expr>) -> Result<Expr> {
    crate::interrupt::check()?;
    // The rules and kernels index their arguments: never call them with the wrong count.
    if !f.def().accepts(args.len()) {
        return Err(MathError::Domain(format!(
            "{} does not take {} arguments ({})",
            f.name(),
            args.len(),
            f.def().signature()
        )));
    }
    if let Some(result) = (f.def().exact)(&args) {
        return result;
    }
    if args.len() == 1 && f.def().parity != Parity::None && args[0].has_negative_sign() {
        let flipped = neg(args[0].clone())?;
        let inner = call(f, vec![flipped])?;
        return if f.def().parity == Parity::Odd {
            neg(inner)
        } else {
            Ok(inner)
        };
    }
    let numeric = args.iter().all(|a| a.as_number().is_some());
    let any_approx = args
        .iter()
        .any(|a| a.as_number().is_some_and(|n| !n.is_exact()));
    if numeric && any_approx {
        let digits = args
            .iter()
            .filter_map(|a| match a.as_number() {
                Some(Number::Approx { digits, .. }) => Some(*digits),
                _ => None,
            })
            .min()
            .unwrap_or(15);
        let expr = Expr::from_node(Node::Call(f, args));
        return crate::numeric::eval::approximate(&expr, digits);
    }
    Ok(Expr::from_node(Node::Call(f, args)))
}
