//! The plotting commands: `plot` (graphs, both sides of an equation, parametric curves, data),
//! `plot_points` (data as dots) and `plot_error` (f − g with its maximum marked). The binder has
//! read the arguments; these build curves with `crate::plot::curves`, write the file and return
//! a [`Plotted`] report; the REPL and CLI add the terminal preview.

mod report;

pub use report::Plotted;

use std::path::Path;

use super::read::number;
use super::{Arg, Bound, Command, Kind, Param};
use crate::error::Error;
use crate::expr::Expr;
use crate::limits;
use crate::math_error::MathError;
use crate::plot::curves::{self, Sampling};
use crate::plot::figure::{Curve, Figure, Marker, Point, Scale, format_value};
use crate::plot::render::{ImageFormat, write_figure};
use crate::session::Session;
use crate::session::value::Value;
use crate::span::Span;

/// The options of every plotting command (one list, so `help` shows them once).
const FIGURE_OPTIONS: &[Param] = &[
    Param::with(
        "to",
        Kind::Text,
        "\"plot.svg\"",
        "the file to write; .svg or .png (without to, an existing plot.svg is kept: plot-2.svg, ... is used)",
    ),
    Param::optional(
        "title",
        Kind::Text,
        "none",
        "a title above the plot, in quotes",
    ),
    Param::optional("xlabel", Kind::Text, "the variable", "the x axis label"),
    Param::optional("ylabel", Kind::Text, "none", "the y axis label"),
    Param::optional(
        "legend",
        Kind::Texts,
        "the expressions",
        "names of the curves, [\"a\", \"b\"], or false for none",
    ),
    Param::optional(
        "yrange",
        Kind::Interval,
        "fitted, poles cut off",
        "the visible y range [lo, hi]",
    ),
    Param::with("logx", Kind::Flag, "false", "true for a logarithmic x axis"),
    Param::with("logy", Kind::Flag, "false", "true for a logarithmic y axis"),
    Param::with(
        "size",
        Kind::Size {
            min: 64,
            max: limits::MAX_IMAGE_SIDE,
        },
        "[800, 500]",
        "[width, height] in pixels",
    ),
    Param::with(
        "preview",
        Kind::Flag,
        "true",
        "false: no braille preview in the terminal",
    ),
    Param::with(
        "points",
        Kind::Flag,
        "false",
        "true: --json lists every curve's points, piece by piece",
    ),
];

const SAMPLES: &[Param] = &[Param::with(
    "samples",
    Kind::Count {
        min: 2,
        max: limits::MAX_PLOT_SAMPLES,
    },
    "256",
    "initial sample points per curve (refined where the curve bends)",
)];

const PARAMETRIC: &[Param] = &[Param::with(
    "parametric",
    Kind::Flag,
    "false",
    "true: [x(t), y(t)] is one curve",
)];

