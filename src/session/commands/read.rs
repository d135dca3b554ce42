//! Reading one argument as its [`Kind`] says: expressions, equations and systems, starts,
//! ranges, counts with bounds, reals, flags, texts, choices, substitutions and derivative plans.
//! Each check (and its message) exists once, for every command.

use num_complex::Complex64;

use super::bound::Arg;
use super::{Kind, Param};
use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::limits;
use crate::math_error::MathError;
use crate::session::Session;
use crate::session::value::Value;
use crate::solve::one::Start;
use crate::span::Span;
use crate::syntax::ast::{Ast, AstKind};

/// Read one argument as `param.kind` says.
pub(super) fn bind_one(
    session: &mut Session,
    param: &Param,
    ast: &Ast,
    cmd: &str,
) -> Result<Arg, Error> {
    let name = param.name;
    Ok(match param.kind {
        Kind::Value => {
            if let AstKind::Equation(l, r) = &ast.kind
                && matches!((&l.kind, &r.kind), (AstKind::Name(_), AstKind::List(_)))
            {
                return Err(range_too_early(cmd, ast.span));
            }
            Arg::Value(session.lower(ast)?)
        }
        Kind::Expr => Arg::Expr(session.lower_expr(ast)?),
        Kind::Plain => Arg::Value(session.lower(ast)?),
        Kind::Equations => equations(session, ast)?,
        Kind::Starts => starts(session, ast)?,
        Kind::Range => range(session, ast, cmd, false)?,
        Kind::LineRange => range(session, ast, cmd, true)?,
        Kind::Interval => Arg::Interval(real_range(session, ast, name, false)?),
        Kind::Kernel => kernel(session, ast)?,
        Kind::Digits => Arg::Count(count(
            session,
            ast,
            "the number of digits",
            1,
            limits::MAX_DIGITS,
        )?),
        Kind::Count { min, max } => Arg::Count(count(session, ast, name, min, max)?),
        Kind::Real { min, max } => Arg::Real(real(session, ast, name, (min, max))?),
        Kind::Texts => Arg::Texts(texts(session, ast)?),
        Kind::Substitutions => substitutions(session, &[ast])?,
        Kind::Derivatives => derivatives(session, &[ast])?,
        Kind::Size { min, max } => Arg::Size(size(session, ast, min, max)?),
        Kind::Point => point(session, ast)?,
        Kind::Conditions => conditions(session, &[ast])?,
        Kind::Variable | Kind::Flag | Kind::Text | Kind::Choice(_) | Kind::Name => {
            written(param, ast, cmd)?
        }
    })
}

/// The kinds read from the text as written, not evaluated: a variable, a flag, a text, a
/// choice, a name.
fn written(param: &Param, ast: &Ast, cmd: &str) -> Result<Arg, Error> {
    let name = param.name;
    let word = match &ast.kind {
        AstKind::Name(n) | AstKind::Str(n) => Some(n.as_str()),
        AstKind::Call { name, .. } if param.kind == Kind::Name => Some(name.as_str()),
        _ => None,
    };
    let is_text = matches!(ast.kind, AstKind::Str(_));
    match (param.kind, word) {
        (Kind::Variable, Some(n)) if !is_text => Ok(Arg::Variable(n.to_string())),
        (Kind::Variable, _) => Err(Error::usage_hint(
            "expected the variable",
            ast.span,
            format!("write {cmd}(expr, x)"),
        )),
        (Kind::Flag, Some("true")) if !is_text => Ok(Arg::Flag(true)),
        (Kind::Flag, Some("false")) if !is_text => Ok(Arg::Flag(false)),
        (Kind::Flag, _) => Err(Error::usage(format!("{name} is true or false"), ast.span)),
        (Kind::Text, Some(t)) if is_text => Ok(Arg::Text(t.to_string())),
        (Kind::Text, _) => Err(Error::usage_hint(
            format!("{name} must be a text in quotes"),
            ast.span,
            format!("{name} = \"...\""),
        )),
        (Kind::Choice(choices), word) => {
            let word = word.unwrap_or("");
            match choices.iter().find(|c| c.eq_ignore_ascii_case(word)) {
                Some(c) => Ok(Arg::Choice(c)),
                None => Err(Error::usage(
                    format!("unknown {name} '{word}' ({})", choices.join(", ")),
                    ast.span,
                )),
            }
        }
        (_, Some(n)) if !is_text => Ok(Arg::Name(n.to_string())),
        _ => Err(Error::usage_hint(
            format!("{cmd} needs a name"),
            ast.span,
            format!("e.g. {cmd}(sin) or {cmd}(N)"),
        )),
    }
}

