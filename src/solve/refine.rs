//! From a double-precision root to any number of correct digits, and a proof.
//!
//! Refinement doubles the working precision at every Newton step (quadratic convergence
//! doubles the correct bits), so the total cost is a few evaluations at the final precision.
//! A simple real root is then certified by the Krawczyk test in interval arithmetic with
//! outward rounding: K(X) = c − y f(c) + (1 − y f'(X))(X − c) ⊂ int X proves that exactly one
//! root lies in X, the interval of the last printed digit. A rational root is checked exactly.

use rug::float::Round;
use rug::ops::Pow;
use rug::{Complex, Float, Integer, Rational};

use super::newton::Problem;
use super::{Certificate, SolveError};
use crate::expr::diff::diff;
use crate::expr::number::digits_to_bits;
use crate::expr::subst::subs;
use crate::expr::{Expr, Number};
use crate::functions::KernelFor;
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::interval::{Interval, enclose};
use crate::numeric::scalar::Scalar;

/// Significant digits refined when the user asked for none (then the nearest double is shown).
pub const DEFAULT_DIGITS: u32 = 17;

/// The working precision needed for `digits` at multiplicity `m`, and the precisions of the
/// Newton steps toward it: target/2^k, ..., target/2, target (each step doubles the correct bits).
fn precision_schedule(digits: u32, m: u32) -> (u32, Vec<u32>) {
    let target = (digits_to_bits(digits) + 24).saturating_mul(m) + 32;
    let mut schedule = vec![target];
    while let Some(&last) = schedule.last() {
        if last <= 128 {
            break;
        }
        schedule.push(last.div_ceil(2));
    }
    schedule.reverse();
    (target, schedule)
}

/// One Newton step x − m f(x)/f'(x) at precision `prec`; `None` when f(x) = 0 exactly.
/// Returns the new point and the step.
fn newton_step<S: KernelFor + Precision>(
    p: &Problem,
    x: S,
    prec: u32,
    m: u32,
) -> Result<Option<(S, S)>, SolveError> {
    crate::interrupt::check()?;
    let x = x.with_prec(prec);
    let fx = accurate_value(p, &p.f, &x, prec)?;
    if fx.is_zero() {
        return Ok(None);
    }
    // A simple root needs f' only to half the working precision: its relative error
    // multiplies the current error, which is already below half the bits.
    let d = if m == 1 {
        p.at(&p.df, &x.clone().with_prec((prec / 2).max(64)))?
    } else {
        p.at(&p.df, &x)?
    };
    // At a multiple root f' cancels like f does (2(x − π) is 0 in MPFR at x = π rounded):
    // evaluate it in balls too before calling it zero.
    let d = if d.is_zero() {
        accurate_value(p, &p.df, &x, prec)?
    } else {
        d
    };
    if d.is_zero() {
        return Err(SolveError::ZeroDerivative {
            at: format!("{}", x.re_f64()),
        });
    }
    let step = fx.div(&d)?.mul(&x.lift_i64(i64::from(m)));
    Ok(Some((x.sub(&step), step)))
}

