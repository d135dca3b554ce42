//! Poincaré–Lindstedt from the equation as typed (MATH.md §2 and §9): the reference problem
//! x'' + x - eps*x^3/6 = 0 (Maxima's example), Duffing u'' + u + eps*u^3 = 0 against its exact
//! period, and the van der Pol limit cycle, whose amplitude 2 comes out of the sin(τ)
//! solvability; then the same Duffing oscillator by homotopy analysis and the energy integral.
//! Run with `cargo run --release --example lindstedt`.

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        lindstedt(x'' + x - eps*x^3/6 = 0, x(0) = a, x'(0) = 0, eps, 3)
        lindstedt(u'' + u + eps*u^3 = 0, u(0) = 1, u'(0) = 0, eps, 6)
        period(u'' + u + eps*u^3 = 0, u(0) = 1, u'(0) = 0, eps = 1/10, digits = 20)
        lindstedt(x'' - eps*(1 - x^2)*x' + x = 0, x(0) = a, x'(0) = 0, eps, 4)
        ham(u'' + u + u^3 = 0, u(0) = 1, u'(0) = 0, order = 6)
        compare_period(u'' + u + u^3 = 0, amplitudes = [1/2, 1, 2], orders = [2, 4, 8])";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("lindstedt", script)),
        }
    }
}
