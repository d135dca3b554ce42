//! Complex balls (midpoint ± radius enclosures) from FLINT's Arb, behind one small safe type.
//!
//! `N` evaluates in [`Ball`]s: every operation returns a ball that provably contains the true
//! value, so the digits printed from a ball are proven rather than confirmed by agreement of two
//! float evaluations (which cancellation fools: `log(1 + 10^-50)` at two precisions rounds to
//! the same wrong 0). Arb has unbounded exponents, complex kernels for every special function
//! in the registry, and principal branches (mpmath's convention on the cuts, see each function's
//! help); on a real argument (imaginary part exactly zero) the real path is taken, so no signed
//! zero can flip a branch. `decimal.rs` turns a ball into the decimal digits it proves; the
//! `Scalar` implementation (in `scalar.rs`) lets every generic kernel of the registry run on
//! balls.
//!
//! A ball that is too wide to decide something (a divisor, a comparison, a branch point or a
//! pole it contains) is [`MathError::Undetermined`]: the caller raises the precision.
//!
//! All `unsafe` FFI lives in this folder; every FLINT object is owned by a Rust value with `Drop`.

mod decimal;
mod scalar;

pub use decimal::Decimal;
use decimal::round_decimal;

use std::ffi::CStr;

use flint3_sys as ff;
use gmp_mpfr_sys::{gmp, mpfr};
use rug::{Float, Integer};

use super::scalar::{Result, Scalar};
use crate::math_error::MathError;

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

/// Binary exponents approximate numbers may have: rug reads MPFR exponents as `i32` (printing
/// converts the decimal exponent with a checked cast), so the range stops a little short of
/// 2^31 — about 10^(±5.6e8), which holds `exp(-10^9)` ≈ 1.2e-434294482.
pub const MAX_BINARY_EXPONENT: i32 = (1 << 30) + (1 << 29) + (1 << 28); // 1.88e9

/// Widen MPFR's exponent range on this thread (the default ends near 2^±2^30) to
/// ±[`MAX_BINARY_EXPONENT`].
pub fn widen_exponent_range() {
    // SAFETY: plain setters of MPFR's (thread-local) exponent range to values inside the range
    // MPFR reports valid (its limits are ±(2^62 − 1) on 64-bit machines).
    unsafe {
        mpfr::set_emin(-mpfr::exp_t::from(MAX_BINARY_EXPONENT));
        mpfr::set_emax(mpfr::exp_t::from(MAX_BINARY_EXPONENT));
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
    /// The real part (`im = false`) or the imaginary part, as Arb holds it.
    fn part(&self, im: bool) -> &ff::arb_struct {
        if im { &self.raw.imag } else { &self.raw.real }
    }
    /// The correctly rounded decimal of the real (`im = false`) or imaginary part to `digits`
    /// significant digits, if the whole part rounds to it (see `decimal::round_decimal`).
    pub fn part_decimal(&self, im: bool, digits: u32) -> Option<Decimal> {
        round_decimal(self.part(im), digits)
    }
    /// Whether the real (`im = false`) or imaginary part is exactly zero.
    pub fn part_is_zero(&self, im: bool) -> bool {
        // SAFETY: initialised.
        unsafe { ff::arb_is_zero(self.part(im)) != 0 }
    }
    /// An upper bound of |real part| (`im = false`) or |imaginary part|, as an f64 exponent of 2
    /// (`|x| < 2^k`); `None` when the part is exactly zero.
    pub fn magnitude_bound_log2(&self, im: bool) -> Option<i64> {
        let part = self.part(im);
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
    /// Whether some part's magnitude is beyond the exponent range of approximate numbers
    /// (exp(10^100000)): such a value can be enclosed but never printed.
    pub fn beyond_exponent_range(&self) -> bool {
        [false, true].into_iter().any(|im| {
            self.magnitude_bound_log2(im)
                .is_some_and(|k| k.abs() >= i64::from(MAX_BINARY_EXPONENT))
        })
    }
    /// Whether the part contains zero (so its sign, let alone a digit, is unknown).
    pub fn part_contains_zero(&self, im: bool) -> bool {
        let part = self.part(im);
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
