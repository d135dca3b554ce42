//! The command table: `N`, `diff`, `subs`, `expand`, `help`, ... Commands are ordinary calls of
//! the language; each entry has its name, signature, options, help text and handler. A command
//! receives its arguments unevaluated (so `help(sin)` can name a function) and lowers them
//! itself.

use std::fmt::Write as _;

use num_complex::Complex64;

use super::Session;
use super::value::Value;
use crate::error::{Error, MathError, Span};
use crate::expr::diff::diff_n;
use crate::expr::subst::{expand, subs};
use crate::expr::{Expr, Node, canon};
use crate::functions::{self, Func};
use crate::limits;
use crate::numeric::eval::{approximate, eval_c64};
use crate::syntax::ast::{Ast, AstKind};

/// A command handler: the session, the unevaluated arguments and the call's span.
pub type Handler = fn(&mut Session, &[Ast], Span) -> Result<Value, Error>;

/// One command of the language.
pub struct Command {
    pub name: &'static str,
    pub signature: &'static str,
    /// Named options `name = value` with a description each.
    pub options: &'static [(&'static str, &'static str)],
    pub help: &'static str,
    pub examples: &'static [&'static str],
    pub run: Handler,
}

/// Every command, in help order.
pub fn commands() -> &'static [Command] {
    COMMANDS
}

/// Find a command by name.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

