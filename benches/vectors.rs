//! Smooth top-k and the entropy table (issue targets): `grad` for n = 10,000, k = 100 in
//! doubles (≤ 20 ms, O(nk)); `sigmoid` and `exp` for n = 10^6 (≤ 100 ms); `entropy_table` with
//! its default sizes (≤ 1 s, rayon).

use std::hint::black_box;

use ansatz::Session;
use ansatz::approx::topk::{Method, soft_topk};
use criterion::{Criterion, criterion_group, criterion_main};

fn vectors(c: &mut Criterion) {
    let small = ansatz::numeric::random::normal(10_000, 3);
    let large = ansatz::numeric::random::normal(1_000_000, 4);
    c.bench_function("soft_topk grad, n = 10000, k = 100, f64", |b| {
        b.iter(|| soft_topk(black_box(&small), 100, &1.0, Method::Grad))
    });
    for method in [Method::Sigmoid, Method::Exp] {
        c.bench_function(
            &format!("soft_topk {}, n = 10^6, k = 100, f64", method.name()),
            |b| b.iter(|| soft_topk(black_box(&large), 100, &1.0, method)),
        );
    }
    let mut group = c.benchmark_group("entropy");
    group.sample_size(10);
    group.bench_function("entropy_table() with its defaults, whole statement", |b| {
        b.iter(|| Session::new().eval_line(black_box("entropy_table()")))
    });
    group.finish();
}

criterion_group!(benches, vectors);
criterion_main!(benches);
