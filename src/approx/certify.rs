//! Interval branch-and-bound over one variable: an enclosure of max |e| on [a, b] (for
//! `verify` and the minimax certificate) and proofs of e ≥ 0 (for `prove`).
//!
//! A box's values are enclosed twice, by the natural interval extension of e and by the
//! mean-value form e(m) + e'(X)(X − m) with e' symbolic, and the two are intersected: the
//! natural extension is tight on short boxes where e is monotone, the mean-value form wherever
//! e is a small difference of large terms (x·Φ(x) − x·σ(1.702x) for large x), which the natural
//! extension cannot see. Boxes are split at the midpoint, or at the geometric mean when one
//! end is four times the other, so a half line out to 2^1024 (beyond every finite double) takes
//! about a thousand boxes. The unbounded box beyond is enclosed by the natural extension alone:
//! when that is infinite the certificate says it covers |x| ≤ 2^1024 only.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rug::Float;
use rug::float::Round;

use crate::expr::Expr;
use crate::math_error::MathError;
use crate::numeric::interval::{Interval, enclose};

type Result<T> = std::result::Result<T, MathError>;

/// A box [lo, hi] of the variable.
pub type Piece = (Float, Float);

/// Exponent of the last finite box end: 2^1024 is beyond every finite double.
pub const FAR_EXPONENT: i32 = 1024;
/// Half width of the central part of an infinite range, split arithmetically at first.
const CORE: f64 = 64.0;

/// e, e' and e'' of an expression, symbolic.
pub struct Derivatives {
    pub e: Expr,
    pub de: Expr,
    pub d2e: Expr,
}

impl Derivatives {
    pub fn of(e: &Expr, var: &str) -> Result<Derivatives> {
        let de = crate::expr::diff::diff(e, var)?;
        let d2e = crate::expr::diff::diff(&de, var)?;
        Ok(Derivatives {
            e: e.clone(),
            de,
            d2e,
        })
    }
}

/// A function in three forms (the expression, and its tail forms for x ≥ 1 and x ≤ −1,
/// [`super::tails`]), each with two derivatives.
pub struct Forms {
    core: Derivatives,
    right: Derivatives,
    left: Derivatives,
}

impl Forms {
    pub fn of(e: &Expr, var: &str) -> Result<Forms> {
        let tail = |right: bool| -> Result<Derivatives> {
            match super::tails::tail_form(e, right) {
                Ok(t) => Derivatives::of(&t, var),
                Err(_) => Derivatives::of(e, var),
            }
        };
        Ok(Forms {
            core: Derivatives::of(e, var)?,
            right: tail(true)?,
            left: tail(false)?,
        })
    }
    pub fn encloser<'a>(&'a self, var: &'a str, prec: u32) -> Encloser<'a> {
        Encloser {
            forms: self,
            var,
            prec,
        }
    }
}

/// Enclosures of a function on boxes of one variable.
pub struct Encloser<'a> {
    forms: &'a Forms,
    var: &'a str,
    prec: u32,
}

