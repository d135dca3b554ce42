//! The core in one page: exact arithmetic, canonical forms, symbolic derivatives, numbers to any
//! precision, and the compiled evaluator. Run with `cargo run --release --example basics`.

use ansatz::Session;
use ansatz::numeric::compile::Program;

fn main() {
    let mut session = Session::new();
    let script = "\
        0.1 + 0.2
        -2^2; 2^3^2
        f(x) := x^3 - 2*x - 5
        f(2); diff(f(x), x)
        diff(x^x, x)
        diff(exp(-x^2/2), x, 3)
        expand((x + 1)^5)
        N(pi, 60)
        N(ellipk(1/2), 30)
        N(sqrt(-4)); N(log(-1), 20)
        1/agm(1, cos(pi/12))
        N(ans, 25)";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("{:<40}", outcome.input),
            Ok(outcome) => println!("{:<40} → {}", outcome.input, outcome.to_plain()),
            Err(e) => print!("{}", e.render("basics", script)),
        }
    }

    // The same expression compiled for fast batch evaluation at a million points.
    let gelu = session
        .eval_line("x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))")
        .remove(0)
        .expect("parses");
    let expr = gelu.value.as_expr().expect("an expression").clone();
    let program = Program::compile(&expr, &["x"]).expect("compiles");
    let xs: Vec<f64> = (0..1_000_000)
        .map(|i| -6.0 + 12.0 * f64::from(i) / 1e6)
        .collect();
    let mut ys = vec![0.0; xs.len()];
    let start = std::time::Instant::now();
    program.eval_batch(&xs, &mut ys);
    println!(
        "tanh-GELU at 10^6 points in {:.1} ms; GELU(1) ≈ {}",
        start.elapsed().as_secs_f64() * 1e3,
        program.eval(&[1.0])
    );
}
