//! The fuzzing harness: statements from a grammar-directed generator (numbers at the edges of
//! every limit, every registry function, the commands with hostile arguments) and byte-level
//! mutations of `grammar/examples.ans`, each run in-process in a fresh session with a
//! deadline (a watchdog raises the interrupt flag) and printed. Reported: any panic, any
//! statement over its deadline, any statement after which the process' peak resident memory
//! passes 2 GiB.
//!
//! The short run is part of `cargo test` (a few thousand statements, well under a minute).
//! The long run is `FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored` (overnight:
//! a larger FUZZ_SECONDS); `FUZZ_SEED` picks another sequence. A failure prints the statement
//! and its seed: add it to `tests/transcripts` or `tests/snapshots/errors` as a regression.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ansatz::Session;

/// Peak resident memory (Linux): reset the high-water mark, read it after the statement.
/// (The library's global allocator is mimalloc, so the test cannot wrap the allocator.)
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// VmHWM in bytes, if the system reports it.
fn peak_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// A small deterministic generator (xorshift64*), so a seed reproduces a run everywhere.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// An error names what went wrong; it never carries a huge number or expression (the
/// statement's text is shown beside it, cut to a window).
const MAX_ERROR_MESSAGE: usize = 1_000;

const NUMBERS: &[&str] = &[
    "0", "1", "-1", "2", "1/3", "0.1", "1e300", "1e-300", "10^400", "2^1000", "pi", "e", "i",
    "1/0", "0^0", "10^10^10", "1e100000", "3.5", "-7/2", "10^-20",
];
const SYMBOLS: &[&str] = &["x", "y", "t", "eps", "a", "z", "x'", "ans"];
const BINARY: &[&str] = &[" + ", " - ", "*", "/", "^"];
const COMMANDS: &[&str] = &[
    "N(#, 30)",
    "N(#, 100000)",
    "diff(#, x)",
    "diff(#, x, 50)",
    "expand(#)",
    "subs(#, x = #)",
    "series(#, x, 8)",
    "series(#, x = inf, 4)",
    "series(#, x, 1000)",
    "coeffs(series(#, x, 5))",
    "solve(# = 0, x = 1)",
    "solve(# = 0, x = [0, 1])",
    "roots(#, x)",
    "roots(x^3 - #, x)",
    "taylor_ode(x' = #, x(0) = 0, t, 10)",
    "perturb(eps*x^2 + # = 0, x, eps, 3)",
    "perturb(x^2 = eps*#, x, eps, 2)",
    "lindstedt(x'' + x + eps*x^3 = 0, x(0) = #, x'(0) = 0, eps, 3)",
    "pendulum_period(#, digits = 20)",
    "plot(#, x = [-1, 1], to = \"target/fuzz.svg\")",
    "plot_error(#, #, x = [0, 1], to = \"target/fuzz.png\")",
    "partial_sums(series(#, x, 5), x = 1/2)",
    "revert(series(#, x, 6))",
    "help(#)",
    "#[2]",
    "[#, #][1]",
    "O(x^3) + #",
    "# := #",
    "[[#, #], [#, #]]*[[#, #], [#, #]]",
    "[[#, #], [#, #]]^#",
    "[[#, #, #], [#, #, #]][#, #:]",
    "pinv([[#, #], [#, #], [#, #]])",
    "penrose([[#, #], [#, #]], pinv([[#, #], [#, #]]))",
    "svd([[#, #], [#, #]])",
    "N(svd([[#, #], [#, #]]), 30)",
    "lowrank([[#, #, #], [#, #, #], [#, #, #]], 2)",
    "interp_decomp([[#, #, #], [#, #, #]], 1, exhaustive)",
    "cr_product([[#, #], [#, #]], [[#, #], [#, #]], 1, trials = 20)",
    "ridge_limit([[#, #], [#, #]], #)",
    "det([[#, #], [#, #]])",
    "inverse([[#, #], [#, #]])",
    "rank([[#, #], [#, #]])",
    "norm([[#, #], [#, #]], #)",
];

/// A random expression of depth at most `depth`.
fn expression(rng: &mut Rng, depth: usize) -> String {
    if depth == 0 {
        return if rng.below(2) == 0 {
            rng.pick(NUMBERS)
        } else {
            rng.pick(SYMBOLS)
        }
        .to_string();
    }
    match rng.below(6) {
        0 => rng.pick(NUMBERS).to_string(),
        1 => rng.pick(SYMBOLS).to_string(),
        2 => {
            let functions = ansatz::functions::all();
            let f = &functions[rng.below(functions.len())];
            let args: Vec<String> = (0..f.min_args.max(1))
                .map(|_| expression(rng, depth - 1))
                .collect();
            format!("{}({})", f.name, args.join(", "))
        }
        3 => format!("-({})", expression(rng, depth - 1)),
        _ => format!(
            "({}){}({})",
            expression(rng, depth - 1),
            rng.pick(BINARY),
            expression(rng, depth - 1)
        ),
    }
}

/// A generated statement: an expression or a command with expressions for its holes.
fn generated(rng: &mut Rng) -> String {
    if rng.below(3) == 0 {
        return expression(rng, 3);
    }
    let template = rng.pick(COMMANDS);
    let mut out = String::new();
    for (k, part) in template.split('#').enumerate() {
        if k > 0 {
            out.push_str(&expression(rng, 2));
        }
        out.push_str(part);
    }
    out
}

