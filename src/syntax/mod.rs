//! Text → located syntax tree. The language is described in `grammar/ansatz.ebnf`.

pub mod ast;
mod parser;
mod pasted;

pub use parser::{ParseError, parse_statements};

/// The change in bracket depth over `text`, ignoring comments and texts in quotes: positive
/// while a statement's brackets are still open, so it continues on the next line (the REPL's
/// continuation prompt, the statement reader of streamed input).
pub fn bracket_depth(text: &str) -> i64 {
    let mut depth = 0i64;
    for line in text.lines() {
        let mut in_text = false;
        let mut escaped = false;
        for c in line.chars() {
            if in_text {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => in_text = false,
                    _ => escaped = false,
                }
                continue;
            }
            match c {
                '#' => break,
                '"' => in_text = true,
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                _ => {}
            }
        }
    }
    depth
}

/// Whether `line` continues the statement in `before`, whose brackets are still open, rather
/// than starting a new one. It starts a new one when it parses on its own (or opens a bracket
/// of its own) while appending it to `before` fails inside it: in a script,
/// `a := (1 +⏎2⏎b := 5` is `a := (1 + 2` with an unclosed bracket, then `b := 5`.
pub fn continues_statement(before: &str, line: &str) -> bool {
    /// The start of the first error, if any, and whether all of `text` parsed.
    fn first_error(text: &str) -> Option<usize> {
        parse_statements(text)
            .into_iter()
            .find_map(|r| r.err().map(|e| e.span.start))
    }
    // Only a line that is a statement by itself can start one (checked first: it is cheap,
    // and most continuation lines — `2,`, `y)` — fail here).
    let alone_at = first_error(line);
    let starts_anew = match alone_at {
        None => true,
        Some(at) => at >= line.trim_end().len() && bracket_depth(line) > 0,
    };
    if !starts_anew || before.len() > MAX_RESPLIT_BYTES {
        return true;
    }
    let combined = format!("{before}{line}");
    match first_error(&combined) {
        Some(at) => at < before.len() || at >= combined.trim_end().len(),
        None => true,
    }
}

/// Longest unfinished statement [`continues_statement`] re-parses (keeps a long multi-line
/// literal linear to read).
const MAX_RESPLIT_BYTES: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::{bracket_depth, continues_statement};

    #[test]
    fn a_complete_line_after_an_unclosed_bracket_starts_a_statement() {
        assert!(continues_statement("a := (1 +\n", "2\n"));
        assert!(!continues_statement("a := (1 +\n2\n", "b := 5\n"));
        assert!(continues_statement("[1,\n", "2,\n"));
        assert!(continues_statement("[1,\n", "2 $ 3,\n"));
        assert!(continues_statement("sin(x,\n", "  2)\n"));
        assert!(continues_statement("[[1, 2],\n", "[3, 4]]\n"));
        assert!(!continues_statement("f(x\n", "g(y,\n"));
    }

    #[test]
    fn depth_ignores_comments_and_texts() {
        assert_eq!(bracket_depth("sin(x"), 1);
        assert_eq!(bracket_depth("f(x) # (("), 0);
        assert_eq!(bracket_depth("plot(x, to = \"a(b.svg\")"), 0);
        assert_eq!(bracket_depth("[1, [2,\n 3]"), 1);
    }
}
