//! Series and perturbation against independent references: coefficient sequences computed
//! separately with SymPy (tests/reference/series_ref.py; the pendulum from the elliptic
//! integral's hypergeometric series, not from the AGM ansatz uses), closed forms, MATH.md's
//! Newton root, and second routes inside ansatz that share no code with the first (the FLINT
//! fast path against the coefficient-by-coefficient engine; products of series against series
//! of products; reversion composed with the original; the ODE engine against closed forms).

mod common;

use ansatz::Session;
use ansatz::expr::{Expr, Number};
use ansatz::series::{AnySeries, Point, expand, expand_general};
use rug::Rational;

fn parse(text: &str) -> Expr {
    let mut s = Session::new();
    match s.eval_line(text).remove(0).expect("parses").value {
        ansatz::session::Value::Expr(e) => e,
        other => panic!("{text}: not an expression: {other:?}"),
    }
}

fn at0() -> Point {
    Point::At(Expr::zero())
}

fn coefficients(s: &AnySeries, powers: impl Iterator<Item = i64>) -> Vec<String> {
    powers
        .map(|k| {
            s.coefficient(&Rational::from(k))
                .map(|c| c.to_string())
                .unwrap_or_else(|| "unknown".into())
        })
        .collect()
}

/// T/T0 = Σ (C(2n,n)/4^n)² sin(θ/2)^(2n), expanded by SymPy: θ^0, θ^2, …, θ^24.
const PERIOD: &[&str] = &[
    "1",
    "1/16",
    "11/3072",
    "173/737280",
    "22931/1321205760",
    "1319183/951268147200",
    "233526463/2009078326886400",
    "2673857519/265928913086054400",
    "39959591850371/44931349155019751424000",
    "8797116290975003/109991942731488351485952000",
    "4872532317019728133/668751011807449177034588160000",
    "1657631603843299234219/2471703739640332158319837839360000",
    "247098748783812523360613/3969106805182438840414692326768640000",
];

/// tan x: coefficients of x^1, x^3, …, x^29 (tangent numbers over factorials).
const TAN: &[&str] = &[
    "1",
    "1/3",
    "2/15",
    "17/315",
    "62/2835",
    "1382/155925",
    "21844/6081075",
    "929569/638512875",
    "6404582/10854718875",
    "443861162/1856156927625",
    "18888466084/194896477400625",
    "113927491862/2900518163668125",
    "58870668456604/3698160658676859375",
    "8374643517010684/1298054391195577640625",
    "689005380505609448/263505041412702261046875",
];

#[test]
fn pendulum_period_and_frequency_match_the_elliptic_series_on_both_engines() {
    let period = parse("1/agm(1, cos(x/2))");
    let frequency = parse("agm(1, cos(x/2))");
    for engine in [expand, expand_general] {
        let t = engine(&period, "x", &at0(), 24).expect("period series");
        assert_eq!(coefficients(&t, (0..=24).step_by(2)), PERIOD);
        let w = engine(&frequency, "x", &at0(), 24).expect("frequency series");
        assert_eq!(
            coefficients(&w, (0..=24).step_by(2)),
            common::PENDULUM_FREQUENCY
        );
        // Odd coefficients vanish.
        assert!(
            coefficients(&t, (1..24).step_by(2))
                .iter()
                .all(|c| c == "0")
        );
    }
}

#[test]
fn tangent_numbers_on_both_engines() {
    let tan = parse("tan(x)");
    for engine in [expand, expand_general] {
        let s = engine(&tan, "x", &at0(), 29).expect("tan series");
        assert_eq!(coefficients(&s, (1..=29).step_by(2)), TAN);
    }
}

