//! Truncated power series in one variable with exact coefficients: Taylor, Laurent (negative
//! exponents) and Puiseux (exponents in (1/den)·Z) series at a point or at infinity.
//!
//! - [`coeff`]: the coefficient rings (rationals, the fast path; canonical expressions).
//! - [`lazy`]: the engine turning an expression into a series, coefficient by coefficient.
//! - [`dense`]: whole-series algorithms (products, powers, the AGM iteration).
//! - [`ops`]: arithmetic, derivatives and reversion on series values.
//! - [`ode`]: Taylor series of ODE solutions on the same engine.
//!
//! Expansion runs in the rationals first and falls back to expression coefficients when a
//! coefficient is not rational (π, a parameter `p`), and restarts with a finer exponent
//! denominator when a fractional power needs one: each attempt is exact.

pub mod coeff;
pub mod dense;
pub mod eager;
pub mod flint;
pub mod lazy;
pub mod ode;
pub mod ops;
pub mod print;

use std::sync::Arc;

use rug::{Integer, Rational};

use crate::expr::{Expr, canon};
use crate::limits;
use crate::math_error::MathError;
use coeff::Coeff;
use lazy::Tape;

/// Why an expansion failed (the first three are internal signals of the driver).
#[derive(Debug, Clone, PartialEq)]
pub enum SeriesError {
    /// A coefficient is not rational: retry with expression coefficients.
    NotRational,
    /// A fractional power needs exponents in (1/d)·Z: retry with a finer denominator.
    Restart(usize),
    /// A coefficient was asked for while it was being computed.
    Circular,
    Interrupted,
    /// A resource bound: what is too large and the limit.
    Limit {
        what: String,
        limit: String,
    },
    Undefined(String),
    Math(MathError),
}

impl From<MathError> for SeriesError {
    fn from(e: MathError) -> Self {
        match e {
            MathError::Interrupted => SeriesError::Interrupted,
            e => SeriesError::Math(e),
        }
    }
}

impl From<SeriesError> for MathError {
    fn from(e: SeriesError) -> Self {
        match e {
            SeriesError::Math(e) => e,
            SeriesError::Interrupted => MathError::Interrupted,
            SeriesError::Limit { what, limit } => MathError::TooLarge { what, limit },
            SeriesError::Undefined(why) => MathError::Domain(why),
            SeriesError::Circular => MathError::Domain(
                "the series is defined in terms of itself without a lower order to start from"
                    .into(),
            ),
            SeriesError::NotRational | SeriesError::Restart(_) => {
                MathError::Domain("internal: an expansion signal escaped".into())
            }
        }
    }
}

/// Where a series is expanded.
#[derive(Debug, Clone, PartialEq)]
pub enum Point {
    At(Expr),
    Infinity,
}

/// The variable and the point: x − x0 (or 1/x at infinity) is the series' h.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub var: String,
    pub point: Point,
}

impl Frame {
    /// h as an expression of x: x − x0, or 1/x.
    pub fn h(&self) -> Result<Expr, MathError> {
        let x = Expr::sym(&self.var);
        match &self.point {
            Point::At(x0) => canon::sub(x, x0.clone()),
            Point::Infinity => canon::powi(x, -1),
        }
    }
}

/// A truncated series Σ c_k h^((val + k)/den) + O(h^(order/den)): the coefficients of every
/// exponent from val to order − 1 (in units of 1/den) are known; the first is non-zero
/// unless there is none (then val = order).
#[derive(Debug, Clone, PartialEq)]
pub struct Series<C> {
    pub frame: Arc<Frame>,
    pub den: i64,
    pub val: i64,
    pub coeffs: Vec<C>,
    pub order: i64,
}

/// A series over the rationals (the fast path) or over expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum AnySeries {
    Exact(Series<Rational>),
    Symbolic(Series<Expr>),
}

