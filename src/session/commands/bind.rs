//! The one binder of command arguments: arity, option names (did-you-mean for misspellings,
//! collisions with the subject's symbols), kinds, limits, defaults and spans, for every
//! command. Handlers receive a [`Bound`] and read typed values from it.

use num_complex::Complex64;

use super::{Command, Default, Kind, Param};
use crate::error::Error;
use crate::expr::Expr;
use crate::limits;
use crate::math_error::MathError;
use crate::session::Session;
use crate::session::value::Value;
use crate::solve::one::Start;
use crate::span::Span;
use crate::syntax::ast::{Ast, AstKind, Statement};

/// A bound argument, of the shape its [`Kind`] promises.
#[derive(Debug, Clone)]
pub enum Arg {
    Value(Value),
    Expr(Expr),
    /// Zero forms f (for f = 0), with the span of each; `list` when a system was given.
    Equations {
        list: bool,
        exprs: Vec<(Expr, Span)>,
    },
    Variable(String),
    Starts {
        list: bool,
        starts: Vec<(String, Start, Span)>,
    },
    Range {
        var: String,
        range: (f64, f64),
    },
    Interval((f64, f64)),
    Count(u64),
    Real(f64),
    Flag(bool),
    Text(String),
    Texts(Vec<String>),
    Choice(&'static str),
    Substitutions(Vec<(String, Expr)>),
    Derivatives(Vec<(String, u64)>),
    Size((u32, u32)),
    Name(String),
}

/// The arguments of one call, by parameter or option name.
#[derive(Debug)]
pub struct Bound {
    /// The whole call.
    pub span: Span,
    pub command: &'static str,
    slots: Vec<Slot>,
}

#[derive(Debug)]
struct Slot {
    name: &'static str,
    arg: Arg,
    span: Span,
    /// Written by the user (not a default).
    given: bool,
}

impl Bound {
    fn slot(&self, name: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.name == name)
    }
    /// The argument bound to `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.slot(name).map(|s| &s.arg)
    }
    /// Take the argument out (values are moved, not cloned).
    pub fn take(&mut self, name: &str) -> Option<Arg> {
        let i = self.slots.iter().position(|s| s.name == name)?;
        Some(self.slots.remove(i).arg)
    }
    /// The span of the argument (the call's when it was not written).
    pub fn span_of(&self, name: &str) -> Span {
        self.slot(name)
            .filter(|s| s.given)
            .map_or(self.span, |s| s.span)
    }
    /// Whether the user wrote the argument.
    pub fn given(&self, name: &str) -> bool {
        self.slot(name).is_some_and(|s| s.given)
    }
    /// A value parameter, taken out.
    pub fn value(&mut self, name: &str) -> Result<Value, Error> {
        match self.take(name) {
            Some(Arg::Value(v)) => Ok(v),
            Some(Arg::Expr(e)) => Ok(Value::Expr(e)),
            _ => Err(self.internal(name)),
        }
    }
    /// An expression parameter, taken out.
    pub fn expr(&mut self, name: &str) -> Result<Expr, Error> {
        match self.take(name) {
            Some(Arg::Expr(e)) => Ok(e),
            _ => Err(self.internal(name)),
        }
    }
    pub fn count(&self, name: &str) -> Option<u64> {
        match self.get(name) {
            Some(Arg::Count(n)) => Some(*n),
            _ => None,
        }
    }
    pub fn real(&self, name: &str) -> Option<f64> {
        match self.get(name) {
            Some(Arg::Real(x)) => Some(*x),
            _ => None,
        }
    }
    /// A flag; false when absent.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Arg::Flag(true)))
    }
    pub fn text(&self, name: &str) -> Option<String> {
        match self.get(name) {
            Some(Arg::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }
    pub fn texts(&self, name: &str) -> Option<Vec<String>> {
        match self.get(name) {
            Some(Arg::Texts(t)) => Some(t.clone()),
            _ => None,
        }
    }
    pub fn choice(&self, name: &str) -> Option<&'static str> {
        match self.get(name) {
            Some(Arg::Choice(c)) => Some(c),
            _ => None,
        }
    }
    pub fn interval(&self, name: &str) -> Option<(f64, f64)> {
        match self.get(name) {
            Some(Arg::Interval(r)) => Some(*r),
            _ => None,
        }
    }
    pub fn size(&self, name: &str) -> Option<(u32, u32)> {
        match self.get(name) {
            Some(Arg::Size(s)) => Some(*s),
            _ => None,
        }
    }
    pub fn variable(&self, name: &str) -> Option<String> {
        match self.get(name) {
            Some(Arg::Variable(v)) => Some(v.clone()),
            _ => None,
        }
    }
    /// The one equation of a parameter that must not be a system.
    pub fn equation(&mut self, name: &str) -> Result<(Expr, Span), Error> {
        let span = self.span_of(name);
        match self.take(name) {
            Some(Arg::Equations {
                list: false,
                mut exprs,
            }) if exprs.len() == 1 => Ok(exprs.remove(0)),
            Some(Arg::Equations { .. }) => Err(Error::usage(
                format!("{} takes one equation here, not a list", self.command),
                span,
            )),
            _ => Err(self.internal(name)),
        }
    }
    /// A binder/handler mismatch: a defect of the command entry, reported instead of a panic.
    fn internal(&self, name: &str) -> Error {
        Error::usage(
            format!(
                "internal error: {} has no argument '{name}' of the expected kind",
                self.command
            ),
            self.span,
        )
    }
}

