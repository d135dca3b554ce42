//! Every resource bound in one place.
//!
//! Hostile input (deep nesting, `10^10^10`, `N(pi, 10^9)`, `diff(x, x, 10^9)`) must be refused
//! quickly with a message instead of exhausting the stack, memory or patience. Each bound is a
//! named constant so the error messages, the help text and the tests all quote the same number.

/// Longest statement text accepted (bytes). A 1 MB line is refused before parsing.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// Deepest bracket / operator nesting the recursive parser will descend into.
pub const MAX_NESTING: usize = 200;

/// Largest exact integer (in bits) that arithmetic may create: about 300,000 decimal digits.
pub const MAX_INTEGER_BITS: u64 = 1_000_000;

/// Largest decimal exponent accepted in a literal such as `1e300`.
pub const MAX_LITERAL_EXPONENT: i64 = 100_000;

/// Most significant digits `N(...)` (and later `solve`) may be asked for.
pub const MAX_DIGITS: u64 = 100_000;

/// Digits `N` may ask of gamma, lgamma and digamma. Their Arb kernels cannot be interrupted
/// mid-call: 10,000 digits take 0.15 s (gamma) to 0.8 s (digamma) on the development machine,
/// 20,000 digits of digamma 4 s.
pub const SLOW_SPECIAL_MAX_DIGITS: u64 = 10_000;

/// Digits for ellipe: Arb's E(m) slows down for huge |m| (2 s at m = 2^1000 and 20,000
/// digits; 4 s at 30,000), and the kernel cannot be interrupted mid-call.
pub const ELLIPE_MAX_DIGITS: u64 = 20_000;

/// Digits `N` may ask of polygamma (5,000 digits of polygamma(1, 1/3) take 0.3 s in Arb,
/// 20,000 take 10 s).
pub const POLYGAMMA_MAX_DIGITS: u64 = 5_000;

/// Highest derivative order `diff(expr, x, n)` will compute.
pub const MAX_DIFF_ORDER: u64 = 1_000;

/// Most iterations a root finder may be asked for.
pub const MAX_ITERATIONS: u64 = 100_000;

/// Highest polynomial degree `roots` accepts (the cost bound below usually binds first).
pub const MAX_POLY_DEGREE: usize = 1_000;

/// Cost bound of `roots`: degree² × (digits + 40). Measured on the development machine: all
/// roots of x^1000 - 1 take 9.2 s at 17 digits and 22 s at 100, degree 300 to 1,000 digits
/// 13.5 s, degree 100 to 1,000 digits 1.4 s — about 1.5e-7 s per unit of cost, so the bound
/// keeps a statement under about 5 s (degree 725 at the default digits).
pub const MAX_ROOTS_COST: u64 = 30_000_000;

/// Largest system `solve` accepts (equations = unknowns).
pub const MAX_SYSTEM_SIZE: usize = 200;

/// Cost bound of `newton_fractal`: pixels × degree. Measured: z^3 - 1 at 800×800 (1.9e6) in
/// 0.09 s, z^1000 - 1 at 400×400 (1.6e8) in 23 s; the bound keeps it near 10 s at most.
pub const MAX_FRACTAL_COST: u64 = 60_000_000;

/// Largest side of a generated image, in pixels.
pub const MAX_IMAGE_SIDE: u64 = 8_000;

/// Largest expression tree (in nodes) a derivative or expansion may build before giving up.
pub const MAX_EXPR_NODES: usize = 2_000_000;

/// Node-equivalents `diff(f, x, n)` may build over all its orders: each node, and each 64
/// bits of the numbers in the nodes, counts one (0.5 to 1 µs each: 4,000,000 is 2 to 4 s).
pub const MAX_DIFF_WORK: usize = 4_000_000;

/// Seconds `N` may spend raising its precision: a step predicted to end beyond this is refused
/// (the one time-based bound: what costs seconds depends on the machine).
pub const MAX_EVALUATION_SECONDS: f64 = 4.0;

/// Working-precision ceiling (bits) for the adaptive MPFR evaluator.
pub const MAX_PRECISION_BITS: u32 = 400_000;

