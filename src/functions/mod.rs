//! The one registry of built-in mathematical functions.
//!
//! Each function is a single [`FunctionDef`] entry: name, aliases, arity, help text, parity,
//! exact rules, partial derivatives and numeric kernels for `f64`, `Complex64`, MPFR `Float` and
//! MPC `Complex` and Arb balls. The kernels are one generic function over [`Scalar`] instantiated five times by
//! [`kernels!`]. The parser, the lowering of names, the evaluator, the compiler, the
//! differentiator, `help` and tab completion all read this table; adding a function is adding an
//! entry to one of the `ENTRIES` lists below.

mod elementary;
mod smoothing;
mod special;

use std::collections::HashMap;
use std::sync::OnceLock;

use num_complex::Complex64;
use rug::{Complex, Float};

use crate::expr::Expr;
use crate::expr::canon;
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::scalar::Scalar;

pub type Result<T> = std::result::Result<T, MathError>;

/// Whether `f(-x)` can be rewritten: odd `f(-x) = -f(x)`, even `f(-x) = f(x)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parity {
    None,
    Odd,
    Even,
}

/// The numeric kernels of a function (one generic body, five instantiations).
#[derive(Clone, Copy)]
pub struct Kernels {
    pub f64: fn(&[f64]) -> Result<f64>,
    pub c64: fn(&[Complex64]) -> Result<Complex64>,
    pub mpfr: fn(&[Float]) -> Result<Float>,
    pub mpc: fn(&[Complex]) -> Result<Complex>,
    /// Arb complex balls: what `N` evaluates with, so its digits are proven.
    pub ball: fn(&[Ball]) -> Result<Ball>,
    /// A plain `f64 -> f64` routine for the compiled batch evaluator's hot loop (NaN outside
    /// the domain), when the function has one argument and such a routine exists.
    pub f64_unary: Option<fn(f64) -> f64>,
}

/// Instantiate a generic kernel `fn k<S: Scalar>(&[S]) -> Result<S>` for the four scalar types.
macro_rules! kernels {
    ($k:ident) => {
        $crate::functions::Kernels {
            f64: $k::<f64>,
            c64: $k::<num_complex::Complex64>,
            mpfr: $k::<rug::Float>,
            mpc: $k::<rug::Complex>,
            ball: $k::<$crate::numeric::ball::Ball>,
            f64_unary: None,
        }
    };
    ($k:ident, $fast:expr) => {
        $crate::functions::Kernels {
            f64: $k::<f64>,
            c64: $k::<num_complex::Complex64>,
            mpfr: $k::<rug::Float>,
            mpc: $k::<rug::Complex>,
            ball: $k::<$crate::numeric::ball::Ball>,
            f64_unary: Some($fast),
        }
    };
}
pub(crate) use kernels;

use crate::numeric::complex_interval::{ComplexInterval, Res as ComplexIntervalResult};
use crate::numeric::interval::{Interval, Res as IntervalResult};

