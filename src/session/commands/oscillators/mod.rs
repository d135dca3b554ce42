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
use crate::session::value::{Cell, Table};
use report::{PendulumFourier, PendulumPeriod, PendulumSeries};

/// `a = 1`, `eps = 1/10` after the conditions of ham and period.
const VALUES: Param = Param::optional(
    "a = value",
    Kind::Substitutions,
    "none",
    "values of the symbols: the amplitude (x(0) = a, a = 1) and any parameters of g",
);

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
        details: "Time is rescaled to τ = ω t with ω = ω0(1 + ω1 p + ω2 p^2 + ...), ω0 = sqrt(g'(0)); each order solves u'' + u = -R on trigonometric polynomials after choosing ω_k so that the resonant cos(τ) forcing vanishes. With eps: x'' + c x = eps f(x, x') from x(0) = a (a may be a symbol). Without eps (x'' + g(x) = 0, conservative, g(0) = 0, g'(0) > 0): the amplitude a in x(0) = a is the parameter, x = a y, and g(a y)/a is expanded in a to exactly the degree each order needs; for the pendulum x'' + sin(x) = 0 that means sin is never truncated to x - x^3/6 (which is wrong from O(a^4) on). Prints ω, T/T0 = ω0/ω, and x order by order; every order is checked against its equation. The result stands for the ω series. A sin(τ) resonance the frequency cannot remove is reported (damping: the amplitude drifts), except for a limit cycle given with a symbolic amplitude, x(0) = a: then the sin(τ) solvability of order 1 fixes a (van der Pol: a = 2), and at each later order the cos(τ) and sin(τ) conditions together fix ω_k and the amplitude correction; x(0) is printed as a series.",
        examples: &[
            "lindstedt(x'' + x - eps*x^3/6 = 0, x(0) = a, x'(0) = 0, eps, 2)",
            "lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 6)",
            "lindstedt(u'' + u + eps*u^3 = 0, u(0) = 1, u'(0) = 0, eps, 3)",
            "lindstedt(x'' - eps*(1 - x^2)*x' + x = 0, x(0) = a, x'(0) = 0, eps, 4)",
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
    Command {
        name: "ham",
        params: &[
            Param::required(
                "ode",
                Kind::Equations,
                "x'' + g(x) = 0 (conservative, g(0) = 0, g'(0) > 0)",
            ),
            VALUES,
        ],
        variadic: true,
        options: &[
            super::series::CONDITIONS,
            &[
                Param::with(
                    "order",
                    Kind::Count {
                        min: 1,
                        max: limits::MAX_HAM_ORDER as u64,
                    },
                    "8",
                    "the highest deformation order m",
                ),
                Param::optional(
                    "hbar",
                    Kind::Value,
                    "symbolic",
                    "evaluate at this convergence-control parameter ħ (≠ 0) instead of keeping it symbolic",
                ),
                Param::with(
                    "hbar_range",
                    Kind::Interval,
                    "[-2, 0]",
                    "where the optimal ħ is searched and the ħ-curves are drawn",
                ),
                Param::optional(
                    "plot",
                    Kind::Text,
                    "no picture",
                    "draw the ħ-curves (T/T0 against ħ, one per order) to this SVG or PNG file",
                ),
                Param::with(
                    "digits",
                    Kind::Digits,
                    "15",
                    "significant digits of the values shown (the working precision is higher)",
                ),
            ],
        ],
        forms: &["ham(x'' + g(x) = 0, x(0) = a, x'(0) = 0, order = m, a = value)"],
        summary: "Homotopy analysis (Liao) of a conservative oscillator: the frequency and period order by order as polynomials in the convergence-control parameter ħ, ħ-curves and the residual-optimal ħ.",
        details: "τ = ω t, initial guess u0 = a cos(τ), auxiliary operator L = ∂²/∂τ² + 1 (this normalisation: ħ = -1 is the perturbation-like choice; Liao's books often write L = ω0²(∂²/∂τ² + 1), which is the same scheme with ħ replaced by ħ/ω0²), nonlinear operator N[φ, Λ] = Λ φ'' + g(φ) with Λ = ω². The m-th order deformation L[u_m - χ_m u_(m-1)] = ħ R_m is solved exactly on cosine harmonics, and λ_(m-1) removes the cos(τ) term of R_m; ω² = λ_0 + ... + λ_(m-1) is a polynomial in ħ of degree m - 1. The nonlinearity is exact (sin is never truncated): its Fourier (Jacobi–Anger/Bessel) coefficients along a cos(τ) are resolved to the working precision, and the largest harmonic left out is reported. At first order ω² = 2J1(a)/a for the pendulum. For each order the table gives T/T0 at ħ = -1 (or at the given ħ), the ħ in hbar_range minimising the mean square residual of the governing equation Λu'' + g(u) over a period (a grid search, then Newton on E'(ħ) = 0 with E' and E'' exact in ħ; the minimum is checked: E' changes sign across it and E'' > 0), T/T0 there, and the exact T/T0 from the energy integral (period). The result stands for T/T0 at the highest order (at the given ħ, else at the optimal ħ). With a polynomial g and a symbolic amplitude (or parameters without values), the coefficients are exact instead: each λ_k and every harmonic of u_m is a polynomial in the amplitude, the parameters and hbar, exact rationals otherwise; ω² at ħ = -1 then agrees with lindstedt's ω² through a^(2m) at order m (a test checks it); that result stands for ω². Otherwise the amplitude must be a number: x(0) = 1, or x(0) = a with a = 1.",
        examples: &[
            "ham(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, order = 1, a = 1)",
            "ham(x'' + sin(x) = 0, x(0) = 2, x'(0) = 0, order = 8)",
            "ham(x'' + sin(x) = 0, x(0) = 1, x'(0) = 0, order = 6, hbar = -1)",
            "ham(u'' + u + u^3 = 0, u(0) = 1, u'(0) = 0, order = 6, plot = \"hbar.svg\")",
            "ham(x'' + x + eps*x^3 = 0, x(0) = a, x'(0) = 0, order = 3)",
        ],
        run: run_ham,
    },
    Command {
        name: "period",
        params: &[
            Param::required(
                "ode",
                Kind::Equations,
                "x'' + g(x) = 0 with odd g (g(-x) = -g(x)), g'(0) > 0",
            ),
            VALUES,
        ],
        variadic: true,
        options: &[
            super::series::CONDITIONS,
            &[Param::with(
                "digits",
                Kind::Count {
                    min: 1,
                    max: limits::MAX_PERIOD_DIGITS,
                },
                "30",
                "significant digits",
            )],
        ],
        forms: &["period(x'' + g(x) = 0, x(0) = a, x'(0) = 0, digits = 30)"],
        summary: "The exact period of a conservative oscillator x'' + g(x) = 0 by the energy integral, at any precision: the reference for Lindstedt and homotopy series.",
        details: "T = 4∫₀ᵃ dx/sqrt(2(V(a) - V(x))), V = ∫g (found in closed form for sums of constant multiples of powers and of sin, cos, sinh, cosh, exp, tanh of c*x, and checked by differentiation). With x = a cos(ψ) the end-point singularity disappears and tanh-sinh quadrature in MPFR converges exponentially; the step halves until two levels agree to the digits asked for (at twice that precision). T0 = 2 pi/sqrt(g'(0)) is the small-swing period; the result stands for T. For the pendulum, pendulum_period gives the same T/T0 by the AGM.",
        examples: &[
            "period(x'' + sin(x) = 0, x(0) = pi/2, x'(0) = 0)",
            "period(u'' + u + u^3 = 0, u(0) = 1, u'(0) = 0, digits = 50)",
            "period(x'' + x + eps*x^3 = 0, x(0) = a, x'(0) = 0, a = 1, eps = 1/10)",
        ],
        run: run_period,
    },
    Command {
        name: "compare_period",
        params: &[Param::required(
            "ode",
            Kind::Equations,
            "x'' + g(x) = 0 with odd g, g'(0) > 0 (no conditions: the amplitudes are listed)",
        )],
        variadic: false,
        options: &[&[
            Param::with(
                "amplitudes",
                Kind::Value,
                "[pi/6, pi/3, pi/2, 2*pi/3, 0.99*pi]",
                "the amplitudes x(0) (released from rest)",
            ),
            Param::with(
                "orders",
                Kind::Value,
                "[2, 4, 8]",
                "orders compared: Poincaré–Lindstedt keeps powers of the amplitude up to a^k, homotopy analysis runs k deformation orders",
            ),
            Param::with(
                "hbar_range",
                Kind::Interval,
                "[-2, 0]",
                "where the optimal ħ is searched",
            ),
            Param::with("digits", Kind::Digits, "10", "significant digits shown"),
            Param::optional(
                "plot",
                Kind::Text,
                "no picture",
                "draw T/T0 against the amplitude (exact, Lindstedt, homotopy) to this SVG or PNG file",
            ),
            Param::optional(
                "to",
                Kind::Text,
                "no file",
                "also write the table as CSV to this file",
            ),
        ]],
        forms: &[],
        summary: "The period against the amplitude: exact (energy integral), Poincaré–Lindstedt of each order and homotopy analysis (ħ = -1 and the residual-optimal ħ), with relative errors.",
        details: "One row per amplitude and order. The exact T/T0 comes from period (energy integral, tanh-sinh quadrature); PL from lindstedt without a small parameter (ω as an exact series in the amplitude, truncated at a^k; T/T0 = ω0/ω); HAM from ham (k deformation orders, at ħ = -1 and at the ħ in hbar_range minimising the squared residual). Near a separatrix (a -> pi for the pendulum) the period grows without bound: the table shows how each method degrades, computed, not assumed. plot = \"file.svg\" draws the exact curve, PL of every order and HAM at optimal ħ of the highest order.",
        examples: &[
            "compare_period(x'' + sin(x) = 0, amplitudes = [pi/6, pi/3, pi/2, 2*pi/3, 0.99*pi], orders = [2, 4, 8])",
            "compare_period(x'' + x + x^3 = 0, amplitudes = [1/2, 1, 2], orders = [2, 4])",
        ],
        run: run_compare_period,
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
    let equation = second_order(&problem, "lindstedt", span)?;
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
    // The sum against a Taylor-series integration of θ'' = -sin θ over one period.
    let prec = crate::expr::number::digits_to_bits(digits) + 32;
    let bs: Vec<rug::Float> = exact_sum
        .iter()
        .map(|bj| float(bj, prec, span))
        .collect::<Result<_, Error>>()?;
    let w = float(&omega, prec, span)?;
    const POINTS: u32 = 32;
    let period = rug::Float::with_val(prec, rug::float::Constant::Pi) * 2u32 / &w;
    let times: Vec<rug::Float> = (0..=POINTS)
        .map(|j| rug::Float::with_val(prec, &period * j) / POINTS)
        .collect();
    let numeric =
        crate::perturb::pendulum::solve(&float(&a, prec, span)?, &times, prec).map_err(math)?;
    let mut ode_difference = rug::Float::new(prec);
    for (t, theta) in times.iter().zip(&numeric) {
        let mut sum = rug::Float::new(prec);
        for (k, bk) in bs.iter().enumerate() {
            let arg = rug::Float::with_val(prec, &w * t) * (2 * k as u32 + 1);
            sum += arg.cos() * bk;
        }
        ode_difference = ode_difference.max(&(sum - theta).abs());
    }
    Ok(Value::report(PendulumFourier {
        ode_difference: ode_difference.to_f64(),
        amplitude: a,
        q: n_(&q_value, digits)?,
        ratio: n_(&ratio, digits)?,
        coefficients,
        start_error,
        energy_error: worst,
    }))
}

/// The one equation of an oscillator command: second order, released from rest (x'(0) = 0).
fn second_order<'a>(
    problem: &'a crate::series::ode::Problem,
    command: &str,
    span: crate::span::Span,
) -> Result<&'a crate::series::ode::Equation, Error> {
    let [equation] = problem.system.as_slice() else {
        return Err(Error::usage(
            format!("{command} takes one equation for one unknown"),
            span,
        ));
    };
    if equation.order != 2 {
        return Err(Error::usage(
            format!(
                "{command} needs a second-order oscillator x'' + g(x) = 0; this equation is of order {}",
                equation.order
            ),
            span,
        ));
    }
    if !problem.initial[0][1].is_zero() {
        return Err(Error::usage_hint(
            format!(
                "{command} starts from rest at the amplitude: {}'(0) = 0",
                equation.unknown
            ),
            span,
            "shift time so that the oscillation starts at its turning point",
        ));
    }
    Ok(equation)
}

