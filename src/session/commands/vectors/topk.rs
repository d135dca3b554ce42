//! `topk`, `soft_topk` and `check_topk`.

use rug::Float;

use super::report::SoftTopKReport;
use super::{entries, entries_of, math, numbers};
use crate::approx::topk::{self, Method};
use crate::error::Error;
use crate::expr::Expr;
use crate::limits;
use crate::session::Session;
use crate::session::commands::{Bound, Command, Kind, Param};
use crate::session::value::{Cell, Table, Value};
use crate::span::Span;

const METHOD: Param = Param::with(
    "method",
    Kind::Choice(Method::NAMES),
    "grad",
    "grad, sigmoid, exp, smooth, iterative (the essay's loop) or subtraction (the essay's unstable recursion)",
);

const X: Param = Param::required("x", Kind::Value, "a list of numbers");
const K: Kind = Kind::Count {
    min: 1,
    max: limits::MAX_VECTOR_LENGTH as u64,
};

pub(super) const TOPK: Command = Command {
    name: "topk",
    params: &[X, Param::required("k", K, "how many entries are kept")],
    variadic: false,
    options: &[],
    forms: &[],
    summary: "T_k, the multi-hot indicator of the k largest entries (ties go to the smaller position).",
    details: "",
    examples: &["topk([3, 2, 1, 4], 2)", "topk([1, 1, 0], 1)"],
    run: run_topk,
};

pub(super) const SOFT_TOPK: Command = Command {
    name: "soft_topk",
    params: &[
        X,
        Param::required("k", K, "the number of entries kept (1 ≤ k ≤ n)"),
        Param::with("tau", Kind::Expr, "1", "the temperature τ > 0"),
    ],
    variadic: false,
    options: &[&[
        METHOD,
        Param::with("digits", Kind::Digits, "6", "significant digits shown"),
        Param::with(
            "jacobian",
            Kind::Flag,
            "false",
            "also the exact Jacobian ∂p_i/∂x_j",
        ),
    ]],
    forms: &[],
    summary: "A smooth top-k: p ∈ [0, 1]^n with Σp = k tending to T_k as τ → 0, by one of six constructions (MATH.md §7).",
    details: "grad: p = ∇ log e_k(e^(x/τ)) (e_k the elementary symmetric polynomial), by prefix/suffix dynamic programmes over log e_m in log space: no subtraction, stable at any τ. sigmoid: p_i = σ((x_i - λ)/τ) with Σp = k, λ by safeguarded Newton. exp: p_i = min(1, e^((x_i - λ)/τ)), λ in closed form by scanning how many entries saturate (k = 1 gives softmax). smooth: p_i = f((x_i - λ)/τ) with f(z) = e^z/2 for z ≤ 0 and 1 - e^(-z)/2 above, λ in closed form through a quadratic (k = 1 is not softmax in general: x = [3, 0, 0]). iterative: the essay's loop of k softmaxes, each lowering the logits by log(1 - w); it leaves [0, 1] as τ → 0. subtraction: the essay's recursion Z_(m,i) = w_i(Z_(m-1) - Z_(m-1,i)), which cancels catastrophically for small τ. Everything runs in MPFR at the digits asked for plus 64 guard bits. jacobian = true adds ∂p_i/∂x_j: for grad (q_ij - p_i p_j)/τ with q_ij the probability that both are kept, for threshold methods the implicit-function formula f'(z_i)(δ_ij - f'(z_j)/Σf'(z_l))/τ. The result stands for p.",
    examples: &[
        "soft_topk([3, 2, 1, 4], 2, 1, method = grad)",
        "soft_topk([3, 2, 1, 4], 2, 0.01, method = grad)",
        "soft_topk([0.3, -1.2, 2.0, 0.7, 1.1], 2, 1, method = exp)",
        "soft_topk([3, 0, 0], 1, 1, method = smooth)",
        "soft_topk([3, 2, 1, 4], 2, 1/2, method = sigmoid, jacobian = true)",
    ],
    run: run_soft_topk,
};

