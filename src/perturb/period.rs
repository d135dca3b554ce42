//! The exact period of a conservative oscillator x'' + g(x) = 0 with odd g, released from rest
//! at x = a: by energy, T = 4∫₀ᵃ dx/√(2(V(a) − V(x))), V' = g. With x = a cos ψ the endpoint
//! singularity at x = a disappears (the integrand tends to √(a/g(a))), and double-exponential
//! (tanh-sinh) quadrature converges exponentially: the level spacing halves until two levels
//! agree to the requested digits, in MPFR at twice the target precision (V(a) − V(a cos ψ)
//! cancels like ψ² near the end point; closer than that the limit value is used).

use rug::Float;
use rug::float::Constant;

use crate::expr::diff::diff;
use crate::expr::subst::{expand, subs};
use crate::expr::{Expr, Node, canon};
use crate::math_error::MathError;
use crate::numeric::eval::eval;

type Result<T> = std::result::Result<T, MathError>;

/// A period: T, T0 = 2π/√g'(0), T/T0, and the difference of the last two quadrature levels
/// (relative; the error of T is far below it, since each level squares the error).
#[derive(Debug, Clone)]
pub struct Period {
    pub period: Float,
    pub small_swing: Float,
    pub ratio: Float,
    pub level_difference: Float,
    pub nodes: usize,
}

/// Deepest quadrature level (spacing 2^-level).
const MAX_LEVEL: u32 = 16;

