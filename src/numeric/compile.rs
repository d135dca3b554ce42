//! Compile an expression to a flat program that evaluates many `f64` points quickly.
//!
//! The program is a list of register operations in SSA order (each op writes a new register
//! computed from earlier ones). It runs column-wise over chunks of points: every op processes a
//! whole chunk before the next op, so dispatch costs once per chunk rather than once per point,
//! simple arithmetic vectorises, and nothing allocates per point. Constant subtrees are folded at
//! compile time (evaluated in MPFR, rounded once). Points outside the real domain give NaN, which
//! plots and fits skip. Large batches are split across threads with rayon.

use rayon::prelude::*;

use super::eval::{NoVars, eval};
use crate::expr::{Constant, Expr, Node, Number};
use crate::math_error::MathError;

/// Points processed per chunk (small enough that all registers stay in cache).
const CHUNK: usize = 256;
/// Batches at least this large are split across threads.
const PARALLEL_THRESHOLD: usize = 1 << 15;

#[derive(Clone, Copy)]
enum Op {
    Add(usize, usize),
    Sub(usize, usize),
    Mul(usize, usize),
    Div(usize, usize),
    Recip(usize),
    PowI(usize, i32),
    Pow(usize, usize),
    Sqrt(usize),
    Exp(usize),
    Unary(fn(f64) -> f64, usize),
    /// A registry kernel applied per point; its arguments are registers `args.0 .. args.0 + args.1`
    /// in `arg_lists`.
    Call(fn(&[f64]) -> Result<f64, MathError>, usize),
}

/// A compiled expression in the variables given to [`Program::compile`].
#[derive(Clone)]
pub struct Program {
    vars: Vec<String>,
    /// Registers 0..vars.len() hold the inputs; then constants; then op outputs.
    constants: Vec<f64>,
    ops: Vec<Op>,
    arg_lists: Vec<Vec<usize>>,
    result: usize,
}

struct Builder<'a> {
    vars: &'a [&'a str],
    constants: Vec<f64>,
    ops: Vec<(Op, usize)>,
    arg_lists: Vec<Vec<usize>>,
    next_reg: usize,
}

impl Builder<'_> {
    fn fresh(&mut self) -> usize {
        self.next_reg += 1;
        self.next_reg - 1
    }
    fn emit(&mut self, op: Op) -> usize {
        let r = self.fresh();
        self.ops.push((op, r));
        r
    }
    fn constant(&mut self, value: f64) -> usize {
        // Constant registers are renumbered after the inputs in `finish`.
        self.constants.push(value);
        usize::MAX - (self.constants.len() - 1)
    }
    fn chain(&mut self, items: &[Expr], op: fn(usize, usize) -> Op) -> Result<usize, MathError> {
        let mut acc = self.node(&items[0])?;
        for item in &items[1..] {
            let r = self.node(item)?;
            acc = self.emit(op(acc, r));
        }
        Ok(acc)
    }
    fn node(&mut self, e: &Expr) -> Result<usize, MathError> {
        crate::interrupt::check()?;
        if e.is_constant() {
            // Fold: exact value rounded once (NaN if it is not real).
            let v = eval(e, &NoVars, &rug::Float::new(80))
                .map(|f| f.to_f64())
                .unwrap_or(f64::NAN);
            return Ok(self.constant(v));
        }
        Ok(match e.node() {
            Node::Sym(name) => self
                .vars
                .iter()
                .position(|v| **v == **name)
                .ok_or_else(|| {
                    MathError::NotNumeric(format!(
                        "'{name}' is not one of the variables ({})",
                        self.vars.join(", ")
                    ))
                })?,
            Node::Num(_) | Node::Const(_) => unreachable_constant(e)?,
            Node::Add(terms) => {
                // a + (-1)*b compiles to a subtraction.
                let mut acc = self.node(&terms[0])?;
                for t in &terms[1..] {
                    let (c, rest) = t.split_coefficient();
                    if c.is_minus_one() {
                        let r = self.node(&rest)?;
                        acc = self.emit(Op::Sub(acc, r));
                    } else {
                        let r = self.node(t)?;
                        acc = self.emit(Op::Add(acc, r));
                    }
                }
                acc
            }
            Node::Mul(factors) => {
                // Split numerator and denominator so x/y is one division, not a reciprocal.
                let (den, num): (Vec<Expr>, Vec<Expr>) = factors.iter().cloned().partition(|f| {
                    matches!(f.node(), Node::Pow(_, x) if x.as_number().is_some_and(|n| n.is_minus_one()))
                });
                let numerator = if num.is_empty() {
                    self.constant(1.0)
                } else {
                    self.chain(&num, Op::Mul)?
                };
                let mut acc = numerator;
                for d in den {
                    let base = d.split_power().0;
                    let r = self.node(&base)?;
                    acc = self.emit(Op::Div(acc, r));
                }
                acc
            }
            Node::Pow(b, x) => {
                if matches!(b.node(), Node::Const(Constant::E)) {
                    let r = self.node(x)?;
                    return Ok(self.emit(Op::Exp(r)));
                }
                let base = self.node(b)?;
                match x.as_number() {
                    Some(n) if n.is_minus_one() => self.emit(Op::Recip(base)),
                    Some(n) if *n == Number::rational(1, 2) => self.emit(Op::Sqrt(base)),
                    Some(n) if n.to_i64().is_some_and(|k| i32::try_from(k).is_ok()) => {
                        self.emit(Op::PowI(
                            base,
                            n.to_i64().and_then(|k| i32::try_from(k).ok()).unwrap_or(1),
                        ))
                    }
                    _ => {
                        let exponent = self.node(x)?;
                        self.emit(Op::Pow(base, exponent))
                    }
                }
            }
            Node::Call(f, args) => {
                let kernels = &f.def().kernels;
                match (kernels.f64_unary, args.len()) {
                    (Some(fast), 1) => {
                        let r = self.node(&args[0])?;
                        self.emit(Op::Unary(fast, r))
                    }
                    _ => {
                        let regs = args
                            .iter()
                            .map(|a| self.node(a))
                            .collect::<Result<Vec<_>, _>>()?;
                        self.arg_lists.push(regs);
                        self.emit(Op::Call(kernels.f64, self.arg_lists.len() - 1))
                    }
                }
            }
        })
    }
}

