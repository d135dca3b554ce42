//! The command table. A command (`N`, `solve`, `plot`, ...) is one [`Command`] entry: its
//! positional parameters and named options, each with a [`Kind`], a default and a line of
//! documentation; a summary, details and examples; and a handler that receives the arguments
//! already bound and checked by [`bind`]. Help text, signatures, did-you-mean hints for
//! misspelt options and the test that runs every example all read the same entry.
//!
//! Each family of commands lives in one file here (`calculus`, `solving`, `plotting`, `help`)
//! and exports its entries as a slice; [`commands`] lists the families in help order. A new
//! family is one more file and one more line in `FAMILIES`.

mod approximation;
mod bind;
mod bound;
mod calculus;
mod definitions;
mod help;
mod matrices;
mod oscillators;
mod perturbation;
pub mod plotting;
mod read;
mod series;
pub mod solving;
mod vectors;

pub use bound::{Arg, Bound};
pub use help::{command_help, general_help};

use super::Session;
use super::value::Value;
use crate::error::Error;
use crate::span::Span;

/// A handler: the session and the bound arguments.
pub type Handler = fn(&mut Session, Bound) -> Result<Value, Error>;

/// What an argument must be; the binder reads and checks it once for every command.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Any value (expression, equation, list, report).
    Value,
    /// A single expression.
    Expr,
    /// A number or list of numbers, or a norm's name (never `name = value`, so a misspelt
    /// option is refused rather than taken as this argument).
    Plain,
    /// `lhs = rhs` or an expression (meaning `= 0`), or a list of them (a system).
    Equations,
    /// A symbol name; when left out, the one free symbol of the first argument.
    Variable,
    /// `x = start` or a bracket `x = [a, b]`, or a list of them (a system's starts).
    Starts,
    /// `x = [a, b]`: the variable and a real range a < b.
    Range,
    /// `x = [a, b]` where an end may be `-inf` or `inf`.
    LineRange,
    /// A smoothing kernel: `gaussian(s)`, `logistic(t)`, `cauchy(a)`, `uniform(w)`.
    Kernel,
    /// `[a, b]`: a real range a < b.
    Interval,
    /// Significant digits, 1 to `limits::MAX_DIGITS`.
    Digits,
    /// A whole number in `min..=max`.
    Count { min: u64, max: u64 },
    /// A real number strictly between `min` and `max`.
    Real { min: f64, max: f64 },
    /// `true` or `false` (a bare option name means `true`).
    Flag,
    /// Text in quotes.
    Text,
    /// Texts in quotes (or expressions, shown as text), or `false` for none.
    Texts,
    /// One of the listed names.
    Choice(&'static [&'static str]),
    /// `x = value` substitutions, or a list of them.
    Substitutions,
    /// Variables and orders of a derivative: `x`, `x, 2`, `x, y`.
    Derivatives,
    /// `[width, height]` in pixels (or one side for a square), each in `min..=max`.
    Size { min: u64, max: u64 },
    /// A name, not evaluated (`help(sin)`).
    Name,
    /// Where a series is expanded: `x` (at 0), `x = x0`, or `x = inf`.
    Point,
    /// Initial conditions `x(0) = a`, `x'(0) = b`, in any position among the arguments
    /// (an option entry of this kind collects them).
    Conditions,
}

/// Where an absent argument's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// Required.
    Required,
    /// Bound from this source text, shown verbatim in help.
    Text(&'static str),
    /// Left out; the handler decides, as described (shown in help).
    Described(&'static str),
}

/// A positional parameter or a named option.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub default: Default,
    pub doc: &'static str,
}

impl Param {
    pub const fn required(name: &'static str, kind: Kind, doc: &'static str) -> Param {
        Param {
            name,
            kind,
            default: Default::Required,
            doc,
        }
    }
    pub const fn with(
        name: &'static str,
        kind: Kind,
        default: &'static str,
        doc: &'static str,
    ) -> Param {
        Param {
            name,
            kind,
            default: Default::Text(default),
            doc,
        }
    }
    pub const fn optional(
        name: &'static str,
        kind: Kind,
        described: &'static str,
        doc: &'static str,
    ) -> Param {
        Param {
            name,
            kind,
            default: Default::Described(described),
            doc,
        }
    }
    /// Whether a scalar parameter may also be given by name (`N(pi, digits = 30)`). Parameters
    /// that take `name = value` themselves (starts, ranges, substitutions) never are: their
    /// names are the user's symbols.
    fn by_name(&self) -> bool {
        matches!(
            self.kind,
            Kind::Digits
                | Kind::Count { .. }
                | Kind::Real { .. }
                | Kind::Flag
                | Kind::Text
                | Kind::Choice(_)
        )
    }
}

/// One command of the language.
pub struct Command {
    pub name: &'static str,
    /// Positional parameters in order; after the first optional one all are optional. The last
    /// may repeat when `variadic`.
    pub params: &'static [Param],
    pub variadic: bool,
    /// Named options, in groups shared between commands (the plotting family).
    pub options: &'static [&'static [Param]],
    /// Further accepted call shapes, for the signature line (`solve([eqs], [starts])`).
    pub forms: &'static [&'static str],
    /// One sentence: what the command does (the help listing shows it).
    pub summary: &'static str,
    pub details: &'static str,
    pub examples: &'static [&'static str],
    pub run: Handler,
}

impl Command {
    /// Every option the command accepts.
    pub fn all_options(&self) -> impl Iterator<Item = &'static Param> {
        self.options.iter().flat_map(|group| group.iter())
    }
    /// The option named `name`.
    pub fn option(&self, name: &str) -> Option<&'static Param> {
        self.all_options().find(|o| o.name == name)
    }
    /// `name(p1, p2)` with optional parameters in brackets, then the other forms.
    pub fn signature(&self) -> String {
        let mut parts = Vec::new();
        for p in self.params {
            let text = if self.variadic && std::ptr::eq(p, self.params.last().unwrap_or(p)) {
                format!("{}, ...", p.name)
            } else {
                p.name.to_string()
            };
            parts.push(match p.default {
                Default::Required => text,
                _ => format!("[{text}]"),
            });
        }
        let mut s = format!("{}({})", self.name, parts.join(", "));
        for f in self.forms {
            s.push_str(" / ");
            s.push_str(f);
        }
        s
    }
}

/// The command families, in help order.
const FAMILIES: &[&[Command]] = &[
    calculus::COMMANDS,
    solving::COMMANDS,
    plotting::COMMANDS,
    series::COMMANDS,
    perturbation::COMMANDS,
    oscillators::COMMANDS,
    vectors::COMMANDS,
    approximation::COMMANDS,
    matrices::COMMANDS,
    definitions::COMMANDS,
    help::COMMANDS,
];

/// Every command, in help order.
pub fn commands() -> impl Iterator<Item = &'static Command> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// A command that may be written as a bare word (`help`, `vars`): its entry lists its own name
/// among its forms.
pub fn bare(name: &str) -> Option<&'static Command> {
    find(name).filter(|c| c.forms.contains(&c.name))
}

/// Find a command by name.
pub fn find(name: &str) -> Option<&'static Command> {
    commands().find(|c| c.name == name)
}

/// Bind the arguments of a call of `cmd` and run it.
pub fn call(
    session: &mut Session,
    cmd: &'static Command,
    args: &[crate::syntax::ast::Ast],
    span: Span,
) -> Result<Value, Error> {
    let bound = bind::bind(session, cmd, args, span)?;
    (cmd.run)(session, bound)
}
