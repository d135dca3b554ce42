//! Compiled batch evaluation over 10^6 points against a hand-written Rust closure of the same
//! formula (the target: at most 1.5x the closure's time).

use std::hint::black_box;

use ansatz::Session;
use ansatz::numeric::compile::Program;
use criterion::{Criterion, criterion_group, criterion_main};

const N: usize = 1_000_000;

fn compile(src: &str) -> Program {
    let mut session = Session::new();
    let expr = session.expr(src).expect("an expression");
    Program::compile(&expr, &["x"]).expect("compiles")
}

fn points() -> Vec<f64> {
    (0..N).map(|i| -8.0 + 16.0 * i as f64 / N as f64).collect()
}

fn bench_formula(c: &mut Criterion, name: &str, src: &str, closure: fn(f64) -> f64) {
    let xs = points();
    let program = compile(src);
    let mut out = vec![0.0; N];
    let mut group = c.benchmark_group(name);
    group.sample_size(20);
    group.bench_function("ansatz compiled, 1 thread", |b| {
        b.iter(|| program.eval_columns(&[black_box(&xs)], &mut out));
    });
    group.bench_function("ansatz compiled, rayon", |b| {
        b.iter(|| program.eval_batch(black_box(&xs), &mut out));
    });
    group.bench_function("rust closure, 1 thread", |b| {
        b.iter(|| {
            for (o, x) in out.iter_mut().zip(black_box(&xs)) {
                *o = closure(*x);
            }
        });
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    bench_formula(
        c,
        "x*sin(x) + exp(-x^2/2)/(1+x^2)",
        "x*sin(x) + exp(-x^2/2)/(1+x^2)",
        |x| x * x.sin() + (-x * x / 2.0).exp() / (1.0 + x * x),
    );
    bench_formula(
        c,
        "gelu tanh approximation",
        "x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))",
        |x| {
            x / 2.0
                * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x * x * x)).tanh())
        },
    );
}

criterion_group!(benches, batch);
criterion_main!(benches);
