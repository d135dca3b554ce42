//! Printing: plain text that re-parses to the same tree, Unicode for reading, LaTeX for papers.
//!
//! Printing is a pure function of the canonical tree. Sums are shown in descending degree with
//! the constant last (`3*x^2 - 2`); products put negative powers in a denominator (`x/2`,
//! `1/sqrt(x)`); `e^x` prints as `exp(x)` and `x^(1/2)` as `sqrt(x)`.

use std::cmp::Ordering;

use rug::Integer;

use super::number::Number;
use super::{Constant, Expr, Node};

/// Output notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Unicode,
    Latex,
}

/// Binding strength of what was printed, to decide where parentheses go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    Product,
    Power,
    Atom,
}

pub fn to_plain(e: &Expr) -> String {
    to_style(e, Style::Plain)
}
pub fn to_unicode(e: &Expr) -> String {
    to_style(e, Style::Unicode)
}
pub fn to_latex(e: &Expr) -> String {
    to_style(e, Style::Latex)
}
pub fn to_style(e: &Expr, style: Style) -> String {
    Printer { style }.expr(e).0
}

/// Symbol → exponent of the polynomial part of a term (`3*x^2*y*sin(x)` → {x: 2, y: 1}).
fn monomial(e: &Expr) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = Vec::new();
    let factors = match e.node() {
        Node::Mul(f) => f.clone(),
        _ => vec![e.clone()],
    };
    for f in &factors {
        let (b, x) = f.split_power();
        if let (Some(name), Some(n)) = (b.as_symbol(), x.as_number().and_then(Number::to_i64)) {
            out.push((name.to_string(), n));
        }
    }
    out.sort();
    out
}

/// Polynomial degree for display purposes: (y - 1)^2 has degree 2, sin(x) degree 0.
fn degree(e: &Expr) -> i64 {
    match e.node() {
        Node::Sym(_) => 1,
        Node::Pow(b, x) => x
            .as_number()
            .and_then(Number::to_i64)
            .map_or(0, |n| n.saturating_mul(degree(b))),
        Node::Mul(f) => f.iter().map(degree).fold(0, i64::saturating_add),
        Node::Add(t) => t.iter().map(degree).max().unwrap_or(0),
        _ => 0,
    }
}

