//! The reports of the approximation lab: `verify`, `prove`, `minimax`, the Taylor and L2
//! fits, `convolve`.

use std::any::Any;

use rug::Float;
use rug::float::Round;
use serde_json::{Map, Value as Json, json};

use crate::approx::certify::{FAR_EXPONENT, MaxBound, Piece, Sign};
use crate::approx::convolve::Kernel;
use crate::approx::fit::least_squares::LeastSquares;
use crate::approx::fit::taylor::TaylorFit;
use crate::approx::fit::{Minimax, Symmetry};
use crate::approx::prove::{Proof, Threshold};
use crate::approx::verify::{Extremum, Measure, Verification};
use crate::expr::number::format_float;
use crate::expr::print::{Style, to_style};
use crate::expr::{Expr, Number};
use crate::math_error::MathError;
use crate::session::value::{Report, Value};

/// `x` rounded to `digits` significant digits in the direction given (a bound stays a bound).
pub fn directed(x: &Float, digits: usize, up: bool) -> String {
    if x.is_zero() {
        return "0".into();
    }
    let round = if up { Round::Up } else { Round::Down };
    let (negative, mantissa, exp) = x.to_sign_string_exp_round(10, Some(digits), round);
    let exp = exp.unwrap_or(0) as i64 - 1;
    let sign = if negative { "-" } else { "" };
    let (first, rest) = mantissa.split_at(1);
    let rest = rest.trim_end_matches('0');
    if (-4..6).contains(&exp) {
        let value = format!("{first}{rest}");
        if exp < 0 {
            format!("{sign}0.{}{value}", "0".repeat((-exp - 1) as usize))
        } else if (exp as usize) < value.len() - 1 {
            let (int, frac) = value.split_at(exp as usize + 1);
            format!("{sign}{int}.{frac}")
        } else {
            format!(
                "{sign}{value}{}",
                "0".repeat(exp as usize + 1 - value.len())
            )
        }
    } else if rest.is_empty() {
        format!("{sign}{first}e{exp}")
    } else {
        format!("{sign}{first}.{rest}e{exp}")
    }
}

/// A short number: 6 significant digits.
pub fn short(x: &Float) -> String {
    format_float(x, 6)
}

fn signed(x: &Float) -> String {
    let s = short(x);
    if x.is_sign_negative() {
        s
    } else {
        format!("+{s}")
    }
}

