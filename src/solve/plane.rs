//! Certificates for complex roots: the Krawczyk test in the complex plane.
//!
//! For a holomorphic f, f(z) − f(c) ∈ (z − c)·f'(X) for z in a box X around c, so the complex
//! Krawczyk operator K(X) = c − y f(c) + (1 − y f'(X))(X − c), evaluated in rectangular
//! complex interval arithmetic with outward rounding, proves exactly one root in X when
//! K(X) ⊂ int X. X is the box of the last printed digit of each part (a part printed as 0 gets
//! the other part's radius), so a certified root's printed digits are all correct.

use rug::float::Round;
use rug::{Complex, Float};

use super::Certificate;
use super::newton::Problem;
use super::refine::{PrintedPart, printed_part, zero_part};
use crate::numeric::complex_interval::{ComplexInterval, enclose_complex};
use crate::numeric::enclosure::{Enclosure, proves_one_zero};

/// The Krawczyk test on the printed box of a simple complex root `z`.
pub fn certify_complex(p: &Problem, z: &Complex, digits: u32) -> Certificate {
    let prec = z.prec().0.max(z.prec().1) + 64;
    let Some((re, im)) = printed_box(prec, z, digits) else {
        return not_certified("the root is not finite");
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
        Ok(proves_one_zero(&centre, &y, &fc, &d_big, &one, &big_x))
    };
    match run() {
        Ok(true) => certified_text(&re, &im),
        Ok(false) => not_certified("the Krawczyk test was inconclusive on the last-digit box"),
        Err(why) => not_certified(&why),
    }
}

/// A disc: centre in MPC and a radius bounding every error. Products of discs do not suffer
/// the wrapping of rectangles (a rotated box needs a √2 larger box; over the 1,000 steps of
/// Horner's scheme that would be a factor 2^500). Radii are 64-bit MPFR floats rounded upward:
/// doubles underflowed for roots printed with more than ~307 digits, and overflowed where
/// |x|^degree passes 10^308.
#[derive(Clone)]
struct Disc {
    mid: Complex,
    rad: Float,
}

const RADIUS_BITS: u32 = 64;

fn up_add(a: &Float, b: &Float) -> Float {
    Float::with_val_round(RADIUS_BITS, a + b, Round::Up).0
}
fn up_mul(a: &Float, b: &Float) -> Float {
    Float::with_val_round(RADIUS_BITS, a * b, Round::Up).0
}

impl Enclosure for Disc {
    fn add(&self, o: &Disc) -> Disc {
        let mid = Complex::with_val(self.mid.prec(), &self.mid + &o.mid);
        let rad = up_add(&up_add(&self.rad, &o.rad), &Disc::rounding(&mid));
        Disc { mid, rad }
    }
    fn sub(&self, o: &Disc) -> Disc {
        let mid = Complex::with_val(self.mid.prec(), &self.mid - &o.mid);
        let rad = up_add(&up_add(&self.rad, &o.rad), &Disc::rounding(&mid));
        Disc { mid, rad }
    }
    fn mul(&self, o: &Disc) -> Disc {
        let mid = Complex::with_val(self.mid.prec(), &self.mid * &o.mid);
        let cross = up_add(
            &up_mul(&Disc::magnitude(&self.mid), &o.rad),
            &up_mul(&Disc::magnitude(&o.mid), &self.rad),
        );
        let rad = up_add(
            &up_add(&cross, &up_mul(&self.rad, &o.rad)),
            &Disc::rounding(&mid),
        );
        Disc { mid, rad }
    }
    /// |mid − other.mid| + rad < other.rad, the distance rounded up.
    fn strictly_inside(&self, other: &Disc) -> bool {
        let gap = Complex::with_val(self.mid.prec(), &self.mid - &other.mid);
        let reach = up_add(
            &up_add(&Disc::magnitude(&gap), &Disc::rounding(&gap)),
            &self.rad,
        );
        reach.is_finite() && reach < other.rad
    }
}

impl Disc {
    fn point(mid: Complex) -> Disc {
        Disc {
            mid,
            rad: Float::new(RADIUS_BITS),
        }
    }
    /// An upper bound of |z|: the modulus itself (|re| + |im| would overestimate by up to √2,
    /// and Horner's scheme multiplies by it at every step).
    fn magnitude(z: &Complex) -> Float {
        Float::with_val_round(RADIUS_BITS, z.abs_ref(), Round::Up).0
    }
    /// The rounding error of a result of size |m| at its precision (a few ulps, generously).
    fn rounding(m: &Complex) -> Float {
        let prec = m.prec().0.max(m.prec().1);
        Disc::magnitude(m) >> (prec as i32 - 3)
    }
}

