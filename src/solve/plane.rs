//! Certificates for complex roots: the Krawczyk test in the complex plane.
//!
//! For a holomorphic f, f(z) − f(c) ∈ (z − c)·f'(X) for z in a box X around c, so the complex
//! Krawczyk operator K(X) = c − y f(c) + (1 − y f'(X))(X − c), evaluated in rectangular
//! complex interval arithmetic with outward rounding, proves exactly one root in X when
//! K(X) ⊂ int X. X is the box of the last printed digit of each part (a part printed as 0 gets
//! the other part's radius), so a certified root's printed digits are all correct.

use rug::float::Round;
use rug::{Complex, Float, Integer};

use super::Certificate;
use super::newton::Problem;
use super::refine::{half_units, printed_decimal};
use crate::numeric::complex_interval::{ComplexInterval, enclose_complex};
use crate::numeric::interval::Interval;

/// One printed part: its last-digit interval, the printed value and the decimal exponent k of
/// its last digit (the half-width is 5·10^(−k−1)).
pub(super) struct PrintedPart {
    pub(super) interval: Interval,
    pub(super) centre: Float,
    pub(super) k: i64,
}

pub(super) fn printed_part(prec: u32, x: &Float, digits: u32) -> Option<PrintedPart> {
    let (n, k) = printed_decimal(x, digits)?;
    Some(PrintedPart {
        interval: Interval::new(
            half_units(prec, &n, -1, k, Round::Down)?,
            half_units(prec, &n, 1, k, Round::Up)?,
        ),
        centre: half_units(prec, &n, 0, k, Round::Nearest)?,
        k,
    })
}

/// A part printed as exactly 0, given the radius of the other part's last digit.
pub(super) fn zero_part(prec: u32, k: i64) -> Option<PrintedPart> {
    let half = half_units(prec, &Integer::new(), 1, k, Round::Up)?;
    Some(PrintedPart {
        interval: Interval::new(Float::with_val(prec, -&half), half),
        centre: Float::new(prec),
        k,
    })
}

/// The Krawczyk test on the printed box of a simple complex root `z`.
pub fn certify_complex(p: &Problem, z: &Complex, digits: u32) -> Certificate {
    let prec = z.prec().0.max(z.prec().1) + 64;
    let (re, im) = match (
        printed_part(prec, z.real(), digits),
        printed_part(prec, z.imag(), digits),
    ) {
        (Some(re), Some(im)) => (re, im),
        (None, Some(im)) if z.real().is_zero() => match zero_part(prec, im.k) {
            Some(re) => (re, im),
            None => return not_certified("the printed value could not be read back"),
        },
        (Some(re), None) if z.imag().is_zero() => match zero_part(prec, re.k) {
            Some(im) => (re, im),
            None => return not_certified("the printed value could not be read back"),
        },
        _ => return not_certified("the root is not finite"),
    };
    let big_x = ComplexInterval::new(re.interval.clone(), im.interval.clone());
    let centre = ComplexInterval::point(&re.centre, &im.centre);
    let run = || -> Result<bool, String> {
        let fc = enclose_complex(&p.f, &p.var, &centre)?;
        // f'(X) only has to make 1 − y f'(X) small: 128 bits are plenty.
        let d_big = enclose_complex(&p.df, &p.var, &big_x.coarsened(128))?;
        // y only preconditions the test: 1/f'(c) at 128 bits.
        let dc = p
            .at(&p.df, &Complex::with_val(128, (&re.centre, &im.centre)))
            .map_err(|e| e.to_string())?;
        if dc.is_zero() {
            return Err("the derivative vanishes at the printed value".into());
        }
        let y = Complex::with_val(128, dc.recip_ref());
        let y = ComplexInterval::point(y.real(), y.imag());
        let one = ComplexInterval::point(&Float::with_val(128, 1), &Float::new(128));
        let k = centre
            .sub(&y.mul(&fc))
            .add(&one.sub(&y.mul(&d_big)).mul(&big_x.sub(&centre)));
        Ok(k.strictly_inside(&big_x))
    };
    match run() {
        Ok(true) => {
            let radius = |k: i64| format!("5e{}", -k - 1);
            let within = if re.k == im.k {
                format!("±{} of the printed value in each part", radius(re.k))
            } else {
                format!(
                    "±{} (real part) and ±{} (imaginary part) of the printed value",
                    radius(re.k),
                    radius(im.k)
                )
            };
            Certificate::Certified(format!("Krawczyk in the plane: one root within {within}"))
        }
        Ok(false) => not_certified("the Krawczyk test was inconclusive on the last-digit box"),
        Err(why) => not_certified(&why),
    }
}

fn not_certified(why: &str) -> Certificate {
    Certificate::NotCertified(why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;
    use crate::solve::refine::refine;

    fn problem(text: &str) -> Problem {
        let f = Session::new().expr(text).expect("an expression");
        Problem::new(f, "z").expect("derivatives")
    }

    #[test]
    fn certifies_complex_roots_and_rejects_a_wrong_value() {
        // x^4 + 1 at e^(i pi/4) = (1 + i)/sqrt(2), 30 digits.
        let p = problem("z^4 + 1");
        let (root, _) = refine(&p, Complex::with_val(64, (0.7, 0.7)), 1, 30).expect("refines");
        assert!(matches!(
            certify_complex(&p, &root, 30),
            Certificate::Certified(_)
        ));
        // Moved by 1e-25 in the imaginary part: outside the printed box at 30 digits.
        let moved = Complex::with_val(
            root.prec(),
            (root.real(), Float::with_val(200, root.imag() + 1e-25)),
        );
        assert!(matches!(
            certify_complex(&p, &moved, 30),
            Certificate::NotCertified(_)
        ));
        // A root with zero real part, printed as "i": the box takes the imaginary radius.
        let q = problem("z^2 + 1");
        let i = Complex::with_val(200, (0, 1));
        assert!(matches!(
            certify_complex(&q, &i, 20),
            Certificate::Certified(_)
        ));
        // exp(z) = 2 at log 2 + 2 pi i.
        let r = problem("exp(z) - 2");
        let (root, _) = refine(&r, Complex::with_val(64, (0.7, 6.3)), 1, 25).expect("refines");
        assert!(matches!(
            certify_complex(&r, &root, 25),
            Certificate::Certified(_)
        ));
    }
}
