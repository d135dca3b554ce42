//! `Scalar` for Arb balls: every generic kernel of the registry runs on enclosures. Where a
//! ball is too wide to decide (a sign, a pole, a branch point) the result is
//! [`MathError::Undetermined`] and the caller raises the precision.

use std::cmp::Ordering;

use flint3_sys as ff;
use rug::{Integer, Rational};

use super::{Ball, Fmpz, pole, undetermined};
use crate::expr::Constant;
use crate::math_error::MathError;
use crate::numeric::scalar::{Result, Scalar};

/// Refuse arguments beyond the exponent range of approximate numbers at once (AGM-based
/// kernels take a step per bit of their logarithm).
fn beyond_range(what: &str, args: &[&Ball]) -> Result<()> {
    if args.iter().any(|a| a.beyond_exponent_range()) {
        return Err(MathError::NotFinite(format!(
            "{what} is beyond the exponent range of approximate numbers, about 10^(±5.6e8)"
        )));
    }
    Ok(())
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
        if self.part_is_zero(false)
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
        // Arb's AGM takes one step per bit of log(a/b): with an argument beyond the exponent
        // range (e^(10^100000)) that is hundreds of thousands of steps. Refuse it at once.
        beyond_range("an agm argument", &[self, o])?;
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
        // K and E run the AGM inside Arb: the same bound (ellipk(cosh(2^1000)) took 7 s).
        beyond_range("the argument of ellipk", &[self])?;
        if self.is_exactly(1) {
            return Err(MathError::Domain(
                "ellipk(1) is undefined (a logarithmic singularity)".into(),
            ));
        }
        self.apply(ff::acb_elliptic_k, "ellipk near its singularity at m = 1")
    }
    fn ellipe(&self) -> Result<Ball> {
        beyond_range("the argument of ellipe", &[self])?;
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
    fn im_f64(&self) -> f64 {
        // SAFETY: initialised.
        unsafe { ff::arf_get_d(&self.raw.imag.mid, ff::arf_rnd_t_ARF_RND_NEAR) }
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
            if b.part_is_zero(false) {
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