/// Newton steps at low precision while still far from a root (linear approach to a tiny
/// root, about one bit per step: 10^-300 needs ~1,000).
pub const MAX_NEWTON_APPROACH_STEPS: usize = 4_000;

/// Seconds those low-precision approach steps may take together.
pub const MAX_NEWTON_APPROACH_SECONDS: f64 = 1.5;

/// Precision `N` tries, at the least, before it says a value cannot be separated from zero
/// (`1 - tanh(1000)` ≈ 5e-869 needs about 2,900 bits).
pub const ZERO_TEST_BITS: u32 = 8_192;

/// Largest expression, or list of expressions, (in tree nodes, shared subtrees counted each
/// time) printed in full;
/// a larger one prints as a note of its size (printing is linear in the tree, which can be
/// exponential in the text that built it: c_k := c_{k-1} + c_{k-1}*x).
pub const MAX_PRINTED_NODES: usize = 100_000;

/// Number of terms `expand` may produce.
pub const MAX_EXPAND_TERMS: usize = 100_000;

/// Term-by-term products one step of `expand` may perform (bounds the time of a step).
pub const MAX_EXPAND_PRODUCTS: usize = 1_000_000;

/// Initial sample points of one plotted curve (`samples = ...`).
pub const MAX_PLOT_SAMPLES: u64 = 2_000_000;

/// Initial sample points of all the curves of one plot together (100 curves of 2,000,000
/// samples would take 5 GB; one curve of 2,000,000 samples takes about 2 s).
pub const MAX_PLOT_TOTAL_SAMPLES: u64 = 4_000_000;

/// Points the curves of one plot may reach together through adaptive refinement (bounds
/// memory and time).
pub const MAX_PLOT_POINTS: usize = 8_000_000;

/// Curves in one plot.
pub const MAX_PLOT_CURVES: usize = 100;

/// Highest order `series`, `taylor_ode`, `perturb` and `revert` compute (each coefficient
/// costs O(n) exact operations per node, so n² overall).
pub const MAX_SERIES_ORDER: u64 = 2_000;

/// Largest exponent denominator of a Puiseux series.
pub const MAX_PUISEUX_DENOMINATOR: usize = 64;

/// Highest order of `perturb_ode` (each order multiplies out the nonlinearity on
/// quasi-polynomials with symbolic coefficients; their number grows geometrically).
pub const MAX_PERTURB_ODE_ORDER: usize = 12;

/// Highest order of `lindstedt` (each order multiplies trigonometric polynomials whose
/// number of harmonics grows with the order).
pub const MAX_LINDSTEDT_ORDER: usize = 60;

/// (degree of the nonlinearity − 1) × order allowed on `lindstedt`'s general path (symbolic
/// amplitude or coefficients, sines): 36 is order 18 for a cubic, about 2 s.
pub const MAX_LINDSTEDT_GROWTH: usize = 36;

/// Highest deformation order of `ham` (order m keeps m powers of the homotopy parameter,
/// each a polynomial in ħ of degree up to m on every harmonic and grid point: the work grows
/// like m⁵; order 20 of the pendulum at a = 2 takes about 2 s with its optimal-ħ table).
pub const MAX_HAM_ORDER: usize = 20;

/// Highest order of `ham` with exact coefficients (a symbolic amplitude: the coefficients are
/// polynomials in the amplitude and ħ whose size grows quickly with the order).
pub const MAX_EXACT_HAM_ORDER: usize = 8;

/// Most digits of `period` (tanh-sinh quadrature at twice this precision: about 1 s at 300
/// digits, growing like digits² · log(digits)).
pub const MAX_PERIOD_DIGITS: u64 = 300;

/// Most amplitudes in one `compare_period` table (each runs the energy integral and a
/// homotopy series with an optimal-ħ search per order).
pub const MAX_COMPARED_AMPLITUDES: usize = 100;

/// Longest vector a command builds or takes (`range`, `random_normal`, `soft_topk`), and most
/// elements a list literal may hold, nested lists counted in full (each copy of a list is a
/// deep copy: l_k := [l_{k-1}, l_{k-1}] doubles with every line).
pub const MAX_VECTOR_LENGTH: usize = 1_000_000;

