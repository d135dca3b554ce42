//! Whole-series algorithms on coefficient vectors of a fixed length (valuation 0): the
//! products and powers the value-level arithmetic uses, and the AGM iteration behind agm,
//! ellipk and ellipe. The per-coefficient recurrences are shared with the lazy engine.

use rug::Rational;

use super::SeriesError;
use super::coeff::Coeff;
use super::lazy::power_step;

type Result<T> = std::result::Result<T, SeriesError>;

/// The first `len` coefficients of a·b.
pub fn mul<C: Coeff>(a: &[C], b: &[C], len: usize) -> Result<Vec<C>> {
    (0..len)
        .map(|k| {
            crate::interrupt::check().map_err(|_| SeriesError::Interrupted)?;
            let lo = k.saturating_sub(b.len().saturating_sub(1));
            let hi = k.min(a.len().saturating_sub(1));
            let mut sum = C::zero();
            for j in lo..=hi {
                if k - j < b.len() && !a[j].is_zero() && !b[k - j].is_zero() {
                    sum = sum.add(&a[j].mul(&b[k - j])?)?;
                }
            }
            Ok(sum)
        })
        .collect()
}

/// The first `len` coefficients of u^a for u_0 ≠ 0, with the leading coefficient `f0` =
/// u_0^a given (the caller knows which branch it wants).
pub fn power<C: Coeff>(u: &[C], a: &Rational, f0: C, len: usize) -> Result<Vec<C>> {
    let mut padded = u.to_vec();
    padded.resize(len.max(1), C::zero());
    let mut f = vec![f0];
    for k in 1..len {
        crate::interrupt::check().map_err(|_| SeriesError::Interrupted)?;
        let c = power_step(&padded, &f, a, k)?;
        f.push(c);
    }
    f.truncate(len);
    Ok(f)
}

fn lin<C: Coeff>(a: &[C], b: &[C], f: impl Fn(&C, &C) -> Result<C>) -> Result<Vec<C>> {
    a.iter().zip(b).map(|(x, y)| f(x, y)).collect()
}

fn half() -> Rational {
    Rational::from((1, 2))
}

/// One AGM run from (a, b) with equal leading terms; also the c_n = (a_{n-1} − b_{n-1})/2.
fn agm_run<C: Coeff>(a: &[C], b: &[C]) -> Result<(Vec<C>, Vec<Vec<C>>)> {
    let len = a.len();
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    let mut cs = Vec::new();
    for _ in 0..(2 * usize::BITS as usize) {
        if a.iter()
            .zip(&b)
            .all(|(x, y)| x.sub(y).is_ok_and(|d| d.is_zero()))
        {
            return Ok((a, cs));
        }
        let c = lin(&a, &b, |x, y| x.sub(y)?.scale(&half()))?;
        let next_a = lin(&a, &b, |x, y| x.add(y)?.scale(&half()))?;
        let product = mul(&a, &b, len)?;
        let next_b = power(&product, &half(), a[0].clone(), len)?;
        cs.push(c);
        a = next_a;
        b = next_b;
    }
    Err(SeriesError::Undefined(
        "the AGM iteration on series did not settle".into(),
    ))
}

/// agm(a, b) for series with a_0 = b_0 ≠ 0.
pub fn agm<C: Coeff>(a: &[C], b: &[C]) -> Result<Vec<C>> {
    if a[0].is_zero() {
        return Err(SeriesError::Undefined(
            "agm(a, b) with a(0) = b(0) = 0 has no power series here".into(),
        ));
    }
    Ok(agm_run(a, b)?.0)
}

/// K(m) (or E(m) when `second`) for m with m_0 = 0, through K = π/(2·agm(1, √(1−m))) and
/// E = K·(1 − Σ_{n≥0} 2^(n−1) c_n²), c_0² = m.
pub fn elliptic<C: Coeff>(m: &[C], pi: &C, second: bool) -> Result<Vec<C>> {
    let len = m.len();
    let mut one = vec![C::zero(); len];
    one[0] = C::one();
    let w = lin(&one, m, |x, y| x.sub(y))?;
    let b = power(&w, &half(), C::one(), len)?;
    let (a, cs) = agm_run(&one, &b)?;
    let inverse = power(&a, &Rational::from(-1), C::one(), len)?;
    let k: Vec<C> = inverse
        .iter()
        .map(|c| c.mul(pi)?.scale(&half()))
        .collect::<Result<_>>()?;
    if !second {
        return Ok(k);
    }
    // 1 − m/2 − Σ_{n≥1} 2^(n−1) c_n².
    let mut factor = lin(&one, m, |x, y| x.sub(&y.scale(&half())?))?;
    for (n, c) in cs.iter().enumerate() {
        let square = mul(c, c, len)?;
        let weight = Rational::from(1u32) << (n as u32);
        factor = lin(&factor, &square, |x, y| x.sub(&y.scale(&weight)?))?;
    }
    mul(&k, &factor, len)
}
