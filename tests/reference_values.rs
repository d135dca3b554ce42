//! Numeric values at many digits against independent references.
//!
//! Every expected string below was computed with mpmath 1.3 at mp.dps = 80 and printed with
//! `nstr(value, digits, strip_zeros=False)`, e.g. `nstr(erf(mpf(1)/2), 30, strip_zeros=False)`;
//! the four marked "contract" are also the published values. ansatz must reproduce each
//! digit: N(expr, digits) promises that every printed digit is correct.

mod common;
use common::one;

const REFERENCES: &[(&str, u32, &str)] = &[
    (
        "pi",
        50,
        "3.1415926535897932384626433832795028841971693993751",
    ), // contract
    ("erf(1/2)", 30, "0.520499877813046537682746653892"), // contract
    (
        "gamma(1/3)",
        40,
        "2.678938534707747633655692940974677644129",
    ), // contract
    ("besselj(1, 1)", 30, "0.440050585744933515959682203719"), // contract
    ("ellipk(1/2)", 30, "1.85407467730137191843385034720"), // contract
    ("erfc(3)", 25, "0.00002209049699858544137277613"),
    ("Phi(-3)", 25, "0.001349898031630094526651815"),
    ("gamma(-3/2)", 25, "2.363271801207354703064223"),
    ("lgamma(10.5)", 25, "13.94062521940376363316124"),
    ("digamma(1/2)", 25, "-1.963510026021423479440976"),
    ("polygamma(1, 1/3)", 25, "10.09559712542709408179200"),
    ("polygamma(3, 2)", 25, "0.4939394022668291490960222"),
    ("besselj(5, 7/2)", 25, "0.08044198664799178180455726"),
    ("agm(1, 2)", 30, "1.45679103104690686918643238327"),
    ("ellipk(9/10)", 30, "2.57809211334817318820257077182"),
    ("ellipe(1/2)", 30, "1.35064388104767550252017473534"),
    ("ellipe(-1)", 25, "1.910098894513856008952381"),
    ("sigmoid(1.702)", 25, "0.8457957659328212957071068"),
    ("softplus(-40)", 25, "4.248354255291588986304978e-18"),
    ("softplus(3)", 25, "3.048587351573742058758926"),
    ("asinh(2)", 25, "1.443635475178810342493277"),
    ("acosh(3)", 25, "1.762747174039086050465219"),
    ("atanh(1/3)", 25, "0.3465735902799726547086161"),
    ("cbrt(-5)", 25, "-1.709975946676696989353109"),
    ("cot(1) + sec(1) + csc(1)", 25, "3.681303439393377537179773"),
    ("atan2(-1, -1)", 25, "-2.356194490192344928846983"),
    // Ramanujan's near-integer needs far more working precision than digits to get the 9s right.
    (
        "exp(pi*sqrt(163))",
        40,
        "262537412640768743.9999999999992500725972",
    ),
    // MATH.md §3: pendulum T/T0 at 30 degrees = 1/AGM(1, cos(15°)).
    ("1/agm(1, cos(pi/12))", 25, "1.017408797595956008669539"),
    // MATH.md §5: GELU(1) = Phi(1).
    ("1*Phi(1)", 20, "0.84134474606854294859"),
    (
        "tanh(sqrt(2/pi)*(1 + 0.044715))",
        25,
        "0.6823839812165534095639916",
    ),
    // Complex results (mpmath: sqrt(-2), i**i, log(-1), acosh(0.5)).
    ("sqrt(-2)", 20, "1.4142135623730950488*i"),
    ("i^i", 25, "0.2078795763507619085469556"),
    ("log(-1)", 20, "3.1415926535897932385*i"),
    ("acosh(1/2)", 20, "1.0471975511965977462*i"),
];

#[test]
fn every_digit_matches_mpmath() {
    for (expr, digits, want) in REFERENCES {
        let got = one(&format!("N({expr}, {digits})"));
        assert_eq!(&got, want, "N({expr}, {digits})");
    }
}

#[test]
fn thousand_digits_of_pi_end_correctly() {
    // The last ten of the first 1000 significant digits, rounded (mpmath nstr(pi, 1000)).
    let got = one("N(pi, 1000)");
    assert_eq!(got.len(), 1001);
    assert!(got.ends_with("9216420199"), "{}", &got[990..]);
}

#[test]
fn double_precision_default_is_fifteen_digits() {
    assert_eq!(one("N(1/3)"), "0.333333333333333");
    assert_eq!(one("N(0.1 + 0.2)"), "0.3");
    assert_eq!(one("N(sqrt(-4))"), "2*i");
}
