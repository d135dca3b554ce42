//! Every function of the registry, on the test domain its entry declares (no hand-picked
//! list): the symbolic derivative against a central finite difference at 256 bits (only
//! function values, no derivative rules), and the f64, complex, ball (Arb) and MPFR kernels
//! against each other (separate implementations: libm/num-complex, Arb, MPFR), and the
//! function callable at the prompt with its help page.

use ansatz::Session;
use ansatz::expr::canon::call;
use ansatz::expr::diff::diff;
use ansatz::expr::{Expr, Number, subst::subs};
use ansatz::functions::{self, Func};
use ansatz::numeric::ball::Ball;
use ansatz::numeric::eval::{NoVars, eval};
use num_complex::Complex64;
use rug::{Float, Rational};

const PREC: u32 = 256;

/// Sample points of the domain: five interior points per free argument (a small grid), fixed
/// arguments at their value.
fn points(domain: &[(f64, f64)]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new()];
    for &(lo, hi) in domain {
        let values: Vec<f64> = if lo == hi {
            vec![lo]
        } else {
            (0..5)
                .map(|k| lo + (hi - lo) * (f64::from(k) + 0.5) / 5.0)
                .collect()
        };
        out = out
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect();
    }
    out
}

fn exact(x: f64) -> Expr {
    Expr::num(Number::Exact(Rational::from_f64(x).expect("finite")))
}

fn at_mpfr(e: &Expr, env: &[(String, Float)]) -> Float {
    let env: Vec<(&str, Float)> = env.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    eval(e, &env[..], &Float::new(PREC)).expect("defined on the test domain")
}

#[test]
fn every_function_declares_a_test_domain_of_its_arity() {
    for d in functions::all() {
        let n = d.domain.len();
        assert!(
            d.accepts(n) && n >= 1,
            "{}: domain of {n} arguments",
            d.name
        );
        assert!(d.domain.iter().all(|(lo, hi)| lo <= hi), "{}", d.name);
    }
}

