//! Softmax, logsumexp and the entropy-invariant softmax of MATH.md §6: the entropy
//! H(λ) = log Σ e^(λ s_i) − λ Σ p_i s_i as an exact expression (so `N` proves its digits and
//! `diff` gives dH/dλ = −λ Var_p(s)), the entropy table over seeded random attention scores for
//! the standard and the log n scale, and the λ(n) that holds H at a target.

use rayon::prelude::*;

use super::{entries, math};
use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::functions::apply1;
use crate::limits;
use crate::session::Session;
use crate::session::commands::{Bound, Command, Kind, Param};
use crate::session::value::{Cell, Table, Value};
use crate::span::Span;

const LAMBDA: Param = Param::with(
    "lambda",
    Kind::Expr,
    "1",
    "the inverse temperature λ (a number or a symbol)",
);

pub(super) const SOFTMAX: Command = Command {
    name: "softmax",
    params: &[
        Param::required("s", Kind::Value, "a list of scores"),
        LAMBDA,
    ],
    variadic: false,
    options: &[],
    forms: &[],
    summary: "softmax(λs)_i = e^(λ s_i)/Σ e^(λ s_j), exact (shifted by the largest score, which changes nothing but the size of the numbers).",
    details: "",
    examples: &["N(softmax([2, 1, 4, 5, 3]), 6)", "softmax([1, 2], lambda)"],
    run: run_softmax,
};

pub(super) const LOGSUMEXP: Command = Command {
    name: "logsumexp",
    params: &[
        Param::required("s", Kind::Value, "a list of scores"),
        LAMBDA,
    ],
    variadic: false,
    options: &[],
    forms: &[],
    summary: "log Σ e^(λ s_i)/λ, exact; written as max + log Σ e^(λ(s_i − max))/λ so it never overflows.",
    details: "max(s) ≤ logsumexp(s) ≤ max(s) + log(n)/λ.",
    examples: &[
        "N(logsumexp([2, 1, 4, 5, 3]), 7)",
        "N(logsumexp([1000, 1000]))",
    ],
    run: run_logsumexp,
};

pub(super) const SOFT_ARGMAX: Command = Command {
    name: "soft_argmax",
    params: &[
        Param::required("s", Kind::Value, "a list of scores"),
        LAMBDA,
    ],
    variadic: false,
    options: &[],
    forms: &[],
    summary: "The smooth 1-based position of the largest score: Σ i·softmax(λs)_i, exact; tends to argmax(s) as λ → ∞ when the largest score is unique.",
    details: "",
    examples: &[
        "N(soft_argmax([2, 1, 4, 5, 3], 10), 8)",
        "soft_argmax([1, 2], lambda)",
    ],
    run: run_soft_argmax,
};

pub(super) const SOFT_F1: Command = Command {
    name: "soft_f1",
    params: &[
        Param::required("t", Kind::Value, "labels in [0, 1]"),
        Param::required("p", Kind::Value, "predicted probabilities, as many"),
    ],
    variadic: false,
    options: &[],
    forms: &[],
    summary: "Soft F1 = 2 Σ t_i p_i / Σ (t_i + p_i) (MATH.md §4): the F1 score with counts replaced by probabilities, exact; equals F1 when p is 0/1.",
    details: "",
    examples: &["soft_f1([1, 0, 1, 1], [9/10, 1/5, 7/10, 2/5])"],
    run: run_soft_f1,
};

pub(super) const SOFTMAX_ENTROPY: Command = Command {
    name: "softmax_entropy",
    params: &[
        Param::required("s", Kind::Value, "a list of scores"),
        LAMBDA,
    ],
    variadic: false,
    options: &[],
    forms: &[],
    summary: "The entropy H = log Σ e^(λ s_i) − λ Σ p_i s_i of softmax(λs), exact (N proves its digits; diff in λ gives −λ Var_p(s)).",
    details: "Shifted by the largest score (H does not change), so large scores never overflow. With λ a symbol the result is an expression in λ: diff(softmax_entropy(s, lambda), lambda) equals -lambda*Var_p(s) (MATH.md §6).",
    examples: &[
        "N(softmax_entropy([1, 2, 3], 1), 20)",
        "diff(softmax_entropy([1, 2, 3], lambda), lambda)",
    ],
    run: run_softmax_entropy,
};

