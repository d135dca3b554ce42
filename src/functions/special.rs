//! Special functions (error function family, gamma family, Bessel J, AGM and complete elliptic
//! integrals) and the smoothing family (sigmoid, softplus, relu).

use rug::{Integer, Rational};

use super::elementary::{arg, unary, unary_kernel};
use super::{FunctionDef, Parity, Result, SeriesRule, apply, apply1, kernels, no_partial};
use crate::expr::canon::{add2, div, mul, mul2, neg, pow, powi, sub};
use crate::expr::{Constant, Expr, Number};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::scalar::Scalar;
use crate::numeric::special;

unary_kernel!(k_erf, erf);
unary_kernel!(k_erfc, erfc);
unary_kernel!(k_gamma, gamma);
unary_kernel!(k_lgamma, lgamma);
unary_kernel!(k_digamma, digamma);

/// Φ(x) = erfc(−x/√2)/2, accurate in both tails.
fn k_phi<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    let t = x.neg().div(&x.lift_i64(2).sqrt()?)?;
    t.erfc()?.div(&x.lift_i64(2))
}
fn order<S: Scalar>(n: &S, what: &str) -> Result<i64> {
    n.as_i64().ok_or_else(|| {
        MathError::Domain(format!(
            "{what}: the order must be an integer (other orders are not implemented)"
        ))
    })
}
fn k_polygamma<S: Scalar>(a: &[S]) -> Result<S> {
    special::polygamma(order(arg(a, 0)?, "polygamma")?, arg(a, 1)?)
}
fn k_besselj<S: Scalar>(a: &[S]) -> Result<S> {
    arg(a, 1)?.besselj(order(arg(a, 0)?, "besselj")?)
}
fn k_agm<S: Scalar>(a: &[S]) -> Result<S> {
    arg(a, 0)?.agm(arg(a, 1)?)
}
unary_kernel!(k_ellipk, ellipk);
unary_kernel!(k_ellipe, ellipe);
/// σ(x) = 1/(1 + e^−x), evaluated as e^x/(1 + e^x) on the left so neither side overflows.
fn k_sigmoid<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    let one = x.lift_i64(1);
    if x.re_f64() >= 0.0 {
        one.div(&one.add(&x.neg().exp()?))
    } else {
        let e = x.exp()?;
        e.div(&one.add(&e))
    }
}
/// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|) for real x.
fn k_softplus<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    if S::COMPLEX {
        return x.exp()?.ln_1p();
    }
    if x.re_f64() > 0.0 {
        Ok(x.add(&x.neg().exp()?.ln_1p()?))
    } else {
        x.exp()?.ln_1p()
    }
}
fn k_relu<S: Scalar>(a: &[S]) -> Result<S> {
    let x = arg(a, 0)?;
    Ok(if x.cmp_real(&x.lift_i64(0), "relu")?.is_gt() {
        x.clone()
    } else {
        x.lift_i64(0)
    })
}

