//! The Ctrl-C flag polled by long computations, and the statement deadline.
//!
//! The REPL installs a handler that sets the flag; loops that can run long (differentiation,
//! expansion, precision refinement, Newton, series, matrices) call [`check`] and unwind with
//! [`Interrupted`] so the session survives and the prompt comes back. The same polls enforce
//! the per-statement time limit (`limits::MAX_STATEMENT_SECONDS`): the session sets a
//! deadline before each statement, and a statement still running at it stops the same way and
//! is reported as over the limit ([`timed_out`]).

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

static FLAG: AtomicBool = AtomicBool::new(false);
/// The deadline in microseconds after [`epoch`]; 0 when none.
static DEADLINE: AtomicU64 = AtomicU64::new(0);
static TIMED_OUT: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Polls since this thread last read the clock (reading it every time would cost more
    /// than some of the loops that poll).
    static POLLS: Cell<u32> = const { Cell::new(0) };
}

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// Stop computations that are still running `limit` from now (replacing any deadline).
pub fn set_deadline(limit: Duration) {
    // A limit too far away to represent is no limit.
    let Some(at) = epoch().elapsed().checked_add(limit) else {
        clear_deadline();
        return;
    };
    let at = at.as_micros().max(1);
    DEADLINE.store(u64::try_from(at).unwrap_or(u64::MAX), Ordering::SeqCst);
    TIMED_OUT.store(false, Ordering::SeqCst);
}

/// Remove the deadline.
pub fn clear_deadline() {
    DEADLINE.store(0, Ordering::SeqCst);
}

/// Whether the last stop was the deadline rather than Ctrl-C.
pub fn timed_out() -> bool {
    TIMED_OUT.load(Ordering::SeqCst)
}

fn past_deadline() -> bool {
    let deadline = DEADLINE.load(Ordering::Relaxed);
    if deadline == 0 {
        return false;
    }
    if TIMED_OUT.load(Ordering::Relaxed) {
        return true;
    }
    let polls = POLLS.with(|p| {
        let n = p.get().wrapping_add(1);
        p.set(n);
        n
    });
    if !polls.is_multiple_of(4) {
        return false;
    }
    let late = epoch().elapsed().as_micros() >= u128::from(deadline);
    if late {
        TIMED_OUT.store(true, Ordering::SeqCst);
    }
    late
}

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

/// Fail with [`Interrupted`] if the user asked to stop or the statement's time is up.
pub fn check() -> Result<(), Interrupted> {
    if pending() || past_deadline() {
        Err(Interrupted)
    } else {
        Ok(())
    }
}
