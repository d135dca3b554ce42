//! Interval arithmetic with outward (directed) rounding in MPFR, for certificates: an
//! enclosure [lo, hi] is guaranteed to contain every value the expression takes when its
//! variable ranges over the input interval. Used by the Krawczyk test in `solve::refine`.
//!
//! The elementary functions have monotone-piece kernels here; every other registry function is
//! enclosed through its Arb ball kernel ([`Ball`]).

use rug::float::{Constant as MpConst, Round};
use rug::ops::Pow;
use rug::{Float, Rational};

use super::ball::Ball;
use crate::expr::{Constant, Expr, Node, Number};
use crate::functions::Func;

/// A closed interval [lo, hi] of MPFR floats.
#[derive(Debug, Clone)]
pub struct Interval {
    pub lo: Float,
    pub hi: Float,
}

/// An enclosure, or why none could be made.
pub type Res = Result<Interval, String>;

/// Apply an MPFR operation with a given rounding direction to a copy of `x`.
fn rounded(
    prec: u32,
    x: &Float,
    round: Round,
    op: fn(&mut Float, Round) -> std::cmp::Ordering,
) -> Float {
    let mut y = Float::with_val(prec, x);
    op(&mut y, round);
    y
}

/// Lower and upper bounds of op(x) from one evaluation: MPFR rounds correctly, so the value
/// at 16 extra bits is within one of its ulps of the truth (half the cost of evaluating with
/// both rounding directions, which dominates certificates at 10,000 digits).
fn bounds(prec: u32, x: &Float, op: fn(&mut Float, Round) -> std::cmp::Ordering) -> (Float, Float) {
    let mut y = Float::with_val(prec + 16, x);
    op(&mut y, Round::Nearest);
    let mut lo = y.clone();
    lo.next_down();
    y.next_up();
    (lo, y)
}

