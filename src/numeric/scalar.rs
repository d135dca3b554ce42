//! The `Scalar` trait: the arithmetic that every numeric algorithm is written against once.
//!
//! Implemented for `f64`, `Complex64` (num-complex), `rug::Float` and `rug::Complex`. Real
//! implementations report [`MathError::ComplexResult`] where the real value does not exist
//! (`sqrt(-4)`, `log(-1)`), so a caller can retry in complex arithmetic; poles are
//! [`MathError::Domain`] errors. Precision travels with the values: `lift` creates a constant at
//! the precision of `self`.

use std::cmp::Ordering;

use num_complex::Complex64;
use rug::float::Constant as MpConst;
use rug::ops::Pow;
use rug::{Complex, Float, Rational};

use super::ball::Ball;
use crate::expr::Constant;
use crate::math_error::MathError;

pub type Result<T> = std::result::Result<T, MathError>;

fn complex_result(what: &str) -> MathError {
    MathError::ComplexResult(what.to_string())
}
fn pole(what: &str) -> MathError {
    MathError::Domain(format!("{what} is undefined (a pole)"))
}
/// A complex special function (MPC has none of erf, gamma, Bessel) through its Arb ball
/// kernel: the ball's midpoint at the working precision. A ball too wide to say anything (at
/// or next to a pole) is an error.
fn mpc_via_ball(z: &Complex, f: impl Fn(&Ball) -> Result<Ball>) -> Result<Complex> {
    let prec = z.prec().0.max(z.prec().1);
    let ball = Ball::from_complex(z.real(), z.imag(), i64::from(prec) + 16);
    let value = f(&ball).map_err(|e| match e {
        MathError::Undetermined(what) => MathError::Domain(format!("{what} (at a pole)")),
        other => other,
    })?;
    Ok(Complex::with_val(
        prec,
        (value.real_mid_rad().0, value.imag_mid_rad().0),
    ))
}

/// The same in double precision.
fn c64_via_ball(z: &Complex64, f: impl Fn(&Ball) -> Result<Ball>) -> Result<Complex64> {
    let w = mpc_via_ball(&Complex::with_val(53, (z.re, z.im)), f)?;
    Ok(Complex64::new(w.real().to_f64(), w.imag().to_f64()))
}

