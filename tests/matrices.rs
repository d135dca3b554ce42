//! Matrices (MATH.md §8) against independent references: singular values by mpmath at 50
//! digits, the interpolative decomposition of scipy.linalg.interpolative (deterministic mode),
//! NumPy's pseudo-inverse and the CR prediction evaluated by NumPy — all computed by
//! tests/reference/matrix_ref.py and pasted here — plus the identities (Penrose,
//! Eckart–Young–Mirsky, ‖A − CZ‖_F = ‖R₂₂‖_F, Jacobi against faer) over random matrices.

mod common;

use ansatz::linalg::lowrank::truncate;
use ansatz::linalg::{Dense, exact, float, id, jacobi};
use common::{exact as rational, one, run};
use proptest::prelude::*;
use rug::{Float, Rational};

/// M8 of matrix_ref.py: numpy RandomState(0) normals rounded to 3 places (exact decimals).
const M8: &str = "[[1.764, 0.4, 0.979, 2.241, 1.868, -0.977], [0.95, -0.151, -0.103, 0.411, 0.144, 1.454], [0.761, 0.122, 0.444, 0.334, 1.494, -0.205], [0.313, -0.854, -2.553, 0.654, 0.864, -0.742], [2.27, -1.454, 0.046, -0.187, 1.533, 1.469], [0.155, 0.378, -0.888, -1.981, -0.348, 0.156], [1.23, 1.202, -0.387, -0.302, -1.049, -1.42], [-1.706, 1.951, -0.51, -0.438, -1.253, 0.777]]";

/// The items of a printed list `[a, b, c]`.
fn items(text: &str) -> Vec<String> {
    text.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| s.trim().to_string())
        .collect()
}

/// |got − expected| ≤ tol·|expected|, both decimals compared exactly.
fn close(got: &str, expected: &str, tol: f64, what: &str) {
    let (g, e) = (rational(got), rational(expected));
    let diff = Rational::from(&g - &e).abs().to_f64();
    assert!(
        diff <= tol * e.to_f64().abs(),
        "{what}: got {got}, expected {expected}"
    );
}

#[test]
fn contract_lines() {
    assert_eq!(
        one("pinv([[1, 2], [2, 4]])"),
        "[[1/25, 2/25], [2/25, 4/25]]"
    );
    let out = run(
        "A := [[1, 2, 3], [2, 4, 6], [1, 0, 1]]; rank(A); penrose(A, pinv(A))[1]; penrose(A, pinv(A))[4]",
    );
    assert_eq!(out, ["2", "0", "0"]);
    let sigma = one("N(svd([[3, 0], [4, 5]]), 20)[2]");
    assert_eq!(
        items(&sigma),
        ["6.7082039324993690892", "2.2360679774997896964"]
    );
    let id = run("A := [[1, 2, 3], [2, 4, 6], [1, 0, 1]]; interp_decomp(A, 2)[1]");
    assert_eq!(items(&id[0]).len(), 2);
}

#[test]
fn singular_values_of_random_normal_match_mpmath_to_30_digits() {
    // mpmath.svd_r at 50 digits on the doubles of random_normal(6, 5, seed = 1).
    let reference = [
        "4.464336651594764702840586498329258447971",
        "2.120393081269484643333912034829611619092",
        "1.7301815743814752806297566220616152992",
        "1.40690340629627693194491944785008888836",
        "1.087493479048715098665218879612367933885",
    ];
    let sigma = items(&one("svd(random_normal(6, 5, seed = 1), digits = 30)[2]"));
    assert_eq!(sigma.len(), 5);
    for (got, want) in sigma.iter().zip(reference) {
        assert!(got.len() >= 31, "30 digits shown: {got}");
        close(got, want, 1e-29, "σ");
    }
    // The file holds the same doubles (write_matrix and read_matrix round-trip exactly).
    let from_file = items(&one(
        "svd(read_matrix(\"tests/data/random_normal_6x5_seed1.csv\"), digits = 30)[2]",
    ));
    assert_eq!(from_file, sigma);
}

#[test]
fn eckart_young_on_random_normal_matches_mpmath() {
    let out = one("lowrank(random_normal(6, 5, seed = 1), 2)");
    // Σ_{j>2} σ_j² and σ₃ by mpmath (50 digits): 6.155547541950705509799…, 1.730181574381475280629…
    let line = |label: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.rsplit(": ").next())
            .unwrap_or_else(|| panic!("no line {label} in {out}"))
            .to_string()
    };
    for label in ["‖A − A_r‖_F²", "Σ_{j>2} σ_j²"] {
        close(
            &line(label),
            "6.155547541950705509799453640687316595398",
            1e-19,
            label,
        );
    }
    for label in ["‖A − A_r‖₂", "σ_3"] {
        close(
            &line(label),
            "1.7301815743814752806297566220616152992",
            1e-19,
            label,
        );
    }
    assert!(
        out.contains("Eckart–Young–Mirsky holds to the 20 digits shown"),
        "{out}"
    );
}

