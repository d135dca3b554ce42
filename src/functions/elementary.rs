//! Elementary functions: roots, exp/log, trigonometric and hyperbolic families and their
//! inverses, and the piecewise functions (abs, sign, floor, ceil, min, max, heaviside).

use rug::Rational;

use super::{FunctionDef, Parity, Result, SeriesRule, apply, apply1, kernels, zero_partial};
use crate::expr::canon::{add2, div, mul, mul2, neg, pow, powi, sub};
use crate::expr::{Constant, Expr, Node, Number};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::scalar::Scalar;

/// Argument `i` of a kernel call (arity is checked before any kernel runs).
pub(super) fn arg<S>(a: &[S], i: usize) -> Result<&S> {
    a.get(i)
        .ok_or_else(|| MathError::Domain("internal: missing argument".into()))
}

macro_rules! unary_kernel {
    ($name:ident, $method:ident) => {
        fn $name<S: Scalar>(a: &[S]) -> Result<S> {
            arg(a, 0)?.$method()
        }
    };
}
pub(super) use unary_kernel;

unary_kernel!(k_sqrt, sqrt);
unary_kernel!(k_cbrt, cbrt);
unary_kernel!(k_exp, exp);
unary_kernel!(k_sin, sin);
unary_kernel!(k_cos, cos);
unary_kernel!(k_tan, tan);
unary_kernel!(k_asin, asin);
unary_kernel!(k_acos, acos);
unary_kernel!(k_atan, atan);
unary_kernel!(k_sinh, sinh);
unary_kernel!(k_cosh, cosh);
unary_kernel!(k_tanh, tanh);
unary_kernel!(k_asinh, asinh);
unary_kernel!(k_acosh, acosh);
unary_kernel!(k_atanh, atanh);
unary_kernel!(k_floor, floor);
unary_kernel!(k_ceil, ceil);

