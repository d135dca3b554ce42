//! Complex balls (midpoint ± radius enclosures) from FLINT's Arb, behind one small safe type.
//!
//! `N` evaluates in [`Ball`]s: every operation returns a ball that provably contains the true
//! value, so the digits printed from a ball are proven rather than confirmed by agreement of two
//! float evaluations (which cancellation fools: `log(1 + 10^-50)` at two precisions rounds to
//! the same wrong 0). Arb has unbounded exponents, complex kernels for every special function
//! in the registry, and the principal branches of the C99/MPC convention; on a real argument
//! (imaginary part exactly zero) the real path is taken, so no signed zero can flip a branch.
//!
//! A ball that is too wide to decide something (a divisor, a comparison, a branch point or a
//! pole it contains) is [`MathError::Undetermined`]: the caller raises the precision.
//!
//! All `unsafe` FFI lives in this file; every FLINT object is owned by a Rust value with `Drop`.

use std::cmp::Ordering;
use std::ffi::CStr;

use flint3_sys as ff;
use gmp_mpfr_sys::{gmp, mpfr};
use rug::{Float, Integer, Rational};

use super::scalar::{Result, Scalar};
use crate::error::MathError;
use crate::expr::Constant;

// Conversions FLINT exports but the bindings do not declare (their C prototypes use GMP/MPFR
// types that bindgen was told to skip).
unsafe extern "C" {
    fn arf_set_mpfr(x: *mut ff::arf_struct, y: *const mpfr::mpfr_t);
    fn arf_get_mpfr(x: *mut mpfr::mpfr_t, y: *const ff::arf_struct, rnd: mpfr::rnd_t) -> i32;
    fn fmpz_set_mpz(f: *mut ff::fmpz, x: *const gmp::mpz_t);
    fn fmpz_get_mpz(x: *mut gmp::mpz_t, f: *const ff::fmpz);
    fn arb_set_interval_mpfr(
        x: *mut ff::arb_struct,
        a: *const mpfr::mpfr_t,
        b: *const mpfr::mpfr_t,
        prec: ff::slong,
    );
    fn arb_get_interval_mpfr(a: *mut mpfr::mpfr_t, b: *mut mpfr::mpfr_t, x: *const ff::arb_struct);
}

/// Widen MPFR's exponent range on this thread to the largest it supports, so that values such
/// as `exp(-10^9)` ≈ 1.2e-434294482 are representable (the default range ends near 2^±2^30).
pub fn widen_exponent_range() {
    // SAFETY: plain setters of MPFR's (thread-local) exponent range to values it reports valid.
    unsafe {
        mpfr::set_emin(mpfr::get_emin_min());
        mpfr::set_emax(mpfr::get_emax_max());
    }
}

fn undetermined(what: &str) -> MathError {
    MathError::Undetermined(what.to_string())
}
fn pole(what: &str) -> MathError {
    MathError::Domain(format!("{what} is undefined (a pole)"))
}

/// An owned FLINT integer.
struct Fmpz(ff::fmpz);
impl Fmpz {
    fn new() -> Fmpz {
        Fmpz(0)
    }
    fn from_integer(i: &Integer) -> Fmpz {
        let mut f = Fmpz::new();
        // SAFETY: f is an initialised fmpz (0 is the small-integer zero); i is a valid mpz.
        unsafe { fmpz_set_mpz(&mut f.0, i.as_raw()) };
        f
    }
    fn to_integer(&self) -> Integer {
        let mut i = Integer::new();
        // SAFETY: i is an initialised mpz owned by rug; self.0 is a valid fmpz.
        unsafe { fmpz_get_mpz(i.as_raw_mut(), &self.0) };
        i
    }
}
impl Drop for Fmpz {
    fn drop(&mut self) {
        // SAFETY: self.0 was initialised and is cleared once.
        unsafe { ff::fmpz_clear(&mut self.0) }
    }
}

/// An owned real ball.
struct Arb(ff::arb_struct);
impl Arb {
    fn new() -> Arb {
        let mut x = ff::arb_struct::default();
        // SAFETY: arb_init initialises the zeroed struct.
        unsafe { ff::arb_init(&mut x) };
        Arb(x)
    }
    fn ptr(&mut self) -> *mut ff::arb_struct {
        &mut self.0
    }
}
impl Drop for Arb {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, cleared once.
        unsafe { ff::arb_clear(&mut self.0) }
    }
}

