//! Entropy-invariant softmax (MATH.md §6): the entropy as an exact expression, the identity
//! dH/dλ = −λ Var_p(s) (both sides to 30 proven digits at λ = 7/10), the entropy table of random
//! attention scores for the standard and the log n scale (with a plot), and the λ(n) that
//! holds H at a target.
//! Run with `cargo run --release --example entropy` (writes target/entropy.svg).

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        N(softmax_entropy([1, 2, 3], 1), 30)
        H := softmax_entropy([1, 2, 3], lambda)
        p := softmax([1, 2, 3], lambda)
        variance := dot(p, [1, 2, 3]^2) - dot(p, [1, 2, 3])^2
        N(subs(diff(H, lambda), lambda = 7/10), 30)
        N(subs(-lambda*variance, lambda = 7/10), 30)
        entropy_table(to = \"target/entropy.svg\")
        solve_scale([64, 128, 256, 512, 1024, 2048, 4096], 64, 3)";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("entropy", script)),
        }
    }
}
