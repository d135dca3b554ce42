//! Series commands: `series` (Taylor, Laurent, Puiseux, at infinity), the order term `O`,
//! `coeff`, `coeffs`, `polynomial`, `revert` and `taylor_ode`. The mathematics is in
//! `crate::series`; series values take part in arithmetic (`session::value::arith`) and in
//! `N`, `diff`, `subs` and `expand` (coefficient by coefficient, or on the variable).

use std::sync::Arc;

use rug::Rational;

use super::{Arg, Bound, Command, Kind, Param};
use crate::error::Error;
use crate::expr::{Expr, Number};
use crate::limits;
use crate::math_error::MathError;
use crate::series::ode::{Initial, Problem, taylor};
use crate::series::{AnySeries, Point, expand};
use crate::session::Session;
use crate::session::value::Value;
use crate::span::Span;

const ORDER_MAX: u64 = limits::MAX_SERIES_ORDER;

pub(super) const CONDITIONS: &[Param] = &[Param::optional(
    "conditions",
    Kind::Conditions,
    "required",
    "initial conditions x(t0) = a, x'(t0) = b, ... anywhere among the arguments",
)];

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "series",
        params: &[
            Param::required("expr", Kind::Value, "the expression to expand"),
            Param::optional(
                "x = x0",
                Kind::Point,
                "the one symbol of expr, at 0",
                "the variable and the point: x (at 0), x = x0, or x = inf (a series in 1/x)",
            ),
            Param::with(
                "n",
                Kind::Count {
                    min: 0,
                    max: ORDER_MAX,
                },
                "6",
                "the highest power kept; the order term names the first power not computed",
            ),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Exact Taylor, Laurent or Puiseux series of an expression, at a point or at infinity.",
        details: "Coefficients are exact: rationals when they are rational, else expressions (pi, parameters). Every built-in function has a series rule: exp, log, sin, ... through their derivatives coefficient by coefficient (O(n^2)), tan and friends as quotients (so poles give Laurent series), agm, ellipk and ellipe by the AGM iteration on series. Fractional powers give Puiseux series (exponents in (1/d)Z). Where no such series exists (an essential singularity such as exp(1/x) at 0, a logarithmic branch point such as log(x) at 0, a kink such as abs) the error says so. The result is a series value: it prints with its O-term, re-parses, and works with + - * /, rational powers, diff, subs (composition when the value is a series), N, coeff, coeffs, polynomial and revert.",
        examples: &[
            "series(1/agm(1, cos(x/2)), x, 8)",
            "series(tan(x), x, 7)",
            "series(1/sin(x), x, 6)",
            "series(sqrt(x + x^2), x, 4)",
            "series(exp(x), x = 1, 3)",
            "series(x/(1 + x), x = inf, 4)",
        ],
        run: run_series,
    },
    Command {
        name: "O",
        params: &[Param::required(
            "h^n",
            Kind::Expr,
            "x^n (at 0), (x - x0)^n, or 1/x^n (at infinity)",
        )],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The order term: sin(x) + O(x^5) is a series.",
        details: "An expression added to or multiplied by an order term is expanded to that order, so a printed series re-parses to the same series.",
        examples: &["sin(x) + O(x^5)", "1 + x + x^2/2 + O(x^3)", "O((x - 1)^3)"],
        run: run_order,
    },
    Command {
        name: "coeff",
        params: &[
            Param::required(
                "s",
                Kind::Value,
                "a series (or an expression, expanded at 0 first)",
            ),
            Param::required(
                "k",
                Kind::Expr,
                "the power (a rational number for Puiseux series)",
            ),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The exact coefficient of h^k in a series (h = x - x0, or 1/x at infinity).",
        details: "An error when k is at or beyond the order term (the coefficient is not known).",
        examples: &[
            "coeff(series(tan(x), x, 9), 7)",
            "coeff(series(sqrt(x + x^2), x, 3), 3/2)",
        ],
        run: run_coeff,
    },
    Command {
        name: "coeffs",
        params: &[Param::required("s", Kind::Value, "a series")],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The list of coefficients, from the lowest power present up to the order term, in steps of the exponent unit.",
        details: "For a Taylor series at 0 without a constant term the list starts at the first non-zero power; coeff(s, k) picks one by its power.",
        examples: &["coeffs(series(exp(x), x, 5))"],
        run: run_coeffs,
    },
    Command {
        name: "polynomial",
        params: &[Param::required("s", Kind::Value, "a series")],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The truncated sum of a series as an expression (the O-term dropped).",
        details: "",
        examples: &["polynomial(series(exp(x), x, 4))"],
        run: run_polynomial,
    },
    Command {
        name: "revert",
        params: &[Param::required(
            "s",
            Kind::Value,
            "a series a1*x + a2*x^2 + ... at 0, a1 != 0",
        )],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Series reversion: the series g with s(g(y)) = y, written in the same variable.",
        details: "Computed from g' = 1/s'(g) term by term (exact, O(n^2) per operation). revert(series(x*exp(x), x, 10)) is the Lambert W series.",
        examples: &[
            "revert(series(x*exp(x), x, 6))",
            "revert(series(sin(x), x, 7))",
        ],
        run: run_revert,
    },
    Command {
        name: "taylor_ode",
        params: &[
            Param::required(
                "ode",
                Kind::Equations,
                "the ODE with primes for derivatives (x' = f(t, x), x'' + x = 0), or a list for a system",
            ),
            Param::optional(
                "t",
                Kind::Name,
                "the symbol that is not an unknown",
                "the independent variable",
            ),
            Param::with(
                "n",
                Kind::Count {
                    min: 0,
                    max: ORDER_MAX,
                },
                "8",
                "the highest power of t kept",
            ),
        ],
        variadic: false,
        options: &[CONDITIONS],
        forms: &["taylor_ode([x' = y, y' = -x], x(0) = 1, y(0) = 0, t, n)"],
        summary: "Exact Taylor series of the solution of an initial value problem.",
        details: "Derivatives are written with primes. The equation is solved for each unknown's highest derivative (it must appear linearly), and the series comes from the recurrence on coefficients (the Taylor method), not from repeated differentiation, so high orders are cheap. Initial conditions go anywhere among the arguments; every derivative below the order needs one, all at the same point.",
        examples: &[
            "taylor_ode(x' = sin(x) + t, x(0) = 0, t, 8)",
            "taylor_ode(x'' = -x, x(0) = 1, x'(0) = 0, t, 8)",
            "taylor_ode([x' = y, y' = -x], x(0) = 0, y(0) = 1, t, 6)",
        ],
        run: run_taylor_ode,
    },
    Command {
        name: "partial_sums",
        params: &[
            Param::required(
                "s",
                Kind::Value,
                "a series (a perturb branch, a series(...) result)",
            ),
            Param::required(
                "x = value",
                Kind::Substitutions,
                "the value of the series variable, and of any parameters in the coefficients",
            ),
        ],
        variadic: true,
        options: &[&[
            Param::optional(
                "exact",
                Kind::Value,
                "none",
                "the value the sums should approach (a number, an expression, a root from solve): adds exact and error columns",
            ),
            Param::with(
                "digits",
                Kind::Digits,
                "15",
                "significant digits of each sum",
            ),
            Param::optional(
                "to",
                Kind::Text,
                "no file",
                "also write the table as CSV to this file",
            ),
        ]],
        forms: &[],
        summary: "Table of the partial sums of a series at a point, against an exact value: how fast it converges.",
        details: "Row k sums every term up to power k (one row per power present). With exact = value, the columns exact and error (|sum - exact|) show the convergence, e.g. a perturbation series against the Newton root at that eps. Every printed digit is proven (N). The table stands for the list of its rows.",
        examples: &[
            "partial_sums(series(exp(x), x, 8), x = 1, exact = e)",
            "partial_sums(perturb(eps*x^2 + x - 1, x, eps, 6)[1], eps = 1/10, exact = (sqrt(14/10) - 1)/(2/10))",
        ],
        run: run_partial_sums,
    },
];

