//! Vector commands: reductions of lists (exact where the entries are), orderings, ranges and
//! seeded random vectors, and the smooth top-k family (`topk`, `soft_topk`, `check_topk`;
//! the mathematics is in `crate::approx::topk`). Lists are 1-based (`v[1]` is the first
//! entry); element-wise arithmetic and calls of built-in functions work on lists directly.

mod entropy;
mod report;
mod topk;

use rug::Float;

use super::{Bound, Command, Kind, Param};
use crate::error::Error;
use crate::expr::{Expr, canon};
use crate::limits;
use crate::session::Session;
use crate::session::value::Value;
use crate::span::Span;

/// How many random numbers, and the seed option.
const RANDOM_COUNT: Param = Param::required(
    "n",
    Kind::Count {
        min: 1,
        max: limits::MAX_VECTOR_LENGTH as u64,
    },
    "how many",
);
const RANDOM_SEED: &[Param] = &[Param::with(
    "seed",
    Kind::Count {
        min: 0,
        max: u64::MAX,
    },
    "7",
    "the seed",
)];

/// One list argument.
const VECTOR: Param = Param::required("v", Kind::Value, "a list of numbers or expressions");

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "sum",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The sum of a list's entries (exact when they are).",
        details: "",
        examples: &["sum([1, 2, 3])", "sum([1/3, 1/6])"],
        run: run_sum,
    },
    Command {
        name: "mean",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The mean of a list's entries.",
        details: "",
        examples: &["mean([1, 2, 3, 4])"],
        run: run_mean,
    },
    Command {
        name: "var",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The population variance Σ(v_i − mean)²/n of a list (divided by n, not n − 1).",
        details: "",
        examples: &["var([1, 2, 3, 4])"],
        run: run_var,
    },
    Command {
        name: "len",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The number of entries of a list.",
        details: "",
        examples: &["len([3, 2, 1, 4])"],
        run: run_len,
    },
    Command {
        name: "dot",
        params: &[
            Param::required("u", Kind::Value, "a list"),
            Param::required("v", Kind::Value, "a list of the same length"),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The dot product Σ u_i v_i.",
        details: "",
        examples: &["dot([1, 2, 3], [4, 5, 6])"],
        run: run_dot,
    },
    Command {
        name: "sort",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The entries in increasing order (compared by their values; equal ones keep their order).",
        details: "",
        examples: &["sort([3, 1, pi, 2])"],
        run: run_sort,
    },
    Command {
        name: "argmax",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The 1-based position of the largest entry (the first of equal ones).",
        details: "",
        examples: &["argmax([3, 2, 1, 4])"],
        run: run_argmax,
    },
    Command {
        name: "argmin",
        params: &[VECTOR],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The 1-based position of the smallest entry (the first of equal ones).",
        details: "",
        examples: &["argmin([3, 2, 1, 4])"],
        run: run_argmin,
    },
    Command {
        name: "range",
        params: &[
            Param::required("a", Kind::Expr, "the first value"),
            Param::required("b", Kind::Expr, "the last value (included when reached)"),
            Param::with(
                "step",
                Kind::Expr,
                "1",
                "the step (non-zero; negative counts down)",
            ),
        ],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "The list a, a + step, …, up to b (exact).",
        details: "",
        examples: &["range(1, 5)", "range(0, 1, 1/4)", "range(5, 1, -2)"],
        run: run_range,
    },
    Command {
        name: "random_normal",
        params: &[
            RANDOM_COUNT,
            Param::optional(
                "cols",
                Kind::Count {
                    min: 1,
                    max: 1_000_000,
                },
                "a list",
                "columns: random_normal(m, n) is an m × n matrix, filled row by row from the same stream",
            ),
        ],
        variadic: false,
        options: &[RANDOM_SEED],
        forms: &[],
        summary: "n standard normal numbers (or an m × n matrix), the same for the same seed on every machine.",
        details: "The generator: ChaCha8 (rand_chacha, a portable value-stable stream) seeded with seed; uniforms are the top 53 bits of a 64-bit word over 2^53, normals come in pairs by the Box–Muller transform sqrt(-2 ln u1)(cos 2πu2, sin 2πu2). Each value is the double it produced, shown with 17 digits.",
        examples: &[
            "random_normal(4, seed = 7)",
            "random_normal(2, 3, seed = 1)",
        ],
        run: run_random_normal,
    },
    Command {
        name: "random_uniform",
        params: &[RANDOM_COUNT],
        variadic: false,
        options: &[RANDOM_SEED],
        forms: &[],
        summary: "n uniform numbers in [0, 1), the same for the same seed on every machine (generator as random_normal).",
        details: "",
        examples: &["random_uniform(3, seed = 1)"],
        run: run_random_uniform,
    },
    topk::TOPK,
    topk::SOFT_TOPK,
    topk::CHECK_TOPK,
    entropy::SOFTMAX,
    entropy::LOGSUMEXP,
    entropy::SOFT_ARGMAX,
    entropy::SOFT_F1,
    entropy::SOFTMAX_ENTROPY,
    entropy::ENTROPY_TABLE,
    entropy::SOLVE_SCALE,
];

