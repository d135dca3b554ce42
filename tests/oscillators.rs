//! Oscillators against independent references: the pendulum's ω/ω0 series computed with SymPy
//! from the elliptic integral (tests/reference/series_ref.py), the Duffing frequency from its
//! exact period (MATH.md §9) expanded by the series engine, the exact period against MATH.md's
//! values, and lindstedt's fast path (rational cosines) against its general path (expressions,
//! with an exact residual check at every order).

mod common;

use ansatz::Session;

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
