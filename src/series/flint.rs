//! Dense power series over Q through FLINT's `fmpq_poly` (integer coefficients over one
//! common denominator; asymptotically fast products, Newton iteration for inverse, exp, log,
//! sqrt, tan, atan, …). The safe wrapper checks every precondition FLINT would abort on
//! (constant terms of exp/log/sqrt arguments, invertibility), so a call never aborts.
//!
//! This file and `numeric/ball/` hold all of the crate's FFI.

use flint3_sys as ff;
use gmp_mpfr_sys::gmp;
use rug::{Integer, Rational};

unsafe extern "C" {
    fn fmpz_set_mpz(f: *mut ff::fmpz, x: *const gmp::mpz_t);
    fn fmpz_get_mpz(x: *mut gmp::mpz_t, f: *const ff::fmpz);
}

/// An owned FLINT polynomial over Q, read as a truncated power series.
pub struct QSeries(ff::fmpq_poly_struct);

// SAFETY: the polynomial owns its memory exclusively (no shared FLINT state).
unsafe impl Send for QSeries {}

impl Drop for QSeries {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` and cleared once.
        unsafe { ff::fmpq_poly_clear(&mut self.0) }
    }
}

fn slong(n: usize) -> ff::slong {
    ff::slong::try_from(n).unwrap_or(ff::slong::MAX)
}

impl QSeries {
    fn new() -> QSeries {
        let mut p = std::mem::MaybeUninit::<ff::fmpq_poly_struct>::uninit();
        // SAFETY: fmpq_poly_init initialises the struct fully.
        unsafe {
            ff::fmpq_poly_init(p.as_mut_ptr());
            QSeries(p.assume_init())
        }
    }

    /// The series with these coefficients (index = power).
    pub fn from_coeffs(c: &[Rational]) -> QSeries {
        let mut p = QSeries::new();
        let den = c.iter().fold(Integer::from(1), |acc, q| acc.lcm(q.denom()));
        // SAFETY: fit_length allocates c.len() initialised fmpz coefficients; each is set from
        // a valid mpz; the length is set to what was written, then normalised and made
        // canonical (coefficients and denominator coprime) as FLINT requires.
        unsafe {
            ff::fmpq_poly_fit_length(&mut p.0, slong(c.len()));
            for (i, q) in c.iter().enumerate() {
                let scaled = Integer::from(&den / q.denom()) * q.numer();
                fmpz_set_mpz(p.0.coeffs.add(i), scaled.as_raw());
            }
            fmpz_set_mpz(p.0.den.as_mut_ptr(), den.as_raw());
            ff::_fmpq_poly_set_length(&mut p.0, slong(c.len()));
            ff::_fmpq_poly_normalise(&mut p.0);
            ff::fmpq_poly_canonicalise(&mut p.0);
        }
        p
    }

    /// The first `len` coefficients (zeros past the stored length).
    pub fn coeffs(&self, len: usize) -> Vec<Rational> {
        let stored = usize::try_from(self.0.length).unwrap_or(0);
        let mut den = Integer::new();
        // SAFETY: den is a valid mpz; self.0.den is an initialised fmpz.
        unsafe { fmpz_get_mpz(den.as_raw_mut(), self.0.den.as_ptr()) };
        (0..len)
            .map(|i| {
                if i >= stored {
                    return Rational::new();
                }
                let mut num = Integer::new();
                // SAFETY: i < length, so coeffs[i] is an initialised fmpz.
                unsafe { fmpz_get_mpz(num.as_raw_mut(), self.0.coeffs.add(i)) };
                Rational::from((num, den.clone()))
            })
            .collect()
    }

    fn constant(&self) -> Rational {
        self.coeffs(1).remove(0)
    }

    /// The index of the first non-zero coefficient, if any.
    pub fn first_nonzero(&self) -> Option<usize> {
        let stored = usize::try_from(self.0.length).unwrap_or(0);
        // SAFETY: i < length; an fmpz is zero exactly when its word is 0.
        (0..stored).find(|&i| unsafe { *self.0.coeffs.add(i) } != 0)
    }

    /// self·s^k (k > 0) or self / s^(−k) dropping the lowest terms (k < 0).
    pub fn shift(&self, k: i64) -> QSeries {
        let mut r = QSeries::new();
        let m = slong(k.unsigned_abs() as usize);
        // SAFETY: initialised polynomials.
        unsafe {
            if k >= 0 {
                ff::fmpq_poly_shift_left(&mut r.0, &self.0, m);
            } else {
                ff::fmpq_poly_shift_right(&mut r.0, &self.0, m);
            }
        }
        r
    }

    /// The first n coefficients only.
    pub fn truncated(&self, n: usize) -> QSeries {
        let mut r = self.add(&QSeries::new());
        // SAFETY: an initialised polynomial.
        unsafe { ff::fmpq_poly_truncate(&mut r.0, slong(n)) };
        r
    }

    /// The zero series.
    pub fn zero() -> QSeries {
        QSeries::new()
    }

    fn unary(
        &self,
        f: unsafe extern "C" fn(*mut ff::fmpq_poly_struct, *const ff::fmpq_poly_struct, ff::slong),
        n: usize,
    ) -> QSeries {
        let mut r = QSeries::new();
        // SAFETY: both polynomials are initialised; callers checked f's preconditions.
        unsafe { f(&mut r.0, &self.0, slong(n.max(1))) };
        r
    }

    pub fn add(&self, o: &QSeries) -> QSeries {
        let mut r = QSeries::new();
        // SAFETY: initialised polynomials.
        unsafe { ff::fmpq_poly_add(&mut r.0, &self.0, &o.0) };
        r
    }
    pub fn sub(&self, o: &QSeries) -> QSeries {
        let mut r = QSeries::new();
        // SAFETY: initialised polynomials.
        unsafe { ff::fmpq_poly_sub(&mut r.0, &self.0, &o.0) };
        r
    }
    pub fn mullow(&self, o: &QSeries, n: usize) -> QSeries {
        let mut r = QSeries::new();
        // SAFETY: initialised polynomials; n ≥ 1.
        unsafe { ff::fmpq_poly_mullow(&mut r.0, &self.0, &o.0, slong(n.max(1))) };
        r
    }
    pub fn scale(&self, q: &Rational) -> QSeries {
        let n = usize::try_from(self.0.length).unwrap_or(0).max(1);
        self.mullow(&QSeries::from_coeffs(std::slice::from_ref(q)), n)
    }
    /// 1/self to n terms; `None` when the constant term is 0.
    pub fn inv(&self, n: usize) -> Option<QSeries> {
        (self.constant() != 0).then(|| self.unary(ff::fmpq_poly_inv_series, n))
    }
    /// self^k to n terms.
    pub fn pow(&self, k: u64, n: usize) -> QSeries {
        let mut r = QSeries::new();
        // SAFETY: initialised polynomials; n ≥ 1.
        unsafe { ff::fmpq_poly_pow_trunc(&mut r.0, &self.0, k as ff::ulong, slong(n.max(1))) };
        r
    }
    /// exp to n terms; the constant term must be 0.
    pub fn exp(&self, n: usize) -> Option<QSeries> {
        (self.constant() == 0).then(|| self.unary(ff::fmpq_poly_exp_series, n))
    }
    /// log to n terms; the constant term must be 1.
    pub fn log(&self, n: usize) -> Option<QSeries> {
        (self.constant() == 1).then(|| self.unary(ff::fmpq_poly_log_series, n))
    }
    /// sqrt to n terms; the constant term must be 1.
    pub fn sqrt(&self, n: usize) -> Option<QSeries> {
        (self.constant() == 1).then(|| self.unary(ff::fmpq_poly_sqrt_series, n))
    }
    /// A function with f(0) = 0 applied to a series with constant term 0 (sin, tan, atan, ...).
    pub fn odd(&self, f: Odd, n: usize) -> Option<QSeries> {
        if self.constant() != 0 {
            return None;
        }
        Some(match f {
            Odd::Sin => self.unary(ff::fmpq_poly_sin_series, n),
            Odd::Tan => self.unary(ff::fmpq_poly_tan_series, n),
            Odd::Atan => self.unary(ff::fmpq_poly_atan_series, n),
            Odd::Asin => self.unary(ff::fmpq_poly_asin_series, n),
            Odd::Sinh => self.unary(ff::fmpq_poly_sinh_series, n),
            Odd::Tanh => self.unary(ff::fmpq_poly_tanh_series, n),
            Odd::Atanh => self.unary(ff::fmpq_poly_atanh_series, n),
            Odd::Asinh => self.unary(ff::fmpq_poly_asinh_series, n),
        })
    }
    /// cos (or cosh) to n terms of a series with constant term 0.
    pub fn cos(&self, hyperbolic: bool, n: usize) -> Option<QSeries> {
        if self.constant() != 0 {
            return None;
        }
        Some(if hyperbolic {
            self.unary(ff::fmpq_poly_cosh_series, n)
        } else {
            self.unary(ff::fmpq_poly_cos_series, n)
        })
    }
    /// The compositional inverse to n terms: constant 0, linear coefficient non-zero.
    pub fn revert(&self, n: usize) -> Option<QSeries> {
        let c = self.coeffs(2);
        (c[0] == 0 && c[1] != 0).then(|| self.unary(ff::fmpq_poly_revert_series, n))
    }
}

/// The functions with f(0) = 0 that FLINT expands directly.
#[derive(Debug, Clone, Copy)]
pub enum Odd {
    Sin,
    Tan,
    Atan,
    Asin,
    Sinh,
    Tanh,
    Atanh,
    Asinh,
}
