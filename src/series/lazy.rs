//! The series engine: an expression becomes a tape of nodes whose coefficients are computed
//! on demand, one at a time, each exactly (the "relaxed" or Taylor-method evaluation). A
//! coefficient of a node needs only lower coefficients of itself and coefficients of its
//! inputs, so definitions that refer to themselves — exp(u)' = exp(u)·u', sin and cos through
//! each other, tan' = 1 + tan², the unknown of an ODE through its right side — are evaluated
//! without truncation bookkeeping: every coefficient ever computed is final.
//!
//! The expansion variable is s with x = x0 + s^den (x = s^-den at infinity); den > 1 gives
//! Puiseux series. A node's value is s^val·Σ c_k s^k; val is known when the node is made,
//! from its inputs (sums take the least, products add), and a node that divides or takes a
//! fractional power first searches its input for the true leading term.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rug::Rational;

use super::coeff::Coeff;
use super::{Point, SeriesError};
use crate::expr::{Constant, Expr, Node as ENode, Number, canon};
use crate::functions::{Func, SeriesRule};
use crate::interrupt;

type Result<T> = std::result::Result<T, SeriesError>;

/// An `Expr` ordered canonically, as a memo key (equal subexpressions share one node).
#[derive(Clone)]
pub(super) struct Key(pub(super) Expr);
impl PartialEq for Key {
    fn eq(&self, o: &Key) -> bool {
        self.0 == o.0
    }
}
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Key) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Key {
    fn cmp(&self, o: &Key) -> Ordering {
        self.0.cmp_canonical(&o.0)
    }
}

/// A whole-series algorithm: needs its inputs to the full length before it yields anything.
#[derive(Debug, Clone, Copy)]
enum Whole {
    /// agm(a, b) with equal leading terms, by the AGM iteration on series (quadratic in the
    /// valuation of a − b).
    Agm,
    /// ellipk(m) = π/(2·agm(1, √(1−m))) at m(0) = 0.
    EllipK,
    /// ellipe(m) = K(m)·(1 − m/2 − Σ 2^(n−1) c_n²) at m(0) = 0 (the same iteration).
    EllipE,
}

#[derive(Debug)]
enum Kind<C> {
    Const,
    /// The expansion variable: x0 + s^den, or s^-den at infinity.
    Var {
        x0: C,
        den: usize,
    },
    Add(Vec<usize>),
    Mul(usize, usize),
    /// base^a, the base's leading term found at relative index `lead` (non-zero there).
    Pow {
        base: usize,
        exp: Rational,
        lead: usize,
    },
    /// f(args) with the argument expressions; `derivs[i]` the node of ∂_i f(args) when
    /// argument i is not constant, made when the first coefficient beyond the value is asked
    /// for (chains such as polygamma(n, x)' = polygamma(n + 1, x) grow only as far as needed).
    Call {
        f: Func,
        args: Vec<usize>,
        exprs: Vec<Expr>,
        derivs: Option<Vec<Option<usize>>>,
    },
    Whole {
        op: Whole,
        args: Vec<usize>,
    },
    /// An unknown of an ODE: its initial value and the node of its derivative.
    Integral {
        derivative: Option<usize>,
    },
}

#[derive(Debug)]
struct Node<C> {
    val: i64,
    coeffs: Vec<C>,
    kind: Kind<C>,
    /// Set while a coefficient of this node is being computed: asking for it again means
    /// the definition is circular without a shift (an ODE whose right side holds x').
    busy: bool,
}

/// The tape.
pub struct Tape<C: Coeff> {
    nodes: Vec<Node<C>>,
    memo: BTreeMap<Key, usize>,
    var: String,
    point: Point,
    den: usize,
    /// How many coefficients (relative to a node's valuation) a search for a leading term
    /// may look at, and the length whole-series nodes compute to at least.
    horizon: usize,
    /// Derivative nodes that call the function they differentiate (polygamma(n, x)' =
    /// polygamma(n + 1, x), J_n' = (J_(n−1) − J_(n+1))/2): such a chain grows by one link per
    /// coefficient and is computed recursively, so its length is bounded.
    chain: usize,
}

