//! Exact and approximate numbers.
//!
//! Literals are exact rationals (`0.1` is 1/10); an approximate number appears only from
//! `N(...)` and numeric commands. It is a ball — a float and a radius that bounds its error —
//! plus how many significant digits to show at most; printing shows only the digits the ball
//! proves, and arithmetic on approximate numbers is ball arithmetic, so a later
//! `sin(10^25*N(pi, 20))` shows how few digits survive.

use std::cmp::Ordering;

use rug::ops::Pow;
use rug::{Float, Integer, Rational};

use crate::limits;
use crate::math_error::MathError;
use crate::numeric::ball::{Ball, Decimal};
use crate::numeric::scalar::Scalar;

/// A number inside an expression.
#[derive(Debug, Clone)]
pub enum Number {
    /// An exact rational (integers are rationals with denominator 1).
    Exact(Rational),
    /// The ball `value ± radius` (the true value lies in it); at most `digits` significant
    /// digits are shown.
    Approx {
        value: Float,
        radius: Float,
        digits: u32,
        /// Whether trailing zeros may be dropped when the ball is a short decimal beyond its
        /// digits (`N(0.1 + 0.2)` is `0.3`); false for the value of an expression that is not
        /// an exact number, whose zeros are digits (`N(softplus(1000))` is
        /// `1000.0000000000000`, which differs from 1000 at the 435th digit).
        trim: bool,
    },
}

impl Number {
    /// Bits the number occupies: numerator and denominator, or the precision of a ball.
    pub fn bits(&self) -> u64 {
        match self {
            Number::Exact(q) => {
                u64::from(q.numer().significant_bits()) + u64::from(q.denom().significant_bits())
            }
            Number::Approx { value, .. } => u64::from(value.prec()),
        }
    }
}

/// Bits of MPFR precision that hold `digits` decimal digits.
pub fn digits_to_bits(digits: u32) -> u32 {
    (f64::from(digits) * std::f64::consts::LOG2_10).ceil() as u32 + 1
}

/// A number for a message: itself, or its size when long. Callers often catch these errors
/// and go on symbolically, so the message must cost nothing: writing a 100,000-digit exponent
/// in decimal on every attempt made one `lindstedt` call take 6 s.
fn mentioned(q: &Rational) -> String {
    let bits = u64::from(q.numer().significant_bits()) + u64::from(q.denom().significant_bits());
    if bits <= 256 {
        q.to_string()
    } else {
        // bits · log10(2): the decimal digits, within one.
        format!("(a number of about {} digits)", bits * 30_103 / 100_000)
    }
}

fn too_large(what: &str) -> MathError {
    MathError::TooLarge {
        what: what.to_string(),
        limit: format!("{} bits per integer", limits::MAX_INTEGER_BITS),
    }
}

