//! Smooth top-k (MATH.md §7): relaxations of the multi-hot indicator T_k of the k largest
//! entries to vectors p ∈ [0, 1]ⁿ with Σp = k, at temperature τ, written once against
//! [`Scalar`] so they run in doubles (speed) and in MPFR (any precision).
//!
//! - `grad`: p = ∇ log e_k(e^(x/τ)), e_k the elementary symmetric polynomial — the probability
//!   that i is in a k-subset drawn with weight e^(Σx/τ). Computed by prefix and suffix dynamic
//!   programmes over log e_m in log space (O(nk), no subtraction), so nothing cancels however
//!   small τ is.
//! - threshold methods, p_i = f((x_i − λ)/τ) with Σp = k fixing λ: `sigmoid` (safeguarded
//!   Newton), `exp` (f = min(1, eᶻ), closed form by scanning how many entries saturate) and
//!   `smooth` (f = eᶻ/2 below 0, 1 − e⁻ᶻ/2 above: closed form through a quadratic).
//! - `iterative`: the essay's soft-k-max loop (k rounds of softmax, each round's logits
//!   lowered by log(1 − w)); it leaves [0, 1] in the limit τ → 0, which `check_topk` shows.
//! - `subtraction`: the essay's recursion Z_(m,i) = w_i (Z_(m−1) − Z_(m−1,i)) for the same
//!   gradient, kept to show its cancellation.

use std::cmp::Ordering;

use crate::math_error::MathError;
use crate::numeric::scalar::Scalar;

type Result<T> = std::result::Result<T, MathError>;

/// A smoothing of T_k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Grad,
    Sigmoid,
    Exp,
    Smooth,
    Iterative,
    Subtraction,
}

impl Method {
    pub const NAMES: &'static [&'static str] = &[
        "grad",
        "sigmoid",
        "exp",
        "smooth",
        "iterative",
        "subtraction",
    ];
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "grad" => Method::Grad,
            "sigmoid" => Method::Sigmoid,
            "exp" => Method::Exp,
            "smooth" => Method::Smooth,
            "iterative" => Method::Iterative,
            "subtraction" => Method::Subtraction,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        Method::NAMES[self as usize]
    }
    /// Whether p_i = f((x_i − λ)/τ) for a threshold λ.
    pub fn has_threshold(self) -> bool {
        matches!(self, Method::Sigmoid | Method::Exp | Method::Smooth)
    }
}

/// The smoothed vector and, for threshold methods, λ.
#[derive(Debug, Clone)]
pub struct SoftTopK<S> {
    pub p: Vec<S>,
    pub threshold: Option<S>,
}

/// Indices of the entries in decreasing order; equal entries keep their order (the smaller
/// index counts as larger: the documented tie rule of `topk`).
pub fn order<S: Scalar>(x: &[S]) -> Result<Vec<usize>> {
    Ok(largest(x, x.len()))
}

/// The positions of the `count` largest entries, largest first (ties to the smaller index),
/// by selection: O(n + count·log count).
fn largest<S: Scalar>(x: &[S], count: usize) -> Vec<usize> {
    let cmp = |a: &usize, b: &usize| {
        x[*b]
            .cmp_real(&x[*a], "an entry")
            .unwrap_or(Ordering::Equal)
            .then(a.cmp(b))
    };
    let mut idx: Vec<usize> = (0..x.len()).collect();
    if count < x.len() {
        idx.select_nth_unstable_by(count, cmp);
        idx.truncate(count);
    }
    idx.sort_by(cmp);
    idx
}

/// log Σ e^(y) over the entries by a running maximum: one exponential per entry.
fn streaming_log_sum<'a, S: Scalar>(ys: impl Iterator<Item = &'a S>) -> Result<Log<S>> {
    let mut state: Option<(S, S)> = None;
    for y in ys {
        state = Some(match state {
            None => (y.clone(), y.lift_i64(1)),
            Some((m, s)) => {
                if y.cmp_real(&m, "an entry")? == Ordering::Greater {
                    (y.clone(), s.mul(&m.sub(y).exp()?).add(&y.lift_i64(1)))
                } else {
                    (m.clone(), s.add(&y.sub(&m).exp()?))
                }
            }
        });
    }
    state.map(|(m, s)| Ok(m.add(&s.ln()?))).transpose()
}

