//! Poincaré–Lindstedt: periodic solutions of x'' + ω0² x + ε f(x, x') = 0 (or of a
//! conservative x'' + g(x) = 0 with the amplitude as the parameter) as x(τ), τ = ωt, with
//! ω = ω0(1 + ω1 p + ω2 p² + …) chosen order by order so that the resonant forcing e^(±iτ)
//! vanishes: no secular terms, so the expansion stays valid for all times.
//!
//! Time is normalised by ω0 = √(g'(0)); each order solves u_k'' + u_k = −R_k on
//! trigonometric polynomials (the quasi-polynomials of `ode.rs` with λ = ±i·m), R_k linear in
//! the unknown ω_k, whose e^(iτ) coefficient fixes it. Without a small parameter, x = a·y and
//! g(a·y)/a is expanded in a by the series engine, to exactly the degree each order needs (never
//! truncated to x − x³/6, which is wrong at O(a⁴) for the pendulum).

use std::sync::Arc;

use rug::Rational;

use super::ode::{Part, Quasi, homogeneous, im, order_coefficient, particular, re, split_term};
use super::roots::nth_root;
use crate::expr::diff::diff;
use crate::expr::subst::{divide, expand, subs};
use crate::expr::{Constant, Expr, Node, canon};
use crate::math_error::MathError;
use crate::series::ode::primed;
use crate::series::{AnySeries, Frame, Point, Series};

type Result<T> = std::result::Result<T, MathError>;

/// The result: ω and T/T0 as series in the parameter, and x(τ) order by order.
#[derive(Debug, Clone)]
pub struct Lindstedt {
    /// The expansion parameter (ε, or the amplitude's name).
    pub parameter: String,
    /// ω0 = √(g'(0)).
    pub omega0: Expr,
    /// ω as a series in the parameter.
    pub omega: AnySeries,
    /// T/T0 = ω0/ω.
    pub period_ratio: AnySeries,
    /// x = Σ parameter^power · x_k(τ): (power, x_k in real form).
    pub orders: Vec<(i64, Expr)>,
    /// For a limit cycle, x(0) as a series in the parameter (fixed by the sin(τ) solvability).
    pub amplitude: Option<AnySeries>,
}

const W: &str = "#w";
const U: &str = "#u";
const P: &str = "#p";
/// The amplitude correction of the latest order of a limit cycle, fixed one order later.
const AMP: &str = "#amp";

