//! The reports of the oscillator commands.

use std::any::Any;
use std::sync::Arc;

use serde_json::{Map, Value as Json, json};

use crate::expr::Expr;
use crate::expr::print::Style;
use crate::math_error::MathError;
use crate::series::AnySeries;
use crate::series::print::render;
use crate::session::value::{Report, Value};

/// What `lindstedt` found.
#[derive(Debug, Clone)]
pub struct LindstedtReport {
    pub unknown: String,
    pub result: crate::perturb::lindstedt::Lindstedt,
}

impl Report for LindstedtReport {
    fn kind(&self) -> &'static str {
        "lindstedt"
    }
    fn render(&self, style: Style) -> String {
        let r = &self.result;
        let p = &r.parameter;
        let mut out = format!(
            "ω = {}\nT/T0 = {}",
            render(&r.omega, style),
            render(&r.period_ratio, style)
        );
        if !r.omega0.is_one() {
            out.push_str(&format!(
                "  (ω0 = {})",
                crate::expr::print::to_style(&r.omega0, style)
            ));
        }
        out.push_str(&format!("\n{}(τ), τ = ω t:", self.unknown));
        for (power, xk) in &r.orders {
            if xk.is_zero() {
                continue;
            }
            let factor = match power {
                0 => String::new(),
                1 => format!("{p}: "),
                k => format!("{p}^{k}: "),
            };
            out.push_str(&format!(
                "\n  {factor}{}",
                crate::expr::print::to_style(xk, style)
            ));
        }
        out.push_str("\n  check: every order satisfies its equation, no secular terms");
        out
    }
    fn json(&self) -> Map<String, Json> {
        let r = &self.result;
        let mut m = Map::new();
        m.insert("parameter".into(), json!(r.parameter));
        m.insert("omega0".into(), json!(r.omega0.to_string()));
        m.insert("omega".into(), json!(render(&r.omega, Style::Plain)));
        m.insert(
            "period_ratio".into(),
            json!(render(&r.period_ratio, Style::Plain)),
        );
        m.insert(
            "orders".into(),
            json!(
                r.orders
                    .iter()
                    .map(|(k, e)| json!({"power": k, "term": e.to_string()}))
                    .collect::<Vec<_>>()
            ),
        );
        m
    }
    /// The ω series.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::Series(Arc::new(self.result.omega.clone()))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The exact period at one amplitude, by two routes.
#[derive(Debug, Clone)]
pub struct PendulumPeriod {
    pub amplitude: Expr,
    pub ratio: Expr,
    pub elliptic: Expr,
    pub agree: bool,
    pub period: Option<Expr>,
}

impl Report for PendulumPeriod {
    fn kind(&self) -> &'static str {
        "pendulum_period"
    }
    fn render(&self, style: Style) -> String {
        let show = |e: &Expr| crate::expr::print::to_style(e, style);
        let mut out = format!(
            "T/T0 = {}  (1/agm(1, cos(a/2)) at a = {})",
            show(&self.ratio),
            show(&self.amplitude)
        );
        out.push_str(&if self.agree {
            "\n  check: 2K(m)/pi with m = sin(a/2)^2 gives the same digits".to_string()
        } else {
            format!(
                "\n  check: 2K(m)/pi with m = sin(a/2)^2 gives {}",
                show(&self.elliptic)
            )
        });
        if let Some(t) = &self.period {
            out.push_str(&format!("\n  T = {}", show(t)));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("amplitude".into(), json!(self.amplitude.to_string()));
        m.insert("ratio".into(), json!(self.ratio.to_string()));
        m.insert("elliptic".into(), json!(self.elliptic.to_string()));
        m.insert("agree".into(), json!(self.agree));
        m.insert(
            "period".into(),
            json!(self.period.as_ref().map(|t| t.to_string())),
        );
        m
    }
    /// T/T0.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::Expr(self.ratio.clone())))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The exact T/T0 and ω/ω0 series.
#[derive(Debug, Clone)]
pub struct PendulumSeries {
    pub period: Arc<AnySeries>,
    pub frequency: Arc<AnySeries>,
}

impl Report for PendulumSeries {
    fn kind(&self) -> &'static str {
        "pendulum_series"
    }
    fn render(&self, style: Style) -> String {
        format!(
            "T/T0 = {}\nω/ω0 = {}",
            render(&self.period, style),
            render(&self.frequency, style)
        )
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("period".into(), json!(render(&self.period, Style::Plain)));
        m.insert(
            "frequency".into(),
            json!(render(&self.frequency, Style::Plain)),
        );
        m
    }
    /// The T/T0 series.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::Series(self.period.clone())))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The Fourier solution from the nome.
#[derive(Debug, Clone)]
pub struct PendulumFourier {
    pub amplitude: Expr,
    pub q: Expr,
    pub ratio: Expr,
    pub coefficients: Vec<Expr>,
    /// |Σ b_k − a| of the truncated sum.
    pub start_error: Expr,
    /// The largest |energy residual| of the truncated sum over a quarter period (doubles).
    pub energy_error: f64,
}

impl Report for PendulumFourier {
    fn kind(&self) -> &'static str {
        "pendulum_fourier"
    }
    fn render(&self, style: Style) -> String {
        let show = |e: &Expr| crate::expr::print::to_style(e, style);
        let mut out = format!(
            "q = {}, ω/ω0 = {}  (a = {})\nθ(t) = Σ b_k cos((2k+1) ω t):",
            show(&self.q),
            show(&self.ratio),
            show(&self.amplitude)
        );
        for (k, b) in self.coefficients.iter().enumerate() {
            out.push_str(&format!("\n  b_{k} = {}", show(b)));
        }
        out.push_str(&format!(
            "\n  check: |θ(0) − a| = {} and the energy θ'^2/2 − cos θ + cos a stays within {:.1e} over a quarter period (both from the {} terms kept)",
            show(&self.start_error),
            self.energy_error,
            self.coefficients.len()
        ));
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("amplitude".into(), json!(self.amplitude.to_string()));
        m.insert("q".into(), json!(self.q.to_string()));
        m.insert("ratio".into(), json!(self.ratio.to_string()));
        m.insert(
            "coefficients".into(),
            json!(
                self.coefficients
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
            ),
        );
        m.insert("start_error".into(), json!(self.start_error.to_string()));
        m.insert("energy_error".into(), json!(self.energy_error));
        m
    }
    /// The list of b_k.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::List(
            self.coefficients.iter().cloned().map(Value::Expr).collect(),
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