impl Interval {
    /// The same interval widened outward to `prec` bits (a cheap enclosure of it).
    pub fn coarsened(&self, prec: u32) -> Interval {
        Interval {
            lo: Float::with_val_round(prec, &self.lo, Round::Down).0,
            hi: Float::with_val_round(prec, &self.hi, Round::Up).0,
        }
    }
    pub fn point(x: &Float) -> Interval {
        Interval {
            lo: x.clone(),
            hi: x.clone(),
        }
    }
    pub fn new(lo: Float, hi: Float) -> Interval {
        Interval { lo, hi }
    }
    pub(crate) fn exact(prec: u32, r: &Rational) -> Interval {
        Interval {
            lo: Float::with_val_round(prec, r, Round::Down).0,
            hi: Float::with_val_round(prec, r, Round::Up).0,
        }
    }
    pub(crate) fn constant(prec: u32, c: Constant) -> Res {
        match c {
            Constant::Pi => Ok(Interval {
                lo: Float::with_val_round(prec, MpConst::Pi, Round::Down).0,
                hi: Float::with_val_round(prec, MpConst::Pi, Round::Up).0,
            }),
            Constant::E => {
                let one = Float::with_val(prec, 1);
                Ok(Interval {
                    lo: rounded(prec, &one, Round::Down, Float::exp_round),
                    hi: rounded(prec, &one, Round::Up, Float::exp_round),
                })
            }
            Constant::I => Err("i is not real".into()),
        }
    }
    pub(crate) fn prec(&self) -> u32 {
        self.lo.prec().max(self.hi.prec())
    }
    pub fn contains_zero(&self) -> bool {
        self.lo <= 0 && self.hi >= 0
    }
    /// Whether `self` lies strictly inside `other`.
    pub fn strictly_inside(&self, other: &Interval) -> bool {
        self.lo > other.lo && self.hi < other.hi
    }
    pub fn add(&self, o: &Interval) -> Interval {
        let p = self.prec().max(o.prec());
        Interval {
            lo: Float::with_val_round(p, &self.lo + &o.lo, Round::Down).0,
            hi: Float::with_val_round(p, &self.hi + &o.hi, Round::Up).0,
        }
    }
    pub fn neg(&self) -> Interval {
        Interval {
            lo: Float::with_val(self.prec(), -&self.hi),
            hi: Float::with_val(self.prec(), -&self.lo),
        }
    }
    pub fn sub(&self, o: &Interval) -> Interval {
        self.add(&o.neg())
    }
    pub fn mul(&self, o: &Interval) -> Interval {
        let p = self.prec().max(o.prec());
        let corners = [
            (&self.lo, &o.lo),
            (&self.lo, &o.hi),
            (&self.hi, &o.lo),
            (&self.hi, &o.hi),
        ];
        let lo = corners
            .iter()
            .map(|(a, b)| Float::with_val_round(p, *a * *b, Round::Down).0)
            .reduce(|a, b| a.min(&b))
            .unwrap_or_else(|| Float::new(p));
        let hi = corners
            .iter()
            .map(|(a, b)| Float::with_val_round(p, *a * *b, Round::Up).0)
            .reduce(|a, b| a.max(&b))
            .unwrap_or_else(|| Float::new(p));
        Interval { lo, hi }
    }
    pub fn recip(&self) -> Res {
        if self.contains_zero() {
            return Err("a denominator may vanish on the interval".into());
        }
        let p = self.prec();
        let one = Float::with_val(p, 1);
        Ok(Interval {
            lo: Float::with_val_round(p, &one / &self.hi, Round::Down).0,
            hi: Float::with_val_round(p, &one / &self.lo, Round::Up).0,
        })
    }
    pub fn div(&self, o: &Interval) -> Res {
        Ok(self.mul(&o.recip()?))
    }
    pub(crate) fn powi(&self, n: i64) -> Res {
        if n < 0 {
            return self.powi(-n)?.recip();
        }
        let p = self.prec();
        let up = |x: &Float| Float::with_val_round(p, x.pow(n as u64), Round::Up).0;
        let down = |x: &Float| Float::with_val_round(p, x.pow(n as u64), Round::Down).0;
        if n % 2 == 1 || self.lo >= 0 {
            return Ok(Interval {
                lo: down(&self.lo),
                hi: up(&self.hi),
            });
        }
        if self.hi <= 0 {
            return Ok(Interval {
                lo: down(&self.hi),
                hi: up(&self.lo),
            });
        }
        let hi = up(&self.lo).max(&up(&self.hi));
        Ok(Interval {
            lo: Float::new(p),
            hi,
        })
    }
    /// Bounds of op at both ends (one evaluation for a point interval).
    fn end_bounds(
        &self,
        op: fn(&mut Float, Round) -> std::cmp::Ordering,
    ) -> ((Float, Float), (Float, Float)) {
        let p = self.prec();
        let a = bounds(p, &self.lo, op);
        let b = if self.lo == self.hi {
            a.clone()
        } else {
            bounds(p, &self.hi, op)
        };
        (a, b)
    }
    /// A function increasing on its domain, applied endpoint-wise with outward rounding.
    pub(crate) fn increasing(&self, op: fn(&mut Float, Round) -> std::cmp::Ordering) -> Interval {
        let (a, b) = self.end_bounds(op);
        Interval { lo: a.0, hi: b.1 }
    }
    /// cosh: even, increasing in |x|, at least 1.
    pub(crate) fn cosh(&self) -> Interval {
        let p = self.prec();
        let m = self.lo.clone().abs().max(&self.hi.clone().abs());
        let hi = rounded(p, &m, Round::Up, Float::cosh_round);
        let lo = if self.contains_zero() {
            Float::with_val(p, 1)
        } else {
            let n = self.lo.clone().abs().min(&self.hi.clone().abs());
            rounded(p, &n, Round::Down, Float::cosh_round)
        };
        Interval { lo, hi }
    }
    /// A decreasing function.
    pub(crate) fn decreasing(&self, op: fn(&mut Float, Round) -> std::cmp::Ordering) -> Interval {
        let (a, b) = self.end_bounds(op);
        Interval { lo: b.0, hi: a.1 }
    }
    /// The common narrow case without π: the derivative (cos for sin, −sin for cos) is
    /// 1-Lipschitz, so if its value at the midpoint (64 bits) exceeds the width of the interval
    /// it keeps one sign there and the function is monotone: two endpoint values suffice (one
    /// for a point interval).
    fn sin_like_monotone(&self, cosine: bool) -> Option<Interval> {
        let width = Float::with_val(64, &self.hi - &self.lo).to_f64();
        if width.is_nan() || width >= 1.0 {
            return None;
        }
        let mid = Float::with_val(64, Float::with_val(self.prec(), &self.lo + &self.hi) / 2u32);
        let slope = if cosine {
            -mid.sin().to_f64()
        } else {
            mid.cos().to_f64()
        };
        if slope.abs() <= width + 1e-15 {
            return None;
        }
        let op: fn(&mut Float, Round) -> std::cmp::Ordering = if cosine {
            Float::cos_round
        } else {
            Float::sin_round
        };
        let (a, b) = self.end_bounds(op);
        Some(if slope > 0.0 {
            Interval { lo: a.0, hi: b.1 }
        } else {
            Interval { lo: b.0, hi: a.1 }
        })
    }