impl Number {
    pub fn int(n: i64) -> Number {
        Number::Exact(Rational::from(n))
    }
    pub fn rational(num: i64, den: i64) -> Number {
        Number::Exact(Rational::from((num, den)))
    }
    pub fn zero() -> Number {
        Number::int(0)
    }
    pub fn one() -> Number {
        Number::int(1)
    }
    /// An approximate number whose producer vouches for `digits` digits (radius 0: printing
    /// rounds the float), refusing NaN and infinities (they never enter an `Expr`).
    pub fn approx(value: Float, digits: u32) -> Result<Number, MathError> {
        Number::ball(value, Float::new(64), digits)
    }
    /// The ball `value ± radius`, shown with at most `digits` digits. A ball that contains 0
    /// (without being exactly 0) has no digit to show and is refused with its bound.
    pub fn ball(value: Float, radius: Float, digits: u32) -> Result<Number, MathError> {
        if !value.is_finite() || !radius.is_finite() {
            return Err(MathError::NotFinite(value.to_string()));
        }
        if !radius.is_zero() && Float::with_val(64, value.abs_ref()) <= radius {
            let bound = Float::with_val(64, value.abs_ref()) + &radius;
            return Err(MathError::Domain(format!(
                "no digit of the result is known: it lies within {} of 0",
                format_float(&bound, 2)
            )));
        }
        Ok(Number::Approx {
            value,
            radius,
            digits,
            trim: true,
        })
    }
    /// The same number with its trailing zeros kept in print (see `trim`).
    pub fn keeping_zeros(self) -> Number {
        match self {
            Number::Approx {
                value,
                radius,
                digits,
                ..
            } => Number::Approx {
                value,
                radius,
                digits,
                trim: false,
            },
            exact => exact,
        }
    }
    /// The enclosure of this number as a ball at `prec` bits (exact values rounded once).
    pub fn to_ball(&self, prec: u32) -> Ball {
        match self {
            Number::Exact(r) => Ball::zero(i64::from(prec)).lift(r),
            Number::Approx { value, radius, .. } => {
                Ball::from_mid_rad(value, radius, i64::from(prec))
            }
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, Number::Exact(_))
    }
    pub fn is_zero(&self) -> bool {
        match self {
            Number::Exact(r) => *r == 0,
            Number::Approx { value, .. } => value.is_zero(),
        }
    }
    /// Exactly one (an approximate 1.0 is not the multiplicative identity of the tree).
    pub fn is_one(&self) -> bool {
        matches!(self, Number::Exact(r) if *r == 1)
    }
    pub fn is_minus_one(&self) -> bool {
        matches!(self, Number::Exact(r) if *r == -1)
    }
    pub fn is_negative(&self) -> bool {
        match self {
            Number::Exact(r) => *r < 0,
            Number::Approx { value, .. } => value.is_sign_negative() && !value.is_zero(),
        }
    }
    pub fn as_rational(&self) -> Option<&Rational> {
        match self {
            Number::Exact(r) => Some(r),
            Number::Approx { .. } => None,
        }
    }
    /// The exact integer value, if this is an exact integer.
    pub fn as_integer(&self) -> Option<&Integer> {
        match self {
            Number::Exact(r) if *r.denom() == 1 => Some(r.numer()),
            _ => None,
        }
    }
    /// The value as an `i64` when it is an exact integer that fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.as_integer().and_then(|i| i.to_i64())
    }
    pub fn to_f64(&self) -> f64 {
        match self {
            Number::Exact(r) => r.to_f64(),
            Number::Approx { value, .. } => value.to_f64(),
        }
    }
    /// The value as an MPFR float of `prec` bits (exact values are rounded once).
    pub fn to_float(&self, prec: u32) -> Float {
        match self {
            Number::Exact(r) => Float::with_val(prec, r),
            Number::Approx { value, .. } => Float::with_val(prec, value),
        }
    }
    fn digits(&self) -> Option<u32> {
        match self {
            Number::Exact(_) => None,
            Number::Approx { digits, .. } => Some(*digits),
        }
    }
    /// Precision and correct digits of a mixed operation: the least precise operand wins.
    fn combine(&self, other: &Number) -> u32 {
        match (self.digits(), other.digits()) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => 0,
        }
    }
    /// Working precision for ball arithmetic on approximate operands: enough for the digits
    /// shown and for the floats they hold.
    fn ball_prec(&self, other: &Number) -> u32 {
        let held = |n: &Number| match n {
            Number::Approx { value, .. } => value.prec(),
            Number::Exact(_) => 0,
        };
        (digits_to_bits(self.combine(other)) + 32)
            .max(held(self))
            .max(held(other))
    }
    /// An operation on approximate operands, carried out in ball arithmetic.
    fn ball_op(
        &self,
        other: &Number,
        op: impl Fn(&Ball, &Ball) -> Result<Ball, MathError>,
    ) -> Result<Number, MathError> {
        let prec = self.ball_prec(other);
        let result = op(&self.to_ball(prec), &other.to_ball(prec))?;
        Number::from_real_ball(&result, self.combine(other))
    }
    /// The number a real ball encloses, shown with at most `digits` digits.
    pub fn from_real_ball(b: &Ball, digits: u32) -> Result<Number, MathError> {
        let (value, radius) = b.real_mid_rad();
        if !value.is_finite() {
            return Err(MathError::NotFinite(
                "its magnitude is beyond the exponent range of approximate numbers, about 10^(±5.6e8)".into(),
            ));
        }
        if value.is_zero() && radius.is_zero() {
            return Ok(Number::zero());
        }
        Number::ball(value, radius, digits)
    }

    pub fn add(&self, other: &Number) -> Result<Number, MathError> {
        match (self, other) {
            (Number::Exact(a), Number::Exact(b)) => check_size(Rational::from(a + b)),
            _ => self.ball_op(other, |a, b| Ok(a.add(b))),
        }
    }
    pub fn mul(&self, other: &Number) -> Result<Number, MathError> {
        match (self, other) {
            (Number::Exact(a), Number::Exact(b)) => check_size(Rational::from(a * b)),
            _ => self.ball_op(other, |a, b| Ok(a.mul(b))),
        }
    }
    pub fn neg(&self) -> Number {
        match self {
            Number::Exact(a) => Number::Exact(Rational::from(-a)),
            Number::Approx {
                value,
                radius,
                digits,
                trim,
            } => Number::Approx {
                value: Float::with_val(value.prec(), -value),
                radius: radius.clone(),
                digits: *digits,
                trim: *trim,
            },
        }
    }
    pub fn recip(&self) -> Result<Number, MathError> {
        if self.is_zero() {
            return Err(MathError::DivisionByZero);
        }
        match self {
            Number::Exact(a) => Ok(Number::Exact(Rational::from(a.recip_ref()))),
            Number::Approx { .. } => self.ball_op(&Number::one(), |a, one| one.div(a)),
        }
    }
    /// `self^e` for approximate operands with a positive base (the real result exists).
    pub fn approx_pow(&self, e: &Number) -> Result<Number, MathError> {
        self.ball_op(e, |b, e| b.pow(e))
    }

    /// `self^n` for an integer exponent, refusing results beyond [`limits::MAX_INTEGER_BITS`].
    pub fn pow_int(&self, n: &Integer) -> Result<Number, MathError> {
        if n.is_negative() && self.is_zero() {
            return Err(MathError::DivisionByZero);
        }
        match self {
            Number::Exact(r) => {
                if *r == 0 || *r == 1 {
                    return Ok(self.clone());
                }
                if *r == -1 {
                    return Ok(if n.is_even() {
                        Number::one()
                    } else {
                        self.clone()
                    });
                }
                let bits = u64::from(
                    r.numer()
                        .significant_bits()
                        .max(r.denom().significant_bits()),
                );
                let exponent = n.to_u64().or_else(|| Integer::from(-n).to_u64());
                let Some(e) = exponent.filter(|e| {
                    e.saturating_mul(bits.saturating_sub(1).max(1)) <= limits::MAX_INTEGER_BITS
                }) else {
                    let base = if r.is_integer() && *r > 0 {
                        mentioned(r)
                    } else {
                        format!("({})", mentioned(r))
                    };
                    let exponent = mentioned(&Rational::from(n));
                    return Err(too_large(&format!("the exact power {base}^{exponent}")));
                };
                let e32 = u32::try_from(e).map_err(|_| too_large("the exponent"))?;
                let p = Rational::from(r.pow(e32));
                Ok(Number::Exact(if n.is_negative() { p.recip() } else { p }))
            }
            Number::Approx { .. } => {
                let n = n.to_i64().ok_or_else(|| {
                    too_large(&format!(
                        "the power with exponent {}",
                        mentioned(&Rational::from(n))
                    ))
                })?;
                self.ball_op(&Number::one(), |b, _| b.powi(n))
            }
        }
    }

    /// The exact value of `self^(p/q)` when it is rational (a perfect power), else `None`.
    pub fn exact_root_pow(&self, exponent: &Rational) -> Result<Option<Number>, MathError> {
        let Number::Exact(r) = self else {
            return Ok(None);
        };
        if *r < 0 {
            return Ok(None);
        }
        let Some(q) = exponent.denom().to_u32() else {
            return Ok(None);
        };
        let root = |i: &Integer| -> Option<Integer> {
            let root = Integer::from(i.root_ref(q));
            (Integer::from(Pow::pow(&root, q)) == *i).then_some(root)
        };
        match (root(r.numer()), root(r.denom())) {
            (Some(n), Some(d)) => Number::Exact(Rational::from((n, d)))
                .pow_int(exponent.numer())
                .map(Some),
            _ => Ok(None),
        }
    }

    /// Compare by value (NaN never occurs: approximate numbers are finite).
    pub fn cmp_value(&self, other: &Number) -> Ordering {
        match (self, other) {
            (Number::Exact(a), Number::Exact(b)) => a.cmp(b),
            (Number::Exact(a), Number::Approx { value, .. }) => value
                .partial_cmp(a)
                .map_or(Ordering::Equal, Ordering::reverse),
            (Number::Approx { value, .. }, Number::Exact(b)) => {
                value.partial_cmp(b).unwrap_or(Ordering::Equal)
            }
            (Number::Approx { value: a, .. }, Number::Approx { value: b, .. }) => {
                a.partial_cmp(b).unwrap_or(Ordering::Equal)
            }
        }
    }

    /// Total order used for canonical sorting: exact before approximate, then by value.
    pub fn cmp_canonical(&self, other: &Number) -> Ordering {
        (!self.is_exact())
            .cmp(&!other.is_exact())
            .then_with(|| self.cmp_value(other))
            .then_with(|| self.digits().cmp(&other.digits()))
            .then_with(|| match (self, other) {
                (Number::Approx { radius: a, .. }, Number::Approx { radius: b, .. }) => {
                    a.partial_cmp(b).unwrap_or(Ordering::Equal)
                }
                _ => Ordering::Equal,
            })
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.cmp_canonical(other) == Ordering::Equal
    }
}
impl Eq for Number {}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Number::Exact(r) => {
                0u8.hash(state);
                r.hash(state);
            }
            Number::Approx {
                value,
                radius,
                digits,
                ..
            } => {
                1u8.hash(state);
                value.to_string_radix(16, None).hash(state);
                radius.to_string_radix(16, None).hash(state);
                digits.hash(state);
            }
        }
    }
}

