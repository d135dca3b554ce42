//! Ctrl-C: a pending interrupt stops long computations with an error and the session keeps
//! working afterwards. (Its own test binary: the interrupt flag is process-wide.)

use ansatz::Session;
use ansatz::expr::canon::powi;
use ansatz::expr::diff::diff_n;
use ansatz::expr::{Expr, subst::expand};
use ansatz::math_error::MathError;

/// The flag is process-wide: the tests of this file take turns.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn interrupt_stops_long_computations_and_the_session_survives() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let x = Expr::sym("x");
    let e = ansatz::functions::apply1("exp", &powi(x.clone(), 3).unwrap()).unwrap();
    ansatz::interrupt::request();
    assert_eq!(diff_n(&e, "x", 50).unwrap_err(), MathError::Interrupted);
    let big = powi(ansatz::expr::canon::add2(x, Expr::one()).unwrap(), 300).unwrap();
    assert_eq!(expand(&big).unwrap_err(), MathError::Interrupted);
    // A new statement starts with the flag cleared; definitions made before are still there.
    let mut session = Session::new();
    session.eval_line("a := 5");
    ansatz::interrupt::request();
    let out = session.eval_line("a + 1");
    assert_eq!(out[0].as_ref().unwrap().to_plain(), "6");
    // Adaptive sampling stops too, before anything is written.
    let sin = ansatz::functions::apply1("sin", &Expr::sym("x")).unwrap();
    ansatz::interrupt::request();
    let sampled = ansatz::plot::curves::graph(
        &sin,
        "x",
        (0.0, 1.0),
        String::new(),
        &ansatz::plot::curves::Sampling::default(),
    );
    assert_eq!(sampled.unwrap_err(), MathError::Interrupted);
    ansatz::interrupt::reset();
}

#[test]
fn ctrl_c_during_solve_is_an_interruption_and_abandons_the_rest_of_the_line() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let mut session = Session::new();
    let stopper = std::thread::spawn(|| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        ansatz::interrupt::request();
    });
    let started = std::time::Instant::now();
    let out = session.eval_line("solve(cos(x) = x, x = 1, digits = 100000); 1 + 1");
    stopper.join().expect("stopper");
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        out.len(),
        1,
        "the statements after the interrupted one are abandoned"
    );
    // The solve either stopped (an interruption, not a solve error) or finished its last
    // uninterruptible step first.
    if let Some(Err(e)) = out.into_iter().next() {
        assert_eq!(e.kind(), "interrupted");
    }
    ansatz::interrupt::reset();
}

#[test]
fn the_statement_deadline_stops_a_computation_and_says_so() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    ansatz::interrupt::reset();
    // diff(asin(erf(x)), x, 50) runs for about 3 s (its result has 166,000 nodes): with a
    // 50 ms deadline it stops at a poll, and the stop is recorded as the deadline's.
    let e = Session::new().expr("asin(erf(x))").expect("expr");
    ansatz::interrupt::set_deadline(std::time::Duration::from_millis(50));
    let started = std::time::Instant::now();
    assert_eq!(diff_n(&e, "x", 50).unwrap_err(), MathError::Interrupted);
    assert!(ansatz::interrupt::timed_out());
    assert!(!ansatz::interrupt::pending(), "a deadline is not a Ctrl-C");
    assert!(
        started.elapsed().as_secs_f64() < 2.0,
        "{:?}",
        started.elapsed()
    );
    ansatz::interrupt::clear_deadline();
    // Without a deadline nothing stops a short computation.
    assert!(diff_n(&e, "x", 2).is_ok());
}