fn exact_zero_at_zero(a: &[Expr]) -> Option<Result<Expr>> {
    a[0].is_zero().then(|| Ok(Expr::zero()))
}
fn exact_erfc(a: &[Expr]) -> Option<Result<Expr>> {
    a[0].is_zero().then(|| Ok(Expr::one()))
}
fn exact_half_at_zero(a: &[Expr]) -> Option<Result<Expr>> {
    a[0].is_zero().then(|| Ok(Expr::rational(1, 2)))
}
fn exact_gamma(a: &[Expr]) -> Option<Result<Expr>> {
    let r = a[0].as_number()?.as_rational()?;
    if *r.denom() == 1 {
        let n = r.numer();
        if *n <= 0 {
            return Some(Err(MathError::Domain(format!(
                "gamma({n}) is undefined (a pole)"
            ))));
        }
        // (n−1)! has about n·log2(n) bits; refuse before computing a monster.
        let n = n
            .to_u32()
            .filter(|&n| f64::from(n) * f64::from(n).log2() < limits::MAX_INTEGER_BITS as f64)?;
        return Some(Ok(Expr::num(Number::Exact(Rational::from(Integer::from(
            Integer::factorial(n - 1),
        ))))));
    }
    if *r == Rational::from((1, 2)) {
        return Some(pow(Expr::constant(Constant::Pi), Expr::rational(1, 2)));
    }
    None
}
fn exact_lgamma(a: &[Expr]) -> Option<Result<Expr>> {
    let n = a[0].as_number()?.to_i64()?;
    match n {
        1 | 2 => Some(Ok(Expr::zero())),
        n if n <= 0 => Some(Err(MathError::Domain(format!(
            "lgamma({n}) is undefined (a pole)"
        )))),
        _ => None,
    }
}
fn exact_digamma(a: &[Expr]) -> Option<Result<Expr>> {
    let n = a[0].as_number()?.to_i64()?;
    (n <= 0).then(|| {
        Err(MathError::Domain(format!(
            "digamma({n}) is undefined (a pole)"
        )))
    })
}
fn exact_polygamma(a: &[Expr]) -> Option<Result<Expr>> {
    let n = a[0].as_number()?;
    match n.to_i64() {
        Some(0) => Some(apply1("digamma", &a[1])),
        Some(k) if k > 0 => None,
        _ => Some(Err(MathError::Domain(
            "polygamma(n, x) needs an integer order n >= 0".into(),
        ))),
    }
}
fn exact_besselj(a: &[Expr]) -> Option<Result<Expr>> {
    let n = a[0].as_number()?.to_i64()?;
    if n < 0 {
        // J_{-n}(x) = (-1)^n J_n(x) for integer n.
        let positive = apply("besselj", vec![Expr::int(-n), a[1].clone()]);
        return Some(if n % 2 == 0 {
            positive
        } else {
            positive.and_then(neg)
        });
    }
    a[1].is_zero()
        .then(|| Ok(if n == 0 { Expr::one() } else { Expr::zero() }))
}
fn exact_agm(a: &[Expr]) -> Option<Result<Expr>> {
    if a[0] == a[1] {
        return Some(Ok(a[0].clone()));
    }
    (a[0].is_zero() || a[1].is_zero()).then(|| Ok(Expr::zero()))
}
fn exact_ellipk(a: &[Expr]) -> Option<Result<Expr>> {
    if a[0].is_zero() {
        return Some(div(Expr::constant(Constant::Pi), Expr::int(2)));
    }
    a[0].is_one().then(|| {
        Err(MathError::Domain(
            "ellipk(1) is undefined (a logarithmic singularity)".into(),
        ))
    })
}
fn exact_ellipe(a: &[Expr]) -> Option<Result<Expr>> {
    if a[0].is_zero() {
        return Some(div(Expr::constant(Constant::Pi), Expr::int(2)));
    }
    a[0].is_one().then(|| Ok(Expr::one()))
}
fn exact_softplus(a: &[Expr]) -> Option<Result<Expr>> {
    a[0].is_zero().then(|| apply1("log", &Expr::int(2)))
}
fn exact_relu(a: &[Expr]) -> Option<Result<Expr>> {
    let n = a[0].as_number()?;
    n.is_exact().then(|| {
        Ok(if n.is_negative() {
            Expr::zero()
        } else {
            a[0].clone()
        })
    })
}

