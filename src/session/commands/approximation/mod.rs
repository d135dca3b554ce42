//! The approximation lab (MATH.md §4–5): `verify` (error of an approximation, certified),
//! `prove` (an inequality by interval branch-and-bound, or its parameter threshold),
//! `minimax`, `fit_taylor` and `fit_l2` (constants of a model), `convolve` (smoothing by an
//! approximate identity, checked by quadrature). The mathematics is in `crate::approx`.

mod report;

use super::{Bound, Command, Kind, Param};
use crate::approx::prove::{self, Proof};
use crate::approx::verify::{self, Measure};
use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::session::Session;
use crate::session::value::Value;
use crate::span::Span;
use crate::syntax::ast::Relation;
use report::{
    ConvolveReport, LeastSquaresReport, MinimaxReport, ProofReport, TaylorFitReport, VerifyReport,
};

/// `x = [a, b]`, infinite ends allowed.
const LINE_RANGE: Param = Param::required(
    "x = [a, b]",
    Kind::LineRange,
    "the variable and its interval; an end may be -inf or inf",
);

const ERROR_MEASURE: Param = Param::with(
    "error",
    Kind::Choice(&["absolute", "relative"]),
    "absolute",
    "the error measured: g - f, or (g - f)/f",
);

/// The model with free constants and its target, the first two arguments of every fit.
const MODEL: Param = Param::required("g", Kind::Expr, "the model, with free constants");
const TARGET: Param = Param::required("f", Kind::Expr, "the target");

/// `params = [p = start, ...]`: the free constants of a model and their starting values.
const PARAMS: Param = Param::required(
    "params",
    Kind::Substitutions,
    "the free constants and where to start: params = [lambda = 1.7]",
);

