//! Root finding with symbolic derivatives: Newton and its relatives for one equation (real or
//! complex), brackets, multiple roots, all roots of a polynomial, systems, and any number of
//! certified digits.
//!
//! The derivative always comes from [`crate::expr::diff`], never from the user or from finite
//! differences. A root is only ever returned after its residual test passed; every failure is a
//! [`SolveError`] that carries the last iterate and says what went wrong.

pub mod bracket;
pub mod fractal;
pub mod newton;
pub mod one;
pub mod plane;
pub mod polynomial;
pub mod refine;
pub mod system;
pub mod system_certificate;

use rug::{Complex, Float};

use crate::expr::Expr;
use crate::expr::number::format_float;
use crate::limits;
use crate::math_error::MathError;
use crate::numeric::ball::Ball;
use crate::numeric::scalar::Scalar;

/// The iteration used for one equation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Newton,
    Halley,
    Secant,
    Brent,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Newton => "newton",
            Method::Halley => "halley",
            Method::Secant => "secant",
            Method::Brent => "brent",
        }
    }
    pub fn from_name(name: &str) -> Option<Method> {
        match name {
            "newton" => Some(Method::Newton),
            "halley" => Some(Method::Halley),
            "secant" => Some(Method::Secant),
            "brent" => Some(Method::Brent),
            _ => None,
        }
    }
}

/// Options of `solve`, with the defaults users get.
#[derive(Debug, Clone)]
pub struct Options {
    /// Significant digits wanted; `None` means double precision.
    pub digits: Option<u32>,
    /// Relative step size that counts as converged in the double-precision phase.
    pub tol: f64,
    pub maxiter: usize,
    pub method: Method,
    /// Record the iteration table.
    pub trace: bool,
    /// Backtrack when a full step increases |f|.
    pub damping: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            digits: None,
            tol: 1e-14,
            maxiter: 100,
            method: Method::Newton,
            trace: false,
            damping: true,
        }
    }
}

/// A root's value.
#[derive(Debug, Clone, PartialEq)]
pub enum RootValue {
    /// Verified exactly (`f(p/q) = 0` in exact arithmetic).
    Exact(Expr),
    Real(Float),
    Complex(Complex),
}

impl RootValue {
    /// Text with `digits` significant digits (by default [`refine::DEFAULT_DIGITS`]): the
    /// correctly rounded decimal whose last-digit interval the certificate encloses. (The
    /// shortest text of the nearest double, 2.0945514815423265, is a different number from
    /// the 17-digit rounding 2.0945514815423266 that is certified.)
    /// `z` as a value of this kind: its real part for a real root, else all of it.
    fn same_kind(&self, z: &Complex) -> RootValue {
        match self {
            RootValue::Real(_) => RootValue::Real(z.real().clone()),
            _ => RootValue::Complex(z.clone()),
        }
    }
    pub fn text(&self, digits: Option<u32>) -> String {
        let real = |x: &Float| format_float(x, digits.unwrap_or(refine::DEFAULT_DIGITS));
        match self {
            RootValue::Exact(e) => e.to_string(),
            RootValue::Real(x) => real(x),
            RootValue::Complex(z) => {
                if z.imag().is_zero() {
                    return real(z.real());
                }
                let im = z.imag();
                let sign = if im.is_sign_negative() { "-" } else { "+" };
                let magnitude = Float::with_val(im.prec(), im.abs_ref());
                let im_text = real(&magnitude);
                let i_part = if im_text == "1" {
                    "i".to_string()
                } else {
                    format!("{im_text}*i")
                };
                if z.real().is_zero() {
                    return format!("{}{i_part}", if im.is_sign_negative() { "-" } else { "" });
                }
                format!("{} {sign} {i_part}", real(z.real()))
            }
        }
    }
    pub fn to_f64(&self) -> f64 {
        match self {
            RootValue::Exact(e) => crate::numeric::eval::eval_f64(e).unwrap_or(f64::NAN),
            RootValue::Real(x) => x.to_f64(),
            RootValue::Complex(z) => z.real().to_f64(),
        }
    }
    pub fn imag_f64(&self) -> f64 {
        match self {
            RootValue::Complex(z) => z.imag().to_f64(),
            _ => 0.0,
        }
    }
}

/// Whether a root is proven, and how (or why not).
#[derive(Debug, Clone, PartialEq)]
pub enum Certificate {
    Certified(String),
    NotCertified(String),
}