/// Bind the arguments of a call of `cmd`.
pub fn bind(
    session: &mut Session,
    cmd: &'static Command,
    args: &[Ast],
    span: Span,
) -> Result<Bound, Error> {
    let mut bound = Bound {
        span,
        command: cmd.name,
        slots: Vec::new(),
    };
    let (positional, named) = classify(cmd, args, span)?;
    bind_positional(session, cmd, &positional, &mut bound)?;
    for (param, value, arg_span, bare) in named {
        if bound.slot(param.name).is_some() {
            return Err(Error::usage(
                format!("{} is given twice", param.name),
                arg_span,
            ));
        }
        let arg = if bare {
            Arg::Flag(true)
        } else {
            bind_one(session, param, value, cmd.name)?
        };
        bound.slots.push(Slot {
            name: param.name,
            arg,
            span: arg_span,
            given: true,
        });
    }
    check_collisions(cmd, &bound)?;
    bind_defaults(session, cmd, &mut bound)?;
    Ok(bound)
}

type Named<'a> = Vec<(&'static Param, &'a Ast, Span, bool)>;

/// Split the arguments into positional ones and named options. `name = value` is an option
/// when `name` is one (or a scalar parameter given by name); otherwise it is positional only
/// where the next parameter takes `x = ...` itself, and else an unknown option.
fn classify<'a>(
    cmd: &'static Command,
    args: &'a [Ast],
    span: Span,
) -> Result<(Vec<&'a Ast>, Named<'a>), Error> {
    let mut positional: Vec<&Ast> = Vec::new();
    let mut named: Named<'a> = Vec::new();
    for a in args {
        let next = cmd
            .params
            .get(positional.len())
            .or_else(|| cmd.params.last().filter(|_| cmd.variadic));
        if let AstKind::Equation(l, r) = &a.kind
            && let AstKind::Name(n) = &l.kind
        {
            let by_name = cmd.option(n).or_else(|| {
                cmd.params
                    .iter()
                    .find(|p| p.name == n.as_str() && p.by_name())
            });
            if let Some(param) = by_name {
                named.push((param, r.as_ref(), r.span, false));
                continue;
            }
            if !next.is_some_and(|p| takes_binding(p.kind, r)) {
                return Err(unknown_option(cmd, n, l.span));
            }
        }
        if let AstKind::Name(n) = &a.kind
            && let Some(param) = cmd.option(n).filter(|o| o.kind == Kind::Flag)
        {
            named.push((param, a, a.span, true));
            continue;
        }
        if next.is_none() {
            return Err(arity(cmd, args.len(), span));
        }
        positional.push(a);
    }
    Ok((positional, named))
}

