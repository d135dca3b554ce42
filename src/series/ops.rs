//! Arithmetic on series values: each operation computes exactly the coefficients its inputs
//! determine and says where its own order term is (a product of x + O(x^5) and 1/x is known
//! to O(x^4), not O(x^5)). Two rational series combine in the rationals; anything else in
//! expressions.

use std::sync::Arc;

use rug::{Integer, Rational};

use super::coeff::Coeff;
use super::{AnySeries, Frame, Point, Series, SeriesError, dense};
use crate::expr::{Expr, Number, canon};
use crate::math_error::MathError;

type Result<T> = std::result::Result<T, MathError>;

fn err(e: SeriesError) -> MathError {
    e.into()
}

/// Both series over the same exponent denominator.
fn aligned<C: Coeff>(a: &Series<C>, b: &Series<C>) -> Result<(Series<C>, Series<C>)> {
    if a.frame != b.frame {
        return Err(MathError::Domain(format!(
            "the series are in different variables or at different points ({} and {})",
            describe(&a.frame),
            describe(&b.frame)
        )));
    }
    let den = Integer::from(a.den)
        .lcm(&Integer::from(b.den))
        .to_i64()
        .unwrap_or(1);
    Ok((a.refined(den / a.den), b.refined(den / b.den)))
}

/// `x at 0`, `x at inf`.
pub fn describe(f: &Frame) -> String {
    match &f.point {
        Point::Infinity => format!("{} at inf", f.var),
        Point::At(x0) => format!("{} at {}", f.var, crate::expr::print::to_plain(x0)),
    }
}

/// A normalised series in the frame and exponent unit of `like`.
fn shaped<C: Coeff>(like: &Series<C>, val: i64, coeffs: Vec<C>, order: i64) -> Series<C> {
    Series {
        frame: like.frame.clone(),
        den: like.den,
        val,
        coeffs,
        order,
    }
    .normalised()
}

