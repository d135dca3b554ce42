//! The symbolic core: immutable, shared, always-canonical expression trees.
//!
//! An [`Expr`] is built only through the smart constructors in [`canon`], so every value is in
//! normal form: sums and products are flat and sorted, like terms and like powers are collected,
//! exact numbers are folded. Structural equality is therefore mathematical identity up to that
//! normal form, and printing ([`print`]) is a pure function of the tree.

pub mod canon;
pub mod diff;
pub mod number;
pub mod print;
pub mod subst;

use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

pub use number::Number;

use crate::functions::Func;
use crate::math_error::MathError;

/// The named constants of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Constant {
    Pi,
    E,
    I,
}

impl Constant {
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
            Constant::I => "i",
        }
    }
    pub fn from_name(name: &str) -> Option<Constant> {
        match name {
            "pi" | "π" => Some(Constant::Pi),
            "e" => Some(Constant::E),
            "i" => Some(Constant::I),
            _ => None,
        }
    }
}

/// One node of the tree. Construct through [`canon`] only, which keeps the invariants.
#[derive(Debug)]
pub enum Node {
    Num(Number),
    Const(Constant),
    Sym(Arc<str>),
    /// At least two terms, flat, sorted, like terms collected, at most one number (first).
    Add(Vec<Expr>),
    /// At least two factors, flat, sorted, like bases collected, at most one number (first).
    Mul(Vec<Expr>),
    Pow(Expr, Expr),
    /// A registry function applied to its arguments.
    Call(Func, Vec<Expr>),
}

/// The children of a node (see [`Expr::children`]).
fn node_children(node: &Node) -> impl Iterator<Item = &Expr> {
    let (many, pair): (&[Expr], Option<[&Expr; 2]>) = match node {
        Node::Add(v) | Node::Mul(v) | Node::Call(_, v) => (v, None),
        Node::Pow(b, x) => (&[], Some([b, x])),
        Node::Num(_) | Node::Const(_) | Node::Sym(_) => (&[], None),
    };
    many.iter().chain(pair.into_iter().flatten())
}

#[derive(Debug)]
struct Inner {
    node: Node,
    /// Number of nodes in the tree (saturating), for resource limits.
    size: usize,
    /// The nodes plus the 64-bit limbs of the numbers in them (saturating): what arithmetic
    /// on the tree costs when its numbers are long (the derivatives of sigmoid(x^(1e-300))
    /// have few nodes but coefficients of thousands of bits).
    weight: usize,
}

/// A canonical expression; cheap to clone (an `Arc`).
#[derive(Debug, Clone)]
pub struct Expr(Arc<Inner>);

impl Expr {
    /// Wrap a node without canonicalising: only [`canon`] calls this.
    fn from_node(node: Node) -> Expr {
        let (size, weight) = node_children(&node).fold((1usize, 1usize), |(s, w), e| {
            (s.saturating_add(e.size()), w.saturating_add(e.weight()))
        });
        let limbs = match &node {
            Node::Num(n) => (n.bits() / 64) as usize,
            _ => 0,
        };
        Expr(Arc::new(Inner {
            node,
            size,
            weight: weight.saturating_add(limbs),
        }))
    }
    pub fn node(&self) -> &Node {
        &self.0.node
    }
    /// Number of nodes in the tree.
    pub fn size(&self) -> usize {
        self.0.size
    }
    /// Nodes plus the 64-bit limbs of the numbers in the tree (shared subtrees counted each
    /// time, as in [`Expr::size`]).
    pub fn weight(&self) -> usize {
        self.0.weight
    }