/// The oscillator x'' + g(x) = 0 of `ham` and `period`: g (in the unknown), the unknown, and
/// the amplitude as a number, with the user's `a = value` substitutions applied.
struct Conservative {
    g: Expr,
    unknown: String,
    amplitude: Expr,
}

fn conservative(b: &mut Bound, command: &str) -> Result<Conservative, Error> {
    conservative_with(b, command, true)
}

/// The oscillator of a command; with `conditions` false the conditions are not read (the
/// amplitudes come from elsewhere) and the amplitude is 1.
fn conservative_with(
    b: &mut Bound,
    command: &str,
    conditions: bool,
) -> Result<Conservative, Error> {
    let span = b.span;
    let math = |e| Error::math(e, span);
    let values: Vec<(String, Expr)> = match b.take("a = value") {
        Some(super::Arg::Substitutions(pairs)) => pairs
            .into_iter()
            .map(|(name, v)| match v {
                Value::Expr(e) => Ok((name, e)),
                _ => Err(Error::usage(format!("{name} must be a number"), span)),
            })
            .collect::<Result<_, Error>>()?,
        _ => Vec::new(),
    };
    let (problem, t) = if conditions {
        super::series::ode_problem(b, &[], Some("t"))?
    } else {
        let Some(super::Arg::Equations { exprs, .. }) = b.take("ode") else {
            return Err(Error::usage("expected the ODE", span));
        };
        let forms: Vec<Expr> = exprs.into_iter().map(|(e, _)| e).collect();
        let x = forms
            .iter()
            .flat_map(Expr::free_symbols)
            .find(|s| s.ends_with("''") && !s.ends_with("'''"))
            .map(|s| s.trim_end_matches('\'').to_string())
            .ok_or_else(|| {
                Error::usage(
                    format!("no x'' term: {command} needs an oscillator x'' + g(x) = 0"),
                    span,
                )
            })?;
        let at_rest = |order, value| crate::series::ode::Initial {
            unknown: x.clone(),
            order,
            at: Expr::zero(),
            value,
        };
        let problem = crate::series::ode::Problem::new(
            &forms,
            &[at_rest(0, Expr::one()), at_rest(1, Expr::zero())],
            "t",
        )
        .map_err(math)?;
        (problem, "t".to_string())
    };
    let equation = second_order(&problem, command, span)?;
    let x = equation.unknown.clone();
    let subs = |e: &Expr| crate::expr::subst::subs(e, &values).map_err(math);
    let x1 = crate::series::ode::primed(&x, 1);
    let g = crate::expr::subst::expand(&canon::neg(subs(&equation.rhs)?).map_err(math)?)
        .map_err(math)?;
    if g.depends_on(&x1) || g.depends_on(&t) {
        return Err(Error::usage_hint(
            format!(
                "{command} needs a conservative oscillator x'' + g(x) = 0, with g depending on {x} alone"
            ),
            span,
            "for damped or forced equations (x' or t in g) use lindstedt with eps, or taylor_ode",
        ));
    }
    let amplitude = subs(&problem.initial[0][0])?;
    Ok(Conservative {
        g,
        unknown: x,
        amplitude,
    })
}

