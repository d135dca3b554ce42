//! The fast path of `series` for rational coefficients: each node of the expression becomes a
//! whole truncated series at once through FLINT (`flint.rs`), with asymptotically fast
//! products and Newton iterations for exp, log, sqrt, tan, atan, inverse, and the AGM by its
//! iteration. It covers Taylor and Laurent series whose every coefficient is rational and
//! whose functions are evaluated where FLINT's series start (exp at 0, log at 1, ...); anything
//! else returns `None` and the general engine (`lazy.rs`) runs instead, which also produces
//! the error messages. Each node carries its own precision: s^val·(c_0 + … + c_(len−1)
//! s^(len−1)) + O(s^(val+len)); cancellation lowers it, and the driver retries with more
//! terms until the result reaches the order asked for.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use rug::Rational;

use super::flint::{Odd, QSeries};
use super::lazy::Key;
use super::{Frame, Point, Series};
use crate::expr::{Constant, Expr, Node, Number};
use crate::functions::SeriesRule;

/// A Laurent series with relative precision `len`.
#[derive(Clone)]
struct Part {
    val: i64,
    poly: Rc<QSeries>,
    len: usize,
}

impl Part {
    /// Leading zeros moved into the valuation.
    fn normalised(self) -> Part {
        match self.poly.first_nonzero() {
            Some(0) => self,
            Some(m) if m < self.len => Part {
                val: self.val + m as i64,
                poly: Rc::new(self.poly.shift(-(m as i64))),
                len: self.len - m,
            },
            _ => Part {
                val: self.val + self.len as i64,
                poly: Rc::new(QSeries::zero()),
                len: 0,
            },
        }
    }
    /// The series with valuation 0 (val ≥ 0), known to s^(val + len).
    fn at_zero(&self) -> Option<(QSeries, usize)> {
        (self.val >= 0).then(|| (self.poly.shift(self.val), self.len + self.val as usize))
    }
}

struct Eager<'a> {
    frame: &'a Frame,
    len: usize,
    memo: BTreeMap<Key, Part>,
}

/// The series of `e` to s^n (den 1), or `None` when the fast path does not apply.
pub fn expand(e: &Expr, frame: &Arc<Frame>, n: i64) -> Option<Series<Rational>> {
    if crate::interrupt::check().is_err() {
        return None;
    }
    let mut guard = 2usize;
    for _ in 0..4 {
        let mut ev = Eager {
            frame,
            len: (n.max(0) as usize) + 1 + guard,
            memo: BTreeMap::new(),
        };
        let part = ev.eval(e)?;
        let reached = part.val + part.len as i64;
        if reached > n {
            let top = n + 1;
            let val = part.val.min(top);
            let coeffs = part.poly.coeffs((top - val).max(0) as usize);
            return Some(
                Series {
                    frame: frame.clone(),
                    den: 1,
                    val,
                    coeffs,
                    order: top,
                }
                .normalised(),
            );
        }
        guard = 2 * guard + (n + 1 - reached) as usize;
    }
    None
}

fn rational(e: &Expr) -> Option<Rational> {
    match e.as_number() {
        Some(Number::Exact(q)) => Some(q.clone()),
        _ => None,
    }
}