/// T_k: 1 at the k largest entries (ties to the smaller index), 0 elsewhere.
pub fn hard_topk<S: Scalar>(x: &[S], k: usize) -> Result<Vec<bool>> {
    let mut mask = vec![false; x.len()];
    for &i in order(x)?.iter().take(k) {
        mask[i] = true;
    }
    Ok(mask)
}

/// A log-space value: `None` is log 0 = −∞.
type Log<S> = Option<S>;

/// log(eᵃ + eᵇ).
fn log_add<S: Scalar>(a: &Log<S>, b: &Log<S>) -> Result<Log<S>> {
    Ok(match (a, b) {
        (None, other) | (other, None) => other.clone(),
        (Some(a), Some(b)) => {
            let (hi, lo) = if a.cmp_real(b, "a log-weight")? == Ordering::Less {
                (b, a)
            } else {
                (a, b)
            };
            Some(hi.add(&lo.sub(hi).exp()?.ln_1p()?))
        }
    })
}

/// log Σ e^(t): the largest term factored out, one logarithm.
fn log_sum<S: Scalar>(terms: &[Log<S>]) -> Result<Log<S>> {
    let mut top: Option<&S> = None;
    for t in terms.iter().flatten() {
        if top.is_none_or(|m| {
            m.cmp_real(t, "a log-weight")
                .is_ok_and(|o| o == Ordering::Less)
        }) {
            top = Some(t);
        }
    }
    let Some(top) = top.cloned() else {
        return Ok(None);
    };
    let mut sum = top.lift_i64(0);
    for t in terms.iter().flatten() {
        sum = sum.add(&t.sub(&top).exp()?);
    }
    Ok(Some(top.add(&sum.ln()?)))
}

/// Check the arguments shared by every method.
pub fn check<S: Scalar>(x: &[S], k: usize, tau: &S) -> Result<()> {
    if x.is_empty() {
        return Err(MathError::Domain("the vector is empty".into()));
    }
    if k == 0 || k > x.len() {
        return Err(MathError::Domain(format!(
            "k = {k} must be from 1 to the length of the vector, {}",
            x.len()
        )));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(MathError::Domain(format!(
            "entry {} is not a finite number",
            i + 1
        )));
    }
    if tau.cmp_real(&tau.lift_i64(0), "tau")? != Ordering::Greater {
        return Err(MathError::Domain(
            "the temperature tau must be positive".into(),
        ));
    }
    Ok(())
}

/// The smoothed top-k of `x` at temperature `tau`.
pub fn soft_topk<S: Scalar>(x: &[S], k: usize, tau: &S, method: Method) -> Result<SoftTopK<S>> {
    check(x, k, tau)?;
    let plain = |p| SoftTopK { p, threshold: None };
    if k == x.len() {
        // Every entry is kept: p = 1 whatever the method (a threshold would be −∞).
        return Ok(plain(vec![tau.lift_i64(1); k]));
    }
    let y: Vec<S> = x.iter().map(|v| v.div(tau)).collect::<Result<_>>()?;
    Ok(match method {
        Method::Grad => plain(gradient(&y, k)?),
        Method::Iterative => plain(iterative(&y, k)?),
        Method::Subtraction => plain(subtraction(&y, k)?),
        Method::Sigmoid | Method::Exp | Method::Smooth => {
            let mu = match method {
                Method::Sigmoid => sigmoid_threshold(&y, k)?,
                Method::Exp => exp_threshold(&y, k)?,
                _ => smooth_threshold(&y, k)?,
            };
            let p = y
                .iter()
                .map(|v| profile(method, &v.sub(&mu)))
                .collect::<Result<_>>()?;
            SoftTopK {
                p,
                threshold: Some(mu.mul(tau)),
            }
        }
    })
}

/// f(z) and f'(z) of a threshold method.
fn profile<S: Scalar>(method: Method, z: &S) -> Result<S> {
    Ok(profile_and_slope(method, z)?.0)
}

