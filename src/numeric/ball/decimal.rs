//! The decimal digits a real ball proves: correct rounding of both ends of the ball to the
//! same significant digits, with the scaling by 10^k done in ball arithmetic (any exponent).

use flint3_sys as ff;
use rug::Integer;
use rug::ops::Pow;

use super::{Arb, Arf, Fmpz};

/// A decimal `±0.d₁d₂…dₙ × 10^exponent` with `d₁ ≠ 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    pub mantissa: String,
    pub exponent: i64,
}

/// The decimal that every point of the real ball `x` rounds to (to nearest, `digits`
/// significant digits), or `None` if the ball contains zero or straddles a rounding boundary.
///
/// Rounding to nearest is monotone, so the rounding of the two ends decides the whole ball.
/// The scaling by 10^k is done in ball arithmetic at a precision above the ball's own, so it
/// works for any exponent (`1e-434294482`).
pub(super) fn round_decimal(x: &ff::arb_struct, digits: u32) -> Option<Decimal> {
    // SAFETY: all objects initialised here and dropped by their owners.
    unsafe {
        if ff::arb_contains_zero(x) != 0 || ff::arb_is_finite(x) == 0 {
            return None;
        }
        let negative = ff::arf_sgn(&x.mid) < 0;
        let prec = ff::arb_bits(x).max(64) + i64::from(digits) * 4 + 64;
        let mut abs = Arb::new();
        ff::arb_abs(abs.ptr(), x);
        // Estimate the decimal exponent from the binary one: |x| = m·2^e, 1/2 ≤ m < 1.
        let mut man = Arf::new();
        let mut exp2 = Fmpz::new();
        ff::arf_frexp(&mut man.0, &mut exp2.0, &x.mid);
        let e2 = exp2.to_integer().to_f64();
        // Beyond the decimal exponents an MPFR float (and the printer) can hold: no digits.
        if e2.abs() > f64::from(super::MAX_BINARY_EXPONENT) {
            return None;
        }
        let mut e10 = (e2 * std::f64::consts::LOG10_2).floor() as i64 + 1; // |x| < 10^e10 roughly
        for _ in 0..4 {
            let scaled = scale_by_power_of_ten(&abs.0, i64::from(digits) - e10, prec);
            let mut lo = Arf::new();
            let mut hi = Arf::new();
            ff::arb_get_lbound_arf(&mut lo.0, &scaled.0, prec);
            ff::arb_get_ubound_arf(&mut hi.0, &scaled.0, prec);
            // The scaled value must lie in [10^(n-1), 10^n) for its integer part to hold n digits.
            let low_limit = power_of_ten_arf(i64::from(digits) - 1);
            let high_limit = power_of_ten_arf(i64::from(digits));
            if ff::arf_cmp(&hi.0, &low_limit.0) < 0 {
                e10 -= 1;
                continue;
            }
            if ff::arf_cmp(&lo.0, &high_limit.0) >= 0 {
                e10 += 1;
                continue;
            }
            let lo_int = nearest_integer(&lo);
            let hi_int = nearest_integer(&hi);
            if lo_int != hi_int {
                return None;
            }
            let mut mantissa = lo_int.to_string();
            let mut exponent = e10;
            if mantissa.len() > digits as usize {
                // 9.99…5 rounded up to 10.0…: one more digit, a trailing zero.
                mantissa.truncate(digits as usize);
                exponent += 1;
            }
            if mantissa.len() < digits as usize {
                // The ball straddles a power of ten: the two ends have different exponents.
                return None;
            }
            return Some(Decimal {
                negative,
                mantissa,
                exponent,
            });
        }
        None
    }
}

/// An exact 10^k as an Arb float (k ≥ 0, small: digit counts).
fn power_of_ten_arf(k: i64) -> Arf {
    let mut a = Arf::new();
    let ten_k = Integer::from(10).pow(u32::try_from(k.max(0)).unwrap_or(0));
    let f = Fmpz::from_integer(&ten_k);
    // SAFETY: initialised objects.
    unsafe { ff::arf_set_fmpz(&mut a.0, &f.0) };
    a
}

/// x · 10^k as a ball, for any integer k.
fn scale_by_power_of_ten(x: &ff::arb_struct, k: i64, prec: i64) -> Arb {
    let mut p = Arb::new();
    let mut r = Arb::new();
    // SAFETY: initialised objects; the exponent fits an unsigned long.
    unsafe {
        ff::arb_ui_pow_ui(p.ptr(), 10, k.unsigned_abs(), prec);
        if k >= 0 {
            ff::arb_mul(r.ptr(), x, &p.0, prec);
        } else {
            ff::arb_div(r.ptr(), x, &p.0, prec);
        }
    }
    r
}

/// The integer nearest to `a`, ties to even (an exact tie means the ball touches the boundary,
/// and then the other end decides whether the rounding is unique).
fn nearest_integer(a: &Arf) -> Integer {
    let mut f = Fmpz::new();
    // SAFETY: initialised objects.
    unsafe {
        ff::arf_get_fmpz(&mut f.0, &a.0, ff::arf_rnd_t_ARF_RND_NEAR);
    }
    f.to_integer()
}