pub(super) const CHECK_TOPK: Command = Command {
    name: "check_topk",
    params: &[Param::required(
        "method",
        Kind::Choice(Method::NAMES),
        "the construction to test",
    )],
    variadic: false,
    options: &[&[
        Param::optional(
            "x",
            Kind::Value,
            "built in",
            "the vectors to test (a list, or a list of lists); by default [3, 2, 1, 4], [0.3, -1.2, 2, 0.7, 1.1], [3, 0, 0] and 12 seeded random normal vectors of length 6",
        ),
        Param::with("k", Kind::Count { min: 1, max: 1000 }, "2", "k"),
        Param::with(
            "seed",
            Kind::Count {
                min: 0,
                max: u64::MAX,
            },
            "7",
            "the seed of the random vectors",
        ),
    ]],
    forms: &[],
    summary: "Test a smooth top-k for its promises: values in [0, 1], Σp = k, monotone, shift-invariant, the limit T_k as τ → 0, and whether k = 1 gives softmax; each holds or fails with a counterexample.",
    details: "Every test vector is run at τ = 1, 0.1 and 0.01 in MPFR (30 digits); the limit is taken at τ = gap/60 and gap/120, where gap is the distance between the k-th and (k+1)-th largest entries, and must approach T_k (distance below 10^-6 and shrinking). The k = 1 row compares with softmax(x/τ). Nothing is assumed: iterative fails [0, 1] in the limit, smooth is not softmax at k = 1 on [3, 0, 0].",
    examples: &[
        "check_topk(grad)",
        "check_topk(iterative)",
        "check_topk(smooth, k = 1)",
    ],
    run: run_check_topk,
};

/// A value shown with `digits` digits; exactly 0 and 1 print exactly.
pub(super) fn shown(v: &Float, digits: u32, span: Span) -> Result<Expr, Error> {
    if v.is_zero() {
        return Ok(Expr::zero());
    }
    if *v == 1 {
        return Ok(Expr::one());
    }
    Ok(Expr::num(
        crate::expr::Number::approx(v.clone(), digits).map_err(math(span))?,
    ))
}

fn run_topk(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let x = entries(&mut b, "x")?;
    let k = b.count("k").unwrap_or(1) as usize;
    if k > x.len() {
        return Err(Error::usage(
            format!(
                "k = {k} is larger than the length of the vector, {}",
                x.len()
            ),
            span,
        ));
    }
    let values = numbers(&x, 256, span)?;
    let mask = topk::hard_topk(&values, k).map_err(math(span))?;
    Ok(Value::List(
        mask.into_iter()
            .map(|m| Value::Expr(Expr::int(i64::from(m))))
            .collect(),
    ))
}

fn run_soft_topk(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let x = entries(&mut b, "x")?;
    let k = b.count("k").unwrap_or(1) as usize;
    let tau_expr = b.expr("tau")?;
    let method = Method::from_name(b.choice("method").unwrap_or("grad")).unwrap_or(Method::Grad);
    let digits = b.count("digits").unwrap_or(6) as u32;
    let prec = crate::expr::number::digits_to_bits(digits) + 64;
    let values = numbers(&x, prec, span)?;
    let tau = numbers(std::slice::from_ref(&tau_expr), prec, span)?.remove(0);
    if b.flag("jacobian") && x.len() > limits::MAX_JACOBIAN_SIZE {
        return Err(Error::math(
            crate::math_error::MathError::TooLarge {
                what: format!("a Jacobian of {} entries", x.len()),
                limit: format!("{} entries", limits::MAX_JACOBIAN_SIZE),
            },
            span,
        ));
    }
    let result = topk::soft_topk(&values, k, &tau, method).map_err(math(span))?;
    let jacobian = if b.flag("jacobian") {
        Some(
            topk::jacobian(&values, k, &tau, method, &result)
                .map_err(math(span))?
                .iter()
                .map(|row| row.iter().map(|v| shown(v, digits, span)).collect())
                .collect::<Result<Vec<Vec<Expr>>, Error>>()?,
        )
    } else {
        None
    };
    let sum = result.p.iter().fold(Float::new(prec), |a, v| a + v);
    Ok(Value::report(SoftTopKReport {
        method: method.name(),
        k,
        tau: tau_expr,
        values: result
            .p
            .iter()
            .map(|v| shown(v, digits, span))
            .collect::<Result<_, _>>()?,
        threshold: result
            .threshold
            .as_ref()
            .map(|t| shown(t, digits, span))
            .transpose()?,
        sum: shown(&sum, digits, span)?,
        jacobian,
    }))
}