const RANGE: Param = Param::optional(
    "x = [a, b]",
    Kind::Range,
    "the one variable over [-10, 10]",
    "the variable and its range",
);

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "plot",
        params: &[
            Param::required(
                "expr",
                Kind::Value,
                "an expression, a list of them, an equation (both sides), [x(t), y(t)] with parametric, or data",
            ),
            RANGE,
        ],
        variadic: false,
        options: &[FIGURE_OPTIONS, SAMPLES, PARAMETRIC],
        forms: &["plot([e1, e2, ...], x = [a, b], to = \"file.svg\")"],
        summary: "Draw curves to an SVG or PNG file (the extension decides) and show a braille preview at the prompt.",
        details: "Sampling adapts to the curve: more points where it bends, and the line is broken at poles and jumps (tan(x), 1/x, floor(x)) and at gaps where it is undefined. Also draws both sides of an equation, parametric curves [x(t), y(t)] with parametric = true, and data: [[x1, y1], ...] or rows [x, y1, y2, ...]. Without a range, x runs over [-10, 10] (t over [0, 2*pi]). Flags may be written bare: plot(exp(x), x = [0, 5], logy).",
        examples: &[
            "plot([sin(x), x - x^3/6], x = [-3, 3], to = \"t.svg\")",
            "plot(tan(x), x = [-5, 5], to = \"t.png\")",
            "plot(exp(-x)*x^3, x = [0.01, 100], logx = true, title = \"decay\")",
            "plot([cos(t), sin(2t)], t = [0, 2*pi], parametric = true)",
            "plot(sin(y), y = [0, 3], yrange = [-1, 1])",
        ],
        run: run_plot,
    },
    Command {
        name: "plot_points",
        params: &[
            Param::required(
                "data",
                Kind::Value,
                "pairs [x, y], rows [x, y1, y2, ...], plain numbers, or the roots from roots",
            ),
            Param::optional(
                "x = [a, b]",
                Kind::Range,
                "fitted to the data",
                "the visible x range",
            ),
        ],
        variadic: false,
        options: &[FIGURE_OPTIONS],
        forms: &[],
        summary: "Draw data as dots.",
        details: "Pairs [x, y], rows [x, y1, y2, ...] (one series per column), plain numbers (against 1, 2, 3, ...), or the roots returned by roots (in the complex plane).",
        examples: &[
            "plot_points([[0, 1], [1, 3], [2, 2]], to = \"data.svg\")",
            "plot_points(roots(x^7 - 1, x), to = \"roots.png\")",
        ],
        run: run_plot_points,
    },
    Command {
        name: "plot_error",
        params: &[
            Param::required("f", Kind::Expr, "the exact function"),
            Param::required("g", Kind::Value, "an approximation, or a list of them"),
            RANGE,
        ],
        variadic: false,
        options: &[FIGURE_OPTIONS, SAMPLES],
        forms: &["plot_error(f, [g1, g2, ...], x = [a, b])"],
        summary: "Draw the error f - g of one or more approximations g and mark where |f - g| peaks.",
        details: "The peak is located on the samples, refined by golden-section search, evaluated in MPFR. When f and g agree to more digits than a double holds, the curve is sampled in 128-bit MPFR so it shows the error, not rounding noise (plot does the same for any expression that cancels in doubles). logy = true draws |f - g| on a log scale.",
        examples: &[
            "plot_error(sin(x), x - x^3/6, x = [-2, 2], to = \"err.svg\")",
            "plot_error(exp(x), [1 + x, 1 + x + x^2/2], x = [-1, 1], logy = true)",
        ],
        run: run_plot_error,
    },
];

/// Options as read.
struct PlotOptions {
    to: String,
    to_span: Span,
    title: Option<String>,
    xlabel: Option<String>,
    ylabel: Option<String>,
    legend: Option<Vec<String>>,
    y: Option<(f64, f64)>,
    parametric: bool,
    preview: bool,
    points: bool,
    /// One scale on both axes (the complex plane).
    equal_axes: bool,
    sampling: Sampling,
}

/// `x = [a, b]` given positionally.
struct RangeArg {
    var: String,
    range: (f64, f64),
}

/// `name` if no such file exists, else the first free `stem-2.ext`, `stem-3.ext`, ….
fn fresh_name(name: &str) -> String {
    if !Path::new(name).exists() {
        return name.to_string();
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "svg"));
    (2..)
        .map(|k| format!("{stem}-{k}.{ext}"))
        .find(|candidate| !Path::new(candidate).exists())
        .unwrap_or_else(|| name.to_string())
}