/// Whether a parameter of this kind is itself written `x = value` (a range only with a
/// range-like value: `x = [a, b]` or a name holding one, so `samples = 3` where no such
/// option exists is reported as an unknown option).
fn takes_binding(kind: Kind, value: &Ast) -> bool {
    match kind {
        Kind::Value | Kind::Equations | Kind::Starts | Kind::Substitutions => true,
        Kind::Range => matches!(value.kind, AstKind::List(_) | AstKind::Name(_)),
        _ => false,
    }
}

fn unknown_option(cmd: &Command, name: &str, span: Span) -> Error {
    let names: Vec<&str> = cmd
        .all_options()
        .chain(cmd.params.iter().filter(|p| p.by_name()))
        .map(|o| o.name)
        .collect();
    let lower = name.to_lowercase();
    let close = names
        .iter()
        .filter(|o| strsim::damerau_levenshtein(o, &lower) <= 2 || o.starts_with(&lower))
        .min_by_key(|o| strsim::damerau_levenshtein(o, &lower));
    let hint = match (close, names.is_empty()) {
        (Some(c), _) => format!("did you mean {c}?"),
        (None, true) => format!("{} takes no options; usage: {}", cmd.name, cmd.signature()),
        (None, false) => format!("{} accepts: {}", cmd.name, names.join(", ")),
    };
    Error::usage_hint(format!("{} has no option '{name}'", cmd.name), span, hint)
}

/// `plot_error(f, x = [a, b])`: a range where a value belongs.
fn range_too_early(cmd: &str, span: Span) -> Error {
    let Some(c) = super::find(cmd) else {
        return Error::usage("unexpected range", span);
    };
    let before: Vec<&str> = c
        .params
        .iter()
        .take_while(|p| p.kind != Kind::Range)
        .map(|p| p.name)
        .collect();
    Error::usage_hint(
        format!("{cmd} needs {} before the range", before.join(" and ")),
        span,
        format!("usage: {}", c.signature()),
    )
}

fn arity(cmd: &Command, got: usize, span: Span) -> Error {
    Error::usage_hint(
        format!(
            "{} got {got} argument{}",
            cmd.name,
            if got == 1 { "" } else { "s" }
        ),
        span,
        format!("usage: {}", cmd.signature()),
    )
}

fn bind_positional(
    session: &mut Session,
    cmd: &'static Command,
    positional: &[&Ast],
    bound: &mut Bound,
) -> Result<(), Error> {
    let required = cmd
        .params
        .iter()
        .filter(|p| p.default == Default::Required)
        .count();
    if positional.len() < required {
        return Err(arity(cmd, positional.len(), bound.span));
    }
    for (i, param) in cmd.params.iter().enumerate() {
        let is_rest = cmd.variadic && i + 1 == cmd.params.len();
        let group: Vec<&Ast> = if is_rest {
            positional.iter().skip(i).copied().collect()
        } else {
            positional.get(i).copied().into_iter().collect()
        };
        let Some(first) = group.first() else { continue };
        let span = group.iter().fold(first.span, |s, a| s.join(a.span));
        let arg = match param.kind {
            Kind::Substitutions => substitutions(session, &group)?,
            Kind::Derivatives => derivatives(session, &group)?,
            _ => bind_one(session, param, first, cmd.name)?,
        };
        bound.slots.push(Slot {
            name: param.name,
            arg,
            span,
            given: true,
        });
    }
    Ok(())
}

/// An option given by name must not also be a symbol of the subject: `plot(sin(to), to = ...)`
/// would otherwise silently read the range as the file name.
fn check_collisions(cmd: &Command, bound: &Bound) -> Result<(), Error> {
    let Some(first) = cmd.params.first().and_then(|p| bound.get(p.name)) else {
        return Ok(());
    };
    let symbols = subject_symbols(first);
    for slot in bound.slots.iter().skip(1) {
        if slot.given && cmd.option(slot.name).is_some() && symbols.iter().any(|s| s == slot.name) {
            return Err(Error::usage_hint(
                format!(
                    "'{}' is both a symbol of the expression and an option of {}",
                    slot.name, cmd.name
                ),
                slot.span,
                format!(
                    "rename the symbol (subs(expr, {} = t)) so the option is unambiguous",
                    slot.name
                ),
            ));
        }
    }
    Ok(())
}