/// e^(−x²)·c, the Gaussian shape in the error-function derivatives.
fn gaussian(x: &Expr, scale: Expr, coefficient: Expr) -> Result<Expr> {
    let exponent = mul(vec![Expr::int(-1), scale, powi(x.clone(), 2)?])?;
    mul2(coefficient, apply1("exp", &exponent)?)
}
fn two_over_sqrt_pi() -> Result<Expr> {
    mul2(
        Expr::int(2),
        pow(Expr::constant(Constant::Pi), Expr::rational(-1, 2))?,
    )
}
fn d_erf(a: &[Expr], _: usize) -> Result<Expr> {
    gaussian(&a[0], Expr::one(), two_over_sqrt_pi()?)
}
fn d_erfc(a: &[Expr], _: usize) -> Result<Expr> {
    neg(d_erf(a, 0)?)
}
fn d_phi(a: &[Expr], _: usize) -> Result<Expr> {
    let two_pi = mul2(Expr::int(2), Expr::constant(Constant::Pi))?;
    gaussian(
        &a[0],
        Expr::rational(1, 2),
        pow(two_pi, Expr::rational(-1, 2))?,
    )
}
fn d_gamma(a: &[Expr], _: usize) -> Result<Expr> {
    mul2(apply1("gamma", &a[0])?, apply1("digamma", &a[0])?)
}
fn d_lgamma(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("digamma", &a[0])
}
fn d_digamma(a: &[Expr], _: usize) -> Result<Expr> {
    apply("polygamma", vec![Expr::one(), a[0].clone()])
}
fn d_polygamma(a: &[Expr], i: usize) -> Result<Expr> {
    if i == 0 {
        return Err(no_partial("polygamma", "order"));
    }
    apply(
        "polygamma",
        vec![add2(a[0].clone(), Expr::one())?, a[1].clone()],
    )
}
/// J_n'(x) = (J_{n−1}(x) − J_{n+1}(x)) / 2.
fn d_besselj(a: &[Expr], i: usize) -> Result<Expr> {
    if i == 0 {
        return Err(no_partial("besselj", "order"));
    }
    let lower = apply(
        "besselj",
        vec![sub(a[0].clone(), Expr::one())?, a[1].clone()],
    )?;
    let upper = apply(
        "besselj",
        vec![add2(a[0].clone(), Expr::one())?, a[1].clone()],
    )?;
    mul2(Expr::rational(1, 2), sub(lower, upper)?)
}
/// agm is symmetric and homogeneous: agm(a, b) = a·g(b/a) = b·g(a/b) with g(t) = agm(1, t), so
/// ∂agm/∂a = g'(a/b) and ∂agm/∂b = g'(b/a), g' being `agm_derivative(1, t)`. Each partial uses
/// the form in which its own variable is the argument of g, so agm(x, 1) and g agree on g's
/// branch cut (x < 0) and the derivative is the one of the function as evaluated there. (The
/// elliptic-integral form of g' was another branch off the positive reals and 0/0 at t = 1.)
fn d_agm(a: &[Expr], i: usize) -> Result<Expr> {
    let (own, other) = if i == 0 {
        (&a[0], &a[1])
    } else {
        (&a[1], &a[0])
    };
    let t = div(own.clone(), other.clone())?;
    apply("agm_derivative", vec![Expr::one(), t])
}
fn d_agm_derivative(a: &[Expr], i: usize) -> Result<Expr> {
    if i == 0 {
        return Err(no_partial("agm_derivative", "order"));
    }
    apply(
        "agm_derivative",
        vec![add2(a[0].clone(), Expr::one())?, a[1].clone()],
    )
}
fn exact_agm_derivative(a: &[Expr]) -> Option<Result<Expr>> {
    match a[0].as_number()?.to_i64() {
        Some(0) => Some(apply("agm", vec![Expr::one(), a[1].clone()])),
        // Symmetry agm(1, t) = t·agm(1, 1/t) gives g'(1) = g(1) − g'(1), so g'(1) = 1/2.
        Some(1) if a[1].is_one() => Some(Ok(Expr::rational(1, 2))),
        Some(n) if (1..=limits::MAX_DIFF_ORDER as i64).contains(&n) => None,
        _ => Some(Err(MathError::Domain(format!(
            "agm_derivative(n, t) needs an integer order 0 <= n <= {}",
            limits::MAX_DIFF_ORDER
        )))),
    }
}
fn k_agm_derivative<S: Scalar>(a: &[S]) -> Result<S> {
    let n = order(arg(a, 0)?, "agm_derivative")?;
    let n = usize::try_from(n)
        .map_err(|_| MathError::Domain("agm_derivative needs an order n >= 0".into()))?;
    arg(a, 1)?.agm_derivative(n)
}
/// K'(m) = (E(m) − (1−m) K(m)) / (2m(1−m)).
fn d_ellipk(a: &[Expr], _: usize) -> Result<Expr> {
    let m = &a[0];
    let one_minus = sub(Expr::one(), m.clone())?;
    let numerator = sub(
        apply1("ellipe", m)?,
        mul2(one_minus.clone(), apply1("ellipk", m)?)?,
    )?;
    div(numerator, mul(vec![Expr::int(2), m.clone(), one_minus])?)
}
/// E'(m) = (E(m) − K(m)) / (2m).
fn d_ellipe(a: &[Expr], _: usize) -> Result<Expr> {
    let m = &a[0];
    div(
        sub(apply1("ellipe", m)?, apply1("ellipk", m)?)?,
        mul2(Expr::int(2), m.clone())?,
    )
}
fn d_sigmoid(a: &[Expr], _: usize) -> Result<Expr> {
    let s = apply1("sigmoid", &a[0])?;
    mul2(s.clone(), sub(Expr::one(), s)?)
}
fn d_softplus(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("sigmoid", &a[0])
}
fn d_relu(a: &[Expr], _: usize) -> Result<Expr> {
    apply1("heaviside", &a[0])
}

