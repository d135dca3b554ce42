//! Transcript tests: each file under tests/transcripts/ is a conversation with one session.
//! A line `> statement` is typed; the lines after it (up to the next `>`) are the expected
//! printed results, with `error: <message>` for a failing statement. Lines starting with `#`
//! are comments. Expected values are exact mathematics (textbook derivatives, exact rationals)
//! or published constants, never output copied from an earlier run. In expected lines `…`
//! matches any text.

mod common;

use ansatz::Session;

fn check_file(path: &std::path::Path) -> Vec<String> {
    // Plot transcripts write their files under target/.
    let _ = std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/target"));
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
        let got: Vec<String> = common::run_in(&mut session, input)
            .iter()
            .flat_map(|o| o.lines().map(String::from).collect::<Vec<_>>())
            .collect();
        if !matches(&got, &expected) {
            failures.push(format!(
                "{}: > {input}\n  expected {expected:?}\n  got      {got:?}",
                path.display()
            ));
        }
    }
    failures
}

/// An expected line may contain `…`, which matches any text (evidence lines quote the step
/// count and residual, which are not part of what is being checked).
fn line_matches(got: &str, expected: &str) -> bool {
    if !expected.contains('…') {
        return got == expected;
    }
    let parts: Vec<&str> = expected.split('…').collect();
    let mut rest = got;
    for (i, part) in parts.iter().enumerate() {
        match rest.find(part) {
            Some(pos) if i > 0 || pos == 0 => rest = &rest[pos + part.len()..],
            _ => return false,
        }
    }
    parts.last().is_some_and(|l| l.is_empty()) || rest.is_empty()
}

fn matches(got: &[String], expected: &[String]) -> bool {
    got.len() == expected.len() && got.iter().zip(expected).all(|(g, e)| line_matches(g, e))
}

fn run(file: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/transcripts")
        .join(format!("{file}.txt"));
    let failures = check_file(&path);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One test per transcript file, so `cargo test --test transcripts plot` runs one.
macro_rules! transcripts {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run(stringify!($name)); })*
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

transcripts!(
    algebra,
    approx,
    calculus,
    compose,
    matrices,
    contract,
    oscillators,
    paste,
    plot,
    series,
    session,
    solve,
    vectors
);

#[test]
fn every_transcript_file_has_a_test() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    for entry in std::fs::read_dir(dir).expect("transcripts dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            assert!(
                LISTED.contains(&stem.as_ref()),
                "{stem}.txt has no test: add it to transcripts!(...)"
            );
        }
    }
}
