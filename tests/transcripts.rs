//! Transcript tests: each file under tests/transcripts/ is a conversation with one session.
//! A line `> statement` is typed; the lines after it (up to the next `>`) are the expected
//! printed results, with `error: <message>` for a failing statement. Lines starting with `#`
//! are comments. Expected values are exact mathematics (textbook derivatives, exact rationals)
//! or published constants, never output copied from an earlier run.

mod common;

use ansatz::Session;

fn check_file(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("transcript");
    let mut session = Session::new();
    let mut failures = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(input) = line.strip_prefix("> ") else {
            continue;
        };
        let mut expected = Vec::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("> ") {
                break;
            }
            let next = lines.next().unwrap_or_default();
            if !next.starts_with('#') && !next.is_empty() {
                expected.push(next.to_string());
            }
        }
        let got = common::run_in(&mut session, input);
        if got != expected {
            failures.push(format!(
                "{}: > {input}\n  expected {expected:?}\n  got      {got:?}",
                path.display()
            ));
        }
    }
    failures
}

#[test]
fn transcripts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut failures = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(dir).expect("transcripts dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            files += 1;
            failures.extend(check_file(&path));
        }
    }
    assert!(files > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