impl Encloser<'_> {
    /// The form for a box: a tail form when the box lies beyond ±1.
    fn form(&self, lo: &Float, hi: &Float) -> &Derivatives {
        if *lo >= 1 {
            &self.forms.right
        } else if *hi <= -1 {
            &self.forms.left
        } else {
            &self.forms.core
        }
    }
    /// The box at the working precision plus twice the binary exponent of its larger end: far
    /// out on a tail, e is a difference of terms of size |x| agreeing to many digits (x·σ(1.7x)
    /// − x·Φ(x) at x = 2^500 needs 500 bits more to see the difference at all), and the
    /// mean-value form multiplies an enclosure of e' (terms like x·(1 − σ), resolved only to
    /// 2^-prec) by the box's width.
    fn boosted(&self, lo: &Float, hi: &Float) -> u32 {
        let reach = [lo, hi]
            .iter()
            .filter(|v| v.is_finite())
            .filter_map(|v| v.get_exp())
            .max()
            .unwrap_or(0)
            .max(0) as u32;
        self.prec + 2 * reach
    }
    fn interval(&self, lo: &Float, hi: &Float) -> Interval {
        let prec = self.boosted(lo, hi);
        Interval::new(Float::with_val(prec, lo), Float::with_val(prec, hi))
    }
    /// An enclosure of e at the point x.
    pub fn at(&self, x: &Float) -> Option<Interval> {
        enclose(&self.form(x, x).e, self.var, &self.interval(x, x))
            .ok()
            .filter(finite)
    }
    /// An enclosure of e over [lo, hi]: the natural extension, the mean-value form and the
    /// second-order Taylor form e(m) + e'(m)(X − m) + e''(X)(X − m)²/2, intersected. The
    /// second-order form keeps the tails of an infinite range finite: there e' is a small
    /// difference too, and only its value at m (not its enclosure over X) is resolved. The
    /// forms are tried in order of cost and the work stops once `enough` holds.
    pub fn over(
        &self,
        lo: &Float,
        hi: &Float,
        enough: impl Fn(&Interval) -> bool,
    ) -> Option<Interval> {
        let f = self.form(lo, hi);
        // The natural extension at the working precision first: far out on a tail it often
        // suffices, and the boosted precision there costs thousands of bits.
        if self.boosted(lo, hi) > self.prec {
            let x = Interval::new(
                Float::with_val(self.prec, lo),
                Float::with_val(self.prec, hi),
            );
            if let Some(i) = enclose(&f.e, self.var, &x).ok().filter(finite)
                && enough(&i)
            {
                return Some(i);
            }
        }
        let x = self.interval(lo, hi);
        let mut best = enclose(&f.e, self.var, &x).ok().filter(finite);
        if lo.is_infinite() || hi.is_infinite() || best.as_ref().is_some_and(&enough) {
            return best;
        }
        let tighten = |best: Option<Interval>, new: Option<Interval>| match (best, new) {
            (Some(a), Some(b)) => Some(Interval::new(a.lo.max(&b.lo), a.hi.min(&b.hi))),
            (a, b) => a.or(b),
        };
        let m = midpoint(lo, hi, self.prec);
        let em = self.at(&m);
        let offset = x.sub(&Interval::point(&m));
        let centred = (|| {
            let slope = enclose(&f.de, self.var, &x).ok().filter(finite)?;
            Some(em.clone()?.add(&slope.mul(&offset))).filter(finite)
        })();
        best = tighten(best, centred);
        if best.as_ref().is_some_and(&enough) {
            return best;
        }
        let second = (|| {
            let p = x.lo.prec();
            let point = self.interval(&m, &m);
            let slope = enclose(&f.de, self.var, &point).ok().filter(finite)?;
            let curvature = enclose(&f.d2e, self.var, &x).ok().filter(finite)?;
            let r = Float::with_val(p, offset.hi.abs_ref())
                .max(&Float::with_val(p, offset.lo.abs_ref()));
            let square = Interval::new(Float::new(p), Float::with_val(p, r.square_ref()));
            let half = Interval::point(&Float::with_val(p, 0.5));
            Some(
                em.clone()?
                    .add(&slope.mul(&offset))
                    .add(&curvature.mul(&square).mul(&half)),
            )
            .filter(finite)
        })();
        tighten(best, second)
    }
}

fn finite(i: &Interval) -> bool {
    i.lo.is_finite() && i.hi.is_finite()
}

/// Where a box is split: the geometric mean when the ends have one sign and differ by more
/// than a factor 4, else the midpoint.
fn midpoint(lo: &Float, hi: &Float, prec: u32) -> Float {
    let same_sign = (lo.is_sign_positive() && *lo > 0) || (hi.is_sign_negative() && *hi < 0);
    if same_sign {
        let (a, b) = (
            Float::with_val(prec, lo.abs_ref()),
            Float::with_val(prec, hi.abs_ref()),
        );
        let (small, large) = if a < b { (a, b) } else { (b, a) };
        if large > Float::with_val(prec, &small * 4u32) {
            let g = Float::with_val(prec, &small * &large).sqrt();
            return if *lo > 0 { g } else { -g };
        }
    }
    Float::with_val(prec, lo + hi) / 2u32
}

/// The boxes an interval starts as: finite ends as given; an infinite end becomes a central
/// part, geometric boxes out to 2^1024 and the unbounded rest (last in the list).
pub fn initial_boxes(a: &Float, b: &Float, prec: u32) -> (Vec<Piece>, Vec<Piece>) {
    let far = Float::with_val(prec, Float::i_exp(1, FAR_EXPONENT));
    let core = Float::with_val(prec, CORE);
    let mut bounded = Vec::new();
    let mut unbounded = Vec::new();
    let lo = if a.is_infinite() {
        unbounded.push((a.clone(), Float::with_val(prec, -&far)));
        bounded.push((Float::with_val(prec, -&far), Float::with_val(prec, -&core)));
        Float::with_val(prec, -&core).max(a)
    } else {
        a.clone()
    };
    let hi = if b.is_infinite() {
        unbounded.push((far.clone(), b.clone()));
        bounded.push((core.clone(), far));
        core.min(b)
    } else {
        b.clone()
    };
    if lo < hi {
        bounded.push((lo, hi));
    }
    (bounded, unbounded)
}