fn binary(
    name: &'static str,
    params: &'static [&'static str],
    help: &'static str,
    exact: fn(&[Expr]) -> Option<Result<Expr>>,
    partial: fn(&[Expr], usize) -> Result<Expr>,
    kernels: super::Kernels,
) -> FunctionDef {
    FunctionDef::new(name, (params, 2), help, exact, partial, kernels)
}

pub(super) fn entries() -> Vec<FunctionDef> {
    use Parity::{None as NoParity, Odd};
    vec![
        unary(
            "erf",
            &[],
            "Error function erf(x) = 2/sqrt(pi) * integral of exp(-t^2) from 0 to x.",
            Odd,
            exact_zero_at_zero,
            d_erf,
            kernels!(k_erf, libm::erf),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::erf),
        unary(
            "erfc",
            &[],
            "Complementary error function 1 - erf(x), accurate for large x.",
            NoParity,
            exact_erfc,
            d_erfc,
            kernels!(k_erfc, libm::erfc),
        ).on(&[(-3.0, 3.0)])
        .interval(crate::numeric::interval::kernels::erfc),
        unary(
            "Phi",
            &["normcdf"],
            "Standard normal CDF Phi(x) = (1 + erf(x/sqrt(2)))/2.",
            NoParity,
            exact_half_at_zero,
            d_phi,
            kernels!(k_phi),
        ).on(&[(-3.0, 3.0)]).tex("\\Phi")
        .interval(crate::numeric::interval::kernels::phi),
        unary(
            "gamma",
            &[],
            "Gamma function; gamma(n) = (n-1)! exactly; poles at 0, -1, -2, ...",
            NoParity,
            exact_gamma,
            d_gamma,
            kernels!(k_gamma),
        )
        .limited(limits::SLOW_SPECIAL_MAX_DIGITS).on(&[(0.2, 4.0)]).tex("\\Gamma"),
        unary(
            "lgamma",
            &["loggamma"],
            "log(gamma(x)) for x where gamma(x) > 0, without overflow.",
            NoParity,
            exact_lgamma,
            d_lgamma,
            kernels!(k_lgamma),
        )
        .limited(limits::SLOW_SPECIAL_MAX_DIGITS).on(&[(0.2, 4.0)]).tex("\\ln\\Gamma\\left(#1\\right)"),
        unary(
            "digamma",
            &["psi"],
            "Digamma psi(x) = gamma'(x)/gamma(x).",
            NoParity,
            exact_digamma,
            d_digamma,
            kernels!(k_digamma),
        )
        .limited(limits::SLOW_SPECIAL_MAX_DIGITS).on(&[(0.2, 4.0)]).tex("\\psi\\left(#1\\right)"),
        binary(
            "polygamma",
            &["n", "x"],
            "Polygamma psi^(n)(x), the n-th derivative of digamma (integer n >= 0).",
            exact_polygamma,
            d_polygamma,
            kernels!(k_polygamma),
        )
        .limited(limits::POLYGAMMA_MAX_DIGITS).on(&[(1.0, 1.0), (0.5, 4.0)]).tex("\\psi^{(#1)}\\left(#2\\right)"),
        binary(
            "besselj",
            &["n", "x"],
            "Bessel function of the first kind J_n(x), integer order n.",
            exact_besselj,
            d_besselj,
            kernels!(k_besselj),
        ).on(&[(1.0, 1.0), (-5.0, 5.0)]).tex("J_{#1}\\left(#2\\right)"),
        binary(
            "agm",
            &["a", "b"],
            "Arithmetic-geometric mean of a and b (quadratically convergent).",
            exact_agm,
            d_agm,
            kernels!(k_agm),
        ).series(SeriesRule::Agm).on(&[(0.5, 3.0), (0.5, 3.0)]),
        binary(
            "agm_derivative",
            &["n", "t"],
            "n-th derivative of agm(1, t) with respect to t. diff(agm(a, b), ...) uses it; valid for negative and complex t, and at t = 1.",
            exact_agm_derivative,
            d_agm_derivative,
            kernels!(k_agm_derivative),
        ).on(&[(1.0, 1.0), (0.5, 2.0)]),
        unary(
            "ellipk",
            &[],
            "Complete elliptic integral of the first kind K(m), parameter m = k^2 (as mpmath): pi/(2 agm(1, sqrt(1-m))).",
            NoParity,
            exact_ellipk,
            d_ellipk,
            kernels!(k_ellipk),
        ).series(SeriesRule::EllipK).on(&[(-2.0, 0.9)]).tex("K\\left(#1\\right)"),
        unary(
            "ellipe",
            &[],
            "Complete elliptic integral of the second kind E(m), parameter m = k^2.",
            NoParity,
            exact_ellipe,
            d_ellipe,
            kernels!(k_ellipe),
        ).series(SeriesRule::EllipE).limited(limits::ELLIPE_MAX_DIGITS).on(&[(-2.0, 0.9)]).tex("E\\left(#1\\right)"),
        unary(
            "sigmoid",
            &["logistic"],
            "Logistic sigmoid 1/(1 + exp(-x)), evaluated without overflow.",
            NoParity,
            exact_half_at_zero,
            d_sigmoid,
            kernels!(k_sigmoid),
        ).on(&[(-5.0, 5.0)]).tex("\\sigma\\left(#1\\right)")
        .interval(crate::numeric::interval::kernels::sigmoid),
        unary(
            "softplus",
            &[],
            "Smooth ReLU log(1 + exp(x)), evaluated without overflow or underflow.",
            NoParity,
            exact_softplus,
            d_softplus,
            kernels!(k_softplus),
        ).on(&[(-5.0, 5.0)])
        .interval(crate::numeric::interval::kernels::softplus),
        unary(
            "relu",
            &[],
            "Rectifier max(x, 0) of a real x. Its derivative is heaviside(x), so relu'(0) = 1/2 (the chain rule takes that value at 0).",
            NoParity,
            exact_relu,
            d_relu,
            kernels!(k_relu),
        ).series(SeriesRule::NotAnalytic("it has a kink at 0; away from 0 it is x or 0 (softplus is the smooth version)")).on(&[(0.1, 3.0)]),
    ]
}