pub(super) const ENTROPY_TABLE: Command = Command {
    name: "entropy_table",
    params: &[],
    variadic: false,
    options: &[&[
        Param::with(
            "n",
            Kind::Value,
            "[64, 128, 256, 512, 1024, 2048, 4096]",
            "sequence lengths",
        ),
        Param::with(
            "d",
            Kind::Count { min: 1, max: 4096 },
            "64",
            "the dimension of q and k",
        ),
        Param::with(
            "seeds",
            Kind::Count { min: 1, max: 1000 },
            "20",
            "random draws per n",
        ),
        Param::with(
            "scale",
            Kind::Texts,
            "[\"1/sqrt(d)\", \"log(n)/(log(512)*sqrt(d))\"]",
            "the scales λ(n, d) compared, as expressions in n and d",
        ),
        Param::with(
            "seed",
            Kind::Count {
                min: 0,
                max: u64::MAX,
            },
            "1",
            "the first seed",
        ),
        Param::optional(
            "to",
            Kind::Text,
            "no picture",
            "plot H against n (log axis) to this SVG or PNG file",
        ),
    ]],
    forms: &[],
    summary: "The softmax entropy of random attention scores against the sequence length n, for each scale λ(n, d): the log n scale holds H nearly flat, 1/sqrt(d) does not.",
    details: "For each n and seed: q and the n keys k_i have independent N(0, 1) entries in d dimensions (random_normal's generator), s_i = q·k_i, and H = log Σ e^(λ s_i) − λ Σ p_i s_i in doubles (shifted by the largest score). The table gives the mean and standard deviation of H over the seeds, and log n (the entropy of the uniform distribution). rayon runs the draws in parallel.",
    examples: &["entropy_table(n = [64, 256, 1024], seeds = 5)"],
    run: run_entropy_table,
};

pub(super) const SOLVE_SCALE: Command = Command {
    name: "solve_scale",
    params: &[
        Param::required("n", Kind::Value, "a sequence length, or a list of them"),
        Param::required("d", Kind::Count { min: 1, max: 4096 }, "the dimension"),
        Param::required("target_H", Kind::Expr, "the entropy to hold, 0 < H < log n"),
    ],
    variadic: false,
    options: &[&[
        Param::with(
            "seeds",
            Kind::Count { min: 1, max: 1000 },
            "20",
            "random draws averaged",
        ),
        Param::with(
            "seed",
            Kind::Count {
                min: 0,
                max: u64::MAX,
            },
            "1",
            "the first seed",
        ),
    ]],
    forms: &[],
    summary: "The scale λ(n) at which the mean softmax entropy of random scores equals a target, compared with the log n law κ·log(n)/d.",
    details: "Mean H over the seeded draws (as entropy_table) is decreasing in λ with dH/dλ = −λ Var_p(s) exactly, so Newton's method with that derivative, kept inside a bisection bracket, finds λ to double precision. The table shows λ, κ = λ d/log n (constant if the log n law holds) and the log n scale log(n)/(log(512) sqrt(d)).",
    examples: &["solve_scale([64, 512, 4096], 64, 3)"],
    run: run_solve_scale,
};

/// The largest entry when every entry is a number (for the shift), else 0.
fn shift(s: &[Expr]) -> Expr {
    let values: Option<Vec<f64>> = s
        .iter()
        .map(|e| crate::numeric::eval::eval_f64(e).ok())
        .collect();
    match values {
        Some(v) => {
            let i = (0..v.len())
                .max_by(|&a, &b| v[a].total_cmp(&v[b]))
                .unwrap_or(0);
            s[i].clone()
        }
        None => Expr::zero(),
    }
}

/// e^(λ(s_i − m)) for every entry.
fn weights(s: &[Expr], lambda: &Expr, span: Span) -> Result<Vec<Expr>, Error> {
    let m = shift(s);
    s.iter()
        .map(|x| {
            let arg = canon::mul2(lambda.clone(), canon::sub(x.clone(), m.clone())?)?;
            apply1("exp", &arg)
        })
        .collect::<Result<_, _>>()
        .map_err(math(span))
}