/// Numbers an evaluator can compute with.
pub trait Scalar: Clone + std::fmt::Debug + Send + Sync + 'static {
    /// Whether values can have an imaginary part.
    const COMPLEX: bool;
    /// Working precision in bits (53 for the double types).
    fn prec_bits(&self) -> u32;
    /// An exact rational rounded to the precision of `self`.
    fn lift(&self, r: &Rational) -> Self;
    /// A number of an expression at the precision of `self` (an approximate number's midpoint;
    /// enclosures override this to take its radius too).
    fn lift_number(&self, n: &crate::expr::Number) -> Result<Self> {
        match n {
            crate::expr::Number::Exact(r) => Ok(self.lift(r)),
            crate::expr::Number::Approx { value, .. } => Ok(self.lift(
                &value
                    .to_rational()
                    .ok_or_else(|| MathError::NotFinite(value.to_string()))?,
            )),
        }
    }
    /// A small integer at the precision of `self`.
    fn lift_i64(&self, n: i64) -> Self {
        self.lift(&Rational::from(n))
    }
    /// A named constant at the precision of `self` (`i` needs a complex type).
    fn constant(&self, c: Constant) -> Result<Self>;
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    fn neg(&self) -> Self;
    fn is_zero(&self) -> bool;
    fn is_finite(&self) -> bool;
    /// `self / o`, an error when `o` is zero.
    fn div(&self, o: &Self) -> Result<Self>;
    fn powi(&self, n: i64) -> Result<Self>;
    fn pow(&self, e: &Self) -> Result<Self>;
    fn sqrt(&self) -> Result<Self>;
    /// The real cube root for reals (`cbrt(-8) = -2`); the principal root for complex values.
    fn cbrt(&self) -> Result<Self>;
    fn exp(&self) -> Result<Self>;
    fn ln(&self) -> Result<Self>;
    /// ln(1 + x), accurate when x is tiny (softplus far left).
    fn ln_1p(&self) -> Result<Self>;
    fn sin(&self) -> Result<Self>;
    fn cos(&self) -> Result<Self>;
    fn tan(&self) -> Result<Self>;
    fn asin(&self) -> Result<Self>;
    fn acos(&self) -> Result<Self>;
    fn atan(&self) -> Result<Self>;
    fn sinh(&self) -> Result<Self>;
    fn cosh(&self) -> Result<Self>;
    fn tanh(&self) -> Result<Self>;
    fn asinh(&self) -> Result<Self>;
    fn acosh(&self) -> Result<Self>;
    fn atanh(&self) -> Result<Self>;
    fn erf(&self) -> Result<Self>;
    fn erfc(&self) -> Result<Self>;
    fn gamma(&self) -> Result<Self>;
    fn lgamma(&self) -> Result<Self>;
    fn digamma(&self) -> Result<Self>;
    /// Bessel function of the first kind of integer order.
    fn besselj(&self, n: i64) -> Result<Self>;
    /// ψ⁽ⁿ⁾(x) where Re x ≥ 1/2 (callers reflect the left half-plane first, see
    /// [`special::polygamma`](super::special::polygamma)); by default recurrence plus the
    /// asymptotic series, overridden where a library has a rigorous kernel.
    fn polygamma_direct(&self, n: i64) -> Result<Self> {
        super::special::polygamma_asymptotic(n, self)
    }
    /// The arithmetic–geometric mean (principal value).
    fn agm(&self, o: &Self) -> Result<Self> {
        super::special::agm(self, o)
    }
    /// dⁿ/dtⁿ agm(1, t) at t = self.
    fn agm_derivative(&self, n: usize) -> Result<Self> {
        super::special::agm_derivative(n, self)
    }
    /// Complete elliptic integral of the first kind K(m), parameter m = k².
    fn ellipk(&self) -> Result<Self> {
        super::special::ellipk(self)
    }
    /// Complete elliptic integral of the second kind E(m).
    fn ellipe(&self) -> Result<Self> {
        super::special::ellipe(self)
    }
    /// Modulus (a real value, held in `Self`).
    fn abs(&self) -> Self;
    /// The real part as an `f64` (for decisions such as which series to use).
    fn re_f64(&self) -> f64;
    /// The imaginary part as an `f64` (0 for the real types).
    fn im_f64(&self) -> f64 {
        0.0
    }
    /// The real value, or an error naming `what` if the imaginary part is not zero.
    fn real_value(&self, what: &str) -> Result<f64>;
    /// Compare real values; complex values are an error naming `what`.
    fn cmp_real(&self, o: &Self, what: &str) -> Result<Ordering>;
    fn floor(&self) -> Result<Self>;
    fn ceil(&self) -> Result<Self>;
    /// The value as an exact integer, when it is one (Bessel orders, polygamma orders).
    fn as_i64(&self) -> Option<i64>;
    /// Turn back into an expression: an approximate real, or `re + im*i`.
    fn to_expr(&self, digits: u32) -> Result<crate::expr::Expr>;
}

fn check_f64(x: f64, what: &str) -> Result<f64> {
    if x.is_nan() {
        Err(complex_result(what))
    } else {
        Ok(x)
    }
}