/// The entries of a list argument as expressions.
fn entries(b: &mut Bound, name: &str) -> Result<Vec<Expr>, Error> {
    let span = b.span_of(name);
    entries_of(b.value(name)?, span)
}

fn entries_of(v: Value, span: Span) -> Result<Vec<Expr>, Error> {
    let Value::List(items) = v else {
        return Err(Error::usage(
            format!("expected a list such as [3, 2, 1, 4], got a {}", v.kind()),
            span,
        ));
    };
    if items.is_empty() {
        return Err(Error::usage("the list is empty", span));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item.operand(span)? {
            Value::Expr(e) => Ok(e),
            other => Err(Error::usage(
                format!(
                    "entry {} is a {}, not a number or expression",
                    i + 1,
                    other.kind()
                ),
                span,
            )),
        })
        .collect()
}

/// The entries as MPFR numbers of `prec` bits (each entry must be a finite real number).
fn numbers(exprs: &[Expr], prec: u32, span: Span) -> Result<Vec<Float>, Error> {
    exprs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let v = crate::numeric::eval::eval(e, &crate::numeric::eval::NoVars, &Float::new(prec))
                .map_err(|err| {
                    Error::usage(
                        format!("entry {} ({e}) is not a real number: {err}", i + 1),
                        span,
                    )
                })?;
            if !v.is_finite() {
                return Err(Error::usage(
                    format!("entry {} ({e}) is not a finite number", i + 1),
                    span,
                ));
            }
            Ok(v)
        })
        .collect()
}

fn math(span: Span) -> impl Fn(crate::math_error::MathError) -> Error {
    move |e| Error::math(e, span)
}

fn exact_sum(v: &[Expr], span: Span) -> Result<Expr, Error> {
    canon::add(v.to_vec()).map_err(math(span))
}

fn run_sum(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let v = entries(&mut b, "v")?;
    Ok(Value::Expr(exact_sum(&v, span)?))
}

fn mean_of(v: &[Expr], span: Span) -> Result<Expr, Error> {
    canon::div(exact_sum(v, span)?, Expr::int(v.len() as i64)).map_err(math(span))
}

fn run_mean(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let v = entries(&mut b, "v")?;
    Ok(Value::Expr(mean_of(&v, span)?))
}

fn run_var(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let v = entries(&mut b, "v")?;
    let m = mean_of(&v, span)?;
    let squares = v
        .iter()
        .map(|x| canon::powi(canon::sub(x.clone(), m.clone())?, 2))
        .collect::<Result<Vec<_>, _>>()
        .map_err(math(span))?;
    let var = mean_of(&squares, span)?;
    Ok(Value::Expr(
        crate::expr::subst::expand(&var).map_err(math(span))?,
    ))
}

fn run_len(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    match b.value("v")? {
        Value::List(items) => Ok(Value::Expr(Expr::int(items.len() as i64))),
        other => Err(Error::usage(
            format!("len takes a list, got a {}", other.kind()),
            span,
        )),
    }
}

fn run_dot(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let u = entries(&mut b, "u")?;
    let v = entries(&mut b, "v")?;
    Ok(Value::Expr(dot(&u, &v, span)?))
}