    /// sin (or cos with `shift` = 1/2 turn of π/2): endpoint values, widened to ±1 when the
    /// interval may contain a maximum or minimum.
    pub(crate) fn sin_like(&self, cosine: bool) -> Res {
        let p = self.prec();
        if let Some(monotone) = self.sin_like_monotone(cosine) {
            return Ok(monotone);
        }
        // Ask MPFR for π once, above every precision used below: its constant cache then serves
        // the argument reductions inside sin/cos too (alternating precisions would recompute π).
        let pi = Float::with_val(p + 256, MpConst::Pi);
        let mut two_pi = Float::with_val(p, &pi * 2u32);
        two_pi.next_up();
        let width = Float::with_val(p, &self.hi - &self.lo);
        if width >= two_pi {
            return Ok(Interval {
                lo: Float::with_val(p, -1),
                hi: Float::with_val(p, 1),
            });
        }
        let op: fn(&mut Float, Round) -> std::cmp::Ordering = if cosine {
            Float::cos_round
        } else {
            Float::sin_round
        };
        let a = (
            rounded(p, &self.lo, Round::Down, op),
            rounded(p, &self.lo, Round::Up, op),
        );
        let b = (
            rounded(p, &self.hi, Round::Down, op),
            rounded(p, &self.hi, Round::Up, op),
        );
        let mut lo = a.0.clone().min(&b.0);
        let mut hi = a.1.clone().max(&b.1);
        // Extrema of both sit at (j + offset)π: a maximum (+1) for even j, a minimum (−1) for
        // odd j, with offset 1/2 for sin and 0 for cos. Include any that may lie inside.
        let offset = Float::with_val(p, if cosine { 0.0 } else { 0.5 });
        let j_of = |x: &Float| Float::with_val(p, Float::with_val(p, x / &pi) - &offset).to_f64();
        let (j_first, j_last) = (j_of(&self.lo).floor() - 1.0, j_of(&self.hi).ceil() + 1.0);
        if !(j_first.abs() < 1e15 && j_last.abs() < 1e15) {
            return Ok(Interval {
                lo: Float::with_val(p, -1),
                hi: Float::with_val(p, 1),
            });
        }
        let mut j = j_first as i64;
        while j <= j_last as i64 {
            let center = Float::with_val(p, (Float::with_val(p, j) + &offset) * &pi);
            let slack =
                Float::with_val(p, Float::with_val(p, center.abs_ref()) + 1u32) >> (p as i32 - 8);
            if Float::with_val(p, &center + &slack) >= self.lo
                && Float::with_val(p, &center - &slack) <= self.hi
            {
                if j % 2 == 0 {
                    hi = Float::with_val(p, 1);
                } else {
                    lo = Float::with_val(p, -1);
                }
            }
            j += 1;
        }
        Ok(Interval {
            lo: lo.max(&Float::with_val(p, -1)),
            hi: hi.min(&Float::with_val(p, 1)),
        })
    }
}

/// Enclose the values of `e` for `var` ranging over `x`.
pub fn enclose(e: &Expr, var: &str, x: &Interval) -> Res {
    enclose_in(e, &[(var, x)])
}