/// The free symbols of a bound subject.
pub fn subject_symbols(arg: &Arg) -> Vec<String> {
    let mut out = match arg {
        Arg::Expr(e) => e.free_symbols(),
        Arg::Value(v) => v.free_symbols(),
        Arg::Equations { exprs, .. } => exprs.iter().flat_map(|(e, _)| e.free_symbols()).collect(),
        _ => Vec::new(),
    };
    out.sort();
    out.dedup();
    out
}

/// Bind the stated defaults of parameters and options that were not written, and infer an
/// omitted variable from the subject.
fn bind_defaults(
    session: &mut Session,
    cmd: &'static Command,
    bound: &mut Bound,
) -> Result<(), Error> {
    for param in cmd.params.iter().chain(cmd.all_options()) {
        if bound.slot(param.name).is_some() {
            continue;
        }
        let arg = match param.default {
            Default::Text(source) => {
                let ast = default_ast(source, bound.span)?;
                bind_one(session, param, &ast, cmd.name)?
            }
            Default::Described(_) if param.kind == Kind::Variable => {
                let subject = cmd.params.first().and_then(|p| bound.get(p.name));
                let symbols = subject.map(subject_symbols).unwrap_or_default();
                Arg::Variable(only_symbol(&symbols, cmd.name, bound.span)?)
            }
            _ => continue,
        };
        bound.slots.push(Slot {
            name: param.name,
            arg,
            span: bound.span,
            given: false,
        });
    }
    Ok(())
}

/// The syntax tree of a default written in the entry, located at the call.
fn default_ast(source: &str, at: Span) -> Result<Ast, Error> {
    match crate::syntax::parse_statements(source).into_iter().next() {
        Some(Ok(located)) => match located.statement {
            Statement::Expr(mut ast) => {
                ast.map_spans(&|_| at);
                Ok(ast)
            }
            _ => Err(Error::usage(
                format!("internal error: default '{source}'"),
                at,
            )),
        },
        _ => Err(Error::usage(
            format!("internal error: default '{source}'"),
            at,
        )),
    }
}