/// "2nd", "3rd", "4th" derivative.
fn ordinal(k: i64) -> String {
    let suffix = match (k % 10, k % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{k}{suffix}")
}

/// `[a, b]` with infinite ends written `-inf`, `inf`.
pub fn range_text((a, b): (f64, f64)) -> String {
    let end = |v: f64| {
        if v.is_infinite() {
            if v > 0.0 { "inf".into() } else { "-inf".into() }
        } else {
            format_float(&Float::with_val(53, v), 15)
        }
    };
    format!("[{}, {}]", end(a), end(b))
}

/// What a certificate leaves out: unbounded ends whose enclosure is infinite (it then covers
/// |x| ≤ 2^1024), and finite pieces with no finite enclosure.
fn coverage(uncovered: &[(Float, Float)]) -> String {
    if uncovered.is_empty() {
        return String::new();
    }
    let (ends, pieces): (Vec<&Piece>, Vec<&Piece>) = uncovered
        .iter()
        .partition(|(lo, hi)| lo.is_infinite() || hi.is_infinite());
    let mut out = String::new();
    if !ends.is_empty() {
        out.push_str(&format!(
            ", covered for |x| ≤ 2^{FAR_EXPONENT}, beyond every finite double (past it the enclosure of the tail{} unbounded)",
            if ends.len() == 1 { " is" } else { "s is" }
        ));
    }
    if !pieces.is_empty() {
        let listed: Vec<String> = pieces
            .iter()
            .take(4)
            .map(|(lo, hi)| format!("[{}, {}]", short(lo), short(hi)))
            .collect();
        out.push_str(&format!(
            " except on {}{} (no finite enclosure there)",
            listed.join(", "),
            if pieces.len() > 4 { ", ..." } else { "" }
        ));
    }
    out
}

/// The certificate line of a maximum.
pub fn certificate_line(var: &str, range: (f64, f64), c: &Result<MaxBound, String>) -> String {
    match c {
        Ok(m) => format!(
            "certified: max |e| ∈ [{}, {}] on {var} ∈ {}{} ({} boxes{})",
            directed(&m.lower, 8, false),
            directed(&m.upper, 8, true),
            range_text(range),
            coverage(&m.uncovered),
            m.boxes,
            if m.budget_spent {
                "; the box budget ran out, so the bounds are wider than asked"
            } else {
                ""
            }
        ),
        Err(why) => format!("not certified: {why}"),
    }
}

fn extremum_json(p: &Extremum) -> Json {
    json!({"x": p.x.to_f64(), "error": p.value.to_f64()})
}

fn certificate_json(c: &Result<MaxBound, String>) -> Json {
    match c {
        Ok(m) => json!({
            "lower": m.lower.to_f64(),
            "upper": m.upper.to_f64(),
            "at": m.at.to_f64(),
            "boxes": m.boxes,
            "complete": m.uncovered.is_empty(),
            "budget_spent": m.budget_spent,
        }),
        Err(why) => json!({"error": why}),
    }
}

/// ` ≈ value` of a constant coefficient (nothing when it is a plain number already).
fn coefficient_value(c: &Expr) -> String {
    if c.as_number().is_some() {
        return String::new();
    }
    match crate::numeric::eval::eval_f64(c) {
        Ok(v) if v.is_finite() => format!(" ≈ {}", format_float(&Float::with_val(53, v), 6)),
        _ => String::new(),
    }
}

/// What `verify` found.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    pub approx: Expr,
    pub exact: Expr,
    pub var: String,
    pub range: (f64, f64),
    pub found: Verification,
    pub plot: Option<String>,
}