/// PL for the zero form `g` in `x`, `x'`, `x''` with x(0) = `amplitude`, x'(0) = 0; the
/// small parameter `eps`, or none (the amplitude is the parameter); n the highest power kept.
pub fn lindstedt(
    g: &Expr,
    x: &str,
    amplitude: &Expr,
    eps: Option<&str>,
    n: usize,
) -> Result<Lindstedt> {
    if n > crate::limits::MAX_LINDSTEDT_ORDER {
        return Err(MathError::TooLarge {
            what: format!("the order {n}"),
            limit: crate::limits::MAX_LINDSTEDT_ORDER.to_string(),
        });
    }
    // A number too large or small to hold exactly stays an unevaluated power (10^-300^10^5);
    // every order would multiply such powers: refuse it.
    let unevaluated = |e: &Expr| {
        matches!(e.node(), Node::Pow(b, x) if b.as_number().is_some()
            && x.as_number().and_then(|n| n.as_integer()).is_some())
    };
    if amplitude.any(&unevaluated) {
        return Err(MathError::TooLarge {
            what: "the amplitude (a power with no exact value of manageable size)".into(),
            limit: format!("{} bits per integer", crate::limits::MAX_INTEGER_BITS),
        });
    }
    // The coefficients carry powers of the amplitude up to a^(2n+1): refuse an amplitude
    // whose powers would pass the coefficient size limit.
    if let Some(crate::expr::Number::Exact(q)) = amplitude.as_number() {
        let bits =
            u64::from(q.numer().significant_bits()) + u64::from(q.denom().significant_bits());
        if bits.saturating_mul(2 * n as u64 + 2) > crate::limits::MAX_SERIES_COEFFICIENT_BITS {
            return Err(MathError::TooLarge {
                what: format!("the amplitude's powers up to order {}", 2 * n + 1),
                limit: format!(
                    "{} bits per coefficient",
                    crate::limits::MAX_SERIES_COEFFICIENT_BITS
                ),
            });
        }
    }
    let names: Vec<String> = (0..=2).map(|d| primed(x, d)).collect();
    if g.free_symbols()
        .iter()
        .any(|s| s.starts_with(x) && s.ends_with("'''"))
    {
        return Err(MathError::Domain(format!(
            "{x}''' appears: lindstedt needs a second-order oscillator x'' + ... = 0"
        )));
    }
    let lead = expand(&diff(g, &names[2])?)?;
    if lead.is_zero() {
        return Err(MathError::Domain(format!(
            "no {} term: lindstedt needs an oscillator x'' + g(x) = 0 (or x'' + x = eps*f(x, x'))",
            names[2]
        )));
    }
    if names.iter().any(|v| lead.depends_on(v)) || eps.is_some_and(|e| lead.depends_on(e)) {
        return Err(MathError::Domain(format!(
            "the coefficient of {} must be a constant",
            names[2]
        )));
    }
    let g = divide(g, &lead)?;
    let h = expand(&canon::sub(g.clone(), Expr::sym(&names[2]))?)?;
    if h.depends_on(&names[2]) {
        return Err(MathError::Domain(format!(
            "the equation is not linear in {}",
            names[2]
        )));
    }
    let unames: Vec<String> = (0..=2).map(|d| primed(U, d)).collect();
    // The problem in the unknown u and the parameter P, with u(0) = u0.
    let (form, u0, parameter, power_shift) = match eps {
        Some(e) => {
            let at0 = expand(&subs(&h, &[(e.to_string(), Expr::zero())])?)?;
            let c = expand(&diff(&at0, x)?)?;
            let rest = expand(&canon::sub(at0, canon::mul2(c.clone(), Expr::sym(x))?)?)?;
            if !rest.is_zero() || names.iter().any(|v| c.depends_on(v)) {
                return Err(MathError::Domain(format!(
                    "at {e} = 0 the equation must be x'' + c*x = 0 (a linear oscillator); here it has {rest}"
                )));
            }
            let renamed = subs(
                &g,
                &[
                    (names[0].clone(), Expr::sym(&unames[0])),
                    (names[1].clone(), Expr::sym(&unames[1])),
                    (names[2].clone(), Expr::sym(&unames[2])),
                    (e.to_string(), Expr::sym(P)),
                ],
            )?;
            (renamed, amplitude.clone(), e.to_string(), 0)
        }
        None => {
            if h.depends_on(&names[1]) {
                return Err(MathError::Domain(format!(
                    "without a small parameter lindstedt needs a conservative x'' + g(x) = 0 ({} appears); give eps for x'' + x = eps*f(x, x')",
                    names[1]
                )));
            }
            let Some(a_name) = amplitude.as_symbol() else {
                return Err(MathError::Domain(
                    "without a small parameter the amplitude is the expansion parameter: give it as a symbol, x(0) = a"
                        .into(),
                ));
            };
            // g(a·u)/a as a series in a: its coefficient of a^j is a polynomial in u.
            let scaled = divide(
                &subs(
                    &h,
                    &[(x.to_string(), canon::mul2(Expr::sym(P), Expr::sym(U))?)],
                )?,
                &Expr::sym(P),
            )?;
            let s = crate::series::expand(&scaled, P, &Point::At(Expr::zero()), n as i64)?;
            let mut terms = vec![Expr::sym(&unames[2])];
            for (q, c) in s.terms() {
                terms.push(canon::mul2(
                    c,
                    canon::pow(Expr::sym(P), Expr::num(crate::expr::Number::Exact(q)))?,
                )?);
            }
            (canon::add(terms)?, Expr::one(), a_name.to_string(), 1)
        }
    };
    // ω0² from the linear part at parameter 0.
    let at0 = expand(&subs(&form, &[(P.to_string(), Expr::zero())])?)?;
    let c = expand(&diff(&at0, &unames[0])?)?;
    let rest = expand(&canon::sub(
        at0,
        canon::add2(
            Expr::sym(&unames[2]),
            canon::mul2(c.clone(), Expr::sym(&unames[0]))?,
        )?,
    )?)?;
    if !rest.is_zero()
        || c.is_zero()
        || c.has_negative_sign()
        || unames.iter().any(|v| c.depends_on(v))
    {
        return Err(MathError::Domain(
            "near the rest point the equation must be x'' + c*x = 0 with c > 0 (g(0) = 0, g'(0) > 0): otherwise there is no small oscillation to continue".into(),
        ));
    }
    let omega0 = nth_root(&c, 2)?;
    // The form divided by c = ω0²: u'' carries Ω² after the time scaling by ω0·Ω.
    let normal = expand(&divide(&form, &c)?)?;
    let terms: Vec<Expr> = match normal.node() {
        Node::Add(v) => v.clone(),
        _ => vec![normal.clone()],
    };
    let parts: Vec<Part> = terms
        .iter()
        .map(|t| split_term(t, P, &unames, "#tau"))
        .collect::<Result<_>>()
        .map_err(|e| match e {
            // Messages name the user's unknown and parameter, not the internal ones.
            MathError::Domain(m) => {
                MathError::Domain(m.replace(U, x).replace(P, &parameter).replace("#tau", "t"))
            }
            other => other,
        })?;
    // The general path multiplies trigonometric polynomials with symbolic coefficients: their
    // harmonics and the degree of their coefficients grow like (degree − 1)·order, and the
    // work like a high power of it (cubic nonlinearity: order 20 took 3.3 s, 24 took 7.7 s).
    let degree = parts
        .iter()
        .map(|(_, powers, _)| powers.iter().sum::<u32>() as usize)
        .max()
        .unwrap_or(1);
    let growth = degree.saturating_sub(1).max(1).saturating_mul(n);
    let general_path_guard = move || -> Result<()> {
        if growth > crate::limits::MAX_LINDSTEDT_GROWTH {
            return Err(MathError::TooLarge {
                what: format!(
                    "order {n} with a nonlinearity of degree {degree} on the general path ((degree - 1) × order = {growth})"
                ),
                limit: format!(
                    "{} (a rational amplitude, x(0) = 1, takes the exact rational fast path, which has no such bound)",
                    crate::limits::MAX_LINDSTEDT_GROWTH
                ),
            });
        }
        Ok(())
    };
    if let Some(fast) = cosine_lindstedt(&parts, &u0, n)? {
        return finish(
            fast.0,
            fast.1,
            Vec::new(),
            omega0,
            parameter,
            power_shift,
            n,
        );
    }
    general_path_guard()?;
    let operator = [Expr::one(), Expr::zero(), Expr::one()];
    let i = Expr::constant(Constant::I);
    let roots = vec![(i.clone(), 1), (canon::neg(i.clone())?, 1)];
    let mut omegas: Vec<Expr> = vec![Expr::one()];
    let mut us: Vec<Quasi> = Vec::new();
    // A limit cycle (van der Pol): x(0) = a with a symbol and a sin(τ) resonance that the
    // frequency cannot remove. The amplitude is then a series a_0 + a_1 p + … too: a_0 from the
    // sin(τ) solvability of order 1, and a_(k−1) (left as AMP in u_(k−1)) with ω_k from both
    // conditions of order k. Order n + 1 is looked at only for a_n.
    let symbol = u0.as_symbol().map(str::to_string);
    let mut amplitudes: Vec<Expr> = Vec::new();
    for k in 0..=n + 1 {
        crate::interrupt::check()?;
        let cycle = !amplitudes.is_empty();
        if k == n + 1 && !cycle {
            break;
        }
        let mut scale: Vec<Expr> = omegas
            .iter()
            .map(|w| canon::mul2(omega0.clone(), w.clone()))
            .collect::<Result<_>>()?;
        if k >= 1 {
            scale.push(canon::mul2(omega0.clone(), Expr::sym(W))?);
        }
        let mut r = order_coefficient(&parts, &us, k, 2, &scale)?;
        let resonance = |r: &Quasi| {
            r.terms
                .iter()
                .filter(|(l, j, _)| *l == i && *j == 0)
                .map(|t| t.2.clone())
                .next()
                .unwrap_or_else(Expr::zero)
        };
        if k == 1
            && let Some(a) = &symbol
        {
            let sine = im(&resonance(&r))?;
            if !sine.is_zero() && sine.depends_on(a) && !sine.depends_on(W) {
                let a0 = limit_cycle_amplitude(&sine, a)?;
                let fix = [(a.clone(), a0.clone())];
                us[0] = us[0].substituted(&fix)?;
                r = r.substituted(&fix)?;
                amplitudes.push(a0);
            }
        }
        if k >= 2 && cycle {
            // cos: c0 + c1 ω_k + c2 a_(k−1) = 0, sin: s0 + s1 ω_k + s2 a_(k−1) = 0.
            let resonant = resonance(&r);
            let parts_of = |e: Expr| -> Result<[Expr; 3]> {
                let e = expand(&e)?;
                Ok([
                    expand(&subs(
                        &e,
                        &[(W.into(), Expr::zero()), (AMP.into(), Expr::zero())],
                    )?)?,
                    expand(&diff(&e, W)?)?,
                    expand(&diff(&e, AMP)?)?,
                ])
            };
            let [c0, c1, c2] = parts_of(re(&resonant)?)?;
            let [s0, s1, s2] = parts_of(im(&resonant)?)?;
            let det = expand(&canon::sub(
                canon::mul2(c1.clone(), s2.clone())?,
                canon::mul2(c2.clone(), s1.clone())?,
            )?)?;
            if det.is_zero() {
                return Err(MathError::Domain(format!(
                    "order {k}: the resonant forcing cannot be removed by the frequency and the amplitude together"
                )));
            }
            let w = expand(&divide(
                &canon::sub(canon::mul2(c2, s0.clone())?, canon::mul2(c0.clone(), s2)?)?,
                &det,
            )?)?;
            let amp = expand(&divide(
                &canon::sub(canon::mul2(c0, s1)?, canon::mul2(c1, s0)?)?,
                &det,
            )?)?;
            let fix = [(AMP.to_string(), amp.clone())];
            us[k - 1] = us[k - 1].substituted(&fix)?;
            r = r.substituted(&[(W.to_string(), w.clone()), (AMP.to_string(), amp.clone())])?;
            amplitudes.push(amp);
            if k == n + 1 {
                break;
            }
            omegas.push(w);
        } else if k >= 1 {
            // The e^(iτ) coefficient is linear in ω_k: α + β·ω_k = 0.
            let resonant = resonance(&r);
            let alpha = expand(&subs(&resonant, &[(W.into(), Expr::zero())])?)?;
            let beta = expand(&diff(&resonant, W)?)?;
            let w = if beta.is_zero() {
                if !alpha.is_zero() {
                    return Err(MathError::Domain(format!(
                        "order {k}: the resonant forcing cannot be removed by the frequency"
                    )));
                }
                Expr::zero()
            } else {
                canon::neg(divide(&alpha, &beta)?)?
            };
            if w.any(&|e| matches!(e.node(), Node::Const(Constant::I))) {
                return Err(MathError::Domain(format!(
                    "order {k}: the sin(τ) resonance cannot be removed by the frequency: the oscillation is not conservative at this order (its amplitude drifts). For a limit cycle (van der Pol) give the amplitude as a symbol, x(0) = a, and lindstedt finds it"
                )));
            }
            let w = expand(&w)?;
            r = r.substituted(&[(W.to_string(), w.clone())])?;
            omegas.push(w);
        }
        let part = particular(&operator, &r.scale(&Expr::int(-1))?)?;
        let target0 = match k {
            0 => u0.clone(),
            _ if !amplitudes.is_empty() => Expr::sym(AMP),
            _ => Expr::zero(),
        };
        let targets = vec![
            expand(&canon::sub(target0, part.at_zero()?)?)?,
            canon::neg(part.derivative()?.at_zero()?)?,
        ];
        let uk = part.add(&homogeneous(&roots, &targets)?);
        us.push(uk);
        let check_scale: Vec<Expr> = omegas
            .iter()
            .map(|w| canon::mul2(omega0.clone(), w.clone()))
            .collect::<Result<_>>()?;
        if !order_coefficient(&parts, &us, k, 2, &check_scale)?
            .terms
            .is_empty()
        {
            return Err(MathError::Domain(format!(
                "internal: order {k} of the Lindstedt solution does not satisfy its equation"
            )));
        }
        if us[k].terms.iter().any(|(_, j, _)| *j > 0) {
            return Err(MathError::Domain(format!(
                "internal: a secular term survived at order {k}"
            )));
        }
    }
    let orders = us
        .iter()
        .map(|u| u.to_expr("τ"))
        .collect::<Result<Vec<_>>>()?;
    finish(
        omegas,
        orders,
        amplitudes,
        omega0,
        parameter,
        power_shift,
        n,
    )
}

