//! The smoothing catalog of MATH.md §4–5: smooth versions of |x|, max, ReLU and floor
//! (`smooth_abs`, `smooth_max`, `squareplus`, `swish`, `softfloor`) and GELU with its two
//! published elementary approximations (`gelu`, `gelu_tanh`, `gelu_sigmoid`). `sigmoid`,
//! `softplus` and `relu` are in `special`; `logsumexp`, `softmax`, `soft_argmax` and `soft_f1`
//! take lists and are commands of the vectors family.
//!
//! Every kernel is written in a form that neither overflows nor cancels: a large |x| goes
//! through `log1p(e^−|x|)` or a sigmoid, never through e^x or a difference of near-equal terms.

use super::elementary::arg;
use super::{FunctionDef, Result, apply, apply1, kernels};
use crate::expr::canon::{add, add2, div, mul, mul2, neg, pow, powi, sub};
use crate::expr::{Constant, Expr};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::scalar::Scalar;

/// gelu_tanh's cubic coefficient, 0.044715 (Hendrycks and Gimpel), exact.
const GELU_TANH_CUBIC: (i64, i64) = (44715, 1_000_000);
/// gelu_sigmoid's slope, 1.702, exact.
const GELU_SIGMOID_SLOPE: (i64, i64) = (851, 500);
/// softfloor's default number of steps on each side of 0.
const SOFTFLOOR_STEPS: i64 = 50;

fn real_scalar<S: Scalar>(x: &S, r: (i64, i64)) -> Result<S> {
    x.lift_i64(r.0).div(&x.lift_i64(r.1))
}

/// σ(x), stable on both sides.
fn sigmoid<S: Scalar>(x: &S) -> Result<S> {
    let one = x.lift_i64(1);
    if x.re_f64() >= 0.0 {
        one.div(&one.add(&x.neg().exp()?))
    } else {
        let e = x.exp()?;
        e.div(&one.add(&e))
    }
}

/// Φ(z) = erfc(−z/√2)/2: no cancellation in either tail.
fn phi_cdf<S: Scalar>(z: &S) -> Result<S> {
    let two = z.lift_i64(2);
    z.neg().div(&two.sqrt()?)?.erfc()?.div(&two)
}

/// (x + √(x² + b))/2, as b/(2(√(x² + b) − x)) for x < 0 (the sum cancels there).
fn k_squareplus<S: Scalar>(a: &[S]) -> Result<S> {
    let (x, b) = (arg(a, 0)?, arg(a, 1)?);
    let r = x.mul(x).add(b).sqrt()?;
    let two = x.lift_i64(2);
    if !S::COMPLEX && x.re_f64() < 0.0 {
        b.div(&two.mul(&r.sub(x)))
    } else {
        x.add(&r).div(&two)
    }
}

/// x·σ(t·x), t = 1 when left out (SiLU).
fn k_swish<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    let t = a.get(1).cloned().unwrap_or_else(|| x.lift_i64(1));
    Ok(x.mul(&sigmoid(&t.mul(x))?))
}

fn k_gelu<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    Ok(x.mul(&phi_cdf(x)?))
}

/// x(1 + tanh u)/2 = x·σ(2u), u = √(2/π)(x + 0.044715x³): the σ form does not cancel for
/// large negative x.
fn k_gelu_tanh<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    let c = x.lift_i64(2).div(&x.constant(Constant::Pi)?)?.sqrt()?;
    let cubic = real_scalar(x, GELU_TANH_CUBIC)?;
    let u = c.mul(&x.add(&cubic.mul(&x.powi(3)?)));
    Ok(x.mul(&sigmoid(&x.lift_i64(2).mul(&u))?))
}

fn k_gelu_sigmoid<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    let k = real_scalar(x, GELU_SIGMOID_SLOPE)?;
    Ok(x.mul(&sigmoid(&k.mul(x))?))
}

fn nonzero_sharpness<S: Scalar>(k: &S, name: &str) -> Result<()> {
    if k.is_zero() {
        return Err(MathError::Domain(format!(
            "{name}: the sharpness k must not be 0 (the limit k → 0 is not the function's)"
        )));
    }
    Ok(())
}

/// log(e^(kx) + e^(−kx))/k = (|kx| + log1p(e^(−2|kx|)))/k.
fn k_smooth_abs<S: Scalar>(a: &[S]) -> Result<S> {
    let (x, k) = (arg(a, 0)?, arg(a, 1)?);
    nonzero_sharpness(k, "smooth_abs")?;
    let kx = k.mul(x);
    let body = if S::COMPLEX {
        kx.add(&kx.lift_i64(-2).mul(&kx).exp()?.ln_1p()?)
    } else {
        let m = kx.abs();
        m.add(&m.lift_i64(-2).mul(&m).exp()?.ln_1p()?)
    };
    body.div(k)
}

