//! Tail forms: an expression rewritten, by exact identities, so that its terms no longer grow
//! along one tail of the real line. An approximation and its target share their asymptote
//! (x·σ(1.702x) and x·Φ(x) both tend to x), so their difference is a small number made of two
//! large ones, and interval arithmetic on a box [X, 2X] far out loses everything to that
//! cancellation. Rewriting σ(u) = 1 − σ(−u), Φ(u) = 1 − Φ(−u), softplus(u) = u + softplus(−u),
//! squareplus(u, b) = u + b/(2(√(u² + b) + u)), ... lets the canonical form cancel the common
//! asymptote symbolically, leaving decaying terms whose enclosures are tight. The identities
//! hold everywhere; which side they help on is the only thing the sign chooses.

use crate::expr::canon::{add2, div, mul, mul2, neg, pow, powi, sub};
use crate::expr::{Constant, Expr, Node};
use crate::functions::apply1;
use crate::math_error::MathError;

type Result<T> = std::result::Result<T, MathError>;

/// 1 − σ(−u): the right tail of a logistic step.
fn upper_sigmoid(u: &Expr) -> Result<Expr> {
    sub(Expr::one(), apply1("sigmoid", &neg(u.clone())?)?)
}

/// u − u·σ(−t·u): x·σ(tx) with its asymptote x split off.
fn swish_right(u: &Expr, t: &Expr) -> Result<Expr> {
    sub(
        u.clone(),
        mul2(
            u.clone(),
            apply1("sigmoid", &neg(mul2(t.clone(), u.clone())?)?)?,
        )?,
    )
}

/// One call rewritten for the right (x → +∞) or left (x → −∞) tail, when a rule exists.
fn rewrite_call(name: &str, args: &[Expr], right: bool) -> Result<Option<Expr>> {
    let u = &args[0];
    let two = Expr::int(2);
    Ok(Some(match (name, right) {
        ("sigmoid", true) => upper_sigmoid(u)?,
        ("Phi", true) => sub(Expr::one(), apply1("Phi", &neg(u.clone())?)?)?,
        ("erf", true) => sub(Expr::one(), apply1("erfc", u)?)?,
        ("erf", false) => sub(apply1("erfc", &neg(u.clone())?)?, Expr::one())?,
        // tanh(u) = 1 − 2σ(−2u) = 2σ(2u) − 1.
        ("tanh", true) => sub(
            Expr::one(),
            mul2(
                two.clone(),
                apply1("sigmoid", &mul2(Expr::int(-2), u.clone())?)?,
            )?,
        )?,
        ("tanh", false) => sub(
            mul2(
                two.clone(),
                apply1("sigmoid", &mul2(two.clone(), u.clone())?)?,
            )?,
            Expr::one(),
        )?,
        ("softplus", true) => add2(u.clone(), apply1("softplus", &neg(u.clone())?)?)?,
        ("squareplus", true) => {
            let b = &args[1];
            let root = pow(add2(powi(u.clone(), 2)?, b.clone())?, Expr::rational(1, 2))?;
            add2(
                u.clone(),
                div(b.clone(), mul2(two, add2(root, u.clone())?)?)?,
            )?
        }
        ("squareplus", false) => {
            let b = &args[1];
            let root = pow(add2(powi(u.clone(), 2)?, b.clone())?, Expr::rational(1, 2))?;
            div(b.clone(), mul2(two, sub(root, u.clone())?)?)?
        }
        ("gelu", true) => sub(
            u.clone(),
            mul2(u.clone(), apply1("Phi", &neg(u.clone())?)?)?,
        )?,
        ("gelu_sigmoid", true) => swish_right(u, &Expr::rational(851, 500))?,
        ("swish", true) => swish_right(u, args.get(1).unwrap_or(&Expr::one()))?,
        ("gelu_tanh", true) => {
            // x·σ(2c(x + βx³)), c = √(2/π), β = 0.044715.
            let c = pow(
                div(two.clone(), Expr::constant(Constant::Pi))?,
                Expr::rational(1, 2),
            )?;
            let inner = mul(vec![
                two,
                c,
                add2(
                    u.clone(),
                    mul2(Expr::rational(44715, 1_000_000), powi(u.clone(), 3)?)?,
                )?,
            ])?;
            swish_right(u, &div(inner, u.clone())?)?
        }
        ("smooth_abs", _) => {
            // log(e^(ku) + e^(−ku))/k = ±u + softplus(∓2ku)/k.
            let k = &args[1];
            let sign = if right { Expr::one() } else { Expr::int(-1) };
            add2(
                mul2(sign.clone(), u.clone())?,
                div(
                    apply1(
                        "softplus",
                        &mul(vec![Expr::int(-2), sign, k.clone(), u.clone()])?,
                    )?,
                    k.clone(),
                )?,
            )?
        }
        _ => return Ok(None),
    }))
}

/// `e` with every call that has a tail rule rewritten for the right or left tail, then
/// expanded so that the shared asymptote cancels (x·(1 − σ(−u)) − x·(1 − Φ(−x)) becomes
/// x·Φ(−x) − x·σ(−u)); unexpanded when expansion would be too large.
pub fn tail_form(e: &Expr, right: bool) -> Result<Expr> {
    let rewritten = rewrite(e, right)?;
    Ok(crate::expr::subst::expand(&rewritten).unwrap_or(rewritten))
}

fn rewrite(e: &Expr, right: bool) -> Result<Expr> {
    let inner = e.map_children(&mut |c| rewrite(c, right))?;
    if let Node::Call(f, args) = inner.node()
        && let Some(rewritten) = rewrite_call(f.name(), args, right)?
    {
        return Ok(rewritten);
    }
    Ok(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::subst::subs;
    use crate::numeric::eval::eval_f64;

    #[test]
    fn tail_forms_are_identities_that_cancel_the_asymptote() {
        let mut s = crate::session::Session::new();
        for text in [
            "x*sigmoid(1.702*x) - x*Phi(x)",
            "squareplus(x, 2) - softplus(x)",
            "tanh(x) - erf(x)",
            "gelu(x) - gelu_tanh(x)",
            "gelu_sigmoid(x) - swish(x, 3/2)",
            "smooth_abs(x, 2) - abs(x)",
        ] {
            let e = s.expr(text).unwrap();
            for right in [true, false] {
                let t = tail_form(&e, right).unwrap();
                for x in [-3.0, -0.5, 0.7, 4.0] {
                    let at = |f: &Expr| {
                        eval_f64(
                            &subs(
                                f,
                                &[(
                                    "x".into(),
                                    Expr::num(
                                        crate::expr::Number::approx(
                                            rug::Float::with_val(53, x),
                                            15,
                                        )
                                        .unwrap(),
                                    ),
                                )],
                            )
                            .unwrap(),
                        )
                        .unwrap()
                    };
                    assert!((at(&e) - at(&t)).abs() < 1e-12, "{text} at {x}: {t}");
                }
            }
        }
        // The right tail form of x*sigmoid(1.702x) - x*Phi(x) has no bare x term left.
        let t = tail_form(&s.expr("x*sigmoid(1.702*x) - x*Phi(x)").unwrap(), true).unwrap();
        if let Node::Add(terms) = t.node() {
            assert!(
                terms.iter().all(|term| term.as_symbol() != Some("x")),
                "{t}"
            );
        }
    }
}
