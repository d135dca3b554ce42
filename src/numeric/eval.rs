//! Evaluate an expression numerically, generic over [`Scalar`](super::scalar::Scalar).
//!
//! [`approximate`] is what `N(expr, digits)` runs: evaluation in Arb balls (enclosures),
//! raising the precision until every point of the enclosure rounds to the same digits.

use num_complex::Complex64;

use super::ball::Ball;
use super::scalar::Result;
use crate::expr::number::digits_to_bits;
use crate::expr::{Expr, Node, Number};
use crate::functions::KernelFor;
use crate::limits;
use crate::math_error::MathError;

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

/// Constant subexpressions (`sin(1e100000)`, `gamma(1/3)`, `sqrt(2*pi)`) replaced by their
/// values to `digits` digits once, so that a sampler or a quadrature does not evaluate them
/// again at every point (reducing a 100,000-digit argument costs milliseconds each time). A
/// constant that has no finite real value stays as it is.
pub fn fold_constants(e: &Expr, digits: u32) -> Expr {
    if e.is_constant() {
        if matches!(e.node(), Node::Num(_) | Node::Const(_)) {
            return e.clone();
        }
        return approximate(e, digits)
            .ok()
            .filter(|v| v.as_number().is_some())
            .unwrap_or_else(|| e.clone());
    }
    e.map_children(&mut |c| Ok(fold_constants(c, digits)))
        .unwrap_or_else(|_| e.clone())
}