/// The certificate of one root of `p` as printed with `digits` digits: exact roots are exact,
/// simple real roots get the Krawczyk test on the line, simple complex roots in the plane.
pub fn certify_root(
    p: &newton::Problem,
    value: &RootValue,
    multiplicity: u32,
    digits: u32,
) -> Certificate {
    let exact = |q: &dyn std::fmt::Display| {
        Certificate::Certified(format!("exact: f({q}) = 0 in exact arithmetic"))
    };
    match value {
        RootValue::Exact(e) => exact(e),
        // A simple fraction is checked exactly, whatever its multiplicity.
        _ if value.imag_f64() == 0.0
            && let Some((q, m)) = refine::exact_rational_root(p, value.to_f64())
            && m == multiplicity =>
        {
            exact(&q)
        }
        _ if multiplicity > 1 => Certificate::NotCertified(format!(
            "a root of multiplicity {multiplicity} that is not a simple fraction is not certified"
        )),
        RootValue::Real(x) => refine::certify(p, x, digits).0,
        RootValue::Complex(z) if z.imag().is_zero() => refine::certify(p, z.real(), digits).0,
        RootValue::Complex(z) => plane::certify_complex(p, z, digits),
    }
}

/// Certificates of all roots of a polynomial (in parallel). With rational coefficients a
/// simple root is tested by Horner's scheme in the plane, and a root of multiplicity m > 1 as a
/// simple root of the square-free factor g_m (Yun over Q: the factors are pairwise coprime, so
/// a root of g_m proven in the printed box is a root of f of multiplicity exactly m there).
/// Otherwise each root is tested as a single root of `p`.
///
/// A simple root whose test is inconclusive is polished again at 4, 16 and 64 times its
/// precision and tested again (the value in `roots` is replaced): a part far smaller than the
/// root's modulus (the real part −2.5·10^-435 of a root near 7.9·10^216·i) is noise at the
/// precision that fixes the modulus, and printing it unproven showed 17 wrong digits.
pub fn certify_polynomial_roots(
    p: &newton::Problem,
    roots: &mut [(RootValue, u32)],
    digits: u32,
) -> Vec<Certificate> {
    use rayon::prelude::*;
    let factors = polynomial::squarefree_decomposition(&p.f, &p.var);
    roots
        .par_iter_mut()
        .map(|(r, m)| {
            let m = &*m;
            // After Ctrl-C the remaining certificates are skipped (the caller reports the
            // interruption).
            if crate::interrupt::pending() {
                return Certificate::NotCertified("interrupted".into());
            }
            let z = match r {
                RootValue::Real(x) => rug::Complex::with_val(x.prec(), (&*x, 0)),
                RootValue::Complex(z) => z.clone(),
                RootValue::Exact(_) => return certify_root(p, r, *m, digits),
            };
            let factor = factors
                .as_ref()
                .and_then(|fs| fs.iter().find(|(_, k)| k == m));
            match factor {
                Some((g, 1)) => with_more_precision(
                    r,
                    z,
                    |z| Some(polynomial::polish(g, z, z.prec().0)),
                    |z| plane::certify_polynomial_root(g, z, digits),
                ),
                Some((g, _)) => match plane::certify_polynomial_root(g, &z, digits) {
                    Certificate::Certified(how) => Certificate::Certified(format!(
                        "{how}, a simple root of the square-free factor of multiplicity {m}"
                    )),
                    // A fraction of multiplicity m is still checked exactly.
                    Certificate::NotCertified(_) => certify_root(p, r, *m, digits),
                },
                // Coefficients that are not all rational: a merged cluster's multiplicity is
                // numerical (p, ..., p^(m-1) vanish to the working precision), not proven.
                None if *m > 1 => Certificate::NotCertified(format!(
                    "the coefficients are not all rational, so multiplicity {m} is numerical (a cluster where p and its derivatives up to order {} vanish to the working precision), not proven",
                    m - 1
                )),
                None => match crate::poly::coefficients(&p.f, &p.var) {
                    Ok(cs) => {
                        let kind = r.clone();
                        with_more_precision(
                            r,
                            z,
                            |z| polynomial::clusters::repolish(&cs, z, z.prec().0).ok(),
                            |z| certify_root(p, &kind.same_kind(z), 1, digits),
                        )
                    }
                    Err(_) => certify_root(p, r, *m, digits),
                },
            }
        })
        .collect()
}

/// Certify the simple root `z` (whose printed value is `r`); while the test is inconclusive,
/// polish z at 4, 16 and 64 times its precision (`polish` works at the precision of the
/// point it is given) and test again, replacing `r` by the value that passed.
fn with_more_precision(
    r: &mut RootValue,
    z: Complex,
    polish: impl Fn(&Complex) -> Option<Complex>,
    certify: impl Fn(&Complex) -> Certificate,
) -> Certificate {
    let mut found = certify(&z);
    let base = z.prec().0;
    let mut z = z;
    for factor in [4u32, 16, 64] {
        if matches!(found, Certificate::Certified(_)) || crate::interrupt::pending() {
            break;
        }
        let bits = base.saturating_mul(factor).min(limits::MAX_PRECISION_BITS);
        let Some(better) = polish(&Complex::with_val(bits, &z)) else {
            break;
        };
        // Polishing may only settle what the first precision left as noise; a larger move
        // would be Newton running to another root (two values would then print as one).
        let moved = Float::with_val(64, Complex::with_val(64, &better - &z).abs_ref());
        let size = Float::with_val(64, z.abs_ref());
        if moved > size >> (base as i32 / 2) {
            break;
        }
        z = better;
        let again = certify(&z);
        if matches!(again, Certificate::Certified(_)) {
            *r = r.same_kind(&z);
            found = again;
        }
    }
    found
}

