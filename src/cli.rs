//! Batch mode and argument handling: `-e` statements, script files, piped stdin, output
//! formats and exit codes. Opens the REPL when stdin is a terminal and nothing else was given.
//! Part of the binary, with the REPL: the only code that knows about terminals and clap.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use ansatz::limits;
use ansatz::session::Session;
use ansatz::session::format::{self, Format};

/// Command-line arguments.
#[derive(Debug, clap::Parser)]
#[command(
    name = "ansatz",
    version,
    about = "Exact symbolic expressions, derivatives and numbers to any precision"
)]
pub struct Args {
    /// Evaluate these statements (separated by ';' or newlines) and print one result each.
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "STATEMENTS",
        allow_hyphen_values = true
    )]
    pub eval: Vec<String>,
    /// Script files to run in order (statements separated by ';' or newlines).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print one JSON object per result (input, kind, text and kind-specific fields).
    #[arg(long, conflicts_with_all = ["latex", "unicode"])]
    pub json: bool,
    /// Print results as LaTeX.
    #[arg(long, conflicts_with = "unicode")]
    pub latex: bool,
    /// Print results with Unicode symbols (x², π, √).
    #[arg(long)]
    pub unicode: bool,
    /// Default significant digits of N(...).
    #[arg(long, value_name = "N")]
    pub digits: Option<u64>,
}

impl Args {
    fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else if self.latex {
            Format::Latex
        } else if self.unicode {
            Format::Unicode
        } else {
            Format::Plain
        }
    }
}

/// Columns of the terminal on standard output, `None` when it is not a terminal (`COLUMNS`
/// when set, else 80).
pub fn terminal_columns() -> Option<usize> {
    std::io::stdout().is_terminal().then(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(80)
    })
}

/// Run `text` through the session, printing results to `out` and errors to `err` (`columns`:
/// the width of the terminal `out` is, if it is one, for plot previews).
/// Returns whether every statement succeeded.
pub fn run_text(
    session: &mut Session,
    origin: &str,
    text: &str,
    fmt: Format,
    columns: Option<usize>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    let mut ok = true;
    for result in session.eval_line(text) {
        match result {
            Ok(outcome) => {
                if let Some(s) = format::render_outcome(&outcome, fmt, columns) {
                    let _ = writeln!(out, "{s}");
                }
            }
            Err(e) => {
                ok = false;
                let _ = write!(err, "{}", e.render(origin, text));
                if fmt == Format::Json {
                    let _ = writeln!(out, "{}", format::error_json(&e, text));
                }
            }
        }
    }
    ok
}

/// The program: returns the process exit status.
pub fn run(args: Args) -> i32 {
    let mut session = Session::new();
    if let Some(d) = args.digits {
        if d == 0 || d > limits::MAX_DIGITS {
            eprintln!(
                "error: --digits must be between 1 and {}",
                limits::MAX_DIGITS
            );
            return 2;
        }
        session.settings.digits = d as u32;
    }
    let fmt = args.format();
    let stdout = std::io::stdout();
    // Plot previews go only to a terminal: a pipe or file gets just the path.
    let columns = terminal_columns();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let mut ok = true;
    if !args.eval.is_empty() || !args.files.is_empty() {
        for text in &args.eval {
            ok &= run_text(&mut session, "-e", text, fmt, columns, &mut out, &mut err);
        }
        for path in &args.files {
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    ok &= run_text(
                        &mut session,
                        &path.display().to_string(),
                        &text,
                        fmt,
                        columns,
                        &mut out,
                        &mut err,
                    )
                }
                Err(e) => {
                    let _ = writeln!(err, "error: cannot read {}: {e}", path.display());
                    ok = false;
                }
            }
        }
        return if ok { 0 } else { 1 };
    }
    if std::io::stdin().is_terminal() {
        drop(out);
        drop(err);
        return crate::repl::run(session, fmt);
    }
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        let _ = writeln!(err, "error: cannot read standard input: {e}");
        return 1;
    }
    if run_text(
        &mut session,
        "<stdin>",
        &text,
        fmt,
        columns,
        &mut out,
        &mut err,
    ) {
        0
    } else {
        1
    }
}