/// log(e^(kx) + e^(ky))/k = (max(kx, ky) + log1p(e^(−|kx − ky|)))/k, the max written as
/// (kx + ky + |kx − ky|)/2 so that no comparison picks a branch (two values equal in doubles
/// but not in MPFR would pick the wrong one).
fn k_smooth_max<S: Scalar>(a: &[S]) -> Result<S> {
    let (x, y, k) = (arg(a, 0)?, arg(a, 1)?, arg(a, 2)?);
    nonzero_sharpness(k, "smooth_max")?;
    let (kx, ky) = (k.mul(x), k.mul(y));
    let body = if S::COMPLEX {
        kx.add(&ky.sub(&kx).exp()?.ln_1p()?)
    } else {
        let gap = kx.sub(&ky).abs();
        let top = kx.add(&ky).add(&gap).div(&kx.lift_i64(2))?;
        top.add(&gap.neg().exp()?.ln_1p()?)
    };
    body.div(k)
}

/// The number of steps softfloor sums on each side, checked.
fn softfloor_steps(n: Option<i64>) -> Result<i64> {
    let n = n.unwrap_or(SOFTFLOOR_STEPS);
    if !(1..=limits::MAX_SOFTFLOOR_STEPS).contains(&n) {
        return Err(MathError::Domain(format!(
            "softfloor: the number of steps n must be a whole number from 1 to {}",
            limits::MAX_SOFTFLOOR_STEPS
        )));
    }
    Ok(n)
}

/// Σ_{j=−n}^{0} (Φ((x − j)/s) − 1) + Σ_{j=1}^{n} Φ((x − j)/s), with Φ(z) − 1 = −Φ(−z).
fn k_softfloor<S: Scalar>(a: &[S]) -> Result<S> {
    let (x, s) = (arg(a, 0)?, arg(a, 1)?);
    if !S::COMPLEX && s.re_f64() <= 0.0 {
        return Err(MathError::Domain(
            "softfloor: the width s must be positive".into(),
        ));
    }
    let n = match a.get(2) {
        Some(n) => softfloor_steps(Some(n.as_i64().ok_or_else(|| {
            MathError::Domain("softfloor: the number of steps n must be a whole number".into())
        })?))?,
        None => softfloor_steps(None)?,
    };
    let mut total = x.lift_i64(0);
    for j in -n..=n {
        let z = x.sub(&x.lift_i64(j)).div(s)?;
        total = if j <= 0 {
            total.sub(&phi_cdf(&z.neg())?)
        } else {
            total.add(&phi_cdf(&z)?)
        };
    }
    Ok(total)
}

// ---- derivatives ----

fn rat(n: (i64, i64)) -> Expr {
    Expr::rational(n.0, n.1)
}
fn sig(x: Expr) -> Result<Expr> {
    apply1("sigmoid", &x)
}
/// σ'(z) = σ(z)(1 − σ(z)).
fn sig_slope(z: Expr) -> Result<Expr> {
    let s = sig(z)?;
    mul2(s.clone(), sub(Expr::one(), s)?)
}
/// The standard normal density e^(−z²/2)/√(2π).
fn normal_density(z: Expr) -> Result<Expr> {
    div(
        apply1("exp", &neg(div(powi(z, 2)?, Expr::int(2))?)?)?,
        pow(
            mul2(Expr::int(2), Expr::constant(Constant::Pi))?,
            Expr::rational(1, 2),
        )?,
    )
}

