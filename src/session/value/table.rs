//! Tables: named columns of numbers or text, shown aligned, written as CSV (`to = "f.csv"`),
//! in JSON as columns and rows; a table stands for the list of its rows. Series tabulate their
//! partial sums with it, and later families (comparisons of periods, fits) reuse it.

use std::any::Any;

use serde_json::{Map, Value as Json, json};

use super::{Report, Value};
use crate::expr::Expr;
use crate::expr::print::Style;
use crate::math_error::MathError;

/// One cell: the number (for the value the table stands for) and its text as shown.
#[derive(Debug, Clone)]
pub struct Cell {
    pub value: Option<Expr>,
    pub text: String,
}

impl Cell {
    pub fn number(value: Expr, text: String) -> Cell {
        Cell {
            value: Some(value),
            text,
        }
    }
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            value: None,
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The CSV file written, if any.
    pub path: Option<String>,
}

impl Table {
    /// The table as CSV (RFC 4180 quoting where needed).
    pub fn csv(&self) -> String {
        let quote = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = self
            .columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for row in &self.rows {
            out.push_str(
                &row.iter()
                    .map(|c| quote(&c.text))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        out
    }
}

impl Report for Table {
    fn kind(&self) -> &'static str {
        "table"
    }
    /// Columns right-aligned to their widest cell, under the title.
    fn render(&self, _: Style) -> String {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|j| {
                self.rows
                    .iter()
                    .map(|r| r.get(j).map_or(0, |c| c.text.chars().count()))
                    .chain(std::iter::once(self.columns[j].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:>w$}"))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        };
        let mut out = self.title.clone();
        out.push('\n');
        out.push_str(&line(self.columns.iter().map(String::as_str).collect()));
        for row in &self.rows {
            out.push('\n');
            out.push_str(&line(row.iter().map(|c| c.text.as_str()).collect()));
        }
        if let Some(p) = &self.path {
            out.push_str(&format!("\nwritten to {p}"));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("title".into(), json!(self.title));
        m.insert("columns".into(), json!(self.columns));
        m.insert(
            "rows".into(),
            json!(
                self.rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            ),
        );
        m.insert("path".into(), json!(self.path));
        m
    }
    /// The list of rows (numbers; text cells are left out).
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::List(
            self.rows
                .iter()
                .map(|r| {
                    Value::List(
                        r.iter()
                            .filter_map(|c| c.value.clone())
                            .map(Value::Expr)
                            .collect(),
                    )
                })
                .collect(),
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