/// The options and range as bound, checked together: the file type before any sampling, a
/// logarithmic axis against its range.
fn plot_options(b: &mut Bound) -> Result<(Option<RangeArg>, PlotOptions), Error> {
    let scale = |on: bool| if on { Scale::Log } else { Scale::Linear };
    let defaults = Sampling::default();
    // Without `to`, an existing plot.svg is kept: the picture goes to plot-2.svg, plot-3.svg, …
    let to = match b.text("to") {
        Some(to) if b.given("to") => to,
        default => fresh_name(&default.unwrap_or_else(|| "plot.svg".into())),
    };
    let opts = PlotOptions {
        to,
        to_span: b.span_of("to"),
        title: b.text("title"),
        xlabel: b.text("xlabel"),
        ylabel: b.text("ylabel"),
        legend: b.texts("legend"),
        y: b.interval("yrange"),
        parametric: b.flag("parametric"),
        preview: b.flag("preview"),
        points: b.flag("points"),
        equal_axes: false,
        sampling: Sampling {
            samples: b.count("samples").map_or(defaults.samples, |n| n as usize),
            xscale: scale(b.flag("logx")),
            yscale: scale(b.flag("logy")),
            size: b.size("size").unwrap_or(defaults.size),
            curves: 1,
        },
    };
    let range = match b.take("x = [a, b]") {
        Some(Arg::Range { var, range }) => Some(RangeArg { var, range }),
        _ => None,
    };
    ImageFormat::of(Path::new(&opts.to)).map_err(|e| Error::usage(e.to_string(), opts.to_span))?;
    if let Some((lo, _)) = opts.y
        && opts.sampling.yscale == Scale::Log
        && lo <= 0.0
    {
        return Err(Error::usage(
            "a logarithmic y axis needs yrange = [lo, hi] with 0 < lo",
            b.span_of("yrange"),
        ));
    }
    Ok((range, opts))
}

/// The variable and range: as given, or the expressions' one symbol over `default`.
fn variable_and_range(
    given: Option<RangeArg>,
    exprs: &[&Expr],
    default: (&str, (f64, f64)),
    span: Span,
) -> Result<(String, (f64, f64)), Error> {
    let mut symbols: Vec<String> = exprs.iter().flat_map(|e| e.free_symbols()).collect();
    symbols.sort();
    symbols.dedup();
    let (var, range) = match given {
        Some(r) => (r.var, r.range),
        None => match symbols.as_slice() {
            [] => (default.0.to_string(), default.1),
            [one] => (one.clone(), default.1),
            many => {
                return Err(Error::usage_hint(
                    format!("which variable? the expressions have {}", many.join(", ")),
                    span,
                    format!("give the range, e.g. {} = [-1, 1]", many[0]),
                ));
            }
        },
    };
    if let Some(other) = symbols.iter().find(|s| **s != var) {
        return Err(Error::usage_hint(
            format!("'{other}' has no value; the curves may depend on {var} only"),
            span,
            format!("define it ({other} := 2) or substitute it with subs"),
        ));
    }
    Ok((var, range))
}

/// The label of curve `k`: the user's legend entry or the default.
fn label(opts: &PlotOptions, k: usize, default: impl FnOnce() -> String) -> String {
    match &opts.legend {
        Some(names) if names.is_empty() => String::new(),
        Some(names) => names.get(k).cloned().unwrap_or_else(default),
        None => default(),
    }
}

/// Data columns: rows `[x, y1, y2, ...]`, or plain numbers (plotted against 1, 2, 3, ...;
/// in the complex plane when any is complex).
/// Data series, and whether they are points of the complex plane.
type Data = (Vec<Vec<Point>>, bool);

fn data_series(value: &Value, span: Span) -> Result<Option<Data>, Error> {
    let real = |v: &Value| -> Result<f64, Error> {
        match v {
            Value::Expr(e) => {
                let z = number(e, span, "a data value")?;
                if z.im != 0.0 {
                    return Err(Error::usage(format!("data must be real, found {e}"), span));
                }
                Ok(z.re)
            }
            other => Err(Error::usage(
                format!("data must be numbers, found {}", other.to_plain()),
                span,
            )),
        }
    };
    match value {
        Value::Matrix(m) => {
            let table: Vec<Vec<f64>> = (0..m.rows())
                .map(|i| {
                    (0..m.cols())
                        .map(|j| real(&Value::Expr(m.entry(i, j))))
                        .collect()
                })
                .collect::<Result<_, _>>()?;
            let width = m.cols();
            if width < 2 {
                return Err(Error::usage_hint(
                    "data rows need an x and at least one y",
                    span,
                    "write [[x1, y1], [x2, y2], ...]",
                ));
            }
            Ok(Some((
                (1..width)
                    .map(|c| table.iter().map(|row| [row[0], row[c]]).collect())
                    .collect(),
                false,
            )))
        }
        Value::List(items)
            if items
                .iter()
                .all(|v| matches!(v, Value::Expr(e) if e.is_constant())) =>
        {
            let zs: Vec<num_complex::Complex64> = items
                .iter()
                .filter_map(Value::as_expr)
                .map(|e| number(e, span, "a data value"))
                .collect::<Result<_, _>>()?;
            // Complex numbers (the roots from roots) are drawn in the complex plane.
            let plane = zs.iter().any(|z| z.im != 0.0);
            let points = zs
                .into_iter()
                .enumerate()
                .map(|(i, z)| {
                    if plane {
                        [z.re, z.im]
                    } else {
                        [(i + 1) as f64, z.re]
                    }
                })
                .collect();
            Ok(Some((vec![points], plane)))
        }
        _ => Ok(None),
    }
}