/// The period of x'' + g(x) = 0 (g in `x`) from x(0) = `a`, x'(0) = 0, to `digits` digits.
pub fn period(g: &Expr, x: &str, a: &Float, digits: u32) -> Result<Period> {
    let neg = |e: &Expr| subs(e, &[(x.to_string(), canon::neg(Expr::sym(x))?)]);
    if !expand(&canon::add2(neg(g)?, g.clone())?)?.is_zero() {
        return Err(MathError::Domain(format!(
            "{g} is not odd in {x}: the energy-integral period needs g(-x) = -g(x), so that the turning points are ±a"
        )));
    }
    let potential = antiderivative(g, x).ok_or_else(|| {
        MathError::Domain(format!(
            "no antiderivative of {g} in closed form: the energy integral needs V = ∫g (sums of constant multiples of powers of {x}, and sin, cos, sinh, cosh, exp, tanh of c*{x})"
        ))
    })?;
    let target = crate::expr::number::digits_to_bits(digits);
    let prec = 2 * target + 64;
    let a = Float::with_val(prec, a.abs_ref());
    if a.is_zero() {
        return Err(MathError::Domain(
            "the amplitude is 0: the oscillator rests and there is no period".into(),
        ));
    }
    let at = |e: &Expr, v: &Float| -> Result<Float> {
        eval(e, &[(x, v.clone())][..], &Float::new(prec))
    };
    let stiffness = at(&diff(g, x)?, &Float::new(prec))?;
    if stiffness <= 0 {
        return Err(MathError::Domain(format!(
            "g'(0) = {} is not positive: x = 0 is not a centre, so there is no small-swing period to compare with",
            stiffness.to_f64()
        )));
    }
    let force = at(g, &a)?;
    if force <= Float::with_val(prec, Float::i_exp(1, -(target as i32) / 2)) {
        return Err(MathError::Domain(format!(
            "g(a) = {:.3e} is not clearly positive at the amplitude: x = a is (close to) an equilibrium or beyond a separatrix, so the oscillator does not swing back in finite time",
            force.to_f64()
        )));
    }
    let top = at(&potential, &a)?;
    let limit = Float::with_val(prec, &a / &force).sqrt();
    let closest = Float::with_val(prec, Float::i_exp(1, -(prec as i32) / 4));
    // The integrand in ψ ∈ (0, π/2): a sin ψ / √(2(V(a) − V(a cos ψ))).
    let integrand = |psi: &Float| -> Result<Float> {
        if *psi < closest {
            return Ok(limit.clone());
        }
        let xv = Float::with_val(prec, psi.cos_ref()) * &a;
        let drop = Float::with_val(prec, &top - at(&potential, &xv)?);
        if drop <= 0 {
            return Err(MathError::Domain(format!(
                "the energy V(a) - V(x) is not positive at x = {:.6}: the motion from a does not reach 0 (g changes sign before a, beyond a separatrix)",
                xv.to_f64()
            )));
        }
        Ok(Float::with_val(prec, psi.sin_ref()) * &a / (drop * 2u32).sqrt())
    };
    let pi = Float::with_val(prec, Constant::Pi);
    let quarter_pi = Float::with_val(prec, &pi / 4u32);
    let tiny = Float::with_val(prec, Float::i_exp(1, -(prec as i32)));
    // Σ over the nodes new at this level (all k at level 0, odd k later) of
    // w_k (f(ψ₋) + f(ψ₊)), h = 2^-level; k = 0 counted once.
    let mut nodes = 0usize;
    let mut level_sum = |level: u32| -> Result<Float> {
        let h = Float::with_val(prec, Float::i_exp(1, -(level as i32)));
        let mut sum = Float::new(prec);
        let step = if level == 0 { 1 } else { 2 };
        let mut k: u64 = if level == 0 { 0 } else { 1 };
        loop {
            crate::interrupt::check()?;
            let t = Float::with_val(prec, &h * k);
            let u = Float::with_val(prec, t.sinh_ref()) * &pi / 2u32;
            let e = Float::with_val(prec, -Float::with_val(prec, &u * 2u32)).exp();
            let one_plus = Float::with_val(prec, &e + 1u32);
            // w = (π/2) cosh t / cosh²u = (π/2) cosh t · 4e/(1 + e)².
            let w = Float::with_val(prec, t.cosh_ref()) * &pi * 2u32 * &e
                / Float::with_val(prec, one_plus.square_ref());
            if w < tiny {
                break;
            }
            let near = Float::with_val(prec, &quarter_pi * 2u32) * &e / &one_plus;
            let far = Float::with_val(prec, &quarter_pi * 2u32) / &one_plus;
            let pair = if k == 0 {
                integrand(&far)?
            } else {
                integrand(&near)? + integrand(&far)?
            };
            nodes += if k == 0 { 1 } else { 2 };
            sum += pair * w;
            k += step;
        }
        Ok(sum)
    };
    // ∫₀^{π/2} f dψ = (π/4) h Σ w_k (…): running sum over levels.
    let mut total = level_sum(0)?;
    let mut previous = Float::with_val(prec, &total * &quarter_pi);
    let wanted = Float::with_val(prec, Float::i_exp(1, -(target as i32) - 4));
    let mut difference = Float::with_val(prec, 1);
    let mut level = 0;
    while difference >= wanted {
        level += 1;
        if level > MAX_LEVEL {
            return Err(MathError::Domain(format!(
                "the energy integral did not converge to {digits} digits by level {MAX_LEVEL} (last two levels differ by {:.1e})",
                difference.to_f64()
            )));
        }
        total += level_sum(level)?;
        let h = Float::with_val(prec, Float::i_exp(1, -(level as i32)));
        let integral = Float::with_val(prec, &total * &h) * &quarter_pi;
        difference = Float::with_val(prec, &integral - &previous).abs() / &integral;
        previous = integral;
    }
    let period = previous * 4u32;
    let small_swing = Float::with_val(prec, &pi * 2u32) / stiffness.sqrt();
    let ratio = Float::with_val(prec, &period / &small_swing);
    Ok(Period {
        period,
        small_swing,
        ratio,
        level_difference: difference,
        nodes,
    })
}

