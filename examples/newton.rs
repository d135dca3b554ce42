//! The Newton essay (MATH.md §1) end to end: a typed equation, its symbolic derivative, the
//! iteration table, a failure reported honestly, then 100 certified digits.
//! Run with `cargo run --release --example newton`.

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        f(x) := x^3 - 2*x - 5
        diff(f(x), x)
        solve(f(x) = 0, x = 2, trace = true)
        solve(x^3 - 2*x + 2 = 0, x = 0)
        solve(cos(x) = x, x = 1, digits = 100)
        solve((x - 1)^3*(x + 2) = 0, x = 2)
        roots(x^5 - x - 1, x)";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("newton", script)),
        }
    }
}