const FIXED: Param = Param::optional(
    "fixed",
    Kind::Substitutions,
    "none",
    "constants held at given values: fixed = [a = sqrt(2/pi)]",
);

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "verify",
        params: &[
            Param::required("g", Kind::Expr, "the approximation"),
            Param::required("f", Kind::Expr, "the function it approximates"),
            LINE_RANGE,
        ],
        variadic: false,
        options: &[&[
            ERROR_MEASURE,
            Param::optional(
                "at",
                Kind::Expr,
                "none",
                "a point where the Taylor agreement of g and f is reported",
            ),
            Param::optional(
                "to",
                Kind::Text,
                "none",
                "draw the error into this file (.svg or .png)",
            ),
        ]],
        forms: &[],
        summary: "How far g is from f on an interval: max |g - f| and where, certified by interval branch-and-bound, with the extrema, the L2 error and the order of Taylor agreement.",
        details: "The error is sampled (4,000 points, logarithmic tails to 1e300 on an infinite interval; MPFR where doubles cancel), every local extremum refined by golden-section search in 128-bit MPFR, and the largest then certified: boxes are enclosed by interval arithmetic (the natural extension and the mean-value form with the symbolic derivative, intersected) and split best-first until the upper bound is within 1e-6 of a proven value. An infinite end is covered by geometric boxes to 2^1024; the unbounded rest is covered when its enclosure is finite, and the line says so when it is not. The extrema are listed with their signs: a minimax fit equioscillates. The L2 error is computed by double-exponential quadrature; `at = x0` compares the exact Taylor series of g and f there.",
        examples: &[
            "verify(x*sigmoid(1.702*x), x*Phi(x), x = [-inf, inf])",
            "verify(tanh(sqrt(2/pi)*(x + 0.044715*x^3)), erf(x/sqrt(2)), x = [-inf, inf], at = 0)",
            "verify(x - x^3/6, sin(x), x = [-1, 1], error = relative)",
        ],
        run: run_verify,
    },
    Command {
        name: "prove",
        params: &[
            Param::required("inequality", Kind::Value, "lhs >= rhs (or >, <=, <)"),
            LINE_RANGE,
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Prove an inequality on an interval by interval branch-and-bound, or refute it with a point where it fails; with one free parameter, find the parameter's threshold.",
        details: "With h = lhs - rhs (rhs - lhs for <=, <): boxes where an enclosure of h is >= 0 are done, a point whose enclosure is < 0 is a counterexample, every other box is split (geometrically on infinite ranges, to 2^1024). Where h touches 0 exactly at an integer point (exp(x) >= 1 + x at 0), the first derivative that does not vanish there (exact series) is enclosed on a neighbourhood and the Taylor remainder decides; a touching point elsewhere is reported as undecided. With one symbol besides the variable (prove(squareplus(x, b) >= softplus(x), x = [-inf, inf])), the boundary case is solved: the value of the parameter where min over x of h is 0, by bisection on the sampled minimum and Newton on h = 0, dh/dx = 0, in closed form when the touching point is 0 and the parameter enters through one power.",
        examples: &[
            "prove(squareplus(x, 2) >= softplus(x), x = [-inf, inf])",
            "prove(squareplus(x, 19/10) >= softplus(x), x = [-inf, inf])",
            "prove(squareplus(x, b) >= softplus(x), x = [-inf, inf])",
            "prove(exp(x) >= 1 + x, x = [-10, 10])",
        ],
        run: run_prove,
    },
    Command {
        name: "minimax",
        params: &[MODEL, TARGET, LINE_RANGE],
        variadic: false,
        options: &[&[PARAMS, FIXED, FIT_DIGITS, ERROR_MEASURE]],
        forms: &[],
        summary: "The best uniform fit: the constants of g that minimise max |g - f| on the interval, by nonlinear Remez exchange, to any number of digits, certified.",
        details: "At the optimum the error equioscillates: with n constants it reaches ±E alternately at n + 1 extrema. For a reference of n + 1 alternating extrema the equations e(x_i) = ±E and e'(x_i) = 0 are solved together for the constants, E and the x_i by Newton with the symbolic Jacobian; the extrema of the new error are found again (sampled, refined in MPFR) and the reference exchanged until no extremum exceeds |E|. Then the same system is solved at the requested precision and max |e| is certified by interval branch-and-bound (as verify). An odd or even error on a symmetric interval is levelled on x >= 0. fixed = [...] holds constants at given values (the hybrid fit of MATH.md §5).",
        examples: &[
            "minimax(sigmoid(lambda*x), Phi(x), x = [-inf, inf], params = [lambda = 1.7], digits = 20)",
            "minimax(tanh(a*x + b*x^3), erf(x/sqrt(2)), x = [-inf, inf], params = [b = 0.035], fixed = [a = sqrt(2/pi)])",
            "minimax(squareplus(x, b), softplus(x), x = [-inf, inf], params = [b = 2])",
        ],
        run: run_minimax,
    },
    Command {
        name: "fit_taylor",
        params: &[
            MODEL,
            TARGET,
            Param::required("x = x0", Kind::Point, "the variable and the point"),
        ],
        variadic: false,
        options: &[&[PARAMS, FIXED, FIT_DIGITS]],
        forms: &[],
        summary: "Constants from matching Taylor coefficients: g - f vanishes to the highest order at the point; closed forms where the equations allow.",
        details: "The exact series of g - f at the point (constants symbolic) gives one equation per coefficient; the first n coefficients that depend on the constants are set to 0. An equation where one unsolved constant enters through a single power is solved exactly and substituted into the others; the rest is solved by Newton with the symbolic Jacobian from the given starting values. The report gives the first power where g and f then differ.",
        examples: &[
            "fit_taylor(sigmoid(lambda*x), Phi(x), x = 0, params = [lambda = 1.7])",
            "fit_taylor(tanh(a*x + b*x^3), erf(x/sqrt(2)), x = 0, params = [a = 0.8, b = 0.03])",
        ],
        run: run_fit_taylor,
    },
    Command {
        name: "fit_l2",
        params: &[MODEL, TARGET, LINE_RANGE],
        variadic: false,
        options: &[&[PARAMS, FIXED, FIT_DIGITS]],
        forms: &[],
        summary: "The least-squares fit: the constants of g that minimise ∫ (g - f)^2 over the interval (infinite ends allowed).",
        details: "Newton on the gradient ∫ e·∂e/∂p = 0 with the exact Hessian, every integral by double-exponential quadrature in MPFR. The report gives max |e| of the result too, to compare with minimax.",
        examples: &["fit_l2(sigmoid(lambda*x), Phi(x), x = [-inf, inf], params = [lambda = 1.7])"],
        run: run_fit_l2,
    },
    Command {
        name: "convolve",
        params: &[
            Param::required("f", Kind::Expr, "the function to smooth"),
            Param::required(
                "kernel",
                Kind::Kernel,
                "gaussian(s), logistic(t), cauchy(a) or uniform(w)",
            ),
            Param::optional("x", Kind::Variable, "the one symbol of f", "the variable"),
        ],
        variadic: false,
        options: &[&[
            Param::optional(
                "at",
                Kind::Expr,
                "none",
                "also evaluate the smoothed function here by quadrature, to digits",
            ),
            Param::with(
                "digits",
                Kind::Count {
                    min: 1,
                    max: crate::limits::MAX_FIT_DIGITS,
                },
                "30",
                "digits of the value at the point",
            ),
        ]],
        forms: &[],
        summary: "Smooth f by convolution with an approximate identity: (f * φ)(x) = ∫ f(x - y) φ(y) dy, in closed form where one is derivable, always checked against quadrature.",
        details: "Kernels: gaussian(s) (N(0, s^2)), logistic(t) (density t e^(ty)/(1 + e^(ty))^2), cauchy(a) (a/(π(y^2 + a^2)), no mean), uniform(w) (1/w on [-w/2, w/2]). Closed forms for sums of constant multiples of relu, heaviside, sign, abs of x - c and powers of x (and floor against the Gaussian, as softfloor); each is compared with double-exponential quadrature of the integral, split at the kinks of f, at five points. relu, abs or x against cauchy diverge and are reported so. at = x0 evaluates (f * φ)(x0) by quadrature to digits, beside the closed form.",
        examples: &[
            "convolve(relu(x), gaussian(1/2), x)",
            "convolve(relu(x), logistic(2), x)",
            "convolve(sign(x), cauchy(1), x)",
            "convolve(relu(x), gaussian(1), x, at = 3/10, digits = 40)",
        ],
        run: run_convolve,
    },
];