/// Integer powers above this are not multiplied out (see [`Tape::power`]).
const MAX_INTEGER_POWER: u32 = 1_000_000;

/// Out of the horizon: the coefficient index `k` of a node asked for is too far.
fn too_far(k: usize) -> SeriesError {
    SeriesError::Limit {
        what: format!("an intermediate series of {k} terms"),
        limit: "four times the order asked, plus 64".into(),
    }
}

impl<C: Coeff> Tape<C> {
    pub fn new(var: &str, point: Point, den: usize, horizon: usize) -> Tape<C> {
        Tape {
            nodes: Vec::new(),
            memo: BTreeMap::new(),
            var: var.to_string(),
            point,
            den,
            horizon,
            chain: 0,
        }
    }

    pub fn val(&self, i: usize) -> i64 {
        self.nodes[i].val
    }

    fn push(&mut self, val: i64, kind: Kind<C>, coeffs: Vec<C>) -> usize {
        self.nodes.push(Node {
            val,
            coeffs,
            kind,
            busy: false,
        });
        self.nodes.len() - 1
    }

    /// A constant node.
    pub fn constant(&mut self, c: C) -> usize {
        self.push(0, Kind::Const, vec![c])
    }

    /// An ODE unknown named `name` with initial value `initial`; its derivative is set later
    /// with [`Tape::set_derivative`].
    pub fn unknown(&mut self, name: &str, initial: C) -> usize {
        let i = self.push(0, Kind::Integral { derivative: None }, vec![initial]);
        self.memo.insert(Key(Expr::sym(name)), i);
        i
    }

    pub fn set_derivative(&mut self, unknown: usize, derivative: usize) {
        if let Kind::Integral { derivative: d } = &mut self.nodes[unknown].kind {
            *d = Some(derivative);
        }
    }

    /// Coefficient of s^e (absolute exponent) of node `i`.
    pub fn at(&mut self, i: usize, e: i64) -> Result<C> {
        let k = e - self.nodes[i].val;
        if k < 0 {
            return Ok(C::zero());
        }
        self.ensure(i, k as usize + 1)?;
        Ok(self.nodes[i].coeffs[k as usize].clone())
    }

    /// Make sure node `i` has at least `len` coefficients.
    pub fn ensure(&mut self, i: usize, len: usize) -> Result<()> {
        if self.nodes[i].coeffs.len() >= len {
            return Ok(());
        }
        if len > self.horizon.saturating_mul(4) + 64 {
            return Err(too_far(len));
        }
        if self.nodes[i].busy {
            return Err(SeriesError::Circular);
        }
        self.nodes[i].busy = true;
        let result = self.fill(i, len);
        self.nodes[i].busy = false;
        result
    }

    fn fill(&mut self, i: usize, len: usize) -> Result<()> {
        if let Kind::Whole { op, ref args } = self.nodes[i].kind {
            let args = args.clone();
            let target = len
                .max(2 * self.nodes[i].coeffs.len())
                .max(self.horizon + 1);
            let coeffs = self.whole(op, &args, target)?;
            self.nodes[i].coeffs = coeffs;
            return Ok(());
        }
        while self.nodes[i].coeffs.len() < len {
            interrupt::check().map_err(|_| SeriesError::Interrupted)?;
            let k = self.nodes[i].coeffs.len();
            let c = self.next(i, k)?;
            self.nodes[i].coeffs.push(c);
        }
        Ok(())
    }

