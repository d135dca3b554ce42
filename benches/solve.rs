//! Root finding: 10,000 digits of two roots (targets 15 ms and 2 ms), all roots of a random
//! degree-100 polynomial to double precision (target 50 ms), an 800x800 Newton fractal (1 s).

use std::hint::black_box;

use ansatz::Session;
use ansatz::expr::Expr;
use ansatz::solve::Options;
use ansatz::solve::one::{Start, solve_equation};
use ansatz::solve::polynomial::polynomial_roots;
use criterion::{Criterion, criterion_group, criterion_main};

fn parse(text: &str) -> Expr {
    Session::new().expr(text).expect("an expression")
}

fn random_poly(degree: usize) -> Expr {
    let mut state = 987654321u64;
    let terms: Vec<String> = (0..=degree)
        .map(|k| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let c = ((state >> 33) % 201) as i64 - 100;
            format!("({})*x^{k}", if k == degree && c == 0 { 1 } else { c })
        })
        .collect();
    parse(&terms.join(" + "))
}

fn solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");
    group.sample_size(20);
    let digits = Options {
        digits: Some(10_000),
        ..Options::default()
    };
    let dottie = parse("cos(x) - x");
    group.bench_function("cos(x) = x, 10000 digits", |b| {
        b.iter(|| {
            solve_equation(black_box(dottie.clone()), "x", Start::Real(1.0), &digits).expect("root")
        })
    });
    let cubic = parse("x^3 - 2*x - 5");
    group.bench_function("x^3 - 2x - 5, 10000 digits", |b| {
        b.iter(|| {
            solve_equation(black_box(cubic.clone()), "x", Start::Real(2.0), &digits).expect("root")
        })
    });
    let p = random_poly(100);
    group.bench_function("roots of a random degree-100 polynomial", |b| {
        b.iter(|| polynomial_roots(black_box(&p), "x", None).expect("roots"))
    });
    let cubic_roots = parse("z^3 - 1");
    group.bench_function("newton_fractal z^3 - 1, 800x800 (compute)", |b| {
        b.iter(|| {
            ansatz::solve::fractal::newton_basins(
                black_box(&cubic_roots),
                "z",
                (-2.0, 2.0),
                (-2.0, 2.0),
                800,
                800,
            )
            .expect("basins")
        })
    });
    group.finish();
}

criterion_group!(benches, solve);
criterion_main!(benches);
