//! Every printed digit of `N(f(args), 30)` and `N(f(args), 100)` against mpmath.
//!
//! tests/reference/registry.tsv holds each registry function at real, complex, tiny, large and
//! near-branch-cut arguments (and the reproducers of wrong values found by an independent
//! check), computed with mpmath at 160 digits by tests/reference/registry.py. For each part
//! (real, imaginary) the printed decimal must be the reference rounded to the requested digits
//! (within half a unit of its last digit), show no more digits than asked, and a part ansatz
//! leaves out must be below the printed precision of the other. Failures name the input.

mod common;

use common::{exact, half_unit};

use rug::{Integer, Rational};

/// Significant digits of a printed decimal (leading zeros and the exponent excluded).
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split('e').next().unwrap_or("");
    mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count()
}

/// Real and imaginary parts of a printed value (`a`, `b*i`, `a + b*i`, `b*i - a`, `-i`, ...),
/// as texts (a missing part is `None`).
fn parts(printed: &str) -> (Option<String>, Option<String>) {
    let mut re = None;
    let mut im = None;
    let mut rest = printed.trim().to_string();
    let mut terms = Vec::new();
    // Split on the separators " + " and " - " (exponent signs have no spaces around them).
    let mut sign = "";
    while !rest.is_empty() {
        let cut = [" + ", " - "]
            .iter()
            .filter_map(|s| rest.find(s).map(|at| (at, *s)))
            .min();
        let (term, next_sign, tail) = match cut {
            Some((at, sep)) => (
                rest[..at].to_string(),
                sep.trim(),
                rest[at + 3..].to_string(),
            ),
            None => (rest.clone(), "", String::new()),
        };
        terms.push(format!("{}{term}", if sign == "-" { "-" } else { "" }));
        sign = next_sign;
        rest = tail;
    }
    for term in terms {
        let term = term.replace("--", "");
        if let Some(coefficient) = term.strip_suffix("*i") {
            im = Some(coefficient.to_string());
        } else if term == "i" || term == "-i" {
            im = Some(term.replace('i', "1"));
        } else {
            re = Some(term);
        }
    }
    (re, im)
}

fn check_part(
    input: &str,
    digits: u32,
    which: &str,
    printed: Option<&str>,
    reference: &Rational,
    other: &Rational,
) -> Result<(), String> {
    let Some(text) = printed else {
        // Left out: must be exactly zero, or beneath the printed precision of the other part.
        let negligible =
            Rational::from(other.abs_ref()) / Integer::from(Integer::u_pow_u(10, digits));
        return if *reference == 0 || Rational::from(reference.abs_ref()) <= negligible {
            Ok(())
        } else {
            Err(format!("{input} at {digits}: the {which} part is missing"))
        };
    };
    let value = exact(text);
    if *reference == 0 {
        return if value == 0 {
            Ok(())
        } else {
            Err(format!("{input} at {digits}: {which} {text}, reference 0"))
        };
    }
    if significant_digits(text) > digits as usize {
        return Err(format!(
            "{input} at {digits}: {which} {text} shows too many digits"
        ));
    }
    let error = Rational::from(&value - reference).abs();
    // The reference itself is good to ~1e-130 relative; allow for that beside the half unit.
    let slack = Rational::from(reference.abs_ref()) / Integer::from(Integer::u_pow_u(10, 125));
    if error <= half_unit(reference, digits) + slack {
        Ok(())
    } else {
        Err(format!(
            "{input} at {digits}: {which} printed {text}, reference {}",
            reference.to_f64()
        ))
    }
}

#[test]
fn every_printed_digit_matches_mpmath() {
    let table = include_str!("reference/registry.tsv");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in table.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [input, re, im] = fields[..] else {
            panic!("bad line: {line}");
        };
        let (re, im) = (exact(re), exact(im));
        for digits in [30, 100] {
            let printed = common::one(&format!("N({input}, {digits})"));
            if printed.starts_with("error") {
                failures.push(format!("{input} at {digits}: {printed}"));
                continue;
            }
            let (p_re, p_im) = parts(&printed);
            for result in [
                check_part(input, digits, "real", p_re.as_deref(), &re, &im),
                check_part(input, digits, "imaginary", p_im.as_deref(), &im, &re),
            ] {
                if let Err(e) = result {
                    failures.push(e);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} evaluations");
    assert!(
        failures.is_empty(),
        "{} of {checked} wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checker_rejects_a_wrong_last_digit() {
    // pi to 5 digits is 3.1416; 3.1415 must fail and 3.1416 pass.
    let pi = exact("3.14159265358979323846264338327950288419716939937510e0");
    assert!(check_part("pi", 5, "real", Some("3.1416"), &pi, &Rational::new()).is_ok());
    assert!(check_part("pi", 5, "real", Some("3.1415"), &pi, &Rational::new()).is_err());
    assert!(check_part("pi", 5, "real", Some("3.14159"), &pi, &Rational::new()).is_err());
    assert!(check_part("pi", 5, "real", None, &pi, &Rational::new()).is_err());
    assert_eq!(parts("1.5 - 2*i"), (Some("1.5".into()), Some("-2".into())));
    assert_eq!(parts("3*i - 0.5"), (Some("-0.5".into()), Some("3".into())));
    assert_eq!(parts("-1.2e-5*i"), (None, Some("-1.2e-5".into())));
}
