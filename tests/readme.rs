//! The README's sessions are real: every `> statement` in its ```text blocks is run (one
//! session per block) and the lines after it must be what ansatz prints. In expected lines
//! `...` matches any text; an error is compared line by line as the REPL renders it, up to the
//! lines the README shows. Plot statements are skipped (they write files and draw terminal
//! previews; tests/plot.rs covers them).

use ansatz::Session;

fn matches(got: &str, expected: &str) -> bool {
    let parts: Vec<&str> = expected.split("...").collect();
    if parts.len() == 1 {
        return got == expected;
    }
    let (last, middle) = parts.split_last().unwrap_or((&"", &[]));
    let mut rest = got;
    for (i, part) in middle.iter().enumerate() {
        match rest.find(part) {
            Some(pos) if i > 0 || pos == 0 => rest = &rest[pos + part.len()..],
            _ => return false,
        }
    }
    rest.ends_with(last)
}

/// The ```text blocks: for each, the statements and the lines expected after each.
fn sessions(readme: &str) -> Vec<Vec<(String, Vec<String>)>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<(String, Vec<String>)>> = None;
    for line in readme.lines() {
        match (&mut current, line) {
            (None, "```text") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), l) => match l.strip_prefix("> ") {
                Some(statement) => block.push((statement.to_string(), Vec::new())),
                None => {
                    if let Some((_, expected)) = block.last_mut() {
                        expected.push(l.trim_end().to_string());
                    }
                }
            },
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn the_readme_sessions_print_what_the_readme_says() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let mut failures = Vec::new();
    let mut checked = 0;
    for block in sessions(&readme) {
        let mut session = Session::new();
        for (statement, expected) in block {
            if statement.starts_with("plot") {
                continue;
            }
            let mut got = Vec::new();
            for r in session.eval_line(&statement) {
                match r {
                    Ok(o) if o.is_silent() => {}
                    Ok(o) => got.extend(o.to_plain().lines().map(String::from)),
                    Err(e) => got.extend(
                        e.render("input", &statement)
                            .lines()
                            .map(|l| l.trim_end().to_string())
                            .filter(|l| !l.is_empty()),
                    ),
                }
            }
            let expected: Vec<&String> = expected.iter().filter(|l| !l.is_empty()).collect();
            let is_error = expected.first().is_some_and(|l| l.starts_with("error:"));
            let compared = if is_error {
                got.len().min(expected.len())
            } else {
                got.len()
            };
            let ok = (is_error || got.len() == expected.len())
                && got[..compared]
                    .iter()
                    .zip(&expected)
                    .all(|(g, e)| matches(g, e));
            checked += 1;
            if !ok {
                failures.push(format!(
                    "> {statement}\n  README: {expected:?}\n  ansatz: {got:?}"
                ));
            }
        }
    }
    assert!(checked >= 12, "only {checked} statements");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
