//! The approximation lab against independent references: mpmath values computed by
//! tests/reference/approx_ref.py (the equioscillation systems solved by mpmath.findroot, the
//! L2 gradient by mpmath.quad), a brute-force minimax search written here in doubles with
//! libm (a dense grid and golden sections, nothing shared with the Remez code), closed forms
//! of MATH.md §4, and properties of the smoothing catalog over random inputs.

mod common;

use ansatz::Session;
use ansatz::approx::fit::minimax;
use ansatz::approx::verify::{Measure, verify};
use proptest::prelude::*;
use rug::Float;

fn expr(text: &str) -> ansatz::Expr {
    Session::new().expr(text).expect(text)
}

fn close(got: &Float, expected: &str, tol: f64, what: &str) {
    let e = Float::with_val(
        got.prec().max(200),
        Float::parse(expected).expect("decimal"),
    );
    let d = Float::with_val(200, got - &e).abs().to_f64();
    assert!(
        d <= tol * e.to_f64().abs().max(1e-300),
        "{what}: got {got}, expected {expected}"
    );
}

/// max over x ≥ 0 of |σ(λx) − Φ(x)| by a grid of step 1e-3 on [0, 10] and a golden section
/// around the largest grid value (doubles, libm's erfc).
fn worst_error(lambda: f64) -> f64 {
    let e = |x: f64| (1.0 / (1.0 + (-lambda * x).exp()) - 0.5 * libm::erfc(-x / 2f64.sqrt())).abs();
    let mut best = (0.0, 0.0);
    for k in 0..10_000 {
        let x = k as f64 * 1e-3;
        if e(x) > best.1 {
            best = (x, e(x));
        }
    }
    let (mut lo, mut hi) = (best.0 - 1e-3, best.0 + 1e-3);
    let r = 0.5 * (5f64.sqrt() - 1.0);
    for _ in 0..60 {
        let (a, b) = (hi - r * (hi - lo), lo + r * (hi - lo));
        if e(a) > e(b) {
            hi = b;
        } else {
            lo = a;
        }
    }
    e(0.5 * (lo + hi)).max(best.1)
}

#[test]
fn minimax_lambda_matches_mpmath_and_a_brute_force_search() {
    let fit = minimax(
        &expr("sigmoid(lambda*x)"),
        &expr("Phi(x)"),
        "x",
        (f64::NEG_INFINITY, f64::INFINITY),
        &[("lambda".into(), 1.7)],
        30,
        Measure::Absolute,
    )
    .expect("fit");
    close(
        &fit.params[0].1,
        "1.701744925338003312313169523483175779792",
        1e-29,
        "lambda*",
    );
    close(
        &fit.error,
        "0.009457309176371080314522508403900036112211",
        1e-28,
        "E",
    );
    // The brute force: golden section on λ of the sampled worst error.
    let (mut lo, mut hi) = (1.6f64, 1.8f64);
    let r = 0.5 * (5f64.sqrt() - 1.0);
    for _ in 0..80 {
        let (a, b) = (hi - r * (hi - lo), lo + r * (hi - lo));
        if worst_error(a) < worst_error(b) {
            hi = b;
        } else {
            lo = a;
        }
    }
    let brute = 0.5 * (lo + hi);
    assert!(
        (brute - fit.params[0].1.to_f64()).abs() < 1e-7,
        "brute force {brute}"
    );
    assert!((worst_error(brute) - fit.error.to_f64()).abs() < 1e-9);
    // The certificate encloses the levelled error.
    let c = fit.certificate.expect("certified");
    assert!(c.lower <= fit.error && fit.error <= c.upper);
}

