//! Rendering values: plain text, Unicode, LaTeX and JSON. Expressions, equations and lists
//! are rendered here; reports render themselves ([`crate::session::Report`]).

use serde_json::{Map, Value as Json, json};

use super::Outcome;
use super::value::Value;
use crate::expr::print::{Style, to_style};
use crate::expr::{Expr, Node, Number};
use crate::plot::preview::braille;
use crate::syntax::ast::Relation;

/// Output notation for results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Unicode,
    Latex,
    Json,
}

/// An expression in the style, or a note of its size when it is too large to print.
fn bounded(e: &Expr, style: Style) -> String {
    if e.size() > crate::limits::MAX_PRINTED_NODES {
        return format!(
            "<an expression of {} nodes, too large to print (limit {}); N, subs and diff still work on it>",
            if e.size() == usize::MAX {
                "more than 10^19".to_string()
            } else {
                e.size().to_string()
            },
            crate::limits::MAX_PRINTED_NODES
        );
    }
    to_style(e, style)
}

fn styled(v: &Value, style: Style) -> String {
    match v {
        Value::Expr(e) => bounded(e, style),
        Value::Equation(l, r) => format!("{} = {}", bounded(l, style), bounded(r, style)),
        Value::Inequality(l, relation, r) => {
            let symbol = match (style, relation) {
                (Style::Latex, Relation::GreaterEqual) => "\\ge",
                (Style::Latex, Relation::LessEqual) => "\\le",
                (Style::Unicode, Relation::GreaterEqual) => "≥",
                (Style::Unicode, Relation::LessEqual) => "≤",
                (_, relation) => relation.symbol(),
            };
            format!("{} {symbol} {}", bounded(l, style), bounded(r, style))
        }
        Value::Matrix(m) => super::value::matrix::render(m, style),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(|i| styled(i, style)).collect();
            if style == Style::Latex {
                format!("\\left[{}\\right]", parts.join(", "))
            } else {
                format!("[{}]", parts.join(", "))
            }
        }
        Value::Text(t) => t.clone(),
        Value::Defined { text, .. } => text.clone(),
        Value::Series(s) => crate::series::print::render(s, style),
        Value::Report(r) => r.0.render(style),
    }
}

pub fn plain(v: &Value) -> String {
    checked(v, Style::Plain)
}
pub fn unicode(v: &Value) -> String {
    checked(v, Style::Unicode)
}
pub fn latex(v: &Value) -> String {
    checked(v, Style::Latex)
}

/// The value in the style, or a note when its exact numbers hold more decimal digits than
/// one statement may print (3,000 copies of 2^999999 would be 903 MB of text and a minute of
/// binary-to-decimal conversion).
fn checked(v: &Value, style: Style) -> String {
    too_large_note(v).unwrap_or_else(|| styled(v, style))
}

/// The note printed instead of a value too large to print: more decimal digits than
/// [`crate::limits::MAX_PRINTED_DIGITS`], or lists whose elements have more tree nodes in all
/// than [`crate::limits::MAX_PRINTED_NODES`] (`l_k := [l_{k-1}, l_{k-1}]` doubles with each
/// line: the text of l24 would be 150 MB).
fn too_large_note(v: &Value) -> Option<String> {
    let limit = crate::limits::MAX_PRINTED_DIGITS;
    if value_digits(v, limit) > limit {
        return Some(format!(
            "<a {} whose exact numbers have more than {} decimal digits, too large to print (limit {} digits per statement); N, subs and indexing still work on it>",
            v.kind(),
            limit,
            limit
        ));
    }
    let limit = crate::limits::MAX_PRINTED_NODES;
    match v {
        Value::List(items) if list_nodes(v, limit) > limit => Some(format!(
            "<a list of {} elements with more than {} nodes in all, too large to print (limit {} per statement); indexing, N and subs still work on it>",
            items.len(),
            limit,
            limit
        )),
        _ => None,
    }
}

