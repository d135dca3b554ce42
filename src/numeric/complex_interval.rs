//! Rectangular complex intervals: a box [re] + i[im] of MPFR intervals with outward rounding,
//! and enclosures of expressions over such boxes, for the Krawczyk test in the complex plane.
//!
//! Products and quotients are enclosed component-wise (a rectangle around the true set, not
//! the tightest one), which is all a certificate needs. Kernels: + − × ÷, integer powers, exp,
//! sin, cos, sinh, cosh (from the real interval kernels through their real/imaginary parts);
//! every other function and non-integer powers go through their Arb ball kernels.

use rug::Float;

use super::ball::Ball;
use super::interval::Interval;
use super::scalar::Scalar;
use crate::expr::{Constant, Expr, Node, Number};
use crate::functions::Func;

/// The box re + i·im.
#[derive(Debug, Clone)]
pub struct ComplexInterval {
    pub re: Interval,
    pub im: Interval,
}

/// An enclosure, or why none could be made.
pub type Res = Result<ComplexInterval, String>;

impl ComplexInterval {
    pub fn new(re: Interval, im: Interval) -> ComplexInterval {
        ComplexInterval { re, im }
    }
    fn real(re: Interval) -> ComplexInterval {
        let zero = Interval::point(&Float::new(re.prec()));
        ComplexInterval { re, im: zero }
    }
    pub fn point(re: &Float, im: &Float) -> ComplexInterval {
        ComplexInterval {
            re: Interval::point(re),
            im: Interval::point(im),
        }
    }
    /// The same box widened outward to `prec` bits.
    pub fn coarsened(&self, prec: u32) -> ComplexInterval {
        ComplexInterval {
            re: self.re.coarsened(prec),
            im: self.im.coarsened(prec),
        }
    }
    /// Whether `self` lies strictly inside `other` in both parts.
    pub fn strictly_inside(&self, other: &ComplexInterval) -> bool {
        self.re.strictly_inside(&other.re) && self.im.strictly_inside(&other.im)
    }
    pub fn add(&self, o: &ComplexInterval) -> ComplexInterval {
        ComplexInterval {
            re: self.re.add(&o.re),
            im: self.im.add(&o.im),
        }
    }
    pub fn sub(&self, o: &ComplexInterval) -> ComplexInterval {
        ComplexInterval {
            re: self.re.sub(&o.re),
            im: self.im.sub(&o.im),
        }
    }
    /// (a + ib)(c + id) = (ac − bd) + i(ad + bc).
    pub fn mul(&self, o: &ComplexInterval) -> ComplexInterval {
        ComplexInterval {
            re: self.re.mul(&o.re).sub(&self.im.mul(&o.im)),
            im: self.re.mul(&o.im).add(&self.im.mul(&o.re)),
        }
    }
    /// 1/(a + ib) = (a − ib)/(a² + b²); fails when the box may contain 0.
    pub fn recip(&self) -> Res {
        let norm = self.re.powi(2)?.add(&self.im.powi(2)?);
        if norm.lo <= 0 {
            return Err("division by a box that may contain 0".into());
        }
        Ok(ComplexInterval {
            re: self.re.div(&norm)?,
            im: self.im.neg().div(&norm)?,
        })
    }
    /// z^n by repeated squaring (negative n through the reciprocal).
    pub fn powi(&self, n: i64) -> Res {
        if n < 0 {
            return self
                .powi(n.checked_neg().ok_or("exponent too large")?)?
                .recip();
        }
        let mut result =
            ComplexInterval::real(Interval::point(&Float::with_val(self.re.prec(), 1)));
        let mut base = self.clone();
        let mut k = n;
        while k > 0 {
            if k & 1 == 1 {
                result = result.mul(&base);
            }
            k >>= 1;
            if k > 0 {
                base = base.mul(&base);
            }
        }
        Ok(result)
    }
    /// e^(a + ib) = e^a cos b + i e^a sin b.
    pub(crate) fn exp(&self) -> Res {
        let scale = self.re.increasing(Float::exp_round);
        Ok(ComplexInterval {
            re: scale.mul(&self.im.sin_like(true)?),
            im: scale.mul(&self.im.sin_like(false)?),
        })
    }
    /// sin(a + ib) = sin a cosh b + i cos a sinh b; cos(a + ib) = cos a cosh b − i sin a sinh b.
    pub(crate) fn sin_or_cos(&self, cosine: bool) -> Res {
        let (sin_a, cos_a) = (self.re.sin_like(false)?, self.re.sin_like(true)?);
        let (cosh_b, sinh_b) = (self.im.cosh(), self.im.increasing(Float::sinh_round));
        Ok(if cosine {
            ComplexInterval {
                re: cos_a.mul(&cosh_b),
                im: sin_a.mul(&sinh_b).neg(),
            }
        } else {
            ComplexInterval {
                re: sin_a.mul(&cosh_b),
                im: cos_a.mul(&sinh_b),
            }
        })
    }
    /// sinh(a + ib) = sinh a cos b + i cosh a sin b; cosh(a + ib) = cosh a cos b + i sinh a sin b.
    pub(crate) fn sinh_or_cosh(&self, cosh: bool) -> Res {
        let (sinh_a, cosh_a) = (self.re.increasing(Float::sinh_round), self.re.cosh());
        let (sin_b, cos_b) = (self.im.sin_like(false)?, self.im.sin_like(true)?);
        Ok(if cosh {
            ComplexInterval {
                re: cosh_a.mul(&cos_b),
                im: sinh_a.mul(&sin_b),
            }
        } else {
            ComplexInterval {
                re: sinh_a.mul(&cos_b),
                im: cosh_a.mul(&sin_b),
            }
        })
    }
}