    /// Coefficient k (relative) of node i, all lower ones being known.
    fn next(&mut self, i: usize, k: usize) -> Result<C> {
        let val = self.nodes[i].val;
        let e = val + k as i64;
        match &self.nodes[i].kind {
            Kind::Const => Ok(C::zero()),
            Kind::Var { x0, den } => Ok(if matches!(self.point, Point::Infinity) {
                if k == 0 { C::one() } else { C::zero() }
            } else if e == 0 {
                x0.clone()
            } else if e == *den as i64 {
                C::one()
            } else {
                C::zero()
            }),
            Kind::Add(terms) => {
                let terms = terms.clone();
                let mut sum = C::zero();
                for t in terms {
                    sum = sum.add(&self.at(t, e)?)?;
                }
                Ok(sum)
            }
            &Kind::Mul(a, b) => {
                self.ensure(a, k + 1)?;
                self.ensure(b, k + 1)?;
                convolution(&self.nodes[a].coeffs, &self.nodes[b].coeffs, k)
            }
            Kind::Pow { base, exp, lead } => {
                let (base, exp, lead) = (*base, exp.clone(), *lead);
                self.ensure(base, lead + k + 1)?;
                let u = &self.nodes[base].coeffs[lead..];
                if k == 0 {
                    return u[0].pow(&exp);
                }
                power_step(u, &self.nodes[i].coeffs, &exp, k)
            }
            Kind::Call {
                f,
                args,
                exprs,
                derivs,
            } => {
                let (f, args, exprs, derivs) = (*f, args.clone(), exprs.clone(), derivs.clone());
                if k == 0 {
                    let at0 = args
                        .iter()
                        .map(|&a| self.at(a, 0))
                        .collect::<Result<Vec<_>>>()?;
                    return C::call(f, &at0);
                }
                let derivs = match derivs {
                    Some(d) => d,
                    None => {
                        let d = self.derivatives(f, &exprs)?;
                        if let Kind::Call { derivs: slot, .. } = &mut self.nodes[i].kind {
                            *slot = Some(d.clone());
                        }
                        d
                    }
                };
                let mut sum = C::zero();
                let k = k as i64;
                for (&a, d) in args.iter().zip(&derivs) {
                    let Some(d) = *d else { continue };
                    // F' = Σ ∂_i f · a_i': k F_k = Σ_{e < k} D_e (k − e) a_{k−e}, over the
                    // coefficients made available first and then borrowed.
                    let (va, vd) = (self.val(a), self.val(d));
                    if k - va >= 0 {
                        self.ensure(a, (k - va + 1) as usize)?;
                    }
                    if k - 1 - vd >= 0 {
                        self.ensure(d, (k - vd) as usize)?;
                    }
                    let (ac, dc) = (&self.nodes[a].coeffs, &self.nodes[d].coeffs);
                    let terms = (vd.max(0)..k)
                        .take_while(|e| k - e - va >= 0)
                        .map(|e| (&dc[(e - vd) as usize], &ac[(k - e - va) as usize], k - e))
                        .filter(|(x, y, _)| !x.is_zero() && !y.is_zero());
                    sum = sum.add(&C::dot(terms)?)?;
                }
                sum.scale(&Rational::from((1, k)))
            }
            Kind::Integral { derivative } => {
                if k == 0 {
                    return Ok(self.nodes[i].coeffs[0].clone());
                }
                let d = derivative.ok_or(SeriesError::Circular)?;
                let dk = self.at(d, e - 1)?;
                dk.scale(&Rational::from((1, e)))
            }
            Kind::Whole { .. } => Err(SeriesError::Circular),
        }
    }

