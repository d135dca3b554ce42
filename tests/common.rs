//! Helpers shared by the integration tests.

use ansatz::Session;
use rug::{Integer, Rational};

/// Evaluate `text` in a fresh session and return the plain text of every printed result, or
/// `error: <message>` for a failing statement.
#[allow(dead_code)]
pub fn run(text: &str) -> Vec<String> {
    run_in(&mut Session::new(), text)
}

/// The same, in an existing session.
#[allow(dead_code)]
pub fn run_in(session: &mut Session, text: &str) -> Vec<String> {
    session
        .eval_line(text)
        .into_iter()
        .filter_map(|r| match r {
            Ok(o) if o.is_silent() => None,
            Ok(o) => Some(o.to_plain()),
            Err(e) => Some(format!("error: {e}")),
        })
        .collect()
}

/// The single printed result of `text`.
#[allow(dead_code)]
pub fn one(text: &str) -> String {
    let mut out = run(text);
    assert_eq!(out.len(), 1, "{text}: {out:?}");
    out.remove(0)
}

/// A decimal (`-1.25e-7`, `0.5`) or a fraction (`-3/4`) as an exact rational (reference
/// values and printed results are compared exactly).
#[allow(dead_code)]
pub fn exact(text: &str) -> Rational {
    if let Some((n, d)) = text.split_once('/') {
        return Rational::from((
            Integer::from_str_radix(n, 10).expect("numerator"),
            Integer::from_str_radix(d, 10).expect("denominator"),
        ));
    }
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().expect("exponent")),
        None => (text, 0),
    };
    let negative = mantissa.starts_with('-');
    let mantissa = mantissa.trim_start_matches('-');
    let (int_part, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = Integer::from_str_radix(&format!("{int_part}{frac}"), 10).expect("digits");
    let scale = exponent - frac.len() as i64;
    let power = Integer::from(Integer::u_pow_u(10, scale.unsigned_abs() as u32));
    let value = if scale >= 0 {
        Rational::from(digits * power)
    } else {
        Rational::from((digits, power))
    };
    if negative { -value } else { value }
}

/// Half a unit of the `digits`-th significant digit of |x| (x ≠ 0), exactly: the decimal
/// exponent comes from the digit counts, not a double (which underflows below 1e-308).
#[allow(dead_code)]
pub fn half_unit(x: &Rational, digits: u32) -> Rational {
    let (n, d) = (Integer::from(x.numer().abs_ref()), x.denom().clone());
    let len = |i: &Integer| i.to_string_radix(10).len() as i64;
    // 10^e ≤ |x| < 10^(e+1)
    let mut e = len(&n) - len(&d);
    if Rational::from((n.clone(), d.clone())) < power_of_ten(e) {
        e -= 1;
    }
    power_of_ten(e + 1 - i64::from(digits)) / 2u32
}

/// 10^k as an exact rational, for any integer k.
fn power_of_ten(k: i64) -> Rational {
    let p = Integer::from(Integer::u_pow_u(10, k.unsigned_abs() as u32));
    if k >= 0 {
        Rational::from(p)
    } else {
        Rational::from((Integer::from(1), p))
    }
}

/// ω/ω0 of the pendulum, coefficients of θ^0, θ^2, …, θ^24, computed with SymPy from
/// 1/(T/T0), T/T0 = Σ (C(2n,n)/4^n)² sin(θ/2)^(2n) (tests/reference/series_ref.py).
#[allow(dead_code)]
pub const PENDULUM_FREQUENCY: &[&str] = &[
    "1",
    "-1/16",
    "1/3072",
    "-23/737280",
    "-2519/1321205760",
    "-140333/951268147200",
    "-23798857/2009078326886400",
    "-2878634509/2925218043946598400",
    "-3768503061959/44931349155019751424000",
    "-72921872686723/9999267521044395589632000",
    "-430882909415008627/668751011807449177034588160000",
    "-142545187302071776819/2471703739640332158319837839360000",
    "-227823022994788514948737/43660174857006827244561615594455040000",
];
