//! Root finding through the library, checked against independent references: roots of unity
//! (e^(2πik/n) in closed form), Vieta's formulas for a 3-equation system whose solution is
//! {1, 2, 3}, residuals of a random degree-100 polynomial evaluated in exact arithmetic, and
//! mpmath values at 1,000 digits.

mod common;

use ansatz::Session;
use ansatz::expr::Expr;
use ansatz::solve::polynomial::polynomial_roots;
use ansatz::solve::{Certificate, RootValue};

fn parse(text: &str) -> Expr {
    Session::new().expr(text).expect("an expression")
}

#[test]
fn roots_of_unity_match_the_closed_form() {
    let n = 100;
    let roots = polynomial_roots(&parse(&format!("x^{n} - 1")), "x", None).expect("roots");
    assert_eq!(roots.len(), n);
    let mut expected: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let t = 2.0 * std::f64::consts::PI * k as f64 / n as f64;
            (t.cos(), t.sin())
        })
        .collect();
    for (r, m) in &roots {
        assert_eq!(*m, 1);
        let (re, im) = (r.to_f64(), r.imag_f64());
        let pos = expected
            .iter()
            .position(|(a, b)| (a - re).abs() < 1e-15 && (b - im).abs() < 1e-15)
            .unwrap_or_else(|| panic!("unexpected root {re} {im}"));
        expected.remove(pos);
    }
    assert!(expected.is_empty());
}

#[test]
fn random_degree_100_polynomial_roots_have_tiny_residuals() {
    // Deterministic pseudo-random integer coefficients in [-50, 50].
    let mut state = 12345u64;
    let mut terms = Vec::new();
    for k in 0..=100 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let c = (state >> 33) % 101;
        let c = c as i64 - 50;
        let c = if k == 100 && c == 0 { 1 } else { c };
        terms.push(format!("({c})*x^{k}"));
    }
    let p = parse(&terms.join(" + "));
    let roots = polynomial_roots(&p, "x", Some(30)).expect("roots");
    let total: u32 = roots.iter().map(|r| r.1).sum();
    assert_eq!(total, 100);
    // Each root is a zero of p: evaluate at 300 bits (an independent evaluation path).
    for (r, _) in &roots {
        let z = match r {
            RootValue::Complex(z) => z.clone(),
            RootValue::Real(x) => rug::Complex::with_val(x.prec(), (x, 0)),
            RootValue::Exact(_) => continue,
        };
        let mut z = z;
        z.set_prec(300);
        let value = ansatz::numeric::eval::eval(&p, &[("x", z.clone())][..], &z).expect("eval");
        let size = rug::Float::with_val(300, z.abs_ref())
            .to_f64()
            .max(1.0)
            .powi(100)
            * 50.0
            * 101.0;
        assert!(
            rug::Float::with_val(300, value.abs_ref()).to_f64() < 1e-25 * size,
            "residual at {z}"
        );
    }
}

#[test]
fn three_equation_system_finds_the_vieta_solution() {
    // x + y + z = 6, xy + yz + zx = 11, xyz = 6: the roots of t^3 - 6t^2 + 11t - 6 = (t-1)(t-2)(t-3).
    let out = common::run(
        "solve([x + y + z = 6, x*y + y*z + z*x = 11, x*y*z = 6], [x = 0.9, y = 2.2, z = 3.3], digits = 40)",
    );
    assert_eq!(out.len(), 1);
    assert!(out[0].starts_with("x ≈ 1, y ≈ 2, z ≈ 3\n"), "{}", out[0]);
}

#[test]
fn singular_jacobian_is_reported_with_the_point() {
    let out = common::run("solve([x + y = 1, 2*x + 2*y = 2], [x = 0, y = 0])");
    assert!(
        out[0].starts_with("error: the Jacobian is singular at x = 0, y = 0"),
        "{}",
        out[0]
    );
}