fn profile_and_slope<S: Scalar>(method: Method, z: &S) -> Result<(S, S)> {
    let zero = z.lift_i64(0);
    let one = z.lift_i64(1);
    let positive = z.cmp_real(&zero, "z")? == Ordering::Greater;
    Ok(match method {
        Method::Sigmoid => {
            // σ(z) and σ(−z) without overflow.
            let e = if positive { z.neg() } else { z.clone() }.exp()?;
            let big = one.div(&one.add(&e))?;
            let small = e.div(&one.add(&e))?;
            let (s, c) = if positive { (big, small) } else { (small, big) };
            let slope = s.mul(&c);
            (s, slope)
        }
        Method::Exp => {
            if positive {
                (one, zero)
            } else {
                let e = z.exp()?;
                (e.clone(), e)
            }
        }
        _ => {
            let half = one.div(&one.lift_i64(2))?;
            if positive {
                let e = z.neg().exp()?.mul(&half);
                (one.sub(&e), e)
            } else {
                let e = z.exp()?.mul(&half);
                (e.clone(), e)
            }
        }
    })
}

/// p_i = e^(y_i) e_(k−1)(y without i) / e_k(y), all in log space.
fn gradient<S: Scalar>(y: &[S], k: usize) -> Result<Vec<S>> {
    use rayon::prelude::*;
    let n = y.len();
    let zero = y[0].lift_i64(0);
    // prefix[j][m] = log e_m(y_0 … y_(j−1)); suffix[j][m] = log e_m(y_j … y_(n−1)) (the
    // suffix is the prefix of the reversed entries). The two passes run in parallel.
    let reversed: Vec<S> = y.iter().rev().cloned().collect();
    let (prefix, suffix) = rayon::join(|| prefixes(y, k), || prefixes(&reversed, k));
    let (prefix, suffix) = (prefix?, suffix?);
    let Some(log_z) = prefix[n][k].clone() else {
        return Err(MathError::Domain("e_k is zero".into()));
    };
    (0..n)
        .into_par_iter()
        .map(|i| {
            // e_(k−1) without i: Σ_a e_a(y_0 … y_(i−1)) e_(k−1−a)(y_(i+1) … y_(n−1)).
            let terms: Vec<Log<S>> = (0..k)
                .map(|a| match (&prefix[i][a], &suffix[n - 1 - i][k - 1 - a]) {
                    (Some(u), Some(v)) => Some(u.add(v)),
                    _ => None,
                })
                .collect();
            Ok(match log_sum(&terms)? {
                Some(t) => y[i].add(&t).sub(&log_z).exp()?,
                None => zero.clone(),
            })
        })
        .collect()
}

/// table[j][m] = log e_m(y_0 … y_(j−1)) for j ≤ n, m ≤ k.
fn prefixes<S: Scalar>(y: &[S], k: usize) -> Result<Vec<Vec<Log<S>>>> {
    let n = y.len();
    let mut table: Vec<Vec<Log<S>>> = vec![vec![None; k + 1]; n + 1];
    table[0][0] = Some(y[0].lift_i64(0));
    for j in 1..=n {
        crate::interrupt::check()?;
        for m in 0..=k.min(j) {
            let with = match (m, &table[j - 1][m.saturating_sub(1)]) {
                (0, _) | (_, None) => None,
                (_, Some(v)) => Some(v.add(&y[j - 1])),
            };
            table[j][m] = log_add(&table[j - 1][m], &with)?;
        }
    }
    Ok(table)
}