    /// The node of an expression (memoised).
    pub fn node(&mut self, e: &Expr) -> Result<usize> {
        if let Some(&i) = self.memo.get(&Key(e.clone())) {
            return Ok(i);
        }
        if !e.depends_on(&self.var) && !self.depends_on_unknown(e) {
            let c = C::from_expr(e)?;
            let i = self.constant(c);
            self.memo.insert(Key(e.clone()), i);
            return Ok(i);
        }
        let i = match e.node() {
            ENode::Num(_) | ENode::Const(_) => unreachable_constant(e)?,
            ENode::Sym(_) => self.variable()?,
            ENode::Add(terms) => {
                let ids = terms
                    .iter()
                    .map(|t| self.node(t))
                    .collect::<Result<Vec<_>>>()?;
                let val = ids.iter().map(|&t| self.val(t)).min().unwrap_or(0);
                self.push(val, Kind::Add(ids), Vec::new())
            }
            ENode::Mul(factors) => {
                let mut acc = self.node(&factors[0])?;
                for f in &factors[1..] {
                    let b = self.node(f)?;
                    acc = self.mul(acc, b);
                }
                acc
            }
            ENode::Pow(b, x) => self.power(b, x)?,
            ENode::Call(f, args) => self.call(*f, args)?,
        };
        self.memo.insert(Key(e.clone()), i);
        Ok(i)
    }

    fn depends_on_unknown(&self, e: &Expr) -> bool {
        e.any(&|s| {
            s.as_symbol().is_some_and(|name| {
                name != self.var
                    && self
                        .memo
                        .get(&Key(s.clone()))
                        .is_some_and(|&i| matches!(self.nodes[i].kind, Kind::Integral { .. }))
            })
        })
    }

    fn variable(&mut self) -> Result<usize> {
        let den = self.den;
        Ok(match &self.point {
            Point::Infinity => {
                self.push(-(den as i64), Kind::Var { x0: C::zero(), den }, Vec::new())
            }
            Point::At(x0) => {
                let x0 = C::from_expr(x0)?;
                let val = if x0.is_zero() { den as i64 } else { 0 };
                self.push(val, Kind::Var { x0, den }, Vec::new())
            }
        })
    }

    fn mul(&mut self, a: usize, b: usize) -> usize {
        let val = self.val(a) + self.val(b);
        self.push(val, Kind::Mul(a, b), Vec::new())
    }

    /// The first non-zero coefficient of node i (relative index), searched up to the horizon.
    fn leading(&mut self, i: usize, what: &str) -> Result<usize> {
        for k in 0..=self.horizon {
            if !self.at(i, self.val(i) + k as i64)?.is_zero() {
                return Ok(k);
            }
        }
        Err(SeriesError::Undefined(format!(
            "{what} has no non-zero term among its first {} (is it identically zero?)",
            self.horizon + 1
        )))
    }

    fn power(&mut self, b: &Expr, x: &Expr) -> Result<usize> {
        let exponent = match x.as_number() {
            Some(Number::Exact(q)) if !x.depends_on(&self.var) => q.clone(),
            _ => {
                // b^x = exp(x·log b) when the exponent is not a number (e^x included: the
                // canonical form of exp(x)). The call node is made directly, since
                // canonicalising exp(x·log b) gives back b^x.
                let exp = Func::lookup("exp").ok_or_else(|| {
                    SeriesError::Undefined("internal: exp is not in the registry".into())
                })?;
                let exponent = if matches!(b.node(), ENode::Const(Constant::E)) {
                    x.clone()
                } else {
                    canon::mul2(x.clone(), crate::functions::apply1("log", b)?)?
                };
                return self.call(exp, &[exponent]);
            }
        };
        let base = self.node(b)?;
        if *exponent.denom() == 1 && exponent > MAX_INTEGER_POWER {
            // b^n with n beyond any order: zero to every order asked when b vanishes at the
            // point (its valuation is positive), else coefficients too large to hold.
            if self.val(base) >= 1 {
                return Ok(self.constant(C::zero()));
            }
            return Err(SeriesError::Limit {
                what: "an integer power of a series that does not vanish at the point".into(),
                limit: format!("exponent {MAX_INTEGER_POWER}"),
            });
        }
        if *exponent.denom() == 1 && exponent >= 0 {
            // Non-negative integer powers by squaring: no leading-term search needed.
            let mut n = exponent.numer().clone();
            let mut result: Option<usize> = None;
            let mut square = base;
            while n > 0 {
                if n.is_odd() {
                    result = Some(match result {
                        None => square,
                        Some(r) => self.mul(r, square),
                    });
                }
                n >>= 1;
                if n > 0 {
                    square = self.mul(square, square);
                }
            }
            return Ok(result.unwrap_or_else(|| self.constant(C::one())));
        }
        let lead = self.leading(base, &crate::expr::print::to_plain(b))?;
        let lead_exponent = Rational::from(self.val(base) + lead as i64) * &exponent;
        if *lead_exponent.denom() != 1 {
            return Err(SeriesError::Restart(
                lead_exponent.denom().to_usize().unwrap_or(0),
            ));
        }
        let val = lead_exponent
            .numer()
            .to_i64()
            .ok_or_else(|| too_far(usize::MAX))?;
        Ok(self.push(
            val,
            Kind::Pow {
                base,
                exp: exponent,
                lead,
            },
            Vec::new(),
        ))
    }

