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

#[cfg(test)]
mod tests {
    use super::bracket_depth;

    #[test]
    fn depth_ignores_comments_and_texts() {
        assert_eq!(bracket_depth("sin(x"), 1);
        assert_eq!(bracket_depth("f(x) # (("), 0);
        assert_eq!(bracket_depth("plot(x, to = \"a(b.svg\")"), 0);
        assert_eq!(bracket_depth("[1, [2,\n 3]"), 1);
    }
}