/// λ/τ for the sigmoid: Σσ(y_i − μ) = k by Newton steps kept inside a shrinking bracket.
/// With t_i = e^(c − y_i) computed once, σ(y_i − μ) = 1/(1 + e^(μ−c) t_i): each step costs no
/// exponential per entry (unless some t_i leaves the exponent range, as in doubles at a tiny τ;
/// then every σ is evaluated directly).
fn sigmoid_threshold<S: Scalar>(y: &[S], k: usize) -> Result<S> {
    let n = y.len();
    let top = largest(y, k);
    let one = y[0].lift_i64(1);
    let zero = one.lift_i64(0);
    let mut smallest = y[0].clone();
    for v in y {
        if v.cmp_real(&smallest, "an entry")? == Ordering::Less {
            smallest = v.clone();
        }
    }
    // Σσ(y_i − μ) falls from n to 0; at μ = min − L it exceeds k, at μ = max + L it is below.
    let margin = one.lift_i64(n as i64).ln()?.add(&one.lift_i64(4));
    let mut lo = smallest.sub(&margin);
    let mut hi = y[top[0]].add(&margin);
    let target = one.lift_i64(k as i64);
    let c = y[top[k - 1]].clone();
    let t: Vec<S> = y.iter().map(|v| c.sub(v).exp()).collect::<Result<_>>()?;
    let representable = t.iter().all(|v| v.is_finite() && !v.is_zero());
    let mut mu = c.clone();
    let prec = one.prec_bits();
    let tolerance = one.lift_i64(2).powi(-(i64::from(prec)) + 4)?;
    for _ in 0..(4 * prec as usize + 200) {
        crate::interrupt::check()?;
        let (mut sum, mut slope) = (zero.clone(), zero.clone());
        if representable {
            let e = mu.sub(&c).exp()?;
            for ti in &t {
                let u = e.mul(ti);
                if !u.is_finite() {
                    continue;
                }
                let d = one.add(&u);
                let s = one.div(&d)?;
                slope = slope.add(&s.mul(&u).div(&d)?);
                sum = sum.add(&s);
            }
        } else {
            for v in y {
                let (f, d) = profile_and_slope(Method::Sigmoid, &v.sub(&mu))?;
                sum = sum.add(&f);
                slope = slope.add(&d);
            }
        }
        let excess = sum.sub(&target);
        match excess.cmp_real(&zero, "the sum")? {
            Ordering::Greater => lo = mu.clone(),
            Ordering::Less => hi = mu.clone(),
            Ordering::Equal => return Ok(mu),
        }
        // g(μ) = Σσ − k, g' = −Σσ': the Newton step μ + (Σσ − k)/Σσ'.
        let newton = if slope.is_zero() {
            None
        } else {
            Some(mu.add(&excess.div(&slope)?))
        };
        let inside = newton.as_ref().is_some_and(|m| {
            m.cmp_real(&lo, "mu").is_ok_and(|o| o == Ordering::Greater)
                && m.cmp_real(&hi, "mu").is_ok_and(|o| o == Ordering::Less)
        });
        let next = match newton {
            Some(m) if inside => m,
            _ => lo.add(&hi).div(&one.lift_i64(2))?,
        };
        let step = next.sub(&mu).abs();
        let scale = one.add(&next.abs());
        mu = next;
        if step.cmp_real(&tolerance.mul(&scale), "the step")? != Ordering::Greater {
            return Ok(mu);
        }
    }
    Err(MathError::Domain(
        "the sigmoid threshold did not converge".into(),
    ))
}

/// λ/τ for f = min(1, eᶻ): with the top m entries saturated, e^(−μ) = (k − m)/Σ_rest e^(y_i).
/// Only the k + 1 largest entries need ordering; the rest enter through one running sum.
fn exp_threshold<S: Scalar>(y: &[S], k: usize) -> Result<S> {
    let n = y.len();
    let top = largest(y, (k + 1).min(n));
    let mut chosen = vec![false; n];
    for &i in &top {
        chosen[i] = true;
    }
    // rest[m] = log Σ e^(y) over everything but the m largest.
    let base = streaming_log_sum(
        y.iter()
            .enumerate()
            .filter(|(i, _)| !chosen[*i])
            .map(|(_, v)| v),
    )?;
    let mut rest: Vec<Log<S>> = vec![None; top.len() + 1];
    rest[top.len()] = base;
    for j in (0..top.len()).rev() {
        rest[j] = log_add(&rest[j + 1], &Some(y[top[j]].clone()))?;
    }
    let one = y[0].lift_i64(1);
    for m in 0..k {
        let Some(log_s) = &rest[m] else { break };
        let mu = log_s.sub(&one.lift_i64((k - m) as i64).ln()?);
        // Consistent when the m-th largest is saturated (y ≥ μ) and the next is not (y ≤ μ).
        let top_ok = m == 0 || y[top[m - 1]].cmp_real(&mu, "mu")? != Ordering::Less;
        let next_ok = y[top[m]].cmp_real(&mu, "mu")? != Ordering::Greater;
        if top_ok && next_ok {
            return Ok(mu);
        }
    }
    Err(MathError::Domain(
        "no consistent saturation count for the exp threshold".into(),
    ))
}

