//! The pendulum essay (MATH.md §3) end to end: the exact period at 30°, 60°, 90° and 120° by
//! the AGM and by the energy integral; the exact T/T0 series; Poincaré–Lindstedt from the typed
//! equation (sin is never truncated); the nome Fourier solution at 90° checked against a
//! numerical integration; homotopy analysis with its ħ-curves and optimal ħ; and the comparison
//! of all of them up to the separatrix, with a plot.
//! Run with `cargo run --release --example pendulum` (writes target/pendulum-hbar.svg and
//! target/pendulum-period.svg).

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        pendulum_period(pi/6, digits = 20)
        pendulum_period(pi/3, digits = 20)
        pendulum_period(pi/2, digits = 30)
        pendulum_period(2*pi/3, digits = 20)
        period(x'' + sin(x) = 0, x(0) = pi/2, x'(0) = 0, digits = 30)
        pendulum_series(10)
        lindstedt(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, 8)
        pendulum_fourier(pi/2, 6, digits = 20)
        ham(x'' + sin(x) = 0, x(0) = a, x'(0) = 0, order = 1, a = 1)
        ham(x'' + sin(x) = 0, x(0) = pi/2, x'(0) = 0, order = 8, plot = \"target/pendulum-hbar.svg\")
        compare_period(x'' + sin(x) = 0, amplitudes = [pi/6, pi/3, pi/2, 2*pi/3, 0.99*pi], orders = [2, 4, 8], plot = \"target/pendulum-period.svg\")";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("pendulum", script)),
        }
    }
}