fn math(span: Span) -> impl Fn(MathError) -> Error {
    move |e| Error::math(e, span)
}

/// Assemble the figure, write it, and make the value.
fn finish(
    curves: Vec<Curve>,
    markers: Vec<Marker>,
    opts: PlotOptions,
    x_view: Option<(f64, f64)>,
    variable: String,
    maxima: Vec<(String, crate::approx::maximum::ErrorMaximum)>,
) -> Result<Value, Error> {
    let mut figure = Figure {
        title: opts.title,
        xlabel: opts.xlabel.unwrap_or_else(|| variable.clone()),
        ylabel: opts.ylabel.unwrap_or_default(),
        curves,
        markers,
        xscale: opts.sampling.xscale,
        yscale: opts.sampling.yscale,
        x_view: (0.0, 1.0),
        y_view: (0.0, 1.0),
        size: opts.sampling.size,
    };
    if figure.out_of_drawable_range() {
        return Err(Error::usage_hint(
            "the values are beyond the range a plot can draw (magnitudes up to 1e300)",
            opts.to_span,
            "scale the expression, e.g. plot(f/1e300, ...), or plot log(abs(f))",
        ));
    }
    figure.fit_view(x_view, opts.y);
    if opts.equal_axes {
        figure.equalize_axes();
    }
    let format = write_figure(&figure, Path::new(&opts.to))
        .map_err(|e| Error::io(e.to_string(), opts.to_span))?;
    Ok(Value::report(Plotted {
        path: opts.to,
        format,
        figure,
        preview: opts.preview,
        points: opts.points,
        variable,
        maxima,
    }))
}

/// Refuse more curves, or more samples over all curves, than a plot may have; the curves
/// then share the budget of refined points.
fn too_many(count: usize, opts: &mut PlotOptions, span: Span) -> Result<(), Error> {
    if count > limits::MAX_PLOT_CURVES {
        return Err(Error::math(
            MathError::TooLarge {
                what: format!("{count} curves"),
                limit: format!("at most {}", limits::MAX_PLOT_CURVES),
            },
            span,
        ));
    }
    let samples = count as u64 * opts.sampling.samples as u64;
    if samples > limits::MAX_PLOT_TOTAL_SAMPLES {
        return Err(Error::math(
            MathError::TooLarge {
                what: format!(
                    "{count} curves of {} samples ({samples} in all)",
                    opts.sampling.samples
                ),
                limit: format!(
                    "{} samples over all curves, MAX_PLOT_TOTAL_SAMPLES",
                    limits::MAX_PLOT_TOTAL_SAMPLES
                ),
            },
            span,
        ));
    }
    opts.sampling.curves = count.max(1);
    Ok(())
}

fn data_curves(
    series: Vec<Vec<Point>>,
    opts: &mut PlotOptions,
    span: Span,
) -> Result<Vec<Curve>, Error> {
    too_many(series.len(), opts, span)?;
    let several = series.len() > 1;
    Ok(series
        .into_iter()
        .enumerate()
        .map(|(k, pts)| {
            let name = label(opts, k, || {
                if several {
                    format!("column {}", k + 2)
                } else {
                    "data".into()
                }
            });
            curves::points(pts, name, &opts.sampling)
        })
        .collect())
}

