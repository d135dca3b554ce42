//! `help`: the language in brief, and one page per command (generated from its entry),
//! function (from the registry), constant or definition.

use std::fmt::Write as _;

use super::{Arg, Bound, Command, Default, Kind, Param, commands, find};
use crate::error::Error;
use crate::functions::{self, Func};
use crate::session::Session;
use crate::session::value::Value;

pub(super) const COMMANDS: &[Command] = &[Command {
    name: "help",
    params: &[Param::optional(
        "name",
        Kind::Name,
        "the overview",
        "a function, command, constant or definition",
    )],
    variadic: false,
    options: &[],
    forms: &["help"],
    summary: "Describe the language, or one function or command.",
    details: "",
    examples: &["help", "help(besselj)", "help(N)"],
    run: run_help,
}];

/// The general help text: the language in brief, then every command and function.
pub fn general_help() -> String {
    let mut s = String::from(
        "ansatz: exact symbolic expressions, derivatives and numbers to any precision.\n\n\
         Numbers are exact (0.1 is 1/10); N(expr, digits) gives digits that are all correct.\n\
         Operators: + - * / ^ (right-associative; -2^2 = -4), implicit products 2x, 2(x+1), (a+b)(a-b).\n\
         Constants: pi, e, i.  Equations: lhs = rhs.  Lists: [a, b], v[1] is the first item.\n\
         Matrices: [[1, 2], [3, 4]]; A*B is the product, A' the transpose, A[i, j] an entry,\n\
         A[1:2, :] a slice.  Definitions: a := 3, f(x, y) := x^2 + y.\n\
         ans is the last result (after solve or roots: the root's value).  # starts a comment.\n\n\
         Commands:\n",
    );
    for c in commands() {
        let _ = writeln!(s, "  {:<44} {}", c.signature(), c.summary);
    }
    s.push_str("\nFunctions:\n");
    for d in functions::all() {
        let also = if d.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", d.aliases.join(", "))
        };
        let _ = writeln!(
            s,
            "  {:<22} {}{also}",
            d.signature(),
            first_sentence(d.help)
        );
    }
    s.push_str(
        "\nhelp(name) describes one function or command; at the prompt quit or exit leaves.",
    );
    s
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ").map_or(text, |(first, _)| first)
}

fn default_text(p: &Param) -> String {
    match p.default {
        Default::Required => String::new(),
        Default::Text(t) => format!(" (default {t})"),
        Default::Described(d) => format!(" (default: {d})"),
    }
}

/// The help page of a command: signature, summary and details, parameters, options with
/// their defaults, examples. Generated from the entry, so it lists exactly what the binder
/// accepts.
pub fn command_help(c: &Command) -> String {
    let mut s = format!("{}\n  {}", c.signature(), c.summary);
    if !c.details.is_empty() {
        let _ = write!(s, " {}", c.details);
    }
    s.push('\n');
    if !c.params.is_empty() {
        s.push_str("arguments:\n");
        for p in c.params {
            let _ = writeln!(s, "  {:<12} {}{}", p.name, p.doc, default_text(p));
        }
    }
    let options: Vec<&Param> = c.all_options().collect();
    if !options.is_empty() {
        s.push_str("options:\n");
        for o in options {
            let _ = writeln!(
                s,
                "  {:<12} {}{}",
                format!("{} =", o.name),
                o.doc,
                default_text(o)
            );
        }
    }
    let _ = write!(s, "examples: {}", c.examples.join(";  "));
    s
}

fn run_help(session: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span_of("name");
    let Some(Arg::Name(name)) = b.take("name") else {
        return Ok(Value::Text(general_help()));
    };
    if let Some(c) = find(&name) {
        return Ok(Value::Text(command_help(c)));
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
    if name == "ans" {
        return Ok(Value::Text(
            "ans: the result of the last statement; after solve or roots it stands for the root's value (roots: the list of roots)".into(),
        ));
    }
    if let Some(text) = session.describe_definition(&name) {
        return Ok(Value::Text(format!("{text}  (defined in this session)")));
    }
    let names = session.completion_names();
    let hint =
        match crate::session::suggest::closest(&name, names.iter().map(String::as_str), false) {
            Some(c) => format!("did you mean help({c})?"),
            None => "help lists everything built in".to_string(),
        };
    Err(Error::usage_hint(
        format!("no function, command or definition named '{name}'"),
        span,
        hint,
    ))
}
