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