impl Report for VerifyReport {
    fn kind(&self) -> &'static str {
        "verify"
    }
    fn render(&self, style: Style) -> String {
        let v = &self.found;
        let what = match v.measure {
            Measure::Absolute => "e = g - f",
            Measure::Relative => "e = (g - f)/f",
        };
        let mut out = format!(
            "max |e| = {} at {} = {}   ({what}, g = {}, f = {})",
            short(&v.peak.value.clone().abs()),
            self.var,
            short(&v.peak.x),
            to_style(&self.approx, style),
            to_style(&self.exact, style),
        );
        out.push_str(&format!(
            "\n  {}",
            certificate_line(&self.var, self.range, &v.certificate)
        ));
        // Extrema far below the peak are rounding noise of the tails, not features.
        let floor = v.peak.value.to_f64().abs() * 1e-9;
        let mut largest: Vec<&Extremum> = v
            .extrema
            .iter()
            .filter(|p| p.value.to_f64().abs() >= floor)
            .collect();
        let shown = largest.len();
        largest.sort_by(|p, q| q.value.clone().abs().total_cmp(&p.value.clone().abs()));
        largest.truncate(8);
        largest.sort_by(|p, q| p.x.total_cmp(&q.x));
        let listed: Vec<String> = largest
            .iter()
            .map(|p| format!("{} ({})", short(&p.x), signed(&p.value)))
            .collect();
        out.push_str(&format!(
            "\n  extrema of e: {}{}",
            listed.join(", "),
            if shown > largest.len() {
                format!(" (the {} largest of {shown})", largest.len())
            } else {
                String::new()
            }
        ));
        out.push_str(&format!(
            "\n  equioscillation: {} {} of alternating sign within 1% of the max",
            v.alternation.len(),
            if v.alternation.len() == 1 {
                "extremum"
            } else {
                "extrema"
            }
        ));
        match &v.l2 {
            Ok((value, error)) => out.push_str(&format!(
                "\n  L2 error: sqrt(∫ e^2 d{}) = {} (quadrature estimate ±{})",
                self.var,
                short(value),
                directed(error, 2, true)
            )),
            Err(why) => out.push_str(&format!("\n  L2 error: not computed ({why})")),
        }
        match &v.taylor {
            Some(Ok(t)) => {
                let at = to_style(&t.point, style);
                let h = if t.point.is_zero() {
                    self.var.clone()
                } else {
                    format!("({} - {at})", self.var)
                };
                let line = match (t.order, &t.coefficient) {
                    (Some(k), Some(c)) => format!(
                        "\n  Taylor at {} = {at}: g and f agree through {h}^{}, not at {h}^{k}: g - f = c·{h}^{k} + ..., c = {}{}",
                        self.var,
                        k - 1,
                        to_style(c, style),
                        coefficient_value(c)
                    ),
                    _ => format!(
                        "\n  Taylor at {} = {at}: every coefficient through {h}^{} agrees",
                        self.var, t.checked
                    ),
                };
                out.push_str(&line);
            }
            Some(Err(why)) => out.push_str(&format!("\n  Taylor comparison failed: {why}")),
            None => {}
        }
        if let Some(p) = &self.plot {
            out.push_str(&format!("\n  plot: {p}"));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let v = &self.found;
        let mut m = Map::new();
        m.insert("approx".into(), json!(self.approx.to_string()));
        m.insert("exact".into(), json!(self.exact.to_string()));
        m.insert("var".into(), json!(self.var));
        m.insert("range".into(), json!(range_text(self.range)));
        m.insert(
            "measure".into(),
            json!(match v.measure {
                Measure::Absolute => "absolute",
                Measure::Relative => "relative",
            }),
        );
        m.insert("peak".into(), extremum_json(&v.peak));
        m.insert("certificate".into(), certificate_json(&v.certificate));
        m.insert(
            "extrema".into(),
            Json::Array(v.extrema.iter().map(extremum_json).collect()),
        );
        m.insert(
            "alternation".into(),
            Json::Array(v.alternation.iter().map(extremum_json).collect()),
        );
        m.insert(
            "l2".into(),
            match &v.l2 {
                Ok((value, error)) => json!({"value": value.to_f64(), "error": error.to_f64()}),
                Err(why) => json!({"error_message": why}),
            },
        );
        m.insert(
            "taylor".into(),
            match &v.taylor {
                Some(Ok(t)) => json!({
                    "point": t.point.to_string(),
                    "order": t.order,
                    "coefficient": t.coefficient.as_ref().map(|c| c.to_string()),
                }),
                Some(Err(why)) => json!({"error": why}),
                None => Json::Null,
            },
        );
        m.insert("plot".into(), json!(self.plot));
        m
    }
    /// The largest |e| found.
    fn value(&self) -> Option<Result<Value, MathError>> {
        let peak = self.found.peak.value.clone().abs();
        Some(Number::approx(peak, 15).map(|n| Value::Expr(Expr::num(n))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What `prove` established.
#[derive(Debug, Clone)]
pub struct ProofReport {
    pub statement: String,
    pub var: String,
    pub range: (f64, f64),
    pub proof: Proof,
}

fn threshold_text(t: &Threshold, style: Style) -> String {
    let side = if t.holds_above { ">=" } else { "<=" };
    let exact = t
        .exact
        .as_ref()
        .map(|e| format!(" = {}", to_style(e, style)))
        .unwrap_or_default();
    format!(
        "holds for {} {side} {}{exact}, fails on the other side: the smallest value of the difference over the range changes sign there, where it touches 0 at x = {} (Newton on the touching conditions, {} steps)",
        t.param,
        format_float(&t.value, 22),
        short(&t.touching),
        t.newton_steps
    )
}

impl Report for ProofReport {
    fn kind(&self) -> &'static str {
        "prove"
    }
    fn render(&self, style: Style) -> String {
        let on = format!("{} ∈ {}", self.var, range_text(self.range));
        match &self.proof {
            Proof::Decided(Sign::Proved {
                boxes,
                uncovered,
                touching,
            }) => format!(
                "proved: {} for {on}{}\n  interval branch-and-bound, {boxes} boxes{}",
                self.statement,
                coverage(uncovered),
                touching
                    .as_ref()
                    .map(|(x, k, delta)| format!(
                        "; equality at {} = {}, where lhs - rhs{} vanish exactly and the {} derivative keeps its sign on ±{} (Taylor remainder)",
                        self.var,
                        short(x),
                        match k - 1 {
                            0 => String::new(),
                            1 => " and its first derivative".into(),
                            n => format!(" and its first {n} derivatives"),
                        },
                        ordinal(*k),
                        short(delta)
                    ))
                    .unwrap_or_default()
            ),
            Proof::Decided(Sign::Counterexample { x, value }) => format!(
                "false: {} fails at {} = {}\n  lhs - rhs ∈ [{}, {}] there (interval enclosure)",
                self.statement,
                self.var,
                short(x),
                directed(&value.lo, 6, false),
                directed(&value.hi, 6, true)
            ),
            Proof::Decided(Sign::Undecided {
                lo,
                hi,
                smallest,
                boxes,
            }) => format!(
                "not decided: {} on {on}\n  after {boxes} boxes the box [{}, {}] is still open; the smallest value of lhs - rhs seen is {} (equality there cannot be settled by interval arithmetic)",
                self.statement,
                short(lo),
                short(hi),
                short(smallest)
            ),
            Proof::Threshold(t) => format!("{}: {}", self.statement, threshold_text(t, style)),
        }
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("statement".into(), json!(self.statement));
        m.insert("var".into(), json!(self.var));
        m.insert("range".into(), json!(range_text(self.range)));
        let (verdict, detail) = match &self.proof {
            Proof::Decided(Sign::Proved {
                boxes,
                uncovered,
                touching,
            }) => (
                "proved",
                json!({
                    "boxes": boxes,
                    "complete": uncovered.is_empty(),
                    "touching": touching.as_ref().map(|(x, k, _)| json!({"x": x.to_f64(), "order": k})),
                }),
            ),
            Proof::Decided(Sign::Counterexample { x, value }) => (
                "false",
                json!({"x": x.to_f64(), "lo": value.lo.to_f64(), "hi": value.hi.to_f64()}),
            ),
            Proof::Decided(Sign::Undecided {
                lo,
                hi,
                smallest,
                boxes,
            }) => (
                "undecided",
                json!({"lo": lo.to_f64(), "hi": hi.to_f64(), "smallest": smallest.to_f64(), "boxes": boxes}),
            ),
            Proof::Threshold(t) => (
                "threshold",
                json!({
                    "param": t.param,
                    "value": format_float(&t.value, 30),
                    "holds_above": t.holds_above,
                    "touching": t.touching.to_f64(),
                    "exact": t.exact.as_ref().map(|e| e.to_string()),
                }),
            ),
        };
        m.insert("verdict".into(), json!(verdict));
        m.insert("detail".into(), detail);
        m
    }
    /// A threshold stands for its value; a verdict for nothing.
    fn value(&self) -> Option<Result<Value, MathError>> {
        match &self.proof {
            Proof::Threshold(t) => Some(Ok(Value::Expr(match &t.exact {
                Some(e) => e.clone(),
                None => Expr::num(Number::approx(t.value.clone(), 30).ok()?),
            }))),
            Proof::Decided(_) => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A minimax fit.
#[derive(Debug, Clone)]
pub struct MinimaxReport {
    pub model: Expr,
    pub target: Expr,
    pub var: String,
    pub range: (f64, f64),
    pub measure: Measure,
    pub fit: Minimax,
}

impl Report for MinimaxReport {
    fn kind(&self) -> &'static str {
        "minimax"
    }
    fn render(&self, style: Style) -> String {
        let f = &self.fit;
        let mut out = format!(
            "minimax fit of {} to {} on {} ∈ {} ({} error{})",
            to_style(&self.model, style),
            to_style(&self.target, style),
            self.var,
            range_text(self.range),
            match self.measure {
                Measure::Absolute => "absolute",
                Measure::Relative => "relative",
            },
            match f.symmetry {
                Some(Symmetry::Odd) => "; odd, so levelled on x >= 0 and mirrored",
                Some(Symmetry::Even) => "; even, so levelled on x >= 0 and mirrored",
                None => "",
            }
        );
        for (name, value) in &f.params {
            out.push_str(&format!("\n  {name} = {}", format_float(value, f.digits)));
        }
        out.push_str(&format!(
            "\n  minimax error |E| = {}",
            format_float(&f.error, f.digits.min(20))
        ));
        let points: Vec<String> = f
            .points
            .iter()
            .map(|p| {
                format!(
                    "{} ({}E)",
                    short(&p.x),
                    if p.value.is_sign_negative() { "-" } else { "+" }
                )
            })
            .collect();
        out.push_str(&format!(
            "\n  equioscillation at {} = {}",
            self.var,
            points.join(", ")
        ));
        out.push_str(&format!(
            "\n  {}",
            certificate_line(&self.var, self.range, &f.certificate)
        ));
        out.push_str(&format!(
            "\n  {} exchange{}, {} Newton steps on the alternation system",
            f.exchanges,
            if f.exchanges == 1 { "" } else { "s" },
            f.newton_steps
        ));
        out
    }
    fn json(&self) -> Map<String, Json> {
        let f = &self.fit;
        let mut m = Map::new();
        m.insert("model".into(), json!(self.model.to_string()));
        m.insert("target".into(), json!(self.target.to_string()));
        m.insert("var".into(), json!(self.var));
        m.insert("range".into(), json!(range_text(self.range)));
        m.insert(
            "params".into(),
            Json::Object(
                f.params
                    .iter()
                    .map(|(n, v)| (n.clone(), json!(format_float(v, f.digits))))
                    .collect(),
            ),
        );
        m.insert("error".into(), json!(format_float(&f.error, f.digits)));
        m.insert(
            "points".into(),
            Json::Array(f.points.iter().map(extremum_json).collect()),
        );
        m.insert("certificate".into(), certificate_json(&f.certificate));
        m.insert("exchanges".into(), json!(f.exchanges));
        m.insert("newton_steps".into(), json!(f.newton_steps));
        m
    }
    /// The fitted constant, or the list of them.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(constants_value(&self.fit.params, self.fit.digits))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Taylor fit.
#[derive(Debug, Clone)]
pub struct TaylorFitReport {
    pub model: Expr,
    pub target: Expr,
    pub var: String,
    pub fit: TaylorFit,
}

impl Report for TaylorFitReport {
    fn kind(&self) -> &'static str {
        "fit_taylor"
    }
    fn render(&self, style: Style) -> String {
        let f = &self.fit;
        let orders: Vec<String> = f
            .orders
            .iter()
            .map(|k| format!("{}^{k}", self.var))
            .collect();
        let mut out = format!(
            "Taylor fit of {} to {}: the coefficients of {} set to 0",
            to_style(&self.model, style),
            to_style(&self.target, style),
            orders.join(", ")
        );
        for p in &f.params {
            let exact = p
                .exact
                .as_ref()
                .map(|e| format!("{} = ", to_style(e, style)))
                .unwrap_or_default();
            out.push_str(&format!(
                "\n  {} = {exact}{}",
                p.name,
                format_float(&p.value, f.digits)
            ));
        }
        match &f.agreement {
            Ok(a) => match (a.order, &a.coefficient) {
                (Some(k), Some(c)) => out.push_str(&format!(
                    "\n  then g - f = c·{}^{k} + ..., c = {}{}",
                    self.var,
                    to_style(c, style),
                    coefficient_value(c)
                )),
                _ => out.push_str(&format!(
                    "\n  then g and f agree through {}^{}",
                    self.var, a.checked
                )),
            },
            Err(why) => out.push_str(&format!("\n  agreement not computed: {why}")),
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let f = &self.fit;
        let mut m = Map::new();
        m.insert("model".into(), json!(self.model.to_string()));
        m.insert("target".into(), json!(self.target.to_string()));
        m.insert(
            "params".into(),
            Json::Array(
                f.params
                    .iter()
                    .map(|p| {
                        json!({
                            "name": p.name,
                            "exact": p.exact.as_ref().map(|e| e.to_string()),
                            "value": format_float(&p.value, f.digits),
                        })
                    })
                    .collect(),
            ),
        );
        m.insert("orders".into(), json!(f.orders));
        m.insert(
            "next_order".into(),
            json!(f.agreement.as_ref().ok().and_then(|a| a.order)),
        );
        m
    }
    /// The constant (exact when found), or the list of them.
    fn value(&self) -> Option<Result<Value, MathError>> {
        let values: Result<Vec<Value>, MathError> = self
            .fit
            .params
            .iter()
            .map(|p| match &p.exact {
                Some(e) => Ok(Value::Expr(e.clone())),
                None => Number::approx(p.value.clone(), self.fit.digits)
                    .map(|n| Value::Expr(Expr::num(n))),
            })
            .collect();
        Some(values.map(one_or_list))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Fitted constants as the value of a report: the number, or the list of them.
fn constants_value(params: &[(String, Float)], digits: u32) -> Result<Value, MathError> {
    params
        .iter()
        .map(|(_, v)| Number::approx(v.clone(), digits).map(|n| Value::Expr(Expr::num(n))))
        .collect::<Result<Vec<_>, _>>()
        .map(one_or_list)
}

fn one_or_list(mut v: Vec<Value>) -> Value {
    if v.len() == 1 {
        v.remove(0)
    } else {
        Value::List(v)
    }
}

/// A least-squares fit.
#[derive(Debug, Clone)]
pub struct LeastSquaresReport {
    pub model: Expr,
    pub target: Expr,
    pub var: String,
    pub range: (f64, f64),
    pub fit: LeastSquares,
}

impl Report for LeastSquaresReport {
    fn kind(&self) -> &'static str {
        "fit_l2"
    }
    fn render(&self, style: Style) -> String {
        let f = &self.fit;
        let mut out = format!(
            "least-squares fit of {} to {} on {} ∈ {}",
            to_style(&self.model, style),
            to_style(&self.target, style),
            self.var,
            range_text(self.range)
        );
        for (name, value) in &f.params {
            out.push_str(&format!("\n  {name} = {}", format_float(value, f.digits)));
        }
        out.push_str(&format!(
            "\n  L2 error sqrt(∫ e^2 d{}) = {}",
            self.var,
            format_float(&f.l2, f.digits.min(12))
        ));
        if let Some(p) = &f.peak {
            out.push_str(&format!(
                "\n  max |e| = {} at {} = {} (the minimax fit makes this smaller)",
                short(&p.value.clone().abs()),
                self.var,
                short(&p.x)
            ));
        }
        out.push_str(&format!(
            "\n  {} Newton steps on the gradient",
            f.newton_steps
        ));
        out
    }
    fn json(&self) -> Map<String, Json> {
        let f = &self.fit;
        let mut m = Map::new();
        m.insert("model".into(), json!(self.model.to_string()));
        m.insert("target".into(), json!(self.target.to_string()));
        m.insert("range".into(), json!(range_text(self.range)));
        m.insert(
            "params".into(),
            Json::Object(
                f.params
                    .iter()
                    .map(|(n, v)| (n.clone(), json!(format_float(v, f.digits))))
                    .collect(),
            ),
        );
        m.insert("l2".into(), json!(format_float(&f.l2, f.digits)));
        m.insert("peak".into(), json!(f.peak.as_ref().map(extremum_json)));
        m.insert("newton_steps".into(), json!(f.newton_steps));
        m
    }
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(constants_value(&self.fit.params, self.fit.digits))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A convolution: its closed form, the quadrature check, the value at a point.
#[derive(Debug, Clone)]
pub struct ConvolveReport {
    pub f: Expr,
    pub kernel: Kernel,
    pub var: String,
    pub closed: Option<Expr>,
    /// Why there is no closed form.
    pub no_closed: Option<String>,
    /// (x, closed form − quadrature, quadrature error estimate) at the sample points.
    pub checks: Vec<(Float, Float, Float)>,
    /// Why no check was run.
    pub unchecked: Option<String>,
    /// At `at`: x0, the quadrature value and its error estimate, the closed form's value.
    pub at: Option<(Float, Float, Float, Option<Float>)>,
    pub digits: u32,
}

impl Report for ConvolveReport {
    fn kind(&self) -> &'static str {
        "convolve"
    }
    fn render(&self, style: Style) -> String {
        let k = format!(
            "{}({})",
            self.kernel.kind.name(),
            to_style(&self.kernel.width, style)
        );
        let f = match self.f.node() {
            crate::expr::Node::Add(_) => format!("({})", to_style(&self.f, style)),
            _ => to_style(&self.f, style),
        };
        let mut out = match &self.closed {
            Some(c) => format!("{f} * {k} = {}", to_style(c, style)),
            None => format!(
                "{f} * {k}: {}",
                self.no_closed.as_deref().unwrap_or("no closed form")
            ),
        };
        if !self.checks.is_empty() {
            let worst = self
                .checks
                .iter()
                .map(|(_, d, _)| d.clone().abs())
                .fold(Float::new(53), |a, b| a.max(&b));
            let estimate = self
                .checks
                .iter()
                .map(|(_, _, e)| e.clone())
                .fold(Float::new(53), |a, b| a.max(&b));
            let xs: Vec<String> = self.checks.iter().map(|(x, _, _)| short(x)).collect();
            out.push_str(&format!(
                "\n  checked against quadrature of ∫ f({} - y) φ(y) dy at {} = {}: largest difference {} (quadrature error estimates ≤ {})",
                self.var,
                self.var,
                xs.join(", "),
                directed(&worst, 2, true),
                directed(&estimate, 2, true)
            ));
        }
        if let Some(why) = &self.unchecked {
            out.push_str(&format!("\n  not checked: {why}"));
        }
        if let Some((x, value, error, closed)) = &self.at {
            out.push_str(&format!(
                "\n  at {} = {}: {} by quadrature (estimate ±{})",
                self.var,
                short(x),
                format_float(value, self.digits),
                directed(error, 2, true)
            ));
            if let Some(c) = closed {
                out.push_str(&format!(
                    "; the closed form gives {}",
                    format_float(c, self.digits)
                ));
            }
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("f".into(), json!(self.f.to_string()));
        m.insert("kernel".into(), json!(self.kernel.kind.name()));
        m.insert("width".into(), json!(self.kernel.width.to_string()));
        m.insert(
            "closed_form".into(),
            json!(self.closed.as_ref().map(|c| c.to_string())),
        );
        m.insert(
            "checks".into(),
            Json::Array(
                self.checks
                    .iter()
                    .map(|(x, d, e)| json!({"x": x.to_f64(), "difference": d.to_f64(), "estimate": e.to_f64()}))
                    .collect(),
            ),
        );
        m.insert(
            "at".into(),
            json!(self.at.as_ref().map(|(x, v, e, c)| json!({
                "x": x.to_f64(),
                "quadrature": format_float(v, self.digits),
                "estimate": e.to_f64(),
                "closed_form": c.as_ref().map(|c| format_float(c, self.digits)),
            }))),
        );
        m
    }
    /// The closed form, else the value at the point.
    fn value(&self) -> Option<Result<Value, MathError>> {
        match (&self.closed, &self.at) {
            (Some(c), _) => Some(Ok(Value::Expr(c.clone()))),
            (None, Some((_, v, _, _))) => {
                Some(Number::approx(v.clone(), self.digits).map(|n| Value::Expr(Expr::num(n))))
            }
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
