//! The root-finding commands: `solve` (one equation from a start or a bracket, or a system),
//! `roots` (all roots of a polynomial) and `newton_fractal`. The binder has read and checked
//! the arguments; these call `crate::solve` and wrap the result as a report.

mod report;

pub use report::{RootReport, RootsReport, root_expr};

use report::{Origin, roots_report, solve_error};

use super::{Arg, Bound, Command, Kind, Param};
use crate::error::Error;
use crate::limits;
use crate::session::Session;
use crate::session::value::Value;
use crate::solve::one::{Start, solve_equation};
use crate::solve::{Method, Options, system};
use crate::span::Span;

const DIGITS: Param = Param::optional(
    "digits",
    Kind::Digits,
    "17, the digits a double holds",
    "significant digits, correctly rounded and certified",
);

const SOLVE_OPTIONS: &[Param] = &[
    DIGITS,
    Param::with(
        "tol",
        Kind::Real { min: 0.0, max: 1.0 },
        "1e-14",
        "relative step that counts as converged in double precision",
    ),
    Param::with(
        "maxiter",
        Kind::Count {
            min: 1,
            max: limits::MAX_ITERATIONS,
        },
        "100",
        "iteration limit of the double-precision phase",
    ),
    Param::with(
        "method",
        Kind::Choice(&["newton", "halley", "secant", "brent"]),
        "newton",
        "newton, halley, secant, or brent (needs a bracket)",
    ),
    Param::with(
        "trace",
        Kind::Flag,
        "false",
        "true prints the iteration table: k, x_k, |f(x_k)|, step",
    ),
    Param::with(
        "damping",
        Kind::Flag,
        "true",
        "false turns off backtracking when |f| grows",
    ),
];

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "solve",
        params: &[
            Param::required(
                "equation",
                Kind::Equations,
                "lhs = rhs, an expression meaning = 0, or a list of them (a system)",
            ),
            Param::required(
                "x = start",
                Kind::Starts,
                "a real or complex start, a bracket x = [a, b], or a list of starts for a system",
            ),
        ],
        variadic: false,
        options: &[SOLVE_OPTIONS],
        forms: &["solve([eqs], [x = x0, y = y0])"],
        summary: "A root of an equation (an expression alone means = 0) by Newton's method with the symbolic derivative.",
        details: "Real or complex starts, brackets (Brent, never leaves [a, b]), multiple roots (detected, reported with their multiplicity, quadratic convergence restored), systems with the symbolic Jacobian. digits = N refines by precision doubling, f evaluated in ball arithmetic at the precision cancellation needs; a simple root (real, complex, or of a system) is certified by the Krawczyk test on the box of the printed last digits, so the printed text is what is proven; a rational root by exact arithmetic. An uncertified root shows only the digits its Newton correction supports. Failures say why (zero derivative, cycle, divergence) and what to try. The result stands for the root's value afterwards: ans^2, subs(f, ans), N(ans, 50) (refines).",
        examples: &[
            "solve(x^3 - 2*x - 5 = 0, x = 2)",
            "solve(cos(x) = x, x = 1, digits = 60)",
            "solve(x^2 + 1, x = 1 + i)",
            "solve(x^3 - x = 1, x = [1, 2])",
            "solve([x^2 + y^2 = 4, x*y = 1], [x = 2, y = 0.5])",
        ],
        run: run_solve,
    },
    Command {
        name: "roots",
        params: &[
            Param::required(
                "p",
                Kind::Equations,
                "a polynomial, or an equation between polynomials",
            ),
            Param::optional("x", Kind::Variable, "the one symbol of p", "the variable"),
        ],
        variadic: false,
        options: &[&[DIGITS]],
        forms: &[],
        summary: "All roots of a polynomial, complex ones included, with multiplicities.",
        details: "Each is certified on its printed digits; exact square-free factorisation (for rational coefficients; roots of linear factors exact), Aberth-Ehrlich iteration from the Newton polygon, then Newton polishing with ball-arithmetic Horner. With irrational coefficients a cluster becomes a root of numerical (unproven) multiplicity where the derivatives vanish. The result stands for the list of roots: roots(p, x)[2] is the second (a ± b*i counts as two, + first).",
        examples: &[
            "roots(x^5 - x - 1, x)",
            "roots((x - 1)^3*(x + 2), x)",
            "roots(x^4 + 1, x, digits = 30)",
            "roots(x^3 - 1, x)[1]",
        ],
        run: run_roots,
    },
    Command {
        name: "newton_fractal",
        params: &[
            Param::required("p", Kind::Equations, "the polynomial"),
            Param::optional("z", Kind::Variable, "the one symbol of p", "the variable"),
        ],
        variadic: false,
        options: &[&[
            Param::with("re", Kind::Interval, "[-2, 2]", "real range of the picture"),
            Param::with("im", Kind::Interval, "[-2, 2]", "imaginary range"),
            Param::with(
                "size",
                Kind::Size {
                    min: 8,
                    max: limits::MAX_IMAGE_SIDE,
                },
                "800",
                "width in pixels (the height follows the region's aspect ratio), or [width, height] (the region widens so pixels stay square)",
            ),
            Param::with("to", Kind::Text, "\"basins.png\"", "the PNG file to write"),
        ]],
        forms: &[],
        summary: "Basins of attraction of Newton's method for a polynomial.",
        details: "Each pixel is a start, coloured by the root it reaches and shaded by the iterations it took (black: no convergence in 64 steps). Computed in parallel; written as PNG.",
        examples: &[
            "newton_fractal(z^3 - 1, z, to = \"basins.png\")",
            "newton_fractal(z^5 - z - 1, z, re = [-1.5, 1.5], im = [-1.5, 1.5], size = 400)",
        ],
        run: run_newton_fractal,
    },
];

