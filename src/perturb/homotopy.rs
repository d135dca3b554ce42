//! Homotopy analysis (Liao, "Beyond Perturbation") for a conservative oscillator
//! x'' + g(x) = 0, x(0) = a, x'(0) = 0 at a numeric amplitude, with the convergence-control
//! parameter ħ kept symbolic: every quantity is a polynomial in ħ with MPFR coefficients.
//!
//! With τ = ωt and Λ = ω², the zeroth-order deformation (1 − q) L[φ − a cos τ] = q ħ N[φ, Λ],
//! L = ∂²_τ + 1, N[φ, Λ] = Λ φ'' + g(φ), gives at order m
//!
//!   L[u_m − χ_m u_(m−1)] = ħ R_m,   R_m = Σ_(i+k=m−1) λ_i u_k'' + [q^(m−1)] g(φ(q)),
//!
//! and λ_(m−1) is the value that removes the cos τ term of R_m (no secular term). Expanding
//! Λ = ω² rather than ω keeps every step linear (λ_0 included), so the order-m frequency is
//! ω = √(λ_0 + … + λ_(m−1)); the first order gives ω² = (the cos τ coefficient of g(a cos τ))/a,
//! 2J1(a)/a for the pendulum, whatever the expansion variable.
//!
//! Functions of τ are even and 2π-periodic: cosine coefficients, with the nonlinearity taken on
//! a grid of τ (pseudo-spectral): [q^s] g(u_0 + w) = Σ_n g⁽ⁿ⁾(u_0)/n! · [q^s] wⁿ needs only
//! pointwise products of the grid values, and a discrete cosine transform brings R_m back to
//! harmonics. The grid is refined until the cosine coefficients of every g⁽ⁿ⁾(a cos τ) have
//! decayed below the working precision: the sine is then exact (its coefficients are the
//! Jacobi–Anger Bessel values to that precision), never a truncated Taylor polynomial.

use rug::Float;

use crate::expr::Expr;
use crate::expr::diff::diff;
use crate::math_error::MathError;
use crate::numeric::eval::eval;

type Result<T> = std::result::Result<T, MathError>;

/// A polynomial in ħ (index = power) with MPFR coefficients.
#[derive(Debug, Clone, Default)]
pub struct HPoly(pub Vec<Float>);

impl HPoly {
    fn constant(c: Float) -> HPoly {
        HPoly(vec![c])
    }
    /// The value at ħ = h (Horner).
    pub fn at(&self, h: &Float) -> Float {
        let mut acc = Float::new(h.prec());
        for c in self.0.iter().rev() {
            acc *= h;
            acc += c;
        }
        acc
    }
    /// The value and the first two derivatives at ħ = h.
    pub fn derivatives_at(&self, h: &Float) -> [Float; 3] {
        let prec = h.prec();
        let (mut v, mut d1, mut d2) = (Float::new(prec), Float::new(prec), Float::new(prec));
        for c in self.0.iter().rev() {
            d2 *= h;
            d2 += Float::with_val(prec, &d1 * 2u32);
            d1 *= h;
            d1 += &v;
            v *= h;
            v += c;
        }
        [v, d1, d2]
    }
    /// self += s·a.
    fn add_scaled(&mut self, a: &HPoly, s: &Float) {
        if self.0.len() < a.0.len() {
            self.0.resize(a.0.len(), Float::new(s.prec()));
        }
        for (o, c) in self.0.iter_mut().zip(&a.0) {
            *o += Float::with_val(s.prec(), c * s);
        }
    }
    /// self += a·b.
    fn add_product(&mut self, a: &HPoly, b: &HPoly, prec: u32) {
        if a.0.is_empty() || b.0.is_empty() {
            return;
        }
        let len = a.0.len() + b.0.len() - 1;
        if self.0.len() < len {
            self.0.resize(len, Float::new(prec));
        }
        for (i, x) in a.0.iter().enumerate() {
            for (j, y) in b.0.iter().enumerate() {
                self.0[i + j] += Float::with_val(prec, x * y);
            }
        }
    }
    /// ħ·self.
    fn times_hbar(&self, prec: u32) -> HPoly {
        if self.0.is_empty() {
            return HPoly::default();
        }
        let mut out = vec![Float::new(prec)];
        out.extend(self.0.iter().cloned());
        HPoly(out)
    }
    fn scaled(&self, s: &Float) -> HPoly {
        HPoly(
            self.0
                .iter()
                .map(|c| Float::with_val(s.prec(), c * s))
                .collect(),
        )
    }
}