/// Evaluate `e` with values of type `S`; `proto` fixes the precision of constants.
pub fn eval<S: KernelFor, E: Env<S> + ?Sized>(e: &Expr, env: &E, proto: &S) -> Result<S> {
    let value = match e.node() {
        Node::Num(n) => proto.lift_number(n)?,
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

/// The function in `e` with the lowest digit ceiling, if any is below the global one.
fn slowest_function(e: &Expr) -> Option<(&'static str, u64)> {
    let here = match e.node() {
        Node::Call(f, _) if f.def().max_digits < limits::MAX_DIGITS => {
            Some((f.name(), f.def().max_digits))
        }
        _ => None,
    };
    here.into_iter()
        .chain(e.children().filter_map(slowest_function))
        .min_by_key(|(_, d)| *d)
}

/// The largest exact number in `e`, in bits (numerator or denominator): how much precision
/// a cancellation such as `ellipk(1 - 10^-1000)` can need.
fn input_bits(e: &Expr) -> u32 {
    match e.node() {
        Node::Num(Number::Exact(r)) => r
            .numer()
            .significant_bits()
            .max(r.denom().significant_bits()),
        Node::Num(Number::Approx { value, .. }) => value.prec(),
        _ => e.children().map(input_bits).max().unwrap_or(0),
    }
}

/// Whether `e` holds an approximate number with a nonzero radius (then more working precision
/// cannot prove more digits than that radius allows).
fn has_uncertain_input(e: &Expr) -> bool {
    e.any(&|n| matches!(n.node(), Node::Num(Number::Approx { radius, .. }) if !radius.is_zero()))
}

/// What one part (real or imaginary) of a ball shows at the requested digits.
enum Part {
    /// Exactly zero.
    Zero,
    /// Every point of the part rounds to the same `digits`-digit decimal.
    Decided,
    /// Contains zero, but below 2^-(target + 8) of the other part, whose digits are decided:
    /// beneath the printed precision of the complex number, and omitted.
    Negligible,
    Open,
}

fn classify(ball: &Ball, im: bool, digits: u32, target_bits: u32) -> Part {
    if ball.part_is_zero(im) {
        return Part::Zero;
    }
    if ball.part_decimal(im, digits).is_some() {
        return Part::Decided;
    }
    // The other part's digits are decided, so its upper bound is within 10^-digits of |other|.
    let other_is_decided = ball.part_decimal(!im, digits).is_some();
    match (
        ball.magnitude_bound_log2(im),
        ball.magnitude_bound_log2(!im),
    ) {
        (Some(this), Some(other))
            if other_is_decided
                && ball.part_contains_zero(im)
                && this < other - i64::from(target_bits) - 8 =>
        {
            Part::Negligible
        }
        _ => Part::Open,
    }
}

/// The expression for a ball: each part as an approximate number showing at most `digits`
/// digits (printing shows only the digits the ball proves); `keep_im = false` omits a
/// negligible imaginary part, `keep_re` likewise.
fn ball_to_expr(ball: &Ball, digits: u32, keep_re: bool, keep_im: bool) -> Result<Expr> {
    let part = |b: Ball, keep: bool| -> Result<Expr> {
        if !keep || b.part_is_zero(false) {
            return Ok(Expr::zero());
        }
        Number::from_real_ball(&b, digits).map(Expr::num)
    };
    let re = part(ball.real_part(), keep_re)?;
    let im = part(ball.imag_part(), keep_im && !ball.is_real())?;
    crate::expr::canon::add2(
        re,
        crate::expr::canon::mul2(im, Expr::constant(crate::expr::Constant::I))?,
    )
}

/// `N(e, digits)`: each part of the value as the correctly rounded `digits`-digit decimal,
/// proven by evaluating in ball arithmetic and raising the precision until every point of the
/// enclosure rounds to the same digits.
///
/// A part that is exactly zero prints as 0; a part that cannot be separated from zero is
/// omitted only when it is below the printed precision of the other part; otherwise the
/// precision is raised up to a ceiling and then the answer says so. When the inputs are
/// approximate numbers whose radius limits the result, the digits they support are shown.
pub fn approximate(e: &Expr, digits: u32) -> std::result::Result<Expr, MathError> {
    let value = approximate_ball(e, digits)?;
    if is_exact_arithmetic(e) {
        return Ok(value);
    }
    // The value of a computation: its trailing zeros are digits (see `Number::Approx::trim`).
    keep_zeros(&value)
}

/// Exact numbers and i combined by +, × and integer powers: a value known exactly, whose
/// trailing zeros may be dropped in print (`N(0.1 + 0.2)` is `0.3`, `N(1 + i)` is `1 + i`).
fn is_exact_arithmetic(e: &Expr) -> bool {
    match e.node() {
        Node::Num(n) => n.is_exact(),
        Node::Const(c) => *c == crate::expr::Constant::I,
        Node::Sym(_) | Node::Call(..) => false,
        Node::Add(v) | Node::Mul(v) => v.iter().all(is_exact_arithmetic),
        Node::Pow(b, x) => {
            is_exact_arithmetic(b) && x.as_number().and_then(Number::to_i64).is_some()
        }
    }
}

fn keep_zeros(e: &Expr) -> std::result::Result<Expr, MathError> {
    match e.node() {
        Node::Num(n) => Ok(Expr::num(n.clone().keeping_zeros())),
        _ => e.map_children(&mut keep_zeros),
    }
}

fn approximate_ball(e: &Expr, digits: u32) -> std::result::Result<Expr, MathError> {
    if u64::from(digits) > limits::MAX_DIGITS || digits == 0 {
        return Err(MathError::TooLarge {
            what: format!("{digits} digits"),
            limit: format!("1..={}", limits::MAX_DIGITS),
        });
    }
    // Functions with expensive high-precision kernels carry their own digit ceiling.
    let slowest = slowest_function(e);
    if let Some((name, most)) = slowest
        && u64::from(digits) > most
    {
        return Err(MathError::TooLarge {
            what: format!("{digits} digits of {name}"),
            limit: format!("{most} digits for {name}"),
        });
    }
    crate::numeric::ball::widen_exponent_range();
    let target_bits = digits_to_bits(digits);
    let function_ceiling = slowest.map_or(limits::MAX_PRECISION_BITS, |(_, most)| {
        digits_to_bits(u32::try_from(most).unwrap_or(u32::MAX)).saturating_mul(2)
    });
    let ceiling = (target_bits.saturating_mul(8) + 512)
        .max(input_bits(e).saturating_mul(4).saturating_add(target_bits))
        .max(limits::ZERO_TEST_BITS)
        .min(function_ceiling.max(target_bits * 2))
        .min(limits::MAX_PRECISION_BITS);
    let uncertain_input = has_uncertain_input(e);
    let mut bits = target_bits + 32;
    let mut last_accuracy: Option<i64> = None;
    let started = std::time::Instant::now();
    let mut last_step = (bits, std::time::Duration::ZERO);
    loop {
        crate::interrupt::check()?;
        // A step whose precision would take the evaluation past the time bound is refused
        // (cost grows a little faster than linearly in the bits): resolving a part at the
        // edge of the printed digits once took minutes at millions of bits.
        let (previous_bits, previous) = last_step;
        let predicted =
            previous.as_secs_f64() * (f64::from(bits) / f64::from(previous_bits)).powf(1.6);
        if started.elapsed().as_secs_f64() + predicted > limits::MAX_EVALUATION_SECONDS {
            return Err(MathError::TooLarge {
                what: format!(
                    "{digits} digits of this value (after {:.1} s the next step needs {bits} bits)",
                    started.elapsed().as_secs_f64()
                ),
                limit: format!(
                    "about {} s per evaluation; ask for fewer digits",
                    limits::MAX_EVALUATION_SECONDS
                ),
            });
        }
        let at_ceiling = bits >= ceiling;
        let step_started = std::time::Instant::now();
        let evaluated = eval(e, &NoVars, &Ball::zero(i64::from(bits)));
        last_step = (bits, step_started.elapsed());
        match evaluated {
            Ok(ball) if ball.beyond_exponent_range() => {
                return Err(MathError::NotFinite(
                    "its magnitude is beyond the exponent range of approximate numbers, about 10^(±5.6e8)".into(),
                ));
            }
            Ok(ball) => {
                let re = classify(&ball, false, digits, target_bits);
                let im = classify(&ball, true, digits, target_bits);
                let done = |p: &Part| !matches!(p, Part::Open);
                let accuracy = ball.accuracy_bits();
                let stalled = uncertain_input
                    && last_accuracy.is_some_and(|previous| accuracy <= previous + 2);
                if (done(&re) && done(&im)) || at_ceiling || stalled {
                    if !(done(&re) && done(&im)) {
                        for (part, im_part) in [(&re, false), (&im, true)] {
                            if matches!(part, Part::Open) && ball.part_contains_zero(im_part) {
                                return Err(inseparable_from_zero(&ball, im_part, bits));
                            }
                        }
                    }
                    return ball_to_expr(
                        &ball,
                        digits,
                        !matches!(re, Part::Negligible),
                        !matches!(im, Part::Negligible),
                    );
                }
                last_accuracy = Some(accuracy);
                // Raise by the bits the evaluation lost, or double when it lost them all.
                bits = if accuracy > 0 {
                    let lost = i64::from(bits) - accuracy;
                    let wanted = i64::from(target_bits) + lost + 32;
                    u32::try_from(wanted.clamp(i64::from(bits) + 32, i64::from(bits) * 4))
                        .unwrap_or(u32::MAX)
                } else {
                    bits.saturating_mul(2)
                };
            }
            Err(MathError::Undetermined(what)) => {
                if at_ceiling {
                    return Err(MathError::Domain(format!(
                        "{what} cannot be decided even at {bits} bits of precision (the argument is at or too close to a pole or branch point)"
                    )));
                }
                bits = bits.saturating_mul(2);
            }
            Err(other) => return Err(other),
        }
        bits = bits.min(ceiling);
    }
}

/// The honest answer when a part of the value stays a ball around zero.
fn inseparable_from_zero(ball: &Ball, im: bool, bits: u32) -> MathError {
    // |x| < 2^k ≤ 10^⌈k log10 2⌉
    let bound = ball.magnitude_bound_log2(im).map_or("0".to_string(), |k| {
        format!("1e{}", (k as f64 * std::f64::consts::LOG10_2).ceil() as i64)
    });
    let which = if im { "imaginary part" } else { "value" };
    MathError::Domain(format!(
        "could not separate the {which} from 0 at {bits} bits: |{which}| < {bound} (it may be exactly 0, e.g. sin(x)^2 + cos(x)^2 - 1; simplify it exactly or ask for fewer digits)"
    ))
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
        // A computed value shows its proven digits, zeros included.
        assert_eq!(
            approximate(&exp_i_pi, 20).unwrap().to_string(),
            "-1.0000000000000000000"
        );
    }
}