/// The variable of a subject with one free symbol (`x` when it has none, as for constants);
/// with several, an error that names them. The one place this inference is made.
pub fn only_symbol(symbols: &[String], cmd: &str, span: Span) -> Result<String, Error> {
    match symbols {
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

/// Read one argument as `param.kind` says.
fn bind_one(session: &mut Session, param: &Param, ast: &Ast, cmd: &str) -> Result<Arg, Error> {
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
        Kind::Equations => equations(session, ast)?,
        Kind::Variable => match &ast.kind {
            AstKind::Name(n) => Arg::Variable(n.clone()),
            _ => {
                return Err(Error::usage_hint(
                    "expected the variable",
                    ast.span,
                    format!("write {cmd}(expr, x)"),
                ));
            }
        },
        Kind::Starts => starts(session, ast)?,
        Kind::Range => match &ast.kind {
            AstKind::Equation(l, r) => {
                let AstKind::Name(var) = &l.kind else {
                    return Err(Error::usage_hint(
                        "the left side of the range must be the variable",
                        l.span,
                        "write x = [a, b]",
                    ));
                };
                Arg::Range {
                    var: var.clone(),
                    range: real_range(session, r, var)?,
                }
            }
            _ => {
                return Err(Error::usage_hint(
                    format!("unexpected argument of {cmd}"),
                    ast.span,
                    "give the range as x = [a, b] and options as name = value",
                ));
            }
        },
        Kind::Interval => Arg::Interval(real_range(session, ast, name)?),
        Kind::Digits => Arg::Count(count(
            session,
            ast,
            "the number of digits",
            1,
            limits::MAX_DIGITS,
        )?),
        Kind::Count { min, max } => Arg::Count(count(session, ast, name, min, max)?),
        Kind::Real { min, max } => {
            let e = session.lower_expr(ast)?;
            let z = number(&e, ast.span, name)?;
            if !(z.im == 0.0 && z.re > min && z.re < max) {
                return Err(Error::usage(
                    format!("{name} must be a number between {min} and {max}"),
                    ast.span,
                ));
            }
            Arg::Real(z.re)
        }
        Kind::Flag => match &ast.kind {
            AstKind::Name(n) if n == "true" => Arg::Flag(true),
            AstKind::Name(n) if n == "false" => Arg::Flag(false),
            _ => return Err(Error::usage(format!("{name} is true or false"), ast.span)),
        },
        Kind::Text => match &ast.kind {
            AstKind::Str(t) => Arg::Text(t.clone()),
            _ => {
                return Err(Error::usage_hint(
                    format!("{name} must be a text in quotes"),
                    ast.span,
                    format!("{name} = \"...\""),
                ));
            }
        },
        Kind::Texts => Arg::Texts(texts(session, ast)?),
        Kind::Choice(choices) => {
            let written = match &ast.kind {
                AstKind::Name(n) | AstKind::Str(n) => n.as_str(),
                _ => "",
            };
            match choices.iter().find(|c| c.eq_ignore_ascii_case(written)) {
                Some(c) => Arg::Choice(c),
                None => {
                    return Err(Error::usage(
                        format!("unknown {name} '{written}' ({})", choices.join(", ")),
                        ast.span,
                    ));
                }
            }
        }
        Kind::Substitutions => substitutions(session, &[ast])?,
        Kind::Derivatives => derivatives(session, &[ast])?,
        Kind::Size { min, max } => Arg::Size(size(session, ast, min, max)?),
        Kind::Name => match &ast.kind {
            AstKind::Name(n) | AstKind::Call { name: n, .. } => Arg::Name(n.clone()),
            _ => {
                return Err(Error::usage_hint(
                    format!("{cmd} needs a name"),
                    ast.span,
                    format!("e.g. {cmd}(sin) or {cmd}(N)"),
                ));
            }
        },
    })
}

/// `lhs = rhs` or an expression as one zero form f; lists (and names holding lists) as systems.
fn equations(session: &mut Session, ast: &Ast) -> Result<Arg, Error> {
    let value = session.lower(ast)?.into_operand();
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
    let start = match session.lower(r)?.into_operand() {
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
    let z = crate::numeric::eval::eval_c64(e).map_err(|err| Error::math(err, span))?;
    if !(z.re.is_finite() && z.im.is_finite()) {
        return Err(Error::usage(format!("{what} is not finite"), span));
    }
    Ok(z)
}

/// A real range `[a, b]` with a < b.
fn real_range(session: &mut Session, ast: &Ast, name: &str) -> Result<(f64, f64), Error> {
    let hint = format!("write {name} = [a, b] with a < b");
    let Value::List(items) = session.lower(ast)? else {
        return Err(Error::usage_hint(
            format!("{name} must be a range"),
            ast.span,
            hint,
        ));
    };
    let ends: Option<Vec<f64>> = items
        .iter()
        .map(|v| match v {
            Value::Expr(e) => number(e, ast.span, name)
                .ok()
                .filter(|z| z.im == 0.0)
                .map(|z| z.re),
            _ => None,
        })
        .collect();
    let Some(ends) = ends else {
        return Err(Error::usage_hint(
            format!("{name} must hold two real numbers"),
            ast.span,
            hint,
        ));
    };
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
fn substitutions(session: &mut Session, asts: &[&Ast]) -> Result<Arg, Error> {
    let mut out = Vec::new();
    for ast in asts {
        let value = session.lower(ast)?;
        if let Some(pairs) = value.bindings() {
            out.extend(pairs);
            continue;
        }
        let items = match value {
            Value::List(items) => items,
            other => vec![other],
        };
        for item in items {
            match item {
                Value::Equation(l, r) if l.as_symbol().is_some() => {
                    out.push((l.as_symbol().unwrap_or_default().to_string(), r))
                }
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
fn derivatives(session: &mut Session, asts: &[&Ast]) -> Result<Arg, Error> {
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