const FIT_DIGITS: Param = Param::with(
    "digits",
    Kind::Count {
        min: 1,
        max: crate::limits::MAX_FIT_DIGITS,
    },
    "20",
    "significant digits of the constants",
);

fn math(span: Span) -> impl Fn(crate::math_error::MathError) -> Error {
    move |e| Error::math(e, span)
}

/// The variable and interval of a `x = [a, b]` parameter.
fn line_range(b: &mut Bound) -> Result<(String, (f64, f64)), Error> {
    match b.take("x = [a, b]") {
        Some(super::Arg::Range { var, range }) => Ok((var, range)),
        _ => Err(Error::usage_hint(
            "the interval is missing",
            b.span,
            "write x = [a, b]; an end may be -inf or inf",
        )),
    }
}

/// Refuse expressions with symbols other than the variable (and `allowed`).
fn only_variable(
    e: &Expr,
    var: &str,
    allowed: &[&str],
    span: Span,
    what: &str,
) -> Result<(), Error> {
    let extra: Vec<String> = e
        .free_symbols()
        .into_iter()
        .filter(|s| s != var && !allowed.contains(&s.as_str()))
        .collect();
    if extra.is_empty() {
        Ok(())
    } else {
        Err(Error::usage_hint(
            format!("{what} has symbols besides {var}: {}", extra.join(", ")),
            span,
            format!("give them values first, e.g. {} := 1", extra[0]),
        ))
    }
}

