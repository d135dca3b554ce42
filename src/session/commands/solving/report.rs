//! The results of `solve` and `roots` as reports: a root (or a system's solution) with its
//! certificate, and all roots of a polynomial. They render themselves, stand for their values
//! (`ans^2`, `roots(p)[2]`), substitute (`subs(f, ans)`) and refine (`N(ans, 50)`).

use std::any::Any;

use rug::Float;
use serde_json::{Map, Value as Json, json};

use crate::error::Error;
use crate::expr::print::Style;
use crate::expr::{Constant, Expr, Number, canon};
use crate::math_error::MathError;
use crate::session::format::number_json;
use crate::session::value::{Report, Value};
use crate::solve::one::{Start, solve_equation};
use crate::solve::{Certificate, Options, Root, RootValue, polynomial, refine, system};
use crate::span::Span;

/// What a root was found for, so it can be refined.
#[derive(Debug, Clone)]
pub enum Origin {
    Equation { f: Expr, var: String },
    System { fs: Vec<Expr> },
}

/// A root of one equation, or a solution of a system, from `solve`.
#[derive(Debug)]
pub struct RootReport {
    pub root: Root,
    pub origin: Origin,
    pub options: Options,
}

/// All roots of a polynomial from `roots`, in display order: conjugate pairs adjacent, the
/// one with positive imaginary part first.
#[derive(Debug)]
pub struct RootsReport {
    pub var: String,
    pub f: Expr,
    pub roots: Vec<(RootValue, u32)>,
    pub digits: Option<u32>,
    pub certificates: Vec<Certificate>,
}

/// The value of a root: exact roots exactly; numeric ones as balls whose radius is one unit of
/// the last printed digit (the root lies within half a unit of the printed text, and the
/// stored value rounds to that text), so later arithmetic shows only the digits that survive.
pub fn root_expr(r: &RootValue, digits: Option<u32>) -> Result<Expr, MathError> {
    let digits = digits.unwrap_or(refine::DEFAULT_DIGITS);
    let part = |x: &Float| -> Result<Expr, MathError> {
        if x.is_zero() {
            return Ok(Expr::zero());
        }
        let magnitude = Float::with_val(64, x.abs_ref()).log10().floor();
        let exponent = magnitude.to_f64() as i64 - i64::from(digits) + 1;
        let radius = Float::with_val_round(
            64,
            Float::i_pow_u(10, exponent.unsigned_abs() as u32),
            rug::float::Round::Up,
        )
        .0;
        let radius = if exponent < 0 {
            Float::with_val_round(64, 1 / radius, rug::float::Round::Up).0
        } else {
            radius
        };
        Ok(Expr::num(Number::ball(x.clone(), radius, digits)?))
    };
    match r {
        RootValue::Exact(e) => Ok(e.clone()),
        RootValue::Real(x) => part(x),
        RootValue::Complex(z) => canon::add2(
            part(z.real())?,
            canon::mul2(part(z.imag())?, Expr::constant(Constant::I))?,
        ),
    }
}

/// A root as a number for further computation, only when its digits are proven: an exact
/// root, or a numeric one whose printed digits are certified. An uncertified root's digits are
/// an estimate, and a ball built from them would make later digits look proven.
fn proven_expr(
    r: &RootValue,
    digits: Option<u32>,
    certificate: &Certificate,
) -> Result<Expr, MathError> {
    match (r, certificate) {
        (RootValue::Exact(_), _) | (_, Certificate::Certified(_)) => root_expr(r, digits),
        (_, Certificate::NotCertified(why)) => Err(MathError::Domain(format!(
            "the root {} is not certified ({why}), so it cannot stand for a number with proven digits",
            r.text(digits)
        ))),
    }
}

/// The start that leads back to the same root.
fn start_at(r: &RootValue) -> Start {
    match r {
        RootValue::Complex(z) if !z.imag().is_zero() => Start::Complex(
            num_complex::Complex64::new(z.real().to_f64(), z.imag().to_f64()),
        ),
        other => Start::Real(other.to_f64()),
    }
}

/// A failure of a root finder as an error of the statement: interruptions and failures of
/// the mathematics keep their kinds, the method's own failures carry its suggestion.
pub fn solve_error(e: crate::solve::SolveError, span: Span) -> Error {
    match e {
        crate::solve::SolveError::Math(m) => Error::math(m, span),
        other => Error::Method {
            message: other.to_string(),
            kind: other.kind(),
            hint: other.suggestion(),
            span: Some(span),
        },
    }
}

