//! The interactive prompt: the only code that touches rustyline. Tab completion of functions,
//! commands and defined names; multi-line entry while brackets are open; a history file
//! (`ANSATZ_HISTORY` overrides the path); Ctrl-C cancels the line or a running computation and
//! keeps the session; Ctrl-D exits.

use std::borrow::Cow;
use std::path::PathBuf;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Editor, Helper, history::DefaultHistory};

use ansatz::session::Session;
use ansatz::session::format::{Format, render_outcome};

/// Completion candidates, refreshed after every statement (definitions add names).
struct AnsatzHelper {
    names: Vec<String>,
}

impl Completer for AnsatzHelper {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| {
                i + line[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &line[start..pos];
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let matches = self
            .names
            .iter()
            .filter(|n| n.starts_with(word))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n.clone(),
            })
            .collect();
        Ok((start, matches))
    }
}

impl Hinter for AnsatzHelper {
    type Hint = String;
}

impl Highlighter for AnsatzHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for AnsatzHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if ansatz::syntax::bracket_depth(ctx.input()) > 0 {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for AnsatzHelper {}

fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ANSATZ_HISTORY") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".ansatz_history"))
}

/// Run the REPL until Ctrl-D; returns the exit status.
pub fn run(mut session: Session, fmt: Format) -> i32 {
    let mut editor: Editor<AnsatzHelper, DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return 1;
        }
    };
    editor.set_helper(Some(AnsatzHelper {
        names: session.completion_names(),
    }));
    let history = history_path();
    if let Some(p) = &history {
        let _ = editor.load_history(p);
    }
    // Ctrl-C while a computation runs sets the interrupt flag; long loops poll it.
    let _ = ctrlc::set_handler(ansatz::interrupt::request);
    println!(
        "ansatz {} — help lists functions and commands; Ctrl-D exits.",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        match editor.readline("> ") {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                if matches!(line.trim(), ":quit" | ":q" | "quit" | "exit") {
                    break;
                }
                // Plot previews need a terminal to show on (output may be redirected to a
                // file), and fit its current width.
                let columns = crate::cli::terminal_columns()
                    .map(|c| editor.dimensions().map_or(c, |(w, _)| usize::from(w)));
                for result in session.eval_line(&line) {
                    match result {
                        Ok(outcome) => {
                            if let Some(s) = render_outcome(&outcome, fmt, columns) {
                                println!("{s}");
                            }
                        }
                        Err(e) => eprint!("{}", e.render("input", &line)),
                    }
                }
                if let Some(h) = editor.helper_mut() {
                    h.names = session.completion_names();
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if let Some(p) = &history {
        let _ = editor.save_history(p);
    }
    0
}
