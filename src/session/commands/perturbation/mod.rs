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

pub(super) const COMMANDS: &[Command] = &[
    Command {
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
    },
    Command {
        name: "perturb_ode",
        params: &[
            Param::required(
                "ode",
                Kind::Equations,
                "the ODE with primes for derivatives, linear with constant coefficients at eps = 0",
            ),
            Param::required("eps", Kind::Variable, "the small parameter"),
            Param::with(
                "n",
                Kind::Count {
                    min: 0,
                    max: limits::MAX_PERTURB_ODE_ORDER as u64,
                },
                "2",
                "the highest order computed",
            ),
            Param::optional(
                "t",
                Kind::Name,
                "the symbol that is neither the unknown nor eps",
                "the independent variable",
            ),
        ],
        variadic: false,
        options: &[super::series::CONDITIONS],
        forms: &[],
        summary: "Regular perturbation x = x0 + eps*x1 + ... of an ODE, exactly, with secular terms flagged.",
        details: "Order k solves L x_k = -R_k(x0, ..., x_(k-1)) where L is the eps = 0 operator (linear, constant coefficients: x'' + x, x' + x, x'' + 2x' + 5x, ...), by undetermined coefficients on sums of t^j*exp(a*t)*cos(b*t) terms, resonance included; x_k takes the initial conditions' eps^k part. Forcing (cos(2*t), t, exp(-t)) and polynomial nonlinearities in x and its derivatives are allowed. A term t^j*cos(b*t) or t^j*sin(b*t) (j >= 1) is secular: it grows without bound, so the expansion fails once eps*t is no longer small; it is flagged (lindstedt removes it by rescaling time). Each x_k is checked: its order equation holds exactly. The result stands for the list [x0, x1, ...].",
        examples: &[
            "perturb_ode(x'' + x = eps*x^2, x(0) = 1, x'(0) = 0, eps, 2)",
            "perturb_ode(x'' + x + eps*x^3 = 0, x(0) = 1, x'(0) = 0, eps, 1)",
            "perturb_ode(x' + x = eps*x^2, x(0) = 1, eps, 2)",
        ],
        run: run_perturb_ode,
    },
];

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

fn run_perturb_ode(_: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span;
    let eps = b.variable("eps").unwrap_or_default();
    let n = b.count("n").unwrap_or(2) as usize;
    let forms = match b.get("ode") {
        Some(super::Arg::Equations { exprs, .. }) => {
            exprs.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    let (problem, t) = super::series::ode_problem(&mut b, &[eps.as_str()], None)?;
    let [equation] = problem.system.as_slice() else {
        return Err(Error::usage(
            "perturb_ode takes one equation for one unknown",
            span,
        ));
    };
    if problem.t0 != crate::expr::Expr::zero() {
        return Err(Error::usage(
            "perturb_ode needs the initial conditions at t = 0",
            span,
        ));
    }
    let expansion = crate::perturb::ode::perturb_ode(
        &forms[0],
        &equation.unknown,
        equation.order,
        &t,
        &eps,
        &problem.initial[0],
        n,
    )
    .map_err(|e| Error::math(e, span))?;
    Ok(Value::report(report::OdeExpansion {
        unknown: equation.unknown.clone(),
        parameter: eps,
        variable: t,
        expansion,
    }))
}