/// The variable and the value of `x = value`; errors say what was expected (`missing`: the
/// message and hint when it is not an equation; `side`: what it is, and the hint, when its
/// left side is not a name).
fn binding<'a>(
    ast: &'a Ast,
    missing: (&str, &str),
    side: (&str, &str),
) -> Result<(&'a String, &'a Ast), Error> {
    let AstKind::Equation(l, r) = &ast.kind else {
        return Err(Error::usage_hint(missing.0, ast.span, missing.1));
    };
    let AstKind::Name(var) = &l.kind else {
        return Err(Error::usage_hint(
            format!("the left side of the {} must be the variable", side.0),
            l.span,
            side.1,
        ));
    };
    Ok((var, r))
}

/// `x = [a, b]`: the variable and a real range (with `infinite`, `-inf` and `inf` ends too).
fn range(session: &mut Session, ast: &Ast, cmd: &str, infinite: bool) -> Result<Arg, Error> {
    let (var, r) = binding(
        ast,
        (
            &format!("unexpected argument of {cmd}"),
            "give the range as x = [a, b] and options as name = value",
        ),
        ("range", "write x = [a, b]"),
    )?;
    Ok(Arg::Range {
        var: var.clone(),
        range: real_range(session, r, var, infinite)?,
    })
}

/// A smoothing kernel `name(width)`, not evaluated as a function call.
fn kernel(session: &mut Session, ast: &Ast) -> Result<Arg, Error> {
    const KERNELS: [&str; 4] = ["gaussian", "logistic", "cauchy", "uniform"];
    let hint = "a kernel is gaussian(s), logistic(t), cauchy(a) or uniform(w)";
    let AstKind::Call { name, args, .. } = &ast.kind else {
        return Err(Error::usage_hint("expected a kernel", ast.span, hint));
    };
    let Some(known) = KERNELS.iter().find(|k| **k == name.as_str()) else {
        return Err(Error::usage_hint(
            format!("unknown kernel '{name}'"),
            ast.span,
            hint,
        ));
    };
    let [width] = args.as_slice() else {
        return Err(Error::usage_hint(
            format!("{name} takes one argument, its width"),
            ast.span,
            hint,
        ));
    };
    let w = session.lower_expr(width)?;
    if w.is_constant()
        && let Ok(v) = crate::numeric::eval::eval_f64(&w)
        && (v <= 0.0 || v.is_nan())
    {
        return Err(Error::usage(
            format!("the width of {name} must be positive, got {w}"),
            width.span,
        ));
    }
    Ok(Arg::Kernel(known, w))
}

/// A real number strictly between the bounds.
fn real(
    session: &mut Session,
    ast: &Ast,
    name: &str,
    (min, max): (f64, f64),
) -> Result<f64, Error> {
    let e = session.lower_expr(ast)?;
    let z = number(&e, ast.span, name)?;
    if !(z.im == 0.0 && z.re > min && z.re < max) {
        return Err(Error::usage(
            format!("{name} must be a number between {min} and {max}"),
            ast.span,
        ));
    }
    Ok(z.re)
}

/// `lhs = rhs` or an expression as one zero form f; lists (and names holding lists) as systems.
fn equations(session: &mut Session, ast: &Ast) -> Result<Arg, Error> {
    let value = session.lower(ast)?.operand(ast.span)?;
    let one =
        |v: Value, span: Span| -> Result<(Expr, Span), Error> { Ok((v.zero_form(span)?, span)) };
    Ok(match value {
        Value::List(items) => {
            let spans: Vec<Span> = match &ast.kind {
                AstKind::List(asts) if asts.len() == items.len() => {
                    asts.iter().map(|a| a.span).collect()
                }
                _ => vec![ast.span; items.len()],
            };
            Arg::Equations {
                list: true,
                exprs: items
                    .into_iter()
                    .zip(spans)
                    .map(|(v, s)| one(v, s))
                    .collect::<Result<_, _>>()?,
            }
        }
        v => Arg::Equations {
            list: false,
            exprs: vec![one(v, ast.span)?],
        },
    })
}