/// One row of the iteration table (`trace = true`).
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    pub k: usize,
    pub x: String,
    pub fx: f64,
    pub step: f64,
}

/// A solution with its evidence: one variable for an equation, several for a system.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    pub values: Vec<(String, RootValue)>,
    /// Digits shown (`None`: the nearest double).
    pub digits: Option<u32>,
    pub multiplicity: u32,
    /// Every Newton step taken: the double-precision phase (one trace row each) and then
    /// `refinement_steps` at growing precision.
    pub iterations: usize,
    pub refinement_steps: usize,
    /// |f| at the returned root (max over equations for a system).
    pub residual: f64,
    pub certificate: Certificate,
    pub method: String,
    pub trace: Vec<TraceRow>,
}

impl Root {
    /// An uncertified root shows only the digits Newton's correction supports: the error of x
    /// is estimated as m·|f(x)/f'(x)| (f and f' in ball arithmetic, so cancellation does not
    /// hide it), and the digits shown stop one short of that estimate. A certified or exact
    /// root, or one whose estimate is out of reach (f' may vanish), keeps its digits.
    fn with_supported_digits(mut self, p: &newton::Problem) -> Root {
        if matches!(self.certificate, Certificate::Certified(_)) || self.values.len() != 1 {
            return self;
        }
        let wanted = self.digits.unwrap_or(refine::DEFAULT_DIGITS);
        let point = match &self.values[0].1 {
            RootValue::Exact(_) => return self,
            RootValue::Real(x) => Ball::from_mid_rad(x, &rug::Float::new(64), i64::from(x.prec())),
            RootValue::Complex(z) => Ball::from_complex(z.real(), z.imag(), i64::from(z.prec().0)),
        };
        let (Ok(f), Ok(d)) = (p.at(&p.f, &point), p.at(&p.df, &point)) else {
            return self;
        };
        let (Ok(ratio), size) = (f.div(&d), point.abs().re_f64()) else {
            return self;
        };
        let estimate = ratio.abs().re_f64() * f64::from(self.multiplicity.max(1));
        if !(estimate > 0.0 && size > 0.0) {
            return self;
        }
        let supported =
            ((size / estimate).log10().floor() - 1.0).clamp(1.0, f64::from(wanted)) as u32;
        if supported < wanted {
            self.digits = Some(supported);
            if let Certificate::NotCertified(why) = &mut self.certificate {
                why.push_str(&format!(
                    "; {supported} digits shown (Newton's correction puts the error near {estimate:.1e})"
                ));
            }
        }
        self
    }

    /// `x ≈ 2.0945514815423265` (or `x = 1` when exact), one variable per line part.
    pub fn summary(&self) -> String {
        self.values
            .iter()
            .map(|(v, r)| match r {
                RootValue::Exact(_) => format!("{v} = {}", r.text(self.digits)),
                _ => format!("{v} ≈ {}", r.text(self.digits)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
    /// The evidence line: method, steps, residual, multiplicity, certificate.
    pub fn evidence(&self) -> String {
        let mut parts = vec![format!(
            "{}, {} step{}",
            self.method,
            self.iterations,
            if self.iterations == 1 { "" } else { "s" }
        )];
        parts.push(if self.residual == 0.0 {
            "residual 0 at working precision".to_string()
        } else {
            format!("residual {:.1e}", self.residual)
        });
        if self.multiplicity > 1 {
            parts.push(format!("multiplicity {}", self.multiplicity));
        }
        parts.push(match &self.certificate {
            Certificate::Certified(how) => format!("certified ({how})"),
            Certificate::NotCertified(why) => format!("not certified: {why}"),
        });
        parts.join("; ")
    }
}

/// Why no root was returned. Each carries what is needed to act on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error(
        "no convergence after {iterations} iterations (last iterate {last}, |f| = {residual:.3e}{})", history_text(.history)
    )]
    NoConvergence {
        iterations: usize,
        last: String,
        residual: f64,
        history: Vec<f64>,
    },
    /// The simultaneous iteration for all roots of a polynomial (`roots`) failed.
    #[error("the roots of the polynomial were not found: {what}")]
    AllRoots { what: String },
    #[error("the iteration cycles between {a} and {b}")]
    Cycle { a: String, b: String },
    #[error("the derivative is zero at {at}, so the Newton step is undefined")]
    ZeroDerivative { at: String },
    #[error("the iteration diverges (last iterate {last}, |f| = {residual:.3e})")]
    Diverging { last: String, residual: f64 },
    #[error("f cannot be evaluated at {at} (outside its domain, or not a finite real number)")]
    NotFinite { at: String },
    #[error("f has the same sign at both ends of the bracket: f({a}) = {fa}, f({b}) = {fb}")]
    SameSign {
        a: String,
        fa: f64,
        b: String,
        fb: f64,
    },
    #[error("the Jacobian is singular at {at}")]
    SingularJacobian { at: String },
    #[error(
        "the iterate converged to {last} but the residual test failed (|f| = {residual:.3e}): not a root"
    )]
    ResidualTooLarge { last: String, residual: f64 },
    #[error("{0}")]
    Math(MathError),
}

