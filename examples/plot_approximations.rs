//! sin(x) against its Taylor polynomials of degree 1, 3, 5 and 7 on [-2π, 2π], drawn to
//! `taylor.svg` and `taylor.png` (one figure, both formats through the same renderer), then the
//! error of each polynomial with its maximum marked, to `taylor_error.svg`.
//!
//! The polynomials are built exactly: the coefficient of x^k is the k-th symbolic derivative of
//! sin at 0 divided by k!. Run with `cargo run --release --example plot_approximations [DIR]`
//! (files go to DIR, default the current directory).

use std::path::PathBuf;

use ansatz::Session;
use ansatz::expr::diff::diff_n;
use ansatz::expr::subst::subs;
use ansatz::expr::{Expr, canon};
use ansatz::math_error::MathError;
use ansatz::plot::curves::{self, Sampling};
use ansatz::plot::figure::{Figure, Marker, Scale, format_value};
use ansatz::plot::preview::braille;
use ansatz::plot::render::write_figure;

/// The Taylor polynomial of `f` at 0 of degree `n` in `x`, with exact rational coefficients.
fn taylor(f: &Expr, n: u64) -> Result<Expr, MathError> {
    let mut terms = Vec::new();
    let mut factorial = Expr::one();
    for k in 0..=n {
        if k > 0 {
            factorial = canon::mul2(factorial, Expr::int(k as i64))?;
        }
        let at_zero = subs(&diff_n(f, "x", k)?, &[("x".into(), Expr::zero())])?;
        let coefficient = canon::div(at_zero, factorial.clone())?;
        terms.push(canon::mul2(
            coefficient,
            canon::powi(Expr::sym("x"), k as i64)?,
        )?);
    }
    canon::add(terms)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let sin = Session::new().expr("sin(x)")?;
    let range = (-2.0 * std::f64::consts::PI, 2.0 * std::f64::consts::PI);
    let sampling = Sampling::default();

    let polynomials: Vec<Expr> = [1, 3, 5, 7]
        .into_iter()
        .map(|n| taylor(&sin, n))
        .collect::<Result<_, _>>()?;
    let mut figure_curves = vec![curves::graph(&sin, "x", range, "sin(x)".into(), &sampling)?];
    for (n, p) in [1, 3, 5, 7].into_iter().zip(&polynomials) {
        println!("degree {n}: {p}");
        figure_curves.push(curves::graph(
            p,
            "x",
            range,
            format!("degree {n}"),
            &sampling,
        )?);
    }
    let mut figure = Figure {
        title: Some("sin(x) and its Taylor polynomials".into()),
        xlabel: "x".into(),
        ylabel: String::new(),
        curves: figure_curves,
        markers: Vec::new(),
        xscale: Scale::Linear,
        yscale: Scale::Linear,
        x_view: range,
        y_view: (-2.0, 2.0),
        size: sampling.size,
    };
    figure.fit_view(Some(range), Some((-2.0, 2.0)));
    for name in ["taylor.svg", "taylor.png"] {
        let path = dir.join(name);
        write_figure(&figure, &path)?;
        println!("wrote {}", path.display());
    }
    println!("{}", braille(&figure, 64, 14, false));

    // The error of each polynomial, its maximum located and evaluated in MPFR.
    let mut errors = Vec::new();
    let mut markers = Vec::new();
    for (n, p) in [1, 3, 5, 7].into_iter().zip(&polynomials) {
        let (curve, maximum) =
            curves::error_curve(&sin, p, "x", range, format!("sin(x) - T{n}"), &sampling)?;
        if let Some(m) = maximum {
            println!(
                "degree {n}: max |sin(x) - T{n}(x)| = {} at x = {}",
                format_value(m.error.abs(), 7),
                format_value(m.x, 7)
            );
            markers.push(Marker {
                at: [m.x, m.error],
                label: format!("T{n}: {}", format_value(m.error.abs(), 4)),
            });
        }
        errors.push(curve);
    }
    let mut error_figure = Figure {
        title: Some("sin(x) minus its Taylor polynomials".into()),
        ylabel: "error".into(),
        curves: errors,
        markers,
        ..figure
    };
    error_figure.fit_view(Some(range), Some((-3.0, 3.0)));
    let path = dir.join("taylor_error.svg");
    write_figure(&error_figure, &path)?;
    println!("wrote {}", path.display());
    Ok(())
}
