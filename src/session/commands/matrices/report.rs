//! The report of the matrix commands: the result (a matrix, a list of residuals, a number)
//! followed by the lines of evidence that go with it — the method, the cut-off, each side of
//! an identity. One shape serves every command of the family; what differs is the lines.

use std::any::Any;
use std::sync::Arc;

use serde_json::{Map, Value as Json, json};

use crate::error::Error;
use crate::expr::print::Style;
use crate::linalg::Matrix;
use crate::math_error::MathError;
use crate::session::format;
use crate::session::value::{Report, Value};
use crate::span::Span;

/// Recompute a result to `digits` digits (`N(svd(A), 30)`).
pub type Recompute = fn(&Matrix, u32, Span) -> Result<Value, Error>;

/// One line of evidence: a label and a value (a number, a list, a text).
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub value: Value,
}

impl Line {
    pub fn new(label: impl Into<String>, value: Value) -> Line {
        Line {
            label: label.into(),
            value,
        }
    }
    pub fn text(label: impl Into<String>, text: impl Into<String>) -> Line {
        Line::new(label, Value::Text(text.into()))
    }
}

#[derive(Debug)]
pub struct MatrixReport {
    pub kind: &'static str,
    /// A first line in place of the value (when the value alone would say little).
    pub title: Option<String>,
    /// Named parts shown before the evidence (`U = ...`, `σ = ...`); the value itself when
    /// empty.
    pub parts: Vec<Line>,
    /// Evidence lines.
    pub lines: Vec<Line>,
    /// The value this result stands for.
    pub value: Value,
    /// How to recompute at more digits, with the input.
    pub refine: Option<(Arc<Matrix>, Span, Recompute)>,
}

impl MatrixReport {
    /// A report of just a value and its evidence lines (no title, no named parts).
    pub fn plain(kind: &'static str, value: Value, lines: Vec<Line>) -> Value {
        Value::report(MatrixReport {
            kind,
            title: None,
            parts: Vec::new(),
            lines,
            value,
            refine: None,
        })
    }
}

fn styled(v: &Value, style: Style) -> String {
    match style {
        Style::Plain => format::plain(v),
        Style::Unicode => format::unicode(v),
        Style::Latex => format::latex(v),
    }
}

/// Continuation lines of a multi-line value, indented to sit under its first line.
fn indented(text: &str, by: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(by)))
}

impl Report for MatrixReport {
    fn kind(&self) -> &'static str {
        self.kind
    }
    fn render(&self, style: Style) -> String {
        let mut out = if let Some(title) = &self.title {
            title.clone()
        } else if self.parts.is_empty() {
            styled(&self.value, style)
        } else {
            self.parts
                .iter()
                .map(|p| {
                    let head = format!("{} = ", p.label);
                    let width = head.chars().count();
                    format!("{head}{}", indented(&styled(&p.value, style), width))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        for line in &self.lines {
            let text = styled(&line.value, style);
            if line.label.is_empty() {
                out.push_str(&format!("\n  {}", indented(&text, 2)));
            } else {
                let head = format!("  {}: ", line.label);
                let width = head.chars().count();
                out.push_str(&format!("\n{head}{}", indented(&text, width)));
            }
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let strip = |v: &Value| {
            let mut j = format::to_json("", v);
            if let Some(o) = j.as_object_mut() {
                o.remove("input");
            }
            j
        };
        let mut m = Map::new();
        m.insert("value".into(), strip(&self.value));
        let parts: Vec<Json> = self
            .parts
            .iter()
            .map(|p| json!({"name": p.label, "value": strip(&p.value)}))
            .collect();
        m.insert("parts".into(), Json::Array(parts));
        let lines: Vec<Json> = self
            .lines
            .iter()
            .map(|l| json!({"label": l.label, "text": format::plain(&l.value)}))
            .collect();
        m.insert("evidence".into(), Json::Array(lines));
        m
    }
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(self.value.clone()))
    }
    fn refine(&self, digits: u32) -> Option<Result<Value, Error>> {
        self.refine
            .as_ref()
            .map(|(m, span, recompute)| recompute(m, digits, *span))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