impl Scalar for f64 {
    const COMPLEX: bool = false;
    fn prec_bits(&self) -> u32 {
        53
    }
    fn lift(&self, r: &Rational) -> f64 {
        r.to_f64()
    }
    fn lift_i64(&self, n: i64) -> f64 {
        n as f64
    }
    fn constant(&self, c: Constant) -> Result<f64> {
        match c {
            Constant::Pi => Ok(std::f64::consts::PI),
            Constant::E => Ok(std::f64::consts::E),
            Constant::I => Err(complex_result("i")),
        }
    }
    fn add(&self, o: &f64) -> f64 {
        self + o
    }
    fn sub(&self, o: &f64) -> f64 {
        self - o
    }
    fn mul(&self, o: &f64) -> f64 {
        self * o
    }
    fn neg(&self) -> f64 {
        -self
    }
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
    fn is_finite(&self) -> bool {
        f64::is_finite(*self)
    }
    fn div(&self, o: &f64) -> Result<f64> {
        if *o == 0.0 {
            Err(MathError::DivisionByZero)
        } else {
            Ok(self / o)
        }
    }
    fn powi(&self, n: i64) -> Result<f64> {
        if *self == 0.0 && n < 0 {
            return Err(MathError::DivisionByZero);
        }
        Ok(match i32::try_from(n) {
            Ok(n) => f64::powi(*self, n),
            Err(_) => f64::powf(*self, n as f64),
        })
    }
    fn pow(&self, e: &f64) -> Result<f64> {
        if *self == 0.0 && *e < 0.0 {
            return Err(MathError::DivisionByZero);
        }
        if *self < 0.0 && e.fract() != 0.0 {
            return Err(complex_result("a negative number to a fractional power"));
        }
        Ok(self.powf(*e))
    }
    fn sqrt(&self) -> Result<f64> {
        if *self < 0.0 {
            Err(complex_result("sqrt of a negative number"))
        } else {
            Ok(f64::sqrt(*self))
        }
    }
    fn cbrt(&self) -> Result<f64> {
        Ok(f64::cbrt(*self))
    }
    fn exp(&self) -> Result<f64> {
        Ok(f64::exp(*self))
    }
    fn ln(&self) -> Result<f64> {
        if *self == 0.0 {
            Err(pole("log(0)"))
        } else if *self < 0.0 {
            Err(complex_result("log of a negative number"))
        } else {
            Ok(f64::ln(*self))
        }
    }
    fn ln_1p(&self) -> Result<f64> {
        Scalar::ln(&(1.0 + self)).and(Ok(f64::ln_1p(*self)))
    }
    fn sin(&self) -> Result<f64> {
        Ok(f64::sin(*self))
    }
    fn cos(&self) -> Result<f64> {
        Ok(f64::cos(*self))
    }
    fn tan(&self) -> Result<f64> {
        Ok(f64::tan(*self))
    }
    fn asin(&self) -> Result<f64> {
        check_f64(f64::asin(*self), "asin outside [-1, 1]")
    }
    fn acos(&self) -> Result<f64> {
        check_f64(f64::acos(*self), "acos outside [-1, 1]")
    }
    fn atan(&self) -> Result<f64> {
        Ok(f64::atan(*self))
    }
    fn sinh(&self) -> Result<f64> {
        Ok(f64::sinh(*self))
    }
    fn cosh(&self) -> Result<f64> {
        Ok(f64::cosh(*self))
    }
    fn tanh(&self) -> Result<f64> {
        Ok(f64::tanh(*self))
    }
    fn asinh(&self) -> Result<f64> {
        Ok(f64::asinh(*self))
    }
    fn acosh(&self) -> Result<f64> {
        check_f64(f64::acosh(*self), "acosh below 1")
    }
    fn atanh(&self) -> Result<f64> {
        if self.abs() == 1.0 {
            return Err(pole("atanh(±1)"));
        }
        check_f64(f64::atanh(*self), "atanh outside (-1, 1)")
    }
    fn erf(&self) -> Result<f64> {
        Ok(libm::erf(*self))
    }
    fn erfc(&self) -> Result<f64> {
        Ok(libm::erfc(*self))
    }
    fn gamma(&self) -> Result<f64> {
        if *self <= 0.0 && self.fract() == 0.0 {
            return Err(pole("gamma at a non-positive integer"));
        }
        Ok(libm::tgamma(*self))
    }
    fn lgamma(&self) -> Result<f64> {
        if *self <= 0.0 && self.fract() == 0.0 {
            return Err(pole("lgamma at a non-positive integer"));
        }
        let (value, sign) = libm::lgamma_r(*self);
        if sign < 0 {
            Err(complex_result("lgamma where gamma is negative"))
        } else {
            Ok(value)
        }
    }
    fn digamma(&self) -> Result<f64> {
        super::special::digamma(self)
    }
    fn besselj(&self, n: i64) -> Result<f64> {
        let n =
            i32::try_from(n).map_err(|_| MathError::Domain("besselj order is too large".into()))?;
        Ok(libm::jn(n, *self))
    }
    fn abs(&self) -> f64 {
        f64::abs(*self)
    }
    fn re_f64(&self) -> f64 {
        *self
    }
    fn real_value(&self, _what: &str) -> Result<f64> {
        Ok(*self)
    }
    fn cmp_real(&self, o: &f64, _what: &str) -> Result<Ordering> {
        self.partial_cmp(o)
            .ok_or_else(|| MathError::NotFinite("NaN".into()))
    }
    fn floor(&self) -> Result<f64> {
        Ok(f64::floor(*self))
    }
    fn ceil(&self) -> Result<f64> {
        Ok(f64::ceil(*self))
    }
    fn as_i64(&self) -> Option<i64> {
        (self.fract() == 0.0 && self.abs() < 9.0e15).then_some(*self as i64)
    }
    fn to_expr(&self, digits: u32) -> Result<crate::expr::Expr> {
        Float::with_val(53, *self).to_expr(digits)
    }
}