/// `x = start` / `x = [a, b]`, or a list of them.
fn starts(session: &mut Session, ast: &Ast) -> Result<Arg, Error> {
    if let AstKind::List(items) = &ast.kind {
        let starts = items
            .iter()
            .map(|a| start_of(session, a).map(|(v, s)| (v, s, a.span)))
            .collect::<Result<_, _>>()?;
        return Ok(Arg::Starts { list: true, starts });
    }
    let (var, start) = start_of(session, ast)?;
    Ok(Arg::Starts {
        list: false,
        starts: vec![(var, start, ast.span)],
    })
}

/// `x = start` or `x = [a, b]`: the variable and where to start.
fn start_of(session: &mut Session, ast: &Ast) -> Result<(String, Start), Error> {
    let (var, r) = binding(
        ast,
        (
            "expected the variable and a start",
            "write x = 2, x = 1 + i, or a bracket x = [0, 3]",
        ),
        ("start", "write x = 2"),
    )?;
    let start = match session.lower(r)?.operand(r.span)? {
        Value::Expr(e) => {
            let z = number(&e, r.span, "the start")?;
            if z.im == 0.0 {
                Start::Real(z.re)
            } else {
                Start::Complex(z)
            }
        }
        Value::List(items) if items.len() == 2 => {
            let mut ends = Vec::new();
            for item in &items {
                let Value::Expr(e) = item else {
                    return Err(Error::usage("a bracket holds two numbers", r.span));
                };
                let z = number(e, r.span, "a bracket end")?;
                if z.im != 0.0 {
                    return Err(Error::usage("a bracket needs real ends", r.span));
                }
                ends.push(z.re);
            }
            if ends[0] == ends[1] {
                return Err(Error::usage("the bracket is empty (a = b)", r.span));
            }
            Start::Bracket(ends[0], ends[1])
        }
        other => {
            return Err(Error::usage_hint(
                format!(
                    "the start must be a number or a bracket [a, b], got {}",
                    other.to_plain()
                ),
                r.span,
                "write x = 2 or x = [0, 3]",
            ));
        }
    };
    Ok((var.clone(), start))
}

/// An exact integer argument in `min..=max`.
fn count(session: &mut Session, ast: &Ast, what: &str, min: u64, max: u64) -> Result<u64, Error> {
    let e = session.lower_expr(ast)?;
    let n = e.as_number().and_then(|n| n.as_integer().cloned());
    let v = match n {
        Some(i) if i >= 0 => i.to_u64().filter(|v| *v <= max).ok_or_else(|| {
            Error::math(
                MathError::TooLarge {
                    what: format!("{what} {i}"),
                    limit: format!("at most {max}"),
                },
                ast.span,
            )
        })?,
        _ => {
            return Err(Error::usage(
                format!("{what} must be a non-negative integer, got {e}"),
                ast.span,
            ));
        }
    };
    if v < min {
        return Err(Error::usage(
            format!("{what} must be at least {min}"),
            ast.span,
        ));
    }
    Ok(v)
}

/// A numeric constant (real or complex), finite.
pub fn number(e: &Expr, span: Span, what: &str) -> Result<Complex64, Error> {
    if !e.is_constant() {
        return Err(Error::usage_hint(
            format!("{what} must be a number, got {e}"),
            span,
            "e.g. x = 2, x = 1 + i or x = [0, 3]",
        ));
    }
    let beyond_doubles = || {
        Error::usage_hint(
            format!("{what}, {e}, is too large for a double-precision range"),
            span,
            "ranges, brackets and starts are doubles: magnitudes up to about 1.8e308",
        )
    };
    let z = crate::numeric::eval::eval_c64(e).map_err(|err| match err {
        MathError::NotFinite(_) => beyond_doubles(),
        err => Error::math(err, span),
    })?;
    if !(z.re.is_finite() && z.im.is_finite()) {
        return Err(beyond_doubles());
    }
    Ok(z)
}