/// An owned arbitrary-precision float (a ball's midpoint or an end of its interval).
struct Arf(ff::arf_struct);
impl Arf {
    fn new() -> Arf {
        let mut x = ff::arf_struct::default();
        // SAFETY: arf_init initialises the zeroed struct.
        unsafe { ff::arf_init(&mut x) };
        Arf(x)
    }
}
impl Drop for Arf {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, cleared once.
        unsafe { ff::arf_clear(&mut self.0) }
    }
}

/// A complex ball `[re ± r] + [im ± s]·i` and the working precision of the operations on it.
pub struct Ball {
    raw: ff::acb_struct,
    prec: i64,
}

// SAFETY: a Ball exclusively owns its limbs; FLINT's functions on distinct objects are
// thread-safe (its constant caches are thread-local).
unsafe impl Send for Ball {}
unsafe impl Sync for Ball {}

impl Drop for Ball {
    fn drop(&mut self) {
        // SAFETY: initialised in `zero`, cleared once.
        unsafe { ff::acb_clear(&mut self.raw) }
    }
}

impl Clone for Ball {
    fn clone(&self) -> Ball {
        let mut b = Ball::zero(self.prec);
        // SAFETY: both initialised.
        unsafe { ff::acb_set(&mut b.raw, &self.raw) };
        b
    }
}

impl std::fmt::Debug for Ball {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: arb_get_str returns a malloc'd C string that we free with flint_free.
        let text = |part: *const ff::arb_struct| unsafe {
            let s = ff::arb_get_str(part, 20, 0);
            let owned = CStr::from_ptr(s).to_string_lossy().into_owned();
            ff::flint_free(s.cast());
            owned
        };
        write!(f, "Ball({} + {}i)", text(self.re()), text(self.im()))
    }
}