impl Conservative {
    /// Refuse symbols without values: the numeric commands need g and the amplitude as numbers.
    fn require_numbers(&self, span: crate::span::Span) -> Result<(), Error> {
        if let Some(free) = self
            .g
            .free_symbols()
            .into_iter()
            .find(|s| *s != self.unknown)
        {
            return Err(Error::usage_hint(
                format!("{free} has no value"),
                span,
                format!("give it after the conditions: {free} = 1"),
            ));
        }
        if !self.amplitude.is_constant() {
            return Err(Error::usage_hint(
                format!("the amplitude {} must be a number", self.amplitude),
                span,
                format!(
                    "give its value after the conditions: {} = 1",
                    self.amplitude
                        .free_symbols()
                        .into_iter()
                        .next()
                        .unwrap_or_default()
                ),
            ));
        }
        Ok(())
    }
}

/// A constant expression as an MPFR number of `prec` bits.
fn float(e: &Expr, prec: u32, span: crate::span::Span) -> Result<rug::Float, Error> {
    crate::numeric::eval::eval(e, &crate::numeric::eval::NoVars, &rug::Float::new(prec))
        .map_err(|err| Error::math(err, span))
}

fn run_ham(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let math = |e| Error::math(e, span);
    let problem = conservative(&mut b, "ham")?;
    let order = b.count("order").unwrap_or(8) as usize;
    let digits = b.count("digits").unwrap_or(15) as u32;
    let (lo, hi) = b.interval("hbar_range").unwrap_or((-2.0, 0.0));
    let prec = crate::expr::number::digits_to_bits(digits) + 64;
    let mut hbar_expr = None;
    let hbar = match b.given("hbar") {
        true => {
            let Value::Expr(h) = b.value("hbar")? else {
                return Err(Error::usage("hbar must be a number", span));
            };
            hbar_expr = Some(h.clone());
            let value = float(&h, prec, span)?;
            if value.is_zero() {
                return Err(Error::usage(
                    "hbar = 0 switches the deformation off: every correction u_m is ħ times something, so nothing moves from the initial guess a cos(τ); take ħ < 0 (ħ = -1 is the perturbation-like choice)",
                    span,
                ));
            }
            Some(value)
        }
        false => None,
    };
    let symbolic = !problem.amplitude.is_constant()
        || problem
            .g
            .free_symbols()
            .iter()
            .any(|s| *s != problem.unknown);
    if symbolic && crate::poly::symbolic_coefficients(&problem.g, &problem.unknown).is_ok() {
        return exact_ham(&problem, order, hbar_expr, span);
    }
    problem.require_numbers(span)?;
    let amplitude = float(&problem.amplitude, prec, span)?;
    crate::perturb::period::swings_back(&problem.g, &problem.unknown, &amplitude).map_err(math)?;
    let ham = crate::perturb::homotopy::ham(
        &problem.g,
        &problem.unknown,
        &amplitude,
        order,
        prec,
        lo.abs().max(hi.abs()),
    )
    .map_err(math)?;
    if ham.stiffness <= 0 {
        return Err(Error::usage(
            "near the rest point the equation must be x'' + c*x = 0 with c > 0 (g'(0) > 0): otherwise there is no small oscillation",
            span,
        ));
    }
    let exact =
        crate::perturb::period::period_ratio(&problem.g, &problem.unknown, &amplitude, digits).ok();
    let mut report =
        report::HamReport::build(&ham, hbar, (lo, hi), exact, digits, &problem).map_err(math)?;
    if let Some(path) = b.text("plot") {
        report
            .draw(&ham, &path, (lo, hi))
            .map_err(|e| Error::io(e, span))?;
    }
    Ok(Value::report(report))
}

