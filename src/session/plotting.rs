//! The plotting commands: `plot` (graphs, both sides of an equation, parametric curves, data),
//! `plot_points` (data as dots) and `plot_error` (f − g with its maximum marked). They read
//! their arguments, build curves with `crate::plot::curves`, write the file and return a
//! [`Value::Plot`]; the REPL adds the terminal preview.

use std::path::Path;

use super::Session;
use super::commands::{
    Args, arity, flag_option, number, real_range, small_integer, split_args, text_option,
};
use super::value::{Plotted, Value, is_matrix};
use crate::error::{Error, MathError, Span};
use crate::expr::Expr;
use crate::limits;
use crate::plot::curves::{self, Sampling};
use crate::plot::figure::{Curve, Figure, Marker, Point, Scale, format_value};
use crate::plot::render::{ImageFormat, write_figure};
use crate::syntax::ast::{Ast, AstKind};

/// The options every plotting command accepts (one list, so `help` shows them once).
pub(super) const PLOT_OPTIONS: &[(&str, &str)] = &[
    (
        "to",
        "the file to write; .svg or .png (default \"plot.svg\")",
    ),
    ("title", "a title above the plot, in quotes"),
    ("xlabel", "the x axis label (default: the variable)"),
    ("ylabel", "the y axis label"),
    (
        "legend",
        "names of the curves, [\"a\", \"b\"], or false for none (default: the expressions)",
    ),
    (
        "y",
        "the visible y range [lo, hi] (default: fitted, poles cut off)",
    ),
    ("logx", "true for a logarithmic x axis"),
    ("logy", "true for a logarithmic y axis"),
    (
        "samples",
        "initial sample points per curve (default 256; refined where the curve bends)",
    ),
    ("size", "[width, height] in pixels (default [800, 500])"),
    ("parametric", "true: [x(t), y(t)] is one curve"),
    ("preview", "false: no braille preview in the terminal"),
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
    sampling: Sampling,
}

/// `x = [a, b]` given positionally.
struct RangeArg {
    var: String,
    range: (f64, f64),
}

fn legend_names(session: &mut Session, value: &Ast) -> Result<Vec<String>, Error> {
    let one = |session: &mut Session, a: &Ast| -> Result<String, Error> {
        match &a.kind {
            AstKind::Str(t) => Ok(t.clone()),
            _ => Ok(session.lower(a)?.to_plain()),
        }
    };
    match &value.kind {
        AstKind::Name(n) if n == "false" => Ok(Vec::new()),
        AstKind::List(items) => items.iter().map(|i| one(session, i)).collect(),
        _ => Ok(vec![one(session, value)?]),
    }
}

fn size_option(session: &mut Session, value: &Ast) -> Result<(u32, u32), Error> {
    let side = |session: &mut Session, a: &Ast| -> Result<u32, Error> {
        let n = small_integer(session, a, "an image side", limits::MAX_IMAGE_SIDE)?;
        if n < 64 {
            return Err(Error::usage(
                "an image side must be at least 64 pixels",
                a.span,
            ));
        }
        Ok(n as u32)
    };
    match &value.kind {
        AstKind::List(items) if items.len() == 2 => {
            Ok((side(session, &items[0])?, side(session, &items[1])?))
        }
        AstKind::List(_) => Err(Error::usage_hint(
            "size is [width, height]",
            value.span,
            "size = [800, 500]",
        )),
        _ => {
            let s = side(session, value)?;
            Ok((s, s))
        }
    }
}