fn run_softmax(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let s = entries(&mut b, "s")?;
    let lambda = b.expr("lambda")?;
    let w = weights(&s, &lambda, span)?;
    let total = canon::add(w.clone()).map_err(math(span))?;
    w.into_iter()
        .map(|wi| {
            canon::div(wi, total.clone())
                .map(Value::Expr)
                .map_err(math(span))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::List)
}

fn run_soft_argmax(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let s = entries(&mut b, "s")?;
    let lambda = b.expr("lambda")?;
    let w = weights(&s, &lambda, span)?;
    let go = || -> Result<Expr, crate::math_error::MathError> {
        let total = canon::add(w.clone())?;
        let mut moments = Vec::new();
        for (i, wi) in w.iter().enumerate() {
            moments.push(canon::mul2(Expr::int(i as i64 + 1), wi.clone())?);
        }
        canon::div(canon::add(moments)?, total)
    };
    Ok(Value::Expr(go().map_err(math(span))?))
}

fn run_soft_f1(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let t = entries(&mut b, "t")?;
    let p = entries(&mut b, "p")?;
    if t.len() != p.len() {
        return Err(Error::usage(
            format!(
                "soft_f1: t has {} entries and p has {}; they must pair up",
                t.len(),
                p.len()
            ),
            span,
        ));
    }
    let go = || -> Result<Expr, crate::math_error::MathError> {
        let mut overlap = Vec::new();
        let mut sizes = Vec::new();
        for (ti, pi) in t.iter().zip(&p) {
            overlap.push(canon::mul2(ti.clone(), pi.clone())?);
            sizes.push(canon::add2(ti.clone(), pi.clone())?);
        }
        let sizes = canon::add(sizes)?;
        if sizes.is_zero() {
            return Err(crate::math_error::MathError::Domain(
                "soft_f1: Σ (t + p) is 0 (no positives and no predictions): F1 is undefined".into(),
            ));
        }
        canon::div(canon::mul2(Expr::int(2), canon::add(overlap)?)?, sizes)
    };
    Ok(Value::Expr(go().map_err(math(span))?))
}

fn run_logsumexp(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let s = entries(&mut b, "s")?;
    let lambda = b.expr("lambda")?;
    let w = weights(&s, &lambda, span)?;
    let log = apply1("log", &canon::add(w).map_err(math(span))?).map_err(math(span))?;
    let value =
        canon::add2(shift(&s), canon::div(log, lambda).map_err(math(span))?).map_err(math(span))?;
    Ok(Value::Expr(value))
}

fn run_softmax_entropy(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let s = entries(&mut b, "s")?;
    let lambda = b.expr("lambda")?;
    let m = shift(&s);
    let w = weights(&s, &lambda, span)?;
    let go = || -> Result<Expr, crate::math_error::MathError> {
        let total = canon::add(w.clone())?;
        // H = log Z − λ Σ w_i (s_i − m)/Z.
        let mut mean = Vec::new();
        for (wi, si) in w.iter().zip(&s) {
            mean.push(canon::mul2(wi.clone(), canon::sub(si.clone(), m.clone())?)?);
        }
        let mean = canon::div(canon::add(mean)?, total.clone())?;
        canon::sub(apply1("log", &total)?, canon::mul2(lambda.clone(), mean)?)
    };
    Ok(Value::Expr(go().map_err(math(span))?))
}

/// Sequence lengths from a number or a list.
fn lengths(v: Value, span: Span) -> Result<Vec<usize>, Error> {
    let items = match v {
        Value::List(items) => items,
        other => vec![other],
    };
    items
        .into_iter()
        .map(|i| match i {
            Value::Expr(e) => e
                .as_number()
                .and_then(|n| n.to_i64())
                .filter(|n| (2..=limits::MAX_ATTENTION_LENGTH as i64).contains(n))
                .map(|n| n as usize)
                .ok_or_else(|| {
                    Error::usage(
                        format!(
                            "n must be whole numbers from 2 to {}, got {e}",
                            limits::MAX_ATTENTION_LENGTH
                        ),
                        span,
                    )
                }),
            _ => Err(Error::usage(
                "n must be a number or a list of numbers",
                span,
            )),
        })
        .collect()
}

/// The scores s_i = q·k_i of one draw (q then the keys from the seed's normal stream).
fn scores(n: usize, d: usize, seed: u64) -> Vec<f64> {
    let z = crate::numeric::random::normal(d * (n + 1), seed);
    let (q, keys) = z.split_at(d);
    keys.chunks(d)
        .map(|k| k.iter().zip(q).map(|(a, b)| a * b).sum())
        .collect()
}

/// H(λ) and dH/dλ = −λ Var_p(s) of softmax(λs), shifted by the largest score.
fn entropy(s: &[f64], lambda: f64) -> (f64, f64) {
    let m = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = s.iter().map(|x| (lambda * (x - m)).exp()).collect();
    let z: f64 = w.iter().sum();
    let mean: f64 = w.iter().zip(s).map(|(wi, x)| wi * (x - m)).sum::<f64>() / z;
    let second: f64 = w
        .iter()
        .zip(s)
        .map(|(wi, x)| wi * (x - m) * (x - m))
        .sum::<f64>()
        / z;
    (z.ln() - lambda * mean, -lambda * (second - mean * mean))
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

fn cost_check(ns: &[usize], d: usize, seeds: usize, span: Span) -> Result<(), Error> {
    let work: usize = ns
        .iter()
        .map(|n| n.saturating_mul(d).saturating_mul(seeds))
        .sum();
    if work > limits::MAX_ATTENTION_WORK {
        return Err(Error::math(
            crate::math_error::MathError::TooLarge {
                what: format!("{work} random numbers (n × d × seeds)"),
                limit: format!("{}", limits::MAX_ATTENTION_WORK),
            },
            span,
        ));
    }
    Ok(())
}

fn run_entropy_table(session: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let ns = lengths(b.value("n")?, span)?;
    let d = b.count("d").unwrap_or(64) as usize;
    let seeds = b.count("seeds").unwrap_or(20) as usize;
    let first = b.count("seed").unwrap_or(1);
    cost_check(&ns, d, seeds, span)?;
    let texts = b
        .texts("scale")
        .unwrap_or_else(|| vec!["1/sqrt(d)".into(), "log(n)/(log(512)*sqrt(d))".into()]);
    let scales: Vec<Expr> = texts
        .iter()
        .map(|t| {
            session
                .expr(t)
                .map_err(|e| Error::usage(format!("the scale {t}: {e}"), span))
        })
        .collect::<Result<_, _>>()?;
    let lambda_at = |e: &Expr, n: usize| -> Result<f64, Error> {
        let at = crate::expr::subst::subs(
            e,
            &[
                ("n".into(), Expr::int(n as i64)),
                ("d".into(), Expr::int(d as i64)),
            ],
        )
        .map_err(math(span))?;
        crate::numeric::eval::eval_f64(&at)
            .map_err(|err| Error::usage(format!("the scale {e} at n = {n}: {err}"), span))
    };
    let progress = crate::progress::Progress::new((ns.len() * seeds) as u64, "entropy_table");
    let mut rows = Vec::new();
    let mut curves: Vec<Vec<[f64; 2]>> = vec![Vec::new(); scales.len()];
    for &n in &ns {
        crate::interrupt::check()?;
        let lambdas: Vec<f64> = scales
            .iter()
            .map(|e| lambda_at(e, n))
            .collect::<Result<_, _>>()?;
        let draws: Vec<Vec<f64>> = (0..seeds as u64)
            .into_par_iter()
            .map(|s| {
                let sc = scores(n, d, first.wrapping_add(s));
                progress.step();
                lambdas.iter().map(|&l| entropy(&sc, l).0).collect()
            })
            .collect();
        let mut row = vec![Cell::number(Expr::int(n as i64), n.to_string())];
        for (j, _) in scales.iter().enumerate() {
            let hs: Vec<f64> = draws.iter().map(|h| h[j]).collect();
            let (mean, sd) = mean_sd(&hs);
            curves[j].push([n as f64, mean]);
            row.push(Cell::text(format!("{mean:.4}")));
            row.push(Cell::text(format!("{sd:.4}")));
        }
        row.push(Cell::text(format!("{:.4}", (n as f64).ln())));
        rows.push(row);
    }
    drop(progress);
    let mut columns = vec!["n".to_string()];
    for t in &texts {
        columns.push(format!("H, λ = {t}"));
        columns.push("sd".into());
    }
    columns.push("log n".into());
    let mut title = format!("softmax entropy of random scores q·k (d = {d}, {seeds} draws per n)");
    if let Some(path) = b.text("to") {
        draw(&texts, curves, &ns, &path).map_err(|e| Error::io(e, span))?;
        title.push_str(&format!("\nplot written to {path}"));
    }
    Ok(Value::report(Table {
        title,
        columns,
        rows,
        path: None,
    }))
}

/// H against n on a log axis, one line per scale, and log n for reference.
fn draw(
    labels: &[String],
    curves: Vec<Vec<[f64; 2]>>,
    ns: &[usize],
    path: &str,
) -> Result<(), String> {
    use crate::plot::figure::{Curve, Figure, Mark, Scale};
    let mut all: Vec<Curve> = curves
        .into_iter()
        .zip(labels)
        .map(|(points, label)| Curve {
            label: format!("λ = {label}"),
            mark: Mark::Line,
            pieces: vec![points],
            breaks: Vec::new(),
            core: None,
        })
        .collect();
    all.push(Curve {
        label: "log n (uniform)".into(),
        mark: Mark::Line,
        pieces: vec![ns.iter().map(|&n| [n as f64, (n as f64).ln()]).collect()],
        breaks: Vec::new(),
        core: None,
    });
    let lo = *ns.iter().min().unwrap_or(&2) as f64;
    let hi = *ns.iter().max().unwrap_or(&4) as f64;
    let ys = all
        .iter()
        .flat_map(|c| c.pieces.iter().flatten().map(|p| p[1]));
    let (ymin, ymax) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let pad = 0.05 * (ymax - ymin).max(0.1);
    let mut figure = Figure {
        title: Some("softmax entropy against sequence length".into()),
        xlabel: "n".into(),
        ylabel: "H".into(),
        curves: all,
        markers: Vec::new(),
        xscale: Scale::Log,
        yscale: Scale::Linear,
        x_view: (lo, hi),
        y_view: (ymin - pad, ymax + pad),
        size: (800, 500),
    };
    figure.fit_view(Some((lo, hi)), Some((ymin - pad, ymax + pad)));
    crate::plot::render::write_figure(&figure, std::path::Path::new(path))
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn run_solve_scale(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let ns = lengths(b.value("n")?, span)?;
    let d = b.count("d").unwrap_or(64) as usize;
    let target = crate::numeric::eval::eval_f64(&b.expr("target_H")?)
        .map_err(|e| Error::usage(format!("target_H must be a number: {e}"), span))?;
    let seeds = b.count("seeds").unwrap_or(20) as usize;
    let first = b.count("seed").unwrap_or(1);
    cost_check(&ns, d, seeds, span)?;
    let mut rows = Vec::new();
    for &n in &ns {
        crate::interrupt::check()?;
        let log_n = (n as f64).ln();
        if !(target > 0.0 && target < log_n) {
            return Err(Error::usage(
                format!(
                    "target_H = {target} must lie strictly between 0 and log n = {log_n:.6} (n = {n})"
                ),
                span,
            ));
        }
        let draws: Vec<Vec<f64>> = (0..seeds as u64)
            .into_par_iter()
            .map(|s| scores(n, d, first.wrapping_add(s)))
            .collect();
        let mean_h = |l: f64| -> (f64, f64) {
            let (h, dh) = draws
                .iter()
                .map(|s| entropy(s, l))
                .fold((0.0, 0.0), |(a, b), (h, dh)| (a + h, b + dh));
            (h / seeds as f64 - target, dh / seeds as f64)
        };
        // H(0) = log n > target; grow hi until H(hi) < target.
        let (mut lo, mut hi) = (0.0f64, 1.0 / (d as f64).sqrt());
        while mean_h(hi).0 > 0.0 {
            lo = hi;
            hi *= 2.0;
            if hi > 1e6 {
                return Err(Error::usage(
                    format!("no scale up to 1e6 brings H down to {target} at n = {n}"),
                    span,
                ));
            }
        }
        let mut l = 0.5 * (lo + hi);
        for _ in 0..200 {
            let (g, dg) = mean_h(l);
            if g > 0.0 {
                lo = l
            } else {
                hi = l
            }
            let newton = if dg < 0.0 { l - g / dg } else { f64::NAN };
            let next = if newton > lo && newton < hi {
                newton
            } else {
                0.5 * (lo + hi)
            };
            if (next - l).abs() <= 1e-15 * l.abs().max(1e-300) {
                l = next;
                break;
            }
            l = next;
        }
        let law = log_n / (512f64.ln() * (d as f64).sqrt());
        rows.push(vec![
            Cell::number(Expr::int(n as i64), n.to_string()),
            Cell::text(format!("{l:.10}")),
            Cell::text(format!("{:.6}", l * d as f64 / log_n)),
            Cell::text(format!("{law:.10}")),
            Cell::text(format!("{:.4}", l / law)),
        ]);
    }
    Ok(Value::report(Table {
        title: format!(
            "the scale λ(n) holding the mean softmax entropy at H = {target} (d = {d}, {seeds} draws)"
        ),
        columns: ["n", "λ(n)", "κ = λ d/log n", "log n scale", "ratio"]
            .map(String::from)
            .to_vec(),
        rows,
        path: None,
    }))
}
