//! Evaluate an expression numerically, generic over [`Scalar`].
//!
//! [`approximate`] is what `N(expr, digits)` runs: MPFR with guard bits, confirmed by a second
//! evaluation at higher precision, doubling the precision until the requested digits agree, and
//! switching to MPC when the real value does not exist (`sqrt(-4)`, `log(-1)`).

use num_complex::Complex64;
use rug::{Complex, Float};

use super::scalar::{Result, Scalar};
use crate::error::MathError;
use crate::expr::number::{digits_to_bits, format_float};
use crate::expr::{Expr, Node, Number};
use crate::functions::KernelFor;
use crate::limits;

/// Values for the free symbols of an expression.
pub trait Env<S> {
    fn value(&self, name: &str) -> Option<S>;
}

/// No symbol has a value: the expression must be constant.
pub struct NoVars;
impl<S> Env<S> for NoVars {
    fn value(&self, _: &str) -> Option<S> {
        None
    }
}

/// Named values given as a slice of pairs.
impl<S: Clone> Env<S> for [(&str, S)] {
    fn value(&self, name: &str) -> Option<S> {
        self.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

/// Evaluate `e` with values of type `S`; `proto` fixes the precision of constants.
pub fn eval<S: KernelFor, E: Env<S> + ?Sized>(e: &Expr, env: &E, proto: &S) -> Result<S> {
    let value = match e.node() {
        Node::Num(n) => match n {
            Number::Exact(r) => proto.lift(r),
            Number::Approx { value, .. } => proto.lift(
                &value
                    .to_rational()
                    .ok_or_else(|| MathError::NotFinite(value.to_string()))?,
            ),
        },
        Node::Const(c) => proto.constant(*c)?,
        Node::Sym(name) => env.value(name).ok_or_else(|| {
            MathError::NotNumeric(format!(
                "'{name}' has no numeric value (give one with subs(expr, {name} = value))"
            ))
        })?,
        Node::Add(terms) => {
            let mut acc = eval(&terms[0], env, proto)?;
            for t in &terms[1..] {
                acc = acc.add(&eval(t, env, proto)?);
            }
            acc
        }
        Node::Mul(factors) => {
            let mut acc = eval(&factors[0], env, proto)?;
            for f in &factors[1..] {
                acc = acc.mul(&eval(f, env, proto)?);
            }
            acc
        }
        Node::Pow(b, x) => {
            let base = eval(b, env, proto)?;
            match x.as_number().and_then(Number::as_rational) {
                Some(r) if *r.denom() == 1 => match r.numer().to_i64() {
                    Some(n) => base.powi(n)?,
                    None => base.pow(&eval(x, env, proto)?)?,
                },
                Some(r) if *r.denom() == 2 && *r.numer() == 1 => base.sqrt()?,
                Some(r) if *r.denom() == 2 && *r.numer() == -1 => {
                    base.lift_i64(1).div(&base.sqrt()?)?
                }
                _ => base.pow(&eval(x, env, proto)?)?,
            }
        }
        Node::Call(f, args) => {
            let values = args
                .iter()
                .map(|a| eval(a, env, proto))
                .collect::<Result<Vec<S>>>()?;
            (S::kernel(&f.def().kernels))(&values)?
        }
    };
    if value.is_finite() {
        Ok(value)
    } else {
        Err(MathError::NotFinite(format!("{e} overflowed")))
    }
}

/// Evaluate a constant expression in double precision (real).
pub fn eval_f64(e: &Expr) -> Result<f64> {
    eval(e, &NoVars, &0.0f64)
}

/// Evaluate a constant expression in double-precision complex arithmetic.
pub fn eval_c64(e: &Expr) -> Result<Complex64> {
    eval(e, &NoVars, &Complex64::new(0.0, 0.0))
}

/// One evaluation at `bits` of precision: real MPFR, or MPC when the value is complex.
fn eval_mp(e: &Expr, bits: u32) -> Result<Complex> {
    let proto = Float::with_val(bits, 0);
    match eval(e, &NoVars, &proto) {
        Ok(x) => Ok(Complex::with_val(bits, (x, 0))),
        Err(MathError::ComplexResult(_)) => eval(e, &NoVars, &Complex::new(bits)),
        Err(other) => Err(other),
    }
}

/// Treat a real or imaginary part as zero when it is below the noise of the evaluation at
/// `bits`, relative to the modulus (`exp(i*pi)` has an imaginary part of 1e-60, not a value).
fn chop(z: &Complex, bits: u32) -> Complex {
    let modulus = Float::with_val(bits, z.abs_ref());
    let noise = Float::with_val(bits, &modulus >> (bits.saturating_sub(16)) as i32);
    let clean = |x: &Float| {
        if Float::with_val(bits, x.abs_ref()) <= noise {
            Float::new(bits)
        } else {
            x.clone()
        }
    };
    Complex::with_val(bits, (clean(z.real()), clean(z.imag())))
}

/// The function in `e` with the lowest digit ceiling, if any is below the global one.
fn slowest_function(e: &Expr) -> Option<(&'static str, u64)> {
    let here = match e.node() {
        Node::Call(f, _) if f.def().max_digits < limits::MAX_DIGITS => {
            Some((f.name(), f.def().max_digits))
        }
        _ => None,
    };
    let children: Box<dyn Iterator<Item = &Expr>> = match e.node() {
        Node::Add(v) | Node::Mul(v) | Node::Call(_, v) => Box::new(v.iter()),
        Node::Pow(b, x) => Box::new([b, x].into_iter()),
        _ => Box::new(std::iter::empty()),
    };
    here.into_iter()
        .chain(children.filter_map(slowest_function))
        .min_by_key(|(_, d)| *d)
}

/// `N(e, digits)`: an expression whose printed digits are all correct (real or `a + b*i`).
pub fn approximate(e: &Expr, digits: u32) -> std::result::Result<Expr, MathError> {
    if u64::from(digits) > limits::MAX_DIGITS || digits == 0 {
        return Err(MathError::TooLarge {
            what: format!("{digits} digits"),
            limit: format!("1..={}", limits::MAX_DIGITS),
        });
    }
    // Functions with expensive high-precision kernels carry their own digit ceiling.
    if let Some((name, most)) = slowest_function(e)
        && u64::from(digits) > most
    {
        return Err(MathError::TooLarge {
            what: format!("{digits} digits of {name}"),
            limit: format!("{most} digits for {name}"),
        });
    }
    let function_ceiling = slowest_function(e).map_or(limits::MAX_PRECISION_BITS, |(_, most)| {
        digits_to_bits(u32::try_from(most).unwrap_or(u32::MAX)).saturating_mul(2)
    });
    let target_bits = digits_to_bits(digits);
    let mut bits = target_bits + 24;
    let ceiling = (target_bits.saturating_mul(8) + 512)
        .min(limits::MAX_PRECISION_BITS)
        .min(function_ceiling.max(bits * 2));
    loop {
        crate::interrupt::check()?;
        let first = chop(&eval_mp(e, bits)?, bits);
        let check_bits = bits + bits / 2 + 32;
        let second = chop(&eval_mp(e, check_bits)?, check_bits);
        let agree = format_float(first.real(), digits) == format_float(second.real(), digits)
            && format_float(first.imag(), digits) == format_float(second.imag(), digits);
        if agree {
            return second.to_expr(digits);
        }
        // A value that is zero to the working precision (cancellation such as sin(x)^2 +
        // cos(x)^2 - 1) never agrees in its noise digits: report 0 once both are that small.
        let tiny = |z: &Complex, b: u32| {
            Float::with_val(b, z.abs_ref()) < Float::with_val(b, Float::i_exp(1, -(b as i32 - 8)))
        };
        if bits >= ceiling {
            if tiny(&first, bits) && tiny(&second, check_bits) {
                return Ok(Expr::num(Number::approx(Float::new(bits), digits)?));
            }
            return Err(MathError::Domain(format!(
                "could not confirm {digits} digits even at {bits} bits of precision (the value is ill-conditioned)"
            )));
        }
        bits = (bits * 2).min(ceiling);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Constant;
    use crate::expr::canon;

    #[test]
    fn pi_to_fifty_digits() {
        let pi = Expr::constant(Constant::Pi);
        let n = approximate(&pi, 50).unwrap();
        assert_eq!(
            n.to_string(),
            "3.1415926535897932384626433832795028841971693993751"
        );
    }

    #[test]
    fn complex_results_where_the_mathematics_is_complex() {
        let minus_one = Expr::int(-1);
        let log = crate::functions::apply1("log", &minus_one).unwrap();
        let value = approximate(&log, 15).unwrap();
        assert_eq!(value.to_string(), "3.14159265358979*i");
        let exp_i_pi = canon::pow(
            Expr::constant(Constant::E),
            canon::mul2(Expr::constant(Constant::I), Expr::constant(Constant::Pi)).unwrap(),
        )
        .unwrap();
        assert_eq!(approximate(&exp_i_pi, 20).unwrap().to_string(), "-1");
    }
}
