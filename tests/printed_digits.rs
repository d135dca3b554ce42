//! Every printed digit is a correct digit, over random magnitudes: `N(c·10^e, d)` for constants
//! c (pi, e, sqrt(2), 1/3, an integer of 18 digits, ...), exponents from -400 to 400 and 1 to 40
//! digits must print the reference rounded to d significant digits (or fewer digits, each
//! correct), and never pad an inexact integer with zeros (`N(pi*10^16)` printed
//! 31415926535897900). The reference is computed directly in MPFR at four times the precision
//! plus 256 bits (a different library and algorithm from the Arb balls N uses).

mod common;

use common::{exact, half_unit};
use proptest::prelude::*;
use rug::float::Constant;
use rug::ops::Pow;
use rug::{Float, Rational};

/// The constant's text for ansatz and its value in MPFR at `bits`.
fn constant(which: usize, bits: u32) -> (&'static str, Float) {
    match which {
        0 => ("pi", Float::with_val(bits, Constant::Pi)),
        1 => ("e", Float::with_val(bits, 1).exp()),
        2 => ("sqrt(2)", Float::with_val(bits, 2).sqrt()),
        3 => ("1/3", Float::with_val(bits, 1) / 3u32),
        4 => (
            "123456789012345678",
            Float::with_val(bits, 123_456_789_012_345_678u64),
        ),
        _ => ("-log(7)", -Float::with_val(bits, 7).ln()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn printed_digits_agree_with_a_higher_precision_reference(
        which in 0usize..6,
        e in -400i64..400,
        digits in 1u32..40,
    ) {
        let bits = 4 * (digits * 4 + 64) + 256;
        let (text, c) = constant(which, bits);
        let ten = Float::with_val(bits, 10);
        let scale = Float::with_val(bits, Pow::pow(&ten, e as i32));
        let reference = Float::with_val(bits, &c * &scale);
        let printed = common::one(&format!("N({text}*10^({e}), {digits})"));
        prop_assert!(!printed.starts_with("error"), "{printed}");
        // Significant digits shown (leading zeros and the exponent excluded).
        let mantissa = printed.split('e').next().unwrap_or("");
        let shown = mantissa.chars().filter(char::is_ascii_digit).skip_while(|c| *c == '0').count();
        prop_assert!(shown <= digits as usize, "{printed} shows {shown} > {digits} digits");
        // Within half a unit of the d-th significant digit of the reference.
        let value = exact(&printed);
        let r = reference.to_rational().expect("finite");
        let error = Rational::from(&value - &r).abs();
        // The MPFR reference is good to 2^-bits relative, far below a unit.
        prop_assert!(error <= half_unit(&r, digits) * Rational::from((1001, 1000)), "{printed} vs {reference}");
    }
}
