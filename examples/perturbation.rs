//! The perturbation essay (MATH.md §2) end to end: the root of eps*x^3 + x^2 = p^2 near p as
//! a series in eps converging to the Newton root at eps = 0.1; the singular branch of
//! eps*x^2 + x - 1 found by the Newton polygon; the Taylor series of x' = sin(x) + t; the
//! regular perturbation of x'' + x = eps*x^2 with its secular term; and the pendulum's exact
//! period series (MATH.md §3).
//! Run with `cargo run --release --example perturbation`.

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        perturb(eps*x^3 + x^2 = p^2, x, eps, 6)
        b := perturb(eps*x^3 + x^2 = p^2, x, eps, 8, around = p)
        r := solve(x^3/10 + x^2 = 1, x = 1, digits = 20)
        partial_sums(subs(b, p = 1), eps = 1/10, exact = r)
        perturb(eps*x^2 + x - 1 = 0, x, eps, 5)
        taylor_ode(x' = sin(x) + t, x(0) = 0, t, 12)
        perturb_ode(x'' + x = eps*x^2, x(0) = 1, x'(0) = 0, eps, 2)
        series(1/agm(1, cos(x/2)), x, 12)
        revert(series(x*exp(x), x, 8))";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("perturbation", script)),
        }
    }
}