fn run_verify(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let (g_span, f_span) = (b.span_of("g"), b.span_of("f"));
    let g = b.expr("g")?;
    let f = b.expr("f")?;
    let (var, range) = line_range(&mut b)?;
    only_variable(&g, &var, &[], g_span, "the approximation")?;
    only_variable(&f, &var, &[], f_span, "the function")?;
    let measure = match b.choice("error") {
        Some("relative") => Measure::Relative,
        _ => Measure::Absolute,
    };
    let at = if b.given("at") {
        Some(b.expr("at")?)
    } else {
        None
    };
    let found = verify::verify(&g, &f, &var, range, measure, at.as_ref()).map_err(math(span))?;
    let plot = match b.text("to") {
        Some(to) => {
            let window = plot_window(&found, range);
            let e = verify::error_expr(&g, &f, measure).map_err(math(span))?;
            let name = match measure {
                Measure::Absolute => "g - f",
                Measure::Relative => "(g - f)/f",
            };
            super::plotting::error_figure(
                (&e, &Expr::zero()),
                &var,
                window,
                (to.clone(), b.span_of("to")),
                name,
                span,
            )?;
            Some(to)
        }
        None => None,
    };
    Ok(Value::report(VerifyReport {
        approx: g,
        exact: f,
        var,
        range,
        found,
        plot,
    }))
}

/// A finite window for the error plot: the range, or on an infinite range twice the reach of
/// the extrema above 1% of the peak.
fn plot_window(found: &verify::Verification, (a, b): (f64, f64)) -> (f64, f64) {
    if a.is_finite() && b.is_finite() {
        return (a, b);
    }
    let top = found.peak.value.to_f64().abs();
    let reach = found
        .extrema
        .iter()
        .filter(|p| p.value.to_f64().abs() >= 0.01 * top)
        .map(|p| p.x.to_f64().abs())
        .fold(1.0f64, f64::max)
        * 2.0;
    (a.max(-reach), b.min(reach))
}

fn run_prove(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let i_span = b.span_of("inequality");
    let (lhs, relation, rhs) = match b.value("inequality")? {
        Value::Inequality(l, r, h) => (l, r, h),
        other => {
            return Err(Error::usage_hint(
                format!(
                    "prove needs an inequality (lhs >= rhs), not {}",
                    with_article(other.kind())
                ),
                i_span,
                "prove(exp(x) >= 1 + x, x = [-10, 10])",
            ));
        }
    };
    let (var, range) = line_range(&mut b)?;
    let statement = format!("{lhs} {} {rhs}", relation.symbol());
    let h = match relation {
        Relation::Greater | Relation::GreaterEqual => canon::sub(lhs, rhs),
        Relation::Less | Relation::LessEqual => canon::sub(rhs, lhs),
    }
    .map_err(math(span))?;
    let params: Vec<String> = h.free_symbols().into_iter().filter(|s| *s != var).collect();
    let proof = match params.as_slice() {
        [] => Proof::Decided(
            prove::prove_nonnegative(&h, &var, range, !relation.allows_equality())
                .map_err(math(span))?,
        ),
        [p] => Proof::Threshold(prove::threshold(&h, &var, p, range).map_err(math(span))?),
        more => {
            return Err(Error::usage_hint(
                format!(
                    "the inequality has {} symbols besides {var} ({}); prove handles at most one (its threshold)",
                    more.len(),
                    more.join(", ")
                ),
                i_span,
                format!("give the others values, e.g. {} := 1", more[1]),
            ));
        }
    };
    Ok(Value::report(ProofReport {
        statement,
        var,
        range,
        proof,
    }))
}

/// `name = value` pairs of an option as expressions.
fn pairs(b: &mut Bound, name: &str) -> Result<Vec<(String, Expr)>, Error> {
    let span = b.span_of(name);
    match b.take(name) {
        Some(super::Arg::Substitutions(pairs)) => pairs
            .into_iter()
            .map(|(n, v)| match v {
                Value::Expr(e) => Ok((n, e)),
                other => Err(Error::usage(
                    format!("{n} must be a number, found a {}", other.kind()),
                    span,
                )),
            })
            .collect(),
        _ => Ok(Vec::new()),
    }
}

