//! GELU and its two elementary approximations (MATH.md §5) end to end: the Taylor constants
//! (λ = √(8/π) for Φ(x) ≈ σ(λx); a = √(2/π), b/a = 2/(3π) − 1/6 for erf(x/√2) ≈ tanh(ax + bx³))
//! against the minimax constants (λ* ≈ 1.702 and, with a held at √(2/π), b*/a ≈ 0.044715), the
//! certified errors of the published forms, where they equioscillate, and the error curves.
//! Run with `cargo run --release --example gelu` (writes target/gelu-errors.svg and
//! target/gelu-tanh-error.svg).

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        N(gelu(1), 20)
        fit_taylor(sigmoid(lambda*x), Phi(x), x = 0, params = [lambda = 1.7])
        minimax(sigmoid(lambda*x), Phi(x), x = [-inf, inf], params = [lambda = 1.7], digits = 30)
        fit_l2(sigmoid(lambda*x), Phi(x), x = [-inf, inf], params = [lambda = 1.7])
        fit_taylor(tanh(a*x + b*x^3), erf(x/sqrt(2)), x = 0, params = [a = 0.8, b = 0.03])
        minimax(tanh(a*x + b*x^3), erf(x/sqrt(2)), x = [-inf, inf], params = [b = 0.035], fixed = [a = sqrt(2/pi)], digits = 25)
        verify(gelu_sigmoid(x), gelu(x), x = [-inf, inf])
        verify(tanh(sqrt(2/pi)*(x + 0.044715*x^3)), erf(x/sqrt(2)), x = [-inf, inf], at = 0, to = \"target/gelu-tanh-error.svg\")
        plot_error(gelu(x), [gelu_sigmoid(x), gelu_tanh(x)], x = [-6, 6], to = \"target/gelu-errors.svg\")";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("gelu", script)),
        }
    }
}