impl Eager<'_> {
    fn constant(&self, c: Rational) -> Part {
        Part {
            val: 0,
            poly: Rc::new(QSeries::from_coeffs(&[c])),
            len: self.len,
        }
        .normalised()
    }

    fn eval(&mut self, e: &Expr) -> Option<Part> {
        if let Some(p) = self.memo.get(&Key(e.clone())) {
            return Some(p.clone());
        }
        let part = self.compute(e)?;
        self.memo.insert(Key(e.clone()), part.clone());
        Some(part)
    }

    fn compute(&mut self, e: &Expr) -> Option<Part> {
        if !e.depends_on(&self.frame.var) {
            let c = rational(e)?;
            // A large constant makes coefficients grow by its size per order: leave it to
            // the general engine, which refuses coefficients over the bit limit early.
            let bits =
                u64::from(c.numer().significant_bits()) + u64::from(c.denom().significant_bits());
            if bits.saturating_mul(self.len as u64) > crate::limits::MAX_SERIES_COEFFICIENT_BITS {
                return None;
            }
            return Some(self.constant(c));
        }
        match e.node() {
            Node::Sym(_) => Some(match &self.frame.point {
                Point::Infinity => Part {
                    val: -1,
                    poly: Rc::new(QSeries::from_coeffs(&[Rational::from(1)])),
                    len: self.len,
                },
                Point::At(x0) => Part {
                    val: 0,
                    poly: Rc::new(QSeries::from_coeffs(&[rational(x0)?, Rational::from(1)])),
                    len: self.len,
                }
                .normalised(),
            }),
            Node::Add(terms) => {
                let parts = terms
                    .iter()
                    .map(|t| self.eval(t))
                    .collect::<Option<Vec<_>>>()?;
                let val = parts.iter().map(|p| p.val).min()?;
                let order = parts.iter().map(|p| p.val + p.len as i64).min()?;
                let len = (order - val).max(0) as usize;
                let mut sum = QSeries::zero();
                for p in &parts {
                    sum = sum.add(&p.poly.shift(p.val - val));
                }
                Some(
                    Part {
                        val,
                        poly: Rc::new(sum.truncated(len)),
                        len,
                    }
                    .normalised(),
                )
            }
            Node::Mul(factors) => {
                let mut acc = self.eval(&factors[0])?;
                for f in &factors[1..] {
                    let b = self.eval(f)?;
                    acc = mul(&acc, &b);
                }
                Some(acc)
            }
            // e^u is the canonical form of exp(u).
            Node::Pow(b, x) if matches!(b.node(), Node::Const(Constant::E)) => {
                let arg = self.eval(x)?;
                let (u, len) = arg.at_zero()?;
                Some(
                    Part {
                        val: 0,
                        poly: Rc::new(u.exp(len)?),
                        len,
                    }
                    .normalised(),
                )
            }
            Node::Pow(b, x) => {
                let q = rational(x)?;
                let base = self.eval(b)?;
                power(&base, &q)
            }
            Node::Call(f, args) => {
                if let SeriesRule::Rewrite(rule) = f.def().series
                    && f.name() != "tan"
                {
                    let rewritten = rule(args).ok()?;
                    return self.eval(&rewritten);
                }
                if f.name() == "agm" {
                    let a = self.eval(&args[0])?;
                    let b = self.eval(&args[1])?;
                    return agm(&a, &b);
                }
                if args.len() != 1 {
                    return None;
                }
                let arg = self.eval(&args[0])?;
                let (u, len) = arg.at_zero()?;
                let poly = match f.name() {
                    "exp" => u.exp(len)?,
                    "log" => u.log(len)?,
                    "sin" => u.odd(Odd::Sin, len)?,
                    "tan" => u.odd(Odd::Tan, len)?,
                    "atan" => u.odd(Odd::Atan, len)?,
                    "asin" => u.odd(Odd::Asin, len)?,
                    "sinh" => u.odd(Odd::Sinh, len)?,
                    "tanh" => u.odd(Odd::Tanh, len)?,
                    "atanh" => u.odd(Odd::Atanh, len)?,
                    "asinh" => u.odd(Odd::Asinh, len)?,
                    "cos" => u.cos(false, len)?,
                    "cosh" => u.cos(true, len)?,
                    _ => return None,
                };
                Some(
                    Part {
                        val: 0,
                        poly: Rc::new(poly),
                        len,
                    }
                    .normalised(),
                )
            }
            Node::Num(_) | Node::Const(_) => None,
        }
    }
}

fn mul(a: &Part, b: &Part) -> Part {
    let len = a.len.min(b.len);
    Part {
        val: a.val + b.val,
        poly: Rc::new(a.poly.mullow(&b.poly, len)),
        len,
    }
    .normalised()
}

/// base^q for rational q: integer powers directly; others through the unit part
/// (leading coefficient c with c^q rational, valuation·q an integer).
fn power(base: &Part, q: &Rational) -> Option<Part> {
    if base.len == 0 {
        return None;
    }
    let lead = base.poly.coeffs(1).remove(0);
    let val = Rational::from(base.val) * q;
    if *val.denom() != 1 {
        return None;
    }
    let val = val.numer().to_i64()?;
    let len = base.len;
    if *q.denom() == 1 && *q >= 0 {
        let k = q.numer().to_u64()?;
        return Some(Part {
            val,
            poly: Rc::new(base.poly.pow(k, len)),
            len,
        });
    }
    let c = Number::Exact(lead.clone()).exact_root_pow(q).ok()??;
    let c = match c {
        Number::Exact(c) => c,
        Number::Approx { .. } => return None,
    };
    let unit = base.poly.scale(&Rational::from(lead.recip_ref()));
    let powered = if *q.denom() == 2 {
        let root = unit.sqrt(len)?;
        let k = q.numer().clone().abs().to_u64()?;
        let p = root.pow(k, len);
        if *q < 0 { p.inv(len)? } else { p }
    } else if *q.denom() == 1 {
        let k = q.numer().clone().abs().to_u64()?;
        unit.pow(k, len).inv(len)?
    } else {
        unit.log(len)?.scale(q).exp(len)?
    };
    Some(
        Part {
            val,
            poly: Rc::new(powered.scale(&c)),
            len,
        }
        .normalised(),
    )
}

/// agm(a, b) for a and b starting with the same non-zero constant, by the AGM iteration.
fn agm(a: &Part, b: &Part) -> Option<Part> {
    let (mut a, la) = a.at_zero()?;
    let (mut b, lb) = b.at_zero()?;
    let len = la.min(lb);
    let c = a.coeffs(1).remove(0);
    if c == 0 || b.coeffs(1).remove(0) != c {
        return None;
    }
    let half = Rational::from((1, 2));
    let c2 = Rational::from(&c * &c);
    for _ in 0..64 {
        let diff = a.sub(&b).truncated(len);
        if diff.first_nonzero().is_none() {
            return Some(
                Part {
                    val: 0,
                    poly: Rc::new(a),
                    len,
                }
                .normalised(),
            );
        }
        let next_a = a.add(&b).scale(&half);
        let product = a.mullow(&b, len).scale(&Rational::from(c2.recip_ref()));
        b = product.sqrt(len)?.scale(&c);
        a = next_a;
    }
    None
}
