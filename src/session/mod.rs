//! The interpreter: statements → [`Value`]s, with definitions, `ans`, settings and the
//! command registry. Everything the REPL and the CLI do goes through [`Session::eval_line`], so
//! tests need no terminal.

pub mod commands;
pub mod format;
mod lower;
pub mod suggest;
mod value;

use std::collections::HashMap;

pub use commands::plotting::Plotted;
pub use commands::solving::{RootReport, RootsReport};
pub use commands::{Command, commands};
pub use value::{Report, ReportBox, Value};

use crate::error::Error;
use crate::expr::Expr;
use crate::span::Span;
use crate::syntax::ast::Statement;
use crate::syntax::parse_statements;

/// A user-defined function `f(x, y) := body`.
#[derive(Debug, Clone)]
pub struct UserFunction {
    pub params: Vec<String>,
    pub body: Expr,
}

/// Settings a session carries.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Significant digits of `N(expr)` when none are given (15: what a double holds faithfully).
    pub digits: u32,
    /// Seconds one statement may run (`--time-limit`; `None`: no limit, only Ctrl-C).
    pub time_limit: Option<u64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            digits: 15,
            time_limit: Some(crate::limits::MAX_STATEMENT_SECONDS),
        }
    }
}

/// One evaluated statement.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The statement's own text.
    pub input: String,
    pub span: Span,
    pub value: Value,
}

impl Outcome {
    /// Plain text of the value.
    pub fn to_plain(&self) -> String {
        self.value.to_plain()
    }
    /// Whether the REPL/CLI prints anything for it (definitions are silent).
    pub fn is_silent(&self) -> bool {
        matches!(self.value, Value::Defined { .. })
    }
}

/// The state of an interactive or batch session.
#[derive(Debug, Default)]
pub struct Session {
    variables: HashMap<String, Value>,
    functions: HashMap<String, UserFunction>,
    /// The statement text of each definition in force, oldest first (what `vars` lists and
    /// `save` writes, so a saved session replays the same computations).
    definitions: Vec<(String, String)>,
    ans: Option<Value>,
    /// Names bound as plain symbols while lowering a function body (its parameters).
    bound: Vec<String>,
    pub settings: Settings,
}

