//! Approximation lab: locating and certifying the error of closed-form approximations. Holds
//! the error-maximum search shared by `plot_error` and (next) `verify` and Remez fits.

pub mod certify;
pub mod convolve;
pub mod fit;
pub mod maximum;
pub mod prove;
pub mod tails;
pub mod topk;
pub mod verify;