fn series_value(s: AnySeries) -> Value {
    Value::Series(Arc::new(s))
}

fn run_series(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let (var, point) = b
        .point("x = x0")
        .ok_or_else(|| Error::usage("series needs the variable", span))?;
    let n = b.count("n").unwrap_or(6) as i64;
    match b.value("expr")?.operand(span)? {
        Value::Expr(e) => expand(&e, &var, &point, n)
            .map(series_value)
            .map_err(|e| Error::math(e, span)),
        Value::Series(s) if s.frame().var == var && s.frame().point == point => s
            .truncated(&Rational::from(n + 1))
            .map(series_value)
            .map_err(|e| Error::math(e, span)),
        Value::Series(s) => s
            .polynomial()
            .and_then(|p| expand(&p, &var, &point, n))
            .map(series_value)
            .map_err(|e| Error::math(e, span)),
        other => Err(Error::usage(
            format!("series expands an expression, not a {}", other.kind()),
            span,
        )),
    }
}

fn run_order(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    crate::series::ops::order_term(&b.expr("h^n")?)
        .map(series_value)
        .map_err(|e| Error::math(e, span))
}

/// The argument as a series: a series value, or an expression expanded at 0 in its one
/// symbol to the default order.
fn series_arg(b: &mut Bound, name: &str) -> Result<Arc<AnySeries>, Error> {
    let span = b.span_of(name);
    match b.value(name)?.operand(span)? {
        Value::Series(s) => Ok(s),
        Value::Expr(e) => {
            let var = super::bind::only_symbol(&e.free_symbols(), b.command, span)?;
            expand(&e, &var, &Point::At(Expr::zero()), 6)
                .map(Arc::new)
                .map_err(|err| Error::math(err, span))
        }
        other => Err(Error::usage(
            format!("expected a series, found a {}", other.kind()),
            span,
        )),
    }
}

