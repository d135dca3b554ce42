//! Smoothing by convolution with an approximate identity (MATH.md §4): f_s = f * φ,
//! f_s(x) = ∫ f(x − y) φ(y) dy, for the kernels gaussian(s), logistic(t), cauchy(a) and
//! uniform(w). A closed form is derived for sums of constant multiples of relu, heaviside,
//! sign, abs and floor of x − c and of polynomials in x (convolution is linear and commutes
//! with shifts; the table below holds the convolutions of the basic pieces), and every result
//! is checked against double-exponential quadrature of the defining integral, split at the
//! kinks and jumps of f, at sample points. Integrals that do not converge (a Cauchy kernel has
//! no first moment, so relu * cauchy is infinite) are reported as divergent, never as numbers.

use rug::Float;

use crate::expr::canon::{add, add2, div, mul, mul2, neg, pow, powi, sub};
use crate::expr::subst::subs;
use crate::expr::{Constant, Expr, Node, Number};
use crate::functions::{apply, apply1};
use crate::math_error::MathError;
use crate::numeric::eval::eval;
use crate::numeric::quad::{self, Domain};

type Result<T> = std::result::Result<T, MathError>;

/// The smoothing kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelKind {
    /// N(0, s²): e^(−y²/2s²)/(s√(2π)).
    Gaussian,
    /// t·e^(ty)/(1 + e^(ty))² = t·σ(ty)σ(−ty).
    Logistic,
    /// a/(π(y² + a²)): no mean, no variance.
    Cauchy,
    /// 1/w on [−w/2, w/2].
    Uniform,
}

