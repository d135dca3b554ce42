//! The results of `perturb` (every branch with its behaviour and residual check) and of
//! `perturb_ode` (the order-by-order solutions with their secular terms flagged).

use std::any::Any;
use std::sync::Arc;

use serde_json::{Map, Value as Json, json};

use crate::expr::print::Style;
use crate::math_error::MathError;
use crate::perturb::algebraic::Branch;
use crate::series::print::render;
use crate::session::value::{Report, Value};

/// All branches of the roots of F(x, ε) = 0.
#[derive(Debug, Clone)]
pub struct Branches {
    pub equation: String,
    pub parameter: String,
    pub branches: Vec<Branch>,
    pub notes: Vec<String>,
}

fn residual_text(b: &Branch, parameter: &str) -> String {
    match &b.residual {
        Some(q) => format!("residual O({parameter}^{})", exponent(q)),
        None => format!(
            "residual 0 through O({parameter}^{})",
            exponent(&b.checked_to)
        ),
    }
}

fn exponent(q: &rug::Rational) -> String {
    if *q.denom() == 1 {
        q.to_string()
    } else {
        format!("({q})")
    }
}

impl Report for Branches {
    fn kind(&self) -> &'static str {
        "perturbation"
    }
    fn render(&self, style: Style) -> String {
        let n = self.branches.len();
        let mut out = format!(
            "{n} branch{} of {} as {} -> 0:",
            if n == 1 { "" } else { "es" },
            self.equation,
            self.parameter
        );
        for b in &self.branches {
            out.push_str(&format!(
                "\n  {}:  {}    ({})",
                b.behaviour,
                render(&b.series, style),
                residual_text(b, &self.parameter)
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("\n  note: {note}"));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let branches: Vec<Json> = self
            .branches
            .iter()
            .map(|b| {
                json!({
                    "behaviour": b.behaviour,
                    "series": render(&b.series, Style::Plain),
                    "residual_order": b.residual.as_ref().map(|q| q.to_string()),
                    "checked_to": b.checked_to.to_string(),
                })
            })
            .collect();
        let mut m = Map::new();
        m.insert("equation".into(), json!(self.equation));
        m.insert("parameter".into(), json!(self.parameter));
        m.insert("branches".into(), Json::Array(branches));
        m.insert("notes".into(), json!(self.notes));
        m
    }
    /// The list of branch series (one branch: that series).
    fn value(&self) -> Option<Result<Value, MathError>> {
        let mut items: Vec<Value> = self
            .branches
            .iter()
            .map(|b| Value::Series(Arc::new(b.series.clone())))
            .collect();
        Some(Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Value::List(items)
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// x = x0 + ε x1 + … with each order in real form and its secular part.
#[derive(Debug, Clone)]
pub struct OdeExpansion {
    pub unknown: String,
    pub parameter: String,
    pub variable: String,
    pub expansion: crate::perturb::ode::Expansion,
}

impl Report for OdeExpansion {
    fn kind(&self) -> &'static str {
        "ode_perturbation"
    }
    fn render(&self, style: Style) -> String {
        let (x, eps) = (&self.unknown, &self.parameter);
        let orders = &self.expansion.orders;
        let n = orders.len();
        let mut sum = format!("{x} = {x}0");
        for k in 1..n {
            sum.push_str(&format!(
                " + {eps}{}*{x}{k}",
                if k > 1 {
                    format!("^{k}")
                } else {
                    String::new()
                }
            ));
        }
        sum.push_str(&format!(" + O({eps}^{n})"));
        let mut out = sum;
        for (k, xk) in orders.iter().enumerate() {
            out.push_str(&format!(
                "\n  {x}{k} = {}",
                crate::expr::print::to_style(xk, style)
            ));
        }
        let mut flagged = false;
        for (k, s) in self.expansion.secular.iter().enumerate() {
            if let Some(s) = s {
                flagged = true;
                out.push_str(&format!(
                    "\n  secular: {x}{k} contains {}, which grows without bound in {}; use lindstedt for an expansion valid for long times",
                    crate::expr::print::to_style(s, style),
                    self.variable
                ));
            }
        }
        if !flagged {
            out.push_str("\n  no secular terms");
        }
        out.push_str(&format!(
            "\n  check: each {x}k satisfies its order-k equation and initial conditions exactly"
        ));
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("unknown".into(), json!(self.unknown));
        m.insert("parameter".into(), json!(self.parameter));
        m.insert("variable".into(), json!(self.variable));
        m.insert(
            "orders".into(),
            json!(
                self.expansion
                    .orders
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
            ),
        );
        m.insert(
            "secular".into(),
            json!(
                self.expansion
                    .secular
                    .iter()
                    .map(|s| s.as_ref().map(|e| e.to_string()))
                    .collect::<Vec<_>>()
            ),
        );
        m
    }
    /// The list [x0, x1, ...].
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::List(
            self.expansion
                .orders
                .iter()
                .cloned()
                .map(Value::Expr)
                .collect(),
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
