//! Batch mode and argument handling: `-e` statements, script files, piped stdin, output
//! formats and exit codes. Opens the REPL when stdin is a terminal and nothing else was given.
//! Part of the binary, with the REPL: the only code that knows about terminals and clap.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use ansatz::limits;
use ansatz::session::Session;
use ansatz::session::format::{self, Format};

use crate::input::{Chunk, Statements};

/// Command-line arguments.
#[derive(Debug, clap::Parser)]
#[command(
    name = "ansatz",
    version,
    about = "Exact symbolic expressions, derivatives and numbers to any precision",
    after_help = "Without -e or files: the REPL when stdin is a terminal (history in \
~/.ansatz_history or $ANSATZ_HISTORY; Tab completes; quit, exit or Ctrl-D leaves), otherwise \
statements are read from stdin and evaluated as their lines arrive. '-' as a file reads stdin.\n\
Errors are coloured on a terminal unless NO_COLOR is set.\n\
Exit status: 0 when every statement succeeded, 1 when one failed, 2 for a bad command line."
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
    /// Script files to run in order (statements separated by ';' or newlines); `-` reads
    /// standard input.
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
    /// Seconds one statement may run before it is stopped (default 10; 0: no limit, only
    /// Ctrl-C stops it).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<u64>,
}

/// One input of the command line: `-e` statements or a script file.
enum Source<'a> {
    Eval(&'a str),
    File(&'a PathBuf),
}

/// The program's arguments, and the `-e` statements and files in the order they were given
/// (a file before `-e` defines what the statements use).
pub struct Invocation {
    pub args: Args,
    /// For each `-e` and each file, its position on the command line.
    eval_positions: Vec<usize>,
    file_positions: Vec<usize>,
}

impl Invocation {
    /// Parse the command line (exits with clap's message and status 2 when it is bad).
    pub fn from_command_line() -> Invocation {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Args::command().get_matches();
        let args = Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        let positions = |id: &str| -> Vec<usize> {
            matches
                .indices_of(id)
                .map(|i| i.collect())
                .unwrap_or_default()
        };
        Invocation {
            eval_positions: positions("eval"),
            file_positions: positions("files"),
            args,
        }
    }

    fn sources(&self) -> Vec<Source<'_>> {
        let evals = self.args.eval.iter().zip(&self.eval_positions);
        let files = self.args.files.iter().zip(&self.file_positions);
        let mut sources: Vec<(usize, Source<'_>)> = evals
            .map(|(text, &at)| (at, Source::Eval(text)))
            .chain(files.map(|(path, &at)| (at, Source::File(path))))
            .collect();
        sources.sort_by_key(|(at, _)| *at);
        sources.into_iter().map(|(_, source)| source).collect()
    }
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

/// Where results and errors go, and how they look.
pub struct Output<'a> {
    pub fmt: Format,
    /// The width of the terminal `out` is, if it is one (for plot previews).
    pub columns: Option<usize>,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Colour errors (stderr is a terminal and `NO_COLOR` is not set).
    pub colour: bool,
    /// The first failure to write a result (`> /dev/full`); the run stops at it.
    pub broken: Option<std::io::Error>,
}

impl Output<'_> {
    /// Write one result line to `out`, remembering a failure.
    fn result_line(&mut self, line: &str) {
        if self.broken.is_none()
            && let Err(e) = writeln!(self.out, "{line}").and_then(|()| self.out.flush())
        {
            self.broken = Some(e);
        }
    }
}

