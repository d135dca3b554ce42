//! The root-finding commands: `solve` (one equation from a start or a bracket, or a system)
//! and `roots` (all roots of a polynomial). They read their arguments, call `crate::solve` and
//! wrap the result as a value.

use super::Session;
use super::commands::{
    Args, arity, flag_option, number, real_range, small_integer, split_args, text_option,
};
use super::value::Value;
use crate::error::{Error, MathError, Span};
use crate::expr::{Expr, canon};
use crate::limits;
use crate::solve::one::{Start, solve_equation};
use crate::solve::{Method, Options, polynomial, system};
use crate::syntax::ast::{Ast, AstKind};

/// `lhs = rhs` or an expression (meaning `= 0`) as one expression f with f = 0.
fn as_zero_form(v: Value, span: Span) -> Result<Expr, Error> {
    match v {
        Value::Expr(e) => Ok(e),
        Value::Equation(l, r) => canon::sub(l, r).map_err(|e| Error::math(e, span)),
        other => Err(Error::usage_hint(
            format!("expected an equation, found a {}", other.kind()),
            span,
            "write solve(lhs = rhs, x = start)",
        )),
    }
}

/// `x = start` or `x = [a, b]`: the variable and where to start.
fn start_of(session: &mut Session, ast: &Ast) -> Result<(String, Start), Error> {
    let AstKind::Equation(l, r) = &ast.kind else {
        return Err(Error::usage_hint(
            "expected the variable and a start",
            ast.span,
            "write x = 2, x = 1 + i, or a bracket x = [0, 3]",
        ));
    };
    let AstKind::Name(var) = &l.kind else {
        return Err(Error::usage_hint(
            "the left side of the start must be the variable",
            l.span,
            "write x = 2",
        ));
    };
    let start = match session.lower(r)? {
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

/// Read the named options of `solve`.
fn options(session: &mut Session, args: &Args<'_>) -> Result<Options, Error> {
    let mut opts = Options::default();
    for (name, value, span) in &args.options {
        match *name {
            "digits" => {
                let d = small_integer(session, value, "the number of digits", limits::MAX_DIGITS)?;
                if d == 0 {
                    return Err(Error::usage("digits must be at least 1", *span));
                }
                opts.digits = Some(d as u32);
            }
            "maxiter" => {
                let n = small_integer(session, value, "maxiter", limits::MAX_ITERATIONS)?;
                if n == 0 {
                    return Err(Error::usage("maxiter must be at least 1", *span));
                }
                opts.maxiter = n as usize;
            }
            "tol" => {
                let e = session.lower_expr(value)?;
                let z = number(&e, value.span, "tol")?;
                if !(z.im == 0.0 && z.re > 0.0 && z.re < 1.0) {
                    return Err(Error::usage(
                        "tol must be a number between 0 and 1",
                        value.span,
                    ));
                }
                opts.tol = z.re;
            }
            "method" => {
                let AstKind::Name(m) = &value.kind else {
                    return Err(Error::usage(
                        "method is one of newton, halley, secant, brent",
                        value.span,
                    ));
                };
                opts.method = Method::from_name(m).ok_or_else(|| {
                    Error::usage(
                        format!("unknown method '{m}' (newton, halley, secant, brent)"),
                        value.span,
                    )
                })?;
            }
            "trace" => opts.trace = flag_option(value, name)?,
            "damping" => opts.damping = flag_option(value, name)?,
            _ => {}
        }
    }
    Ok(opts)
}

fn solve_error(e: crate::solve::SolveError, span: Span) -> Error {
    Error::Solve {
        error: e,
        span: Some(span),
    }
}

pub(super) fn run_solve(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    let a = split_args("solve", args);
    arity("solve", a.positional.len(), 2, 2, span)?;
    let opts = options(session, &a)?;
    let target = a.positional[0];
    let starts = a.positional[1];
    if let AstKind::List(equations) = &target.kind {
        let AstKind::List(start_items) = &starts.kind else {
            return Err(Error::usage_hint(
                "a system needs a list of starts",
                starts.span,
                "write solve([f = 0, g = 0], [x = 1, y = 2])",
            ));
        };
        let mut fs = Vec::new();
        for eq in equations {
            let v = session.lower(eq)?;
            fs.push(as_zero_form(v, eq.span)?);
        }
        let mut vars = Vec::new();
        for s in start_items {
            let (var, start) = start_of(session, s)?;
            match start {
                Start::Real(x) => vars.push((var, x)),
                _ => return Err(Error::usage("systems take real starting values", s.span)),
            }
        }
        if fs.len() != vars.len() {
            return Err(Error::usage(
                format!(
                    "{} equations in {} unknowns: a square system is needed",
                    fs.len(),
                    vars.len()
                ),
                span,
            ));
        }
        let root = system::solve_system(&fs, &vars, &opts).map_err(|e| solve_error(e, span))?;
        return Ok(Value::Root(Box::new(root)));
    }
    let f = as_zero_form(session.lower(target)?, target.span)?;
    let (var, start) = start_of(session, starts)?;
    if !f.depends_on(&var) {
        return Err(Error::usage_hint(
            format!("the equation does not contain {var}"),
            target.span,
            "check the variable name",
        ));
    }
    let free: Vec<String> = f.free_symbols().into_iter().filter(|s| *s != var).collect();
    if !free.is_empty() {
        return Err(Error::usage_hint(
            format!("the equation also contains {}", free.join(", ")),
            target.span,
            "give them values first, e.g. a := 2, or use subs",
        ));
    }
    let root = solve_equation(f, &var, start, &opts).map_err(|e| solve_error(e, span))?;
    Ok(Value::Root(Box::new(root)))
}

pub(super) fn run_roots(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    let a = split_args("roots", args);
    arity("roots", a.positional.len(), 1, 2, span)?;
    let opts = options(session, &a)?;
    let f = as_zero_form(session.lower(a.positional[0])?, a.positional[0].span)?;
    let var = match a.positional.get(1) {
        Some(ast) => match &ast.kind {
            AstKind::Name(n) => n.clone(),
            _ => {
                return Err(Error::usage_hint(
                    "expected the variable",
                    ast.span,
                    "write roots(p, x)",
                ));
            }
        },
        None => match f.free_symbols().as_slice() {
            [one] => one.clone(),
            _ => {
                return Err(Error::usage_hint(
                    "roots needs the variable",
                    span,
                    "write roots(p, x)",
                ));
            }
        },
    };
    let roots = polynomial::polynomial_roots(&f, &var, opts.digits).map_err(|e| match e {
        crate::solve::SolveError::Math(m @ MathError::NotNumeric(_)) => {
            Error::math(m, a.positional[0].span)
        }
        other => solve_error(other, span),
    })?;
    let problem = crate::solve::newton::Problem::new(f, &var).map_err(|e| Error::math(e, span))?;
    let digits = opts.digits.unwrap_or(crate::solve::refine::DEFAULT_DIGITS);
    let certificates = crate::solve::certify_polynomial_roots(&problem, &roots, digits);
    Ok(Value::Roots {
        var,
        roots,
        digits: opts.digits,
        certificates,
    })
}

pub(super) fn run_newton_fractal(
    session: &mut Session,
    args: &[Ast],
    span: Span,
) -> Result<Value, Error> {
    let a = split_args("newton_fractal", args);
    arity("newton_fractal", a.positional.len(), 2, 2, span)?;
    let p = as_zero_form(session.lower(a.positional[0])?, a.positional[0].span)?;
    let AstKind::Name(var) = &a.positional[1].kind else {
        return Err(Error::usage_hint(
            "expected the variable",
            a.positional[1].span,
            "write newton_fractal(z^3 - 1, z)",
        ));
    };
    let (mut re, mut im, mut size, mut to) =
        ((-2.0, 2.0), (-2.0, 2.0), 800u64, "basins.png".to_string());
    for (name, value, _) in &a.options {
        match *name {
            "re" => re = real_range(session, value, "re")?,
            "im" => im = real_range(session, value, "im")?,
            "size" => {
                size = small_integer(session, value, "size", limits::MAX_IMAGE_SIDE)?;
                if size < 8 {
                    return Err(Error::usage("size must be at least 8 pixels", value.span));
                }
            }
            "to" => to = text_option(value, name, "to = \"basins.png\"")?,
            _ => {}
        }
    }
    let side = size as u32;
    let start = std::time::Instant::now();
    let basins = crate::solve::fractal::newton_basins(&p, var, re, im, side, side)
        .map_err(|e| solve_error(e, span))?;
    let seconds = start.elapsed().as_secs_f64();
    crate::plot::render::write_png(std::path::Path::new(&to), side, side, &basins.pixels)
        .map_err(|e| Error::usage(e.to_string(), span))?;
    Ok(Value::Text(format!(
        "{to}: {side}×{side} basins of {} roots, {:.1}% of starts converged ({:.0} ms)",
        basins.roots.len(),
        100.0 * basins.converged,
        seconds * 1e3
    )))
}