#[test]
fn hybrid_and_squareplus_fits_match_mpmath() {
    let fit = minimax(
        &expr("tanh(sqrt(2/pi)*x + b*x^3)"),
        &expr("erf(x/sqrt(2))"),
        "x",
        (f64::NEG_INFINITY, f64::INFINITY),
        &[("b".into(), 0.035)],
        25,
        Measure::Absolute,
    )
    .expect("hybrid");
    close(
        &fit.params[0].1,
        "0.0356773373061986661958191449464814088097",
        1e-23,
        "b*",
    );
    close(
        &fit.error,
        "0.0003578426218904394470402267988144784324749",
        1e-22,
        "E",
    );
    let sq = minimax(
        &expr("squareplus(x, b)"),
        &expr("softplus(x)"),
        "x",
        (f64::NEG_INFINITY, f64::INFINITY),
        &[("b".into(), 1.5)],
        20,
        Measure::Absolute,
    )
    .expect("squareplus");
    close(
        &sq.params[0].1,
        "1.523821032518750664193560228639757928906",
        1e-19,
        "SquarePlus b*",
    );
    close(
        &sq.error,
        "0.07593144993596998910334052896820886392321",
        1e-18,
        "E",
    );
}

#[test]
fn verify_certifies_the_published_gelu_errors() {
    let inf = (f64::NEG_INFINITY, f64::INFINITY);
    let v = verify(
        &expr("x*sigmoid(1.702*x)"),
        &expr("x*Phi(x)"),
        "x",
        inf,
        Measure::Absolute,
        None,
    )
    .expect("verify");
    let c = v.certificate.expect("certified");
    let peak = Float::with_val(
        200,
        Float::parse("0.0203348722092392346469913535838").unwrap(),
    );
    assert!(c.lower <= peak && peak <= c.upper, "{c:?}");
    assert!(Float::with_val(200, &c.upper - &c.lower).to_f64() < 1e-7);
    // A maximum's abscissa is set by a flat top: to about the square root of the value's accuracy.
    close(
        &v.peak.x.clone().abs(),
        "2.27039773719661008524004090679",
        1e-7,
        "where",
    );
    let v = verify(
        &expr("tanh(sqrt(2/pi)*(x + 0.044715*x^3))"),
        &expr("erf(x/sqrt(2))"),
        "x",
        inf,
        Measure::Absolute,
        Some(&ansatz::Expr::zero()),
    )
    .expect("verify");
    let c = v.certificate.expect("certified");
    let peak = Float::with_val(
        200,
        Float::parse("0.000357865167544606647211027982347").unwrap(),
    );
    assert!(
        c.lower <= peak && peak <= c.upper && c.uncovered.is_empty(),
        "{c:?}"
    );
    let t = v.taylor.expect("asked").expect("series");
    assert_eq!(t.order, Some(3));
}

#[test]
fn taylor_and_least_squares_constants() {
    // λ = √(8/π) and b/a = 2/(3π) − 1/6 (MATH.md §5).
    let out =
        common::one("N(fit_taylor(sigmoid(lambda*x), Phi(x), x = 0, params = [lambda = 1.7]), 20)");
    assert_eq!(out, "1.5957691216057307118");
    let out = common::one(
        "N(fit_taylor(tanh(a*x + b*x^3), erf(x/sqrt(2)), x = 0, params = [a = 0.8, b = 0.03])[2]/sqrt(2/pi), 12)",
    );
    assert_eq!(out, "0.0455399241225");
    let out = common::one(
        "fit_l2(sigmoid(lambda*x), Phi(x), x = [-inf, inf], params = [lambda = 1.7], digits = 18)",
    );
    assert!(out.contains("lambda = 1.70099134833117568"), "{out}");
}

