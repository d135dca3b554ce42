//! The one binder of command arguments: arity, option names (did-you-mean for misspellings,
//! collisions with the subject's symbols), defaults and spans, for every command. Reading each
//! argument as its kind says is in `read.rs`; handlers receive a [`Bound`].

use super::bound::{Arg, Bound, Slot};
use super::read::{bind_one, derivatives, substitutions};
use super::{Command, Default, Kind, Param};
use crate::error::Error;
use crate::session::Session;
use crate::span::Span;
use crate::syntax::ast::{Ast, AstKind, Statement};

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
    let (conditions, args): (Vec<&Ast>, Vec<&Ast>) =
        match cmd.all_options().find(|o| o.kind == Kind::Conditions) {
            Some(_) => args.iter().partition(|a| is_condition(a)),
            None => (Vec::new(), args.iter().collect()),
        };
    if let Some(param) = cmd.all_options().find(|o| o.kind == Kind::Conditions)
        && let Some(first) = conditions.first()
    {
        let span = conditions.iter().fold(first.span, |s, a| s.join(a.span));
        bound.slots.push(Slot {
            name: param.name,
            arg: super::read::conditions(session, &conditions)?,
            span,
            given: true,
        });
    }
    let args: Vec<Ast> = args.into_iter().cloned().collect();
    let (positional, named) = classify(cmd, &args, span)?;
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

/// `x(0) = a` or `x'(0) = b` (a call of a name that is not a built-in function, set equal
/// to a value), or a list of such.
fn is_condition(a: &Ast) -> bool {
    match &a.kind {
        AstKind::Equation(l, _) => matches!(
            &l.kind,
            AstKind::Call { name, args, .. }
                if args.len() == 1 && crate::functions::Func::lookup(name).is_none()
        ),
        AstKind::List(items) => !items.is_empty() && items.iter().all(is_condition),
        _ => false,
    }
}

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
        Kind::Value | Kind::Equations | Kind::Starts | Kind::Substitutions | Kind::Point => true,
        Kind::Range | Kind::LineRange => matches!(value.kind, AstKind::List(_) | AstKind::Name(_)),
        _ => false,
    }
}

fn unknown_option(cmd: &Command, name: &str, span: Span) -> Error {
    let names: Vec<&str> = cmd
        .all_options()
        .chain(cmd.params.iter().filter(|p| p.by_name()))
        .map(|o| o.name)
        .collect();
    let close = crate::session::suggest::closest(name, names.iter().copied(), true);
    let hint = match (close, names.is_empty()) {
        (Some(c), _) => format!("did you mean {c}?"),
        (None, true) => format!("{} takes no options; usage: {}", cmd.name, cmd.signature()),
        (None, false) => format!("{} accepts: {}", cmd.name, names.join(", ")),
    };
    Error::usage_hint(format!("{} has no option '{name}'", cmd.name), span, hint)
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
            Kind::Name if is_rest => Arg::Names(
                group
                    .iter()
                    .map(|a| match bind_one(session, param, a, cmd.name)? {
                        Arg::Name(n) => Ok(n),
                        _ => Err(Error::usage("expected a name", a.span)),
                    })
                    .collect::<Result<_, Error>>()?,
            ),
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
            Default::Described(_) if matches!(param.kind, Kind::Variable | Kind::Point) => {
                let subject = cmd.params.first().and_then(|p| bound.get(p.name));
                let symbols = subject.map(subject_symbols).unwrap_or_default();
                let var = only_symbol(&symbols, cmd.name, bound.span)?;
                if param.kind == Kind::Point {
                    Arg::Point {
                        var,
                        point: crate::series::Point::At(crate::expr::Expr::zero()),
                    }
                } else {
                    Arg::Variable(var)
                }
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