/// Tree nodes of the elements of a list (nested lists walked, each element counted once
/// more for its comma), counted until `stop` is passed.
fn list_nodes(list: &Value, stop: usize) -> usize {
    list.list_total(stop, |v| match v {
        Value::Expr(e) => 1 + e.size(),
        Value::Equation(l, r) | Value::Inequality(l, _, r) => 1 + l.size().saturating_add(r.size()),
        // A large matrix prints its corners only.
        Value::Matrix(m) => 1 + (m.rows() * m.cols()).min(16 * 12),
        _ => 1,
    })
}

/// Decimal digits of the exact numbers in a value, counted until `stop` is passed (trees
/// over the node limit are not walked: they print as a size note anyway).
fn value_digits(v: &Value, stop: u64) -> u64 {
    fn expr_digits(e: &Expr, total: &mut u64, stop: u64) {
        if *total > stop || e.size() > crate::limits::MAX_PRINTED_NODES {
            return;
        }
        if let Some(Number::Exact(q)) = e.as_number() {
            let bits =
                u64::from(q.numer().significant_bits()) + u64::from(q.denom().significant_bits());
            *total += bits * 30103 / 100000 + 1;
        }
        for c in e.children() {
            expr_digits(c, total, stop);
        }
    }
    let mut total = 0u64;
    let mut pending = vec![v];
    while let Some(v) = pending.pop() {
        if total > stop {
            break;
        }
        match v {
            Value::Expr(e) => expr_digits(e, &mut total, stop),
            Value::Equation(l, r) => {
                expr_digits(l, &mut total, stop);
                expr_digits(r, &mut total, stop);
            }
            Value::List(items) => pending.extend(items.iter()),
            Value::Matrix(m) => match &**m {
                crate::linalg::Matrix::Exprs(d) => {
                    for e in d.data() {
                        expr_digits(e, &mut total, stop);
                    }
                }
                crate::linalg::Matrix::Doubles { entries, .. } => {
                    // Only the corners of a large matrix are printed.
                    total += entries.data().len().min(16 * 12) as u64 * 17;
                }
            },
            Value::Series(s) => {
                for (_, c) in s.terms() {
                    expr_digits(&c, &mut total, stop);
                }
            }
            _ => {}
        }
    }
    total
}

/// How many digits an approximate result carries (the least precise number in it).
fn approx_digits(e: &Expr) -> Option<u32> {
    match e.node() {
        Node::Num(Number::Approx { digits, .. }) => Some(*digits),
        _ => e.children().filter_map(approx_digits).min(),
    }
}

fn expr_json(e: &Expr) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("text".into(), json!(bounded(e, Style::Plain)));
    m.insert("latex".into(), json!(bounded(e, Style::Latex)));
    let digits = approx_digits(e);
    m.insert("exact".into(), json!(digits.is_none()));
    if let Some(d) = digits {
        m.insert("digits".into(), json!(d));
    }
    if e.is_constant() {
        let z =
            crate::numeric::eval::eval_c64(e).unwrap_or(num_complex::Complex64::new(f64::NAN, 0.0));
        m.extend(number_json(&bounded(e, Style::Plain), z.re, z.im));
    } else {
        m.insert("free_symbols".into(), json!(e.free_symbols()));
    }
    m
}

/// The one JSON form of a number, wherever one appears (N, solve, roots): `value`, the text as
/// printed (every digit proven; exact numbers exactly), and `re`, `im` as doubles (`null` when
/// beyond double range).
pub fn number_json(text: &str, re: f64, im: f64) -> Map<String, Json> {
    let finite = |x: f64| if x.is_finite() { json!(x) } else { Json::Null };
    let mut m = Map::new();
    m.insert("value".into(), json!(text));
    m.insert("re".into(), finite(re));
    m.insert("im".into(), finite(im));
    m
}