impl Ball {
    /// Exactly zero, computing at `prec` bits.
    pub fn zero(prec: i64) -> Ball {
        let mut raw = ff::acb_struct::default();
        // SAFETY: acb_init initialises the zeroed struct.
        unsafe { ff::acb_init(&mut raw) };
        Ball { raw, prec }
    }
    pub fn prec(&self) -> i64 {
        self.prec
    }
    /// The same value, computing at another precision from now on.
    pub fn with_prec(&self, prec: i64) -> Ball {
        let mut b = self.clone();
        b.prec = prec;
        b
    }
    fn re(&self) -> *const ff::arb_struct {
        &self.raw.real
    }
    fn im(&self) -> *const ff::arb_struct {
        &self.raw.imag
    }
    /// A real ball `mid ± rad` (the midpoint exactly, the radius rounded up).
    pub fn from_mid_rad(mid: &Float, rad: &Float, prec: i64) -> Ball {
        let mut b = Ball::zero(prec);
        let mut m = Arf::new();
        let mut r = Arf::new();
        // SAFETY: all objects initialised; mid and rad are valid mpfr values.
        unsafe {
            arf_set_mpfr(&mut m.0, mid.as_raw());
            arf_set_mpfr(&mut r.0, rad.as_raw());
            ff::arb_set_arf(&mut b.raw.real, &m.0);
            let mut mag = ff::mag_struct::default();
            ff::mag_init(&mut mag);
            ff::arf_get_mag(&mut mag, &r.0);
            ff::arb_add_error_mag(&mut b.raw.real, &mag);
            ff::mag_clear(&mut mag);
        }
        b
    }
    /// The exact complex point `re + im·i` as a ball of radius 0.
    pub fn from_complex(re: &Float, im: &Float, prec: i64) -> Ball {
        let zero = Float::new(64);
        let mut b = Ball::from_mid_rad(re, &zero, prec);
        let imag = Ball::from_mid_rad(im, &zero, prec);
        // SAFETY: initialised objects.
        unsafe { ff::arb_set(&mut b.raw.imag, imag.re()) };
        b
    }
    /// The real ball enclosing the interval [lo, hi].
    pub fn from_interval(lo: &Float, hi: &Float, prec: i64) -> Ball {
        let mut b = Ball::zero(prec);
        // SAFETY: initialised objects, valid mpfr values with lo ≤ hi.
        unsafe { arb_set_interval_mpfr(&mut b.raw.real, lo.as_raw(), hi.as_raw(), prec) };
        b
    }
    /// The interval [lo, hi] (outward rounded to `prec` bits) that encloses a real ball;
    /// `None` if the imaginary part is not exactly zero.
    pub fn real_interval(&self, prec: u32) -> Option<(Float, Float)> {
        if !self.is_real() || !self.is_finite() {
            return None;
        }
        let mut lo = Float::new(prec);
        let mut hi = Float::new(prec);
        // SAFETY: initialised objects.
        unsafe { arb_get_interval_mpfr(lo.as_raw_mut(), hi.as_raw_mut(), self.re()) };
        Some((lo, hi))
    }
    /// The complex ball enclosing the box [re_lo, re_hi] + [im_lo, im_hi]·i.
    pub fn from_box(re_lo: &Float, re_hi: &Float, im_lo: &Float, im_hi: &Float, prec: i64) -> Ball {
        let mut b = Ball::from_interval(re_lo, re_hi, prec);
        let im = Ball::from_interval(im_lo, im_hi, prec);
        // SAFETY: initialised objects.
        unsafe { ff::arb_set(&mut b.raw.imag, im.re()) };
        b
    }
    /// The intervals (outward rounded to `prec` bits) enclosing the real and imaginary parts;
    /// `None` if the ball is not finite.
    pub fn box_intervals(&self, prec: u32) -> Option<((Float, Float), (Float, Float))> {
        let re = self.real_part().real_interval(prec)?;
        let im = self.imag_part().real_interval(prec)?;
        Some((re, im))
    }
    /// Whether the imaginary part is exactly zero (a real value, on the real path).
    pub fn is_real(&self) -> bool {
        // SAFETY: initialised.
        unsafe { ff::arb_is_zero(self.im()) != 0 }
    }
    /// The real part's midpoint and radius as MPFR floats (the radius rounded up).
    pub fn real_mid_rad(&self) -> (Float, Float) {
        part_mid_rad(&self.raw.real)
    }
    /// The imaginary part's midpoint and radius.
    pub fn imag_mid_rad(&self) -> (Float, Float) {
        part_mid_rad(&self.raw.imag)
    }
    /// The real part as a ball of its own.
    pub fn real_part(&self) -> Ball {
        let mut b = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe { ff::arb_set(&mut b.raw.real, self.re()) };
        b
    }
    /// The imaginary part as a real ball.
    pub fn imag_part(&self) -> Ball {
        let mut b = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe { ff::arb_set(&mut b.raw.real, self.im()) };
        b
    }
    /// The correctly rounded decimal of the real part to `digits` significant digits, if the
    /// whole ball rounds to it (see [`round_decimal`]).
    pub fn real_decimal(&self, digits: u32) -> Option<Decimal> {
        round_decimal(&self.raw.real, digits)
    }
    pub fn imag_decimal(&self, digits: u32) -> Option<Decimal> {
        round_decimal(&self.raw.imag, digits)
    }
    /// Whether the real (imaginary) part is exactly zero.
    pub fn real_is_zero(&self) -> bool {
        // SAFETY: initialised.
        unsafe { ff::arb_is_zero(self.re()) != 0 }
    }
    /// An upper bound of |real part| (`im = false`) or |imaginary part|, as an f64 exponent of 2
    /// (`|x| < 2^k`); `None` when the part is exactly zero.
    pub fn magnitude_bound_log2(&self, im: bool) -> Option<i64> {
        let part = if im { self.im() } else { self.re() };
        let mut u = Arf::new();
        // SAFETY: initialised objects.
        unsafe {
            if ff::arb_is_zero(part) != 0 {
                return None;
            }
            ff::arb_get_abs_ubound_arf(&mut u.0, part, 30);
            Some(ff::arf_abs_bound_lt_2exp_si(&u.0))
        }
    }
    /// Whether the part contains zero (so its sign, let alone a digit, is unknown).
    pub fn part_contains_zero(&self, im: bool) -> bool {
        let part = if im { self.im() } else { self.re() };
        // SAFETY: initialised.
        unsafe { ff::arb_contains_zero(part) != 0 }
    }
    /// Bits of relative accuracy of the whole ball (negative when it contains zero).
    pub fn accuracy_bits(&self) -> i64 {
        // SAFETY: initialised.
        unsafe { ff::acb_rel_accuracy_bits(&self.raw) }
    }

