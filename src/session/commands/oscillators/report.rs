//! The reports of the oscillator commands.

use std::any::Any;
use std::sync::Arc;

use serde_json::{Map, Value as Json, json};

use crate::expr::Expr;
use crate::expr::print::Style;
use crate::math_error::MathError;
use crate::series::AnySeries;
use crate::series::print::render;
use crate::session::value::{Cell, Report, Table, Value};

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
        if let Some(a) = &r.amplitude {
            out.push_str(&format!(
                "\n{}(0) = {}  (the limit cycle: the sin(τ) solvability fixes the amplitude)",
                self.unknown,
                render(a, style)
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
            "amplitude".into(),
            json!(r.amplitude.as_ref().map(|a| render(a, Style::Plain))),
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
    /// The largest |sum − θ| over one period, θ from a Taylor-series integration of the ODE
    /// at the working precision.
    pub ode_difference: f64,
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
        out.push_str(&format!(
            "\n  check: a Taylor-series integration of θ'' = -sin θ (MPFR, to the working precision) differs from the sum by at most {:.1e} over one period",
            self.ode_difference
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
        m.insert("ode_difference".into(), json!(self.ode_difference));
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

/// An MPFR value shown with `digits` significant digits.
pub(super) fn decimal(value: &rug::Float, digits: u32) -> Result<Expr, MathError> {
    Ok(Expr::num(crate::expr::Number::approx(
        value.clone(),
        digits,
    )?))
}

/// A table cell for an MPFR value (`—` where there is none).
fn cell(value: Option<&rug::Float>, digits: u32) -> Cell {
    match value.map(|v| decimal(v, digits)) {
        Some(Ok(e)) => Cell::number(e.clone(), e.to_string()),
        _ => Cell::text("—"),
    }
}

/// What `ham` found: per order, T/T0 at the chosen ħ and at the residual-optimal ħ.
#[derive(Debug, Clone)]
pub struct HamReport {
    pub equation: String,
    pub unknown: String,
    pub amplitude: Expr,
    pub hbar: Option<rug::Float>,
    /// ω²/ω0² at the highest order as a polynomial in ħ (text).
    pub frequency: String,
    pub table: Table,
    /// T/T0 at the highest order (at the given ħ, else at the optimal ħ).
    pub result: Option<Expr>,
    pub exact: Option<Expr>,
    pub harmonics: usize,
    pub truncation: f64,
    pub plot: Option<String>,
    pub notes: Vec<String>,
}

impl HamReport {
    pub(super) fn build(
        ham: &crate::perturb::homotopy::Ham,
        hbar: Option<rug::Float>,
        (lo, hi): (f64, f64),
        exact: Option<rug::Float>,
        digits: u32,
        problem: &super::Conservative,
    ) -> Result<HamReport, MathError> {
        let prec = ham.amplitude.prec();
        let at = hbar
            .clone()
            .unwrap_or_else(|| rug::Float::with_val(prec, -1));
        let relative = |v: &rug::Float| {
            exact.as_ref().map(|e| {
                let d = rug::Float::with_val(prec, v - e) / e;
                d.abs()
            })
        };
        let h_name = if hbar.is_some() {
            format!("ħ = {}", decimal(&at, 6)?)
        } else {
            "ħ = -1".to_string()
        };
        let mut columns = vec![
            "order".to_string(),
            format!("T/T0 ({h_name})"),
            "residual".to_string(),
        ];
        if exact.is_some() {
            columns.push("rel. error".into());
        }
        let optimise = hbar.is_none() && ham.order() >= 2;
        if optimise {
            columns.extend(["optimal ħ", "T/T0 (optimal ħ)", "residual"].map(String::from));
            if exact.is_some() {
                columns.push("rel. error".into());
            }
        }
        let mut rows = Vec::new();
        let mut result = None;
        let mut notes = Vec::new();
        let mut certified = 0;
        for m in 1..=ham.order() {
            crate::interrupt::check()?;
            let ratio = ham.period_ratio(m, &at);
            let mut row = vec![
                Cell::number(Expr::int(m as i64), m.to_string()),
                cell(ratio.as_ref(), digits),
                cell(Some(&ham.residual(m, &at)?), 3),
            ];
            if exact.is_some() {
                row.push(cell(ratio.as_ref().and_then(relative).as_ref(), 3));
            }
            result = ratio.as_ref().map(|r| decimal(r, digits)).transpose()?;
            if optimise {
                if m >= 2 {
                    let best = ham.optimal_hbar(m, lo, hi)?;
                    let (h, e, inside) = (best.hbar, best.residual, best.inside);
                    if inside && !best.certified {
                        notes.push(format!(
                            "order {m}: the optimal ħ is not certified (E' does not change sign with E'' > 0 there)"
                        ));
                    }
                    certified += usize::from(best.certified);
                    if !inside {
                        notes.push(format!(
                            "order {m}: the smallest residual is at the end of hbar_range = [{lo}, {hi}]; widen it"
                        ));
                    }
                    let best = ham.period_ratio(m, &h);
                    row.push(cell(Some(&h), 6));
                    row.push(cell(best.as_ref(), digits));
                    row.push(cell(Some(&e), 3));
                    if exact.is_some() {
                        row.push(cell(best.as_ref().and_then(relative).as_ref(), 3));
                    }
                    result = best.as_ref().map(|r| decimal(r, digits)).transpose()?;
                } else {
                    row.extend((0..if exact.is_some() { 4 } else { 3 }).map(|_| Cell::text("—")));
                }
            }
            rows.push(row);
        }
        if optimise && certified > 0 {
            notes.insert(
                0,
                format!(
                    "{certified} of {} optimal ħ certified as local minima of the residual: E'(ħ) changes sign across ħ ± δ and E''(ħ) > 0, with E', E'' exact in ħ",
                    ham.order() - 1
                ),
            );
        }
        let w2 = ham.frequency_squared(ham.order());
        let mut terms = Vec::new();
        for (k, c) in w2.0.iter().enumerate() {
            let c = rug::Float::with_val(prec, c / &ham.stiffness);
            let text = decimal(&c, 10)?.to_string();
            terms.push(match k {
                0 => text,
                1 => format!("({text})ħ"),
                k => format!("({text})ħ^{k}"),
            });
        }
        Ok(HamReport {
            equation: format!("{}'' + {} = 0", problem.unknown, problem.g),
            unknown: problem.unknown.clone(),
            amplitude: problem.amplitude.clone(),
            hbar,
            frequency: terms.join(" + "),
            table: Table {
                title: String::new(),
                columns,
                rows,
                path: None,
            },
            result,
            exact: exact.map(|e| decimal(&e, digits)).transpose()?,
            harmonics: ham.harmonics,
            truncation: ham.truncation,
            plot: None,
            notes,
        })
    }

    /// The ħ-curves: T/T0 against ħ at every order (at most eight, spread over the orders),
    /// with the exact value as a level line.
    pub(super) fn draw(
        &mut self,
        ham: &crate::perturb::homotopy::Ham,
        path: &str,
        (lo, hi): (f64, f64),
    ) -> Result<(), String> {
        use crate::plot::figure::{Curve, Figure, Mark, Scale};
        let prec = ham.amplitude.prec();
        const SAMPLES: usize = 400;
        let orders: Vec<usize> = if ham.order() <= 8 {
            (1..=ham.order()).collect()
        } else {
            let mut v: Vec<usize> = (0..8).map(|i| 1 + i * (ham.order() - 1) / 7).collect();
            v.dedup();
            v
        };
        let mut curves = Vec::new();
        let mut spread: f64 = 0.0;
        let centre = self
            .exact
            .as_ref()
            .or(self.result.as_ref())
            .and_then(|e| crate::numeric::eval::eval_f64(e).ok())
            .unwrap_or(1.0);
        for m in orders {
            let mut pieces: Vec<Vec<[f64; 2]>> = vec![Vec::new()];
            for i in 0..=SAMPLES {
                let h = lo + (hi - lo) * i as f64 / SAMPLES as f64;
                match ham.period_ratio(m, &rug::Float::with_val(prec, h)) {
                    Some(r) => {
                        let r = r.to_f64();
                        if m == 1 {
                            spread = spread.max((r - centre).abs());
                        }
                        if let Some(p) = pieces.last_mut() {
                            p.push([h, r]);
                        }
                    }
                    None => pieces.push(Vec::new()),
                }
            }
            pieces.retain(|p| !p.is_empty());
            curves.push(Curve {
                label: format!("order {m}"),
                mark: Mark::Line,
                pieces,
                breaks: Vec::new(),
                core: None,
            });
        }
        if self.exact.is_some() {
            curves.push(Curve {
                label: "exact".into(),
                mark: Mark::Line,
                pieces: vec![vec![[lo, centre], [hi, centre]]],
                breaks: Vec::new(),
                core: None,
            });
        }
        // The window: one and a half times the first order's distance from the exact value,
        // so the flat region of the higher orders fills the picture.
        let half = (1.5 * spread).max(1e-4 * centre.abs());
        let mut figure = Figure {
            title: Some(format!(
                "ħ-curves of {} at a = {}",
                self.equation, self.amplitude
            )),
            xlabel: "ħ".into(),
            ylabel: "T/T0".into(),
            curves,
            markers: Vec::new(),
            xscale: Scale::Linear,
            yscale: Scale::Linear,
            x_view: (lo, hi),
            y_view: (centre - half, centre + half),
            size: (800, 500),
        };
        figure.fit_view(Some((lo, hi)), Some((centre - half, centre + half)));
        crate::plot::render::write_figure(&figure, std::path::Path::new(path))
            .map_err(|e| e.to_string())?;
        self.plot = Some(path.to_string());
        Ok(())
    }
}

impl Report for HamReport {
    fn kind(&self) -> &'static str {
        "ham"
    }
    fn render(&self, style: Style) -> String {
        let show = |e: &Expr| crate::expr::print::to_style(e, style);
        let mut out = format!(
            "homotopy analysis of {} from {}(0) = {}: L = ∂²/∂τ² + 1, u0 = a cos(τ), N = ω² u'' + g(u)",
            self.equation,
            self.unknown,
            show(&self.amplitude)
        );
        out.push_str(&format!(
            "\nω²/ω0² = {}  (order {})",
            self.frequency,
            self.table.rows.len()
        ));
        out.push_str(&self.table.render(style));
        if let Some(e) = &self.exact {
            out.push_str(&format!(
                "\nexact T/T0 = {}  (energy integral, period)",
                show(e)
            ));
        }
        out.push_str(&format!(
            "\nharmonics kept: {} (largest left out: {:.1e} of the amplitude)",
            self.harmonics, self.truncation
        ));
        for n in &self.notes {
            out.push_str(&format!("\nnote: {n}"));
        }
        if let Some(p) = &self.plot {
            out.push_str(&format!("\nħ-curves written to {p}"));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = self.table.json();
        m.insert("equation".into(), json!(self.equation));
        m.insert("amplitude".into(), json!(self.amplitude.to_string()));
        m.insert("frequency_squared".into(), json!(self.frequency));
        m.insert("hbar".into(), json!(self.hbar.as_ref().map(|h| h.to_f64())));
        m.insert(
            "period_ratio".into(),
            json!(self.result.as_ref().map(|e| e.to_string())),
        );
        m.insert(
            "exact".into(),
            json!(self.exact.as_ref().map(|e| e.to_string())),
        );
        m.insert("harmonics".into(), json!(self.harmonics));
        m.insert("truncation".into(), json!(self.truncation));
        m.insert("plot".into(), json!(self.plot));
        m
    }
    /// T/T0 at the highest order.
    fn value(&self) -> Option<Result<Value, MathError>> {
        self.result.clone().map(|e| Ok(Value::Expr(e)))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The period of a conservative oscillator from the energy integral.
#[derive(Debug, Clone)]
pub struct PeriodReport {
    pub equation: String,
    pub unknown: String,
    pub amplitude: Expr,
    pub period: Expr,
    pub small_swing: Expr,
    pub ratio: Expr,
    pub level_difference: f64,
    pub nodes: usize,
}

impl Report for PeriodReport {
    fn kind(&self) -> &'static str {
        "period"
    }
    fn render(&self, style: Style) -> String {
        let show = |e: &Expr| crate::expr::print::to_style(e, style);
        format!(
            "T = {}  ({} from {}(0) = {})\nT/T0 = {}  (T0 = 2 pi/sqrt(g'(0)) = {})\n  energy integral 4∫dx/sqrt(2(V(a) - V(x))) by tanh-sinh quadrature: {} nodes, the last two levels differ by {:.1e}",
            show(&self.period),
            self.equation,
            self.unknown,
            show(&self.amplitude),
            show(&self.ratio),
            show(&self.small_swing),
            self.nodes,
            self.level_difference
        )
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("equation".into(), json!(self.equation));
        m.insert("amplitude".into(), json!(self.amplitude.to_string()));
        m.insert("period".into(), json!(self.period.to_string()));
        m.insert("small_swing".into(), json!(self.small_swing.to_string()));
        m.insert("period_ratio".into(), json!(self.ratio.to_string()));
        m.insert("level_difference".into(), json!(self.level_difference));
        m.insert("nodes".into(), json!(self.nodes));
        m
    }
    /// T.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::Expr(self.period.clone())))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Homotopy analysis with exact coefficients (polynomial g, symbolic amplitude or parameters).
#[derive(Debug, Clone)]
pub struct ExactHamReport {
    pub equation: String,
    pub unknown: String,
    pub amplitude: Expr,
    /// λ_0 … λ_(M−1) (ħ substituted when given).
    pub lambdas: Vec<Expr>,
    /// ω² at the highest order, and at ħ = −1.
    pub frequency_squared: Expr,
    pub at_minus_one: Expr,
    /// u_1 … u_M in real form.
    pub orders: Vec<Expr>,
    pub hbar: Option<Expr>,
}

impl Report for ExactHamReport {
    fn kind(&self) -> &'static str {
        "ham_exact"
    }
    fn render(&self, style: Style) -> String {
        let show = |e: &Expr| crate::expr::print::to_style(e, style);
        let mut out = format!(
            "homotopy analysis of {} from {}(0) = {}, exact: L = ∂²/∂τ² + 1, u0 = a cos(τ), N = ω² u'' + g(u), ħ = {}",
            self.equation,
            self.unknown,
            show(&self.amplitude),
            self.hbar
                .as_ref()
                .map_or("hbar (symbolic)".to_string(), show)
        );
        for (k, l) in self.lambdas.iter().enumerate() {
            out.push_str(&format!("\n  λ_{k} = {}", show(l)));
        }
        out.push_str(&format!(
            "\nω² = {}  (order {})",
            show(&self.frequency_squared),
            self.lambdas.len()
        ));
        if self.hbar.is_none() {
            out.push_str(&format!("\n  at ħ = -1: ω² = {}", show(&self.at_minus_one)));
        }
        out.push_str(&format!("\n{}(τ) = u0 + u1 + …, τ = ω t:", self.unknown));
        for (m, u) in self.orders.iter().enumerate() {
            out.push_str(&format!("\n  u{}: {}", m + 1, show(u)));
        }
        out
    }
    fn json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("equation".into(), json!(self.equation));
        m.insert("amplitude".into(), json!(self.amplitude.to_string()));
        m.insert(
            "lambdas".into(),
            json!(
                self.lambdas
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
            ),
        );
        m.insert(
            "frequency_squared".into(),
            json!(self.frequency_squared.to_string()),
        );
        m.insert("at_minus_one".into(), json!(self.at_minus_one.to_string()));
        m.insert(
            "orders".into(),
            json!(
                self.orders
                    .iter()
                    .map(|u| u.to_string())
                    .collect::<Vec<_>>()
            ),
        );
        m.insert(
            "hbar".into(),
            json!(self.hbar.as_ref().map(|h| h.to_string())),
        );
        m
    }
    /// ω² at the highest order.
    fn value(&self) -> Option<Result<Value, MathError>> {
        Some(Ok(Value::Expr(self.frequency_squared.clone())))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