/// A statement of the examples file with a few character-level mutations.
fn mutated(rng: &mut Rng, examples: &[String]) -> String {
    let mut chars: Vec<char> = examples[rng.below(examples.len())].chars().collect();
    const INSERT: &[char] = &[
        '(', ')', '[', ']', ',', '=', '^', '*', '-', '9', 'x', '\'', '"', '#', ';', '\n', '.', 'e',
        '√', '²', '·', '−', '\u{0}', '\u{202e}', '\u{feff}', 'é',
    ];
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, INSERT[rng.below(INSERT.len())]),
            2 if at < chars.len() => chars[at] = INSERT[rng.below(INSERT.len())],
            _ => {
                // Duplicate a slice (nesting, repetition).
                let end = (at + 1 + rng.below(12)).min(chars.len());
                let piece: Vec<char> = chars[at.min(end)..end].to_vec();
                for (k, c) in piece.into_iter().enumerate() {
                    chars.insert(at + k, c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

struct Report {
    run: usize,
    /// Statements that produced a value (the rest were refused with an error).
    succeeded: usize,
    failures: Vec<String>,
}

/// Run statements for `budget` (or `count` statements) from `seed`; each has `deadline`.
fn fuzz(seed: u64, count: usize, budget: Duration, deadline: Duration) -> Report {
    let examples: Vec<String> = include_str!("../grammar/examples.ans")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(str::to_string)
        .collect();
    // The watchdog interrupts a statement that outlives its deadline.
    let started_at = Arc::new(AtomicU64::new(0));
    let running = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let epoch = Instant::now();
    let watchdog = {
        let (started_at, running, done) = (started_at.clone(), running.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
                let since = epoch.elapsed().as_millis() as u64 - started_at.load(Ordering::Relaxed);
                if running.load(Ordering::Relaxed) && since > deadline.as_millis() as u64 {
                    ansatz::interrupt::request();
                }
            }
        })
    };
    let mut rng = Rng(seed | 1);
    let mut failures = Vec::new();
    let mut run = 0;
    let mut succeeded = 0;
    let show = std::env::var_os("FUZZ_SHOW").is_some();
    let begin = Instant::now();
    while run < count && begin.elapsed() < budget {
        let statement = if rng.below(2) == 0 {
            generated(&mut rng)
        } else {
            mutated(&mut rng, &examples)
        };
        run += 1;
        ansatz::interrupt::reset();
        reset_peak();
        started_at.store(epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
        running.store(true, Ordering::Relaxed);
        if show {
            eprintln!("? {statement}");
        }
        let t0 = Instant::now();
        let mut long_error = None;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut session = Session::new();
            let mut ok = true;
            for result in session.eval_line(&statement) {
                // Printing is part of the statement (output size limits).
                let text = result.map(|o| o.to_plain());
                if show {
                    eprintln!(
                        "> {statement}\n{}",
                        text.as_ref()
                            .map_or_else(|e| e.to_string(), |t| t.chars().take(200).collect())
                    );
                }
                if let Err(e) = &text {
                    let message = e.to_string();
                    if message.len() > MAX_ERROR_MESSAGE {
                        long_error = Some(message.len());
                    }
                }
                ok &= text.is_ok();
            }
            ok
        }));
        if matches!(outcome, Ok(true)) {
            succeeded += 1;
        }
        running.store(false, Ordering::Relaxed);
        let elapsed = t0.elapsed();
        let peak = peak_bytes().unwrap_or(0);
        let shown = format!("{statement:?} (seed {seed}, statement {run})");
        if outcome.is_err() {
            failures.push(format!("panic: {shown}"));
        }
        // The interrupt stops the statement at its deadline; a little slack for unwinding.
        if elapsed > deadline + Duration::from_millis(500) {
            failures.push(format!("{:.1} s: {shown}", elapsed.as_secs_f64()));
        } else if elapsed > deadline {
            failures.push(format!("over the {:?} deadline: {shown}", deadline));
        }
        if let Some(length) = long_error {
            failures.push(format!("an error message of {length} bytes: {shown}"));
        }
        if peak > 2u64 << 30 {
            failures.push(format!("peak allocation {} MiB: {shown}", peak >> 20));
        }
    }
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    ansatz::interrupt::reset();
    Report {
        run,
        succeeded,
        failures,
    }
}

/// Mutated statements write files under names the mutation chose (`to = "target#grammar.svg"`),
/// so the fuzzer runs in a scratch directory of its own, with a `target/` inside for the
/// unmutated paths.
fn enter_scratch_dir() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/fuzz-scratch");
    std::fs::create_dir_all(format!("{dir}/target")).expect("scratch directory");
    std::env::set_current_dir(dir).expect("cd");
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x005E_ED0F_A115)
}

#[test]
fn fuzz_short() {
    enter_scratch_dir();
    let report = fuzz(
        seed(),
        6000,
        Duration::from_secs(45),
        Duration::from_secs(5),
    );
    assert!(report.run >= 500, "only {} statements ran", report.run);
    // The generator must reach the mathematics, not only the parser's error paths.
    assert!(
        report.succeeded * 5 >= report.run,
        "only {} of {} statements produced a value",
        report.succeeded,
        report.run
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
}

#[test]
#[ignore]
fn fuzz_long() {
    enter_scratch_dir();
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let report = fuzz(
        seed(),
        usize::MAX,
        Duration::from_secs(seconds),
        Duration::from_secs(5),
    );
    eprintln!(
        "{} statements in {seconds} s, {} with a value",
        report.run, report.succeeded
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
}