    /// A unary Arb function applied with this ball's precision, checked for a finite result.
    fn apply(
        &self,
        f: unsafe extern "C" fn(*mut ff::acb_struct, *const ff::acb_struct, ff::slong),
        what: &str,
    ) -> Result<Ball> {
        let mut r = Ball::zero(self.prec);
        // SAFETY: initialised objects, distinct output.
        unsafe { f(&mut r.raw, &self.raw, self.prec) };
        r.finite(what)
    }
    /// A unary real Arb function on the real part (for real arguments).
    fn apply_real(
        &self,
        f: unsafe extern "C" fn(*mut ff::arb_struct, *const ff::arb_struct, ff::slong),
        what: &str,
    ) -> Result<Ball> {
        let mut r = Ball::zero(self.prec);
        // SAFETY: initialised objects, distinct output.
        unsafe { f(&mut r.raw.real, self.re(), self.prec) };
        r.finite(what)
    }
    /// A binary Arb function.
    fn apply2(
        &self,
        o: &Ball,
        f: unsafe extern "C" fn(
            *mut ff::acb_struct,
            *const ff::acb_struct,
            *const ff::acb_struct,
            ff::slong,
        ),
        what: &str,
    ) -> Result<Ball> {
        let mut r = Ball::zero(self.prec.max(o.prec));
        // SAFETY: initialised objects, distinct output.
        unsafe { f(&mut r.raw, &self.raw, &o.raw, r.prec) };
        r.finite(what)
    }
    /// Arb returns an infinite or NaN ball where the input ball meets a pole or a branch point
    /// (or the precision is too low for its algorithm): undecided at this precision.
    fn finite(self, what: &str) -> Result<Ball> {
        // SAFETY: initialised.
        if unsafe { ff::acb_is_finite(&self.raw) } != 0 {
            Ok(self)
        } else {
            Err(undetermined(what))
        }
    }
    /// The sign of the real part when the ball decides it: -1, 0 (exactly zero) or 1.
    fn real_sign(&self) -> Option<i32> {
        // SAFETY: initialised.
        unsafe {
            if ff::arb_is_zero(self.re()) != 0 {
                Some(0)
            } else if ff::arb_is_positive(self.re()) != 0 {
                Some(1)
            } else if ff::arb_is_negative(self.re()) != 0 {
                Some(-1)
            } else {
                None
            }
        }
    }
    /// The real sign of a real ball, or why it cannot be had.
    fn decided_real_sign(&self, what: &str) -> Result<i32> {
        if !self.is_real() {
            return Err(if self.part_contains_zero(true) {
                undetermined(what)
            } else {
                MathError::Domain(format!("{what} needs a real argument"))
            });
        }
        self.real_sign().ok_or_else(|| undetermined(what))
    }
    /// Whether the ball is exactly the real number `n`.
    fn is_exactly(&self, n: i64) -> bool {
        let mut d = Ball::zero(self.prec);
        // SAFETY: initialised objects.
        unsafe {
            ff::acb_sub_si(&mut d.raw, &self.raw, n, self.prec);
            ff::acb_is_zero(&d.raw) != 0
        }
    }
    /// The exact integer this real ball is, if it is one.
    fn exact_integer(&self) -> Option<Integer> {
        // SAFETY: initialised objects.
        unsafe {
            if !self.is_real() || ff::arb_is_exact(self.re()) == 0 || ff::arb_is_int(self.re()) == 0
            {
                return None;
            }
            let mut f = Fmpz::new();
            (ff::arb_get_unique_fmpz(&mut f.0, self.re()) != 0).then(|| f.to_integer())
        }
    }
    /// Whether the real part contains a non-positive integer (a pole of gamma and digamma).
    fn meets_nonpositive_integer(&self) -> bool {
        // SAFETY: initialised.
        let real_part_reaches =
            unsafe { ff::arb_contains_int(self.re()) != 0 && ff::arb_is_positive(self.re()) == 0 };
        real_part_reaches && self.part_contains_zero(true)
    }
    /// `self` rounded to an integer by Arb's floor or ceil, when the ball decides it.
    fn round_with(
        &self,
        f: unsafe extern "C" fn(*mut ff::arb_struct, *const ff::arb_struct, ff::slong),
        what: &str,
    ) -> Result<Ball> {
        self.real_value(what)?; // a real argument (its sign may be undecided)
        let r = self.apply_real(f, what)?;
        r.exact_integer()
            .map(|_| r)
            .ok_or_else(|| undetermined(what))
    }
}