#[test]
fn prove_finds_the_squareplus_threshold_in_closed_form() {
    let out = common::one("prove(squareplus(x, b) >= softplus(x), x = [-inf, inf])");
    assert!(
        out.contains("b >= 1.921812055672805698668 = 4*log(2)^2"),
        "{out}"
    );
    assert!(
        common::one("prove(squareplus(x, 2) >= softplus(x), x = [-inf, inf])")
            .starts_with("proved")
    );
    assert!(
        common::one("prove(squareplus(x, 1.9) >= softplus(x), x = [-inf, inf])")
            .starts_with("false")
    );
    // At the threshold itself the two touch at 0: h(0) = h'(0) = 0 and h''(0) = 0.1106737602…
    // > 0 (mpmath): proved by the Taylor remainder, and a strict inequality is false there.
    let at = common::one("prove(squareplus(x, 4*log(2)^2) >= softplus(x), x = [-inf, inf])");
    assert!(
        at.starts_with("proved") && at.contains("equality at x = 0"),
        "{at}"
    );
    let strict = common::one("prove(squareplus(x, 4*log(2)^2) > softplus(x), x = [-inf, inf])");
    assert!(
        strict.starts_with("false") && strict.contains("∈ [0, 0]"),
        "{strict}"
    );
    // exp(x) >= 1 + x (equality at 0 only) and cos(x) >= 1 - x^2/2 (to fourth order).
    assert!(common::one("prove(exp(x) >= 1 + x, x = [-1, 1])").starts_with("proved"));
    assert!(common::one("prove(cos(x) >= 1 - x^2/2, x = [-3, 3])").starts_with("proved"));
    // An odd first non-zero order is a sign change, not a touching point.
    assert!(common::one("prove(x^3 >= 0, x = [-1, 1])").starts_with("false"));
}

#[test]
fn convolution_closed_forms_match_mpmath_at_fifty_digits() {
    let out = common::one("convolve(relu(x), gaussian(1/2), x, at = 3/10, digits = 50)");
    // x Φ(x/s) + s φ(x/s) at x = 0.3, s = 1/2 (mpmath, 60 digits).
    let expected = "0.38433636612087774373812280120907246150915697688113";
    assert!(out.matches(expected).count() == 2, "{out}");
}

#[test]
fn smoothing_kernels_at_extreme_arguments() {
    // A computed value keeps its zeros: softplus(1000) - 1000 = 5.08e-435.
    assert_eq!(
        common::one("N(softplus(1000), 30)"),
        "1000.00000000000000000000000000"
    );
    assert_eq!(common::one("N(softplus(-1000), 8)"), "5.0759589e-435");
    assert_eq!(common::one("N(gelu(-40), 12)"), "-1.46235741637e-348");
    assert_eq!(common::one("N(logsumexp([1000, 1000]), 10)"), "1000.693147");
    assert_eq!(
        common::one("N(smooth_max(1000, -1000, 1), 10)"),
        "1000.000000"
    );
    // −1000/(1 + e^1702) (mpmath).
    assert_eq!(common::one("N(gelu_sigmoid(-1000), 6)"), "-6.77317e-737");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn softmax_sums_to_one_and_logsumexp_is_bounded(v in prop::collection::vec(-50i32..50, 1..8), k in 1u32..20) {
        let list = format!("[{}]", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "));
        // Exactly 1 (one entry) or 1 to all 30 digits.
        let total = common::one(&format!("N(sum(softmax({list}, {k})), 30)"));
        prop_assert!(total == "1" || total == "1.00000000000000000000000000000", "{}", total);
        let lse: f64 = common::one(&format!("N(logsumexp({list}, {k}), 15)")).parse().unwrap();
        let max = f64::from(*v.iter().max().unwrap());
        let n = v.len() as f64;
        prop_assert!(lse >= max - 1e-12 && lse <= max + n.ln() / f64::from(k) + 1e-12);
    }

    #[test]
    fn squareplus_is_above_relu_and_smooth_max_within_its_bound(x in -30.0f64..30.0, b in 0.01f64..4.0, k in 0.1f64..10.0) {
        let sp: f64 = common::one(&format!("N(squareplus({x}, {b}), 15)")).parse().unwrap();
        prop_assert!(sp >= x.max(0.0));
        let sm: f64 = common::one(&format!("N(smooth_max({x}, {b}, {k}), 15)")).parse().unwrap();
        prop_assert!(sm >= x.max(b) - 1e-12 && sm <= x.max(b) + 2f64.ln() / k + 1e-12);
    }
}
