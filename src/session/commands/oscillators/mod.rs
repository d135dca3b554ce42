//! Oscillator commands: `lindstedt` (Poincaré–Lindstedt series), `pendulum_period` (the exact
//! period at any precision, two independent routes) and `pendulum_series` (the exact period
//! and frequency series in the amplitude). The mathematics is in `crate::perturb::lindstedt`
//! and the series engine.

mod report;

use std::sync::Arc;

use super::{Bound, Command, Kind, Param};
use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::limits;
use crate::session::Session;
use crate::session::value::Value;
use report::{PendulumFourier, PendulumPeriod, PendulumSeries};

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "lindstedt",
        params: &[
            Param::required(
                "ode",
                Kind::Equations,
                "x'' + g(x) = 0, or x'' + c*x = eps*f(x, x')",
            ),
            Param::optional(
                "eps",
                Kind::Value,
                "none: the amplitude is the parameter",
                "the small parameter (leave out for x'' + g(x) = 0: then x(0) = a is the parameter)",
            ),
            Param::with(
                "n",
                Kind::Count {
                    min: 0,
                    max: limits::MAX_LINDSTEDT_ORDER as u64,
                },
                "4",
                "the highest power of the parameter kept",
            ),
        ],
        variadic: false,
        options: &[super::series::CONDITIONS],
        forms: &["lindstedt(x'' + g(x) = 0, x(0) = a, x'(0) = 0, n)"],
        summary: "Poincaré–Lindstedt: the periodic solution x(τ), τ = ω t, and the frequency ω as exact series, without secular terms.",
        details: "Time is rescaled to τ = ω t with ω = ω0(1 + ω1 p + ω2 p^2 + ...), ω0 = sqrt(g'(0)); each order solves u'' + u = -R on trigonometric polynomials after choosing ω_k so that the resonant cos(τ) forcing vanishes. With eps: x'' + c x = eps f(x, x') from x(0) = a (a may be a symbol). Without eps (x'' + g(x) = 0, conservative, g(0) = 0, g'(0) > 0): the amplitude a in x(0) = a is the parameter, x = a y, and g(a y)/a is expanded in a to exactly the degree each order needs; for the pendulum x'' + sin(x) = 0 that means sin is never truncated to x - x^3/6 (which is wrong from O(a^4) on). Prints ω, T/T0 = ω0/ω, and x order by order; every order is checked against its equation. The result stands for the ω series. Conservative and weakly nonlinear conservative equations only: a sin(τ) resonance (damping, van der Pol) is reported as such.",
        examples: &[
            "lindstedt(x'' + x - eps*x^3/6 = 0, x(0) = a, x'(0) = 0, eps, 2)",
            "lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 6)",
            "lindstedt(u'' + u + eps*u^3 = 0, u(0) = 1, u'(0) = 0, eps, 3)",
        ],
        run: run_lindstedt,
    },
    Command {
        name: "pendulum_period",
        params: &[
            Param::required("a", Kind::Expr, "the amplitude θ0 in radians, |θ0| < pi"),
            Param::with(
                "digits",
                Kind::Digits,
                "30",
                "significant digits, every one proven",
            ),
        ],
        variadic: false,
        options: &[&[
            Param::optional(
                "g",
                Kind::Expr,
                "1",
                "gravity (with l: the period T itself)",
            ),
            Param::optional("l", Kind::Expr, "1", "the length"),
        ]],
        forms: &[],
        summary: "The pendulum's exact period ratio T/T0 = 1/agm(1, cos(a/2)) at any precision, checked against the elliptic-integral form.",
        details: "T0 = 2 pi sqrt(l/g) is the small-swing period. The AGM converges quadratically, so thousands of digits are cheap; the same value from 2K(m)/pi with m = sin(a/2)^2 (Arb's elliptic integral, a separate algorithm) is computed too and the digits on which the two agree are reported. With g and l, T itself is printed. An amplitude of pi or more is beyond the separatrix: the pendulum goes over the top and never swings back, so there is no period of oscillation.",
        examples: &[
            "pendulum_period(pi/2, digits = 30)",
            "pendulum_period(pi/6)",
            "pendulum_period(2, digits = 100, g = 981/100, l = 1)",
        ],
        run: run_pendulum_period,
    },
    Command {
        name: "pendulum_series",
        params: &[Param::with(
            "n",
            Kind::Count {
                min: 0,
                max: limits::MAX_SERIES_ORDER,
            },
            "8",
            "the highest power of the amplitude a kept",
        )],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The exact series of the pendulum's T/T0 and ω/ω0 in the amplitude a, from the AGM (independent of lindstedt).",
        details: "T/T0 = 1/agm(1, cos(a/2)) and ω/ω0 = agm(1, cos(a/2)) expanded by the series engine (the AGM iteration on rational series): any order, exact. lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, n) computes ω/ω0 by a different route; the two agree coefficient by coefficient (a test checks it). The result stands for the T/T0 series.",
        examples: &["pendulum_series(8)", "pendulum_series(20)"],
        run: run_pendulum_series,
    },
    Command {
        name: "pendulum_fourier",
        params: &[
            Param::required("a", Kind::Expr, "the amplitude θ0 in radians, |θ0| < pi"),
            Param::with(
                "n",
                Kind::Count { min: 1, max: 200 },
                "3",
                "how many Fourier coefficients b_0 ... b_(n-1)",
            ),
            Param::with(
                "digits",
                Kind::Digits,
                "15",
                "significant digits, every one proven",
            ),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The pendulum's exact Fourier solution θ(t) = Σ b_k cos((2k+1)ωt) from the nome q = exp(-pi K'/K), with a check against the equation.",
        details: "m = sin(a/2)^2, K = K(m), K' = K(1 - m); ω/ω0 = pi/(2K); b_k = 8(-1)^k q^(k+1/2)/((2k+1)(1 + q^(2k+1))) (MATH.md §3). The coefficients fall like q^k, so a few give many digits. Checks: the sum at t = 0 against the amplitude, and the energy θ'^2/2 - cos θ + cos a of the truncated sum at points across a quarter period (zero for the exact solution): both shrink like q^n.",
        examples: &[
            "pendulum_fourier(pi/2, 3)",
            "pendulum_fourier(2, 8, digits = 30)",
        ],
        run: run_pendulum_fourier,
    },
];