impl<C: Coeff> Series<C> {
    /// Strip leading zeros and reduce the exponent denominator when all exponents allow.
    pub fn normalised(mut self) -> Series<C> {
        let zeros = self.coeffs.iter().take_while(|c| c.is_zero()).count();
        self.coeffs.drain(..zeros);
        self.val += zeros as i64;
        if self.coeffs.is_empty() {
            self.val = self.order;
        }
        let mut g = Integer::from(self.den);
        g = g.gcd(&Integer::from(self.order));
        for (k, c) in self.coeffs.iter().enumerate() {
            if !c.is_zero() {
                g = g.gcd(&Integer::from(self.val + k as i64));
            }
        }
        let g = g.to_i64().unwrap_or(1).max(1);
        if g > 1 {
            let start = self.val;
            let coeffs = std::mem::take(&mut self.coeffs);
            self.val = start.div_euclid(g) + i64::from(start.rem_euclid(g) != 0);
            self.coeffs = coeffs
                .into_iter()
                .enumerate()
                .filter(|(k, _)| (start + *k as i64).rem_euclid(g) == 0)
                .map(|(_, c)| c)
                .collect();
            self.den /= g;
            self.order /= g;
            return self.normalised();
        }
        self
    }

    /// The exponent of coefficient k as a rational.
    pub fn exponent(&self, k: usize) -> Rational {
        Rational::from((self.val + k as i64, self.den))
    }

    /// The same series with expression coefficients.
    pub fn symbolic(&self) -> Series<Expr> {
        Series {
            frame: self.frame.clone(),
            den: self.den,
            val: self.val,
            coeffs: self.coeffs.iter().map(Coeff::to_expr).collect(),
            order: self.order,
        }
    }

    /// Coefficient of h^e (e in units of 1/den); zero below the valuation; `None` at or
    /// beyond the order.
    pub fn at(&self, e: i64) -> Option<C> {
        if e >= self.order {
            return None;
        }
        if e < self.val {
            return Some(C::zero());
        }
        Some(self.coeffs[(e - self.val) as usize].clone())
    }

    /// The same series with exponents in units of 1/(den·m).
    pub fn refined(&self, m: i64) -> Series<C> {
        if m == 1 {
            return self.clone();
        }
        let mut coeffs = Vec::with_capacity(self.coeffs.len() * m as usize);
        for (k, c) in self.coeffs.iter().enumerate() {
            coeffs.push(c.clone());
            if k + 1 < self.coeffs.len() || (self.val + k as i64 + 1) * m <= self.order * m {
                coeffs.extend(std::iter::repeat_n(C::zero(), m as usize - 1));
            }
        }
        let val = self.val * m;
        let order = self.order * m;
        coeffs.resize((order - val).max(0) as usize, C::zero());
        Series {
            frame: self.frame.clone(),
            den: self.den * m,
            val,
            coeffs,
            order,
        }
    }
}

/// Expand `e` in `var` at `point`, keeping every power up to h^n (n ≥ 0).
pub fn expand(e: &Expr, var: &str, point: &Point, n: i64) -> Result<AnySeries, MathError> {
    check_order(n)?;
    let frame = Arc::new(Frame {
        var: var.to_string(),
        point: point.clone(),
    });
    if let Some(fast) = eager::expand(e, &frame, n) {
        return Ok(AnySeries::Exact(fast));
    }
    expand_general(e, var, point, n)
}

/// [`expand`] without the FLINT fast path: the general engine alone (also a second route for
/// the tests that compare the two).
pub fn expand_general(e: &Expr, var: &str, point: &Point, n: i64) -> Result<AnySeries, MathError> {
    check_order(n)?;
    let frame = Arc::new(Frame {
        var: var.to_string(),
        point: point.clone(),
    });
    let mut den = 1usize;
    loop {
        match expand_in::<Rational>(e, &frame, n, den) {
            Ok(s) => return Ok(AnySeries::Exact(s)),
            Err(SeriesError::Restart(d)) => den = refine_den(den, d)?,
            Err(SeriesError::NotRational) => break,
            Err(err) => return Err(err.into()),
        }
    }
    symbolic_order(n, den)?;
    loop {
        match expand_in::<Expr>(e, &frame, n, den) {
            Ok(s) => return Ok(AnySeries::Symbolic(s)),
            Err(SeriesError::Restart(d)) => den = refine_den(den, d)?,
            Err(err) => return Err(err.into()),
        }
    }
}