    fn call(&mut self, f: Func, args: &[Expr]) -> Result<usize> {
        match f.def().series {
            SeriesRule::Rewrite(rule) => return self.node(&rule(args)?),
            SeriesRule::NotAnalytic(why) => {
                return Err(SeriesError::Undefined(format!(
                    "{} has no power series: {why}",
                    f.name()
                )));
            }
            SeriesRule::Derivative | SeriesRule::Agm | SeriesRule::EllipK | SeriesRule::EllipE => {}
        }
        let ids = args
            .iter()
            .map(|a| self.node(a))
            .collect::<Result<Vec<_>>>()?;
        for (a, &id) in args.iter().zip(&ids) {
            if self.val(id) < 0 {
                let lead = self.leading(id, &crate::expr::print::to_plain(a))?;
                if self.val(id) + (lead as i64) < 0 {
                    return Err(SeriesError::Undefined(format!(
                        "{}({}) has an essential singularity here (its argument has a pole): no Laurent or Puiseux series",
                        f.name(),
                        crate::expr::print::to_plain(a)
                    )));
                }
            }
        }
        let whole = match f.def().series {
            SeriesRule::Agm if self.at(ids[0], 0)?.sub(&self.at(ids[1], 0)?)?.is_zero() => {
                Some(Whole::Agm)
            }
            SeriesRule::EllipK if self.at(ids[0], 0)?.is_zero() => Some(Whole::EllipK),
            SeriesRule::EllipE if self.at(ids[0], 0)?.is_zero() => Some(Whole::EllipE),
            _ => None,
        };
        if let Some(op) = whole {
            return Ok(self.push(0, Kind::Whole { op, args: ids }, Vec::new()));
        }
        if f.name() == "log" && args.len() == 1 && self.at(ids[0], 0)?.is_zero() {
            return Err(SeriesError::Undefined(format!(
                "log({}) has a logarithmic branch point here: its expansion holds log terms, not a Laurent or Puiseux series",
                crate::expr::print::to_plain(&args[0])
            )));
        }
        // Value at the point first: a pole or an undefined value is reported as such.
        let i = self.push(
            0,
            Kind::Call {
                f,
                args: ids,
                exprs: args.to_vec(),
                derivs: None,
            },
            Vec::new(),
        );
        self.ensure(i, 1)?;
        let call = canon::call(f, args.to_vec())?;
        self.memo.insert(Key(call), i);
        Ok(i)
    }