fn run_period(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let math = |e| Error::math(e, span);
    let problem = conservative(&mut b, "period")?;
    problem.require_numbers(span)?;
    let digits = b.count("digits").unwrap_or(30) as u32;
    let prec = crate::expr::number::digits_to_bits(digits) + 64;
    let amplitude = float(&problem.amplitude, prec, span)?;
    let p = crate::perturb::period::period(&problem.g, &problem.unknown, &amplitude, digits)
        .map_err(math)?;
    // The last two quadrature levels' difference (far above the error: each level squares it)
    // as the radius, so only digits it supports print.
    let show = |v: &rug::Float| {
        let radius = rug::Float::with_val(64, v.abs_ref()) * &p.level_difference * 4u32;
        crate::expr::Number::ball(v.clone(), radius, digits)
            .map(Expr::num)
            .map_err(math)
    };
    Ok(Value::report(report::PeriodReport {
        equation: format!("{}'' + {} = 0", problem.unknown, problem.g),
        unknown: problem.unknown.clone(),
        amplitude: problem.amplitude,
        period: show(&p.period)?,
        small_swing: show(&p.small_swing)?,
        ratio: show(&p.ratio)?,
        level_difference: p.level_difference.to_f64(),
        nodes: p.nodes,
    }))
}

/// Whole numbers from a list value (`orders = [2, 4, 8]`), each in 1..=max.
fn whole_numbers(
    v: Value,
    what: &str,
    max: usize,
    span: crate::span::Span,
) -> Result<Vec<usize>, Error> {
    let items = match v {
        Value::List(items) => items,
        other => vec![other],
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::Expr(e) => e
                .as_number()
                .and_then(|n| n.to_i64())
                .filter(|k| (1..=max as i64).contains(k))
                .map(|k| k as usize)
                .ok_or_else(|| {
                    Error::usage(
                        format!("{what} must be whole numbers from 1 to {max}, got {e}"),
                        span,
                    )
                }),
            _ => Err(Error::usage(
                format!("{what} must be a list of whole numbers"),
                span,
            )),
        })
        .collect()
}