/// How the series engine (`crate::series`) expands a call of the function.
#[derive(Clone, Copy)]
pub enum SeriesRule {
    /// The value at the point by the exact rules, then F' = Σ ∂_i f(args)·args_i' through the
    /// partial derivatives above, coefficient by coefficient. Self-referring derivatives
    /// (exp' = exp, tan' = 1 + tan²) are fine: each coefficient needs only lower ones.
    Derivative,
    /// Expand another expression instead (tan as sin/cos, so that its poles give Laurent
    /// series).
    Rewrite(fn(&[Expr]) -> Result<Expr>),
    /// agm(a, b): by the AGM iteration on series when a and b start equal, else as
    /// `Derivative`.
    Agm,
    /// ellipk(m) and ellipe(m): through the AGM iteration when m starts at 0 (where the
    /// derivative rule has a removable 1/m), else as `Derivative`.
    EllipK,
    EllipE,
    /// No power series anywhere it matters (a kink or a jump): the reason.
    NotAnalytic(&'static str),
}

/// One built-in function.
pub struct FunctionDef {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// Parameter names, for the signature in help and arity messages (`["n", "x"]`).
    pub params: &'static [&'static str],
    /// Fewest arguments (`params.len()` is the most, unless `variadic`).
    pub min_args: usize,
    pub variadic: bool,
    pub help: &'static str,
    pub parity: Parity,
    /// Exact rewriting when it applies (`sin(0)` → 0, `sqrt(x)` → `x^(1/2)`), else `None`.
    pub exact: fn(&[Expr]) -> Option<Result<Expr>>,
    /// The partial derivative with respect to argument `i`.
    pub partial: fn(&[Expr], usize) -> Result<Expr>,
    pub kernels: Kernels,
    /// Most significant digits `N` may ask of this function (its MPFR algorithm's cost grows
    /// steeply for some functions; the bounds live in [`crate::limits`]).
    pub max_digits: u64,
    /// The LaTeX form: a command such as `\sin` followed by the parenthesised arguments, a
    /// template with `#1`, `#2` for the arguments (`\left|#1\right|`, `J_{#1}\left(#2\right)`),
    /// or empty for `\operatorname{name}`.
    pub latex: &'static str,
    /// A real interval per argument where the function is real and smooth: property tests
    /// sample it (derivative against finite differences, the kernels against each other). An
    /// interval with lo = hi holds that argument fixed (an integer order).
    pub domain: &'static [(f64, f64)],
    /// A hand-written real interval kernel (monotone pieces); without one, intervals are
    /// enclosed through the ball kernel.
    pub interval: Option<fn(&Interval) -> IntervalResult>,
    /// A hand-written complex (rectangular) interval kernel; the ball kernel otherwise.
    pub complex_interval: Option<fn(&ComplexInterval) -> ComplexIntervalResult>,
    /// How `series` expands it.
    pub series: SeriesRule,
}

impl FunctionDef {
    /// An entry with no aliases, no parity, every digit count, no hand-written interval
    /// kernels and the derivative series rule; the builders below change the rest.
    pub(crate) fn new(
        name: &'static str,
        (params, min_args): (&'static [&'static str], usize),
        help: &'static str,
        exact: fn(&[Expr]) -> Option<Result<Expr>>,
        partial: fn(&[Expr], usize) -> Result<Expr>,
        kernels: Kernels,
    ) -> FunctionDef {
        FunctionDef {
            name,
            aliases: &[],
            params,
            min_args,
            variadic: false,
            help,
            parity: Parity::None,
            exact,
            partial,
            kernels,
            max_digits: crate::limits::MAX_DIGITS,
            latex: "",
            domain: &[],
            interval: None,
            complex_interval: None,
            series: SeriesRule::Derivative,
        }
    }
    /// The same entry with its test domain.
    pub fn on(self, domain: &'static [(f64, f64)]) -> FunctionDef {
        FunctionDef { domain, ..self }
    }
    /// The same entry with a hand-written real interval kernel.
    pub fn interval(self, kernel: fn(&Interval) -> IntervalResult) -> FunctionDef {
        FunctionDef {
            interval: Some(kernel),
            ..self
        }
    }
    /// The same entry with a hand-written complex interval kernel.
    pub fn complex_interval(
        self,
        kernel: fn(&ComplexInterval) -> ComplexIntervalResult,
    ) -> FunctionDef {
        FunctionDef {
            complex_interval: Some(kernel),
            ..self
        }
    }
    /// The same entry with its LaTeX form.
    pub fn tex(self, latex: &'static str) -> FunctionDef {
        FunctionDef { latex, ..self }
    }
    /// The same entry with its series rule.
    pub fn series(self, series: SeriesRule) -> FunctionDef {
        FunctionDef { series, ..self }
    }
    /// The same entry with a lower digit ceiling.
    pub fn limited(self, max_digits: u64) -> FunctionDef {
        FunctionDef { max_digits, ..self }
    }
    /// `name(p1, p2)` with optional parameters in brackets: `log(x, [b])`.
    pub fn signature(&self) -> String {
        let mut params: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i < self.min_args {
                    p.to_string()
                } else {
                    format!("[{p}]")
                }
            })
            .collect();
        if self.variadic {
            params.push("...".into());
        }
        format!("{}({})", self.name, params.join(", "))
    }
    /// Whether `n` arguments are acceptable.
    pub fn accepts(&self, n: usize) -> bool {
        n >= self.min_args && (self.variadic || n <= self.params.len())
    }
}