/// The model with the fixed constants substituted, and the free constants with their starts.
fn model_and_params(
    b: &mut Bound,
    model: Expr,
    var: &str,
) -> Result<(Expr, Vec<(String, f64)>), Error> {
    let span = b.span;
    let fixed = pairs(b, "fixed")?;
    let model = crate::expr::subst::subs(&model, &fixed).map_err(math(span))?;
    let params_span = b.span_of("params");
    let mut starts = Vec::new();
    for (name, value) in pairs(b, "params")? {
        if name == var {
            return Err(Error::usage(
                format!("{var} is the variable, not a constant"),
                params_span,
            ));
        }
        if !model.depends_on(&name) {
            return Err(Error::usage_hint(
                format!("the model does not contain {name}"),
                params_span,
                "params names the free constants of the model: params = [lambda = 1.7]",
            ));
        }
        let start = super::read::number(&value, params_span, &name)?;
        if start.im != 0.0 {
            return Err(Error::usage(
                format!("{name} must start at a real number"),
                params_span,
            ));
        }
        starts.push((name, start.re));
    }
    if starts.is_empty() {
        return Err(Error::usage_hint(
            "the model has no free constant to fit",
            params_span,
            "name them with their starting values: params = [lambda = 1.7]",
        ));
    }
    Ok((model, starts))
}

fn run_minimax(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let model = b.expr("g")?;
    let target = b.expr("f")?;
    let (var, range) = line_range(&mut b)?;
    let inputs = fit_inputs(&mut b, &var, model, target)?;
    let measure = match b.choice("error") {
        Some("relative") => Measure::Relative,
        _ => Measure::Absolute,
    };
    let fit = crate::approx::fit::minimax(
        &inputs.model,
        &inputs.target,
        &var,
        range,
        &inputs.starts,
        inputs.digits,
        measure,
    )
    .map_err(math(span))?;
    Ok(Value::report(MinimaxReport {
        model: inputs.model,
        target: inputs.target,
        var,
        range,
        measure,
        fit,
    }))
}

/// The model and target of a fit, checked, with the fixed constants substituted and the free
/// ones with their starts.
struct FitInputs {
    model: Expr,
    target: Expr,
    starts: Vec<(String, f64)>,
    digits: u32,
}

fn fit_inputs(b: &mut Bound, var: &str, model: Expr, target: Expr) -> Result<FitInputs, Error> {
    let (g_span, f_span) = (b.span_of("g"), b.span_of("f"));
    let (model, starts) = model_and_params(b, model, var)?;
    let names: Vec<&str> = starts.iter().map(|(n, _)| n.as_str()).collect();
    only_variable(&model, var, &names, g_span, "the model")?;
    only_variable(&target, var, &[], f_span, "the target")?;
    Ok(FitInputs {
        model,
        target,
        starts,
        digits: b.count("digits").unwrap_or(20) as u32,
    })
}

fn run_fit_taylor(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let model = b.expr("g")?;
    let target = b.expr("f")?;
    let (var, point) = match b.point("x = x0") {
        Some((var, crate::series::Point::At(p))) => (var, p),
        _ => {
            return Err(Error::usage_hint(
                "fit_taylor matches at a finite point",
                b.span_of("x = x0"),
                "write x = 0",
            ));
        }
    };
    let inputs = fit_inputs(&mut b, &var, model, target)?;
    let fit = crate::approx::fit::taylor::fit_taylor(
        &inputs.model,
        &inputs.target,
        &var,
        &point,
        &inputs.starts,
        inputs.digits,
    )
    .map_err(math(span))?;
    Ok(Value::report(TaylorFitReport {
        model: inputs.model,
        target: inputs.target,
        var,
        fit,
    }))
}