    /// The nodes of the partial derivatives of f at its arguments (None for constant ones);
    /// a derivative with a pole at the point means f has a branch point there.
    fn derivatives(&mut self, f: Func, args: &[Expr]) -> Result<Vec<Option<usize>>> {
        let mut derivs = Vec::with_capacity(args.len());
        for (k, a) in args.iter().enumerate() {
            if !a.depends_on(&self.var) && !self.depends_on_unknown(a) {
                derivs.push(None);
                continue;
            }
            let d = (f.def().partial)(args, k)?;
            if d.any(&|e| matches!(e.node(), crate::expr::Node::Call(g, _) if *g == f)) {
                self.chain += 1;
                if self.chain > crate::limits::MAX_DERIVATIVE_CHAIN {
                    return Err(SeriesError::Limit {
                        what: format!(
                            "the chain of derivatives of {} this series needs (each coefficient adds a link, computed recursively)",
                            f.name()
                        ),
                        limit: format!(
                            "{} links: ask for a lower order",
                            crate::limits::MAX_DERIVATIVE_CHAIN
                        ),
                    });
                }
            }
            let node = self.node(&d)?;
            if self.val(node) < 0 {
                let lead = self.leading(node, "the derivative")?;
                if self.val(node) + (lead as i64) < 0 {
                    return Err(SeriesError::Undefined(format!(
                        "{}({}) has a branch point here (its derivative has a pole): no power series",
                        f.name(),
                        args.iter()
                            .map(crate::expr::print::to_plain)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            derivs.push(Some(node));
        }
        Ok(derivs)
    }

    /// Coefficients 0..len of a whole-series node (its valuation is 0).
    fn whole(&mut self, op: Whole, args: &[usize], len: usize) -> Result<Vec<C>> {
        let mut inputs = Vec::new();
        for &a in args {
            self.ensure(a, len + (-self.val(a)).max(0) as usize)?;
            let coeffs = (0..len as i64)
                .map(|e| self.at(a, e))
                .collect::<Result<Vec<_>>>()?;
            inputs.push(coeffs);
        }
        match op {
            Whole::Agm => super::dense::agm(&inputs[0], &inputs[1]),
            Whole::EllipK | Whole::EllipE => {
                let pi = C::from_expr(&Expr::constant(Constant::Pi))?;
                super::dense::elliptic(&inputs[0], &pi, matches!(op, Whole::EllipE))
            }
        }
    }
}

fn unreachable_constant(e: &Expr) -> Result<usize> {
    Err(SeriesError::Undefined(format!(
        "internal: constant {} reached the variable case",
        crate::expr::print::to_plain(e)
    )))
}

/// Σ_{j=0..=k} a_j b_{k−j}.
pub fn convolution<C: Coeff>(a: &[C], b: &[C], k: usize) -> Result<C> {
    C::dot(
        (0..=k)
            .map(|j| (&a[j], &b[k - j], 1))
            .filter(|(x, y, _)| !x.is_zero() && !y.is_zero()),
    )
}

/// Coefficient k ≥ 1 of f = u^a from u (u_0 ≠ 0) and f_0..f_{k−1} (J. C. P. Miller):
/// k u_0 f_k = Σ_{j=1..=k} ((a + 1) j − k) u_j f_{k−j}.
pub fn power_step<C: Coeff>(u: &[C], f: &[C], a: &Rational, k: usize) -> Result<C> {
    // With a = p/q the weight (a + 1) j − k is ((p + q) j − q k)/q: integer weights, and the
    // 1/q goes into the final scale.
    let too_large = || SeriesError::Limit {
        what: "the exponent's numerator or denominator".into(),
        limit: "2^31".into(),
    };
    let (p, q) = (a.numer().to_i32(), a.denom().to_i32());
    let (Some(p), Some(q)) = (p, q) else {
        return Err(too_large());
    };
    let (p, q, k_i) = (i64::from(p), i64::from(q), k as i64);
    // |(p + q) j − q k| < 2^33 · 2^31: no overflow for k within the order limit.
    let terms = (1..=k.min(u.len() - 1))
        .map(|j| (&u[j], &f[k - j], (p + q) * j as i64 - q * k_i))
        .filter(|(x, y, w)| *w != 0 && !x.is_zero() && !y.is_zero());
    C::dot(terms)?
        .div(&u[0])?
        .scale(&Rational::from((1, k_i * q)))
}