fn part_mid_rad(part: &ff::arb_struct) -> (Float, Float) {
    // SAFETY: reading an initialised ball into fresh MPFR values of adequate precision.
    unsafe {
        let bits = ff::arb_bits(part).max(2);
        let mut mid = Float::new(u32::try_from(bits + 2).unwrap_or(u32::MAX));
        arf_get_mpfr(mid.as_raw_mut(), &part.mid, mpfr::rnd_t::RNDN);
        let mut r = Arf::new();
        ff::arf_set_mag(&mut r.0, &part.rad);
        let mut rad = Float::new(64);
        arf_get_mpfr(rad.as_raw_mut(), &r.0, mpfr::rnd_t::RNDU);
        (mid, rad)
    }
}

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
fn round_decimal(x: &ff::arb_struct, digits: u32) -> Option<Decimal> {
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

use rug::ops::Pow;

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

/// The integer nearest to `a` (ties away from zero: an exact tie means the ball touches the
/// boundary, and then the other end decides whether the rounding is unique).
fn nearest_integer(a: &Arf) -> Integer {
    let mut f = Fmpz::new();
    // SAFETY: initialised objects.
    unsafe {
        ff::arf_get_fmpz(&mut f.0, &a.0, ff::arf_rnd_t_ARF_RND_NEAR);
    }
    f.to_integer()
}

impl Scalar for Ball {
    const COMPLEX: bool = true;
    fn prec_bits(&self) -> u32 {
        u32::try_from(self.prec).unwrap_or(u32::MAX)
    }
    fn lift(&self, r: &Rational) -> Ball {
        let mut b = Ball::zero(self.prec);
        let num = Fmpz::from_integer(r.numer());
        let den = Fmpz::from_integer(r.denom());
        // SAFETY: initialised objects; den is positive (a canonical rational).
        unsafe {
            ff::arb_fmpz_div_fmpz(&mut b.raw.real, &num.0, &den.0, self.prec);
        }
        b
    }
    fn lift_number(&self, n: &crate::expr::Number) -> Result<Ball> {
        Ok(n.to_ball(self.prec_bits()))
    }
    fn lift_i64(&self, n: i64) -> Ball {
        let mut b = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe { ff::arb_set_si(&mut b.raw.real, n) };
        b
    }
    fn constant(&self, c: Constant) -> Result<Ball> {
        let mut b = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe {
            match c {
                Constant::Pi => ff::arb_const_pi(&mut b.raw.real, self.prec),
                Constant::E => ff::arb_const_e(&mut b.raw.real, self.prec),
                Constant::I => ff::arb_set_si(&mut b.raw.imag, 1),
            }
        }
        Ok(b)
    }
    fn add(&self, o: &Ball) -> Ball {
        let mut r = Ball::zero(self.prec.max(o.prec));
        // SAFETY: initialised.
        unsafe { ff::acb_add(&mut r.raw, &self.raw, &o.raw, r.prec) };
        r
    }
    fn sub(&self, o: &Ball) -> Ball {
        let mut r = Ball::zero(self.prec.max(o.prec));
        // SAFETY: initialised.
        unsafe { ff::acb_sub(&mut r.raw, &self.raw, &o.raw, r.prec) };
        r
    }
    fn mul(&self, o: &Ball) -> Ball {
        let mut r = Ball::zero(self.prec.max(o.prec));
        // SAFETY: initialised.
        unsafe { ff::acb_mul(&mut r.raw, &self.raw, &o.raw, r.prec) };
        r
    }
    fn neg(&self) -> Ball {
        let mut r = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe { ff::acb_neg(&mut r.raw, &self.raw) };
        r
    }
    fn is_zero(&self) -> bool {
        // SAFETY: initialised.
        unsafe { ff::acb_is_zero(&self.raw) != 0 }
    }
    fn is_finite(&self) -> bool {
        // SAFETY: initialised.
        unsafe { ff::acb_is_finite(&self.raw) != 0 }
    }
    fn div(&self, o: &Ball) -> Result<Ball> {
        if o.is_zero() {
            return Err(MathError::DivisionByZero);
        }
        // SAFETY: initialised.
        if unsafe { ff::acb_contains_zero(&o.raw) } != 0 {
            return Err(undetermined("a divisor that contains 0"));
        }
        self.apply2(o, ff::acb_div, "a quotient")
    }
    fn powi(&self, n: i64) -> Result<Ball> {
        if n < 0 {
            return self.lift_i64(1).div(&self.powi(-n)?);
        }
        let mut r = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe { ff::acb_pow_si(&mut r.raw, &self.raw, n, self.prec) };
        r.finite("a power")
    }
    fn pow(&self, e: &Ball) -> Result<Ball> {
        if self.is_zero() {
            return match e.decided_real_sign("the exponent of 0")? {
                1 => Ok(self.clone()),
                _ => Err(MathError::DivisionByZero),
            };
        }
        if self.is_real() && e.is_real() && self.real_sign() == Some(1) {
            let mut r = Ball::zero(self.prec.max(e.prec));
            // SAFETY: initialised.
            unsafe { ff::arb_pow(&mut r.raw.real, self.re(), e.re(), r.prec) };
            return r.finite("a power");
        }
        self.apply2(
            e,
            ff::acb_pow,
            "a power (the base meets the branch cut or 0)",
        )
    }
    fn sqrt(&self) -> Result<Ball> {
        if self.is_real() {
            return match self.real_sign() {
                Some(1) => self.apply_real(ff::arb_sqrt, "sqrt"),
                Some(0) => Ok(self.clone()),
                // Principal branch: sqrt(-a) = i·sqrt(a).
                Some(_) => {
                    let root = self.neg().apply_real(ff::arb_sqrt, "sqrt")?;
                    let mut r = Ball::zero(self.prec);
                    // SAFETY: initialised.
                    unsafe { ff::arb_set(&mut r.raw.imag, root.re()) };
                    Ok(r)
                }
                None => Err(undetermined("sqrt at a ball around 0")),
            };
        }
        self.apply(ff::acb_sqrt, "sqrt (the argument meets the branch cut)")
    }
    fn cbrt(&self) -> Result<Ball> {
        if self.is_real() {
            let root3 = |b: &Ball| -> Result<Ball> {
                let mut r = Ball::zero(b.prec);
                // SAFETY: initialised; the argument is non-negative.
                unsafe { ff::arb_root_ui(&mut r.raw.real, b.re(), 3, b.prec) };
                r.finite("cbrt")
            };
            return match self.real_sign() {
                Some(1) => root3(self),
                Some(0) => Ok(self.clone()),
                Some(_) => Ok(root3(&self.neg())?.neg()),
                None => Err(undetermined("cbrt at a ball around 0")),
            };
        }
        let mut r = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe { ff::acb_root_ui(&mut r.raw, &self.raw, 3, self.prec) };
        r.finite("cbrt (the argument meets the branch cut)")
    }
    fn exp(&self) -> Result<Ball> {
        if self.is_real() {
            return self.apply_real(ff::arb_exp, "exp");
        }
        self.apply(ff::acb_exp, "exp")
    }
    fn ln(&self) -> Result<Ball> {
        if self.is_zero() {
            return Err(pole("log(0)"));
        }
        if self.is_real() && self.real_sign() == Some(1) {
            return self.apply_real(ff::arb_log, "log");
        }
        // SAFETY: initialised.
        if unsafe { ff::acb_contains_zero(&self.raw) } != 0 {
            return Err(undetermined("log at a ball around 0"));
        }
        // A negative real (imaginary part exactly 0) is on the cut: Arb gives +πi, the
        // principal value (continuous from above, as C99's clog(x + 0i)).
        self.apply(ff::acb_log, "log (the argument meets the branch cut)")
    }
    fn ln_1p(&self) -> Result<Ball> {
        let one_plus = self.add(&self.lift_i64(1));
        if one_plus.is_zero() {
            return Err(pole("log(0)"));
        }
        if self.is_real() && one_plus.real_sign() == Some(1) {
            return self.apply_real(ff::arb_log1p, "log1p");
        }
        // SAFETY: initialised.
        if unsafe { ff::acb_contains_zero(&one_plus.raw) } != 0 {
            return Err(undetermined("log at a ball around 0"));
        }
        self.apply(ff::acb_log1p, "log1p (the argument meets the branch cut)")
    }
    fn sin(&self) -> Result<Ball> {
        self.apply(ff::acb_sin, "sin")
    }
    fn cos(&self) -> Result<Ball> {
        self.apply(ff::acb_cos, "cos")
    }
    fn tan(&self) -> Result<Ball> {
        self.apply(ff::acb_tan, "tan near a pole")
    }
    fn asin(&self) -> Result<Ball> {
        self.apply(ff::acb_asin, "asin at a branch point")
    }
    fn acos(&self) -> Result<Ball> {
        self.apply(ff::acb_acos, "acos at a branch point")
    }
    fn atan(&self) -> Result<Ball> {
        if self.is_real() {
            return self.apply_real(ff::arb_atan, "atan");
        }
        // Exactly ±i is a pole; a ball around it is undecided (atan(i(1 + 10^-30)) is finite).
        if self.real_is_zero()
            && (self.imag_part().is_exactly(1) || self.imag_part().is_exactly(-1))
        {
            return Err(pole("atan(±i)"));
        }
        self.apply(ff::acb_atan, "atan near ±i")
    }
    fn sinh(&self) -> Result<Ball> {
        self.apply(ff::acb_sinh, "sinh")
    }
    fn cosh(&self) -> Result<Ball> {
        self.apply(ff::acb_cosh, "cosh")
    }
    fn tanh(&self) -> Result<Ball> {
        self.apply(ff::acb_tanh, "tanh near a pole")
    }
    fn asinh(&self) -> Result<Ball> {
        self.apply(ff::acb_asinh, "asinh at a branch point")
    }
    fn acosh(&self) -> Result<Ball> {
        self.apply(ff::acb_acosh, "acosh at a branch point")
    }
    fn atanh(&self) -> Result<Ball> {
        if self.is_exactly(1) || self.is_exactly(-1) {
            return Err(pole("atanh(±1)"));
        }
        self.apply(ff::acb_atanh, "atanh near ±1")
    }
    fn erf(&self) -> Result<Ball> {
        self.apply(ff::acb_hypgeom_erf, "erf")
    }
    fn erfc(&self) -> Result<Ball> {
        self.apply(ff::acb_hypgeom_erfc, "erfc")
    }
    fn gamma(&self) -> Result<Ball> {
        self.check_gamma_pole("gamma")?;
        self.apply(ff::acb_gamma, "gamma near a pole")
    }
    fn lgamma(&self) -> Result<Ball> {
        self.check_gamma_pole("lgamma")?;
        self.apply(ff::acb_lgamma, "lgamma near a pole")
    }
    fn digamma(&self) -> Result<Ball> {
        self.check_gamma_pole("digamma")?;
        self.apply(ff::acb_digamma, "digamma near a pole")
    }
    fn besselj(&self, n: i64) -> Result<Ball> {
        self.lift_i64(n)
            .apply2(self, ff::acb_hypgeom_bessel_j, "besselj")
    }
    fn polygamma_direct(&self, n: i64) -> Result<Ball> {
        self.lift_i64(n)
            .apply2(self, ff::acb_polygamma, "polygamma")
    }
    fn agm(&self, o: &Ball) -> Result<Ball> {
        self.apply2(o, ff::acb_agm, "agm (the arguments meet the branch cut)")
    }
    fn agm_derivative(&self, n: usize) -> Result<Ball> {
        if self.is_zero() {
            return Err(MathError::Domain(
                "agm(1, t) is not differentiable at t = 0 (a logarithmic singularity)".into(),
            ));
        }
        // Arb's Taylor series of agm(1, t + x) to order n; the n-th coefficient times n!.
        let len = n + 1;
        let mut series: Vec<ff::acb_struct> = (0..len)
            .map(|_| {
                let mut c = ff::acb_struct::default();
                // SAFETY: initialises a zeroed struct.
                unsafe { ff::acb_init(&mut c) };
                c
            })
            .collect();
        let mut r = Ball::zero(self.prec);
        // SAFETY: `series` holds `len` initialised balls; each is cleared once below.
        unsafe {
            ff::acb_agm1_cpx(series.as_mut_ptr(), &self.raw, len as ff::slong, self.prec);
            ff::acb_set(&mut r.raw, &series[n]);
            for c in &mut series {
                ff::acb_clear(c);
            }
        }
        let factorial = Integer::from(Integer::factorial(n as u32));
        Ok(r.mul(&self.lift(&Rational::from(factorial))))
            .and_then(|b| b.finite("the derivative of agm near its branch cut"))
    }
    fn ellipk(&self) -> Result<Ball> {
        if self.is_exactly(1) {
            return Err(MathError::Domain(
                "ellipk(1) is undefined (a logarithmic singularity)".into(),
            ));
        }
        self.apply(ff::acb_elliptic_k, "ellipk near its singularity at m = 1")
    }
    fn ellipe(&self) -> Result<Ball> {
        self.apply(ff::acb_elliptic_e, "ellipe")
    }
    fn abs(&self) -> Ball {
        let mut r = Ball::zero(self.prec);
        // SAFETY: initialised.
        unsafe {
            if self.is_real() {
                ff::arb_abs(&mut r.raw.real, self.re());
            } else {
                ff::acb_abs(&mut r.raw.real, &self.raw, self.prec);
            }
        }
        r
    }
    fn re_f64(&self) -> f64 {
        // SAFETY: initialised.
        unsafe { ff::arf_get_d(&self.raw.real.mid, ff::arf_rnd_t_ARF_RND_NEAR) }
    }
    fn real_value(&self, what: &str) -> Result<f64> {
        if self.is_real() {
            Ok(self.re_f64())
        } else if self.part_contains_zero(true) {
            Err(undetermined(what))
        } else {
            Err(MathError::Domain(format!("{what} needs a real argument")))
        }
    }
    fn cmp_real(&self, o: &Ball, what: &str) -> Result<Ordering> {
        let d = self.sub(o);
        Ok(match d.decided_real_sign(what)? {
            -1 => Ordering::Less,
            0 => Ordering::Equal,
            _ => Ordering::Greater,
        })
    }
    fn floor(&self) -> Result<Ball> {
        self.round_with(ff::arb_floor, "floor at an integer")
    }
    fn ceil(&self) -> Result<Ball> {
        self.round_with(ff::arb_ceil, "ceil at an integer")
    }
    fn as_i64(&self) -> Option<i64> {
        self.exact_integer().and_then(|i| i.to_i64())
    }
    fn to_expr(&self, digits: u32) -> Result<crate::expr::Expr> {
        use crate::expr::{Expr, Number, canon};
        let part = |b: Ball| -> Result<Expr> {
            if b.real_is_zero() {
                return Ok(Expr::zero());
            }
            let (mid, rad) = b.real_mid_rad();
            Number::ball(mid, rad, digits).map(Expr::num)
        };
        let re = part(self.real_part())?;
        if self.is_real() {
            return Ok(re);
        }
        let im = part(self.imag_part())?;
        canon::add2(re, canon::mul2(im, Expr::constant(Constant::I))?)
    }
}

impl Ball {
    /// An exact non-positive integer is a pole; a ball around one is undecided.
    fn check_gamma_pole(&self, what: &str) -> Result<()> {
        if let Some(n) = self.exact_integer()
            && n <= 0
        {
            return Err(pole(&format!("{what} at a non-positive integer")));
        }
        if self.meets_nonpositive_integer() {
            return Err(undetermined(&format!("{what} near a pole")));
        }
        Ok(())
    }
}
