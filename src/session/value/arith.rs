//! Arithmetic on values: the one place that says how `+ - * / ^` combine expressions,
//! equations (side by side) and lists (element-wise, broadcasting a scalar). Reports take part
//! through the values they stand for.

use std::sync::Arc;

use super::Value;
use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::math_error::MathError;
use crate::series::AnySeries;
use crate::span::Span;

/// An arithmetic operation on values.
#[derive(Clone, Copy)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

impl Arith {
    pub(super) fn apply(self, a: Expr, b: Expr) -> Result<Expr, MathError> {
        match self {
            Arith::Add => canon::add2(a, b),
            Arith::Sub => canon::sub(a, b),
            Arith::Mul => canon::mul2(a, b),
            Arith::Div => canon::div(a, b),
            Arith::Pow => canon::pow(a, b),
        }
    }
    pub(super) fn symbol(self) -> &'static str {
        match self {
            Arith::Add => "+",
            Arith::Sub => "-",
            Arith::Mul => "*",
            Arith::Div => "/",
            Arith::Pow => "^",
        }
    }
}

/// Arithmetic on values: expressions directly, equations side by side, lists elementwise
/// (or broadcasting a scalar).
impl Arith {
    /// Apply the operation to two values.
    pub fn combine(self, a: Value, b: Value, span: Span) -> Result<Value, Error> {
        let op = self;
        // After `operand`, so a report standing for a series (lindstedt's ω) counts as one.
        let (a, b) = (a.operand(span)?, b.operand(span)?);
        if let Some(result) = super::matrix::combine(op, &a, &b, span) {
            return result;
        }
        let a_is_series = matches!(a, Value::Series(_));
        match (a, b) {
            (Value::Expr(x), Value::Expr(y)) => op
                .apply(x, y)
                .map(Value::Expr)
                .map_err(|e| Error::math(e, span)),
            (Value::Equation(l, r), Value::Expr(y)) => Ok(Value::Equation(
                op.apply(l, y.clone()).map_err(|e| Error::math(e, span))?,
                op.apply(r, y).map_err(|e| Error::math(e, span))?,
            )),
            (Value::Expr(x), Value::Equation(l, r)) => Ok(Value::Equation(
                op.apply(x.clone(), l).map_err(|e| Error::math(e, span))?,
                op.apply(x, r).map_err(|e| Error::math(e, span))?,
            )),
            (Value::Equation(l1, r1), Value::Equation(l2, r2)) => Ok(Value::Equation(
                op.apply(l1, l2).map_err(|e| Error::math(e, span))?,
                op.apply(r1, r2).map_err(|e| Error::math(e, span))?,
            )),
            (Value::Series(x), y) | (y, Value::Series(x)) if !matches!(y, Value::List(_)) => {
                series_arith(op, a_is_series, &x, y, span)
            }
            (Value::List(xs), Value::List(ys)) => {
                // Vectors combine entry by entry; lists of lists (matrices) only add and
                // subtract (their product is not the entrywise one).
                let nested = |v: &[Value]| v.iter().any(|i| matches!(i, Value::List(_)));
                if !matches!(op, Arith::Add | Arith::Sub) && (nested(&xs) || nested(&ys)) {
                    return Err(Error::usage_hint(
                        format!("'{}' between lists of lists is not defined", op.symbol()),
                        span,
                        "lists of lists add and subtract entrywise and scale by a number",
                    ));
                }
                if xs.len() != ys.len() {
                    return Err(Error::usage(
                        format!(
                            "the lists have different lengths ({} and {})",
                            xs.len(),
                            ys.len()
                        ),
                        span,
                    ));
                }
                Ok(Value::List(
                    xs.into_iter()
                        .zip(ys)
                        .map(|(x, y)| op.combine(x, y, span))
                        .collect::<Result<Vec<_>, _>>()?,
                ))
            }
            (Value::List(xs), y @ Value::Expr(_)) => Ok(Value::List(
                xs.into_iter()
                    .map(|x| op.combine(x, y.clone(), span))
                    .collect::<Result<Vec<_>, _>>()?,
            )),
            (x @ Value::Expr(_), Value::List(ys)) => Ok(Value::List(
                ys.into_iter()
                    .map(|y| op.combine(x.clone(), y, span))
                    .collect::<Result<Vec<_>, _>>()?,
            )),
            (x, y) => Err(Error::usage(
                format!(
                    "cannot apply '{}' to a {} and a {}",
                    op.symbol(),
                    x.kind(),
                    y.kind()
                ),
                span,
            )),
        }
    }
}

/// `op` between a series and a value (the series on the left when `series_left`): an
/// expression joins the series' frame at its order; a power must be a rational number.
fn series_arith(
    op: Arith,
    series_left: bool,
    s: &AnySeries,
    other: Value,
    span: Span,
) -> Result<Value, Error> {
    let math = |e| Error::math(e, span);
    let result = match op {
        // The exponent of a power is a number, not a series operand.
        Arith::Pow => {
            let exponent = match (&other, series_left) {
                (Value::Expr(e), true) => e.as_number().and_then(|n| n.as_rational()).cloned(),
                _ => None,
            };
            let Some(q) = exponent else {
                return Err(Error::usage_hint(
                    "a series can only be raised to a rational number",
                    span,
                    "for a^s or s^f write exp(f*log(a)) and expand that with series",
                ));
            };
            s.pow(&q)
        }
        Arith::Add | Arith::Sub | Arith::Mul | Arith::Div => {
            let t = match other {
                Value::Series(t) => (*t).clone(),
                Value::Expr(e) => s.lift_exact(&e).map_err(math)?,
                other => {
                    return Err(Error::usage(
                        format!(
                            "cannot apply '{}' to a series and a {}",
                            op.symbol(),
                            other.kind()
                        ),
                        span,
                    ));
                }
            };
            let (a, b) = if series_left { (s, &t) } else { (&t, s) };
            match op {
                Arith::Add => a.add(b),
                Arith::Sub => a.sub(b),
                Arith::Mul => a.mul(b),
                _ => a.div(b),
            }
        }
    };
    result.map(|r| Value::Series(Arc::new(r))).map_err(math)
}