/// Enclose the values of `e` for each variable ranging over its interval (a box).
pub fn enclose_in(e: &Expr, vars: &[(&str, &Interval)]) -> Res {
    let p = vars.iter().map(|(_, x)| x.prec()).max().unwrap_or(64);
    match e.node() {
        Node::Num(Number::Exact(r)) => Ok(Interval::exact(p, r)),
        Node::Num(Number::Approx { value, radius, .. }) => Ok(Interval::new(
            Float::with_val_round(p.max(value.prec()), value - radius, Round::Down).0,
            Float::with_val_round(p.max(value.prec()), value + radius, Round::Up).0,
        )),
        Node::Const(c) => Interval::constant(p, *c),
        Node::Sym(s) => vars
            .iter()
            .find(|(name, _)| *name == &**s)
            .map(|(_, v)| (*v).clone())
            .ok_or_else(|| format!("'{s}' has no value")),
        Node::Add(terms) => {
            let mut acc = enclose_in(&terms[0], vars)?;
            for t in &terms[1..] {
                acc = acc.add(&enclose_in(t, vars)?);
            }
            Ok(acc)
        }
        Node::Mul(factors) => {
            let mut acc = enclose_in(&factors[0], vars)?;
            for f in &factors[1..] {
                acc = acc.mul(&enclose_in(f, vars)?);
            }
            Ok(acc)
        }
        Node::Pow(b, ex) => {
            if matches!(b.node(), Node::Const(Constant::E)) {
                return Ok(enclose_in(ex, vars)?.increasing(Float::exp_round));
            }
            let base = enclose_in(b, vars)?;
            match ex.as_number().and_then(Number::as_rational) {
                Some(r) if *r.denom() == 1 => {
                    base.powi(r.numer().to_i64().ok_or("exponent too large")?)
                }
                Some(r) if *r == Rational::from((1, 2)) => {
                    if base.lo < 0 {
                        return Err("sqrt of a possibly negative value".into());
                    }
                    Ok(base.increasing(Float::sqrt_round))
                }
                _ => {
                    if base.lo <= 0 {
                        return Err("a power of a possibly non-positive base".into());
                    }
                    let log = base.increasing(Float::ln_round);
                    Ok(log.mul(&enclose_in(ex, vars)?).increasing(Float::exp_round))
                }
            }
        }
        Node::Call(f, args) => {
            if args.len() != 1 {
                return enclose_with_balls(*f, args, vars, p);
            }
            match f.def().interval {
                Some(kernel) => kernel(&enclose_in(args.first().ok_or("no argument")?, vars)?),
                None => enclose_with_balls(*f, args, vars, p),
            }
        }
    }
}

/// The hand-written interval kernels of the registry (monotone pieces with outward rounding,
/// sharper and faster than the ball fallback); each registry entry names its own.
pub mod kernels {
    use super::{Interval, Res};
    use rug::Float;