impl SolveError {
    /// A concrete next step for the user.
    pub fn suggestion(&self) -> Option<String> {
        match self {
            SolveError::Cycle { .. } => Some("start elsewhere, give a bracket such as x = [a, b] where f changes sign, or a complex start such as x = 1 + i".into()),
            SolveError::ZeroDerivative { .. } => Some("start at a point where the derivative is not zero, or give a bracket x = [a, b]".into()),
            SolveError::Diverging { .. } => Some("start closer to the root, keep damping on, or give a bracket x = [a, b]".into()),
            SolveError::NoConvergence { .. } => Some("raise maxiter, start closer, or give a bracket x = [a, b]".into()),
            SolveError::AllRoots { .. } => Some("ask for more digits (digits = 50), or use solve from a start near one root; coefficients of very different sizes make the roots ill-conditioned".into()),
            SolveError::SameSign { .. } => Some("choose a and b where f(a) and f(b) have opposite signs (plot f to find one)".into()),
            SolveError::SingularJacobian { .. } => Some("start at a different point; the equations may be dependent there".into()),
            SolveError::NotFinite { .. } => Some("start inside the domain of f".into()),
            SolveError::ResidualTooLarge { .. } => Some("this looks like a pole or a near-root; try another start or a bracket".into()),
            SolveError::Math(_) => None,
        }
    }
    /// Machine-readable kind.
    pub fn kind(&self) -> &'static str {
        match self {
            SolveError::NoConvergence { .. } => "no_convergence",
            SolveError::AllRoots { .. } => "no_convergence",
            SolveError::Cycle { .. } => "cycle",
            SolveError::ZeroDerivative { .. } => "zero_derivative",
            SolveError::Diverging { .. } => "diverging",
            SolveError::NotFinite { .. } => "not_finite",
            SolveError::SameSign { .. } => "same_sign",
            SolveError::SingularJacobian { .. } => "singular_jacobian",
            SolveError::ResidualTooLarge { .. } => "residual_too_large",
            SolveError::Math(_) => "math",
        }
    }
}

impl From<crate::interrupt::Interrupted> for SolveError {
    fn from(_: crate::interrupt::Interrupted) -> Self {
        SolveError::Math(MathError::Interrupted)
    }
}

impl From<MathError> for SolveError {
    fn from(e: MathError) -> Self {
        SolveError::Math(e)
    }
}

/// "; recent |f|: a, b, c" for the residual history of a failed iteration.
fn history_text(history: &[f64]) -> String {
    if history.len() < 2 {
        return String::new();
    }
    let items: Vec<String> = history.iter().map(|r| format!("{r:.2e}")).collect();
    format!("; recent |f|: {}", items.join(", "))
}

/// Short text of an f64 iterate for messages.
pub(crate) fn show(x: f64) -> String {
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uncertified_root_shows_only_the_digits_its_error_estimate_supports() {
        let f = crate::Session::new().expr("x^3 - 2*x - 5").expect("expr");
        let p = newton::Problem::new(f, "x").expect("problem");
        // Ten correct digits of 2.0945514815423265914823865405793 (mpmath findroot).
        let x = rug::Float::with_val(200, 2.0945514815_f64);
        let root = Root {
            values: vec![("x".into(), RootValue::Real(x))],
            digits: None,
            multiplicity: 1,
            iterations: 0,
            refinement_steps: 0,
            residual: 0.0,
            certificate: Certificate::NotCertified("for the test".into()),
            method: "test".into(),
            trace: Vec::new(),
        }
        .with_supported_digits(&p);
        // The error is 4.2e-11: ten digits are supported, and one fewer is shown.
        assert_eq!(root.digits, Some(9));
        assert_eq!(root.summary(), "x ≈ 2.09455148");
    }
}