fn k_log<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?.ln()?;
    match a.get(1) {
        Some(b) => x.div(&b.ln()?),
        None => Ok(x),
    }
}
fn k_sec<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    x.lift_i64(1).div(&x.cos()?)
}
fn k_csc<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    x.lift_i64(1).div(&x.sin()?)
}
fn k_cot<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    x.cos()?.div(&x.sin()?)
}
fn k_abs<S: Scalar>(a: &[S]) -> Result<S> {
    Ok(arg(a, 0)?.abs())
}
/// Real arguments only: sign is the derivative of abs, which has none off the real line (for a
/// complex z the direction z/abs(z) is written out).
fn k_sign<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    Ok(x.lift_i64(match x.cmp_real(&x.lift_i64(0), "sign")? {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}
fn k_heaviside<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    Ok(match x.cmp_real(&x.lift_i64(0), "heaviside")? {
        std::cmp::Ordering::Less => x.lift_i64(0),
        std::cmp::Ordering::Equal => x.lift(&Rational::from((1, 2))),
        std::cmp::Ordering::Greater => x.lift_i64(1),
    })
}
fn k_atan2<S: Scalar>(a: &[S]) -> Result<S> {
    let (y, x) = (arg(a, 0)?, arg(a, 1)?);
    let zero = x.lift_i64(0);
    let pi = x.constant(Constant::Pi)?;
    let y_sign = y.cmp_real(&zero, "atan2")?;
    match x.cmp_real(&zero, "atan2")? {
        std::cmp::Ordering::Greater => y.div(x)?.atan(),
        std::cmp::Ordering::Less => {
            let base = y.div(x)?.atan()?;
            Ok(if y_sign.is_lt() {
                base.sub(&pi)
            } else {
                base.add(&pi)
            })
        }
        std::cmp::Ordering::Equal => Ok(match y_sign {
            std::cmp::Ordering::Greater => pi.div(&x.lift_i64(2))?,
            std::cmp::Ordering::Less => pi.div(&x.lift_i64(-2))?,
            std::cmp::Ordering::Equal => zero,
        }),
    }
}
fn extremum<S: Scalar>(a: &[S], want: std::cmp::Ordering, what: &str) -> Result<S> {
    let mut best = arg(a, 0)?.clone();
    for x in &a[1..] {
        if x.cmp_real(&best, what)? == want {
            best = x.clone();
        }
    }
    Ok(best)
}
fn k_min<S: Scalar>(a: &[S]) -> Result<S> {
    extremum(a, std::cmp::Ordering::Less, "min")
}
fn k_max<S: Scalar>(a: &[S]) -> Result<S> {
    extremum(a, std::cmp::Ordering::Greater, "max")
}

/// `x` as a rational multiple of π, when it is one (`0`, `pi`, `3*pi/4`).
fn pi_multiple(x: &Expr) -> Option<Rational> {
    match x.node() {
        Node::Num(n) => n.as_rational().filter(|r| **r == 0).cloned(),
        Node::Const(Constant::Pi) => Some(Rational::from(1)),
        Node::Mul(f) if f.len() == 2 && matches!(f[1].node(), Node::Const(Constant::Pi)) => {
            f[0].as_number()?.as_rational().cloned()
        }
        _ => None,
    }
}

/// sin(qπ) exactly for q a multiple of 1/6 or 1/4.
fn sin_pi_exact(q: &Rational) -> Option<Result<Expr>> {
    let twelfths = Rational::from(q * 12u32);
    if *twelfths.denom() != 1 {
        return None;
    }
    let k = twelfths.numer().mod_u(24);
    let (magnitude, negative) = if k >= 12 { (k - 12, true) } else { (k, false) };
    let half_root = |n: i64| {
        pow(Expr::int(n), Expr::rational(1, 2)).and_then(|r| mul2(Expr::rational(1, 2), r))
    };
    let value = match magnitude {
        0 => Ok(Expr::zero()),
        2 | 10 => Ok(Expr::rational(1, 2)),
        3 | 9 => half_root(2),
        4 | 8 => half_root(3),
        6 => Ok(Expr::one()),
        _ => return None,
    };
    Some(if negative { value.and_then(neg) } else { value })
}

fn exact_sin(a: &[Expr]) -> Option<Result<Expr>> {
    sin_pi_exact(&pi_multiple(&a[0])?)
}
fn exact_cos(a: &[Expr]) -> Option<Result<Expr>> {
    sin_pi_exact(&(pi_multiple(&a[0])? + Rational::from((1, 2))))
}
fn exact_tan(a: &[Expr]) -> Option<Result<Expr>> {
    exact_quotient("tan", &a[0], exact_sin(a), exact_cos(a))
}
/// `numerator / denominator` of two exact values, where a zero denominator is a pole of `name`.
fn exact_quotient(
    name: &str,
    x: &Expr,
    numerator: Option<Result<Expr>>,
    denominator: Option<Result<Expr>>,
) -> Option<Result<Expr>> {
    let (n, d) = (numerator?, denominator?);
    Some(n.and_then(|n| {
        d.and_then(|d| {
            if d.is_zero() {
                Err(MathError::Domain(format!(
                    "{name}({x}) is undefined (a pole)"
                )))
            } else {
                div(n, d)
            }
        })
    }))
}
fn exact_sec(a: &[Expr]) -> Option<Result<Expr>> {
    exact_quotient("sec", &a[0], Some(Ok(Expr::one())), exact_cos(a))
}
fn exact_csc(a: &[Expr]) -> Option<Result<Expr>> {
    exact_quotient("csc", &a[0], Some(Ok(Expr::one())), exact_sin(a))
}
fn exact_cot(a: &[Expr]) -> Option<Result<Expr>> {
    exact_quotient("cot", &a[0], exact_cos(a), exact_sin(a))
}
/// A rule that maps one exact argument value to one exact result.
fn exact_at(a: &[Expr], at: i64, value: impl FnOnce() -> Result<Expr>) -> Option<Result<Expr>> {
    let n = a.first()?.as_number()?;
    (n.is_exact() && n.to_i64() == Some(at)).then(value)
}
fn exact_sqrt(a: &[Expr]) -> Option<Result<Expr>> {
    Some(pow(a[0].clone(), Expr::rational(1, 2)))
}
fn exact_cbrt(a: &[Expr]) -> Option<Result<Expr>> {
    let r = a[0].as_number()?.as_rational()?.clone();
    let magnitude = Number::Exact(Rational::from(r.abs_ref()));
    let root = magnitude.exact_root_pow(&Rational::from((1, 3))).ok()??;
    Some(Ok(Expr::num(if r < 0 { root.neg() } else { root })))
}
fn exact_exp(a: &[Expr]) -> Option<Result<Expr>> {
    Some(pow(Expr::constant(Constant::E), a[0].clone()))
}
fn exact_log(a: &[Expr]) -> Option<Result<Expr>> {
    if let Some(base) = a.get(1) {
        return Some(
            apply1("log", &a[0]).and_then(|l| apply1("log", base).and_then(|lb| div(l, lb))),
        );
    }
    if a[0].is_zero() {
        return Some(Err(MathError::Domain(
            "log(0) is undefined (a pole)".into(),
        )));
    }
    if a[0].is_one() {
        return Some(Ok(Expr::zero()));
    }
    match a[0].node() {
        Node::Const(Constant::E) => Some(Ok(Expr::one())),
        // log(e^r) = r for a real number r (the principal branch agrees).
        Node::Pow(b, e)
            if matches!(b.node(), Node::Const(Constant::E)) && e.as_number().is_some() =>
        {
            Some(Ok(e.clone()))
        }
        _ => None,
    }
}
fn exact_asin(a: &[Expr]) -> Option<Result<Expr>> {
    exact_at(a, 0, || Ok(Expr::zero()))
        .or_else(|| exact_at(a, 1, || div(Expr::constant(Constant::Pi), Expr::int(2))))
}
fn exact_acos(a: &[Expr]) -> Option<Result<Expr>> {
    exact_at(a, 1, || Ok(Expr::zero()))
        .or_else(|| exact_at(a, 0, || div(Expr::constant(Constant::Pi), Expr::int(2))))
}
fn exact_atan(a: &[Expr]) -> Option<Result<Expr>> {
    exact_at(a, 0, || Ok(Expr::zero()))
        .or_else(|| exact_at(a, 1, || div(Expr::constant(Constant::Pi), Expr::int(4))))
}
fn exact_zero_at_zero(a: &[Expr]) -> Option<Result<Expr>> {
    exact_at(a, 0, || Ok(Expr::zero()))
}
fn exact_one_at_zero(a: &[Expr]) -> Option<Result<Expr>> {
    exact_at(a, 0, || Ok(Expr::one()))
}
fn exact_acosh(a: &[Expr]) -> Option<Result<Expr>> {
    exact_at(a, 1, || Ok(Expr::zero()))
}
fn exact_atanh(a: &[Expr]) -> Option<Result<Expr>> {
    exact_zero_at_zero(a).or_else(|| {
        let n = a[0].as_number()?.to_i64()?;
        (n.abs() == 1).then(|| {
            Err(MathError::Domain(format!(
                "atanh({n}) is undefined (a pole)"
            )))
        })
    })
}
/// Exact value of a real rational argument through an exact rational map.
fn exact_rational(a: &[Expr], f: impl Fn(&Rational) -> Rational) -> Option<Result<Expr>> {
    let r = a.first()?.as_number()?.as_rational()?;
    Some(Ok(Expr::num(Number::Exact(f(r)))))
}
fn exact_abs(a: &[Expr]) -> Option<Result<Expr>> {
    match a[0].node() {
        Node::Const(Constant::Pi | Constant::E) => Some(Ok(a[0].clone())),
        Node::Const(Constant::I) => Some(Ok(Expr::one())),
        _ => exact_rational(a, |r| Rational::from(r.abs_ref())),
    }
}
fn exact_sign(a: &[Expr]) -> Option<Result<Expr>> {
    match a[0].node() {
        Node::Const(Constant::Pi | Constant::E) => Some(Ok(Expr::one())),
        _ => exact_rational(a, |r| Rational::from(r.cmp0() as i32)),
    }
}
fn exact_heaviside(a: &[Expr]) -> Option<Result<Expr>> {
    exact_rational(a, |r| match r.cmp0() {
        std::cmp::Ordering::Less => Rational::from(0),
        std::cmp::Ordering::Equal => Rational::from((1, 2)),
        std::cmp::Ordering::Greater => Rational::from(1),
    })
}
fn exact_floor(a: &[Expr]) -> Option<Result<Expr>> {
    exact_rational(a, |r| Rational::from(r.floor_ref()))
}
fn exact_ceil(a: &[Expr]) -> Option<Result<Expr>> {
    exact_rational(a, |r| Rational::from(r.ceil_ref()))
}
/// min/max: sort and deduplicate the arguments; fold when all are exact numbers.
fn exact_extremum(a: &[Expr], name: &str, want_max: bool) -> Option<Result<Expr>> {
    if a.iter()
        .all(|x| x.as_number().is_some_and(Number::is_exact))
    {
        let mut best = a[0].clone();
        for x in &a[1..] {
            let ord = x.as_number()?.cmp_value(best.as_number()?);
            if (want_max && ord.is_gt()) || (!want_max && ord.is_lt()) {
                best = x.clone();
            }
        }
        return Some(Ok(best));
    }
    let mut sorted = a.to_vec();
    sorted.sort_by(Expr::cmp_canonical);
    sorted.dedup();
    if sorted.len() == 1 {
        return sorted.pop().map(Ok);
    }
    if sorted.len() == a.len() && sorted.iter().zip(a).all(|(x, y)| x == y) {
        return None;
    }
    Some(apply(name, sorted))
}
fn exact_min(a: &[Expr]) -> Option<Result<Expr>> {
    exact_extremum(a, "min", false)
}
fn exact_max(a: &[Expr]) -> Option<Result<Expr>> {
    exact_extremum(a, "max", true)
}
fn exact_atan2(a: &[Expr]) -> Option<Result<Expr>> {
    let (y, x) = (a[0].as_number()?, a[1].as_number()?);
    if !(y.is_exact() && x.is_exact()) {
        return None;
    }
    if y.is_zero() && !x.is_negative() && !x.is_zero() {
        return Some(Ok(Expr::zero()));
    }
    None
}

/// `1/sqrt(e)`.
fn rsqrt(e: Expr) -> Result<Expr> {
    pow(e, Expr::rational(-1, 2))
}
fn x_squared(a: &[Expr]) -> Result<Expr> {
    powi(a[0].clone(), 2)
}

fn d_sqrt(a: &[Expr], _: usize) -> Result<Expr> {
    mul2(Expr::rational(1, 2), rsqrt(a[0].clone())?)
}
fn d_cbrt(a: &[Expr], _: usize) -> Result<Expr> {
    div(Expr::rational(1, 3), powi(apply1("cbrt", &a[0])?, 2)?)
}
fn d_exp(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("exp", &a[0])
}
fn d_log(a: &[Expr], i: usize) -> Result<Expr> {
    match (a.len(), i) {
        (1, _) => powi(a[0].clone(), -1),
        // log(x, b) is rewritten to log(x)/log(b) before it can be differentiated.
        _ => Err(MathError::Domain(
            "log(x, b) must be rewritten before differentiation".into(),
        )),
    }
}
fn d_sin(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("cos", &a[0])
}
fn d_cos(a: &[Expr], _: usize) -> Result<Expr> {
    neg(apply1("sin", &a[0])?)
}
fn d_tan(a: &[Expr], _: usize) -> Result<Expr> {
    add2(Expr::one(), powi(apply1("tan", &a[0])?, 2)?)
}
fn d_sec(a: &[Expr], _: usize) -> Result<Expr> {
    mul2(apply1("sec", &a[0])?, apply1("tan", &a[0])?)
}
fn d_csc(a: &[Expr], _: usize) -> Result<Expr> {
    neg(mul2(apply1("csc", &a[0])?, apply1("cot", &a[0])?)?)
}
fn d_cot(a: &[Expr], _: usize) -> Result<Expr> {
    neg(add2(Expr::one(), powi(apply1("cot", &a[0])?, 2)?)?)
}
fn d_asin(a: &[Expr], _: usize) -> Result<Expr> {
    rsqrt(sub(Expr::one(), x_squared(a)?)?)
}
fn d_acos(a: &[Expr], _: usize) -> Result<Expr> {
    neg(rsqrt(sub(Expr::one(), x_squared(a)?)?)?)
}
fn d_atan(a: &[Expr], _: usize) -> Result<Expr> {
    powi(add2(Expr::one(), x_squared(a)?)?, -1)
}
fn d_atan2(a: &[Expr], i: usize) -> Result<Expr> {
    let r2 = add2(powi(a[0].clone(), 2)?, powi(a[1].clone(), 2)?)?;
    if i == 0 {
        div(a[1].clone(), r2)
    } else {
        neg(div(a[0].clone(), r2)?)
    }
}
fn d_sinh(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("cosh", &a[0])
}
fn d_cosh(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("sinh", &a[0])
}
fn d_tanh(a: &[Expr], _: usize) -> Result<Expr> {
    sub(Expr::one(), powi(apply1("tanh", &a[0])?, 2)?)
}
fn d_asinh(a: &[Expr], _: usize) -> Result<Expr> {
    rsqrt(add2(x_squared(a)?, Expr::one())?)
}
fn d_acosh(a: &[Expr], _: usize) -> Result<Expr> {
    mul(vec![
        rsqrt(sub(a[0].clone(), Expr::one())?)?,
        rsqrt(add2(a[0].clone(), Expr::one())?)?,
    ])
}
fn d_atanh(a: &[Expr], _: usize) -> Result<Expr> {
    powi(sub(Expr::one(), x_squared(a)?)?, -1)
}
fn d_abs(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("sign", &a[0])
}
/// ∂max/∂a_i = Π_{j≠i} H(a_i − a_j) (and with the differences reversed for min).
fn d_extremum(a: &[Expr], i: usize, want_max: bool) -> Result<Expr> {
    let factors = (0..a.len())
        .filter(|&j| j != i)
        .map(|j| {
            let d = if want_max {
                sub(a[i].clone(), a[j].clone())
            } else {
                sub(a[j].clone(), a[i].clone())
            }?;
            apply("heaviside", vec![d])
        })
        .collect::<Result<Vec<_>>>()?;
    mul(factors)
}
fn d_min(a: &[Expr], i: usize) -> Result<Expr> {
    d_extremum(a, i, false)
}
fn d_max(a: &[Expr], i: usize) -> Result<Expr> {
    d_extremum(a, i, true)
}

/// tan, sec, csc and cot expand as quotients of sin and cos: at their poles the quotient
/// gives the Laurent series.
fn rewrite_tan(a: &[Expr]) -> Result<Expr> {
    super::canon::div(apply1("sin", &a[0])?, apply1("cos", &a[0])?)
}
fn rewrite_sec(a: &[Expr]) -> Result<Expr> {
    super::canon::powi(apply1("cos", &a[0])?, -1)
}
fn rewrite_csc(a: &[Expr]) -> Result<Expr> {
    super::canon::powi(apply1("sin", &a[0])?, -1)
}
fn rewrite_cot(a: &[Expr]) -> Result<Expr> {
    super::canon::div(apply1("cos", &a[0])?, apply1("sin", &a[0])?)
}

/// A one-argument entry.
#[allow(clippy::too_many_arguments)]
pub(super) fn unary(
    name: &'static str,
    aliases: &'static [&'static str],
    help: &'static str,
    parity: Parity,
    exact: fn(&[Expr]) -> Option<Result<Expr>>,
    partial: fn(&[Expr], usize) -> Result<Expr>,
    kernels: super::Kernels,
) -> FunctionDef {
    FunctionDef {
        aliases,
        parity,
        ..FunctionDef::new(name, (&["x"], 1), help, exact, partial, kernels)
    }
}

