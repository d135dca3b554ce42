//! The parser (nom 8 for the tokens, precedence climbing by hand for the operators).
//!
//! Spans are recorded as distances from the end of the input while parsing (every nom parser
//! sees a suffix of the input) and converted to byte offsets once a statement is complete.
//! Every error is a `Failure` (no silent backtracking), so it points at the real spot and says
//! what was expected. Recursion depth is bounded by [`limits::MAX_NESTING`] and input size by
//! [`limits::MAX_INPUT_BYTES`], so no input can overflow the stack.

use nom::bytes::complete::take_while;
use nom::character::complete::satisfy;
use nom::error::ErrorKind;
use nom::{IResult, Parser};

use super::ast::{Ast, AstKind, BinOp, Located, Relation, Statement};
use super::pasted::{PLUS_MINUS, pasted_notation, plus_minus_error};
use crate::limits;
use crate::span::Span;

/// A syntax error: where, what was expected, and possibly a hint.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub span: Span,
    pub message: String,
    /// Text under the caret.
    pub label_text: String,
    pub hint: Option<String>,
    /// Where the unclosed bracket the error is about was opened (the hint names its line and
    /// column, which depend on where the statement starts in its input).
    pub opened: Option<usize>,
}

impl ParseError {
    pub fn label(&self) -> String {
        self.label_text.clone()
    }
}

/// The in-flight error: positions are distances from the end of the input.
#[derive(Debug)]
struct PErr {
    at: usize,
    len: usize,
    message: String,
    label: String,
    hint: Option<String>,
    /// An opening bracket this error refers to (for "not closed" hints), from the end.
    opener: Option<usize>,
}

impl nom::error::ParseError<&str> for PErr {
    fn from_error_kind(input: &str, _kind: ErrorKind) -> Self {
        PErr {
            at: input.len(),
            len: 0,
            message: "unexpected input".into(),
            label: "here".into(),
            hint: None,
            opener: None,
        }
    }
    fn append(_: &str, _: ErrorKind, other: Self) -> Self {
        other
    }
}

type Res<'a, T> = IResult<&'a str, T, PErr>;

fn fail<'a, T>(at: &'a str, message: impl Into<String>, label: impl Into<String>) -> Res<'a, T> {
    Err(nom::Err::Failure(PErr {
        at: at.len(),
        len: 0,
        message: message.into(),
        label: label.into(),
        hint: None,
        opener: None,
    }))
}

fn fail_with<'a, T>(
    at: &'a str,
    len: usize,
    message: impl Into<String>,
    label: impl Into<String>,
    hint: Option<String>,
) -> Res<'a, T> {
    Err(nom::Err::Failure(PErr {
        at: at.len(),
        len,
        message: message.into(),
        label: label.into(),
        hint,
        opener: None,
    }))
}

/// Parser state that travels down the recursion.
#[derive(Clone, Copy)]
struct Ctx {
    depth: usize,
    /// Inside brackets a newline is whitespace; at the top level it ends the statement.
    newline_is_space: bool,
}

impl Ctx {
    fn deeper(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
    fn bracketed(self) -> Ctx {
        Ctx {
            newline_is_space: true,
            ..self
        }
    }
}

/// What the last token of an operand was: implicit multiplication follows a number or a
/// closing bracket, never a name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Number,
    Name,
    Bracket,
}

/// Skip blanks and `#` comments (and newlines when inside brackets).
fn skip(input: &str, ctx: Ctx) -> &str {
    let mut s = input;
    loop {
        let t = s.trim_start_matches(|c: char| {
            c == ' ' || c == '\t' || c == '\r' || (ctx.newline_is_space && c == '\n')
        });
        let t = if t.starts_with('#') {
            t.find('\n').map_or("", |i| &t[i..])
        } else {
            t
        };
        if t.len() == s.len() {
            return s;
        }
        s = t;
    }
}

fn span_between(start: &str, rest: &str) -> Span {
    // Distances from the end; converted by `absolute`.
    Span::new(start.len(), rest.len())
}

