//! The matrix targets of the low-rank issue: thin SVD of a 2000 × 1000 random matrix (faer;
//! compare with `python3 benches/numpy_svd.py` in the same run: within 1.1× of NumPy), the
//! rank-50 ID of a 2000 × 1000 matrix (≤ 0.5 s), 1000 CR trials of a 500×2000 · 2000×500
//! product at r = 50 (≤ 2 s), and the 30-digit SVD of a 50 × 50 matrix (≤ 2 s). Also the
//! whole `interp_decomp` statement, whose two extra SVDs (the bounds) cost more than the ID.

use std::hint::black_box;

use ansatz::Session;
use ansatz::expr::number::digits_to_bits;
use ansatz::linalg::cr::{Sampling, study};
use ansatz::linalg::{Dense, float, id, jacobi};
use criterion::{Criterion, criterion_group, criterion_main};
use rug::Float;

fn random(rows: usize, cols: usize, seed: u64) -> Dense<f64> {
    Dense::new(
        rows,
        cols,
        ansatz::numeric::random::normal(rows * cols, seed),
    )
    .expect("shape")
}

fn matrices(c: &mut Criterion) {
    let a = random(2000, 1000, 1);
    let mut group = c.benchmark_group("matrices");
    group.sample_size(10);
    group.bench_function("thin SVD 2000x1000 (faer)", |b| {
        b.iter(|| float::svd(black_box(&a)).expect("svd"))
    });
    group.bench_function("ID 2000x1000, r = 50 (truncated pivoted QR)", |b| {
        b.iter(|| id::interpolative(black_box(&a), 50).expect("id"))
    });
    group.bench_function(
        "interp_decomp statement 2000x1000, r = 50 (with bounds)",
        |b| {
            b.iter(|| {
                Session::new().eval_line(black_box(
                    "A := random_normal(2000, 1000, seed = 1); d := interp_decomp(A, 50)",
                ))
            })
        },
    );
    let (x, y) = (random(500, 2000, 2), random(2000, 500, 3));
    group.bench_function("cr_product 1000 trials, 500x2000 * 2000x500, r = 50", |b| {
        b.iter(|| study(black_box(&x), black_box(&y), 50, Sampling::Optimal, 1000, 1).expect("cr"))
    });
    let prec = digits_to_bits(30) + 32;
    let small = random(50, 50, 4).map(|v| Float::with_val(prec, *v));
    group.bench_function("SVD 50x50 at 30 digits (one-sided Jacobi, MPFR)", |b| {
        b.iter(|| jacobi::svd(black_box(&small), prec, 0.0).expect("jacobi"))
    });
    group.finish();
}

criterion_group!(benches, matrices);
criterion_main!(benches);