fn dot(u: &[Expr], v: &[Expr], span: Span) -> Result<Expr, Error> {
    if u.len() != v.len() {
        return Err(Error::usage(
            format!(
                "the lists have different lengths ({} and {})",
                u.len(),
                v.len()
            ),
            span,
        ));
    }
    let products = u
        .iter()
        .zip(v)
        .map(|(a, b)| canon::mul2(a.clone(), b.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(math(span))?;
    exact_sum(&products, span)
}

/// The positions in increasing order of value (stable), compared at 256 bits.
fn increasing(v: &[Expr], span: Span) -> Result<Vec<usize>, Error> {
    let values = numbers(v, 256, span)?;
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| {
        values[a]
            .partial_cmp(&values[b])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(idx)
}

fn run_sort(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let v = entries(&mut b, "v")?;
    let idx = increasing(&v, span)?;
    Ok(Value::List(
        idx.into_iter().map(|i| Value::Expr(v[i].clone())).collect(),
    ))
}

fn run_argmax(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let v = entries(&mut b, "v")?;
    let values = numbers(&v, 256, span)?;
    let mut best = 0;
    for (i, x) in values.iter().enumerate() {
        if *x > values[best] {
            best = i;
        }
    }
    Ok(Value::Expr(Expr::int(best as i64 + 1)))
}

fn run_argmin(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let v = entries(&mut b, "v")?;
    let values = numbers(&v, 256, span)?;
    let mut best = 0;
    for (i, x) in values.iter().enumerate() {
        if *x < values[best] {
            best = i;
        }
    }
    Ok(Value::Expr(Expr::int(best as i64 + 1)))
}

fn run_range(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let a = b.expr("a")?;
    let end = b.expr("b")?;
    let step = if b.given("step") {
        b.expr("step")?
    } else {
        Expr::one()
    };
    let rational = |e: &Expr, what: &str| match e.as_number() {
        Some(crate::expr::Number::Exact(q)) => Ok(q.clone()),
        _ => Err(Error::usage(
            format!("{what} must be an exact number (an integer or a fraction), got {e}"),
            span,
        )),
    };
    let (a, end, step) = (
        rational(&a, "a")?,
        rational(&end, "b")?,
        rational(&step, "step")?,
    );
    if step == 0 {
        return Err(Error::usage("the step must not be 0", span));
    }
    let count = Float::with_val(64, rug::Rational::from(&end - &a)) / Float::with_val(64, &step);
    if count < 0 {
        return Ok(Value::List(Vec::new()));
    }
    if count >= limits::MAX_VECTOR_LENGTH as f64 {
        return Err(Error::math(
            crate::math_error::MathError::TooLarge {
                what: format!("a range of about {} entries", count.to_f64()),
                limit: format!("{} entries", limits::MAX_VECTOR_LENGTH),
            },
            span,
        ));
    }
    let mut out = Vec::new();
    let mut x = a.clone();
    let forward = step > 0;
    while (forward && x <= end) || (!forward && x >= end) {
        out.push(Value::Expr(Expr::num(crate::expr::Number::Exact(
            x.clone(),
        ))));
        x += &step;
    }
    Ok(Value::List(out))
}

fn random_list(values: Vec<f64>, span: Span) -> Result<Value, Error> {
    values
        .into_iter()
        .map(|x| {
            crate::expr::Number::approx(Float::with_val(53, x), 17)
                .map(|n| Value::Expr(Expr::num(n)))
                .map_err(math(span))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::List)
}

fn run_random_normal(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let n = b.count("n").unwrap_or(1);
    let seed = b.count("seed").unwrap_or(7);
    if let Some(cols) = b.count("cols") {
        crate::linalg::matrix::check_size(n, cols, false).map_err(math(b.span))?;
        let (rows, cols) = (n as usize, cols as usize);
        let values = crate::numeric::random::normal(rows * cols, seed);
        return Ok(Value::matrix(crate::linalg::Matrix::data(
            crate::linalg::Dense::new(rows, cols, values)
                .ok_or_else(|| Error::usage("inconsistent matrix size", b.span))?,
        )));
    }
    random_list(crate::numeric::random::normal(n as usize, seed), b.span)
}

fn run_random_uniform(_: &mut Session, b: Bound) -> Result<Value, Error> {
    let n = b.count("n").unwrap_or(1) as usize;
    let seed = b.count("seed").unwrap_or(7);
    random_list(crate::numeric::random::uniform(n, seed), b.span)
}