fn node(kind: AstKind, start: &str, rest: &str) -> Ast {
    Ast {
        kind,
        span: span_between(start, rest),
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// The length of the run of ASCII digits at the start of `s`.
fn digits_len(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn identifier(input: &str) -> Res<'_, &str> {
    // The first character must start a name; nom's `satisfy` reports the error position.
    let (after_first, _) = satisfy(is_name_start).parse(input)?;
    let (_, tail) = take_while(|c: char| c.is_alphanumeric() || c == '_').parse(after_first)?;
    // Primes are part of a name: `x'` and `x''` are derivatives in the ODE commands.
    let primes = after_first[tail.len()..]
        .bytes()
        .take_while(|&b| b == b'\'')
        .count();
    let len = input.len() - after_first.len() + tail.len() + primes;
    Ok((&input[len..], &input[..len]))
}

/// `12`, `0.5`, `.5`, `1.5e-3` → (mantissa text, decimal exponent).
///
/// Lengths are measured rather than taken from `recognize`: nom 8's `digit0` can return a
/// detached empty slice at the end of input, which makes `recognize` cut the token short.
fn number(input: &str) -> Res<'_, (String, i64)> {
    let int_len = digits_len(input);
    let mut len = int_len;
    if input[len..].starts_with('.') {
        len += 1 + digits_len(&input[len + 1..]);
    }
    if len == 0 || (int_len == 0 && len == 1) {
        return Err(nom::Err::Error(nom::error::ParseError::from_error_kind(
            input,
            ErrorKind::Digit,
        )));
    }
    let mantissa = &input[..len];
    let mut exponent = 0i64;
    let rest = &input[len..];
    if rest.starts_with(['e', 'E']) {
        let signed = usize::from(rest[1..].starts_with(['+', '-']));
        let exp_digits = digits_len(&rest[1 + signed..]);
        if exp_digits > 0 {
            let text = &rest[1..1 + signed + exp_digits];
            // An exponent too long for i64 saturates; lowering then refuses it as too large.
            exponent = text.parse::<i64>().unwrap_or(if text.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            });
            len += 1 + signed + exp_digits;
        }
    }
    Ok((&input[len..], (mantissa.to_string(), exponent)))
}

/// Whether the text starts an operand that implicit multiplication may take (`x`, `(`, `[`).
fn starts_implicit_operand(s: &str) -> bool {
    s.starts_with(|c: char| is_name_start(c) || c == '(')
}

fn describe_next(s: &str) -> String {
    match s.chars().next() {
        None => "end of input".into(),
        Some('\n') => "end of line".into(),
        Some(c) => format!("'{}'", crate::span::shown_char(c)),
    }
}

fn equation(input: &str, ctx: Ctx) -> Res<'_, Ast> {
    let (rest, lhs) = sum(input, ctx)?;
    let after = skip(rest, ctx);
    if after.starts_with('=') && !after.starts_with("==") {
        let (rest, rhs) = expect_operand(skip(&after[1..], ctx), ctx, "'='")?;
        let (rest, rhs) = continue_sum(rest, ctx, rhs)?;
        return Ok((
            rest,
            node(AstKind::Equation(Box::new(lhs), Box::new(rhs)), input, rest),
        ));
    }
    let relation = [
        (">=", Relation::GreaterEqual),
        ("<=", Relation::LessEqual),
        (">", Relation::Greater),
        ("<", Relation::Less),
    ]
    .into_iter()
    .find(|(text, _)| after.starts_with(text));
    if let Some((text, relation)) = relation {
        let quoted = format!("'{text}'");
        let (rest, rhs) = expect_operand(skip(&after[text.len()..], ctx), ctx, &quoted)?;
        let (rest, rhs) = continue_sum(rest, ctx, rhs)?;
        return Ok((
            rest,
            node(
                AstKind::Inequality(Box::new(lhs), relation, Box::new(rhs)),
                input,
                rest,
            ),
        ));
    }
    if after.starts_with("==") {
        return fail_with(
            after,
            2,
            "'==' is not an operator",
            "here",
            Some("write an equation with a single '=': lhs = rhs".into()),
        );
    }
    Ok((rest, lhs))
}

/// The operand after an operator: a missing one is an error naming the operator.
fn expect_operand<'a>(input: &'a str, ctx: Ctx, after_what: &str) -> Res<'a, Ast> {
    if input.is_empty() || input.starts_with([')', ']', ',', ';', '\n', '=']) {
        return fail(
            input,
            format!("expected an expression after {after_what}"),
            format!("expected an expression, found {}", describe_next(input)),
        );
    }
    term(input, ctx)
}