/// The JSON object of one result: input, kind, text and kind-specific fields.
pub fn to_json(input: &str, v: &Value) -> Json {
    let mut m = Map::new();
    m.insert("input".into(), json!(input));
    m.insert("kind".into(), json!(v.kind()));
    if let Some(note) = too_large_note(v) {
        m.insert("text".into(), json!(note));
        m.insert("too_large".into(), json!(true));
        return Json::Object(m);
    }
    m.insert("text".into(), json!(plain(v)));
    match v {
        Value::Expr(e) => m.extend(expr_json(e)),
        Value::Equation(l, r) => {
            m.insert("lhs".into(), Json::Object(expr_json(l)));
            m.insert("rhs".into(), Json::Object(expr_json(r)));
        }
        Value::Inequality(l, relation, r) => {
            m.insert("lhs".into(), Json::Object(expr_json(l)));
            m.insert("relation".into(), json!(relation.symbol()));
            m.insert("rhs".into(), Json::Object(expr_json(r)));
        }
        Value::List(items) => {
            let inner: Vec<Json> = items
                .iter()
                .map(|i| to_json(input, i))
                .map(|mut j| {
                    if let Some(o) = j.as_object_mut() {
                        o.remove("input");
                    }
                    j
                })
                .collect();
            m.insert("items".into(), Json::Array(inner));
        }
        Value::Matrix(mat) => m.extend(super::value::matrix::json(mat)),
        Value::Text(_) => {}
        Value::Defined { name, .. } => {
            m.insert("name".into(), json!(name));
        }
        Value::Series(s) => m.extend(series_json(s)),
        Value::Report(r) => m.extend(r.0.json()),
    }
    Json::Object(m)
}

/// A series: its variable and point, exact coefficients by exponent, the order term.
fn series_json(s: &crate::series::AnySeries) -> Map<String, Json> {
    let frame = s.frame();
    let mut m = Map::new();
    m.insert(
        "latex".into(),
        json!(crate::series::print::render(s, Style::Latex)),
    );
    m.insert("variable".into(), json!(frame.var));
    m.insert(
        "point".into(),
        json!(match &frame.point {
            crate::series::Point::Infinity => "inf".to_string(),
            crate::series::Point::At(x0) => x0.to_string(),
        }),
    );
    m.insert("order".into(), json!(s.order_exponent().to_string()));
    m.insert(
        "exact".into(),
        json!(matches!(s, crate::series::AnySeries::Exact(_))),
    );
    let terms: Vec<Json> = s
        .terms()
        .iter()
        .map(|(q, c)| json!({"exponent": q.to_string(), "coefficient": c.to_string()}))
        .collect();
    m.insert("terms".into(), Json::Array(terms));
    m
}

/// Size of the terminal preview of a plot, in braille cells (narrower on a narrow terminal).
const PREVIEW_CELLS: (usize, usize) = (64, 14);

/// Render one outcome in the chosen format; `None` for silent results (definitions) in text modes.
/// On a terminal of `columns` columns, a plot is followed by its braille preview (coloured unless
/// `NO_COLOR` is set).
pub fn render_outcome(outcome: &Outcome, fmt: Format, columns: Option<usize>) -> Option<String> {
    let mut text = match fmt {
        Format::Json => return Some(to_json(&outcome.input, &outcome.value).to_string()),
        _ if outcome.is_silent() => return None,
        Format::Plain => plain(&outcome.value),
        Format::Unicode => unicode(&outcome.value),
        Format::Latex => latex(&outcome.value),
    };
    if let Some(p) = outcome.value.downcast::<super::Plotted>()
        && p.preview
        && let Some(columns) = columns
    {
        let colour = std::env::var_os("NO_COLOR").is_none();
        // Room for the axis labels on the left.
        let cells = PREVIEW_CELLS.0.min(columns.saturating_sub(14)).max(16);
        text.push('\n');
        text.push_str(&braille(&p.figure, cells, PREVIEW_CELLS.1, colour));
    }
    Some(text)
}

/// The JSON object of a failed statement: its kind, message, hint, and where it is (the
/// statement's text, which starts on `first_line`, and the line and column of the error).
pub fn error_json(e: &crate::Error, text: &str, first_line: usize) -> Json {
    let (line, column) = e.location(text, first_line).unzip();
    json!({
        "kind": "error",
        "error_kind": e.kind(),
        "message": e.to_string(),
        "hint": e.hint(text, first_line),
        "input": text.trim_end(),
        "line": line,
        "column": column,
    })
}
