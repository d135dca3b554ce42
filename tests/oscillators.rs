//! Oscillators against independent references: the pendulum's ω/ω0 series computed with SymPy
//! from the elliptic integral (tests/reference/series_ref.py), the Duffing frequency from its
//! exact period (MATH.md §9) expanded by the series engine, the exact period against MATH.md's
//! values, and lindstedt's fast path (rational cosines) against its general path (expressions,
//! with an exact residual check at every order).

mod common;

use ansatz::Session;
use ansatz::expr::{Expr, canon};

fn plain(s: &mut Session, text: &str) -> String {
    s.eval_line(text)
        .pop()
        .expect("a result")
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .to_plain()
}

#[test]
fn lindstedt_for_the_pendulum_matches_the_elliptic_series_coefficient_by_coefficient() {
    let mut s = Session::new();
    s.eval_line("w := lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 24)");
    for (k, expected) in common::PENDULUM_FREQUENCY.iter().enumerate() {
        let got = plain(&mut s, &format!("coeff(w, {})", 2 * k));
        assert_eq!(&got, expected, "a^{}", 2 * k);
    }
    // And the same against the AGM route inside ansatz, exactly, to a^40.
    let pl = plain(
        &mut s,
        "lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 40)",
    );
    let agm = plain(&mut s, "series(agm(1, cos(a/2)), a, 40)");
    assert_eq!(pl.lines().next().expect("ω line"), format!("ω = {agm}"));
}

#[test]
fn duffing_frequency_matches_its_exact_period() {
    let mut s = Session::new();
    let pl = plain(
        &mut s,
        "lindstedt(u'' + u + eps*u^3 = 0, u(0) = 1, u'(0) = 0, eps, 8)",
    );
    let exact = plain(
        &mut s,
        "series(pi*sqrt(1 + eps)/(2*ellipk(eps/(2*(1 + eps)))), eps, 8)",
    );
    assert_eq!(pl.lines().next().expect("ω line"), format!("ω = {exact}"));
}

#[test]
fn the_fast_path_matches_the_checked_general_path() {
    let mut s = Session::new();
    for (equation, n) in [
        ("u'' + u + eps*u^3 = 0", 6),
        ("u'' + u + eps*(u^3 + u^5/10) = 0", 4),
        ("u'' + u - eps*u^3/6 = 0", 5),
    ] {
        // u(0) = 1 takes the fast path; u(0) = a the general one (then a = 1).
        let fast = plain(
            &mut s,
            &format!("lindstedt({equation}, u(0) = 1, u'(0) = 0, eps, {n})"),
        );
        let general = plain(
            &mut s,
            &format!("subs(lindstedt({equation}, u(0) = a, u'(0) = 0, eps, {n}), a = 1)"),
        );
        assert_eq!(
            fast.lines().next().expect("ω"),
            format!("ω = {general}"),
            "{equation}"
        );
    }
}

#[test]
fn exact_periods_match_math_md() {
    let mut s = Session::new();
    for (a, digits, expected) in [
        ("pi/6", 16, "1.017408797595956"),
        ("pi/3", 19, "1.073182007149364375"),
        ("pi/2", 16, "1.180340599016096"),
    ] {
        let out = plain(&mut s, &format!("pendulum_period({a}, digits = {digits})"));
        assert!(
            out.starts_with(&format!("T/T0 = {expected}  ")),
            "a = {a}: {out}"
        );
        assert!(out.contains("gives the same digits"), "a = {a}: {out}");
    }
}