fn run_coeff(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let s = series_arg(&mut b, "s")?;
    let k_span = b.span_of("k");
    let k = b.expr("k")?;
    let Some(Number::Exact(q)) = k.as_number() else {
        return Err(Error::usage("the power must be a rational number", k_span));
    };
    s.coefficient(q).map(Value::Expr).ok_or_else(|| {
        Error::usage_hint(
            format!(
                "the coefficient of power {q} is not known: the series is only known below O(h^{})",
                s.order_exponent()
            ),
            k_span,
            "expand to a higher order",
        )
    })
}

fn run_coeffs(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let s = series_arg(&mut b, "s")?;
    let (den, val, order) = s.shape();
    let items = (val..order)
        .filter_map(|e| s.coefficient(&Rational::from((e, den))))
        .map(Value::Expr)
        .collect();
    Ok(Value::List(items))
}

fn run_polynomial(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let s = series_arg(&mut b, "s")?;
    s.polynomial()
        .map(Value::Expr)
        .map_err(|e| Error::math(e, span))
}

fn run_revert(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let s = series_arg(&mut b, "s")?;
    s.revert()
        .map(series_value)
        .map_err(|e| Error::math(e, span))
}

/// The equations, conditions and independent variable of an ODE command, checked.
/// Without a `t` argument the independent variable is inferred, or `fixed` when given (the
/// commands whose solutions are in a time of their own, such as lindstedt's τ).
pub(super) fn ode_problem(
    b: &mut Bound,
    reserved: &[&str],
    fixed: Option<&str>,
) -> Result<(Problem, String), Error> {
    let span = b.span;
    let Some(Arg::Equations { exprs, .. }) = b.take("ode") else {
        return Err(Error::usage("expected the ODE", span));
    };
    let forms: Vec<Expr> = exprs.into_iter().map(|(e, _)| e).collect();
    let t = match b.get("t") {
        Some(Arg::Name(t)) => t.clone(),
        _ => match fixed {
            Some(t) => t.to_string(),
            None => independent(&forms, reserved, span)?,
        },
    };
    let conditions: Vec<Initial> = b
        .conditions("conditions")
        .into_iter()
        .map(|c| Initial {
            unknown: c.unknown,
            order: c.order,
            at: c.at,
            value: c.value,
        })
        .collect();
    let problem = Problem::new(&forms, &conditions, &t).map_err(|e| Error::math(e, span))?;
    Ok((problem, t))
}