/// Display order of sum terms: graded lexicographic on the polynomial part (x^2, x*y, y^2, x,
/// y, then constants), ties broken by the canonical order.
fn cmp_terms(a: &Expr, b: &Expr) -> Ordering {
    match (a.as_number().is_some(), b.as_number().is_some()) {
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (ma, mb) = (monomial(a), monomial(b));
    degree(b)
        .cmp(&degree(a))
        .then_with(|| {
            for (x, y) in ma.iter().zip(&mb) {
                let o = x.0.cmp(&y.0).then_with(|| y.1.cmp(&x.1));
                if o != Ordering::Equal {
                    return o;
                }
            }
            mb.len().cmp(&ma.len())
        })
        .then_with(|| a.cmp_canonical(b))
}

/// Display rank of a factor in a product: constants, then powers of symbols (alphabetical),
/// then other powers, then function calls, then parenthesised sums.
fn factor_rank(e: &Expr) -> u8 {
    match e.node() {
        Node::Num(_) => 0,
        Node::Const(_) => 1,
        Node::Sym(_) => 2,
        Node::Pow(b, _) if b.as_symbol().is_some() => 2,
        Node::Pow(b, x)
            if x.as_number().is_some_and(|n| *n == Number::rational(1, 2)) && b.is_constant() =>
        {
            1
        }
        Node::Pow(b, _) if matches!(b.node(), Node::Const(Constant::E)) => 4,
        Node::Pow(..) => 3,
        Node::Call(..) => 4,
        Node::Mul(_) | Node::Add(_) => 5,
    }
}

fn cmp_factors(a: &Expr, b: &Expr) -> Ordering {
    let (ra, rb) = (factor_rank(a), factor_rank(b));
    let by_base = || {
        if ra == 2 {
            a.split_power().0.cmp_canonical(&b.split_power().0)
        } else {
            Ordering::Equal
        }
    };
    ra.cmp(&rb)
        .then_with(by_base)
        .then_with(|| a.cmp_canonical(b))
}

struct Printer {
    style: Style,
}

impl Printer {
    fn paren(&self, s: &str) -> String {
        match self.style {
            Style::Latex => format!("\\left({s}\\right)"),
            _ => format!("({s})"),
        }
    }
    fn at_least(&self, (s, p): (String, Prec), need: Prec) -> String {
        if p < need { self.paren(&s) } else { s }
    }
    fn minus(&self) -> &'static str {
        match self.style {
            Style::Unicode => "−",
            _ => "-",
        }
    }
    fn times(&self) -> &'static str {
        match self.style {
            Style::Plain => "*",
            Style::Unicode => "·",
            Style::Latex => " \\cdot ",
        }
    }

    /// Factors of a product: in LaTeX juxtaposed (`12 \\pi x^{11}`) except before a number,
    /// where `\\cdot` keeps `2 \\cdot 3^{x}` from reading as 23^x; `*` or `·` otherwise.
    fn join_factors(&self, parts: &[String]) -> String {
        if self.style != Style::Latex {
            return parts.join(self.times());
        }
        let mut out = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(if p.starts_with(|c: char| c.is_ascii_digit()) {
                    self.times()
                } else {
                    " "
                });
            }
            out.push_str(p);
        }
        out
    }

    fn expr(&self, e: &Expr) -> (String, Prec) {
        match e.node() {
            Node::Num(n) => self.number(n),
            Node::Const(c) => (self.constant(*c), Prec::Atom),
            Node::Sym(s) => (self.symbol(s), Prec::Atom),
            Node::Add(terms) => self.sum(terms),
            Node::Mul(_) => {
                let (c, rest) = e.split_coefficient();
                let factors = match rest.node() {
                    Node::Mul(f) => f.clone(),
                    _ => vec![rest.clone()],
                };
                self.product(&c, &factors)
            }
            Node::Pow(_, x) if x.as_number().is_some_and(Number::is_negative) => {
                self.product(&Number::one(), std::slice::from_ref(e))
            }
            Node::Pow(b, x) => self.power(b, x),
            Node::Call(f, args) => (self.call(f.name(), args), Prec::Atom),
        }
    }

    fn number(&self, n: &Number) -> (String, Prec) {
        let text = n.to_text();
        let negative = n.is_negative();
        let (text, prec) = match n {
            Number::Exact(r) if *r.denom() != 1 => {
                let p = match self.style {
                    Style::Latex => format!(
                        "\\frac{{{}}}{{{}}}",
                        Integer::from(r.numer().abs_ref()),
                        r.denom()
                    ),
                    _ => format!("{}/{}", Integer::from(r.numer().abs_ref()), r.denom()),
                };
                (
                    if negative {
                        format!("{}{p}", self.minus())
                    } else {
                        p
                    },
                    Prec::Product,
                )
            }
            _ => {
                let t = if negative && self.style == Style::Unicode {
                    text.replacen('-', "−", 1)
                } else {
                    text
                };
                // LaTeX writes 3.14e30 as 3.14 \times 10^{30}.
                if self.style == Style::Latex
                    && let Some((mantissa, exponent)) = t.split_once('e')
                {
                    let body = format!("{mantissa} \\times 10^{{{exponent}}}");
                    return (body, if negative { Prec::Sum } else { Prec::Product });
                }
                (t, if negative { Prec::Sum } else { Prec::Atom })
            }
        };
        (text, if negative { Prec::Sum } else { prec })
    }

    fn constant(&self, c: Constant) -> String {
        match (self.style, c) {
            (Style::Unicode, Constant::Pi) => "π".into(),
            (Style::Latex, Constant::Pi) => "\\pi".into(),
            (Style::Latex, Constant::I) => "\\mathrm{i}".into(),
            (Style::Latex, Constant::E) => "\\mathrm{e}".into(),
            _ => c.name().into(),
        }
    }

    fn symbol(&self, s: &str) -> String {
        if self.style == Style::Latex && s.chars().count() > 1 {
            format!("\\mathit{{{s}}}")
        } else {
            s.to_string()
        }
    }

    fn sum(&self, terms: &[Expr]) -> (String, Prec) {
        let mut ordered: Vec<&Expr> = terms.iter().collect();
        ordered.sort_by(|a, b| cmp_terms(a, b));
        // A constant sum reads number first: 2 + 3*i, 1 + pi.
        if terms.iter().all(Expr::is_constant)
            && ordered.last().is_some_and(|t| t.as_number().is_some())
        {
            ordered.rotate_right(1);
        }
        // Lead with a positive term when there is one: 1 - x^2 rather than -x^2 + 1.
        if ordered[0].has_negative_sign()
            && let Some(k) = ordered.iter().position(|t| !t.has_negative_sign())
        {
            let first = ordered.remove(k);
            ordered.insert(0, first);
        }
        let mut out = String::new();
        for (k, t) in ordered.iter().enumerate() {
            let negative = t.has_negative_sign();
            let shown = if negative && k > 0 {
                self.negated(t)
            } else {
                self.expr(t).0
            };
            if k == 0 {
                out.push_str(&shown);
            } else {
                out.push_str(if negative {
                    if self.style == Style::Unicode {
                        " − "
                    } else {
                        " - "
                    }
                } else {
                    " + "
                });
                out.push_str(&shown);
            }
        }
        (out, Prec::Sum)
    }

    /// The text of `-t` for a term printed after a minus sign.
    fn negated(&self, t: &Expr) -> String {
        let (c, rest) = t.split_coefficient();
        let factors = match rest.node() {
            Node::Mul(f) => f.clone(),
            Node::Num(_) => vec![],
            _ => vec![rest.clone()],
        };
        let (s, p) = self.product(&c.neg(), &factors);
        // "a - (b + c)" never arises (terms are not sums), but keep products safe.
        if p < Prec::Product { self.paren(&s) } else { s }
    }

    fn product(&self, coeff: &Number, factors: &[Expr]) -> (String, Prec) {
        let negative = coeff.is_negative();
        let magnitude = if negative { coeff.neg() } else { coeff.clone() };
        let mut numerator: Vec<String> = Vec::new();
        let mut denominator: Vec<(String, Prec)> = Vec::new();
        match &magnitude {
            Number::Exact(r) => {
                if *r.numer() != 1 || factors.is_empty() {
                    numerator.push(r.numer().to_string());
                }
                if *r.denom() != 1 {
                    denominator.push((r.denom().to_string(), Prec::Atom));
                }
            }
            Number::Approx { .. } => numerator.push(magnitude.to_text()),
        }
        let mut factors: Vec<&Expr> = factors.iter().collect();
        factors.sort_by(|a, b| cmp_factors(a, b));
        for f in factors.iter().copied() {
            match f.node() {
                Node::Pow(b, x) if x.as_number().is_some_and(Number::is_negative) => {
                    let positive = x.as_number().map(Number::neg).unwrap_or_else(Number::one);
                    if positive.is_one() {
                        denominator.push(self.expr(b));
                    } else {
                        denominator.push(self.power(b, &Expr::num(positive)));
                    }
                }
                _ => numerator.push(self.at_least(self.expr(f), Prec::Product)),
            }
        }
        let sign = if negative { self.minus() } else { "" };
        let factors: Vec<Expr> = factors.into_iter().cloned().collect();
        if denominator.is_empty() {
            let body = self.join_factors(&numerator);
            let prec = if negative {
                Prec::Sum
            } else if numerator.len() > 1 {
                Prec::Product
            } else {
                self.single_prec(&factors, coeff)
            };
            return (format!("{sign}{body}"), prec);
        }
        let num = if numerator.is_empty() {
            "1".to_string()
        } else {
            self.join_factors(&numerator)
        };
        if self.style == Style::Latex {
            let den: Vec<String> = denominator.into_iter().map(|d| d.0).collect();
            return (
                format!("{sign}\\frac{{{num}}}{{{}}}", self.join_factors(&den)),
                if negative { Prec::Sum } else { Prec::Product },
            );
        }
        let den = if denominator.len() == 1 {
            let d = denominator.remove(0);
            self.at_least(d, Prec::Power)
        } else {
            let parts: Vec<String> = denominator
                .into_iter()
                .map(|d| self.at_least(d, Prec::Product))
                .collect();
            self.paren(&parts.join(self.times()))
        };
        (
            format!("{sign}{num}/{den}"),
            if negative { Prec::Sum } else { Prec::Product },
        )
    }

    /// Precedence of a product that printed as one factor (its coefficient was 1).
    fn single_prec(&self, factors: &[Expr], coeff: &Number) -> Prec {
        match factors {
            [f] if coeff.is_one() => self.expr(f).1,
            [] => Prec::Atom,
            _ => Prec::Product,
        }
    }

    fn power(&self, b: &Expr, x: &Expr) -> (String, Prec) {
        if matches!(b.node(), Node::Const(Constant::E)) {
            return match self.style {
                Style::Latex => (format!("\\mathrm{{e}}^{{{}}}", self.expr(x).0), Prec::Power),
                _ => (self.call("exp", std::slice::from_ref(x)), Prec::Atom),
            };
        }
        if x.as_number().is_some_and(|n| *n == Number::rational(1, 2)) {
            return (self.call("sqrt", std::slice::from_ref(b)), Prec::Atom);
        }
        let base = self.at_least(self.expr(b), Prec::Atom);
        let small_integer = x.as_number().and_then(Number::to_i64).filter(|n| *n >= 0);
        let exponent = match self.style {
            Style::Latex => format!("^{{{}}}", self.expr(x).0),
            Style::Unicode if small_integer.is_some() => {
                small_integer.map(superscript).unwrap_or_default()
            }
            _ => {
                let (s, p) = self.expr(x);
                format!(
                    "^{}",
                    if p == Prec::Atom && !x.has_negative_sign() {
                        s
                    } else {
                        self.paren(&s)
                    }
                )
            }
        };
        (format!("{base}{exponent}"), Prec::Power)
    }

    fn call(&self, name: &str, args: &[Expr]) -> String {
        let parts: Vec<String> = args.iter().map(|a| self.expr(a).0).collect();
        let joined = parts.join(", ");
        match self.style {
            Style::Plain => format!("{name}({joined})"),
            Style::Unicode => match name {
                "sqrt" => {
                    if args.len() == 1 && self.expr(&args[0]).1 == Prec::Atom {
                        format!("√{joined}")
                    } else {
                        format!("√({joined})")
                    }
                }
                _ => format!("{name}({joined})"),
            },
            Style::Latex => {
                let latex = crate::functions::Func::lookup(name).map_or("", |f| f.def().latex);
                if latex.contains('#') {
                    // #1, #2: the arguments; #*: all of them.
                    let mut out = latex.replace("#*", &joined);
                    for (i, p) in parts.iter().enumerate().rev() {
                        out = out.replace(&format!("#{}", i + 1), p);
                    }
                    out
                } else if latex.is_empty() {
                    format!("\\operatorname{{{name}}}\\left({joined}\\right)")
                } else {
                    format!("{latex}\\left({joined}\\right)")
                }
            }
        }
    }
}

/// An integer in superscript digits (`x²`, `x¹⁰`); a minus sign becomes `⁻`.
pub fn superscript(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '-' => '⁻',
            _ => '⁹',
        })
        .collect()
}