/// Enclose the values of `e` for `var` ranging over the box `z`.
pub fn enclose_complex(e: &Expr, var: &str, z: &ComplexInterval) -> Res {
    let p = z.re.prec().max(z.im.prec());
    match e.node() {
        Node::Num(Number::Exact(r)) => Ok(ComplexInterval::real(Interval::exact(p, r))),
        Node::Num(Number::Approx { value, .. }) => {
            Ok(ComplexInterval::real(Interval::point(value)))
        }
        Node::Const(Constant::I) => Ok(ComplexInterval::point(
            &Float::new(p),
            &Float::with_val(p, 1),
        )),
        Node::Const(c) => Ok(ComplexInterval::real(Interval::constant(p, *c)?)),
        Node::Sym(s) if &**s == var => Ok(z.clone()),
        Node::Sym(s) => Err(format!("'{s}' has no value")),
        Node::Add(terms) => {
            let mut acc = enclose_complex(&terms[0], var, z)?;
            for t in &terms[1..] {
                acc = acc.add(&enclose_complex(t, var, z)?);
            }
            Ok(acc)
        }
        Node::Mul(factors) => {
            let mut acc = enclose_complex(&factors[0], var, z)?;
            for f in &factors[1..] {
                acc = acc.mul(&enclose_complex(f, var, z)?);
            }
            Ok(acc)
        }
        Node::Pow(b, ex) => {
            if matches!(b.node(), Node::Const(Constant::E)) {
                return enclose_complex(ex, var, z)?.exp();
            }
            match ex.as_number().and_then(Number::as_rational) {
                Some(r) if *r.denom() == 1 => enclose_complex(b, var, z)?
                    .powi(r.numer().to_i64().ok_or("exponent too large")?),
                _ => {
                    // Principal powers through Arb: b^x as one ball operation.
                    let base = to_ball(&enclose_complex(b, var, z)?, p);
                    let exponent = to_ball(&enclose_complex(ex, var, z)?, p);
                    from_ball(&base.pow(&exponent).map_err(|e| e.to_string())?, p)
                }
            }
        }
        Node::Call(f, args) => {
            if args.len() != 1 {
                return enclose_call_with_balls(*f, args, var, z, p);
            }
            match f.def().complex_interval {
                Some(kernel) => kernel(&enclose_complex(
                    args.first().ok_or("no argument")?,
                    var,
                    z,
                )?),
                None => enclose_call_with_balls(*f, args, var, z, p),
            }
        }
    }
}

/// The hand-written complex interval kernels of the registry; each entry names its own.
pub mod kernels {
    use super::{ComplexInterval, Res};