fn check_size(r: Rational) -> Result<Number, MathError> {
    let bits = u64::from(
        r.numer()
            .significant_bits()
            .max(r.denom().significant_bits()),
    );
    if bits > limits::MAX_INTEGER_BITS {
        Err(too_large("an exact intermediate result"))
    } else {
        Ok(Number::Exact(r))
    }
}

/// Parse a decimal literal (`12`, `0.1`, `1.5e-3`) exactly.
pub fn parse_decimal(mantissa: &str, exponent: i64) -> Result<Rational, MathError> {
    if exponent.abs() > limits::MAX_LITERAL_EXPONENT {
        return Err(MathError::TooLarge {
            what: format!("the literal exponent {exponent}"),
            limit: format!("|exponent| <= {}", limits::MAX_LITERAL_EXPONENT),
        });
    }
    // Fast path for the common small integer literal.
    if exponent == 0
        && mantissa.len() <= 18
        && let Ok(n) = mantissa.parse::<u64>()
    {
        return Ok(Rational::from(n));
    }
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int_part}{frac_part}");
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    let value = Integer::from_str_radix(&digits, 10)
        .map_err(|e| MathError::Domain(format!("bad number literal: {e}")))?;
    let scale = exponent - frac_part.len() as i64;
    let ten = Integer::from(10);
    let scale_u = u32::try_from(scale.unsigned_abs()).map_err(|_| too_large("the literal"))?;
    let power = Integer::from(Pow::pow(&ten, scale_u));
    let r = if scale >= 0 {
        Rational::from(value * power)
    } else {
        Rational::from((value, power))
    };
    match check_size(r)? {
        Number::Exact(r) => Ok(r),
        Number::Approx { .. } => Err(MathError::Domain("unexpected approximate literal".into())),
    }
}