fn sum(input: &str, ctx: Ctx) -> Res<'_, Ast> {
    let (rest, first) = term(input, ctx)?;
    continue_sum(rest, ctx, first)
}

fn continue_sum(input: &str, ctx: Ctx, first: Ast) -> Res<'_, Ast> {
    let start_from_end = first.span.start;
    let mut items = vec![(BinOp::Add, first)];
    let mut rest = input;
    loop {
        let s = skip(rest, ctx);
        let op = match s.chars().next() {
            Some('+') => BinOp::Add,
            Some('-') => BinOp::Sub,
            _ => break,
        };
        let (r, t) = expect_operand(skip(&s[1..], ctx), ctx, &format!("'{}'", op.symbol()))?;
        items.push((op, t));
        rest = r;
    }
    Ok(chain(items, start_from_end, rest))
}

fn chain(mut items: Vec<(BinOp, Ast)>, start_from_end: usize, rest: &str) -> (&str, Ast) {
    if items.len() == 1 {
        return (rest, items.remove(0).1);
    }
    (
        rest,
        Ast {
            kind: AstKind::Chain(items),
            span: Span::new(start_from_end, rest.len()),
        },
    )
}

fn term(input: &str, ctx: Ctx) -> Res<'_, Ast> {
    let (mut rest, (first, mut end)) = unary(input, ctx)?;
    let mut items = vec![(BinOp::Mul, first)];
    loop {
        let s = skip(rest, ctx);
        let op = match s.chars().next() {
            Some('*') if s.starts_with("**") => {
                return fail_with(
                    s,
                    2,
                    "'**' is not an operator",
                    "here",
                    Some("use ^ for powers: x^2".into()),
                );
            }
            Some('*') => BinOp::Mul,
            Some('/') => BinOp::Div,
            _ => {
                // Implicit multiplication: 2x, 2(x+1), (a+b)(a-b), 2 sin(x).
                if matches!(end, End::Number | End::Bracket) && starts_implicit_operand(s) {
                    let (r, (t, e)) = power(s, ctx)?;
                    items.push((BinOp::Mul, t));
                    end = e;
                    rest = r;
                    continue;
                }
                break;
            }
        };
        let operand = skip(&s[1..], ctx);
        if operand.is_empty() || operand.starts_with([')', ']', ',', ';', '\n', '=']) {
            return fail(
                operand,
                format!("expected an expression after '{}'", op.symbol()),
                format!("expected an expression, found {}", describe_next(operand)),
            );
        }
        let (r, (t, e)) = unary(operand, ctx)?;
        items.push((op, t));
        end = e;
        rest = r;
    }
    Ok(chain(items, input.len(), rest))
}

fn unary(input: &str, ctx: Ctx) -> Res<'_, (Ast, End)> {
    if ctx.depth >= limits::MAX_NESTING {
        return fail_with(
            input,
            1,
            format!(
                "the expression is nested too deeply (limit: {} levels)",
                limits::MAX_NESTING
            ),
            "too deep here",
            Some("split the expression with definitions such as a := ...".into()),
        );
    }
    let ctx = ctx.deeper();
    match input.chars().next() {
        Some(sign @ ('-' | '+')) => {
            let operand = skip(&input[1..], ctx);
            if operand.is_empty() || operand.starts_with([')', ']', ',', ';', '\n', '=']) {
                return fail(
                    operand,
                    format!("expected an expression after '{sign}'"),
                    format!("expected an expression, found {}", describe_next(operand)),
                );
            }
            let (rest, (inner, end)) = unary(operand, ctx)?;
            if sign == '+' {
                return Ok((rest, (inner, end)));
            }
            Ok((
                rest,
                (node(AstKind::Neg(Box::new(inner)), input, rest), end),
            ))
        }
        _ => power(input, ctx),
    }
}