/// ∂x = (1 + x/√(x² + b))/2, ∂b = 1/(4√(x² + b)).
fn d_squareplus(a: &[Expr], i: usize) -> Result<Expr> {
    let r = pow(
        add2(powi(a[0].clone(), 2)?, a[1].clone())?,
        Expr::rational(1, 2),
    )?;
    if i == 0 {
        div(add2(Expr::one(), div(a[0].clone(), r)?)?, Expr::int(2))
    } else {
        div(Expr::one(), mul2(Expr::int(4), r)?)
    }
}
/// ∂x = σ(tx) + tx·σ'(tx), ∂t = x²·σ'(tx).
fn d_swish(a: &[Expr], i: usize) -> Result<Expr> {
    let x = a[0].clone();
    let t = a.get(1).cloned().unwrap_or_else(Expr::one);
    let tx = mul2(t.clone(), x.clone())?;
    if i == 0 {
        add2(sig(tx.clone())?, mul2(tx.clone(), sig_slope(tx)?)?)
    } else {
        mul2(powi(x, 2)?, sig_slope(tx)?)
    }
}
/// gelu' = Φ(x) + x·φ(x).
fn d_gelu(a: &[Expr], _: usize) -> Result<Expr> {
    add2(
        apply1("Phi", &a[0])?,
        mul2(a[0].clone(), normal_density(a[0].clone())?)?,
    )
}
/// With u = c(x + βx³): (x·σ(2u))' = σ(2u) + 2x·σ'(2u)·c(1 + 3βx²).
fn d_gelu_tanh(a: &[Expr], _: usize) -> Result<Expr> {
    let x = a[0].clone();
    let c = pow(
        div(Expr::int(2), Expr::constant(Constant::Pi))?,
        Expr::rational(1, 2),
    )?;
    let beta = rat(GELU_TANH_CUBIC);
    let u = mul2(
        c.clone(),
        add2(x.clone(), mul2(beta.clone(), powi(x.clone(), 3)?)?)?,
    )?;
    let two_u = mul2(Expr::int(2), u)?;
    let du = mul2(
        c,
        add2(
            Expr::one(),
            mul(vec![Expr::int(3), beta, powi(x.clone(), 2)?])?,
        )?,
    )?;
    add2(
        sig(two_u.clone())?,
        mul(vec![Expr::int(2), x, sig_slope(two_u)?, du])?,
    )
}
fn d_gelu_sigmoid(a: &[Expr], _: usize) -> Result<Expr> {
    let kx = mul2(rat(GELU_SIGMOID_SLOPE), a[0].clone())?;
    add2(sig(kx.clone())?, mul2(kx.clone(), sig_slope(kx)?)?)
}
/// ∂x = tanh(kx), ∂k = (x·tanh(kx) − smooth_abs(x, k))/k.
fn d_smooth_abs(a: &[Expr], i: usize) -> Result<Expr> {
    let th = apply1("tanh", &mul2(a[1].clone(), a[0].clone())?)?;
    if i == 0 {
        return Ok(th);
    }
    div(
        sub(mul2(a[0].clone(), th)?, apply("smooth_abs", a.to_vec())?)?,
        a[1].clone(),
    )
}
/// ∂x = σ(k(x − y)), ∂y = σ(k(y − x)), ∂k = (x·∂x + y·∂y − smooth_max)/k.
fn d_smooth_max(a: &[Expr], i: usize) -> Result<Expr> {
    let (x, y, k) = (a[0].clone(), a[1].clone(), a[2].clone());
    let wx = sig(mul2(k.clone(), sub(x.clone(), y.clone())?)?)?;
    let wy = sig(mul2(k.clone(), sub(y.clone(), x.clone())?)?)?;
    match i {
        0 => Ok(wx),
        1 => Ok(wy),
        _ => div(
            sub(
                add2(mul2(x, wx)?, mul2(y, wy)?)?,
                apply("smooth_max", a.to_vec())?,
            )?,
            k,
        ),
    }
}
/// ∂x = Σ φ((x − j)/s)/s, ∂s = −Σ φ((x − j)/s)(x − j)/s²; n must be a number.
fn d_softfloor(a: &[Expr], i: usize) -> Result<Expr> {
    if i == 2 {
        return Err(MathError::Domain(
            "softfloor has no derivative with respect to its number of steps".into(),
        ));
    }
    let n = match a.get(2) {
        Some(n) => Some(n.as_number().and_then(|n| n.to_i64()).ok_or_else(|| {
            MathError::Domain("softfloor: the number of steps n must be a whole number".into())
        })?),
        None => None,
    };
    let n = softfloor_steps(n)?;
    let (x, s) = (a[0].clone(), a[1].clone());
    let mut terms = Vec::new();
    for j in -n..=n {
        let shifted = sub(x.clone(), Expr::int(j))?;
        let density = normal_density(div(shifted.clone(), s.clone())?)?;
        terms.push(if i == 0 {
            density
        } else {
            mul2(density, shifted)?
        });
    }
    let total = add(terms)?;
    if i == 0 {
        div(total, s)
    } else {
        neg(div(total, powi(s, 2)?)?)
    }
}

