//! Calculus and algebra commands: `N` (numbers with every printed digit proven), `diff`,
//! `subs` and `expand`.

use super::{Arg, Bound, Command, Kind, Param};
use crate::error::Error;
use crate::expr::diff::diff_n;
use crate::expr::subst::{expand, subs};
use crate::expr::{Expr, Node, canon};
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::eval::approximate;
use crate::session::Session;
use crate::session::value::Value;

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "N",
        params: &[
            Param::required(
                "expr",
                Kind::Value,
                "what to evaluate: an expression, equation, list, or a root to refine",
            ),
            Param::optional(
                "digits",
                Kind::Digits,
                "15, or --digits",
                "significant digits, every one correct",
            ),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Numeric value with every printed digit proven.",
        details: "Evaluated in ball arithmetic (Arb), the precision raised until the whole enclosure rounds to the same digits (ties to even). A value that cannot be separated from 0 is an error with its bound; an imaginary part below the printed precision that cannot be separated from 0 is omitted. Results carry their radius, so later arithmetic shows only surviving digits. Complex where the mathematics is complex (N(sqrt(-4)) is 2*i); branch cuts are stated in help of each function. Constant parts of an expression with symbols are evaluated, the rest kept. N of a root from solve or roots refines it to the digits asked, certified again.",
        examples: &[
            "N(pi, 50)",
            "N(erf(1/2), 30)",
            "N(log(-1))",
            "N(x + pi)",
            "N(pi, digits = 30)",
        ],
        run: run_n,
    },
    Command {
        name: "diff",
        params: &[
            Param::required(
                "expr",
                Kind::Value,
                "the expression (or both sides of an equation, or each item of a list)",
            ),
            Param::optional(
                "x",
                Kind::Derivatives,
                "the one symbol of expr",
                "variables, each optionally followed by its order: x, 3 or x, y",
            ),
        ],
        variadic: true,
        options: &[],
        forms: &[],
        summary: "Symbolic derivative (any order, mixed partials by listing variables).",
        details: "The variable may be omitted when the expression has exactly one symbol. diff(f, x, n) is the n-th derivative; diff(f, x, y) the mixed partial.",
        examples: &[
            "diff(sin(x)^2, x)",
            "diff(x^x, x)",
            "diff(exp(-x^2), x, 3)",
            "diff(x^2*y^3, x, y)",
        ],
        run: run_diff,
    },
    Command {
        name: "subs",
        params: &[
            Param::required("expr", Kind::Value, "where to substitute"),
            Param::required(
                "x = value",
                Kind::Substitutions,
                "substitutions, a list of them, or a root from solve",
            ),
        ],
        variadic: true,
        options: &[],
        forms: &["subs(expr, [x = a, y = b])"],
        summary: "Substitute values or expressions for symbols (simultaneously) and simplify.",
        details: "Given the result of solve, substitutes the root's value for its variable.",
        examples: &["subs(x^2 + y, x = 3)", "subs(sin(x)*y, [x = pi/2, y = 2])"],
        run: run_subs,
    },
    Command {
        name: "expand",
        params: &[Param::required("expr", Kind::Value, "the expression")],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Multiply out products and positive integer powers of sums.",
        details: "",
        examples: &["expand((x + 1)^3)", "expand((a + b)*(a - b))"],
        run: run_expand,
    },
];

/// Evaluate the constant parts of `e` numerically; exact exponents stay exact (`x^2`).
fn approximate_parts(e: &Expr, digits: u32) -> Result<Expr, MathError> {
    if e.is_constant() {
        return approximate(e, digits);
    }
    match e.node() {
        // Exact exponents stay exact (x^2, not x^2.00000).
        Node::Pow(b, x) if x.as_number().is_some_and(|n| n.is_exact()) => {
            canon::pow(approximate_parts(b, digits)?, x.clone())
        }
        _ => e.map_children(&mut |c| approximate_parts(c, digits)),
    }
}

fn run_n(session: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let digits = b.count("digits").map_or(session.settings.digits, |d| {
        u32::try_from(d).unwrap_or(u32::MAX)
    });
    let span = b.span;
    let v = b.value("expr")?;
    if let Some(refined) = v.refine(digits) {
        return refined;
    }
    v.map_exprs(span, &|e| approximate_parts(e, digits))
}

fn run_diff(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let plan = match b.take("x") {
        Some(Arg::Derivatives(plan)) if !plan.is_empty() => plan,
        _ => vec![(
            super::bind::only_symbol(
                &b.get("expr")
                    .map(super::bind::subject_symbols)
                    .unwrap_or_default(),
                "diff",
                span,
            )?,
            1,
        )],
    };
    let total: u64 = plan.iter().map(|p| p.1).sum();
    if total > limits::MAX_DIFF_ORDER {
        return Err(Error::math(
            MathError::TooLarge {
                what: format!("derivative order {total}"),
                limit: limits::MAX_DIFF_ORDER.to_string(),
            },
            span,
        ));
    }
    let value = b.value("expr")?.operand(span)?;
    if let Value::Series(s) = &value {
        return super::series::differentiate(s, &plan, span);
    }
    value.map_exprs(span, &|e| {
        let mut d = e.clone();
        for (var, n) in &plan {
            d = diff_n(&d, var, *n)?;
        }
        Ok(d)
    })
}

fn run_subs(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let Some(Arg::Substitutions(pairs)) = b.take("x = value") else {
        return Err(Error::usage("subs needs x = value", b.span));
    };
    let span = b.span;
    let value = b.value("expr")?.operand(span)?;
    if let Value::Series(s) = &value {
        return super::series::substitute(s, &pairs, span);
    }
    let pairs = super::series::expression_pairs(pairs, span)?;
    value.map_exprs(span, &|e| subs(e, &pairs))
}

fn run_expand(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    b.value("expr")?.map_exprs(span, &expand)
}