/// Read the range and flags given positionally, and the named options. `allowed` lists the
/// options this command understands (the others are refused by name).
fn read_options(
    session: &mut Session,
    cmd: &str,
    args: &Args<'_>,
    allowed: &[&str],
    span: Span,
) -> Result<(Option<RangeArg>, PlotOptions), Error> {
    let mut opts = PlotOptions {
        to: "plot.svg".into(),
        to_span: span,
        title: None,
        xlabel: None,
        ylabel: None,
        legend: None,
        y: None,
        parametric: false,
        preview: true,
        sampling: Sampling::default(),
    };
    let mut range = None;
    let mut named: Vec<(&str, &Ast, Span, bool)> = args
        .options
        .iter()
        .map(|(n, v, s)| (*n, *v, *s, false))
        .collect();
    for ast in args.positional.iter().skip(1) {
        match &ast.kind {
            // A bare flag: `plot(exp(x), x = [0, 5], logy)`.
            AstKind::Name(n) if PLOT_OPTIONS.iter().any(|(o, _)| o == n) => {
                named.push((n.as_str(), ast, ast.span, true));
            }
            AstKind::Equation(l, r) if range.is_none() => {
                let AstKind::Name(var) = &l.kind else {
                    return Err(Error::usage_hint(
                        "the left side of the range must be the variable",
                        l.span,
                        "write x = [a, b]",
                    ));
                };
                range = Some(RangeArg {
                    var: var.clone(),
                    range: real_range(session, r, var)?,
                });
            }
            _ => {
                return Err(Error::usage_hint(
                    format!("unexpected argument of {cmd}"),
                    ast.span,
                    "give the range as x = [a, b] and options as name = value",
                ));
            }
        }
    }
    for (name, value, option_span, bare) in named {
        if !allowed.contains(&name) {
            return Err(Error::usage(
                format!("{cmd} has no option '{name}'"),
                option_span,
            ));
        }
        let flag = |v: &Ast| if bare { Ok(true) } else { flag_option(v, name) };
        match name {
            "to" => {
                opts.to = text_option(value, name, "to = \"plot.svg\"")?;
                opts.to_span = value.span;
            }
            "title" => opts.title = Some(text_option(value, name, "title = \"Taylor\"")?),
            "xlabel" => opts.xlabel = Some(text_option(value, name, "xlabel = \"x\"")?),
            "ylabel" => opts.ylabel = Some(text_option(value, name, "ylabel = \"y\"")?),
            "legend" => opts.legend = Some(legend_names(session, value)?),
            "y" => opts.y = Some(real_range(session, value, "y")?),
            "logx" => {
                opts.sampling.xscale = if flag(value)? {
                    Scale::Log
                } else {
                    Scale::Linear
                }
            }
            "logy" => {
                opts.sampling.yscale = if flag(value)? {
                    Scale::Log
                } else {
                    Scale::Linear
                }
            }
            "samples" => {
                let n = small_integer(session, value, "samples", limits::MAX_PLOT_SAMPLES)?;
                if n < 2 {
                    return Err(Error::usage("samples must be at least 2", value.span));
                }
                opts.sampling.samples = n as usize;
            }
            "size" => opts.sampling.size = size_option(session, value)?,
            "parametric" => opts.parametric = flag(value)?,
            "preview" => opts.preview = flag(value)?,
            _ => {}
        }
    }
    // Refuse a bad file name before any sampling.
    ImageFormat::of(Path::new(&opts.to)).map_err(|e| Error::usage(e.to_string(), opts.to_span))?;
    if let Some((lo, _)) = opts.y
        && opts.sampling.yscale == Scale::Log
        && lo <= 0.0
    {
        return Err(Error::usage(
            "a logarithmic y axis needs y = [lo, hi] with 0 < lo",
            span,
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

/// Data columns: rows `[x, y1, y2, ...]`, or plain numbers (plotted against 1, 2, 3, ...).
fn data_series(value: &Value, span: Span) -> Result<Option<Vec<Vec<Point>>>, Error> {
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
        Value::List(rows) if is_matrix(rows) => {
            let table: Vec<Vec<f64>> = rows
                .iter()
                .map(|r| match r {
                    Value::List(cells) => cells.iter().map(real).collect(),
                    _ => Ok(Vec::new()),
                })
                .collect::<Result<_, _>>()?;
            let width = table[0].len();
            if width < 2 {
                return Err(Error::usage_hint(
                    "data rows need an x and at least one y",
                    span,
                    "write [[x1, y1], [x2, y2], ...]",
                ));
            }
            Ok(Some(
                (1..width)
                    .map(|c| table.iter().map(|row| [row[0], row[c]]).collect())
                    .collect(),
            ))
        }
        Value::List(items)
            if items
                .iter()
                .all(|v| matches!(v, Value::Expr(e) if e.is_constant())) =>
        {
            let ys: Vec<f64> = items.iter().map(real).collect::<Result<_, _>>()?;
            Ok(Some(vec![
                ys.into_iter()
                    .enumerate()
                    .map(|(i, y)| [(i + 1) as f64, y])
                    .collect(),
            ]))
        }
        Value::Roots { roots, .. } => Ok(Some(vec![
            roots
                .iter()
                .map(|(r, _)| [r.to_f64(), r.imag_f64()])
                .collect(),
        ])),
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
    maxima: Vec<(String, curves::ErrorMaximum)>,
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
    figure.fit_view(x_view, opts.y);
    let format = write_figure(&figure, Path::new(&opts.to))
        .map_err(|e| Error::usage(e.to_string(), opts.to_span))?;
    Ok(Value::Plot(Box::new(Plotted {
        path: opts.to,
        format,
        figure,
        preview: opts.preview,
        variable,
        maxima,
    })))
}

fn too_many(count: usize, span: Span) -> Result<(), Error> {
    if count > limits::MAX_PLOT_CURVES {
        return Err(Error::math(
            MathError::TooLarge {
                what: format!("{count} curves"),
                limit: format!("at most {}", limits::MAX_PLOT_CURVES),
            },
            span,
        ));
    }
    Ok(())
}

fn data_curves(
    series: Vec<Vec<Point>>,
    opts: &PlotOptions,
    span: Span,
) -> Result<Vec<Curve>, Error> {
    too_many(series.len(), span)?;
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

pub(super) fn run_plot(session: &mut Session, args: &[Ast], span: Span) -> Result<Value, Error> {
    let a = split_args("plot", args);
    arity("plot", a.positional.len(), 1, 8, span)?;
    let all: Vec<&str> = PLOT_OPTIONS.iter().map(|(o, _)| *o).collect();
    let (range, opts) = read_options(session, "plot", &a, &all, span)?;
    let subject_span = a.positional[0].span;
    let value = session.lower(a.positional[0])?;

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
        too_many(pairs.len(), subject_span)?;
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
            let curves = data_curves(series, &opts, subject_span)?;
            return finish(curves, Vec::new(), opts, None, "x".into(), Vec::new());
        }
    };
    too_many(exprs.len(), subject_span)?;
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

pub(super) fn run_plot_points(
    session: &mut Session,
    args: &[Ast],
    span: Span,
) -> Result<Value, Error> {
    let a = split_args("plot_points", args);
    arity("plot_points", a.positional.len(), 1, 4, span)?;
    let allowed = [
        "to", "title", "xlabel", "ylabel", "legend", "y", "logx", "logy", "size", "preview",
    ];
    let (range, opts) = read_options(session, "plot_points", &a, &allowed, span)?;
    let subject_span = a.positional[0].span;
    let value = session.lower(a.positional[0])?;
    let Some(series) = data_series(&value, subject_span)? else {
        return Err(Error::usage_hint(
            format!("plot_points needs data, found a {}", value.kind()),
            subject_span,
            "write plot_points([[x1, y1], [x2, y2], ...])",
        ));
    };
    let curves = data_curves(series, &opts, subject_span)?;
    let x_view = range.as_ref().map(|r| r.range);
    let variable = range.map_or_else(|| "x".to_string(), |r| r.var);
    finish(curves, Vec::new(), opts, x_view, variable, Vec::new())
}

pub(super) fn run_plot_error(
    session: &mut Session,
    args: &[Ast],
    span: Span,
) -> Result<Value, Error> {
    let a = split_args("plot_error", args);
    arity("plot_error", a.positional.len(), 2, 8, span)?;
    let allowed: Vec<&str> = PLOT_OPTIONS
        .iter()
        .map(|(o, _)| *o)
        .filter(|o| *o != "parametric")
        .collect();
    // The second positional is g (or a list of them); the range and flags follow.
    let rest = Args {
        positional: std::iter::once(a.positional[0])
            .chain(a.positional[2..].iter().copied())
            .collect(),
        options: a.options.clone(),
    };
    let (range, opts) = read_options(session, "plot_error", &rest, &allowed, span)?;
    let f_span = a.positional[0].span;
    let g_span = a.positional[1].span;
    if let AstKind::Equation(l, _) = &a.positional[1].kind
        && matches!(&l.kind, AstKind::Name(_))
    {
        return Err(Error::usage_hint(
            "plot_error needs the function and its approximation before the range",
            g_span,
            "plot_error(f, g, x = [a, b])",
        ));
    }
    let f = session.lower_expr(a.positional[0])?;
    let gs: Vec<Expr> = match session.lower(a.positional[1])? {
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
    too_many(gs.len(), g_span)?;
    let mut refs: Vec<&Expr> = vec![&f];
    refs.extend(gs.iter());
    let (var, range) = variable_and_range(range, &refs, ("x", (-10.0, 10.0)), f_span)?;
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
        let (curve, maximum) =
            curves::error_curve(&f, g, &var, range, name, &opts.sampling).map_err(math(span))?;
        if let Some(m) = maximum {
            markers.push(Marker {
                at: [
                    m.x,
                    if opts.sampling.yscale == Scale::Log {
                        m.error.abs()
                    } else {
                        m.error
                    },
                ],
                label: format!(
                    "max {} at {var} = {}",
                    format_value(m.error.abs(), 5),
                    format_value(m.x, 6)
                ),
            });
            maxima.push((difference, m));
        }
        out.push(curve);
    }
    let opts = PlotOptions {
        ylabel: opts.ylabel.clone().or_else(|| Some("error".into())),
        ..opts
    };
    finish(out, markers, opts, Some(range), var, maxima)
}