/// λ/τ for the piecewise exponential: with m entries above μ, u = e^μ solves
/// (B/2)u² + (k − m)u − A/2 = 0, A = Σ_below e^(y), B = Σ_above e^(−y).
fn smooth_threshold<S: Scalar>(y: &[S], k: usize) -> Result<S> {
    let idx = order(y)?;
    let n = y.len();
    let mut below: Vec<Log<S>> = vec![None; n + 1];
    for j in (0..n).rev() {
        below[j] = log_add(&below[j + 1], &Some(y[idx[j]].clone()))?;
    }
    let one = y[0].lift_i64(1);
    let mut above: Log<S> = None;
    for m in 0..=n {
        if m > 0 {
            above = log_add(&above, &Some(y[idx[m - 1]].neg()))?;
        }
        let c = one.lift_i64(k as i64 - m as i64);
        let mu = match (&below[m], &above) {
            (Some(la), None) => {
                // m = 0: k u = A/2.
                if m != 0 {
                    continue;
                }
                la.sub(&c.mul(&one.lift_i64(2)).ln()?)
            }
            (Some(la), Some(lb)) => {
                // u = A/(c + √(c² + AB)) for c ≥ 0, (−c + √(c² + AB))/B for c < 0.
                let ab = la.add(lb).exp()?;
                let root = c.mul(&c).add(&ab).sqrt()?;
                if c.cmp_real(&one.lift_i64(0), "c")? != Ordering::Less {
                    la.sub(&c.add(&root).ln()?)
                } else {
                    root.sub(&c).ln()?.sub(lb)
                }
            }
            (None, Some(lb)) => {
                // All above: m − B u/2 = k.
                let d = one.lift_i64(m as i64 - k as i64);
                if d.cmp_real(&one.lift_i64(0), "d")? != Ordering::Greater {
                    continue;
                }
                d.mul(&one.lift_i64(2)).ln()?.sub(lb)
            }
            (None, None) => continue,
        };
        let top_ok = m == 0 || y[idx[m - 1]].cmp_real(&mu, "mu")? == Ordering::Greater;
        let next_ok = m == n || y[idx[m]].cmp_real(&mu, "mu")? != Ordering::Greater;
        if top_ok && next_ok {
            return Ok(mu);
        }
    }
    Err(MathError::Domain(
        "no consistent split for the smooth threshold".into(),
    ))
}

/// k rounds: w = softmax(ℓ), p += w, ℓ_i += log(1 − w_i) (1 − w_i as the sum of the other
/// weights, so it never rounds to 0).
fn iterative<S: Scalar>(y: &[S], k: usize) -> Result<Vec<S>> {
    let n = y.len();
    let zero = y[0].lift_i64(0);
    let mut logits: Vec<Log<S>> = y.iter().cloned().map(Some).collect();
    let mut p = vec![zero.clone(); n];
    for _ in 0..k {
        crate::interrupt::check()?;
        let Some(total) = log_sum(&logits)? else {
            break;
        };
        // Prefix and suffix log-sums give log Σ_(j≠i) e^(ℓ_j) for every i in O(n).
        let mut front: Vec<Log<S>> = vec![None; n + 1];
        let mut back: Vec<Log<S>> = vec![None; n + 1];
        for i in 0..n {
            front[i + 1] = log_add(&front[i], &logits[i])?;
            back[n - 1 - i] = log_add(&back[n - i], &logits[n - 1 - i])?;
        }
        let mut next = Vec::with_capacity(n);
        for i in 0..n {
            if let Some(l) = &logits[i] {
                p[i] = p[i].add(&l.sub(&total).exp()?);
            }
            let others = log_add(&front[i], &back[i + 1])?;
            next.push(match (&logits[i], others) {
                (Some(l), Some(o)) => Some(l.add(&o.sub(&total))),
                _ => None,
            });
        }
        logits = next;
    }
    Ok(p)
}

