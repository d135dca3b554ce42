//! Helpers shared by the integration tests.

use ansatz::Session;

/// Evaluate `text` in a fresh session and return the plain text of every printed result, or
/// `error: <message>` for a failing statement.
#[allow(dead_code)]
pub fn run(text: &str) -> Vec<String> {
    run_in(&mut Session::new(), text)
}

/// The same, in an existing session.
#[allow(dead_code)]
pub fn run_in(session: &mut Session, text: &str) -> Vec<String> {
    session
        .eval_line(text)
        .into_iter()
        .filter_map(|r| match r {
            Ok(o) if o.is_silent() => None,
            Ok(o) => Some(o.to_plain()),
            Err(e) => Some(format!("error: {e}")),
        })
        .collect()
}

/// The single printed result of `text`.
#[allow(dead_code)]
pub fn one(text: &str) -> String {
    let mut out = run(text);
    assert_eq!(out.len(), 1, "{text}: {out:?}");
    out.remove(0)
}
