//! Rendering values: plain text, Unicode, LaTeX and JSON.

use serde_json::{Map, Value as Json, json};

use rug::Float;

use super::value::{Plotted, Value, is_matrix};
use crate::expr::print::{Style, to_style};
use crate::expr::{Expr, Node, Number};
use crate::plot::figure::format_value;
use crate::solve::{Certificate, Root, RootValue};

/// Output notation for results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Unicode,
    Latex,
    Json,
}

fn styled(v: &Value, style: Style) -> String {
    match v {
        Value::Expr(e) => to_style(e, style),
        Value::Equation(l, r) => format!("{} = {}", to_style(l, style), to_style(r, style)),
        Value::List(items) if style == Style::Latex && is_matrix(items) => {
            let rows: Vec<String> = items
                .iter()
                .map(|r| match r {
                    Value::List(cells) => cells
                        .iter()
                        .map(|c| styled(c, style))
                        .collect::<Vec<_>>()
                        .join(" & "),
                    other => styled(other, style),
                })
                .collect();
            format!(
                "\\begin{{pmatrix}} {} \\end{{pmatrix}}",
                rows.join(" \\\\ ")
            )
        }
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
        Value::Root(r) => root_text(r),
        Value::Roots {
            roots,
            digits,
            certificates,
            ..
        } => format!(
            "{}\n  {}",
            roots_text(roots, *digits),
            roots_evidence(roots, certificates, *digits)
        ),
        Value::Plot(p) => plot_text(p),
    }
}

/// The file written, then the largest error of each error curve.
fn plot_text(p: &Plotted) -> String {
    let mut out = p.path.clone();
    for (what, m) in &p.maxima {
        out.push_str(&format!(
            "\n  max |{what}| = {} at {} = {}",
            format_value(m.error.abs(), 7),
            p.variable,
            format_value(m.x, 10)
        ));
    }
    out
}

/// `x ≈ value` and the evidence line, after the iteration table when one was asked for.
fn root_text(r: &Root) -> String {
    let mut out = String::new();
    if !r.trace.is_empty() {
        out.push_str(&format!(
            "{:>4}  {:<26} {:>12} {:>12}\n",
            "k", "x_k", "|f(x_k)|", "step"
        ));
        for row in &r.trace {
            out.push_str(&format!(
                "{:>4}  {:<26} {:>12.3e} {:>12.3e}\n",
                row.k, row.x, row.fx, row.step
            ));
        }
    }
    out.push_str(&r.summary());
    out.push_str("\n  ");
    out.push_str(&r.evidence());
    out
}

/// How many roots are certified, and why the first one that is not is not.
fn roots_evidence(
    roots: &[(RootValue, u32)],
    certificates: &[Certificate],
    digits: Option<u32>,
) -> String {
    let n = roots.len();
    let certified = certificates
        .iter()
        .filter(|c| matches!(c, Certificate::Certified(_)))
        .count();
    if certified == n {
        let what = match n {
            1 => "the root".to_string(),
            2 => "both roots".to_string(),
            _ => format!("all {n} roots"),
        };
        return format!(
            "certified: {what} (Krawczyk on the last printed digits; fractions exactly)"
        );
    }
    let failing = roots
        .iter()
        .zip(certificates)
        .find_map(|((r, _), c)| match c {
            Certificate::NotCertified(why) => Some(format!("{}: {why}", r.text(digits))),
            Certificate::Certified(_) => None,
        })
        .unwrap_or_default();
    format!("certified: {certified} of {n} roots; not certified: {failing}")
}

/// Roots separated by commas, conjugate pairs as `a ± b*i`, multiplicities in brackets.
fn roots_text(roots: &[(RootValue, u32)], digits: Option<u32>) -> String {
    let mut parts = Vec::new();
    let mut used = vec![false; roots.len()];
    for (i, (r, m)) in roots.iter().enumerate() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mult = if *m > 1 {
            format!(" (multiplicity {m})")
        } else {
            String::new()
        };
        if let RootValue::Complex(z) = r {
            // Pair with its conjugate when one is in the list (equal to the digits shown).
            let re_text = RootValue::Real(z.real().clone()).text(digits);
            let im_text =
                RootValue::Real(Float::with_val(z.prec().0, z.imag().abs_ref())).text(digits);
            let partner = roots.iter().enumerate().position(|(j, (q, mq))| {
                !used[j]
                    && mq == m
                    && matches!(q, RootValue::Complex(w) if w.imag().is_sign_negative() != z.imag().is_sign_negative()
                        && RootValue::Real(w.real().clone()).text(digits) == re_text
                        && RootValue::Real(Float::with_val(w.prec().0, w.imag().abs_ref())).text(digits) == im_text)
            });
            if let Some(j) = partner {
                used[j] = true;
                let i_part = if im_text == "1" {
                    "i".to_string()
                } else {
                    format!("{im_text}*i")
                };
                parts.push(if re_text == "0" {
                    format!("±{i_part}{mult}")
                } else {
                    format!("{re_text} ± {i_part}{mult}")
                });
                continue;
            }
        }
        parts.push(format!("{}{mult}", r.text(digits)));
    }
    parts.join(", ")
}