/// Newton in MPFR/MPC from `x0`, doubling the precision each step up to what `digits` needs
/// (times the multiplicity: a root of multiplicity m is only resolved to 1/m of the bits).
/// Returns the refined root and the number of steps taken.
pub fn refine<S: KernelFor + Precision>(
    p: &Problem,
    x0: S,
    multiplicity: u32,
    digits: u32,
) -> Result<(S, usize), SolveError> {
    let m = multiplicity.max(1);
    let (target, schedule) = precision_schedule(digits, m);
    let mut x = x0;
    let mut steps = 0;
    // Far from a root, relative to the gaps between roots, Newton moves linearly: toward the
    // root 10^-150 of x^2 - 10^-300 it halves x at each of ~500 steps. Those steps need no
    // precision, so they run at the schedule's lowest precision until the correction is small
    // relative to x (a double-precision start near a root settles at the first step).
    let started = std::time::Instant::now();
    for _ in 0..limits::MAX_NEWTON_APPROACH_STEPS {
        // Expensive functions (softfloor sums 101 erfc) make 4,000 steps take seconds: the
        // approach also stops at its time budget, and the precise steps below decide.
        if started.elapsed().as_secs_f64() > limits::MAX_NEWTON_APPROACH_SECONDS {
            break;
        }
        let Some((next, step)) = newton_step(p, x.clone(), schedule[0], m)? else {
            return Ok((x.with_prec(target), steps));
        };
        steps += 1;
        let settled = step
            .abs()
            .cmp_real(&next.abs().mul(&next.lift_i64(2).powi(-20)?), "refine")
            .map(|o| o.is_le())
            .unwrap_or(true);
        x = next;
        if settled {
            break;
        }
    }
    for (k, prec) in schedule
        .iter()
        .chain(std::iter::repeat_n(&target, 61))
        .enumerate()
    {
        let Some((next, step)) = newton_step(p, x.clone(), *prec, m)? else {
            return Ok((x.with_prec(*prec), steps));
        };
        x = next;
        steps += 1;
        if k + 1 < schedule.len() {
            continue;
        }
        // At the final precision: quadratic convergence means a correction below half the
        // target bits leaves an error near its square, below the target.
        let bound = x
            .abs()
            .mul(&x.lift_i64(2).powi(-(i64::from(target / m) / 2 - 8))?);
        let small = step.is_zero()
            || step
                .abs()
                .cmp_real(&bound, "refine")
                .map(|o| o.is_le())
                .unwrap_or(false);
        if small {
            return Ok((x, steps));
        }
    }
    let residual = p.at(&p.f, &x).map(|v| v.abs().re_f64()).unwrap_or(f64::NAN);
    Err(SolveError::NoConvergence {
        iterations: steps,
        last: format!("{}", x.re_f64()),
        residual,
        history: Vec::new(),
    })
}

/// A simple real root refined to `digits` and certified without evaluating anything beyond what
/// Newton's last step needs. The last step's values at x_k, enclosed in intervals, also give
/// the Krawczyk operator centred at x_k:
///   K = x_k − y f(x_k) + (1 − y f'(X)) (X − x_k),  X = hull(P, x_k),
/// where P is the printed last-digit interval of the new iterate and y = 1/f'(x_k). K ⊂ int P
/// proves that X holds exactly one root and that it lies in P. f'(X) is enclosed by the
/// mean-value form f'(x_k) + f''(X)(X − x_k), so f' is needed only at x_k (to half precision,
/// as Newton needs it) and f'' at 128 bits; at 10,000 digits this saves the full-precision
/// evaluation of f at the printed value that a test centred there costs.
/// Returns the root, the Newton steps, and a rigorous bound of |f| at the printed value;
/// `None` when the test is inconclusive (the caller then certifies the usual way).
pub fn refine_certified(
    p: &Problem,
    x0: f64,
    digits: u32,
) -> Result<Option<(Float, usize, f64)>, SolveError> {
    let (target, schedule) = precision_schedule(digits, 1);
    let mut x = Float::with_val(64, x0);
    let mut steps = 0;
    for prec in &schedule[..schedule.len() - 1] {
        let Some((next, _)) = newton_step(p, x, *prec, 1)? else {
            return Ok(None);
        };
        x = next;
        steps += 1;
    }
    crate::interrupt::check()?;
    let prec = target + 64;
    let half = (target / 2).max(64) + 64;
    let run = || -> Result<Option<(Float, f64)>, String> {
        let xk = Interval::point(&Float::with_val(prec, &x));
        let fx = enclose(&p.f, &p.var, &xk)?;
        let d1 = enclose(&p.df, &p.var, &xk.coarsened(half))?;
        if d1.contains_zero() {
            return Ok(None);
        }
        let y = Float::with_val(half, 2u32) / Float::with_val(half, &d1.lo + &d1.hi);
        let f_mid = Float::with_val(prec, &fx.lo + &fx.hi) / 2u32;
        let next = Float::with_val(target, &xk.lo - Float::with_val(prec, &y * &f_mid));
        let Some(PrintedPart {
            interval: printed,
            centre: c,
            ..
        }) = printed_part(prec, &next, digits)
        else {
            return Ok(None);
        };
        let big_x = Interval::new(
            printed.lo.clone().min(&xk.lo),
            printed.hi.clone().max(&xk.hi),
        );
        let d2 = enclose(&p.d2f, &p.var, &big_x.coarsened(128))?;
        // Each factor at the precision it needs (outward rounding keeps every step an
        // enclosure): X − x_k and f(x_k) are ~2^(−target/2) in size, so half the bits hold
        // them; 1 − y f'(X) cancels to the same size and needs half the bits too; their
        // product is ~2^(−target) and 128 bits of it are plenty. Only the sum with x_k is done
        // at the full precision.
        let offsets = big_x.sub(&xk).coarsened(128);
        let d_big = d1.add(&d2.mul(&offsets));
        let y = Interval::point(&y);
        let one = Interval::point(&Float::with_val(half, 1));
        let contraction = one.sub(&y.mul(&d_big)).coarsened(128).mul(&offsets);
        let kraw = xk.sub(&y.mul(&fx.coarsened(half))).add(&contraction);
        if !kraw.strictly_inside(&printed) {
            return Ok(None);
        }
        // At the printed value c: |f(c)| = |f(c) − f(root)| ≤ sup|f'(X)| · |c − root|, and the
        // root lies in K, which is far narrower than the last digit.
        let slope = d_big.lo.clone().abs().max(&d_big.hi.clone().abs());
        // |a − b| rounded up to 64 bits.
        let gap = |a: &Float, b: &Float| {
            let (big, small) = if a >= b { (a, b) } else { (b, a) };
            Float::with_val_round(64, big - small, Round::Up).0
        };
        let distance = gap(&c, &kraw.lo).max(&gap(&kraw.hi, &c));
        Ok(Some((
            next,
            Float::with_val_round(64, slope * distance, Round::Up)
                .0
                .to_f64(),
        )))
    };
    Ok(run()
        .ok()
        .flatten()
        .map(|(root, bound)| (root, steps + 1, bound)))
}