/// The options of `solve` as bound.
fn options(b: &Bound) -> Options {
    let defaults = Options::default();
    Options {
        digits: b.count("digits").map(|d| d as u32),
        tol: b.real("tol").unwrap_or(defaults.tol),
        maxiter: b.count("maxiter").map_or(defaults.maxiter, |n| n as usize),
        method: b
            .choice("method")
            .and_then(Method::from_name)
            .unwrap_or(defaults.method),
        trace: b.flag("trace"),
        damping: b.flag("damping"),
    }
}

fn run_solve(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let opts = options(&b);
    let target_span = b.span_of("equation");
    let starts_span = b.span_of("x = start");
    let (Some(Arg::Equations { list, exprs }), Some(Arg::Starts { list: many, starts })) =
        (b.take("equation"), b.take("x = start"))
    else {
        return Err(Error::usage("solve needs an equation and a start", span));
    };
    if list {
        if !many {
            return Err(Error::usage_hint(
                "a system needs a list of starts",
                starts_span,
                "write solve([f = 0, g = 0], [x = 1, y = 2])",
            ));
        }
        return solve_system(
            exprs.into_iter().map(|(e, _)| e).collect(),
            starts,
            opts,
            span,
        );
    }
    let [(f, _)] =
        <[_; 1]>::try_from(exprs).map_err(|_| Error::usage("one equation", target_span))?;
    let [(var, start, _)] = <[_; 1]>::try_from(starts).map_err(|_| {
        Error::usage_hint(
            "one equation takes one start",
            starts_span,
            "write solve(f = 0, x = 1), or a system solve([f, g], [x = 1, y = 2])",
        )
    })?;
    if !f.depends_on(&var) {
        return Err(Error::usage_hint(
            format!("the equation does not contain {var}"),
            target_span,
            "check the variable name",
        ));
    }
    let free: Vec<String> = f.free_symbols().into_iter().filter(|s| *s != var).collect();
    if !free.is_empty() {
        return Err(Error::usage_hint(
            format!("the equation also contains {}", free.join(", ")),
            target_span,
            "give them values first, e.g. a := 2, or use subs",
        ));
    }
    let root = solve_equation(f.clone(), &var, start, &opts).map_err(|e| solve_error(e, span))?;
    Ok(Value::report(RootReport {
        root,
        origin: Origin::Equation { f, var },
        options: opts,
    }))
}

