//! Smooth top-k and softmax entropy against independent references: mpmath at 50 digits
//! (tests/reference/topk_ref.py: `grad` by brute force over all k-subsets, the threshold
//! methods by bisection on Σf((x_i − λ)/τ) = k), Jacobians against central differences at 200
//! bits, and the promises each method makes as properties over random vectors.

use ansatz::approx::topk::{Method, jacobian, soft_topk};
use proptest::prelude::*;
use rug::Float;

const PREC: u32 = 200;

fn f(s: &str) -> Float {
    Float::with_val(PREC, Float::parse(s).expect("a decimal"))
}

fn v(xs: &[&str]) -> Vec<Float> {
    xs.iter().map(|s| f(s)).collect()
}

fn assert_close(got: &[Float], expected: &[&str], what: &str) {
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        let d = Float::with_val(PREC, g - f(e)).abs();
        assert!(d < 1e-38, "{what}: entry {} is {g}, expected {e}", i + 1);
    }
}

/// A vector, k, τ, the method and the expected values.
type Case<'a> = (&'a [Float], usize, &'a str, Method, &'a [&'a str]);

#[test]
fn every_method_matches_the_mpmath_references() {
    let x = v(&["3", "2", "1", "4"]);
    let y = v(&["0.3", "-1.2", "2.0", "0.7", "1.1"]);
    let cases: [Case; 7] = [
        (
            &x,
            2,
            "1",
            Method::Grad,
            &[
                "0.6944133046265589874712670373878568118585",
                "0.3055866953734410125287329626121431881415",
                "0.1192029220221175559402708586976032047936",
                "0.8807970779778824440597291413023967952064",
            ],
        ),
        (
            &x,
            2,
            "0.1",
            Method::Grad,
            &[
                "0.999954600070424659110939852677698090618",
                "0.00004539992957534088906014732230190938196045",
                "0.000000002061153618190203581430862129474592690752",
                "0.9999999979388463818097964185691378705254",
            ],
        ),
        (
            &y,
            3,
            "0.5",
            Method::Grad,
            &[
                "0.4002811390762146039069188555070057766522",
                "0.02301410366389423812588588488180974573084",
                "0.9790539568513306377540724289899652993352",
                "0.7233845576200015238322960412780797531861",
                "0.8742662427885589963808267893431394250957",
            ],
        ),
        (
            &x,
            2,
            "0.5",
            Method::Sigmoid,
            &[
                "0.7310585786300048792511592418218362743651",
                "0.2689414213699951207488407581781637256349",
                "0.04742587317756678087884815177175220138618",
                "0.9525741268224332191211518482282477986138",
            ],
        ),
        (
            &y,
            2,
            "1",
            Method::Exp,
            &[
                "0.2024088357238580091712526244932300800252",
                "0.04516351593052166226473977879246367420685",
                "1.0",
                "0.3019585001536660286181240434764743432416",
                "0.4504691481919542999458835532378319025263",
            ],
        ),
        (
            &v(&["3", "0", "0"]),
            1,
            "1",
            Method::Smooth,
            &[
                "0.8422231506718049224637538587615972993639",
                "0.07888842466409753876812307061920135031805",
                "0.07888842466409753876812307061920135031805",
            ],
        ),
        (
            &y,
            2,
            "0.7",
            Method::Smooth,
            &[
                "0.1877141349006172164346796701644859451833",
                "0.02202246577064410708410203974569428447395",
                "0.8825838429681467292612611960989236667562",
                "0.3324032425827447238060101543459017389881",
                "0.5752763137778472234139469396449943645984",
            ],
        ),
    ];
    for (x, k, tau, method, expected) in cases {
        let p = soft_topk(x, k, &f(tau), method).expect("runs").p;
        assert_close(
            &p,
            expected,
            &format!("{} k = {k} τ = {tau}", method.name()),
        );
    }
}

/// At τ = 0.01 the gradient is T_2 to within e^(-100): no NaN, no 2 (the subtraction
/// recursion, by contrast, loses an entry).
#[test]
fn the_log_space_programme_is_stable_where_the_subtraction_recursion_is_not() {
    let x = v(&["3", "2", "1", "4"]);
    let p = soft_topk(&x, 2, &f("0.01"), Method::Grad).expect("runs").p;
    for (got, want) in p.iter().zip([1, 0, 0, 1]) {
        assert!(Float::with_val(PREC, got - want).abs() < 1e-40, "{got}");
    }
    let x84: Vec<Float> = x.iter().map(|v| Float::with_val(84, v)).collect();
    let low = soft_topk(&x84, 2, &Float::with_val(84, 0.01), Method::Subtraction)
        .expect("runs")
        .p;
    let sum: f64 = low.iter().map(Float::to_f64).sum();
    assert!(
        (sum - 2.0).abs() > 0.5,
        "the subtraction recursion kept Σp = {sum}"
    );
}

#[test]
fn jacobians_match_central_differences() {
    let x = v(&["0.3", "-1.2", "2.0", "0.7", "1.1"]);
    let h = f("1e-25");
    for method in [Method::Grad, Method::Sigmoid, Method::Exp, Method::Smooth] {
        let tau = f("0.8");
        let k = 2;
        let base = soft_topk(&x, k, &tau, method).expect("runs");
        let jac = jacobian(&x, k, &tau, method, &base).expect("a Jacobian");
        for j in 0..x.len() {
            let shifted = |s: &Float| {
                let mut y = x.clone();
                y[j] = Float::with_val(PREC, &y[j] + s);
                soft_topk(&y, k, &tau, method).expect("runs").p
            };
            let plus = shifted(&h);
            let minus = shifted(&Float::with_val(PREC, -&h));
            for i in 0..x.len() {
                let fd =
                    Float::with_val(PREC, &plus[i] - &minus[i]) / Float::with_val(PREC, &h * 2u32);
                let d = Float::with_val(PREC, &jac[i][j] - fd).abs();
                assert!(
                    d < 1e-30,
                    "{}: ∂p_{i}/∂x_{j} = {} vs {}",
                    method.name(),
                    jac[i][j],
                    d
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Values in [0, 1], Σp = k, monotone and shift-invariant for the four stable methods.
    #[test]
    fn stable_methods_keep_their_promises(
        xs in proptest::collection::vec(-5.0f64..5.0, 2..9),
        tau in 0.01f64..3.0,
        shift in -10.0f64..10.0,
        pick in 0usize..4,
        kk in 1usize..8,
    ) {
        let method = [Method::Grad, Method::Sigmoid, Method::Exp, Method::Smooth][pick];
        let k = 1 + kk % xs.len();
        let x: Vec<Float> = xs.iter().map(|v| Float::with_val(PREC, *v)).collect();
        let t = Float::with_val(PREC, tau);
        let p = soft_topk(&x, k, &t, method).expect("runs").p;
        let sum = p.iter().fold(Float::new(PREC), |a, v| a + v);
        prop_assert!(Float::with_val(PREC, sum - k as u32).abs() < 1e-40);
        for (i, pi) in p.iter().enumerate() {
            let above_one = Float::with_val(PREC, pi - 1u32);
            prop_assert!(*pi >= -1e-50 && above_one <= 1e-50, "p_{} = {}", i, pi);
            for (j, pj) in p.iter().enumerate() {
                if x[i] > x[j] {
                    prop_assert!(pi.clone() >= pj.clone() - 1e-40);
                }
            }
        }
        let moved: Vec<Float> = x.iter().map(|v| Float::with_val(PREC, v + shift)).collect();
        let q = soft_topk(&moved, k, &t, method).expect("runs").p;
        for (a, b) in p.iter().zip(&q) {
            prop_assert!(Float::with_val(PREC, a - b).abs() < 1e-35);
        }
    }
}