/// Refuse a result whose expression tree is beyond the node limit (shared subtrees counted each
/// time they occur): every later step on it (printing, substitution, evaluation) walks the
/// whole tree, so `c_k := c_{k-1} + c_{k-1}*x` stops at the limit instead of hanging later.
fn check_size(v: &Value, span: Span) -> Result<(), Error> {
    let largest = match v {
        Value::Expr(e) => e.size(),
        Value::Equation(l, r) => l.size().max(r.size()),
        Value::List(items) => items
            .iter()
            .filter_map(|i| i.as_expr().map(crate::expr::Expr::size))
            .max()
            .unwrap_or(0),
        _ => 0,
    };
    if largest > crate::limits::MAX_EXPR_NODES {
        return Err(Error::math(
            crate::math_error::MathError::TooLarge {
                what: format!(
                    "the result, an expression tree of {} nodes,",
                    if largest == usize::MAX {
                        "more than 10^19".to_string()
                    } else {
                        largest.to_string()
                    }
                ),
                limit: format!("{} nodes", crate::limits::MAX_EXPR_NODES),
            },
            span,
        ));
    }
    Ok(())
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Parse and evaluate every statement of `text` in order; one result per statement.
    /// A failing statement does not stop the ones after it.
    pub fn eval_line(&mut self, text: &str) -> Vec<Result<Outcome, Error>> {
        let mut results = Vec::new();
        crate::interrupt::reset();
        for parsed in parse_statements(text) {
            // After Ctrl-C the rest of the input is abandoned, also when the interrupted
            // statement finished before it noticed.
            if crate::interrupt::pending() {
                break;
            }
            let result = match parsed {
                Err(e) => Err(Error::Parse(e)),
                Ok(located) => {
                    let input = text[located.span.start..located.span.end].to_string();
                    match self.settings.time_limit {
                        Some(seconds) => {
                            crate::interrupt::set_deadline(std::time::Duration::from_secs(seconds))
                        }
                        None => crate::interrupt::clear_deadline(),
                    }
                    let span = located.span;
                    let limit = self.settings.time_limit;
                    self.eval_statement(located.statement)
                        .map_err(|e| over_time(e, span, limit))
                        .inspect(|value| self.remember(value, &input))
                        .map(|value| Outcome {
                            input,
                            span: located.span,
                            value,
                        })
                }
            };
            crate::interrupt::clear_deadline();
            let interrupted = matches!(&result, Err(Error::Interrupted));
            results.push(result);
            if interrupted {
                break;
            }
        }
        results
    }

    /// Keep the text of a definition (replacing an earlier one of the same name).
    fn remember(&mut self, value: &Value, input: &str) {
        if let Value::Defined { name, .. } = value {
            self.definitions.retain(|(n, _)| n != name);
            self.definitions
                .push((name.clone(), input.trim().to_string()));
        }
    }

    /// Remove the definition of `name`; whether there was one.
    fn forget(&mut self, name: &str) -> bool {
        let had = self.variables.remove(name).is_some() | self.functions.remove(name).is_some();
        self.definitions.retain(|(n, _)| n != name);
        had
    }

    /// Evaluate text that must be a single expression and return it (for programs and tests
    /// that build expressions from the language).
    pub fn expr(&mut self, text: &str) -> Result<Expr, Error> {
        let mut results = self.eval_line(text);
        if results.len() != 1 {
            return Err(Error::Usage {
                message: format!(
                    "expected one expression, found {} statements",
                    results.len()
                ),
                span: None,
                hint: None,
            });
        }
        match results.remove(0)?.value {
            Value::Expr(e) => Ok(e),
            other => Err(Error::Usage {
                message: format!("expected an expression, found a {}", other.kind()),
                span: None,
                hint: None,
            }),
        }
    }

    /// Evaluate one statement and return its value.
    fn eval_statement(&mut self, statement: Statement) -> Result<Value, Error> {
        match statement {
            Statement::Expr(ast) => {
                self.check_not_a_definition(&ast)?;
                let value = self.lower(&ast)?;
                check_size(&value, ast.span)?;
                if !matches!(value, Value::Text(_)) {
                    self.ans = Some(value.clone());
                }
                Ok(value)
            }
            Statement::Define {
                name,
                name_span,
                value,
            } => {
                self.check_definable(&name, name_span)?;
                let v = self.lower(&value)?;
                check_size(&v, value.span)?;
                let text = format!("{name} := {}", v.to_plain());
                self.functions.remove(&name);
                self.variables.insert(name.clone(), v);
                Ok(Value::Defined { name, text })
            }
            Statement::DefineFunction {
                name,
                name_span,
                params,
                body,
            } => {
                self.check_definable(&name, name_span)?;
                for p in &params {
                    if crate::expr::Constant::from_name(p).is_some() {
                        return Err(Error::usage(
                            format!("'{p}' is a constant and cannot be a parameter name"),
                            name_span,
                        ));
                    }
                }
                let body = self.lower_with_params(&body, &params)?;
                let text = format!("{name}({}) := {body}", params.join(", "));
                self.variables.remove(&name);
                self.functions
                    .insert(name.clone(), UserFunction { params, body });
                Ok(Value::Defined { name, text })
            }
        }
    }

    /// `f(x) = x^2` with `f` unknown is meant as a definition: say to write `:=`.
    fn check_not_a_definition(&self, ast: &crate::syntax::ast::Ast) -> Result<(), Error> {
        use crate::syntax::ast::AstKind;
        if let AstKind::Equation(l, _) = &ast.kind
            && let AstKind::Call {
                name,
                name_span,
                args,
            } = &l.kind
            && !self.is_function(name)
            && args.iter().all(|a| matches!(a.kind, AstKind::Name(_)))
        {
            let params: Vec<&str> = args
                .iter()
                .filter_map(|a| match &a.kind {
                    AstKind::Name(n) => Some(n.as_str()),
                    _ => None,
                })
                .collect();
            return Err(Error::usage_hint(
                format!("'{name}' is not defined, and '=' makes an equation, not a definition"),
                *name_span,
                format!(
                    "to define the function write {name}({}) := ...",
                    params.join(", ")
                ),
            ));
        }
        Ok(())
    }

    fn check_definable(&self, name: &str, span: Span) -> Result<(), Error> {
        let builtin = if name == "ans" {
            Some("the previous result")
        } else if crate::expr::Constant::from_name(name).is_some() {
            Some("a built-in constant")
        } else if crate::functions::Func::lookup(name).is_some() {
            Some("a built-in function")
        } else if commands::find(name).is_some() {
            Some("a built-in command")
        } else {
            None
        };
        match builtin {
            Some(what) => Err(Error::usage_hint(
                format!("'{name}' is {what} and cannot be redefined"),
                span,
                "choose another name",
            )),
            None => Ok(()),
        }
    }

    /// Names for tab completion: functions, commands, constants and the user's definitions.
    pub fn completion_names(&self) -> Vec<String> {
        let mut names: Vec<String> = crate::functions::all()
            .iter()
            .map(|d| d.name.to_string())
            .collect();
        names.extend(commands().map(|c| c.name.to_string()));
        names.extend(["pi", "e", "i", "ans"].map(String::from));
        names.extend(self.variables.keys().cloned());
        names.extend(self.functions.keys().cloned());
        names.sort();
        names.dedup();
        names
    }

    /// Whether `name` has a value defined in this session.
    pub fn is_defined(&self, name: &str) -> bool {
        self.variables.contains_key(name)
    }

    /// `name := value` or `f(x) := body` for a definition of this session.
    pub fn describe_definition(&self, name: &str) -> Option<String> {
        if let Some(f) = self.functions.get(name) {
            return Some(format!("{name}({}) := {}", f.params.join(", "), f.body));
        }
        self.variables
            .get(name)
            .map(|v| format!("{name} := {}", v.to_plain()))
    }

    /// Whether `name` is callable (a built-in function, a command or a user function).
    pub fn is_function(&self, name: &str) -> bool {
        crate::functions::Func::lookup(name).is_some()
            || commands::find(name).is_some()
            || self.functions.contains_key(name)
    }
}

/// A statement stopped by its deadline (not by Ctrl-C) is an error naming the time limit.
fn over_time(e: Error, span: Span, limit: Option<u64>) -> Error {
    if matches!(e, Error::Interrupted)
        && crate::interrupt::timed_out()
        && !crate::interrupt::pending()
    {
        return Error::math(
            crate::math_error::MathError::TooLarge {
                what: "the running time of the statement".to_string(),
                limit: format!(
                    "{} s per statement; ansatz --time-limit SECONDS sets it, 0 for none",
                    limit.unwrap_or(crate::limits::MAX_STATEMENT_SECONDS)
                ),
            },
            span,
        );
    }
    e
}