/// Whether the oscillator released from rest at `a` swings back through 0: V(a) > V(x) at 512
/// points of [0, a) (with V = ∫g in closed form), else g(x) of the sign of x there. Cheap (in
/// doubles' worth of precision), so every oscillator command can refuse a start beyond a
/// separatrix before it computes anything.
pub fn swings_back(g: &Expr, x: &str, a: &Float) -> Result<()> {
    const POINTS: u32 = 512;
    let prec = 64;
    let at = |e: &Expr, v: &Float| -> Result<Float> {
        eval(e, &[(x, v.clone())][..], &Float::new(prec))
    };
    let a = Float::with_val(prec, a);
    let potential = antiderivative(g, x);
    let top = potential.as_ref().map(|v| at(v, &a)).transpose()?;
    for i in 0..POINTS {
        let xi = Float::with_val(prec, &a * i) / POINTS;
        let fine = match (&potential, &top) {
            (Some(v), Some(top)) => Float::with_val(prec, top - at(v, &xi)?) > 0,
            _ => {
                let f = at(g, &(Float::with_val(prec, &a * (i + 1)) / POINTS))?;
                (f > 0) == (a > 0) && !f.is_zero()
            }
        };
        if !fine {
            return Err(MathError::Domain(format!(
                "released from rest at {} the oscillator does not swing back through 0 (near x = {:.6} the energy V(a) - V(x) or the restoring force g(x) has the wrong sign): the start is beyond a separatrix or g is not restoring",
                a.to_f64(),
                xi.to_f64()
            )));
        }
    }
    Ok(())
}

/// T/T0 alone (for comparisons).
pub fn period_ratio(g: &Expr, x: &str, a: &Float, digits: u32) -> Result<Float> {
    Ok(period(g, x, a, digits)?.ratio)
}

/// ∫g dx for sums of constant multiples of xⁿ (n ≠ −1) and of sin, cos, sinh, cosh, exp and
/// tanh of c·x; `None` otherwise. The answer is checked by differentiating it back.
fn antiderivative(g: &Expr, x: &str) -> Option<Expr> {
    let terms = match g.node() {
        Node::Add(t) => t.clone(),
        _ => vec![g.clone()],
    };
    let mut out = Vec::new();
    for term in terms {
        let factors = match term.node() {
            Node::Mul(f) => f.clone(),
            _ => vec![term.clone()],
        };
        let (constant, varying): (Vec<Expr>, Vec<Expr>) =
            factors.into_iter().partition(|f| !f.depends_on(x));
        let c = canon::mul(constant).ok()?;
        let f = match varying.as_slice() {
            [] => canon::mul2(c, Expr::sym(x)).ok()?,
            [f] => canon::mul2(c, primitive(f, x)?).ok()?,
            _ => return None,
        };
        out.push(f);
    }
    let v = canon::add(out).ok()?;
    let back = expand(&canon::sub(diff(&v, x).ok()?, g.clone()).ok()?).ok()?;
    back.is_zero().then_some(v)
}

/// ∫f dx for one factor: xⁿ, or a listed function of c·x.
fn primitive(f: &Expr, x: &str) -> Option<Expr> {
    if f.as_symbol() == Some(x) {
        return canon::div(canon::powi(Expr::sym(x), 2).ok()?, Expr::int(2)).ok();
    }
    if let Node::Pow(base, n) = f.node()
        && base.as_symbol() == Some(x)
        && !n.depends_on(x)
    {
        let n1 = canon::add2((*n).clone(), Expr::one()).ok()?;
        if n1.is_zero() {
            return None;
        }
        return canon::div(canon::pow(Expr::sym(x), n1.clone()).ok()?, n1).ok();
    }
    let Node::Call(func, args) = f.node() else {
        return None;
    };
    let [arg] = args.as_slice() else { return None };
    let slope = expand(&diff(arg, x).ok()?).ok()?;
    if slope.depends_on(x) || slope.is_zero() {
        return None;
    }
    let apply = |name: &str| crate::functions::apply1(name, arg).ok();
    let outer = match func.def().name {
        "sin" => canon::neg(apply("cos")?).ok()?,
        "cos" => apply("sin")?,
        "sinh" => apply("cosh")?,
        "cosh" => apply("sinh")?,
        "exp" => apply("exp")?,
        "tanh" => crate::functions::apply1("log", &apply("cosh")?).ok()?,
        _ => return None,
    };
    canon::div(outer, slope).ok()
}