pub fn plain(v: &Value) -> String {
    styled(v, Style::Plain)
}
pub fn unicode(v: &Value) -> String {
    styled(v, Style::Unicode)
}
pub fn latex(v: &Value) -> String {
    styled(v, Style::Latex)
}

/// How many digits an approximate result carries (the least precise number in it).
fn approx_digits(e: &Expr) -> Option<u32> {
    match e.node() {
        Node::Num(Number::Approx { digits, .. }) => Some(*digits),
        Node::Num(_) | Node::Const(_) | Node::Sym(_) => None,
        Node::Add(v) | Node::Mul(v) | Node::Call(_, v) => v.iter().filter_map(approx_digits).min(),
        Node::Pow(b, x) => [approx_digits(b), approx_digits(x)]
            .into_iter()
            .flatten()
            .min(),
    }
}

fn expr_json(e: &Expr) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("text".into(), json!(e.to_string()));
    m.insert("latex".into(), json!(to_style(e, Style::Latex)));
    let digits = approx_digits(e);
    m.insert("exact".into(), json!(digits.is_none()));
    if let Some(d) = digits {
        m.insert("digits".into(), json!(d));
    }
    if e.is_constant() {
        if let Ok(x) = crate::numeric::eval::eval_f64(e) {
            m.insert("value".into(), json!(x));
        } else if let Ok(z) = crate::numeric::eval::eval_c64(e) {
            m.insert("value".into(), json!({"re": z.re, "im": z.im}));
        }
    } else {
        m.insert("free_symbols".into(), json!(e.free_symbols()));
    }
    m
}

fn plot_json(p: &Plotted) -> Map<String, Json> {
    let f = &p.figure;
    let curves: Vec<Json> = f
        .curves
        .iter()
        .map(|c| {
            let breaks: Vec<Json> = c
                .breaks
                .iter()
                .map(|b| json!({"at": b.at, "kind": format!("{:?}", b.kind).to_lowercase()}))
                .collect();
            json!({"label": c.label, "points": c.point_count(), "pieces": c.pieces.len(), "breaks": breaks})
        })
        .collect();
    let maxima: Vec<Json> = p
        .maxima
        .iter()
        .map(|(what, m)| json!({"of": what, "x": m.x, "error": m.error}))
        .collect();
    let mut m = Map::new();
    m.insert("path".into(), json!(p.path));
    m.insert("format".into(), json!(p.format.name()));
    m.insert("width".into(), json!(f.size.0));
    m.insert("height".into(), json!(f.size.1));
    m.insert("x_range".into(), json!([f.x_view.0, f.x_view.1]));
    m.insert("y_range".into(), json!([f.y_view.0, f.y_view.1]));
    m.insert("curves".into(), Json::Array(curves));
    m.insert("maxima".into(), Json::Array(maxima));
    m
}

/// The JSON object of one result: input, kind, text and kind-specific fields.
pub fn to_json(input: &str, v: &Value) -> Json {
    let mut m = Map::new();
    m.insert("input".into(), json!(input));
    m.insert("kind".into(), json!(v.kind()));
    m.insert("text".into(), json!(plain(v)));
    match v {
        Value::Expr(e) => m.extend(expr_json(e)),
        Value::Equation(l, r) => {
            m.insert("lhs".into(), Json::Object(expr_json(l)));
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
        Value::Text(_) => {}
        Value::Root(r) => {
            let values: Vec<Json> = r
                .values
                .iter()
                .map(|(v, x)| json!({"variable": v, "value": x.text(r.digits), "re": x.to_f64(), "im": x.imag_f64(), "exact": matches!(x, RootValue::Exact(_))}))
                .collect();
            m.insert("values".into(), Json::Array(values));
            m.insert("multiplicity".into(), json!(r.multiplicity));
            m.insert("iterations".into(), json!(r.iterations));
            m.insert("residual".into(), json!(r.residual));
            let (certified, how) = match &r.certificate {
                Certificate::Certified(h) => (true, h.clone()),
                Certificate::NotCertified(h) => (false, h.clone()),
            };
            m.insert("certified".into(), json!(certified));
            m.insert("certificate".into(), json!(how));
            m.insert("method".into(), json!(r.method));
            if let Some(d) = r.digits {
                m.insert("digits".into(), json!(d));
            }
            let trace: Vec<Json> = r
                .trace
                .iter()
                .map(|t| json!({"k": t.k, "x": t.x, "abs_f": t.fx, "step": t.step}))
                .collect();
            m.insert("trace".into(), Json::Array(trace));
        }
        Value::Roots {
            var,
            roots,
            digits,
            certificates,
        } => {
            m.insert("variable".into(), json!(var));
            let items: Vec<Json> = roots
                .iter()
                .zip(certificates)
                .map(|((r, mult), c)| {
                    let (certified, how) = match c {
                        Certificate::Certified(h) => (true, h),
                        Certificate::NotCertified(h) => (false, h),
                    };
                    json!({"value": r.text(*digits), "re": r.to_f64(), "im": r.imag_f64(), "multiplicity": mult, "certified": certified, "certificate": how})
                })
                .collect();
            m.insert("roots".into(), Json::Array(items));
        }
        Value::Defined { name, .. } => {
            m.insert("name".into(), json!(name));
        }
        Value::Plot(p) => m.extend(plot_json(p)),
    }
    Json::Object(m)
}
