//! Numeric evaluation: the [`Scalar`](scalar::Scalar) trait, the tree evaluator at any
//! precision ([`eval`]), compiled batch programs over `f64` slices ([`compile`]) and special
//! functions written once over the trait ([`special`]), double-exponential quadrature ([`quad`]).

pub mod ball;
pub mod compile;
pub mod complex_interval;
pub mod enclosure;
pub mod eval;
pub mod interval;
pub mod quad;
pub mod random;
pub mod scalar;
pub mod special;
