//! Low-rank approximation (MATH.md §8) reproduced: the pseudo-inverse as the limit of ridge
//! solutions (error O(ε) with the predicted constant) and its four Penrose identities, exactly;
//! Eckart–Young–Mirsky on a random matrix at 20 digits; column–row sampling, predicted against
//! empirical error for optimal and uniform probabilities as r grows (with a figure); and the
//! interpolative decomposition against the SVD bound and an exhaustive search over column
//! subsets, where greedy pivoting is not optimal.
//! Run with `cargo run --release --example lowrank` (writes target/cr-errors.png).

use ansatz::Session;

fn show(session: &mut Session, script: &str) {
    for result in session.eval_line(script) {
        match result {
            Ok(outcome) if outcome.is_silent() => println!("> {}", outcome.input),
            Ok(outcome) => println!("> {}\n{}\n", outcome.input, outcome.to_plain()),
            Err(e) => println!("{}", e.render("lowrank", script)),
        }
    }
}

/// The number in the first line starting with `label` of a printed report.
fn value_after(text: &str, label: &str) -> String {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.split(": ").nth(1))
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or("nan")
        .to_string()
}

fn main() {
    let mut session = Session::new();
    show(
        &mut session,
        "\
        A := [[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 1, 1]]
        rank(A)
        P := pinv(A)
        penrose(A, P)
        ridge_limit(A)
        lowrank(random_normal(8, 6, seed = 1), 3)
        svd(random_normal(8, 6, seed = 1), digits = 25)
        M := random_normal(10, 8, seed = 11)
        interp_decomp(M, 3, exhaustive = true)",
    );
    // CR sampling of XXᵀ for a matrix whose columns have very different norms, where the
    // optimal probabilities matter: predicted against the mean of 2000 seeded trials.
    show(
        &mut session,
        "X := random_normal(40, 60, seed = 3)*diag(exp(-range(0, 59)/8))",
    );
    let mut rows = Vec::new();
    for r in [1, 2, 4, 8, 16, 32, 64] {
        let mut cells = vec![r.to_string()];
        for p in ["optimal", "uniform"] {
            let text = session
                .eval_line(&format!(
                    "cr_product(X, X', {r}, p = {p}, trials = 2000, seed = 7)"
                ))
                .pop()
                .and_then(Result::ok)
                .map(|o| o.to_plain())
                .unwrap_or_default();
            let predicted = value_after(&text, "predicted");
            let mean = value_after(&text, "empirical mean");
            println!("r = {r:>2}, p = {p:<7}: predicted {predicted:>12}, empirical {mean:>12}");
            cells.push(predicted);
            cells.push(mean);
        }
        rows.push(format!("[{}]", cells.join(", ")));
    }
    show(
        &mut session,
        &format!(
            "plot([{}], logx, logy, xlabel = \"r (samples per estimate)\", ylabel = \"expected squared Frobenius error\", title = \"CR sampling of XXᵀ: predicted vs 2000 seeded trials\", legend = [\"optimal, predicted\", \"optimal, 2000 trials\", \"uniform, predicted\", \"uniform, 2000 trials\"], to = \"target/cr-errors.png\")",
            rows.join(", ")
        ),
    );
}