fn run_compare_period(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    use rayon::prelude::*;
    use rug::Float;
    use rug::ops::Pow;
    let span = b.span;
    let math = |e| Error::math(e, span);
    let problem = conservative_with(&mut b, "compare_period", false)?;
    problem.require_numbers(span)?;
    let amplitudes: Vec<Expr> = match b.value("amplitudes")? {
        Value::List(items) => items
            .into_iter()
            .map(|v| match v {
                Value::Expr(e) if e.is_constant() => Ok(e),
                _ => Err(Error::usage("amplitudes must be a list of numbers", span)),
            })
            .collect::<Result<_, Error>>()?,
        Value::Expr(e) if e.is_constant() => vec![e],
        _ => return Err(Error::usage("amplitudes must be a list of numbers", span)),
    };
    if amplitudes.is_empty() || amplitudes.len() > limits::MAX_COMPARED_AMPLITUDES {
        return Err(Error::usage(
            format!(
                "give from 1 to {} amplitudes",
                limits::MAX_COMPARED_AMPLITUDES
            ),
            span,
        ));
    }
    let max_order = limits::MAX_HAM_ORDER.min(limits::MAX_LINDSTEDT_ORDER);
    let mut orders = whole_numbers(b.value("orders")?, "orders", max_order, span)?;
    orders.sort_unstable();
    orders.dedup();
    let top = *orders
        .last()
        .ok_or_else(|| Error::usage("give at least one order", span))?;
    let digits = b.count("digits").unwrap_or(10) as u32;
    let (lo, hi) = b.interval("hbar_range").unwrap_or((-2.0, 0.0));
    let prec = crate::expr::number::digits_to_bits(digits) + 64;
    let x = problem.unknown.clone();
    // Lindstedt once, with the amplitude as the parameter: ω's coefficients.
    let form = canon::add2(
        Expr::sym(&crate::series::ode::primed(&x, 2)),
        problem.g.clone(),
    )
    .map_err(math)?;
    let mut notes = Vec::new();
    let lindstedt =
        match crate::perturb::lindstedt::lindstedt(&form, &x, &Expr::sym("a"), None, top) {
            Ok(l) => Some(l),
            Err(e) => {
                notes.push(format!("Poincaré–Lindstedt: {e}"));
                None
            }
        };
    let omega_terms: Vec<(i64, Float)> = match &lindstedt {
        Some(l) => l
            .omega
            .terms()
            .into_iter()
            .map(|(q, c)| {
                Ok((
                    q.numer().to_i64().unwrap_or(i64::MAX),
                    float(&c, prec, span)?,
                ))
            })
            .collect::<Result<_, Error>>()?,
        None => Vec::new(),
    };
    let omega0 = match &lindstedt {
        Some(l) => Some(float(&l.omega0, prec, span)?),
        None => None,
    };
    // T/T0 of PL of order k at amplitude a: ω0/(Σ_(q≤k) c_q a^q).
    let pl = |k: usize, a: &Float| -> Option<Float> {
        let w0 = omega0.as_ref()?;
        let mut w = Float::new(prec);
        for (q, c) in &omega_terms {
            if *q <= k as i64 {
                w += Float::with_val(prec, a.pow(*q as i32)) * c;
            }
        }
        (w > 0).then(|| Float::with_val(prec, w0 / &w))
    };
    let values: Vec<Float> = amplitudes
        .iter()
        .map(|a| float(a, prec, span))
        .collect::<Result<_, Error>>()?;
    let progress = crate::progress::Progress::new(values.len() as u64, "compare_period");
    struct Row {
        exact: Float,
        ham: crate::perturb::homotopy::Ham,
        optimal: Vec<(Float, bool)>,
    }
    let rows: Vec<Result<Row, Error>> = values
        .par_iter()
        .zip(&amplitudes)
        .map(|(a, shown)| {
            let at = |e: crate::math_error::MathError| {
                Error::math(
                    crate::math_error::MathError::Domain(format!("at the amplitude {shown}: {e}")),
                    span,
                )
            };
            let exact =
                crate::perturb::period::period_ratio(&problem.g, &x, a, digits).map_err(at)?;
            let ham =
                crate::perturb::homotopy::ham(&problem.g, &x, a, top, prec, lo.abs().max(hi.abs()))
                    .map_err(at)?;
            let optimal = orders
                .iter()
                .map(|&k| {
                    if k < 2 {
                        return Ok((Float::with_val(prec, -1), true));
                    }
                    let best = ham.optimal_hbar(k, lo, hi).map_err(at)?;
                    Ok((best.hbar, best.inside))
                })
                .collect::<Result<Vec<_>, Error>>()?;
            progress.step();
            Ok(Row {
                exact,
                ham,
                optimal,
            })
        })
        .collect();
    drop(progress);
    let rows: Vec<Row> = rows.into_iter().collect::<Result<_, Error>>()?;
    let minus_one = Float::with_val(prec, -1);
    let shown = |v: Option<&Float>, d: u32| -> Cell {
        match v.map(|v| report::decimal(v, d)) {
            Some(Ok(e)) => Cell::number(e.clone(), e.to_string()),
            _ => Cell::text("—"),
        }
    };
    let error = |v: Option<&Float>, exact: &Float| -> Cell {
        let e = v.map(|v| Float::with_val(prec, v - exact).abs() / exact);
        shown(e.as_ref(), 3)
    };
    let mut table_rows = Vec::new();
    for ((a, shown_a), row) in values.iter().zip(&amplitudes).zip(&rows) {
        for (i, &k) in orders.iter().enumerate() {
            let p = pl(k, a);
            let h1 = row.ham.period_ratio(k, &minus_one);
            let (h, inside) = &row.optimal[i];
            if !inside {
                notes.push(format!(
                    "a = {shown_a}, order {k}: the smallest residual is at the end of hbar_range = [{lo}, {hi}]"
                ));
            }
            let best = row.ham.period_ratio(k, h);
            table_rows.push(vec![
                Cell::number(shown_a.clone(), shown_a.to_string()),
                Cell::number(Expr::int(k as i64), k.to_string()),
                shown(Some(&row.exact), digits),
                shown(p.as_ref(), digits),
                error(p.as_ref(), &row.exact),
                shown(h1.as_ref(), digits),
                error(h1.as_ref(), &row.exact),
                if k < 2 {
                    Cell::text("any")
                } else {
                    shown(Some(h), 5)
                },
                shown(best.as_ref(), digits),
                error(best.as_ref(), &row.exact),
            ]);
        }
    }
    let mut title = format!(
        "T/T0 of {x}'' + {} = 0: exact (energy integral), Poincaré–Lindstedt (powers a^k) and homotopy analysis (k orders)",
        problem.g
    );
    for n in &notes {
        title.push_str(&format!("\nnote: {n}"));
    }
    if let Some(path) = b.text("plot") {
        let figure =
            comparison_figure(&problem, &values, &orders, &pl, (lo, hi), prec).map_err(math)?;
        crate::plot::render::write_figure(&figure, std::path::Path::new(&path))
            .map_err(|e| Error::io(e.to_string(), span))?;
        title.push_str(&format!("\nplot written to {path}"));
    }
    let mut table = Table {
        title,
        columns: [
            "a",
            "k",
            "exact",
            "PL",
            "PL error",
            "HAM ħ=-1",
            "error",
            "optimal ħ",
            "HAM optimal",
            "error",
        ]
        .map(String::from)
        .to_vec(),
        rows: table_rows,
        path: None,
    };
    if let Some(path) = b.text("to") {
        std::fs::write(&path, table.csv())
            .map_err(|e| Error::io(format!("cannot write {path}: {e}"), span))?;
        table.path = Some(path);
    }
    Ok(Value::report(table))
}

