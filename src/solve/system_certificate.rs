//! Certificates for solutions of systems: the Krawczyk test in n dimensions.
//!
//! K(X) = c − Y F(c) + (I − Y J(X))(X − c) with X the box of the last printed digits of every
//! value, c its centre (the printed values), J(X) the symbolic Jacobian enclosed over X and
//! Y ≈ J(c)⁻¹ (any matrix works as long as the test passes, so doubles do). K(X) ⊂ int X
//! proves that X holds exactly one solution, so every printed digit is correct.

use rug::Float;

use super::Certificate;
use super::refine::{PrintedPart, printed_part, zero_part};
use crate::expr::Expr;
use crate::linalg::lu_solve;
use crate::numeric::eval::eval;
use crate::numeric::interval::{Interval, enclose_in};

/// Larger systems are not certified: the test costs n³ interval operations.
pub const MAX_CERTIFIED_UNKNOWNS: usize = 50;

/// The Krawczyk test for the solution `xs` (in the order of `names`) of `f = 0`.
pub fn certify_system(
    f: &[Expr],
    jacobian: &[Vec<Expr>],
    names: &[String],
    xs: &[Float],
    digits: u32,
) -> Certificate {
    let n = xs.len();
    if n > MAX_CERTIFIED_UNKNOWNS {
        return Certificate::NotCertified(format!(
            "systems of more than {MAX_CERTIFIED_UNKNOWNS} unknowns are not certified"
        ));
    }
    let prec = xs.iter().map(Float::prec).max().unwrap_or(64) + 64;
    let parts: Option<Vec<PrintedPart>> = xs
        .iter()
        .map(|x| {
            if x.is_zero() {
                zero_part(prec, i64::from(digits))
            } else {
                printed_part(prec, x, digits)
            }
        })
        .collect();
    let Some(parts) = parts else {
        return Certificate::NotCertified("a value is not finite".into());
    };
    match krawczyk(f, jacobian, names, &parts) {
        Ok(true) => {
            let k = parts.iter().map(|p| p.k).min().unwrap_or(0);
            let radius = -k - 1;
            Certificate::Certified(format!(
                "Krawczyk in {n} dimensions: one solution in the box of the last printed digits (±5e{radius} or less)"
            ))
        }
        Ok(false) => Certificate::NotCertified(
            "the Krawczyk test was inconclusive on the last-digit box".into(),
        ),
        Err(why) => Certificate::NotCertified(why),
    }
}

fn krawczyk(
    f: &[Expr],
    jacobian: &[Vec<Expr>],
    names: &[String],
    parts: &[PrintedPart],
) -> Result<bool, String> {
    let n = parts.len();
    let centres: Vec<Interval> = parts.iter().map(|p| Interval::point(&p.centre)).collect();
    let at_centre: Vec<(&str, &Interval)> =
        names.iter().map(String::as_str).zip(&centres).collect();
    let fc = f
        .iter()
        .map(|e| enclose_in(e, &at_centre))
        .collect::<Result<Vec<_>, _>>()?;
    // The Jacobian over the box only has to make I − Y J(X) small: 128 bits are plenty.
    let coarse: Vec<Interval> = parts.iter().map(|p| p.interval.coarsened(128)).collect();
    let on_box: Vec<(&str, &Interval)> = names.iter().map(String::as_str).zip(&coarse).collect();
    let j_box = jacobian
        .iter()
        .map(|row| row.iter().map(|e| enclose_in(e, &on_box)).collect())
        .collect::<Result<Vec<Vec<_>>, _>>()?;
    // Y: the inverse of the Jacobian at the centre, in doubles, column by column.
    let point: Vec<(&str, f64)> = names
        .iter()
        .map(String::as_str)
        .zip(parts.iter().map(|p| p.centre.to_f64()))
        .collect();
    let j_centre = jacobian
        .iter()
        .map(|row| {
            row.iter()
                .map(|e| eval(e, &point[..], &0.0f64))
                .collect::<Result<Vec<f64>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    // Column c of Y solves J(c) y = e_c; stored by columns, used as Y[i][j] = columns[j][i].
    let columns = (0..n)
        .map(|c| {
            let unit: Vec<f64> = (0..n).map(|r| f64::from(u8::from(r == c))).collect();
            lu_solve(j_centre.clone(), unit).ok_or("the Jacobian is singular at the printed values")
        })
        .collect::<Result<Vec<_>, _>>()?;
    let y = |i: usize, j: usize| columns[j][i];
    let exact = |v: f64| Interval::point(&Float::with_val(64, v));
    let offsets: Vec<Interval> = parts
        .iter()
        .zip(&centres)
        .map(|(p, c)| p.interval.sub(c).coarsened(128))
        .collect();
    for i in 0..n {
        // c_i − Σ_j Y_ij F_j(c)
        let mut k = centres[i].clone();
        for (j, fj) in fc.iter().enumerate() {
            k = k.sub(&exact(y(i, j)).mul(fj));
        }
        // Σ_j (I − Y J(X))_ij (X_j − c_j)
        let mut contraction = Interval::point(&Float::new(128));
        for (j, offset) in offsets.iter().enumerate() {
            let mut m = Interval::point(&Float::with_val(128, u32::from(i == j)));
            for (l, row) in j_box.iter().enumerate() {
                m = m.sub(&exact(y(i, l)).mul(&row[j]));
            }
            contraction = contraction.add(&m.mul(offset));
        }
        if !k.add(&contraction).strictly_inside(&parts[i].interval) {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;
    use crate::expr::diff::diff;

    fn system(eqs: &[&str], names: &[&str]) -> (Vec<Expr>, Vec<Vec<Expr>>, Vec<String>) {
        let mut s = Session::new();
        let f: Vec<Expr> = eqs.iter().map(|e| s.expr(e).expect("expr")).collect();
        let jacobian = f
            .iter()
            .map(|e| names.iter().map(|v| diff(e, v).expect("diff")).collect())
            .collect();
        (f, jacobian, names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn certifies_the_solution_and_rejects_a_wrong_one() {
        // x^2 + y^2 = 4, xy = 1: x = (sqrt(6) + sqrt(2))/2, y = (sqrt(6) - sqrt(2))/2.
        let (f, j, names) = system(&["x^2 + y^2 - 4", "x*y - 1"], &["x", "y"]);
        let s6 = Float::with_val(300, 6).sqrt();
        let s2 = Float::with_val(300, 2).sqrt();
        let x = Float::with_val(300, &s6 + &s2) / 2u32;
        let y = Float::with_val(300, &s6 - &s2) / 2u32;
        let good = certify_system(&f, &j, &names, &[x.clone(), y.clone()], 60);
        assert!(matches!(good, Certificate::Certified(_)), "{good:?}");
        // y moved by 1e-50: its printed 60 digits are wrong, so no certificate.
        let wrong = Float::with_val(300, &y + Float::with_val(300, 1e-50));
        let bad = certify_system(&f, &j, &names, &[x, wrong], 60);
        assert!(matches!(bad, Certificate::NotCertified(_)), "{bad:?}");
    }
}