/// A primary followed by any number of indexings: `v[2]`, `A[1, 2]`, `roots(p)[1]`.
fn indexed(input: &str, ctx: Ctx) -> Res<'_, (Ast, End)> {
    let (mut rest, (mut base, mut end)) = primary(input, ctx)?;
    while let Some(after) = rest.strip_prefix('[') {
        let (r, indices) = items(after, ctx, ']', rest, "the index", index_item)?;
        base = node(
            AstKind::Index {
                base: Box::new(base),
                indices,
            },
            input,
            r,
        );
        end = End::Bracket;
        rest = r;
    }
    Ok((rest, (base, end)))
}

fn power(input: &str, ctx: Ctx) -> Res<'_, (Ast, End)> {
    let (rest, (base, end)) = indexed(input, ctx)?;
    let s = skip(rest, ctx);
    if let Some(after) = s.strip_prefix('^') {
        let operand = skip(after, ctx);
        if operand.is_empty() || operand.starts_with([')', ']', ',', ';', '\n', '=']) {
            return fail(
                operand,
                "expected an exponent after '^'",
                format!("expected an expression, found {}", describe_next(operand)),
            );
        }
        let (rest, (exponent, end)) = unary(operand, ctx)?;
        return Ok((
            rest,
            (
                node(
                    AstKind::Power(Box::new(base), Box::new(exponent)),
                    input,
                    rest,
                ),
                end,
            ),
        ));
    }
    Ok((rest, (base, end)))
}

/// Comma-separated items up to `close`, after the opening bracket has been consumed.
fn items<'a>(
    input: &'a str,
    ctx: Ctx,
    close: char,
    opener: &'a str,
    what: &str,
    item: fn(&'a str, Ctx) -> Res<'a, Ast>,
) -> Res<'a, Vec<Ast>> {
    let inner = ctx.bracketed();
    let mut out = Vec::new();
    let mut rest = skip(input, inner);
    if let Some(r) = rest.strip_prefix(close) {
        return Ok((r, out));
    }
    loop {
        if rest.starts_with([',', close]) || rest.is_empty() {
            let message = if rest.is_empty() {
                format!("expected '{close}'")
            } else {
                format!("expected an expression in {what}")
            };
            let label = if rest.is_empty() {
                format!("expected '{close}'")
            } else {
                format!("found {}", describe_next(rest))
            };
            return Err(nom::Err::Failure(PErr {
                at: rest.len(),
                len: 0,
                message,
                label,
                hint: None,
                opener: Some(opener.len()),
            }));
        }
        let (r, parsed) = item(rest, inner)?;
        out.push(parsed);
        let r = skip(r, inner);
        if let Some(r2) = r.strip_prefix(',') {
            rest = skip(r2, inner);
            continue;
        }
        if let Some(r2) = r.strip_prefix(close) {
            return Ok((r2, out));
        }
        let hint = if r.is_empty() || r.starts_with(';') {
            None
        } else if starts_implicit_operand(r) || r.starts_with(|c: char| c.is_ascii_digit()) {
            Some(format!(
                "separate items with ',' or write an operator such as '*'; close {what} with '{close}'"
            ))
        } else {
            Some(format!(
                "separate items with ','; close {what} with '{close}'"
            ))
        };
        return Err(nom::Err::Failure(PErr {
            at: r.len(),
            len: 0,
            message: format!("expected '{close}'"),
            label: format!("expected '{close}' or ','"),
            hint,
            opener: Some(opener.len()),
        }));
    }
}

/// One index: an expression, or a slice `a:b`, `a:`, `:b`, `:` (ends included, 1-based).
fn index_item(input: &str, ctx: Ctx) -> Res<'_, Ast> {
    let (r, from) = if input.starts_with(':') && !input.starts_with(":=") {
        (input, None)
    } else {
        let (r, e) = equation(input, ctx)?;
        (r, Some(e))
    };
    let after_from = skip(r, ctx);
    let Some(after) = after_from.strip_prefix(':').filter(|a| !a.starts_with('=')) else {
        return match from {
            Some(e) => Ok((r, e)),
            None => fail(input, "expected an index", "expected an index".to_string()),
        };
    };
    let after = skip(after, ctx);
    let (end, to) = if after.starts_with([',', ']']) {
        (after, None)
    } else {
        let (r2, e) = equation(after, ctx)?;
        (r2, Some(e))
    };
    let slice = AstKind::Slice {
        from: from.map(Box::new),
        to: to.map(Box::new),
    };
    Ok((end, node(slice, input, end)))
}