/// The essay's recursion in linear space (weights shifted by the largest entry):
/// Z_m = e_m(w), Z_(m,i) = w_i (Z_(m−1) − Z_(m−1,i)), p_i = Z_(k,i)/Z_k.
fn subtraction<S: Scalar>(y: &[S], k: usize) -> Result<Vec<S>> {
    let top = y[order(y)?[0]].clone();
    let w: Vec<S> = y.iter().map(|v| v.sub(&top).exp()).collect::<Result<_>>()?;
    let zero = top.lift_i64(0);
    let mut e = vec![zero.clone(); k + 1];
    e[0] = top.lift_i64(1);
    for wi in &w {
        for m in (1..=k).rev() {
            e[m] = e[m].add(&wi.mul(&e[m - 1]));
        }
    }
    let mut z: Vec<S> = w.clone();
    for m in 2..=k {
        z = w
            .iter()
            .zip(&z)
            .map(|(wi, zi)| wi.mul(&e[m - 1].sub(zi)))
            .collect();
    }
    z.iter().map(|zi| zi.div(&e[k])).collect()
}

/// The exact Jacobian ∂p_i/∂x_j: for `grad`, (q_ij − p_i p_j)/τ with q_ij the probability
/// that both are in (p_j times the gradient of log e_(k−1) without j), p_i(1 − p_i)/τ on the
/// diagonal; for threshold methods the implicit-function formula
/// ∂p_i/∂x_j = f'(z_i)(δ_ij − f'(z_j)/Σ f'(z_l))/τ.
pub fn jacobian<S: Scalar>(
    x: &[S],
    k: usize,
    tau: &S,
    method: Method,
    result: &SoftTopK<S>,
) -> Result<Vec<Vec<S>>> {
    let n = x.len();
    let y: Vec<S> = x.iter().map(|v| v.div(tau)).collect::<Result<_>>()?;
    let zero = tau.lift_i64(0);
    let one = tau.lift_i64(1);
    let p = &result.p;
    let mut jac = vec![vec![zero.clone(); n]; n];
    if k == n {
        // Every entry is kept whatever x is: p is constant.
        return Ok(jac);
    }
    match method {
        Method::Grad => {
            for j in 0..n {
                crate::interrupt::check()?;
                let others: Vec<S> = (0..n).filter(|&i| i != j).map(|i| y[i].clone()).collect();
                let conditional = if k >= 2 {
                    gradient(&others, k - 1)?
                } else {
                    vec![zero.clone(); n - 1]
                };
                let mut c = conditional.into_iter();
                for i in 0..n {
                    jac[i][j] = if i == j {
                        p[i].mul(&one.sub(&p[i])).div(tau)?
                    } else {
                        let both = p[j].mul(&c.next().unwrap_or_else(|| zero.clone()));
                        both.sub(&p[i].mul(&p[j])).div(tau)?
                    };
                }
            }
        }
        Method::Sigmoid | Method::Exp | Method::Smooth => {
            let threshold = result
                .threshold
                .as_ref()
                .ok_or_else(|| MathError::Domain("no threshold".into()))?;
            let mu = threshold.div(tau)?;
            let slopes: Vec<S> = y
                .iter()
                .map(|v| Ok(profile_and_slope(method, &v.sub(&mu))?.1))
                .collect::<Result<_>>()?;
            let total = slopes.iter().fold(zero.clone(), |a, s| a.add(s));
            if total.is_zero() {
                return Err(MathError::Domain(
                    "every entry is saturated: the threshold does not move, the Jacobian is 0"
                        .into(),
                ));
            }
            for i in 0..n {
                for j in 0..n {
                    let delta = if i == j { one.clone() } else { zero.clone() };
                    jac[i][j] = slopes[i]
                        .mul(&delta.sub(&slopes[j].div(&total)?))
                        .div(tau)?;
                }
            }
        }
        Method::Iterative | Method::Subtraction => {
            return Err(MathError::Domain(format!(
                "jacobian = true is available for grad, sigmoid, exp and smooth, not {}",
                method.name()
            )));
        }
    }
    Ok(jac)
}
