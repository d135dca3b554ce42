//! Perturbation: the roots of an algebraic equation as series in a small parameter
//! ([`algebraic`], with singular branches by the Newton polygon), and regular perturbation of
//! ODEs with secular terms found ([`ode`]). Both run on the exact series engine of
//! `crate::series`.

pub mod algebraic;
pub mod homotopy;
pub mod lindstedt;
pub mod ode;
pub mod pendulum;
pub mod period;
pub mod roots;
