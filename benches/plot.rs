//! Plotting: a 10^6-point curve sampled and written as PNG (target 1 s), adaptive sampling of
//! sin(1/x) on [0.01, 1] (target 100 ms), and the same curve written as SVG.

use std::hint::black_box;

use ansatz::Session;
use ansatz::plot::curves::{Sampling, graph};
use criterion::{Criterion, criterion_group, criterion_main};

fn plot(c: &mut Criterion) {
    let mut group = c.benchmark_group("plot");
    group.sample_size(10);
    let dir = std::env::temp_dir().join(format!("ansatz-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let png = dir.join("million.png");
    let statement = format!(
        "plot(sin(x)*exp(-x/50), x = [0, 100], samples = 10^6, to = \"{}\")",
        png.display()
    );
    group.bench_function("10^6-point curve to PNG", |b| {
        b.iter(|| {
            let mut session = Session::new();
            let out = session.eval_line(black_box(&statement));
            assert!(out[0].is_ok());
        })
    });
    let svg = dir.join("million.svg");
    let statement = statement.replace(&png.display().to_string(), &svg.display().to_string());
    group.bench_function("10^6-point curve to SVG", |b| {
        b.iter(|| {
            let mut session = Session::new();
            let out = session.eval_line(black_box(&statement));
            assert!(out[0].is_ok());
        })
    });
    let f = Session::new().expr("sin(1/x)").expect("an expression");
    let sampling = Sampling::default();
    group.bench_function("adaptive sin(1/x) on [0.01, 1]", |b| {
        b.iter(|| {
            let curve =
                graph(black_box(&f), "x", (0.01, 1.0), String::new(), &sampling).expect("sampled");
            black_box(curve.point_count())
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, plot);
criterion_main!(benches);
