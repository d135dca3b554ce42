//! Reports: results that carry evidence (a certified root, a plot, and the fits and tables of
//! later families). Each renders itself and says what value it stands for.

use std::any::Any;
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::Value;
use crate::error::Error;
use crate::expr::Expr;
use crate::expr::print::Style;
use crate::math_error::MathError;

/// A result that carries evidence and renders itself: its own text in each style, its own
/// JSON fields, and the value it stands for. A new kind of result implements this trait in its
/// family's folder; nothing central changes.
pub trait Report: std::fmt::Debug + Send + Sync + Any {
    /// The short kind name (`--json`'s "kind", and messages).
    fn kind(&self) -> &'static str;
    /// Text in the given style (plain, Unicode, LaTeX).
    fn render(&self, style: Style) -> String;
    /// The kind-specific JSON fields.
    fn json(&self) -> Map<String, Json>;
    /// The value this result stands for in arithmetic, indexing and function arguments
    /// (`None`: it stands for nothing, like a plot).
    fn value(&self) -> Option<Result<Value, MathError>>;
    /// `x = value` pairs for `subs` (a root substitutes its variable).
    fn bindings(&self) -> Option<Result<Vec<(String, Expr)>, MathError>> {
        None
    }
    /// The same result recomputed to `digits` digits (`N(root, 50)`).
    fn refine(&self, _digits: u32) -> Option<Result<Value, Error>> {
        None
    }
    fn as_any(&self) -> &dyn Any;
}

/// A shared report inside a [`Value`] (cloning a value does not copy the evidence).
#[derive(Debug, Clone)]
pub struct ReportBox(pub Arc<dyn Report>);

impl PartialEq for ReportBox {
    fn eq(&self, other: &ReportBox) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
