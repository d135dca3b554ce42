//! `ansatz -e '1+1'` as a whole process (start-up, parse, print, exit; target at most 10 ms).

use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

fn process(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_ansatz");
    let mut group = c.benchmark_group("process");
    group.sample_size(50);
    group.bench_function("ansatz -e '1+1'", |b| {
        b.iter(|| {
            let out = Command::new(exe)
                .args(["-e", "1+1"])
                .output()
                .expect("runs");
            assert_eq!(out.stdout, b"2\n");
        })
    });
    group.finish();
}

criterion_group!(benches, process);
criterion_main!(benches);
