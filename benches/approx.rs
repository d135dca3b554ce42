//! The approximation lab (issue targets): λ* of Φ(x) ≈ σ(λx) to 30 digits (≤ 100 ms), the
//! SquarePlus b* to 15 digits (≤ 20 ms), a certified `verify` over [−inf, inf] (≤ 200 ms) and
//! one quadrature of a smoothed ReLU at 50 digits (≤ 10 ms).

use std::hint::black_box;

use ansatz::Session;
use ansatz::approx::convolve::{Breaks, Kernel, KernelKind, by_quadrature};
use ansatz::approx::fit::minimax;
use ansatz::approx::verify::{Measure, verify};
use criterion::{Criterion, criterion_group, criterion_main};
use rug::Float;

fn approx(c: &mut Criterion) {
    let e = |t: &str| Session::new().expr(t).expect(t);
    let line = (f64::NEG_INFINITY, f64::INFINITY);
    let (sigmoid, phi) = (e("sigmoid(lambda*x)"), e("Phi(x)"));
    c.bench_function(
        "minimax lambda* of Phi ~ sigmoid(lambda x), 30 digits",
        |b| {
            b.iter(|| {
                minimax(
                    black_box(&sigmoid),
                    &phi,
                    "x",
                    line,
                    &[("lambda".into(), 1.7)],
                    30,
                    Measure::Absolute,
                )
            })
        },
    );
    let (square, soft) = (e("squareplus(x, b)"), e("softplus(x)"));
    c.bench_function("minimax SquarePlus b*, 15 digits", |b| {
        b.iter(|| {
            minimax(
                black_box(&square),
                &soft,
                "x",
                line,
                &[("b".into(), 1.5)],
                15,
                Measure::Absolute,
            )
        })
    });
    let (g, f) = (e("x*sigmoid(1.702*x)"), e("x*Phi(x)"));
    c.bench_function(
        "verify x*sigmoid(1.702x) vs GELU on [-inf, inf], certified",
        |b| b.iter(|| verify(black_box(&g), &f, "x", line, Measure::Absolute, None)),
    );
    let relu = e("relu(x)");
    let kernel = Kernel {
        kind: KernelKind::Gaussian,
        width: ansatz::Expr::one(),
    };
    let breaks = Breaks {
        shifts: vec![ansatz::Expr::zero()],
        floor: false,
    };
    let x0 = Float::with_val(ansatz::expr::number::digits_to_bits(50) + 32, 0.3);
    c.bench_function(
        "quadrature of relu * gaussian(1) at x = 0.3, 50 digits",
        |b| b.iter(|| by_quadrature(black_box(&relu), "x", &kernel, &breaks, &x0)),
    );
}

criterion_group!(benches, approx);
criterion_main!(benches);