fn refine_den(den: usize, d: usize) -> Result<usize, MathError> {
    let next = Integer::from(den).lcm(&Integer::from(d.max(1))) * Integer::from(1);
    let next = next.to_usize().unwrap_or(usize::MAX);
    if next > limits::MAX_PUISEUX_DENOMINATOR || next <= den {
        return Err(MathError::TooLarge {
            what: format!("the Puiseux exponent denominator {next}"),
            limit: limits::MAX_PUISEUX_DENOMINATOR.to_string(),
        });
    }
    Ok(next)
}

/// Series with expression coefficients cost far more per term than rational ones: their
/// order has a lower bound (about two seconds at the limit).
pub fn symbolic_order(n: i64, den: usize) -> Result<(), MathError> {
    let terms = n.saturating_mul(den as i64);
    if terms > limits::MAX_SYMBOLIC_SERIES_ORDER as i64 {
        return Err(MathError::TooLarge {
            what: format!("a series with symbolic coefficients (π, parameters) to {terms} terms"),
            limit: format!("{} terms", limits::MAX_SYMBOLIC_SERIES_ORDER),
        });
    }
    Ok(())
}

/// The order limit, checked by every series command.
pub fn check_order(n: i64) -> Result<(), MathError> {
    if n < 0 || n as u64 > limits::MAX_SERIES_ORDER {
        return Err(MathError::TooLarge {
            what: format!("the series order {n}"),
            limit: format!("0 to {}", limits::MAX_SERIES_ORDER),
        });
    }
    Ok(())
}

fn expand_in<C: Coeff>(
    e: &Expr,
    frame: &Arc<Frame>,
    n: i64,
    den: usize,
) -> Result<Series<C>, SeriesError> {
    let top = n * den as i64;
    let horizon = top.max(0) as usize + 32;
    let mut tape: Tape<C> = Tape::new(&frame.var, frame.point.clone(), den, horizon);
    let root = tape.node(e)?;
    let val = tape.val(root).min(top + 1);
    let coeffs = (val..=top)
        .map(|k| tape.at(root, k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Series {
        frame: frame.clone(),
        den: den as i64,
        val,
        coeffs,
        order: top + 1,
    }
    .normalised())
}

impl AnySeries {
    pub fn frame(&self) -> &Arc<Frame> {
        match self {
            AnySeries::Exact(s) => &s.frame,
            AnySeries::Symbolic(s) => &s.frame,
        }
    }
    /// The series with expression coefficients.
    pub fn symbolic(&self) -> Series<Expr> {
        match self {
            AnySeries::Exact(s) => s.symbolic(),
            AnySeries::Symbolic(s) => s.clone(),
        }
    }
    /// (den, val, order).
    pub fn shape(&self) -> (i64, i64, i64) {
        match self {
            AnySeries::Exact(s) => (s.den, s.val, s.order),
            AnySeries::Symbolic(s) => (s.den, s.val, s.order),
        }
    }
    /// Back to rational coefficients when every coefficient is a rational number.
    pub fn simplified(self) -> AnySeries {
        match self {
            AnySeries::Symbolic(s) => {
                let exact: Option<Vec<Rational>> = s
                    .coeffs
                    .iter()
                    .map(|c| Rational::from_expr(c).ok())
                    .collect();
                match exact {
                    Some(coeffs) => AnySeries::Exact(Series {
                        frame: s.frame,
                        den: s.den,
                        val: s.val,
                        coeffs,
                        order: s.order,
                    }),
                    None => AnySeries::Symbolic(s.normalised()),
                }
            }
            exact => exact,
        }
    }
    /// The non-zero terms as (exponent of h, coefficient).
    pub fn terms(&self) -> Vec<(Rational, Expr)> {
        let s = self.symbolic();
        s.coeffs
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_zero())
            .map(|(k, c)| (s.exponent(k), c.clone()))
            .collect()
    }
    /// The exponent of the order term.
    pub fn order_exponent(&self) -> Rational {
        let (den, _, order) = self.shape();
        Rational::from((order, den))
    }
    /// The truncated sum as an expression of x (the O-term dropped).
    pub fn polynomial(&self) -> Result<Expr, MathError> {
        let h = self.frame().h()?;
        let terms = self
            .terms()
            .into_iter()
            .map(|(q, c)| {
                canon::mul2(
                    c,
                    canon::pow(h.clone(), Expr::num(crate::expr::Number::Exact(q)))?,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        canon::add(terms)
    }
}