fn unreachable_constant(e: &Expr) -> Result<usize, MathError> {
    Err(MathError::NotNumeric(format!(
        "internal: constant {e} was not folded"
    )))
}

impl Program {
    /// Compile `expr` as a function of `vars` (in that order).
    pub fn compile(expr: &Expr, vars: &[&str]) -> Result<Program, MathError> {
        let mut b = Builder {
            vars,
            constants: Vec::new(),
            ops: Vec::new(),
            arg_lists: Vec::new(),
            next_reg: vars.len(),
        };
        let result = b.node(expr)?;
        // Renumber: inputs, then constants, then op outputs (so each op reads lower registers).
        let n_vars = vars.len();
        let n_consts = b.constants.len();
        let map = |r: usize| -> usize {
            if r > usize::MAX - n_consts && n_consts > 0 {
                n_vars + (usize::MAX - r)
            } else if r < n_vars {
                r
            } else {
                r + n_consts
            }
        };
        let ops = b
            .ops
            .iter()
            .map(|(op, _)| match *op {
                Op::Add(a, c) => Op::Add(map(a), map(c)),
                Op::Sub(a, c) => Op::Sub(map(a), map(c)),
                Op::Mul(a, c) => Op::Mul(map(a), map(c)),
                Op::Div(a, c) => Op::Div(map(a), map(c)),
                Op::Recip(a) => Op::Recip(map(a)),
                Op::PowI(a, n) => Op::PowI(map(a), n),
                Op::Pow(a, c) => Op::Pow(map(a), map(c)),
                Op::Sqrt(a) => Op::Sqrt(map(a)),
                Op::Exp(a) => Op::Exp(map(a)),
                Op::Unary(f, a) => Op::Unary(f, map(a)),
                Op::Call(f, list) => Op::Call(f, list),
            })
            .collect();
        let arg_lists = b
            .arg_lists
            .iter()
            .map(|l| l.iter().map(|&r| map(r)).collect())
            .collect();
        Ok(Program {
            vars: vars.iter().map(|s| s.to_string()).collect(),
            constants: b.constants,
            ops,
            arg_lists,
            result: map(result),
        })
    }

    /// The variables, in argument order.
    pub fn vars(&self) -> &[String] {
        &self.vars
    }

    fn registers(&self) -> usize {
        self.vars.len() + self.constants.len() + self.ops.len()
    }

    /// Evaluate at one point (`point[k]` is the value of variable k).
    pub fn eval(&self, point: &[f64]) -> f64 {
        let columns: Vec<&[f64]> = point.iter().map(std::slice::from_ref).collect();
        let mut out = [0.0];
        self.eval_columns(&columns, &mut out);
        out[0]
    }

    /// Evaluate a one-variable program at every `xs[i]` into `out[i]`, in parallel when large.
    pub fn eval_batch(&self, xs: &[f64], out: &mut [f64]) {
        if xs.len() >= PARALLEL_THRESHOLD {
            let piece = xs
                .len()
                .div_ceil(rayon::current_num_threads() * 4)
                .max(CHUNK);
            out.par_chunks_mut(piece)
                .zip(xs.par_chunks(piece))
                .for_each(|(o, x)| self.eval_columns(&[x], o));
        } else {
            self.eval_columns(&[xs], out);
        }
    }