/// Changing the working precision of a value.
pub trait Precision: Sized {
    fn with_prec(self, prec: u32) -> Self;
    /// The point as an exact ball (radius 0) computing at `prec` bits.
    fn to_ball(&self, prec: u32) -> Ball;
    /// A ball's midpoint at `prec` bits; a real type refuses a ball with an imaginary part.
    fn from_ball(b: &Ball, prec: u32) -> Result<Self, MathError>;
    /// The ball around the point of radius |point|·2^-rel in each part, at `prec` bits.
    fn neighbourhood(&self, rel: u32, prec: u32) -> Ball;
}
impl Precision for Float {
    fn with_prec(mut self, prec: u32) -> Float {
        self.set_prec(prec);
        self
    }
    fn to_ball(&self, prec: u32) -> Ball {
        Ball::from_mid_rad(self, &Float::new(64), i64::from(prec))
    }
    fn neighbourhood(&self, rel: u32, prec: u32) -> Ball {
        let radius = Float::with_val(64, self.abs_ref()) >> rel as i32;
        Ball::from_mid_rad(self, &radius, i64::from(prec))
    }
    fn from_ball(b: &Ball, prec: u32) -> Result<Float, MathError> {
        if !b.is_real() {
            return Err(MathError::ComplexResult("f".into()));
        }
        Ok(Float::with_val(prec, b.real_mid_rad().0))
    }
}
impl Precision for Complex {
    fn with_prec(mut self, prec: u32) -> Complex {
        self.set_prec(prec);
        self
    }
    fn to_ball(&self, prec: u32) -> Ball {
        Ball::from_complex(self.real(), self.imag(), i64::from(prec))
    }
    fn neighbourhood(&self, rel: u32, prec: u32) -> Ball {
        let radius = Float::with_val(64, self.abs_ref()) >> rel as i32;
        let (re, im) = (self.real(), self.imag());
        let lower = |m: &Float| Float::with_val(prec, m - &radius);
        let upper = |m: &Float| Float::with_val(prec, m + &radius);
        Ball::from_box(
            &lower(re),
            &upper(re),
            &lower(im),
            &upper(im),
            i64::from(prec),
        )
    }
    fn from_ball(b: &Ball, prec: u32) -> Result<Complex, MathError> {
        Ok(Complex::with_val(
            prec,
            (b.real_mid_rad().0, b.imag_mid_rad().0),
        ))
    }
}