fn run_fit_l2(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let model = b.expr("g")?;
    let target = b.expr("f")?;
    let (var, range) = line_range(&mut b)?;
    let inputs = fit_inputs(&mut b, &var, model, target)?;
    let fit = crate::approx::fit::least_squares::fit_l2(
        &inputs.model,
        &inputs.target,
        &var,
        range,
        &inputs.starts,
        inputs.digits,
    )
    .map_err(math(span))?;
    Ok(Value::report(LeastSquaresReport {
        model: inputs.model,
        target: inputs.target,
        var,
        range,
        fit,
    }))
}

fn run_convolve(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    use crate::approx::convolve::{self, Kernel, KernelKind};
    use rug::Float;
    let span = b.span;
    let f_span = b.span_of("f");
    let f = b.expr("f")?;
    let kernel = match b.take("kernel") {
        Some(super::Arg::Kernel(name, width)) => Kernel {
            kind: KernelKind::from_name(name)
                .ok_or_else(|| Error::usage("unknown kernel", span))?,
            width,
        },
        _ => return Err(Error::usage("the kernel is missing", span)),
    };
    let var = b.variable("x").unwrap_or_else(|| "x".into());
    only_variable(&f, &var, &[], f_span, "the function")?;
    convolve::check_convergence(&f, &var, &kernel).map_err(math(span))?;
    let digits = b.count("digits").unwrap_or(30) as u32;
    let (closed, breaks, no_closed) = match convolve::closed_form(&f, &var, &kernel) {
        Ok((c, br)) => (Some(c), br, None),
        Err(e) if e.to_string().contains("diverges") => return Err(Error::math(e, span)),
        Err(e) => (None, convolve::Breaks::default(), Some(e.to_string())),
    };
    let at = if b.given("at") {
        Some(b.expr("at")?)
    } else {
        None
    };
    if closed.is_none() && at.is_none() {
        return Err(Error::usage_hint(
            no_closed.unwrap_or_default(),
            f_span,
            "evaluate it numerically at a point: convolve(f, gaussian(1), x, at = 0.3)",
        ));
    }
    let numeric_width = kernel.width.is_constant();
    let mut checks = Vec::new();
    let mut unchecked = None;
    if let Some(c) = &closed {
        if numeric_width {
            let w = crate::numeric::eval::eval_f64(&kernel.width).map_err(math(span))?;
            for t in [-1.7, -0.45, 0.3, 1.3, 2.9] {
                let x0 = Float::with_val(128, t * w.max(0.25));
                let (value, error) =
                    convolve::by_quadrature(&f, &var, &kernel, &breaks, &x0).map_err(math(span))?;
                let closed_value =
                    crate::approx::verify::value_at(c, &var, &x0).map_err(math(span))?;
                checks.push((x0, Float::with_val(128, &closed_value - &value), error));
            }
        } else {
            unchecked = Some(format!(
                "the width {} is symbolic; give it a value to compare with quadrature",
                kernel.width
            ));
        }
    }
    let at = match at {
        Some(x0) if numeric_width => {
            let prec = crate::expr::number::digits_to_bits(digits) + 32;
            let x0f =
                crate::numeric::eval::eval(&x0, &crate::numeric::eval::NoVars, &Float::new(prec))
                    .map_err(math(span))?;
            let (value, error) =
                convolve::by_quadrature(&f, &var, &kernel, &breaks, &x0f).map_err(math(span))?;
            let closed_value = match &closed {
                Some(c) => {
                    Some(crate::approx::verify::value_at(c, &var, &x0f).map_err(math(span))?)
                }
                None => None,
            };
            Some((x0f, value, error, closed_value))
        }
        Some(_) => {
            return Err(Error::usage(
                "the kernel width must be a number to evaluate at a point",
                span,
            ));
        }
        None => None,
    };
    Ok(Value::report(ConvolveReport {
        f,
        kernel,
        var,
        closed,
        no_closed,
        checks,
        unchecked,
        at,
        digits,
    }))
}

/// "an equation", "a list".
fn with_article(word: &str) -> String {
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if vowel { "an" } else { "a" })
}