/// One property's verdict: the first counterexample found, if any.
struct Verdict {
    name: &'static str,
    counterexample: Option<String>,
}

fn describe(x: &[Float]) -> String {
    let parts: Vec<String> = x.iter().map(|v| format!("{:.4}", v.to_f64())).collect();
    format!("[{}]", parts.join(", "))
}

fn run_check_topk(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let method = Method::from_name(b.choice("method").unwrap_or("grad")).unwrap_or(Method::Grad);
    let k = b.count("k").unwrap_or(2) as usize;
    let seed = b.count("seed").unwrap_or(7);
    let prec = 128u32;
    let lift = |v: &[f64]| -> Vec<Float> { v.iter().map(|x| Float::with_val(prec, *x)).collect() };
    let vectors: Vec<Vec<Float>> = if b.given("x") {
        let value = b.value("x")?;
        let lists = match &value {
            Value::List(items) if items.iter().all(|i| matches!(i, Value::List(_))) => {
                items.clone()
            }
            _ => vec![value],
        };
        lists
            .into_iter()
            .map(|l| numbers(&entries_of(l, span)?, prec, span))
            .collect::<Result<_, _>>()?
    } else {
        let mut v = vec![
            lift(&[3.0, 2.0, 1.0, 4.0]),
            lift(&[0.3, -1.2, 2.0, 0.7, 1.1]),
            lift(&[3.0, 0.0, 0.0]),
        ];
        for s in 0..12 {
            v.push(lift(&crate::numeric::random::normal(
                6,
                seed.wrapping_add(s),
            )));
        }
        v
    };
    let f = |x: f64| Float::with_val(prec, x);
    let tolerance = f(1e-20);
    let run = |x: &[Float], k: usize, tau: &Float| topk::soft_topk(x, k, tau, method);
    let mut verdicts = vec![
        Verdict {
            name: "values in [0, 1]",
            counterexample: None,
        },
        Verdict {
            name: "sum = k",
            counterexample: None,
        },
        Verdict {
            name: "monotone",
            counterexample: None,
        },
        Verdict {
            name: "shift-invariant",
            counterexample: None,
        },
        Verdict {
            name: "limit τ → 0 is T_k",
            counterexample: None,
        },
        Verdict {
            name: "k = 1 is softmax",
            counterexample: None,
        },
    ];
    let mut note = |i: usize, text: String| {
        verdicts[i].counterexample.get_or_insert(text);
    };
    let mut tested = 0;
    for x in &vectors {
        crate::interrupt::check()?;
        if k > x.len() {
            continue;
        }
        tested += 1;
        for tau in [f(1.0), f(0.1), f(0.01)] {
            let p = run(x, k, &tau).map_err(math(span))?.p;
            let t = tau.to_f64();
            if let Some(v) = p
                .iter()
                .find(|v| **v < -tolerance.clone() || **v > 1 + tolerance.clone())
            {
                note(
                    0,
                    format!(
                        "x = {}, τ = {t}: an entry is {:.6}",
                        describe(x),
                        v.to_f64()
                    ),
                );
            }
            let sum = p.iter().fold(f(0.0), |a, v| a + v);
            if (sum.clone() - k as u32).abs() > tolerance {
                note(
                    1,
                    format!("x = {}, τ = {t}: Σp = {:.10}", describe(x), sum.to_f64()),
                );
            }
            for i in 0..x.len() {
                for j in 0..x.len() {
                    if x[i] > x[j] && p[i] < p[j].clone() - &tolerance {
                        note(
                            2,
                            format!(
                                "x = {}, τ = {t}: x_{} > x_{} but p = {:.6} < {:.6}",
                                describe(x),
                                i + 1,
                                j + 1,
                                p[i].to_f64(),
                                p[j].to_f64()
                            ),
                        );
                    }
                }
            }
            let shifted: Vec<Float> = x.iter().map(|v| Float::with_val(prec, v + 3.7)).collect();
            let q = run(&shifted, k, &tau).map_err(math(span))?.p;
            let worst = p
                .iter()
                .zip(&q)
                .map(|(a, c)| Float::with_val(prec, a - c).abs())
                .fold(f(0.0), |m, d| m.max(&d));
            if worst > f(1e-15) {
                note(
                    3,
                    format!(
                        "x = {}, τ = {t}: adding 3.7 moves p by {:.2e}",
                        describe(x),
                        worst.to_f64()
                    ),
                );
            }
        }
        // The limit: T_k at τ = gap/60 and gap/120 (a tie at the boundary has no limit).
        let order = topk::order(x).map_err(math(span))?;
        if k < x.len() {
            let gap = Float::with_val(prec, &x[order[k - 1]] - &x[order[k]]);
            if gap > 1e-6 {
                let hard = topk::hard_topk(x, k).map_err(math(span))?;
                let distance = |tau: Float| -> Result<Float, Error> {
                    let p = run(x, k, &tau).map_err(math(span))?.p;
                    Ok(p.iter()
                        .zip(&hard)
                        .map(|(v, h)| Float::with_val(prec, v - u32::from(*h)).abs())
                        .fold(f(0.0), |m, d| m.max(&d)))
                };
                let near = distance(Float::with_val(prec, &gap / 60u32))?;
                let nearer = distance(Float::with_val(prec, &gap / 120u32))?;
                if nearer > f(1e-6) || nearer > near {
                    let p = run(x, k, &Float::with_val(prec, &gap / 120u32))
                        .map_err(math(span))?
                        .p;
                    note(
                        4,
                        format!(
                            "x = {}, τ = gap/120: p = {} (T_k differs by {:.3})",
                            describe(x),
                            describe(&p),
                            nearer.to_f64()
                        ),
                    );
                }
            }
        }
        // k = 1 against softmax(x/τ).
        let tau = f(1.0);
        let p = run(x, 1, &tau).map_err(math(span))?.p;
        let top = x.iter().fold(x[0].clone(), |m, v| m.max(v));
        let weights: Vec<Float> = x
            .iter()
            .map(|v| Float::with_val(prec, v - &top).exp())
            .collect();
        let total = weights.iter().fold(f(0.0), |a, w| a + w);
        let worst = p
            .iter()
            .zip(&weights)
            .map(|(a, w)| Float::with_val(prec, a - Float::with_val(prec, w / &total)).abs())
            .fold(f(0.0), |m, d| m.max(&d));
        if worst > f(1e-15) {
            note(
                5,
                format!(
                    "x = {}, τ = 1: p = {} differs from softmax by {:.3}",
                    describe(x),
                    describe(&p),
                    worst.to_f64()
                ),
            );
        }
    }
    let rows = verdicts
        .into_iter()
        .map(|v| {
            vec![
                Cell::text(v.name),
                Cell::text(if v.counterexample.is_some() {
                    "fails"
                } else {
                    "holds"
                }),
                Cell::text(v.counterexample.unwrap_or_default()),
            ]
        })
        .collect();
    Ok(Value::report(Table {
        title: format!(
            "check_topk({}): k = {k}, {tested} vectors at τ = 1, 0.1, 0.01 (30 digits), the limit at τ = gap/60 and gap/120",
            method.name()
        ),
        columns: ["property", "result", "counterexample"]
            .map(String::from)
            .to_vec(),
        rows,
        path: None,
    }))
}