/// Cosine transforms on the grid τ_j = πj/n, j = 0..=n (even functions on [0, π]).
#[derive(Debug)]
struct Grid {
    n: usize,
    prec: u32,
    /// cos(πi/n), i = 0..2n: cos(kτ_j) is `table[(k·j) mod 2n]`.
    table: Vec<Float>,
}

impl Grid {
    fn new(n: usize, prec: u32) -> Grid {
        let pi = Float::with_val(prec, rug::float::Constant::Pi);
        let table = (0..2 * n)
            .map(|i| (Float::with_val(prec, &pi * i as u32) / n as u32).cos())
            .collect();
        Grid { n, prec, table }
    }
    fn cos(&self, k: usize, j: usize) -> &Float {
        &self.table[(k * j) % (2 * self.n)]
    }
    /// Grid values of Σ_k c_k cos(kτ).
    fn values(&self, coeffs: &[HPoly]) -> Vec<HPoly> {
        (0..=self.n)
            .map(|j| {
                let mut v = HPoly::default();
                for (k, c) in coeffs.iter().enumerate() {
                    v.add_scaled(c, self.cos(k, j));
                }
                v
            })
            .collect()
    }
    /// The cosine coefficients c_0 … c_n of the grid values (DCT-I; exact for cosine
    /// polynomials of degree ≤ n).
    fn coefficients(&self, values: &[HPoly]) -> Vec<HPoly> {
        let n = self.n;
        let half = Float::with_val(self.prec, 0.5);
        (0..=n)
            .map(|k| {
                let mut c = HPoly::default();
                for (j, v) in values.iter().enumerate() {
                    let mut w = Float::with_val(self.prec, self.cos(k, j) * 2u32) / n as u32;
                    if j == 0 || j == n {
                        w *= &half;
                    }
                    if k == 0 || k == n {
                        w *= &half;
                    }
                    c.add_scaled(v, &w);
                }
                c
            })
            .collect()
    }
    fn scalar_coefficients(&self, values: &[Float]) -> Vec<Float> {
        let lifted: Vec<HPoly> = values.iter().cloned().map(HPoly::constant).collect();
        self.coefficients(&lifted)
            .into_iter()
            .map(|c| {
                c.0.into_iter()
                    .next()
                    .unwrap_or_else(|| Float::new(self.prec))
            })
            .collect()
    }
    /// The mean over a period of an even function from its grid values (trapezoid rule).
    fn mean(&self, values: &[Float]) -> Float {
        let mut sum = Float::new(self.prec);
        for (j, v) in values.iter().enumerate() {
            if j == 0 || j == self.n {
                sum += Float::with_val(self.prec, v / 2u32);
            } else {
                sum += v;
            }
        }
        sum / self.n as u32
    }
    /// The mean of f² over a period from grid values of an even f (trapezoid rule: exact
    /// for cosine polynomials f² of degree < 2n).
    fn mean_square(&self, values: &[Float]) -> Float {
        let mut sum = Float::new(self.prec);
        for (j, v) in values.iter().enumerate() {
            let sq = Float::with_val(self.prec, v * v);
            if j == 0 || j == self.n {
                sum += sq / 2u32;
            } else {
                sum += sq;
            }
        }
        sum / self.n as u32
    }
}