/// Printed root text as LaTeX: `≈` as `\approx`, `±` as `\pm`, `*i` as a juxtaposed `i`,
/// `1.5e-20` as `1.5 \times 10^{-20}`, exact roots through the expression printer.
fn latex_text(text: &str) -> String {
    let mut out = String::new();
    let spaced = text.replace("± ", "±").replace('±', "± ");
    for word in spaced.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let word = match word {
            "i" | "i," => word.replace('i', "\\mathrm{i}"),
            "-i" | "-i," => word.replace('i', "\\mathrm{i}"),
            _ => word.replace("*i", " \\mathrm{i}"),
        };
        let word = word.replace('≈', "\\approx").replace('±', "\\pm");
        match word.split_once('e') {
            Some((m, e))
                if m.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
                    && e.chars()
                        .next()
                        .is_some_and(|c| c == '-' || c.is_ascii_digit()) =>
            {
                let (exponent, rest) = e.split_at(
                    e.find(|c: char| !(c.is_ascii_digit() || c == '-'))
                        .unwrap_or(e.len()),
                );
                out.push_str(&format!("{m} \\times 10^{{{exponent}}}{rest}"));
            }
            _ => out.push_str(&word),
        }
    }
    out
}

/// A root or solution in LaTeX: `x \approx 1.414…` (exact roots with `=`), the evidence as a
/// LaTeX comment.
fn latex_root(r: &Root) -> String {
    let values: Vec<String> = r
        .values
        .iter()
        .map(|(v, x)| match x {
            RootValue::Exact(e) => format!("{v} = {}", crate::expr::print::to_latex(e)),
            _ => format!("{v} \\approx {}", latex_text(&x.text(r.digits))),
        })
        .collect();
    format!("{}\n% {}", values.join(", \\quad "), r.evidence())
}

