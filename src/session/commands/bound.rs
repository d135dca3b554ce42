//! What the binder hands a command's handler: each argument read as its [`Kind`] promises
//! ([`Arg`]), by parameter or option name, with its span and whether the user wrote it.

use crate::error::Error;
use crate::expr::Expr;
use crate::session::value::Value;
use crate::solve::one::Start;
use crate::span::Span;

/// A bound argument, of the shape its [`super::Kind`] promises.
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
    /// A smoothing kernel's name and width.
    Kernel(&'static str, Expr),
    Count(u64),
    Real(f64),
    Flag(bool),
    Text(String),
    Texts(Vec<String>),
    Choice(&'static str),
    /// `x = value` pairs; a value is an expression or a series (composition).
    Substitutions(Vec<(String, Value)>),
    Derivatives(Vec<(String, u64)>),
    Size((u32, u32)),
    Name(String),
    /// Several names (a repeated name parameter: `clear(a, f)`).
    Names(Vec<String>),
    Point {
        var: String,
        point: crate::series::Point,
    },
    Conditions(Vec<Condition>),
}

/// An initial condition `x''(t0) = value`: the unknown, the derivative order, where, what.
#[derive(Debug, Clone)]
pub struct Condition {
    pub unknown: String,
    pub order: usize,
    pub at: Expr,
    pub value: Expr,
    pub span: Span,
}

/// The arguments of one call, by parameter or option name.
#[derive(Debug)]
pub struct Bound {
    /// The whole call.
    pub span: Span,
    pub command: &'static str,
    pub(super) slots: Vec<Slot>,
}

#[derive(Debug)]
pub(super) struct Slot {
    pub(super) name: &'static str,
    pub(super) arg: Arg,
    pub(super) span: Span,
    /// Written by the user (not a default).
    pub(super) given: bool,
}

impl Bound {
    pub(super) fn slot(&self, name: &str) -> Option<&Slot> {
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
    /// A series point parameter: the variable and the point.
    pub fn point(&self, name: &str) -> Option<(String, crate::series::Point)> {
        match self.get(name) {
            Some(Arg::Point { var, point }) => Some((var.clone(), point.clone())),
            _ => None,
        }
    }
    /// The initial conditions given (none when absent).
    pub fn conditions(&self, name: &str) -> Vec<Condition> {
        match self.get(name) {
            Some(Arg::Conditions(c)) => c.clone(),
            _ => Vec::new(),
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