    pub fn log(a: &Interval) -> Res {
        if a.lo <= 0 {
            return Err("log of a possibly non-positive value".into());
        }
        Ok(a.increasing(Float::ln_round))
    }
    pub fn sin(a: &Interval) -> Res {
        a.sin_like(false)
    }
    pub fn cos(a: &Interval) -> Res {
        a.sin_like(true)
    }
    pub fn atan(a: &Interval) -> Res {
        Ok(a.increasing(Float::atan_round))
    }
    pub fn sinh(a: &Interval) -> Res {
        Ok(a.increasing(Float::sinh_round))
    }
    pub fn cosh(a: &Interval) -> Res {
        Ok(a.cosh())
    }
    pub fn tanh(a: &Interval) -> Res {
        Ok(a.increasing(Float::tanh_round))
    }
    pub fn asinh(a: &Interval) -> Res {
        Ok(a.increasing(Float::asinh_round))
    }
    pub fn erf(a: &Interval) -> Res {
        if a.lo.is_finite() && a.hi.is_finite() {
            return through_ball("erf", a);
        }
        Ok(a.increasing(Float::erf_round))
    }
    pub fn erfc(a: &Interval) -> Res {
        if a.lo.is_finite() && a.hi.is_finite() {
            return through_ball("erfc", a);
        }
        Ok(a.decreasing(Float::erfc_round))
    }
    /// A bounded interval through the registry's Arb ball kernel: Arb's error functions are
    /// several times faster than MPFR's at a few hundred bits, and a ball holds a bounded
    /// interval (an unbounded one needs the monotone MPFR kernel).
    fn through_ball(name: &str, a: &Interval) -> Res {
        let p = a.prec();
        let f = crate::functions::Func::lookup(name).ok_or("no such function")?;
        let ball = super::Ball::from_interval(&a.lo, &a.hi, i64::from(p));
        let value = (f.def().kernels.ball)(&[ball]).map_err(|e| e.to_string())?;
        let (lo, hi) = value.real_interval(p).ok_or("not real on the interval")?;
        Ok(Interval::new(lo, hi))
    }
    /// Φ(x) = erfc(−x/√2)/2, increasing; also on unbounded intervals (where a ball cannot
    /// hold the argument).
    pub fn phi(a: &Interval) -> Res {
        let p = a.prec();
        if a.lo.is_finite() && a.hi.is_finite() {
            return through_ball("Phi", a);
        }
        // √2 to nearest, widened by an ulp each way.
        let root2 = Float::with_val(p, 2).sqrt();
        let mut lo_root = root2.clone();
        lo_root.next_down();
        let mut hi_root = root2;
        hi_root.next_up();
        let z = a.neg().div(&Interval::new(lo_root, hi_root))?;
        let e = erfc(&z)?;
        let half = Interval::point(&Float::with_val(p, 0.5));
        Ok(e.mul(&half))
    }
    pub fn cbrt(a: &Interval) -> Res {
        Ok(a.increasing(Float::cbrt_round))
    }
    /// σ(x) = 1/(1 + e^−x), increasing.
    pub fn sigmoid(a: &Interval) -> Res {
        let e = a.neg().increasing(Float::exp_round);
        let one = Interval::point(&Float::with_val(a.prec(), 1));
        one.add(&e).recip()
    }
    pub fn softplus(a: &Interval) -> Res {
        let e = a.increasing(Float::exp_round);
        Ok(e.increasing(Float::ln_1p_round))
    }
}

/// A function without a hand-written interval kernel, enclosed by its Arb ball kernel: each
/// argument's interval becomes a ball, the kernel's ball result becomes an interval again.
fn enclose_with_balls(f: Func, args: &[Expr], vars: &[(&str, &Interval)], p: u32) -> Res {
    let balls = args
        .iter()
        .map(|a| {
            let x = enclose_in(a, vars)?;
            Ok(Ball::from_interval(&x.lo, &x.hi, i64::from(p)))
        })
        .collect::<Result<Vec<Ball>, String>>()?;
    let value = (f.def().kernels.ball)(&balls).map_err(|e| format!("{}: {e}", f.name()))?;
    let (lo, hi) = value
        .real_interval(p)
        .ok_or_else(|| format!("{} is not real on the interval", f.name()))?;
    Ok(Interval::new(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::apply1;

    fn iv(a: f64, b: f64) -> Interval {
        Interval::new(Float::with_val(100, a), Float::with_val(100, b))
    }

    #[test]
    fn sin_and_cos_enclosures_contain_the_true_range() {
        let x = Expr::sym("x");
        let sin = apply1("sin", &x).unwrap();
        let cos = apply1("cos", &x).unwrap();
        // Monotone piece: the range is [sin 1, sin 1.1] (f64 reference values).
        let r = enclose(&sin, "x", &iv(1.0, 1.1)).unwrap();
        let (lo, hi) = (r.lo.to_f64(), r.hi.to_f64());
        assert!(lo <= 1.0f64.sin() + 1e-15 && hi >= 1.1f64.sin() - 1e-15 && hi - lo < 0.0498);
        // Across the maximum at π/2: the enclosure must reach 1.
        let r = enclose(&sin, "x", &iv(1.5, 1.7)).unwrap();
        assert!(r.hi >= 1.0);
        // cos across its minimum at π.
        let r = enclose(&cos, "x", &iv(3.0, 3.3)).unwrap();
        assert!(r.lo <= -1.0);
        // A point interval is a thin enclosure of the value.
        let r = enclose(&cos, "x", &iv(0.5, 0.5)).unwrap();
        assert!(r.lo <= 0.5f64.cos() + 1e-16 && r.hi >= 0.5f64.cos() - 1e-16 && r.lo < r.hi);
    }
}