#[test]
fn the_fourier_solution_starts_at_the_amplitude_and_has_the_agm_frequency() {
    let mut s = Session::new();
    s.eval_line("f := pendulum_fourier(2, 16, digits = 40)");
    // θ(0) = Σ b_k = a: the terms fall like q^k (q ≈ 0.076), 16 terms leave ~1e-19.
    let sum = (1..=16)
        .map(|k| format!("f[{k}]"))
        .collect::<Vec<_>>()
        .join(" + ");
    let gap: f64 = plain(&mut s, &format!("N(abs({sum} - 2), 3)"))
        .parse()
        .expect("number");
    assert!(gap < 1e-17, "θ(0) misses the amplitude by {gap}");
    // ω/ω0 from the nome formula (pi/(2K)) against the AGM (MATH.md §3: T/T0 = 1/AGM).
    let text = plain(&mut s, "pendulum_fourier(2, 1, digits = 30)");
    let ratio = text
        .split("ω/ω0 = ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("ratio");
    let agm = plain(&mut s, "N(agm(1, cos(1)), 30)");
    assert_eq!(ratio, agm);
}

/// References computed with mpmath 1.3 at 40 digits (mp.dps = 40):
/// besselj(1, 1); 1/sqrt(2*besselj(1, 1)); 1/agm(1, cos(a/2)) at a = 1 and 2*pi/3;
/// Duffing u'' + u + eps*u^3 = 0, u(0) = 1: T/T0 = 2K(m)/(pi*sqrt(1 + eps)), m = eps/(2(1 + eps)).
const HAM_FIRST_ORDER_AT_1: &str = "1.065942309123454144043823866426264411936";
const PENDULUM_AT_1: &str = "1.066334245579963045694829492542075240751";
const PENDULUM_AT_2PI_3: &str = "1.372880500618350164697637575007806058095";
const DUFFING_EPS_1: &str = "0.7588542747027054761049347844435595812967";
const DUFFING_EPS_TENTH: &str = "0.9645834780699777046286371244966256385625";

fn float(text: &str) -> rug::Float {
    rug::Float::with_val(256, rug::Float::parse(text).expect("a decimal"))
}

fn relative(a: &rug::Float, b: &rug::Float) -> f64 {
    (rug::Float::with_val(256, a - b) / b).abs().to_f64()
}

/// sin(x), and x + c·x³.
fn sine() -> Expr {
    ansatz::functions::apply1("sin", &Expr::sym("x")).expect("sin(x)")
}

fn duffing(c: Expr) -> Expr {
    let cubic = canon::mul2(c, canon::powi(Expr::sym("x"), 3).expect("x^3")).expect("c*x^3");
    canon::add2(Expr::sym("x"), cubic).expect("x + c*x^3")
}

fn pendulum_ham(a: &rug::Float, order: usize) -> ansatz::perturb::homotopy::Ham {
    let g = sine();
    ansatz::perturb::homotopy::ham(&g, "x", a, order, 200, 2.0).expect("ham runs")
}

#[test]
fn first_order_ham_gives_the_bessel_frequency() {
    let ham = pendulum_ham(&float("1"), 1);
    let ratio = ham.period_ratio(1, &float("-1")).expect("oscillates");
    assert!(relative(&ratio, &float(HAM_FIRST_ORDER_AT_1)) < 1e-38);
    // The first order does not depend on ħ.
    let other = ham.period_ratio(1, &float("-0.3")).expect("oscillates");
    assert!(relative(&ratio, &other) < 1e-45);
}

/// HAM at ħ = −1 is the perturbation-like choice: its frequency at order m agrees with the
/// Poincaré–Lindstedt series in the amplitude (computed exactly by lindstedt, a different
/// algorithm) through a^(2m), so their difference falls like a^(2m+2) as a halves.
#[test]
fn ham_at_hbar_minus_one_reproduces_lindstedt_of_the_same_order() {
    let mut s = Session::new();
    let pl = plain(
        &mut s,
        "lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 12)",
    );
    let omega_line = pl.lines().next().expect("ω line");
    for m in 1..=3usize {
        let mut differences = Vec::new();
        for a in ["0.2", "0.1"] {
            let truncated = plain(
                &mut s,
                &format!(
                    "N(subs(polynomial(O(a^{}) + {}), a = {a}), 40)",
                    2 * m + 1,
                    omega_line.trim_start_matches("ω = ")
                ),
            );
            let ham = pendulum_ham(&float(a), m);
            let w2 = ham.frequency_squared(m).at(&float("-1"));
            let omega = rug::Float::with_val(256, w2.sqrt());
            differences.push(rug::Float::with_val(256, &omega - float(&truncated)).abs());
        }
        let ratio = rug::Float::with_val(256, &differences[0] / &differences[1]).to_f64();
        let expected = 2f64.powi(2 * m as i32 + 2);
        assert!(
            ratio > 0.8 * expected && ratio < 1.25 * expected,
            "order {m}: the difference fell by {ratio}, expected about {expected}"
        );
    }
}

#[test]
fn ham_at_the_optimal_hbar_converges_to_the_exact_period() {
    for (a, exact) in [
        ("1", PENDULUM_AT_1),
        ("2.0943951023931954923", PENDULUM_AT_2PI_3),
    ] {
        let exact = float(exact);
        let ham = pendulum_ham(&float(a), 8);
        let mut last = f64::INFINITY;
        for m in [2, 4, 8] {
            let best = ham.optimal_hbar(m, -2.0, 0.0).expect("a minimum");
            assert!(
                best.inside,
                "a = {a}, order {m}: the optimum is inside [-2, 0]"
            );
            assert!(
                best.certified,
                "a = {a}, order {m}: the minimum is certified"
            );
            let err = relative(
                &ham.period_ratio(m, &best.hbar).expect("oscillates"),
                &exact,
            );
            assert!(err < last, "a = {a}: order {m} error {err} after {last}");
            last = err;
        }
        assert!(
            last < 1e-8,
            "a = {a}: order 8 at the optimal ħ is off by {last}"
        );
    }
}

#[test]
fn the_energy_integral_period_matches_the_agm_and_the_elliptic_duffing_period() {
    let p = ansatz::perturb::period::period(&sine(), "x", &float("1"), 38).expect("a period");
    assert!(relative(&p.ratio, &float(PENDULUM_AT_1)) < 1e-37);
    for (eps, exact) in [
        (Expr::int(1), DUFFING_EPS_1),
        (Expr::rational(1, 10), DUFFING_EPS_TENTH),
    ] {
        let g = duffing(eps.clone());
        let p = ansatz::perturb::period::period(&g, "x", &float("1"), 38).expect("a period");
        assert!(relative(&p.ratio, &float(exact)) < 1e-37, "eps = {eps}");
    }
}

#[test]
fn homotopy_analysis_of_duffing_converges_at_its_optimal_hbar() {
    let g = duffing(Expr::int(1));
    let ham = ansatz::perturb::homotopy::ham(&g, "x", &float("1"), 6, 200, 2.0).expect("ham");
    let best = ham.optimal_hbar(6, -2.0, 0.0).expect("a minimum");
    assert!(best.certified, "the minimum is certified");
    let err = relative(
        &ham.period_ratio(6, &best.hbar).expect("oscillates"),
        &float(DUFFING_EPS_1),
    );
    assert!(err < 1e-7, "order 6 off by {err}");
}

/// The Taylor-series integrator against the AGM period: a quarter period reaches 0, half a
/// period −a, a whole period a again.
#[test]
fn the_taylor_integrator_returns_after_the_agm_period() {
    let prec = 200;
    let a = float("2");
    let half = rug::Float::with_val(prec, 1);
    let agm = rug::Float::with_val(prec, half.cos_ref());
    let agm = rug::Float::with_val(prec, rug::Float::with_val(prec, 1).agm_ref(&agm));
    let period = rug::Float::with_val(prec, rug::float::Constant::Pi) * 2u32 / agm;
    let times: Vec<rug::Float> = [4u32, 2, 1]
        .iter()
        .map(|d| rug::Float::with_val(prec, &period / *d))
        .collect();
    let theta = ansatz::perturb::pendulum::solve(&a, &times, prec).expect("integrates");
    assert!(theta[0].clone().abs() < 1e-50, "θ(T/4) = {}", theta[0]);
    assert!(
        (theta[1].clone() + 2u32).abs() < 1e-50,
        "θ(T/2) = {}",
        theta[1]
    );
    assert!(
        (theta[2].clone() - 2u32).abs() < 1e-50,
        "θ(T) = {}",
        theta[2]
    );
}

/// With exact coefficients, HAM at ħ = −1 of order m reproduces the Poincaré–Lindstedt
/// frequency (computed by lindstedt, a different algorithm) through a^(2m), coefficient by
/// coefficient, for Duffing x'' + x + x³ = 0 with a symbolic amplitude.
#[test]
fn exact_ham_at_hbar_minus_one_equals_lindstedt_through_its_order() {
    let mut s = Session::new();
    s.eval_line("w := lindstedt(x'' + x + x^3 = 0, x(0) = a, x'(0) = 0, 12)");
    s.eval_line("w2 := w^2");
    for m in 1..=5 {
        s.eval_line(&format!(
            "h := ham(x'' + x + x^3 = 0, x(0) = a, x'(0) = 0, order = {m}, hbar = -1)"
        ));
        for k in 0..=m {
            let pl = plain(&mut s, &format!("coeff(w2, {})", 2 * k));
            let ham = plain(
                &mut s,
                &format!("coeff(series(h, a, {}), {})", 2 * m + 2, 2 * k),
            );
            assert_eq!(ham, pl, "order {m}, a^{}", 2 * k);
        }
        // And not beyond: the next coefficient differs (the comparison can fail).
        let pl = plain(&mut s, &format!("coeff(w2, {})", 2 * m + 2));
        let ham = plain(
            &mut s,
            &format!("coeff(series(h, a, {}), {})", 2 * m + 2, 2 * m + 2),
        );
        assert_ne!(ham, pl, "order {m} agrees beyond a^{}", 2 * m);
    }
}