fn run_lindstedt(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    // lindstedt(ode, conditions, n) puts n where eps would be: a number there is the order.
    let (eps, n) = match (b.take("eps"), b.given("n")) {
        (Some(super::Arg::Value(Value::Expr(e))), given) => match (e.as_symbol(), given) {
            (Some(name), _) => (Some(name.to_string()), b.count("n").unwrap_or(4)),
            (None, false) => (
                None,
                e.as_number()
                    .and_then(|n| n.to_i64())
                    .filter(|n| (0..=limits::MAX_LINDSTEDT_ORDER as i64).contains(n))
                    .ok_or_else(|| {
                        Error::usage(
                            format!(
                                "n must be a whole number from 0 to {}, got {e}",
                                limits::MAX_LINDSTEDT_ORDER
                            ),
                            span,
                        )
                    })? as u64,
            ),
            (None, true) => {
                return Err(Error::usage(
                    "eps must be the name of the small parameter",
                    span,
                ));
            }
        },
        (_, _) => (None, b.count("n").unwrap_or(4)),
    };
    let forms = match b.get("ode") {
        Some(super::Arg::Equations { exprs, .. }) => {
            exprs.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    if let Some(high) = forms
        .iter()
        .flat_map(Expr::free_symbols)
        .find(|s| s.ends_with("'''"))
    {
        return Err(Error::usage(
            format!("{high} appears: lindstedt needs a second-order oscillator x'' + g(x) = 0"),
            span,
        ));
    }
    let reserved: Vec<&str> = eps.iter().map(String::as_str).collect();
    let (problem, _) = super::series::ode_problem(&mut b, &reserved, Some("t"))?;
    let [equation] = problem.system.as_slice() else {
        return Err(Error::usage(
            "lindstedt takes one equation for one unknown",
            span,
        ));
    };
    if equation.order != 2 {
        return Err(Error::usage(
            format!(
                "lindstedt needs a second-order oscillator; this equation is of order {}",
                equation.order
            ),
            span,
        ));
    }
    if !problem.initial[0][1].is_zero() {
        return Err(Error::usage_hint(
            "lindstedt starts from rest at the amplitude: x'(0) = 0",
            span,
            "shift time so that the oscillation starts at its turning point",
        ));
    }
    let result = crate::perturb::lindstedt::lindstedt(
        &forms[0],
        &equation.unknown,
        &problem.initial[0][0],
        eps.as_deref(),
        n as usize,
    )
    .map_err(|e| Error::math(e, span))?;
    Ok(Value::report(report::LindstedtReport {
        unknown: equation.unknown.clone(),
        result,
    }))
}

fn run_pendulum_period(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let math = |e| Error::math(e, span);
    let a = b.expr("a")?;
    let digits = b.count("digits").unwrap_or(30) as u32;
    if !a.is_constant() {
        return Err(Error::usage("the amplitude must be a number", span));
    }
    below_separatrix(&a, span)?;
    let half = canon::div(a.clone(), Expr::int(2)).map_err(math)?;
    let cos_half = crate::functions::apply1("cos", &half).map_err(math)?;
    let agm = crate::functions::apply("agm", vec![Expr::one(), cos_half]).map_err(math)?;
    let ratio_expr = canon::powi(agm, -1).map_err(math)?;
    let ratio = crate::numeric::eval::approximate(&ratio_expr, digits).map_err(math)?;
    // The second route: 2K(m)/pi, m = sin(a/2)^2 (Arb's complete elliptic integral).
    let sin_half = crate::functions::apply1("sin", &half).map_err(math)?;
    let m_expr = canon::powi(sin_half, 2).map_err(math)?;
    let k = crate::functions::apply1("ellipk", &m_expr).map_err(math)?;
    let elliptic_expr = canon::div(
        canon::mul2(Expr::int(2), k).map_err(math)?,
        Expr::constant(crate::expr::Constant::Pi),
    )
    .map_err(math)?;
    let elliptic = crate::numeric::eval::approximate(&elliptic_expr, digits).map_err(math)?;
    let period = match (b.given("g"), b.given("l")) {
        (false, false) => None,
        _ => {
            let g = if b.given("g") {
                b.expr("g")?
            } else {
                Expr::one()
            };
            let l = if b.given("l") {
                b.expr("l")?
            } else {
                Expr::one()
            };
            let t0 = canon::mul(vec![
                Expr::int(2),
                Expr::constant(crate::expr::Constant::Pi),
                canon::pow(canon::div(l, g).map_err(math)?, Expr::rational(1, 2)).map_err(math)?,
            ])
            .map_err(math)?;
            let t = canon::mul2(t0, ratio_expr.clone()).map_err(math)?;
            Some(crate::numeric::eval::approximate(&t, digits).map_err(math)?)
        }
    };
    Ok(Value::report(PendulumPeriod {
        amplitude: a,
        ratio,
        agree: elliptic.to_string()
            == crate::numeric::eval::approximate(&ratio_expr, digits)
                .map_err(math)?
                .to_string(),
        elliptic,
        period,
    }))
}

fn run_pendulum_series(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let math = |e| Error::math(e, span);
    let n = b.count("n").unwrap_or(8) as i64;
    let a = Expr::sym("a");
    let cos_half = crate::functions::apply1("cos", &canon::div(a, Expr::int(2)).map_err(math)?)
        .map_err(math)?;
    let agm = crate::functions::apply("agm", vec![Expr::one(), cos_half]).map_err(math)?;
    let at0 = crate::series::Point::At(Expr::zero());
    let frequency = crate::series::expand(&agm, "a", &at0, n).map_err(math)?;
    let period =
        crate::series::expand(&canon::powi(agm, -1).map_err(math)?, "a", &at0, n).map_err(math)?;
    Ok(Value::report(PendulumSeries {
        period: Arc::new(period),
        frequency: Arc::new(frequency),
    }))
}

/// The amplitude must be provably below pi (the separatrix).
fn below_separatrix(a: &Expr, span: crate::span::Span) -> Result<(), Error> {
    let math = |e| Error::math(e, span);
    let margin = canon::sub(
        Expr::constant(crate::expr::Constant::Pi),
        crate::functions::apply1("abs", a).map_err(math)?,
    )
    .map_err(math)?;
    let below = crate::numeric::eval::approximate(&margin, 10)
        .ok()
        .and_then(|m| m.as_number().map(|n| !n.is_negative() && !n.is_zero()))
        .unwrap_or(false);
    if below {
        return Ok(());
    }
    Err(Error::usage_hint(
        format!(
            "the amplitude {a} is not below pi: beyond the separatrix the pendulum goes over the top and never swings back, so there is no period of oscillation"
        ),
        span,
        "give |a| < pi (at a = pi it balances upright: the period is infinite)",
    ))
}

fn run_pendulum_fourier(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    use crate::expr::Constant::Pi;
    use crate::functions::apply1;
    let span = b.span;
    let math = |e| Error::math(e, span);
    let a = b.expr("a")?;
    if !a.is_constant() {
        return Err(Error::usage("the amplitude must be a number", span));
    }
    below_separatrix(&a, span)?;
    let n = b.count("n").unwrap_or(3) as i64;
    let digits = b.count("digits").unwrap_or(15) as u32;
    let pi = Expr::constant(Pi);
    let half = canon::div(a.clone(), Expr::int(2)).map_err(math)?;
    let m = canon::powi(apply1("sin", &half).map_err(math)?, 2).map_err(math)?;
    let k = apply1("ellipk", &m).map_err(math)?;
    let kp = apply1("ellipk", &canon::sub(Expr::one(), m.clone()).map_err(math)?).map_err(math)?;
    let q = apply1(
        "exp",
        &canon::neg(
            canon::div(canon::mul2(pi.clone(), kp).map_err(math)?, k.clone()).map_err(math)?,
        )
        .map_err(math)?,
    )
    .map_err(math)?;
    let ratio =
        canon::div(pi.clone(), canon::mul2(Expr::int(2), k).map_err(math)?).map_err(math)?;
    let n_ = |e: &Expr, d: u32| crate::numeric::eval::approximate(e, d).map_err(math);
    // q as a number first: the coefficients are built from it (one evaluation of the K's).
    let q_value = n_(&q, digits + 10)?;
    let mut coefficients = Vec::new();
    let mut exact_sum = Vec::new();
    for j in 0..n {
        let sign = if j % 2 == 0 { 1 } else { -1 };
        let power = canon::pow(q_value.clone(), Expr::rational(2 * j + 1, 2)).map_err(math)?;
        let numerator = canon::mul2(Expr::int(8 * sign), power).map_err(math)?;
        let denominator = canon::mul2(
            Expr::int(2 * j + 1),
            canon::add2(
                Expr::one(),
                canon::powi(q_value.clone(), 2 * j + 1).map_err(math)?,
            )
            .map_err(math)?,
        )
        .map_err(math)?;
        let bj = canon::div(numerator, denominator).map_err(math)?;
        coefficients.push(n_(&bj, digits)?);
        exact_sum.push(bj);
    }
    // Checks on the truncated sum: θ(0) against a, and the energy along a quarter period.
    let sum0 = canon::add(exact_sum.clone()).map_err(math)?;
    let start_error = n_(
        &apply1("abs", &canon::sub(sum0, a.clone()).map_err(math)?).map_err(math)?,
        3,
    )
    .unwrap_or_else(|_| Expr::zero());
    let t = Expr::sym("#t");
    let omega = n_(&ratio, digits + 10)?;
    let mut theta = Vec::new();
    for (j, bj) in exact_sum.iter().enumerate() {
        let arg = canon::mul(vec![Expr::int(2 * j as i64 + 1), omega.clone(), t.clone()])
            .map_err(math)?;
        theta.push(canon::mul2(bj.clone(), apply1("cos", &arg).map_err(math)?).map_err(math)?);
    }
    let theta = canon::add(theta).map_err(math)?;
    let velocity = crate::expr::diff::diff(&theta, "#t").map_err(math)?;
    let energy = canon::add(vec![
        canon::div(canon::powi(velocity, 2).map_err(math)?, Expr::int(2)).map_err(math)?,
        canon::neg(apply1("cos", &theta).map_err(math)?).map_err(math)?,
        apply1("cos", &a).map_err(math)?,
    ])
    .map_err(math)?;
    // Quarter period: t in [0, pi/(2ω)], at 8 points.
    let mut worst = 0.0f64;
    for s in 1..=8 {
        let at = canon::div(
            canon::mul2(Expr::int(s), pi.clone()).map_err(math)?,
            canon::mul2(Expr::int(16), omega.clone()).map_err(math)?,
        )
        .map_err(math)?;
        let e = crate::expr::subst::subs(&energy, &[("#t".into(), at)]).map_err(math)?;
        let v = crate::numeric::eval::eval_c64(&e)
            .map(|z| z.norm())
            .unwrap_or(f64::NAN);
        worst = worst.max(v);
    }
    Ok(Value::report(PendulumFourier {
        amplitude: a,
        q: n_(&q_value, digits)?,
        ratio: n_(&ratio, digits)?,
        coefficients,
        start_error,
        energy_error: worst,
    }))
}
