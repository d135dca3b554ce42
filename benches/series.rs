//! Series and perturbation (issue targets): the pendulum's T/T0 = 1/agm(1, cos(x/2)) to x^40
//! (≤ 1 ms) and x^200 (≤ 100 ms), exp(sin(x)) to x^500 (≤ 50 ms), the ODE Taylor series of
//! x' = sin(x) + t to t^200 (≤ 50 ms); also the general engine on the pendulum (the route
//! symbolic coefficients take) and a perturbation with a singular branch; oscillators: the
//! pendulum's Lindstedt series to a^16 (≤ 10 ms) and a^40 (≤ 1 s), Duffing to eps^8 (≤ 10 ms),
//! and the exact period to 10,000 digits (≤ 50 ms); homotopy analysis of the pendulum to order 10
//! with ħ symbolic at a = 1 (≤ 100 ms), the energy-integral period, and van der Pol to eps^8.

use std::hint::black_box;

use ansatz::Session;
use ansatz::series::{Point, expand, expand_general};
use criterion::{Criterion, criterion_group, criterion_main};

fn series(c: &mut Criterion) {
    let mut session = Session::new();
    let period = session.expr("1/agm(1, cos(x/2))").expect("expr");
    let exp_sin = session.expr("exp(sin(x))").expect("expr");
    let at0 = Point::At(ansatz::expr::Expr::zero());
    c.bench_function("series(1/agm(1, cos(x/2)), x, 40)", |b| {
        b.iter(|| expand(black_box(&period), "x", &at0, 40))
    });
    c.bench_function("series(1/agm(1, cos(x/2)), x, 200)", |b| {
        b.iter(|| expand(black_box(&period), "x", &at0, 200))
    });
    c.bench_function("series(exp(sin(x)), x, 500)", |b| {
        b.iter(|| expand(black_box(&exp_sin), "x", &at0, 500))
    });
    c.bench_function("general engine: 1/agm(1, cos(x/2)) to x^40", |b| {
        b.iter(|| expand_general(black_box(&period), "x", &at0, 40))
    });
    c.bench_function("taylor_ode(x' = sin(x) + t, x(0) = 0, t, 200)", |b| {
        b.iter(|| {
            Session::new().eval_line(black_box("taylor_ode(x' = sin(x) + t, x(0) = 0, t, 200)"))
        })
    });
    for (name, statement) in [
        (
            "pendulum PL to a^16",
            "lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 16)",
        ),
        (
            "pendulum PL to a^40",
            "lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 40)",
        ),
        (
            "Duffing PL to eps^8",
            "lindstedt(u'' + u + eps*u^3 = 0, u(0) = 1, u'(0) = 0, eps, 8)",
        ),
        (
            "pendulum_period(2, digits = 10000)",
            "pendulum_period(2, digits = 10000)",
        ),
        (
            "van der Pol PL to eps^8",
            "lindstedt(x'' - eps*(1 - x^2)*x' + x = 0, x(0) = a, x'(0) = 0, eps, 8)",
        ),
        (
            "period(x'' + sin(x) = 0, x(0) = 2, x'(0) = 0, digits = 30)",
            "period(x'' + sin(x) = 0, x(0) = 2, x'(0) = 0, digits = 30)",
        ),
        (
            "ham command, order 10, hbar = -1 (with residuals and the exact period)",
            "ham(x'' + sin(x) = 0, x(0) = 1, x'(0) = 0, order = 10, hbar = -1)",
        ),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| Session::new().eval_line(black_box(statement)))
        });
    }
    let sine = session.expr("sin(x)").expect("expr");
    let one = rug::Float::with_val(114, 1);
    c.bench_function(
        "HAM of the pendulum to order 10, ħ symbolic, a = 1, 15 digits",
        |b| b.iter(|| ansatz::perturb::homotopy::ham(black_box(&sine), "x", &one, 10, 114, 2.0)),
    );
    c.bench_function("perturb(eps*x^3 + x^2 = p^2, x, eps, 6)", |b| {
        b.iter(|| Session::new().eval_line(black_box("perturb(eps*x^3 + x^2 = p^2, x, eps, 6)")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = series
}
criterion_main!(benches);
