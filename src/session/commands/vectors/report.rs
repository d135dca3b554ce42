//! The report of `soft_topk`.

use std::any::Any;

use serde_json::{Map, Value as Json, json};

use crate::expr::Expr;
use crate::expr::print::{Style, to_style};
use crate::math_error::MathError;
use crate::session::value::{Report, Value};

/// A smoothed top-k vector with how it was made.
#[derive(Debug, Clone)]
pub struct SoftTopKReport {
    pub method: &'static str,
    pub k: usize,
    pub tau: Expr,
    pub values: Vec<Expr>,
    /// λ of a threshold method.
    pub threshold: Option<Expr>,
    pub sum: Expr,
    pub jacobian: Option<Vec<Vec<Expr>>>,
}

fn list(v: &[Expr], style: Style) -> String {
    let parts: Vec<String> = v.iter().map(|e| to_style(e, style)).collect();
    format!("[{}]", parts.join(", "))
}

impl Report for SoftTopKReport {
    fn kind(&self) -> &'static str {
        "soft_topk"
    }
    fn render(&self, style: Style) -> String {
        let mut out = list(&self.values, style);
        out.push_str(&format!(
            "\n  {}, k = {}, τ = {}: Σp = {}",
            self.method,
            self.k,
            to_style(&self.tau, style),
            to_style(&self.sum, style)
        ));
        if let Some(t) = &self.threshold {
            out.push_str(&format!(", threshold λ = {}", to_style(t, style)));
        }
        if let Some(j) = &self.jacobian {
            out.push_str("\n  Jacobian ∂p_i/∂x_j:");
            for row in j {
                out.push_str(&format!("\n    {}", list(row, style)));
            }
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let strings = |v: &[Expr]| v.iter().map(|e| e.to_string()).collect::<Vec<_>>();
        let mut m = Map::new();
        m.insert("method".into(), json!(self.method));
        m.insert("k".into(), json!(self.k));
        m.insert("tau".into(), json!(self.tau.to_string()));
        m.insert("values".into(), json!(strings(&self.values)));
        m.insert(
            "threshold".into(),
            json!(self.threshold.as_ref().map(|t| t.to_string())),
        );
        m.insert("sum".into(), json!(self.sum.to_string()));
        m.insert(
            "jacobian".into(),
            json!(
                self.jacobian
                    .as_ref()
                    .map(|j| j.iter().map(|r| strings(r)).collect::<Vec<_>>())
            ),
        );
        m
    }
    /// The vector p.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::List(
            self.values.iter().cloned().map(Value::Expr).collect(),
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
