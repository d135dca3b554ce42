//! Reading back what ansatz prints: the Unicode printer's symbols and `solve`'s `≈`, turned
//! into the language's ASCII before parsing, with every byte offset kept.

use super::parser::ParseError;
use crate::span::Span;

/// The message and hint for `±`, which printed root pairs contain.
pub(super) const PLUS_MINUS: (&str, &str) = (
    "'±' is not an operator: a ± b stands for two values",
    "write them as a list, [a + b, a - b] (roots(...)[k] picks one root of a pair)",
);

pub(super) fn plus_minus_error(at: usize) -> ParseError {
    ParseError {
        span: Span::new(at, at + '±'.len_utf8()),
        message: PLUS_MINUS.0.into(),
        label_text: "two values".into(),
        hint: Some(PLUS_MINUS.1.into()),
        opened: None,
    }
}

/// What the Unicode printer and `solve` print, read back: `·` and `×` as `*`, `−` as `-`,
/// superscript integers as powers (`x²` is `x^2`), `≈` as `=` (`x ≈ 1.41` is an equation, as
/// `subs` takes it) and a trailing `…` as nothing. Each replacement has the byte length of
/// what it replaces (padded with spaces), so spans stay valid in the original text. (`√` and
/// `π` are read by the parser itself; `±` is an error that explains.)
pub(super) fn pasted_notation(src: &str) -> String {
    if src.is_ascii() {
        return src.to_string();
    }
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    let pad = |out: &mut String, text: &str, bytes: usize| {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', bytes - text.len()));
    };
    while let Some(c) = chars.next() {
        match c {
            '·' | '×' => pad(&mut out, "*", c.len_utf8()),
            '−' => pad(&mut out, "-", c.len_utf8()),
            '≈' => pad(&mut out, "=", c.len_utf8()),
            '…' => pad(&mut out, "", c.len_utf8()),
            c if superscript_digit(c).is_some() => {
                let mut digits = String::from("^");
                let mut bytes = c.len_utf8();
                digits.push(superscript_digit(c).unwrap_or('0'));
                while let Some(d) = chars.peek().and_then(|n| superscript_digit(*n)) {
                    bytes += chars.next().map_or(0, char::len_utf8);
                    digits.push(d);
                }
                pad(&mut out, &digits, bytes);
            }
            c => out.push(c),
        }
    }
    out
}

fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}