/// A real range `[a, b]` with a < b; with `infinite`, an end may be `-inf` or `inf`.
fn real_range(
    session: &mut Session,
    ast: &Ast,
    name: &str,
    infinite: bool,
) -> Result<(f64, f64), Error> {
    let inf = Expr::sym("inf");
    let hint = format!("write {name} = [a, b] with a < b");
    let Value::List(items) = session.lower(ast)? else {
        return Err(Error::usage_hint(
            format!("{name} must be a range"),
            ast.span,
            hint,
        ));
    };
    let not_real = || {
        Error::usage_hint(
            format!("{name} must hold two real numbers"),
            ast.span,
            hint.clone(),
        )
    };
    let ends = items
        .iter()
        .map(|v| match v {
            Value::Expr(e) if infinite && *e == inf => Ok(f64::INFINITY),
            Value::Expr(e) if infinite && canon::neg(e.clone()).is_ok_and(|n| n == inf) => {
                Ok(f64::NEG_INFINITY)
            }
            // An end beyond the doubles says so; a symbol or a complex number is not real.
            Value::Expr(e) if e.is_constant() => number(e, ast.span, &format!("an end of {name}"))
                .and_then(|z| {
                    if z.im == 0.0 {
                        Ok(z.re)
                    } else {
                        Err(not_real())
                    }
                }),
            _ => Err(not_real()),
        })
        .collect::<Result<Vec<f64>, Error>>()?;
    match ends.as_slice() {
        [a, b] if a < b => Ok((*a, *b)),
        _ => Err(Error::usage_hint(
            format!("{name} must be a non-empty range [a, b] with a < b"),
            ast.span,
            hint,
        )),
    }
}

/// Texts in quotes (expressions are shown as text), or `false` for none.
fn texts(session: &mut Session, ast: &Ast) -> Result<Vec<String>, Error> {
    let one = |session: &mut Session, a: &Ast| -> Result<String, Error> {
        match &a.kind {
            AstKind::Str(t) => Ok(t.clone()),
            _ => Ok(session.lower(a)?.to_plain()),
        }
    };
    match &ast.kind {
        AstKind::Name(n) if n == "false" => Ok(Vec::new()),
        AstKind::List(items) => items.iter().map(|i| one(session, i)).collect(),
        _ => Ok(vec![one(session, ast)?]),
    }
}

fn size(session: &mut Session, ast: &Ast, min: u64, max: u64) -> Result<(u32, u32), Error> {
    let side = |session: &mut Session, a: &Ast| -> Result<u32, Error> {
        let n = count(session, a, "an image side", 0, max)?;
        if n < min {
            return Err(Error::usage(
                format!("an image side must be at least {min} pixels"),
                a.span,
            ));
        }
        Ok(n as u32)
    };
    match &ast.kind {
        AstKind::List(items) if items.len() == 2 => {
            Ok((side(session, &items[0])?, side(session, &items[1])?))
        }
        AstKind::List(_) => Err(Error::usage_hint(
            "size is [width, height]",
            ast.span,
            "size = [800, 500]",
        )),
        _ => {
            let s = side(session, ast)?;
            Ok((s, s))
        }
    }
}

/// `x = value` pairs, single or in lists; a root or solution substitutes its values.
pub(super) fn substitutions(session: &mut Session, asts: &[&Ast]) -> Result<Arg, Error> {
    let mut out = Vec::new();
    for ast in asts {
        // x = a series: composition (the value is kept as a series, not an expression).
        if let AstKind::Equation(l, r) = &ast.kind
            && let AstKind::Name(var) = &l.kind
            && let Value::Series(s) = session.lower(r)?
        {
            out.push((var.clone(), Value::Series(s)));
            continue;
        }
        let value = session.lower(ast)?;
        if let Some(pairs) = value.bindings() {
            out.extend(
                pairs
                    .map_err(|e| Error::math(e, ast.span))?
                    .into_iter()
                    .map(|(v, e)| (v, Value::Expr(e))),
            );
            continue;
        }
        let items = match value {
            Value::List(items) => items,
            other => vec![other],
        };
        for item in items {
            match item {
                Value::Equation(l, r) if l.as_symbol().is_some() => out.push((
                    l.as_symbol().unwrap_or_default().to_string(),
                    Value::Expr(r),
                )),
                Value::Equation(l, _) => {
                    return Err(Error::usage_hint(
                        format!("can only substitute for a symbol, not {l}"),
                        ast.span,
                        "write subs(expr, x = value)",
                    ));
                }
                other => {
                    return Err(Error::usage_hint(
                        format!("expected x = value, found {}", other.to_plain()),
                        ast.span,
                        "write subs(expr, x = value)",
                    ));
                }
            }
        }
    }
    Ok(Arg::Substitutions(out))
}