impl KernelKind {
    pub fn from_name(name: &str) -> Option<KernelKind> {
        Some(match name {
            "gaussian" => KernelKind::Gaussian,
            "logistic" => KernelKind::Logistic,
            "cauchy" => KernelKind::Cauchy,
            "uniform" => KernelKind::Uniform,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            KernelKind::Gaussian => "gaussian",
            KernelKind::Logistic => "logistic",
            KernelKind::Cauchy => "cauchy",
            KernelKind::Uniform => "uniform",
        }
    }
}

/// A kernel and its width parameter.
#[derive(Debug, Clone)]
pub struct Kernel {
    pub kind: KernelKind,
    pub width: Expr,
}

fn half() -> Expr {
    Expr::rational(1, 2)
}
fn sqrt(e: Expr) -> Result<Expr> {
    pow(e, half())
}

impl Kernel {
    /// The density φ(y).
    pub fn density(&self, y: &Expr) -> Result<Expr> {
        let w = self.width.clone();
        match self.kind {
            KernelKind::Gaussian => div(
                apply1(
                    "exp",
                    &neg(div(
                        powi(y.clone(), 2)?,
                        mul2(Expr::int(2), powi(w.clone(), 2)?)?,
                    )?)?,
                )?,
                mul2(w, sqrt(mul2(Expr::int(2), Expr::constant(Constant::Pi))?)?)?,
            ),
            KernelKind::Logistic => {
                let ty = mul2(w.clone(), y.clone())?;
                mul(vec![
                    w,
                    apply1("sigmoid", &ty)?,
                    apply1("sigmoid", &neg(ty)?)?,
                ])
            }
            KernelKind::Cauchy => div(
                w.clone(),
                mul2(
                    Expr::constant(Constant::Pi),
                    add2(powi(y.clone(), 2)?, powi(w, 2)?)?,
                )?,
            ),
            KernelKind::Uniform => div(Expr::one(), w),
        }
    }
    /// The CDF ∫_{−∞}^{y} φ, the convolution of heaviside.
    fn cdf(&self, y: &Expr) -> Result<Expr> {
        let w = self.width.clone();
        match self.kind {
            KernelKind::Gaussian => apply1("Phi", &div(y.clone(), w)?),
            KernelKind::Logistic => apply1("sigmoid", &mul2(w, y.clone())?),
            KernelKind::Cauchy => add2(
                half(),
                div(
                    apply1("atan", &div(y.clone(), w)?)?,
                    Expr::constant(Constant::Pi),
                )?,
            ),
            // (relu(y + w/2) − relu(y − w/2))/w.
            KernelKind::Uniform => {
                let h = div(w.clone(), Expr::int(2))?;
                div(
                    sub(
                        apply1("relu", &add2(y.clone(), h.clone())?)?,
                        apply1("relu", &sub(y.clone(), h)?)?,
                    )?,
                    w,
                )
            }
        }
    }
    /// relu * φ: ∫_{−∞}^{y} CDF.
    fn relu(&self, y: &Expr) -> Result<Expr> {
        let w = self.width.clone();
        match self.kind {
            // y Φ(y/s) + s φ(y/s).
            KernelKind::Gaussian => {
                let z = div(y.clone(), w.clone())?;
                add2(
                    mul2(y.clone(), apply1("Phi", &z)?)?,
                    mul2(
                        w,
                        div(
                            apply1("exp", &neg(div(powi(z, 2)?, Expr::int(2))?)?)?,
                            sqrt(mul2(Expr::int(2), Expr::constant(Constant::Pi))?)?,
                        )?,
                    )?,
                )
            }
            KernelKind::Logistic => div(apply1("softplus", &mul2(w.clone(), y.clone())?)?, w),
            KernelKind::Cauchy => Err(diverges("relu", self)),
            // (relu(y + w/2)² − relu(y − w/2)²)/(2w).
            KernelKind::Uniform => {
                let h = div(w.clone(), Expr::int(2))?;
                div(
                    sub(
                        powi(apply1("relu", &add2(y.clone(), h.clone())?)?, 2)?,
                        powi(apply1("relu", &sub(y.clone(), h)?)?, 2)?,
                    )?,
                    mul2(Expr::int(2), w)?,
                )
            }
        }
    }
    /// x^k * φ = Σ_j C(k, j) x^(k−j) m_j with the kernel's moments m_j (odd ones 0).
    fn power(&self, x: &Expr, k: i64) -> Result<Expr> {
        if self.kind == KernelKind::Cauchy {
            return Err(diverges(&format!("x^{k}"), self));
        }
        let mut terms = Vec::new();
        let mut binomial = rug::Integer::from(1);
        for j in 0..=k {
            if j > 0 {
                binomial = binomial * rug::Integer::from(k - j + 1) / rug::Integer::from(j);
            }
            if j % 2 == 1 {
                continue;
            }
            let moment = self.moment(j)?;
            terms.push(mul(vec![
                Expr::num(Number::Exact(rug::Rational::from(binomial.clone()))),
                powi(x.clone(), k - j)?,
                moment,
            ])?);
        }
        add(terms)
    }
    /// The even moment ∫ y^j φ(y) dy.
    fn moment(&self, j: i64) -> Result<Expr> {
        if j == 0 {
            return Ok(Expr::one());
        }
        let w = self.width.clone();
        let double_factorial = |n: i64| (1..=n).rev().step_by(2).product::<i64>();
        match self.kind {
            // s^j (j − 1)!!.
            KernelKind::Gaussian => mul2(Expr::int(double_factorial(j - 1)), powi(w, j)?),
            // (w/2)^j/(j + 1).
            KernelKind::Uniform => div(powi(div(w, Expr::int(2))?, j)?, Expr::int(j + 1)),
            // E[Y²] = π²/(3t²); higher moments through the Bernoulli numbers are not tabled.
            KernelKind::Logistic if j == 2 => div(
                powi(Expr::constant(Constant::Pi), 2)?,
                mul2(Expr::int(3), powi(w, 2)?)?,
            ),
            KernelKind::Logistic => Err(MathError::Domain(format!(
                "moments of the logistic kernel beyond the second are not tabled (x^{j} needs E[Y^{j}])"
            ))),
            KernelKind::Cauchy => Err(diverges(&format!("x^{j}"), self)),
        }
    }
}

fn diverges(what: &str, k: &Kernel) -> MathError {
    MathError::Domain(format!(
        "{what} * {}({}) diverges: the Cauchy kernel has no mean (its tails fall like 1/y^2, so ∫ |y| φ(y) dy is infinite) and {what} grows at least linearly",
        k.kind.name(),
        k.width
    ))
}

/// Where f jumps or has a kink: the shift c of each relu/heaviside/sign/abs(x − c), and for
/// floor the integers (only the count is known here; the quadrature splits at them).
#[derive(Debug, Clone, Default)]
pub struct Breaks {
    pub shifts: Vec<Expr>,
    pub floor: bool,
}

/// c of an argument x − c (the variable minus a constant).
fn shift_of(arg: &Expr, x: &str) -> Option<Expr> {
    let c = sub(Expr::sym(x), arg.clone()).ok()?;
    (!c.depends_on(x)).then_some(c)
}

/// f * φ in closed form, and where f breaks.
pub fn closed_form(f: &Expr, x: &str, kernel: &Kernel) -> Result<(Expr, Breaks)> {
    let mut breaks = Breaks::default();
    let terms: Vec<Expr> = match f.node() {
        Node::Add(t) => t.clone(),
        _ => vec![f.clone()],
    };
    let mut out = Vec::new();
    for term in terms {
        let (coefficient, rest) = term.split_coefficient();
        let (k, piece) = split_constant_factor(&rest, x);
        let smoothed = piece_convolution(&piece, x, kernel, &mut breaks)?;
        out.push(mul(vec![Expr::num(coefficient), k, smoothed])?);
    }
    Ok((add(out)?, breaks))
}

/// A product c·g with c free of x split off.
fn split_constant_factor(e: &Expr, x: &str) -> (Expr, Expr) {
    if let Node::Mul(factors) = e.node() {
        let (c, g): (Vec<Expr>, Vec<Expr>) =
            factors.iter().cloned().partition(|f| !f.depends_on(x));
        if let (Ok(c), Ok(g)) = (mul(c), mul(g)) {
            return (c, g);
        }
    }
    (Expr::one(), e.clone())
}

fn piece_convolution(g: &Expr, x: &str, k: &Kernel, breaks: &mut Breaks) -> Result<Expr> {
    let xs = Expr::sym(x);
    if !g.depends_on(x) {
        return Ok(g.clone());
    }
    if g.as_symbol() == Some(x) {
        return k.power(&xs, 1);
    }
    if let Node::Pow(base, exponent) = g.node()
        && base.as_symbol() == Some(x)
        && let Some(n) = exponent.as_number().and_then(Number::to_i64)
        && n > 0
    {
        return k.power(&xs, n);
    }
    let unsupported = || {
        MathError::Domain(format!(
            "no closed form for {g} * {}: derived ones are sums of constant multiples of relu, heaviside, sign, abs and floor of x - c and of powers of x (the quadrature alone: give at = x0)",
            k.kind.name()
        ))
    };
    let Node::Call(f, args) = g.node() else {
        return Err(unsupported());
    };
    let c = shift_of(&args[0], x).ok_or_else(unsupported)?;
    let y = sub(xs.clone(), c.clone())?;
    let result = match f.name() {
        "heaviside" => k.cdf(&y)?,
        // sign = 2H − 1.
        "sign" => sub(mul2(Expr::int(2), k.cdf(&y)?)?, Expr::one())?,
        "relu" => k.relu(&y)?,
        // |y| = 2 relu(y) − y, and y * φ = y (the kernels are symmetric).
        "abs" => {
            if k.kind == KernelKind::Cauchy {
                return Err(diverges("abs", k));
            }
            sub(mul2(Expr::int(2), k.relu(&y)?)?, y.clone())?
        }
        // floor = Σ_j [H(x − j) − H(j − x)]... smoothed: the shifted CDFs of softfloor.
        "floor" if c.is_zero() && k.kind == KernelKind::Gaussian => {
            breaks.floor = true;
            return apply("softfloor", vec![xs, k.width.clone()]);
        }
        _ => return Err(unsupported()),
    };
    breaks.shifts.push(c);
    Ok(result)
}

/// (f * φ)(x0) by quadrature of ∫ f(x0 − y) φ(y) dy, split at the breaks of f, and the sum of
/// the pieces' error estimates.
pub fn by_quadrature(
    f: &Expr,
    var: &str,
    kernel: &Kernel,
    breaks: &Breaks,
    x0: &Float,
) -> Result<(Float, Float)> {
    let prec = x0.prec();
    let proto = Float::new(prec);
    let width = eval(&kernel.width, &crate::numeric::eval::NoVars, &proto)?;
    if width <= 0 {
        return Err(MathError::Domain(format!(
            "the kernel width must be positive, got {}",
            width.to_f64()
        )));
    }
    let y = Expr::sym("y_conv");
    let integrand = mul2(
        subs(f, &[(var.to_string(), sub(Expr::sym(var), y.clone())?)])?,
        kernel.density(&y)?,
    )?;
    let digits = (f64::from(prec) * std::f64::consts::LOG10_2) as u32 + 4;
    let integrand = subs(
        &integrand,
        &[(
            var.to_string(),
            Expr::num(Number::approx(x0.clone(), digits)?),
        )],
    )?;
    // sqrt(2*pi) and the like once, not at every node.
    let integrand = crate::numeric::eval::fold_constants(&integrand, digits);
    // Breakpoints in y: y = x0 − c.
    let mut cuts: Vec<Float> = breaks
        .shifts
        .iter()
        .map(|c| {
            eval(c, &crate::numeric::eval::NoVars, &proto).map(|c| Float::with_val(prec, x0 - &c))
        })
        .collect::<Result<_>>()?;
    if breaks.floor {
        // Jumps further out than 14 widths weigh less than e^-98 and need no cut of their own.
        let reach = (width.to_f64() * 14.0).ceil() as i64 + 2;
        let centre = x0.to_f64().floor() as i64;
        for j in (centre - reach)..=(centre + reach) {
            cuts.push(Float::with_val(prec, x0 - Float::with_val(prec, j)));
        }
    }
    let (lo, hi) = match kernel.kind {
        KernelKind::Uniform => {
            let h = Float::with_val(prec, &width / 2u32);
            (Float::with_val(prec, -&h), h)
        }
        _ => (
            Float::with_val(prec, f64::NEG_INFINITY),
            Float::with_val(prec, f64::INFINITY),
        ),
    };
    cuts.retain(|c| *c > lo && *c < hi);
    cuts.sort_by(|a, b| a.total_cmp(b));
    cuts.dedup();
    let mut ends = vec![lo];
    ends.extend(cuts);
    ends.push(hi);
    let mut total = Float::new(prec);
    let mut error = Float::new(prec);
    for pair in ends.windows(2) {
        let q = quad::integrate(
            &Domain::from_ends(&pair[0], &pair[1]),
            prec,
            prec - 24,
            |t| eval(&integrand, &[("y_conv", t.clone())][..], &proto),
        )?;
        total += &q.value;
        error += &q.error;
    }
    Ok((total, error))
}

/// Refuse an integral that cannot converge: f growing at least linearly against the Cauchy
/// kernel (sampled growth exponent of |f| between 10^3 and 10^6).
pub fn check_convergence(f: &Expr, var: &str, kernel: &Kernel) -> Result<()> {
    if kernel.kind != KernelKind::Cauchy {
        return Ok(());
    }
    let at = |x: f64| -> Option<f64> {
        let v = eval(f, &[(var, Float::with_val(64, x))][..], &Float::new(64)).ok()?;
        Some(v.to_f64().abs())
    };
    for side in [1.0, -1.0] {
        if let (Some(a), Some(b)) = (at(side * 1e3), at(side * 1e6))
            && a > 0.0
            && b > 0.0
            && (b / a).log10() / 3.0 >= 0.99
        {
            return Err(diverges(&f.to_string(), kernel));
        }
    }
    Ok(())
}