fn primary(input: &str, ctx: Ctx) -> Res<'_, (Ast, End)> {
    let Some(c) = input.chars().next() else {
        return fail(
            input,
            "expected an expression",
            "expected an expression, found end of input",
        );
    };
    if c == '(' {
        let inner = ctx.bracketed();
        let after = skip(&input[1..], inner);
        if after.starts_with(')') {
            return fail(
                after,
                "expected an expression inside '( )'",
                "empty parentheses",
            );
        }
        let (rest, e) = equation(after, inner)?;
        let rest = skip(rest, inner);
        return match rest.strip_prefix(')') {
            Some(r) => {
                let mut e = e;
                // The parentheses belong to the node's span (so errors underline all of it).
                e.span = span_between(input, r);
                Ok((r, (e, End::Bracket)))
            }
            None => {
                let hint = if !rest.is_empty()
                    && (starts_implicit_operand(rest)
                        || rest.starts_with(|c: char| c.is_ascii_digit()))
                {
                    Some("write an operator such as '*' between the two parts".to_string())
                } else {
                    None
                };
                Err(nom::Err::Failure(PErr {
                    at: rest.len(),
                    len: 0,
                    message: "expected ')'".into(),
                    label: format!("expected ')', found {}", describe_next(rest)),
                    hint,
                    opener: Some(input.len()),
                }))
            }
        };
    }
    if c == '"' {
        // A text runs to the next unescaped quote on the same line; \" and \\ are escapes.
        let mut text = String::new();
        let mut chars = input[1..].char_indices();
        while let Some((i, ch)) = chars.next() {
            match ch {
                '"' => {
                    let rest = &input[i + 2..];
                    return Ok((rest, (node(AstKind::Str(text), input, rest), End::Bracket)));
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => text.push(e),
                    _ => {
                        return fail_with(
                            &input[i + 1..],
                            1,
                            "unknown escape in a text (only \\\" and \\\\)",
                            "here",
                            None,
                        );
                    }
                },
                '\n' => break,
                other => text.push(other),
            }
        }
        return Err(nom::Err::Failure(PErr {
            at: input.len(),
            len: 1,
            message: "unterminated text: expected a closing '\"'".into(),
            label: "the text starts here".into(),
            hint: None,
            opener: None,
        }));
    }
    if c == '√' {
        // √2, √(x + 1): the Unicode printer's square root.
        let after = &input[c.len_utf8()..];
        let (rest, (arg, _)) = indexed(after, ctx.deeper())?;
        let call = AstKind::Call {
            name: "sqrt".into(),
            name_span: span_between(input, after),
            args: vec![arg],
        };
        return Ok((rest, (node(call, input, rest), End::Bracket)));
    }
    if c == '±' {
        return fail_with(
            input,
            c.len_utf8(),
            PLUS_MINUS.0,
            "two values",
            Some(PLUS_MINUS.1.into()),
        );
    }
    if c == '[' {
        let (rest, list) = items(&input[1..], ctx, ']', input, "the list", equation)?;
        return Ok((rest, (node(AstKind::List(list), input, rest), End::Bracket)));
    }
    if c.is_ascii_digit() || (c == '.' && input[1..].starts_with(|d: char| d.is_ascii_digit())) {
        let (rest, (mantissa, exponent)) = number(input)?;
        return Ok((
            rest,
            (
                node(AstKind::Number { mantissa, exponent }, input, rest),
                End::Number,
            ),
        ));
    }
    if is_name_start(c) {
        let (rest, name) = identifier(input)?;
        let after = skip(rest, ctx);
        if let Some(args_start) = after.strip_prefix('(') {
            let name_span = span_between(input, rest);
            let (r, args) = items(
                args_start,
                ctx,
                ')',
                after,
                &format!("the call to {name}"),
                equation,
            )?;
            let call = AstKind::Call {
                name: name.to_string(),
                name_span,
                args,
            };
            return Ok((r, (node(call, input, r), End::Bracket)));
        }
        return Ok((
            rest,
            (
                node(AstKind::Name(name.to_string()), input, rest),
                End::Name,
            ),
        ));
    }
    let (message, label) = match c {
        ')' | ']' => (
            format!("unmatched '{c}'"),
            "no opening bracket for this".to_string(),
        ),
        ',' => (
            "expected an expression before ','".to_string(),
            "unexpected ','".to_string(),
        ),
        '\n' | ';' => (
            "expected an expression".to_string(),
            format!("found {}", describe_next(input)),
        ),
        _ => (
            format!("unexpected character '{}'", crate::span::shown_char(c)),
            "not part of the language".to_string(),
        ),
    };
    fail_with(input, c.len_utf8(), message, label, None)
}

