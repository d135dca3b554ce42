//! What the three enclosure arithmetics have in common (real intervals, rectangular complex
//! intervals, discs; Arb's balls are the fourth, used through `Scalar`), and the one
//! Krawczyk operator the root certificates apply to them.

use super::complex_interval::ComplexInterval;
use super::interval::Interval;

/// A set of numbers closed under the arithmetic below: each operation returns a set that
/// contains every result of its members (outward rounding).
pub trait Enclosure: Sized {
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    /// Whether `self` lies in the interior of `other`.
    fn strictly_inside(&self, other: &Self) -> bool;
}

/// The Krawczyk operator K(X) = c − y·f(c) + (1 − y·f'(X))·(X − c) for a point c of X, a
/// preconditioner y (any value; 1/f'(c) makes the test pass), an enclosure `fc` of f(c) and
/// `slope` of f' over X. K(X) ⊂ int X proves that X holds exactly one zero of f.
pub fn krawczyk<E: Enclosure>(c: &E, y: &E, fc: &E, slope: &E, one: &E, x: &E) -> E {
    c.sub(&y.mul(fc))
        .add(&one.sub(&y.mul(slope)).mul(&x.sub(c)))
}

/// Whether the Krawczyk test proves exactly one zero in `x`.
pub fn proves_one_zero<E: Enclosure>(c: &E, y: &E, fc: &E, slope: &E, one: &E, x: &E) -> bool {
    krawczyk(c, y, fc, slope, one, x).strictly_inside(x)
}

impl Enclosure for Interval {
    fn add(&self, o: &Self) -> Self {
        Interval::add(self, o)
    }
    fn sub(&self, o: &Self) -> Self {
        Interval::sub(self, o)
    }
    fn mul(&self, o: &Self) -> Self {
        Interval::mul(self, o)
    }
    fn strictly_inside(&self, other: &Self) -> bool {
        Interval::strictly_inside(self, other)
    }
}

impl Enclosure for ComplexInterval {
    fn add(&self, o: &Self) -> Self {
        ComplexInterval::add(self, o)
    }
    fn sub(&self, o: &Self) -> Self {
        ComplexInterval::sub(self, o)
    }
    fn mul(&self, o: &Self) -> Self {
        ComplexInterval::mul(self, o)
    }
    fn strictly_inside(&self, other: &Self) -> bool {
        ComplexInterval::strictly_inside(self, other)
    }
}