/// Largest n for `soft_topk(..., jacobian = true)` (the n × n Jacobian of `grad` costs O(n²k)).
pub const MAX_JACOBIAN_SIZE: usize = 200;

/// Longest sequence in `entropy_table` and `solve_scale`.
pub const MAX_ATTENTION_LENGTH: usize = 1 << 20;

/// Random numbers one `entropy_table` or `solve_scale` may draw (n × d × seeds, summed over n).
pub const MAX_ATTENTION_WORK: usize = 200_000_000;

/// Decimal digits of exact numbers one statement's result may print (larger results print a
/// note with their size; the value itself still works).
pub const MAX_PRINTED_DIGITS: u64 = 5_000_000;

/// Nodes one symbolic series coefficient may have (coefficients in parameters can grow
/// exponentially with the order).
pub const MAX_SERIES_COEFFICIENT_NODES: usize = 20_000;

/// Longest chain of self-calling derivatives in one series (polygamma's and besselj's grow
/// one link per coefficient and are computed recursively: order 400 of besselj takes 0.3 s;
/// order 1000 took 3 s and overflowed a 2 MiB thread stack).
pub const MAX_DERIVATIVE_CHAIN: usize = 400;

/// Highest number of terms of a series with expression coefficients (π, parameters): each
/// term costs canonical-form arithmetic, about 2 s at this limit.
pub const MAX_SYMBOLIC_SERIES_ORDER: u64 = 500;

/// Bits (numerator plus denominator) one exact series coefficient may have.
pub const MAX_SERIES_COEFFICIENT_BITS: u64 = 100_000;

/// Steps on each side of 0 that `softfloor` sums (each step is one normal CDF).
pub const MAX_SOFTFLOOR_STEPS: i64 = 10_000;

/// Significant digits of fitted constants (`minimax`, `fit_taylor`, `fit_l2`).
pub const MAX_FIT_DIGITS: u64 = 300;

/// Most digits `N` gives of `softfloor`: it sums 2n + 1 normal CDFs (101 by default), each
/// as costly as `Phi` (100,000 digits took 90 s).
pub const SOFTFLOOR_MAX_DIGITS: u64 = 2_000;

/// Nodes a derivative may reach while the exact multiplicity of a rational root is counted
/// (each order is differentiated and evaluated exactly at the root).
pub const MAX_MULTIPLICITY_NODES: usize = 20_000;

/// Entries of one matrix (rows × columns): 25 million doubles are 200 MB. Larger requests
/// (`zeros(100000, 100000)`, a huge file) are refused before anything is allocated.
pub const MAX_MATRIX_ENTRIES: u64 = 25_000_000;

/// Entries of a matrix of exact or symbolic entries, and of exact algorithms (elimination,
/// the exact pseudo-inverse): rationals grow, so these stay small.
pub const MAX_EXACT_MATRIX_ENTRIES: u64 = 40_000;

/// Work of the SVD at high precision: rows × columns × min(rows, columns) × bits (a 50 × 50
/// matrix at 30 digits is 1.7·10⁷ and takes 0.3 s, so the limit is about 4 s).
pub const MAX_JACOBI_WORK: u64 = 200_000_000;

/// Multiply-adds of the exhaustive column-subset search of `interp_decomp`.
pub const MAX_EXHAUSTIVE_WORK: f64 = 2e9;

/// Multiply-adds of all trials of `cr_product` together.
pub const MAX_CR_WORK: f64 = 1e12;

/// Seconds one statement may run by default (`--time-limit` changes it, 0 removes it): the
/// polls that honour Ctrl-C stop it after this long and the statement reports the limit (a
/// bound on anything the cost estimates miss).
pub const MAX_STATEMENT_SECONDS: u64 = 10;

/// Work of a dense factorisation in doubles (SVD, QR, LU, pinv): rows × columns × min(rows,
/// columns), and of a matrix product: m × k × n. 10^10 is a few seconds on two cores (the SVD
/// of 2000 × 1000 is 2·10⁹ and takes 0.7 s); a 5000 × 5000 SVD is refused at once.
pub const MAX_DENSE_WORK: u64 = 10_000_000_000;