/// The residual-optimal ħ of one order.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub hbar: Float,
    /// The mean square residual there.
    pub residual: Float,
    /// Inside the search interval (not at an end).
    pub inside: bool,
    /// E' changes sign across ħ ± δ (δ ≈ 2^(10 − prec/2)) and E'' > 0: a local minimum.
    pub certified: bool,
}

/// The homotopy series of one oscillator to some order, ħ symbolic.
#[derive(Debug)]
pub struct Ham {
    g: Expr,
    /// g' and g'' (for the derivatives of the residual in ħ).
    slopes: [Expr; 2],
    var: String,
    pub amplitude: Float,
    /// g'(0) = ω0², the small-swing frequency squared.
    pub stiffness: Float,
    /// λ_0 … λ_(M−1): ω² = Σ λ_k at order M.
    pub lambdas: Vec<HPoly>,
    /// u_0 … u_M as cosine coefficients.
    pub orders: Vec<Vec<HPoly>>,
    /// Harmonics kept (the grid resolves twice as many).
    pub harmonics: usize,
    /// The largest cosine coefficient left out (the aliasing tail of the grid), relative to
    /// the amplitude, bounded over |ħ| ≤ max(1, the bound asked for): the truncation error.
    pub truncation: f64,
    grid: Grid,
}

/// Largest grid (points per half period; the transforms cost its square): 256 harmonics, far
/// more than an analytic g needs (the pendulum at 0.99π needs about 60).
const MAX_GRID: usize = 512;

/// HAM to `order` for the zero form x'' + g(x) (g given in `var`) from x(0) = `amplitude`.
/// `hbar_bound`: the largest |ħ| of interest (the harmonics left out are bounded over it).
pub fn ham(
    g: &Expr,
    var: &str,
    amplitude: &Float,
    order: usize,
    prec: u32,
    hbar_bound: f64,
) -> Result<Ham> {
    if amplitude.is_zero() {
        return Err(MathError::Domain(
            "the amplitude is 0: the oscillator rests at x = 0 and there is no period to find"
                .into(),
        ));
    }
    let a = Float::with_val(prec, amplitude);
    // g⁽ⁿ⁾/n!, n < order (order m needs [q^(m−1)], so derivatives up to m − 1).
    let mut derivatives = vec![g.clone()];
    for n in 1..order.max(1) {
        crate::interrupt::check()?;
        let next = diff(&derivatives[n - 1], var)?;
        derivatives.push(next);
    }
    let point = |x: &Float| [(var, x.clone())];
    let value = |e: &Expr, x: &Float| -> Result<Float> {
        eval(e, &point(x)[..], &Float::new(prec)).map_err(|err| {
            MathError::Domain(format!(
                "{e} cannot be evaluated at {var} = {} ({err}): homotopy analysis needs g analytic on [-a, a]",
                x.to_f64()
            ))
        })
    };
    let stiffness = value(&diff(g, var)?, &Float::new(prec))?;
    // The grid: doubled until the coefficients of every g⁽ⁿ⁾(a cos τ)/n! have decayed, and
    // then until the harmonics the orders need (they grow with the order) are resolved too.
    let tolerance = Float::with_val(prec, Float::i_exp(1, 64 - prec as i32));
    let mut n = 16;
    let mut resolved_at: Option<usize> = None;
    loop {
        crate::interrupt::check()?;
        let grid = Grid::new(n, prec);
        let mut samples: Vec<Vec<Float>> = Vec::new();
        let mut factorial = Float::with_val(prec, 1);
        let mut resolved = true;
        for (k, d) in derivatives.iter().enumerate() {
            if k > 0 {
                factorial *= k as u32;
            }
            let values = (0..=n)
                .map(|j| {
                    let x = Float::with_val(prec, &a * grid.cos(1, j));
                    Ok(value(d, &x)? / &factorial)
                })
                .collect::<Result<Vec<Float>>>()?;
            let c = grid.scalar_coefficients(&values);
            let largest = c
                .iter()
                .map(|x| x.clone().abs())
                .fold(Float::with_val(prec, 1), |m, x| m.max(&x));
            let tail = c[n / 2..]
                .iter()
                .map(|x| x.clone().abs())
                .fold(Float::new(prec), |m, x| m.max(&x));
            if tail > Float::with_val(prec, &largest * &tolerance) {
                resolved = false;
            }
            samples.push(values);
        }
        if resolved {
            // The harmonics the orders add (bounded over |ħ| ≤ hbar_bound) may ask for a finer
            // grid; at most two doublings beyond what g needs, then the truncation is reported.
            let first = *resolved_at.get_or_insert(n);
            let ham = deform(
                g,
                var,
                &a,
                stiffness.clone(),
                grid,
                &samples,
                order,
                hbar_bound,
            )?;
            if ham.truncation <= tolerance.to_f64() || n >= MAX_GRID || n >= 4 * first {
                return Ok(ham);
            }
        } else if n >= MAX_GRID {
            return Err(MathError::Domain(format!(
                "the Fourier series of g(a cos τ) (g = {g}) does not converge within {} harmonics: g is not analytic enough on [-a, a] for homotopy analysis",
                MAX_GRID / 2
            )));
        }
        n *= 2;
    }
}