pub(super) fn entries() -> Vec<FunctionDef> {
    use Parity::{Even, None as NoParity, Odd};
    vec![
        unary(
            "sqrt",
            &[],
            "Principal square root; sqrt(x) is x^(1/2), so sqrt(-4) = 2*i. Branch cut: the negative real axis, where a real negative argument takes the upper side (+i), as do all powers x^a.",
            NoParity,
            exact_sqrt,
            d_sqrt,
            kernels!(k_sqrt, f64::sqrt),
        ).on(&[(0.1, 4.0)]).tex("\\sqrt{#1}"),
        unary(
            "cbrt",
            &[],
            "Cube root: the real root for real x, the principal root for complex x. cbrt(-8) = -2 (unlike (-8)^(1/3)); cbrt(-8*i) = sqrt(3) - i (cut along the negative real axis). Not odd off the reals, so cbrt(-x) is left as it is.",
            NoParity,
            exact_cbrt,
            d_cbrt,
            kernels!(k_cbrt, f64::cbrt),
        ).on(&[(0.1, 3.0)])
        .interval(crate::numeric::interval::kernels::cbrt),
        unary(
            "exp",
            &[],
            "Exponential; exp(x) is e^x.",
            NoParity,
            exact_exp,
            d_exp,
            kernels!(k_exp, f64::exp),
        ).on(&[(-3.0, 3.0)])
        .complex_interval(crate::numeric::complex_interval::kernels::exp).tex("\\exp"),
        FunctionDef {
            name: "log",
            aliases: &["ln"],
            params: &["x", "b"],
            min_args: 1,
            variadic: false,
            help: "Natural logarithm (principal branch); log(x, b) is the logarithm to base b. Branch cut along the negative real axis, where a real argument takes the upper side: log(-1) = pi*i, imaginary part in (-pi, pi].",
            parity: NoParity,
            exact: exact_log,
            partial: d_log,
            kernels: kernels!(k_log, f64::ln),
            max_digits: limits::MAX_DIGITS,
            latex: "",
            domain: &[],
            interval: None,
            complex_interval: None,
            series: SeriesRule::Derivative,
        }.on(&[(0.1, 5.0)])
        .interval(crate::numeric::interval::kernels::log).tex("\\log"),
        unary(
            "sin",
            &[],
            "Sine (radians); exact at multiples of pi/6 and pi/4.",
            Odd,
            exact_sin,
            d_sin,
            kernels!(k_sin, f64::sin),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::sin)
        .complex_interval(crate::numeric::complex_interval::kernels::sin).tex("\\sin"),
        unary(
            "cos",
            &[],
            "Cosine (radians); exact at multiples of pi/6 and pi/4.",
            Even,
            exact_cos,
            d_cos,
            kernels!(k_cos, f64::cos),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::cos)
        .complex_interval(crate::numeric::complex_interval::kernels::cos).tex("\\cos"),
        unary(
            "tan",
            &[],
            "Tangent (radians); poles at odd multiples of pi/2.",
            Odd,
            exact_tan,
            d_tan,
            kernels!(k_tan, f64::tan),
        ).series(SeriesRule::Rewrite(rewrite_tan)).on(&[(-1.2, 1.2)]).tex("\\tan"),
        unary(
            "sec",
            &[],
            "Secant, 1/cos(x); poles at odd multiples of pi/2.",
            Even,
            exact_sec,
            d_sec,
            kernels!(k_sec),
        ).series(SeriesRule::Rewrite(rewrite_sec)).on(&[(-1.2, 1.2)]).tex("\\sec"),
        unary(
            "csc",
            &[],
            "Cosecant, 1/sin(x); poles at multiples of pi.",
            Odd,
            exact_csc,
            d_csc,
            kernels!(k_csc),
        ).series(SeriesRule::Rewrite(rewrite_csc)).on(&[(0.2, 3.0)]).tex("\\csc"),
        unary(
            "cot",
            &[],
            "Cotangent, cos(x)/sin(x); poles at multiples of pi.",
            Odd,
            exact_cot,
            d_cot,
            kernels!(k_cot),
        ).series(SeriesRule::Rewrite(rewrite_cot)).on(&[(0.2, 3.0)]).tex("\\cot"),
        unary(
            "asin",
            &["arcsin"],
            "Inverse sine, principal branch; complex outside [-1, 1]. Branch cuts (-inf, -1) and (1, inf), where asin is odd: asin(x) = pi/2 - i*acosh(x) for x > 1 (mpmath's and Arb's side; C99's casin(x + 0i) takes the conjugate).",
            Odd,
            exact_asin,
            d_asin,
            kernels!(k_asin, f64::asin),
        ).on(&[(-0.9, 0.9)]),
        unary(
            "acos",
            &["arccos"],
            "Inverse cosine, principal branch, acos(x) = pi/2 - asin(x); branch cuts (-inf, -1) and (1, inf): acos(2) = 1.3169...*i.",
            NoParity,
            exact_acos,
            d_acos,
            kernels!(k_acos, f64::acos),
        ).on(&[(-0.9, 0.9)]),
        unary(
            "atan",
            &["arctan"],
            "Inverse tangent, principal branch; branch cuts on the imaginary axis beyond ±i (poles at ±i).",
            Odd,
            exact_atan,
            d_atan,
            kernels!(k_atan, f64::atan),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::atan),
        FunctionDef {
            name: "atan2",
            aliases: &[],
            params: &["y", "x"],
            min_args: 2,
            variadic: false,
            help: "Angle of the point (x, y) in (-pi, pi]; note the argument order atan2(y, x).",
            parity: NoParity,
            exact: exact_atan2,
            partial: d_atan2,
            kernels: kernels!(k_atan2),
            max_digits: limits::MAX_DIGITS,
            latex: "",
            domain: &[],
            interval: None,
            complex_interval: None,
            series: SeriesRule::Derivative,
        }.on(&[(0.1, 2.0), (0.1, 2.0)]).tex("\\operatorname{atan2}\\left(#1, #2\\right)"),
        unary(
            "sinh",
            &[],
            "Hyperbolic sine.",
            Odd,
            exact_zero_at_zero,
            d_sinh,
            kernels!(k_sinh, f64::sinh),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::sinh)
        .complex_interval(crate::numeric::complex_interval::kernels::sinh).tex("\\sinh"),
        unary(
            "cosh",
            &[],
            "Hyperbolic cosine.",
            Even,
            exact_one_at_zero,
            d_cosh,
            kernels!(k_cosh, f64::cosh),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::cosh)
        .complex_interval(crate::numeric::complex_interval::kernels::cosh).tex("\\cosh"),
        unary(
            "tanh",
            &[],
            "Hyperbolic tangent.",
            Odd,
            exact_zero_at_zero,
            d_tanh,
            kernels!(k_tanh, f64::tanh),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::tanh).tex("\\tanh"),
        unary(
            "asinh",
            &["arsinh"],
            "Inverse hyperbolic sine, principal branch; branch cuts on the imaginary axis beyond ±i.",
            Odd,
            exact_zero_at_zero,
            d_asinh,
            kernels!(k_asinh, f64::asinh),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::asinh),
        unary(
            "acosh",
            &["arcosh"],
            "Inverse hyperbolic cosine, principal branch; complex below 1, branch cut (-inf, 1): acosh(-2) = 1.3169... + pi*i.",
            NoParity,
            exact_acosh,
            d_acosh,
            kernels!(k_acosh, f64::acosh),
        ).on(&[(1.1, 4.0)]),
        unary(
            "atanh",
            &["artanh"],
            "Inverse hyperbolic tangent, principal branch; poles at ±1, branch cuts (-inf, -1) and (1, inf), where it is odd: atanh(2) = 0.5493... - (pi/2)*i (as mpmath and Arb).",
            Odd,
            exact_atanh,
            d_atanh,
            kernels!(k_atanh, f64::atanh),
        ).on(&[(-0.9, 0.9)]),
        unary(
            "abs",
            &[],
            "Absolute value (modulus for complex numbers). Its derivative sign(x) exists for real x only (|z| is not differentiable as a complex function) and is 0 at x = 0 by convention.",
            Even,
            exact_abs,
            d_abs,
            kernels!(k_abs, f64::abs),
        ).series(SeriesRule::NotAnalytic("|x| has a kink at 0; away from 0 write x or -x")).on(&[(0.1, 3.0)]).tex("\\left|#1\\right|"),
        unary(
            "sign",
            &["sgn"],
            "Sign of a real x: -1, 0 or 1. An error for complex x (write z/abs(z) for a complex direction); derivative 0 away from 0 (the jump at 0 is not represented).",
            Odd,
            exact_sign,
            zero_partial,
            kernels!(k_sign),
        ).series(SeriesRule::NotAnalytic("it jumps at 0 and is constant elsewhere")).on(&[(0.1, 3.0)]),
        unary(
            "heaviside",
            &[],
            "Unit step H(x) of a real x: 0 for x < 0, 1/2 at 0, 1 for x > 0; derivative 0 away from 0 (the delta at 0 is not represented).",
            NoParity,
            exact_heaviside,
            zero_partial,
            kernels!(k_heaviside),
        ).series(SeriesRule::NotAnalytic("it jumps at 0 and is constant elsewhere")).on(&[(0.1, 3.0)]),
        unary(
            "floor",
            &[],
            "Largest integer <= x; derivative 0 away from the jumps.",
            NoParity,
            exact_floor,
            zero_partial,
            kernels!(k_floor, f64::floor),
        ).series(SeriesRule::NotAnalytic("it jumps at every integer and is constant between")).on(&[(0.1, 0.9)]).tex("\\left\\lfloor #1\\right\\rfloor"),
        unary(
            "ceil",
            &["ceiling"],
            "Smallest integer >= x; derivative 0 away from the jumps.",
            NoParity,
            exact_ceil,
            zero_partial,
            kernels!(k_ceil, f64::ceil),
        ).series(SeriesRule::NotAnalytic("it jumps at every integer and is constant between")).on(&[(0.1, 0.9)]).tex("\\left\\lceil #1\\right\\rceil"),
        FunctionDef {
            name: "min",
            aliases: &[],
            params: &["a", "b"],
            min_args: 1,
            variadic: true,
            help: "Smallest of real arguments; its partial derivatives are products of heaviside steps.",
            parity: NoParity,
            exact: exact_min,
            partial: d_min,
            kernels: kernels!(k_min),
            max_digits: limits::MAX_DIGITS,
            latex: "",
            domain: &[],
            interval: None,
            complex_interval: None,
            series: SeriesRule::Derivative,
        }.series(SeriesRule::NotAnalytic("it has a kink where the arguments cross; expand the smaller argument instead")).on(&[(0.0, 1.0), (2.0, 3.0)]),
        FunctionDef {
            name: "max",
            aliases: &[],
            params: &["a", "b"],
            min_args: 1,
            variadic: true,
            help: "Largest of real arguments; its partial derivatives are products of heaviside steps.",
            parity: NoParity,
            exact: exact_max,
            partial: d_max,
            kernels: kernels!(k_max),
            max_digits: limits::MAX_DIGITS,
            latex: "",
            domain: &[],
            interval: None,
            complex_interval: None,
            series: SeriesRule::Derivative,
        }.series(SeriesRule::NotAnalytic("it has a kink where the arguments cross; expand the larger argument instead")).on(&[(0.0, 1.0), (2.0, 3.0)]),
    ]
}