    pub fn exp(a: &ComplexInterval) -> Res {
        a.exp()
    }
    pub fn sin(a: &ComplexInterval) -> Res {
        a.sin_or_cos(false)
    }
    pub fn cos(a: &ComplexInterval) -> Res {
        a.sin_or_cos(true)
    }
    pub fn sinh(a: &ComplexInterval) -> Res {
        a.sinh_or_cosh(false)
    }
    pub fn cosh(a: &ComplexInterval) -> Res {
        a.sinh_or_cosh(true)
    }
}

/// A box as an Arb complex ball (the ball encloses the box).
fn to_ball(b: &ComplexInterval, p: u32) -> Ball {
    Ball::from_box(&b.re.lo, &b.re.hi, &b.im.lo, &b.im.hi, i64::from(p))
}

/// The box enclosing an Arb complex ball.
fn from_ball(b: &Ball, p: u32) -> Res {
    let (re, im) = b
        .box_intervals(p)
        .ok_or("the enclosure is not finite (a pole or branch cut in the box)")?;
    Ok(ComplexInterval::new(
        Interval::new(re.0, re.1),
        Interval::new(im.0, im.1),
    ))
}

/// A function without a hand-written complex interval kernel, enclosed by its Arb ball kernel
/// (log, sqrt, erf, gamma, besselj, ...).
fn enclose_call_with_balls(f: Func, args: &[Expr], var: &str, z: &ComplexInterval, p: u32) -> Res {
    let balls = args
        .iter()
        .map(|a| Ok(to_ball(&enclose_complex(a, var, z)?, p)))
        .collect::<Result<Vec<Ball>, String>>()?;
    let value = (f.def().kernels.ball)(&balls).map_err(|e| format!("{}: {e}", f.name()))?;
    from_ball(&value, p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;

    fn iv(a: f64, b: f64) -> Interval {
        Interval::new(Float::with_val(100, a), Float::with_val(100, b))
    }

    #[test]
    fn enclosures_contain_the_values() {
        let mut s = Session::new();
        // z^2 + 1 over a box around i contains 0; over a box away from ±i it does not.
        let f = s.expr("z^2 + 1").expect("expr");
        let near = ComplexInterval::new(iv(-0.01, 0.01), iv(0.99, 1.01));
        let v = enclose_complex(&f, "z", &near).expect("encloses");
        assert!(v.re.contains_zero() && v.im.contains_zero());
        let far = ComplexInterval::new(iv(0.5, 0.6), iv(0.5, 0.6));
        let v = enclose_complex(&f, "z", &far).expect("encloses");
        assert!(!(v.re.contains_zero() && v.im.contains_zero()));
        // exp(i pi) = -1 (pi rounded to 200 bits: within 1e-59), and the enclosure is thin.
        let g = s.expr("exp(z)").expect("expr");
        let pi = Float::with_val(200, rug::float::Constant::Pi);
        let v = enclose_complex(&g, "z", &ComplexInterval::point(&Float::new(200), &pi))
            .expect("encloses");
        assert!((v.re.lo.to_f64() + 1.0).abs() < 1e-15 && v.im.hi.to_f64().abs() < 1e-58);
        assert!(Float::with_val(64, &v.re.hi - &v.re.lo) < 1e-50);
        // With the box around pi instead, -1 and 0 are inside.
        let around = ComplexInterval::new(iv(0.0, 0.0), iv(3.1, 3.2));
        let v = enclose_complex(&g, "z", &around).expect("encloses");
        assert!(v.re.lo <= -1 && v.re.hi >= -1 && v.im.contains_zero());
        // sin(1 + 2i) = sin 1 cosh 2 + i cos 1 sinh 2 (f64 reference from those formulas).
        let h = s.expr("sin(z)").expect("expr");
        let v = enclose_complex(
            &h,
            "z",
            &ComplexInterval::point(&Float::with_val(100, 1), &Float::with_val(100, 2)),
        )
        .expect("encloses");
        let (re, im) = (1f64.sin() * 2f64.cosh(), 1f64.cos() * 2f64.sinh());
        assert!((v.re.lo.to_f64() - re).abs() < 1e-14 && (v.im.hi.to_f64() - im).abs() < 1e-14);
    }
}
