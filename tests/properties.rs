//! Property tests over random expressions:
//! - the symbolic derivative agrees with a central finite difference computed at 256 bits
//!   (an independent route: only function values, no derivative rules);
//! - printing then parsing gives back the same canonical expression, in plain and Unicode;
//! - f64, Complex64 and MPFR evaluation agree;
//! - the parser and the session never panic on random bytes or random token soup.

use ansatz::Session;
use ansatz::expr::canon::{add2, div, mul2, pow, sub};
use ansatz::expr::diff::diff;
use ansatz::expr::{Expr, subst::subs};
use ansatz::functions::apply1;
use ansatz::numeric::eval::{NoVars, eval};
use num_complex::Complex64;
use proptest::prelude::*;
use rug::Float;

/// `f` applied to `a` carried into the function's declared test domain: each free argument is
/// lo + (hi - lo)·sigmoid(a), a fixed one its value.
fn in_domain(name: &str, a: &Expr) -> Expr {
    let f = ansatz::functions::Func::lookup(name).unwrap();
    let args = f
        .def()
        .domain
        .iter()
        .map(|&(lo, hi)| {
            let exact = |x: f64| {
                Expr::num(ansatz::expr::Number::Exact(
                    rug::Rational::from_f64(x).unwrap(),
                ))
            };
            if lo == hi {
                exact(lo)
            } else {
                add2(
                    exact(lo),
                    mul2(exact(hi - lo), apply1("sigmoid", a).unwrap()).unwrap(),
                )
                .unwrap()
            }
        })
        .collect();
    ansatz::expr::canon::call(f, args).unwrap()
}

/// Random expressions in x that are defined and smooth on [-2, 2].
fn expr_strategy() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        Just(Expr::sym("x")),
        (-5i64..=5).prop_map(Expr::int),
        (1i64..=7, 2i64..=5).prop_map(|(n, d)| Expr::rational(n, d)),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| add2(a, b).unwrap()),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| sub(a, b).unwrap()),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| mul2(a, b).unwrap()),
            // Divide by something that never vanishes: 1 + b^2.
            (inner.clone(), inner.clone()).prop_map(|(a, b)| div(
                a,
                add2(Expr::one(), pow(b, Expr::int(2)).unwrap()).unwrap()
            )
            .unwrap()),
            (inner.clone(), 0i64..=3).prop_map(|(a, n)| pow(a, Expr::int(n)).unwrap()),
            // Any function of the registry, its arguments mapped into its test domain.
            (
                inner.clone(),
                prop::sample::select(
                    ansatz::functions::all()
                        .iter()
                        .map(|d| d.name)
                        .collect::<Vec<_>>()
                )
            )
                .prop_map(|(a, f)| in_domain(f, &a)),
            // exp of a bounded argument, log and sqrt of positive ones.
            inner
                .clone()
                .prop_map(|a| apply1("exp", &apply1("sin", &a).unwrap()).unwrap()),
            inner.clone().prop_map(|a| apply1(
                "log",
                &add2(Expr::int(2), pow(a, Expr::int(2)).unwrap()).unwrap()
            )
            .unwrap()),
            inner.prop_map(|a| pow(
                add2(Expr::one(), pow(a, Expr::int(2)).unwrap()).unwrap(),
                Expr::rational(1, 2)
            )
            .unwrap()),
        ]
    })
}

fn at_mpfr(e: &Expr, x: &Float) -> Float {
    eval(e, &[("x", x.clone())][..], x).expect("defined on the sample interval")
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=5000 for a longer hunt.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn derivative_matches_high_precision_finite_difference(e in expr_strategy(), x0 in -2.0f64..2.0) {
        let d = diff(&e, "x").unwrap();
        let prec = 256;
        let x = Float::with_val(prec, x0);
        let h = Float::with_val(prec, Float::i_exp(1, -70));
        let plus = at_mpfr(&e, &Float::with_val(prec, &x + &h));
        let minus = at_mpfr(&e, &Float::with_val(prec, &x - &h));
        let fd = Float::with_val(prec, (plus - minus) / Float::with_val(prec, &h * 2u32));
        let exact = at_mpfr(&d, &x);
        let err = Float::with_val(prec, &exact - &fd).abs().to_f64();
        let scale = exact.to_f64().abs().max(1.0);
        prop_assert!(err <= 1e-25 * scale, "d/dx {} = {}: {} vs finite difference {}", e, d, exact.to_f64(), fd.to_f64());
    }

    #[test]
    fn print_then_parse_is_identity(e in expr_strategy()) {
        let printed = e.to_string();
        let mut session = Session::new();
        let back = session.eval_line(&printed).remove(0).expect("re-parses");
        prop_assert_eq!(back.value.as_expr().cloned(), Some(e.clone()), "{}", printed);
    }

    #[test]
    fn unicode_printing_pastes_back(e in expr_strategy()) {
        // What --unicode prints (√, ·, −, superscripts, π) reads back as the same expression.
        let printed = ansatz::session::format::unicode(&ansatz::Value::Expr(e.clone()));
        let mut session = Session::new();
        let back = session.eval_line(&printed).remove(0).expect("re-parses");
        prop_assert_eq!(back.value.as_expr().cloned(), Some(e.clone()), "{}", printed);
    }

    #[test]
    fn f64_complex_and_mpfr_agree(e in expr_strategy(), x0 in -2.0f64..2.0) {
        let bound = subs(&e, &[("x".to_string(), Expr::num(ansatz::expr::Number::Exact(rug::Rational::from_f64(x0).unwrap())))]).unwrap();
        let mp = eval(&bound, &NoVars, &Float::new(200)).unwrap().to_f64();
        let f = eval(&bound, &NoVars, &0.0f64).unwrap();
        let tol = 1e-9 * mp.abs().max(1.0);
        prop_assert!((f - mp).abs() <= tol, "{}: f64 {} vs mpfr {}", bound, f, mp);
        // The complex kernels (erf and the gamma family through Arb) must agree too.
        match eval(&bound, &NoVars, &Complex64::new(0.0, 0.0)) {
            Ok(c) => prop_assert!((c.re - mp).abs() <= tol && c.im.abs() <= tol, "{}: c64 {} vs mpfr {}", bound, c, mp),
            Err(other) => prop_assert!(false, "{}: complex evaluation failed: {}", bound, other),
        }
    }

    #[test]
    fn parser_never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = ansatz::syntax::parse_statements(&text);
    }

    #[test]
    fn session_never_panics_on_token_soup(tokens in prop::collection::vec(prop::sample::select(vec![
        "(", ")", "[", "]", ",", "+", "-", "*", "/", "^", "=", ":=", ";", "\n", " ", "x", "y", "f", "sin", "·", "²", "⁻", "√", "π", "±", "≈", "…", "−",
        "diff", "N", "subs", "expand", "help", "1", "2.5", "1e3", "0", "pi", "e", "i", "ans", "#c\n", "log", "besselj",
    ]), 0..40)) {
        let text: String = tokens.concat();
        let mut session = Session::new();
        let _ = session.eval_line(&text);
    }
}