/// The independent variable when not given: the one symbol that is neither an unknown (nor
/// its derivative) nor reserved (a perturbation parameter); `t` when there is none.
fn independent(forms: &[Expr], reserved: &[&str], span: Span) -> Result<String, Error> {
    let mut names: Vec<String> = forms
        .iter()
        .flat_map(Expr::free_symbols)
        .filter(|s| !s.ends_with('\'') && !reserved.contains(&s.as_str()))
        .collect();
    names.sort();
    names.dedup();
    let unknowns: Vec<String> = forms
        .iter()
        .flat_map(Expr::free_symbols)
        .filter(|s| s.ends_with('\''))
        .map(|s| s.trim_end_matches('\'').to_string())
        .collect();
    names.retain(|n| !unknowns.contains(n));
    match names.as_slice() {
        [] => Ok("t".into()),
        [one] => Ok(one.clone()),
        many => Err(Error::usage_hint(
            format!("which is the independent variable: {}?", many.join(", ")),
            span,
            "give it after the conditions: taylor_ode(x' = a*x + t, x(0) = 1, t, 8)",
        )),
    }
}

fn run_taylor_ode(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let n = b.count("n").unwrap_or(8) as i64;
    let (problem, t) = ode_problem(&mut b, &[], None)?;
    let solved = taylor(
        &problem.system,
        &problem.initial,
        &t,
        &Point::At(problem.t0.clone()),
        n,
    )
    .map_err(|e: MathError| Error::math(e, span))?;
    // One unknown: its series; a system: the list of series, in the order of the equations.
    let mut values: Vec<Value> = solved.into_iter().map(series_value).collect();
    if values.len() == 1 {
        return Ok(values.remove(0));
    }
    Ok(Value::List(values))
}

/// The substitutions as expressions; a series value is an error outside a series.
pub(super) fn expression_pairs(
    pairs: Vec<(String, Value)>,
    span: Span,
) -> Result<Vec<(String, Expr)>, Error> {
    pairs
        .into_iter()
        .map(|(v, value)| match value {
            Value::Expr(e) => Ok((v, e)),
            other => Err(Error::usage_hint(
                format!("cannot substitute a {} into an expression", other.kind()),
                span,
                "to compose with a series, substitute into a series: subs(series(f, x, 6), x = s)",
            )),
        })
        .collect()
}

/// subs on a series: a series for its variable composes; an expression for its variable
/// evaluates the truncated sum (the O-term is dropped: the result is an expression); other
/// symbols are substituted into the coefficients.
pub(super) fn substitute(
    s: &Arc<AnySeries>,
    pairs: &[(String, Value)],
    span: Span,
) -> Result<Value, Error> {
    let math = |e| Error::math(e, span);
    let var = &s.frame().var;
    let (own, others): (Vec<_>, Vec<_>) = pairs.iter().cloned().partition(|(v, _)| v == var);
    let others = expression_pairs(others, span)?;
    let mut result = (**s).clone();
    if !others.is_empty() {
        result = result
            .map_coefficients(&|c| crate::expr::subst::subs(c, &others))
            .map_err(math)?;
    }
    match own.into_iter().next() {
        None => Ok(series_value(result)),
        Some((_, Value::Series(t))) => result.compose(&t).map(series_value).map_err(math),
        Some((_, Value::Expr(e))) => result
            .polynomial()
            .and_then(|p| crate::expr::subst::subs(&p, &[(var.clone(), e)]))
            .map(Value::Expr)
            .map_err(math),
        Some((_, other)) => Err(Error::usage(
            format!("cannot substitute a {} for {var}", other.kind()),
            span,
        )),
    }
}

