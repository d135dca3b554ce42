//! Every statement of grammar/examples.ans parses, evaluates, prints, and the printed form
//! re-parses to the same value (plain text is the language's own notation). Unicode and LaTeX
//! renderings are produced too, so no value makes a printer fail.

use ansatz::session::format;
use ansatz::{Session, Value};

/// Values whose printed form is not the language's notation of the value: approximations,
/// texts, and reports (roots and plots print their evidence or the file written).
fn has_approximation(v: &Value) -> bool {
    v.to_plain().chars().any(|c| c == '.') || matches!(v, Value::Text(_) | Value::Report(_))
}

#[test]
fn examples_round_trip() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/examples.ans"))
            .expect("examples.ans");
    // The plot examples write under target/.
    let _ = std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/target"));
    let mut session = Session::new();
    let results = session.eval_line(&text);
    assert!(results.len() >= 100, "only {} statements", results.len());
    for r in results {
        let outcome = r.unwrap_or_else(|e| panic!("{}", e.render("examples.ans", &text)));
        if outcome.is_silent() {
            continue;
        }
        let printed = outcome.value.to_plain();
        let _ = format::unicode(&outcome.value);
        let _ = format::latex(&outcome.value);
        if has_approximation(&outcome.value) {
            continue;
        }
        let mut fresh = Session::new();
        let again = fresh.eval_line(&printed);
        assert_eq!(again.len(), 1, "{} printed as {printed}", outcome.input);
        let again = again
            .into_iter()
            .next()
            .and_then(|r| r.ok())
            .unwrap_or_else(|| panic!("{printed} does not re-parse"));
        assert_eq!(
            again.value,
            outcome.value,
            "{} → {printed} → {}",
            outcome.input,
            again.value.to_plain()
        );
    }
}

#[test]
fn approximate_results_reprint_their_digits() {
    // N's digits re-parse to an exact decimal whose N at the same digits prints the same
    // digits (a final zero that was a rounded digit is dropped: 1.41421356237310 is the exact
    // decimal 1.4142135623731 once re-parsed).
    for (expr, digits) in [("pi", 50), ("sqrt(2)", 15), ("1/3", 20), ("exp(-30)", 12)] {
        let mut s = Session::new();
        let printed = s
            .eval_line(&format!("N({expr}, {digits})"))
            .remove(0)
            .unwrap()
            .to_plain();
        let again = s
            .eval_line(&format!("N({printed}, {digits})"))
            .remove(0)
            .unwrap()
            .to_plain();
        assert_eq!(printed.trim_end_matches('0'), again, "{expr}");
    }
}