static COMMANDS: &[Command] = &[
    Command {
        name: "N",
        signature: "N(expr) / N(expr, digits)",
        options: &[("digits", "significant digits (default 15, or --digits)")],
        help: "Numeric value with every printed digit proven. Evaluated in ball arithmetic (Arb), the precision raised until the whole enclosure rounds to the same digits (ties to even). A value that cannot be separated from 0 is an error with its bound; an imaginary part below the printed precision that cannot be separated from 0 is omitted. Results carry their radius, so later arithmetic shows only surviving digits. Complex where the mathematics is complex (N(sqrt(-4)) is 2*i); branch cuts are stated in help of each function. Constant parts of an expression with symbols are evaluated, the rest kept.",
        examples: &["N(pi, 50)", "N(erf(1/2), 30)", "N(log(-1))", "N(x + pi)"],
        run: run_n,
    },
    Command {
        name: "diff",
        signature: "diff(expr, x) / diff(expr, x, n) / diff(expr, x, y, ...)",
        options: &[],
        help: "Symbolic derivative (any order, mixed partials by listing variables). The variable may be omitted when the expression has exactly one symbol.",
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
        signature: "subs(expr, x = value, ...) / subs(expr, [x = a, y = b])",
        options: &[],
        help: "Substitute values or expressions for symbols (simultaneously) and simplify.",
        examples: &["subs(x^2 + y, x = 3)", "subs(sin(x)*y, [x = pi/2, y = 2])"],
        run: run_subs,
    },
    Command {
        name: "expand",
        signature: "expand(expr)",
        options: &[],
        help: "Multiply out products and positive integer powers of sums.",
        examples: &["expand((x + 1)^3)", "expand((a + b)*(a - b))"],
        run: run_expand,
    },
    Command {
        name: "solve",
        signature: "solve(lhs = rhs, x = start) / solve(eq, x = [a, b]) / solve([eqs], [x = x0, y = y0])",
        options: &[
            (
                "digits",
                "significant digits, correctly rounded (default 17, the digits a double holds)",
            ),
            (
                "tol",
                "relative step that counts as converged in double precision (default 1e-14)",
            ),
            (
                "maxiter",
                "iteration limit of the double-precision phase (default 100)",
            ),
            (
                "method",
                "newton (default), halley, secant, or brent (needs a bracket)",
            ),
            (
                "trace",
                "true prints the iteration table: k, x_k, |f(x_k)|, step",
            ),
            (
                "damping",
                "false turns off backtracking when |f| grows (default true)",
            ),
        ],
        help: "A root of an equation (an expression alone means = 0) by Newton's method with the symbolic derivative: real or complex starts, brackets (Brent, never leaves [a, b]), multiple roots (detected, reported with their multiplicity, quadratic convergence restored), systems with the symbolic Jacobian. digits = N refines by precision doubling, f evaluated in ball arithmetic at the precision cancellation needs; a simple root (real, complex, or of a system) is certified by the Krawczyk test on the box of the printed last digits, so the printed text is what is proven; a rational root by exact arithmetic. An uncertified root shows only the digits its Newton correction supports. Failures say why (zero derivative, cycle, divergence) and what to try.",
        examples: &[
            "solve(x^3 - 2*x - 5 = 0, x = 2)",
            "solve(cos(x) = x, x = 1, digits = 60)",
            "solve(x^2 + 1, x = 1 + i)",
            "solve(x^3 - x = 1, x = [1, 2])",
            "solve([x^2 + y^2 = 4, x*y = 1], [x = 2, y = 0.5])",
        ],
        run: super::solving::run_solve,
    },
    Command {
        name: "roots",
        signature: "roots(p, x)",
        options: &[(
            "digits",
            "significant digits of every root, correctly rounded (default 17)",
        )],
        help: "All roots of a polynomial, complex ones included, with multiplicities. Each is certified on its printed digits; exact square-free factorisation (for rational coefficients; roots of linear factors exact), Aberth-Ehrlich iteration from the Newton polygon, then Newton polishing with ball-arithmetic Horner. With irrational coefficients a cluster becomes a root of numerical (unproven) multiplicity where the derivatives vanish.",
        examples: &[
            "roots(x^5 - x - 1, x)",
            "roots((x - 1)^3*(x + 2), x)",
            "roots(x^4 + 1, x, digits = 30)",
        ],
        run: super::solving::run_roots,
    },
    Command {
        name: "newton_fractal",
        signature: "newton_fractal(p, z, re = [a, b], im = [c, d], size = 800, to = \"basins.png\")",
        options: &[
            ("re", "real range of the picture (default [-2, 2])"),
            ("im", "imaginary range (default [-2, 2])"),
            ("size", "side in pixels (default 800)"),
            ("to", "the PNG file to write (default \"basins.png\")"),
        ],
        help: "Basins of attraction of Newton's method for a polynomial: each pixel is a start, coloured by the root it reaches and shaded by the iterations it took (black: no convergence in 64 steps). Computed in parallel; written as PNG.",
        examples: &[
            "newton_fractal(z^3 - 1, z, to = \"basins.png\")",
            "newton_fractal(z^5 - z - 1, z, re = [-1.5, 1.5], im = [-1.5, 1.5], size = 400)",
        ],
        run: super::solving::run_newton_fractal,
    },
    Command {
        name: "plot",
        signature: "plot(expr, x = [a, b]) / plot([e1, e2, ...], x = [a, b], to = \"file.svg\")",
        options: super::plotting::PLOT_OPTIONS,
        help: "Draw curves to an SVG or PNG file (the extension decides) and show a braille preview at the prompt. Sampling adapts to the curve: more points where it bends, and the line is broken at poles and jumps (tan(x), 1/x, floor(x)) and at gaps where it is undefined. Also draws both sides of an equation, parametric curves [x(t), y(t)] with parametric = true, and data: [[x1, y1], ...] or rows [x, y1, y2, ...]. Without a range, x runs over [-10, 10] (t over [0, 2*pi]).",
        examples: &[
            "plot([sin(x), x - x^3/6], x = [-3, 3], to = \"t.svg\")",
            "plot(tan(x), x = [-5, 5], to = \"t.png\")",
            "plot(exp(-x)*x^3, x = [0.01, 100], logx = true, title = \"decay\")",
            "plot([cos(t), sin(2t)], t = [0, 2*pi], parametric = true)",
        ],
        run: super::plotting::run_plot,
    },
    Command {
        name: "plot_points",
        signature: "plot_points([[x1, y1], [x2, y2], ...])",
        options: super::plotting::PLOT_OPTIONS,
        help: "Draw data as dots: pairs [x, y], rows [x, y1, y2, ...] (one series per column), plain numbers (against 1, 2, 3, ...), or the roots returned by roots (in the complex plane). Options as for plot, except samples and parametric.",
        examples: &[
            "plot_points([[0, 1], [1, 3], [2, 2]], to = \"data.svg\")",
            "plot_points(roots(x^7 - 1, x), to = \"roots.png\")",
        ],
        run: super::plotting::run_plot_points,
    },
    Command {
        name: "plot_error",
        signature: "plot_error(f, g, x = [a, b]) / plot_error(f, [g1, g2, ...], x = [a, b])",
        options: super::plotting::PLOT_OPTIONS,
        help: "Draw the error f - g of one or more approximations g and mark where |f - g| peaks (located on the samples, refined by golden-section search, evaluated in MPFR). When f and g agree to more digits than a double holds, the curve is sampled in 128-bit MPFR so it shows the error, not rounding noise (plot does the same for any expression that cancels in doubles). logy = true draws |f - g| on a log scale.",
        examples: &[
            "plot_error(sin(x), x - x^3/6, x = [-2, 2], to = \"err.svg\")",
            "plot_error(exp(x), [1 + x, 1 + x + x^2/2], x = [-1, 1], logy = true)",
        ],
        run: super::plotting::run_plot_error,
    },
    Command {
        name: "help",
        signature: "help / help(name)",
        options: &[],
        help: "Describe the language, or one function or command.",
        examples: &["help", "help(besselj)", "help(N)"],
        run: run_help,
    },
];