/// f(x) with at least 16 bits of relative accuracy, evaluated in ball arithmetic and the
/// precision raised while cancellation leaves the enclosure too wide: `exp(x) - 1 - 10^-60`
/// near its root loses about 200 bits, so Newton at 120 bits in plain MPFR stepped on rounding
/// noise and printed x ≈ -7.4e-36 for the root 1e-60. Newton's step only needs f to a few
/// relative bits. A value that stays a ball around 0 up to the cap is returned as its midpoint
/// (x is a root to every precision that can be afforded).
fn accurate_value<S: Precision>(p: &Problem, e: &Expr, x: &S, prec: u32) -> Result<S, SolveError> {
    let cap = prec
        .saturating_mul(4)
        .clamp(limits::ZERO_TEST_BITS, limits::MAX_PRECISION_BITS);
    let mut bits = prec;
    loop {
        let ball = x.to_ball(bits);
        match p.at(e, &ball) {
            Ok(v) if v.is_zero() || v.accuracy_bits() >= 16 || bits >= cap => {
                return Ok(S::from_ball(&v, prec)?);
            }
            Ok(_) | Err(MathError::Undetermined(_)) if bits < cap => bits = bits.saturating_mul(2),
            Err(error) => return Err(error.into()),
            Ok(v) => return Ok(S::from_ball(&v, prec)?),
        }
    }
}

/// Continued-fraction convergents of `x` with denominators up to `max_den`.
pub(crate) fn convergents(x: f64, max_den: u64) -> Vec<Rational> {
    let Some(mut r) = Rational::from_f64(x) else {
        return Vec::new();
    };
    let (mut h0, mut h1) = (Integer::from(0), Integer::from(1));
    let (mut k0, mut k1) = (Integer::from(1), Integer::from(0));
    let mut out = Vec::new();
    for _ in 0..40 {
        let a = Integer::from(r.floor_ref());
        let h2 = Integer::from(&a * &h1) + &h0;
        let k2 = Integer::from(&a * &k1) + &k0;
        if k2 > max_den {
            break;
        }
        out.push(Rational::from((h2.clone(), k2.clone())));
        let frac = Rational::from(&r - &a);
        if frac == 0 {
            break;
        }
        r = frac.recip();
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
    }
    out
}

/// If a simple fraction near `x` is an exact root, return it with its exact multiplicity
/// (the order of the first derivative that does not vanish there, by exact arithmetic).
pub fn exact_rational_root(p: &Problem, x: f64) -> Option<(Rational, u32)> {
    if !x.is_finite() {
        return None;
    }
    for q in convergents(x, 10_000) {
        if (q.to_f64() - x).abs() > 1e-4 * x.abs().max(1.0) {
            continue;
        }
        let at = [(p.var.clone(), Expr::num(Number::Exact(q.clone())))];
        if !subs(&p.f, &at).ok()?.is_zero() {
            continue;
        }
        let mut derivative = p.f.clone();
        for m in 1..=50u32 {
            derivative = diff(&derivative, &p.var).ok()?;
            // A kink (abs, relu) makes every derivative vanish at the root while the
            // expressions grow: gelu_tanh(abs(x)) took 23 s before this bound.
            if derivative.size() > crate::limits::MAX_MULTIPLICITY_NODES {
                return None;
            }
            let value = subs(&derivative, &at).ok()?;
            if !value.is_zero() {
                return value.as_number().is_some().then_some((q, m));
            }
        }
        return None;
    }
    None
}