/// The orders 1 … `order` on one grid, from the grid values of g⁽ⁿ⁾(a cos τ)/n!.
#[allow(clippy::too_many_arguments)]
fn deform(
    g: &Expr,
    var: &str,
    a: &Float,
    stiffness: Float,
    grid: Grid,
    samples: &[Vec<Float>],
    order: usize,
    hbar_bound: f64,
) -> Result<Ham> {
    let prec = a.prec();
    let n = grid.n;
    let harmonics = n / 2;
    let bound = Float::with_val(prec, hbar_bound.max(1.0));
    // Σ |c_k| s^k: the largest |p(ħ)| for |ħ| ≤ s.
    let size = |p: &HPoly| {
        let mut acc = Float::new(prec);
        for c in p.0.iter().rev() {
            acc *= &bound;
            acc += c.clone().abs();
        }
        acc
    };
    let mut u0 = vec![HPoly::default(); 2];
    u0[1] = HPoly::constant(a.clone());
    let mut orders: Vec<Vec<HPoly>> = vec![u0];
    let mut values: Vec<Vec<HPoly>> = vec![grid.values(&orders[0])];
    // powers[e][s][j] = [q^s] w^e at grid point j, w = Σ_(k≥1) u_k q^k.
    let mut powers: Vec<Vec<Vec<HPoly>>> = vec![Vec::new()];
    let mut lambdas: Vec<HPoly> = Vec::new();
    let minus_one = Float::with_val(prec, -1);
    let mut truncation = Float::new(prec);
    for m in 1..=order {
        crate::interrupt::check()?;
        let s = m - 1;
        // [q^s] g(φ) on the grid.
        let nonlinear: Vec<HPoly> = if s == 0 {
            samples[0].iter().cloned().map(HPoly::constant).collect()
        } else {
            powers.push(Vec::new());
            for e in 1..=s {
                let mut at_s = vec![HPoly::default(); n + 1];
                if e == 1 {
                    at_s = values[s].clone();
                } else {
                    for i in 1..=s + 1 - e {
                        for (j, out) in at_s.iter_mut().enumerate() {
                            out.add_product(&values[i][j], &powers[e - 1][s - i][j], prec);
                        }
                    }
                }
                let row = &mut powers[e];
                row.resize(s, vec![HPoly::default(); n + 1]);
                row.push(at_s);
            }
            (0..=n)
                .map(|j| {
                    let mut v = HPoly::default();
                    for e in 1..=s {
                        v.add_scaled(&powers[e][s][j], &samples[e][j]);
                    }
                    v
                })
                .collect()
        };
        let all = grid.coefficients(&nonlinear);
        for c in &all[harmonics + 1..] {
            truncation = truncation.max(&size(c));
        }
        let mut r: Vec<HPoly> = all.into_iter().take(harmonics + 1).collect();
        // + Σ_(i=0)^(m−2) λ_i u_(m−1−i)''.
        for (i, lambda) in lambdas.iter().enumerate() {
            for (k, c) in orders[m - 1 - i].iter().enumerate() {
                let mut product = HPoly::default();
                product.add_product(lambda, c, prec);
                r[k].add_scaled(&product, &Float::with_val(prec, -((k * k) as i64)));
            }
        }
        // The cos τ term: r_1 − a λ_(m−1) = 0.
        let lambda = r[1].scaled(&Float::with_val(prec, a.recip_ref()));
        r[1] = HPoly::default();
        lambdas.push(lambda);
        // u_m = χ_m u_(m−1) + ħ L⁻¹ R_m + C cos τ with u_m(0) = 0.
        let mut u: Vec<HPoly> = if m >= 2 {
            orders[m - 1].clone()
        } else {
            vec![HPoly::default(); harmonics + 1]
        };
        u.resize(harmonics + 1, HPoly::default());
        let mut at_zero = HPoly::default();
        let one = Float::with_val(prec, 1);
        for (k, rk) in r.iter().enumerate() {
            if k == 1 || rk.0.is_empty() {
                continue;
            }
            let v = rk
                .times_hbar(prec)
                .scaled(&Float::with_val(prec, 1 - (k * k) as i64).recip());
            u[k].add_scaled(&v, &one);
            at_zero.add_scaled(&v, &one);
        }
        u[1].add_scaled(&at_zero, &minus_one);
        values.push(grid.values(&u));
        orders.push(u);
    }
    let first = diff(g, var)?;
    let second = diff(&first, var)?;
    Ok(Ham {
        g: g.clone(),
        slopes: [first, second],
        var: var.to_string(),
        amplitude: a.clone(),
        stiffness,
        lambdas,
        orders,
        harmonics,
        truncation: (truncation / a.clone().abs()).to_f64(),
        grid,
    })
}

