//! What `plot`, `plot_points` and `plot_error` made, as a report: the file written, the figure
//! (for the terminal preview and tests), and where each error curve peaks.

use std::any::Any;

use serde_json::{Map, Value as Json, json};

use crate::approx::maximum::ErrorMaximum;
use crate::expr::print::Style;
use crate::math_error::MathError;
use crate::plot::figure::{Figure, format_value};
use crate::plot::render::ImageFormat;
use crate::session::value::{Report, Value};

/// A picture written to a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Plotted {
    pub path: String,
    pub format: ImageFormat,
    pub figure: Figure,
    /// Whether a terminal may show the braille preview (`preview = false` turns it off).
    pub preview: bool,
    /// Whether the JSON lists the points of every curve (`points = true`).
    pub points: bool,
    /// The horizontal variable (for reports).
    pub variable: String,
    /// For error curves: the label of each curve and where its |f - g| peaks.
    pub maxima: Vec<(String, ErrorMaximum)>,
}

impl Report for Plotted {
    fn kind(&self) -> &'static str {
        "plot"
    }
    /// The file written, then the largest error of each error curve.
    fn render(&self, _: Style) -> String {
        let mut out = self.path.clone();
        for (what, m) in &self.maxima {
            out.push_str(&format!(
                "\n  max |{what}| = {} at {} = {}",
                format_value(m.error.abs(), 7),
                self.variable,
                format_value(m.x, 10)
            ));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let f = &self.figure;
        let curves: Vec<Json> = f
            .curves
            .iter()
            .map(|c| {
                let breaks: Vec<Json> = c
                    .breaks
                    .iter()
                    .map(|b| json!({"at": b.at, "kind": format!("{:?}", b.kind).to_lowercase()}))
                    .collect();
                let mut curve = json!({"label": c.label, "points": c.point_count(), "pieces": c.pieces.len(), "breaks": breaks});
                if self.points {
                    curve["samples"] = json!(c.pieces);
                }
                curve
            })
            .collect();
        let maxima: Vec<Json> = self
            .maxima
            .iter()
            .map(|(what, m)| json!({"of": what, "x": m.x, "error": m.error}))
            .collect();
        let mut m = Map::new();
        m.insert("path".into(), json!(self.path));
        m.insert("format".into(), json!(self.format.name()));
        m.insert("width".into(), json!(f.size.0));
        m.insert("height".into(), json!(f.size.1));
        m.insert("x_range".into(), json!([f.x_view.0, f.x_view.1]));
        m.insert("y_range".into(), json!([f.y_view.0, f.y_view.1]));
        m.insert("curves".into(), Json::Array(curves));
        m.insert("maxima".into(), Json::Array(maxima));
        m
    }
    fn value(&self) -> Option<Result<Value, MathError>> {
        None
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