impl Scalar for Complex64 {
    const COMPLEX: bool = true;
    fn prec_bits(&self) -> u32 {
        53
    }
    fn lift(&self, r: &Rational) -> Complex64 {
        Complex64::new(r.to_f64(), 0.0)
    }
    fn constant(&self, c: Constant) -> Result<Complex64> {
        Ok(match c {
            Constant::Pi => Complex64::new(std::f64::consts::PI, 0.0),
            Constant::E => Complex64::new(std::f64::consts::E, 0.0),
            Constant::I => Complex64::new(0.0, 1.0),
        })
    }
    fn add(&self, o: &Complex64) -> Complex64 {
        self + o
    }
    fn sub(&self, o: &Complex64) -> Complex64 {
        self - o
    }
    fn mul(&self, o: &Complex64) -> Complex64 {
        self * o
    }
    fn neg(&self) -> Complex64 {
        -self
    }
    fn is_zero(&self) -> bool {
        self.re == 0.0 && self.im == 0.0
    }
    fn is_finite(&self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
    fn div(&self, o: &Complex64) -> Result<Complex64> {
        if o.is_zero() {
            Err(MathError::DivisionByZero)
        } else {
            Ok(self / o)
        }
    }
    fn powi(&self, n: i64) -> Result<Complex64> {
        if self.is_zero() && n < 0 {
            return Err(MathError::DivisionByZero);
        }
        Ok(match i32::try_from(n) {
            Ok(n) => Complex64::powi(self, n),
            Err(_) => self.powf(n as f64),
        })
    }
    fn pow(&self, e: &Complex64) -> Result<Complex64> {
        if self.is_zero() {
            return if e.re > 0.0 {
                Ok(*self)
            } else {
                Err(MathError::DivisionByZero)
            };
        }
        Ok(self.powc(*e))
    }
    fn sqrt(&self) -> Result<Complex64> {
        Ok(Complex64::sqrt(*self))
    }
    fn cbrt(&self) -> Result<Complex64> {
        Ok(Complex64::cbrt(*self))
    }
    fn exp(&self) -> Result<Complex64> {
        Ok(Complex64::exp(*self))
    }
    fn ln(&self) -> Result<Complex64> {
        if self.is_zero() {
            Err(pole("log(0)"))
        } else {
            Ok(Complex64::ln(*self))
        }
    }
    fn ln_1p(&self) -> Result<Complex64> {
        Scalar::ln(&(self + 1.0))
    }
    fn sin(&self) -> Result<Complex64> {
        Ok(Complex64::sin(*self))
    }
    fn cos(&self) -> Result<Complex64> {
        Ok(Complex64::cos(*self))
    }
    fn tan(&self) -> Result<Complex64> {
        Ok(Complex64::tan(*self))
    }
    fn asin(&self) -> Result<Complex64> {
        Ok(Complex64::asin(*self))
    }
    fn acos(&self) -> Result<Complex64> {
        Ok(Complex64::acos(*self))
    }
    fn atan(&self) -> Result<Complex64> {
        Ok(Complex64::atan(*self))
    }
    fn sinh(&self) -> Result<Complex64> {
        Ok(Complex64::sinh(*self))
    }
    fn cosh(&self) -> Result<Complex64> {
        Ok(Complex64::cosh(*self))
    }
    fn tanh(&self) -> Result<Complex64> {
        Ok(Complex64::tanh(*self))
    }
    fn asinh(&self) -> Result<Complex64> {
        Ok(Complex64::asinh(*self))
    }
    fn acosh(&self) -> Result<Complex64> {
        Ok(Complex64::acosh(*self))
    }
    fn atanh(&self) -> Result<Complex64> {
        if self.im == 0.0 && self.re.abs() == 1.0 {
            return Err(pole("atanh(±1)"));
        }
        Ok(Complex64::atanh(*self))
    }
    fn erf(&self) -> Result<Complex64> {
        c64_via_ball(self, Ball::erf)
    }
    fn erfc(&self) -> Result<Complex64> {
        c64_via_ball(self, Ball::erfc)
    }
    fn gamma(&self) -> Result<Complex64> {
        c64_via_ball(self, Ball::gamma)
    }
    fn lgamma(&self) -> Result<Complex64> {
        c64_via_ball(self, Ball::lgamma)
    }
    fn digamma(&self) -> Result<Complex64> {
        super::special::digamma(self)
    }
    fn besselj(&self, n: i64) -> Result<Complex64> {
        c64_via_ball(self, |b| b.besselj(n))
    }
    fn abs(&self) -> Complex64 {
        Complex64::new(self.norm(), 0.0)
    }
    fn re_f64(&self) -> f64 {
        self.re
    }
    fn im_f64(&self) -> f64 {
        self.im
    }
    fn real_value(&self, what: &str) -> Result<f64> {
        if self.im == 0.0 {
            Ok(self.re)
        } else {
            Err(MathError::Domain(format!("{what} needs a real argument")))
        }
    }
    fn cmp_real(&self, o: &Complex64, what: &str) -> Result<Ordering> {
        self.real_value(what)?.cmp_real(&o.real_value(what)?, what)
    }
    fn floor(&self) -> Result<Complex64> {
        Ok(Complex64::new(self.real_value("floor")?.floor(), 0.0))
    }
    fn ceil(&self) -> Result<Complex64> {
        Ok(Complex64::new(self.real_value("ceil")?.ceil(), 0.0))
    }
    fn as_i64(&self) -> Option<i64> {
        if self.im == 0.0 {
            self.re.as_i64()
        } else {
            None
        }
    }
    fn to_expr(&self, digits: u32) -> Result<crate::expr::Expr> {
        Complex::with_val(53, (self.re, self.im)).to_expr(digits)
    }
}

fn float_result(x: Float, what: &str) -> Result<Float> {
    if x.is_nan() {
        Err(complex_result(what))
    } else {
        Ok(x)
    }
}

impl Scalar for Float {
    const COMPLEX: bool = false;
    fn prec_bits(&self) -> u32 {
        self.prec()
    }
    fn lift(&self, r: &Rational) -> Float {
        Float::with_val(self.prec(), r)
    }
    fn lift_i64(&self, n: i64) -> Float {
        Float::with_val(self.prec(), n)
    }
    fn constant(&self, c: Constant) -> Result<Float> {
        let p = self.prec();
        match c {
            Constant::Pi => Ok(Float::with_val(p, MpConst::Pi)),
            Constant::E => Ok(Float::with_val(p, 1).exp()),
            Constant::I => Err(complex_result("i")),
        }
    }
    fn add(&self, o: &Float) -> Float {
        Float::with_val(self.prec(), self + o)
    }
    fn sub(&self, o: &Float) -> Float {
        Float::with_val(self.prec(), self - o)
    }
    fn mul(&self, o: &Float) -> Float {
        Float::with_val(self.prec(), self * o)
    }
    fn neg(&self) -> Float {
        Float::with_val(self.prec(), -self)
    }
    fn is_zero(&self) -> bool {
        Float::is_zero(self)
    }
    fn is_finite(&self) -> bool {
        Float::is_finite(self)
    }
    fn div(&self, o: &Float) -> Result<Float> {
        if o.is_zero() {
            Err(MathError::DivisionByZero)
        } else {
            Ok(Float::with_val(self.prec(), self / o))
        }
    }
    fn powi(&self, n: i64) -> Result<Float> {
        if self.is_zero() && n < 0 {
            return Err(MathError::DivisionByZero);
        }
        Ok(Float::with_val(self.prec(), Pow::pow(self, n)))
    }
    fn pow(&self, e: &Float) -> Result<Float> {
        if self.is_zero() && e.is_sign_negative() {
            return Err(MathError::DivisionByZero);
        }
        if self.is_sign_negative() && !self.is_zero() && !e.is_integer() {
            return Err(complex_result("a negative number to a fractional power"));
        }
        Ok(Float::with_val(self.prec(), Pow::pow(self, e)))
    }
    fn sqrt(&self) -> Result<Float> {
        if self.is_sign_negative() && !self.is_zero() {
            Err(complex_result("sqrt of a negative number"))
        } else {
            Ok(self.clone().sqrt())
        }
    }
    fn cbrt(&self) -> Result<Float> {
        Ok(self.clone().cbrt())
    }
    fn exp(&self) -> Result<Float> {
        Ok(self.clone().exp())
    }
    fn ln(&self) -> Result<Float> {
        if self.is_zero() {
            Err(pole("log(0)"))
        } else if self.is_sign_negative() {
            Err(complex_result("log of a negative number"))
        } else {
            Ok(self.clone().ln())
        }
    }
    fn ln_1p(&self) -> Result<Float> {
        Scalar::ln(&Scalar::add(self, &self.lift_i64(1)))?;
        Ok(self.clone().ln_1p())
    }
    fn sin(&self) -> Result<Float> {
        Ok(self.clone().sin())
    }
    fn cos(&self) -> Result<Float> {
        Ok(self.clone().cos())
    }
    fn tan(&self) -> Result<Float> {
        Ok(self.clone().tan())
    }
    fn asin(&self) -> Result<Float> {
        float_result(self.clone().asin(), "asin outside [-1, 1]")
    }
    fn acos(&self) -> Result<Float> {
        float_result(self.clone().acos(), "acos outside [-1, 1]")
    }
    fn atan(&self) -> Result<Float> {
        Ok(self.clone().atan())
    }
    fn sinh(&self) -> Result<Float> {
        Ok(self.clone().sinh())
    }
    fn cosh(&self) -> Result<Float> {
        Ok(self.clone().cosh())
    }
    fn tanh(&self) -> Result<Float> {
        Ok(self.clone().tanh())
    }
    fn asinh(&self) -> Result<Float> {
        Ok(self.clone().asinh())
    }
    fn acosh(&self) -> Result<Float> {
        float_result(self.clone().acosh(), "acosh below 1")
    }
    fn atanh(&self) -> Result<Float> {
        if *self == 1 || *self == -1 {
            return Err(pole("atanh(±1)"));
        }
        float_result(self.clone().atanh(), "atanh outside (-1, 1)")
    }
    fn erf(&self) -> Result<Float> {
        Ok(self.clone().erf())
    }
    fn erfc(&self) -> Result<Float> {
        Ok(self.clone().erfc())
    }
    fn gamma(&self) -> Result<Float> {
        if (self.is_sign_negative() || self.is_zero()) && self.is_integer() {
            return Err(pole("gamma at a non-positive integer"));
        }
        Ok(self.clone().gamma())
    }
    fn lgamma(&self) -> Result<Float> {
        if (self.is_sign_negative() || self.is_zero()) && self.is_integer() {
            return Err(pole("lgamma at a non-positive integer"));
        }
        let (value, ordering) = self.clone().ln_abs_gamma();
        if ordering == Ordering::Less {
            Err(complex_result("lgamma where gamma is negative"))
        } else {
            Ok(value)
        }
    }
    fn digamma(&self) -> Result<Float> {
        if (self.is_sign_negative() || self.is_zero()) && self.is_integer() {
            return Err(pole("digamma at a non-positive integer"));
        }
        Ok(self.clone().digamma())
    }
    fn besselj(&self, n: i64) -> Result<Float> {
        let n =
            i32::try_from(n).map_err(|_| MathError::Domain("besselj order is too large".into()))?;
        Ok(self.clone().jn(n))
    }
    fn abs(&self) -> Float {
        self.clone().abs()
    }
    fn re_f64(&self) -> f64 {
        self.to_f64()
    }
    fn real_value(&self, _what: &str) -> Result<f64> {
        Ok(self.to_f64())
    }
    fn cmp_real(&self, o: &Float, _what: &str) -> Result<Ordering> {
        self.partial_cmp(o)
            .ok_or_else(|| MathError::NotFinite("NaN".into()))
    }
    fn floor(&self) -> Result<Float> {
        Ok(self.clone().floor())
    }
    fn ceil(&self) -> Result<Float> {
        Ok(self.clone().ceil())
    }
    fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.to_integer().and_then(|i| i.to_i64())
        } else {
            None
        }
    }
    fn to_expr(&self, digits: u32) -> Result<crate::expr::Expr> {
        crate::expr::Number::approx(self.clone(), digits).map(crate::expr::Expr::num)
    }
}