#[test]
fn the_fast_path_and_the_general_engine_agree() {
    for text in [
        "exp(sin(x))",
        "log(1 + x)/(1 - x)^2",
        "sqrt(1 + x)*atan(x) - x^3",
        "(1 + x)^(1/3) + asin(x)^2",
        "1/(x - sin(x))",
        "sinh(x)*cosh(x) - tanh(x) + atanh(x/2) + asinh(x)",
        "cos(x)^5/(2 + x)",
        "1/agm(1, 1 + x^2)",
        "x/(exp(x) - 1)",
        "1/sin(x)^3",
        "sigmoid(x) + sigmoid(x^2 - 3*x)",
        "atanh(gelu_sigmoid(x)) + swish(x, 3/2) - swish(x)",
        "tan(sqrt(x))",
        "sqrt(x)*exp(x^(1/3)) - x^(1/6)",
        "sqrt(x + x^2)/(1 + sqrt(x))",
        "1/sin(x^(3/2))",
    ] {
        let e = parse(text);
        let fast = expand(&e, "x", &at0(), 30).expect(text);
        let slow = expand_general(&e, "x", &at0(), 30).expect(text);
        assert!(
            matches!(fast, AnySeries::Exact(_)),
            "{text}: the fast path should apply"
        );
        assert_eq!(fast.terms(), slow.terms(), "{text}");
        assert_eq!(fast.order_exponent(), slow.order_exponent(), "{text}");
    }
}

#[test]
fn series_of_products_and_quotients_are_products_and_quotients_of_series() {
    let mut s = Session::new();
    for (f, g) in [
        ("sin(x)", "exp(x)"),
        ("1/(1 - x)", "log(1 + x)"),
        ("cos(x)", "tan(x)"),
    ] {
        let together = s
            .eval_line(&format!("series({f}*{g}, x, 12)"))
            .remove(0)
            .expect("product")
            .to_plain();
        let apart = s
            .eval_line(&format!("series({f}, x, 12)*series({g}, x, 12)"))
            .remove(0)
            .expect("product of series")
            .to_plain();
        assert_eq!(together, apart, "{f} * {g}");
        // Quotients: the quotient of the order-10 series, cut to order 8, is the series of
        // the quotient.
        let quotient = s
            .eval_line(&format!("series({f}/{g}, x, 8)"))
            .remove(0)
            .expect("quotient")
            .to_plain();
        let divided = s
            .eval_line(&format!(
                "series(series({f}, x, 10)/series({g}, x, 10), x, 8)"
            ))
            .remove(0)
            .expect("quotient of series")
            .to_plain();
        assert_eq!(quotient, divided, "{f} / {g}");
    }
}

#[test]
fn reversion_composed_with_the_original_is_the_identity() {
    let mut s = Session::new();
    for f in ["x*exp(x)", "sin(x) + x^2", "tan(x)", "log(1 + x)"] {
        let out = s
            .eval_line(&format!("s := series({f}, x, 12); subs(s, x = revert(s))"))
            .pop()
            .expect("one result")
            .expect("composition")
            .to_plain();
        assert_eq!(out, "x + O(x^13)", "{f}");
    }
    // Lambert W: (-n)^(n-1)/n!.
    let w = s
        .eval_line("revert(series(x*exp(x), x, 9))")
        .remove(0)
        .expect("W");
    let text = w.to_plain();
    for (n, c) in [
        (7, "+ 16807*x^7/720"),
        (8, "- 16384*x^8/315"),
        (9, "+ 531441*x^9/4480"),
    ] {
        assert!(text.contains(c), "x^{n}: {text}");
    }
}

#[test]
fn the_period_series_converges_to_the_agm_value() {
    // At θ = 1/10 the terms fall like (θ/π)^2 per order: 40 orders give ~60 digits.
    let mut s = Session::new();
    let out = s
        .eval_line("N(subs(series(1/agm(1, cos(x/2)), x, 40), x = 1/10) - 1/agm(1, cos(1/20)), 30)")
        .remove(0)
        .expect("difference")
        .to_plain();
    let value: f64 = out.parse().expect("a number");
    assert!(
        value.abs() < 1e-40,
        "partial sum misses the AGM value by {out}"
    );
}

#[test]
fn ode_taylor_series_match_closed_forms() {
    let mut s = Session::new();
    for (ode, closed) in [
        (
            "taylor_ode(x' = 1 + x^2, x(0) = 0, t, 25)",
            "series(tan(t), t, 25)",
        ),
        (
            "taylor_ode(x' = x, x(0) = 1, t, 20)",
            "series(exp(t), t, 20)",
        ),
        (
            "taylor_ode(x'' = -4*x, x(0) = 0, x'(0) = 2, t, 15)",
            "series(sin(2*t), t, 15)",
        ),
        (
            "taylor_ode(x' = x^2, x(1) = 1, t, 10)",
            "series(1/(2 - t), t = 1, 10)",
        ),
    ] {
        let a = s.eval_line(ode).remove(0).expect(ode).to_plain();
        let b = s.eval_line(closed).remove(0).expect(closed).to_plain();
        assert_eq!(a, b, "{ode}");
    }
}

