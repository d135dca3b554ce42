//! The coefficient rings a series can live in: exact rationals (the fast path: rug `Rational`,
//! no canonicalisation) and canonical expressions (coefficients holding symbols such as `p` or
//! constants such as `pi`). The series algorithms are written once over [`Coeff`].

use rug::{Integer, Rational};

use super::SeriesError;
use crate::expr::subst::expand;
use crate::expr::{Expr, Number, canon};
use crate::functions::Func;

type Result<T> = std::result::Result<T, SeriesError>;

/// A commutative ring with division by non-zero elements and exact constants.
pub trait Coeff: Clone + std::fmt::Debug + Send + Sync + 'static {
    fn zero() -> Self;
    fn from_rational(q: Rational) -> Self;
    fn add(&self, o: &Self) -> Result<Self>;
    fn sub(&self, o: &Self) -> Result<Self>;
    fn mul(&self, o: &Self) -> Result<Self>;
    /// Exact quotient; `o` is not zero.
    fn div(&self, o: &Self) -> Result<Self>;
    fn scale(&self, q: &Rational) -> Result<Self>;
    fn is_zero(&self) -> bool;
    /// An expression free of the expansion variable as a coefficient; `NotRational` when the
    /// ring cannot hold it.
    fn from_expr(e: &Expr) -> Result<Self>;
    fn to_expr(&self) -> Expr;
    /// `f(args)` at exact constants.
    fn call(f: Func, args: &[Self]) -> Result<Self> {
        let value = canon::call(f, args.iter().map(Coeff::to_expr).collect())?;
        Self::from_expr(&value)
    }
    /// `self^q`.
    fn pow(&self, q: &Rational) -> Result<Self> {
        let value = canon::pow(self.to_expr(), Expr::num(Number::Exact(q.clone())))?;
        Self::from_expr(&value)
    }
    /// Σ w·x·y over the terms: the inner loop of every recurrence (products, powers, chain
    /// rule). Rationals override it to add over one common denominator, so a sum of k
    /// products costs a few gcds rather than several per term.
    fn dot<'a>(terms: impl Iterator<Item = (&'a Self, &'a Self, i64)>) -> Result<Self>
    where
        Self: 'a,
    {
        let mut sum = Self::zero();
        for (x, y, w) in terms {
            sum = sum.add(&x.mul(y)?.scale_int(w)?)?;
        }
        Ok(sum)
    }
    /// `self·n` for a machine integer (the weights of the recurrences).
    fn scale_int(&self, n: i64) -> Result<Self> {
        self.scale(&Rational::from(n))
    }
    fn one() -> Self {
        Self::from_rational(Rational::from(1))
    }
    fn from_int(n: i64) -> Self {
        Self::from_rational(Rational::from(n))
    }
}

/// A rational coefficient over the size limit is refused: its arithmetic would run for
/// minutes (atan2(10^400*x, 2^1000) to x^1000 has coefficients of 300,000 bits).
fn bounded_q(q: Rational) -> Result<Rational> {
    let bits = u64::from(q.numer().significant_bits()) + u64::from(q.denom().significant_bits());
    if bits > crate::limits::MAX_SERIES_COEFFICIENT_BITS {
        return Err(SeriesError::Limit {
            what: "an exact series coefficient".into(),
            limit: format!("{} bits", crate::limits::MAX_SERIES_COEFFICIENT_BITS),
        });
    }
    Ok(q)
}

