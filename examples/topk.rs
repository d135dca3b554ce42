//! Smooth top-k (MATH.md §7) end to end: the reference vector at τ = 1, the stability of the
//! log-space gradient at τ = 0.01 and 0.001 against the essay's subtraction recursion, the
//! threshold constructions with their Jacobians, and the property table of every method
//! (`check_topk`), including the two facts the essay gets wrong or leaves out: the iterative
//! loop leaves [0, 1], and the piecewise exponential is not softmax at k = 1.
//! Run with `cargo run --release --example topk`.

use ansatz::Session;

fn main() {
    let mut session = Session::new();
    let script = "\
        topk([3, 2, 1, 4], 2)
        soft_topk([3, 2, 1, 4], 2, 1, method = grad)
        soft_topk([3, 2, 1, 4], 2, 0.01, method = grad)
        soft_topk([3, 2, 1, 4], 2, 0.001, method = grad)
        soft_topk([3, 2, 1, 4], 2, 0.01, method = subtraction)
        soft_topk([3, 2, 1, 4], 2, 1, method = sigmoid, jacobian = true)
        soft_topk([0.3, -1.2, 2.0, 0.7, 1.1], 2, 1, method = exp)
        soft_topk([3, 0, 0], 1, 1, method = smooth)
        N(softmax([3, 0, 0]), 6)
        soft_topk([3, 2, 1, 4], 2, 0.001, method = iterative)
        check_topk(grad)
        check_topk(sigmoid)
        check_topk(exp)
        check_topk(smooth, k = 1)
        check_topk(iterative)
        check_topk(subtraction)";
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("topk", script)),
        }
    }
}