    pub fn num(n: Number) -> Expr {
        Expr::from_node(Node::Num(n))
    }
    pub fn int(n: i64) -> Expr {
        Expr::num(Number::int(n))
    }
    pub fn rational(num: i64, den: i64) -> Expr {
        Expr::num(Number::rational(num, den))
    }
    /// 0 (shared: the constructors create it constantly).
    pub fn zero() -> Expr {
        static ZERO: LazyLock<Expr> = LazyLock::new(|| Expr::int(0));
        ZERO.clone()
    }
    /// 1 (shared).
    pub fn one() -> Expr {
        static ONE: LazyLock<Expr> = LazyLock::new(|| Expr::int(1));
        ONE.clone()
    }
    pub fn sym(name: &str) -> Expr {
        Expr::from_node(Node::Sym(Arc::from(name)))
    }
    pub fn constant(c: Constant) -> Expr {
        Expr::from_node(Node::Const(c))
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self.node() {
            Node::Num(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_symbol(&self) -> Option<&str> {
        match self.node() {
            Node::Sym(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_zero(&self) -> bool {
        self.as_number().is_some_and(Number::is_zero)
    }
    pub fn is_one(&self) -> bool {
        self.as_number().is_some_and(Number::is_one)
    }
    /// The direct subexpressions: the operands of a sum or product, the arguments of a call,
    /// base and exponent of a power. The one traversal the generic walks use.
    pub fn children(&self) -> impl Iterator<Item = &Expr> {
        node_children(self.node())
    }
    /// Whether `p` holds for this node or any node below it.
    pub fn any(&self, p: &impl Fn(&Expr) -> bool) -> bool {
        p(self) || self.children().any(|c| c.any(p))
    }
    /// The same operation applied to children mapped by `f`, canonicalised again.
    pub fn map_children(
        &self,
        f: &mut impl FnMut(&Expr) -> Result<Expr, MathError>,
    ) -> Result<Expr, MathError> {
        let mut all = |v: &[Expr]| v.iter().map(&mut *f).collect::<Result<Vec<_>, _>>();
        match self.node() {
            Node::Num(_) | Node::Const(_) | Node::Sym(_) => Ok(self.clone()),
            Node::Add(v) => canon::add(all(v)?),
            Node::Mul(v) => canon::mul(all(v)?),
            Node::Call(g, v) => canon::call(*g, all(v)?),
            Node::Pow(b, x) => {
                let b = f(b)?;
                canon::pow(b, f(x)?)
            }
        }
    }
    /// True when no symbol occurs (the value is a definite number, possibly irrational).
    pub fn is_constant(&self) -> bool {
        !self.any(&|e| matches!(e.node(), Node::Sym(_)))
    }
    /// Whether the symbol `var` occurs in the tree.
    pub fn depends_on(&self, var: &str) -> bool {
        self.any(&|e| matches!(e.node(), Node::Sym(s) if &**s == var))
    }
    /// The symbols occurring in the tree, sorted and without repeats.
    pub fn free_symbols(&self) -> Vec<String> {
        fn walk(e: &Expr, out: &mut Vec<String>) {
            if let Node::Sym(s) = e.node() {
                out.push(s.to_string());
            }
            e.children().for_each(|c| walk(c, out));
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out.sort();
        out.dedup();
        out
    }

    /// Split into numeric coefficient and the remaining factor: `3*x*y` → (3, `x*y`).
    pub fn split_coefficient(&self) -> (Number, Expr) {
        match self.node() {
            Node::Num(n) => (n.clone(), Expr::one()),
            Node::Mul(f) => match f[0].node() {
                Node::Num(n) => {
                    let rest = if f.len() == 2 {
                        f[1].clone()
                    } else {
                        Expr::from_node(Node::Mul(f[1..].to_vec()))
                    };
                    (n.clone(), rest)
                }
                _ => (Number::one(), self.clone()),
            },
            _ => (Number::one(), self.clone()),
        }
    }
    /// Split into base and exponent: `x^3` → (x, 3); anything else has exponent 1.
    pub fn split_power(&self) -> (Expr, Expr) {
        match self.node() {
            Node::Pow(b, e) => (b.clone(), e.clone()),
            _ => (self.clone(), Expr::one()),
        }
    }
    /// True when the printed form starts with a minus sign (a negative coefficient).
    pub fn has_negative_sign(&self) -> bool {
        match self.node() {
            Node::Num(n) => n.is_negative(),
            Node::Mul(f) => f[0].as_number().is_some_and(Number::is_negative),
            _ => false,
        }
    }

    fn rank(&self) -> u8 {
        match self.node() {
            Node::Num(_) => 0,
            Node::Const(_) => 1,
            Node::Sym(_) => 2,
            Node::Call(..) => 3,
            Node::Pow(..) => 4,
            Node::Mul(_) => 5,
            Node::Add(_) => 6,
        }
    }

    /// The deterministic total order that canonical sums and products are sorted by.
    pub fn cmp_canonical(&self, other: &Expr) -> Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            return Ordering::Equal;
        }
        match (self.node(), other.node()) {
            (Node::Num(a), Node::Num(b)) => a.cmp_canonical(b),
            (Node::Const(a), Node::Const(b)) => a.cmp(b),
            (Node::Sym(a), Node::Sym(b)) => a.cmp(b),
            (Node::Call(f, a), Node::Call(g, b)) => f.cmp(g).then_with(|| cmp_slices(a, b)),
            (Node::Pow(b1, e1), Node::Pow(b2, e2)) => {
                b1.cmp_canonical(b2).then_with(|| e1.cmp_canonical(e2))
            }
            (Node::Mul(a), Node::Mul(b)) | (Node::Add(a), Node::Add(b)) => cmp_slices(a, b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

pub(crate) fn cmp_slices(a: &[Expr], b: &[Expr]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = x.cmp_canonical(y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.cmp_canonical(other) == Ordering::Equal
    }
}
impl Eq for Expr {}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&print::to_plain(self))
    }
}