/// Evaluate a plain-text number printed by N.
fn number(s: &mut Session, text: &str) -> f64 {
    let out = s.eval_line(text).remove(0).expect(text).to_plain();
    out.parse().unwrap_or_else(|_| panic!("{text} gave {out}"))
}

#[test]
fn perturbation_branches_converge_to_the_roots() {
    let mut s = Session::new();
    // MATH.md §2: at eps = 0.1, p = 1 the root near p is 0.95540135659...; to 40 digits
    // (mpmath findroot at mp.dps = 40) 0.9554013565876500555407092643466359687217.
    let mut previous = f64::INFINITY;
    for n in [2, 4, 6, 8, 10] {
        let v = number(
            &mut s,
            &format!(
                "N(subs(perturb(eps*x^3 + x^2 = p^2, x, eps, {n}, around = p), eps = 1/10, p = 1), 20)"
            ),
        );
        let error = (v - 0.955_401_356_587_650_1).abs();
        assert!(error < previous, "order {n}: error {error} did not shrink");
        previous = error;
    }
    // The terms fall like (eps·p·2)^n: order 10 leaves about 1e-8 ... 1e-9.
    assert!(previous < 1e-8, "order 10 misses by {previous}");
    // The singular branch of eps x^2 + x - 1 against the quadratic formula.
    let v = number(
        &mut s,
        "N(subs(perturb(eps*x^2 + x - 1, x, eps, 12)[2], eps = 1/100), 20)",
    );
    let exact = (-1.0 - (1.0f64 + 4.0 * 0.01).sqrt()) / 0.02;
    assert!(
        (v - exact).abs() < 1e-20 * exact.abs() + 1e-12,
        "{v} vs {exact}"
    );
}

#[test]
fn exact_rationals_stay_exact_in_value_arithmetic() {
    let mut s = Session::new();
    let out = s.eval_line("series(exp(x), x, 30)").remove(0).expect("exp");
    match out.value {
        ansatz::session::Value::Series(series) => {
            assert!(matches!(*series, AnySeries::Exact(_)));
            let c = series.coefficient(&Rational::from(30)).expect("known");
            let factorial: rug::Integer = (1..=30u32).map(rug::Integer::from).product();
            assert_eq!(c, Expr::num(Number::Exact(Rational::from((1, factorial)))));
        }
        other => panic!("not a series: {other:?}"),
    }
}

/// Every function of the registry: its series at a point of its test domain, summed at a
/// nearby point, agrees with the numeric kernel there (Arb, an independent route) to the
/// truncation error h^7.
#[test]
fn every_registry_function_has_a_series_that_sums_to_its_value() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for def in ansatz::functions::all() {
        if def.domain.is_empty()
            || matches!(def.series, ansatz::functions::SeriesRule::NotAnalytic(_))
        {
            continue;
        }
        // The first free argument varies; the others sit at their domain midpoints.
        let Some(free) = def.domain.iter().position(|(lo, hi)| lo < hi) else {
            continue;
        };
        let args: Vec<String> = def
            .domain
            .iter()
            .enumerate()
            .map(|(k, (lo, hi))| {
                if k == free {
                    "x".to_string()
                } else {
                    // Quarter-integer midpoints keep the arguments exact.
                    format!("{}/4", ((lo + hi) * 2.0).round() as i64)
                }
            })
            .collect();
        let (lo, hi) = def.domain[free];
        let x0 = format!("{}/4", ((lo + hi) * 2.0).round() as i64);
        let call = format!("{}({})", def.name, args.join(", "));
        let mut s = Session::new();
        let statement = format!(
            "N(subs(series({call}, x = {x0}, 6), x = {x0} + 1/100) - subs({call}, x = {x0} + 1/100), 5)"
        );
        match s.eval_line(&statement).remove(0) {
            Ok(o) => {
                let text = o.to_plain();
                match text.parse::<f64>() {
                    Ok(v) if v.abs() < 1e-10 => checked += 1,
                    _ => failures.push(format!("{statement} = {text}")),
                }
            }
            Err(e) => failures.push(format!("{statement}: {e}")),
        }
    }
    eprintln!("{checked} registry functions checked");
    assert!(checked >= 25, "only {checked} functions checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
