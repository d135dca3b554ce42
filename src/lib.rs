//! ansatz: a symbolic-numeric engine for people who work with approximations.
//!
//! ```
//! use ansatz::Session;
//! let mut session = Session::new();
//! let results = session.eval_line("f(x) := x^3 - 2*x - 5; f(2); diff(f(x), x)");
//! let shown: Vec<String> = results
//!     .into_iter()
//!     .filter_map(|r| r.ok())
//!     .filter(|outcome| !outcome.is_silent()) // a definition prints nothing
//!     .map(|outcome| outcome.to_plain())
//!     .collect();
//! assert_eq!(shown, ["-1", "3*x^2 - 2"]);
//! ```
//!
//! Text is parsed ([`syntax`]) into a located AST, lowered by the [`session`] into canonical
//! exact expressions ([`expr`]), which can be differentiated, substituted and expanded, and
//! evaluated numerically at any precision ([`numeric`]) through the one function registry
//! ([`functions`]).

pub mod approx;
pub mod error;
pub mod expr;
pub mod functions;
pub mod interrupt;
pub mod limits;
pub mod linalg;
pub mod math_error;
pub mod numeric;
pub mod perturb;
pub mod plot;
pub mod poly;
pub mod progress;
pub mod series;
pub mod session;
pub mod solve;
pub mod span;
pub mod syntax;

pub use error::Error;
pub use expr::Expr;
pub use session::{Session, Value};

/// mimalloc: expression trees allocate and free many small nodes; it is markedly faster
/// than the system allocator for that pattern (see README, performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
