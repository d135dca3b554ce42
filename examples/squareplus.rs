//! SquarePlus against softplus (MATH.md §4): SquarePlus(x, b) = (x + √(x² + b))/2 lies above
//! softplus everywhere exactly when b ≥ 4 log(2)² (the threshold found by solving the touching
//! conditions, in closed form), which `prove` shows for b = 2 and refutes for b = 1.9; the b
//! that minimises max |SquarePlus − softplus| has no closed form and is found by the minimax
//! fit to any precision, with its equioscillation and a certificate; the error curves.
//! Run with `cargo run --release --example squareplus` (writes target/squareplus-errors.svg).

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        prove(squareplus(x, b) >= softplus(x), x = [-inf, inf])
        prove(squareplus(x, 2) >= softplus(x), x = [-inf, inf])
        prove(squareplus(x, 19/10) >= softplus(x), x = [-inf, inf])
        minimax(squareplus(x, b), softplus(x), x = [-inf, inf], params = [b = 2], digits = 30)
        verify(squareplus(x, 4*log(2)^2), softplus(x), x = [-inf, inf])
        convolve(relu(x), logistic(1), x)
        plot_error(softplus(x), [squareplus(x, 4*log(2)^2), squareplus(x, 1.5238210325)], x = [-8, 8], to = \"target/squareplus-errors.svg\")";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("squareplus", script)),
        }
    }
}