/// A certified enclosure of max |e| over an interval.
#[derive(Debug, Clone)]
pub struct MaxBound {
    /// max |e| ∈ [lower, upper].
    pub lower: Float,
    pub upper: Float,
    /// Where |e| = lower was proven (a point enclosure).
    pub at: Float,
    pub boxes: usize,
    /// The pieces the certificate does not cover (no finite enclosure, or an unbounded end
    /// whose enclosure exceeds the bound): empty when the whole interval is covered.
    pub uncovered: Vec<(Float, Float)>,
    /// The box budget ran out before upper/lower reached the tolerance.
    pub budget_spent: bool,
}

/// A box on the queue, ordered by the upper bound of |e| on it.
struct Candidate {
    top: Float,
    lo: Float,
    hi: Float,
}
impl PartialEq for Candidate {
    fn eq(&self, o: &Self) -> bool {
        self.top.total_cmp(&o.top) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Candidate {
    fn cmp(&self, o: &Self) -> Ordering {
        self.top.total_cmp(&o.top)
    }
}

fn magnitude(i: &Interval) -> Float {
    Float::with_val(i.lo.prec(), i.lo.abs_ref()).max(&Float::with_val(i.hi.prec(), i.hi.abs_ref()))
}

/// Best-first branch-and-bound for max |e| on [a, b]: the box with the largest upper bound is
/// split until that bound is within `rel_tol` of the best proven value, or `budget` boxes
/// have been enclosed. `guess` (where sampling found the peak) seeds the lower bound.
pub fn max_abs(
    enc: &Encloser,
    a: &Float,
    b: &Float,
    guess: &Float,
    rel_tol: f64,
    budget: usize,
) -> Result<MaxBound> {
    let prec = enc.prec;
    let mut best = enc
        .at(guess)
        .map(|i| (min_magnitude(&i), guess.clone()))
        .unwrap_or((Float::new(prec), guess.clone()));
    let (bounded, unbounded) = initial_boxes(a, b, prec);
    let mut heap = BinaryHeap::new();
    let mut boxes = 0usize;
    let mut unknown: Vec<(Float, Float)> = Vec::new();
    let push = |lo: Float,
                hi: Float,
                enough: &Float,
                heap: &mut BinaryHeap<Candidate>,
                unknown: &mut Vec<(Float, Float)>| {
        match enc.over(&lo, &hi, |i| magnitude(i) <= *enough) {
            Some(i) => heap.push(Candidate {
                top: magnitude(&i),
                lo,
                hi,
            }),
            None => unknown.push((lo, hi)),
        }
    };
    for (lo, hi) in bounded {
        push(lo, hi, &best.0, &mut heap, &mut unknown);
        boxes += 1;
    }
    let tol = Float::with_val(prec, rel_tol);
    let mut budget_spent = false;
    // Boxes with no finite enclosure (a removable singularity at a point, values beyond the
    // arithmetic's range) are split too, down to a relative width of 2^-40; what is left of
    // them is reported as not covered.
    let mut uncovered = Vec::new();
    loop {
        crate::interrupt::check()?;
        let threshold = Float::with_val(prec, &best.0 * (Float::with_val(prec, 1) + &tol));
        let (lo, hi) = match unknown.pop() {
            Some(pair) => pair,
            None => match heap.pop() {
                Some(top) if top.top > threshold => (top.lo, top.hi),
                Some(top) => {
                    // Within the tolerance: it stays as the bound.
                    heap.push(top);
                    break;
                }
                None => break,
            },
        };
        if boxes >= budget {
            budget_spent = true;
            match enc.over(&lo, &hi, |_| false) {
                Some(i) => heap.push(Candidate {
                    top: magnitude(&i),
                    lo,
                    hi,
                }),
                None => uncovered.push((lo, hi)),
            }
            uncovered.append(&mut unknown);
            break;
        }
        let m = midpoint(&lo, &hi, prec);
        let width = Float::with_val(prec, &hi - &lo);
        let scale =
            Float::with_val(prec, m.abs_ref()) + Float::with_val(prec, Float::i_exp(1, -60));
        let narrow =
            width <= Float::with_val(prec, &scale * Float::with_val(prec, Float::i_exp(1, -40)));
        if m <= lo || m >= hi || narrow {
            match enc.over(&lo, &hi, |_| false) {
                Some(i) => {
                    // Nothing more can be learned about the top box: its bound stands.
                    heap.push(Candidate {
                        top: magnitude(&i),
                        lo,
                        hi,
                    });
                    if unknown.is_empty() {
                        break;
                    }
                }
                None => uncovered.push((lo, hi)),
            }
            continue;
        }
        if let Some(i) = enc.at(&m) {
            let v = min_magnitude(&i);
            if v > best.0 {
                best = (v, m.clone());
            }
        }
        let enough = Float::with_val(prec, &best.0 * (Float::with_val(prec, 1) + &tol));
        push(lo, m.clone(), &enough, &mut heap, &mut unknown);
        push(m, hi, &enough, &mut heap, &mut unknown);
        boxes += 2;
    }
    let mut upper = heap
        .peek()
        .map(|c| c.top.clone())
        .unwrap_or_else(|| best.0.clone());
    for (lo, hi) in unbounded {
        match enc.over(&lo, &hi, |_| false) {
            Some(i) if magnitude(&i) <= upper => {}
            Some(i) if magnitude(&i) <= Float::with_val(prec, &upper * 2u32) => {
                upper = magnitude(&i);
            }
            _ => uncovered.push((lo, hi)),
        }
        boxes += 1;
    }
    Ok(MaxBound {
        lower: best.0,
        upper: round_up(&upper),
        at: best.1,
        boxes,
        uncovered,
        budget_spent,
    })
}

fn min_magnitude(i: &Interval) -> Float {
    if i.contains_zero() {
        Float::new(i.lo.prec())
    } else {
        Float::with_val(i.lo.prec(), i.lo.abs_ref())
            .min(&Float::with_val(i.hi.prec(), i.hi.abs_ref()))
    }
}

fn round_up(x: &Float) -> Float {
    Float::with_val_round(x.prec(), x, Round::Up).0
}

/// What branch-and-bound says of e ≥ 0 on an interval.
#[derive(Debug, Clone)]
pub enum Sign {
    /// e ≥ 0 (> 0) on every box (`uncovered` lists the unbounded ends it could not enclose).
    Proved {
        boxes: usize,
        uncovered: Vec<(Float, Float)>,
        /// A point where e = 0 exactly, proved by the Taylor remainder: (x0, the order k of
        /// the first non-zero derivative, the radius δ on which e^(k) keeps its sign).
        touching: Option<(Float, i64, Float)>,
    },
    /// e(x) < 0 at x (≤ 0 for a strict inequality), proven by the enclosure of e(x).
    Counterexample { x: Float, value: Interval },
    /// Neither within the budget: the box where it stopped and the smallest value seen.
    Undecided {
        lo: Float,
        hi: Float,
        smallest: Float,
        boxes: usize,
    },
}

/// Prove e ≥ 0 (e > 0 when `strict`) on [a, b] by depth-first bisection, or find x where
/// an enclosure of e(x) violates it. `hint` is where sampling found the smallest value
/// (checked first).
pub fn nonnegative(
    enc: &Encloser,
    a: &Float,
    b: &Float,
    hint: &Float,
    strict: bool,
    budget: usize,
) -> Result<Sign> {
    let prec = enc.prec;
    let holds = |i: &Interval| if strict { i.lo > 0 } else { i.lo >= 0 };
    let fails = |i: &Interval| if strict { i.hi <= 0 } else { i.hi < 0 };
    if let Some(v) = enc.at(hint)
        && fails(&v)
    {
        return Ok(Sign::Counterexample {
            x: hint.clone(),
            value: v,
        });
    }
    let (mut stack, unbounded) = initial_boxes(a, b, prec);
    let mut boxes = 0usize;
    let mut smallest = Float::with_val(prec, f64::INFINITY);
    while let Some((lo, hi)) = stack.pop() {
        crate::interrupt::check()?;
        boxes += 1;
        let enclosure = enc.over(&lo, &hi, holds);
        if let Some(i) = &enclosure
            && holds(i)
        {
            continue;
        }
        let m = midpoint(&lo, &hi, prec);
        if let Some(v) = enc.at(&m) {
            if fails(&v) {
                return Ok(Sign::Counterexample { x: m, value: v });
            }
            if v.lo < smallest {
                smallest = v.lo.clone();
            }
        }
        if boxes >= budget || m <= lo || m >= hi {
            return Ok(Sign::Undecided {
                lo,
                hi,
                smallest,
                boxes,
            });
        }
        stack.push((m.clone(), hi));
        stack.push((lo, m));
    }
    let mut uncovered = Vec::new();
    for (lo, hi) in unbounded {
        boxes += 1;
        if !enc.over(&lo, &hi, holds).is_some_and(|i| holds(&i)) {
            uncovered.push((lo, hi));
        }
    }
    Ok(Sign::Proved {
        boxes,
        uncovered,
        touching: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    fn expr(text: &str) -> Expr {
        crate::session::Session::new().expr(text).expect(text)
    }

    #[test]
    fn max_of_sin_is_one() {
        let d = Forms::of(&expr("sin(x)"), "x").unwrap();
        let enc = d.encloser("x", 80);
        let a = Float::with_val(80, -1);
        let b = Float::with_val(80, 3);
        let m = max_abs(&enc, &a, &b, &Float::with_val(80, 1.5), 1e-9, 10_000).unwrap();
        assert!(m.lower.to_f64() <= 1.0 && m.upper.to_f64() >= 1.0);
        assert!(m.upper.to_f64() - 1.0 < 1e-8, "{m:?}");
    }
}
