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
    /// The series variable is s = h^(1/den).
    den: usize,
    len: usize,
    memo: BTreeMap<Key, Part>,
    /// Set when a fractional power needs a larger denominator (by this factor).
    restart: Option<usize>,
}

/// The series of `e` to h^n, or `None` when the fast path does not apply. Puiseux series
/// work in s = h^(1/den): the denominator starts at 1 and grows when a fractional power
/// needs it (√x makes it 2), as in the general engine.
pub fn expand(e: &Expr, frame: &Arc<Frame>, n: i64) -> Option<Series<Rational>> {
    let mut den = 1usize;
    loop {
        match expand_in(e, frame, n, den) {
            Ok(found) => return found,
            Err(more) => {
                den = den.checked_mul(more)?;
                if den > crate::limits::MAX_PUISEUX_DENOMINATOR {
                    return None;
                }
            }
        }
    }
}

/// The expansion in s = h^(1/den); `Err(m)` when a power needs the denominator times m.
fn expand_in(
    e: &Expr,
    frame: &Arc<Frame>,
    n: i64,
    den: usize,
) -> Result<Option<Series<Rational>>, usize> {
    if crate::interrupt::check().is_err() {
        return Ok(None);
    }
    let n = n.saturating_mul(den as i64);
    let mut guard = 2usize;
    for _ in 0..4 {
        let mut ev = Eager {
            frame,
            den,
            len: (n.max(0) as usize) + 1 + guard,
            memo: BTreeMap::new(),
            restart: None,
        };
        let Some(part) = ev.eval(e) else {
            return match ev.restart {
                Some(m) => Err(m),
                None => Ok(None),
            };
        };
        let reached = part.val + part.len as i64;
        if reached > n {
            let top = n + 1;
            let val = part.val.min(top);
            let coeffs = part.poly.coeffs((top - val).max(0) as usize);
            return Ok(Some(
                Series {
                    frame: frame.clone(),
                    den: den as i64,
                    val,
                    coeffs,
                    order: top,
                }
                .normalised(),
            ));
        }
        guard = 2 * guard + (n + 1 - reached) as usize;
    }
    Ok(None)
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
        // Stopped here, the general engine the caller falls back to reports the interruption.
        crate::interrupt::check().ok()?;
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
            // x = 1/s^den at infinity, x0 + s^den at x0.
            Node::Sym(_) => Some(match &self.frame.point {
                Point::Infinity => Part {
                    val: -(self.den as i64),
                    poly: Rc::new(QSeries::from_coeffs(&[Rational::from(1)])),
                    len: self.len,
                },
                Point::At(x0) => {
                    let mut coeffs = vec![Rational::new(); self.den + 1];
                    coeffs[0] = rational(x0)?;
                    coeffs[self.den] = Rational::from(1);
                    Part {
                        val: 0,
                        poly: Rc::new(QSeries::from_coeffs(&coeffs)),
                        len: self.len,
                    }
                    .normalised()
                }
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
                // A fractional valuation (√x at 0) needs a finer s.
                let val = Rational::from(base.val) * &q;
                if *val.denom() != 1 && base.len > 0 {
                    self.restart = val.denom().to_usize();
                    return None;
                }
                power(&base, &q)
            }
            Node::Call(f, args) => {
                if let SeriesRule::Rewrite(rule) = f.def().series
                    && f.name() != "tan"
                {
                    let rewritten = rule(args).ok()?;
                    return self.eval(&rewritten);
                }
                if let Some(rewritten) = through_exp(f.name(), args) {
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

/// The sigmoid family through exp: σ(u) = 1/(1 + exp(−u)), gelu_sigmoid(u) = u·σ(1.702u),
/// swish(u, t) = u·σ(tu). On this path exp and the inverse are Newton iterations, where the
/// general engine's derivative rule costs O(n²) big-rational products (`series(sigmoid(x), x,
/// 2000)` took 4.6 s there, 0.5 s here).
fn through_exp(name: &str, args: &[Expr]) -> Option<Expr> {
    use crate::expr::canon::{add2, mul2, neg, pow};
    let sigma = |u: Expr| -> Option<Expr> {
        let e = crate::functions::apply1("exp", &neg(u).ok()?).ok()?;
        pow(add2(Expr::int(1), e).ok()?, Expr::int(-1)).ok()
    };
    let u = args.first()?.clone();
    match (name, args.len()) {
        ("sigmoid", 1) => sigma(u),
        ("gelu_sigmoid", 1) => {
            mul2(u.clone(), sigma(mul2(Expr::rational(851, 500), u).ok()?)?).ok()
        }
        ("swish", 1) => mul2(u.clone(), sigma(u)?).ok(),
        ("swish", 2) => mul2(u.clone(), sigma(mul2(args[1].clone(), u).ok()?)?).ok(),
        _ => None,
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