#[test]
fn double_svd_is_certified_against_mpmath() {
    let reference = [
        "5.38265874208857341724332912013",
        "3.46391554139091825721860276511",
        "3.04853960723122552295254244851",
        "2.48091156583728010815909325387",
        "1.85380282736856210492085844829",
        "1.3494654983383396823752452879",
    ];
    // M8 as doubles, from the .npy file NumPy wrote.
    let sigma = items(&one("svd(read_matrix(\"tests/data/m8_c.npy\"))[2]"));
    for (got, want) in sigma.iter().zip(reference) {
        // Every digit printed is correct: the error is below one unit of the last digit.
        let digits = got
            .trim_start_matches('-')
            .replace('.', "")
            .trim_start_matches('0')
            .len() as i32;
        let unit = 10f64.powi(-(digits - 1));
        close(got, want, unit, "certified σ");
        assert!(digits >= 13, "{got}");
    }
}

#[test]
fn interpolative_decomposition_matches_scipy_deterministic() {
    // scipy.linalg.interpolative.interp_decomp(M8, 3, rand=False): columns [0, 2, 5] (0-based),
    // ‖M8 − B P‖_F = 4.336318899998578.
    let out = one(&format!("interp_decomp({M8}, 3)"));
    let columns = out.lines().next().unwrap_or_default();
    let mut cols = items(columns.trim_start_matches("columns = "));
    cols.sort();
    assert_eq!(cols, ["1", "3", "6"], "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("‖A − CZ‖_F:"))
        .unwrap_or_default();
    // Exact entries give an exact residual norm: sqrt of a rational; compare numerically.
    let value = line
        .rsplit(": ")
        .next()
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or_default();
    close(value, "4.336318899998578", 1e-13, "ID error");
    assert!(out.contains("‖A − CZ‖_F = ‖R₂₂‖_F exactly"), "{out}");
}

#[test]
fn pseudo_inverse_matches_numpy() {
    // numpy.linalg.pinv(M8)[0][:3]
    let reference = [
        "0.05262803320207146",
        "0.1607381382766116",
        "-0.07660371275845244",
    ];
    let exact_row = items(&one(&format!("N(pinv({M8})[1, 1:3], 17)")));
    let double_row = items(&one("pinv(read_matrix(\"tests/data/m8_f.npy\"))[1, 1:3]"));
    for ((e, d), want) in exact_row.iter().zip(&double_row).zip(reference) {
        close(e, want, 1e-14, "exact pinv");
        close(d, want, 1e-12, "double pinv");
    }
}

#[test]
fn cr_prediction_matches_numpy_and_the_trials_agree() {
    // X = M8ᵀ, Y = M8, r = 3: NumPy's (Σ‖xᵢ‖²‖yᵢ‖²/pᵢ − ‖XY‖_F²)/r.
    for (p, want) in [
        ("optimal", "893.7921297447756"),
        ("uniform", "1178.7596497839065"),
    ] {
        let values = run(&format!(
            "M := {M8}; c := cr_product(M', M, 3, p = {p}, trials = 4000); c[1]"
        ));
        close(&values[0], want, 1e-5, "predicted");
        let report = run(&format!(
            "M := {M8}; cr_product(M', M, 3, p = {p}, trials = 4000)"
        ))[0]
            .clone();
        assert!(report.contains(": consistent"), "{report}");
    }
}

#[test]
fn npy_files_in_both_orders_and_single_precision() {
    let c = one("read_matrix(\"tests/data/m8_c.npy\")");
    assert_eq!(c, one("read_matrix(\"tests/data/m8_f.npy\")"));
    // Each entry is the double nearest M8's decimal (an entry shows the double's 17 digits).
    assert_eq!(
        one("read_matrix(\"tests/data/m8_c.npy\")[1, 1]"),
        "1.7640000000000000"
    );
    assert_eq!(
        one("read_matrix(\"tests/data/m8_f.npy\")[8, 6]"),
        "0.77700000000000002"
    );
    assert_eq!(
        one("read_matrix(\"tests/data/m8_f.npy\")[4, 3]"),
        "-2.5529999999999999"
    );
    // float32 entries are the nearest singles: within 1e-7 relative of M8.
    let single = one("read_matrix(\"tests/data/m8_f32.npy\")[1, 1]");
    close(&single, "1.764", 1e-7, "float32 entry");
}

#[test]
fn hostile_inputs_get_clear_errors() {
    let err = |text: &str| {
        let out = run(text);
        assert!(
            out.iter().any(|l| l.starts_with("error:")),
            "{text}: {out:?}"
        );
        out.join("\n")
    };
    // Entries of 20,000 digits print (unaligned) rather than overflow the formatter's width.
    assert!(one("svd([[1, 2], [3, 4]], digits = 20000)").starts_with("σ = [5.46498570421904"));
    assert!(err("zeros(100000, 100000)").contains("MAX_MATRIX_ENTRIES"));
    assert!(err("svd(random_normal(5000, 5000))").contains("MAX_DENSE_WORK"));
    assert!(err("A := random_normal(4000, 4000); A*A").contains("MAX_DENSE_WORK"));
    assert!(err("random_normal(100000, 100000)").contains("MAX_MATRIX_ENTRIES"));
    assert!(err("[[1, 2], [3, 4]] * [[1, 2, 3]]").contains("2×2 matrix by a 1×3 matrix"));
    assert!(err("[[1, 2], [3, 4]] + [[1, 2, 3]]").contains("2×2 matrix and a 1×3 matrix"));
    assert!(err("cr_product([[1, 2]], [[1, 2]], 1)").contains("X is 1×2 and Y is 1×2"));
    assert!(err("pinv([[1, 2], [3]])").contains("ragged rows: row 2 has 1 entry but row 1 has 2"));
    assert!(err("svd([[1, x], [2, 3]])").contains("entry (1, 2) is x"));
    assert!(err("lowrank([[1, 2], [3, 4]], 3)").contains("larger than the rank allows"));
    assert!(
        err("interp_decomp([[1, 2, 3], [2, 4, 6], [1, 0, 1]], 3)")
            .contains("larger than the rank allows")
    );
    assert!(err("read_matrix(\"tests/data/no_such_file.csv\")").contains("cannot open"));
    let dir = std::env::temp_dir().join(format!("ansatz-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "1,2,3\n4,five,6\n").expect("write");
    let message = err(&format!("read_matrix(\"{}\")", bad.display()));
    assert!(message.contains("line 2, column 2"), "{message}");
    std::fs::write(&bad, "1,2,3\n4,5\n").expect("write");
    assert!(err(&format!("read_matrix(\"{}\")", bad.display())).contains("ragged"));
}

#[test]
fn csv_round_trip_keeps_every_double() {
    let dir = std::env::temp_dir().join(format!("ansatz-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for ext in ["csv", "npy"] {
        let path = dir.join(format!("m.{ext}"));
        let out = run(&format!(
            "A := random_normal(7, 4, seed = 3); write_matrix(A, \"{p}\"); read_matrix(\"{p}\") - A",
            p = path.display()
        ));
        assert_eq!(
            out.last().map(|s| s.matches("[0, 0, 0, 0]").count()),
            Some(7),
            "{out:?}"
        );
    }
}

/// A matrix with small integer entries, of rank at most `rank` when given.
fn integer_matrix(rows: usize, cols: usize) -> impl Strategy<Value = Vec<Vec<i64>>> {
    proptest::collection::vec(proptest::collection::vec(-5i64..=5, cols), rows)
}

fn rationals(rows: &[Vec<i64>]) -> Dense<Rational> {
    Dense::from_fn(rows.len(), rows[0].len(), |i, j| Rational::from(rows[i][j]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// The exact pseudo-inverse satisfies all four Penrose identities exactly, also for
    /// rank-deficient matrices (a repeated row makes one).
    #[test]
    fn exact_pinv_satisfies_penrose(rows in integer_matrix(4, 3), repeat in any::<bool>()) {
        let mut rows = rows;
        if repeat {
            rows[3] = rows[0].iter().map(|x| 2 * x).collect();
        }
        let a = rationals(&rows);
        let p = exact::pinv(&a).unwrap();
        let ap = exact::matmul(&a, &p).unwrap();
        let pa = exact::matmul(&p, &a).unwrap();
        prop_assert_eq!(exact::matmul(&ap, &a).unwrap(), a.clone());
        prop_assert_eq!(exact::matmul(&pa, &p).unwrap(), p.clone());
        prop_assert_eq!(ap.transpose(), ap);
        prop_assert_eq!(pa.transpose(), pa);
    }

    /// Jacobi's singular values in MPFR agree with faer's to double accuracy, and the bound
    /// covers the difference from a second Jacobi run at twice the precision.
    #[test]
    fn jacobi_agrees_with_faer(data in proptest::collection::vec(-10.0f64..10.0, 20)) {
        let a = Dense::new(5, 4, data).unwrap();
        let faer = float::singular_values(&a).unwrap();
        let low = jacobi::svd(&a.map(|x| Float::with_val(128, *x)), 128, 0.0).unwrap();
        let high = jacobi::svd(&a.map(|x| Float::with_val(256, *x)), 256, 0.0).unwrap();
        for k in 0..4 {
            let s = low.sigma[k].to_f64();
            prop_assert!((s - faer[k]).abs() <= 1e-13 * faer[0], "σ{} {} vs faer {}", k, s, faer[k]);
            let diff = Float::with_val(256, &low.sigma[k] - &high.sigma[k]).abs();
            prop_assert!(diff <= low.radius[k], "bound {} below the error {}", low.radius[k], diff);
        }
    }

    /// Eckart–Young–Mirsky in doubles: the residual of the truncated SVD has squared Frobenius
    /// norm Σ_{j>r} σ_j² and spectral norm σ_{r+1}, over random shapes and ranks.
    #[test]
    fn eckart_young_mirsky(data in proptest::collection::vec(-10.0f64..10.0, 48), wide in any::<bool>(), r in 1usize..5) {
        let a = if wide { Dense::new(6, 8, data).unwrap() } else { Dense::new(8, 6, data).unwrap() };
        let s = float::svd(&a).unwrap();
        let t = truncate(&a, &s.u, &s.sigma, &s.v, r, |res| {
            float::singular_values(res).map(|v| v[0])
        })
        .unwrap();
        let scale = s.sigma[0] * s.sigma[0];
        prop_assert!((t.residual_frobenius_sq - t.tail_sq).abs() <= 1e-12 * scale);
        prop_assert!((t.residual_spectral - t.next_sigma).abs() <= 1e-12 * s.sigma[0]);
    }

    /// ‖A − CZ‖_F = ‖R₂₂‖_F for the ID in doubles, and no ID beats the truncated SVD.
    #[test]
    fn interpolative_identity(data in proptest::collection::vec(-10.0f64..10.0, 42), r in 1usize..6) {
        let a = Dense::new(7, 6, data).unwrap();
        let d = id::interpolative(&a, r).unwrap();
        let (_, sigma) = id::bounds(&a, &d).unwrap();
        prop_assert!((d.error_frobenius - d.r22_frobenius).abs() <= 1e-12 * sigma[0]);
        let tail: f64 = sigma[r..].iter().map(|s| s * s).sum::<f64>().sqrt();
        prop_assert!(d.error_frobenius >= tail * (1.0 - 1e-12));
        let (_, best) = id::exhaustive(&a, r).unwrap();
        prop_assert!(best <= d.error_frobenius * (1.0 + 1e-12) && best >= tail * (1.0 - 1e-12));
    }
}

#[test]
fn ridge_limit_slope_is_the_predicted_constant() {
    // [[1, 2], [2, 4], [0, 1]]: c = (Σ σ_k⁻⁶)^(1/2); the ratio at ε = 10⁻⁸ agrees to 6 digits.
    let out = one("ridge_limit([[1, 2], [2, 4], [0, 1]], [10^-8])");
    let ratio = out
        .lines()
        .find(|l| l.contains("divided by ε"))
        .and_then(|l| l.rsplit(": ").next())
        .unwrap_or_default()
        .to_string();
    let predicted = out
        .lines()
        .find(|l| l.contains("predicted"))
        .and_then(|l| l.rsplit(" = ").next())
        .map(|s| s.split_whitespace().next().unwrap_or_default().to_string())
        .unwrap_or_default();
    // An independent value of c: σ² are the eigenvalues of AᵀA = [[5, 10], [10, 21]],
    // λ = 13 ± √164 (trace 26, determinant 5), so Σ σ⁻⁶ = Σ λ⁻³.
    let root = 164f64.sqrt();
    let c = ((13.0 + root).powi(-3) + (13.0 - root).powi(-3)).sqrt();
    assert!(!ratio.is_empty() && !predicted.is_empty(), "{out}");
    close(&ratio, &format!("{c:.12}"), 1e-5, "ratio");
    close(&predicted, &format!("{c:.12}"), 1e-5, "predicted");
}