#[test]
fn thousand_digits_are_certified_and_match_mpmath() {
    // mpmath: findroot(lambda x: x**3 - 2*x - 5, 2) at mp.dps = 1100, last ten of 1000 digits.
    let mut s = Session::new();
    let out = s
        .eval_line("solve(x^3 - 2*x - 5, x = 2, digits = 1000)")
        .remove(0)
        .expect("solves");
    let Some(ansatz::session::RootReport { root, .. }) = out.value.downcast() else {
        panic!("not a root")
    };
    assert!(matches!(root.certificate, Certificate::Certified(_)));
    let text = root.values[0].1.text(Some(1000));
    assert_eq!(text.len(), 1001);
    assert!(text.starts_with(
        "2.09455148154232659148238654057930296385730610562823918030412852904531218998348366714626"
    ));
    assert!(text.ends_with(REFERENCE_TAIL), "{}", &text[990..]);
}

const REFERENCE_TAIL: &str = include_str!("reference/cubic_root_1000_tail.txt");

#[test]
fn json_root_carries_every_field() {
    let mut s = Session::new();
    let out = s
        .eval_line("solve(cos(x) = x, x = 1, digits = 20)")
        .remove(0)
        .expect("solves");
    let json = ansatz::session::format::to_json(&out.input, &out.value);
    assert_eq!(json["kind"], "root");
    assert_eq!(json["values"][0]["value"], "0.73908513321516064166");
    assert_eq!(json["certified"], true);
    assert_eq!(json["multiplicity"], 1);
    assert!(json["iterations"].as_u64().is_some());
    assert!(json["residual"].as_f64().is_some());
}

#[test]
fn roots_of_a_polynomial_whose_cauchy_radius_overflows_doubles_are_all_finite_and_certified() {
    // x^400 + 100 x^399 + 1: one root near -100 (x = -100 - x^-399), 399 on the circle
    // |x|^399 |x + 100| = 1. Starting on a circle of radius 100 overflowed doubles (100^400)
    // and the roots came out NaN; starts from the Newton polygon and the reversed Horner
    // scheme outside the unit disc fix that.
    let mut s = ansatz::Session::new();
    let out = s
        .eval_line("roots(x^400 + 100*x^399 + 1, x)")
        .remove(0)
        .expect("roots");
    let Some(ansatz::session::RootsReport {
        roots,
        certificates,
        ..
    }) = out.value.downcast()
    else {
        panic!("expected roots");
    };
    assert_eq!(roots.len(), 400);
    let mut far = 0;
    for (r, m) in roots {
        assert_eq!(*m, 1);
        let (re, im) = (r.to_f64(), r.imag_f64());
        assert!(re.is_finite() && im.is_finite());
        if re < -50.0 {
            far += 1;
            assert!((re + 100.0).abs() < 1e-12 && im == 0.0);
        } else {
            let modulus = re.hypot(im);
            let check = modulus.powi(399) * (re + 100.0).hypot(im);
            assert!((check - 1.0).abs() < 1e-9, "{re} {im}: {check}");
        }
    }
    assert_eq!(far, 1);
    // Every root is certified: the disc radii are MPFR floats, so |x|^400 ≈ 1e800 in the
    // error bound of the far root no longer overflows (with doubles it did).
    let certified = certificates
        .iter()
        .filter(|c| matches!(c, ansatz::solve::Certificate::Certified(_)))
        .count();
    assert_eq!(certified, 400);
}

#[test]
fn a_wrong_multiple_root_is_not_certified() {
    // (x^2 - 2)^2: sqrt(2) is a double root. The true value is certified through the
    // square-free factor x^2 - 2; a value 1e-10 away is not.
    let mut s = Session::new();
    let f = s.expr("(x^2 - 2)^2").expect("expr");
    let p = ansatz::solve::newton::Problem::new(f, "x").expect("problem");
    let root = rug::Float::with_val(200, 2).sqrt();
    let mut good = vec![(RootValue::Real(root.clone()), 2)];
    let certs = ansatz::solve::certify_polynomial_roots(&p, &mut good, 17);
    assert!(matches!(certs[0], Certificate::Certified(_)), "{certs:?}");
    let mut wrong = vec![(RootValue::Real(rug::Float::with_val(200, &root + 1e-10)), 2)];
    let certs = ansatz::solve::certify_polynomial_roots(&p, &mut wrong, 17);
    assert!(
        matches!(certs[0], Certificate::NotCertified(_)),
        "{certs:?}"
    );
}