/// Run `text` (statements starting on line `first_line` of `origin`) through the session,
/// printing results and errors. Returns whether every statement succeeded.
pub fn run_text(
    session: &mut Session,
    origin: &str,
    text: &str,
    first_line: usize,
    o: &mut Output<'_>,
) -> bool {
    let mut ok = true;
    for result in session.eval_line(text) {
        match result {
            Ok(outcome) => {
                if let Some(s) = format::render_outcome(&outcome, o.fmt, o.columns) {
                    o.result_line(&s);
                }
            }
            Err(e) => {
                ok = false;
                let shown = if o.colour {
                    e.render_coloured(origin, text, first_line)
                } else {
                    e.render_at(origin, text, first_line)
                };
                let _ = write!(o.err, "{shown}");
                if o.fmt == Format::Json {
                    o.result_line(&format::error_json(&e, text, first_line).to_string());
                }
            }
        }
    }
    ok
}

/// Run a stream statement by statement as its lines arrive (piped stdin, a script file).
pub fn run_stream(
    session: &mut Session,
    origin: &str,
    reader: impl std::io::BufRead,
    o: &mut Output<'_>,
) -> bool {
    let mut ok = true;
    for chunk in Statements::new(reader) {
        if o.broken.is_some() {
            break;
        }
        match chunk {
            Chunk::Text { text, first_line } => {
                let text = text.trim_end_matches(['\n', '\r']);
                ok &= run_text(session, origin, text, first_line, o);
            }
            Chunk::TooLong {
                first_line,
                bytes,
                preview,
                abandoned,
            } => {
                ok = false;
                let _ = writeln!(
                    o.err,
                    "error: {origin}:{first_line}: the statement is too long ({bytes} bytes; limit: {} bytes) and was skipped; it starts: {}…{}",
                    limits::MAX_INPUT_BYTES,
                    preview.escape_debug(),
                    if abandoned {
                        " (no statement boundary follows: the rest of the input is ignored)"
                    } else {
                        ""
                    }
                );
            }
            Chunk::Failed(e) => {
                ok = false;
                let _ = writeln!(o.err, "error: cannot read {origin}: {e}");
            }
        }
    }
    ok
}

/// The program: returns the process exit status.
pub fn run(invocation: &Invocation) -> i32 {
    let args = &invocation.args;
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
    if let Some(seconds) = args.time_limit {
        session.settings.time_limit = (seconds > 0).then_some(seconds);
    }
    let fmt = args.format();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let mut o = Output {
        fmt,
        // Plot previews go only to a terminal: a pipe or file gets just the path.
        columns: terminal_columns(),
        out: &mut out,
        err: &mut err,
        colour: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        broken: None,
    };
    let mut ok = true;
    if args.eval.is_empty() && args.files.is_empty() {
        if std::io::stdin().is_terminal() {
            drop(out);
            drop(err);
            return crate::repl::run(session, fmt);
        }
        ok = run_stream(&mut session, "<stdin>", std::io::stdin().lock(), &mut o);
        return exit_status(ok, &mut o);
    }
    for source in invocation.sources() {
        if o.broken.is_some() {
            break;
        }
        let path = match source {
            Source::Eval(text) => {
                ok &= run_text(&mut session, "-e", text, 1, &mut o);
                continue;
            }
            Source::File(path) => path,
        };
        if path.as_os_str() == "-" {
            ok &= run_stream(&mut session, "<stdin>", std::io::stdin().lock(), &mut o);
            continue;
        }
        match std::fs::File::open(path) {
            Ok(file) => {
                let reader = std::io::BufReader::new(file);
                ok &= run_stream(&mut session, &path.display().to_string(), reader, &mut o);
            }
            Err(e) => {
                let _ = writeln!(o.err, "error: cannot read {}: {e}", path.display());
                ok = false;
            }
        }
    }
    exit_status(ok, &mut o)
}

/// 0 when every statement succeeded and every result was written; 1 otherwise, with a
/// message when the output failed (a reader that closed the pipe early, as `| head` does,
/// only ends the run).
fn exit_status(ok: bool, o: &mut Output<'_>) -> i32 {
    match &o.broken {
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 1,
        Some(e) => {
            let _ = writeln!(
                o.err,
                "error: cannot write the results to standard output: {e}"
            );
            1
        }
        None if ok => 0,
        None => 1,
    }
}