/// Positional arguments and `name = value` options (only names the command declares).
pub(super) struct Args<'a> {
    pub positional: Vec<&'a Ast>,
    pub options: Vec<(&'a str, &'a Ast, Span)>,
}

pub(super) fn split_args<'a>(cmd: &str, args: &'a [Ast]) -> Args<'a> {
    let declared = find(cmd).map_or(&[][..], |c| c.options);
    let mut out = Args {
        positional: Vec::new(),
        options: Vec::new(),
    };
    for a in args {
        if let AstKind::Equation(l, r) = &a.kind
            && let AstKind::Name(n) = &l.kind
            && declared.iter().any(|(o, _)| o == n)
        {
            out.options.push((n.as_str(), r, a.span));
            continue;
        }
        out.positional.push(a);
    }
    out
}

pub(super) fn arity(
    cmd: &str,
    got: usize,
    min: usize,
    max: usize,
    span: Span,
) -> Result<(), Error> {
    if got < min || got > max {
        let sig = find(cmd).map_or(cmd, |c| c.signature);
        return Err(Error::usage_hint(
            format!(
                "{cmd} got {got} argument{}",
                if got == 1 { "" } else { "s" }
            ),
            span,
            format!("usage: {sig}"),
        ));
    }
    Ok(())
}

/// An exact non-negative integer argument no larger than `limit`.
pub(super) fn small_integer(
    session: &mut Session,
    ast: &Ast,
    what: &str,
    limit: u64,
) -> Result<u64, Error> {
    let e = session.lower_expr(ast)?;
    let n = e.as_number().and_then(|n| n.as_integer().cloned());
    match n {
        Some(i) if i >= 0 => match i.to_u64().filter(|v| *v <= limit) {
            Some(v) => Ok(v),
            None => Err(Error::math(
                MathError::TooLarge {
                    what: format!("{what} {i}"),
                    limit: format!("at most {limit}"),
                },
                ast.span,
            )),
        },
        _ => Err(Error::usage(
            format!("{what} must be a non-negative integer, got {e}"),
            ast.span,
        )),
    }
}