/// The printed value rounded to `digits` and the half-width of its last digit, exactly.
/// The printed value as n · 10^(−k): an integer n with exactly `digits` digits.
fn printed_decimal(x: &Float, digits: u32) -> Option<(Integer, i64)> {
    // Exact arithmetic on x (a binary fraction) instead of formatting and re-parsing: n is
    // round(x · 10^k), the decimal the printer shows (both round to nearest).
    let exact = x.to_rational()?;
    if exact == 0 {
        return None;
    }
    // The decimal exponent from the binary one (a double overflows beyond 10^308).
    let mut e = ((f64::from(x.get_exp()?) - 1.0) * std::f64::consts::LOG10_2).floor() as i64;
    let ten = Integer::from(10);
    let lower = Integer::from(Pow::pow(&ten, digits - 1));
    let upper = Integer::from(Pow::pow(&ten, digits));
    for _ in 0..4 {
        let k = i64::from(digits) - 1 - e;
        let power = Integer::from(Pow::pow(&ten, u32::try_from(k.unsigned_abs()).ok()?));
        let scaled = if k >= 0 {
            Rational::from(&exact * &power)
        } else {
            Rational::from(&exact / &power)
        };
        // Round half to even, as MPFR's printing does.
        let shifted = Rational::from((1, 2)) + &scaled;
        let mut n = Integer::from(shifted.floor_ref());
        if *shifted.denom() == 1 && n.is_odd() {
            n -= 1;
        }
        let size = Integer::from(n.abs_ref());
        if size >= upper {
            e += 1;
        } else if size < lower {
            e -= 1;
        } else {
            return Some((n, k));
        }
    }
    None
}

/// (2n + offset) / (2 · 10^k) rounded in the given direction, without rational gcds: both
/// operands are held exactly (at their own bit length) and the one division is evaluated
/// lazily into the target precision, so it is correctly rounded. (An owned `Float / Float`
/// in rug rounds at the left operand's precision, which is only as fine as n itself.)
fn half_units(prec: u32, n: &Integer, offset: i32, k: i64, round: Round) -> Option<Float> {
    let exact = |i: &Integer| Float::with_val(i.significant_bits().max(64), i);
    let twice = Integer::from(n * 2u32) + offset;
    let power = Integer::from(Pow::pow(
        &Integer::from(10),
        u32::try_from(k.unsigned_abs()).ok()?,
    ));
    let (numerator, denominator) = if k >= 0 {
        (exact(&twice), exact(&(power * 2u32)))
    } else {
        (exact(&(twice * power)), Float::with_val(64, 2))
    };
    Some(Float::with_val_round(prec, &numerator / &denominator, round).0)
}

/// One printed part: its last-digit interval, the printed value and the decimal exponent k of
/// its last digit (the half-width is 5·10^(−k−1)).
pub(super) struct PrintedPart {
    pub(super) interval: Interval,
    pub(super) centre: Float,
    pub(super) k: i64,
}

pub(super) fn printed_part(prec: u32, x: &Float, digits: u32) -> Option<PrintedPart> {
    let (n, k) = printed_decimal(x, digits)?;
    Some(PrintedPart {
        interval: Interval::new(
            half_units(prec, &n, -1, k, Round::Down)?,
            half_units(prec, &n, 1, k, Round::Up)?,
        ),
        centre: half_units(prec, &n, 0, k, Round::Nearest)?,
        k,
    })
}

/// A part printed as exactly 0, given the radius of the other part's last digit.
pub(super) fn zero_part(prec: u32, k: i64) -> Option<PrintedPart> {
    let half = half_units(prec, &Integer::new(), 1, k, Round::Up)?;
    Some(PrintedPart {
        interval: Interval::new(Float::with_val(prec, -&half), half),
        centre: Float::new(prec),
        k,
    })
}

/// Half a unit of the last printed digit of `x` at `digits`, as text (`5e-61`).
pub fn printed_radius(x: &Float, digits: u32) -> String {
    printed_decimal(x, digits).map_or_else(|| "?".into(), |(_, k)| format!("5e{}", -k - 1))
}

/// The Krawczyk test on the printed last-digit interval of a simple real root. On success it
/// also returns a rigorous upper bound of |f| at the printed value.
pub fn certify(p: &Problem, x: &Float, digits: u32) -> (Certificate, Option<f64>) {
    // Cancellation in f (exp(x) - 1 - 10^-60 near 1e-60) can make f(c) too wide at the
    // precision of the digits: retry at more bits while the test is merely inconclusive.
    let mut outcome = krawczyk_at_printed(p, x, digits, x.prec() + 64);
    for extra in [512, 4096] {
        if !matches!(outcome, Ok(None)) {
            break;
        }
        outcome = krawczyk_at_printed(p, x, digits, x.prec() + extra);
    }
    match outcome {
        Ok(Some((radius, bound))) => (
            Certificate::Certified(format!(
                "Krawczyk: one root within ±{radius} of the printed value"
            )),
            Some(bound),
        ),
        Ok(None) => (
            Certificate::NotCertified(
                "the Krawczyk test was inconclusive on the last-digit interval".into(),
            ),
            None,
        ),
        Err(why) => (Certificate::NotCertified(why), None),
    }
}