/// diff on a series: by its own variable term by term (the order term moves down); by a
/// parameter, coefficient by coefficient.
pub(super) fn differentiate(
    s: &Arc<AnySeries>,
    plan: &[(String, u64)],
    span: Span,
) -> Result<Value, Error> {
    let math = |e| Error::math(e, span);
    let mut result = (**s).clone();
    for (var, n) in plan {
        for _ in 0..*n {
            result = if *var == result.frame().var {
                result.diff()
            } else {
                result.map_coefficients(&|c| crate::expr::diff::diff(c, var))
            }
            .map_err(math)?;
        }
    }
    Ok(series_value(result))
}

fn run_partial_sums(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    use crate::session::value::{Cell, Table};
    let span = b.span;
    let math = |e| Error::math(e, span);
    let s = series_arg(&mut b, "s")?;
    let Some(Arg::Substitutions(pairs)) = b.take("x = value") else {
        return Err(Error::usage("partial_sums needs x = value", span));
    };
    let pairs = expression_pairs(pairs, span)?;
    let var = s.frame().var.clone();
    let Some((_, at)) = pairs.iter().find(|(v, _)| *v == var) else {
        return Err(Error::usage_hint(
            format!("give the value of the series variable: {var} = ..."),
            span,
            format!("partial_sums(s, {var} = 1/10)"),
        ));
    };
    let at = at.clone();
    let digits = b.count("digits").unwrap_or(15) as u32;
    let exact = if b.given("exact") {
        let v = b.value("exact")?.operand(span)?;
        match v {
            Value::Expr(e) => Some(crate::expr::subst::subs(&e, &pairs).map_err(math)?),
            other => {
                return Err(Error::usage(
                    format!("exact must be a number, found a {}", other.kind()),
                    span,
                ));
            }
        }
    } else {
        None
    };
    let (den, _, _) = s.shape();
    let step = Rational::from((1, den));
    let mut rows = Vec::new();
    let number = |e: &Expr, d: u32| -> Result<Cell, Error> {
        let v = crate::numeric::eval::approximate(e, d).map_err(math)?;
        Ok(Cell::number(v.clone(), v.to_string()))
    };
    let exact_cell = exact.as_ref().map(|e| number(e, digits)).transpose()?;
    for (q, _) in s.terms() {
        crate::interrupt::check().map_err(|_| Error::Interrupted)?;
        let partial = s
            .truncated(&Rational::from(&q + &step))
            .and_then(|t| t.polynomial())
            .and_then(|p| crate::expr::subst::subs(&p, &pairs))
            .map_err(math)?;
        let mut row = vec![Cell::text(q.to_string()), number(&partial, digits)?];
        if let (Some(e), Some(cell)) = (&exact, &exact_cell) {
            let error = crate::functions::apply1(
                "abs",
                &crate::expr::canon::sub(partial, e.clone()).map_err(math)?,
            )
            .map_err(math)?;
            row.push(cell.clone());
            row.push(number(&error, 3).unwrap_or_else(|_| Cell::text("< 10^-digits")));
        }
        rows.push(row);
    }
    let mut columns = vec!["order".to_string(), "partial sum".to_string()];
    if exact.is_some() {
        columns.push("exact".into());
        columns.push("error".into());
    }
    let mut table = Table {
        title: format!("partial sums of the series in {var} at {var} = {at}"),
        columns,
        rows,
        path: None,
    };
    if let Some(path) = b.text("to") {
        std::fs::write(&path, table.csv())
            .map_err(|e| Error::io(format!("cannot write {path}: {e}"), span))?;
        table.path = Some(path);
    }
    Ok(Value::report(table))
}