/// One statement: an expression or equation, or a definition `name := ...` /
/// `f(x, y) := ...`.
fn statement(input: &str) -> Res<'_, Statement> {
    let ctx = Ctx {
        depth: 0,
        newline_is_space: false,
    };
    let (rest, lhs) = equation(input, ctx)?;
    let after = skip(rest, ctx);
    let Some(body_start) = after.strip_prefix(":=") else {
        return Ok((rest, Statement::Expr(lhs)));
    };
    let body_input = skip(body_start, ctx);
    if body_input.is_empty() || body_input.starts_with([';', '\n']) {
        return fail(
            body_input,
            "expected an expression after ':='",
            "expected the definition's value",
        );
    }
    let (rest, body) = equation(body_input, ctx)?;
    match lhs.kind {
        AstKind::Name(name) => Ok((
            rest,
            Statement::Define {
                name,
                name_span: lhs.span,
                value: body,
            },
        )),
        AstKind::Call {
            name,
            name_span,
            args,
        } => {
            let mut params = Vec::with_capacity(args.len());
            for a in &args {
                match &a.kind {
                    AstKind::Name(p) if !params.contains(p) => params.push(p.clone()),
                    AstKind::Name(p) => {
                        return Err(nom::Err::Failure(PErr {
                            at: a.span.start,
                            len: a.span.start - a.span.end,
                            message: format!("parameter '{p}' appears twice"),
                            label: "repeated parameter".into(),
                            hint: None,
                            opener: None,
                        }));
                    }
                    _ => {
                        return Err(nom::Err::Failure(PErr {
                            at: a.span.start,
                            len: a.span.start - a.span.end,
                            message: "a function's parameters must be plain names".into(),
                            label: "not a name".into(),
                            hint: Some(format!("define it as {name}(x, y) := ...")),
                            opener: None,
                        }));
                    }
                }
            }
            Ok((
                rest,
                Statement::DefineFunction {
                    name,
                    name_span,
                    params,
                    body,
                },
            ))
        }
        _ => Err(nom::Err::Failure(PErr {
            at: lhs.span.start,
            len: lhs.span.start - lhs.span.end,
            message: "only a name or a function such as f(x) can be defined with ':='".into(),
            label: "cannot be defined".into(),
            hint: Some("write a := value or f(x, y) := expression; use '=' for an equation".into()),
            opener: None,
        })),
    }
}

/// Byte offset of the next top-level statement separator at or after `from` (for recovery).
fn next_separator(src: &str, from: usize) -> usize {
    let mut depth = 0i64;
    let mut in_comment = false;
    for (i, c) in src[from..].char_indices() {
        match c {
            '\n' => {
                in_comment = false;
                if depth <= 0 {
                    return from + i;
                }
            }
            _ if in_comment => {}
            '#' => in_comment = true,
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth <= 0 => return from + i,
            _ => {}
        }
    }
    src.len()
}

