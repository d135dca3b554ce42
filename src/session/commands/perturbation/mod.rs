//! Perturbation commands: `perturb` (roots of F(x, ε) = 0 as series in ε, every branch) and
//! `perturb_ode` (regular perturbation of an ODE, secular terms flagged). The mathematics is
//! in `crate::perturb`.

mod report;

pub use report::Branches;

use super::{Bound, Command, Kind, Param};
use crate::error::Error;
use crate::limits;
use crate::perturb::algebraic::perturb;
use crate::session::Session;
use crate::session::value::Value;

const ORDER_MAX: u64 = limits::MAX_SERIES_ORDER;

pub(super) const COMMANDS: &[Command] = &[Command {
    name: "perturb",
    params: &[
        Param::required(
            "equation",
            Kind::Equations,
            "F(x, eps) = 0 (or an expression meaning = 0)",
        ),
        Param::required("x", Kind::Variable, "the unknown"),
        Param::required("eps", Kind::Variable, "the small parameter"),
        Param::with(
            "n",
            Kind::Count {
                min: 0,
                max: ORDER_MAX,
            },
            "4",
            "the highest power of eps kept",
        ),
    ],
    variadic: false,
    options: &[&[Param::optional(
        "around",
        Kind::Expr,
        "every branch",
        "only the branch through this root of F(x, 0)",
    )]],
    forms: &[],
    summary: "Every root of F(x, eps) = 0 as a series in eps -> 0: regular, singular (Laurent) and Puiseux branches.",
    details: "For F polynomial in x, the Newton polygon of F finds every branch: the regular ones through the roots of F(x, 0), and the singular ones that escape to infinity (x ~ c/eps^a) or meet at a repeated root (Puiseux series in eps^(1/q)). Each branch's series comes exactly from the implicit-function recurrence after rescaling; coefficients may hold parameters (square roots of parameters are simplified taking them positive). Each branch is checked by substituting it back: the residual's order is printed. Non-polynomial equations need around = x0. The result stands for the list of branch series (one branch: the series), so N(subs(perturb(...)[1], eps = 0.1)) evaluates a branch.",
    examples: &[
        "perturb(eps*x^2 + x - 1 = 0, x, eps, 3)",
        "perturb(eps*x^3 + x^2 = p^2, x, eps, 3, around = p)",
        "perturb(x^2 = eps*(1 + x), x, eps, 3)",
        "perturb(eps*exp(x) + x = 1, x, eps, 3, around = 1)",
    ],
    run: run_perturb,
}];

fn run_perturb(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let (f, _) = b.equation("equation")?;
    let x = b.variable("x").unwrap_or_default();
    let eps = b.variable("eps").unwrap_or_default();
    let n = b.count("n").unwrap_or(4) as i64;
    let around = if b.given("around") {
        Some(b.expr("around")?)
    } else {
        None
    };
    let (branches, notes) =
        perturb(&f, &x, &eps, n, around.as_ref()).map_err(|e| Error::math(e, span))?;
    Ok(Value::report(Branches {
        equation: format!("{f} = 0"),
        parameter: eps,
        branches,
        notes,
    }))
}