/// A handle to a registry entry (its index); cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Func(u16);

fn registry() -> &'static [FunctionDef] {
    static TABLE: OnceLock<Vec<FunctionDef>> = OnceLock::new();
    TABLE.get_or_init(|| {
        elementary::entries()
            .into_iter()
            .chain(special::entries())
            .chain(smoothing::entries())
            .collect()
    })
}

impl Func {
    /// Find a function by name or alias.
    pub fn lookup(name: &str) -> Option<Func> {
        static INDEX: OnceLock<HashMap<&'static str, Func>> = OnceLock::new();
        let index = INDEX.get_or_init(|| {
            let mut map = HashMap::new();
            for (i, d) in registry().iter().enumerate() {
                let f = Func(u16::try_from(i).unwrap_or(u16::MAX));
                map.insert(d.name, f);
                for alias in d.aliases {
                    map.insert(*alias, f);
                }
            }
            map
        });
        index.get(name).copied()
    }
    pub fn def(self) -> &'static FunctionDef {
        &registry()[usize::from(self.0)]
    }
    pub fn name(self) -> &'static str {
        self.def().name
    }
}

/// Every registry entry, in table order (help listings, completion).
pub fn all() -> &'static [FunctionDef] {
    registry()
}

/// Build `name(args)` through the canonical constructor; used by derivative rules.
pub fn apply(name: &str, args: Vec<Expr>) -> Result<Expr> {
    let f = Func::lookup(name)
        .ok_or_else(|| MathError::Domain(format!("internal: no function named {name}")))?;
    canon::call(f, args)
}

/// `name(x)` for a one-argument function.
pub fn apply1(name: &str, x: &Expr) -> Result<Expr> {
    apply(name, vec![x.clone()])
}

/// Evaluate a kernel through the matching instantiation for any scalar type.
pub trait KernelFor: Scalar {
    fn kernel(k: &Kernels) -> fn(&[Self]) -> Result<Self>;
}
impl KernelFor for f64 {
    fn kernel(k: &Kernels) -> fn(&[f64]) -> Result<f64> {
        k.f64
    }
}
impl KernelFor for Complex64 {
    fn kernel(k: &Kernels) -> fn(&[Complex64]) -> Result<Complex64> {
        k.c64
    }
}
impl KernelFor for Float {
    fn kernel(k: &Kernels) -> fn(&[Float]) -> Result<Float> {
        k.mpfr
    }
}
impl KernelFor for Complex {
    fn kernel(k: &Kernels) -> fn(&[Complex]) -> Result<Complex> {
        k.mpc
    }
}
impl KernelFor for Ball {
    fn kernel(k: &Kernels) -> fn(&[Ball]) -> Result<Ball> {
        k.ball
    }
}

/// The derivative rule of a function whose derivative is zero almost everywhere.
fn zero_partial(_: &[Expr], _: usize) -> Result<Expr> {
    Ok(Expr::zero())
}

/// For rules that only exist for some arguments (the order of a Bessel function).
fn no_partial(name: &str, param: &str) -> MathError {
    MathError::Domain(format!(
        "the derivative of {name} with respect to its {param} argument is not available"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_and_alias_is_unique() {
        let mut names: Vec<&str> = all()
            .iter()
            .flat_map(|d| std::iter::once(d.name).chain(d.aliases.iter().copied()))
            .collect();
        let before = names.len();
        names.sort();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn the_issue_list_is_present() {
        for name in "sqrt cbrt exp log ln sin cos tan sec csc cot asin acos atan atan2 sinh cosh tanh asinh acosh atanh abs sign floor ceil min max erf erfc Phi gamma lgamma besselj agm ellipk sigmoid softplus relu".split(' ') {
            assert!(Func::lookup(name).is_some(), "{name} missing");
        }
    }
}
