//! Series as text: terms in increasing powers, each written coefficient first
//! (`5*p^3*eps^2/8`), then the order term (`O(x^9)`). Plain text re-parses to the same series.

use rug::Rational;

use super::{AnySeries, Point};
use crate::expr::print::{Style, to_style};
use crate::expr::{Expr, Node, Number, canon};

/// The series in the given style.
pub fn render(s: &AnySeries, style: Style) -> String {
    let frame = s.frame();
    let mut out = String::new();
    for (q, c) in s.terms() {
        let (sign, body) = term(&c, &q, &frame.var, &frame.point, style);
        push_term(&mut out, sign, &body);
    }
    let order = match power(&s.order_exponent(), &frame.var, &frame.point, style) {
        (body, false) => body,
        (body, true) if style == Style::Latex => format!("\\frac{{1}}{{{body}}}"),
        (body, true) => format!("1/{body}"),
    };
    let big_o = match style {
        Style::Latex => format!("O\\left({order}\\right)"),
        _ => format!("O({order})"),
    };
    push_term(&mut out, false, &big_o);
    out
}

fn push_term(out: &mut String, negative: bool, body: &str) {
    match (out.is_empty(), negative) {
        (true, false) => out.push_str(body),
        (true, true) => {
            out.push('-');
            out.push_str(body);
        }
        (false, false) => {
            out.push_str(" + ");
            out.push_str(body);
        }
        (false, true) => {
            out.push_str(" - ");
            out.push_str(body);
        }
    }
}

/// h^q written out: `x^3`, `(x - 1)^2`, `x^(1/2)`; at infinity x^2 and `true` (it divides).
fn power(q: &Rational, var: &str, point: &Point, style: Style) -> (String, bool) {
    let (base, exponent) = match point {
        Point::Infinity => (Expr::sym(var), Rational::from(-q)),
        Point::At(x0) => (
            canon::sub(Expr::sym(var), x0.clone()).unwrap_or_else(|_| Expr::sym(var)),
            q.clone(),
        ),
    };
    if exponent == 0 {
        return ("1".into(), false);
    }
    // Powers of a sum and negative powers through the expression printer; x^(1/2) stays a
    // power (not sqrt) so that the exponents of the series read alike.
    let base_text = to_style(&base, style);
    let base_text = if matches!(base.node(), Node::Add(_)) {
        match style {
            Style::Latex => format!("\\left({base_text}\\right)"),
            _ => format!("({base_text})"),
        }
    } else {
        base_text
    };
    let (negative, magnitude) = if exponent < 0 {
        (true, Rational::from(-&exponent))
    } else {
        (false, exponent)
    };
    let body = if magnitude == 1 {
        base_text
    } else {
        let e = if *magnitude.denom() == 1 {
            magnitude.numer().to_string()
        } else {
            match style {
                Style::Latex => format!("{}/{}", magnitude.numer(), magnitude.denom()),
                _ => format!("({}/{})", magnitude.numer(), magnitude.denom()),
            }
        };
        match style {
            Style::Latex => format!("{base_text}^{{{e}}}"),
            Style::Unicode if *magnitude.denom() == 1 => match magnitude.numer().to_i64() {
                Some(k) => format!("{base_text}{}", crate::expr::print::superscript(k)),
                None => format!("{base_text}^{e}"),
            },
            _ => format!("{base_text}^{e}"),
        }
    };
    (body, negative)
}

/// One term c·h^q: whether it is subtracted, and its text without the sign.
fn term(c: &Expr, q: &Rational, var: &str, point: &Point, style: Style) -> (bool, String) {
    let (number, rest) = c.split_coefficient();
    let (number, rest) = match number {
        Number::Exact(r) => (r, rest),
        approx => (
            Rational::from(1),
            canon::mul2(Expr::num(approx), rest.clone()).unwrap_or(rest),
        ),
    };
    let negative = number < 0;
    let magnitude = Rational::from(number.abs_ref());
    let (h, divides) = power(q, var, point, style);
    // A coefficient with a denominator of its own (2/sqrt(pi)) reads best as the printer
    // writes the whole product: 2*x/sqrt(pi).
    if rest.any(&|f| matches!(f.node(), Node::Pow(_, x) if x.has_negative_sign())) {
        let term = canon::mul2(c.clone(), h_expr(q, var, point))
            .and_then(|t| if negative { canon::neg(t) } else { Ok(t) })
            .unwrap_or_else(|_| c.clone());
        return (negative, to_style(&term, style));
    }
    let mut factors: Vec<String> = Vec::new();
    if *magnitude.numer() != 1 {
        factors.push(magnitude.numer().to_string());
    }
    if !rest.is_one() {
        let text = to_style(&rest, style);
        factors.push(if matches!(rest.node(), Node::Add(_)) {
            match style {
                Style::Latex => format!("\\left({text}\\right)"),
                _ => format!("({text})"),
            }
        } else {
            text
        });
    }
    if h != "1" && !divides {
        factors.push(h.clone());
    }
    let times = match style {
        Style::Latex => " ",
        Style::Unicode => "·",
        Style::Plain => "*",
    };
    let numerator = if factors.is_empty() {
        "1".to_string()
    } else {
        factors.join(times)
    };
    let mut below: Vec<String> = Vec::new();
    if *magnitude.denom() != 1 {
        below.push(magnitude.denom().to_string());
    }
    if divides {
        below.push(h);
    }
    let body = if below.is_empty() {
        numerator
    } else if style == Style::Latex {
        format!("\\frac{{{numerator}}}{{{}}}", below.join(" "))
    } else {
        let denominator = if below.len() > 1 {
            format!("({})", below.join(times))
        } else {
            below.remove(0)
        };
        format!("{numerator}/{denominator}")
    };
    (negative, body)
}

/// h^q as an expression.
fn h_expr(q: &Rational, var: &str, point: &Point) -> Expr {
    let x = Expr::sym(var);
    let (base, exponent) = match point {
        Point::Infinity => (x, Rational::from(-q)),
        Point::At(x0) => (canon::sub(x.clone(), x0.clone()).unwrap_or(x), q.clone()),
    };
    canon::pow(base, Expr::num(Number::Exact(exponent))).unwrap_or_else(|_| Expr::sym(var))
}