fn add<C: Coeff>(a: &Series<C>, b: &Series<C>, negate: bool) -> Result<Series<C>> {
    let (a, b) = aligned(a, b)?;
    let val = a.val.min(b.val);
    let order = a.order.min(b.order);
    let coeffs = (val..order.max(val))
        .map(|e| {
            let (x, y) = (
                a.at(e).unwrap_or_else(C::zero),
                b.at(e).unwrap_or_else(C::zero),
            );
            if negate { x.sub(&y) } else { x.add(&y) }
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(err)?;
    Ok(shaped(&a, val, coeffs, order))
}

fn mul<C: Coeff>(a: &Series<C>, b: &Series<C>) -> Result<Series<C>> {
    let (a, b) = aligned(a, b)?;
    let val = a.val + b.val;
    let order = (a.order + b.val).min(b.order + a.val);
    let len = (order - val).max(0) as usize;
    let coeffs = dense::mul(&a.coeffs, &b.coeffs, len).map_err(err)?;
    Ok(shaped(&a, val, coeffs, order))
}

/// a^q for a rational q (q < 0 divides); the leading coefficient's power must be exact.
fn power<C: Coeff>(a: &Series<C>, q: &Rational) -> Result<Series<C>> {
    let Some(lead) = a.coeffs.first() else {
        return Err(MathError::Domain(format!(
            "the series has no known non-zero term (it is O({}))",
            Rational::from((a.order, a.den))
        )));
    };
    let lead_exponent = Rational::from(a.val) * q;
    let m = lead_exponent.denom().to_i64().unwrap_or(1);
    let a = a.refined(m);
    let val = (Rational::from(a.val) * q)
        .numer()
        .to_i64()
        .ok_or(MathError::TooLarge {
            what: "the exponent".into(),
            limit: "64 bits".into(),
        })?;
    let len = a.coeffs.len();
    let f0 = lead.pow(q).map_err(err)?;
    let coeffs = dense::power(&a.coeffs, q, f0, len).map_err(err)?;
    Ok(shaped(&a, val, coeffs, val + len as i64))
}

fn diff<C: Coeff>(a: &Series<C>) -> Result<Series<C>> {
    let at_infinity = matches!(a.frame.point, Point::Infinity);
    let shift = if at_infinity { a.den } else { -a.den };
    let coeffs = a
        .coeffs
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let e = Rational::from((a.val + k as i64, a.den));
            c.scale(&if at_infinity { -e } else { e })
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(err)?;
    Ok(shaped(a, a.val + shift, coeffs, a.order + shift))
}

/// Apply a generic operation to one series, in the rationals when it is rational and falls
/// back to expressions only when a result coefficient is not rational.
macro_rules! unary {
    ($s:expr, $f:expr) => {
        match $s {
            AnySeries::Exact(a) => match $f(a) {
                Ok(r) => Ok(AnySeries::Exact(r)),
                Err(_) => $f(&a.symbolic()).map(AnySeries::Symbolic),
            },
            AnySeries::Symbolic(a) => $f(a).map(AnySeries::Symbolic),
        }
    };
}

macro_rules! binary {
    ($a:expr, $b:expr, $f:expr) => {
        match ($a, $b) {
            (AnySeries::Exact(a), AnySeries::Exact(b)) => $f(a, b).map(AnySeries::Exact),
            (a, b) => $f(&a.symbolic(), &b.symbolic()).map(AnySeries::Symbolic),
        }
    };
}

impl AnySeries {
    pub fn add(&self, o: &AnySeries) -> Result<AnySeries> {
        binary!(self, o, |a, b| add(a, b, false)).map(AnySeries::simplified)
    }
    pub fn sub(&self, o: &AnySeries) -> Result<AnySeries> {
        binary!(self, o, |a, b| add(a, b, true)).map(AnySeries::simplified)
    }
    pub fn mul(&self, o: &AnySeries) -> Result<AnySeries> {
        binary!(self, o, mul).map(AnySeries::simplified)
    }
    pub fn div(&self, o: &AnySeries) -> Result<AnySeries> {
        self.mul(&o.pow(&Rational::from(-1))?)
    }
    pub fn pow(&self, q: &Rational) -> Result<AnySeries> {
        unary!(self, |a| power(a, q)).map(AnySeries::simplified)
    }
    pub fn diff(&self) -> Result<AnySeries> {
        unary!(self, diff)
    }
    /// Every coefficient through `f` (numeric evaluation, substitution of parameters).
    pub fn map_coefficients(&self, f: &dyn Fn(&Expr) -> Result<Expr>) -> Result<AnySeries> {
        let s = self.symbolic();
        let coeffs = s.coeffs.iter().map(f).collect::<Result<Vec<_>>>()?;
        Ok(AnySeries::Symbolic(Series { coeffs, ..s }.normalised()).simplified())
    }
    /// An exact expression as a series in the same frame, known far enough that combining
    /// it with this series (sum, product, quotient) loses nothing: to the order plus the
    /// series' relative precision.
    pub fn lift_exact(&self, e: &Expr) -> Result<AnySeries> {
        let (den, val, order) = self.shape();
        let relative = Rational::from((order - val, den));
        let frame = self.frame();
        let n = ceil_i64(&(self.order_exponent() + relative))?.max(0) + 1;
        super::expand(e, &frame.var, &frame.point, n)
    }
    /// An expression of the series' variable as a series in the same frame, known to the
    /// same order.
    pub fn lift(&self, e: &Expr) -> Result<AnySeries> {
        let frame = self.frame();
        let order = self.order_exponent();
        let n = ceil_i64(&order)?.max(0);
        let s = super::expand(e, &frame.var, &frame.point, n)?;
        s.truncated(&order)
    }
    /// The same series with its order term lowered to h^order (when that is lower).
    pub fn truncated(&self, order: &Rational) -> Result<AnySeries> {
        Ok(match self {
            AnySeries::Exact(a) => AnySeries::Exact(cut(a, order)),
            AnySeries::Symbolic(a) => AnySeries::Symbolic(cut(a, order)),
        })
    }
    /// Coefficient of h^q: `None` when q is at or beyond the order term.
    pub fn coefficient(&self, q: &Rational) -> Option<Expr> {
        let (den, _, order) = self.shape();
        let scaled = Rational::from(q * den);
        if *scaled.denom() != 1 {
            return (*q < self.order_exponent()).then(Expr::zero);
        }
        let e = scaled.numer().to_i64()?;
        if e >= order {
            return None;
        }
        match self {
            AnySeries::Exact(s) => s.at(e).map(|c| c.to_expr()),
            AnySeries::Symbolic(s) => s.at(e),
        }
    }
    /// f∘t: this series (in x at x0) with x replaced by the series t, which must tend to x0.
    pub fn compose(&self, t: &AnySeries) -> Result<AnySeries> {
        let outer = self.frame();
        let Point::At(x0) = &outer.point else {
            return Err(MathError::Domain(
                "composition needs the outer series at a finite point".into(),
            ));
        };
        let inner = t.frame();
        let shifted = t.sub(&t.lift(x0)?)?;
        let (den, val, _) = shifted.shape();
        if val <= 0 || shifted.terms().is_empty() {
            return Err(MathError::Domain(format!(
                "the substituted series must tend to {} (the point of the outer series)",
                crate::expr::print::to_plain(x0)
            )));
        }
        let v = Rational::from((val, den));
        let order = (self.order_exponent() * v).min(t.order_exponent());
        let body =
            crate::expr::subst::subs(&self.polynomial()?, &[(outer.var.clone(), t.polynomial()?)])?;
        let n = ceil_i64(&order)?.max(0);
        super::expand(&body, &inner.var, &inner.point, n)?.truncated(&order)
    }
    /// The inverse series: s(g(y)) = y, for s = a1·x + … (a1 ≠ 0) at x = 0.
    pub fn revert(&self) -> Result<AnySeries> {
        let frame = self.frame().clone();
        let (den, val, order) = self.shape();
        if frame.point != Point::At(Expr::zero()) || den != 1 || val != 1 {
            return Err(MathError::Domain(
                "revert needs a series a1*x + a2*x^2 + ... at 0 with a1 != 0".into(),
            ));
        }
        // g' = 1/s'(g), g(0) = 0: the ODE engine computes g term by term.
        let derivative = self.diff()?.polynomial()?;
        let rhs = canon::powi(derivative, -1)?;
        let n = order - 1;
        // The independent variable is a name no input can write, so it never meets x.
        let solved = super::ode::taylor(
            &[super::ode::Equation {
                unknown: frame.var.clone(),
                order: 1,
                rhs,
            }],
            &[vec![Expr::zero()]],
            "#y",
            &Point::At(Expr::zero()),
            n,
        )?;
        solved
            .into_iter()
            .next()
            .map(|s| s.renamed(&frame.var))
            .ok_or_else(|| MathError::Domain("internal: revert lost its series".into()))
    }
}

fn cut<C: Coeff>(a: &Series<C>, order: &Rational) -> Series<C> {
    let scaled = Rational::from(order * a.den);
    let e = scaled.ceil().numer().to_i64().unwrap_or(i64::MAX);
    if e >= a.order {
        return a.clone();
    }
    let keep = (e - a.val).max(0) as usize;
    let mut coeffs = a.coeffs.clone();
    coeffs.truncate(keep);
    shaped(a, a.val.min(e), coeffs, e)
}

fn ceil_i64(q: &Rational) -> Result<i64> {
    q.clone()
        .ceil()
        .numer()
        .to_i64()
        .ok_or(MathError::TooLarge {
            what: "the series order".into(),
            limit: "64 bits".into(),
        })
}

/// The series O(h^q) of an order term `O(expr)`: expr must be (x − x0)^q, x^q or x^(−q).
pub fn order_term(e: &Expr) -> Result<AnySeries> {
    let (base, exponent) = e.split_power();
    let q = match exponent.as_number() {
        Some(Number::Exact(q)) => q.clone(),
        _ => return Err(order_shape()),
    };
    let symbols = base.free_symbols();
    let [var] = symbols.as_slice() else {
        return Err(order_shape());
    };
    let x = Expr::sym(var);
    let (point, q) = if base == x && q < 0 {
        (Point::Infinity, Rational::from(-&q))
    } else if base == x {
        (Point::At(Expr::zero()), q)
    } else {
        let x0 = canon::sub(x.clone(), base.clone())?;
        if x0.depends_on(var) || q <= 0 {
            return Err(order_shape());
        }
        (Point::At(x0), q)
    };
    if q <= 0 {
        return Err(order_shape());
    }
    let den = q.denom().to_i64().unwrap_or(1);
    let order = q.numer().to_i64().ok_or_else(order_shape)?;
    Ok(AnySeries::Exact(Series {
        frame: Arc::new(Frame {
            var: var.clone(),
            point,
        }),
        den,
        val: order,
        coeffs: Vec::new(),
        order,
    }))
}

fn order_shape() -> MathError {
    MathError::Domain(
        "O(...) takes a positive power of x, of (x - x0), or 1/x^n (at infinity): O(x^5), O((x - 1)^3), O(1/x^4)"
            .into(),
    )
}