/// p(b) and p'(b) by Horner's scheme in disc arithmetic (each step encloses, so the result does).
fn horner_disc(coeffs: &[rug::Rational], b: &Disc) -> (Disc, Disc) {
    let prec = b.mid.prec().0;
    let exact = |q: &rug::Rational| {
        let mid = Complex::with_val(prec, (q, 0));
        let rad = Disc::rounding(&mid);
        Disc { mid, rad }
    };
    let n = coeffs.len();
    let mut p = exact(&coeffs[n - 1]);
    let mut d = Disc::point(Complex::new(prec));
    for c in coeffs[..n - 1].iter().rev() {
        d = d.mul(b).add(&p);
        p = p.mul(b).add(&exact(c));
    }
    (p, d)
}

/// The same test for a root of the polynomial Σ c_k x^k with rational coefficients, by
/// Horner's scheme in disc arithmetic: a degree-1,000 polynomial costs 2,000 disc operations.
/// X is a disc around the refined root z inside the printed last-digit box P (z may sit next
/// to a rounding boundary, so the disc is half as wide as z's distance to the edge); K(X) ⊂
/// int X proves one root in X ⊂ P. A root printed as real gets a box symmetric about the real
/// axis; with real coefficients the one root in it is its own conjugate, so it is real.
pub fn certify_polynomial_root(coeffs: &[rug::Rational], z: &Complex, digits: u32) -> Certificate {
    let prec = z.prec().0.max(z.prec().1) + 64;
    let Some((re, im)) = printed_box(prec, z, digits) else {
        return not_certified("the root is not finite");
    };
    // Distance from z to the box's edge, rounded down (then halved, with margin).
    let gap = |m: &Float, part: &PrintedPart| {
        let down = Round::Down;
        let a = Float::with_val_round(RADIUS_BITS, m - &part.interval.lo, down).0;
        let b = Float::with_val_round(RADIUS_BITS, &part.interval.hi - m, down).0;
        a.min(&b)
    };
    let room = gap(z.real(), &re).min(&gap(z.imag(), &im));
    if room <= 0 {
        return not_certified("the refined root lies outside its printed last-digit box");
    }
    // 0.49 of the room, rounded down (the disc must stay inside the box).
    let radius = Float::with_val_round(RADIUS_BITS, &room * 0.49f64, Round::Down).0;
    let centre = Complex::with_val(prec, z);
    let (fc, _) = horner_disc(coeffs, &Disc::point(centre.clone()));
    let (_, slope) = horner_disc(
        coeffs,
        &Disc {
            mid: centre.clone(),
            rad: radius.clone(),
        },
    );
    if slope.mid.is_zero() {
        return not_certified("the derivative vanishes at the root");
    }
    let y = Disc::point(Complex::with_val(
        prec,
        Complex::with_val(128, slope.mid.recip_ref()),
    ));
    let one = Disc::point(Complex::with_val(prec, 1));
    let big_x = Disc {
        mid: centre.clone(),
        rad: radius,
    };
    if proves_one_zero(&Disc::point(centre), &y, &fc, &slope, &one, &big_x) {
        certified_text(&re, &im)
    } else {
        not_certified("the Krawczyk test was inconclusive on the last-digit box")
    }
}

/// The printed last-digit box of `z` (a part printed as 0 takes the other part's radius).
fn printed_box(prec: u32, z: &Complex, digits: u32) -> Option<(PrintedPart, PrintedPart)> {
    match (
        printed_part(prec, z.real(), digits),
        printed_part(prec, z.imag(), digits),
    ) {
        (Some(re), Some(im)) => Some((re, im)),
        (None, Some(im)) if z.real().is_zero() => Some((zero_part(prec, im.k)?, im)),
        (Some(re), None) if z.imag().is_zero() => {
            let im = zero_part(prec, re.k)?;
            Some((re, im))
        }
        _ => None,
    }
}

/// The certificate's text for a box with these parts.
fn certified_text(re: &PrintedPart, im: &PrintedPart) -> Certificate {
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

fn not_certified(why: &str) -> Certificate {
    Certificate::NotCertified(why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disc_horner_radius_stays_at_rounding_level() {
        // p(z) = z^1000 - 1 at z = 1.01: values ~2e4, rounding ~1e-50 at 186 bits.
        let mut coeffs = vec![rug::Rational::from(0); 1001];
        coeffs[0] = rug::Rational::from(-1);
        coeffs[1000] = rug::Rational::from(1);
        let z = Disc::point(Complex::with_val(186, (1.01, 0.0)));
        let (p, d) = horner_disc(&coeffs, &z);
        // 1.01^1000 - 1 = 20958.155637813844 (and the derivative 1000 * 1.01^999).
        assert!((p.mid.real().to_f64() - 20958.155637813844).abs() < 1e-9);
        assert!(p.rad < 1e-40 && d.rad < 1e-35, "{} {}", p.rad, d.rad);
        // Off the real axis the radius must grow like |z|^k, not (|re| + |im|)^k.
        let w = Disc::point(Complex::with_val(186, (1.0, 0.3)));
        let (p, _) = horner_disc(&coeffs, &w);
        let size = Disc::magnitude(&p.mid);
        assert!(p.rad < size.clone() * 1e-45, "{} vs {size}", p.rad);
    }
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