/// The limit-cycle amplitude a_0 > 0 from the sin(τ) solvability of order 1 (a polynomial in
/// a whose positive root is the cycle; a = 0 is the rest state).
fn limit_cycle_amplitude(sine: &Expr, a: &str) -> Result<Expr> {
    let coefficients = crate::poly::symbolic_coefficients(sine, a)?;
    let (roots, _) = super::roots::exact_roots(&coefficients)?;
    let positive: Vec<Expr> = roots
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| {
            crate::numeric::eval::eval_f64(r).is_ok_and(|v| v > 0.0)
                && !r.any(&|e| matches!(e.node(), Node::Const(Constant::I)))
        })
        .collect();
    match positive.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(MathError::Domain(format!(
            "the sin(τ) solvability {sine} = 0 has no positive root in {a}: there is no limit cycle to continue"
        ))),
        many => Err(MathError::Domain(format!(
            "the sin(τ) solvability {sine} = 0 has several positive roots in {a} ({}): several limit cycles, which lindstedt does not tell apart",
            many.iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The result from Ω's coefficients and the orders u_k(τ).
fn finish(
    omegas: Vec<Expr>,
    orders: Vec<Expr>,
    amplitudes: Vec<Expr>,
    omega0: Expr,
    parameter: String,
    power_shift: i64,
    n: usize,
) -> Result<Lindstedt> {
    let frame = Arc::new(Frame {
        var: parameter.clone(),
        point: Point::At(Expr::zero()),
    });
    let series = |coeffs: Vec<Expr>| {
        AnySeries::Symbolic(
            Series {
                frame: frame.clone(),
                den: 1,
                val: 0,
                coeffs,
                order: n as i64 + 1,
            }
            .normalised(),
        )
        .simplified()
    };
    let amplitude = (!amplitudes.is_empty()).then(|| series(amplitudes));
    let big_omega = series(omegas);
    let omega =
        big_omega.map_coefficients(&|c| expand(&canon::mul2(omega0.clone(), c.clone())?))?;
    let period_ratio = big_omega.pow(&Rational::from(-1))?;
    let orders = orders
        .into_iter()
        .enumerate()
        .map(|(k, e)| (k as i64 + power_shift, e))
        .collect();
    Ok(Lindstedt {
        parameter,
        omega0,
        omega,
        period_ratio,
        orders,
        amplitude,
    })
}

/// A cosine polynomial with rational coefficients: c[m] multiplies cos(mτ).
type Cosines = Vec<Rational>;

fn cos_mul(a: &Cosines, b: &Cosines) -> Cosines {
    let mut out = vec![Rational::new(); a.len() + b.len()];
    for (i, x) in a.iter().enumerate() {
        if *x.numer() == 0 {
            continue;
        }
        for (j, y) in b.iter().enumerate() {
            if *y.numer() == 0 {
                continue;
            }
            // cos(iτ)cos(jτ) = (cos((i − j)τ) + cos((i + j)τ))/2.
            let half = Rational::from(x * y) / 2u32;
            out[i + j] += &half;
            out[i.abs_diff(j)] += half;
        }
    }
    trim(out)
}

fn cos_add(a: &Cosines, b: &Cosines, scale: &Rational) -> Cosines {
    let mut out = a.clone();
    out.resize(a.len().max(b.len()), Rational::new());
    for (o, y) in out.iter_mut().zip(b) {
        *o += Rational::from(y * scale);
    }
    trim(out)
}

fn trim(mut c: Cosines) -> Cosines {
    while c.last().is_some_and(|x| *x.numer() == 0) {
        c.pop();
    }
    c
}

/// u'' of a cosine polynomial.
fn cos_second_derivative(a: &Cosines) -> Cosines {
    a.iter()
        .enumerate()
        .map(|(m, c)| -Rational::from(c * (m * m) as u32))
        .collect()
}

/// The fast path for the common case, Ω²u'' + u + Σ c p^a u^e = 0 with rational c and a
/// rational amplitude (conservative, so u is a cosine polynomial): exact rational arithmetic on
/// cosine harmonics, the powers u^e as series in p cached and extended as each u_k becomes
/// known (order k needs only u_0 … u_(k−1) in the nonlinear terms). `None` when the problem is
/// not of that shape; the general path (expressions, sines) runs instead.
#[allow(clippy::type_complexity)]
fn cosine_lindstedt(parts: &[Part], u0: &Expr, n: usize) -> Result<Option<(Vec<Expr>, Vec<Expr>)>> {
    let rational = |e: &Expr| match e.as_number() {
        Some(crate::expr::Number::Exact(q)) => Some(q.clone()),
        _ => None,
    };
    let Some(amplitude) = rational(u0) else {
        return Ok(None);
    };
    if amplitude == 0 {
        return Ok(None);
    }
    // (p power, u power, coefficient) of the nonlinear terms.
    let mut terms: Vec<(usize, usize, Rational)> = Vec::new();
    let (mut linear, mut second) = (false, false);
    for (a, powers, coeff) in parts {
        let c = match coeff.terms.as_slice() {
            [(l, 0, c)] if l.is_zero() => match rational(c) {
                Some(c) => c,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        match (*a, powers.as_slice()) {
            (0, [1, 0, 0]) if c == 1 => linear = true,
            (0, [0, 0, 1]) if c == 1 => second = true,
            (a, [e, 0, 0]) if a >= 1 => terms.push((a as usize, *e as usize, c)),
            _ => return Ok(None),
        }
    }
    if !(linear && second) {
        return Ok(None);
    }
    let top = terms.iter().map(|t| t.1).max().unwrap_or(1).max(2);
    // pw[e][q] = [p^q] u^e, extended on demand.
    let mut pw: Vec<Vec<Cosines>> = vec![Vec::new(); top + 1];
    let mut us: Vec<Cosines> = vec![vec![Rational::new(), amplitude.clone()]];
    let mut omegas: Vec<Rational> = vec![Rational::from(1)];
    // W = Ω² coefficients.
    let mut w: Vec<Rational> = vec![Rational::from(1)];
    for k in 1..=n {
        crate::interrupt::check()?;
        let mut f: Cosines = Vec::new();
        for (a, e, c) in &terms {
            if *a > k {
                continue;
            }
            let q = k - a;
            let power = power_coefficient(&mut pw, &us, *e, q);
            f = cos_add(&f, &power, c);
        }
        // Known part of [p^k] Ω²u'': Σ_{l=1}^{k−1} W_{k−l} u_l'' + (W_k − 2Ω_k) u_0''.
        for (l, ul) in us.iter().enumerate().skip(1) {
            f = cos_add(&f, &cos_second_derivative(ul), &w[k - l]);
        }
        let cross: Rational = (1..k)
            .map(|i| Rational::from(&omegas[i] * &omegas[k - i]))
            .sum();
        f = cos_add(&f, &cos_second_derivative(&us[0]), &cross);
        // u_k'' + u_k − 2Ω_k·A·cos τ + f = 0: the cos τ coefficient fixes Ω_k.
        let f1 = f.get(1).cloned().unwrap_or_default();
        let omega_k = Rational::from(&f1 / &amplitude) / 2u32;
        let mut uk: Cosines = vec![Rational::new(); f.len().max(2)];
        for (m, fm) in f.iter().enumerate() {
            if m != 1 && *fm.numer() != 0 {
                // (1 − m²) c = −f_m.
                let d = Rational::from(1) - Rational::from(m * m);
                uk[m] = -Rational::from(fm / &d);
            }
        }
        let at_zero: Rational = uk.iter().sum();
        uk[1] = -at_zero;
        w.push(Rational::from(&omega_k * 2u32) + cross);
        omegas.push(omega_k);
        us.push(trim(uk));
    }
    let tau = Expr::sym("τ");
    let to_expr = |c: &Cosines| -> Result<Expr> {
        let mut parts = Vec::new();
        for (m, x) in c.iter().enumerate() {
            if *x.numer() == 0 {
                continue;
            }
            let cos = if m == 0 {
                Expr::one()
            } else {
                crate::functions::apply1("cos", &canon::mul2(Expr::int(m as i64), tau.clone())?)?
            };
            parts.push(canon::mul2(
                Expr::num(crate::expr::Number::Exact(x.clone())),
                cos,
            )?);
        }
        canon::add(parts)
    };
    let orders = us.iter().map(to_expr).collect::<Result<Vec<_>>>()?;
    let omegas = omegas
        .into_iter()
        .map(|q| Expr::num(crate::expr::Number::Exact(q)))
        .collect();
    Ok(Some((omegas, orders)))
}

/// [p^q] u^e from the cache, computing what is missing (u^e = u²·u^(e−2), or u·u^(e−1)).
fn power_coefficient(pw: &mut [Vec<Cosines>], us: &[Cosines], e: usize, q: usize) -> Cosines {
    if e == 0 {
        return if q == 0 {
            vec![Rational::from(1)]
        } else {
            Vec::new()
        };
    }
    if e == 1 {
        return us.get(q).cloned().unwrap_or_default();
    }
    while pw[e].len() <= q {
        let next = pw[e].len();
        let step = if e >= 4 { 2 } else { 1 };
        let mut sum: Cosines = Vec::new();
        for r in 0..=next {
            let a = power_coefficient(pw, us, step, r);
            if a.is_empty() {
                continue;
            }
            let b = power_coefficient(pw, us, e - step, next - r);
            if b.is_empty() {
                continue;
            }
            sum = cos_add(&sum, &cos_mul(&a, &b), &Rational::from(1));
        }
        pw[e].push(sum);
    }
    pw[e][q].clone()
}