/// T/T0 against the amplitude from 0 to the largest one: exact, PL of every order, HAM at the
/// optimal ħ of the highest order.
fn comparison_figure(
    problem: &Conservative,
    amplitudes: &[rug::Float],
    orders: &[usize],
    pl: &(dyn Fn(usize, &rug::Float) -> Option<rug::Float> + Sync),
    (lo, hi): (f64, f64),
    prec: u32,
) -> Result<crate::plot::figure::Figure, crate::math_error::MathError> {
    use crate::plot::figure::{Curve, Figure, Mark, Scale};
    use rayon::prelude::*;
    use rug::Float;
    let largest = amplitudes
        .iter()
        .map(|a| a.to_f64().abs())
        .fold(0.0, f64::max);
    const EXACT: usize = 120;
    const HAM: usize = 30;
    let top = *orders.last().unwrap_or(&1);
    let grid = |n: usize| -> Vec<f64> { (1..=n).map(|i| largest * i as f64 / n as f64).collect() };
    let progress = crate::progress::Progress::new((EXACT + HAM) as u64, "plot");
    let exact: Vec<[f64; 2]> = grid(EXACT)
        .par_iter()
        .filter_map(|&a| {
            progress.step();
            crate::perturb::period::period_ratio(
                &problem.g,
                &problem.unknown,
                &Float::with_val(prec, a),
                10,
            )
            .ok()
            .map(|r| [a, r.to_f64()])
        })
        .collect();
    let ham: Vec<[f64; 2]> = grid(HAM)
        .par_iter()
        .filter_map(|&a| {
            progress.step();
            let h = crate::perturb::homotopy::ham(
                &problem.g,
                &problem.unknown,
                &Float::with_val(prec, a),
                top,
                prec,
                lo.abs().max(hi.abs()),
            )
            .ok()?;
            let best = if top >= 2 {
                h.optimal_hbar(top, lo, hi).ok()?.hbar
            } else {
                Float::with_val(prec, -1)
            };
            h.period_ratio(top, &best).map(|r| [a, r.to_f64()])
        })
        .collect();
    let line = |label: String, points: Vec<[f64; 2]>, mark: Mark| Curve {
        label,
        mark,
        pieces: vec![points],
        breaks: Vec::new(),
        core: None,
    };
    let mut curves = vec![line("exact".into(), exact.clone(), Mark::Line)];
    for &k in orders {
        let points = grid(EXACT)
            .into_iter()
            .filter_map(|a| pl(k, &Float::with_val(prec, a)).map(|r| [a, r.to_f64()]))
            .collect();
        curves.push(line(format!("Lindstedt a^{k}"), points, Mark::Line));
    }
    curves.push(line(
        format!("homotopy order {top}, optimal ħ"),
        ham,
        Mark::Points,
    ));
    let top_exact = exact.iter().map(|p| p[1]).fold(1.0, f64::max);
    let mut figure = Figure {
        title: Some(format!(
            "period of {}'' + {} = 0 against the amplitude",
            problem.unknown, problem.g
        )),
        xlabel: "amplitude a".into(),
        ylabel: "T/T0".into(),
        curves,
        markers: Vec::new(),
        xscale: Scale::Linear,
        yscale: Scale::Linear,
        x_view: (0.0, largest),
        y_view: (0.0, 1.0),
        size: (800, 500),
    };
    let bottom = exact.iter().map(|p| p[1]).fold(1.0, f64::min);
    let pad = 0.1 * (top_exact - bottom).max(0.01);
    figure.fit_view(Some((0.0, largest)), Some((bottom - pad, top_exact + pad)));
    Ok(figure)
}