/// The Krawczyk test centred at the printed value, in intervals of `prec` bits: the printed
/// radius and a bound of |f| there when it proves one root in the last-digit interval,
/// `None` when inconclusive.
fn krawczyk_at_printed(
    p: &Problem,
    x: &Float,
    digits: u32,
    prec: u32,
) -> Result<Option<(String, f64)>, String> {
    let PrintedPart {
        interval: big_x,
        centre: c,
        k,
    } = printed_part(prec, x, digits).ok_or("the root is zero or not finite")?;
    let point = Interval::point(&c);
    let fc = enclose(&p.f, &p.var, &point)?;
    // f'(X) only has to make 1 − y f'(X) small: an enclosure over X widened to 128 bits
    // (which contains X) is plenty and costs nothing at 10,000 digits.
    let d_big = enclose(&p.df, &p.var, &big_x.coarsened(128))?;
    // y only preconditions the test (any value works if the test passes): 128 bits do.
    let dc = p
        .at(&p.df, &Float::with_val(128, &c))
        .map_err(|e| e.to_string())?;
    if dc.is_zero() {
        return Err("the derivative vanishes at the printed value".into());
    }
    let y = Interval::point(&Float::with_val(prec, Float::with_val(128, 1) / &dc));
    let one = Interval::point(&Float::with_val(prec, 1));
    let bound = fc.lo.clone().abs().max(&fc.hi.clone().abs()).to_f64();
    Ok(
        crate::numeric::enclosure::proves_one_zero(&point, &y, &fc, &d_big, &one, &big_x)
            .then(|| (format!("5e{}", -k - 1), bound)),
    )
}

/// The residual test for a certified root: the proven bound of |f| at the printed value must
/// be within a few units of the last requested digit relative to the scale of f's terms.
pub fn certified_residual_ok(p: &Problem, x: &Float, bound: f64, digits: u32) -> bool {
    let scale = p.scale(&Float::with_val(64, x));
    let allowed = (f64::from(digits_to_bits(digits)) - 24.0) * -std::f64::consts::LN_2;
    bound == 0.0 || (bound.ln() - scale.ln()) <= allowed
}

/// Whether f over the ball x ± |x|·2^-(bits − 8) (the resolution of a root of multiplicity
/// m at this precision is 1/m of the bits) may vanish: then |f(x)| is no evidence against a
/// root. This is what judges a multiple root of a product such as (x − √2)²(x + 1), whose
/// terms all vanish at the root so that Σ|terms| gives no scale.
fn zero_in_reach<S: Precision>(p: &Problem, x: &S, bits: i64) -> bool {
    let Ok(rel) = u32::try_from(bits - 8) else {
        return false;
    };
    let prec = rel.saturating_mul(2).max(128);
    p.at(&p.f, &x.neighbourhood(rel, prec))
        .is_ok_and(|v| v.part_contains_zero(false) && v.part_contains_zero(true))
}