impl Coeff for Rational {
    fn zero() -> Self {
        Rational::new()
    }
    fn from_rational(q: Rational) -> Self {
        q
    }
    fn add(&self, o: &Self) -> Result<Self> {
        Ok(Rational::from(self + o))
    }
    fn sub(&self, o: &Self) -> Result<Self> {
        Ok(Rational::from(self - o))
    }
    fn mul(&self, o: &Self) -> Result<Self> {
        bounded_q(Rational::from(self * o))
    }
    fn div(&self, o: &Self) -> Result<Self> {
        bounded_q(Rational::from(self / o))
    }
    fn scale(&self, q: &Rational) -> Result<Self> {
        Ok(Rational::from(self * q))
    }
    fn scale_int(&self, n: i64) -> Result<Self> {
        Ok(Rational::from(self * n))
    }
    fn dot<'a>(terms: impl Iterator<Item = (&'a Self, &'a Self, i64)>) -> Result<Self> {
        let mut num = Integer::new();
        let mut den = Integer::from(1);
        for (x, y, w) in terms {
            let n = Integer::from(x.numer() * y.numer()) * w;
            let d = Integer::from(x.denom() * y.denom());
            if den.is_divisible(&d) {
                num += n * Integer::from(den.div_exact_ref(&d));
            } else {
                let g = Integer::from(den.gcd_ref(&d));
                let scale_sum = Integer::from(d.div_exact_ref(&g));
                let scale_term = Integer::from(den.div_exact_ref(&g));
                num *= &scale_sum;
                num += n * scale_term;
                den *= scale_sum;
            }
        }
        bounded_q(Rational::from((num, den)))
    }
    fn is_zero(&self) -> bool {
        *self.numer() == 0
    }
    fn from_expr(e: &Expr) -> Result<Self> {
        match e.as_number() {
            Some(Number::Exact(q)) => Ok(q.clone()),
            _ => Err(SeriesError::NotRational),
        }
    }
    fn to_expr(&self) -> Expr {
        Expr::num(Number::Exact(self.clone()))
    }
}

/// An expression coefficient over the size limit: symbolic coefficients can grow
/// exponentially with the order (gamma(x + t) at x = 0 holds Bell polynomials in polygammas),
/// so such an expansion is refused rather than left running.
fn bounded(e: Expr) -> Result<Expr> {
    // The numbers in it are bounded like a rational coefficient (summed over the tree: a
    // width 10^100000 in softfloor made coefficients of 10^-700000 and ran for 7 s).
    let limbs = e.weight().saturating_sub(e.size()) as u64;
    if limbs.saturating_mul(64) > crate::limits::MAX_SERIES_COEFFICIENT_BITS {
        return Err(SeriesError::Limit {
            what: "the total size of the exact numbers in a series coefficient".into(),
            limit: format!("{} bits", crate::limits::MAX_SERIES_COEFFICIENT_BITS),
        });
    }
    if e.size() > crate::limits::MAX_SERIES_COEFFICIENT_NODES {
        return Err(SeriesError::Limit {
            what: "a symbolic coefficient (they grow too fast here; give the parameters values or lower the order)".into(),
            limit: format!("{} nodes", crate::limits::MAX_SERIES_COEFFICIENT_NODES),
        });
    }
    Ok(e)
}

/// Expression coefficients are kept expanded, so that a coefficient that is zero is seen to
/// be zero (the valuation search and the printed series depend on it).
impl Coeff for Expr {
    fn zero() -> Self {
        Expr::zero()
    }
    fn from_rational(q: Rational) -> Self {
        Expr::num(Number::Exact(q))
    }
    fn add(&self, o: &Self) -> Result<Self> {
        bounded(canon::add2(self.clone(), o.clone())?)
    }
    fn sub(&self, o: &Self) -> Result<Self> {
        bounded(canon::sub(self.clone(), o.clone())?)
    }
    fn mul(&self, o: &Self) -> Result<Self> {
        if self.is_zero() || o.is_zero() {
            return Ok(Expr::zero());
        }
        bounded(expand(&canon::mul2(self.clone(), o.clone())?)?)
    }
    fn div(&self, o: &Self) -> Result<Self> {
        bounded(crate::expr::subst::divide(self, o)?)
    }
    fn scale(&self, q: &Rational) -> Result<Self> {
        self.mul(&Expr::num(Number::Exact(q.clone())))
    }
    fn is_zero(&self) -> bool {
        Expr::is_zero(self)
    }
    fn from_expr(e: &Expr) -> Result<Self> {
        Ok(expand(e)?)
    }
    fn to_expr(&self) -> Expr {
        self.clone()
    }
    /// Negative integer powers as quotients, so a complex base is divided out (x + i·y form).
    fn pow(&self, q: &Rational) -> Result<Self> {
        let exponent = Expr::num(Number::Exact(Rational::from(q.abs_ref())));
        let magnitude = expand(&canon::pow(self.clone(), exponent)?)?;
        if *q < 0 && *q.denom() == 1 {
            Ok(crate::expr::subst::divide(&Expr::one(), &magnitude)?)
        } else if *q < 0 {
            Ok(expand(&canon::powi(magnitude, -1)?)?)
        } else {
            Ok(magnitude)
        }
    }
}