fn run_plot(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let (range, mut opts) = plot_options(&mut b)?;
    let subject_span = b.span_of("expr");
    let value = b.value("expr")?.operand(subject_span)?;

    if opts.parametric {
        let pairs: Vec<(Expr, Expr)> = match (as_pair(&value), &value) {
            (Some(one), _) => vec![one],
            (None, Value::List(items)) if !items.is_empty() => items
                .iter()
                .map(as_pair)
                .collect::<Option<_>>()
                .ok_or_else(|| not_parametric(subject_span))?,
            _ => return Err(not_parametric(subject_span)),
        };
        too_many(pairs.len(), &mut opts, subject_span)?;
        let exprs: Vec<&Expr> = pairs.iter().flat_map(|(x, y)| [x, y]).collect();
        let (var, range) = variable_and_range(
            range,
            &exprs,
            ("t", (0.0, std::f64::consts::TAU)),
            subject_span,
        )?;
        let mut out = Vec::new();
        for (k, (x, y)) in pairs.iter().enumerate() {
            let name = label(&opts, k, || format!("({x}, {y})"));
            out.push(
                curves::parametric(x, y, &var, range, name, &opts.sampling)
                    .map_err(math(subject_span))?,
            );
        }
        return finish(out, Vec::new(), opts, None, "x".into(), Vec::new());
    }

    // A series plots as its truncated sum (a partial sum).
    let value = value.without_order_terms().map_err(math(subject_span))?;
    let exprs: Vec<Expr> = match value {
        Value::Expr(e) => vec![e],
        Value::Equation(l, r) => vec![l, r],
        Value::List(ref items)
            if items.iter().all(|v| matches!(v, Value::Expr(_)))
                && (range.is_some()
                    || items
                        .iter()
                        .any(|v| matches!(v, Value::Expr(e) if !e.is_constant()))) =>
        {
            items.iter().filter_map(|v| v.as_expr().cloned()).collect()
        }
        other => {
            let Some(series) = data_series(&other, subject_span)? else {
                return Err(Error::usage_hint(
                    format!("cannot plot a {}", other.kind()),
                    subject_span,
                    "plot an expression, a list of them, or data [[x1, y1], [x2, y2], ...]",
                ));
            };
            let curves = data_curves(series.0, &mut opts, subject_span)?;
            return finish(curves, Vec::new(), opts, None, "x".into(), Vec::new());
        }
    };
    too_many(exprs.len(), &mut opts, subject_span)?;
    let refs: Vec<&Expr> = exprs.iter().collect();
    let (var, range) = variable_and_range(range, &refs, ("x", (-10.0, 10.0)), subject_span)?;
    let mut out = Vec::new();
    for (k, e) in exprs.iter().enumerate() {
        let name = label(&opts, k, || e.to_string());
        out.push(curves::graph(e, &var, range, name, &opts.sampling).map_err(math(subject_span))?);
    }
    finish(out, Vec::new(), opts, Some(range), var, Vec::new())
}

/// `[x(t), y(t)]`: a list of exactly two expressions.
fn as_pair(v: &Value) -> Option<(Expr, Expr)> {
    match v {
        Value::List(items) => match items.as_slice() {
            [Value::Expr(x), Value::Expr(y)] => Some((x.clone(), y.clone())),
            _ => None,
        },
        _ => None,
    }
}

fn not_parametric(span: Span) -> Error {
    Error::usage_hint(
        "a parametric curve is a list [x(t), y(t)]",
        span,
        "plot([cos(t), sin(2t)], t = [0, 2*pi], parametric = true)",
    )
}