/// Decimal text of a float rounded to `digits` significant digits; positional for moderate
/// exponents, `d.ddde±x` otherwise.
///
/// Trailing zeros are dropped only when the value is a short decimal (`N(0.1 + 0.2)` is `0.3`):
/// the extra precision the float carries beyond `digits` must show zeros too. A zero that is a
/// genuine digit of an infinite expansion is kept (`N(ellipk(1/2), 30)` ends in `...34720`).
pub fn format_float(value: &Float, digits: u32) -> String {
    if value.is_zero() {
        return "0".to_string();
    }
    let digits = digits.max(1);
    let (negative, full, exp) = value.to_sign_string_exp(10, Some(digits as usize));
    let exp = exp.unwrap_or(0) as i64; // value = 0.mantissa × 10^exp
    let available = (f64::from(value.prec()) * std::f64::consts::LOG10_2).floor() as u32;
    let short_decimal = if available > digits + 2 {
        let extra = (digits + 12).min(available - 2) as usize;
        let (_, longer, _) = value.to_sign_string_exp(10, Some(extra));
        longer.trim_end_matches('0').len() <= full.trim_end_matches('0').len()
            && longer.starts_with(full.trim_end_matches('0'))
    } else {
        true
    };
    let mantissa = if short_decimal {
        full.trim_end_matches('0')
    } else {
        full.as_str()
    };
    let known = if short_decimal {
        i64::MAX
    } else {
        digits as i64
    };
    layout_decimal(negative, mantissa, exp, known)
}

/// Text of `±0.mantissa × 10^exp`: positional for moderate exponents, `d.ddde±x` otherwise.
/// `known_digits` counts the digits known to be correct (trailing zeros trimmed from a short
/// decimal are known; beyond the mantissa of an inexact value they are not).
fn layout_decimal(negative: bool, mantissa: &str, exp: i64, known_digits: i64) -> String {
    let mantissa = if mantissa.is_empty() { "0" } else { mantissa };
    let sign = if negative { "-" } else { "" };
    let n = mantissa.len() as i64;
    let body = if (-5..=0).contains(&exp) {
        format!("0.{}{}", "0".repeat((-exp) as usize), mantissa)
    } else if exp > 0 && exp <= 21 && known_digits >= exp {
        // Positional only when every integer digit is known: 31415926535897900 would show
        // two zeros that are not digits of pi*10^16.
        if n <= exp {
            format!("{}{}", mantissa, "0".repeat((exp - n) as usize))
        } else {
            format!(
                "{}.{}",
                &mantissa[..exp as usize],
                &mantissa[exp as usize..]
            )
        }
    } else {
        let rest = &mantissa[1..];
        let e = exp - 1;
        if rest.is_empty() {
            format!("{}e{}", &mantissa[..1], e)
        } else {
            format!("{}.{}e{}", &mantissa[..1], rest, e)
        }
    };
    format!("{sign}{body}")
}