impl Scalar for Complex {
    const COMPLEX: bool = true;
    fn prec_bits(&self) -> u32 {
        self.prec().0
    }
    fn lift(&self, r: &Rational) -> Complex {
        Complex::with_val(self.prec(), (r, 0))
    }
    fn lift_i64(&self, n: i64) -> Complex {
        Complex::with_val(self.prec(), (n, 0))
    }
    fn constant(&self, c: Constant) -> Result<Complex> {
        let p = self.prec().0;
        Ok(match c {
            Constant::Pi => Complex::with_val(p, (Float::with_val(p, MpConst::Pi), 0)),
            Constant::E => Complex::with_val(p, (Float::with_val(p, 1).exp(), 0)),
            Constant::I => Complex::with_val(p, (0, 1)),
        })
    }
    fn add(&self, o: &Complex) -> Complex {
        Complex::with_val(self.prec(), self + o)
    }
    fn sub(&self, o: &Complex) -> Complex {
        Complex::with_val(self.prec(), self - o)
    }
    fn mul(&self, o: &Complex) -> Complex {
        Complex::with_val(self.prec(), self * o)
    }
    fn neg(&self) -> Complex {
        Complex::with_val(self.prec(), -self)
    }
    fn is_zero(&self) -> bool {
        self.real().is_zero() && self.imag().is_zero()
    }
    fn is_finite(&self) -> bool {
        self.real().is_finite() && self.imag().is_finite()
    }
    fn div(&self, o: &Complex) -> Result<Complex> {
        if Scalar::is_zero(o) {
            Err(MathError::DivisionByZero)
        } else {
            Ok(Complex::with_val(self.prec(), self / o))
        }
    }
    fn powi(&self, n: i64) -> Result<Complex> {
        if Scalar::is_zero(self) && n < 0 {
            return Err(MathError::DivisionByZero);
        }
        Ok(Complex::with_val(self.prec(), Pow::pow(self, n)))
    }
    fn pow(&self, e: &Complex) -> Result<Complex> {
        if Scalar::is_zero(self) {
            return if e.real().is_sign_positive() && !e.real().is_zero() {
                Ok(self.clone())
            } else {
                Err(MathError::DivisionByZero)
            };
        }
        Ok(Complex::with_val(self.prec(), Pow::pow(self, e)))
    }
    fn sqrt(&self) -> Result<Complex> {
        Ok(self.clone().sqrt())
    }
    fn cbrt(&self) -> Result<Complex> {
        let third = Complex::with_val(self.prec(), (Rational::from((1, 3)), 0));
        Scalar::pow(self, &third)
    }
    fn exp(&self) -> Result<Complex> {
        Ok(self.clone().exp())
    }
    fn ln(&self) -> Result<Complex> {
        if Scalar::is_zero(self) {
            Err(pole("log(0)"))
        } else {
            Ok(self.clone().ln())
        }
    }
    fn ln_1p(&self) -> Result<Complex> {
        Scalar::ln(&Scalar::add(self, &self.lift_i64(1)))
    }
    fn sin(&self) -> Result<Complex> {
        Ok(self.clone().sin())
    }
    fn cos(&self) -> Result<Complex> {
        Ok(self.clone().cos())
    }
    fn tan(&self) -> Result<Complex> {
        Ok(self.clone().tan())
    }
    fn asin(&self) -> Result<Complex> {
        Ok(self.clone().asin())
    }
    fn acos(&self) -> Result<Complex> {
        Ok(self.clone().acos())
    }
    fn atan(&self) -> Result<Complex> {
        Ok(self.clone().atan())
    }
    fn sinh(&self) -> Result<Complex> {
        Ok(self.clone().sinh())
    }
    fn cosh(&self) -> Result<Complex> {
        Ok(self.clone().cosh())
    }
    fn tanh(&self) -> Result<Complex> {
        Ok(self.clone().tanh())
    }
    fn asinh(&self) -> Result<Complex> {
        Ok(self.clone().asinh())
    }
    fn acosh(&self) -> Result<Complex> {
        Ok(self.clone().acosh())
    }
    fn atanh(&self) -> Result<Complex> {
        if self.imag().is_zero() && (*self.real() == 1 || *self.real() == -1) {
            return Err(pole("atanh(±1)"));
        }
        Ok(self.clone().atanh())
    }
    fn erf(&self) -> Result<Complex> {
        mpc_via_ball(self, Ball::erf)
    }
    fn erfc(&self) -> Result<Complex> {
        mpc_via_ball(self, Ball::erfc)
    }
    fn gamma(&self) -> Result<Complex> {
        mpc_via_ball(self, Ball::gamma)
    }
    fn lgamma(&self) -> Result<Complex> {
        mpc_via_ball(self, Ball::lgamma)
    }
    fn digamma(&self) -> Result<Complex> {
        super::special::digamma(self)
    }
    fn besselj(&self, n: i64) -> Result<Complex> {
        mpc_via_ball(self, |b| b.besselj(n))
    }
    fn abs(&self) -> Complex {
        let p = self.prec().0;
        Complex::with_val(p, (Float::with_val(p, self.abs_ref()), 0))
    }
    fn re_f64(&self) -> f64 {
        self.real().to_f64()
    }
    fn im_f64(&self) -> f64 {
        self.imag().to_f64()
    }
    fn real_value(&self, what: &str) -> Result<f64> {
        if self.imag().is_zero() {
            Ok(self.real().to_f64())
        } else {
            Err(MathError::Domain(format!("{what} needs a real argument")))
        }
    }
    fn cmp_real(&self, o: &Complex, what: &str) -> Result<Ordering> {
        if !self.imag().is_zero() || !o.imag().is_zero() {
            return Err(MathError::Domain(format!("{what} needs a real argument")));
        }
        self.real().cmp_real(o.real(), what)
    }
    fn floor(&self) -> Result<Complex> {
        self.real_value("floor")?;
        Ok(Complex::with_val(
            self.prec(),
            (self.real().clone().floor(), 0),
        ))
    }
    fn ceil(&self) -> Result<Complex> {
        self.real_value("ceil")?;
        Ok(Complex::with_val(
            self.prec(),
            (self.real().clone().ceil(), 0),
        ))
    }
    fn as_i64(&self) -> Option<i64> {
        if self.imag().is_zero() {
            self.real().as_i64()
        } else {
            None
        }
    }
    fn to_expr(&self, digits: u32) -> Result<crate::expr::Expr> {
        use crate::expr::{Expr, Number, canon};
        let re = Number::approx(self.real().clone(), digits)?;
        if self.imag().is_zero() {
            return Ok(Expr::num(re));
        }
        let im = Expr::num(Number::approx(self.imag().clone(), digits)?);
        let i_part = canon::mul2(im, Expr::constant(Constant::I))?;
        if self.real().is_zero() {
            Ok(i_part)
        } else {
            canon::add2(Expr::num(re), i_part)
        }
    }
}