fn run_plot_points(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let (range, mut opts) = plot_options(&mut b)?;
    let subject_span = b.span_of("data");
    let value = b.value("data")?.operand(subject_span)?;
    let Some((series, plane)) = data_series(&value, subject_span)? else {
        return Err(Error::usage_hint(
            format!("plot_points needs data, found a {}", value.kind()),
            subject_span,
            "write plot_points([[x1, y1], [x2, y2], ...])",
        ));
    };
    let curves = data_curves(series, &mut opts, subject_span)?;
    let x_view = range.as_ref().map(|r| r.range);
    let variable = range.map_or_else(|| "x".to_string(), |r| r.var);
    // Complex numbers are points of the plane: Re and Im axes on one scale.
    let opts = if plane {
        PlotOptions {
            xlabel: opts.xlabel.or_else(|| Some("Re".into())),
            ylabel: opts.ylabel.or_else(|| Some("Im".into())),
            equal_axes: x_view.is_none() && opts.y.is_none(),
            ..opts
        }
    } else {
        opts
    };
    finish(curves, Vec::new(), opts, x_view, variable, Vec::new())
}

fn run_plot_error(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let (range, mut opts) = plot_options(&mut b)?;
    let f_span = b.span_of("f");
    let g_span = b.span_of("g");
    let f = b.expr("f")?;
    let gs: Vec<Expr> = match b.value("g")?.operand(g_span)? {
        Value::Expr(g) => vec![g],
        Value::List(items) if items.iter().all(|v| matches!(v, Value::Expr(_))) => {
            items.iter().filter_map(|v| v.as_expr().cloned()).collect()
        }
        other => {
            return Err(Error::usage_hint(
                format!("plot_error compares expressions, found a {}", other.kind()),
                g_span,
                "plot_error(sin(x), x - x^3/6, x = [-2, 2])",
            ));
        }
    };
    too_many(gs.len(), &mut opts, g_span)?;
    let mut refs: Vec<&Expr> = vec![&f];
    refs.extend(gs.iter());
    let (var, range) = variable_and_range(range, &refs, ("x", (-10.0, 10.0)), f_span)?;
    draw_errors(&f, &gs, var, range, opts, span)
}

/// The figure of `plot_error` for another command (`verify`): the error f − g on `range`
/// drawn into `to` with the default options and the legend `name`.
pub fn error_figure(
    (f, g): (&Expr, &Expr),
    var: &str,
    range: (f64, f64),
    (to, to_span): (String, Span),
    name: &str,
    span: Span,
) -> Result<Value, Error> {
    let opts = PlotOptions {
        to,
        to_span,
        title: None,
        xlabel: None,
        ylabel: None,
        legend: Some(vec![name.to_string()]),
        y: None,
        parametric: false,
        preview: false,
        points: false,
        equal_axes: false,
        sampling: Sampling::default(),
    };
    draw_errors(
        f,
        std::slice::from_ref(g),
        var.to_string(),
        range,
        opts,
        span,
    )
}

fn draw_errors(
    f: &Expr,
    gs: &[Expr],
    var: String,
    range: (f64, f64),
    opts: PlotOptions,
    span: Span,
) -> Result<Value, Error> {
    let mut out = Vec::new();
    let mut markers = Vec::new();
    let mut maxima = Vec::new();
    for (k, g) in gs.iter().enumerate() {
        let difference = if matches!(g.node(), crate::expr::Node::Add(_)) {
            format!("{f} - ({g})")
        } else {
            format!("{f} - {g}")
        };
        let name = label(&opts, k, || difference.clone());
        let (mut curve, maximum) =
            curves::error_curve(f, g, &var, range, name, &opts.sampling).map_err(math(span))?;
        if let Some(m) = maximum {
            // The maximum is circled on the curve and written in the legend, where labels
            // can neither overlap each other nor cross the curves.
            markers.push(Marker {
                at: [
                    m.x,
                    if opts.sampling.yscale == Scale::Log {
                        m.error.abs()
                    } else {
                        m.error
                    },
                ],
                label: String::new(),
            });
            curve.label = format!(
                "{}: max {} at {var} = {}",
                crate::plot::figure::shorten(&curve.label, 24),
                format_value(m.error.abs(), 5),
                format_value(m.x, 6)
            );
            maxima.push((crate::plot::figure::shorten(&difference, 80), m));
        }
        out.push(curve);
    }
    let opts = PlotOptions {
        ylabel: opts.ylabel.clone().or_else(|| Some("error".into())),
        ..opts
    };
    finish(out, markers, opts, Some(range), var, maxima)
}