/// diff's plan: (variable, order) pairs; `diff(f, x, 2, y)` is ∂³f/∂x²∂y.
pub(super) fn derivatives(session: &mut Session, asts: &[&Ast]) -> Result<Arg, Error> {
    let mut plan: Vec<(String, u64)> = Vec::new();
    for ast in asts {
        if let AstKind::Name(n) = &ast.kind
            && !session.is_defined(n)
        {
            plan.push((n.clone(), 1));
            continue;
        }
        let e = session.lower_expr(ast)?;
        match (plan.last_mut(), e.as_symbol()) {
            (_, Some(s)) => plan.push((s.to_string(), 1)),
            (Some(last), None) => {
                last.1 = count(
                    session,
                    ast,
                    "the derivative order",
                    0,
                    limits::MAX_DIFF_ORDER,
                )?;
            }
            (None, None) => {
                return Err(Error::usage_hint(
                    format!("expected the variable, found {e}"),
                    ast.span,
                    "write diff(expr, x) or diff(expr, x, n)",
                ));
            }
        }
    }
    Ok(Arg::Derivatives(plan))
}

/// `plot_error(f, x = [a, b])`: a range where a value belongs.
fn range_too_early(cmd: &str, span: Span) -> Error {
    let Some(c) = super::find(cmd) else {
        return Error::usage("unexpected range", span);
    };
    let before: Vec<&str> = c
        .params
        .iter()
        .take_while(|p| !matches!(p.kind, Kind::Range | Kind::LineRange))
        .map(|p| p.name)
        .collect();
    Error::usage_hint(
        format!("{cmd} needs {} before the range", before.join(" and ")),
        span,
        format!("usage: {}", c.signature()),
    )
}

/// `x` (at 0), `x = x0` or `x = inf`: where a series is expanded.
fn point(session: &mut Session, ast: &Ast) -> Result<Arg, Error> {
    use crate::series::Point;
    if let AstKind::Name(var) = &ast.kind {
        return Ok(Arg::Point {
            var: var.clone(),
            point: Point::At(Expr::zero()),
        });
    }
    let (var, r) = binding(
        ast,
        (
            "expected the variable, x = x0 or x = inf",
            "series(f, x, 6) expands at 0; series(f, x = 1, 6) at 1; series(f, x = inf, 6) in 1/x",
        ),
        ("point", "write x = x0"),
    )?;
    if let AstKind::Name(n) = &r.kind
        && matches!(n.as_str(), "inf" | "infinity" | "oo")
    {
        return Ok(Arg::Point {
            var: var.clone(),
            point: Point::Infinity,
        });
    }
    let x0 = session.lower_expr(r)?;
    if x0.depends_on(var) {
        return Err(Error::usage(
            format!("the point must not depend on {var}"),
            r.span,
        ));
    }
    Ok(Arg::Point {
        var: var.clone(),
        point: Point::At(x0),
    })
}

/// Initial conditions `x(t0) = a`, `x'(t0) = b` (or lists of them).
pub(super) fn conditions(session: &mut Session, asts: &[&Ast]) -> Result<Arg, Error> {
    let mut out = Vec::new();
    let mut pending: Vec<&Ast> = asts.to_vec();
    while let Some(ast) = pending.pop() {
        match &ast.kind {
            AstKind::List(items) => pending.extend(items.iter()),
            AstKind::Equation(l, r) => {
                let AstKind::Call { name, args, .. } = &l.kind else {
                    return Err(Error::usage(
                        "expected an initial condition x(t0) = value",
                        ast.span,
                    ));
                };
                let unknown = name.trim_end_matches('\'').to_string();
                out.push(super::bound::Condition {
                    order: name.len() - unknown.len(),
                    unknown,
                    at: session.lower_expr(&args[0])?,
                    value: session.lower_expr(r)?,
                    span: ast.span,
                });
            }
            _ => {
                return Err(Error::usage(
                    "expected an initial condition x(t0) = value",
                    ast.span,
                ));
            }
        }
    }
    out.sort_by_key(|c| (c.unknown.clone(), c.order));
    Ok(Arg::Conditions(out))
}
