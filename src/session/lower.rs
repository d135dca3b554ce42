//! Lowering: syntax tree → value, resolving names against the session (definitions, constants,
//! the function registry and the command table) and building canonical expressions.

use std::sync::Arc;

use super::value::matrix::{self, Selection};
use super::value::{Arith, Value, is_matrix, one_based};
use super::{Session, commands};
use crate::error::Error;
use crate::expr::canon;
use crate::expr::number::parse_decimal;
use crate::expr::subst::subs;
use crate::expr::{Constant, Expr, Number};
use crate::functions::Func;
use crate::limits;
use crate::math_error::MathError;
use crate::series::AnySeries;
use crate::span::Span;
use crate::syntax::ast::{Ast, AstKind, BinOp};

/// Names of the built-in things, for "did you mean" hints.
fn known_names(session: &Session) -> Vec<String> {
    session.completion_names()
}

impl Session {
    /// Lower an expression statement or argument to a value.
    pub(crate) fn lower(&mut self, ast: &Ast) -> Result<Value, Error> {
        let span = ast.span;
        match &ast.kind {
            AstKind::Number { mantissa, exponent } => {
                let r = parse_decimal(mantissa, *exponent).map_err(|e| Error::math(e, span))?;
                Ok(Value::Expr(Expr::num(Number::Exact(r))))
            }
            AstKind::Name(name) => self.lower_name(name, span),
            AstKind::Str(_) => Err(Error::usage_hint(
                "a text in quotes is only an option value",
                span,
                "e.g. newton_fractal(z^3 - 1, z, to = \"basins.png\")",
            )),
            AstKind::Neg(inner) => {
                let v = self.lower(inner)?;
                Arith::Mul.combine(Value::Expr(Expr::int(-1)), v, span)
            }
            AstKind::Chain(items) => self.lower_chain(items, span),
            AstKind::Power(base, exponent) => {
                let b = self.lower(base)?;
                let e = self.lower(exponent)?;
                Arith::Pow.combine(b, e, span)
            }
            AstKind::Call {
                name,
                name_span,
                args,
            } => self.lower_call(name, *name_span, args, span),
            AstKind::List(items) => {
                // Elements are counted as they are made: each copy of a list is a deep copy,
                // and `l_k := [l_{k-1}, l_{k-1}]` doubles with every line.
                let mut elements = 0usize;
                let items = items
                    .iter()
                    .map(|i| {
                        let item = self.lower(i)?;
                        elements += item.element_count(limits::MAX_VECTOR_LENGTH);
                        if elements > limits::MAX_VECTOR_LENGTH {
                            return Err(Error::math(
                                MathError::TooLarge {
                                    what: "the list".into(),
                                    limit: format!(
                                        "{} elements, nested lists counted in full, MAX_VECTOR_LENGTH",
                                        limits::MAX_VECTOR_LENGTH
                                    ),
                                },
                                span,
                            ));
                        }
                        Ok(item)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if is_matrix(&items) {
                    matrix::from_rows(items, span)
                } else {
                    Ok(Value::List(items))
                }
            }
            AstKind::Slice { .. } => Err(Error::usage_hint(
                "a range a:b is only an index",
                span,
                "A[1:2, 3] takes rows 1 to 2 of column 3",
            )),
            AstKind::Equation(l, r) => {
                let lhs = self.lower_expr(l)?;
                let rhs = self.lower_expr(r)?;
                Ok(Value::Equation(lhs, rhs))
            }
            AstKind::Inequality(l, relation, r) => {
                let lhs = self.lower_expr(l)?;
                let rhs = self.lower_expr(r)?;
                Ok(Value::Inequality(lhs, *relation, rhs))
            }
            AstKind::Index { base, indices } => self.lower_index(base, indices),
        }
    }

    /// `v[k]` (1-based), `A[i, j]` (row i, column j), and ranges `a:b` of positions (both
    /// included; `:` is all): `A[1:2, 3]`, `A[:, 2]`, `v[2:]`.
    fn lower_index(&mut self, base: &Ast, indices: &[Ast]) -> Result<Value, Error> {
        let mut value = self.lower(base)?.operand(base.span)?;
        if indices.is_empty() {
            return Err(Error::usage_hint(
                "an index needs a position",
                base.span,
                "v[1] is the first item, A[2, 1] row 2, column 1",
            ));
        }
        if let Value::Matrix(m) = &value {
            if indices.len() > 2 {
                return Err(Error::usage(
                    format!(
                        "a matrix takes one or two indices (row, column), not {}",
                        indices.len()
                    ),
                    indices[2].span,
                ));
            }
            let rows = self.selection(&indices[0], m.rows(), "row")?;
            let cols = match indices.get(1) {
                Some(ast) => self.selection(ast, m.cols(), "column")?,
                None => Selection::Range((0..m.cols()).collect()),
            };
            return Ok(matrix::select(m, rows, cols));
        }
        for index in indices {
            let len = match &value {
                Value::List(items) => items.len(),
                _ => 0,
            };
            value = match self.selection(index, len, "item")? {
                Selection::One(k) => match value {
                    Value::List(mut items) => items.swap_remove(k),
                    other => other.index(1, index.span)?,
                },
                Selection::Range(ks) => match value {
                    Value::List(items) => {
                        Value::List(ks.into_iter().map(|k| items[k].clone()).collect())
                    }
                    other => other.index(1, index.span)?,
                },
            };
        }
        Ok(value)
    }

    /// One index along a side of `len` positions: a whole number or a range `a:b`.
    fn selection(&mut self, index: &Ast, len: usize, what: &str) -> Result<Selection, Error> {
        let whole = |this: &mut Self, ast: &Ast| -> Result<i64, Error> {
            let e = this.lower_expr(ast)?;
            e.as_number()
                .and_then(|n| n.as_integer())
                .and_then(|i| i.to_i64())
                .ok_or_else(|| {
                    Error::usage_hint(
                        format!("an index must be a whole number, got {e}"),
                        ast.span,
                        "v[1] is the first item, v[-1] the last, v[2:4] items 2 to 4",
                    )
                })
        };
        match &index.kind {
            AstKind::Slice { from, to } => {
                let first = match from {
                    Some(a) => one_based(whole(self, a)?, len, what, a.span)?,
                    None => 0,
                };
                let last = match to {
                    Some(a) => one_based(whole(self, a)?, len, what, a.span)?,
                    None => len.saturating_sub(1),
                };
                if len == 0 || first > last {
                    return Err(Error::usage(
                        format!("the range selects no {what}"),
                        index.span,
                    ));
                }
                Ok(Selection::Range((first..=last).collect()))
            }
            _ => {
                let k = whole(self, index)?;
                if len == 0 {
                    return Err(Error::usage_hint(
                        "only a list or a matrix can be indexed",
                        index.span,
                        "v[k] is the k-th item of a list (1-based), A[i, j] an entry of a matrix",
                    ));
                }
                one_based(k, len, what, index.span).map(Selection::One)
            }
        }
    }

    /// Lower something that must be a single expression (a root stands for its value).
    pub(crate) fn lower_expr(&mut self, ast: &Ast) -> Result<Expr, Error> {
        match self.lower(ast)?.operand(ast.span)? {
            Value::Expr(e) => Ok(e),
            other => Err(Error::usage(
                format!("expected an expression here, found a {}", other.kind()),
                ast.span,
            )),
        }
    }

    /// Lower a function body with its parameters bound as plain symbols.
    pub(crate) fn lower_with_params(
        &mut self,
        ast: &Ast,
        params: &[String],
    ) -> Result<Expr, Error> {
        let saved = self.bound.len();
        self.bound.extend(params.iter().cloned());
        let result = self.lower_expr(ast);
        self.bound.truncate(saved);
        result
    }

    fn lower_name(&mut self, name: &str, span: Span) -> Result<Value, Error> {
        if self.bound.iter().any(|b| b == name) {
            return Ok(Value::Expr(Expr::sym(name)));
        }
        if name == "ans" {
            return self.ans.clone().ok_or_else(|| {
                Error::usage(
                    "'ans' has no value yet (no statement has produced a result)",
                    span,
                )
            });
        }
        if let Some(v) = self.variables.get(name) {
            return Ok(v.clone());
        }
        // A' is the transpose of a matrix named A (primes are otherwise part of a name).
        let base = name.trim_end_matches('\'');
        if base.len() < name.len()
            && let Some(Value::Matrix(m)) = self.variables.get(base)
        {
            let flips = name.len() - base.len();
            return Ok(if flips % 2 == 1 {
                Value::matrix(m.transpose())
            } else {
                Value::Matrix(m.clone())
            });
        }
        if let Some(c) = Constant::from_name(name) {
            return Ok(Value::Expr(Expr::constant(c)));
        }
        if let Some(cmd) = commands::bare(name) {
            // `help` alone is what people type first at a prompt: the same as help().
            return commands::call(self, cmd, &[], span);
        }
        if self.is_function(name) {
            return Err(Error::usage_hint(
                format!("'{name}' is a function, not a value"),
                span,
                format!("call it, e.g. {name}(x); help({name}) describes it"),
            ));
        }
        Ok(Value::Expr(Expr::sym(name)))
    }

    fn lower_chain(&mut self, items: &[(BinOp, Ast)], span: Span) -> Result<Value, Error> {
        let is_sum = matches!(items[0].0, BinOp::Add | BinOp::Sub);
        // In a product a negated factor contributes a factor -1 of the whole product:
        // -(1 - x)/(x^2 + 1) is -1·(1 − x)·(x² + 1)⁻¹, the tree it was printed from, not
        // (x − 1)·(x² + 1)⁻¹ (negating the sum first would distribute the -1 into it).
        let mut signs = 0usize;
        let values = items
            .iter()
            .map(|(op, a)| {
                let mut inner = a;
                while let (false, AstKind::Neg(operand)) = (is_sum, &inner.kind) {
                    signs += 1;
                    inner = operand;
                }
                Ok((*op, self.lower(inner)?, a.span))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        // Fast path: a chain of plain expressions becomes one n-ary sum or product.
        if values.iter().all(|(_, v, _)| matches!(v, Value::Expr(_))) {
            let mut parts = Vec::with_capacity(values.len() + 1);
            if signs % 2 == 1 {
                parts.push(Expr::int(-1));
            }
            for (op, v, s) in values {
                let Value::Expr(e) = v else { continue };
                let part = match op {
                    BinOp::Add | BinOp::Mul => Ok(e),
                    BinOp::Sub => canon::neg(e),
                    BinOp::Div => canon::pow(e, Expr::int(-1)),
                };
                parts.push(part.map_err(|err| Error::math(err, s))?);
            }
            let result = if is_sum {
                canon::add(parts)
            } else {
                canon::mul(parts)
            };
            return result.map(Value::Expr).map_err(|e| Error::math(e, span));
        }
        let mut iter = values.into_iter();
        let Some((_, mut acc, _)) = iter.next() else {
            return Ok(Value::Expr(Expr::zero()));
        };
        if signs % 2 == 1 {
            acc = Arith::Mul.combine(Value::Expr(Expr::int(-1)), acc, span)?;
        }
        for (op, v, s) in iter {
            let arith = match op {
                BinOp::Add => Arith::Add,
                BinOp::Sub => Arith::Sub,
                BinOp::Mul => Arith::Mul,
                BinOp::Div => Arith::Div,
            };
            acc = arith.combine(acc, v, s)?;
        }
        Ok(acc)
    }

    fn lower_call(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[Ast],
        span: Span,
    ) -> Result<Value, Error> {
        if !self.bound.iter().any(|b| b == name) {
            if let Some(f) = self.functions.get(name).cloned() {
                if args.len() != f.params.len() {
                    return Err(Error::usage(
                        format!(
                            "{name} takes {} argument{} ({name}({})), got {}",
                            f.params.len(),
                            plural(f.params.len()),
                            f.params.join(", "),
                            args.len()
                        ),
                        span,
                    ));
                }
                let values = args
                    .iter()
                    .map(|a| self.lower(a)?.operand(a.span))
                    .collect::<Result<Vec<_>, _>>()?;
                let (values, series) = series_operands(values, span)?;
                let map: Vec<(String, Expr)> = f.params.iter().cloned().zip(values).collect();
                let body = subs(&f.body, &map).map_err(|e| Error::math(e, span))?;
                return lift_into(body, series, span);
            }
            if let Some(cmd) = commands::find(name) {
                return commands::call(self, cmd, args, span);
            }
            if let Some(func) = Func::lookup(name) {
                return self.lower_builtin(func, args, span);
            }
        }
        // Not callable: x(1+x) is an error that suggests the product.
        let is_value = self.bound.iter().any(|b| b == name)
            || self.variables.contains_key(name)
            || Constant::from_name(name).is_some();
        let product = args
            .first()
            .map_or_else(String::new, |_| "*(...)".to_string());
        let names = known_names(self);
        let close = super::suggest::closest(name, names.iter().map(String::as_str), false)
            .filter(|c| self.is_function(c));
        if is_value || name.chars().count() == 1 {
            let product_hint = format!(
                "for a product write {name}{product}, e.g. {name}*(1 + {name}); to define a function write {name}(t) := ..."
            );
            return Err(Error::usage_hint(
                format!("'{name}' is not a function"),
                name_span,
                match close {
                    Some(c) => format!("did you mean {c}? Otherwise, {product_hint}"),
                    None => product_hint,
                },
            ));
        }
        let hint = match close {
            Some(c) => format!("did you mean {c}? (or write {name}{product} for a product)"),
            None => format!(
                "define it with {name}(x) := ..., or write {name}{product} for a product; help lists the built-in functions"
            ),
        };
        Err(Error::usage_hint(
            format!("unknown function '{name}'"),
            name_span,
            hint,
        ))
    }

    fn lower_builtin(&mut self, func: Func, args: &[Ast], span: Span) -> Result<Value, Error> {
        let def = func.def();
        if !def.accepts(args.len()) {
            let count = if def.variadic {
                format!("at least {}", def.min_args)
            } else if def.min_args == def.params.len() {
                def.min_args.to_string()
            } else {
                format!("{} to {}", def.min_args, def.params.len())
            };
            return Err(Error::usage(
                format!(
                    "{} takes {count} argument{} ({}), got {}",
                    def.name,
                    plural(def.params.len()),
                    def.signature(),
                    args.len()
                ),
                span,
            ));
        }
        let values = args
            .iter()
            .map(|a| self.lower(a))
            .collect::<Result<Vec<_>, _>>()?;
        apply_elementwise(func, values, span)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Apply a built-in function; a single list or matrix argument maps over its items (entries),
/// except for a function of any number of arguments (`max`, `min`), which takes a list's items
/// as its arguments.
fn apply_elementwise(func: Func, values: Vec<Value>, span: Span) -> Result<Value, Error> {
    let mut values = values
        .into_iter()
        .map(|v| v.operand(span))
        .collect::<Result<Vec<_>, _>>()?;
    if func.def().variadic
        && values.len() == 1
        && let Value::List(items) = &values[0]
        && !items.is_empty()
        && items.iter().all(|i| matches!(i, Value::Expr(_)))
    {
        values = items.clone();
    }
    if values.len() == 1
        && let Value::List(items) = &values[0]
    {
        return Ok(Value::List(
            items
                .iter()
                .map(|i| apply_elementwise(func, vec![i.clone()], span))
                .collect::<Result<Vec<_>, _>>()?,
        ));
    }
    // max(A) and min(A) range over every entry.
    if func.def().variadic
        && values.len() == 1
        && let Value::Matrix(m) = &values[0]
    {
        let entries = m.exprs().into_data();
        return canon::call(func, entries)
            .map(Value::Expr)
            .map_err(|e| Error::math(e, span));
    }
    // A matrix maps entry by entry too (exp(A) is not the matrix exponential here).
    if values.len() == 1
        && let Value::Matrix(m) = &values[0]
    {
        let m = m.clone();
        return Value::Matrix(m).map_exprs(span, &|e| canon::call(func, vec![e.clone()]));
    }
    let (exprs, series) = series_operands(values, span).map_err(|_| {
        Error::usage(
            format!("{} needs expressions or a series as arguments", func.name()),
            span,
        )
    })?;
    let value = canon::call(func, exprs).map_err(|e| Error::math(e, span))?;
    lift_into(value, series, span)
}

/// Arguments as expressions, a series argument standing for its truncated sum; the series
/// (at most one frame) is returned so the result can be expanded back to its order.
fn series_operands(
    values: Vec<Value>,
    span: Span,
) -> Result<(Vec<Expr>, Option<Arc<AnySeries>>), Error> {
    let mut series: Option<Arc<AnySeries>> = None;
    let mut exprs = Vec::with_capacity(values.len());
    for v in values {
        match v {
            Value::Expr(e) => exprs.push(e),
            Value::Series(s) => {
                if series.as_ref().is_some_and(|t| t.frame() != s.frame()) {
                    return Err(Error::usage(
                        "the series arguments are in different variables or at different points",
                        span,
                    ));
                }
                exprs.push(s.polynomial().map_err(|e| Error::math(e, span))?);
                // The least precise series decides the order of the result.
                if series
                    .as_ref()
                    .is_none_or(|t| s.order_exponent() < t.order_exponent())
                {
                    series = Some(s);
                }
            }
            other => {
                return Err(Error::usage(
                    format!(
                        "expected an expression or a series, found a {}",
                        other.kind()
                    ),
                    span,
                ));
            }
        }
    }
    Ok((exprs, series))
}

/// The value of a call: itself, or (when an argument was a series) its expansion in that
/// series' frame to that series' order: f(s) is the composition.
fn lift_into(value: Expr, series: Option<Arc<AnySeries>>, span: Span) -> Result<Value, Error> {
    match series {
        None => Ok(Value::Expr(value)),
        Some(s) => s
            .lift(&value)
            .map(|r| Value::Series(Arc::new(r)))
            .map_err(|e| Error::math(e, span)),
    }
}