/// `ham` with exact coefficients: a polynomial g with a symbolic amplitude or parameters.
fn exact_ham(
    problem: &Conservative,
    order: usize,
    hbar: Option<Expr>,
    span: crate::span::Span,
) -> Result<Value, Error> {
    use crate::perturb::homotopy::HBAR;
    let math = |e| Error::math(e, span);
    if order > limits::MAX_EXACT_HAM_ORDER {
        return Err(math(crate::math_error::MathError::TooLarge {
            what: format!("order {order} with exact coefficients"),
            limit: format!(
                "at most {} (give the amplitude and parameters as numbers for higher orders)",
                limits::MAX_EXACT_HAM_ORDER
            ),
        }));
    }
    let exact = crate::perturb::homotopy::exact_ham(
        &problem.g,
        &problem.unknown,
        &problem.amplitude,
        order,
    )
    .map_err(math)?;
    let at = |e: &Expr, h: &Expr| -> Result<Expr, Error> {
        crate::expr::subst::expand(
            &crate::expr::subst::subs(e, &[(HBAR.into(), h.clone())]).map_err(math)?,
        )
        .map_err(math)
    };
    let fix = |e: &Expr| match &hbar {
        Some(h) => at(e, h),
        None => Ok(e.clone()),
    };
    let lambdas = exact
        .lambdas
        .iter()
        .map(fix)
        .collect::<Result<Vec<_>, _>>()?;
    let total =
        crate::expr::subst::expand(&canon::add(lambdas.clone()).map_err(math)?).map_err(math)?;
    let tau = Expr::sym("τ");
    let mut orders = Vec::new();
    for u in exact.orders.iter().skip(1) {
        let mut terms = Vec::new();
        for (k, c) in u.iter().enumerate() {
            let c = fix(c)?;
            if c.is_zero() {
                continue;
            }
            let cos = if k == 0 {
                Expr::one()
            } else {
                crate::functions::apply1(
                    "cos",
                    &canon::mul2(Expr::int(k as i64), tau.clone()).map_err(math)?,
                )
                .map_err(math)?
            };
            terms.push(canon::mul2(c, cos).map_err(math)?);
        }
        orders.push(canon::add(terms).map_err(math)?);
    }
    Ok(Value::report(report::ExactHamReport {
        equation: format!("{}'' + {} = 0", problem.unknown, problem.g),
        unknown: problem.unknown.clone(),
        amplitude: problem.amplitude.clone(),
        at_minus_one: at(&total, &Expr::int(-1))?,
        frequency_squared: total,
        lambdas,
        orders,
        hbar,
    }))
}