fn exact_zero_at_zero(a: &[Expr]) -> Option<Result<Expr>> {
    a[0].is_zero().then(|| Ok(Expr::zero()))
}
fn log2_over(k: &Expr) -> Result<Expr> {
    div(apply1("log", &Expr::int(2))?, k.clone())
}
/// squareplus(0, b) = √b/2; squareplus(x, 0) = relu(x).
fn exact_squareplus(a: &[Expr]) -> Option<Result<Expr>> {
    if a[0].is_zero() {
        return Some(div(
            pow(a[1].clone(), Expr::rational(1, 2)).ok()?,
            Expr::int(2),
        ));
    }
    a[1].is_zero().then(|| apply1("relu", &a[0]))
}
/// smooth_abs(0, k) = log(2)/k.
fn exact_smooth_abs(a: &[Expr]) -> Option<Result<Expr>> {
    a[0].is_zero().then(|| log2_over(&a[1]))
}
/// smooth_max(x, x, k) = x + log(2)/k.
fn exact_smooth_max(a: &[Expr]) -> Option<Result<Expr>> {
    (a[0] == a[1]).then(|| add2(a[0].clone(), log2_over(&a[2])?))
}
fn no_exact(_: &[Expr]) -> Option<Result<Expr>> {
    None
}

#[allow(clippy::too_many_arguments)]
fn entry(
    name: &'static str,
    params: &'static [&'static str],
    min_args: usize,
    help: &'static str,
    exact: fn(&[Expr]) -> Option<Result<Expr>>,
    partial: fn(&[Expr], usize) -> Result<Expr>,
    kernels: super::Kernels,
    domain: &'static [(f64, f64)],
) -> FunctionDef {
    FunctionDef::new(name, (params, min_args), help, exact, partial, kernels).on(domain)
}

pub(super) fn entries() -> Vec<FunctionDef> {
    vec![
        entry(
            "squareplus",
            &["x", "b"],
            2,
            "SquarePlus (x + sqrt(x^2 + b))/2, b > 0 (b = 0 is relu); >= softplus everywhere iff b >= 4 log(2)^2. Evaluated as b/(2(sqrt(x^2 + b) - x)) for x < 0, so it does not cancel.",
            exact_squareplus,
            d_squareplus,
            kernels!(k_squareplus),
            &[(-4.0, 4.0), (0.5, 3.0)],
        ),
        entry(
            "swish",
            &["x", "t"],
            1,
            "Swish x*sigmoid(t*x) (t = 1 when left out: SiLU); ReLU with its step smoothed by a logistic of sharpness t.",
            exact_zero_at_zero,
            d_swish,
            kernels!(k_swish),
            &[(-4.0, 4.0), (0.5, 3.0)],
        ),
        entry(
            "gelu",
            &["x"],
            1,
            "GELU x*Phi(x), Phi the standard normal CDF (MATH.md §5); accurate in both tails.",
            exact_zero_at_zero,
            d_gelu,
            kernels!(k_gelu),
            &[(-4.0, 4.0)],
        )
        .tex("\\operatorname{GELU}\\left(#1\\right)"),
        entry(
            "gelu_tanh",
            &["x"],
            1,
            "The tanh approximation of GELU: x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3))), evaluated as x*sigmoid(2u) so it does not cancel for large negative x.",
            exact_zero_at_zero,
            d_gelu_tanh,
            kernels!(k_gelu_tanh),
            &[(-4.0, 4.0)],
        ),
        entry(
            "gelu_sigmoid",
            &["x"],
            1,
            "The sigmoid approximation of GELU: x*sigmoid(1.702*x).",
            exact_zero_at_zero,
            d_gelu_sigmoid,
            kernels!(k_gelu_sigmoid),
            &[(-4.0, 4.0)],
        ),
        entry(
            "smooth_abs",
            &["x", "k"],
            2,
            "Smooth |x|: log(exp(k*x) + exp(-k*x))/k, within log(2)/k of |x| for k > 0; evaluated as (|kx| + log1p(exp(-2|kx|)))/k.",
            exact_smooth_abs,
            d_smooth_abs,
            kernels!(k_smooth_abs),
            &[(-3.0, 3.0), (0.5, 4.0)],
        ),
        entry(
            "smooth_max",
            &["x", "y", "k"],
            3,
            "Smooth max(x, y): log(exp(k*x) + exp(k*y))/k, between max(x, y) and max(x, y) + log(2)/k for k > 0; evaluated without overflow.",
            exact_smooth_max,
            d_smooth_max,
            kernels!(k_smooth_max),
            &[(-3.0, 3.0), (-3.0, 3.0), (0.5, 4.0)],
        ),
        entry(
            "softfloor",
            &["x", "s", "n"],
            2,
            "Smooth floor (MATH.md §4): sum over j = -n..0 of (Phi((x - j)/s) - 1) plus sum over j = 1..n of Phi((x - j)/s), Phi the normal CDF of width s > 0; close to floor(x) for |x| < n away from the integers (n = 50 when left out).",
            no_exact,
            d_softfloor,
            kernels!(k_softfloor),
            &[(-3.0, 3.0), (0.2, 1.0)],
        )
        .limited(limits::SOFTFLOOR_MAX_DIGITS),
    ]
}