impl Ham {
    pub fn order(&self) -> usize {
        self.lambdas.len()
    }
    /// ω² at order m (1 ≤ m ≤ order) as a polynomial in ħ.
    pub fn frequency_squared(&self, m: usize) -> HPoly {
        let prec = self.amplitude.prec();
        let mut sum = HPoly::default();
        for l in &self.lambdas[..m] {
            sum.add_scaled(l, &Float::with_val(prec, 1));
        }
        sum
    }
    /// T/T0 = ω0/ω at order m and ħ = h; `None` where ω² ≤ 0 (no oscillation at that ħ).
    pub fn period_ratio(&self, m: usize, h: &Float) -> Option<Float> {
        let w2 = self.frequency_squared(m).at(h);
        (w2 > 0).then(|| Float::with_val(h.prec(), &self.stiffness / w2).sqrt())
    }
    /// The mean square over a period of the governing equation's residual Λu'' + g(u) for the
    /// order-m approximation u = u_0 + … + u_m, Λ = λ_0 + … + λ_(m−1), at ħ = h.
    pub fn residual(&self, m: usize, h: &Float) -> Result<Float> {
        Ok(self.residual_derivatives(m, h, 0)?[0].clone())
    }
    /// E(ħ) and, up to `order` (≤ 2), its exact derivatives in ħ: the coefficients are
    /// polynomials in ħ (differentiated exactly) and g', g'' come from symbolic
    /// differentiation. E' = mean 2 r r', E'' = mean 2 (r'² + r r'').
    pub fn residual_derivatives(&self, m: usize, h: &Float, order: usize) -> Result<[Float; 3]> {
        let prec = self.amplitude.prec();
        let zero = || Float::new(prec);
        // Λ, Λ', Λ'' and, per derivative order, the cosine coefficients of u and u''.
        let lambda = self.frequency_squared(m).derivatives_at(h);
        let mut c = vec![vec![zero(); self.harmonics + 1]; 3];
        for u in &self.orders[..=m] {
            for (k, p) in u.iter().enumerate() {
                for (d, v) in p.derivatives_at(h).into_iter().enumerate() {
                    c[d][k] += v;
                }
            }
        }
        let lift = |v: &[Float]| -> Vec<HPoly> { v.iter().cloned().map(HPoly::constant).collect() };
        let first = |p: HPoly| p.0.into_iter().next().unwrap_or_else(zero);
        let mut u = Vec::new();
        let mut u2 = Vec::new();
        for cd in c.iter().take(order + 1) {
            let second: Vec<Float> = cd
                .iter()
                .enumerate()
                .map(|(k, x)| Float::with_val(prec, x * (k * k) as u32) * -1i32)
                .collect();
            u.push(
                self.grid
                    .values(&lift(cd))
                    .into_iter()
                    .map(first)
                    .collect::<Vec<_>>(),
            );
            u2.push(
                self.grid
                    .values(&lift(&second))
                    .into_iter()
                    .map(first)
                    .collect::<Vec<_>>(),
            );
        }
        let g = |e: &Expr, x: &Float| eval(e, &[(self.var.as_str(), x.clone())][..], &zero());
        let (mut r, mut r1, mut r2) = (Vec::new(), Vec::new(), Vec::new());
        for j in 0..u[0].len() {
            let x = &u[0][j];
            r.push(Float::with_val(prec, &lambda[0] * &u2[0][j]) + g(&self.g, x)?);
            if order >= 1 {
                let g1 = g(&self.slopes[0], x)?;
                r1.push(
                    Float::with_val(prec, &lambda[1] * &u2[0][j])
                        + Float::with_val(prec, &lambda[0] * &u2[1][j])
                        + Float::with_val(prec, &g1 * &u[1][j]),
                );
                if order >= 2 {
                    let g2 = g(&self.slopes[1], x)?;
                    r2.push(
                        Float::with_val(prec, &lambda[2] * &u2[0][j])
                            + Float::with_val(prec, &lambda[1] * &u2[1][j]) * 2u32
                            + Float::with_val(prec, &lambda[0] * &u2[2][j])
                            + Float::with_val(prec, &g2 * &u[1][j]) * &u[1][j]
                            + Float::with_val(prec, &g1 * &u[2][j]),
                    );
                }
            }
        }
        let e = self.grid.mean_square(&r);
        let mean_product = |a: &[Float], b: &[Float]| -> Float {
            let products: Vec<Float> = a
                .iter()
                .zip(b)
                .map(|(x, y)| Float::with_val(prec, x * y))
                .collect();
            // mean of a·b = (mean_square(a + b) − mean_square(a − b))/4 would lose digits; sum
            // directly with the same trapezoid weights.
            self.grid.mean(&products)
        };
        let e1 = if order >= 1 {
            mean_product(&r, &r1) * 2u32
        } else {
            zero()
        };
        let e2 = if order >= 2 {
            (mean_product(&r1, &r1) + mean_product(&r, &r2)) * 2u32
        } else {
            zero()
        };
        Ok([e, e1, e2])
    }
    /// The ħ in [lo, hi] minimising the squared residual at order m: the smallest value on a
    /// grid of the interval, then Newton's method on E'(ħ) = 0 with the exact E'' (kept in the
    /// grid cell), and a check that it is a minimum: E' changes sign across ħ ± δ and E'' > 0.
    pub fn optimal_hbar(&self, m: usize, lo: f64, hi: f64) -> Result<Optimum> {
        let prec = self.amplitude.prec();
        const STEPS: usize = 24;
        let at = |t: f64| Float::with_val(prec, t);
        let mut best = (0usize, Float::with_val(prec, f64::INFINITY));
        for i in 0..=STEPS {
            crate::interrupt::check()?;
            let h = lo + (hi - lo) * i as f64 / STEPS as f64;
            let e = self.residual(m, &at(h))?;
            if e.is_finite() && e < best.1 {
                best = (i, e);
            }
        }
        let step = (hi - lo) / STEPS as f64;
        let inside = best.0 > 0 && best.0 < STEPS;
        let centre = lo + step * best.0 as f64;
        let (mut a, mut b) = (at((centre - step).max(lo)), at((centre + step).min(hi)));
        let mut h = at(centre);
        let target = Float::with_val(prec, Float::i_exp(1, -(prec as i32) / 2));
        for _ in 0..100 {
            crate::interrupt::check()?;
            let [_, d1, d2] = self.residual_derivatives(m, &h, 2)?;
            if d1 > 0 {
                b = h.clone();
            } else {
                a = h.clone();
            }
            let newton =
                (d2 > 0).then(|| Float::with_val(prec, &h - Float::with_val(prec, &d1 / &d2)));
            let next = match newton {
                Some(n) if n > a && n < b => n,
                _ => Float::with_val(prec, &a + &b) / 2u32,
            };
            let moved = Float::with_val(prec, &next - &h).abs();
            h = next;
            if moved <= Float::with_val(prec, &target * (Float::with_val(prec, h.abs_ref()) + 1u32))
            {
                break;
            }
        }
        let delta =
            Float::with_val(prec, &target * (Float::with_val(prec, h.abs_ref()) + 1u32)) * 1024u32;
        let below =
            self.residual_derivatives(m, &Float::with_val(prec, &h - &delta), 1)?[1].clone();
        let above =
            self.residual_derivatives(m, &Float::with_val(prec, &h + &delta), 1)?[1].clone();
        let [e, _, curvature] = self.residual_derivatives(m, &h, 2)?;
        Ok(Optimum {
            certified: inside && below < 0 && above > 0 && curvature > 0,
            hbar: h,
            residual: e,
            inside,
        })
    }
}