#[test]
fn every_derivative_matches_a_finite_difference_on_the_domain() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for d in functions::all() {
        let f = Func::lookup(d.name).expect("registered");
        let vars: Vec<String> = (0..d.domain.len()).map(|i| format!("x{i}")).collect();
        let e = call(f, vars.iter().map(|v| Expr::sym(v)).collect()).expect("call");
        for (i, &(lo, hi)) in d.domain.iter().enumerate() {
            if lo == hi {
                continue;
            }
            let de = diff(&e, &vars[i]).expect("derivative");
            for p in points(d.domain) {
                let env: Vec<(String, Float)> = vars
                    .iter()
                    .zip(&p)
                    .map(|(v, x)| (v.clone(), Float::with_val(PREC, *x)))
                    .collect();
                let h = Float::with_val(PREC, Float::i_exp(1, -70));
                let shifted = |sign: i32| {
                    let mut env = env.clone();
                    env[i].1 = Float::with_val(PREC, &env[i].1 + Float::with_val(PREC, &h * sign));
                    at_mpfr(&e, &env)
                };
                let fd = Float::with_val(
                    PREC,
                    (shifted(1) - shifted(-1)) / Float::with_val(PREC, &h * 2u32),
                );
                let exact = at_mpfr(&de, &env);
                let err = Float::with_val(PREC, &exact - &fd).abs().to_f64();
                checked += 1;
                if err > 1e-25 * exact.to_f64().abs().max(1.0) {
                    failures.push(format!(
                        "d/d{} {}{p:?}: {} vs {}",
                        vars[i],
                        d.name,
                        exact.to_f64(),
                        fd.to_f64()
                    ));
                }
            }
        }
    }
    assert!(
        checked >= 5 * functions::all().len(),
        "only {checked} points"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kernel_agrees_with_mpfr_on_the_domain() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for d in functions::all() {
        let f = Func::lookup(d.name).expect("registered");
        for p in points(d.domain) {
            let e = call(f, p.iter().map(|x| exact(*x)).collect()).expect("call");
            let e = subs(&e, &[]).expect("canonical");
            let mp = eval(&e, &NoVars, &Float::new(200)).expect("mpfr").to_f64();
            checked += 1;
            let tol = 1e-9 * mp.abs().max(1.0);
            let x = eval(&e, &NoVars, &0.0f64);
            let z = eval(&e, &NoVars, &Complex64::new(0.0, 0.0));
            let b = eval(&e, &NoVars, &Ball::zero(200));
            match (x, z, b) {
                (Ok(x), Ok(z), Ok(b)) => {
                    let mid = b.real_mid_rad().0.to_f64();
                    if (x - mp).abs() > tol
                        || (z.re - mp).abs() > tol
                        || z.im.abs() > tol
                        || (mid - mp).abs() > 1e-12 * mp.abs().max(1.0)
                    {
                        failures.push(format!("{e}: f64 {x}, c64 {z}, ball {mid} vs mpfr {mp}"));
                    }
                }
                other => failures.push(format!("{e}: {other:?}")),
            }
        }
    }
    assert!(
        checked >= 5 * functions::all().len(),
        "only {checked} points"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_function_is_callable_at_the_prompt_with_its_help() {
    for d in functions::all() {
        let mid: Vec<String> = d
            .domain
            .iter()
            .map(|(lo, hi)| {
                let m = Rational::from_f64(0.5 * (lo + hi)).expect("finite");
                format!("({m})")
            })
            .collect();
        let text = format!("N({}({}), 30); help({})", d.name, mid.join(", "), d.name);
        let mut s = Session::new();
        for r in s.eval_line(&text) {
            let o = r.unwrap_or_else(|e| panic!("{}", e.render("test", &text)));
            assert!(!o.to_plain().is_empty(), "{text}");
        }
    }
}

/// The hand-written interval kernels of the registry enclose the MPFR values over small
/// intervals of the test domain (and the complex ones on the real axis).
#[test]
fn every_interval_kernel_encloses_the_function() {
    use ansatz::numeric::complex_interval::ComplexInterval;
    use ansatz::numeric::interval::Interval;
    let mut checked = 0;
    for d in functions::all() {
        let f = Func::lookup(d.name).expect("registered");
        for p in points(d.domain) {
            let (lo, hi) = (
                Float::with_val(PREC, p[0]),
                Float::with_val(PREC, p[0] + 1e-3),
            );
            let probes = [
                lo.clone(),
                Float::with_val(PREC, Float::with_val(PREC, &lo + &hi) / 2u32),
                hi.clone(),
            ];
            // The MPFR value is rounded to nearest: allow it a few ulps outside the enclosure.
            let slack = |v: &Float| Float::with_val(64, v.abs_ref()) >> (PREC as i32 - 8);
            let value = |x: &Float| {
                let e = call(
                    f,
                    vec![Expr::num(Number::Exact(x.to_rational().expect("finite")))],
                )
                .expect("call");
                eval(&e, &NoVars, &Float::new(PREC)).expect("mpfr")
            };
            if let Some(kernel) = d.interval {
                let box_ = kernel(&Interval::new(lo.clone(), hi.clone())).expect("encloses");
                for x in &probes {
                    let v = value(x);
                    let lo = Float::with_val(PREC + 64, &box_.lo) - slack(&v);
                    let hi = Float::with_val(PREC + 64, &box_.hi) + slack(&v);
                    assert!(
                        lo <= v && v <= hi,
                        "{}({x}) = {v} outside [{}, {}] (with slack [{lo}, {hi}])",
                        d.name,
                        box_.lo,
                        box_.hi
                    );
                }
                checked += 1;
            }
            if let Some(kernel) = d.complex_interval {
                let zero = Interval::point(&Float::new(PREC));
                let z = ComplexInterval::new(Interval::new(lo.clone(), hi.clone()), zero);
                let box_ = kernel(&z).expect("encloses");
                for x in &probes {
                    let v = value(x);
                    let lo = Float::with_val(PREC + 64, &box_.re.lo) - slack(&v);
                    let hi = Float::with_val(PREC + 64, &box_.re.hi) + slack(&v);
                    assert!(
                        lo <= v && v <= hi,
                        "{}({x}) outside the complex box",
                        d.name
                    );
                    assert!(
                        box_.im.lo <= 0 && box_.im.hi >= 0,
                        "{}: imaginary part",
                        d.name
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 50, "only {checked} enclosures");
}