fn solve_system(
    fs: Vec<crate::expr::Expr>,
    starts: Vec<(String, Start, Span)>,
    opts: Options,
    span: Span,
) -> Result<Value, Error> {
    let mut vars = Vec::new();
    for (var, start, s) in starts {
        match start {
            Start::Real(x) => vars.push((var, x)),
            _ => return Err(Error::usage("systems take real starting values", s)),
        }
    }
    if fs.len() != vars.len() {
        return Err(Error::usage(
            format!(
                "{} equations in {} unknowns: a square system is needed",
                fs.len(),
                vars.len()
            ),
            span,
        ));
    }
    let root = system::solve_system(&fs, &vars, &opts).map_err(|e| solve_error(e, span))?;
    Ok(Value::report(RootReport {
        root,
        origin: Origin::System { fs },
        options: opts,
    }))
}

fn run_roots(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let digits = b.count("digits").map(|d| d as u32);
    let var = b.variable("x").unwrap_or_else(|| "x".into());
    let (f, p_span) = b.equation("p")?;
    roots_report(f, var, digits, (p_span, b.span))
}

fn run_newton_fractal(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let var = b.variable("z").unwrap_or_else(|| "z".into());
    let (re, im) = (
        b.interval("re").unwrap_or((-2.0, 2.0)),
        b.interval("im").unwrap_or((-2.0, 2.0)),
    );
    let (width, height, re, im) = basin_frame(b.size("size").unwrap_or((800, 800)), re, im);
    let to = b.text("to").unwrap_or_default();
    let to_span = b.span_of("to");
    let (p, _) = b.equation("p")?;
    let basins = crate::solve::fractal::newton_basins(&p, &var, re, im, width, height)
        .map_err(|e| solve_error(e, span))?;
    let colour = |k: usize| crate::solve::fractal::palette(k).map(|c| c as u8);
    let total = f64::from(width) * f64::from(height);
    let mut key: Vec<([u8; 3], String)> = basins
        .roots
        .iter()
        .zip(&basins.counts)
        .enumerate()
        .map(|(k, (z, n))| {
            let text = format!(
                "{}  ({:.1}%)",
                crate::plot::figure::format_value(z.re, 5)
                    + &if z.im == 0.0 {
                        String::new()
                    } else if z.im < 0.0 {
                        format!(" - {}i", crate::plot::figure::format_value(-z.im, 5))
                    } else {
                        format!(" + {}i", crate::plot::figure::format_value(z.im, 5))
                    },
                100.0 * *n as f64 / total
            );
            (colour(k), text)
        })
        .collect();
    key.push((
        [0, 0, 0],
        format!("no root ({:.1}%)", 100.0 * (1.0 - basins.converged)),
    ));
    let picture = crate::plot::render::PixelPlot {
        pixels: &basins.pixels,
        width,
        height,
        x: re,
        y: im,
        x_label: &format!("Re {var}"),
        y_label: &format!("Im {var}"),
        markers: basins.roots.iter().map(|z| (z.re, z.im)).collect(),
        key,
    };
    crate::plot::render::write_pixel_plot(std::path::Path::new(&to), &picture)
        .map_err(|e| Error::io(e.to_string(), to_span))?;
    Ok(Value::report(report::FractalReport {
        path: to,
        re,
        im,
        basins,
    }))
}

/// Pixel size and region of a basin picture with square pixels: one number is the width (the
/// height follows the region); [w, h] keeps both and widens the region around its centre.
fn basin_frame(
    size: (u32, u32),
    re: (f64, f64),
    im: (f64, f64),
) -> (u32, u32, (f64, f64), (f64, f64)) {
    let (w, h) = size;
    let (dx, dy) = (re.1 - re.0, im.1 - im.0);
    if w == h {
        let height =
            ((f64::from(w) * dy / dx).round() as u32).clamp(8, limits::MAX_IMAGE_SIDE as u32);
        return (w, height, re, im);
    }
    let scale = (dx / f64::from(w)).max(dy / f64::from(h));
    let (cx, cy) = ((re.0 + re.1) / 2.0, (im.0 + im.1) / 2.0);
    let (hx, hy) = (scale * f64::from(w) / 2.0, scale * f64::from(h) / 2.0);
    (w, h, (cx - hx, cx + hx), (cy - hy, cy + hy))
}