/// Parse a whole input into statements. Each statement is parsed independently: an error in
/// one is reported and parsing resumes after the next `;` or newline.
pub fn parse_statements(src: &str) -> Vec<Result<Located, ParseError>> {
    if src.len() > limits::MAX_INPUT_BYTES {
        return vec![Err(ParseError {
            span: Span::new(0, 0),
            message: format!(
                "the input is too long ({} bytes; limit: {} bytes)",
                src.len(),
                limits::MAX_INPUT_BYTES
            ),
            label_text: "input starts here".into(),
            hint: Some("split it into several statements or files".into()),
            opened: None,
        })];
    }
    let original = src;
    let normal = pasted_notation(src);
    let src = normal.as_str();
    let total = src.len();
    let absolute = |s: Span| Span::new(total - s.start, total - s.end);
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        // Skip separators and blank lines.
        let ctx = Ctx {
            depth: 0,
            newline_is_space: true,
        };
        let rest = skip(&src[pos..], ctx);
        let rest = rest.trim_start_matches([';', '\n']);
        let next = total - rest.len();
        if next != pos {
            pos = next;
            continue;
        }
        if rest.is_empty() {
            break;
        }
        match statement(rest) {
            Ok((after, mut st)) => {
                let after = skip(
                    after,
                    Ctx {
                        depth: 0,
                        newline_is_space: false,
                    },
                );
                let end_offset = total - after.len();
                if after.starts_with('±') {
                    out.push(Err(plus_minus_error(end_offset)));
                    pos = next_separator(src, end_offset);
                    continue;
                }
                if !(after.is_empty() || after.starts_with([';', '\n'])) {
                    let hint = if starts_implicit_operand(after)
                        || after.starts_with(|c: char| c.is_ascii_digit())
                    {
                        Some("write an operator such as '*' between the two parts (2x and 2(x+1) are fine, x y is not)".to_string())
                    } else {
                        None
                    };
                    out.push(Err(ParseError {
                        span: Span::new(
                            end_offset,
                            end_offset + after.chars().next().map_or(0, char::len_utf8),
                        ),
                        message: format!(
                            "expected an operator or the end of the statement, found {}",
                            describe_next(after)
                        ),
                        label_text: "unexpected here".into(),
                        hint,
                        opened: None,
                    }));
                    pos = next_separator(src, end_offset);
                    continue;
                }
                st.map_spans(&absolute);
                let trimmed = src[pos..end_offset].trim_end();
                out.push(Ok(Located {
                    statement: st,
                    span: Span::new(pos, pos + trimmed.len()),
                }));
                pos = end_offset;
            }
            Err(nom::Err::Failure(e) | nom::Err::Error(e)) => {
                let start = total - e.at;
                out.push(Err(ParseError {
                    span: Span::new(start, start + e.len),
                    message: e.message,
                    label_text: e.label,
                    opened: e
                        .hint
                        .is_none()
                        .then_some(e.opener.map(|o| total - o))
                        .flatten(),
                    hint: e.hint,
                }));
                pos = next_separator(src, start.max(pos)).max(pos + 1).min(total);
            }
            Err(nom::Err::Incomplete(_)) => break,
        }
    }
    if normal.len() == original.len() && !original.is_ascii() {
        // A replacement shorter than its character leaves padding inside it: widen spans to
        // whole characters of the original text.
        let whole = |s: Span| {
            Span::new(
                crate::span::floor_char(original, s.start),
                crate::span::ceil_char(original, s.end),
            )
        };
        for r in &mut out {
            match r {
                Ok(located) => {
                    located.span = whole(located.span);
                    located.statement.map_spans(&whole);
                }
                Err(e) => e.span = whole(e.span),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> Result<Located, ParseError> {
        let mut v = parse_statements(src);
        assert_eq!(v.len(), 1, "{src}: {v:?}");
        v.remove(0)
    }

    #[test]
    fn unclosed_call_points_at_end_of_input() {
        let e = one("sin(x").unwrap_err();
        assert_eq!(e.message, "expected ')'");
        assert_eq!(e.span.start, 5);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let e = one(&src).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
    }

    #[test]
    fn statements_recover_after_an_error() {
        let v = parse_statements("1 + ; 2\n3");
        assert_eq!(v.len(), 3);
        assert!(v[0].is_err() && v[1].is_ok() && v[2].is_ok());
    }

    #[test]
    fn numbers_at_the_end_of_input_keep_every_digit() {
        assert_eq!(number("12.5").unwrap().1, ("12.5".to_string(), 0));
        assert_eq!(number("0.1").unwrap().1, ("0.1".to_string(), 0));
        assert_eq!(number("1.5e-3x").unwrap(), ("x", ("1.5".to_string(), -3)));
        assert_eq!(number("2e").unwrap(), ("e", ("2".to_string(), 0)));
        assert_eq!(number(".5").unwrap().1, (".5".to_string(), 0));
        assert_eq!(identifier("theta_1").unwrap(), ("", "theta_1"));
    }

    #[test]
    fn juxtaposed_names_are_an_error_with_a_hint() {
        let e = one("x y").unwrap_err();
        assert!(e.hint.unwrap().contains("operator"));
    }
}