/// Homotopy analysis with exact coefficients, for a polynomial g: the cosine harmonics of
/// every u_m and each λ_k are expressions in the amplitude, the parameters of g and ħ (the
/// symbol `hbar`), exact rationals when those are numbers. The same deformation equations as
/// [`ham`], with g(φ) = Σ c_e φ^e expanded exactly in powers of q.
#[derive(Debug, Clone)]
pub struct ExactHam {
    /// λ_0 … λ_(M−1): ω² = Σ λ_k at order M.
    pub lambdas: Vec<Expr>,
    /// u_0 … u_M as cosine coefficients.
    pub orders: Vec<Vec<Expr>>,
}

/// The symbol of ħ in exact results.
pub const HBAR: &str = "hbar";

/// Σ_k a_k cos(kτ) · Σ_l b_l cos(lτ), coefficients expanded.
fn cosine_product(a: &[Expr], b: &[Expr]) -> Result<Vec<Expr>> {
    let mut out = vec![Vec::new(); a.len() + b.len()];
    for (i, x) in a.iter().enumerate() {
        if x.is_zero() {
            continue;
        }
        for (j, y) in b.iter().enumerate() {
            if y.is_zero() {
                continue;
            }
            // cos(iτ)cos(jτ) = (cos((i + j)τ) + cos((i − j)τ))/2.
            let half = crate::expr::canon::div(
                crate::expr::canon::mul2(x.clone(), y.clone())?,
                Expr::int(2),
            )?;
            out[i + j].push(half.clone());
            out[i.abs_diff(j)].push(half);
        }
    }
    out.into_iter()
        .map(|terms| crate::expr::subst::expand(&crate::expr::canon::add(terms)?))
        .collect()
}