/// The residual test: |f(x)| must be within a few ulps (at the precision of `x`) of the scale
/// of f's terms; a root of multiplicity m is resolved to 1/m of the bits. Returns |f(x)|.
pub fn residual_ok<S: KernelFor + Precision>(
    p: &Problem,
    x: &S,
    multiplicity: u32,
) -> Result<f64, SolveError> {
    let fx = p.at(&p.f, x)?.abs();
    // The scale only needs its magnitude: 64 bits.
    let scale = x.lift(
        &Rational::from_f64(p.scale(&x.clone().with_prec(64))).unwrap_or_else(|| Rational::from(1)),
    );
    let bits = i64::from(x.prec_bits()) / i64::from(multiplicity.max(1));
    let allowed = scale.mul(&x.lift_i64(2).powi(-(bits - 24))?);
    if fx.cmp_real(&allowed, "residual")?.is_le() || zero_in_reach(p, x, bits) {
        Ok(fx.re_f64())
    } else {
        Err(SolveError::ResidualTooLarge {
            last: format!("{}", x.re_f64()),
            residual: fx.re_f64(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;

    fn problem(text: &str) -> Problem {
        let f = Session::new().expr(text).expect("an expression");
        Problem::new(f, "x").expect("derivatives")
    }

    #[test]
    fn krawczyk_certifies_the_root_and_rejects_a_wrong_value() {
        let p = problem("x^2 - 2");
        let (root, _) =
            refine(&p, Float::with_val(64, std::f64::consts::SQRT_2), 1, 40).expect("refines");
        assert!(matches!(
            certify(&p, &root, 40).0,
            Certificate::Certified(_)
        ));
        // Off by 1e-30: the last-digit interval at 40 digits does not contain √2.
        let wrong = Float::with_val(root.prec(), &root + Float::with_val(root.prec(), 1e-30));
        assert!(matches!(
            certify(&p, &wrong, 40).0,
            Certificate::NotCertified(_)
        ));
        // At 20 digits the same perturbation is invisible: certified again.
        assert!(matches!(
            certify(&p, &wrong, 20).0,
            Certificate::Certified(_)
        ));
    }

    #[test]
    fn certificate_centred_at_the_last_newton_iterate() {
        let p = problem("x^2 - 2");
        let (root, _, bound) = refine_certified(&p, std::f64::consts::SQRT_2, 60)
            .expect("refines")
            .expect("certified");
        // √2 to 60 digits (mpmath, mp.dps = 80).
        assert_eq!(
            crate::expr::number::format_float(&root, 60),
            "1.41421356237309504880168872420969807856967187537694807317668"
        );
        assert!(bound > 0.0 && bound < 1e-58, "{bound}");
        // Two roots 3.5e-71 apart share one printed interval at 60 digits: no test that proves
        // uniqueness can pass there.
        let twins = problem("(x^2 - 2)*(x^2 - 2 - 10^-70)");
        assert!(!matches!(
            refine_certified(&twins, std::f64::consts::SQRT_2, 60),
            Ok(Some(_))
        ));
    }

    #[test]
    fn last_digit_interval_ends_are_correctly_rounded() {
        // 40 digits of ln(10^30): the ends are c ± 5e-39 exactly, rounded outward at 254 bits
        // (they were once rounded at the bit length of n, off by a third of the interval).
        let n: Integer = "6907755278982137052053974364053092622803"
            .parse()
            .expect("digits");
        let lo = half_units(254, &n, -1, 38, Round::Down).expect("lo");
        let hi = half_units(254, &n, 1, 38, Round::Up).expect("hi");
        let exact_lo = Rational::from((
            Integer::from(&n * 2u32) - 1u32,
            Integer::from(10).pow(38) * 2u32,
        ));
        let exact_hi = Rational::from((
            Integer::from(&n * 2u32) + 1u32,
            Integer::from(10).pow(38) * 2u32,
        ));
        let (lo_r, hi_r) = (
            lo.to_rational().expect("finite"),
            hi.to_rational().expect("finite"),
        );
        assert!(lo_r <= exact_lo && hi_r >= exact_hi);
        // ...and tight: within one ulp at 254 bits (69 < 2^7).
        let ulp = Rational::from((1, Integer::from(1) << 247u32));
        assert!(Rational::from(&exact_lo - &lo_r) < ulp && Rational::from(&hi_r - &exact_hi) < ulp);
        // The same with k < 0 (a printed value with a positive exponent).
        let big = half_units(64, &Integer::from(12345), 1, -3, Round::Up).expect("end");
        assert_eq!(big.to_f64(), 12_345_500.0);
    }

    #[test]
    fn printed_decimal_matches_the_printer() {
        let x = Float::with_val(200, 9.9999996);
        let (n, k) = printed_decimal(&x, 5).expect("decimal");
        // 9.9999996 rounds to 10.000 at five digits.
        assert_eq!((n.to_string(), k), ("10000".to_string(), 3));
        assert_eq!(crate::expr::number::format_float(&x, 5), "10.000");
    }
}
