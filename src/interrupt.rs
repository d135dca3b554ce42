//! The Ctrl-C flag polled by long computations.
//!
//! The REPL installs a handler that sets the flag; loops that can run long (differentiation,
//! expansion, precision refinement, later Newton and series) call [`check`] and unwind with
//! [`Interrupted`] so the session survives and the prompt comes back.

use std::sync::atomic::{AtomicBool, Ordering};

static FLAG: AtomicBool = AtomicBool::new(false);

/// A computation stopped because the user pressed Ctrl-C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// Ask running computations to stop (called from the signal handler).
pub fn request() {
    FLAG.store(true, Ordering::SeqCst);
}

/// Clear a pending request before starting a new statement.
pub fn reset() {
    FLAG.store(false, Ordering::SeqCst);
}

/// Whether an interrupt is pending.
pub fn pending() -> bool {
    FLAG.load(Ordering::Relaxed)
}

/// Fail with [`Interrupted`] if the user asked to stop.
pub fn check() -> Result<(), Interrupted> {
    if pending() { Err(Interrupted) } else { Ok(()) }
}