/// A numeric constant (real or complex).
pub(super) fn number(e: &Expr, span: Span, what: &str) -> Result<Complex64, Error> {
    if !e.is_constant() {
        return Err(Error::usage_hint(
            format!("{what} must be a number, got {e}"),
            span,
            "e.g. x = 2, x = 1 + i or x = [0, 3]",
        ));
    }
    let z = eval_c64(e).map_err(|err| Error::math(err, span))?;
    if !(z.re.is_finite() && z.im.is_finite()) {
        return Err(Error::usage(format!("{what} is not finite"), span));
    }
    Ok(z)
}

/// A real interval option `name = [a, b]` with a < b.
pub(super) fn real_range(
    session: &mut Session,
    ast: &Ast,
    name: &str,
) -> Result<(f64, f64), Error> {
    let hint = format!("write {name} = [a, b] with a < b");
    let Value::List(items) = session.lower(ast)? else {
        return Err(Error::usage_hint(
            format!("{name} must be a range"),
            ast.span,
            hint,
        ));
    };
    let ends: Vec<f64> = items
        .iter()
        .map(|v| match v {
            Value::Expr(e) => number(e, ast.span, name)
                .ok()
                .filter(|z| z.im == 0.0)
                .map(|z| z.re),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or_else(|| {
            Error::usage_hint(
                format!("{name} must hold two real numbers"),
                ast.span,
                hint.clone(),
            )
        })?;
    match ends.as_slice() {
        [a, b] if a < b => Ok((*a, *b)),
        _ => Err(Error::usage_hint(
            format!("{name} must be a non-empty range [a, b] with a < b"),
            ast.span,
            hint,
        )),
    }
}

/// A `true`/`false` option.
pub(super) fn flag_option(value: &Ast, name: &str) -> Result<bool, Error> {
    match &value.kind {
        AstKind::Name(n) if n == "true" => Ok(true),
        AstKind::Name(n) if n == "false" => Ok(false),
        _ => Err(Error::usage(format!("{name} is true or false"), value.span)),
    }
}

/// A quoted text option (`to = "file.png"`).
pub(super) fn text_option(value: &Ast, name: &str, example: &str) -> Result<String, Error> {
    match &value.kind {
        AstKind::Str(t) => Ok(t.clone()),
        _ => Err(Error::usage_hint(
            format!("{name} must be a text in quotes"),
            value.span,
            example.to_string(),
        )),
    }
}

/// Apply `f` to an expression, to both sides of an equation, or to each item of a list.
fn map_value(
    v: Value,
    span: Span,
    f: &dyn Fn(&Expr) -> Result<Expr, MathError>,
) -> Result<Value, Error> {
    match v {
        Value::Expr(e) => f(&e).map(Value::Expr).map_err(|err| Error::math(err, span)),
        Value::Equation(l, r) => Ok(Value::Equation(
            f(&l).map_err(|e| Error::math(e, span))?,
            f(&r).map_err(|e| Error::math(e, span))?,
        )),
        Value::List(items) => Ok(Value::List(
            items
                .into_iter()
                .map(|i| map_value(i, span, f))
                .collect::<Result<Vec<_>, _>>()?,
        )),
        other => Err(Error::usage(
            format!("expected an expression, found {}", other.kind()),
            span,
        )),
    }
}

/// Evaluate the constant parts of `e` numerically; exact exponents stay exact (`x^2`).
fn approximate_parts(e: &Expr, digits: u32) -> Result<Expr, MathError> {
    if e.is_constant() {
        return approximate(e, digits);
    }
    match e.node() {
        Node::Sym(_) | Node::Num(_) | Node::Const(_) => Ok(e.clone()),
        Node::Add(t) => canon::add(
            t.iter()
                .map(|x| approximate_parts(x, digits))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Node::Mul(f) => canon::mul(
            f.iter()
                .map(|x| approximate_parts(x, digits))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Node::Pow(b, x) => {
            let exponent = if x.as_number().is_some_and(|n| n.is_exact()) {
                x.clone()
            } else {
                approximate_parts(x, digits)?
            };
            canon::pow(approximate_parts(b, digits)?, exponent)
        }
        Node::Call(f, a) => canon::call(
            *f,
            a.iter()
                .map(|x| approximate_parts(x, digits))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    }
}

fn run_n(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    let a = split_args("N", args);
    arity("N", a.positional.len(), 1, 2, span)?;
    let mut digits = u64::from(session.settings.digits);
    if let Some(d) = a.positional.get(1) {
        digits = small_integer(session, d, "the number of digits", limits::MAX_DIGITS)?;
    }
    for (_, value, _) in &a.options {
        digits = small_integer(session, value, "the number of digits", limits::MAX_DIGITS)?;
    }
    if digits == 0 {
        return Err(Error::usage(
            "the number of digits must be at least 1",
            span,
        ));
    }
    let digits = u32::try_from(digits).unwrap_or(u32::MAX);
    let v = session.lower(a.positional[0])?;
    map_value(v, span, &|e| approximate_parts(e, digits))
}

/// The variable of a one-symbol expression (for `diff(f)`).
fn only_symbol(e: &Expr, cmd: &str, span: Span) -> Result<String, Error> {
    let symbols = e.free_symbols();
    match symbols.as_slice() {
        [one] => Ok(one.clone()),
        [] => Ok("x".into()),
        many => Err(Error::usage_hint(
            format!(
                "{cmd} needs to know the variable: the expression has {}",
                many.join(", ")
            ),
            span,
            format!("write {cmd}(expr, {})", many[0]),
        )),
    }
}

fn run_diff(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    let a = split_args("diff", args);
    arity("diff", a.positional.len(), 1, usize::MAX, span)?;
    let v = session.lower(a.positional[0])?;
    // (variable, order) pairs: diff(f, x, 2, y) = ∂³f/∂x²∂y.
    let mut plan: Vec<(String, u64)> = Vec::new();
    for arg in &a.positional[1..] {
        if let AstKind::Name(n) = &arg.kind
            && !session.variables.contains_key(n.as_str())
        {
            plan.push((n.clone(), 1));
            continue;
        }
        match (plan.last_mut(), session.lower_expr(arg)?) {
            (_, e) if e.as_symbol().is_some() => {
                plan.push((e.as_symbol().unwrap_or_default().to_string(), 1))
            }
            (Some(last), _) => {
                last.1 =
                    small_integer(session, arg, "the derivative order", limits::MAX_DIFF_ORDER)?;
            }
            (None, e) => {
                return Err(Error::usage_hint(
                    format!("expected the variable, found {e}"),
                    arg.span,
                    "write diff(expr, x) or diff(expr, x, n)",
                ));
            }
        }
    }
    if plan.is_empty() {
        let e = match &v {
            Value::Expr(e) => e.clone(),
            Value::Equation(l, r) => {
                canon::sub(l.clone(), r.clone()).map_err(|e| Error::math(e, span))?
            }
            _ => Expr::zero(),
        };
        plan.push((only_symbol(&e, "diff", span)?, 1));
    }
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
    map_value(v, span, &|e| {
        let mut d = e.clone();
        for (var, n) in &plan {
            d = diff_n(&d, var, *n)?;
        }
        Ok(d)
    })
}

fn substitution_pairs(
    session: &mut Session,
    ast: &Ast,
    out: &mut Vec<(String, Expr)>,
) -> Result<(), Error> {
    match session.lower(ast)? {
        Value::Equation(l, r) => match l.as_symbol() {
            Some(name) => {
                out.push((name.to_string(), r));
                Ok(())
            }
            None => Err(Error::usage_hint(
                format!("can only substitute for a symbol, not {l}"),
                ast.span,
                "write subs(expr, x = value)",
            )),
        },
        Value::List(items) => {
            for item in items {
                match item {
                    Value::Equation(l, r) if l.as_symbol().is_some() => {
                        out.push((l.as_symbol().unwrap_or_default().to_string(), r))
                    }
                    other => {
                        return Err(Error::usage(
                            format!("expected x = value in the list, found {}", other.to_plain()),
                            ast.span,
                        ));
                    }
                }
            }
            Ok(())
        }
        other => Err(Error::usage_hint(
            format!("expected x = value, found {}", other.to_plain()),
            ast.span,
            "write subs(expr, x = value)",
        )),
    }
}

fn run_subs(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    arity("subs", args.len(), 2, usize::MAX, span)?;
    let v = session.lower(&args[0])?;
    let mut pairs = Vec::new();
    for a in &args[1..] {
        substitution_pairs(session, a, &mut pairs)?;
    }
    map_value(v, span, &|e| subs(e, &pairs))
}

fn run_expand(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    arity("expand", args.len(), 1, 1, span)?;
    let v = session.lower(&args[0])?;
    map_value(v, span, &expand)
}

/// The general help text: the language in brief, then every function and command.
pub fn general_help() -> String {
    let mut s = String::from(
        "ansatz: exact symbolic expressions, derivatives and numbers to any precision.\n\n\
         Numbers are exact (0.1 is 1/10); N(expr, digits) gives digits that are all correct.\n\
         Operators: + - * / ^ (right-associative; -2^2 = -4), implicit products 2x, 2(x+1), (a+b)(a-b).\n\
         Constants: pi, e, i.  Equations: lhs = rhs.  Lists: [a, b].  Matrices: [[1, 2], [3, 4]].\n\
         Definitions: a := 3, f(x, y) := x^2 + y.  ans is the last result.  # starts a comment.\n\n\
         Commands:\n",
    );
    for c in COMMANDS {
        let _ = writeln!(s, "  {:<44} {}", c.signature, first_sentence(c.help));
    }
    s.push_str("\nFunctions:\n");
    for d in functions::all() {
        let _ = writeln!(s, "  {:<22} {}", d.signature(), first_sentence(d.help));
    }
    s.push_str("\nhelp(name) describes one function or command.");
    s
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ").map_or(text, |(first, _)| first)
}

fn run_help(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    arity("help", args.len(), 0, 1, span)?;
    let Some(arg) = args.first() else {
        return Ok(Value::Text(general_help()));
    };
    let name = match &arg.kind {
        AstKind::Name(n) => n.clone(),
        AstKind::Call { name, .. } => name.clone(),
        _ => {
            return Err(Error::usage_hint(
                "help needs a name",
                arg.span,
                "e.g. help(sin) or help(N)",
            ));
        }
    };
    if let Some(c) = find(&name) {
        let mut s = format!("{}\n  {}\n", c.signature, c.help);
        if !c.options.is_empty() {
            s.push_str("options:\n");
            for (o, d) in c.options {
                let _ = writeln!(s, "  {o} = ...   {d}");
            }
        }
        let _ = write!(s, "examples: {}", c.examples.join(";  "));
        return Ok(Value::Text(s));
    }
    if let Some(f) = Func::lookup(&name) {
        let d = f.def();
        let mut s = format!("{}\n  {}", d.signature(), d.help);
        if !d.aliases.is_empty() {
            let _ = write!(s, "\n  also written: {}", d.aliases.join(", "));
        }
        return Ok(Value::Text(s));
    }
    if let Some(c) = crate::expr::Constant::from_name(&name) {
        let what = match c {
            crate::expr::Constant::Pi => "pi: the circle constant 3.14159...",
            crate::expr::Constant::E => "e: Euler's number 2.71828...; e^x is exp(x)",
            crate::expr::Constant::I => "i: the imaginary unit, i^2 = -1",
        };
        return Ok(Value::Text(what.to_string()));
    }
    if let Some(f) = session.functions.get(&name) {
        return Ok(Value::Text(format!(
            "{name}({}) := {}  (defined in this session)",
            f.params.join(", "),
            f.body
        )));
    }
    if let Some(v) = session.variables.get(&name) {
        return Ok(Value::Text(format!(
            "{name} := {}  (defined in this session)",
            v.to_plain()
        )));
    }
    Err(Error::usage_hint(
        format!("no function, command or definition named '{name}'"),
        arg.span,
        "help lists everything built in",
    ))
}