/// a + s·b, coefficients expanded.
fn cosine_add(a: &[Expr], b: &[Expr], s: &Expr) -> Result<Vec<Expr>> {
    let n = a.len().max(b.len());
    (0..n)
        .map(|k| {
            let x = a.get(k).cloned().unwrap_or_else(Expr::zero);
            let y = b.get(k).cloned().unwrap_or_else(Expr::zero);
            crate::expr::subst::expand(&crate::expr::canon::add2(
                x,
                crate::expr::canon::mul2(s.clone(), y)?,
            )?)
        })
        .collect()
}

/// HAM to `order` for x'' + g(x) = 0, g a polynomial in `var`, from x(0) = `amplitude`.
pub fn exact_ham(g: &Expr, var: &str, amplitude: &Expr, order: usize) -> Result<ExactHam> {
    use crate::expr::canon;
    use crate::expr::subst::{divide, expand};
    if amplitude.is_zero() {
        return Err(MathError::Domain(
            "the amplitude is 0: the oscillator rests at x = 0 and there is no period to find"
                .into(),
        ));
    }
    let coefficients = crate::poly::symbolic_coefficients(g, var)?;
    let hbar = Expr::sym(HBAR);
    let mut orders: Vec<Vec<Expr>> = vec![vec![Expr::zero(), amplitude.clone()]];
    // powers[e][s] = [q^s] φ^e (cosine coefficients), φ = Σ u_k q^k, filled as orders arrive.
    let mut powers: Vec<Vec<Vec<Expr>>> = vec![Vec::new(); coefficients.len()];
    let mut lambdas: Vec<Expr> = Vec::new();
    for m in 1..=order {
        crate::interrupt::check()?;
        let s = m - 1;
        // [q^s] φ^e for every e, by φ^e = φ · φ^(e−1).
        let mut nonlinear: Vec<Expr> = Vec::new();
        for e in 0..coefficients.len() {
            let value = match e {
                0 => {
                    if s == 0 {
                        vec![Expr::one()]
                    } else {
                        Vec::new()
                    }
                }
                1 => orders[s].clone(),
                _ => {
                    let mut sum: Vec<Expr> = Vec::new();
                    for i in 0..=s {
                        let product = cosine_product(&orders[i], &powers[e - 1][s - i])?;
                        sum = cosine_add(&sum, &product, &Expr::one())?;
                    }
                    sum
                }
            };
            powers[e].push(value.clone());
            if !coefficients[e].is_zero() {
                nonlinear = cosine_add(&nonlinear, &value, &coefficients[e])?;
            }
        }
        let mut r = nonlinear;
        // + Σ_(i=0)^(m−2) λ_i u_(m−1−i)''.
        for (i, lambda) in lambdas.iter().enumerate() {
            let second: Vec<Expr> = orders[m - 1 - i]
                .iter()
                .enumerate()
                .map(|(k, c)| canon::mul2(Expr::int(-((k * k) as i64)), c.clone()))
                .collect::<Result<_>>()?;
            r = cosine_add(&r, &second, lambda)?;
        }
        r.resize(r.len().max(2), Expr::zero());
        // The cos τ term r_1 − a λ_(m−1) vanishes.
        let lambda = expand(&divide(&r[1], amplitude)?)?;
        r[1] = Expr::zero();
        lambdas.push(lambda);
        let mut u: Vec<Expr> = if m >= 2 {
            orders[m - 1].clone()
        } else {
            Vec::new()
        };
        u.resize(r.len().max(u.len()), Expr::zero());
        let mut at_zero = Vec::new();
        for (k, rk) in r.iter().enumerate() {
            if k == 1 || rk.is_zero() {
                continue;
            }
            let v = canon::div(
                canon::mul2(hbar.clone(), rk.clone())?,
                Expr::int(1 - (k * k) as i64),
            )?;
            at_zero.push(v.clone());
            u[k] = expand(&canon::add2(u[k].clone(), v)?)?;
        }
        u[1] = expand(&canon::sub(u[1].clone(), canon::add(at_zero)?)?)?;
        while u.last().is_some_and(Expr::is_zero) {
            u.pop();
        }
        orders.push(u);
    }
    Ok(ExactHam { lambdas, orders })
}