/// The correctly rounded decimal with the most significant digits (at most `digits`) that
/// every point of the real ball rounds to; `None` when not even the first digit is proven.
pub fn proven_decimal(ball: &Ball, digits: u32) -> Option<Decimal> {
    if let Some(d) = ball.part_decimal(false, digits) {
        return Some(d);
    }
    // Start from the digits the ball's relative accuracy supports and walk down (a rounding
    // boundary inside the ball can cost one more digit).
    let supported = (ball.accuracy_bits() as f64 * std::f64::consts::LOG10_2).floor();
    let start = supported.clamp(1.0, f64::from(digits.saturating_sub(1).max(1))) as u32;
    (1..=start).rev().find_map(|n| ball.part_decimal(false, n))
}

/// The text of the digits a real ball proves ([`proven_decimal`]). Trailing zeros are dropped
/// when the value is a short decimal (the ball still rounds to those digits followed by zeros
/// six digits further), kept when they are digits of a longer expansion.
pub fn proven_text(ball: &Ball, digits: u32, trim: bool) -> Option<String> {
    let d = proven_decimal(ball, digits)?;
    let trimmed = d.mantissa.trim_end_matches('0');
    let short = trim
        && trimmed.len() < d.mantissa.len()
        && ball
            .part_decimal(false, d.mantissa.len() as u32 + 6)
            .is_some_and(|longer| {
                longer.exponent == d.exponent
                    && longer.mantissa.starts_with(trimmed)
                    && longer.mantissa[trimmed.len()..].bytes().all(|c| c == b'0')
            });
    let mantissa = if short { trimmed } else { d.mantissa.as_str() };
    // Positional only up to the digits asked for: N(123456789012345678*100, 19) is
    // 1.23456789012345678e19, not 20 digits of which the last is beyond the request.
    let known = if short {
        i64::from(digits)
    } else {
        mantissa.len() as i64
    };
    Some(layout_decimal(d.negative, mantissa, d.exponent, known))
}

impl Number {
    /// Plain text: `3`, `-3/10`, or the correct digits of an approximate value.
    pub fn to_text(&self) -> String {
        match self {
            Number::Exact(r) => r.to_string(),
            Number::Approx {
                value,
                radius,
                digits,
                trim,
            } => {
                let prec = value.prec().max(64);
                let ball = Ball::from_mid_rad(value, radius, i64::from(prec));
                proven_text(&ball, *digits, *trim).unwrap_or_else(|| format_float(value, 1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_literals_are_exact() {
        assert_eq!(parse_decimal("0.1", 0).unwrap(), Rational::from((1, 10)));
        assert_eq!(
            parse_decimal("1.702", 0).unwrap(),
            Rational::from((851, 500))
        );
        assert_eq!(parse_decimal("15", -1).unwrap(), Rational::from((3, 2)));
        assert!(parse_decimal("1", 999_999_999).is_err());
    }

    #[test]
    fn float_formatting_shows_requested_digits() {
        let pi = Float::with_val(200, rug::float::Constant::Pi);
        assert_eq!(format_float(&pi, 5), "3.1416");
        // pi = 3.14159265358979323846264338327950288...: that 0 is a digit (mpmath nstr(pi, 33)).
        assert_eq!(
            format_float(&pi, 50),
            "3.1415926535897932384626433832795028841971693993751"
        );
        assert_eq!(format_float(&pi, 33), "3.14159265358979323846264338327950");
        assert_eq!(format_float(&Float::with_val(53, 0.3), 15), "0.3");
        assert_eq!(format_float(&Float::with_val(53, 1.5e-7), 15), "1.5e-7");
        assert_eq!(format_float(&Float::with_val(53, -1234.5), 15), "-1234.5");
        assert_eq!(format_float(&Float::with_val(53, 1e25), 15), "1e25");
    }

    #[test]
    fn huge_powers_are_refused() {
        let ten = Number::int(10);
        assert!(ten.pow_int(&Integer::from(10_000_000_000u64)).is_err());
        assert_eq!(ten.pow_int(&Integer::from(3)).unwrap(), Number::int(1000));
    }
}