impl Report for RootReport {
    fn kind(&self) -> &'static str {
        "root"
    }
    fn render(&self, style: Style) -> String {
        if style == Style::Latex {
            return latex_root(&self.root);
        }
        let r = &self.root;
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
    fn json(&self) -> Map<String, Json> {
        let r = &self.root;
        let mut m = Map::new();
        let values: Vec<Json> = r
            .values
            .iter()
            .map(|(v, x)| {
                let mut item = number_json(&x.text(r.digits), x.to_f64(), x.imag_f64());
                item.insert("variable".into(), json!(v));
                item.insert("exact".into(), json!(matches!(x, RootValue::Exact(_))));
                Json::Object(item)
            })
            .collect();
        m.insert("values".into(), Json::Array(values));
        m.insert("multiplicity".into(), json!(r.multiplicity));
        // The double-precision phase (one trace row per step), then the refinement.
        m.insert(
            "iterations".into(),
            json!(r.iterations - r.refinement_steps),
        );
        m.insert("refinement_steps".into(), json!(r.refinement_steps));
        m.insert("residual".into(), json!(r.residual));
        let (certified, how) = certificate_parts(&r.certificate);
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
        m
    }
    fn value(&self) -> Option<Result<Value, MathError>> {
        let values: Result<Vec<Value>, MathError> = self
            .root
            .values
            .iter()
            .map(|(_, r)| proven_expr(r, self.root.digits, &self.root.certificate).map(Value::Expr))
            .collect();
        Some(values.map(|mut v| {
            if v.len() == 1 {
                v.remove(0)
            } else {
                Value::List(v)
            }
        }))
    }
    fn bindings(&self) -> Option<Result<Vec<(String, Expr)>, MathError>> {
        Some(
            self.root
                .values
                .iter()
                .map(|(var, r)| {
                    proven_expr(r, self.root.digits, &self.root.certificate)
                        .map(|e| (var.clone(), e))
                })
                .collect(),
        )
    }
    fn refine(&self, digits: u32) -> Option<Result<Value, Error>> {
        let options = Options {
            digits: Some(digits),
            trace: false,
            ..self.options.clone()
        };
        let span = Span::default();
        let root = match &self.origin {
            Origin::Equation { f, var } => {
                solve_equation(f.clone(), var, start_at(&self.root.values[0].1), &options)
            }
            Origin::System { fs } => {
                let starts: Vec<(String, f64)> = self
                    .root
                    .values
                    .iter()
                    .map(|(v, r)| (v.clone(), r.to_f64()))
                    .collect();
                system::solve_system(fs, &starts, &options)
            }
        };
        Some(
            root.map(|root| {
                Value::report(RootReport {
                    root,
                    origin: self.origin.clone(),
                    options,
                })
            })
            .map_err(|e| solve_error(e, span)),
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn certificate_parts(c: &Certificate) -> (bool, &str) {
    match c {
        Certificate::Certified(h) => (true, h),
        Certificate::NotCertified(h) => (false, h),
    }
}

/// Display groups of roots: a root alone, or a conjugate pair shown as `a ± b*i` (equal real
/// parts and magnitudes of imaginary parts to the digits shown, equal multiplicities).
enum Group {
    Single(usize),
    Pair(usize, usize),
}

fn groups(roots: &[(RootValue, u32)], digits: Option<u32>) -> Vec<Group> {
    let parts = |r: &RootValue| -> Option<(String, String, bool)> {
        let RootValue::Complex(z) = r else {
            return None;
        };
        Some((
            RootValue::Real(z.real().clone()).text(digits),
            RootValue::Real(Float::with_val(z.prec().0, z.imag().abs_ref())).text(digits),
            z.imag().is_sign_negative(),
        ))
    };
    let keys: Vec<_> = roots.iter().map(|(r, _)| parts(r)).collect();
    let mut used = vec![false; roots.len()];
    let mut out = Vec::new();
    for i in 0..roots.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let partner = keys[i].as_ref().and_then(|(re, im, negative)| {
            (0..roots.len()).find(|&j| {
                !used[j]
                    && roots[j].1 == roots[i].1
                    && keys[j]
                        .as_ref()
                        .is_some_and(|(r2, i2, n2)| r2 == re && i2 == im && n2 != negative)
            })
        });
        match partner {
            Some(j) => {
                used[j] = true;
                let (up, down) = if keys[i].as_ref().is_some_and(|k| k.2) {
                    (j, i)
                } else {
                    (i, j)
                };
                out.push(Group::Pair(up, down));
            }
            None => out.push(Group::Single(i)),
        }
    }
    out
}

impl RootsReport {
    /// The report with its roots in display order.
    pub fn new(
        var: String,
        f: Expr,
        roots: Vec<(RootValue, u32)>,
        digits: Option<u32>,
        certificates: Vec<Certificate>,
    ) -> RootsReport {
        let order: Vec<usize> = groups(&roots, digits)
            .into_iter()
            .flat_map(|g| match g {
                Group::Single(i) => vec![i],
                Group::Pair(i, j) => vec![i, j],
            })
            .collect();
        RootsReport {
            var,
            f,
            roots: order.iter().map(|&i| roots[i].clone()).collect(),
            digits,
            certificates: order.iter().map(|&i| certificates[i].clone()).collect(),
        }
    }

    /// Roots separated by commas, conjugate pairs as `a ± b*i`, multiplicities in brackets.
    fn roots_text(&self) -> String {
        let digits = self.digits;
        let mult = |m: u32| {
            if m > 1 {
                format!(" (multiplicity {m})")
            } else {
                String::new()
            }
        };
        groups(&self.roots, digits)
            .into_iter()
            .map(|g| match g {
                Group::Single(i) => {
                    format!("{}{}", self.roots[i].0.text(digits), mult(self.roots[i].1))
                }
                Group::Pair(i, _) => {
                    let RootValue::Complex(z) = &self.roots[i].0 else {
                        return String::new();
                    };
                    let re_text = RootValue::Real(z.real().clone()).text(digits);
                    let im_text = RootValue::Real(Float::with_val(z.prec().0, z.imag().abs_ref()))
                        .text(digits);
                    let i_part = if im_text == "1" {
                        "i".to_string()
                    } else {
                        format!("{im_text}*i")
                    };
                    let m = mult(self.roots[i].1);
                    if re_text == "0" {
                        format!("±{i_part}{m}")
                    } else {
                        format!("{re_text} ± {i_part}{m}")
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// How many roots are certified, and why the first one that is not is not.
    fn evidence(&self) -> String {
        let n = self.roots.len();
        let certified = self
            .certificates
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
        let failing = self
            .roots
            .iter()
            .zip(&self.certificates)
            .find_map(|((r, _), c)| match c {
                Certificate::NotCertified(why) => Some(format!("{}: {why}", r.text(self.digits))),
                Certificate::Certified(_) => None,
            })
            .unwrap_or_default();
        format!("certified: {certified} of {n} roots; not certified: {failing}")
    }
}

impl Report for RootsReport {
    fn kind(&self) -> &'static str {
        "roots"
    }
    fn render(&self, style: Style) -> String {
        if style == Style::Latex {
            return format!("{}\n% {}", latex_text(&self.roots_text()), self.evidence());
        }
        format!("{}\n  {}", self.roots_text(), self.evidence())
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("variable".into(), json!(self.var));
        let items: Vec<Json> = self
            .roots
            .iter()
            .zip(&self.certificates)
            .map(|((r, mult), c)| {
                let (certified, how) = certificate_parts(c);
                let mut item = number_json(&r.text(self.digits), r.to_f64(), r.imag_f64());
                item.insert("exact".into(), json!(matches!(r, RootValue::Exact(_))));
                item.insert("multiplicity".into(), json!(mult));
                item.insert("certified".into(), json!(certified));
                item.insert("certificate".into(), json!(how));
                Json::Object(item)
            })
            .collect();
        m.insert("roots".into(), Json::Array(items));
        m
    }
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(
            self.roots
                .iter()
                .zip(&self.certificates)
                .map(|((r, _), c)| proven_expr(r, self.digits, c).map(Value::Expr))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List),
        )
    }
    fn refine(&self, digits: u32) -> Option<Result<Value, Error>> {
        let at = Span::default();
        Some(roots_report(
            self.f.clone(),
            self.var.clone(),
            Some(digits),
            (at, at),
        ))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// All roots of the polynomial f in `var`, certified to `digits` digits, as a report. Errors
/// about f (not a polynomial) point at `spans.0`, the others at the call, `spans.1`.
pub fn roots_report(
    f: Expr,
    var: String,
    digits: Option<u32>,
    spans: (Span, Span),
) -> Result<Value, Error> {
    let span = spans.1;
    let mut roots = polynomial::polynomial_roots(&f, &var, digits).map_err(|e| match e {
        crate::solve::SolveError::Math(m @ MathError::NotNumeric(_)) => Error::math(m, spans.0),
        other => solve_error(other, span),
    })?;
    let problem =
        crate::solve::newton::Problem::new(f.clone(), &var).map_err(|e| Error::math(e, span))?;
    let certificates = crate::solve::certify_polynomial_roots(
        &problem,
        &mut roots,
        digits.unwrap_or(refine::DEFAULT_DIGITS),
    );
    crate::interrupt::check()?;
    Ok(Value::report(RootsReport::new(
        var,
        f,
        roots,
        digits,
        certificates,
    )))
}

/// The picture `newton_fractal` wrote: where, the region, the roots and how many starts
/// reached each.
#[derive(Debug)]
pub struct FractalReport {
    pub path: String,
    pub re: (f64, f64),
    pub im: (f64, f64),
    pub basins: crate::solve::fractal::Basins,
}

impl Report for FractalReport {
    fn kind(&self) -> &'static str {
        "fractal"
    }
    fn render(&self, _: Style) -> String {
        let b = &self.basins;
        format!(
            "{}: {}×{} basins of {} roots, {:.1}% of starts converged",
            self.path,
            b.width,
            b.height,
            b.roots.len(),
            100.0 * b.converged
        )
    }
    fn json(&self) -> Map<String, Json> {
        let b = &self.basins;
        let roots: Vec<Json> = b
            .roots
            .iter()
            .zip(&b.counts)
            .map(|(z, n)| {
                // The roots as doubles (the basins are drawn in double precision).
                let text = match (z.re, z.im) {
                    (re, 0.0) => format!("{re}"),
                    (0.0, im) => format!("{im}*i"),
                    (re, im) if im < 0.0 => format!("{re} - {}*i", -im),
                    (re, im) => format!("{re} + {im}*i"),
                };
                let mut item = number_json(&text, z.re, z.im);
                item.insert("starts".into(), json!(n));
                Json::Object(item)
            })
            .collect();
        let mut m = Map::new();
        m.insert("path".into(), json!(self.path));
        m.insert("width".into(), json!(b.width));
        m.insert("height".into(), json!(b.height));
        m.insert("re_range".into(), json!([self.re.0, self.re.1]));
        m.insert("im_range".into(), json!([self.im.0, self.im.1]));
        m.insert("roots".into(), Json::Array(roots));
        m.insert("converged".into(), json!(b.converged));
        m
    }
    fn value(&self) -> Option<Result<Value, MathError>> {
        None
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
