//! Parse and differentiate a 1,000-node expression (target: at most 1 ms).

use std::hint::black_box;

use ansatz::Session;
use ansatz::expr::diff::diff;
use criterion::{Criterion, criterion_group, criterion_main};

/// A sum of varied terms, about 1,000 nodes once parsed.
fn source() -> String {
    let funcs = ["sin", "cos", "exp", "log", "atan", "tanh", "sqrt", "erf"];
    (1..=90)
        .map(|k| format!("{k}*{}(x^{} + {k}*x)", funcs[k % funcs.len()], k % 5 + 2))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn symbolic(c: &mut Criterion) {
    let text = source();
    let mut session = Session::new();
    let expr = session.expr(&text).expect("an expression");
    eprintln!(
        "expression size: {} nodes; derivative: {} nodes",
        expr.size(),
        diff(&expr, "x").expect("d").size()
    );
    c.bench_function("parse + lower 1000-node expression", |b| {
        b.iter(|| Session::new().eval_line(black_box(&text)))
    });
    c.bench_function("differentiate 1000-node expression", |b| {
        b.iter(|| diff(black_box(&expr), "x"))
    });
    c.bench_function("parse + differentiate 1000-node expression", |b| {
        b.iter(|| {
            let e = Session::new()
                .eval_line(black_box(&text))
                .remove(0)
                .expect("parses")
                .value;
            diff(e.as_expr().expect("expr"), "x")
        })
    });
    c.bench_function("N(pi, 1000)", |b| {
        b.iter(|| Session::new().eval_line(black_box("N(pi, 1000)")))
    });
}

criterion_group!(benches, symbolic);
criterion_main!(benches);
