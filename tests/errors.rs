//! Snapshots of every error kind as the user sees it: message, `line:col`, the source line, a
//! caret under the offending text and a hint where one helps. The expected renderings live in
//! tests/snapshots/errors.txt (reviewed by hand; regenerate with UPDATE_SNAPSHOTS=1 and review
//! the diff). Each case also checks the machine-readable kind.

use ansatz::Session;
use ansatz::error::Error;

/// (input, expected error kind) — one or more per kind.
const CASES: &[(&str, &str)] = &[
    ("sin(x", "parse"),
    ("(1 + 2", "parse"),
    ("[1, 2", "parse"),
    ("2 +", "parse"),
    ("x y", "parse"),
    ("2**3", "parse"),
    ("3 $ 4", "parse"),
    (")", "parse"),
    ("x == 1", "parse"),
    ("f(x, x) := 1", "parse"),
    ("f(1) := 2", "parse"),
    ("x + 1 := 2", "parse"),
    ("sin(x,\n  y", "parse"),
    ("1/0", "division_by_zero"),
    ("N(1/(1 - 1))", "division_by_zero"),
    ("10^10^10", "too_large"),
    ("1e999999999", "too_large"),
    ("N(pi, 10^9)", "too_large"),
    ("diff(x, x, 10^9)", "too_large"),
    ("log(0)", "domain"),
    ("gamma(0)", "domain"),
    ("tan(pi/2)", "domain"),
    ("N(besselj(1/2, 1))", "domain"),
    ("N(sin(1)^2 + cos(1)^2 - 1)", "domain"),
    ("N(sec(pi/2))", "domain"),
    ("N(exp(exp(100)))", "not_finite"),
    ("foo(2)", "usage"),
    ("x(1 + x)", "usage"),
    ("sin(1, 2)", "usage"),
    ("sin", "usage"),
    ("ans", "usage"),
    ("pi := 3", "usage"),
    ("diff(x*y)", "usage"),
    ("subs(x, 3)", "usage"),
    ("help(nothing)", "usage"),
    ("[[1, 2]]*[[3, 4]]", "usage"),
    ("solve(x^3 - 2*x + 2 = 0, x = 0)", "cycle"),
    ("solve(x^2 - 1, x = 0)", "zero_derivative"),
    ("solve(atan(x), x = 1.5, damping = false)", "diverging"),
    ("solve(x^2 + 1, x = [0, 1])", "same_sign"),
    (
        "solve([x + y = 1, 2*x + 2*y = 2], [x = 0, y = 0])",
        "singular_jacobian",
    ),
    ("solve(x^2 - 2, x = 100, maxiter = 3)", "no_convergence"),
    ("solve(log(x), x = -1)", "not_finite"),
    ("solve(x^2 - 2, x = y)", "usage"),
    ("plot(x^2, x = [1, 0], to = \"t.svg\")", "usage"),
    ("plot(x^2, x = [0, 1], to = \"t.gif\")", "usage"),
    ("plot(x^2, x = [0, 1], to = \"no/such/dir/t.svg\")", "io"),
    ("plot(x, x = [0, 1], samples = 10^12)", "too_large"),
    ("plot_error(sin(x), x = [0, 1])", "usage"),
    // A huge exponent or base is described by its size, not printed.
    ("2^2^2^2^2^2", "too_large"),
    (
        "f(x) := x^2; f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(3))))))))))))))))))))))",
        "too_large",
    ),
    // Invisible characters are shown escaped, with a caret under them.
    ("1 +\u{200b} 2", "parse"),
    ("1 + \u{0}2", "parse"),
    ("x\u{202e} + 1", "parse"),
    // Fuzz findings (seed 92): coefficients with huge exact numbers ran for 7 to 10 s.
    (
        "partial_sums(series(softfloor(squareplus(x, 1e100000), abs(10^400)), x, 5), x = 1/2)",
        "too_large",
    ),
    (
        "taylor_ode(x' = -(softfloor(x, 1e100000)), x(0) = 0, t, 10)",
        "too_large",
    ),
    // The hint names where the unclosed bracket was opened.
    ("a := 1\nb := (2 +\n3", "parse"),
];

fn first_error(input: &str) -> Error {
    let mut session = Session::new();
    session
        .eval_line(input)
        .into_iter()
        .find_map(Result::err)
        .unwrap_or_else(|| panic!("{input:?} did not fail"))
}

/// The snapshot file of a case: its input reduced to a readable name, and a hash of the input
/// (FNV-1a) so different inputs never share a file.
fn snapshot_name(input: &str) -> String {
    let hash = input.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let mut name = String::new();
    for c in input.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let name: String = name.trim_matches('_').chars().take(40).collect();
    let name = if name.is_empty() { "symbols" } else { &name };
    format!("{name}-{hash:08x}.txt")
}

const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/errors");

#[test]
fn every_error_kind_has_the_expected_kind() {
    for (input, kind) in CASES {
        assert_eq!(first_error(input).kind(), *kind, "{input}");
    }
}

/// One snapshot file per case (`UPDATE_SNAPSHOTS=1` rewrites them); a file without a case is
/// stale and fails the test too.
#[test]
fn error_renderings_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let _ = std::fs::create_dir_all(SNAPSHOTS);
    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (input, _) in CASES {
        let name = snapshot_name(input);
        assert!(
            names.insert(name.clone()),
            "two cases share the file {name}"
        );
        let path = std::path::Path::new(SNAPSHOTS).join(&name);
        let rendered = format!(
            "=== {input:?}\n{}",
            first_error(input).render("input", input)
        );
        if update {
            std::fs::write(&path, &rendered).expect("write snapshot");
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if rendered != expected {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}\n--- got\n{rendered}"
            ));
        }
    }
    for entry in std::fs::read_dir(SNAPSHOTS).expect("snapshot dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .to_string();
        if !names.contains(&name) {
            failures.push(format!("{name}: a snapshot without a case (remove it)"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