    /// Evaluate at points given column-wise (`columns[k][i]` is variable k at point i).
    pub fn eval_columns(&self, columns: &[&[f64]], out: &mut [f64]) {
        let n = out.len();
        let width = self.registers();
        let mut regs = vec![0.0f64; width * CHUNK];
        for (k, c) in self.constants.iter().enumerate() {
            regs[(self.vars.len() + k) * CHUNK..][..CHUNK].fill(*c);
        }
        let mut start = 0;
        while start < n {
            let len = CHUNK.min(n - start);
            for (k, col) in columns.iter().enumerate().take(self.vars.len()) {
                regs[k * CHUNK..k * CHUNK + len].copy_from_slice(&col[start..start + len]);
            }
            let first_op = self.vars.len() + self.constants.len();
            for (i, op) in self.ops.iter().enumerate() {
                self.run(*op, first_op + i, &mut regs, len);
            }
            out[start..start + len]
                .copy_from_slice(&regs[self.result * CHUNK..self.result * CHUNK + len]);
            start += len;
        }
    }

    fn run(&self, op: Op, target: usize, regs: &mut [f64], len: usize) {
        let (inputs, rest) = regs.split_at_mut(target * CHUNK);
        let o = &mut rest[..len];
        let col = |r: usize| &inputs[r * CHUNK..r * CHUNK + len];
        match op {
            Op::Add(a, b) => o
                .iter_mut()
                .zip(col(a).iter().zip(col(b)))
                .for_each(|(o, (x, y))| *o = x + y),
            Op::Sub(a, b) => o
                .iter_mut()
                .zip(col(a).iter().zip(col(b)))
                .for_each(|(o, (x, y))| *o = x - y),
            Op::Mul(a, b) => o
                .iter_mut()
                .zip(col(a).iter().zip(col(b)))
                .for_each(|(o, (x, y))| *o = x * y),
            Op::Div(a, b) => o
                .iter_mut()
                .zip(col(a).iter().zip(col(b)))
                .for_each(|(o, (x, y))| *o = x / y),
            Op::Pow(a, b) => o
                .iter_mut()
                .zip(col(a).iter().zip(col(b)))
                .for_each(|(o, (x, y))| *o = x.powf(*y)),
            Op::Recip(a) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = 1.0 / x),
            Op::Sqrt(a) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = x.sqrt()),
            Op::Exp(a) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = x.exp()),
            Op::PowI(a, 2) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = x * x),
            Op::PowI(a, 3) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = x * x * x),
            Op::PowI(a, n) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = x.powi(n)),
            Op::Unary(f, a) => o.iter_mut().zip(col(a)).for_each(|(o, x)| *o = f(*x)),
            Op::Call(f, list) => {
                let args = &self.arg_lists[list];
                let mut buf = vec![0.0; args.len()];
                for (i, o) in o.iter_mut().enumerate() {
                    for (slot, &r) in buf.iter_mut().zip(args) {
                        *slot = inputs[r * CHUNK + i];
                    }
                    *o = f(&buf).unwrap_or(f64::NAN);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::canon::{add2, div, mul2, powi};
    use crate::functions::apply1;

    #[test]
    fn compiled_program_matches_the_closure() {
        // x*sin(x) + exp(-x^2/2)/(1+x^2)
        let x = Expr::sym("x");
        let gauss = apply1(
            "exp",
            &mul2(Expr::rational(-1, 2), powi(x.clone(), 2).unwrap()).unwrap(),
        )
        .unwrap();
        let e = add2(
            mul2(x.clone(), apply1("sin", &x).unwrap()).unwrap(),
            div(gauss, add2(Expr::one(), powi(x, 2).unwrap()).unwrap()).unwrap(),
        )
        .unwrap();
        let p = Program::compile(&e, &["x"]).unwrap();
        let xs: Vec<f64> = (0..1000).map(|i| -5.0 + i as f64 * 0.01).collect();
        let mut out = vec![0.0; xs.len()];
        p.eval_batch(&xs, &mut out);
        for (x, y) in xs.iter().zip(&out) {
            let want = x * x.sin() + (-x * x / 2.0).exp() / (1.0 + x * x);
            assert!(
                (y - want).abs() <= 1e-15 * want.abs().max(1.0),
                "{x}: {y} vs {want}"
            );
        }
    }

    #[test]
    fn outside_the_domain_is_nan() {
        let x = Expr::sym("x");
        let p = Program::compile(&apply1("log", &x).unwrap(), &["x"]).unwrap();
        assert!(p.eval(&[-1.0]).is_nan());
        assert!((p.eval(&[1.0])).abs() < 1e-300);
    }
}
